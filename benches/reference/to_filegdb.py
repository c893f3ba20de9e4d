#!/usr/bin/env python3
"""Converts a layer to a File Geodatabase with GDAL's OpenFileGDB driver (through pyogrio), for
timing zonecheck's .gdb reader against the shapefile in `cargo bench --bench national`:

    pip install pyogrio
    python3 benches/reference/to_filegdb.py bench_data/全国环境管控单元_合成.shp bench_data/全国环境管控单元_合成.gdb
"""

import os
import shutil
import sys

from pyogrio.raw import read, write


def main(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    meta, _, geometry, fields = read(src)
    name = os.path.splitext(os.path.basename(src))[0]
    write(
        dst,
        geometry,
        field_data=fields,
        fields=meta["fields"],
        geometry_type="MultiPolygon",
        driver="OpenFileGDB",
        layer=name,
        crs=meta["crs"],
    )
    print(f"wrote {dst} (layer {name}, {len(geometry)} features)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
