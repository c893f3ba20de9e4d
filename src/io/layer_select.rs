//! Choosing one layer of a container (GeoPackage tables, zip members): the `PATH|layername=NAME`
//! suffix QGIS writes, folded into `LoadOptions::layer`, and the match of a wanted name against
//! the layers a file holds.
//!
//! Not for reading any container (see `gpkg`, `zip`).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;

/// QGIS's data-source suffix naming one layer of a container.
const SUFFIX: &str = "|layername=";

/// `path` without a `|layername=NAME` suffix, and the options with that layer stated. A path
/// that exists as written is taken as it is (a file may be called anything). The suffix and
/// `opts.layer` naming different layers is an error.
pub fn split_layer_suffix<'a>(
    path: &'a Path,
    opts: &'a LoadOptions,
) -> Result<(PathBuf, Cow<'a, LoadOptions>)> {
    let text = path.to_string_lossy();
    let Some(at) = text.rfind(SUFFIX) else {
        return Ok((path.to_path_buf(), Cow::Borrowed(opts)));
    };
    if path.exists() {
        return Ok((path.to_path_buf(), Cow::Borrowed(opts)));
    }
    let file = PathBuf::from(&text[..at]);
    // QGIS may add further `|key=value` parts (e.g. `|geometrytype=Polygon`): not ours to read.
    let name = text[at + SUFFIX.len()..]
        .split('|')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(ZoneError::format(
            &file,
            "`|layername=` names no layer: write PATH|layername=NAME",
        ));
    }
    if let Some(stated) = opts.layer.as_deref()
        && !same_name(stated, &name)
    {
        return Err(ZoneError::Input(format!(
            "{}: the path names layer {name:?} but layer {stated:?} is stated too",
            file.display()
        )));
    }
    let mut opts = opts.clone();
    opts.layer = Some(name);
    Ok((file, Cow::Owned(opts)))
}

/// Layer names compare trimmed and case-insensitively (ASCII), as field names do.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The error for a wanted layer that `path` does not hold, listing the ones it does.
pub fn no_such_layer(path: &Path, wanted: &str, available: &[String]) -> ZoneError {
    let list = if available.is_empty() {
        "none".to_string()
    } else {
        available.join(", ")
    };
    ZoneError::format(
        path,
        format!("has no layer named {wanted:?}; its layers are: {list}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suffix_becomes_the_layer_option() {
        let opts = LoadOptions::default();
        let (file, o) =
            split_layer_suffix(Path::new("/nowhere/数据.gpkg|layername=红线"), &opts).unwrap();
        assert_eq!(file.as_path(), Path::new("/nowhere/数据.gpkg"));
        assert_eq!(o.layer.as_deref(), Some("红线"));
        let (_, o) = split_layer_suffix(
            Path::new("/nowhere/a.gpkg|layername=units|geometrytype=Polygon"),
            &opts,
        )
        .unwrap();
        assert_eq!(o.layer.as_deref(), Some("units"));
        let (file, o) = split_layer_suffix(Path::new("/nowhere/a.gpkg"), &opts).unwrap();
        assert_eq!(file.as_path(), Path::new("/nowhere/a.gpkg"));
        assert_eq!(o.layer, None);
    }

    #[test]
    fn an_empty_or_conflicting_suffix_is_an_error() {
        let opts = LoadOptions::default();
        assert!(split_layer_suffix(Path::new("/nowhere/a.gpkg|layername="), &opts).is_err());
        let stated = LoadOptions {
            layer: Some("b".into()),
            ..LoadOptions::default()
        };
        assert!(split_layer_suffix(Path::new("/nowhere/a.gpkg|layername=a"), &stated).is_err());
        assert!(split_layer_suffix(Path::new("/nowhere/a.gpkg|layername=B"), &stated).is_ok());
    }
}
