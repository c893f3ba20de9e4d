//! Writing a project site's boundary for the next person in the chain: the land department's
//! coordinate exchange text (坐标交换格式, GBK), a shapefile with .prj/.cpg, GeoJSON, a DXF for
//! CAD, and an Excel table of boundary points (点号, X, Y, 经度, 纬度). Everything but the GeoJSON
//! (lon/lat by RFC 7946) is written in Gauss-Kruger metres: the site's own zone when it came
//! projected, else the CGCS2000 3° zone of its centre with the zone number prefixed — as the
//! exchange text and CAD drawings carry it.
//!
//! Not for reading (see `site`, `exchange_text`) and never beside an input: the faces check the
//! path first (`report::refuse_overwriting_inputs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use geo::{BoundingRect, Coord, Geometry, LineString, Polygon};

use crate::crs::{Crs, Datum, GkParams, Transform};
use crate::error::{Result, ZoneError};
use crate::io::Site;

/// What a site can be written as, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFormat {
    /// `.txt`: 坐标交换格式 (GBK).
    ExchangeText,
    /// `.shp` (with .shx, .dbf, .prj, .cpg).
    Shapefile,
    /// `.geojson` / `.json`.
    GeoJson,
    /// `.dxf`: closed polylines, one layer.
    Dxf,
    /// `.xlsx`: one row per boundary point.
    CoordinateTable,
}

impl SiteFormat {
    /// The format for `path`'s extension.
    pub fn for_path(path: &Path) -> Result<SiteFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "txt" => SiteFormat::ExchangeText,
            "shp" => SiteFormat::Shapefile,
            "geojson" | "json" => SiteFormat::GeoJson,
            "dxf" => SiteFormat::Dxf,
            "xlsx" => SiteFormat::CoordinateTable,
            _ => {
                return Err(ZoneError::Input(format!(
                    "{}: a site boundary is written as .txt (坐标交换格式), .shp, .geojson, .dxf or .xlsx",
                    path.display()
                )));
            }
        })
    }
}

/// One boundary point in both frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundaryPoint {
    pub lonlat: Coord<f64>,
    /// Gauss-Kruger northing (X, as surveyors write it) and easting (Y), metres.
    pub x_north_m: f64,
    pub y_east_m: f64,
}

/// A ring of a parcel, closed (the first point repeated last).
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryRing {
    /// 地块圈号: 1 for the first outer ring, counting on through holes and further parts.
    pub number: u32,
    pub is_hole: bool,
    pub points: Vec<BoundaryPoint>,
}

/// A parcel's boundary ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryParcel {
    pub name: String,
    pub rings: Vec<BoundaryRing>,
    /// The planar area of the rings in the Gauss-Kruger zone (outer minus holes), m²: what the
    /// exchange text states as 地块面积.
    pub area_planar_m2: f64,
}

/// The site's boundary in one Gauss-Kruger zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    pub gk: GkParams,
    pub crs: Crs,
    pub parcels: Vec<BoundaryParcel>,
}

/// The zone a site is written in: its own when it came in a Chinese Gauss-Kruger CRS, else the
/// CGCS2000 3° zone of its centre, zone number prefixed.
pub fn boundary_zone(site: &Site) -> Result<GkParams> {
    if let Some(gk) = site.crs.crs.gauss_kruger() {
        return Ok(gk);
    }
    let centre = site
        .geometry
        .bounding_rect()
        .map(|r| r.center())
        .ok_or_else(|| ZoneError::Input(format!("{}: the site has no boundary", site.name)))?;
    let zone = crate::crs::zone_of_lon(centre.x, 3).ok_or_else(|| {
        ZoneError::Input(format!(
            "{}: the site lies at {:.3}°E, in no Chinese Gauss-Kruger zone",
            site.name, centre.x
        ))
    })?;
    crate::crs::by_zone(Datum::Cgcs2000, zone, 3, true)
        .ok_or_else(|| ZoneError::Input(format!("no CGCS2000 3° zone {zone} is known")))
}

/// The site's parcels as numbered, closed rings in lon/lat and in its Gauss-Kruger zone.
pub fn boundary_of(site: &Site) -> Result<Boundary> {
    let gk = boundary_zone(site)?;
    let crs = Crs::from_epsg(gk.code)?;
    let to_gk = Transform::from_lonlat(&crs)?;
    let mut parcels = Vec::new();
    for p in &site.parcels {
        let polygons: Vec<&Polygon<f64>> = match &p.geometry {
            Geometry::Polygon(poly) => vec![poly],
            Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
            _ => continue,
        };
        let mut rings = Vec::new();
        let mut area_planar_m2 = 0.0;
        for poly in polygons {
            let all = std::iter::once((poly.exterior(), false))
                .chain(poly.interiors().iter().map(|r| (r, true)));
            for (ring, is_hole) in all {
                let points = ring_points(ring, &to_gk)?;
                let area = shoelace_m2(&points).abs();
                area_planar_m2 += if is_hole { -area } else { area };
                rings.push(BoundaryRing {
                    number: rings.len() as u32 + 1,
                    is_hole,
                    points,
                });
            }
        }
        if !rings.is_empty() {
            parcels.push(BoundaryParcel {
                name: p.name.clone(),
                rings,
                area_planar_m2,
            });
        }
    }
    if parcels.is_empty() {
        return Err(ZoneError::Input(format!(
            "{}: the site has no polygon to write",
            site.name
        )));
    }
    Ok(Boundary { gk, crs, parcels })
}

fn ring_points(ring: &LineString<f64>, to_gk: &Transform) -> Result<Vec<BoundaryPoint>> {
    let mut points: Vec<BoundaryPoint> = Vec::with_capacity(ring.0.len() + 1);
    for c in &ring.0 {
        let (east, north) = to_gk.point(c.x, c.y)?;
        points.push(BoundaryPoint {
            lonlat: *c,
            x_north_m: north,
            y_east_m: east,
        });
    }
    if let (Some(first), Some(last)) = (points.first().copied(), points.last())
        && first.lonlat != last.lonlat
    {
        points.push(first);
    }
    Ok(points)
}

/// Twice the signed area, halved: the planar area of a closed ring of GK points.
fn shoelace_m2(points: &[BoundaryPoint]) -> f64 {
    points
        .windows(2)
        .map(|w| w[0].y_east_m * w[1].x_north_m - w[1].y_east_m * w[0].x_north_m)
        .sum::<f64>()
        / 2.0
}

/// Writes `site` to `path` in the format its extension names; returns the files written (a
/// shapefile is several).
pub fn write_site(site: &Site, path: &Path) -> Result<Vec<PathBuf>> {
    match SiteFormat::for_path(path)? {
        SiteFormat::GeoJson => {
            write_geojson(site, path)?;
            Ok(vec![path.to_path_buf()])
        }
        format => {
            let b = boundary_of(site)?;
            match format {
                SiteFormat::ExchangeText => {
                    let bytes = exchange_text_bytes(&b);
                    std::fs::write(path, bytes).map_err(|e| ZoneError::io(path, e))?;
                    Ok(vec![path.to_path_buf()])
                }
                SiteFormat::Shapefile => super::site_write_formats::write_shapefile(&b, path),
                SiteFormat::Dxf => {
                    super::site_write_formats::write_dxf(&b, path)?;
                    Ok(vec![path.to_path_buf()])
                }
                SiteFormat::CoordinateTable => {
                    super::site_write_formats::write_point_table(&b, path)?;
                    Ok(vec![path.to_path_buf()])
                }
                SiteFormat::GeoJson => unreachable!("handled above"),
            }
        }
    }
}

fn write_geojson(site: &Site, path: &Path) -> Result<()> {
    use crate::io::geojson_write::{PolygonFeature, write_polygons_geojson};
    let features: Vec<PolygonFeature> = site
        .parcels
        .iter()
        .filter_map(|p| {
            let geometry = match &p.geometry {
                Geometry::Polygon(poly) => geo::MultiPolygon::new(vec![poly.clone()]),
                Geometry::MultiPolygon(mp) => mp.clone(),
                _ => return None,
            };
            Some(PolygonFeature {
                properties: vec![("name".into(), serde_json::json!(p.name))],
                geometry,
            })
        })
        .collect();
    write_polygons_geojson(&features, path)
}

/// The exchange text (GBK): the header for the zone, then per parcel its header line and
/// points `J1,1,X,Y` (X north, Y east with the zone prefix), rings closed.
pub fn exchange_text(b: &Boundary) -> String {
    let mut s = String::new();
    let datum = match b.gk.datum {
        Datum::Xian1980 => "1980西安坐标系",
        Datum::Beijing1954 => "1954北京坐标系",
        _ => "2000国家大地坐标系",
    };
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        "[属性描述]\r\n格式版本号=1.01\r\n数据产生单位=zonecheck\r\n数据产生日期=\r\n坐标系={datum}\r\n几度分带={}\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n带号={}\r\n精度=3\r\n转换参数=,,,,,,\r\n[地块坐标]\r\n",
        b.gk.zone_width_deg, b.gk.zone
    );
    for (i, p) in b.parcels.iter().enumerate() {
        let count: usize = p.rings.iter().map(|r| r.points.len()).sum();
        let hectares = p.area_planar_m2 / 10_000.0;
        let name = p.name.replace([',', '\r', '\n'], " ");
        let _ = write!(s, "{count},{hectares:.4},{},{name},面,,,,@\r\n", i + 1);
        let mut n = 0;
        for r in &p.rings {
            let first = n + 1;
            for (k, pt) in r.points.iter().enumerate() {
                // The closing point repeats the ring's first point number.
                let number = if k + 1 == r.points.len() {
                    first
                } else {
                    n += 1;
                    n
                };
                let _ = write!(
                    s,
                    "J{number},{},{:.3},{:.3}\r\n",
                    r.number, pt.x_north_m, pt.y_east_m
                );
            }
        }
    }
    s
}

/// The exchange text encoded as GBK, as land-department tools read it.
pub fn exchange_text_bytes(b: &Boundary) -> Vec<u8> {
    let text = exchange_text(b);
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    bytes.into_owned()
}
