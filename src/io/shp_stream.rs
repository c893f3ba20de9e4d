//! A plain `.shp` read a window of records at a time, so a national layer's 70+ MB file is never
//! held whole in memory beside the geometry made from it (peak memory, issue 12: the bytes and
//! the geometry were both held, about twice the coordinates).
//!
//! Only for the common case, a `.shx` that fits: its entries increase, do not overlap and stay
//! inside the file, and each record header found in a window agrees with its entry. Anything
//! else (a doubtful index, a header that disagrees, a file that changed size, a read error) is
//! `None`/an error here, and the caller reads the whole file the fully checked way, which also
//! words the problem. Not for zip members (already in memory) or for parsing records.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Result, ZoneError};
use crate::io::open::open_regular;
use crate::io::shx::RecordSpan;

/// At most this many bytes of records are held at once (one window; more for one huge record).
const WINDOW_BYTES: usize = 8 << 20;

/// The `.shp` header is 100 bytes; records start after it.
const HEADER_BYTES: usize = 100;

/// What `for_each_window` calls: a window of bytes, the file offset of its first byte, the
/// records in it.
pub type WindowFn<'a> = dyn FnMut(&[u8], usize, &[RecordSpan]) -> Result<()> + 'a;

/// A `.shp` on disk: its header and length, its records read on demand.
pub struct ShpFile {
    path: PathBuf,
    file: std::fs::File,
    /// The first bytes (the 100-byte header, or all of a shorter file).
    pub head: Vec<u8>,
    pub len: usize,
}

impl ShpFile {
    /// Opens `path` and reads its header.
    pub fn open(path: &Path) -> Result<ShpFile> {
        let (mut file, len) = open_regular(path)?;
        let len = usize::try_from(len)
            .map_err(|_| ZoneError::format(path, "too large to read on this machine"))?;
        let mut head = Vec::with_capacity(HEADER_BYTES);
        (&mut file)
            .take(HEADER_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| ZoneError::io(path, e))?;
        Ok(ShpFile {
            path: path.to_path_buf(),
            file,
            head,
            len,
        })
    }

    /// The record spans the `.shx` gives, when they increase, do not overlap and stay inside
    /// the file; `None` otherwise (the caller's full check decides what to do).
    pub fn spans(&self, shx: &[u8]) -> Option<Vec<RecordSpan>> {
        if shx.len() < HEADER_BYTES || be_i32(shx, 0) != Some(9994) {
            return None;
        }
        let entries = shx[HEADER_BYTES..].chunks_exact(8);
        let mut spans = Vec::with_capacity(entries.len().min(self.len / 8));
        let mut previous_end = HEADER_BYTES;
        for e in entries {
            let offset_words = i32::from_be_bytes([e[0], e[1], e[2], e[3]]);
            let len_words = i32::from_be_bytes([e[4], e[5], e[6], e[7]]);
            let span = RecordSpan {
                offset: usize::try_from(offset_words).ok()? * 2,
                len: usize::try_from(len_words).ok()? * 2,
            };
            if span.offset < previous_end || span.end() > self.len {
                return None;
            }
            previous_end = span.end();
            spans.push(span);
        }
        Some(spans)
    }

    /// Calls `f` with consecutive runs of `spans` and the bytes holding them (`window[k]` is byte
    /// `base + k` of the file), each record's header checked against its span. An error when a
    /// header disagrees or the file cannot be read as it was opened.
    pub fn for_each_window(&mut self, spans: &[RecordSpan], f: &mut WindowFn<'_>) -> Result<()> {
        let mut window = Vec::new();
        let mut first = 0;
        while first < spans.len() {
            let base = spans[first].offset;
            let mut last = first + 1;
            while last < spans.len() && spans[last].end() - base <= WINDOW_BYTES {
                last += 1;
            }
            let end = spans[last - 1].end();
            window.clear();
            window.resize(end - base, 0);
            self.file
                .seek(SeekFrom::Start(base as u64))
                .and_then(|_| self.file.read_exact(&mut window))
                .map_err(|e| ZoneError::io(&self.path, e))?;
            let run = &spans[first..last];
            for s in run {
                let header_len = be_i32(&window, s.offset - base + 4).map(|w| i64::from(w) * 2);
                if header_len != Some(s.len as i64) {
                    return Err(ZoneError::format(
                        &self.path,
                        "a record header disagrees with the .shx",
                    ));
                }
            }
            f(&window, base, run)?;
            first = last;
        }
        Ok(())
    }
}

fn be_i32(bytes: &[u8], at: usize) -> Option<i32> {
    let b = bytes.get(at..at + 4)?;
    Some(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}
