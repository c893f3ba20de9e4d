//! The XML under a KML file, before the `kml` crate sees it: the text decoded (UTF-8, the
//! encoding the XML declaration names, or GBK as Chinese tools write without saying), and a pass
//! of quick-xml over it that proves it well-formed, rooted in `<kml>` and not nested absurdly.
//!
//! That pass is what makes the `kml` crate safe to call: on a file cut short it loops forever,
//! and it recurses once per nested element. Not for reading KML content (see `kml`).

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::model::EncodingInfo;

/// Deepest element nesting accepted; real KML nests folders a few levels, well under this.
const MAX_DEPTH: usize = 100;

/// `bytes` as text: a stated encoding, else a UTF-8/UTF-16 BOM, else the declaration's
/// `encoding="…"`, else UTF-8 when valid, else GBK. The declaration is left as it is (quick-xml
/// reads the decoded text as UTF-8 whatever it says).
pub fn decode_xml(bytes: &[u8], stated: Option<&str>) -> Result<(String, EncodingInfo), String> {
    if let Some(label) = stated {
        let enc = crate::io::dbf_encoding::encoding_from_label(label).ok_or_else(|| {
            format!("unknown encoding {label:?}: use a name such as GBK or UTF-8")
        })?;
        return Ok((enc.decode(bytes).0.into_owned(), info(enc, "stated")));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let text = enc.decode_without_bom_handling(&bytes[bom_len..]).0;
        return Ok((text.into_owned(), info(enc, "byte-order mark")));
    }
    if let Some(enc) = declared_encoding(bytes).filter(|e| *e != encoding_rs::UTF_8) {
        let text = enc.decode_without_bom_handling(bytes).0;
        return Ok((text.into_owned(), info(enc, "XML declaration")));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), info(encoding_rs::UTF_8, "valid UTF-8"))),
        Err(_) => {
            let text = encoding_rs::GBK.decode_without_bom_handling(bytes).0;
            Ok((
                text.into_owned(),
                info(encoding_rs::GBK, "not UTF-8: GBK assumed"),
            ))
        }
    }
}

fn info(enc: &'static encoding_rs::Encoding, how: &str) -> EncodingInfo {
    EncodingInfo {
        encoding: enc.name().to_string(),
        how: how.to_string(),
    }
}

/// The encoding `<?xml … encoding="…"?>` names, when it is one encoding_rs knows.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..rest[1..].find(quote)? + 1];
    encoding_rs::Encoding::for_label(value.trim().as_bytes())
}

/// Checks `text` is well-formed XML whose root element is `kml`, nested at most `MAX_DEPTH`
/// deep. The error names the line.
pub fn check_kml_xml(text: &str) -> Result<(), String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML (line {}): {e}",
                line_of(text, reader.error_position())
            )
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if !seen_root {
                    let name = e.local_name();
                    let name = String::from_utf8_lossy(name.as_ref());
                    if name != "kml" {
                        return Err(format!("not KML: the root element is <{name}>, not <kml>"));
                    }
                    seen_root = true;
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(format!(
                            "elements nested more than {MAX_DEPTH} deep (line {})",
                            line_of(text, reader.buffer_position())
                        ));
                    }
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("not KML: no XML element in the file".into());
    }
    if depth > 0 {
        return Err(format!(
            "cut short: the file ends with {depth} element(s) still open"
        ));
    }
    Ok(())
}

/// The 1-based line holding byte `pos` of `text`.
fn line_of(text: &str, pos: u64) -> usize {
    let pos = (pos as usize).min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_bom_utf8_and_gbk_text() {
        let gbk_name = encoding_rs::GBK
            .encode("<?xml version=\"1.0\" encoding=\"GB2312\"?><kml><name>红线</name></kml>")
            .0;
        let (text, info) = decode_xml(&gbk_name, None).unwrap();
        assert!(text.contains("红线"), "{text}");
        assert_eq!(info.encoding, "GBK");
        assert_eq!(info.how, "XML declaration");
        let undeclared = encoding_rs::GBK.encode("<kml><name>红线</name></kml>").0;
        let (text, info) = decode_xml(&undeclared, None).unwrap();
        assert!(text.contains("红线"));
        assert!(info.how.contains("GBK assumed"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), "<kml>红</kml>".as_bytes()].concat();
        assert_eq!(decode_xml(&bom, None).unwrap().0, "<kml>红</kml>");
    }

    #[test]
    fn only_whole_kml_documents_pass() {
        assert!(check_kml_xml("<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document/></kml>").is_ok());
        assert!(
            check_kml_xml("hello")
                .unwrap_err()
                .contains("no XML element")
        );
        assert!(
            check_kml_xml("<html></html>")
                .unwrap_err()
                .contains("<html>")
        );
        let cut = check_kml_xml("<kml><Document><Placemark><name>a</name>").unwrap_err();
        assert!(cut.contains("cut short"), "{cut}");
        let bad = check_kml_xml("<kml>\n<a></b></kml>").unwrap_err();
        assert!(bad.contains("line 2"), "{bad}");
        let deep = format!(
            "<kml>{}{}</kml>",
            "<a>".repeat(10_000),
            "</a>".repeat(10_000)
        );
        assert!(check_kml_xml(&deep).unwrap_err().contains("nested"));
    }
}
