//! A loaded layer: its features in the working frame (CGCS2000 lon/lat), its fields, and how
//! its CRS, encoding and role were found.
//!
//! Not for spatial indexing (see `index`) or for reading files (see `io`).

use std::borrow::Cow;
use std::path::PathBuf;

use geo::Geometry;
use serde::Serialize;

use crate::crs::CrsInfo as CrsInfoType;
use crate::model::category::UnitCategory;
use crate::model::role::RoleInfo;
use crate::model::value::AttrValue;

pub use crate::crs::CrsInfo;

/// The file format a layer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SourceFormat {
    Shapefile,
    ZippedShapefile,
    GeoJson,
    CoordinateExchangeText,
    CoordinateList,
    /// An Esri File Geodatabase feature class (a `.gdb` folder, or zipped).
    FileGdb,
    /// One feature table of a GeoPackage (.gpkg); the table name is the layer's `member`.
    GeoPackage,
    /// KML, including Ovital's .ovkml.
    Kml,
    /// Zipped KML (.kmz, Ovital's .ovkmz).
    Kmz,
    /// A CAD drawing exchange file.
    Dxf,
    /// Boundary points in a workbook sheet (.xlsx/.xls).
    CoordinateTable,
}

impl SourceFormat {
    /// A short name for `info` output.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Shapefile => "ESRI Shapefile",
            SourceFormat::ZippedShapefile => "ESRI Shapefile (zipped)",
            SourceFormat::GeoJson => "GeoJSON",
            SourceFormat::CoordinateExchangeText => {
                "坐标交换格式 (land-survey coordinate exchange text)"
            }
            SourceFormat::CoordinateList => "coordinate list",
            SourceFormat::FileGdb => "Esri File Geodatabase",
            SourceFormat::GeoPackage => "GeoPackage",
            SourceFormat::Kml => "KML",
            SourceFormat::Kmz => "KMZ (zipped KML)",
            SourceFormat::Dxf => "DXF (CAD drawing)",
            SourceFormat::CoordinateTable => "coordinate table (spreadsheet)",
        }
    }
}

/// The broad geometry type of a layer, which decides how it is queried and drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GeometryKind {
    Point,
    Line,
    Polygon,
    /// Features of more than one kind (GeoJSON allows it).
    Mixed,
    /// No feature has a geometry.
    Empty,
}

/// The type of an attribute field, kept from the source so numbers sort as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Integer,
    Float,
    Bool,
    Date,
}

/// One attribute column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The name as written in the source, trimmed.
    pub name: String,
    pub kind: FieldKind,
    /// The label the data's producer gave the field, when the format carries one (a File
    /// Geodatabase alias, a GeoPackage `gpkg_data_columns` title): Chinese geodatabases name
    /// fields in pinyin initials (HJGKDYBM) and put the meaning (环境管控单元编码) here.
    /// `None` when the format has none or it only repeats the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

impl Field {
    /// A field without an alias.
    pub fn new(name: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            name: name.into(),
            kind,
            alias: None,
        }
    }

    /// The field with `alias` kept when it says more than the name (trimmed, not empty, not
    /// the name again).
    pub fn with_alias(mut self, alias: Option<&str>) -> Field {
        self.alias = alias
            .map(str::trim)
            .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case(self.name.trim()))
            .map(str::to_string);
        self
    }
}

/// One feature: a geometry in CGCS2000 lon/lat (degrees) and attribute values aligned with the
/// layer's fields. Its fid is its 0-based position in the layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub geometry: Option<Geometry<f64>>,
    pub attributes: Vec<AttrValue>,
}

/// How the text encoding of a DBF was decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EncodingInfo {
    /// The WHATWG name of the encoding, e.g. `GBK` or `UTF-8`.
    pub encoding: String,
    /// How it was decided: `.cpg file`, `DBF language driver 0x4D`, `valid UTF-8`, `fallback`, `stated`.
    pub how: String,
}

/// A layer loaded into memory, ready to be indexed and queried.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The display name: the file stem (for zip members, the member's stem).
    pub name: String,
    /// The file it was read from (the .shp, .geojson, .zip or text file).
    pub path: PathBuf,
    /// The part of a container it came from: a zip member's path, a GeoPackage table, or a File
    /// Geodatabase feature class's name (which picks the same layer again when it is re-read).
    pub member: Option<String>,
    /// The File Geodatabase feature dataset the class sits in (a folder of classes sharing one
    /// spatial reference, e.g. 生态保护红线 inside 规划数据), `None` elsewhere.
    pub dataset: Option<String>,
    pub format: SourceFormat,
    pub geometry_kind: GeometryKind,
    /// The source geometry type in the format's own words, e.g. `PolygonZ`.
    pub source_geometry_type: String,
    pub fields: Vec<Field>,
    /// Features in CGCS2000 lon/lat degrees; `crs` records the file's own CRS.
    pub features: Vec<Feature>,
    /// The CRS the file's coordinates were in, and how it was found.
    pub crs: CrsInfoType,
    /// For DBF-backed layers, the text encoding and how it was decided.
    pub encoding: Option<EncodingInfo>,
    /// What the layer is (control units, reserve, river…) and which fields carry what.
    pub role: RoleInfo,
    /// Things the user should know: a guessed CRS, invalid geometries used anyway, skipped records.
    pub warnings: Vec<String>,
}

impl Layer {
    /// The index of the field named `name` (case-insensitive, trimmed), if any; a field spelt
    /// exactly so is preferred.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        // Role mappings hold the layer's own field names, so the exact comparison nearly always
        // finds it: trimming and folding every field name on each lookup (several per query hit)
        // was 6 % of a national query run.
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            return Some(i);
        }
        let want = name.trim();
        self.fields
            .iter()
            .position(|f| f.name.trim().eq_ignore_ascii_case(want))
    }

    /// The text of attribute `field` of feature `fid`, if the field exists and is not empty.
    pub fn text(&self, fid: usize, field: Option<&str>) -> Option<String> {
        self.text_str(fid, field).map(Cow::into_owned)
    }

    /// [`Layer::text`], borrowed from the layer where the value is text (see
    /// `AttrValue::as_text_str`).
    pub fn text_str(&self, fid: usize, field: Option<&str>) -> Option<Cow<'_, str>> {
        let idx = self.field_index(field?)?;
        self.features.get(fid)?.attributes.get(idx)?.as_text_str()
    }

    /// The unit code of feature `fid` through the role's field mapping, always as a string.
    pub fn unit_code(&self, fid: usize) -> Option<String> {
        self.unit_code_str(fid).map(Cow::into_owned)
    }

    /// [`Layer::unit_code`], borrowed where it can be.
    pub fn unit_code_str(&self, fid: usize) -> Option<Cow<'_, str>> {
        self.text_str(fid, self.role.mapping.code.as_deref())
    }

    /// The best human name of feature `fid`: the mapped name field, else any name-like field.
    pub fn feature_name(&self, fid: usize) -> Option<String> {
        self.feature_name_str(fid).map(Cow::into_owned)
    }

    /// [`Layer::feature_name`], borrowed unless a zone is added to the name.
    pub fn feature_name_str(&self, fid: usize) -> Option<Cow<'_, str>> {
        let m = &self.role.mapping;
        let base = self.text_str(fid, m.name.as_deref());
        let zone = self.text_str(fid, m.zone.as_deref());
        match (base, zone) {
            (Some(b), Some(z)) if !b.contains(z.as_ref()) => {
                Some(Cow::Owned(format!("{b}（{z}）")))
            }
            (Some(b), _) => Some(b),
            (None, Some(z)) => Some(z),
            (None, None) => None,
        }
    }

    /// The category of unit `fid`: from the mapped category field, else from the code's digit.
    pub fn unit_category(&self, fid: usize) -> Option<UnitCategory> {
        self.text_str(fid, self.role.mapping.category.as_deref())
            .and_then(|t| UnitCategory::normalise(&t))
            .or_else(|| {
                self.unit_code_str(fid)
                    .and_then(|c| UnitCategory::from_unit_code(&c))
            })
    }

    /// All attributes of feature `fid` as (field name, value) pairs in field order.
    pub fn attributes(&self, fid: usize) -> Vec<(&str, &AttrValue)> {
        match self.features.get(fid) {
            Some(f) => self
                .fields
                .iter()
                .zip(f.attributes.iter())
                .map(|(field, v)| (field.name.as_str(), v))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The bounding box of all features in lon/lat degrees, `None` for a layer without geometry.
    pub fn extent_lonlat(&self) -> Option<geo::Rect<f64>> {
        use geo::BoundingRect;
        self.features
            .iter()
            .filter_map(|f| f.geometry.as_ref()?.bounding_rect())
            .reduce(|a, b| {
                geo::Rect::new(
                    geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            })
    }

    /// Total number of vertices, for progress and benchmark figures.
    pub fn vertex_count(&self) -> usize {
        use geo::CoordsIter;
        self.features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .map(|g| g.coords_count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::layer_with_features;

    #[test]
    fn fields_are_found_spelt_exactly_or_folded_and_trimmed() {
        let layer = layer_with_features("单元", &["HJGKDYBM", " mc ", "MC"], vec![]);
        assert_eq!(layer.field_index("HJGKDYBM"), Some(0));
        // Folded and trimmed when no field is spelt so; the exact spelling first when one is.
        assert_eq!(layer.field_index("hjgkdybm "), Some(0));
        assert_eq!(layer.field_index("MC"), Some(2));
        assert_eq!(layer.field_index("Mc"), Some(1));
        assert_eq!(layer.field_index("MJ"), None);
    }
}
