//! GeoPackage geometry blobs (OGC 12-128, §2.1.3): the `GP` header — version, flags, srs_id and
//! an optional envelope — then ISO WKB, read with georust's `wkb` and turned into geo-types.
//! Z and M are read and dropped (the engine is 2D); an empty geometry (the header's empty flag,
//! or a point of NaNs) is `None`. Polygons are rebuilt from their rings by containment, as for
//! every other format (writers do not keep to a winding rule).
//!
//! Not for the curve types of GeoPackage extensions (CircularString, CurvePolygon…): those are
//! an error naming the type.

use geo::{Geometry, LineString, MultiPolygon};
use geo_traits::to_geo::ToGeoGeometry;

use crate::io::rings::polygons_from_rings;

/// Deepest nesting of geometry collections accepted. The `wkb` crate reads collections
/// recursively, so a hostile blob of 100,000 nested collections would overflow the stack;
/// real data nests one or two levels.
const MAX_NESTING: usize = 32;

/// The geometry in a GeoPackage blob, `None` when it is empty; the error says what is wrong.
pub fn decode_gpkg_blob(blob: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    let wkb = match strip_header(blob)? {
        Some(wkb) => wkb,
        None => return Ok(None),
    };
    check_structure(wkb)?;
    let parsed = wkb::reader::read_wkb(wkb).map_err(|e| format!("broken WKB: {e}"))?;
    let Some(geometry) = parsed.try_to_geometry() else {
        return Ok(None);
    };
    Ok(tidy(geometry))
}

/// The WKB after the GeoPackage header, or `None` when the header's empty flag is set.
fn strip_header(blob: &[u8]) -> Result<Option<&[u8]>, String> {
    if blob.len() < 8 {
        return Err(format!(
            "{} bytes: too short for a GeoPackage geometry header (8 bytes)",
            blob.len()
        ));
    }
    if &blob[..2] != b"GP" {
        return Err(format!(
            "does not start with the GeoPackage magic \"GP\" (starts {:02X} {:02X}): not a GeoPackage geometry",
            blob[0], blob[1]
        ));
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err(
            "an extended GeoPackage geometry (a vendor extension type), which zonecheck cannot read"
                .into(),
        );
    }
    let envelope_bytes = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        code => return Err(format!("invalid envelope code {code} in the header flags")),
    };
    let start = 8 + envelope_bytes;
    if flags & 0b0001_0000 != 0 {
        return Ok(None);
    }
    if blob.len() <= start {
        return Err(format!(
            "{} bytes: the header and envelope take {start}, leaving no WKB",
            blob.len()
        ));
    }
    Ok(Some(&blob[start..]))
}

/// Walks the WKB's structure without building it: every count fits the bytes present and
/// collections nest at most `MAX_NESTING` deep. Errors say where it breaks.
fn check_structure(wkb: &[u8]) -> Result<(), String> {
    let mut at = 0usize;
    // Sub-geometries still to read at each open collection level.
    let mut pending: Vec<u64> = Vec::new();
    loop {
        let (kind, dims, little) = read_header(wkb, &mut at)?;
        let count = |at: &mut usize| read_u32(wkb, at, little).map(u64::from);
        let coord_bytes = 8 * dims as u64;
        let finished = match kind {
            1 => {
                skip(wkb, &mut at, coord_bytes)?;
                true
            }
            2 => {
                let n = count(&mut at)?;
                skip(wkb, &mut at, n.saturating_mul(coord_bytes))?;
                true
            }
            3 => {
                for _ in 0..count(&mut at)? {
                    let n = count(&mut at)?;
                    skip(wkb, &mut at, n.saturating_mul(coord_bytes))?;
                }
                true
            }
            4..=7 => {
                let n = count(&mut at)?;
                // Each member takes at least a 5-byte header: a larger count is a lie.
                let left = (wkb.len() - at) as u64;
                if n.saturating_mul(5) > left {
                    return Err(format!("declares {n} parts but only {left} bytes follow"));
                }
                if n > 0 && pending.len() >= MAX_NESTING {
                    return Err(format!("collections nested more than {MAX_NESTING} deep"));
                }
                if n > 0 {
                    pending.push(n);
                }
                n == 0
            }
            8..=17 => {
                return Err(format!(
                    "WKB type {kind} ({}) is a curve or surface type zonecheck cannot read; save the layer with linear geometry",
                    curve_name(kind)
                ));
            }
            other => return Err(format!("unknown WKB geometry type {other}")),
        };
        if !finished {
            continue;
        }
        // A geometry is complete: it is one member of the innermost open collection, which may
        // itself be complete now.
        loop {
            match pending.last_mut() {
                None => return Ok(()),
                Some(n) => {
                    *n -= 1;
                    if *n > 0 {
                        break;
                    }
                    pending.pop();
                }
            }
        }
    }
}

/// Byte order, base type (1–17) and dimension count of the geometry header at `at`, ISO
/// (`1003` = PolygonZ) or EWKB (high flag bits) style.
fn read_header(wkb: &[u8], at: &mut usize) -> Result<(u32, u32, bool), String> {
    let order = *wkb
        .get(*at)
        .ok_or_else(|| format!("ends at byte {at} where a geometry should start"))?;
    let little = match order {
        0 => false,
        1 => true,
        b => return Err(format!("byte {at}: invalid byte-order mark {b}")),
    };
    *at += 1;
    let code = read_u32(wkb, at, little)?;
    let flags_z = code & 0x8000_0000 != 0;
    let flags_m = code & 0x4000_0000 != 0;
    if code & 0x2000_0000 != 0 {
        skip(wkb, at, 4)?; // EWKB SRID
    }
    let iso = code & 0x0FFF_FFFF;
    let (base, iso_z, iso_m) = match iso / 1000 {
        0 => (iso, false, false),
        1 => (iso - 1000, true, false),
        2 => (iso - 2000, false, true),
        3 => (iso - 3000, true, true),
        _ => return Err(format!("unknown WKB geometry type code {code}")),
    };
    let dims = 2 + u32::from(iso_z || flags_z) + u32::from(iso_m || flags_m);
    Ok((base, dims, little))
}

fn read_u32(wkb: &[u8], at: &mut usize, little: bool) -> Result<u32, String> {
    let bytes: [u8; 4] = wkb
        .get(*at..*at + 4)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("cut short at byte {at} (a count or type was expected)"))?;
    *at += 4;
    Ok(if little {
        u32::from_le_bytes(bytes)
    } else {
        u32::from_be_bytes(bytes)
    })
}

fn skip(wkb: &[u8], at: &mut usize, bytes: u64) -> Result<(), String> {
    let end = (*at as u64).saturating_add(bytes);
    if end > wkb.len() as u64 {
        return Err(format!(
            "cut short: coordinates run to byte {end} but the geometry has {} bytes",
            wkb.len()
        ));
    }
    *at = end as usize;
    Ok(())
}

fn curve_name(kind: u32) -> &'static str {
    match kind {
        8 => "CircularString",
        9 => "CompoundCurve",
        10 => "CurvePolygon",
        11 => "MultiCurve",
        12 => "MultiSurface",
        13 => "Curve",
        14 => "Surface",
        15 => "PolyhedralSurface",
        16 => "TIN",
        _ => "Triangle",
    }
}

/// Polygons rebuilt from their rings (a MultiPolygon from all its rings, as GeoJSON's are);
/// empty parts dropped. `None` when nothing is left.
fn tidy(g: Geometry<f64>) -> Option<Geometry<f64>> {
    match g {
        Geometry::Polygon(p) => {
            let (exterior, interiors) = p.into_inner();
            let mut rings = vec![exterior];
            rings.extend(interiors);
            polygons_from_rings(rings).0
        }
        Geometry::MultiPolygon(mp) => {
            let rings: Vec<LineString<f64>> =
                mp.0.into_iter()
                    .flat_map(|p| {
                        let (exterior, interiors) = p.into_inner();
                        std::iter::once(exterior).chain(interiors)
                    })
                    .collect();
            match polygons_from_rings(rings).0? {
                Geometry::Polygon(p) => Some(Geometry::MultiPolygon(MultiPolygon(vec![p]))),
                other => Some(other),
            }
        }
        Geometry::LineString(l) if l.0.is_empty() => None,
        Geometry::MultiLineString(ml) if ml.0.is_empty() => None,
        Geometry::MultiPoint(mp) if mp.0.is_empty() => None,
        Geometry::GeometryCollection(gc) => {
            let parts: Vec<Geometry<f64>> = gc.0.into_iter().filter_map(tidy).collect();
            (!parts.is_empty())
                .then_some(Geometry::GeometryCollection(geo::GeometryCollection(parts)))
        }
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GeoPackage blob: little-endian header without envelope, then `wkb`.
    fn blob(wkb: &[u8]) -> Vec<u8> {
        let mut b = vec![b'G', b'P', 0, 0b0000_0001, 0xAA, 0x11, 0, 0];
        b.extend_from_slice(wkb);
        b
    }

    fn point_wkb(x: f64, y: f64) -> Vec<u8> {
        let mut w = vec![1, 1, 0, 0, 0];
        w.extend_from_slice(&x.to_le_bytes());
        w.extend_from_slice(&y.to_le_bytes());
        w
    }

    #[test]
    fn a_point_with_and_without_envelope() {
        let g = decode_gpkg_blob(&blob(&point_wkb(115.5, 37.5))).unwrap();
        assert_eq!(g, Some(Geometry::Point(geo::Point::new(115.5, 37.5))));
        // Envelope code 1 (32 bytes of min/max x/y) before the WKB.
        let mut b = vec![b'G', b'P', 0, 0b0000_0011, 0, 0, 0, 0];
        b.extend_from_slice(&[0u8; 32]);
        b.extend_from_slice(&point_wkb(1.0, 2.0));
        assert_eq!(
            decode_gpkg_blob(&b).unwrap(),
            Some(Geometry::Point(geo::Point::new(1.0, 2.0)))
        );
    }

    #[test]
    fn empty_flag_and_nan_point_are_empty() {
        let mut b = blob(&point_wkb(f64::NAN, f64::NAN));
        assert_eq!(decode_gpkg_blob(&b).unwrap(), None);
        b[3] |= 0b0001_0000;
        assert_eq!(decode_gpkg_blob(&b).unwrap(), None);
    }

    #[test]
    fn broken_blobs_say_what_is_wrong() {
        assert!(decode_gpkg_blob(b"GP").unwrap_err().contains("too short"));
        assert!(
            decode_gpkg_blob(&point_wkb(1.0, 2.0))
                .unwrap_err()
                .contains("magic")
        );
        let mut cut = blob(&point_wkb(1.0, 2.0));
        cut.truncate(cut.len() - 3);
        assert!(decode_gpkg_blob(&cut).unwrap_err().contains("cut short"));
        // A linestring declaring 2^32-1 points in a few bytes: refused before any allocation.
        let huge = blob(&[1, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0]);
        assert!(decode_gpkg_blob(&huge).unwrap_err().contains("cut short"));
        // CircularString (8).
        let curve = blob(&[1, 8, 0, 0, 0, 0, 0, 0, 0]);
        assert!(
            decode_gpkg_blob(&curve)
                .unwrap_err()
                .contains("CircularString")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        // 100,000 GeometryCollections, each holding the next.
        let mut w = Vec::new();
        for _ in 0..100_000 {
            w.extend_from_slice(&[1, 7, 0, 0, 0, 1, 0, 0, 0]);
        }
        w.extend_from_slice(&point_wkb(1.0, 2.0));
        assert!(decode_gpkg_blob(&blob(&w)).unwrap_err().contains("nested"));
        // Two levels are fine.
        let mut ok = vec![1, 7, 0, 0, 0, 2, 0, 0, 0];
        ok.extend_from_slice(&point_wkb(1.0, 2.0));
        ok.extend_from_slice(&[1, 7, 0, 0, 0, 1, 0, 0, 0]);
        ok.extend_from_slice(&point_wkb(3.0, 4.0));
        let Some(Geometry::GeometryCollection(gc)) = decode_gpkg_blob(&blob(&ok)).unwrap() else {
            panic!("a collection")
        };
        assert_eq!(gc.0.len(), 2);
    }
}
