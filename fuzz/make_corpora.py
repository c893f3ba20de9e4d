#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the test fixtures (run from anywhere; the corpora are not
committed: they are copies of tests/fixtures and sample_data, remade by this script).
Shapefiles are packed as zonecheck::fuzzing::pack_shapefile does: u32 LE .shp length,
u32 LE .shx length, then .shp, .shx, .dbf. Requirement tables get a first byte: 0 CSV, 1 .xlsx.
A .gdb folder's .gdbtable/.gdbtablx files are packed as zonecheck::fuzzing::pack_files does:
for each, u16 LE name length, the name, u32 LE data length, the data."""
import glob
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name.replace("/", "_")), "wb") as f:
        f.write(data)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def pack_gdb(folder):
    out = b""
    for name in sorted(os.listdir(folder)):
        if name.endswith((".gdbtable", ".gdbtablx")):
            data = read(os.path.join(folder, name))
            out += struct.pack("<H", len(name)) + name.encode() + struct.pack("<I", len(data)) + data
    return out


def dxb_seed(float_mode):
    """A small DXB file (the dxf crate reads one when the first line says "AutoCAD DXB 1.0"),
    so the dxf target reaches that reader too: a layer, a colour, a closed polyline of four
    vertices with a bulge, a circle and a line, in integer or float number mode."""
    if float_mode:
        n = lambda v: struct.pack("<f", v)
    else:
        n = lambda v: struct.pack("<h", int(v))
    b = bytearray(b"AutoCAD DXB 1.0\r\n\x1a\x00")
    b += bytes([129]) + b"ZONE\x00" + bytes([136]) + struct.pack("<h", 1)
    if float_mode:
        b += bytes([135]) + struct.pack("<h", 1)
    b += bytes([19]) + struct.pack("<h", 1)
    for x, y in [(0, 0), (100, 0), (100, 50), (0, 50)]:
        b += bytes([20]) + n(x) + n(y)
    b += bytes([133]) + (struct.pack("<f", 0.5) if float_mode else struct.pack("<i", 1))
    b += bytes([17]) + bytes([3]) + n(10) + n(10) + n(5)
    b += bytes([1]) + n(0) + n(0) + n(0) + n(20) + n(30) + n(0) + bytes([0])
    return bytes(b)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    fixtures = [os.path.join(ROOT, "tests", "fixtures"), os.path.join(ROOT, "sample_data")]
    files = [p for base in fixtures for p in glob.glob(os.path.join(base, "**", "*"), recursive=True)
             if os.path.isfile(p) and os.path.getsize(p) < 2_000_000]
    for p in files:
        rel = os.path.relpath(p, ROOT)
        ext = os.path.splitext(p)[1].lower()
        stem = os.path.splitext(p)[0]
        if ext == ".shp":
            parts = []
            for e in (".shx", ".dbf"):
                sib = [q for q in (stem + e, stem + e.upper()) if os.path.exists(q)]
                parts.append(read(sib[0]) if sib else b"")
            shp = read(p)
            put("shapefile", rel, struct.pack("<II", len(shp), len(parts[0])) + shp + parts[0] + parts[1])
        elif ext == ".dbf":
            put("dbf", rel, read(p))
        elif ext in (".geojson", ".json"):
            put("geojson", rel, read(p))
        elif ext == ".txt":
            put("exchange_text", rel, read(p))
            put("coord_list", rel, read(p))
        elif ext in (".prj", ".wkt"):
            put("prj", rel, read(p))
        elif ext == ".zip":
            put("zip", rel, read(p))
        elif ext == ".toml":
            put("project_toml", rel, read(p))
        elif ext == ".csv":
            put("points_csv", rel, read(p))
            put("coord_list", rel, read(p))
            put("requirement_table", rel, b"\x00" + read(p))
        elif ext in (".xlsx", ".xls", ".ods"):
            put("requirement_table", rel, b"\x01" + read(p))
            put("workbook", rel, read(p))
        elif ext == ".gpkg":
            put("gpkg", rel, read(p))
        elif ext in (".kml", ".kmz", ".ovkml", ".ovkmz"):
            put("kml", rel, read(p))
        elif ext == ".dxf":
            put("dxf", rel, read(p))
    for base in fixtures:
        for folder in glob.glob(os.path.join(base, "**", "*.gdb"), recursive=True):
            if os.path.isdir(folder):
                put("filegdb", os.path.relpath(folder, ROOT), pack_gdb(folder))
    put("dxf", "seed-dxb-integer", dxb_seed(False))
    put("dxf", "seed-dxb-float", dxb_seed(True))
    put("points_csv", "seed_lonlat.csv", b"id,lon,lat\n1,115.6,37.7\n2,116.0,38.0\n")
    put("points_csv", "seed_xy.csv", b"id,x,y\n1,39512345.0,4180000.0\n")
    for t in sorted(os.listdir(OUT)):
        print(t, len(os.listdir(os.path.join(OUT, t))))


if __name__ == "__main__":
    main()
