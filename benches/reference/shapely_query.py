#!/usr/bin/env python3
"""Reference for `zonecheck query LAYER --points FILE --json`, written the way a careful GIS
developer would with shapely 2: vectorised geometry construction from the raw .shp (numpy, no
per-vertex Python), an STRtree, prepared polygons, one bulk `query(..., predicate="intersects")`
(intersects, like zonecheck, counts boundary points), and the same JSON Lines output.

Used only to measure zonecheck against (see benches/README.md); not part of the product.
Needs: pip install shapely pyshp numpy
Usage: shapely_query.py LAYER.shp POINTS.csv > out.jsonl
"""
import csv
import json
import os
import struct
import sys

import numpy as np
import shapefile  # pyshp, for the DBF attributes
import shapely


def read_polygons(shp_path):
    """All polygon records of a .shp as shapely Polygons (one per part-set), vectorised per record."""
    with open(shp_path, "rb") as f:
        data = f.read()
    shx = open(os.path.splitext(shp_path)[0] + ".shx", "rb").read()
    n = (len(shx) - 100) // 8
    offsets = np.frombuffer(shx, dtype=">i4", offset=100).reshape(n, 2)[:, 0].astype(np.int64) * 2
    coords_chunks, ring_offsets, geom_offsets = [], [0], [0]
    total_pts = 0
    for off in offsets:
        # record header (8) + shape type (4) + bbox (32) + numParts (4) + numPoints (4)
        shape_type = struct.unpack_from("<i", data, off + 8)[0]
        if shape_type == 0:
            geom_offsets.append(geom_offsets[-1])
            continue
        num_parts, num_points = struct.unpack_from("<ii", data, off + 44)
        parts = np.frombuffer(data, dtype="<i4", count=num_parts, offset=off + 52)
        pts = np.frombuffer(data, dtype="<f8", count=num_points * 2, offset=off + 52 + 4 * num_parts)
        coords_chunks.append(pts.reshape(-1, 2))
        starts = parts.astype(np.int64) + total_pts
        ring_offsets.extend((np.append(starts[1:], total_pts + num_points)).tolist())
        total_pts += num_points
        geom_offsets.append(geom_offsets[-1] + num_parts)
    coords = np.concatenate(coords_chunks)
    # Treat the first ring of each record as the shell, the rest as holes (true for the benchmark layer).
    return shapely.from_ragged_array(
        shapely.GeometryType.POLYGON,
        coords,
        (np.asarray(ring_offsets, dtype=np.int64), np.asarray(geom_offsets, dtype=np.int64)),
    )


def main():
    shp_path, csv_path = sys.argv[1], sys.argv[2]
    polygons = read_polygons(shp_path)
    reader = shapefile.Reader(shp_path, encoding="gbk")
    field_names = [f[0] for f in reader.fields[1:]]
    records = [dict(zip(field_names, r)) for r in reader.iterRecords()]
    shapely.prepare(polygons)
    tree = shapely.STRtree(polygons)

    ids, lons, lats = [], [], []
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ids.append(row["id"])
            lons.append(float(row["lon"]))
            lats.append(float(row["lat"]))
    points = shapely.points(np.asarray(lons), np.asarray(lats))
    pairs = tree.query(points, predicate="intersects")
    order = np.lexsort((pairs[1], pairs[0]))
    pairs = pairs[:, order]
    hits = [[] for _ in ids]
    for p, g in zip(pairs[0].tolist(), pairs[1].tolist()):
        hits[p].append(g)

    layer = os.path.splitext(os.path.basename(shp_path))[0]
    out = sys.stdout
    for i, pid in enumerate(ids):
        hs = []
        for fid in hits[i]:
            rec = records[fid]
            cat = {"1": "priority", "2": "key", "3": "general"}.get(str(rec.get("ZHGKDYFL", "")).strip())
            hs.append({"layer": layer, "fid": fid, "code": rec.get("HJGKDYBM"), "name": rec.get("HJGKDYMC"),
                       "category": cat, "attributes": rec})
        out.write(json.dumps({"id": pid, "hits": hs}, ensure_ascii=False, default=str))
        out.write("\n")


if __name__ == "__main__":
    main()
