//! Layer roles (control units, reserve, redline, water source, rivers…) and which fields carry the
//! code, name, category and requirements — recognised from the field names real data uses.
//!
//! Not for reading values: `Layer` reads them through the mapping decided here.

use serde::{Deserialize, Serialize};

use crate::model::layer::{Field, GeometryKind};

/// What a layer is, which decides how the app styles it and how reports treat a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerRole {
    /// 环境管控单元: the units with code, name, category and requirements.
    ControlUnits,
    /// 要素管控分区: ecology, water or air element zones.
    ElementZones,
    /// 自然保护区 with 核心区 / 缓冲区 / 实验区.
    Reserve,
    /// 生态保护红线.
    Redline,
    /// 饮用水水源保护区 (一级 / 二级 / 准保护区).
    WaterSource,
    /// Rivers and lakes as ecological corridors (lines or polygons).
    River,
    /// Anything else: shown and queried, but not named in the compliance sections.
    Other,
}

impl LayerRole {
    /// The stable key used in project files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            LayerRole::ControlUnits => "control_units",
            LayerRole::ElementZones => "element_zones",
            LayerRole::Reserve => "reserve",
            LayerRole::Redline => "redline",
            LayerRole::WaterSource => "water_source",
            LayerRole::River => "river",
            LayerRole::Other => "other",
        }
    }

    /// The Chinese label shown in the app and reports.
    pub fn label_zh(self) -> &'static str {
        match self {
            LayerRole::ControlUnits => "环境管控单元",
            LayerRole::ElementZones => "要素管控分区",
            LayerRole::Reserve => "自然保护区",
            LayerRole::Redline => "生态保护红线",
            LayerRole::WaterSource => "饮用水水源保护区",
            LayerRole::River => "河流水系",
            LayerRole::Other => "其他图层",
        }
    }

    /// The English label shown in the app and reports.
    pub fn label_en(self) -> &'static str {
        match self {
            LayerRole::ControlUnits => "Control units",
            LayerRole::ElementZones => "Element zones",
            LayerRole::Reserve => "Nature reserve",
            LayerRole::Redline => "Ecological redline",
            LayerRole::WaterSource => "Water-source protection",
            LayerRole::River => "Rivers",
            LayerRole::Other => "Other",
        }
    }

    /// The role whose stable key is `key` (`reserve`, `water_source`…).
    pub fn from_key(key: &str) -> Option<LayerRole> {
        LayerRole::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Whether touching this layer is a sensitive-area finding (prominent warning in a check).
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            LayerRole::Reserve | LayerRole::Redline | LayerRole::WaterSource | LayerRole::River
        )
    }

    /// All roles, for pickers.
    pub const ALL: [LayerRole; 7] = [
        LayerRole::ControlUnits,
        LayerRole::ElementZones,
        LayerRole::Reserve,
        LayerRole::Redline,
        LayerRole::WaterSource,
        LayerRole::River,
        LayerRole::Other,
    ];
}

/// Calls macro `$m` with every entry of `FieldMapping`.
macro_rules! every_entry {
    ($m:ident) => {
        $m!(
            code,
            name,
            category,
            subtype,
            province,
            city,
            county,
            req_spatial,
            req_emission,
            req_risk,
            req_efficiency,
            level,
            zone,
            measures
        )
    };
}

/// Which field carries which meaning. Each entry is a field name as written in the layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldMapping {
    pub code: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    /// Key-unit subtype (产业集聚 / 城镇生活), kept apart from the category.
    pub subtype: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
    /// 空间布局约束.
    pub req_spatial: Option<String>,
    /// 污染物排放管控.
    pub req_emission: Option<String>,
    /// 环境风险防控.
    pub req_risk: Option<String>,
    /// 资源开发效率要求.
    pub req_efficiency: Option<String>,
    /// Reserve level (国家级 / 省级).
    pub level: Option<String>,
    /// Functional zone: reserve 核心区/缓冲区/实验区, water source 一级/二级/准保护区.
    pub zone: Option<String>,
    /// Control measures text (管控措施).
    pub measures: Option<String>,
}

impl FieldMapping {
    /// Fills every entry that `self` leaves empty from `fallback`: stated fields win over detected ones.
    pub fn or(mut self, fallback: &FieldMapping) -> FieldMapping {
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = fallback.$f.clone(); } )* };
        }
        every_entry!(fill);
        self
    }

    /// The same mapping with every field name passed through `f` (e.g. from a field's alias back
    /// to its name).
    pub fn renamed(mut self, f: impl Fn(&str) -> String) -> FieldMapping {
        macro_rules! rename {
            ($($n:ident),*) => { $( self.$n = self.$n.as_deref().map(&f); )* };
        }
        every_entry!(rename);
        self
    }

    /// The four requirement fields with their Chinese dimension names, in the order reports use.
    pub fn requirement_fields(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("空间布局约束", self.req_spatial.as_deref()),
            ("污染物排放管控", self.req_emission.as_deref()),
            ("环境风险防控", self.req_risk.as_deref()),
            ("资源开发效率要求", self.req_efficiency.as_deref()),
        ]
    }

    /// (meaning, field) pairs that are set, for `info` output.
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("code", &self.code),
            ("name", &self.name),
            ("category", &self.category),
            ("subtype", &self.subtype),
            ("province", &self.province),
            ("city", &self.city),
            ("county", &self.county),
            ("req_spatial", &self.req_spatial),
            ("req_emission", &self.req_emission),
            ("req_risk", &self.req_risk),
            ("req_efficiency", &self.req_efficiency),
            ("level", &self.level),
            ("zone", &self.zone),
            ("measures", &self.measures),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .collect()
    }
}

/// The role of a layer, its field mapping, and whether it was detected or stated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleInfo {
    pub role: LayerRole,
    pub mapping: FieldMapping,
    /// `detected` from field names, or `stated` in a project file or by the user.
    pub how: String,
}

// Field names seen in real data, from the domain primer. Matched case-insensitively after trimming.
const CODE: &[&str] = &[
    "HJGKDYBM",
    "HJZHGKDYBM",
    "HJYSGKFQBM",
    "环境管控单元编码",
    "环境综合管控单元编码",
    "单元编码",
    "DYBM",
];
const NAME: &[&str] = &[
    "HJGKDYMC",
    "HJZHGKDYMC",
    "HJYSGKFQMC",
    "环境管控单元名称",
    "单元名称",
    "DYMC",
];
const CATEGORY: &[&str] = &[
    "ZHGKDYFL",
    "GKDYLB",
    "DYLB",
    "GKLB",
    "管控单元类别",
    "单元类别",
    "类型",
    "REMARKS",
];
const SUBTYPE: &[&str] = &["ZDGKLX", "GKDYZL", "单元子类", "子类", "SUBTYPE"];
const PROVINCE: &[&str] = &["PROV", "SHENG", "省", "省份"];
const CITY: &[&str] = &["CITY", "SHI", "市", "地市"];
const COUNTY: &[&str] = &["COUNTY", "XIAN", "区县", "行政区", "AREA", "县"];
const REQ_SPATIAL: &[&str] = &["KJBJYS", "空间布局约束"];
const REQ_EMISSION: &[&str] = &["PWWPFGK", "污染物排放管控"];
const REQ_RISK: &[&str] = &["HJFXFK", "环境风险防控"];
const REQ_EFFICIENCY: &[&str] = &["ZYKFXLYQ", "资源开发效率要求", "资源利用效率要求"];
const ELEMENT_CODE: &[&str] = &["STHJYSGKFQBM", "SHJGKFQBM", "DQHJGKFQBM"];
const ELEMENT_NAME: &[&str] = &["STHJYSGKFQMC", "SHJGKFQMC", "DQHJGKFQMC"];
const RESERVE_NAME: &[&str] = &["BHQMC", "保护区名称", "ZRBHQMC"];
const LEVEL: &[&str] = &["JB", "级别", "BHQJB"];
const RESERVE_ZONE: &[&str] = &["GNQ", "功能区", "GNFQ", "功能分区"];
const WATER_NAME: &[&str] = &["水源地名称", "SYDMC"];
const WATER_ZONE: &[&str] = &["功能类型", "功能名称", "BHQJB", "保护区级别", "SYBHQLX"];
const MEASURES: &[&str] = &["管控措施", "GKCS"];
const REDLINE_NAME: &[&str] = &["HXMC", "红线名称", "STBHHXMC"];
const RIVER_NAME: &[&str] = &["HLMC", "河流名称", "HDMC", "河段名称", "LYMC", "水体名称"];
const GENERIC_NAME: &[&str] = &["NAME", "MC", "名称", "NAME_CN", "NAME_ZH"];

fn find(fields: &[Field], names: &[&str]) -> Option<String> {
    names.iter().find_map(|want| {
        fields
            .iter()
            .find(|f| f.name.trim().to_lowercase() == want.to_lowercase())
            .map(|f| f.name.clone())
    })
}

/// Recognises a layer's role and field mapping from its field names, geometry kind and file
/// name, completed from the fields' aliases: Chinese geodatabases often name fields in pinyin
/// initials and put the meaning (环境管控单元编码) in the alias. The mapping always names the
/// fields by their real names.
///
/// Field names decide first (a unit code field makes a control-unit layer); the file name breaks
/// ties for layers whose fields say little (a `红线` or `redline` file with only a name field).
pub fn detect_role(fields: &[Field], kind: GeometryKind, layer_name: &str) -> RoleInfo {
    let by_name = detect_by_names(fields, kind, layer_name);
    if fields.iter().all(|f| f.alias.is_none()) {
        return by_name;
    }
    let aliased: Vec<Field> = fields
        .iter()
        .map(|f| Field::new(f.alias.as_deref().unwrap_or(&f.name), f.kind))
        .collect();
    let by_alias = detect_by_names(&aliased, kind, layer_name);
    // Back from alias to field name.
    let real = |alias: &str| -> String {
        aliased
            .iter()
            .zip(fields)
            .find(|(a, _)| a.name == alias)
            .map(|(_, f)| f.name.clone())
            .unwrap_or_else(|| alias.to_string())
    };
    let translated = by_alias.mapping.renamed(real);
    if by_name.role == LayerRole::Other && by_alias.role != LayerRole::Other {
        return RoleInfo {
            mapping: translated,
            ..by_alias
        };
    }
    if by_name.role == by_alias.role {
        let mapping = by_name.mapping.clone().or(&translated);
        return RoleInfo { mapping, ..by_name };
    }
    by_name
}

/// [`detect_role`] on the field names alone.
fn detect_by_names(fields: &[Field], kind: GeometryKind, layer_name: &str) -> RoleInfo {
    let lname = layer_name.to_lowercase();
    let name_has = |words: &[&str]| words.iter().any(|w| lname.contains(w));
    let mut m = FieldMapping {
        province: find(fields, PROVINCE),
        city: find(fields, CITY),
        county: find(fields, COUNTY),
        ..FieldMapping::default()
    };

    let unit_code = find(fields, CODE);
    let element_code = find(fields, ELEMENT_CODE);
    let reserve_name = find(fields, RESERVE_NAME);
    let water_name = find(fields, WATER_NAME);
    let generic_name = find(fields, GENERIC_NAME);

    let role = if let Some(code) = unit_code.clone().filter(|_| kind != GeometryKind::Line) {
        m.code = Some(code);
        m.name = find(fields, NAME);
        m.category = find(fields, CATEGORY);
        m.subtype = find(fields, SUBTYPE);
        m.req_spatial = find(fields, REQ_SPATIAL);
        m.req_emission = find(fields, REQ_EMISSION);
        m.req_risk = find(fields, REQ_RISK);
        m.req_efficiency = find(fields, REQ_EFFICIENCY);
        LayerRole::ControlUnits
    } else if let Some(code) = element_code {
        m.code = Some(code);
        m.name = find(fields, ELEMENT_NAME);
        m.category = find(fields, CATEGORY);
        LayerRole::ElementZones
    } else if reserve_name.is_some() || name_has(&["保护区", "reserve"]) && !name_has(&["水源"])
    {
        m.name = reserve_name.or(generic_name);
        m.level = find(fields, LEVEL);
        m.zone = find(fields, RESERVE_ZONE);
        LayerRole::Reserve
    } else if water_name.is_some() || name_has(&["水源", "water_source", "watersource"]) {
        m.name = water_name.or(generic_name);
        m.zone = find(fields, WATER_ZONE);
        m.measures = find(fields, MEASURES);
        LayerRole::WaterSource
    } else if find(fields, REDLINE_NAME).is_some() || name_has(&["红线", "redline"]) {
        m.name = find(fields, REDLINE_NAME).or(generic_name);
        m.category = find(fields, CATEGORY);
        LayerRole::Redline
    } else if kind == GeometryKind::Line
        || find(fields, RIVER_NAME).is_some()
        || name_has(&["河", "river", "水系"])
    {
        m.name = find(fields, RIVER_NAME).or(generic_name);
        if kind == GeometryKind::Line || name_has(&["河", "river", "水系"]) {
            LayerRole::River
        } else {
            LayerRole::Other
        }
    } else {
        m.name = generic_name.or_else(|| find(fields, NAME));
        m.code = unit_code;
        LayerRole::Other
    };
    RoleInfo {
        role,
        mapping: m,
        how: "detected".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layer::FieldKind;

    fn fields(names: &[&str]) -> Vec<Field> {
        names
            .iter()
            .map(|n| Field::new(n.to_string(), FieldKind::Text))
            .collect()
    }

    #[test]
    fn recognises_a_control_unit_layer_case_insensitively() {
        let f = fields(&[
            "hjgkdybm ",
            "HJGKDYMC",
            "GKDYLB",
            "KJBJYS",
            "pwwpfgk",
            "CITY",
        ]);
        let r = detect_role(&f, GeometryKind::Polygon, "units");
        assert_eq!(r.role, LayerRole::ControlUnits);
        assert_eq!(r.mapping.code.as_deref(), Some("hjgkdybm "));
        assert_eq!(r.mapping.name.as_deref(), Some("HJGKDYMC"));
        assert_eq!(r.mapping.category.as_deref(), Some("GKDYLB"));
        assert_eq!(r.mapping.req_emission.as_deref(), Some("pwwpfgk"));
        assert_eq!(r.mapping.req_risk, None);
        assert_eq!(r.mapping.city.as_deref(), Some("CITY"));
    }

    #[test]
    fn recognises_chinese_field_names() {
        let f = fields(&["环境管控单元编码", "环境管控单元名称", "管控单元类别"]);
        let r = detect_role(&f, GeometryKind::Polygon, "衡水");
        assert_eq!(r.role, LayerRole::ControlUnits);
        assert_eq!(r.mapping.category.as_deref(), Some("管控单元类别"));
    }

    #[test]
    fn recognises_reserves_water_sources_redlines_and_rivers() {
        let r = detect_role(&fields(&["BHQMC", "JB", "GNQ"]), GeometryKind::Polygon, "x");
        assert_eq!(r.role, LayerRole::Reserve);
        assert_eq!(r.mapping.zone.as_deref(), Some("GNQ"));
        let w = detect_role(
            &fields(&["水源地名称", "功能类型", "管控措施"]),
            GeometryKind::Polygon,
            "x",
        );
        assert_eq!(w.role, LayerRole::WaterSource);
        assert_eq!(w.mapping.zone.as_deref(), Some("功能类型"));
        let h = detect_role(
            &fields(&["NAME"]),
            GeometryKind::Polygon,
            "衡水生态保护红线",
        );
        assert_eq!(h.role, LayerRole::Redline);
        let river = detect_role(&fields(&["HLMC"]), GeometryKind::Line, "x");
        assert_eq!(river.role, LayerRole::River);
        assert_eq!(river.mapping.name.as_deref(), Some("HLMC"));
    }

    #[test]
    fn aliases_complete_pinyin_initials_and_the_mapping_keeps_real_names() {
        let f = vec![
            Field::new("BM", FieldKind::Text).with_alias(Some("环境管控单元编码")),
            Field::new("MC", FieldKind::Text).with_alias(Some("环境管控单元名称")),
            Field::new("LB", FieldKind::Text).with_alias(Some(" LB ")),
        ];
        assert_eq!(f[2].alias, None, "an alias repeating the name is not kept");
        let r = detect_role(&f, GeometryKind::Polygon, "x");
        assert_eq!(r.role, LayerRole::ControlUnits);
        assert_eq!(r.mapping.code.as_deref(), Some("BM"));
        assert_eq!(r.mapping.name.as_deref(), Some("MC"));
        let plain = detect_role(&fields(&["BM", "MC"]), GeometryKind::Polygon, "x");
        assert_eq!(plain.role, LayerRole::Other);
    }

    #[test]
    fn a_layer_with_unknown_fields_is_other() {
        let r = detect_role(&fields(&["FOO", "BAR"]), GeometryKind::Polygon, "misc");
        assert_eq!(r.role, LayerRole::Other);
    }

    #[test]
    fn stated_fields_win_over_detected() {
        let stated = FieldMapping {
            name: Some("MYNAME".into()),
            ..Default::default()
        };
        let detected = FieldMapping {
            name: Some("DYMC".into()),
            code: Some("DYBM".into()),
            ..Default::default()
        };
        let m = stated.or(&detected);
        assert_eq!(m.name.as_deref(), Some("MYNAME"));
        assert_eq!(m.code.as_deref(), Some("DYBM"));
    }
}
