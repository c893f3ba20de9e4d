//! Correcting what detection got wrong about a layer: its role, which field means what, how it
//! is styled and labelled, and — by reading the file again — its DBF encoding and its CRS. The
//! window edits a draft; `apply` puts it into effect: role, fields and style in place (no
//! re-reading, no re-indexing), encoding or CRS through the loader off the UI thread.
//!
//! Not for drawing the window (see `panels::layer_settings`) or for reading files (the engine).

use std::sync::Arc;

use crate::crs::Crs;
use crate::model::{FieldMapping, LayerRole, RoleInfo};
use crate::ui::i18n::{Key, tr};
use crate::ui::loader::{ReadyLayer, Reload};
use crate::ui::state::{AppState, LayerId, Level, MapLayer, Message};
use crate::ui::style::{LayerStyle, StyleChoice};

/// A layer's editable settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSettings {
    pub role: LayerRole,
    pub mapping: FieldMapping,
    pub choice: StyleChoice,
    /// DBF encoding override (`None`: detect).
    pub encoding: Option<String>,
    /// CRS override as the user states it (`None`: the file's own, or the guess).
    pub crs: Option<String>,
    /// The web-map frame the layer's lon/lat are in (GCJ-02, BD-09; `None`: not shifted, as
    /// official data is); a change reads the file again, shifted back to CGCS2000.
    pub lonlat_source: Option<crate::model::project::LonlatSource>,
}

impl LayerSettings {
    /// The settings a loaded layer has now.
    pub fn of(l: &MapLayer) -> LayerSettings {
        let layer = l.layer();
        LayerSettings {
            role: layer.role.role,
            mapping: layer.role.mapping.clone(),
            choice: l.ready.choice.clone(),
            encoding: l.ready.spec.encoding.clone(),
            crs: l.ready.spec.crs.clone(),
            lonlat_source: l.ready.spec.lonlat_source,
        }
    }
}

/// The settings window's state: the layer, the settings being edited, the CRS as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsDraft {
    pub id: LayerId,
    pub settings: LayerSettings,
    /// The CRS box's text (empty: no override); checked when applied.
    pub crs_text: String,
    /// Why the last apply was refused (a CRS that cannot be understood).
    pub error: Option<String>,
    /// Vertex count, counted once (a province has millions).
    pub vertices: usize,
}

impl SettingsDraft {
    /// A draft holding the layer's current settings.
    pub fn for_layer(l: &MapLayer) -> SettingsDraft {
        let settings = LayerSettings::of(l);
        SettingsDraft {
            id: l.id,
            crs_text: settings.crs.clone().unwrap_or_default(),
            settings,
            error: None,
            vertices: l.layer().vertex_count(),
        }
    }

    /// The settings to apply, with the CRS box checked: `Err` says why it is not a CRS.
    pub fn checked(&self) -> Result<LayerSettings, String> {
        let text = self.crs_text.trim();
        let mut settings = self.settings.clone();
        settings.crs = if text.is_empty() {
            None
        } else {
            Crs::from_user_text(text).map_err(|e| e.to_string())?;
            Some(text.to_string())
        };
        Ok(settings)
    }
}

/// Puts `settings` into effect for layer `id`. A new encoding, CRS or lon/lat source reads the
/// file again (the
/// layer is replaced when the reading arrives, and stays as it is if it fails); otherwise the
/// role, fields and style change at once.
pub fn apply(state: &mut AppState, id: LayerId, settings: LayerSettings) {
    let Some(pos) = state.layers.iter().position(|l| l.id == id) else {
        return;
    };
    if let Some(text) = &settings.crs
        && let Err(e) = Crs::from_user_text(text)
    {
        let text = format!("{}: {e}", tr(state.lang, Key::Crs));
        if let Some(d) = state.layer_settings.as_mut().filter(|d| d.id == id) {
            d.error = Some(text);
        }
        return;
    }
    let l = &mut state.layers[pos];
    let spec = &l.ready.spec;
    if settings.encoding != spec.encoding
        || settings.crs != spec.crs
        || settings.lonlat_source != spec.lonlat_source
    {
        let layer = l.layer();
        let mut new_spec = spec.clone();
        new_spec.encoding = settings.encoding.clone();
        new_spec.crs = settings.crs.clone();
        new_spec.lonlat_source = settings.lonlat_source;
        // Field names may read differently in another encoding: state the role and fields only
        // when the user changed them, else let detection see the newly decoded names.
        if settings.role != layer.role.role {
            new_spec.role = Some(settings.role);
        }
        if settings.mapping != layer.role.mapping {
            new_spec.fields = settings.mapping.clone();
        }
        let reload = Reload {
            spec: new_spec,
            member: layer.member.clone(),
            name: layer.name.clone(),
            choice: settings.choice,
            previous: l.ready.clone(),
        };
        state.loader.spawn_reload(id, reload);
        return;
    }
    restyle(l, &settings);
    state.refresh_identify();
}

/// Sets role, fields and style of a loaded layer in place: the geometry, index and meshes
/// stay (they do not depend on either).
fn restyle(l: &mut MapLayer, settings: &LayerSettings) {
    let ready = &mut l.ready;
    let role_changed = ready.indexed.layer.role.role != settings.role
        || ready.indexed.layer.role.mapping != settings.mapping;
    if role_changed {
        // Unshared in the usual case (no site analysis running), so no copy is made.
        let indexed = Arc::make_mut(&mut ready.indexed);
        indexed.layer.role = RoleInfo {
            role: settings.role,
            mapping: settings.mapping.clone(),
            how: "stated".into(),
        };
        ready.spec.role = Some(settings.role);
        ready.spec.fields = settings.mapping.clone();
    }
    ready.choice = settings.choice.clone();
    ready.style = Arc::new(LayerStyle::build(&ready.indexed.layer, &ready.choice));
    l.legend = Default::default();
}

/// Puts a new reading of layer `id` in its place, keeping its position, visibility and
/// opacity. A layer removed meanwhile stays removed.
pub fn replace_layer(state: &mut AppState, id: LayerId, ready: ReadyLayer) {
    let Some(l) = state.layers.iter_mut().find(|l| l.id == id) else {
        return;
    };
    l.ready = ready;
    l.legend = Default::default();
    let name = l.layer().name.clone();
    state.table.forget_layer(id);
    if let Some(d) = state.layer_settings.as_mut().filter(|d| d.id == id)
        && let Some(l) = state.layers.iter().find(|l| l.id == id)
    {
        *d = SettingsDraft::for_layer(l);
    }
    state.messages.push(Message {
        level: Level::Info,
        text: format!("{name}: {}", tr(state.lang, Key::ReadAgain)),
    });
    state.refresh_identify();
}
