//! Deciding the text encoding of a DBF table (and of other Chinese text files): a stated label,
//! the `.cpg` file, the DBF language-driver byte, then the bytes themselves.
//!
//! Not for decoding records (see `io::dbf`); this only decides which decoder to use and records why.

use encoding_rs::{Encoding, GBK, UTF_8};

use crate::error::{Result, ZoneError, quote};
use crate::model::EncodingInfo;

/// The decoder chosen for a table, with how it was chosen and anything the user should know.
#[derive(Debug, Clone)]
pub struct EncodingChoice {
    /// The encoding_rs decoder to use.
    pub encoding: &'static Encoding,
    /// The record for `Layer::encoding`.
    pub info: EncodingInfo,
    /// A warning when a label was overruled by the bytes.
    pub warning: Option<String>,
}

/// An encoding by label as users and `.cpg` files write it: every WHATWG label encoding_rs
/// knows (`GBK`, `UTF-8`, `gb2312`, `windows-1251`, `koi8-r`…), Windows code pages in ESRI's
/// spellings (`936`, `CP936`, `ANSI 1252`, `OEM 866`, `65001`) and ISO 8859 written as ESRI does
/// (`ISO 88591`, `88592`, `8859_15`).
pub fn encoding_from_label(label: &str) -> Option<&'static Encoding> {
    // WHATWG maps some labels (iso-2022-kr, hz-gb-2312) to "replacement", which decodes
    // everything to one U+FFFD: as good as unknown.
    label_lookup(label).filter(|e| *e != encoding_rs::REPLACEMENT)
}

fn label_lookup(label: &str) -> Option<&'static Encoding> {
    let t = label.trim().trim_matches('\0').trim();
    if t.is_empty() {
        return None;
    }
    if let Some(enc) = Encoding::for_label(t.as_bytes()) {
        return Some(enc);
    }
    // Letters and digits only: "ISO 8859-1" -> "iso88591", "ANSI 1252" -> "ansi1252".
    let compact: String = t
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if let Some(part) = compact
        .strip_prefix("iso8859")
        .or_else(|| compact.strip_prefix("8859"))
    {
        return iso_8859(part);
    }
    let number = [
        "ansi", "oem", "windows", "win", "cp", "ms", "ibm", "codepage",
    ]
    .iter()
    .find_map(|p| compact.strip_prefix(p))
    .unwrap_or(&compact);
    if let Ok(code_page) = number.parse::<u32>() {
        return encoding_from_code_page(code_page);
    }
    match compact.as_str() {
        "utf8" => Some(UTF_8),
        "latin1" => Some(encoding_rs::WINDOWS_1252),
        "shiftjis" | "sjis" => Some(encoding_rs::SHIFT_JIS),
        "eucjp" => Some(encoding_rs::EUC_JP),
        "euckr" => Some(encoding_rs::EUC_KR),
        "utf16" | "utf16le" => Some(encoding_rs::UTF_16LE),
        "utf16be" => Some(encoding_rs::UTF_16BE),
        _ => Encoding::for_label(compact.as_bytes()),
    }
}

/// ISO 8859 part `part` ("1" … "16"), as WHATWG maps them (8859-1 reads as windows-1252).
fn iso_8859(part: &str) -> Option<&'static Encoding> {
    let n: u32 = part.parse().ok()?;
    match n {
        1 => Some(encoding_rs::WINDOWS_1252),
        9 => Some(encoding_rs::WINDOWS_1254),
        11 => Some(encoding_rs::WINDOWS_874),
        2..=16 => Encoding::for_label(format!("iso-8859-{n}").as_bytes()),
        _ => None,
    }
}

/// An encoding by Windows code page number (the numbers `.cpg` files carry).
fn encoding_from_code_page(code_page: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match code_page {
        936 | 20936 => GBK,
        54936 => GB18030,
        65001 => UTF_8,
        1200 => UTF_16LE,
        1201 => UTF_16BE,
        950 => BIG5,
        932 => SHIFT_JIS,
        949 | 51949 => EUC_KR,
        20932 | 51932 => EUC_JP,
        50220..=50222 => ISO_2022_JP,
        866 => IBM866,
        874 => WINDOWS_874,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        10007 => X_MAC_CYRILLIC,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28591..=28606 => return iso_8859(&(code_page - 28590).to_string()),
        // ESRI writes ISO 8859-N as 8859N: 88591 … 885916.
        88591..=88599 => return iso_8859(&(code_page - 88590).to_string()),
        885910..=885916 => return iso_8859(&(code_page - 885900).to_string()),
        _ => return None,
    })
}

/// The encoding a DBF language-driver byte (header offset 29) names, when it names one that
/// decides anything for our data. 0x57 ("ANSI", i.e. the writer's system code page) and 0 say
/// nothing. Western code pages (0x01, 0x03…) are ignored too: Chinese data is often written
/// with them by tools that do not care, and decoding GBK bytes as cp1252 only makes mojibake.
pub fn encoding_from_ldid(ldid: u8) -> Option<&'static Encoding> {
    match ldid {
        0x4D | 0x7A => Some(GBK),
        0x4F => Some(encoding_rs::BIG5),
        0x4E => Some(encoding_rs::EUC_KR),
        0x13 | 0x7B => Some(encoding_rs::SHIFT_JIS),
        _ => None,
    }
}

/// Whether GBK/GB18030 decode this encoding's bytes the same way (for the "labelled GBK, really
/// UTF-8" check).
fn is_gbk_family(encoding: &'static Encoding) -> bool {
    encoding == GBK || encoding == encoding_rs::GB18030
}

/// What the bytes themselves say: all valid UTF-8 (ASCII included) or not.
#[derive(Debug, Clone, Copy)]
pub struct TextEvidence {
    /// Every text byte forms valid UTF-8.
    pub valid_utf8: bool,
    /// Some text byte is not ASCII (so the choice of decoder matters).
    pub non_ascii: bool,
}

impl TextEvidence {
    /// Evidence from a set of byte strings (field names and text values).
    pub fn from_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> TextEvidence {
        let mut evidence = TextEvidence {
            valid_utf8: true,
            non_ascii: false,
        };
        for chunk in chunks {
            if chunk.is_ascii() {
                continue;
            }
            evidence.non_ascii = true;
            if std::str::from_utf8(chunk).is_err() {
                evidence.valid_utf8 = false;
                break;
            }
        }
        evidence
    }
}

/// Decides the encoding in the documented order: stated label; `.cpg`; language-driver byte;
/// valid UTF-8; else GBK. A `.cpg`/LDID label of GBK over bytes that are non-ASCII valid UTF-8
/// is overruled (some files labelled GBK are really UTF-8), and a UTF-8 label over invalid UTF-8
/// falls back to GBK; both with a warning. A stated label is never overruled.
pub fn decide_encoding(
    stated: Option<&str>,
    cpg: Option<&[u8]>,
    ldid: u8,
    evidence: TextEvidence,
) -> Result<EncodingChoice> {
    if let Some(label) = stated {
        let encoding = encoding_from_label(label).ok_or_else(|| {
            ZoneError::Input(format!(
                "unknown encoding {:?}: use a name such as GBK or UTF-8",
                quote(label)
            ))
        })?;
        return Ok(choice(encoding, "stated".into(), None));
    }
    let cpg_text = cpg.map(|b| {
        String::from_utf8_lossy(b)
            .trim()
            .trim_matches('\0')
            .to_string()
    });
    let mut unknown_cpg = None;
    let labelled = match cpg_text.as_deref().map(|t| (t, encoding_from_label(t))) {
        Some((text, Some(enc))) => Some((enc, format!(".cpg file ({})", quote(text)))),
        other => {
            unknown_cpg = other
                .map(|(text, _)| text.to_string())
                .filter(|t| !t.is_empty());
            encoding_from_ldid(ldid).map(|enc| (enc, format!("DBF language driver 0x{ldid:02X}")))
        }
    };
    let mut chosen = decide_from(labelled, evidence);
    if let Some(text) = unknown_cpg {
        let warning = format!(
            "the .cpg names {:?}, an encoding zonecheck does not know: read as {} ({}) instead; \
             state the layer's encoding if the text looks wrong",
            quote(&text),
            chosen.encoding.name(),
            chosen.info.how
        );
        chosen.info.how = format!(
            "{} (the .cpg's {:?} is unknown)",
            chosen.info.how,
            quote(&text)
        );
        chosen.warning = Some(match chosen.warning.take() {
            Some(w) => format!("{warning}; {w}"),
            None => warning,
        });
    }
    Ok(chosen)
}

/// The choice from a label (the .cpg's or the language driver's), weighed against the bytes.
fn decide_from(
    labelled: Option<(&'static Encoding, String)>,
    evidence: TextEvidence,
) -> EncodingChoice {
    if let Some((encoding, how)) = labelled {
        if is_gbk_family(encoding) && evidence.non_ascii && evidence.valid_utf8 {
            let warning = format!(
                "{how} says {} but the text is valid UTF-8: read as UTF-8 (state the layer's encoding if wrong)",
                encoding.name()
            );
            return choice(
                UTF_8,
                format!("valid UTF-8 (overruling {how})"),
                Some(warning),
            );
        }
        if encoding == UTF_8 && !evidence.valid_utf8 {
            let warning = format!(
                "{how} says UTF-8 but the text is not valid UTF-8: read as GBK (state the layer's encoding if wrong)"
            );
            return choice(GBK, format!("fallback (overruling {how})"), Some(warning));
        }
        return choice(encoding, how, None);
    }
    if evidence.valid_utf8 {
        choice(UTF_8, "valid UTF-8".into(), None)
    } else {
        choice(GBK, "fallback".into(), None)
    }
}

fn choice(encoding: &'static Encoding, how: String, warning: Option<String>) -> EncodingChoice {
    EncodingChoice {
        encoding,
        info: EncodingInfo {
            encoding: encoding.name().to_string(),
            how,
        },
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GBK_BYTES: &[u8] = &[0xBA, 0xE2, 0xCB, 0xAE]; // "衡水" in GBK
    const UTF8_BYTES: &[u8] = "衡水".as_bytes();

    #[test]
    fn labels_and_code_pages() {
        for label in ["GBK", "gbk", "936", "CP936", "cp936", "ANSI 936", "GB2312"] {
            assert_eq!(encoding_from_label(label), Some(GBK), "{label}");
        }
        for label in ["UTF-8", "utf8", "65001"] {
            assert_eq!(encoding_from_label(label), Some(UTF_8), "{label}");
        }
        assert_eq!(encoding_from_label("nonsense"), None);
    }

    #[test]
    fn esri_and_whatwg_spellings() {
        use encoding_rs::*;
        let cases: [(&str, &'static Encoding); 20] = [
            ("Windows-1251", WINDOWS_1251),
            ("ANSI 1250", WINDOWS_1250),
            ("ANSI 1252", WINDOWS_1252),
            ("ISO 88591", WINDOWS_1252),
            ("88592", ISO_8859_2),
            ("ISO 8859-15", ISO_8859_15),
            ("8859_5", ISO_8859_5),
            ("UTF8", UTF_8),
            ("65001", UTF_8),
            ("CP936", GBK),
            ("GB2312", GBK),
            ("GB18030", GB18030),
            ("BIG5", BIG5),
            ("koi8-r", KOI8_R),
            ("OEM 866", IBM866),
            ("Shift_JIS", SHIFT_JIS),
            ("EUC-KR", EUC_KR),
            ("28595", ISO_8859_5),
            ("windows-874", WINDOWS_874),
            ("x-mac-cyrillic", X_MAC_CYRILLIC),
        ];
        for (label, enc) in cases {
            assert_eq!(encoding_from_label(label), Some(enc), "{label}");
        }
        // Every label encoding_rs itself knows is accepted too (a sample of the WHATWG list).
        for label in [
            "latin2", "cyrillic", "greek", "hebrew", "arabic", "tis-620", "csbig5",
        ] {
            assert!(encoding_from_label(label).is_some(), "{label}");
        }
        assert_eq!(encoding_from_label("hz-gb-2312"), None);
    }

    #[test]
    fn an_unknown_cpg_label_warns_and_names_what_was_used() {
        let gbk = TextEvidence::from_chunks([GBK_BYTES]);
        let c = decide_encoding(None, Some(b"ANSI 9999"), 0, gbk).unwrap();
        assert_eq!(c.encoding, GBK);
        let w = c.warning.unwrap();
        assert!(w.contains("ANSI 9999") && w.contains("GBK"), "{w}");
        let c = decide_encoding(None, Some(b"Windows-1251"), 0, gbk).unwrap();
        assert_eq!(c.encoding, encoding_rs::WINDOWS_1251);
        assert!(c.warning.is_none());
    }

    #[test]
    fn order_of_decision() {
        let gbk = TextEvidence::from_chunks([GBK_BYTES]);
        let utf8 = TextEvidence::from_chunks([UTF8_BYTES]);
        let c = decide_encoding(Some("UTF-8"), Some(b"GBK"), 0x4D, gbk).unwrap();
        assert_eq!((c.encoding, c.info.how.as_str()), (UTF_8, "stated"));
        let c = decide_encoding(None, Some(b"936\r\n"), 0, gbk).unwrap();
        assert_eq!(c.encoding, GBK);
        assert!(c.info.how.starts_with(".cpg"));
        let c = decide_encoding(None, None, 0x4D, gbk).unwrap();
        assert_eq!(c.info.how, "DBF language driver 0x4D");
        let c = decide_encoding(None, None, 0x57, utf8).unwrap();
        assert_eq!((c.encoding, c.info.how.as_str()), (UTF_8, "valid UTF-8"));
        let c = decide_encoding(None, None, 0, gbk).unwrap();
        assert_eq!((c.encoding, c.info.how.as_str()), (GBK, "fallback"));
    }

    #[test]
    fn a_gbk_label_over_utf8_bytes_is_overruled_with_a_warning() {
        let utf8 = TextEvidence::from_chunks([UTF8_BYTES]);
        let c = decide_encoding(None, Some(b"GBK"), 0, utf8).unwrap();
        assert_eq!(c.encoding, UTF_8);
        assert!(c.warning.is_some());
        let gbk = TextEvidence::from_chunks([GBK_BYTES]);
        let c = decide_encoding(None, Some(b"UTF-8"), 0, gbk).unwrap();
        assert_eq!(c.encoding, GBK);
        assert!(c.warning.is_some());
    }

    #[test]
    fn an_unknown_stated_label_is_an_input_error() {
        let e = TextEvidence::from_chunks([GBK_BYTES]);
        assert!(decide_encoding(Some("klingon"), None, 0, e).is_err());
    }
}
