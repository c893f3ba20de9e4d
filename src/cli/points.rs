//! The points a `query` asks about: one typed with `--at`, or a CSV file of `id,lon,lat` / `id,x,y`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::args::PointSource;
use crate::crs::typed::{CoordSource, parse_lonlat, projected_to_lonlat, to_cgcs2000};
use crate::crs::{Crs, Transform};

/// Where the points come from.
pub enum PointInput {
    /// One point typed on the command line.
    At(String),
    /// A CSV file.
    Csv(PathBuf),
}

/// A point to query: its id as given, and its CGCS2000 lon/lat.
pub struct InputPoint {
    pub id: String,
    pub lonlat: (f64, f64),
}

fn source(from: PointSource) -> CoordSource {
    match from {
        PointSource::Cgcs2000 => CoordSource::Cgcs2000,
        PointSource::Gcj02 => CoordSource::Gcj02,
        PointSource::Bd09 => CoordSource::Bd09,
    }
}

/// Points per chunk: read, converted, answered and written before the next is read, so that
/// memory does not grow with the number of rows. A chunk's answers and JSON lines take about
/// 2.6 KB a point on the national layer (heaptrack, `examples/profile_cli`): 16,384 points held
/// 43 MB, more than half the layer's coordinates; 2,048 still give each of a few cores
/// thousands of points to answer between writes.
pub const CHUNK_POINTS: usize = 2_048;

/// `--crs` read, and refused with `--from` when it is projected (web-map shifts apply to lon/lat).
pub fn parse_crs(crs: Option<&str>, from: PointSource) -> Result<Option<Crs>> {
    let crs = crs.map(Crs::from_user_text).transpose().context("--crs")?;
    if crs.as_ref().is_some_and(|c| !c.geographic) && from != PointSource::Cgcs2000 {
        bail!(
            "--from {from:?} applies to lon/lat copied from web maps, not to projected --crs coordinates"
        );
    }
    Ok(crs)
}

/// The one point typed with `--at`, in CGCS2000 lon/lat.
pub fn at(text: &str, crs: Option<&Crs>, from: PointSource) -> Result<InputPoint> {
    let lonlat = match crs.filter(|c| !c.geographic) {
        Some(c) => projected_to_lonlat(text, c)?,
        None => {
            let (lon, lat) = parse_lonlat(text)?;
            to_cgcs2000(lon, lat, source(from))
        }
    };
    Ok(InputPoint {
        id: text.trim().to_string(),
        lonlat,
    })
}

/// Reads every row of the points file once, converting it and keeping nothing, so that a bad row
/// is an error before any answer is written; warns once when column x held northings.
pub fn check_csv(path: &std::path::Path, crs: Option<&Crs>, from: PointSource) -> Result<()> {
    let mut points = CsvPoints::open(path, crs, from)?;
    while !points.next_chunk(CHUNK_POINTS)?.is_empty() {}
    if points.swapped {
        crate::cli::out::warn_line!(
            "warning: {}: column x holds northings (surveyors' X = north): read as X = north, Y = east",
            path.display()
        );
    }
    Ok(())
}

/// Which columns hold the id and the two coordinates, from the header.
struct Columns {
    id: Option<usize>,
    a: usize,
    b: usize,
    /// True for lon/lat columns, false for projected x/y.
    lonlat: bool,
}

fn columns(path: &std::path::Path, header: &csv::StringRecord) -> Result<Columns> {
    let find = |names: &[&str]| {
        header.iter().position(|h| {
            names.iter().any(|n| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(n)
            })
        })
    };
    let id = find(&["id", "编号", "点号", "name"]);
    if let (Some(a), Some(b)) = (
        find(&["lon", "lng", "longitude", "经度"]),
        find(&["lat", "latitude", "纬度"]),
    ) {
        return Ok(Columns {
            id,
            a,
            b,
            lonlat: true,
        });
    }
    if let (Some(a), Some(b)) = (
        find(&["x", "east", "easting"]),
        find(&["y", "north", "northing"]),
    ) {
        return Ok(Columns {
            id,
            a,
            b,
            lonlat: false,
        });
    }
    bail!(
        "{}: the header must name the columns id,lon,lat (or id,x,y with --crs); found {:?}",
        path.display(),
        header.iter().collect::<Vec<_>>()
    )
}

/// (easting, northing) from an x/y pair, swapping when the magnitudes say x holds the northing:
/// in China a northing is 2,000,000–6,000,000 m, an easting below 1,000,000 m or zone-prefixed
/// (≥ 13,000,000 m), so surveyors' X=north columns are recognisable.
fn east_north(x: f64, y: f64) -> (f64, f64, bool) {
    let prefixed = |v: f64| v >= 10_000_000.0;
    let northing = |v: f64| (1_000_000.0..10_000_000.0).contains(&v);
    if prefixed(y) && !prefixed(x) || northing(x) && !northing(y) && !prefixed(x) {
        (y, x, true)
    } else {
        (x, y, false)
    }
}

/// How a row's two numbers become CGCS2000 lon/lat.
enum Convert {
    /// Lon/lat columns: in a stated geographic CRS, else CGCS2000 or a web-map frame.
    LonLat {
        to_lonlat: Option<Transform>,
        from: CoordSource,
    },
    /// Projected x/y columns in the stated CRS.
    Projected(Transform),
}

/// A points CSV read a chunk at a time.
pub struct CsvPoints<'a> {
    reader: csv::Reader<Box<dyn std::io::Read + 'a>>,
    path: &'a std::path::Path,
    cols: Columns,
    convert: Convert,
    /// The 1-based line of the next record (the header is line 1).
    next_line: usize,
    /// Whether a row so far had its northing in column x (read swapped).
    pub swapped: bool,
}

impl<'a> CsvPoints<'a> {
    /// Opens the points file at `path` and reads its header.
    pub fn open(path: &'a std::path::Path, crs: Option<&Crs>, from: PointSource) -> Result<Self> {
        Self::from_reader(
            crate::io::text::open_text_stream(path)?,
            path,
            crs,
            source(from),
        )
    }

    /// Reads the header of CSV text (UTF-8) already open; `path` names it in messages.
    pub fn from_reader(
        text: impl std::io::Read + 'a,
        path: &'a std::path::Path,
        crs: Option<&Crs>,
        from: CoordSource,
    ) -> Result<Self> {
        let text: Box<dyn std::io::Read + 'a> = Box::new(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text);
        let header = reader
            .headers()
            .with_context(|| format!("{}: cannot read the header", path.display()))?
            .clone();
        let cols = columns(path, &header)?;
        let convert = if cols.lonlat {
            Convert::LonLat {
                to_lonlat: crs
                    .filter(|c| c.geographic)
                    .map(Transform::to_lonlat)
                    .transpose()?,
                from,
            }
        } else {
            let crs = crs.with_context(|| {
                format!(
                    "{}: x/y columns need --crs (e.g. --crs EPSG:4527)",
                    path.display()
                )
            })?;
            Convert::Projected(Transform::to_lonlat(crs)?)
        };
        Ok(CsvPoints {
            reader,
            path,
            cols,
            convert,
            next_line: 2,
            swapped: false,
        })
    }

    /// The next (at most) `max_points` points in CGCS2000 lon/lat, converted in parallel; empty
    /// at the end of the file.
    pub fn next_chunk(&mut self, max_points: usize) -> Result<Vec<InputPoint>> {
        let path = self.path;
        let mut raw = Vec::with_capacity(max_points.min(CHUNK_POINTS));
        let mut record = csv::StringRecord::new();
        while raw.len() < max_points {
            let line = self.next_line;
            let more = self
                .reader
                .read_record(&mut record)
                .with_context(|| format!("{}: line {line}", path.display()))?;
            if !more {
                break;
            }
            self.next_line += 1;
            let num = |col: usize| -> Result<f64> {
                let text = record.get(col).unwrap_or("");
                let v: f64 = text.parse().with_context(|| {
                    format!("{}: line {line}: {text:?} is not a number", path.display())
                })?;
                if !v.is_finite() {
                    bail!(
                        "{}: line {line}: coordinate {text:?} is not finite",
                        path.display()
                    );
                }
                Ok(v)
            };
            let id = match self.cols.id {
                Some(c) => record.get(c).unwrap_or("").to_string(),
                None => (line - 1).to_string(),
            };
            raw.push((id, num(self.cols.a)?, num(self.cols.b)?, line));
        }
        match &self.convert {
            Convert::LonLat { to_lonlat, from } => raw
                .into_par_iter()
                .map(|(id, lon, lat, line)| {
                    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                        bail!(
                            "{}: line {line}: ({lon}, {lat}) is not a lon/lat in degrees",
                            path.display()
                        );
                    }
                    let (lon, lat) = match to_lonlat {
                        Some(t) => t.point(lon, lat)?,
                        None => to_cgcs2000(lon, lat, *from),
                    };
                    Ok(InputPoint {
                        id,
                        lonlat: (lon, lat),
                    })
                })
                .collect(),
            Convert::Projected(transform) => {
                self.swapped |= raw.iter().any(|(_, x, y, _)| east_north(*x, *y).2);
                raw.into_par_iter()
                    .map(|(id, x, y, line)| {
                        let (e, n, _) = east_north(x, y);
                        let lonlat = transform
                            .point(e, n)
                            .with_context(|| format!("{}: line {line}", path.display()))?;
                        Ok(InputPoint { id, lonlat })
                    })
                    .collect()
            }
        }
    }
}

/// Every point of CSV text (UTF-8) already open, as `query` reads them; `path` names it in
/// messages. For the fuzz target: `query` itself reads a chunk at a time.
pub fn read_csv_from(
    text: impl std::io::Read,
    path: &std::path::Path,
    crs: Option<&Crs>,
    from: CoordSource,
) -> Result<Vec<InputPoint>> {
    let mut points = CsvPoints::from_reader(text, path, crs, from)?;
    let mut all = Vec::new();
    loop {
        let chunk = points.next_chunk(CHUNK_POINTS)?;
        if chunk.is_empty() {
            return Ok(all);
        }
        all.extend(chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::east_north;

    #[test]
    fn recognises_surveyors_x_north_columns() {
        // Zone-prefixed easting in the y column: swapped.
        assert_eq!(
            east_north(4_180_000.0, 39_512_345.0),
            (39_512_345.0, 4_180_000.0, true)
        );
        // GIS order with prefix: kept.
        assert_eq!(
            east_north(39_512_345.0, 4_180_000.0),
            (39_512_345.0, 4_180_000.0, false)
        );
        // No prefix: a 7-digit x is a northing.
        assert_eq!(
            east_north(4_180_000.0, 512_345.0),
            (512_345.0, 4_180_000.0, true)
        );
        assert_eq!(
            east_north(512_345.0, 4_180_000.0),
            (512_345.0, 4_180_000.0, false)
        );
    }
}
