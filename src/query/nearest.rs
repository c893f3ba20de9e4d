//! The nearest features of a layer to a site, however far, without measuring every feature: a
//! province's redline or river layer has thousands of features and millions of vertices, and a
//! report wants only the few nearest ones (and everything the site touches).
//!
//! How: radius searches (`features_within`, R-tree first) with a radius that grows fourfold
//! from 2 km until the caller says the hits hold what it needs, then a last unbounded search if
//! they never do. Every feature not returned is farther than every feature returned, so the
//! nearest ones are exact.
//!
//! Not for a fixed radius (see `nearby`).

use geo::Geometry;

use super::nearby::{Nearby, features_within};
use crate::index::IndexedLayer;

/// The first search radius, metres.
const FIRST_RADIUS_M: f64 = 2_000.0;
/// Beyond this the search is unbounded (half the Earth's circumference).
const LAST_RADIUS_M: f64 = 20_000_000.0;

/// Features of `layer` in order of distance to `geometry` (lon/lat), at least as many as
/// `enough` needs: it sees the hits found so far (nearest first) and says whether they suffice.
/// Returns every feature when `enough` is never satisfied.
pub fn nearest_features(
    layer: &IndexedLayer,
    geometry: &Geometry<f64>,
    enough: impl Fn(&[Nearby]) -> bool,
) -> Vec<Nearby> {
    let mut radius_m = FIRST_RADIUS_M;
    while radius_m < LAST_RADIUS_M {
        let hits = features_within(layer, geometry, radius_m);
        if enough(&hits) || hits.len() == layer.layer.features.len() {
            return hits;
        }
        radius_m *= 4.0;
    }
    features_within(layer, geometry, f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::layer_with_features;
    use crate::query::distance_to_feature;
    use geo::{Point, Rect};

    /// 300 small squares scattered over ~3° by a fixed linear congruential sequence.
    fn scattered_layer() -> IndexedLayer {
        let mut seed: u64 = 12345;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let features = (0..300)
            .map(|_| {
                let (x, y) = (114.0 + 3.0 * next(), 36.5 + 3.0 * next());
                let g: Geometry<f64> = Rect::new((x, y), (x + 0.01, y + 0.01)).to_polygon().into();
                (Some(g), vec!["x"])
            })
            .collect();
        IndexedLayer::new(layer_with_features("squares", &["NAME"], features))
    }

    #[test]
    fn the_nearest_k_match_a_full_scan_at_every_k() {
        let layer = scattered_layer();
        let site: Geometry<f64> = Point::new(115.52, 37.61).into();
        // Brute force: every feature's distance, sorted.
        let mut all: Vec<(usize, f64)> = (0..layer.layer.features.len())
            .map(|fid| (fid, distance_to_feature(&layer, fid, &site).unwrap()))
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        for k in [1, 3, 10, 299] {
            let hits = nearest_features(&layer, &site, |h| h.len() >= k);
            assert!(hits.len() >= k);
            for (hit, (fid, d)) in hits.iter().zip(&all).take(k) {
                assert_eq!(hit.fid, *fid, "k={k}");
                assert!((hit.distance_m - d).abs() < 1e-6);
            }
        }
        // Never enough: every feature.
        assert_eq!(nearest_features(&layer, &site, |_| false).len(), 300);
    }
}
