//! Coordinate lists: pairs pasted from Excel or a CSV file (`x<TAB>y`, `lon,lat`, `J1,X,Y`),
//! comma, tab, semicolon or space separated, with an optional header line and optional point ids;
//! lon/lat may also be written in degrees-minutes-seconds (`J1 37°36′57.8″N 115°35′18.0″E`).
//! Three or more points make a polygon (closed or not), two a line, one a point. Several rings —
//! separated by a blank line, or following a row that repeats its ring's first point — make a
//! polygon with holes or a multipolygon (holes decided by containment, as in shapefiles).
//!
//! The numbers mean lon/lat or surveyors' X (north) / Y (east) as the options say, or as their
//! magnitudes show when left to `Auto`. Not for single typed coordinates (see `crs::typed`).

use std::path::Path;

use geo::{Coord, Geometry, LineString, Point, Polygon};

use crate::crs::{CoordSource, Crs, CrsInfo, CrsOrigin, Transform, parse_lonlat, to_cgcs2000};
use crate::error::{Result, ZoneError, quote};
use crate::io::LoadOptions;
use crate::io::layer_crs;
use crate::io::rings::polygons_from_rings;
use crate::io::text::decode_text_owned;
use crate::model::role::detect_role;
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// What the two numbers of each row are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoordMeaning {
    /// Decide from the magnitudes: degrees are lon/lat (either order, since China's longitudes
    /// exceed any latitude); metres are northing/easting told apart by their digits.
    #[default]
    Auto,
    /// Longitude then latitude.
    LonLat,
    /// Latitude then longitude.
    LatLon,
    /// Surveyors' order: X = north, then Y = east, in the stated or guessed projected CRS.
    NorthEast,
    /// Easting then northing.
    EastNorth,
}

/// How to read a coordinate list.
#[derive(Debug, Clone, Default)]
pub struct CoordListOptions {
    pub meaning: CoordMeaning,
    /// The projected CRS of metre values (else guessed from zone-prefixed eastings); for degree
    /// values a stated geographic CRS other than CGCS2000 (e.g. WGS 84).
    pub crs: Option<Crs>,
    /// For lon/lat copied from Chinese web maps: GCJ-02 (Amap, Tencent) or BD-09 (Baidu).
    pub source: Option<CoordSource>,
}

/// Points read from a list, in CGCS2000 lon/lat, with how they were read.
#[derive(Debug, Clone)]
pub struct CoordList {
    /// Point ids (the text before the pair) or 1-based row numbers.
    pub ids: Vec<String>,
    pub lonlat: Vec<Coord<f64>>,
    /// The points as one geometry: polygon (3+ points), line (2) or point (1).
    pub geometry: Geometry<f64>,
    pub crs: CrsInfo,
    pub warnings: Vec<String>,
}

/// Parses pasted text into points and a site geometry, reading the numbers as `opts` says.
pub fn parse_coordinate_list(text: &str, opts: &CoordListOptions) -> Result<CoordList> {
    parse_list(text, opts, "coordinate list")
}

/// Reads a .csv/.txt coordinate list file into a one-feature layer (meaning decided by the
/// numbers; the stated CRS, if any, applies).
pub fn read_coordinate_list_file(path: &Path, opts: &LoadOptions) -> Result<Layer> {
    let bytes = crate::io::open::read_file(path)?;
    let (text, encoding) = decode_text_owned(bytes, opts.encoding.as_deref())?;
    let list_opts = CoordListOptions {
        crs: opts.crs.clone(),
        ..CoordListOptions::default()
    };
    let list = parse_list(&text, &list_opts, &path.display().to_string()).map_err(|e| match e {
        ZoneError::Input(m) => ZoneError::format(path, m),
        other => other,
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fields = vec![Field::new("点数", FieldKind::Integer)];
    let features = vec![Feature {
        geometry: Some(list.geometry),
        attributes: vec![AttrValue::Integer(list.lonlat.len() as i64)],
    }];
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&fields, geometry_kind, &name);
    Ok(Layer {
        name,
        path: path.to_path_buf(),
        member: None,
        dataset: None,
        format: SourceFormat::CoordinateList,
        geometry_kind,
        source_geometry_type: format!("{} points", list.lonlat.len()),
        fields,
        features,
        crs: list.crs,
        encoding: Some(encoding),
        role,
        warnings: list.warnings,
    })
}

/// One row: its id and its two numbers as written.
struct Row {
    id: String,
    a: f64,
    b: f64,
    /// Written in degrees-minutes-seconds (or with N/E marks): already (lon, lat) in `a`, `b`.
    dms: bool,
    /// The first row of a ring after a blank line.
    after_blank: bool,
}

fn parse_list(text: &str, opts: &CoordListOptions, context: &str) -> Result<CoordList> {
    let rows = parse_rows(text, context)?;
    let mut warnings = Vec::new();
    let meaning = match opts.meaning {
        CoordMeaning::Auto => auto_meaning(&rows, opts.crs.as_ref(), context, &mut warnings)?,
        m => m,
    };
    let (crs, lonlat) = match meaning {
        CoordMeaning::LonLat | CoordMeaning::LatLon => {
            let pairs = rows.iter().map(|r| {
                if meaning == CoordMeaning::LonLat || r.dms {
                    (r.a, r.b)
                } else {
                    (r.b, r.a)
                }
            });
            lonlat_points(pairs, opts, context, &mut warnings)?
        }
        _ if rows.iter().any(|r| r.dms) => {
            return Err(ZoneError::Input(format!(
                "{context}: rows in degrees-minutes-seconds cannot be X/Y metres"
            )));
        }
        _ => {
            let en: Vec<(f64, f64)> = rows
                .iter()
                .map(|r| {
                    if meaning == CoordMeaning::NorthEast {
                        (r.b, r.a)
                    } else {
                        (r.a, r.b)
                    }
                })
                .collect();
            projected_points(&en, opts.crs.as_ref(), context, &mut warnings)?
        }
    };
    let (rings, kept) = split_rings(&rows, &lonlat);
    let lonlat: Vec<Coord<f64>> = rings.concat();
    let geometry = if rings.len() > 1 {
        let n = rings.len();
        match polygons_from_rings(rings.into_iter().map(LineString).collect()) {
            (Some(g), 0) => g,
            _ => {
                return Err(ZoneError::Input(format!(
                    "{context}: {n} rings, but one of them has fewer than 3 distinct points"
                )));
            }
        }
    } else {
        match lonlat.len() {
            1 => Geometry::Point(Point(lonlat[0])),
            2 => Geometry::LineString(LineString(lonlat.clone())),
            // Through `rings` so the shell is wound as geo's boolean operations need.
            _ => match polygons_from_rings(vec![LineString(lonlat.clone())]).0 {
                Some(g) => g,
                None => Geometry::Polygon(Polygon::new(LineString(lonlat.clone()), vec![])),
            },
        }
    };
    Ok(CoordList {
        ids: kept.into_iter().map(|i| rows[i].id.clone()).collect(),
        lonlat,
        geometry,
        crs,
        warnings,
    })
}

/// Splits the text into rows of (id, two numbers). The first line may be a header; later lines
/// without two numbers (or a DMS lon/lat) are errors naming the line.
fn parse_rows(text: &str, context: &str) -> Result<Vec<Row>> {
    // (line number, tokens, DMS reading, follows a blank line)
    type Line<'a> = (
        usize,
        Vec<&'a str>,
        Option<(Option<String>, f64, f64)>,
        bool,
    );
    let mut lines: Vec<Line> = Vec::new();
    let mut blank = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        let tokens: Vec<&str> = line
            .split(|c: char| c == ',' || c == '，' || c == ';' || c == '\t' || c.is_whitespace())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.is_empty() {
            blank = true;
            continue;
        }
        lines.push((n + 1, tokens, dms_row(line), blank && !lines.is_empty()));
        blank = false;
    }
    let is_num = |t: &str| t.parse::<f64>().is_ok_and(f64::is_finite);
    if let Some((_, first, dms, _)) = lines.first()
        && dms.is_none()
        && first.iter().filter(|t| is_num(t)).count() < 2
    {
        lines.remove(0); // a header line
    }
    // Numeric rows of 3+ values: the first is a point number when it is an integer on every row.
    let first_is_id = lines.iter().filter(|l| l.2.is_none()).all(|(_, t, _, _)| {
        t.len() >= 3
            && (!is_num(t[0]) || (t[0].parse::<i64>().is_ok() && is_num(t[1]) && is_num(t[2])))
    });
    let mut rows = Vec::with_capacity(lines.len());
    for (i, (line_no, tokens, dms, after_blank)) in lines.into_iter().enumerate() {
        let number = || (i + 1).to_string();
        if let Some((id, lon, lat)) = dms {
            rows.push(Row {
                id: id.unwrap_or_else(number),
                a: lon,
                b: lat,
                dms: true,
                after_blank,
            });
            continue;
        }
        let start = if first_is_id || !is_num(tokens[0]) {
            1
        } else {
            0
        };
        let nums: Vec<f64> = tokens[start.min(tokens.len())..]
            .iter()
            .take(2)
            .filter_map(|t| t.parse().ok())
            .collect();
        if nums.len() < 2 || !nums.iter().all(|v: &f64| v.is_finite()) {
            return Err(ZoneError::Input(format!(
                "{context}: line {line_no}: expected two numbers (x y, lon lat or X Y), found {:?}",
                quote(&tokens.join(" "))
            )));
        }
        rows.push(Row {
            id: if start == 1 {
                tokens[0].to_string()
            } else {
                number()
            },
            a: nums[0],
            b: nums[1],
            dms: false,
            after_blank,
        });
    }
    if rows.is_empty() {
        return Err(ZoneError::Input(format!("{context}: no coordinates found")));
    }
    Ok(rows)
}

/// A row written as a lon/lat with degree, minute or second marks or N/E letters (`37°36′57.8″N
/// 115°35′18.0″E`, `东经115度35分18秒 北纬37度36分58秒`), optionally after a point id: the id and
/// the lon/lat. `None` for plain numbers, which the caller reads.
fn dms_row(line: &str) -> Option<(Option<String>, f64, f64)> {
    // Marks, or a hemisphere letter right after a number (`37.5N`); a point id such as `E1` or
    // `NE3` alone does not make a row DMS.
    const MARKS: &[char] = &[
        '°', '′', '″', '\'', '"', '度', '分', '秒', '北', '东', '南', '西',
    ];
    let hemisphere_after_number = line
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'N' | b'E' | b'S' | b'W'));
    if !line.contains(MARKS) && !hemisphere_after_number {
        return None;
    }
    if let Ok((lon, lat)) = parse_lonlat(line) {
        return Some((None, lon, lat));
    }
    let line = line.trim();
    let cut = line.find(|c: char| c == ',' || c == '，' || c == '\t' || c.is_whitespace())?;
    let (id, rest) = line.split_at(cut);
    let rest = rest.trim_start_matches(|c: char| c == ',' || c == '，' || c.is_whitespace());
    let (lon, lat) = parse_lonlat(rest).ok()?;
    Some((Some(id.to_string()), lon, lat))
}

/// The points split into rings: a new ring starts after a blank line, or after a row that
/// repeats its ring's first point (the ring closed); a closing repeat is dropped. Also gives the
/// indices of the rows kept.
fn split_rings(rows: &[Row], lonlat: &[Coord<f64>]) -> (Vec<Vec<Coord<f64>>>, Vec<usize>) {
    let mut rings: Vec<Vec<Coord<f64>>> = Vec::new();
    let mut kept = Vec::with_capacity(rows.len());
    let mut current: Vec<Coord<f64>> = Vec::new();
    let mut closed = false;
    for (i, (row, &p)) in rows.iter().zip(lonlat).enumerate() {
        if (row.after_blank || closed) && !current.is_empty() {
            rings.push(std::mem::take(&mut current));
        }
        closed = false;
        if current.len() >= 3 && current.first() == Some(&p) {
            closed = true;
            continue;
        }
        current.push(p);
        kept.push(i);
    }
    if !current.is_empty() {
        rings.push(current);
    }
    (rings, kept)
}

fn in_lon(v: f64) -> bool {
    (70.0..=140.0).contains(&v)
}
fn in_lat(v: f64) -> bool {
    (0.0..=60.0).contains(&v)
}
/// A Gauss-Kruger northing in China (about 18°N–54°N).
fn is_northing(v: f64) -> bool {
    (1_900_000.0..=6_100_000.0).contains(&v)
}
/// A Gauss-Kruger easting, zone-prefixed (8 digits) or not (6 digits).
fn is_easting(v: f64) -> bool {
    (100_000.0..=900_000.0).contains(&v) || (13_000_000.0..=46_000_000.0).contains(&v)
}

fn auto_meaning(
    rows: &[Row],
    crs: Option<&Crs>,
    context: &str,
    warnings: &mut Vec<String>,
) -> Result<CoordMeaning> {
    let all = |f: &dyn Fn(&Row) -> bool| rows.iter().all(f);
    if crs.is_none_or(|c| c.geographic) {
        if all(&|r| in_lon(r.a) && in_lat(r.b)) {
            return Ok(CoordMeaning::LonLat);
        }
        if all(&|r| in_lat(r.a) && in_lon(r.b)) {
            warnings.push(
                "the first number of each row is a latitude: read as latitude, longitude".into(),
            );
            return Ok(CoordMeaning::LatLon);
        }
    }
    if all(&|r| is_northing(r.a) && is_easting(r.b)) {
        return Ok(CoordMeaning::NorthEast);
    }
    if all(&|r| is_easting(r.a) && is_northing(r.b)) {
        warnings
            .push("the first number of each row is an easting: read as Y (east), X (north)".into());
        return Ok(CoordMeaning::EastNorth);
    }
    Err(ZoneError::Input(format!(
        "{context}: cannot tell whether the numbers are lon/lat or X (north)/Y (east); say which"
    )))
}

fn lonlat_points(
    pairs: impl Iterator<Item = (f64, f64)>,
    opts: &CoordListOptions,
    context: &str,
    warnings: &mut Vec<String>,
) -> Result<(CrsInfo, Vec<Coord<f64>>)> {
    let source = opts.source.unwrap_or(CoordSource::Cgcs2000);
    let (crs, origin) = match &opts.crs {
        Some(c) if c.geographic => (c.clone(), CrsOrigin::Stated),
        Some(c) => {
            return Err(ZoneError::Input(format!(
                "{context}: the numbers are degrees but the stated CRS {} is projected",
                c.label()
            )));
        }
        None => (
            Crs::cgcs2000(),
            CrsOrigin::Guessed("numbers in degrees: CGCS2000 lon/lat".into()),
        ),
    };
    let transform = Transform::to_lonlat(&crs)?;
    let mut out = Vec::new();
    for (lon, lat) in pairs {
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(ZoneError::Input(format!(
                "{context}: ({lon}, {lat}) is not a longitude/latitude"
            )));
        }
        let (lon, lat) = to_cgcs2000(lon, lat, source);
        let (x, y) = transform.point(lon, lat)?;
        out.push(Coord { x, y });
    }
    if source != CoordSource::Cgcs2000 {
        let frame = if source == CoordSource::Gcj02 {
            "GCJ-02"
        } else {
            "BD-09"
        };
        warnings.push(format!(
            "web-map offsets removed ({frame} to CGCS2000), as stated; state no web-map source \
             if the points are GPS or survey coordinates"
        ));
    }
    Ok((CrsInfo { crs, origin }, out))
}

fn projected_points(
    en: &[(f64, f64)],
    stated: Option<&Crs>,
    context: &str,
    warnings: &mut Vec<String>,
) -> Result<(CrsInfo, Vec<Coord<f64>>)> {
    let feature = Feature {
        geometry: Some(Geometry::MultiPoint(
            en.iter().map(|&(e, n)| Point::new(e, n)).collect(),
        )),
        attributes: vec![],
    };
    let bounds = layer_crs::Bounds::of_features(std::slice::from_ref(&feature));
    let crs = layer_crs::decide_crs(Path::new(context), stated, None, bounds, warnings)?;
    if crs.crs.geographic {
        return Err(ZoneError::Input(format!(
            "{context}: the numbers are metres but the CRS {} is lon/lat",
            crs.crs.label()
        )));
    }
    warnings.extend(crs.crs.datum_warning());
    let transform = Transform::to_lonlat(&crs.crs)?;
    let mut out = Vec::with_capacity(en.len());
    for &(e, n) in en {
        let (x, y) = transform.point(e, n)?;
        out.push(Coord { x, y });
    }
    Ok((crs, out))
}
