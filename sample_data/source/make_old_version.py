"""Writes versions/衡水市环境管控单元_2023版.geojson: a made-up *earlier* version of the sample's
control units, so the app's 版本对比 and `zonecheck diff` have two versions to compare. Run from
sample_data/: python3 source/make_old_version.py (needs pyshp and shapely).

What differs from the current units (all invented), so every kind of change appears once:
- ZH13110220001 (桃城区城镇生活重点管控单元) was 300 m smaller all round   → geometry
- ZH13110330001 was a key unit (2) in 2023                                  → category
- ZH13112130001 had another name                                            → name
- ZH13112730001's 空间布局约束 text was shorter                               → requirements
- ZH13112610001 did not exist; its area belonged to no unit                 → added
- ZH13110299999, a 2023 unit over part of 衡水湖, was later dissolved         → removed
Coordinates stay in the shapefile's EPSG:4527 (3° Gauss-Kruger zone 39, metres), stated in the
GeoJSON `crs` member.
"""
import json

import shapefile
from shapely.geometry import mapping, shape

reader = shapefile.Reader("衡水市环境管控单元.shp", encoding="gbk")
fields = [f[0] for f in reader.fields[1:]]
features = []
for rec in reader.shapeRecords():
    props = dict(zip(fields, rec.record))
    geom = shape(rec.shape.__geo_interface__)
    code = props["HJGKDYBM"]
    if code == "ZH13112610001":
        continue
    if code == "ZH13110220001":
        geom = geom.buffer(-300, join_style="mitre")
    if code == "ZH13110330001":
        props["ZHGKDYFL"] = "2"
        props["GKDYLB"] = "重点管控单元"
    if code == "ZH13112130001":
        props["HJGKDYMC"] = props["HJGKDYMC"] + "（原）"
    if code == "ZH13112730001":
        props["KJBJYS"] = props["KJBJYS"][:20]
    features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
# The dissolved 2023 unit: a square of 2 km at the middle of the sample's extent.
x, y = 39_414_000.0, 4_168_000.0
features.append({
    "type": "Feature",
    "properties": {**{f: "" for f in fields}, "HJGKDYBM": "ZH13110299999",
                   "HJGKDYMC": "桃城区临时优先保护单元（2023 年版，已撤销）", "ZHGKDYFL": "1",
                   "GKDYLB": "优先保护单元", "SHENG": "河北省", "SHI": "衡水市", "XIAN": "桃城区"},
    "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 2000, y], [x + 2000, y + 2000],
                                                     [x, y + 2000], [x, y]]]},
})
for f in features:
    for k, v in list(f["properties"].items()):
        if not isinstance(v, (str, int, float)) or v is None:
            f["properties"][k] = str(v) if v is not None else ""
collection = {"type": "FeatureCollection",
              "crs": {"type": "name", "properties": {"name": "EPSG:4527"}},
              "features": features}
with open("versions/衡水市环境管控单元_2023版.geojson", "w", encoding="utf-8") as out:
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
