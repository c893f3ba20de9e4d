//! Damaged, compressed, locked and re-versioned copies of the fixtures: clear errors, never a
//! panic.

use std::path::Path;
use std::sync::Arc;

use super::*;

fn table_bytes(files: &[(String, Vec<u8>)], stem: &str) -> (Vec<u8>, Vec<u8>) {
    let get = |ext: &str| {
        files
            .iter()
            .find(|(n, _)| *n == format!("{stem}.{ext}"))
            .map(|(_, b)| b.clone())
            .unwrap()
    };
    (get("gdbtable"), get("gdbtablx"))
}

/// Reads every row and geometry of a table, returning the first error.
fn read_everything(table: &Table) -> Result<usize> {
    let mut n = 0;
    for row in table.rows() {
        let row = row?;
        for v in &row.values {
            if let Value::Geometry(b) = v {
                table.shape(row.oid, b, None)?;
                n += 1;
            }
        }
    }
    Ok(n)
}

#[test]
fn truncated_tables_are_errors_naming_file_and_table_never_panics() {
    let files = files_of("fixtures.gdb");
    // 生态保护红线 is a00000009 (its number in the catalog).
    let (table, tablx) = table_bytes(&files, "a00000009");
    let path = Path::new("t.gdb/a00000009.gdbtable");
    for cut in 0..table.len() {
        let data = Arc::new(table[..cut].to_vec());
        let result = Table::from_bytes("生态保护红线", path, data, Some(&tablx))
            .and_then(|t| read_everything(&t));
        let e = result
            .expect_err("a truncated table cannot read fully")
            .to_string();
        assert!(
            e.contains("a00000009") && e.contains("生态保护红线"),
            "cut {cut}: {e}"
        );
    }
    for cut in 0..tablx.len() {
        let data = Arc::new(table.clone());
        if let Ok(t) = Table::from_bytes("生态保护红线", path, data, Some(&tablx[..cut])) {
            panic!(
                "cut {cut}: a truncated index was accepted with {} rows",
                t.row_count()
            );
        }
    }
}

#[test]
fn an_index_pointing_past_the_end_names_the_row() {
    let files = files_of("fixtures.gdb");
    let (table, mut tablx) = table_bytes(&files, "a00000009");
    let width = u32::from_le_bytes(tablx[12..16].try_into().unwrap()) as usize;
    // OBJECTID 2 is the second slot.
    let slot = 16 + width;
    tablx[slot..slot + 4].copy_from_slice(&(table.len() as u32 + 100).to_le_bytes());
    let e = Table::from_bytes(
        "生态保护红线",
        Path::new("a00000009.gdbtable"),
        Arc::new(table),
        Some(&tablx),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("OBJECTID 2") && e.contains("past the end") && e.contains("gdbtablx"),
        "{e}"
    );
}

#[test]
fn corrupted_bytes_never_panic() {
    // Deterministic pseudo-random byte flips over every table of the fixture.
    let files = files_of("fixtures.gdb");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let stems: Vec<String> = files
        .iter()
        .filter_map(|(n, _)| n.strip_suffix(".gdbtable").map(str::to_string))
        .collect();
    for stem in &stems {
        let (table, tablx) = table_bytes(&files, stem);
        for _ in 0..300 {
            let mut t = table.clone();
            let mut x = tablx.clone();
            for _ in 0..1 + next() % 4 {
                let target = if next() % 4 == 0 { &mut x } else { &mut t };
                if target.is_empty() {
                    continue;
                }
                let i = (next() % target.len() as u64) as usize;
                target[i] = next() as u8;
            }
            if let Ok(t) = Table::from_bytes(stem, Path::new("f.gdbtable"), Arc::new(t), Some(&x)) {
                let _ = read_everything(&t);
            }
        }
    }
}

#[test]
fn compressed_tables_and_lock_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let gdb_dir = dir.path().join("locked.gdb");
    std::fs::create_dir(&gdb_dir).unwrap();
    for (name, bytes) in files_of("fixtures.gdb") {
        let name = if name == "a00000009.gdbtable" {
            "a00000009.gdbtable.cdf".to_string()
        } else {
            name
        };
        std::fs::write(gdb_dir.join(name), bytes).unwrap();
    }
    std::fs::write(
        gdb_dir.join("a0000000b.gdbtable.PC1.4242.9876.ed.lock"),
        b"",
    )
    .unwrap();
    let gdb = Gdb::open(&gdb_dir).unwrap();
    assert!(
        gdb.warnings()[0].contains("being edited"),
        "{:?}",
        gdb.warnings()
    );
    let e = gdb.table("生态保护红线").unwrap_err();
    assert!(matches!(e, GdbError::Unsupported { .. }));
    let e = e.to_string();
    assert!(
        e.contains("a00000009.gdbtable.cdf") && e.contains("compressed"),
        "{e}"
    );
    assert_eq!(gdb.table("管控单元").unwrap().row_count(), 3);
}

#[test]
fn a_folder_without_catalog_is_not_a_geodatabase() {
    let dir = tempfile::tempdir().unwrap();
    let e = Gdb::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("a00000001.gdbtable"), "{e}");
    assert!(!looks_like_gdb(dir.path()));
    assert!(looks_like_gdb(&fixture("fixtures.gdb")));
}

/// Rewrites a version-3 table and index into the version-4 layout (64-bit object ids), as the
/// FGDB spec describes it: the valid-row count as int64 at byte 16 of the table header; the
/// index with a 64-bit page count and the row count in its trailer.
fn to_version_4(table: &[u8], tablx: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut t = table.to_vec();
    let valid = u32::from_le_bytes(t[4..8].try_into().unwrap());
    t[0..4].copy_from_slice(&4u32.to_le_bytes());
    t[4..8].copy_from_slice(&0u32.to_le_bytes());
    t[16..24].copy_from_slice(&u64::from(valid).to_le_bytes());
    let pages = u32::from_le_bytes(tablx[4..8].try_into().unwrap());
    let rows = u32::from_le_bytes(tablx[8..12].try_into().unwrap());
    let width = u32::from_le_bytes(tablx[12..16].try_into().unwrap());
    let body = &tablx[16..16 + (pages * 1024 * width) as usize];
    let mut x = Vec::new();
    x.extend(4u32.to_le_bytes());
    x.extend(u64::from(pages).to_le_bytes());
    x.extend(width.to_le_bytes());
    x.extend(body);
    x.extend(u64::from(rows).to_le_bytes());
    x.extend(0u32.to_le_bytes());
    (t, x)
}

#[test]
fn version_4_tables_read_like_version_3() {
    let files = files_of("fixtures.gdb");
    let (table, tablx) = table_bytes(&files, "a0000000b");
    let v3 = Table::from_bytes(
        "管控单元",
        Path::new("a.gdbtable"),
        Arc::new(table.clone()),
        Some(&tablx),
    )
    .unwrap();
    let (t4, x4) = to_version_4(&table, &tablx);
    let v4 =
        Table::from_bytes("管控单元", Path::new("a.gdbtable"), Arc::new(t4), Some(&x4)).unwrap();
    assert_eq!(v4.header().version, 4);
    assert_eq!(v4.read_all().unwrap(), v3.read_all().unwrap());
    assert!(v4.warnings().is_empty(), "{:?}", v4.warnings());
}
