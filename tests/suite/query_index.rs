//! The edge-band index against an independent plain ray-cast written here, on a 100,000-vertex
//! circle with a 20,000-vertex hole, and on a comb whose long edges would blow up naive bands.

use crate::query_common;

use geo::{Coord, LineString, Polygon};
use query_common::{c, polygons};
use zonecheck::index::{EdgeBands, Location};
use zonecheck::query::{features_at, features_at_many};

/// Even-odd crossing number over all rings, no tolerance: the textbook algorithm, written
/// separately from the engine's.
fn reference_inside(poly: &Polygon<f64>, p: Coord<f64>) -> bool {
    let mut inside = false;
    for r in std::iter::once(poly.exterior()).chain(poly.interiors()) {
        for w in r.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
        }
    }
    inside
}

fn circle(cx: f64, cy: f64, r: f64, n: usize, clockwise: bool) -> LineString<f64> {
    let mut pts: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let t = i as f64 / n as f64 * std::f64::consts::TAU;
            (cx + r * t.cos(), cy + r * t.sin())
        })
        .collect();
    if clockwise {
        pts.reverse();
    }
    LineString::from(pts)
}

/// A deterministic pseudo-random sequence in [0, 1) (64-bit LCG), so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn band_index_agrees_with_brute_force_on_a_100k_vertex_circle() {
    let (cx, cy) = (116.0, 40.0);
    let poly = Polygon::new(
        circle(cx, cy, 0.5, 100_000, false),
        vec![circle(cx, cy, 0.2, 20_000, true)],
    );
    let bands = EdgeBands::build(&poly).expect("a 120,000-edge polygon gets bands");
    assert!(bands.band_count() > 1000, "bands: {}", bands.band_count());
    assert!(
        bands.entry_count() <= 8 * 120_000,
        "entries: {}",
        bands.entry_count()
    );

    let layer = polygons(vec![poly.clone()]);
    assert_eq!(layer.index.banded_count(), 1);
    let mut rng = Lcg(42);
    let pts: Vec<Coord<f64>> = (0..2000)
        .map(|_| c(cx - 0.6 + 1.2 * rng.next(), cy - 0.6 + 1.2 * rng.next()))
        .collect();
    let answers = features_at_many(&layer, &pts);
    let (mut inside, mut in_hole, mut checked) = (0, 0, 0);
    for (p, got) in pts.iter().zip(&answers) {
        let rho = ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt();
        // Chords sit at most r(1 - cos(pi/n)) ≈ 2.5e-10° inside the circle: skip the thin rims
        // where the tolerance, not the algorithm, decides.
        if (rho - 0.5).abs() < 1e-8 || (rho - 0.2).abs() < 1e-8 {
            continue;
        }
        checked += 1;
        let want = reference_inside(&poly, *p);
        assert_eq!(!got.is_empty(), want, "point {p:?} (rho {rho})");
        // The analytic answer agrees too.
        assert_eq!(
            want,
            rho < 0.5 && rho > 0.2,
            "reference vs analytic at {p:?}"
        );
        inside += want as usize;
        in_hole += (rho < 0.2) as usize;
    }
    // Expected shares of the 1.2° square: annulus π(0.25 − 0.04)/1.44 = 45.8 %, hole 8.7 %.
    assert!(
        checked > 1990 && (850..990).contains(&inside) && (140..210).contains(&in_hole),
        "{checked} {inside} {in_hole}"
    );
}

#[test]
fn band_index_reports_vertices_and_edges_as_boundary() {
    let poly = Polygon::new(
        circle(116.0, 40.0, 0.5, 100_000, false),
        vec![circle(116.0, 40.0, 0.2, 20_000, true)],
    );
    let bands = EdgeBands::build(&poly).expect("bands");
    for r in std::iter::once(poly.exterior()).chain(poly.interiors()) {
        for (i, w) in r.0.windows(2).enumerate().step_by(997) {
            assert_eq!(bands.locate(&poly, w[0]), Location::Boundary, "vertex {i}");
            let mid = c((w[0].x + w[1].x) / 2.0, (w[0].y + w[1].y) / 2.0);
            assert_eq!(
                bands.locate(&poly, mid),
                Location::Boundary,
                "edge midpoint {i}"
            );
        }
    }
    assert_eq!(bands.locate(&poly, c(116.0, 40.35)), Location::Inside);
    assert_eq!(
        bands.locate(&poly, c(116.0, 40.0)),
        Location::Outside,
        "centre is in the hole"
    );
}

#[test]
fn comb_with_long_edges_stays_bounded_and_correct() {
    // 400 teeth, each 1° tall and 0.001° wide: 800 edges spanning the whole height (1,600 edges
    // in all, above the band threshold).
    let mut pts = vec![(0.0, 0.0)];
    for k in 0..400 {
        let x = k as f64 * 0.0025;
        pts.extend([
            (x, 1.0),
            (x + 0.001, 1.0),
            (x + 0.001, 0.1),
            (x + 0.0025, 0.1),
        ]);
    }
    pts.push((1.0, 0.0));
    let poly = Polygon::new(LineString::from(pts), vec![]);
    let edges = poly.exterior().0.len() - 1;
    let bands = EdgeBands::build(&poly).expect("bands");
    assert!(
        bands.entry_count() <= 8 * edges,
        "{} entries for {edges} edges",
        bands.entry_count()
    );
    let layer = polygons(vec![poly.clone()]);
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let p = c(-0.01 + 1.02 * rng.next(), -0.01 + 1.02 * rng.next());
        assert_eq!(
            !features_at(&layer, p).is_empty(),
            reference_inside(&poly, p),
            "{p:?}"
        );
    }
}
