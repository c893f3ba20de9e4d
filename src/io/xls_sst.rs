//! The shared-string table (SST record, MS-XLS 2.4.265) of an .xls Workbook stream, walked as
//! calamine 0.38 walks it (`parse_sst`, `read_rich_extended_string`, `read_dbcs`), to refuse
//! a table whose strings are cut where calamine reads without checking: a rich-text run count or
//! an extended-data size cut off at a record’s end, or a CONTINUE record with no bytes where a
//! string goes on (each panicked the process: fuzz finding 14).
//!
//! Written by hand because calamine offers no checked entry point; it follows calamine's own
//! reading step for step, so a table calamine reads is never refused, and where calamine would
//! stop with an error of its own the walk stops quietly and lets it.

/// The BIFF record type of a CONTINUE, which carries on the record before it.
const CONTINUE: u16 = 0x003C;

/// The pieces of one record as calamine's `RecordIter` gathers them: the record's body and
/// the bodies of the CONTINUE records right after it.
struct Pieces<'a> {
    data: &'a [u8],
    continues: std::vec::IntoIter<&'a [u8]>,
}

impl<'a> Pieces<'a> {
    /// The record at `at` in `stream` (its 4-byte header there) and the CONTINUEs that follow;
    /// `None` where calamine's record reader stops with an error first.
    fn at(stream: &'a [u8], at: usize) -> Option<Self> {
        let header = |i: usize| {
            let b = stream.get(i..i + 4)?;
            Some((
                u16::from_le_bytes([b[0], b[1]]),
                usize::from(u16::from_le_bytes([b[2], b[3]])),
            ))
        };
        let (_, len) = header(at)?;
        let data = stream.get(at + 4..at + 4 + len)?;
        let mut next = at + 4 + len;
        let mut continues = Vec::new();
        // calamine gathers CONTINUEs only while more than a record header's 4 bytes are left.
        while stream.len() - next > 4 {
            let Some((CONTINUE, len)) = header(next) else {
                break;
            };
            continues.push(stream.get(next + 4..next + 4 + len)?);
            next += 4 + len;
        }
        Some(Pieces {
            data,
            continues: continues.into_iter(),
        })
    }

    /// calamine's `continue_record`: on to the next CONTINUE's bytes, if there is one.
    fn next_piece(&mut self) -> bool {
        match self.continues.next() {
            Some(piece) => {
                self.data = piece;
                true
            }
            None => false,
        }
    }

    /// calamine's `Record::skip`; `false` where it gives an error.
    fn skip(&mut self, mut len: usize) -> bool {
        while len > 0 {
            if self.data.is_empty() && !self.next_piece() {
                return false;
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        true
    }
}

/// What the walk of one string found.
enum Step {
    /// Read; the walk goes on.
    Read,
    /// calamine stops with an error of its own here: nothing more to check.
    CalamineErrs,
    /// calamine would panic here, for this reason.
    Panics(&'static str),
}

/// Refuses the SST record whose header is at byte `at` of `stream` where calamine would panic
/// reading it; the reason is a sentence for the caller to prefix with the file.
pub fn check_sst(stream: &[u8], at: usize) -> Result<(), String> {
    let Some(mut r) = Pieces::at(stream, at) else {
        return Ok(());
    };
    if r.data.len() < 8 {
        return Ok(());
    }
    r.data = &r.data[8..];
    let mut string = 0usize;
    while !r.data.is_empty() || r.next_piece() {
        string += 1;
        match read_string(&mut r) {
            Step::Read => {}
            Step::CalamineErrs => return Ok(()),
            Step::Panics(why) => {
                return Err(format!(
                    "string {string} of the shared-string table (SST record at byte {at} of the \
                     Workbook stream) {why}: the file is damaged"
                ));
            }
        }
    }
    Ok(())
}

/// One XLUnicodeRichExtendedString, as `read_rich_extended_string` reads it.
fn read_string(r: &mut Pieces<'_>) -> Step {
    if r.data.is_empty() {
        return Step::Read;
    }
    if r.data.len() < 3 {
        return Step::CalamineErrs;
    }
    let cch = usize::from(u16::from_le_bytes([r.data[0], r.data[1]]));
    let flags = r.data[2];
    r.data = &r.data[3..];
    let mut runs = 0usize;
    if flags & 0x8 != 0 {
        let Some(b) = r.data.get(..2) else {
            return Step::Panics("is cut before its count of rich-text runs");
        };
        runs = usize::from(u16::from_le_bytes([b[0], b[1]]));
        r.data = &r.data[2..];
    }
    let mut extended = 0usize;
    if flags & 0x4 != 0 {
        let Some(b) = r.data.get(..4) else {
            return Step::Panics("is cut before the size of its extended data");
        };
        // calamine converts the signed size as it is: a negative one becomes enormous and
        // its skip below ends in an error, not a panic.
        extended = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        r.data = &r.data[4..];
    }
    // read_dbcs: characters of one or two bytes, going on into CONTINUEs, each of which starts
    // with its own high-byte flag.
    let mut two_bytes = flags & 0x1 != 0;
    let mut left = cch;
    while left > 0 {
        let (chars, bytes) = if two_bytes {
            let chars = (r.data.len() / 2).min(left);
            (chars, 2 * chars)
        } else {
            let chars = r.data.len().min(left);
            (chars, chars)
        };
        r.data = &r.data[bytes..];
        left -= chars;
        if left > 0 {
            if !r.next_piece() {
                return Step::CalamineErrs;
            }
            let Some(&flag) = r.data.first() else {
                return Step::Panics("goes on into a CONTINUE record that is empty");
            };
            two_bytes = flag & 0x1 != 0;
            r.data = &r.data[1..];
        }
    }
    if !r.skip(runs * 4) || !r.skip(extended) {
        return Step::CalamineErrs;
    }
    Step::Read
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BIFF record: type, length, body.
    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(body.len() as u16).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    /// An SST body: the two counts, then the strings' bytes.
    fn sst(strings: &[u8]) -> Vec<u8> {
        let mut body = vec![0u8; 8];
        body.extend_from_slice(strings);
        body
    }

    #[test]
    fn a_well_formed_table_passes() {
        // "ab" in one byte a character; "中" in two; a rich string with one run and 2 bytes of
        // extended data, its text going on into a CONTINUE that switches to two bytes.
        let mut strings = vec![2, 0, 0, b'a', b'b', 1, 0, 1, 0x2D, 0x4E];
        strings.extend_from_slice(&[2, 0, 0x0C, 1, 0, 2, 0, 0, 0, b'x']);
        let mut stream = record(0x00FC, &sst(&strings));
        stream.extend(record(CONTINUE, &[1, b'y', 0, 0, 0, 0, 0, 0xAA, 0xBB]));
        stream.extend(record(0x000A, &[]));
        assert_eq!(check_sst(&stream, 0), Ok(()));
    }

    #[test]
    fn strings_cut_where_calamine_reads_unchecked_are_refused() {
        // The run count's two bytes are not there (the fuzz finding's shape: flags 0x08 at the
        // record's end).
        let stream = record(0x00FC, &sst(&[5, 0, 0x08, 1]));
        let err = check_sst(&stream, 0).unwrap_err();
        assert!(
            err.starts_with("string 1 of the shared-string table"),
            "{err}"
        );
        assert!(err.contains("rich-text runs"), "{err}");
        // The extended-data size cut short, in the second string.
        let stream = record(0x00FC, &sst(&[1, 0, 0, b'a', 5, 0, 0x04, 1, 2]));
        let err = check_sst(&stream, 0).unwrap_err();
        assert!(err.starts_with("string 2 "), "{err}");
        // Text that goes on into an empty CONTINUE.
        let mut stream = record(0x00FC, &sst(&[4, 0, 0, b'a', b'b']));
        stream.extend(record(CONTINUE, &[]));
        stream.extend(record(0x000A, &[]));
        assert!(check_sst(&stream, 0).unwrap_err().contains("empty"));
    }

    #[test]
    fn where_calamine_gives_its_own_error_the_walk_stops_quietly() {
        // Text longer than the record with no CONTINUE: calamine's "EoStream(dbcs)".
        assert_eq!(
            check_sst(&record(0x00FC, &sst(&[9, 0, 0, b'a'])), 0),
            Ok(())
        );
        // Two bytes where a string's header needs three; an SST without its counts.
        assert_eq!(check_sst(&record(0x00FC, &sst(&[1, 0])), 0), Ok(()));
        assert_eq!(check_sst(&record(0x00FC, &[0; 4]), 0), Ok(()));
        // A negative extended size: skipped until the data ends, an error.
        let stream = record(0x00FC, &sst(&[1, 0, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, b'a']));
        assert_eq!(check_sst(&stream, 0), Ok(()));
        // A trailing empty CONTINUE with nothing after it is not gathered by calamine: the text
        // runs out, an error, no panic.
        let mut stream = record(0x00FC, &sst(&[4, 0, 0, b'a', b'b']));
        stream.extend(record(CONTINUE, &[]));
        assert_eq!(check_sst(&stream, 0), Ok(()));
    }
}
