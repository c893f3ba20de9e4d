//! Interface language: Chinese by default, English switchable. Every fixed text of the app is a
//! `Key`; `tr` gives it in the chosen language. Data values (unit names, requirements) are shown
//! as written and are not translated.

/// The interface language: the engine's `present::Lang`, so the app and the reports it writes
/// share one language value and one way of choosing a text.
pub use crate::present::Lang;

/// Declares the keys and their texts together, so a key cannot lack a text and `Key::ALL` lists
/// every key (the tests walk it in both languages).
macro_rules! keys {
    ($($key:ident => ($zh:expr, $en:expr $(,)?)),* $(,)?) => {
        /// A fixed text of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            /// Every key, in declaration order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// The key's (Chinese, English) texts.
            fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $(Key::$key => ($zh, $en),)*
                }
            }
        }
    };
}

keys! {
        AppTitle => ("生态环境分区管控查询", "zonecheck — environmental zoning"),
        Layers => ("图层", "Layers"),
        AddLayer => ("添加图层", "Add layer"),
        PathHint => (
            "文件路径（.shp / .zip / .geojson / .toml）",
            "File path (.shp / .zip / .geojson / .toml)",
        ),
        Open => ("打开", "Open"),
        ZoomToExtent => ("全图", "Full extent"),
        ZoomToLayer => ("缩放至图层", "Zoom to"),
        ZoomToFeature => ("缩放", "Zoom"),
        Remove => ("移除", "Remove"),
        Opacity => ("不透明度", "Opacity"),
        Features => ("个要素", "features"),
        Loading => ("正在加载", "Loading"),
        // What a load is doing (issue 12): reading and indexing a file, making the first map,
        // refining it.
        LoadReading => ("读取并建立索引", "Reading and indexing"),
        LoadDrawing => ("生成概略图", "Drawing an overview"),
        LoadRefining => ("细化地图", "Refining the map"),
        Cancel => ("取消", "Cancel"),
        Identify => ("查询结果", "Identify"),
        IdentifyHint => (
            "在地图上单击，查询该点所在的管控单元、保护区与水源地。",
            "Click the map to see the control unit, reserve and water-source zone at that point.",
        ),
        NoHits => (
            "该点不在任何图层的要素内。",
            "No feature of any layer at this point.",
        ),
        AtThisPoint => ("该点所在要素", "At this point"),
        NearbyNotContaining => ("附近（该点不在其内）", "Nearby (the point is not inside)"),
        Code => ("单元编码", "Code"),
        Name => ("名称", "Name"),
        Category => ("类别", "Category"),
        Role => ("图层类型", "Role"),
        Requirements => ("管控要求", "Requirements"),
        Attributes => ("全部属性", "All attributes"),
        Clear => ("清除", "Clear"),
        Language => ("English", "中文"),
        Messages => ("消息", "Messages"),
        Dismiss => ("关闭", "Dismiss"),
        DropHint => (
            "也可将文件拖放到窗口中。",
            "You can also drop files onto the window.",
        ),
        NoLayers => ("尚未加载图层。", "No layers loaded."),
        Scale => ("比例尺", "Scale"),
        Crs => ("坐标系", "CRS"),
        Warnings => ("提示", "Warnings"),
        Zone => ("功能分区", "Zone"),
        Level => ("级别", "Level"),
        Measures => ("管控措施", "Measures"),
        Loaded => ("已加载", "Loaded"),
        FailedToLoad => ("无法加载", "Could not load"),
        Find => ("查找", "Find"),
        FindHint => (
            "经纬度、X/Y、单元编码或名称",
            "lon/lat, X/Y, unit code or name",
        ),
        FindXyIn => ("X/Y 坐标系", "X/Y in"),
        FromGps => ("GPS/CGCS2000", "GPS/CGCS2000"),
        FromAmap => ("高德/腾讯（GCJ-02）", "Amap/Tencent (GCJ-02)"),
        FromBaidu => ("百度（BD-09）", "Baidu (BD-09)"),
        NothingFound => ("未找到", "Nothing found"),
        Matches => ("个匹配", "matches"),
        AttributeTable => ("属性表", "Attribute table"),
        Filter => ("筛选", "Filter"),
        Rows => ("行", "rows"),
        Recent => ("最近项目", "Recent projects"),
        NoRecent => ("暂无", "None yet"),
        ShowTable => ("属性表", "Table"),
        CoordFrom => ("坐标来源", "copied from"),
        TableLayer => ("显示图层", "layer shown"),
        LayerSettings => ("图层设置", "Layer settings"),
        Ok => ("确定", "OK"),
        Apply => ("应用", "Apply"),
        File => ("文件", "File"),
        Format => ("格式", "Format"),
        Geometry => ("几何类型", "Geometry"),
        Vertices => ("个顶点", "vertices"),
        Encoding => ("属性编码", "Encoding"),
        RoleAndFields => ("图层角色与字段对应", "Role and field mapping"),
        NoField => ("（无）", "(none)"),
        Style => ("样式", "Style"),
        ColourBy => ("按字段分类着色", "Colour by field"),
        ByRole => ("（按图层角色）", "(by role)"),
        LabelField => ("标注字段", "Label field"),
        NameField => ("（单元名称）", "(unit name)"),
        Reading => ("读取方式", "Reading"),
        Detect => ("自动识别", "Detect"),
        CrsHint => (
            "如 EPSG:4527；留空用文件自带",
            "e.g. EPSG:4527; empty: the file's own",
        ),
        ReadingNote => (
            "更改编码或坐标系会重新读取文件（原文件不会被修改）。",
            "Changing the encoding or CRS reads the file again (the file is never changed).",
        ),
        ReadAgain => ("已按新设置重新读取", "read again with the new settings"),
        Settings => ("设置", "Edit"),
        MoveUp => ("上移", "Move up"),
        MoveDown => ("下移", "Move down"),
        CopyText => ("复制文本", "Copy as text"),
        Copied => ("已复制到剪贴板", "Copied to the clipboard"),
        LegendValueEmpty => ("（空值）", "(empty)"),
        LegendOthers => ("其他", "other values"),
        SaveProject => ("保存项目", "Save project"),
        FailUnreadable => (
            "文件无法打开或读取（不存在、无权限或正被占用）。",
            "the file cannot be opened or read (missing, no permission, or in use).",
        ),
        FailBadContent => (
            "文件内容不符合其格式（损坏、不完整或并非该格式）。",
            "its content does not fit its format (damaged, incomplete, or another format).",
        ),
        FailCrs => (
            "坐标系未知或与坐标不符。",
            "its coordinate system is unknown or does not fit the coordinates.",
        ),
        FailCrsStateBelow => (
            "坐标系未知或与坐标不符，可在图层面板中指定坐标系后重新读取。",
            "its coordinate system is unknown or does not fit the coordinates; state one in the \
             layers panel to read it.",
        ),
        FailInput => ("所给的设置无效。", "a stated setting is invalid."),
        CrsNeeded => (
            "：坐标系未知，请指定后读取",
            ": its CRS is unknown; state it to read the file",
        ),
        ReadWithCrs => ("读取", "Read"),
        CrsExample => (
            "如 EPSG:4548（无带号 3 度带 117°E）",
            "e.g. EPSG:4548 (3° zone, 117°E, no prefix)",
        ),
        Size => ("规模", "Size"),
        Stated => ("已指定", "stated"),
        Detected => ("按字段名自动识别", "detected from field names"),
        ProjectPathHint => ("项目文件路径（.toml）", "project file path (.toml)"),
        ProjectSaved => ("项目已保存：", "Project saved:"),
        WouldOverwriteInput => (
            "这是已打开的数据文件，不会覆盖它；请换一个文件名",
            "this is a file that was opened; it is never overwritten — choose another name",
        ),
        MeasureTool => ("测量", "Measure"),
        MeasureDistance => ("距离", "Distance"),
        MeasureArea => ("面积", "Area"),
        MeasureSegment => ("段", "Segment"),
        MeasureToCursor => ("至光标", "To pointer"),
        MeasureTotal => ("总长", "Total"),
        MeasurePerimeter => ("周长", "Perimeter"),
        MeasureFinish => ("完成", "Finish"),
        MeasureHint => (
            "单击地图添加点，双击或回车结束，退格删除最后一点，Esc 退出；拖动仍可平移。",
            "Click the map to add points; double-click or Enter finishes, Backspace removes the \
             last point, Esc quits; dragging still pans.",
        ),
        MeasureTooFewPoints => (
            "面积至少需要 3 个不同的点。",
            "An area needs 3 distinct points.",
        ),
        MeasureCollinear => (
            "各点在一条直线上，不构成面。",
            "The points lie on one line: no area.",
        ),
        MeasureSelfIntersecting => (
            "边线自相交，不构成有效的面。",
            "The outline crosses itself: not an area.",
        ),
        Browse => ("浏览…", "Browse…"),
        DialogOpenLayers => ("打开图层或项目", "Open layers or a project"),
        DialogImportSite => ("导入用地范围", "Import a site"),
        DialogSaveAs => ("保存为", "Save as"),
        FilterLayers => ("图层与项目文件", "Layers and projects"),
        FilterSite => ("用地范围文件", "Site files"),
        FilterReport => (
            "报告（Word、网页、Excel、CSV）",
            "Report (Word, HTML, Excel, CSV)",
        ),
        FilterExport => ("导出文件", "Export file"),
        FilterProject => ("zonecheck 项目文件", "zonecheck project file"),
        AllFiles => ("所有文件", "All files"),
        UpFolder => ("上一级", "Up"),
        HomeFolder => ("主目录", "Home"),
        FolderLabel => ("位置", "Folder"),
        FileNameLabel => ("文件名", "File name"),
        Save => ("保存", "Save"),
        ShowAllFiles => ("显示所有文件", "Show all files"),
        EmptyFolder => ("（没有可用的文件）", "(no matching files)"),
        NoSuchFile => ("找不到文件", "No such file"),
        WillOverwrite => (
            "该文件已存在，将被覆盖。",
            "The file exists and will be replaced.",
        ),
    // Confirmations and undo (src/ui/panels/confirm.rs, src/ui/undo.rs).
    ConfirmRemoveTitle => ("移除图层", "Remove layer"),
    ConfirmRemoveBody => (
        "移除后，查询与项目选址分析将不再包含该图层。可按 Ctrl+Z 撤销。",
        "Identify and the site analysis will no longer include this layer. Ctrl+Z brings it back.",
    ),
    ConfirmOverwriteTitle => ("文件已存在", "File exists"),
    ConfirmOverwriteBody => (
        "该文件已存在。覆盖它将丢失其中的内容（例如在 Word 中所做的修改）。",
        "The file exists. Replacing it loses what it holds (edits made in Word, say).",
    ),
    Overwrite => ("覆盖", "Replace"),
    RemovedLayer => ("已移除图层：", "Removed layer: "),
    UndoHint => ("（Ctrl+Z 撤销）", " (Ctrl+Z to undo)"),
    Undone => ("已撤销：", "Undone: "),
    NothingToUndo => ("没有可撤销的操作。", "Nothing to undo."),
    AlreadyLoadedAs => ("：该文件已作为图层“", ": this file is already loaded as layer “"),
    NotAddedAgain => ("”加载，未重复添加。", "”; not added again."),
    Undo => ("撤销", "Undo"),
    ScaleAssumption => (
        "按屏幕 96 dpi 计算；屏幕上 1 点 ≈ ",
        "At 96 dpi; one screen point ≈ ",
    ),
    North => ("北", "N"),
    CopyResult => ("复制结果", "Copy result"),
    ExportRows => ("导出…", "Export…"),
    ExportRowsTip => (
        "将当前筛选、排序后的行导出为 Excel（.xlsx）或 CSV",
        "Export the rows as filtered and sorted to Excel (.xlsx) or CSV",
    ),
    RowsExported => (" 行已导出", " rows exported"),
    CopiedText => ("已复制：", "Copied: "),
    MeasureToSite => ("设为项目用地", "Use as project site"),
    MeasureToSiteTip => (
        "以量测的多边形作为项目用地，进行项目选址分析",
        "Analyse the measured polygon as the project site",
    ),
    CrsOrType => (
        "或直接输入 EPSG 代码 / PROJ 字符串：",
        "Or type an EPSG code / PROJ string:",
    ),
    MoreLayerOptions => ("更多：不透明度、图例、顺序", "More: opacity, legend, order"),
    LayerSettingsTip => ("图层设置（类型、字段、样式、编码、坐标系）", "Layer settings (role, fields, style, encoding, CRS)"),
    ZoomToLayerTip => ("缩放至该图层", "Zoom to this layer"),
    ZoomToExtentTip => ("缩放至全部图层（Home）", "Zoom to all layers (Home)"),
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = key.texts();
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

/// The label-value separator of `lang` ("单元编码：…", "Code: …").
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}
