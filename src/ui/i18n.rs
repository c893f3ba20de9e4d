//! Interface language: Chinese by default, English switchable. Every fixed text of the app is a
//! `Key`; `tr` gives it in the chosen language. Data values (unit names, requirements) are shown
//! as written and are not translated.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default: our users are Chinese reviewers and planners.
    #[default]
    Zh,
    /// English, for foreign colleagues and for developers.
    En,
}

/// A fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppTitle,
    Layers,
    AddLayer,
    PathHint,
    Open,
    ZoomToExtent,
    ZoomToLayer,
    ZoomToFeature,
    Remove,
    Opacity,
    Features,
    Loading,
    Cancel,
    Identify,
    IdentifyHint,
    NoHits,
    Code,
    Name,
    Category,
    Role,
    Requirements,
    Attributes,
    Clear,
    Language,
    Messages,
    Dismiss,
    DropHint,
    NoLayers,
    Scale,
    Crs,
    Warnings,
    Zone,
    Level,
    Measures,
    Loaded,
    FailedToLoad,
    Find,
    FindHint,
    FindXyIn,
    FromGps,
    FromAmap,
    FromBaidu,
    NothingFound,
    Matches,
    AttributeTable,
    Filter,
    Rows,
    Recent,
    NoRecent,
    ShowTable,
    CoordFrom,
    TableLayer,
    LayerSettings,
    Ok,
    Apply,
    File,
    Format,
    Geometry,
    Vertices,
    Encoding,
    RoleAndFields,
    NoField,
    Style,
    ColourBy,
    ByRole,
    LabelField,
    NameField,
    Reading,
    Detect,
    CrsHint,
    ReadingNote,
    ReadAgain,
    Settings,
    MoveUp,
    MoveDown,
    CopyText,
    Copied,
    LegendValueEmpty,
    LegendOthers,
    SaveProject,
    ProjectPathHint,
    ProjectSaved,
    WouldOverwriteInput,
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = match key {
        Key::AppTitle => ("生态环境分区管控查询", "zonecheck — environmental zoning"),
        Key::Layers => ("图层", "Layers"),
        Key::AddLayer => ("添加图层", "Add layer"),
        Key::PathHint => (
            "文件路径（.shp / .zip / .geojson / .toml）",
            "File path (.shp / .zip / .geojson / .toml)",
        ),
        Key::Open => ("打开", "Open"),
        Key::ZoomToExtent => ("全图", "Full extent"),
        Key::ZoomToLayer => ("缩放至图层", "Zoom to"),
        Key::ZoomToFeature => ("缩放", "Zoom"),
        Key::Remove => ("移除", "Remove"),
        Key::Opacity => ("不透明度", "Opacity"),
        Key::Features => ("个要素", "features"),
        Key::Loading => ("正在加载", "Loading"),
        Key::Cancel => ("取消", "Cancel"),
        Key::Identify => ("查询结果", "Identify"),
        Key::IdentifyHint => (
            "在地图上单击，查询该点所在的管控单元、保护区与水源地。",
            "Click the map to see the control unit, reserve and water-source zone at that point.",
        ),
        Key::NoHits => (
            "该点不在任何图层的要素内。",
            "No feature of any layer at this point.",
        ),
        Key::Code => ("单元编码", "Code"),
        Key::Name => ("名称", "Name"),
        Key::Category => ("类别", "Category"),
        Key::Role => ("图层类型", "Role"),
        Key::Requirements => ("管控要求", "Requirements"),
        Key::Attributes => ("全部属性", "All attributes"),
        Key::Clear => ("清除", "Clear"),
        Key::Language => ("English", "中文"),
        Key::Messages => ("消息", "Messages"),
        Key::Dismiss => ("关闭", "Dismiss"),
        Key::DropHint => (
            "也可将文件拖放到窗口中。",
            "You can also drop files onto the window.",
        ),
        Key::NoLayers => ("尚未加载图层。", "No layers loaded."),
        Key::Scale => ("比例尺", "Scale"),
        Key::Crs => ("坐标系", "CRS"),
        Key::Warnings => ("提示", "Warnings"),
        Key::Zone => ("功能分区", "Zone"),
        Key::Level => ("级别", "Level"),
        Key::Measures => ("管控措施", "Measures"),
        Key::Loaded => ("已加载", "Loaded"),
        Key::FailedToLoad => ("无法加载", "Could not load"),
        Key::Find => ("查找", "Find"),
        Key::FindHint => (
            "经纬度、X/Y、单元编码或名称",
            "lon/lat, X/Y, unit code or name",
        ),
        Key::FindXyIn => ("X/Y 坐标系", "X/Y in"),
        Key::FromGps => ("GPS/CGCS2000", "GPS/CGCS2000"),
        Key::FromAmap => ("高德/腾讯（GCJ-02）", "Amap/Tencent (GCJ-02)"),
        Key::FromBaidu => ("百度（BD-09）", "Baidu (BD-09)"),
        Key::NothingFound => ("未找到", "Nothing found"),
        Key::Matches => ("个匹配", "matches"),
        Key::AttributeTable => ("属性表", "Attribute table"),
        Key::Filter => ("筛选", "Filter"),
        Key::Rows => ("行", "rows"),
        Key::Recent => ("最近项目", "Recent projects"),
        Key::NoRecent => ("暂无", "None yet"),
        Key::ShowTable => ("属性表", "Table"),
        Key::CoordFrom => ("坐标来源", "copied from"),
        Key::TableLayer => ("显示图层", "layer shown"),
        Key::LayerSettings => ("图层设置", "Layer settings"),
        Key::Ok => ("确定", "OK"),
        Key::Apply => ("应用", "Apply"),
        Key::File => ("文件", "File"),
        Key::Format => ("格式", "Format"),
        Key::Geometry => ("几何类型", "Geometry"),
        Key::Vertices => ("个顶点", "vertices"),
        Key::Encoding => ("属性编码", "Encoding"),
        Key::RoleAndFields => ("图层角色与字段对应", "Role and field mapping"),
        Key::NoField => ("（无）", "(none)"),
        Key::Style => ("样式", "Style"),
        Key::ColourBy => ("按字段分类着色", "Colour by field"),
        Key::ByRole => ("（按图层角色）", "(by role)"),
        Key::LabelField => ("标注字段", "Label field"),
        Key::NameField => ("（单元名称）", "(unit name)"),
        Key::Reading => ("读取方式", "Reading"),
        Key::Detect => ("自动识别", "Detect"),
        Key::CrsHint => (
            "如 EPSG:4527；留空用文件自带",
            "e.g. EPSG:4527; empty: the file's own",
        ),
        Key::ReadingNote => (
            "更改编码或坐标系会重新读取文件（原文件不会被修改）。",
            "Changing the encoding or CRS reads the file again (the file is never changed).",
        ),
        Key::ReadAgain => ("已按新设置重新读取", "read again with the new settings"),
        Key::Settings => ("设置", "Edit"),
        Key::MoveUp => ("上移", "Move up"),
        Key::MoveDown => ("下移", "Move down"),
        Key::CopyText => ("复制文本", "Copy as text"),
        Key::Copied => ("已复制到剪贴板", "Copied to the clipboard"),
        Key::LegendValueEmpty => ("（空值）", "(empty)"),
        Key::LegendOthers => ("其他", "other values"),
        Key::SaveProject => ("保存项目", "Save project"),
        Key::ProjectPathHint => ("项目文件路径（.toml）", "project file path (.toml)"),
        Key::ProjectSaved => ("项目已保存：", "Project saved:"),
        Key::WouldOverwriteInput => (
            "这是已打开的数据文件，不会覆盖它；请换一个文件名",
            "this is a file that was opened; it is never overwritten — choose another name",
        ),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The label of a layer role in `lang`.
pub fn role_label(lang: Lang, role: crate::model::LayerRole) -> &'static str {
    use crate::model::LayerRole as R;
    match lang {
        Lang::Zh => role.label_zh(),
        Lang::En => match role {
            R::ControlUnits => "Control units",
            R::ElementZones => "Element zones",
            R::Reserve => "Nature reserve",
            R::Redline => "Ecological redline",
            R::WaterSource => "Water-source protection",
            R::River => "Rivers",
            R::Other => "Other",
        },
    }
}

/// The name of a unit category in `lang`.
pub fn category_label(lang: Lang, category: crate::model::UnitCategory) -> &'static str {
    match lang {
        Lang::Zh => category.name_zh(),
        Lang::En => category.name_en(),
    }
}

/// The meanings a field can be mapped to, with their labels, in the order users think of them.
pub fn field_meanings(lang: Lang) -> [(&'static str, &'static str); 14] {
    let zh = lang == Lang::Zh;
    let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
    [
        ("code", pick("单元编码", "Unit code")),
        ("name", pick("单元名称", "Unit name")),
        ("category", pick("管控类别", "Category")),
        ("subtype", pick("重点管控亚类", "Key-unit subtype")),
        ("province", pick("省", "Province")),
        ("city", pick("市", "City")),
        ("county", pick("县（区）", "County")),
        ("req_spatial", pick("空间布局约束", "Spatial layout")),
        ("req_emission", pick("污染物排放管控", "Emission control")),
        ("req_risk", pick("环境风险防控", "Risk prevention")),
        (
            "req_efficiency",
            pick("资源开发效率要求", "Resource efficiency"),
        ),
        ("level", pick("级别", "Level")),
        ("zone", pick("功能分区", "Zone")),
        ("measures", pick("管控措施", "Measures")),
    ]
}
