//! A bounded, deterministic mutation run through every reader (issue 9 §4), so CI checks on every
//! change what the fuzz targets in `fuzz/` check at length: whatever bytes a reader is given, it
//! answers (a layer or an error) — no panic, no hang, no allocation beyond the input's size.
//!
//! 4,350 mutations of the fixtures (bit flips, boundary integers in headers, cuts, repeats,
//! insertions), the same on every run (a fixed xorshift seed). No timing is asserted.

use std::path::{Path, PathBuf};

use zonecheck::fuzzing;

/// A fixed-seed xorshift64*: the same mutations on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING_U32: [u32; 7] = [0, 1, 0x7F, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 9994];
const INTERESTING_BYTES: &[u8] = b"\x00\xff\x7f\x80\x0d\x1a0129-.,[]{}\"\n@";

/// One to four random edits of `seed`.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
            }
            2 if len >= 4 => {
                let i = rng.below(len - 3);
                let v = INTERESTING_U32[rng.below(INTERESTING_U32.len())];
                let bytes = if rng.below(2) == 0 {
                    v.to_le_bytes()
                } else {
                    v.to_be_bytes()
                };
                data[i..i + 4].copy_from_slice(&bytes);
            }
            3 => data.truncate(rng.below(len + 1)),
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = data[start..end].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            5 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                data.drain(start..end);
            }
            _ => {
                let at = rng.below(len + 1);
                let extra: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
                data.splice(at..at, extra);
            }
        }
    }
    data
}

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn shapefile_seed(stem: &str) -> Vec<u8> {
    fuzzing::pack_shapefile(
        &read(&format!("{stem}.shp")),
        &read(&format!("{stem}.shx")),
        &read(&format!("{stem}.dbf")),
    )
}

/// The `.gdbtable`/`.gdbtablx` files of a `.gdb` folder packed as the `filegdb` target takes.
fn gdb_seed(rel: &str) -> Vec<u8> {
    let mut names: Vec<String> = std::fs::read_dir(root(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".gdbtable") || n.ends_with(".gdbtablx"))
        .collect();
    names.sort();
    let data: Vec<Vec<u8>> = names.iter().map(|n| read(&format!("{rel}/{n}"))).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&data)
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    fuzzing::pack_files(&files)
}

/// Runs `reader` on `count` mutations of each seed.
fn run(name: &str, reader: fn(&[u8]), seeds: &[Vec<u8>], count: usize, rng: &mut Rng) {
    for seed in seeds {
        reader(seed);
        for i in 0..count {
            let input = mutate(seed, rng);
            let result = std::panic::catch_unwind(|| reader(&input));
            if result.is_err() {
                let path = std::env::temp_dir().join(format!("zonecheck-mutation-{name}-{i}.bin"));
                let _ = std::fs::write(&path, &input);
                panic!(
                    "{name}: mutation {i} panicked; input saved to {}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_reader_answers_every_mutation() {
    let mut rng = Rng(0x5EED_2026_0009);
    let points = b"id,lon,lat\n1,115.6,37.7\n2,116.0,38.0\n".to_vec();
    let xy = b"id,x,y\n1,39512345.0,4180000.0\n".to_vec();
    run(
        "shapefile",
        fuzzing::shapefile,
        &[
            shapefile_seed("tests/fixtures/hostile/shx/good"),
            shapefile_seed("tests/fixtures/io/gbk_cpg/units_gbk"),
        ],
        300,
        &mut rng,
    );
    run(
        "dbf",
        fuzzing::dbf,
        &[read("tests/fixtures/io/gbk_cpg/units_gbk.dbf")],
        300,
        &mut rng,
    );
    run(
        "geojson",
        fuzzing::geojson,
        &[
            read("tests/fixtures/hostile/geojson/bow_tie.geojson"),
            read("tests/fixtures/io/geojson/site_4527.geojson"),
        ],
        200,
        &mut rng,
    );
    run(
        "exchange_text",
        fuzzing::exchange_text,
        &[read("tests/fixtures/io/exchange/报盘_两地块.txt")],
        300,
        &mut rng,
    );
    run(
        "coord_list",
        fuzzing::coord_list,
        &[read("tests/fixtures/hostile/text/excel_unicode.txt")],
        300,
        &mut rng,
    );
    run(
        "prj",
        fuzzing::prj,
        &[
            read("tests/fixtures/prj/epsg4527_esri.prj"),
            read("tests/fixtures/prj/epsg4527_gdal.prj"),
        ],
        200,
        &mut rng,
    );
    run(
        "zip",
        fuzzing::zip,
        &[read("tests/fixtures/io/two_layers.zip")],
        300,
        &mut rng,
    );
    run(
        "project_toml",
        fuzzing::project_toml,
        &[read("sample_data/hengshui.zonecheck.toml")],
        300,
        &mut rng,
    );
    run(
        "points_csv",
        fuzzing::points_csv,
        &[points, xy],
        150,
        &mut rng,
    );
    let mut csv_table = vec![0u8];
    csv_table.extend(read("tests/fixtures/report/requirements.csv"));
    let mut xlsx_table = vec![1u8];
    xlsx_table.extend(read("tests/fixtures/hostile/xlsx/far_cell.xlsx"));
    let mut xls_table = vec![1u8];
    xls_table.extend(read("tests/fixtures/xlsx/示例项目B_无带号.xls"));
    let mut ods_table = vec![1u8];
    ods_table.extend(read("tests/fixtures/hostile/xlsx/requirements.ods"));
    run(
        "requirement_table",
        fuzzing::requirement_table,
        &[csv_table, xlsx_table, xls_table, ods_table],
        150,
        &mut rng,
    );
    run(
        "filegdb",
        fuzzing::filegdb,
        &[gdb_seed("tests/fixtures/filegdb/pro32.gdb")],
        60,
        &mut rng,
    );
    run(
        "gpkg",
        fuzzing::gpkg,
        &[read("tests/fixtures/gpkg/kinds.gpkg")],
        60,
        &mut rng,
    );
    run(
        "kml",
        fuzzing::kml,
        &[
            read("tests/fixtures/kml/kinds.kml"),
            read("tests/fixtures/kml/kinds.kmz"),
        ],
        100,
        &mut rng,
    );
    run(
        "dxf",
        fuzzing::dxf,
        &[read("tests/fixtures/dxf/kinds.dxf")],
        50,
        &mut rng,
    );
    run(
        "workbook",
        fuzzing::workbook,
        &[
            read("tests/fixtures/xlsx/示例项目B_界址点.xlsx"),
            read("tests/fixtures/xlsx/示例项目B_无带号.xls"),
            read("tests/fixtures/hostile/xlsx/requirements.ods"),
        ],
        60,
        &mut rng,
    );
}
