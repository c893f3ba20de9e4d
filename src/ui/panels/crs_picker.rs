//! The CRS picker for a layer file that names no CRS: by family (CGCS2000 / 西安80 / 北京54),
//! 3° or 6° zones, zone number (its central meridian shown), zone number prefixed to the easting
//! or not — as surveyors describe their data — and the zone from a place: a click on the map
//! anywhere in the right city, as field tools ask. An EPSG code or PROJ string can still be typed
//! for anything else. The picker only fills the CRS text; reading goes through the usual action.
//!
//! Not for recognising CRSs (the engine's `crs`), or for reading the file.

use egui::{RichText, Ui};

use crate::crs::{Datum, by_zone, zone_of_lon};
use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::state::{Action, CrsNeeded};

/// The picker's choice for one file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GkPick {
    pub datum: Datum,
    /// 3 or 6.
    pub zone_width_deg: u32,
    pub zone: u32,
    /// Eastings carry the zone number (8 digits, e.g. 39 512 345).
    pub prefixed: bool,
}

impl Default for GkPick {
    fn default() -> Self {
        // What most county and city data in eastern China is: CGCS2000, 3° zone 39 (CM 117°E).
        GkPick {
            datum: Datum::Cgcs2000,
            zone_width_deg: 3,
            zone: 39,
            prefixed: false,
        }
    }
}

impl GkPick {
    /// `EPSG:NNNN` for the choice, when it is a zone of the family.
    pub fn epsg_text(&self) -> Option<String> {
        by_zone(self.datum, self.zone, self.zone_width_deg, self.prefixed)
            .map(|p| format!("EPSG:{}", p.code))
    }

    /// The central meridian of the chosen zone, degrees east.
    pub fn central_meridian_deg(&self) -> u32 {
        if self.zone_width_deg == 3 {
            self.zone * 3
        } else {
            self.zone * 6 - 3
        }
    }

    /// Sets the zone to the one `lon_deg` lies in (a place clicked or found); false when the
    /// longitude is in no Chinese zone.
    pub fn set_zone_from_lon(&mut self, lon_deg: f64) -> bool {
        match zone_of_lon(lon_deg, self.zone_width_deg) {
            Some(z) => {
                self.zone = z;
                true
            }
            None => false,
        }
    }

    fn zone_range(&self) -> std::ops::RangeInclusive<u32> {
        if self.zone_width_deg == 3 {
            25..=45
        } else {
            13..=23
        }
    }
}

/// The picker's rows for one file waiting for a CRS; a change writes the EPSG code into the
/// file's CRS box.
pub fn crs_picker_ui(ui: &mut Ui, lang: Lang, c: &mut CrsNeeded, picking: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    let before = c.pick;
    ui.horizontal_wrapped(|ui| {
        let families = [
            (Datum::Cgcs2000, tr(lang, Key::DatumCgcs2000)),
            (Datum::Xian1980, tr(lang, Key::DatumXian1980)),
            (Datum::Beijing1954, tr(lang, Key::DatumBeijing1954)),
        ];
        for (datum, label) in families {
            ui.radio_value(&mut c.pick.datum, datum, label);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut c.pick.zone_width_deg, 3, tr(lang, Key::Zones3Deg));
        ui.radio_value(&mut c.pick.zone_width_deg, 6, tr(lang, Key::Zones6Deg));
        if c.pick.zone_width_deg != before.zone_width_deg {
            // Keep the place: the same central meridian's zone in the other width, else the
            // zone of that meridian's longitude.
            let cm = f64::from(before.central_meridian_deg());
            c.pick.set_zone_from_lon(cm);
        }
        let range = c.pick.zone_range();
        c.pick.zone = c.pick.zone.clamp(*range.start(), *range.end());
        let label = ui.label(tr(lang, Key::ZoneNumber));
        ui.add(egui::DragValue::new(&mut c.pick.zone).range(range))
            .labelled_by(label.id);
        ui.label(
            RichText::new(format!(
                "{}{}°E",
                tr(lang, Key::CentralMeridianShort),
                c.pick.central_meridian_deg()
            ))
            .small(),
        );
    });
    ui.checkbox(&mut c.pick.prefixed, tr(lang, Key::ZonePrefixed));
    ui.horizontal_wrapped(|ui| {
        let text = if picking {
            tr(lang, Key::PickingZoneHint)
        } else {
            tr(lang, Key::PickThePlaceOnThe)
        };
        let tip = tr(lang, Key::PickZoneTip);
        if ui
            .selectable_label(picking, text)
            .on_hover_text(tip)
            .clicked()
        {
            actions.push(Action::PickCrsZone(if picking {
                None
            } else {
                Some(c.path.clone())
            }));
        }
    });
    if c.pick != before
        && let Some(code) = c.pick.epsg_text()
    {
        c.crs_text = code;
        c.error = None;
    }
    actions
}
