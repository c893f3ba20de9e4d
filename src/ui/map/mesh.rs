//! The tessellation cache: every polygon of a layer triangulated once (earcut, in lon/lat) into
//! flat vertex/index arrays, with outlines, lines and points beside them and a bounding box per
//! feature for culling — at full detail and as simplified copies (Ramer-Douglas-Peucker) for
//! zoomed-out views. Built off the UI thread when a layer loads; per frame the map only picks a
//! level, transforms and culls (see `draw`).
//!
//! A derived cache: rebuilt from the layer, never edited. Not for queries (the engine answers them).

use std::ops::Range;

use geo::{
    BoundingRect, Coord, Geometry, InteriorPoint, LineString, Polygon, Rect as GeoRect, Simplify,
    TriangulateEarcut,
};

use crate::model::Layer;

/// Where one feature's pieces sit in the layer's flat arrays.
#[derive(Debug, Clone, Default)]
pub struct FeatureSpan {
    /// The feature's lon/lat bounding box; `None` for a feature without geometry.
    pub bbox_lonlat: Option<GeoRect<f64>>,
    /// Range in `fill_vertices`.
    pub vertices: Range<u32>,
    /// Range in `fill_indices` (a multiple of 3).
    pub indices: Range<u32>,
    /// Range in `paths` (polygon rings and line strings).
    pub paths: Range<u32>,
    /// Range in `points`.
    pub points: Range<u32>,
    /// Where a label goes: a point inside the (largest) polygon; `None` for other geometries.
    pub label_lonlat: Option<Coord<f64>>,
}

/// One layer tessellated: triangles for fills, polylines for outlines and lines, points.
#[derive(Debug, Clone, Default)]
pub struct LayerMesh {
    /// Triangle vertices, lon/lat degrees.
    pub fill_vertices: Vec<Coord<f64>>,
    /// Triangle corners as indices into `fill_vertices` (global to the layer).
    pub fill_indices: Vec<u32>,
    /// All polyline vertices, lon/lat degrees.
    pub path_vertices: Vec<Coord<f64>>,
    /// Each polyline as a range in `path_vertices`; polygon rings are closed (last = first).
    pub paths: Vec<Range<u32>>,
    /// Point features' positions, lon/lat degrees.
    pub points: Vec<Coord<f64>>,
    /// One span per feature, in feature order (fid = index).
    pub features: Vec<FeatureSpan>,
    /// Bounding box of the whole layer; `None` when no feature has a geometry.
    pub bbox_lonlat: Option<GeoRect<f64>>,
    /// Simplified copies for zoomed-out views, finest first: (tolerance in degrees, mesh).
    pub lods: Vec<(f64, LayerMesh)>,
}

/// Simplification tolerances tried for the coarser copies, in degrees (about 4.4 m … 4.5 km of
/// latitude); a level is kept only when it saves at least a fifth of the vertices.
const LOD_TOLERANCES_DEG: [f64; 7] = [4e-5, 1.6e-4, 6.4e-4, 2.56e-3, 1.024e-2, 4.096e-2, 0.16384];

/// A level may be drawn while its tolerance is at most this many screen points.
const LOD_MAX_ERROR_PX: f64 = 0.5;

fn finite(c: &Coord<f64>) -> bool {
    c.x.is_finite() && c.y.is_finite()
}

/// A ring usable by earcut: at least 4 coordinates (closed triangle), all finite.
fn usable_ring(ring: &LineString<f64>) -> bool {
    ring.0.len() >= 4 && ring.0.iter().all(finite)
}

impl LayerMesh {
    /// Tessellates every feature of `layer`. Degenerate rings (fewer than 3 distinct corners,
    /// non-finite coordinates) are drawn as outlines only, never passed to earcut.
    pub fn build(layer: &Layer) -> LayerMesh {
        let mut exact =
            LayerMesh::build_level(layer.features.iter().map(|f| f.geometry.as_ref()), true);
        let mut geometries: Vec<Option<Geometry<f64>>> =
            layer.features.iter().map(|f| f.geometry.clone()).collect();
        let mut kept_vertices = exact.vertex_count();
        for tolerance in LOD_TOLERANCES_DEG {
            // Each level simplifies the previous one: cheaper, and coarser levels nest.
            for g in geometries.iter_mut().flatten() {
                *g = simplified(g, tolerance);
            }
            let level = LayerMesh::build_level(geometries.iter().map(Option::as_ref), false);
            if (level.vertex_count() as f64) <= 0.8 * kept_vertices as f64 {
                kept_vertices = level.vertex_count();
                exact.lods.push((tolerance, level));
            }
        }
        exact
    }

    /// The coarsest copy whose simplification error stays under half a screen point when the map
    /// shows `px_per_deg` points per degree; the full-detail mesh when none does.
    pub fn level_for(&self, px_per_deg: f64) -> &LayerMesh {
        self.lods
            .iter()
            .rev()
            .find(|(tolerance, _)| tolerance * px_per_deg <= LOD_MAX_ERROR_PX)
            .map_or(self, |(_, mesh)| mesh)
    }

    /// Fill and outline vertices, the per-frame work of drawing everything.
    pub fn vertex_count(&self) -> usize {
        self.fill_vertices.len() + self.path_vertices.len()
    }

    /// One level from the features' geometries; labels only for the full-detail level.
    fn build_level<'a>(
        geometries: impl Iterator<Item = Option<&'a Geometry<f64>>>,
        with_labels: bool,
    ) -> LayerMesh {
        let mut mesh = LayerMesh::default();
        for geometry in geometries {
            let span = match geometry {
                Some(g) => mesh.add_geometry(g, with_labels),
                None => FeatureSpan::default(),
            };
            mesh.features.push(span);
        }
        mesh.bbox_lonlat = mesh
            .features
            .iter()
            .filter_map(|f| f.bbox_lonlat)
            .reduce(union);
        mesh
    }

    /// Number of triangles, for benchmarks and the layer info.
    pub fn triangle_count(&self) -> usize {
        self.fill_indices.len() / 3
    }

    fn add_geometry(&mut self, geometry: &Geometry<f64>, with_label: bool) -> FeatureSpan {
        let v0 = self.fill_vertices.len() as u32;
        let i0 = self.fill_indices.len() as u32;
        let p0 = self.paths.len() as u32;
        let pt0 = self.points.len() as u32;
        self.add_parts(geometry);
        FeatureSpan {
            bbox_lonlat: geometry
                .bounding_rect()
                .filter(|r| finite(&r.min()) && finite(&r.max())),
            vertices: v0..self.fill_vertices.len() as u32,
            indices: i0..self.fill_indices.len() as u32,
            paths: p0..self.paths.len() as u32,
            points: pt0..self.points.len() as u32,
            label_lonlat: if with_label {
                label_point(geometry)
            } else {
                None
            },
        }
    }

    fn add_parts(&mut self, geometry: &Geometry<f64>) {
        match geometry {
            Geometry::Point(p) => self.points.push(p.0),
            Geometry::MultiPoint(mp) => self.points.extend(mp.0.iter().map(|p| p.0)),
            Geometry::Line(l) => self.add_path(&[l.start, l.end]),
            Geometry::LineString(ls) => self.add_path(&ls.0),
            Geometry::MultiLineString(mls) => {
                for ls in &mls.0 {
                    self.add_path(&ls.0);
                }
            }
            Geometry::Polygon(p) => self.add_polygon(p),
            Geometry::MultiPolygon(mp) => {
                for p in &mp.0 {
                    self.add_polygon(p);
                }
            }
            Geometry::Rect(r) => self.add_polygon(&r.to_polygon()),
            Geometry::Triangle(t) => self.add_polygon(&t.to_polygon()),
            Geometry::GeometryCollection(gc) => {
                for g in &gc.0 {
                    self.add_parts(g);
                }
            }
        }
    }

    fn add_path(&mut self, coords: &[Coord<f64>]) {
        let start = self.path_vertices.len() as u32;
        self.path_vertices
            .extend(coords.iter().filter(|c| finite(c)));
        let end = self.path_vertices.len() as u32;
        if end - start >= 2 {
            self.paths.push(start..end);
        } else {
            self.path_vertices.truncate(start as usize);
        }
    }

    fn add_polygon(&mut self, polygon: &Polygon<f64>) {
        self.add_path(&polygon.exterior().0);
        for ring in polygon.interiors() {
            self.add_path(&ring.0);
        }
        if !usable_ring(polygon.exterior()) {
            return;
        }
        let holes: Vec<LineString<f64>> = polygon
            .interiors()
            .iter()
            .filter(|r| usable_ring(r))
            .cloned()
            .collect();
        let clean = Polygon::new(polygon.exterior().clone(), holes);
        let raw = clean.earcut_triangles_raw();
        let base = self.fill_vertices.len() as u32;
        self.fill_vertices
            .extend(raw.vertices.iter().map(|v| Coord { x: v[0], y: v[1] }));
        self.fill_indices
            .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
    }
}

/// `geometry` with its lines and rings simplified to `tolerance_deg` (points unchanged).
fn simplified(geometry: &Geometry<f64>, tolerance_deg: f64) -> Geometry<f64> {
    match geometry {
        Geometry::Polygon(p) => Geometry::Polygon(p.simplify(tolerance_deg)),
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(mp.simplify(tolerance_deg)),
        Geometry::LineString(ls) => Geometry::LineString(ls.simplify(tolerance_deg)),
        Geometry::MultiLineString(ml) => Geometry::MultiLineString(ml.simplify(tolerance_deg)),
        Geometry::GeometryCollection(gc) => Geometry::GeometryCollection(geo::GeometryCollection(
            gc.0.iter().map(|g| simplified(g, tolerance_deg)).collect(),
        )),
        other => other.clone(),
    }
}

/// A point inside a polygonal geometry, for its label (geo's interior point).
fn label_point(geometry: &Geometry<f64>) -> Option<Coord<f64>> {
    match geometry {
        Geometry::Polygon(_) | Geometry::MultiPolygon(_) | Geometry::Rect(_) => {
            geometry.interior_point().map(|p| p.0).filter(finite)
        }
        _ => None,
    }
}

/// The smallest rectangle holding both.
pub fn union(a: GeoRect<f64>, b: GeoRect<f64>) -> GeoRect<f64> {
    GeoRect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Triangle, polygon};

    fn tri_area(mesh: &LayerMesh, span: &FeatureSpan) -> f64 {
        mesh.fill_indices[span.indices.start as usize..span.indices.end as usize]
            .chunks(3)
            .map(|t| {
                let c = |i: u32| mesh.fill_vertices[i as usize];
                Triangle::new(c(t[0]), c(t[1]), c(t[2])).unsigned_area()
            })
            .sum()
    }

    fn layer_of(geoms: Vec<Option<Geometry<f64>>>) -> Layer {
        crate::model::testing::layer_with_geometries("t", geoms)
    }

    #[test]
    fn concave_polygon_with_hole_triangulates_to_its_area() {
        // An L-shape 0..4 x 0..4 minus the 2x2 top-right corner (area 12), with a 1x1 hole at
        // (0.5..1.5, 0.5..1.5): area 11, by hand.
        let p: Polygon<f64> = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 2.), (x: 2., y: 2.),
                       (x: 2., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)],
            interiors: [[(x: 0.5, y: 0.5), (x: 1.5, y: 0.5), (x: 1.5, y: 1.5), (x: 0.5, y: 1.5),
                         (x: 0.5, y: 0.5)]],
        );
        let mesh = LayerMesh::build(&layer_of(vec![Some(p.into()), None]));
        assert_eq!(mesh.features.len(), 2);
        assert!((tri_area(&mesh, &mesh.features[0]) - 11.0).abs() < 1e-12);
        assert_eq!(mesh.paths.len(), 2, "outer ring and hole outline");
        assert!(mesh.features[1].bbox_lonlat.is_none());
        let bb = mesh.bbox_lonlat.expect("one feature has geometry");
        assert_eq!((bb.min().x, bb.max().y), (0.0, 4.0));
    }

    #[test]
    fn degenerate_rings_are_outlined_not_triangulated() {
        let line_ring = Polygon::new(LineString::from(vec![(0., 0.), (1., 1.), (0., 0.)]), vec![]);
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        let mesh = LayerMesh::build(&layer_of(vec![Some(line_ring.into()), Some(empty.into())]));
        assert_eq!(mesh.triangle_count(), 0);
        assert_eq!(mesh.paths.len(), 1);
    }

    #[test]
    fn coarser_levels_are_picked_as_the_map_zooms_out() {
        // A circle of radius 0.1° with 2000 vertices: at 0.5/4e-5 = 12,500 points per degree or
        // closer the full mesh is drawn; zoomed out to 10 points per degree a level with far fewer
        // vertices, whose tolerance is under half a point there.
        let ring: Vec<Coord<f64>> = (0..=2000)
            .map(|k| {
                let t = f64::from(k) / 2000.0 * std::f64::consts::TAU;
                Coord {
                    x: 115.0 + 0.1 * t.cos(),
                    y: 37.0 + 0.1 * t.sin(),
                }
            })
            .collect();
        let p = Polygon::new(LineString(ring), vec![]);
        let mesh = LayerMesh::build(&layer_of(vec![Some(p.into())]));
        assert!(!mesh.lods.is_empty());
        assert!(std::ptr::eq(mesh.level_for(20_000.0), &mesh));
        let far = mesh.level_for(10.0);
        let (tolerance, _) = mesh
            .lods
            .iter()
            .find(|(_, m)| std::ptr::eq(m, far))
            .expect("a level");
        assert!(tolerance * 10.0 <= 0.5, "{tolerance}");
        assert!(
            far.vertex_count() * 10 < mesh.vertex_count(),
            "{} vs {}",
            far.vertex_count(),
            mesh.vertex_count()
        );
        // Every level still covers the feature: same feature count, a fill, a similar box.
        assert_eq!(far.features.len(), 1);
        assert!(far.triangle_count() > 0);
        let (a, b) = (mesh.bbox_lonlat.unwrap(), far.bbox_lonlat.unwrap());
        assert!(
            (a.width() - b.width()).abs() < 2.0 * tolerance
                && (a.height() - b.height()).abs() < 2.0 * tolerance
        );
    }

    #[test]
    fn triangulated_area_matches_polygon_area_on_a_multipolygon() {
        let a: Polygon<f64> =
            polygon![(x: 115.0, y: 37.0), (x: 115.3, y: 37.1), (x: 115.1, y: 37.4)];
        let b: Polygon<f64> = polygon![(x: 116.0, y: 37.0), (x: 116.2, y: 37.0), (x: 116.2, y: 37.2), (x: 116.0, y: 37.2)];
        let want = a.unsigned_area() + b.unsigned_area();
        let mp = geo::MultiPolygon(vec![a, b]);
        let mesh = LayerMesh::build(&layer_of(vec![Some(mp.into())]));
        assert!((tri_area(&mesh, &mesh.features[0]) - want).abs() < 1e-12);
        // By hand: triangle 0.5·|0.3·0.4 − 0.1·0.1| = 0.055, square 0.04.
        assert!((want - 0.095).abs() < 1e-12);
    }
}
