//! Decoding small Chinese text files (coordinate exchange text, coordinate lists, GeoJSON written
//! by Chinese tools): a stated encoding, else UTF-8 when valid (BOM dropped), else GBK.
//!
//! Not for DBF tables, whose encoding has more evidence to weigh (see `dbf_encoding`).

use encoding_rs::{GBK, UTF_8};

use crate::error::{Result, ZoneError};
use crate::io::dbf_encoding::encoding_from_label;
use crate::model::EncodingInfo;

/// Decodes `bytes` as text, returning the text and how its encoding was decided.
pub fn decode_text(bytes: &[u8], stated: Option<&str>) -> Result<(String, EncodingInfo)> {
    if let Some(label) = stated {
        let enc = encoding_from_label(label).ok_or_else(|| {
            ZoneError::Input(format!(
                "unknown encoding {label:?}: use a name such as GBK or UTF-8"
            ))
        })?;
        let (text, _, _) = enc.decode(bytes);
        return Ok((text.into_owned(), info(enc.name(), "stated")));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), info(UTF_8.name(), "valid UTF-8"))),
        Err(_) => {
            let (text, _) = GBK.decode_without_bom_handling(body);
            Ok((text.into_owned(), info(GBK.name(), "fallback")))
        }
    }
}

fn info(encoding: &str, how: &str) -> EncodingInfo {
    EncodingInfo {
        encoding: encoding.to_string(),
        how: how.to_string(),
    }
}
