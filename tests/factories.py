"""Small hand-made data for tests: tables shaped like the real ones, with awkward text."""

import base64
import gzip
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from geoplan import records, schema
from geoplan.extract.worktypes import work_type

#: Text that would run script if it reached HTML unescaped.
EVIL = '<script>alert("x")</script><img src=x onerror=alert(2)>'


def grouping_frame(name=EVIL, role="r&d <b>bold</b>", precision="units", label="核心", note=EVIL):
    """One grouping member over 柯城区's rough extent, as layers.build_grouping returns it."""
    return gpd.GeoDataFrame(
        {
            "layer": ["测试"],
            "member": [name],
            "category": ["核"],
            "category_label": [label],
            "color": ["#d55e00"],
            "role": [role],
            "unit_names": ["柯城区"],
            "adcodes": ["330802"],
            "precision": [precision],
            "area_km2": [609.0],
            "length_km": [float("nan")],
            "places": [""],
            "note": [note],
            "lines": ["396"],
        },
        geometry=[box(118.8, 28.9, 119.0, 29.1)],
        crs=4326,
    )


#: Where the records written for the app's tests live (see its README).
RECORDS_DIR = Path(__file__).resolve().parent / "data" / "records"
#: Name of the fixture record that would run script if it reached HTML unescaped.
EVIL_RECORD = "<script>alert(1)</script>数字经济创新发展区"

_MU = 666.6667  # m² per 亩

# (record_id, kind, name, period, location, 四至, land m², land text, investment total, period,
#  responsible unit, adcode, unit, place, precision, lon, lat, line)
_RECORDS = [
    ("000-b02-01", "project", "浙中总部经济中心（一期）项目", None, "", "", None, "", 2.0, None,
     "", "330700", "金华市", "", "city", 119.65, 29.08, 315),
    ("000-b02-03", "project", "全球数字自贸中心", None, "", "", 587 * _MU, "约587亩", 65.0, None,
     "", "", "", "", "unplaced", None, None, 319),
    ("000-b02-04", "project", "义乌数字贸易产业园", None, "义乌", "", 16 * _MU, "约16亩", 3.5, None,
     "", "330782", "义乌市", "义乌", "county", 120.07, 29.31, 321),
    ("000-b02-05", "project", "黄城里电商创业园二期", None, "永康", "", None, "", 40.0, None,
     "", "330784", "永康市", "", "county", 120.05, 28.90, 323),
    ("001-b13-01", "project", "氟硅钴新材料产业创新服务综合体建设提升项目", (2020, 2023), "", "",
     None, "", 3.0, 2.0, "智造新城管委会", "330803", "衢江区", "智造新城", "place", 118.96, 28.98,
     446),
    ("001-b13-02", "project", "智慧新城数字经济产业园", (2021, 2023), "",
     "北至柯安一路，南至钱江大道，西至外国语学校，东至锦西大道", 36022.0, "约36022平米", 9.0, 9.0,
     "智慧新城管委会", "330802", "柯城区", "智慧新城", "place", 118.84, 28.97, 448),
    ("001-b13-03", "project", "国家大学科技园（智慧岛）项目", (2022, 2026),
     "选址常山港南岸（现柯城双港皂角行政村）", "东至孙姜大桥引桥，南至320国道，西北毗邻常山港",
     1000 * _MU, "约1000亩", 40.0, 40.0, "智慧新城管委会", "330802", "柯城区", "", "county",
     118.87, 28.94, 450),
    ("001-b13-04", "project", "柯城智尚小微企业园项目", (2021, 2026), "选址于航埠工业园区", "",
     350 * _MU, "350亩", 15.0, 6.0, "柯城区政府", "330802", "柯城区", "", "county", 118.80, 28.99,
     452),
    ("001-b13-05", "project", "衢江区总部经济圈", (2021, 2030), "", "", None, "", 120.0, 40.0,
     "衢江区政府", "330803", "衢江区", "", "county", 119.02, 28.93, 456),
    ("001-b13-07", "project", "江山市华东装配式木作集群项目", (2022, 2028), "", "", 500 * _MU,
     "500亩", 25.0, 10.0, "江山市政府", "330881", "江山市", "", "county", 118.60, 28.57, 460),
    ("001-b13-09", "project", "常山万洋众创城项目", (2019, 2024), "", "", None, "", 50.0, 44.8,
     "常山县政府", "330822", "常山县", "", "county", 118.56, 28.99, 464),
    ("003-L0206-01", "platform", EVIL_RECORD, None, "杭州", "", None, "", None, None,
     "", "330100", "杭州市", "", "city", 120.15, 30.28, 206),
    ("003-L0206-02", "platform", "义乌国际商贸城", None, "义乌", "", None, "", None, None,
     "", "330782", "义乌市", "义乌国际商贸城", "place", 120.09, 29.33, 206),
]  # fmt: skip


def app_records() -> pd.DataFrame:
    """Records written for the app's tests: 13 over plans 000, 001 and 003, schema-valid.

    Names, figures and lines follow the plans (``003``'s platforms are made up,
    one of them with a name that is a script); points are stand-ins inside the
    named units. ``tests/data/records/*.csv`` are this table, one file per plan.
    """
    rows = []
    for (rid, kind, name, period, location, boundary, land, land_text, inv, inv_period, unit_resp,
         adcode, unit, place, precision, lon, lat, line) in _RECORDS:  # fmt: skip
        box = rid.split("-")[1]
        in_box = box.startswith("b")
        text = (
            f"{name}。"
            + (f"{location}。" if location else "")
            + (f"{boundary}。" if boundary else "")
        )
        rows.append({
            "record_id": rid, "plan": rid[:3], "box": f"专栏{int(box[1:])}" if in_box else "",
            "box_title": {"000": "商贸服务业重大项目", "001": "生产性服务业融合创新标志性项目"}.get(
                rid[:3], "") if in_box else "",
            "item": int(rid.split("-")[2]), "kind": kind, "name": name,
            "work_type": work_type(name),
            "period_start": (period or (None, None))[0], "period_end": (period or (None, None))[1],
            "location": location, "boundary": boundary,
            "boundary_east": "", "boundary_west": "", "boundary_south": "", "boundary_north": "",
            "land_area_m2": land, "land_area_text": land_text, "floor_area_m2": None,
            "floor_area_text": "", "investment_total": inv, "investment_period": inv_period,
            "focus": "", "responsible_unit": unit_resp, "notes": "", "text": text,
            "line_start": line, "line_end": line, "adcode": adcode, "unit_name": unit,
            "place": place, "precision": precision,
            "placement_basis": f"{place or unit}（测试数据）" if unit else "",
            "lon": lon, "lat": lat,
        })  # fmt: skip
    return schema.from_rows(rows)  # fields the rows leave out are empty


def write_app_records(folder: Path = RECORDS_DIR) -> list[Path]:
    """Write :func:`app_records` as one CSV per plan (``geoplan.records.write``)."""
    return records.write(app_records(), folder)


def plan_records(plan: str, *works: tuple[str, str, dict]) -> pd.DataFrame:
    """Records of a made-up plan: ``(name, adcode, other fields)`` per record, one line each.

    Placed records get a stand-in point at 119.5, 29.2 (inside 兰溪市) unless
    the fields say otherwise; records with no adcode are unplaced.
    """
    rows = []
    for i, (name, adcode, extra) in enumerate(works, start=1):
        rows.append(
            {
                "record_id": f"{plan}-b01-{i:02d}",
                "plan": plan,
                "kind": "platform",
                "name": name,
                "text": f"{i}. {name}。",
                "line_start": 10 * i,
                "line_end": 10 * i,
                "adcode": adcode,
                "precision": "county" if adcode else "unplaced",
                "lon": 119.5 if adcode else None,
                "lat": 29.2 if adcode else None,
                **extra,
            }
        )
    return schema.from_rows(rows) if rows else schema.empty()


# ----------------------------------------------------------------------------- boundary files
# Real files a planner might upload, written by the tests into a temp folder.


def _shipped(record_id: str) -> tuple[str, float, float, float]:
    """(record_id, stand-in lon, lat, documented land area m²) of a shipped record.

    Read from ``data/records/``: stand-in points move when a unit gains records.
    """
    plan = record_id.partition("-")[0]
    frame = schema.read_csv(records.RECORDS_DIR / f"{plan}.csv")
    row = frame.set_index("record_id").loc[record_id]
    return record_id, float(row["lon"]), float(row["lat"]), float(row["land_area_m2"])


#: Records of the shipped data used by the boundary tests. 000-b10-01 is 金华市-level,
#: 000-b10-06 in 义乌市.
JINHUA_SOFTWARE = _shipped("000-b10-01")
YIWU_LOGISTICS = _shipped("000-b10-06")


def square(lon, lat, area_m2, *, dx_m=0.0):
    """A WGS-84 square of the given area (built in metres) centred ``dx_m`` east of a point."""
    from shapely.geometry import Point
    from shapely.geometry import box as _box

    from geoplan import crs

    centre = crs.to_metric([Point(lon, lat)])[0]
    half = area_m2**0.5 / 2
    x, y = centre.x + dx_m, centre.y
    return crs.from_metric([_box(x - half, y - half, x + half, y + half)])[0]


def write_geojson(path, geometry, *, properties=None, crs_name=None):
    """A FeatureCollection with one feature, as web tools write it."""
    import json

    from shapely.geometry import mapping

    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": properties or {}, "geometry": mapping(geometry)}
        ],
    }
    if crs_name:
        collection["crs"] = {"type": "name", "properties": {"name": crs_name}}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def write_kml(path, geometry, name="园区边界"):
    """A KML document with one placemark, as Google Earth or 奥维 save it."""
    ring = " ".join(f"{x},{y},0" for x, y in geometry.exterior.coords)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
        f"<name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>\n",
        encoding="utf-8",
    )
    return path


def write_gpkg(path, geometry, *, crs="EPSG:4326", layer="boundary"):
    """A GeoPackage with one polygon, in ``crs`` (the WGS-84 geometry is projected to it)."""
    frame = gpd.GeoDataFrame({"名称": ["园区"]}, geometry=[geometry], crs=4326).to_crs(crs)
    frame.to_file(path, layer=layer, driver="GPKG")
    return path


def write_shapefile_zip(path, geometry, *, crs="EPSG:4326"):
    """A zipped Shapefile (.shp .shx .dbf .prj .cpg) in ``crs``, as desktop GIS exports it."""
    import tempfile
    import zipfile

    frame = gpd.GeoDataFrame({"name": ["园区"]}, geometry=[geometry], crs=4326).to_crs(crs)
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / "boundary.shp", driver="ESRI Shapefile", encoding="utf-8")
        with zipfile.ZipFile(path, "w") as archive:
            for member in sorted(Path(tmp).iterdir()):
                archive.write(member, member.name)
    return path


def own_words(name: str, notes: str, place_words: str) -> list[str]:
    """The forms a record's name may be printed in: as is, without the words its list shares
    (永康500KV枢纽变电所 ← "永康、芝堰、吴宁等500KV枢纽变电所"), or without the place its list
    gives it (义乌美术馆 ← "义乌博物馆新馆、美术馆")."""
    name = re.sub(r"\s+", "", name)
    forms = [name]
    if shared := re.search(r"named with the words its list shares: “([^”]+)”", notes):
        forms.append(name.removesuffix(re.sub(r"\s+", "", shared.group(1))))
    forms += [name.removeprefix(p) for p in place_words.split(";") if p]
    return forms


def records_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Records as the atlas holds them: a point where placed (None where not)."""
    points = gpd.points_from_xy(frame["lon"], frame["lat"])
    geometry = [
        p if placed else None for p, placed in zip(points, frame["lon"].notna(), strict=True)
    ]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)


def calls(html: str, function: str) -> list[list]:
    """The arguments of every ``geoplan.<function>(…)`` call in a rendered map.

    Arguments are JSON (a layer's parent, a variable, is returned as its name);
    payloads the map compressed (``{"z": …}``) are returned inflated.
    """
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(rf"geoplan\.{function}\(", html):
        args, at = [], match.end()
        while True:
            while html[at] in " \n\t,":
                at += 1
            if html[at] == ")":
                break
            if html[at].isalpha() or html[at] == "_":
                name = re.match(r"[\w$.]+", html[at:]).group(0)
                args.append(name)
                at += len(name)
                continue
            value, at = decoder.raw_decode(html, at)
            args.append(inflate(value))
        found.append(args)
    return found


def inflate(value):
    """A payload as the browser reads it (records.js ``unpack``)."""
    if isinstance(value, dict) and set(value) == {"z"}:
        return json.loads(gzip.decompress(base64.b64decode(value["z"])))
    return value
