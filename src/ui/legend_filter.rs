//! Legend entries switched off by the user, and the per-feature "hidden" mask the map reads at
//! draw time (and identify respects). Each feature's legend entry comes from the layer's style;
//! toggling an entry only rewrites the mask — nothing is re-tessellated.
//!
//! Not for styling (see `style`) or for drawing (see `map::draw`).

use crate::ui::style::LayerStyle;

/// Which legend entries of one layer are off, and the features that hides.
#[derive(Debug, Clone, Default)]
pub struct LegendFilter {
    /// One flag per legend entry (same order as `LayerStyle::legend`); true = hidden.
    pub off: Vec<bool>,
    /// One flag per feature (fid = index); true = not drawn. Empty while nothing is hidden.
    pub hidden_fids: Vec<bool>,
}

impl LegendFilter {
    /// Switches legend entry `entry` of a layer styled by `style` on or off.
    pub fn set(&mut self, style: &LayerStyle, entry: usize, hidden: bool) {
        if entry >= style.legend.len() {
            return;
        }
        if self.off.len() != style.legend.len() {
            self.off = vec![false; style.legend.len()];
        }
        self.off[entry] = hidden;
        if self.off.iter().any(|&o| o) {
            self.hidden_fids = style
                .classes
                .iter()
                .map(|&c| self.off.get(c).copied().unwrap_or(false))
                .collect();
        } else {
            self.hidden_fids.clear();
        }
    }

    /// Whether legend entry `entry` is switched off.
    pub fn is_off(&self, entry: usize) -> bool {
        self.off.get(entry).copied().unwrap_or(false)
    }

    /// Whether feature `fid` is hidden by a switched-off entry.
    pub fn hides(&self, fid: usize) -> bool {
        self.hidden_fids.get(fid).copied().unwrap_or(false)
    }
}
