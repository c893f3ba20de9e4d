//! The two example project sites: A, a chemical-park extension straddling a key unit and a
//! general unit (GeoJSON, EPSG:4490); B, two parcels in the land-survey coordinate exchange text
//! (坐标交换格式, GBK, CRLF), the first touching the reserve's experimental zone.

use std::path::Path;

use anyhow::{Context, Result, bail};
use geo::{
    Area, BooleanOps, Contains, Coord, Intersects, LineString, MultiPolygon, Point, Polygon, coord,
};

use super::geom::rotated_rect;
use super::reserve::Reserve;
use super::texts::UnitKind;
use super::units::Unit;

/// Site A: a 1,000 m x 700 m rectangle centred on the edge of 冀州区's industrial park, placed
/// where exactly one general unit lies outside, each taking at least a quarter of the site.
pub fn site_a(units: &[Unit]) -> Result<Polygon<f64>> {
    let Some(park) = units
        .iter()
        .find(|u| u.county.code == "131103" && u.kind == UnitKind::Industry)
    else {
        bail!("冀州区 has no industrial unit");
    };
    let Some(first) = park
        .geometry
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
    else {
        bail!("冀州区's industrial unit is empty");
    };
    let center = geo::Centroid::centroid(first)
        .map(|p| p.0)
        .unwrap_or_default();
    for step in 0..72 {
        let theta = (step as f64 * 5.0 + 200.0).to_radians();
        let dir = coord! { x: theta.cos(), y: theta.sin() };
        let mut r = 0.0;
        while r < 5000.0 && park.geometry.contains(&Point::from(center + dir * r)) {
            r += 20.0;
        }
        let site = rotated_rect(center + dir * r, 1000.0, 700.0, theta.to_degrees());
        let area = site.unsigned_area();
        let touched: Vec<(&Unit, f64)> = units
            .iter()
            .filter(|u| u.geometry.intersects(&site))
            .map(|u| {
                (
                    u,
                    u.geometry
                        .intersection(&MultiPolygon::new(vec![site.clone()]))
                        .unsigned_area(),
                )
            })
            .filter(|(_, a)| *a > 1.0)
            .collect();
        let ok = touched.len() == 2
            && touched
                .iter()
                .any(|(u, a)| u.kind == UnitKind::Industry && *a > 0.25 * area)
            && touched
                .iter()
                .any(|(u, a)| u.kind == UnitKind::General && *a > 0.25 * area);
        if ok {
            return Ok(site);
        }
    }
    bail!("no place on 冀州区's industrial park edge borders just one general unit")
}

/// Site B: parcel 1 straddles the reserve's outer boundary on its east side (inside it, the
/// experimental zone only); parcel 2 lies 1.5 km further east, outside the reserve.
pub fn site_b(reserve: &Reserve) -> Result<[Polygon<f64>; 2]> {
    let ring = reserve.experimental.exterior();
    // The easternmost vertex of the reserve.
    let Some(east) = ring.0.iter().copied().max_by(|a, b| a.x.total_cmp(&b.x)) else {
        bail!("empty reserve");
    };
    let parcel1 = chamfered(east + coord! { x: 60.0, y: 0.0 }, 520.0, 340.0);
    let parcel2 = chamfered(east + coord! { x: 1600.0, y: -250.0 }, 420.0, 300.0);
    if !parcel1.intersects(&reserve.experimental) || parcel1.intersects(&reserve.buffer) {
        bail!("parcel 1 should touch the experimental zone only");
    }
    if parcel2.intersects(&reserve.outline()) {
        bail!("parcel 2 should lie outside the reserve");
    }
    Ok([parcel1, parcel2])
}

/// A rectangle with its north-east corner cut off (five corners), vertices rounded to the
/// millimetre as survey coordinates are, listed clockwise from the north-west corner.
fn chamfered(c: Coord<f64>, width_m: f64, height_m: f64) -> Polygon<f64> {
    let (w, h) = (width_m / 2.0, height_m / 2.0);
    let cut = height_m * 0.35;
    let r = |x: f64, y: f64| coord! { x: ((c.x + x) * 1000.0).round() / 1000.0, y: ((c.y + y) * 1000.0).round() / 1000.0 };
    let pts = vec![
        r(-w, h),
        r(w - cut, h),
        r(w, h - cut),
        r(w, -h),
        r(-w, -h),
        r(-w, h),
    ];
    Polygon::new(LineString::new(pts), vec![])
}

/// Writes parcels as coordinate exchange text: GBK, CRLF, X = north, Y = east with zone prefix.
pub fn write_exchange_text(path: &Path, parcels: &[(&str, &str, &Polygon<f64>)]) -> Result<()> {
    let mut lines = vec![
        "[属性描述]".to_string(),
        "格式版本号=1.01".into(),
        "数据产生单位=zonecheck示例数据（合成，非真实地块）".into(),
        "数据产生日期=2025-6-15".into(),
        "坐标系=2000国家大地坐标系".into(),
        "几度分带=3".into(),
        "投影类型=高斯克吕格".into(),
        "计量单位=米".into(),
        "带号=39".into(),
        "精度=3".into(),
        "转换参数=,,,,,,".into(),
        "[地块坐标]".into(),
    ];
    for (number, name, polygon) in parcels {
        let pts = &polygon.exterior().0;
        let area_ha = polygon.unsigned_area() / 1e4;
        lines.push(format!(
            "{},{:.4},{},{},面,,工业用地,,@",
            pts.len(),
            area_ha,
            number,
            name
        ));
        for (i, p) in pts.iter().enumerate() {
            let label = if i + 1 == pts.len() { 1 } else { i + 1 };
            lines.push(format!("J{label},1,{:.3},{:.3}", p.y, p.x));
        }
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    let bytes = super::dbf::gbk(&text)?;
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
