//! Where each record of a `.shp` lies: from the `.shx` index when it is consistent with the
//! `.shp`, else by walking the `.shp`'s own record headers (with a warning). Also the check
//! that a record's declared point and part counts fit in its bytes, before anything is
//! allocated for them.
//!
//! An index is trusted only when its entries increase, do not overlap and stay inside the `.shp`:
//! a hostile `.shx` whose 200,000 entries all point at the largest record would otherwise make
//! one record be parsed 200,000 times. Not for parsing geometry (see `shp_geometry`).

use std::path::Path;

use crate::error::{Result, ZoneError};

/// A record's place in the `.shp`: the byte offset of its 8-byte header and its content length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordSpan {
    pub offset: usize,
    pub len: usize,
}

impl RecordSpan {
    /// The byte just past the record (header and content).
    pub fn end(&self) -> usize {
        self.offset + 8 + self.len
    }
}

/// The `.shp` header is 100 bytes; records start after it.
const HEADER_BYTES: usize = 100;

/// The records of `shp`, from `shx` when it agrees with the `.shp`, else from the `.shp`'s own
/// record headers (warning why). Errors when neither gives a consistent list.
pub fn record_spans(
    shx: &[u8],
    shp: &[u8],
    shx_path: &Path,
    shp_path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<RecordSpan>> {
    if shx.len() < HEADER_BYTES || be_i32(shx, 0) != Some(9994) {
        return Err(ZoneError::format(
            shx_path,
            "not a valid .shx index (bad header)",
        ));
    }
    match spans_from_index(shx, shp) {
        Ok(spans) => Ok(spans),
        Err(why) => match walk_shp(shp) {
            Ok(spans) => {
                warnings.push(format!(
                    "the .shx index does not fit the .shp ({why}): the {} records were found by \
                     reading the .shp from start to end instead; rebuild the .shx (save a copy \
                     in QGIS) to be rid of this",
                    spans.len()
                ));
                Ok(spans)
            }
            Err(walk) => Err(ZoneError::format(
                shx_path,
                format!(
                    "the .shx index does not fit the .shp ({why}), and the .shp's own record \
                     headers do not either ({walk}): {} is damaged or truncated",
                    file_name(shp_path)
                ),
            )),
        },
    }
}

/// The index's entries, checked: each record starts after the previous one ends, its header in
/// the `.shp` gives the same length, and it ends inside the file.
fn spans_from_index(shx: &[u8], shp: &[u8]) -> std::result::Result<Vec<RecordSpan>, String> {
    let entries = shx[HEADER_BYTES..].chunks_exact(8);
    let mut spans = Vec::with_capacity(entries.len().min(shp.len() / 8));
    let mut previous_end = HEADER_BYTES;
    for (i, e) in entries.enumerate() {
        let offset_words = i32::from_be_bytes([e[0], e[1], e[2], e[3]]);
        let len_words = i32::from_be_bytes([e[4], e[5], e[6], e[7]]);
        if offset_words < 0 || len_words < 0 {
            return Err(format!("entry {i} has a negative offset or length"));
        }
        let span = RecordSpan {
            offset: offset_words as usize * 2,
            len: len_words as usize * 2,
        };
        if span.offset < previous_end {
            return Err(format!(
                "entry {i} points at byte {}, inside or before record {}",
                span.offset,
                i.saturating_sub(1)
            ));
        }
        if span.end() > shp.len() {
            return Err(format!(
                "entry {i} reaches byte {}, past the end of the .shp ({} bytes)",
                span.end(),
                shp.len()
            ));
        }
        let header_len = be_i32(shp, span.offset + 4).map(|w| w as i64 * 2);
        if header_len != Some(span.len as i64) {
            return Err(format!(
                "entry {i} says {} bytes but the .shp's record header there says {}",
                span.len,
                header_len.map_or("nothing".to_string(), |l| l.to_string())
            ));
        }
        previous_end = span.end();
        spans.push(span);
    }
    Ok(spans)
}

/// The records found by following the `.shp`'s record headers from byte 100 to the file length
/// its header states (or the real length, when shorter).
fn walk_shp(shp: &[u8]) -> std::result::Result<Vec<RecordSpan>, String> {
    let declared = be_i32(shp, 24)
        .filter(|w| *w >= 0)
        .map_or(shp.len(), |w| w as usize * 2);
    let end = declared.min(shp.len());
    let mut spans = Vec::new();
    let mut pos = HEADER_BYTES;
    while pos + 8 <= end {
        let len_words = be_i32(shp, pos + 4).unwrap_or(-1);
        if len_words < 0 {
            return Err(format!("the record at byte {pos} has a negative length"));
        }
        let span = RecordSpan {
            offset: pos,
            len: len_words as usize * 2,
        };
        if span.end() > shp.len() {
            return Err(format!(
                "the record at byte {pos} runs to byte {}, past the end ({} bytes)",
                span.end(),
                shp.len()
            ));
        }
        spans.push(span);
        pos = span.end();
    }
    Ok(spans)
}

/// Checks that the point and part counts a record declares fit in its content, so a record
/// claiming 2³¹ points is refused before any memory is asked for them.
pub fn check_declared_counts(content: &[u8]) -> std::result::Result<(), String> {
    let Some(shape_type) = le_i32(content, 0) else {
        return Ok(());
    };
    // Whether the record has parts, and the bytes each part takes (Multipatch records carry a
    // part type per part as well as its start index).
    let (has_parts, per_part): (bool, u64) = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 => (true, 4),
        31 => (true, 8),
        8 | 18 | 28 => (false, 0),
        _ => return Ok(()),
    };
    let (parts, points) = if has_parts {
        (le_i32(content, 36), le_i32(content, 40))
    } else {
        (Some(0), le_i32(content, 36))
    };
    let (Some(parts), Some(points)) = (parts, points) else {
        return Err("the record is too short for its counts".into());
    };
    if parts < 0 || points < 0 {
        return Err(format!("it declares {parts} parts and {points} points"));
    }
    // x/y alone; optional M and Z values only add to what the record must hold.
    let fixed: u64 = if has_parts { 44 } else { 40 };
    let needed = fixed + parts as u64 * per_part + points as u64 * 16;
    if needed > content.len() as u64 {
        return Err(format!(
            "it declares {parts} parts and {points} points, which need at least {needed} bytes, \
             but the record holds {}",
            content.len()
        ));
    }
    Ok(())
}

fn be_i32(bytes: &[u8], at: usize) -> Option<i32> {
    let b = bytes.get(at..at + 4)?;
    Some(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The little-endian `i32` at byte `at`, if the bytes reach that far.
pub(crate) fn le_i32(bytes: &[u8], at: usize) -> Option<i32> {
    let b = bytes.get(at..at + 4)?;
    Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A .shp of `n` null records (12 bytes each: header + shape type 0) and its .shx.
    fn null_records(n: usize) -> (Vec<u8>, Vec<u8>) {
        let mut shp = vec![0u8; 100];
        shp[..4].copy_from_slice(&9994i32.to_be_bytes());
        let mut shx = shp.clone();
        for i in 0..n {
            let offset = shp.len();
            shp.extend_from_slice(&(i as i32 + 1).to_be_bytes());
            shp.extend_from_slice(&2i32.to_be_bytes());
            shp.extend_from_slice(&0i32.to_le_bytes());
            shx.extend_from_slice(&((offset / 2) as i32).to_be_bytes());
            shx.extend_from_slice(&2i32.to_be_bytes());
        }
        let words = (shp.len() / 2) as i32;
        shp[24..28].copy_from_slice(&words.to_be_bytes());
        (shp, shx)
    }

    #[test]
    fn a_good_index_is_used() {
        let (shp, shx) = null_records(3);
        let mut w = Vec::new();
        let spans =
            record_spans(&shx, &shp, Path::new("a.shx"), Path::new("a.shp"), &mut w).unwrap();
        assert_eq!(spans.len(), 3);
        assert_eq!(
            spans[1],
            RecordSpan {
                offset: 112,
                len: 4
            }
        );
        assert!(w.is_empty());
    }

    #[test]
    fn an_index_pointing_at_one_record_many_times_is_replaced_by_the_walk() {
        let (shp, mut shx) = null_records(3);
        // Every entry names the first record.
        let first = shx[100..108].to_vec();
        for e in shx[100..].chunks_exact_mut(8) {
            e.copy_from_slice(&first);
        }
        let mut w = Vec::new();
        let spans =
            record_spans(&shx, &shp, Path::new("a.shx"), Path::new("a.shp"), &mut w).unwrap();
        assert_eq!(spans.len(), 3);
        assert!(w[0].contains("entry 1 points at byte 100"), "{w:?}");
    }

    #[test]
    fn counts_beyond_the_record_are_refused() {
        // A polygon record declaring 1 part and 2^31 - 1 points in 44 + 4 bytes.
        let mut content = 5i32.to_le_bytes().to_vec();
        content.extend_from_slice(&[0u8; 32]);
        content.extend_from_slice(&1i32.to_le_bytes());
        content.extend_from_slice(&i32::MAX.to_le_bytes());
        content.extend_from_slice(&0i32.to_le_bytes());
        let err = check_declared_counts(&content).unwrap_err();
        assert!(err.contains("2147483647 points"), "{err}");
    }
}
