//! Coordinates as users type them in a search box or on the command line: decimal degrees, DMS in
//! Chinese or ASCII, hemisphere-marked forms in either order, surveyors' `X=… Y=…` projected pairs,
//! and points copied from Chinese web maps (GCJ-02, BD-09).
//!
//! Not for coordinates in files (see `io`) or for transforms (see `Transform`).

use super::typed_tokens::{Token, tokenise};
use super::{Crs, Transform, china_offsets};
use crate::error::{Result, ZoneError};

/// Where a typed lon/lat came from, so a point copied from a web map can be moved back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CoordSource {
    /// CGCS2000 or WGS 84 (GPS, survey, Google Earth): used as is.
    Cgcs2000,
    /// GCJ-02: Amap (高德), Tencent, Apple Maps in China.
    Gcj02,
    /// BD-09: Baidu Maps.
    Bd09,
}

/// A lon/lat from `source` in CGCS2000 degrees (WGS 84 and CGCS2000 agree to centimetres).
pub fn to_cgcs2000(lon: f64, lat: f64, source: CoordSource) -> (f64, f64) {
    match source {
        CoordSource::Cgcs2000 => (lon, lat),
        CoordSource::Gcj02 => china_offsets::gcj02_to_wgs84(lon, lat),
        CoordSource::Bd09 => china_offsets::bd09_to_wgs84(lon, lat),
    }
}

fn input_error(text: &str, why: impl std::fmt::Display) -> ZoneError {
    ZoneError::Input(format!(
        "{:?} is not a coordinate: {why}. Examples: \"115.68, 37.74\", \"37.74N 115.68E\", \"东经115度40分30.5秒 北纬37度44分20秒\", \"115°40′30.5″E, 37°44′20″N\"",
        text.trim()
    ))
}

/// One coordinate: its value in degrees and the hemisphere letter it was marked with, if any.
struct Part {
    degrees: f64,
    hemisphere: Option<char>,
}

/// A lon/lat in degrees from typed text. Unmarked pairs are longitude first (`115.68, 37.74`),
/// except when the first number can only be a latitude and the second only a longitude.
pub fn parse_lonlat(text: &str) -> Result<(f64, f64)> {
    let tokens = tokenise(text).map_err(|e| input_error(text, e))?;
    let groups = split_in_two(&tokens).map_err(|e| input_error(text, e))?;
    let a = part(&groups[0]).map_err(|e| input_error(text, e))?;
    let b = part(&groups[1]).map_err(|e| input_error(text, e))?;
    let is_lat = |p: &Part| p.hemisphere.map(|h| h == 'N' || h == 'S');
    let (lon_part, lat_part) = match (is_lat(&a), is_lat(&b)) {
        (Some(x), Some(y)) if x == y => {
            return Err(input_error(
                text,
                "both numbers are marked as the same axis",
            ));
        }
        (Some(true), _) | (_, Some(false)) => (b, a),
        (Some(false), _) | (_, Some(true)) => (a, b),
        (None, None) if a.degrees.abs() <= 90.0 && b.degrees.abs() > 90.0 => (b, a),
        (None, None) => (a, b),
    };
    let signed = |p: &Part| match p.hemisphere {
        Some('S') | Some('W') => -p.degrees,
        _ => p.degrees,
    };
    let (lon, lat) = (signed(&lon_part), signed(&lat_part));
    if !(-180.0..=180.0).contains(&lon) {
        return Err(input_error(
            text,
            format!("longitude {lon} is outside -180..180"),
        ));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(input_error(
            text,
            format!("latitude {lat} is outside -90..90"),
        ));
    }
    Ok((lon, lat))
}

/// Splits the tokens into the two coordinates: at a separator, else at hemisphere marks, else at a
/// degree mark that starts a new value, else (bare numbers) in half.
fn split_in_two(tokens: &[Token]) -> std::result::Result<[Vec<Token>; 2], String> {
    let seps: Vec<usize> = positions(tokens, |t| matches!(t, Token::Separator));
    if seps.len() > 1 {
        return Err("more than one separator (use a point as the decimal mark)".into());
    }
    if let [i] = seps[..] {
        return Ok([tokens[..i].to_vec(), tokens[i + 1..].to_vec()]);
    }
    let hemis = positions(tokens, |t| matches!(t, Token::Hemisphere(_)));
    if !hemis.is_empty() {
        // Prefix marks (东经115 北纬37) or suffix marks (115E 37N); a single mark decides by its place.
        let cut = if hemis[0] == 0 {
            hemis.get(1).copied()
        } else {
            Some(hemis[0] + 1)
        };
        if let Some(cut) = cut.filter(|&c| c > 0 && c < tokens.len()) {
            return Ok([tokens[..cut].to_vec(), tokens[cut..].to_vec()]);
        }
    }
    // A degree-marked number after another value starts the second coordinate: 115°40′ 37°44′.
    let numbers = positions(tokens, |t| matches!(t, Token::Number(_)));
    for &n in numbers.iter().skip(1) {
        if tokens.get(n + 1) == Some(&Token::Degree) {
            return Ok([tokens[..n].to_vec(), tokens[n..].to_vec()]);
        }
    }
    // Bare numbers: 2 (decimal), 4 (degree minute) or 6 (degree minute second), split in half.
    let only_numbers = tokens
        .iter()
        .all(|t| matches!(t, Token::Number(_) | Token::Hemisphere(_)));
    if only_numbers && matches!(numbers.len(), 2 | 4 | 6) {
        let cut = numbers[numbers.len() / 2];
        return Ok([tokens[..cut].to_vec(), tokens[cut..].to_vec()]);
    }
    Err(format!(
        "found {} numbers and cannot tell where the second coordinate starts (separate them with a comma)",
        numbers.len()
    ))
}

fn positions(tokens: &[Token], f: impl Fn(&Token) -> bool) -> Vec<usize> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| f(t))
        .map(|(i, _)| i)
        .collect()
}

/// One coordinate from its tokens: degrees, minutes, seconds (marked or by position), one hemisphere.
fn part(tokens: &[Token]) -> std::result::Result<Part, String> {
    let mut hemisphere = None;
    let mut values = [None::<f64>; 3];
    let mut next_unit = 0;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            Token::Hemisphere(h) => {
                if hemisphere.replace(h).is_some() {
                    return Err("one coordinate carries two hemisphere marks".into());
                }
            }
            Token::Number(v) => {
                let unit = match tokens.get(i + 1) {
                    Some(Token::Degree) => 0,
                    Some(Token::Minute) => 1,
                    Some(Token::Second) => 2,
                    _ => next_unit,
                };
                if matches!(
                    tokens.get(i + 1),
                    Some(Token::Degree | Token::Minute | Token::Second)
                ) {
                    i += 1;
                }
                if unit > 2 || unit < next_unit || values[unit].is_some() {
                    return Err("degrees, minutes and seconds are out of order".into());
                }
                values[unit] = Some(v);
                next_unit = unit + 1;
            }
            Token::Degree | Token::Minute | Token::Second => {
                return Err("a degree, minute or second mark without a number".into());
            }
            Token::Separator => return Err("an extra separator".into()),
        }
        i += 1;
    }
    let degrees = values[0].ok_or("a coordinate has no degrees")?;
    let mut total = degrees.abs();
    for (idx, v) in values.iter().enumerate().skip(1) {
        if let Some(v) = *v {
            if !(0.0..60.0).contains(&v) {
                return Err(format!(
                    "{} must be 0 to under 60, got {v}",
                    if idx == 1 { "minutes" } else { "seconds" }
                ));
            }
            if values[..idx]
                .iter()
                .any(|p| p.is_some_and(|p| p.fract() != 0.0))
            {
                return Err("only the last of degrees, minutes, seconds may have decimals".into());
            }
            total += v / if idx == 1 { 60.0 } else { 3600.0 };
        }
    }
    let degrees = if degrees.is_sign_negative() {
        -total
    } else {
        total
    };
    if degrees < 0.0 && hemisphere.is_some() {
        return Err("a minus sign and a hemisphere mark together".into());
    }
    Ok(Part {
        degrees,
        hemisphere,
    })
}

/// A surveyor's projected pair as (northing, easting) in metres: `X=4180000.12, Y=39512345.67`
/// (X is north in Chinese practice), labels optional (`X`/`N`/`北` north, `Y`/`E`/`东` east).
/// Without labels the pair is X then Y, unless only the first carries a zone prefix (≥ 10,000,000 m).
pub fn parse_projected_xy(text: &str) -> Result<(f64, f64)> {
    let err = |why: &str| {
        ZoneError::Input(format!(
            "{:?} is not a projected coordinate pair: {why}. Example: \"X=4180000.12, Y=39512345.67\" (X = northing, Y = easting)",
            text.trim()
        ))
    };
    let mut labelled: [Option<f64>; 2] = [None, None]; // [north, east]
    let mut bare = Vec::new();
    let mut pending: Option<usize> = None;
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '，' | ',' | ';' | '；' | '=' | ':' | '：' | '(' | ')' => ' ',
            _ => c,
        })
        .collect();
    for word in cleaned.split_whitespace() {
        let (label, rest) = split_label(word);
        if let Some(axis) = label {
            if pending.is_some() {
                return Err(err("a label without a number"));
            }
            pending = Some(axis);
        }
        if rest.is_empty() {
            continue;
        }
        let v: f64 = rest
            .parse()
            .map_err(|_| err(&format!("{rest:?} is not a number")))?;
        if !v.is_finite() {
            return Err(err("numbers must be finite"));
        }
        match pending.take() {
            Some(axis) if labelled[axis].is_none() => labelled[axis] = Some(v),
            Some(_) => return Err(err("the same axis is given twice")),
            None => bare.push(v),
        }
    }
    let (north, east) = match (labelled, bare.as_slice()) {
        ([Some(n), Some(e)], []) => (n, e),
        ([Some(n), None], [e]) => (n, *e),
        ([None, Some(e)], [n]) => (*n, e),
        ([None, None], [a, b]) if *a >= 10_000_000.0 && *b < 10_000_000.0 => (*b, *a),
        ([None, None], [a, b]) => (*a, *b),
        _ => return Err(err("expected exactly two numbers")),
    };
    Ok((north, east))
}

/// `X4180000`, `x`, `N`, `北`, `Y`, `E`, `东` in front of a number → (0 = north, 1 = east).
fn split_label(word: &str) -> (Option<usize>, &str) {
    for (label, axis) in [
        ("X", 0),
        ("x", 0),
        ("N", 0),
        ("北", 0),
        ("Y", 1),
        ("y", 1),
        ("E", 1),
        ("东", 1),
    ] {
        if let Some(rest) = word.strip_prefix(label) {
            return (Some(axis), rest);
        }
    }
    (None, word)
}

/// A typed projected pair in `crs` as CGCS2000 lon/lat, checking that a zone prefix typed in the
/// easting agrees with the system (a mismatch is the most common mistake and moves a point 3°).
pub fn projected_to_lonlat(text: &str, crs: &Crs) -> Result<(f64, f64)> {
    let (north, east) = parse_projected_xy(text)?;
    if crs.geographic {
        return Err(ZoneError::Input(format!(
            "{} is a longitude/latitude system: type degrees, or state the projected CRS of X/Y",
            crs.label()
        )));
    }
    if let Some(gk) = crs.gauss_kruger() {
        let prefixed = gk.false_easting_m > 1_000_000.0;
        let typed_zone = (east / 1_000_000.0).floor();
        if prefixed && typed_zone != gk.zone as f64 {
            return Err(ZoneError::Input(format!(
                "easting {east} does not start with zone {} that {} expects (e.g. {}512345.67); without a zone prefix state the CRS without prefix",
                gk.zone,
                crs.label(),
                gk.zone
            )));
        }
        if !prefixed && east >= 1_000_000.0 {
            return Err(ZoneError::Input(format!(
                "easting {east} carries a zone prefix but {} has none; state the zone's prefixed CRS",
                crs.label()
            )));
        }
    }
    Transform::to_lonlat(crs)?.point(east, north)
}
