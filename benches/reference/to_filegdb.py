#!/usr/bin/env python3
"""Converts a layer to a File Geodatabase with GDAL's OpenFileGDB driver (through pyogrio), or to a
GeoPackage when the destination ends in .gpkg, for timing zonecheck's .gdb and .gpkg readers
against the shapefile in `cargo bench --bench national`:

    pip install pyogrio
    python3 benches/reference/to_filegdb.py bench_data/全国环境管控单元_合成.shp bench_data/全国环境管控单元_合成.gdb
    python3 benches/reference/to_filegdb.py bench_data/全国环境管控单元_合成.shp bench_data/全国环境管控单元_合成.gpkg
"""

import os
import shutil
import sys

from pyogrio.raw import read, write


def main(src, dst):
    # A .gpkg destination is written as a GeoPackage, anything else as a File Geodatabase.
    driver = "GPKG" if dst.lower().endswith(".gpkg") else "OpenFileGDB"
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    elif os.path.exists(dst):
        os.remove(dst)
    meta, _, geometry, fields = read(src)
    name = os.path.splitext(os.path.basename(src))[0]
    write(
        dst,
        geometry,
        field_data=fields,
        fields=meta["fields"],
        geometry_type="MultiPolygon",
        driver=driver,
        layer=name,
        crs=meta["crs"],
    )
    print(f"wrote {dst} (layer {name}, {len(geometry)} features)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
