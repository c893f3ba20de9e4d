//! The survey's own figure against ours: a 坐标交换格式 parcel states its 地块面积 (hectares), measured
//! in the plane of its Gauss-Kruger zone; the parcel's planar area in that same zone should agree
//! to rounding. A difference beyond [`TOLERANCE`] means the boundary or the header is wrong.
//!
//! Not for the ellipsoidal area (see `measure`), which differs from any planar figure by the zone's
//! scale distortion.

use geo::{Geometry, MultiPolygon};
use serde::Serialize;

use crate::io::Site;
use crate::model::AttrValue;
use crate::query::measure::{M2_PER_HECTARE, area_planar_m2};

pub use crate::io::exchange_text::{DECLARED_AREA_TOLERANCE as TOLERANCE, DECLARED_HECTARES_FIELD};

/// One parcel's stated area beside its planar area in the site's own zone.
#[derive(Debug, Clone, Serialize)]
pub struct DeclaredArea {
    pub parcel: String,
    /// 地块面积 as stated, converted to m².
    pub declared_m2: f64,
    /// The boundary's planar area in `crs`.
    pub planar_m2: f64,
    /// The site's own projected CRS, by label.
    pub crs: String,
    /// (planar − declared) / declared.
    pub relative_difference: f64,
    /// Whether the difference exceeds [`TOLERANCE`].
    pub disagrees: bool,
}

/// For each polygon parcel of a projected site that states 地块面积: the stated and the planar area
/// in the site's own zone. Empty for a geographic site or parcels that state no area.
pub fn declared_areas(site: &Site) -> Vec<DeclaredArea> {
    let crs = &site.crs.crs;
    if crs.geographic {
        return Vec::new();
    }
    site.parcels
        .iter()
        .filter_map(|p| {
            let declared_ha = p.attributes.iter().find_map(|(k, v)| match v {
                AttrValue::Float(f) if k == DECLARED_HECTARES_FIELD => Some(*f),
                AttrValue::Integer(i) if k == DECLARED_HECTARES_FIELD => Some(*i as f64),
                _ => None,
            })?;
            if !(declared_ha.is_finite() && declared_ha > 0.0) {
                return None;
            }
            let polygons = match &p.geometry {
                Geometry::Polygon(poly) => MultiPolygon(vec![poly.clone()]),
                Geometry::MultiPolygon(mp) => mp.clone(),
                _ => return None,
            };
            let planar_m2 = area_planar_m2(&polygons, crs).ok()?;
            let declared_m2 = declared_ha * M2_PER_HECTARE;
            let relative_difference = (planar_m2 - declared_m2) / declared_m2;
            Some(DeclaredArea {
                parcel: p.name.clone(),
                declared_m2,
                planar_m2,
                crs: crs.label(),
                relative_difference,
                disagrees: relative_difference.abs() > TOLERANCE,
            })
        })
        .collect()
}
