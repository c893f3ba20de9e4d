//! The basemap under the report's map figure: resampled into the figure's frame by the engine's
//! `basemap::resample`, softened towards white so the zoning colours stay readable, and laid
//! on the blank figure before anything else is drawn.
//!
//! Not for the attribution line (the figure writes it with its other text).

use tiny_skia::Pixmap;

use crate::basemap::resample::{RasterFrame, render};
use crate::basemap::{Basemap, BasemapError};

/// How much of the basemap shows through the white veil (1 = as is).
const STRENGTH: f32 = 0.8;

/// Draws `basemap` over the (white, opaque) figure; returns the tiles that could not be drawn.
pub(super) fn draw_basemap(
    pm: &mut Pixmap,
    basemap: &Basemap,
    frame: &RasterFrame,
) -> Vec<BasemapError> {
    let drawn = render(basemap, frame);
    let data = pm.data_mut();
    for (dst, src) in data.chunks_exact_mut(4).zip(drawn.rgba.chunks_exact(4)) {
        let a = f32::from(src[3]) / 255.0 * STRENGTH;
        for k in 0..3 {
            let under = f32::from(dst[k]);
            dst[k] = (under + (f32::from(src[k]) - under) * a).round() as u8;
        }
    }
    drawn.errors
}
