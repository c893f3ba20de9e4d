//! `<Point>` elements without a coordinate, taken out of the text before the `kml` crate reads
//! it: the crate (0.15) takes a point's coordinate with `coords.remove(0)`, which panics on
//! `<Point></Point>` or `<Point><coordinates> </coordinates></Point>` (found by fuzzing; field
//! apps write such empty points when a mark is placed and then cleared). Without its `<Point>`
//! the placemark is read as one with no geometry, which `kml` keeps and warns about: GDAL
//! reads the same placemark with an empty geometry.
//!
//! The walk reads the points as the crate does: from a `<Point>` start to the first `</Point>`
//! end; the last `<coordinates>` start inside gives the coordinates; its text, CDATA and
//! character references are what the crate splits on whitespace. Written by hand because the
//! fault is inside the crate's reader, which no option reaches. The text must already have
//! passed `kml_xml::check_kml_xml` (well-formed, bounded depth).

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

/// `text` without its coordinate-less `<Point>` elements, and how many there were.
pub fn without_empty_points(text: &str) -> (Cow<'_, str>, usize) {
    let spans = empty_point_spans(text);
    if spans.is_empty() {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for span in &spans {
        out.push_str(&text[from..span.start]);
        from = span.end;
    }
    out.push_str(&text[from..]);
    (Cow::Owned(out), spans.len())
}

/// The byte spans (start tag to end tag) of the points with no coordinate.
fn empty_point_spans(text: &str) -> Vec<Range<usize>> {
    let mut reader = Reader::from_str(text);
    let mut spans = Vec::new();
    // The start of the `<Point>` being read, and whether its coordinates hold a coordinate.
    let mut point: Option<(usize, bool)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let Ok(event) = reader.read_event() else {
            break;
        };
        match event {
            Event::Start(e) => match (e.local_name().as_ref(), &mut point) {
                (b"Point", None) => point = Some((before, false)),
                (b"coordinates", Some((_, has_coordinate))) => {
                    *has_coordinate = coordinates_hold_one(&mut reader);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"Point" => {
                if let Some((start, false)) = point.take() {
                    spans.push(start..reader.buffer_position() as usize);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    spans
}

/// Reads a `<coordinates>` element's content up to its end, as the crate's `read_str` does,
/// and says whether it has anything but whitespace.
fn coordinates_hold_one(reader: &mut Reader<&[u8]>) -> bool {
    let mut any = false;
    loop {
        match reader.read_event() {
            Ok(Event::Text(t)) => any |= !is_blank(&t),
            Ok(Event::CData(t)) => any |= !is_blank(&t),
            Ok(Event::GeneralRef(r)) => {
                // A character reference to whitespace is whitespace; any other reference is
                // text (or an error the crate reports).
                any |= !matches!(r.resolve_char_ref(), Ok(Some(c)) if c.is_whitespace());
            }
            // The end of `<coordinates>`; anything else inside makes the crate return an
            // error, not panic, so the point is left for it to report.
            Ok(Event::End(_)) => return any,
            _ => return true,
        }
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_without_a_coordinate_are_taken_out() {
        let kml = "<kml><Placemark><name>a</name><Point></Point></Placemark>\
                   <Placemark><Point><coordinates> &#10;<![CDATA[ ]]></coordinates></Point></Placemark>\
                   <Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>";
        let (text, n) = without_empty_points(kml);
        assert_eq!(n, 2);
        assert_eq!(
            text,
            "<kml><Placemark><name>a</name></Placemark>\
             <Placemark></Placemark>\
             <Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>"
        );
    }

    #[test]
    fn points_with_a_coordinate_stay_as_they_are() {
        for kml in [
            "<kml><Point><coordinates>116.1,39.2,0</coordinates></Point></kml>",
            "<kml><Point><coordinates><![CDATA[116.1,39.2]]></coordinates></Point></kml>",
            "<kml><Point><coordinates>&#49;,2</coordinates></Point></kml>",
            // The last <coordinates> is the one the crate keeps.
            "<kml><Point><coordinates></coordinates><coordinates>1,2</coordinates></Point></kml>",
            "<kml><MultiGeometry><Point><coordinates>1,2</coordinates></Point></MultiGeometry></kml>",
        ] {
            let (text, n) = without_empty_points(kml);
            assert_eq!((text.as_ref(), n), (kml, 0), "{kml}");
        }
        let last_empty =
            "<kml><Point><coordinates>1,2</coordinates><coordinates> </coordinates></Point></kml>";
        assert_eq!(without_empty_points(last_empty), ("<kml></kml>".into(), 1));
    }
}
