//! Answers drawn over the data layers: the sites of a batch coloured by verdict, the units a
//! zoning update changed coloured by kind of change with their gained and lost pieces. Each is an
//! engine result layer (`workspace::result_layers`) tessellated like any layer and given its own
//! colours, so a batch of 10,000 sites pans as smoothly as a layer of 10,000 units.
//!
//! Not for what the colours mean (the batch and diff views decide that) or for answers.

use std::sync::Arc;

use egui::{Color32, Rect, Shape, Stroke};

use crate::index::IndexedLayer;
use crate::model::Layer;
use crate::ui::map::draw::{DrawStats, LayerPaint, highlight_shapes, layer_shapes};
use crate::ui::map::mesh::LayerMesh;
use crate::ui::map::view::MapView;
use crate::ui::style::{LayerStyle, LegendLabel};

/// A result layer ready to draw: its levels and a fill colour per feature.
#[derive(Clone)]
pub struct Overlay {
    pub mesh: Arc<LayerMesh>,
    pub style: Arc<LayerStyle>,
}

impl Overlay {
    /// Indexes and tessellates `layer` at every level (slow for a large result: call it on a
    /// worker thread), every feature filled `fill` with a `stroke` outline.
    pub fn build(layer: Layer, fill: Color32, stroke: Stroke) -> Overlay {
        let n = layer.features.len();
        let indexed = Arc::new(IndexedLayer::new(layer));
        let mesh = Arc::new(LayerMesh::build(indexed));
        let style = LayerStyle {
            fills: vec![fill; n],
            outline: stroke,
            line: stroke,
            point_fill: fill,
            point_radius: 4.0,
            hatched: false,
            default_opacity: 0.6,
            legend: vec![(fill, LegendLabel::Layer)],
            classes: vec![0; n],
            labels: vec![None; n],
            area_labels: Vec::new(),
        };
        Overlay {
            mesh,
            style: Arc::new(style),
        }
    }

    /// The same drawing with each feature filled `fills[fid]` (answers arriving change colours,
    /// never the geometry). Features beyond `fills` keep their colour.
    pub fn recoloured(&self, fills: impl IntoIterator<Item = (usize, Color32)>) -> Overlay {
        let mut style = (*self.style).clone();
        for (fid, c) in fills {
            if let Some(slot) = style.fills.get_mut(fid) {
                *slot = c;
            }
        }
        Overlay {
            mesh: self.mesh.clone(),
            style: Arc::new(style),
        }
    }

    /// The lon/lat box of feature `fid`, if it has a geometry.
    pub fn feature_bbox(&self, fid: usize) -> Option<geo::Rect<f64>> {
        self.mesh.features.get(fid)?.bbox_lonlat
    }

    /// The box of the features `fids` together.
    pub fn bbox_of(&self, fids: &[usize]) -> Option<geo::Rect<f64>> {
        fids.iter()
            .filter_map(|&f| self.feature_bbox(f))
            .reduce(crate::ui::map::mesh::union)
    }
}

/// The shapes of `overlay` at `opacity`, with the features `selected` outlined as identify
/// outlines its hits.
pub fn overlay_shapes(
    view: &MapView,
    canvas: Rect,
    overlay: &Overlay,
    opacity: f32,
    selected: &[usize],
    outline_budget: usize,
    out: &mut Vec<Shape>,
) -> DrawStats {
    let paint = LayerPaint {
        mesh: overlay.mesh.level_for(view.px_per_deg),
        style: &overlay.style,
        opacity,
        hatch: None,
        hidden: &[],
        outline_budget,
    };
    let stats = layer_shapes(view, canvas, &paint, out);
    highlight_shapes(view, canvas, &overlay.mesh, selected, out);
    stats
}

/// The batch's sites and the comparison's changes, drawn while their view is open (the sites
/// also while the comparison lists them), the picked site or unit outlined.
pub fn answer_overlays(
    state: &crate::ui::state::AppState,
    canvas: Rect,
    outline_budget: usize,
    out: &mut Vec<Shape>,
) -> DrawStats {
    let mut stats = DrawStats::default();
    if state.diff.open
        && let Some(r) = &state.diff.result
    {
        let selected = state
            .diff
            .selected_unit
            .map(|u| r.fids_of_unit(u))
            .unwrap_or_default();
        stats += overlay_shapes(
            &state.view,
            canvas,
            &r.overlay,
            0.55,
            &selected,
            outline_budget,
            out,
        );
    }
    let sites_listed = state.diff.open
        && state
            .diff
            .result
            .as_ref()
            .is_some_and(|r| r.sites.is_some());
    if (state.batch.open || sites_listed)
        && let Some(o) = &state.batch.overlay
    {
        let selected: Vec<usize> = state.batch.selected.into_iter().collect();
        stats += overlay_shapes(&state.view, canvas, o, 0.7, &selected, outline_budget, out);
        site_markers(&state.view, canvas, o, &selected, out);
    }
    stats
}

/// Sites smaller than this on screen (points, either side) also get a marker, so a parcel of a
/// few hectares stays findable with the whole city in view.
const MARKER_BELOW_PX: f32 = 8.0;

/// A dot in each small site's colour at its centre (ringed when picked).
fn site_markers(
    view: &MapView,
    canvas: Rect,
    overlay: &Overlay,
    selected: &[usize],
    out: &mut Vec<Shape>,
) {
    let visible = view.visible_lonlat(canvas);
    for (fid, f) in overlay.mesh.features.iter().enumerate() {
        let Some(b) = f.bbox_lonlat else { continue };
        let meets = b.min().x <= visible.max().x
            && b.max().x >= visible.min().x
            && b.min().y <= visible.max().y
            && b.max().y >= visible.min().y;
        if !meets {
            continue;
        }
        let lo = view.to_screen(canvas, b.min());
        let hi = view.to_screen(canvas, b.max());
        if (hi.x - lo.x).abs() >= MARKER_BELOW_PX && (hi.y - lo.y).abs() >= MARKER_BELOW_PX {
            continue;
        }
        let centre = egui::pos2((lo.x + hi.x) / 2.0, (lo.y + hi.y) / 2.0);
        let fill = overlay
            .style
            .fills
            .get(fid)
            .copied()
            .unwrap_or(Color32::GRAY);
        out.push(Shape::circle_filled(centre, 5.0, fill));
        out.push(Shape::circle_stroke(
            centre,
            5.0,
            Stroke::new(1.0, Color32::from_gray(30)),
        ));
        if selected.contains(&fid) {
            out.push(Shape::circle_stroke(
                centre,
                9.0,
                Stroke::new(2.5, crate::ui::style::HIGHLIGHT),
            ));
        }
    }
}
