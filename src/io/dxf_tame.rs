//! Values the dxf crate (0.6) cannot take without panicking, set to harmless ones before it
//! parses a drawing. Both were found by fuzzing:
//! - header dates (`$TDCREATE`, `$TDUCREATE`, `$TDUPDATE`, `$TDUUPDATE`, Julian day numbers)
//!   far outside the calendar: the crate's date arithmetic panics (a `$TDUUPDATE` of 245855413
//!   aborted the process). A value outside ±10 million days becomes 0 (or -1, before the
//!   crate's epoch), both the crate's "no date".
//! - a colour (group code 62) of -32768, or any value the crate saturates to it (`-1e9`,
//!   `-inf`): a layer's colour is read with `i16::abs`, which overflows. It becomes -32767
//!   (still negative, so the layer still reads as switched off).
//!
//! zonecheck uses neither value. The file is walked pair by pair exactly as the crate reads
//! it (ASCII lines, or binary codes of one or two bytes with typed values, using the crate's
//! own `ExpectedType`), so only a real value of the right code is touched, never a string or a
//! coordinate that happens to look like one. The walk does not stop where the crate reports a
//! bad pair: the crate's entity and object readers drop such an error and read on from the
//! next line (fuzz finding 20), so the walk reads on the same way — what the crate consumes for
//! a bad pair depends only on the bytes, never on where in the drawing it is. Written by hand
//! because no crate walks DXF pairs without building the whole drawing (which is the step that
//! panics).
//!
//! Not for reading the header (see `dxf_text::scan_header`).

use std::ops::Range;

use dxf::ExpectedType;
use encoding_rs::Encoding;

/// The header variables the dxf crate reads as dates.
const DATE_VARIABLES: [&[u8]; 4] = [b"$TDCREATE", b"$TDUCREATE", b"$TDUPDATE", b"$TDUUPDATE"];

/// The group code of a header variable's name.
const VARIABLE_CODE: i32 = 9;
/// The group code of a header date's value.
const DATE_CODE: i32 = 40;
/// The group code of a colour number.
const COLOR_CODE: i32 = 62;

/// Julian day numbers beyond this (in size) are not dates (today is about 2.46 million; the
/// crate's calendar ends some 95 million days from 1900).
const MAX_DAYS: f64 = 1.0e7;

/// What an overflowing colour becomes (still negative, so a layer stays switched off), as a
/// value line and as a binary value.
const TAME_COLOR: &str = "-32767.0";
const TAME_COLOR_WHOLE: &str = "-32767";
const TAME_COLOR_BINARY: i16 = -32767;

/// What a date beyond the calendar becomes: the crate reads 0 and anything before its epoch
/// as "no date".
const NO_DATE: &str = "0.0";
const NO_DATE_WHOLE: &str = "-1";

/// The first line of a binary DXF, and of a DXB file, as the crate compares them.
const BINARY_SENTINEL: &str = "AutoCAD Binary DXF";
const DXB_SENTINEL: &str = "AutoCAD DXB 1.0";

fn is_date(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_DAYS
}

/// `bytes` with every value the dxf crate would panic on replaced; `None` when there is none
/// (the usual case: nothing is copied).
///
/// Lines are read as the crate reads them: code lines decoded as Windows-1252 and values in
/// `encoding` (the one the crate is given), then trimmed of Unicode spaces, so a code line that
/// is not UTF-8 may still be a code to the crate (fuzz finding 19: `\xa010`, a no-break space
/// and 10 in Windows-1252).
pub fn tame_for_dxf_crate(bytes: &[u8], encoding: &'static Encoding) -> Option<Vec<u8>> {
    let lines = split_lines(bytes);
    let first_line = lines
        .first()
        .map(|r| crate_line(&bytes[r.clone()], encoding))
        .unwrap_or_default();
    let edits = match first_line.as_deref() {
        Some(BINARY_SENTINEL) => binary_edits(bytes),
        // The crate's DXB reader takes no code pairs.
        Some(DXB_SENTINEL) => Vec::new(),
        _ => ascii_edits(bytes, &lines, encoding),
    };
    if edits.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for (range, replacement) in edits {
        out.extend_from_slice(&bytes[from..range.start]);
        out.extend_from_slice(&replacement);
        from = range.end;
    }
    out.extend_from_slice(&bytes[from..]);
    Some(out)
}

/// Whether the header variable the pairs now belong to is a date. The crate's header reader
/// gives every pair after a variable's name (code 9) to that variable, up to the next code 0
/// or 9 (fuzz finding 21: a second code 40 after `$TDUCREATE`), so the walk keeps the name of
/// the last variable until then; outside the header that only over-tames, which is harmless.
fn is_date_variable(variable: Option<&[u8]>) -> bool {
    variable.is_some_and(|name| DATE_VARIABLES.contains(&name.trim_ascii()))
}

/// The variable the following pairs belong to, after a pair of `code` with `value`.
fn variable_after<V>(code: i32, value: V, variable: Option<V>) -> Option<V> {
    match code {
        VARIABLE_CODE => Some(value),
        0 => None,
        _ => variable,
    }
}

/// The byte ranges of the lines, without their `\n`.
fn split_lines(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        lines.push(start..bytes.len());
    }
    lines
}

/// A code line (or the first line) as the crate's `read_line` gives it: the bytes of a UTF-8
/// byte-order mark dropped by its own rule (an `EF` first, then `BB` second or `BF` third),
/// decoded with `encoding` (which follows a byte-order mark too), one `\r` dropped; `None`
/// where the crate stops on a malformed line.
fn crate_line(raw: &[u8], encoding: &'static Encoding) -> Option<String> {
    let kept: std::borrow::Cow<[u8]> = if raw.first() == Some(&0xEF) {
        let dropped = |i: usize, b: u8| matches!((i, b), (0, _) | (1, 0xBB) | (2, 0xBF));
        let kept = raw.iter().enumerate().filter(|&(i, &b)| !dropped(i, b));
        kept.map(|(_, &b)| b).collect::<Vec<u8>>().into()
    } else {
        raw.into()
    };
    let (line, _, malformed) = encoding.decode(&kept);
    let mut line = (!malformed).then(|| line.into_owned())?;
    if line.ends_with('\r') {
        line.pop();
    }
    Some(line)
}

/// A value line read as a number by any encoding the crate may be reading values in (the
/// drawing's, or UTF-8 once the version says so, or Windows-1252), as the crate's `parse_f64`
/// and `parse_i16` read it.
fn number_in(raw: &[u8], encoding: &'static Encoding) -> Option<f64> {
    [encoding, encoding_rs::UTF_8, encoding_rs::WINDOWS_1252]
        .into_iter()
        .find_map(|with| {
            let (line, _, malformed) = with.decode(raw);
            if malformed {
                return None;
            }
            line.trim().parse::<f64>().ok()
        })
}

/// What replaces a value: `whole` when the value reads as a whole number, `with_point`
/// otherwise. Both read as the same number; the choice only keeps what the line would be to
/// the crate were it ever read as a code line (a whole number is a code, anything else an
/// error that costs one line), so an edit can never move the crate's reading.
fn replacement(raw: &[u8], whole: &str, with_point: &str) -> Vec<u8> {
    let is_whole = crate_line(raw, encoding_rs::WINDOWS_1252)
        .is_some_and(|line| line.trim().parse::<i32>().is_ok());
    if is_whole { whole } else { with_point }
        .as_bytes()
        .to_vec()
}

/// ASCII DXF: the first line (already taken by the crate as the first code), then code and
/// value lines. The crate's pair reader consumes one line for a code line that is blank or not
/// a whole number (ending the pairs, or an error), and two otherwise (a pair, or an error for
/// an unknown code or a bad value); the walk does the same. The edits replace a value line's
/// text, keeping its line end.
fn ascii_edits(
    bytes: &[u8],
    lines: &[Range<usize>],
    encoding: &'static Encoding,
) -> Vec<(Range<usize>, Vec<u8>)> {
    let mut edits = Vec::new();
    let mut variable: Option<Vec<u8>> = None;
    let mut at = 0;
    while at + 1 < lines.len() {
        let code_line = crate_line(&bytes[lines[at].clone()], encoding_rs::WINDOWS_1252);
        let Some(code) = code_line.and_then(|line| line.trim().parse::<i32>().ok()) else {
            at += 1;
            continue;
        };
        let value_line = lines[at + 1].clone();
        at += 2;
        if ExpectedType::new(code).is_none() {
            continue;
        }
        // The line's text without the `\r` the crate drops, so an edit keeps the line end.
        let raw = &bytes[value_line.clone()];
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let value_range = value_line.start..value_line.start + raw.len();
        if code == DATE_CODE
            && is_date_variable(variable.as_deref())
            && number_in(raw, encoding).is_some_and(|v| !is_date(v))
        {
            edits.push((value_range, replacement(raw, NO_DATE_WHOLE, NO_DATE)));
        } else if code == COLOR_CODE
            && number_in(raw, encoding).is_some_and(|v| v as i16 == i16::MIN)
        {
            edits.push((value_range, replacement(raw, TAME_COLOR_WHOLE, TAME_COLOR)));
        }
        // Only a variable's name is decoded and kept (an empty vector allocates nothing).
        let value = if code == VARIABLE_CODE {
            encoding.decode(raw).0.as_bytes().to_vec()
        } else {
            Vec::new()
        };
        variable = variable_after(code, value, variable);
    }
    edits
}

/// Binary DXF: the sentinel line, 0x1A 0x00, then pairs of a code (one byte, or three when
/// the first is 255, before R13; two bytes after, which an empty first string reveals) and a
/// value whose size the code's type gives. The edits overwrite values in place.
fn binary_edits(bytes: &[u8]) -> Vec<(Range<usize>, Vec<u8>)> {
    let mut edits = Vec::new();
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return edits;
    };
    let mut at = newline + 3;
    let mut two_byte_codes = false;
    let mut first = true;
    let mut variable: Option<&[u8]> = None;
    let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let piece = bytes.get(*at..at.checked_add(n)?)?;
        *at += n;
        Some(piece)
    };
    let string = |at: &mut usize| -> Option<&[u8]> {
        let len = bytes.get(*at..)?.iter().position(|&b| b == 0)?;
        let s = &bytes[*at..*at + len];
        *at += len + 1;
        Some(s)
    };
    while at < bytes.len() {
        let Some(code) = (|| {
            let mut code = i32::from(*take(&mut at, 1)?.first()?);
            if two_byte_codes {
                code += i32::from(*take(&mut at, 1)?.first()?) << 8;
            } else if code == 255 {
                let c = take(&mut at, 2)?;
                code = i32::from(i16::from_le_bytes([c[0], c[1]]));
            }
            Some(code)
        })() else {
            break;
        };
        // An unknown code is an error that costs the crate the code's bytes only.
        let Some(kind) = ExpectedType::new(code) else {
            continue;
        };
        let value_at = at;
        let value = match kind {
            ExpectedType::Boolean => take(&mut at, if two_byte_codes { 1 } else { 2 }),
            ExpectedType::Integer => take(&mut at, 4),
            ExpectedType::Long | ExpectedType::Double => take(&mut at, 8),
            ExpectedType::Short => take(&mut at, 2),
            ExpectedType::Str => {
                let mut s = string(&mut at);
                if first && code == 0 && s.is_some_and(<[u8]>::is_empty) {
                    // The NUL was the second byte of a two-byte code 0.
                    two_byte_codes = true;
                    s = string(&mut at);
                }
                s
            }
            ExpectedType::Binary => take(&mut at, 1)
                .and_then(|n| take(&mut at, usize::from(n[0])))
                .map(|_| &bytes[value_at..at]),
        };
        let Some(value) = value else {
            break;
        };
        first = false;
        if kind == ExpectedType::Double && code == DATE_CODE && is_date_variable(variable) {
            let v = f64::from_le_bytes(value.try_into().unwrap_or([0; 8]));
            if !is_date(v) {
                edits.push((value_at..at, 0f64.to_le_bytes().to_vec()));
            }
        } else if kind == ExpectedType::Short
            && code == COLOR_CODE
            && value == i16::MIN.to_le_bytes()
        {
            edits.push((value_at..at, TAME_COLOR_BINARY.to_le_bytes().to_vec()));
        }
        variable = variable_after(code, value, variable);
    }
    edits
}

#[cfg(test)]
mod tests {
    use encoding_rs::{UTF_8, WINDOWS_1252};

    use super::*;

    #[test]
    fn ascii_dates_beyond_the_calendar_become_zero() {
        let dxf = b"  0\r\nSECTION\r\n  9\r\n$TDCREATE\r\n 40\r\n1e+20\r\n  9\r\n$TDUPDATE\r\n 40\r\n2460000.5\r\n";
        let tamed = tame_for_dxf_crate(dxf, UTF_8).unwrap();
        assert_eq!(
            tamed,
            b"  0\r\nSECTION\r\n  9\r\n$TDCREATE\r\n 40\r\n0.0\r\n  9\r\n$TDUPDATE\r\n 40\r\n2460000.5\r\n"
        );
        assert_eq!(
            tame_for_dxf_crate(b"  9\n$TDUCREATE\n 40\n2460000.5\n", UTF_8),
            None
        );
        assert!(tame_for_dxf_crate(b"  9\n$TDUUPDATE\n 40\ninf\n", UTF_8).is_some());
        // A blank code line is skipped, as the crate's section readers skip it.
        assert_eq!(
            tame_for_dxf_crate(
                b"  9\n$USRTIMER\n 70\n1\n \n  9\n$TDUUPDATE\n 40\n245855413.2\n",
                UTF_8
            )
            .unwrap(),
            b"  9\n$USRTIMER\n 70\n1\n \n  9\n$TDUUPDATE\n 40\n0.0\n"
        );
        // A code 40 that follows no date variable (a text height) is left alone.
        assert_eq!(
            tame_for_dxf_crate(b"  9\n$TEXTSIZE\n 40\n1e+20\n", UTF_8),
            None
        );
    }

    #[test]
    fn ascii_colours_that_overflow_become_minus_32767() {
        // A whole number stays whole, so the line would still read as the same kind of
        // code line (see `replacement`).
        for (bad, tame) in [
            ("-32768", "-32767"),
            ("-2147483648", "-32767"),
            ("-1e9", "-32767.0"),
            ("-inf", "-32767.0"),
            (" -32768.0 ", "-32767.0"),
        ] {
            let dxf = format!("  0\nLAYER\n  2\nA\n 62\n{bad}\n  0\nENDTAB\n");
            let tamed = tame_for_dxf_crate(dxf.as_bytes(), UTF_8).unwrap();
            assert_eq!(
                String::from_utf8(tamed).unwrap(),
                format!("  0\nLAYER\n  2\nA\n 62\n{tame}\n  0\nENDTAB\n"),
                "{bad}"
            );
        }
        // An ordinary colour, a switched-off layer, and the same text under a string code.
        assert_eq!(
            tame_for_dxf_crate(b"  0\nLAYER\n 62\n-7\n 62\n256\n", UTF_8),
            None
        );
        assert_eq!(
            tame_for_dxf_crate(b"  0\nLAYER\n  2\n-32768\n", UTF_8),
            None
        );
        // Pairs are read two lines at a time: a value line reading 62 is not a code.
        assert_eq!(
            tame_for_dxf_crate(b"  1\n 62\n-32768\n  0\n", UTF_8),
            None,
            "the value 62 is followed by code -32768, which the crate refuses: no edit"
        );
    }

    fn binary(two: bool, pairs: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut dxf = b"AutoCAD Binary DXF\r\n\x1a\x00".to_vec();
        for (code, value) in pairs {
            if two {
                dxf.extend(code.to_le_bytes());
            } else {
                dxf.push(*code as u8);
            }
            dxf.extend(value);
        }
        dxf
    }

    #[test]
    fn binary_dates_and_colours_are_tamed_in_place() {
        for two in [false, true] {
            let pairs = vec![
                (0, b"SECTION\0".to_vec()),
                (9, b"$TDCREATE\0".to_vec()),
                (40, 1e300f64.to_le_bytes().to_vec()),
                (9, b"$TEXTSIZE\0".to_vec()),
                (40, 1e300f64.to_le_bytes().to_vec()),
                (62, i16::MIN.to_le_bytes().to_vec()),
                (70, i16::MIN.to_le_bytes().to_vec()),
                (0, b"EOF\0".to_vec()),
            ];
            let dxf = binary(two, &pairs);
            let tamed = tame_for_dxf_crate(&dxf, UTF_8).unwrap();
            let mut want = pairs.clone();
            want[2].1 = 0f64.to_le_bytes().to_vec();
            want[5].1 = (-32767i16).to_le_bytes().to_vec();
            assert_eq!(tamed, binary(two, &want), "two-byte codes: {two}");

            let mut fine = pairs.clone();
            fine[2].1 = 2460000.5f64.to_le_bytes().to_vec();
            fine[5].1 = 7i16.to_le_bytes().to_vec();
            assert_eq!(tame_for_dxf_crate(&binary(two, &fine), UTF_8), None);
        }
    }

    #[test]
    fn binary_values_that_merely_contain_the_pattern_are_left_alone() {
        // A double whose bytes hold "62, 0x00 0x80" and a string naming $TDCREATE: no edit.
        let mut coordinate = [0u8; 8];
        coordinate[2..5].copy_from_slice(&[62, 0x00, 0x80]);
        let pairs = vec![
            (0, b"SECTION\0".to_vec()),
            (10, coordinate.to_vec()),
            (1, b"$TDCREATE\0".to_vec()),
            (40, 1e300f64.to_le_bytes().to_vec()),
            (0, b"EOF\0".to_vec()),
        ];
        assert_eq!(tame_for_dxf_crate(&binary(false, &pairs), UTF_8), None);
        // A cut file ends the walk without a panic.
        let dxf = binary(true, &pairs);
        for len in 0..dxf.len() {
            let _ = tame_for_dxf_crate(&dxf[..len], UTF_8);
        }
    }

    /// Fuzz finding 19: a code line of a no-break space (0xA0 in Windows-1252) and `62` is a
    /// colour to the crate, which reads code lines as Windows-1252 whatever the drawing's
    /// encoding, and trims them.
    #[test]
    fn code_lines_are_read_as_the_crate_reads_them() {
        let dxf = b"  0\nLAYER\n\xa062\n-1e+20\n  0\nENDTAB\n";
        let tamed = b"  0\nLAYER\n\xa062\n-32767.0\n  0\nENDTAB\n".to_vec();
        for encoding in [WINDOWS_1252, UTF_8] {
            assert_eq!(tame_for_dxf_crate(dxf, encoding), Some(tamed.clone()));
        }
    }

    /// `dxf` (UTF-8) becomes `want`.
    fn assert_tamed(dxf: &[u8], want: &[u8]) {
        let tamed = tame_for_dxf_crate(dxf, UTF_8).expect("an edit");
        assert_eq!(
            String::from_utf8_lossy(&tamed),
            String::from_utf8_lossy(want)
        );
    }

    /// Fuzz finding 20: the crate reports a pair with a bad code line and reads on from the
    /// next line (its entity reader drops the error), so a colour past such a line is a
    /// colour to the crate; the walk reads on the same way.
    #[test]
    fn the_walk_reads_on_past_a_bad_pair_as_the_crate_does() {
        // "0.0" costs one line, so " 62" is the next code; "1e3" costs one line too.
        assert_tamed(
            b"  0\nLAYER\n0.0\n 62\n-1e+20\n1e3\n 62\n-32768\n",
            b"  0\nLAYER\n0.0\n 62\n-32767.0\n1e3\n 62\n-32767\n",
        );
        // An unknown whole-number code costs two lines: the " 62" after it is its value.
        assert_eq!(
            tame_for_dxf_crate(b"  0\nLAYER\n 88\n 62\n-32768\n  0\n", UTF_8),
            None
        );

        // Binary: an unknown code (88) costs its own byte; the crate reads on at the next.
        let pairs = vec![
            (0, b"SECTION\0".to_vec()),
            (88, Vec::new()),
            (62, i16::MIN.to_le_bytes().to_vec()),
            (0, b"EOF\0".to_vec()),
        ];
        let mut want = pairs.clone();
        want[2].1 = (-32767i16).to_le_bytes().to_vec();
        assert_eq!(
            tame_for_dxf_crate(&binary(false, &pairs), UTF_8).unwrap(),
            binary(false, &want)
        );
    }

    /// The first line decides the reader as it does for the crate: a binary sentinel behind
    /// a byte-order mark is binary; a sentinel with more after it is text; a DXB file is
    /// left alone.
    #[test]
    fn the_first_line_is_read_as_the_crate_reads_it() {
        let pairs = vec![(62, i16::MIN.to_le_bytes().to_vec())];
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend(binary(false, &pairs));
        let tamed = tame_for_dxf_crate(&with_bom, UTF_8).unwrap();
        assert_eq!(&tamed[tamed.len() - 2..], (-32767i16).to_le_bytes());

        let text = b"AutoCAD Binary DXF, not\n 62\n-32768\n";
        assert_eq!(
            tame_for_dxf_crate(text, UTF_8).unwrap(),
            b"AutoCAD Binary DXF, not\n 62\n-32767\n"
        );
        assert_eq!(
            tame_for_dxf_crate(b"AutoCAD DXB 1.0\r\n 62\n-32768\n", UTF_8),
            None
        );
    }

    /// Fuzz finding 21: the crate gives every pair after a variable's name to that variable,
    /// so a second code 40 after `$TDUCREATE` is a date too; the variable ends at the next
    /// code 9 or 0.
    #[test]
    fn every_value_of_a_date_variable_is_tamed_until_the_next_variable() {
        assert_tamed(
            b"  9\n$TDUCREATE\n 40\n245853\n 40\n245855413.2\n  9\n$TEXTSIZE\n 40\n1e+20\n",
            b"  9\n$TDUCREATE\n 40\n245853\n 40\n0.0\n  9\n$TEXTSIZE\n 40\n1e+20\n",
        );
        assert_eq!(
            tame_for_dxf_crate(b"  9\n$TDCREATE\n  0\nENDSEC\n 40\n1e+20\n", UTF_8),
            None,
            "a code 0 ends the variable"
        );

        let pairs = vec![
            (9, b"$TDUCREATE\0".to_vec()),
            (40, 245853f64.to_le_bytes().to_vec()),
            (40, 1e300f64.to_le_bytes().to_vec()),
        ];
        let mut want = pairs.clone();
        want[2].1 = 0f64.to_le_bytes().to_vec();
        assert_eq!(
            tame_for_dxf_crate(&binary(false, &pairs), UTF_8).unwrap(),
            binary(false, &want)
        );
    }
}
