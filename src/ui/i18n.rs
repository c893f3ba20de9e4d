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
        Recent => ("最近项目", "Recent"),
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
    // The map print (出图).
    ExportMap => ("导出地图…", "Export map…"),
    ExportMapTip => (
        "将当前地图视图（所显示的图层、底图与项目用地）导出为带图例、比例尺和指北针的 PDF 或 PNG",
        "Print the map as shown (visible layers, basemap, site) to PDF or PNG with legend, scale and north arrow",
    ),
    FilterMap => ("地图（PDF 或 PNG）", "Map (PDF or PNG)"),
    MapPrinting => ("正在导出地图…", "Exporting the map…"),
    MapPrinted => ("地图已导出：", "Map exported: "),
    MapPrintFailed => ("地图导出失败：", "The map could not be exported: "),
    MapTitleDefault => ("地图", "Map"),
    MapFileSuffix => ("_地图", "_map"),
    // The site panel, the CRS picker and the site messages (once inline `lang.t` pairs).
    CoordAuto => ("自动", "auto"),
    CoordLonLat => ("经度, 纬度", "lon, lat"),
    CoordNorthEast => ("X(北), Y(东)", "X(north), Y(east)"),
    SourceCgcs2000 => ("CGCS2000/WGS84", "CGCS2000/WGS84"),
    SourceGcj02 => ("高德 GCJ-02", "Amap GCJ-02"),
    SourceBd09 => ("百度 BD-09", "Baidu BD-09"),
    PlaceInNoGkZone => ("所点位置不在我国高斯-克吕格分带范围内（东经 73.5°–136.5°）。", "The place clicked is in no Chinese Gauss-Kruger zone (73.5°–136.5°E)."),
    SiteWorking => ("正在分析…", "Working…"),
    ImportSite => ("导入", "Import"),
    SitePathHint => ("文件路径（.geojson / .shp / .zip / .txt）", "File path (.geojson / .shp / .zip / .txt)"),
    SiteDropHint => ("也可将界址点坐标交换文件（.txt）拖入窗口。", "Or drop a coordinate exchange file (.txt) on the window."),
    PasteCoordinatesFromExcel => ("粘贴坐标（来自 Excel）", "Paste coordinates (from Excel)"),
    CoordOrder => ("坐标顺序", "Order"),
    PasteCrsHint => ("默认：数据的投影坐标系", "default: the data's projected CRS"),
    CoordSourceLabel => ("来源", "Source"),
    UseTheseCoordinates => ("使用这些坐标", "Use these coordinates"),
    DrawHelp => ("单击添加顶点，双击或回车闭合；拖动顶点移动；右键/Delete 删除；Ctrl+Z 撤销；Esc 取消", "Click to add vertices, double-click or Enter to close; drag a vertex to move it; right-click/Delete removes; Ctrl+Z undoes; Esc cancels"),
    DrawASiteOnThe => ("在地图上绘制用地", "Draw a site on the map"),
    RadiusLabel => ("查询半径", "Radius"),
    AnalyseAgain => ("重新分析", "Analyse again"),
    VerdictPrefix => ("结论：", "Verdict: "),
    ConditionsPrefix => ("须满足的条件：", "Conditions:"),
    BasisLabel => ("依据", "Basis"),
    DataVersionNotStatedIn => ("数据版本：项目文件未注明", "Data version: not stated in the project file"),
    DataVersion => ("数据版本：", "Data version: "),
    AreaEllipsoidal => ("面积（椭球面）", "Area (ellipsoidal)"),
    SiteOwnZone => ("，用地中心所在 3° 带", ", the site's 3° zone"),
    PlanarArea => ("平面面积", "Planar area"),
    SiteLength => ("长度", "Length"),
    ControlUnitsOverlapped => ("涉及的环境管控单元", "Control units overlapped"),
    NoneText => ("无", "none"),
    UnitCode => ("编码", "Code"),
    OverlapM => ("重叠面积 m²", "Overlap m²"),
    ShareHeader => ("占比", "Share"),
    SensitiveAreas => ("生态环境敏感区", "Sensitive areas"),
    WithinRadius => ("半径", "Within"),
    NearbyNotOverlapped => ("内的河流与敏感区（未重叠）", "— rivers and sensitive areas not overlapped"),
    NotLoadedNotChecked => ("未载入、未核查：", "Not loaded, not checked: "),
    ListSeparator => ("、", ", "),
    CrossesOrTouches => ("相交或相接", "crosses or touches"),
    DistancePrefix => ("距离", "at"),
    ExportHeading => ("导出", "Export"),
    ReportProjectName => ("项目名称", "Project"),
    ReportNameHint => ("默认为用地名称", "default: the site's name"),
    IndustryCode => ("行业代码", "Industry"),
    IndustryHint => ("GB/T 4754，如 C2614（无则无法判定）", "GB/T 4754, e.g. C2614 (without: undetermined)"),
    ReportPathHint => ("输出路径，如 /tmp/项目A.docx（空：导出时选择位置）", "Output path, e.g. /tmp/site.docx (empty: choose when exporting)"),
    ExportReport => ("导出报告", "Export report"),
    TableCSV => ("重叠表 CSV", "Table CSV"),
    PiecesGeoJSON => ("重叠图斑 GeoJSON", "Pieces GeoJSON"),
    SiteBoundary => ("用地范围…", "Site boundary…"),
    BoundaryFormatsTip => ("坐标交换格式 .txt、Shapefile、GeoJSON、DXF 或 Excel 界址点表（点号, X, Y, 经度, 纬度）", "Exchange text .txt, shapefile, GeoJSON, DXF or an Excel table of points (columns “点号”, “X（北）”, “Y（东）”, “经度”, “纬度”)"),
    WrittenPrefix => ("已写入", "Written:"),
    ProjectSite => ("项目选址", "Project site"),
    DatumCgcs2000 => ("CGCS2000", "CGCS2000"),
    DatumXian1980 => ("西安80", "Xian 1980"),
    DatumBeijing1954 => ("北京54", "Beijing 1954"),
    Zones3Deg => ("3° 分带", "3° zones"),
    Zones6Deg => ("6° 分带", "6° zones"),
    ZoneNumber => ("带号", "Zone"),
    CentralMeridianShort => ("中央经线 ", "CM "),
    ZonePrefixed => ("东坐标带带号前缀（8 位，如 39512345）", "Eastings carry the zone number (8 digits, e.g. 39512345)"),
    PickingZoneHint => ("请在地图上单击该数据所在的位置…", "Click the map where the data lies…"),
    PickThePlaceOnThe => ("在地图上点选所在位置", "Pick the place on the map"),
    PickZoneTip => ("在地图上单击该数据所在城市的任意位置，按该处经度确定带号", "Click anywhere in the data's city: its longitude gives the zone"),
    DrawnSite => ("绘制的用地范围", "Drawn site"),
    MeasuredSite => ("量测的用地范围", "Measured site"),
    SiteNeedsThreeVertices => ("至少需要 3 个不同的顶点才能构成地块。", "A site needs at least 3 distinct vertices."),
    PastedCoordinates => ("粘贴的坐标", "Pasted coordinates"),
    // The batch view (issue 13).
    BatchTab => ("批量核查", "Batch"),
    BatchTabTip => ("一次核查一个文件（或文件夹）中的全部地块", "Check every site of a file (or folder) at once"),
    BatchOpenSites => ("打开多地块文件", "Open a file of sites"),
    BatchPathHint => ("多地块文件或文件夹（.geojson .shp .gdb .kml .txt .xlsx…）", "A file of many sites, or a folder (.geojson .shp .gdb .kml .txt .xlsx…)"),
    BatchRun => ("开始核查", "Check all"),
    BatchNeedsLayers => ("请先载入图层，再进行批量核查。", "Load the zoning layers first, then check the sites."),
    BatchChecking => ("正在核查", "Checking"),
    BatchWritingReports => ("正在写出报告", "Writing reports"),
    BatchStale => ("图层已变化：以下结果依据此前载入的图层，请重新核查。", "The layers changed: these answers come from the layers loaded before; check again."),
    BatchExportSummary => ("导出汇总表…", "Export summary…"),
    BatchExportReports => ("导出各地块报告", "Export a report per site"),
    BatchReportsHint => ("报告文件夹", "Folder for the reports"),
    BatchReportsTip => ("每个地块一份 Word 报告，以地块编号命名", "One Word report per site, named by its id"),
    BatchAll => ("全部", "All"),
    BatchNotChecked => ("未能核查", "Not checked"),
    BatchEmpty => ("打开一个含多个地块的文件（或输入文件夹路径），按当前载入的图层逐一核查每个地块；单击一行可在地图和地块面板中查看该地块。", "Open a file of many sites (or type a folder's path) to check each site against the loaded layers; click a row to see that site on the map and in the site panel."),
    ColIndex => ("序号", "#"),
    ColSiteId => ("地块编号", "Site"),
    ColArea => ("面积", "Area"),
    ColUnits => ("涉及管控单元", "Control units"),
    ColSensitive => ("涉及敏感区", "Sensitive areas"),
    ColVerdict => ("结论", "Verdict"),
    ReportsWritten => ("报告已写入：", "Reports written to: "),
    // The version comparison view (issue 13).
    DiffTab => ("版本对比", "Versions"),
    DiffTabTip => ("比较两版分区管控数据（动态更新前后）：哪些单元有变化、哪些地块受影响", "Compare two versions of the zoning data: which units changed and which sites it affects"),
    DiffOld => ("旧版本", "Old version"),
    DiffNew => ("新版本", "New version"),
    DiffOldHint => ("项目文件（.toml）或管控单元图层", "Project file (.toml) or control-unit layer"),
    DiffNewHint => ("留空：当前载入的数据", "Empty: the data loaded now"),
    DiffRun => ("比较", "Compare"),
    DiffRunning => ("正在比较两个版本…", "Comparing the versions…"),
    DiffNeedsOld => ("请选择旧版本（项目文件或管控单元图层）。", "Choose the old version (a project file or control-unit layer)."),
    DiffNeedsNew => ("请选择新版本，或先载入新版本的数据。", "Choose the new version, or load the new data first."),
    DiffExport => ("导出变化…", "Export changes…"),
    DiffExportTip => ("Excel/CSV：变化单元、保护区与地块表；GeoJSON：增加与减少的图斑", "Excel/CSV: tables of changed units, zones and sites; GeoJSON: the gained and lost pieces"),
    DiffUnits => ("变化的管控单元", "Changed units"),
    DiffZones => ("变化的保护区、红线与水源保护区", "Changed reserves, redlines and water sources"),
    DiffSites => ("受影响的地块", "Affected sites"),
    DiffNoSites => ("在“批量核查”中打开地块文件后，这里列出此次更新影响的地块。", "Open a file of sites in the batch view to list the sites this update affects."),
    DiffNoChanges => ("两个版本的管控单元与保护区没有变化。", "No control unit or zone differs between the versions."),
    DiffGained => ("增加", "gained"),
    DiffLost => ("减少", "lost"),
    DiffEmpty => ("选择旧版本与新版本（项目文件或管控单元图层；新版本留空即当前载入的数据），比较两版之间变化的单元及受影响的地块。", "Choose the old and the new version (project files or control-unit layers; an empty new version is the data loaded now) to see the units that changed and the sites affected."),
    ColCode => ("单元编码", "Unit code"),
    ColChanges => ("变化", "Changes"),
    ColBefore => ("更新前", "Before"),
    ColAfter => ("更新后", "After"),
    AllKinds => ("全部变化", "All changes"),
    LonlatSource => ("经纬度来源", "Lon/lat from"),
    LonlatSourceTip => ("从高德/腾讯（GCJ-02）或百度（BD-09）地图取得的经纬度有偏移：选择来源后重新读取并纠正到 CGCS2000", "Lon/lat taken from Amap/Tencent (GCJ-02) or Baidu (BD-09) maps are shifted: choose the source to read the file again, shifted back to CGCS2000"),
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
    lang.t(role.label_zh(), role.label_en())
}

/// The name of a unit category in `lang`.
pub fn category_label(lang: Lang, category: crate::model::UnitCategory) -> &'static str {
    match lang {
        Lang::Zh => category.name_zh(),
        Lang::En => category.name_en(),
    }
}

/// The meanings a field can be mapped to, with their labels: the engine's wording, so the
/// settings window, the table headers and the report name a field alike.
pub use crate::present::field_meanings;

/// The label-value separator of `lang` ("单元编码：…", "Code: …").
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}
