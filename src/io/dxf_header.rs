//! Header dates the dxf crate cannot take: it turns `$TDCREATE`, `$TDUCREATE`, `$TDUPDATE` and
//! `$TDUUPDATE` (Julian day numbers) into calendar dates with arithmetic that panics when the
//! number is far outside the calendar (found by fuzzing: a `$TDUUPDATE` of 245855413 aborted
//! the process). zonecheck uses none of these dates, so before parsing, a value outside ±10
//! million days is replaced by 0 (the crate's "no date"), in ASCII and binary DXF alike.
//!
//! Not for reading the header (see `dxf_text::scan_header`).

/// The header variables the dxf crate reads as dates.
const DATE_VARIABLES: [&[u8]; 4] = [b"$TDCREATE", b"$TDUCREATE", b"$TDUPDATE", b"$TDUUPDATE"];

/// The group code of a header date's value.
const DATE_CODE: i32 = 40;

/// Julian day numbers beyond this (in size) are not dates (today is about 2.46 million; the
/// crate's calendar ends some 95 million days from 1900).
const MAX_DAYS: f64 = 1.0e7;

/// The DXF sentinel of a binary file.
const BINARY_SENTINEL: &[u8] = b"AutoCAD Binary DXF";

fn is_date(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_DAYS
}

/// `bytes` with every header date the dxf crate would panic on set to 0; `None` when there is
/// none (the usual case: nothing is copied).
pub fn tame_header_dates(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.starts_with(BINARY_SENTINEL) {
        tame_binary(bytes)
    } else {
        tame_ascii(bytes)
    }
}

fn trimmed(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// ASCII DXF: a date variable's name line, a group code line reading 40, then the value line.
fn tame_ascii(bytes: &[u8]) -> Option<Vec<u8>> {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let mut bad = Vec::new();
    for (i, window) in lines.windows(3).enumerate() {
        if !DATE_VARIABLES.contains(&trimmed(window[0])) {
            continue;
        }
        let code = std::str::from_utf8(trimmed(window[1]))
            .ok()
            .and_then(|s| s.parse::<i32>().ok());
        let value = std::str::from_utf8(trimmed(window[2]))
            .ok()
            .and_then(|s| s.parse::<f64>().ok());
        if code == Some(DATE_CODE) && value.is_some_and(|v| !is_date(v)) {
            bad.push(i + 2);
        }
    }
    if bad.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        if bad.contains(&i) {
            out.push(b'0');
            if line.ends_with(b"\r") {
                out.push(b'\r');
            }
        } else {
            out.extend_from_slice(line);
        }
    }
    Some(out)
}

/// Binary DXF: the name as a NUL-terminated string, the code (one byte before R13, two after,
/// as the first pair tells), then the value as a little-endian double.
fn tame_binary(bytes: &[u8]) -> Option<Vec<u8>> {
    // The sentinel line, 0x1A 0x00, then the first pair: code 0 and "SECTION". A first code
    // byte followed by a NUL is a two-byte code 0.
    let first = bytes.iter().position(|&b| b == b'\n')? + 3;
    let two_byte_codes = bytes.get(first..first + 2) == Some(&[0, 0]);
    let mut out: Option<Vec<u8>> = None;
    for name in DATE_VARIABLES {
        let mut pattern = name.to_vec();
        pattern.push(0);
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], &pattern) {
            let after = from + at + pattern.len();
            from = after;
            let (code, value_at) = if two_byte_codes {
                let code = bytes.get(after..after + 2);
                (
                    code.map(|c| i32::from(u16::from_le_bytes([c[0], c[1]]))),
                    after + 2,
                )
            } else {
                (bytes.get(after).map(|&c| i32::from(c)), after + 1)
            };
            let Some(value) = bytes.get(value_at..value_at + 8) else {
                continue;
            };
            let v = f64::from_le_bytes(value.try_into().expect("8 bytes"));
            if code == Some(DATE_CODE) && !is_date(v) {
                out.get_or_insert_with(|| bytes.to_vec())[value_at..value_at + 8]
                    .copy_from_slice(&0f64.to_le_bytes());
            }
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_dates_beyond_the_calendar_become_zero() {
        let dxf = b"  0\r\nSECTION\r\n  9\r\n$TDCREATE\r\n 40\r\n1e+20\r\n  9\r\n$TDUPDATE\r\n 40\r\n2460000.5\r\n";
        let tamed = tame_header_dates(dxf).unwrap();
        assert_eq!(
            tamed,
            b"  0\r\nSECTION\r\n  9\r\n$TDCREATE\r\n 40\r\n0\r\n  9\r\n$TDUPDATE\r\n 40\r\n2460000.5\r\n"
        );
        assert_eq!(
            tame_header_dates(b"  9\n$TDUCREATE\n 40\n2460000.5\n"),
            None
        );
        assert!(tame_header_dates(b"  9\n$TDUUPDATE\n 40\ninf\n").is_some());
    }

    #[test]
    fn binary_dates_beyond_the_calendar_become_zero() {
        for two in [false, true] {
            let code = |c: u8| if two { vec![c, 0] } else { vec![c] };
            let mut dxf = b"AutoCAD Binary DXF\r\n\x1a\x00".to_vec();
            dxf.extend(code(0));
            dxf.extend(b"SECTION\0");
            dxf.extend(code(9));
            dxf.extend(b"$TDCREATE\0");
            dxf.extend(code(40));
            let at = dxf.len();
            dxf.extend(1e300f64.to_le_bytes());
            let tamed = tame_header_dates(&dxf).unwrap();
            assert_eq!(tamed[at..at + 8], 0f64.to_le_bytes());
            assert_eq!(tamed.len(), dxf.len());
            dxf[at..at + 8].copy_from_slice(&2460000.5f64.to_le_bytes());
            assert_eq!(tame_header_dates(&dxf), None);
        }
    }
}
