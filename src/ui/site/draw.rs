//! The site being drawn on the map: its vertices (lon/lat) and an undo history. Pure state with
//! no egui, so the editing rules are testable on their own.
//!
//! Not for turning pointer events into edits (see `site::input`) or for analysing the polygon.

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};

/// One edit of the drawn polygon (the canvas sends these as `SiteAction::Draw`).
#[derive(Debug, Clone, PartialEq)]
pub enum DrawEdit {
    /// Enter drawing mode with no vertices.
    Start,
    Add(Coord<f64>),
    /// Grab vertex `i` for a drag, remembering the vertices so one undo reverts the whole drag.
    BeginMove(usize),
    Move(usize, Coord<f64>),
    /// The drag is over.
    EndMove,
    Remove(usize),
    Undo,
    /// Leave drawing mode and forget the vertices (Esc).
    Cancel,
}

/// The polygon being drawn.
#[derive(Debug, Clone, Default)]
pub struct DrawState {
    /// Whether clicks on the map add vertices (instead of identifying).
    pub active: bool,
    pub vertices: Vec<Coord<f64>>,
    /// The vertex being dragged, while a drag lasts.
    pub dragging: Option<usize>,
    undo: Vec<Vec<Coord<f64>>>,
}

impl DrawState {
    /// Applies one edit.
    pub fn edit(&mut self, edit: DrawEdit) {
        match edit {
            DrawEdit::Start => {
                *self = DrawState {
                    active: true,
                    ..DrawState::default()
                };
            }
            DrawEdit::Add(c) => {
                self.snapshot();
                self.vertices.push(c);
            }
            DrawEdit::BeginMove(i) => {
                self.snapshot();
                self.dragging = Some(i);
            }
            DrawEdit::EndMove => self.dragging = None,
            DrawEdit::Move(i, c) => {
                if let Some(v) = self.vertices.get_mut(i) {
                    *v = c;
                }
            }
            DrawEdit::Remove(i) => {
                if i < self.vertices.len() {
                    self.snapshot();
                    self.vertices.remove(i);
                }
            }
            DrawEdit::Undo => {
                if let Some(prev) = self.undo.pop() {
                    self.vertices = prev;
                }
            }
            DrawEdit::Cancel => *self = DrawState::default(),
        }
    }

    fn snapshot(&mut self) {
        self.undo.push(self.vertices.clone());
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The closed polygon of the vertices (3 or more, repeated points dropped), as the site
    /// geometry the engine takes; None when fewer than 3 distinct points.
    pub fn polygon(&self) -> Option<Geometry<f64>> {
        let mut pts: Vec<Coord<f64>> = Vec::with_capacity(self.vertices.len() + 1);
        for &c in &self.vertices {
            if pts.last() != Some(&c) {
                pts.push(c);
            }
        }
        while pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() < 3 {
            return None;
        }
        let poly = Polygon::new(LineString::new(pts), vec![]);
        Some(Geometry::MultiPolygon(MultiPolygon::new(vec![poly])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn add_move_remove_and_undo() {
        let mut d = DrawState::default();
        d.edit(DrawEdit::Start);
        for p in [c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0)] {
            d.edit(DrawEdit::Add(p));
        }
        d.edit(DrawEdit::BeginMove(2));
        d.edit(DrawEdit::Move(2, c(2.0, 2.0)));
        d.edit(DrawEdit::Move(2, c(3.0, 3.0)));
        assert_eq!(d.vertices[2], c(3.0, 3.0));
        d.edit(DrawEdit::Undo);
        assert_eq!(
            d.vertices[2],
            c(1.0, 1.0),
            "one undo reverts the whole drag"
        );
        d.edit(DrawEdit::Remove(0));
        assert_eq!(d.vertices, [c(1.0, 0.0), c(1.0, 1.0)]);
        assert!(d.polygon().is_none());
        d.edit(DrawEdit::Undo);
        assert_eq!(d.vertices.len(), 3);
        assert!(d.polygon().is_some());
        d.edit(DrawEdit::Cancel);
        assert!(!d.active && d.vertices.is_empty());
    }

    #[test]
    fn repeated_points_do_not_make_a_polygon() {
        let mut d = DrawState::default();
        for p in [c(0.0, 0.0), c(0.0, 0.0), c(1.0, 0.0), c(0.0, 0.0)] {
            d.edit(DrawEdit::Add(p));
        }
        assert!(d.polygon().is_none());
    }
}
