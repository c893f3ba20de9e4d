//! Writes a polygon layer as a complete shapefile the way Chinese GIS offices deliver it:
//! .shp/.shx (ESRI ring order: outer clockwise, holes counter-clockwise), a GBK .dbf, a .cpg
//! saying GBK, and an ESRI .prj.

use std::path::Path;

use anyhow::{Context, Result};
use geo::MultiPolygon;
use shapefile::{Point, Polygon, PolygonRing, ShapeWriter};

use super::dbf::{DbfField, DbfValue, write_dbf};

/// ESRI WKT of EPSG:4527 (CGCS2000 3-degree Gauss-Kruger zone 39, zone-prefixed eastings), as
/// printed by pyproj 3.7.2: `CRS.from_epsg(4527).to_wkt(WktVersion.WKT1_ESRI)`.
pub const PRJ_EPSG_4527: &str = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// ESRI WKT of EPSG:4490 (CGCS2000 geographic), from pyproj 3.7.2 the same way.
#[allow(dead_code)]
pub const PRJ_EPSG_4490: &str = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// The shapefile polygon for `geometry`: every exterior an Outer ring, every interior an Inner
/// ring (the shapefile crate reorders them to clockwise / counter-clockwise).
pub fn to_shp_polygon(geometry: &MultiPolygon<f64>) -> Polygon {
    let ring = |ls: &geo::LineString<f64>| ls.0.iter().map(|c| Point::new(c.x, c.y)).collect();
    let mut rings = Vec::new();
    for polygon in &geometry.0 {
        rings.push(PolygonRing::Outer(ring(polygon.exterior())));
        for hole in polygon.interiors() {
            rings.push(PolygonRing::Inner(ring(hole)));
        }
    }
    Polygon::with_rings(rings)
}

/// Writes `features` (geometry in the CRS of `prj`, plus one value per field) to `shp_path`
/// and its .shx/.dbf/.cpg/.prj companions.
pub fn write_polygon_layer(
    shp_path: &Path,
    prj: &str,
    fields: &[DbfField],
    features: &[(MultiPolygon<f64>, Vec<DbfValue>)],
) -> Result<()> {
    let context = || format!("writing {}", shp_path.display());
    let mut writer = ShapeWriter::from_path(shp_path).with_context(context)?;
    for (geometry, _) in features {
        writer
            .write_shape(&to_shp_polygon(geometry))
            .with_context(context)?;
    }
    writer.finalize().with_context(context)?;
    drop(writer);
    let records: Vec<Vec<DbfValue>> = features.iter().map(|(_, r)| r.clone()).collect();
    write_dbf(&shp_path.with_extension("dbf"), fields, &records)?;
    std::fs::write(shp_path.with_extension("cpg"), "GBK").with_context(context)?;
    std::fs::write(shp_path.with_extension("prj"), prj).with_context(context)?;
    Ok(())
}
