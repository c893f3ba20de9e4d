//! Geometry blobs built by hand from the FGDB spec, with the decoded coordinates worked out by
//! hand.

use super::*;

fn varuint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn varint(out: &mut Vec<u8>, v: i64) {
    let (sign, mut m) = (if v < 0 { 0x40 } else { 0 }, v.unsigned_abs());
    let first = (m & 0x3F) as u8 | sign;
    m >>= 6;
    if m == 0 {
        out.push(first);
        return;
    }
    out.push(first | 0x80);
    varuint(out, m);
}

/// Scale 10 (0.1 units), origin (1000, 2000); Z scale 100, M scale 1.
fn info() -> GeometryInfo {
    let q = |origin, scale| Quantisation { origin, scale };
    GeometryInfo {
        wkt: None,
        xy: (q(1000.0, 10.0), q(2000.0, 10.0)),
        z: Some(q(0.0, 100.0)),
        m: Some(q(0.0, 1.0)),
        xy_tolerance: 0.01,
        extent: [0.0; 4],
    }
}

/// A polyline/polygon blob of `parts` (coordinates in units), with optional Z and M.
fn path_blob(
    code: u64,
    parts: &[Vec<(f64, f64)>],
    z: Option<&[f64]>,
    m: Option<&[f64]>,
    curves: &[u8],
    n_curves: u64,
) -> Vec<u8> {
    let mut b = Vec::new();
    varuint(&mut b, code);
    let n: usize = parts.iter().map(Vec::len).sum();
    varuint(&mut b, n as u64);
    varuint(&mut b, parts.len() as u64);
    if code & CURVE_FLAG != 0 {
        varuint(&mut b, n_curves);
    }
    for _ in 0..4 {
        varuint(&mut b, 0); // bbox, not used by the decoder
    }
    for p in &parts[..parts.len() - 1] {
        varuint(&mut b, p.len() as u64);
    }
    let (mut px, mut py) = (0i64, 0i64);
    for p in parts {
        for &(x, y) in p {
            let (qx, qy) = (
                ((x - 1000.0) * 10.0).round() as i64,
                ((y - 2000.0) * 10.0).round() as i64,
            );
            varint(&mut b, qx - px);
            varint(&mut b, qy - py);
            (px, py) = (qx, qy);
        }
    }
    for (values, scale) in [(z, 100.0), (m, 1.0)] {
        if let Some(vs) = values {
            let mut prev = 0i64;
            for v in vs {
                let q = (v * scale).round() as i64;
                varint(&mut b, q - prev);
                prev = q;
            }
        }
    }
    b.extend(curves);
    b
}

fn shape(blob: &[u8]) -> Shape {
    decode_shape(blob, &info(), CurveTolerance(0.01))
        .unwrap()
        .unwrap()
}

#[test]
fn points_are_offset_by_one_and_scaled() {
    // x = 1000 + (varuint - 1) / 10: stored 51 -> 1005.0; y stored 11 -> 2001.0; z 251 -> 2.5.
    let mut b = Vec::new();
    varuint(&mut b, 9);
    for v in [51, 11, 251] {
        varuint(&mut b, v);
    }
    let s = shape(&b);
    assert_eq!(s.kind, ShapeKind::Point);
    assert_eq!(
        s.parts,
        [[Coord {
            x: 1005.0,
            y: 2001.0
        }]]
    );
    assert_eq!(s.z, Some(vec![vec![2.5]]));
    // Stored 0 is an empty point.
    assert_eq!(
        decode_shape(&[1, 0, 0], &info(), CurveTolerance(0.01)).unwrap(),
        None
    );
}

#[test]
fn polygon_parts_share_one_running_delta_and_z_m_follow() {
    let outer = vec![
        (1000.0, 2000.0),
        (1000.0, 2010.0),
        (1010.0, 2010.0),
        (1010.0, 2000.0),
        (1000.0, 2000.0),
    ];
    let hole = vec![
        (1002.0, 2002.0),
        (1004.0, 2002.0),
        (1004.0, 2004.0),
        (1002.0, 2002.0),
    ];
    let z: Vec<f64> = (0..9).map(|i| i as f64 * 0.25).collect();
    let m: Vec<f64> = (0..9).map(|i| 100.0 - i as f64).collect();
    let s = shape(&path_blob(
        15,
        &[outer.clone(), hole.clone()],
        Some(&z),
        Some(&m),
        &[],
        0,
    ));
    assert_eq!(s.kind, ShapeKind::Polygon);
    let got: Vec<Vec<(f64, f64)>> = s
        .parts
        .iter()
        .map(|p| p.iter().map(|c| (c.x, c.y)).collect())
        .collect();
    assert_eq!(got, [outer, hole]);
    assert_eq!(s.z.as_ref().unwrap().concat(), z);
    assert_eq!(s.m.as_ref().unwrap().concat(), m);
}

#[test]
fn a_missing_m_array_is_tolerated() {
    let line = vec![(1000.0, 2000.0), (1001.0, 2001.0), (1003.0, 2000.5)];
    let mut b = path_blob(23, std::slice::from_ref(&line), None, None, &[], 0);
    b.push(0x42);
    let s = shape(&b);
    assert_eq!(s.kind, ShapeKind::Polyline);
    assert_eq!(s.m, None);
    assert_eq!(s.parts[0].len(), 3);
}

#[test]
fn general_polyline_with_an_arc_and_a_bezier_is_densified() {
    // Vertices (1000,2000) (1020,2000) (1030,2000) (1040,2000) (1050,2000).
    // Segment 0 is an arc through (1010,2010): the upper half of the circle of radius 10
    // around (1010,2000). Segment 2 is a Bézier with control points (1033,2009) (1037,2009).
    // Segment 3 is an elliptic arc (kept as its chord).
    let pts = vec![
        (1000.0, 2000.0),
        (1020.0, 2000.0),
        (1030.0, 2000.0),
        (1040.0, 2000.0),
        (1050.0, 2000.0),
    ];
    let mut curves = Vec::new();
    varuint(&mut curves, 0);
    varuint(&mut curves, 1);
    curves.extend(1010.0f64.to_le_bytes());
    curves.extend(2010.0f64.to_le_bytes());
    curves.extend(0x80u32.to_le_bytes());
    varuint(&mut curves, 2);
    varuint(&mut curves, 4);
    for v in [1033.0f64, 2009.0, 1037.0, 2009.0] {
        curves.extend(v.to_le_bytes());
    }
    varuint(&mut curves, 3);
    varuint(&mut curves, 5);
    curves.extend([0u8; 44]);
    let s = shape(&path_blob(50 | CURVE_FLAG, &[pts], None, None, &curves, 3));
    assert_eq!((s.curves_densified, s.ellipses_as_chords), (2, 1));
    let p = &s.parts[0];
    // The arc: r = 10, tolerance 0.01 -> chords of at most 2·acos(0.999) = 0.0894 rad, so
    // ceil(π / 0.0894) = 36 chords, 35 interior points, all on the circle, upper half.
    let arc_end = p
        .iter()
        .position(|c| {
            *c == Coord {
                x: 1020.0,
                y: 2000.0,
            }
        })
        .unwrap();
    assert_eq!(arc_end, 36);
    for c in &p[1..arc_end] {
        let r = ((c.x - 1010.0).powi(2) + (c.y - 2000.0).powi(2)).sqrt();
        assert!((r - 10.0).abs() < 1e-9 && c.y > 2000.0, "{c:?}");
    }
    // The Bézier: (1030,2000) - 2·(1033,2009) + (1037,2009) = (1,-9), so max|B''| = 6·√82 and
    // n = ceil(√(0.75·√82 / 0.01)) = ceil(26.06) = 27 steps (hand-worked). Its top
    // (t = 1/2) is at y = 2000 + 0.75·9 = 2006.75.
    let start = p
        .iter()
        .position(|c| {
            *c == Coord {
                x: 1030.0,
                y: 2000.0,
            }
        })
        .unwrap();
    let end = p
        .iter()
        .position(|c| {
            *c == Coord {
                x: 1040.0,
                y: 2000.0,
            }
        })
        .unwrap();
    assert_eq!(end - start, 27);
    let top = p[start..end].iter().map(|c| c.y).fold(f64::MIN, f64::max);
    assert!((top - 2006.75).abs() < 0.01, "{top}");
    // The ellipse: a straight chord to the last vertex.
    assert_eq!(p.len(), end + 2);
}

#[test]
fn declared_counts_beyond_the_blob_are_errors() {
    let line = vec![(1000.0, 2000.0), (1001.0, 2001.0)];
    let good = path_blob(3, &[line], None, None, &[], 0);
    for cut in 1..good.len() {
        assert!(
            decode_shape(&good[..cut], &info(), CurveTolerance(0.01)).is_err(),
            "cut {cut}"
        );
    }
    let mut huge = Vec::new();
    varuint(&mut huge, 5);
    varuint(&mut huge, 1 << 40);
    let e = decode_shape(&huge, &info(), CurveTolerance(0.01)).unwrap_err();
    assert!(e.contains("point count"), "{e}");
    let mut bad_start = path_blob(
        50 | CURVE_FLAG,
        &[vec![(1000.0, 2000.0), (1001.0, 2000.0)]],
        None,
        None,
        &[9, 1],
        1,
    );
    bad_start.extend([0u8; 20]);
    let e = decode_shape(&bad_start, &info(), CurveTolerance(0.01)).unwrap_err();
    assert!(e.contains("vertex 9"), "{e}");
    // The largest start index a varuint can hold.
    let mut curve = Vec::new();
    varuint(&mut curve, u64::MAX);
    varuint(&mut curve, 1);
    curve.extend([0u8; 20]);
    let line = [vec![(1000.0, 2000.0), (1001.0, 2000.0)]];
    let blob = path_blob(50 | CURVE_FLAG, &line, None, None, &curve, 1);
    let e = decode_shape(&blob, &info(), CurveTolerance(0.01)).unwrap_err();
    assert!(e.contains(&u64::MAX.to_string()), "{e}");
}

#[test]
fn unknown_shape_types_are_errors() {
    assert!(
        decode_shape(&[77], &info(), CurveTolerance(0.01))
            .unwrap_err()
            .contains("77")
    );
    let s = decode_shape(&[54], &info(), CurveTolerance(0.01))
        .unwrap()
        .unwrap();
    assert_eq!(s.kind, ShapeKind::Multipatch);
}
