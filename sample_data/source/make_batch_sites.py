"""Writes sites/示例供地清单_批量.geojson: twelve made-up parcels (squares of 1–50 ha, EPSG:4490)
spread over the sample's extent, for the batch view and `zonecheck batch`. Deterministic
(seed 2024); the names are invented. Run from sample_data/: python3 source/make_batch_sites.py
"""
import json
import math
import random

random.seed(2024)
# (lon, lat) centres: chosen across the counties, two near the Hengshui Lake reserve and one on
# the Fuyang river corridor, so the sample batch shows every kind of answer.
centres = [
    (115.62, 37.65), (115.70, 37.72), (115.47, 37.50), (115.86, 37.42), (116.20, 37.62),
    (115.56, 38.12), (116.05, 37.88), (115.40, 37.60), (116.42, 37.80), (115.85, 38.00),
    (115.72, 37.55), (115.90, 37.25),
]
names = ["化工园区扩建", "物流仓储中心", "城南安置小区", "光伏电站", "食品加工厂", "污水处理厂",
         "农产品冷链", "砖瓦厂技改", "新能源汽配", "学校新建", "医院扩建", "养殖场"]
features = []
for i, ((lon, lat), name) in enumerate(zip(centres, names)):
    area_ha = random.uniform(1, 50)
    half_m = math.sqrt(area_ha * 10_000) / 2
    dlat = half_m / 111_000
    dlon = half_m / (111_000 * math.cos(math.radians(lat)))
    ring = [[lon - dlon, lat - dlat], [lon + dlon, lat - dlat], [lon + dlon, lat + dlat],
            [lon - dlon, lat + dlat], [lon - dlon, lat - dlat]]
    ring = [[round(x, 7), round(y, 7)] for x, y in ring]
    features.append({
        "type": "Feature",
        "properties": {"地块编号": f"GD-2024-{i + 1:02d}", "项目名称": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    })
collection = {
    "type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
    "features": features,
}
with open("sites/示例供地清单_批量.geojson", "w", encoding="utf-8") as f:
    json.dump(collection, f, ensure_ascii=False, indent=1)
    f.write("\n")
