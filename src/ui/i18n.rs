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
    // File dialogs (src/ui/file_dialog).
    Browse,
    DialogOpenLayers,
    DialogImportSite,
    DialogSaveAs,
    FilterLayers,
    FilterSite,
    FilterReport,
    FilterExport,
    AllFiles,
    UpFolder,
    HomeFolder,
    FolderLabel,
    FileNameLabel,
    Save,
    ShowAllFiles,
    EmptyFolder,
    NoSuchFile,
    WillOverwrite,
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
        Key::ZoomToLayer => ("缩放至图层", "Zoom to layer"),
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
        Key::Browse => ("浏览…", "Browse…"),
        Key::DialogOpenLayers => ("打开图层或项目", "Open layers or a project"),
        Key::DialogImportSite => ("导入用地范围", "Import a site"),
        Key::DialogSaveAs => ("保存为", "Save as"),
        Key::FilterLayers => ("图层与项目文件", "Layers and projects"),
        Key::FilterSite => ("用地范围文件", "Site files"),
        Key::FilterReport => (
            "报告（Word、网页、Excel、CSV）",
            "Report (Word, HTML, Excel, CSV)",
        ),
        Key::FilterExport => ("导出文件", "Export file"),
        Key::AllFiles => ("所有文件", "All files"),
        Key::UpFolder => ("上一级", "Up"),
        Key::HomeFolder => ("主目录", "Home"),
        Key::FolderLabel => ("位置", "Folder"),
        Key::FileNameLabel => ("文件名", "File name"),
        Key::Save => ("保存", "Save"),
        Key::ShowAllFiles => ("显示所有文件", "Show all files"),
        Key::EmptyFolder => ("（没有可用的文件）", "(no matching files)"),
        Key::NoSuchFile => ("找不到文件", "No such file"),
        Key::WillOverwrite => (
            "该文件已存在，将被覆盖。",
            "The file exists and will be replaced.",
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
