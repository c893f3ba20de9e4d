//! The measure tool: click points on the map to read geodesic lengths (per segment and in
//! total) or the enclosed ellipsoidal area and perimeter, on the CGCS2000 ellipsoid. The tool's
//! state lives in `AppState::measure`; `MeasureAction`s change it through `apply`.
//!
//! Not for geometry (the engine's `query::measure` computes every figure) or for drawing (see
//! `shapes`, `overlay`); pointer and keys are turned into actions in `input`.

pub mod input;
pub mod overlay;
pub mod shapes;

use geo::Coord;

use crate::query::{AreaMeasure, NotAnArea, PathMeasure};
use crate::query::{measure_area_ellipsoidal, measure_path_geodesic};
use crate::ui::site::DrawEdit;
use crate::ui::state::AppState;

/// What the clicked points measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MeasureMode {
    /// The path through the points: each segment's length and the total (距离).
    #[default]
    Distance,
    /// The polygon the points enclose: its area and perimeter (面积).
    Area,
}

/// What the user can do with the tool; wrapped in `Action::Measure`.
#[derive(Debug, Clone, PartialEq)]
pub enum MeasureAction {
    /// Turn the tool on (clicks add points, not identify; site drawing ends) in this mode.
    Start(MeasureMode),
    /// Switch between distance and area, keeping the points.
    SetMode(MeasureMode),
    /// A click on the map; after a finished measurement it starts a new one.
    Add(Coord<f64>),
    /// Backspace: drop the last point.
    RemoveLast,
    /// Double-click or Enter: stop adding points; the result stays on the map.
    Finish,
    /// Forget the points but keep measuring.
    Clear,
    /// Esc or the toolbar button: leave the tool and forget the points.
    End,
}

/// The measure tool's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureState {
    /// Whether map clicks add points (instead of identifying).
    pub active: bool,
    pub mode: MeasureMode,
    /// The clicked points, lon/lat degrees.
    pub vertices: Vec<Coord<f64>>,
    /// Whether the points are complete (double-click or Enter); the next click starts anew.
    pub finished: bool,
}

impl MeasureState {
    /// Lengths of the path through the points.
    pub fn path(&self) -> PathMeasure {
        measure_path_geodesic(&self.vertices)
    }

    /// Area and perimeter of the polygon through the points, or why they enclose none.
    pub fn area(&self) -> Result<AreaMeasure, NotAnArea> {
        measure_area_ellipsoidal(&self.vertices)
    }

    /// Leaves the tool and forgets the points (the mode is kept for next time).
    pub fn end(&mut self) {
        *self = MeasureState {
            mode: self.mode,
            ..MeasureState::default()
        };
    }

    /// Applies one action to the tool alone.
    pub fn edit(&mut self, action: MeasureAction) {
        match action {
            MeasureAction::Start(mode) => {
                self.end();
                self.active = true;
                self.mode = mode;
            }
            MeasureAction::SetMode(mode) => self.mode = mode,
            MeasureAction::Add(c) => {
                // A point off the globe (the map zoomed far out) has no geodesic.
                if !self.active || !c.x.is_finite() || !(-90.0..=90.0).contains(&c.y) {
                    return;
                }
                if self.finished {
                    self.vertices.clear();
                    self.finished = false;
                }
                self.vertices.push(c);
            }
            MeasureAction::RemoveLast => {
                if !self.finished {
                    self.vertices.pop();
                }
            }
            MeasureAction::Finish => {
                let needed = match self.mode {
                    MeasureMode::Distance => 2,
                    MeasureMode::Area => 3,
                };
                if self.vertices.len() >= needed {
                    self.finished = true;
                }
            }
            MeasureAction::Clear => {
                self.vertices.clear();
                self.finished = false;
            }
            MeasureAction::End => self.end(),
        }
    }
}

/// Applies one measure action to the app: starting the tool ends site drawing (both take clicks).
pub fn apply(state: &mut AppState, action: MeasureAction) {
    if matches!(action, MeasureAction::Start(_)) && state.site.draw.active {
        state.site.draw.edit(DrawEdit::Cancel);
    }
    state.measure.edit(action);
}

pub use crate::present::length_text;

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn points_are_added_removed_finished_and_restarted() {
        let mut m = MeasureState::default();
        m.edit(MeasureAction::Add(c(115.5, 37.6)));
        assert!(m.vertices.is_empty(), "no points while the tool is off");
        m.edit(MeasureAction::Start(MeasureMode::Distance));
        m.edit(MeasureAction::Add(c(115.5, 37.6)));
        m.edit(MeasureAction::Finish);
        assert!(!m.finished, "one point is no path");
        m.edit(MeasureAction::Add(c(115.6, 37.6)));
        m.edit(MeasureAction::Add(c(115.6, 95.0)));
        assert_eq!(m.vertices.len(), 2, "a latitude past the pole is ignored");
        m.edit(MeasureAction::Add(c(115.6, 37.7)));
        m.edit(MeasureAction::RemoveLast);
        assert_eq!(m.vertices, [c(115.5, 37.6), c(115.6, 37.6)]);
        m.edit(MeasureAction::SetMode(MeasureMode::Area));
        m.edit(MeasureAction::Finish);
        assert!(!m.finished, "two points enclose no area");
        m.edit(MeasureAction::Add(c(115.6, 37.7)));
        m.edit(MeasureAction::Finish);
        assert!(m.finished && m.area().is_ok());
        m.edit(MeasureAction::RemoveLast);
        assert_eq!(m.vertices.len(), 3, "a finished result is kept");
        m.edit(MeasureAction::Add(c(116.0, 38.0)));
        assert_eq!(m.vertices, [c(116.0, 38.0)], "the next click starts anew");
        m.edit(MeasureAction::End);
        assert!(!m.active && m.vertices.is_empty());
        assert_eq!(m.mode, MeasureMode::Area, "the mode is remembered");
    }

    #[test]
    fn lengths_switch_to_km_at_one_km() {
        assert_eq!(length_text(999.994), "999.99 m");
        assert_eq!(length_text(1000.0), "1.000 km");
        assert_eq!(length_text(4_839.228), "4.839 km");
    }
}
