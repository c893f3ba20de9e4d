//! Tile images to RGBA pixels with the `image` crate (PNG, JPEG, WebP), the format sniffed from
//! the bytes (stores mislabel formats; JPEG and PNG mixed in one MBTiles is common).
//!
//! Not for caching (see `worker` and the app's texture cache).

use super::BasemapProblem;

/// The largest tile side drawn (tiles are 256 or 512 pixels; a bigger "tile" is a mistake or a
/// trap, and would cost its square in memory).
pub const MAX_TILE_PX: u32 = 1024;

/// A decoded tile: straight (not premultiplied) RGBA, row by row from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedTile {
    pub width_px: u32,
    pub height_px: u32,
    pub rgba: Vec<u8>,
}

impl DecodedTile {
    /// The pixel at (`x`, `y`), clamped to the image.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let x = x.min(self.width_px.saturating_sub(1)) as usize;
        let y = y.min(self.height_px.saturating_sub(1)) as usize;
        let i = (y * self.width_px as usize + x) * 4;
        match self.rgba.get(i..i + 4) {
            Some(p) => [p[0], p[1], p[2], p[3]],
            None => [0, 0, 0, 0],
        }
    }

    /// Bytes held.
    pub fn size_bytes(&self) -> usize {
        self.rgba.len()
    }
}

/// Decodes one tile's bytes.
pub fn decode(bytes: &[u8]) -> Result<DecodedTile, BasemapProblem> {
    use image::ImageDecoder;
    let format = image::guess_format(bytes).map_err(|_| BasemapProblem::UnknownImage)?;
    if !matches!(
        format,
        image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::WebP
    ) {
        return Err(BasemapProblem::UnknownImage);
    }
    let bad = |e: image::ImageError| BasemapProblem::BadImage(e.to_string());
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let decoder = reader.into_decoder().map_err(bad)?;
    let (w, h) = decoder.dimensions();
    if w > MAX_TILE_PX || h > MAX_TILE_PX || w == 0 || h == 0 {
        return Err(BasemapProblem::TooLarge(w, h));
    }
    let img = image::DynamicImage::from_decoder(decoder).map_err(bad)?;
    let rgba = img.into_rgba8();
    Ok(DecodedTile {
        width_px: rgba.width(),
        height_px: rgba.height(),
        rgba: rgba.into_raw(),
    })
}
