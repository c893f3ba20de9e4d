//! The last step the GeoPackage, KML, DXF and spreadsheet readers share: what a reader found,
//! turned into a `Layer` with its geometry kind and detected role, and a warning when it is empty.
//!
//! Not for deciding CRSs or transforming (see `layer_crs`).

use std::path::{Path, PathBuf};

use crate::crs::CrsInfo;
use crate::io::layer_crs;
use crate::model::role::detect_role;
use crate::model::{EncodingInfo, Feature, Field, Layer, SourceFormat};

/// A layer as a reader found it, features already in CGCS2000 lon/lat.
pub struct LayerParts {
    pub name: String,
    pub path: PathBuf,
    pub member: Option<String>,
    pub format: SourceFormat,
    pub source_geometry_type: String,
    pub fields: Vec<Field>,
    pub features: Vec<Feature>,
    pub crs: CrsInfo,
    pub encoding: Option<EncodingInfo>,
    pub warnings: Vec<String>,
}

impl LayerParts {
    /// The layer, its geometry kind and role decided from its features and fields.
    pub fn into_layer(mut self) -> Layer {
        if self.features.is_empty() {
            self.warnings
                .push(crate::io::NO_FEATURES_WARNING.to_string());
        }
        let geometry_kind = layer_crs::geometry_kind(&self.features);
        let role = detect_role(&self.fields, geometry_kind, &self.name);
        Layer {
            name: self.name,
            path: self.path,
            member: self.member,
            dataset: None,
            format: self.format,
            geometry_kind,
            source_geometry_type: self.source_geometry_type,
            fields: self.fields,
            features: self.features,
            crs: self.crs,
            encoding: self.encoding,
            role,
            warnings: self.warnings,
        }
    }
}

/// The file stem of `path`, the name a single-layer file's layer takes.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
