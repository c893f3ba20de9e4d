//! The command line's words, parsed by clap into raw values; `cli::run` turns them into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// zonecheck: which environmental control unit (环境管控单元) is this point or site in, and what must it obey.
#[derive(Debug, Parser)]
#[command(name = "zonecheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; with none, the desktop app opens on the bundled sample.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the desktop app on project files or layers.
    Open {
        /// Project files (.toml) or layers (.shp, .zip, .geojson).
        paths: Vec<PathBuf>,
    },
    /// Describe a layer: format, geometry, fields, CRS and encoding found, extent, role.
    Info {
        /// A shapefile, GeoJSON, zip or project file.
        layer: PathBuf,
        #[command(flatten)]
        layer_opts: LayerOpts,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Which features contain a point (or each point of a CSV file).
    Query {
        /// Layers or project files to ask.
        #[arg(required = true)]
        layers: Vec<PathBuf>,
        /// One point: `LON,LAT` in degrees (DMS accepted), or `X,Y` with --crs.
        #[arg(long, conflicts_with = "points", allow_hyphen_values = true)]
        at: Option<String>,
        /// A CSV file with header `id,lon,lat` (or `id,x,y` with --crs).
        #[arg(long)]
        points: Option<PathBuf>,
        /// CRS of the input coordinates when they are projected (e.g. EPSG:4527).
        #[arg(long)]
        crs: Option<String>,
        /// Where lon/lat were copied from: Amap/Tencent (gcj02) or Baidu (bd09) shift them by hundreds of metres.
        #[arg(long, value_enum, default_value_t = PointSource::Cgcs2000)]
        from: PointSource,
        /// Also list features within this distance (metres) that do not contain the point,
        /// nearest first (rivers, reserves, water sources near the point).
        #[arg(long, value_parser = parse_radius_m)]
        radius: Option<f64>,
        #[command(flatten)]
        layer_opts: LayerOpts,
        /// Print JSON Lines, one object per input point.
        #[arg(long)]
        json: bool,
    },
    /// Overlay a project site on every layer: overlaps with area and share, features nearby.
    Check {
        /// Layers or project files to check against.
        #[arg(required = true)]
        layers: Vec<PathBuf>,
        /// The site: GeoJSON, shapefile, zip, coordinate exchange text (坐标交换格式) or coordinate list.
        #[arg(long)]
        site: PathBuf,
        /// Report features within this distance (metres) that the site does not overlap.
        #[arg(long, default_value_t = 1000.0, value_parser = parse_radius_m)]
        radius: f64,
        /// CRS of the site file when it has none (e.g. a .shp without .prj, a coordinate list).
        #[arg(long)]
        site_crs: Option<String>,
        /// The project's GB/T 4754-2017 industry code, e.g. C2614 (without it the verdict is
        /// 无法判定: industry access not checked).
        #[arg(long)]
        industry: Option<String>,
        /// Language of the verdict's reasons and sentences: zh or en.
        #[arg(long, default_value = "zh")]
        lang: String,
        /// Extra access-list tables (requirements or industry rules, CSV/Excel).
        #[arg(long = "requirements")]
        tables: Vec<PathBuf>,
        #[command(flatten)]
        layer_opts: LayerOpts,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write the compliance report (三线一单符合性分析) as .docx, .html, .xlsx or .csv.
    Report(ReportArgs),
    /// Check many sites in one run: each feature of a file, or each site file of a folder.
    Batch(BatchArgs),
    /// Compare two versions of the zoning data: changed units and zones, and affected sites.
    Diff(DiffArgs),
}

/// What `zonecheck batch` was asked for.
#[derive(Debug, Args, Clone)]
pub struct BatchArgs {
    /// Layers or project files to check against.
    #[arg(required = true)]
    pub layers: Vec<PathBuf>,
    /// A file of many sites (each feature, record, Placemark, 地块 or parcel is one site) or a
    /// folder (each site file is one site, in name order).
    #[arg(long)]
    pub sites: PathBuf,
    /// Report features within this distance (metres) that a site does not overlap.
    #[arg(long = "radius", default_value_t = 1000.0, value_parser = parse_radius_m)]
    pub radius_m: f64,
    /// CRS of the site files when they have none.
    #[arg(long)]
    pub site_crs: Option<String>,
    /// The projects' GB/T 4754-2017 industry code, the same for every site.
    #[arg(long)]
    pub industry: Option<String>,
    /// Language of the verdicts, the summary and the reports: zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Extra access-list tables (requirements or industry rules, CSV/Excel).
    #[arg(long = "requirements")]
    pub tables: Vec<PathBuf>,
    /// Print JSON Lines, one object per site in input order.
    #[arg(long)]
    pub json: bool,
    /// Write a summary, one row per site (.xlsx or .csv).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write one compliance report per site into this folder, named by the site id.
    #[arg(long)]
    pub reports: Option<PathBuf>,
    /// The reports' format: docx, html, xlsx or csv.
    #[arg(long, default_value = "docx")]
    pub report_format: String,
    #[command(flatten)]
    pub layer_opts: LayerOpts,
}

/// What `zonecheck diff` was asked for.
#[derive(Debug, Args, Clone)]
pub struct DiffArgs {
    /// The zoning data before the update: layers or a project file.
    #[arg(long, num_args = 1.., required = true)]
    pub old: Vec<PathBuf>,
    /// The zoning data after the update: layers or a project file.
    #[arg(long, num_args = 1.., required = true)]
    pub new: Vec<PathBuf>,
    /// Sites to compare before and after (read as `batch` reads them).
    #[arg(long)]
    pub sites: Option<PathBuf>,
    /// The overlay's search distance in metres, as `check` and `batch` use it.
    #[arg(long = "radius", default_value_t = 1000.0, value_parser = parse_radius_m)]
    pub radius_m: f64,
    /// CRS of the site files when they have none.
    #[arg(long)]
    pub site_crs: Option<String>,
    /// Language of the tables and the text output: zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Print one JSON object `{"units": [...], "zones": [...], "sites": [...]}`.
    #[arg(long)]
    pub json: bool,
    /// Write the changes: .xlsx or .csv (tables of changed units, zones and sites) or .geojson
    /// (the gained and lost pieces).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub layer_opts: LayerOpts,
}

/// What `zonecheck report` was asked for.
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Layers or project files (a project's `requirements` tables are used too).
    #[arg(required = true)]
    pub layers: Vec<PathBuf>,
    /// The site: GeoJSON, shapefile, zip, coordinate exchange text or coordinate list.
    #[arg(long)]
    pub site: PathBuf,
    /// CRS of the site file when it has none.
    #[arg(long)]
    pub site_crs: Option<String>,
    /// The project's GB/T 4754-2017 industry code, e.g. C2614.
    #[arg(long)]
    pub industry: Option<String>,
    /// The industry in words, e.g. 有机化学原料制造.
    #[arg(long)]
    pub industry_name: Option<String>,
    /// 项目名称 (the site file's name when absent).
    #[arg(long)]
    pub name: Option<String>,
    /// Report language: zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Extra access-list tables (requirements or industry rules, CSV/Excel).
    #[arg(long = "requirements")]
    pub tables: Vec<PathBuf>,
    /// Features within this distance (metres) are listed as nearby.
    #[arg(long = "radius", default_value_t = 1000.0, value_parser = parse_radius_m)]
    pub radius_m: f64,
    /// Output file; the extension picks the format (.docx, .html, .xlsx, .csv).
    #[arg(long)]
    pub out: PathBuf,
    /// An offline basemap drawn under the map figure (.mbtiles, .pmtiles or a {z}/{x}/{y}
    /// tile folder), with its attribution line.
    #[arg(long)]
    pub basemap: Option<PathBuf>,
    /// The basemap's web-map frame when its tiles are shifted: gcj02 (Amap, Tencent) or bd09.
    #[arg(long, value_parser = ["none", "gcj02", "bd09"])]
    pub basemap_offset: Option<String>,
    /// The basemap's tile grid when its metadata does not say: webmercator or lonlat (天地图 c).
    #[arg(long, value_parser = ["webmercator", "lonlat"])]
    pub basemap_grid: Option<String>,
    #[command(flatten)]
    pub layer_opts: LayerOpts,
}

/// Statements about plain layer files (project files carry their own).
#[derive(Debug, Args, Clone, Default)]
pub struct LayerOpts {
    /// DBF text encoding of the layers (GBK, UTF-8…), when detection is wrong.
    #[arg(long)]
    pub encoding: Option<String>,
    /// CRS of the layers (e.g. EPSG:4527), for files without a .prj or with a wrong one.
    #[arg(long)]
    pub layer_crs: Option<String>,
    /// The web map the layers' lon/lat were drawn on: gcj02 (Amap, Tencent, Ovital since 9.3)
    /// or bd09 (Baidu) are moved back to CGCS2000; wgs84 says they are not shifted (e.g. an
    /// Ovital .ovkml from before 9.3, which is otherwise read as GCJ-02).
    #[arg(long, value_enum)]
    pub lonlat_source: Option<LonlatSourceArg>,
}

/// `--lonlat-source`: the web-map frame of layer lon/lat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LonlatSourceArg {
    /// WGS 84 / CGCS2000: not shifted.
    #[value(alias = "cgcs2000")]
    Wgs84,
    /// GCJ-02: Amap (高德), Tencent, Ovital since 9.3.
    Gcj02,
    /// BD-09: Baidu.
    Bd09,
}

impl LonlatSourceArg {
    /// The project file's word for the same statement.
    pub fn statement(self) -> crate::model::project::LonlatSource {
        use crate::model::project::LonlatSource;
        match self {
            LonlatSourceArg::Wgs84 => LonlatSource::Wgs84,
            LonlatSourceArg::Gcj02 => LonlatSource::Gcj02,
            LonlatSourceArg::Bd09 => LonlatSource::Bd09,
        }
    }
}

/// Where typed lon/lat came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PointSource {
    /// CGCS2000 / WGS 84 (GPS, official data).
    Cgcs2000,
    /// GCJ-02: Amap (高德), Tencent maps.
    Gcj02,
    /// BD-09: Baidu maps.
    Bd09,
}

/// A search radius: a finite distance in metres, 0 or more (the one check for every command).
pub fn parse_radius_m(raw: &str) -> Result<f64, String> {
    let value: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("{raw:?} is not a number of metres"))?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("a distance in metres ≥ 0, not {raw}"))
    }
}
