//! The `.gdbtablx` row index: for each object id, the byte offset of its row in the `.gdbtable`
//! (0 for a deleted row). Offsets are 4, 5 or 6 bytes wide, grouped in pages of 1024 rows; sparse
//! tables keep only the pages that hold rows and a bitmap of which pages those are. Version 3
//! files count rows in the header, version 4 (64-bit object ids) in the trailer.
//!
//! Declared page counts are checked against the file size before anything is allocated. Not for
//! reading the rows themselves (see `table`).

use super::bytes::Cursor;

/// Where one live row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLocation {
    /// The object id (1-based).
    pub oid: u64,
    /// Byte offset of the row in the `.gdbtable`.
    pub offset: u64,
}

/// The live rows of a table in object-id order, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIndex {
    pub rows: Vec<RowLocation>,
    /// Object-id slots marked deleted (offset 0 or absent page).
    pub deleted: u64,
    /// False when the page bitmap of a version-4 index was not understood: rows are all read, but
    /// their object ids may be off.
    pub oids_reliable: bool,
}

const PAGE: u64 = 1024;
const HEADER_LEN: u64 = 16;
/// The only version-4 page-bitmap layout understood (see the FGDB spec's trailing section).
const V4_BITMAP_SECTION: u32 = 22 + 32768 + 52;

/// Reads the index of a table of file `version` (3 or 4) from the `.gdbtablx` bytes.
pub fn parse_tablx(bytes: &[u8], version: u32) -> Result<RowIndex, String> {
    let len = bytes.len() as u64;
    let mut c = Cursor::new(bytes);
    let tablx_version = c.u32("index version")?;
    if tablx_version != version {
        return Err(format!(
            "index version {tablx_version}, but its .gdbtable is version {version}"
        ));
    }
    let (pages, total_v3) = if version == 3 {
        (u64::from(c.u32("page count")?), Some(c.i32("row count")?))
    } else {
        (c.u64("page count")?, None)
    };
    let offset_size = c.u32("offset size")?;
    if !(4..=6).contains(&offset_size) {
        return Err(format!(
            "offsets are said to be {offset_size} bytes wide (4, 5 or 6 expected)"
        ));
    }
    let width = u64::from(offset_size);
    let trailer = pages
        .checked_mul(PAGE * width)
        .and_then(|b| b.checked_add(HEADER_LEN))
        .filter(|&t| t <= len)
        .ok_or_else(|| {
            format!(
                "it declares {pages} pages of 1024 row offsets ({width} bytes each), more than its {len} bytes hold: truncated"
            )
        })?;
    let after = &bytes[trailer as usize..];
    let (total, bitmap, oids_reliable) = match total_v3 {
        Some(total) => {
            let total =
                u64::try_from(total).map_err(|_| format!("the row count is negative ({total})"))?;
            let bitmap = if pages == 0 {
                None
            } else {
                v3_bitmap(after, pages, total)?
            };
            (total, bitmap, true)
        }
        None if pages == 0 => (0, None, true),
        None => v4_trailer(after, pages)?,
    };
    match &bitmap {
        None => {
            if total > pages * PAGE {
                return Err(format!(
                    "it counts {total} rows but holds offsets for only {}",
                    pages * PAGE
                ));
            }
        }
        Some(bits) => {
            if total > bits.len() as u64 * 8 * PAGE {
                return Err(format!(
                    "it counts {total} rows but its page bitmap covers only {}",
                    bits.len() as u64 * 8 * PAGE
                ));
            }
        }
    }
    let offsets = &bytes[HEADER_LEN as usize..trailer as usize];
    let read_offset = |slot: u64| -> u64 {
        let at = (slot * width) as usize;
        let mut b = [0u8; 8];
        b[..offset_size as usize].copy_from_slice(&offsets[at..at + offset_size as usize]);
        u64::from_le_bytes(b)
    };
    let mut rows = Vec::with_capacity(total.min(pages * PAGE) as usize);
    let mut deleted = 0u64;
    // Present pages already passed, and the present page being read: slot = its rank * 1024 + i % 1024.
    let mut present_before = 0u64;
    let mut current: Option<u64> = None;
    let mut i = 0u64;
    while i < total {
        let page = i / PAGE;
        let slot = match &bitmap {
            None => i,
            Some(bits) => {
                if !bit(bits, page) {
                    let next = ((page + 1) * PAGE).min(total);
                    deleted += next - i;
                    i = next;
                    continue;
                }
                if current != Some(page) {
                    if current.is_some() {
                        present_before += 1;
                    }
                    current = Some(page);
                }
                present_before * PAGE + i % PAGE
            }
        };
        if slot >= pages * PAGE {
            return Err(format!(
                "row slot {slot} lies beyond the {pages} pages the index holds"
            ));
        }
        match read_offset(slot) {
            0 => deleted += 1,
            offset => rows.push(RowLocation { oid: i + 1, offset }),
        }
        i += 1;
    }
    Ok(RowIndex {
        rows,
        deleted,
        oids_reliable,
    })
}

fn bit(bits: &[u8], i: u64) -> bool {
    bits.get((i / 8) as usize)
        .is_some_and(|b| b & (1 << (i % 8)) != 0)
}

/// The version-3 trailer: an optional bitmap of which 1024-row pages are present.
fn v3_bitmap(after: &[u8], pages: u64, total: u64) -> Result<Option<Vec<u8>>, String> {
    let mut c = Cursor::new(after);
    let bitmap_words = c.u32("page bitmap size")?;
    let bitmap_bits = u64::from(c.u32("page bitmap bits")?);
    let pages_again = u64::from(c.u32("page count (trailer)")?);
    let _leading = c.u32("page bitmap leading words")?;
    if pages_again != pages {
        return Err(format!(
            "the trailer counts {pages_again} pages, the header {pages}"
        ));
    }
    if bitmap_words == 0 {
        return Ok(None);
    }
    let n_bytes = bitmap_bits.div_ceil(8) as usize;
    if n_bytes > c.remaining() {
        return Err(format!(
            "the page bitmap of {bitmap_bits} bits runs past the end of the file: truncated"
        ));
    }
    let bits = c.take(n_bytes, "page bitmap")?.to_vec();
    let present: u64 = bits.iter().map(|b| u64::from(b.count_ones())).sum();
    if present != pages {
        return Err(format!(
            "the page bitmap marks {present} pages present but the index holds {pages}"
        ));
    }
    if total > bitmap_bits * PAGE {
        return Err(format!(
            "it counts {total} rows but its page bitmap covers only {}",
            bitmap_bits * PAGE
        ));
    }
    Ok(Some(bits))
}

/// The version-4 trailer: the row count, then a page bitmap in the one layout understood.
fn v4_trailer(after: &[u8], pages: u64) -> Result<(u64, Option<Vec<u8>>, bool), String> {
    let mut c = Cursor::new(after);
    let total = c.u64("row count")?;
    let section = c.u32("page bitmap section size")?;
    if section == 0 {
        return Ok((total, None, true));
    }
    if section == V4_BITMAP_SECTION && c.remaining() >= section as usize {
        let block = c.take(section as usize, "page bitmap section")?;
        let magic_ok = block[..6] == [1, 0, 1, 0, 0, 0]
            && block[22 + 32768..22 + 32768 + 12] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        if magic_ok && total <= 32768 * 8 * PAGE {
            let bits = block[22..22 + 32768].to_vec();
            let present: u64 = bits.iter().map(|b| u64::from(b.count_ones())).sum();
            if present == pages {
                return Ok((total, Some(bits), true));
            }
        }
    }
    // Not understood: every present page is read in order; object ids may be shifted.
    Ok((pages * PAGE, None, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v3(pages: u32, total: i32, offsets: &[u32], bitmap: Option<(u32, &[u8])>) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend(3u32.to_le_bytes());
        b.extend(pages.to_le_bytes());
        b.extend(total.to_le_bytes());
        b.extend(4u32.to_le_bytes());
        let mut slots = vec![0u32; pages as usize * 1024];
        slots[..offsets.len()].copy_from_slice(offsets);
        for s in slots {
            b.extend(s.to_le_bytes());
        }
        match bitmap {
            None => {
                b.extend([0u8; 4]);
                b.extend(0u32.to_le_bytes());
                b.extend(pages.to_le_bytes());
                b.extend([0u8; 4]);
            }
            Some((nbits, bits)) => {
                b.extend(1u32.to_le_bytes());
                b.extend(nbits.to_le_bytes());
                b.extend(pages.to_le_bytes());
                b.extend(0u32.to_le_bytes());
                b.extend(bits);
            }
        }
        b
    }

    #[test]
    fn dense_index_skips_deleted_rows() {
        let idx = parse_tablx(&v3(1, 4, &[100, 0, 300, 400], None), 3).unwrap();
        let oids: Vec<u64> = idx.rows.iter().map(|r| r.oid).collect();
        assert_eq!(oids, [1, 3, 4]);
        assert_eq!(idx.rows[1].offset, 300);
        assert_eq!(idx.deleted, 1);
        assert!(idx.oids_reliable);
    }

    #[test]
    fn sparse_index_maps_pages_through_the_bitmap() {
        // Pages 0 and 2 present (bits 0b101), page 1 (oids 1025..2048) absent.
        let mut offsets = vec![0u32; 2048];
        offsets[0] = 50; // oid 1
        offsets[1024 + 5] = 70; // second stored page, slot 5 -> oid 2048 + 6
        let idx = parse_tablx(&v3(2, 2048 + 6, &offsets, Some((3, &[0b101]))), 3).unwrap();
        let got: Vec<(u64, u64)> = idx.rows.iter().map(|r| (r.oid, r.offset)).collect();
        assert_eq!(got, [(1, 50), (2054, 70)]);
        assert_eq!(idx.deleted, 2048 + 6 - 2);
    }

    #[test]
    fn page_counts_beyond_the_file_are_refused_before_allocating() {
        let mut b = v3(1, 3, &[10, 20, 30], None);
        b[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = parse_tablx(&b, 3).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        let e = parse_tablx(&b[..1000], 3).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn row_counts_beyond_the_pages_are_refused() {
        let e = parse_tablx(&v3(1, 5000, &[], None), 3).unwrap_err();
        assert!(e.contains("5000 rows"), "{e}");
        let e = parse_tablx(&v3(1, 1, &[1], None), 4).unwrap_err();
        assert!(e.contains("version"), "{e}");
    }

    #[test]
    fn version_4_counts_rows_in_the_trailer() {
        let mut b = Vec::new();
        b.extend(4u32.to_le_bytes());
        b.extend(1u64.to_le_bytes());
        b.extend(5u32.to_le_bytes());
        let mut slots = vec![0u8; 1024 * 5];
        slots[..5].copy_from_slice(&[0x10, 0, 0, 0, 1]); // 2^32 + 16: a 5-byte offset
        slots[5..10].copy_from_slice(&[0x20, 0, 0, 0, 0]);
        b.extend(slots);
        b.extend(2u64.to_le_bytes());
        b.extend(0u32.to_le_bytes());
        let idx = parse_tablx(&b, 4).unwrap();
        assert_eq!(
            idx.rows,
            [
                RowLocation {
                    oid: 1,
                    offset: (1 << 32) + 16
                },
                RowLocation { oid: 2, offset: 32 }
            ]
        );
    }
}
