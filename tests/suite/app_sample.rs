//! The bundled Hengshui sample opens in the app with its layers and roles, and clicks at known
//! points identify the right unit, reserve zone, redline and water-source zone.
//!
//! Expected answers come from the sample's shapefiles read independently: pyshp for the records,
//! pyproj (EPSG:4490 → EPSG:4527, the files' CRS) for the points, shapely `covers` for the test:
//!
//! ```text
//! (115.750439, 37.514206): units 24 ZH13112120001 枣强县城镇生活重点管控单元 (ZHGKDYFL 2, 671 m inside)
//! (115.600000, 37.640000): units ZH13110210001 桃城区衡水湖优先保护单元; reserve 核心区 (1.2 km inside);
//!                          redline 衡水湖生物多样性维护生态保护红线
//! (115.638000, 37.638600): reserve 缓冲区, 1.1 km inside (same unit and redline)
//! (115.765000, 37.792000): units ZH13110230001 桃城区东部一般管控单元 (589 m inside);
//!                          water 衡水市城区地下水水源地 一级保护区 (350 m inside)
//! ```

use crate::app_common;

use app_common::{click_lonlat, harness_for};
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::model::LayerRole;
use zonecheck::ui::find_sample_project;

/// (layer role, feature name) of every feature at the point, top layer first.
fn hits(
    h: &egui_kittest::Harness<'static, zonecheck::ui::ZoneCheckApp>,
) -> Vec<(LayerRole, String)> {
    let s = &h.state().state;
    let result = s.identify.as_ref().expect("identified");
    let mut out = Vec::new();
    for (id, hits) in &result.layers {
        let layer = s.layer(*id).expect("hit layers are loaded").layer();
        // Features at the point (zones nearby, listed with a distance, are left out).
        for hit in hits
            .iter()
            .filter(|h| h.distance_m.is_none_or(|d| d <= 0.0))
        {
            out.push((
                layer.role.role,
                layer.feature_name(hit.fid).unwrap_or_default(),
            ));
        }
    }
    out
}

#[test]
fn the_sample_opens_and_identifies_known_points() {
    let project =
        find_sample_project().expect("sample_data/hengshui.zonecheck.toml is in the repo");
    let mut h = harness_for(vec![project]);
    let s = &h.state().state;
    let errors: Vec<&str> = s
        .messages
        .iter()
        .filter(|m| m.level == zonecheck::ui::Level::Error)
        .map(|m| m.text.as_str())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let roles: Vec<LayerRole> = s.layers.iter().map(|l| l.layer().role.role).collect();
    for role in [
        LayerRole::ControlUnits,
        LayerRole::Reserve,
        LayerRole::Redline,
        LayerRole::WaterSource,
        LayerRole::River,
    ] {
        assert!(roles.contains(&role), "{role:?} missing from {roles:?}");
    }
    assert!(s.last_draw.triangles > 0);
    assert!(
        s.project_name
            .as_deref()
            .is_some_and(|n| n.contains("衡水"))
    );

    click_lonlat(
        &mut h,
        Coord {
            x: 115.750439,
            y: 37.514206,
        },
    );
    assert_eq!(
        hits(&h),
        [(
            LayerRole::ControlUnits,
            "枣强县城镇生活重点管控单元".to_string()
        )]
    );
    h.get_by_label("单元编码：ZH13112120001");
    h.get_by_label("类别：重点管控单元");

    click_lonlat(
        &mut h,
        Coord {
            x: 115.60,
            y: 37.64,
        },
    );
    let got = hits(&h);
    assert!(
        got.contains(&(
            LayerRole::ControlUnits,
            "桃城区衡水湖优先保护单元".to_string()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            LayerRole::Redline,
            "衡水湖生物多样性维护生态保护红线".to_string()
        )),
        "{got:?}"
    );
    let reserve: Vec<&String> = got
        .iter()
        .filter(|(r, _)| *r == LayerRole::Reserve)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(reserve.len(), 1, "{got:?}");
    assert!(reserve[0].contains("核心区"), "{got:?}");

    click_lonlat(
        &mut h,
        Coord {
            x: 115.638,
            y: 37.6386,
        },
    );
    let got = hits(&h);
    let reserve: Vec<&String> = got
        .iter()
        .filter(|(r, _)| *r == LayerRole::Reserve)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(reserve.len(), 1, "{got:?}");
    assert!(reserve[0].contains("缓冲区"), "{got:?}");

    click_lonlat(
        &mut h,
        Coord {
            x: 115.765,
            y: 37.792,
        },
    );
    let got = hits(&h);
    assert!(
        got.contains(&(
            LayerRole::ControlUnits,
            "桃城区东部一般管控单元".to_string()
        )),
        "{got:?}"
    );
    let water: Vec<&String> = got
        .iter()
        .filter(|(r, _)| *r == LayerRole::WaterSource)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(water.len(), 1, "{got:?}");
    assert!(
        water[0].contains("衡水市城区地下水水源地") && water[0].contains("一级保护区"),
        "{got:?}"
    );
    h.get_by_label("功能分区：一级保护区");
}
