//! Deciding the text encoding of a DBF table (and of other Chinese text files): a stated label,
//! the `.cpg` file, the DBF language-driver byte, then the bytes themselves.
//!
//! Not for decoding records (see `io::dbf`); this only decides which decoder to use and records why.

use encoding_rs::{Encoding, GBK, UTF_8};

use crate::error::{Result, ZoneError};
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

/// An encoding by label as users and `.cpg` files write it: WHATWG labels (`GBK`, `UTF-8`,
/// `gb2312`) and Windows code pages (`936`, `CP936`, `ANSI 936`, `65001`).
pub fn encoding_from_label(label: &str) -> Option<&'static Encoding> {
    let t = label.trim().trim_matches('\0').trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let code_page = lower
        .trim_start_matches("ansi")
        .trim_start_matches("oem")
        .trim_start_matches("windows-")
        .trim_start_matches("cp")
        .trim_start_matches(['-', '_', ' '])
        .trim();
    if let Ok(number) = code_page.parse::<u32>() {
        return encoding_from_code_page(number);
    }
    match lower.as_str() {
        "utf8" | "utf-8" | "utf_8" => Some(UTF_8),
        "gb18030" => Some(encoding_rs::GB18030),
        "8859_1" | "iso8859_1" | "iso88591" | "latin1" => Some(encoding_rs::WINDOWS_1252),
        _ => Encoding::for_label(t.as_bytes()),
    }
}

/// An encoding by Windows code page number (the numbers `.cpg` files carry).
fn encoding_from_code_page(code_page: u32) -> Option<&'static Encoding> {
    match code_page {
        936 => Some(GBK),
        54936 => Some(encoding_rs::GB18030),
        65001 => Some(UTF_8),
        950 => Some(encoding_rs::BIG5),
        932 => Some(encoding_rs::SHIFT_JIS),
        949 => Some(encoding_rs::EUC_KR),
        1252 | 88591 => Some(encoding_rs::WINDOWS_1252),
        _ => None,
    }
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
                "unknown encoding {label:?}: use a name such as GBK or UTF-8"
            ))
        })?;
        return Ok(choice(encoding, "stated".into(), None));
    }
    let cpg_text = cpg.map(|b| String::from_utf8_lossy(b).trim().to_string());
    let labelled = match cpg_text.as_deref().and_then(encoding_from_label) {
        Some(enc) => Some((enc, format!(".cpg file ({})", cpg_text.unwrap_or_default()))),
        None => {
            encoding_from_ldid(ldid).map(|enc| (enc, format!("DBF language driver 0x{ldid:02X}")))
        }
    };
    if let Some((encoding, how)) = labelled {
        if is_gbk_family(encoding) && evidence.non_ascii && evidence.valid_utf8 {
            let warning = format!(
                "{how} says {} but the text is valid UTF-8: read as UTF-8 (state --encoding GBK if wrong)",
                encoding.name()
            );
            return Ok(choice(
                UTF_8,
                format!("valid UTF-8 (overruling {how})"),
                Some(warning),
            ));
        }
        if encoding == UTF_8 && !evidence.valid_utf8 {
            let warning = format!(
                "{how} says UTF-8 but the text is not valid UTF-8: read as GBK (state --encoding if wrong)"
            );
            return Ok(choice(
                GBK,
                format!("fallback (overruling {how})"),
                Some(warning),
            ));
        }
        return Ok(choice(encoding, how, None));
    }
    if evidence.valid_utf8 {
        Ok(choice(UTF_8, "valid UTF-8".into(), None))
    } else {
        Ok(choice(GBK, "fallback".into(), None))
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
