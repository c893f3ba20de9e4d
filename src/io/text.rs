//! Decoding Chinese text files (coordinate exchange text, coordinate lists, GeoJSON written by
//! Chinese tools, CSV tables, project files): a stated encoding; else a byte-order mark (UTF-8,
//! or UTF-16 as Excel's "Unicode text" writes); else UTF-16 recognised by its NUL bytes; else
//! UTF-8 when valid; else GBK. What decoding allocates is bounded by the input: at most three
//! output bytes per input byte.
//!
//! Not for DBF tables, whose encoding has more evidence to weigh (see `dbf_encoding`).

use encoding_rs::{Encoding, GBK, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Result, ZoneError, quote};
use crate::io::dbf_encoding::encoding_from_label;
use crate::model::EncodingInfo;

/// How many leading bytes format sniffing looks at (never the whole file).
pub const SNIFF_BYTES: usize = 4096;

/// Decodes `bytes` as text, returning the text and how its encoding was decided.
pub fn decode_text(bytes: &[u8], stated: Option<&str>) -> Result<(String, EncodingInfo)> {
    if let Some(label) = stated {
        let enc = encoding_from_label(label).ok_or_else(|| {
            ZoneError::Input(format!(
                "unknown encoding {:?}: use a name such as GBK or UTF-8",
                quote(label)
            ))
        })?;
        let (text, _, _) = enc.decode(bytes);
        return Ok((text.into_owned(), info(enc.name(), "stated")));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok((text.into_owned(), info(enc.name(), "byte-order mark")));
    }
    if let Some(enc) = utf16_by_nul_bytes(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok((
            text.into_owned(),
            info(
                enc.name(),
                "NUL bytes between ASCII letters: UTF-16 without byte-order mark",
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), info(UTF_8.name(), "valid UTF-8"))),
        Err(_) => {
            let (text, _) = GBK.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), info(GBK.name(), "fallback")))
        }
    }
}

/// As [`decode_text`], taking the bytes: valid UTF-8 (the usual case) becomes the text without a
/// copy, which matters for a 50 MB GeoJSON.
pub fn decode_text_owned(bytes: Vec<u8>, stated: Option<&str>) -> Result<(String, EncodingInfo)> {
    let plain = stated.is_none()
        && Encoding::for_bom(&bytes).is_none()
        && utf16_by_nul_bytes(&bytes).is_none();
    if !plain {
        return decode_text(&bytes, stated);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, info(UTF_8.name(), "valid UTF-8"))),
        Err(e) => decode_text(e.as_bytes(), None),
    }
}

/// The first [`SNIFF_BYTES`] of `bytes` decoded as [`decode_text`] would (a character cut at
/// the end becomes U+FFFD), for recognising a format without decoding a whole file.
pub fn decode_prefix(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut cut = head;
    // Keep UTF-16 prefixes to whole code units.
    if (Encoding::for_bom(head).is_some_and(|(e, _)| e != UTF_8)
        || utf16_by_nul_bytes(head).is_some())
        && cut.len() % 2 == 1
    {
        cut = &cut[..cut.len() - 1];
    }
    match decode_text(cut, None) {
        Ok((text, _)) => text,
        Err(_) => String::new(),
    }
}

/// A regular file as a stream of UTF-8 text for line-by-line readers (CSV): UTF-8 streams as it
/// is, a file starting with a UTF-16 byte-order mark (Excel's "Unicode text") is decoded to
/// UTF-8 while it is read. A FIFO or device is refused (see `io::open`).
pub fn open_text_stream(path: &std::path::Path) -> Result<Box<dyn std::io::Read>> {
    use std::io::Read;
    let (mut file, _) = crate::io::open::open_regular(path)?;
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => return Err(ZoneError::io(path, e)),
        }
    }
    let head = &head[..got];
    let stream = std::io::Cursor::new(head.to_vec()).chain(file);
    if matches!(head, [0xFF, 0xFE] | [0xFE, 0xFF]) {
        // Decoded as it is read (the byte-order mark names the byte order and is dropped), so
        // memory does not grow with the file; unpaired surrogates become U+FFFD.
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .bom_sniffing(true)
            .build(stream);
        return Ok(Box::new(std::io::BufReader::new(decoded)));
    }
    Ok(Box::new(std::io::BufReader::new(stream)))
}

/// UTF-16 without a byte-order mark: in the first bytes, most bytes at one parity are NUL and
/// few at the other (ASCII digits and separators in UTF-16 are `d\0` or `\0d`).
fn utf16_by_nul_bytes(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let most = pairs * 7 / 10;
    let few = pairs / 10;
    if odd_nul >= most && even_nul <= few {
        Some(UTF_16LE)
    } else if even_nul >= most && odd_nul <= few {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn info(encoding: &str, how: &str) -> EncodingInfo {
    EncodingInfo {
        encoding: encoding.to_string(),
        how: how.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for unit in text.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "J1,4180000.0,39512345.0\n界址点,2\n";
        let (t, how) = decode_text(&utf16le(text, true), None).unwrap();
        assert_eq!((t.as_str(), how.encoding.as_str()), (text, "UTF-16LE"));
        let (t, how) = decode_text(&utf16le(text, false), None).unwrap();
        assert_eq!((t.as_str(), how.encoding.as_str()), (text, "UTF-16LE"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(&be, None).unwrap().1.encoding, "UTF-16BE");
    }

    #[test]
    fn utf8_bom_gbk_and_prefixes() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("衡水".as_bytes());
        assert_eq!(decode_text(&bom, None).unwrap().0, "衡水");
        let (gbk, _, _) = GBK.encode("[地块坐标]");
        assert_eq!(decode_text(&gbk, None).unwrap().0, "[地块坐标]");
        let long = utf16le(&"1,2\n".repeat(10_000), true);
        let prefix = decode_prefix(&long);
        assert!(prefix.len() < SNIFF_BYTES && prefix.starts_with("1,2\n"));
    }
}
