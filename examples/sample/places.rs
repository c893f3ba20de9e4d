//! The real places the synthetic sample is hung on: Hengshui's 11 counties with their GB/T 2260
//! codes and approximate seat positions, the rivers' rough courses, the lake reserve's extent.
//! Coordinates are CGCS2000 lon/lat, read off general maps to a few hundred metres: plausible,
//! not survey data.

/// A county of Hengshui.
pub struct County {
    /// GB/T 2260 code, also the cnmaps file name.
    pub code: &'static str,
    pub name: &'static str,
    /// Approximate seat (town centre), lon/lat.
    pub seat: (f64, f64),
    /// Radius of the synthetic built-up key unit around the seat, metres.
    pub town_radius_m: f64,
    /// Industrial park centres (one unit; two entries make it a multipart unit).
    pub parks: &'static [(f64, f64)],
    /// How many general units to split the rest into.
    pub general_units: usize,
    /// In the eastern groundwater over-extraction region (景县, 阜城县, 故城县 and neighbours).
    pub groundwater_east: bool,
    /// Central districts that ban new chemical, pharmaceutical and electroplating projects.
    pub central: bool,
}

/// The 11 counties in code order.
pub const COUNTIES: [County; 11] = [
    County {
        code: "131102",
        name: "桃城区",
        seat: (115.675, 37.735),
        town_radius_m: 5200.0,
        parks: &[(115.765, 37.695)],
        general_units: 2,
        groundwater_east: false,
        central: true,
    },
    County {
        code: "131103",
        name: "冀州区",
        seat: (115.579, 37.551),
        town_radius_m: 2600.0,
        parks: &[(115.49, 37.50), (115.45, 37.45)],
        general_units: 3,
        groundwater_east: false,
        central: true,
    },
    County {
        code: "131121",
        name: "枣强县",
        seat: (115.724, 37.514),
        town_radius_m: 2800.0,
        parks: &[(115.775, 37.48)],
        general_units: 3,
        groundwater_east: false,
        central: false,
    },
    County {
        code: "131122",
        name: "武邑县",
        seat: (115.887, 37.802),
        town_radius_m: 2600.0,
        parks: &[(115.95, 37.77)],
        general_units: 3,
        groundwater_east: false,
        central: false,
    },
    County {
        code: "131123",
        name: "武强县",
        seat: (115.982, 38.041),
        town_radius_m: 2300.0,
        parks: &[(116.02, 38.01)],
        general_units: 2,
        groundwater_east: false,
        central: false,
    },
    County {
        code: "131124",
        name: "饶阳县",
        seat: (115.726, 38.235),
        town_radius_m: 2400.0,
        parks: &[(115.775, 38.26)],
        general_units: 2,
        groundwater_east: false,
        central: false,
    },
    County {
        code: "131125",
        name: "安平县",
        seat: (115.519, 38.234),
        town_radius_m: 2500.0,
        parks: &[(115.575, 38.21)],
        general_units: 2,
        groundwater_east: false,
        central: false,
    },
    County {
        code: "131126",
        name: "故城县",
        seat: (115.966, 37.347),
        town_radius_m: 2600.0,
        parks: &[(116.02, 37.31)],
        general_units: 3,
        groundwater_east: true,
        central: false,
    },
    County {
        code: "131127",
        name: "景县",
        seat: (116.270, 37.692),
        town_radius_m: 2700.0,
        parks: &[(116.22, 37.655)],
        general_units: 3,
        groundwater_east: true,
        central: false,
    },
    County {
        code: "131128",
        name: "阜城县",
        seat: (116.144, 37.862),
        town_radius_m: 2400.0,
        parks: &[(116.20, 37.845)],
        general_units: 3,
        groundwater_east: true,
        central: false,
    },
    County {
        code: "131182",
        name: "深州市",
        seat: (115.560, 38.001),
        town_radius_m: 3000.0,
        parks: &[(115.62, 37.975)],
        general_units: 3,
        groundwater_east: false,
        central: false,
    },
];

/// A river: name, grade, whether it gets an ecological-corridor unit, and control points SW→NE.
pub struct River {
    pub name: &'static str,
    pub grade: &'static str,
    /// Width of its corridor priority unit on each side, metres (0: no corridor unit).
    pub corridor_half_width_m: f64,
    pub course: &'static [(f64, f64)],
}

/// "一湖九河": the nine rivers, roughly where they run (SW to NE).
pub const RIVERS: [River; 9] = [
    River {
        name: "滏阳河",
        grade: "一级河道",
        corridor_half_width_m: 600.0,
        course: &[
            (115.20, 37.36),
            (115.33, 37.47),
            (115.43, 37.575),
            (115.50, 37.665),
            (115.60, 37.715),
            (115.68, 37.752),
            (115.79, 37.835),
            (115.90, 37.93),
            (115.97, 38.03),
            (116.06, 38.12),
        ],
    },
    River {
        name: "滏东排河",
        grade: "一级河道",
        corridor_half_width_m: 500.0,
        course: &[
            (115.30, 37.30),
            (115.45, 37.43),
            (115.565, 37.505),
            (115.70, 37.60),
            (115.82, 37.72),
            (115.95, 37.86),
            (116.02, 37.98),
            (116.10, 38.10),
        ],
    },
    River {
        name: "索泸河",
        grade: "二级河道",
        corridor_half_width_m: 0.0,
        course: &[
            (115.42, 37.20),
            (115.47, 37.29),
            (115.51, 37.38),
            (115.55, 37.45),
            (115.565, 37.505),
        ],
    },
    River {
        name: "老盐河",
        grade: "二级河道",
        corridor_half_width_m: 0.0,
        course: &[
            (115.62, 37.22),
            (115.68, 37.32),
            (115.74, 37.42),
            (115.81, 37.52),
            (115.86, 37.62),
            (115.90, 37.70),
        ],
    },
    River {
        name: "清凉江",
        grade: "一级河道",
        corridor_half_width_m: 500.0,
        course: &[
            (115.80, 37.10),
            (115.90, 37.25),
            (116.00, 37.40),
            (116.08, 37.55),
            (116.14, 37.70),
            (116.22, 37.84),
            (116.32, 37.96),
            (116.42, 38.04),
        ],
    },
    River {
        name: "江江河",
        grade: "二级河道",
        corridor_half_width_m: 0.0,
        course: &[
            (116.00, 37.30),
            (116.10, 37.45),
            (116.19, 37.58),
            (116.31, 37.72),
            (116.40, 37.84),
            (116.50, 37.95),
        ],
    },
    River {
        name: "卫运河",
        grade: "一级河道",
        corridor_half_width_m: 500.0,
        course: &[
            (115.76, 37.06),
            (115.90, 37.17),
            (116.04, 37.29),
            (116.19, 37.41),
            (116.33, 37.53),
            (116.45, 37.65),
            (116.56, 37.77),
        ],
    },
    River {
        name: "潴龙河",
        grade: "二级河道",
        corridor_half_width_m: 0.0,
        course: &[
            (115.33, 38.19),
            (115.45, 38.25),
            (115.55, 38.29),
            (115.66, 38.33),
            (115.76, 38.37),
        ],
    },
    River {
        name: "滹沱河",
        grade: "一级河道",
        corridor_half_width_m: 700.0,
        course: &[
            (115.30, 38.06),
            (115.42, 38.07),
            (115.55, 38.09),
            (115.66, 38.12),
            (115.78, 38.13),
            (115.90, 38.145),
            (116.00, 38.17),
            (116.08, 38.22),
        ],
    },
];

/// 衡水湖国家级自然保护区: published extent 115°27′45″–115°42′06″E, 37°31′39″–37°42′18″N.
pub const RESERVE_WEST: f64 = 115.0 + 27.0 / 60.0 + 45.0 / 3600.0;
pub const RESERVE_EAST: f64 = 115.0 + 42.0 / 60.0 + 6.0 / 3600.0;
pub const RESERVE_SOUTH: f64 = 37.0 + 31.0 / 60.0 + 39.0 / 3600.0;
pub const RESERVE_NORTH: f64 = 37.0 + 42.0 / 60.0 + 18.0 / 3600.0;
/// Published total area, hectares.
pub const RESERVE_AREA_HA: f64 = 18_787.0;
