//! Text in DXF files: which encoding the strings are in (`$ACADVER` R2007+ is UTF-8, older files
//! follow `$DWGCODEPAGE`, e.g. ANSI_936 = GBK), and what TEXT/MTEXT strings say once AutoCAD's
//! escapes are undone — `\U+XXXX` Unicode, `\M+nXXXX` double-byte characters, `%%d`-style
//! symbols, and MTEXT formatting (`\P` paragraphs, `{\fSimSun|b0;…}` fonts, `\S1^2;` stacks).
//!
//! Not for layout: heights, widths and alignment are dropped.

use encoding_rs::Encoding;

use crate::io::dbf_encoding::encoding_from_label;
use crate::model::EncodingInfo;

/// The header variables that decide the encoding, read from the text before parsing.
#[derive(Debug, Default, PartialEq)]
pub struct HeaderText {
    /// `$ACADVER`, e.g. `AC1015` (R2000).
    pub acadver: Option<String>,
    /// `$DWGCODEPAGE`, e.g. `ANSI_936`.
    pub codepage: Option<String>,
}

/// How far into the file the header is looked for (it comes first; 4 MiB is generous).
const HEADER_SCAN_BYTES: usize = 4 * 1024 * 1024;

/// `$ACADVER` and `$DWGCODEPAGE` from the HEADER section of an ASCII DXF.
pub fn scan_header(bytes: &[u8]) -> HeaderText {
    let head = &bytes[..bytes.len().min(HEADER_SCAN_BYTES)];
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).trim().to_string());
    let mut out = HeaderText::default();
    while let Some(line) = lines.next() {
        let slot = match line.as_str() {
            "$ACADVER" => &mut out.acadver,
            "$DWGCODEPAGE" => &mut out.codepage,
            "ENDSEC" => break,
            _ => continue,
        };
        // The variable's value follows its group code line.
        let _code = lines.next();
        *slot = lines.next();
    }
    out
}

/// The encoding of the drawing's strings and how it was decided. `None` for R2007 and later
/// (UTF-8, which the dxf crate switches to on its own after reading `$ACADVER`).
pub fn string_encoding(
    header: &HeaderText,
    bytes: &[u8],
    stated: Option<&str>,
) -> Result<(&'static Encoding, EncodingInfo), String> {
    let info = |enc: &'static Encoding, how: String| {
        (
            enc,
            EncodingInfo {
                encoding: enc.name().to_string(),
                how,
            },
        )
    };
    if let Some(label) = stated {
        let enc = encoding_from_label(label).ok_or_else(|| {
            format!("unknown encoding {label:?}: use a name such as GBK or UTF-8")
        })?;
        return Ok(info(enc, "stated".into()));
    }
    let version = header.acadver.as_deref().unwrap_or("");
    // AC1021 = R2007: from then on DXF text is UTF-8.
    if version.len() == 6 && version.starts_with("AC") && version[2..] >= *"1021" {
        return Ok(info(
            encoding_rs::UTF_8,
            format!("$ACADVER {version} (R2007 or later: UTF-8)"),
        ));
    }
    if let Some(page) = header.codepage.as_deref()
        && let Some(enc) = encoding_from_label(page)
    {
        return Ok(info(enc, format!("$DWGCODEPAGE {page}")));
    }
    // No usable code page: Chinese CAD output is GBK unless it reads as UTF-8.
    if std::str::from_utf8(bytes).is_ok() {
        Ok(info(
            encoding_rs::UTF_8,
            "no $DWGCODEPAGE; valid UTF-8".into(),
        ))
    } else {
        Ok(info(
            encoding_rs::GBK,
            "no $DWGCODEPAGE; GBK assumed".into(),
        ))
    }
}

/// A TEXT string as it reads: `\U+`/`\M+` escapes and `%%` symbols undone.
pub fn plain_text(raw: &str) -> String {
    percent_codes(&unicode_escapes(raw))
}

/// An MTEXT string as it reads: escapes undone, formatting codes dropped, paragraphs as `\n`.
pub fn plain_mtext(raw: &str) -> String {
    let text = unicode_escapes(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '\\' => match chars.next() {
                Some('P') => out.push('\n'),
                Some('~') => out.push(' '),
                Some(c @ ('\\' | '{' | '}')) => out.push(c),
                // Codes with an argument up to ';': font, height, width, colour, tracking…
                Some('f' | 'F' | 'H' | 'W' | 'Q' | 'T' | 'A' | 'C' | 'c' | 'p') => {
                    for c in chars.by_ref() {
                        if c == ';' {
                            break;
                        }
                    }
                }
                // A stacked fraction: \S1^2; → 1/2.
                Some('S') => {
                    for c in chars.by_ref() {
                        match c {
                            ';' => break,
                            '^' | '#' | '/' => out.push('/'),
                            other => out.push(other),
                        }
                    }
                }
                // Toggles (underline, overline, strike-through, column break).
                Some('L' | 'l' | 'O' | 'o' | 'K' | 'k' | 'N' | 'X') => {}
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            other => out.push(other),
        }
    }
    out.trim().to_string()
}

/// `\U+XXXX` (a Unicode code point) and `\M+nXXXX` (a double-byte character of code page n:
/// 1 Shift-JIS, 2 Big5, 3 Korean, 5 GBK) decoded; anything else left as written.
fn unicode_escapes(s: &str) -> String {
    if !s.contains("\\U+") && !s.contains("\\M+") && !s.contains("\\u+") && !s.contains("\\m+") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some((c, used)) = decode_escape(tail) {
            out.push(c);
            rest = &tail[used..];
        } else {
            out.push('\\');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// One `\U+XXXX` or `\M+nXXXX` escape at the start of `s`: the character and the bytes used.
fn decode_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let hex = |from: usize, len: usize| {
        s.get(from..from + len)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match b.get(1..3)? {
        [b'U' | b'u', b'+'] => Some((char::from_u32(hex(3, 4)?)?, 7)),
        [b'M' | b'm', b'+'] => {
            let page = match b.get(3)? {
                b'1' => encoding_rs::SHIFT_JIS,
                b'2' => encoding_rs::BIG5,
                b'3' => encoding_rs::EUC_KR,
                b'5' => encoding_rs::GBK,
                _ => return None,
            };
            let code = hex(4, 4)?;
            let bytes = [(code >> 8) as u8, (code & 0xFF) as u8];
            let (text, _, bad) = page.decode(&bytes);
            let c = text.chars().next().filter(|_| !bad)?;
            Some((c, 8))
        }
        _ => None,
    }
}

/// AutoCAD's `%%` control codes in TEXT: `%%d` °, `%%p` ±, `%%c` ⌀, `%%%` %, `%%nnn` a
/// character code; `%%u`/`%%o`/`%%k` (underline, overline, strike) dropped.
fn percent_codes(s: &str) -> String {
    if !s.contains("%%") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("%%") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let mut chars = tail.chars();
        let (replacement, used) = match chars.next().map(|c| c.to_ascii_lowercase()) {
            Some('d') => (Some('°'), 1),
            Some('p') => (Some('±'), 1),
            Some('c') => (Some('⌀'), 1),
            Some('%') => (Some('%'), 1),
            Some('u' | 'o' | 'k') => (None, 1),
            Some(d) if d.is_ascii_digit() => {
                let digits: String = tail
                    .chars()
                    .take(3)
                    .take_while(char::is_ascii_digit)
                    .collect();
                let c = digits.parse::<u32>().ok().and_then(char::from_u32);
                (c, digits.len())
            }
            _ => {
                out.push_str("%%");
                rest = tail;
                continue;
            }
        };
        out.extend(replacement);
        rest = &tail[used..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variables_and_the_encoding_they_give() {
        let dxf = b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  9\r\n$ACADVER\r\n  1\r\nAC1015\r\n  9\r\n$DWGCODEPAGE\r\n  3\r\nANSI_936\r\n  0\r\nENDSEC\r\n";
        let h = scan_header(dxf);
        assert_eq!(h.acadver.as_deref(), Some("AC1015"));
        assert_eq!(h.codepage.as_deref(), Some("ANSI_936"));
        let (enc, info) = string_encoding(&h, dxf, None).unwrap();
        assert_eq!(enc, encoding_rs::GBK);
        assert_eq!(info.how, "$DWGCODEPAGE ANSI_936");
        let r2010 = HeaderText {
            acadver: Some("AC1024".into()),
            codepage: Some("ANSI_1252".into()),
        };
        assert_eq!(
            string_encoding(&r2010, b"", None).unwrap().0,
            encoding_rs::UTF_8
        );
        let none = HeaderText::default();
        let gbk = encoding_rs::GBK.encode("红线").0;
        assert_eq!(
            string_encoding(&none, &gbk, None).unwrap().0,
            encoding_rs::GBK
        );
        assert_eq!(
            string_encoding(&none, b"", Some("UTF-8")).unwrap().1.how,
            "stated"
        );
    }

    #[test]
    fn escapes_and_symbols() {
        assert_eq!(plain_text("\\U+7EA2\\U+7EBF✓"), "红线✓");
        assert_eq!(plain_text("用地\\M+5BAEC"), "用地红");
        assert_eq!(
            plain_text("坡度%%p5%%d, %%c20, 100%%%"),
            "坡度±5°, ⌀20, 100%"
        );
        assert_eq!(plain_text("%%u下划线%%u"), "下划线");
        assert_eq!(plain_text("a\\b"), "a\\b");
        assert_eq!(plain_text("\\U+ZZZZ"), "\\U+ZZZZ");
    }

    #[test]
    fn mtext_formatting_is_dropped() {
        assert_eq!(
            plain_mtext("{\\fSimSun|b0|i0|c134|p2;用地红线}\\P{\\H2.5;\\C1;第二行}"),
            "用地红线\n第二行"
        );
        assert_eq!(plain_mtext("面积\\S1^2;公顷\\~约"), "面积1/2公顷 约");
        assert_eq!(plain_mtext("\\\\路径\\{括号\\}"), "\\路径{括号}");
    }
}
