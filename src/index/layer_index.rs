//! The per-layer index: an R-tree over the bounding boxes of polygon parts (and of whole
//! non-polygon features), each polygon part carrying its edge bands when it is large.
//!
//! Not for answering questions (see `query`): this only finds candidates and locates points.

use std::borrow::Cow;

use geo::{BoundingRect, Coord, Geometry, Polygon, Rect};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::edges::{BOUNDARY_TOLERANCE_DEG, EdgeBands, Location, locate};
use super::parts::{for_each_polygon, has_non_polygon, polygon_part};
use crate::model::Layer;
use crate::model::coord_runs::all_finite;

type TreeItem = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// One thing in the R-tree: a polygon part of a feature, or a whole feature without polygons.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The feature's position in the layer.
    pub fid: usize,
    /// The polygon part number (see `index::parts`), or `None` for a whole line/point feature.
    pub part: Option<usize>,
    /// The bounding box in lon/lat degrees (not widened by the tolerance).
    pub bbox: Rect<f64>,
    /// Boxed: only big polygons have bands, and an entry per polygon part is kept for the
    /// layer's lifetime (40 bytes each saved on a national layer's tens of thousands).
    bands: Option<Box<EdgeBands>>,
}

impl IndexEntry {
    /// Locates `lonlat` in this polygon part of `geometry` (the feature's geometry); `None` for
    /// non-polygon entries or when the geometry no longer has this part.
    pub fn locate(&self, geometry: &Geometry<f64>, lonlat: Coord<f64>) -> Option<Location> {
        let part = polygon_part(geometry, self.part?)?;
        Some(locate(&part, self.bands.as_deref(), lonlat))
    }

    /// True when the part has an edge-band index (it has at least `BAND_MIN_EDGES` edges).
    pub fn is_banded(&self) -> bool {
        self.bands.is_some()
    }
}

/// The spatial index of one layer. A derived cache: rebuild it whenever the layer's geometries change.
#[derive(Debug, Clone)]
pub struct LayerIndex {
    tree: RTree<TreeItem>,
    entries: Vec<IndexEntry>,
    /// `fid_starts[fid]..fid_starts[fid + 1]` are the entries of feature `fid`.
    fid_starts: Vec<usize>,
    /// Features left out because a coordinate is not finite (NaN or infinite).
    pub skipped_fids: Vec<usize>,
}

/// The polygon-part and whole-feature entries of one feature, or `Err` when it cannot be indexed.
fn feature_entries(fid: usize, geometry: &Geometry<f64>) -> Result<Vec<IndexEntry>, ()> {
    if !all_finite(geometry) {
        return Err(());
    }
    let mut parts: Vec<Cow<'_, Polygon<f64>>> = Vec::new();
    for_each_polygon(geometry, &mut |p| parts.push(p));
    let mut out: Vec<IndexEntry> = parts
        .iter()
        .enumerate()
        .filter_map(|(k, p)| {
            Some(IndexEntry {
                fid,
                part: Some(k),
                bbox: p.exterior().bounding_rect()?,
                bands: EdgeBands::build(p).map(Box::new),
            })
        })
        .collect();
    if has_non_polygon(geometry)
        && let Some(bbox) = geometry.bounding_rect()
    {
        out.push(IndexEntry {
            fid,
            part: None,
            bbox,
            bands: None,
        });
    }
    Ok(out)
}

impl LayerIndex {
    /// Indexes every feature of `layer`, building edge bands for large polygons in parallel.
    pub fn build(layer: &Layer) -> LayerIndex {
        let per_feature: Vec<Result<Vec<IndexEntry>, ()>> = layer
            .features
            .par_iter()
            .enumerate()
            .map(|(fid, f)| match &f.geometry {
                Some(g) => feature_entries(fid, g),
                None => Ok(Vec::new()),
            })
            .collect();
        let total: usize = per_feature.iter().flatten().map(Vec::len).sum();
        let mut entries = Vec::with_capacity(total);
        let mut fid_starts = Vec::with_capacity(per_feature.len() + 1);
        let mut skipped_fids = Vec::new();
        for (fid, r) in per_feature.into_iter().enumerate() {
            fid_starts.push(entries.len());
            match r {
                Ok(mut e) => entries.append(&mut e),
                Err(()) => skipped_fids.push(fid),
            }
        }
        fid_starts.push(entries.len());
        let tol = BOUNDARY_TOLERANCE_DEG;
        let items: Vec<TreeItem> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (lo, hi) = (e.bbox.min(), e.bbox.max());
                GeomWithData::new(
                    Rectangle::from_corners([lo.x - tol, lo.y - tol], [hi.x + tol, hi.y + tol]),
                    i as u32,
                )
            })
            .collect();
        LayerIndex {
            tree: RTree::bulk_load(items),
            entries,
            fid_starts,
            skipped_fids,
        }
    }

    /// The box around every indexed feature (lon/lat), from the tree's root: no walk over the
    /// vertices, so it can be asked on every click. None for a layer with nothing indexed.
    pub fn extent_lonlat(&self) -> Option<geo::Rect<f64>> {
        if self.entries.is_empty() {
            return None;
        }
        let env = self.tree.root().envelope();
        let (lo, hi) = (env.lower(), env.upper());
        let tol = BOUNDARY_TOLERANCE_DEG;
        Some(geo::Rect::new(
            geo::coord! { x: lo[0] + tol, y: lo[1] + tol },
            geo::coord! { x: hi[0] - tol, y: hi[1] - tol },
        ))
    }

    /// Entries whose (tolerance-widened) box contains `lonlat`.
    pub fn entries_at(&self, lonlat: Coord<f64>) -> impl Iterator<Item = &IndexEntry> {
        self.tree
            .locate_all_at_point(&[lonlat.x, lonlat.y])
            .filter_map(|item| self.entries.get(item.data as usize))
    }

    /// Entries whose box intersects the lon/lat envelope `min`..`max`.
    pub fn entries_in_envelope(
        &self,
        min: Coord<f64>,
        max: Coord<f64>,
    ) -> impl Iterator<Item = &IndexEntry> {
        let env = AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.tree
            .locate_in_envelope_intersecting(&env)
            .filter_map(|item| self.entries.get(item.data as usize))
    }

    /// Distinct fids (ascending) with an entry intersecting the envelope `min`..`max`.
    pub fn fids_in_envelope(&self, min: Coord<f64>, max: Coord<f64>) -> Vec<usize> {
        let mut fids: Vec<usize> = self.entries_in_envelope(min, max).map(|e| e.fid).collect();
        fids.sort_unstable();
        fids.dedup();
        fids
    }

    /// The entries of feature `fid` (none when it has no geometry or was skipped).
    pub fn feature_entries(&self, fid: usize) -> &[IndexEntry] {
        match (self.fid_starts.get(fid), self.fid_starts.get(fid + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a..b],
            _ => &[],
        }
    }

    /// Number of R-tree entries (polygon parts plus whole non-polygon features).
    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    /// Number of polygon parts that carry an edge-band index.
    pub fn banded_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_banded()).count()
    }
}

/// A layer with its index, the unit every query takes. Change `layer` only through a new `IndexedLayer`.
#[derive(Debug, Clone)]
pub struct IndexedLayer {
    pub layer: Layer,
    pub index: LayerIndex,
}

impl IndexedLayer {
    /// Indexes `layer` and keeps both together.
    pub fn new(layer: Layer) -> IndexedLayer {
        let index = LayerIndex::build(&layer);
        IndexedLayer { layer, index }
    }

    /// Where `lonlat` lies relative to feature `fid`'s polygons: `Boundary` or `Inside` when any
    /// part touches it; `None` when the feature has no polygon.
    pub fn locate_in_feature(&self, fid: usize, lonlat: Coord<f64>) -> Option<Location> {
        let geometry = self.layer.features.get(fid)?.geometry.as_ref()?;
        let mut best: Option<Location> = None;
        for e in self.index.feature_entries(fid) {
            let loc = match e.locate(geometry, lonlat) {
                Some(l) => l,
                None => continue,
            };
            best = Some(match (best, loc) {
                (Some(Location::Inside), _) | (_, Location::Inside) => Location::Inside,
                (Some(Location::Boundary), _) | (_, Location::Boundary) => Location::Boundary,
                _ => Location::Outside,
            });
        }
        best
    }
}
