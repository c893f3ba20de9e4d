//! Undo for what one click can lose in the layers panel: a removed layer (with its place, style,
//! visibility, opacity and legend switches), a layer's settings, its opacity, its visibility and
//! its legend switches. Ctrl+Z takes the newest entry back; while a site is being drawn, Ctrl+Z
//! belongs to the drawing (its own undo, see `site::draw`).
//!
//! Not for the data: nothing here changes a file, and a layer read again from disk (a new
//! encoding or CRS) is undone by putting the earlier reading back, not by reading again.

use crate::ui::legend_filter::LegendFilter;
use crate::ui::loader::ReadyLayer;
use crate::ui::state::{AppState, LayerId, MapLayer};

/// How many steps are kept; older ones are forgotten (a removed layer's memory goes with them).
pub const UNDO_STEPS: usize = 30;

/// One step that can be taken back.
pub enum UndoStep {
    /// A layer removed from `index` in the drawing order (0 = bottom).
    Removed {
        index: usize,
        layer: Box<MapLayer>,
    },
    /// A layer's reading, role, fields and style before a settings change.
    Settings {
        id: LayerId,
        ready: Box<ReadyLayer>,
        legend: LegendFilter,
    },
    Opacity {
        id: LayerId,
        opacity: f32,
    },
    Visible {
        id: LayerId,
        visible: bool,
    },
    Legend {
        id: LayerId,
        legend: LegendFilter,
    },
    /// A layer moved in the drawing order from `index` (0 = bottom).
    Moved {
        id: LayerId,
        index: usize,
    },
}

impl UndoStep {
    /// The layer the step is about (for the "undone: …" message).
    pub fn layer_id(&self) -> LayerId {
        match self {
            UndoStep::Removed { layer, .. } => layer.id,
            UndoStep::Settings { id, .. }
            | UndoStep::Opacity { id, .. }
            | UndoStep::Visible { id, .. }
            | UndoStep::Legend { id, .. }
            | UndoStep::Moved { id, .. } => *id,
        }
    }
}

/// The steps, newest last.
#[derive(Default)]
pub struct UndoStack {
    steps: Vec<UndoStep>,
}

impl UndoStack {
    /// Remembers a step. Opacity changes of one layer in a row (a slider being dragged sends
    /// one per frame) are one step: only the value before the first is kept.
    pub fn push(&mut self, step: UndoStep) {
        if let (UndoStep::Opacity { id, .. }, Some(UndoStep::Opacity { id: last, .. })) =
            (&step, self.steps.last())
            && id == last
        {
            return;
        }
        self.steps.push(step);
        if self.steps.len() > UNDO_STEPS {
            self.steps.remove(0);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }
}

/// Takes back the newest step; returns the name of the layer it brought back or changed back,
/// or `None` when there was nothing to undo (or its layer is gone).
pub fn undo(state: &mut AppState) -> Option<String> {
    let step = state.undo.steps.pop()?;
    let id = step.layer_id();
    match step {
        UndoStep::Removed { index, layer } => {
            let at = index.min(state.layers.len());
            state.layers.insert(at, *layer);
        }
        UndoStep::Settings { id, ready, legend } => {
            let l = state.layers.iter_mut().find(|l| l.id == id)?;
            l.ready = *ready;
            l.legend = legend;
            state.table.forget_layer(id);
        }
        UndoStep::Opacity { id, opacity } => {
            state.layers.iter_mut().find(|l| l.id == id)?.opacity = opacity;
        }
        UndoStep::Visible { id, visible } => {
            state.layers.iter_mut().find(|l| l.id == id)?.visible = visible;
        }
        UndoStep::Legend { id, legend } => {
            state.layers.iter_mut().find(|l| l.id == id)?.legend = legend;
        }
        UndoStep::Moved { id, index } => {
            let from = state.layers.iter().position(|l| l.id == id)?;
            let l = state.layers.remove(from);
            let at = index.min(state.layers.len());
            state.layers.insert(at, l);
        }
    }
    state.layers_changed();
    state.layer(id).map(|l| l.layer().name.clone())
}
