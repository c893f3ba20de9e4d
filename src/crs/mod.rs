//! Coordinate systems: recognise them (EPSG codes, .prj WKT, GeoJSON `crs`, guesses from
//! coordinates) and transform between them and the working frame, CGCS2000 lon/lat.
//!
//! Where to look: `definitions` (EPSG code → PROJ.4 string, `Datum`) and `gauss_kruger` (the
//! Chinese GK zone table, both ways); `wkt` + `wkt_tree` (.prj / WKT) and `proj4_match` (a built-in
//! system recognised by its parameters); `guess` (no .prj: from the extent or a header); `transform`
//! (proj4rs); `typed` + `typed_tokens` (what users type); `china_offsets` (GCJ-02 / BD-09).
//!
//! Not for geodesic measurement (see `query::measure`).

pub mod china_offsets;
mod definitions;
mod gauss_kruger;
pub mod guess;
mod proj4_match;
mod proj_build;
mod transform;
pub mod typed;
mod typed_tokens;
mod wkt;
mod wkt_tree;

pub use definitions::Datum;
pub use gauss_kruger::{GkParams, by_zone, zone_of_central_meridian, zone_of_lon};
pub use guess::{
    crs_from_zone_header, datum_from_header_text, explain_no_guess, gk_zone_crs, guess_crs,
};
pub use transform::Transform;
pub use typed::{CoordSource, parse_lonlat, parse_projected_xy, projected_to_lonlat, to_cgcs2000};

use serde::Serialize;

use std::path::Path;

use crate::error::{Result, ZoneError};

/// A coordinate reference system the engine can transform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crs {
    /// EPSG code when the system is one of the registered ones.
    pub epsg: Option<u32>,
    /// A readable name, e.g. `CGCS2000 / 3-degree Gauss-Kruger zone 39`.
    pub name: String,
    /// The PROJ.4 definition handed to proj4rs.
    pub proj4: String,
    /// True for lon/lat systems (degrees), false for projected ones (metres).
    pub geographic: bool,
    pub datum: Datum,
}

impl Crs {
    /// CGCS2000 geographic (EPSG:4490), the working frame of the engine.
    pub fn cgcs2000() -> Crs {
        definitions::from_epsg(4490).expect("EPSG:4490 is built in")
    }

    /// WGS 84 geographic (EPSG:4326).
    pub fn wgs84() -> Crs {
        definitions::from_epsg(4326).expect("EPSG:4326 is built in")
    }

    /// A system by EPSG code.
    pub fn from_epsg(code: u32) -> Result<Crs> {
        definitions::from_epsg(code)
    }

    /// The CGCS2000 3-degree Gauss-Kruger zone without prefix whose central meridian is nearest `lon`,
    /// for planar areas when the data itself is geographic.
    pub fn gk3_zone_for_lon(lon: f64) -> Result<Crs> {
        let zone = (lon / 3.0).round() as i64;
        if !(25..=45).contains(&zone) {
            return Err(ZoneError::crs(
                format!("longitude {lon}"),
                "outside the CGCS2000 Gauss-Kruger zones (75°E–135°E)",
            ));
        }
        Crs::from_epsg(4534 + (zone as u32 - 25))
    }

    /// A system as a user states it: `EPSG:4527`, `epsg 4527`, `4527`, an OGC URN or URL
    /// (`urn:ogc:def:crs:EPSG::4527`, `…:CRS84`), WKT (ESRI or OGC), or a
    /// PROJ.4 string (`+proj=...`, taken as is: no EPSG code, datum unknown).
    pub fn from_user_text(text: &str) -> Result<Crs> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        // GeoJSON's legacy `crs` names: urn:ogc:def:crs:OGC:1.3:CRS84, urn:ogc:def:crs:EPSG::4490,
        // http://www.opengis.net/def/crs/EPSG/0/4490.
        if lower.ends_with("crs84") {
            return definitions::from_epsg(4326);
        }
        let tail = [
            "urn:ogc:def:crs:",
            "http://www.opengis.net/def/crs/",
            "https://www.opengis.net/def/crs/",
        ]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .and_then(|r| r.strip_prefix("epsg"))
        .map(|r| r.rsplit([':', '/']).next().unwrap_or(r));
        let digits = tail.unwrap_or_else(|| {
            lower
                .strip_prefix("epsg")
                .map(|r| r.trim_start_matches([':', ' ', '\t']))
                .unwrap_or(&lower)
        });
        if let Ok(code) = digits.parse::<u32>() {
            return definitions::from_epsg(code);
        }
        if t.contains('[') || t.contains('(') {
            return wkt::crs_from_wkt(t, "typed WKT");
        }
        if t.starts_with("+proj=") {
            return Crs::from_proj4(t);
        }
        Err(ZoneError::crs(
            format!("{t:?}"),
            format!(
                "expected EPSG:NNNN, a bare EPSG code, WKT (the text of a .prj file) or a PROJ.4 string (+proj=...); {}",
                definitions::ACCEPTED_CODES
            ),
        ))
    }

    /// A system from WKT text (ESRI .prj or OGC WKT1); built-in systems are recognised by their
    /// parameters and come out with their EPSG code.
    pub fn from_wkt(text: &str) -> Result<Crs> {
        wkt::crs_from_wkt(text, "WKT")
    }

    /// A system from a .prj file; errors name the file.
    pub fn from_prj_file(path: &Path) -> Result<Crs> {
        let bytes = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
        // .prj files are ASCII in practice; a stray GBK byte in a name must not stop the read.
        let text = String::from_utf8_lossy(&bytes);
        wkt::crs_from_wkt(&text, &path.display().to_string())
    }

    /// A system from a PROJ.4 string, checked by building it in proj4rs; a built-in system is
    /// recognised by its parameters, anything else is custom (no EPSG code).
    pub fn from_proj4(text: &str) -> Result<Crs> {
        let t = text.trim();
        proj_build::build_proj(t).map_err(|e| {
            ZoneError::crs(format!("{t:?}"), format!("proj4rs cannot build it: {e}"))
        })?;
        let datum = proj4_match::datum_of_proj4(t);
        if let Some(crs) = proj4_match::recognise(t, datum, None) {
            return Ok(crs);
        }
        Ok(Crs {
            epsg: None,
            name: t.to_string(),
            proj4: t.to_string(),
            geographic: t.contains("+proj=longlat") || t.contains("+proj=latlong"),
            datum,
        })
    }

    /// The Gauss-Kruger parameters (zone, central meridian, false easting) when this is one of the
    /// built-in Chinese Gauss-Kruger systems.
    pub fn gauss_kruger(&self) -> Option<GkParams> {
        self.epsg.and_then(gauss_kruger::by_code)
    }

    /// The warning to show for datums that cannot be shifted to CGCS2000 without local parameters.
    pub fn datum_warning(&self) -> Option<String> {
        self.datum.warning()
    }

    /// `EPSG:NNNN` or the name.
    pub fn label(&self) -> String {
        match self.epsg {
            Some(code) => format!("EPSG:{code} {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// How a layer's CRS was found, so the user can tell a recognised CRS from a guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "how", content = "detail")]
pub enum CrsOrigin {
    /// Read from the .prj file beside the shapefile.
    PrjFile,
    /// Read from the GeoJSON legacy `crs` member.
    GeoJsonMember,
    /// GeoJSON without a `crs` member: RFC 7946 says WGS 84.
    Rfc7946Default,
    /// The spatial reference of a File Geodatabase feature class (its WKT, else its WKID).
    FileGdb,
    /// Named in a header (coordinate exchange text: 坐标系 / 带号).
    Header,
    /// Stated by the user or the project file.
    Stated,
    /// Guessed from the coordinates; the string says why.
    Guessed(String),
    /// Read from the file's own metadata; the string says where (e.g. a GeoPackage's
    /// `gpkg_spatial_ref_sys`).
    Embedded(String),
    /// Fixed by the format's specification (KML is WGS 84); the string says which rule.
    FormatDefault(String),
}

impl CrsOrigin {
    /// A short phrase for `info` output and the layers panel.
    pub fn describe(&self) -> String {
        match self {
            CrsOrigin::PrjFile => "from .prj".into(),
            CrsOrigin::GeoJsonMember => "from GeoJSON crs member".into(),
            CrsOrigin::Rfc7946Default => "GeoJSON default (RFC 7946: WGS 84)".into(),
            CrsOrigin::Header => "from file header".into(),
            CrsOrigin::FileGdb => "from the FileGDB spatial reference".into(),
            CrsOrigin::Stated => "stated".into(),
            CrsOrigin::Guessed(why) => format!("guessed: {why}"),
            CrsOrigin::Embedded(where_) => format!("from {where_}"),
            CrsOrigin::FormatDefault(rule) => rule.clone(),
        }
    }
}

/// A layer's source CRS and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrsInfo {
    pub crs: Crs,
    pub origin: CrsOrigin,
}
