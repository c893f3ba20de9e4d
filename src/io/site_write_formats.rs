//! The binary and CAD forms of a site boundary (see `site_write`): a shapefile — geometry by the
//! `shapefile` crate's `ShapeWriter`, the .dbf by hand (the crate's `dbase` writer cannot encode
//! GBK, and Chinese desktop GIS reads parcel names as GBK with a .cpg saying so), an ESRI .prj
//! for the zone — a DXF of closed polylines (`dxf` crate), and the point table as .xlsx.
//!
//! Not for choosing the zone or numbering points (see `site_write::boundary_of`).

use std::path::{Path, PathBuf};

use crate::crs::Datum;
use crate::error::{Result, ZoneError};
use crate::io::site_write::Boundary;

/// Writes .shp, .shx, .dbf, .prj and .cpg for `path` (a `.shp`); one record per parcel.
pub fn write_shapefile(b: &Boundary, path: &Path) -> Result<Vec<PathBuf>> {
    use ::shapefile::{Point, Polygon, PolygonRing, ShapeWriter};
    let shp_err =
        |e: ::shapefile::Error| ZoneError::format(path, format!("cannot write the shapefile: {e}"));
    {
        let mut w = ShapeWriter::from_path(path).map_err(shp_err)?;
        for p in &b.parcels {
            let rings: Vec<PolygonRing<Point>> = p
                .rings
                .iter()
                .map(|r| {
                    let pts = r
                        .points
                        .iter()
                        .map(|pt| Point::new(pt.y_east_m, pt.x_north_m))
                        .collect();
                    if r.is_hole {
                        PolygonRing::Inner(pts)
                    } else {
                        PolygonRing::Outer(pts)
                    }
                })
                .collect();
            w.write_shape(&Polygon::with_rings(rings))
                .map_err(shp_err)?;
        }
    }
    let dbf = path.with_extension("dbf");
    std::fs::write(&dbf, dbf_bytes(b)).map_err(|e| ZoneError::io(&dbf, e))?;
    let prj = path.with_extension("prj");
    std::fs::write(&prj, esri_wkt(b)).map_err(|e| ZoneError::io(&prj, e))?;
    let cpg = path.with_extension("cpg");
    std::fs::write(&cpg, "GBK").map_err(|e| ZoneError::io(&cpg, e))?;
    Ok(vec![
        path.to_path_buf(),
        path.with_extension("shx"),
        dbf,
        prj,
        cpg,
    ])
}

/// A dBASE III table: NAME (C 100, GBK) and AREA_M2 (N 18.3, the planar area in the zone).
fn dbf_bytes(b: &Boundary) -> Vec<u8> {
    const NAME_LEN: usize = 100;
    const AREA_LEN: usize = 18;
    let fields: [(&str, u8, usize, u8); 2] =
        [("NAME", b'C', NAME_LEN, 0), ("AREA_M2", b'N', AREA_LEN, 3)];
    let header_len = 32 + 32 * fields.len() + 1;
    let record_len = 1 + NAME_LEN + AREA_LEN;
    let mut out = Vec::with_capacity(header_len + record_len * b.parcels.len() + 1);
    out.push(0x03);
    // Last update 2000-01-01: a fixed date keeps the output reproducible.
    out.extend([100, 1, 1]);
    out.extend((b.parcels.len() as u32).to_le_bytes());
    out.extend((header_len as u16).to_le_bytes());
    out.extend((record_len as u16).to_le_bytes());
    out.extend([0u8; 17]);
    // Language driver 0x4D: cp936 (GBK), matching the .cpg.
    out.push(0x4D);
    out.extend([0u8; 2]);
    for (name, kind, len, decimals) in fields {
        let mut n = [0u8; 11];
        n[..name.len()].copy_from_slice(name.as_bytes());
        out.extend(n);
        out.push(kind);
        out.extend([0u8; 4]);
        out.push(len as u8);
        out.push(decimals);
        out.extend([0u8; 14]);
    }
    out.push(0x0D);
    for p in &b.parcels {
        out.push(b' ');
        // Cut on a character boundary: at most NAME_LEN bytes of whole GBK characters.
        let mut cut = Vec::with_capacity(NAME_LEN);
        for ch in p.name.chars() {
            let mut utf8 = [0; 4];
            let (bytes, _, _) = encoding_rs::GBK.encode(ch.encode_utf8(&mut utf8));
            if cut.len() + bytes.len() > NAME_LEN {
                break;
            }
            cut.extend_from_slice(&bytes);
        }
        cut.resize(NAME_LEN, b' ');
        out.extend(cut);
        out.extend(
            format!("{:>AREA_LEN$.3}", p.area_planar_m2)
                .bytes()
                .take(AREA_LEN),
        );
    }
    out.push(0x1A);
    out
}

/// The ESRI WKT of the boundary's Gauss-Kruger zone, as ArcGIS writes it in a .prj.
pub fn esri_wkt(b: &Boundary) -> String {
    let (gcs, datum, spheroid, a, rf) = match b.gk.datum {
        Datum::Xian1980 => (
            "GCS_Xian_1980",
            "D_Xian_1980",
            "Xian_1980",
            6_378_140.0,
            298.257,
        ),
        Datum::Beijing1954 => (
            "GCS_Beijing_1954",
            "D_Beijing_1954",
            "Krasovsky_1940",
            6_378_245.0,
            298.3,
        ),
        _ => (
            "GCS_China_Geodetic_Coordinate_System_2000",
            "D_China_2000",
            "CGCS2000",
            6_378_137.0,
            298.257_222_101,
        ),
    };
    let name = match b.gk.datum {
        Datum::Xian1980 => "Xian_1980",
        Datum::Beijing1954 => "Beijing_1954",
        _ => "CGCS2000",
    };
    let zone_name = if b.gk.false_easting_m >= 1_000_000.0 {
        format!(
            "{name}_{}_Degree_GK_Zone_{}",
            b.gk.zone_width_deg, b.gk.zone
        )
    } else {
        format!(
            "{name}_{}_Degree_GK_CM_{}E",
            b.gk.zone_width_deg, b.gk.central_meridian_deg
        )
    };
    format!(
        "PROJCS[\"{zone_name}\",GEOGCS[\"{gcs}\",DATUM[\"{datum}\",SPHEROID[\"{spheroid}\",{a:.1},{rf}]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",{:.1}],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",{:.1}],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]",
        b.gk.false_easting_m, b.gk.central_meridian_deg
    )
}

/// A DXF (AutoCAD 2000+ text) with one closed LWPOLYLINE per ring on layer 用地红线, in the
/// zone's metres (x = easting, y = northing, as CAD draws survey plans).
pub fn write_dxf(b: &Boundary, path: &Path) -> Result<()> {
    use ::dxf::LwPolylineVertex;
    use ::dxf::entities::{Entity, EntityType, LwPolyline};
    let mut drawing = ::dxf::Drawing::new();
    drawing.header.version = ::dxf::enums::AcadVersion::R2000;
    for p in &b.parcels {
        for r in &p.rings {
            let mut poly = LwPolyline::default();
            // The closing point is implied by the closed flag.
            let n = r.points.len().saturating_sub(1);
            poly.vertices = r.points[..n]
                .iter()
                .map(|pt| LwPolylineVertex {
                    x: pt.y_east_m,
                    y: pt.x_north_m,
                    ..Default::default()
                })
                .collect();
            poly.set_is_closed(true);
            let mut entity = Entity::new(EntityType::LwPolyline(poly));
            entity.common.layer = "用地红线".to_string();
            drawing.add_entity(entity);
        }
    }
    drawing
        .save_file(path)
        .map_err(|e| ZoneError::format(path, format!("cannot write the DXF: {e}")))
}

/// The boundary points as a worksheet: 地块, 圈号, 点号, X (north), Y (east), 经度, 纬度.
pub fn write_point_table(b: &Boundary, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| {
        ZoneError::format(path, format!("cannot write the workbook: {e}"))
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let metres = Format::new().set_num_format("0.000");
    let degrees = Format::new().set_num_format("0.00000000");
    let sheet = wb.add_worksheet();
    sheet.set_name("界址点").map_err(e)?;
    let headers = ["地块", "圈号", "点号", "X（北）", "Y（东）", "经度", "纬度"];
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(e)?;
    }
    let mut row = 1u32;
    for p in &b.parcels {
        let mut n = 0;
        for r in &p.rings {
            let last = r.points.len().saturating_sub(1);
            // The closing point is not repeated in a table.
            for pt in &r.points[..last] {
                n += 1;
                sheet.write_string(row, 0, &p.name).map_err(e)?;
                sheet.write_number(row, 1, f64::from(r.number)).map_err(e)?;
                sheet.write_string(row, 2, format!("J{n}")).map_err(e)?;
                sheet
                    .write_number_with_format(row, 3, pt.x_north_m, &metres)
                    .map_err(e)?;
                sheet
                    .write_number_with_format(row, 4, pt.y_east_m, &metres)
                    .map_err(e)?;
                sheet
                    .write_number_with_format(row, 5, pt.lonlat.x, &degrees)
                    .map_err(e)?;
                sheet
                    .write_number_with_format(row, 6, pt.lonlat.y, &degrees)
                    .map_err(e)?;
                row += 1;
            }
        }
    }
    let note = format!(
        "X/Y：{} ({})",
        b.crs.label(),
        "高斯-克吕格，米；经纬度：CGCS2000"
    );
    sheet.write_string(row + 1, 0, note).map_err(e)?;
    wb.save(path).map_err(e)
}
