"""What the 边界数字化 tab shows, without Streamlit: the drawing map, the record, the checks.

A planner digitizes a record's boundary on a map that shows where the record
is (its stand-in point, the circle of its documented area, its county's lines,
other saved boundaries nearby) with geoplan's drawing tool
(:func:`geoplan.maps.tools.add_draw_tool`), or uploads a file. The tab turns
what streamlit-folium returns into a boundary source (:func:`drawn_boundary`),
shows the record's 四至 and documented area beside the map (:func:`record_sheet`)
and the checks as a table (:func:`check_table`); saving, undoing and exporting
are :class:`geoplan.Atlas` calls.

Examples
--------
>>> value = {"all_drawings": [{"type": "Feature", "properties": {}, "geometry": {
...     "type": "Polygon", "coordinates": [[[119.6, 29.0], [119.61, 29.0], [119.6, 29.01],
...     [119.6, 29.0]]]}}]}
>>> drawn_boundary(value)["features"][0]["geometry"]["type"]
'Polygon'
>>> drawn_boundary({"all_drawings": []}) is None, DRAWN_CRS["gaode"]
(True, 'gcj02')
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from geoplan import crs, maps, records, schema
from geoplan.checks import STATUS_LABELS, BoundaryReport
from geoplan.digitize import InputCrs
from geoplan.maps import popups, tools

if TYPE_CHECKING:
    import folium

    from geoplan.atlas import Atlas

__all__ = [
    "DRAWN_CRS",
    "STATUS_FILLS",
    "boundary_file",
    "check_table",
    "draw_map",
    "drawn_boundary",
    "history_table",
    "preview_map",
    "record_sheet",
    "refusal",
    "view_bounds",
]

#: The coordinates a shape drawn over each base map is in: 高德 tiles are GCJ-02.
DRAWN_CRS: dict[str, InputCrs] = {"none": "wgs84", "osm": "wgs84", "gaode": "gcj02"}

#: Background of a check's 结果 cell, by status (light: the text stays readable).
STATUS_FILLS: dict[str, str] = {"pass": "#dff3e4", "warn": "#fff1cc", "fail": "#fbd9d3"}
_RECORD_COLOR = "#D55E00"
_OTHER_COLOR = "#777777"
# Half the side (m) of the view around a record placed at a point without an area.
_AROUND_M = 1500.0
_ACTIONS = {"set": "保存", "undo": "撤销"}


def drawn_boundary(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Return what is drawn on the map as a GeoJSON FeatureCollection (``None``: nothing).

    ``value`` is streamlit-folium's return: ``all_drawings`` lists the
    polygons in ``window.drawnItems`` after every draw, edit or delete.
    """
    features = list((value or {}).get("all_drawings") or [])
    polygons = [f for f in features if (f.get("geometry") or {}).get("type") == "Polygon"]
    return {"type": "FeatureCollection", "features": polygons} if polygons else None


def record_sheet(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return what a planner digitizing a record keeps in view: 选址, 四至, area, unit."""
    fields = dict(popups.record_fields(row))
    keys = ("用地面积", "选址", "四至范围", "所在区县", "定位精度")
    sheet = [(k, fields[k]) for k in keys if k in fields]
    sides = [(f.label, str(row.get(f.name) or "")) for f in _SIDES]
    if "四至范围" not in fields:  # the four sides, where the plan gives them one by one
        sheet += [(label, text) for label, text in sides if text]
    if "用地面积" not in fields:
        sheet.insert(0, ("用地面积", "规划未载明（面积核对将跳过）"))
    return sheet


def check_table(report: BoundaryReport) -> pd.io.formats.style.Styler:
    """Return the checks as a table: 结果 (coloured by status), 检查, 说明 (with the figures)."""
    rows = [
        {"结果": STATUS_LABELS[c.status], "检查": c.title, "说明": c.message} for c in report.checks
    ]
    table = pd.DataFrame(rows, columns=["结果", "检查", "说明"])
    fills = {STATUS_LABELS[s]: f"background-color: {c}" for s, c in STATUS_FILLS.items()}
    return table.style.map(lambda v: fills.get(v, ""), subset=["结果"])


def refusal(report: BoundaryReport) -> str:
    """Say in Chinese why a save was refused, and what to do (nothing was saved)."""
    bad = [c for c in report.checks if c.status != "pass"]
    said = "；".join(f"{c.title}（{STATUS_LABELS[c.status]}）：{c.message}" for c in bad)
    if report.status == "fail":
        remedy = "有检查不通过的边界不能保存：请修改边界，或核对所选项目与坐标系。"
    else:
        remedy = "请核对警告，确认无误后勾选“已核对警告，仍然保存”再保存。"
    return f"边界未保存，原有数据未改变。{said}。{remedy}"


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Return a record's boundary changes for people, newest first."""
    out = pd.DataFrame(
        {
            "时间（UTC）": history["at"].str.slice(0, 19).str.replace("T", " "),
            "操作": history["action"].map(_ACTIONS),
            "保存人": history["author"],
            "来源": history["source"].replace("", "—"),
            "坐标系": history["input_crs"].replace("", "—"),
            "面积": [
                popups.format_area(a) if pd.notna(a) and a else "—" for a in history["area_m2"]
            ],
            "检查": history["status"].map(lambda s: STATUS_LABELS.get(s, "—")),
            "已撤销": history["undone"].map({True: "是", False: ""}),
            "编号": history["change_id"],
        }
    )
    return out.iloc[::-1].reset_index(drop=True)


def view_bounds(atlas: Atlas, row: pd.Series) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the view to digitize a record in: its boundary, its area's circle, or its unit."""
    geometry = row.geometry
    if isinstance(geometry, Polygon | MultiPolygon):
        extent = _grown(geometry, 1.6)
    elif geometry is not None and row["precision"] in {"place", "township", "schematic"}:
        area = row["land_area_m2"]
        half = math.sqrt(float(area)) * 1.5 if pd.notna(area) and area else _AROUND_M
        extent = _around(geometry.x, geometry.y, max(half, 300.0))
    else:
        units = atlas.gazetteer.units
        adcode = str(row["adcode"])
        extent = units.loc[adcode].geometry if adcode in units.index else units.union_all()
    x0, y0, x1, y1 = extent.bounds
    return (y0, x0), (y1, x1)


def draw_map(atlas: Atlas, row: pd.Series, basemap: maps.Basemap, *, edit: bool) -> folium.Map:
    """Return the drawing map of a record: its surroundings and the drawing tool.

    ``edit`` starts the tool from the record's saved boundary (to adjust it).
    """
    m = maps.build_map(
        _context_layers(atlas, row), basemap=basemap, basemaps=(basemap,), assets_mode="links",
        with_popups=False, legend="none",
    )  # fmt: skip
    start: list[list[tuple[float, float]]] = []
    geometry = row.geometry
    if edit and isinstance(geometry, Polygon | MultiPolygon):
        shown = crs.geometry_wgs84_to_gcj02(geometry) if DRAWN_CRS[basemap] == "gcj02" else geometry
        parts = shown.geoms if isinstance(shown, MultiPolygon) else [shown]
        start = [[(y, x) for x, y in part.exterior.coords[:-1]] for part in parts]
    return tools.add_draw_tool(m, fit=view_bounds(atlas, row), start=start)


def preview_map(
    atlas: Atlas, row: pd.Series, report: BoundaryReport, basemap: maps.Basemap
) -> folium.Map:
    """Return a map of a checked boundary (an upload) in the record's surroundings."""
    checked = gpd.GeoDataFrame([row.drop(labels="geometry")], geometry=[report.geometry], crs=4326)
    checked["precision"] = "surveyed"
    layer = maps.MapLayer("digitize:checked", "待保存的边界", "records", checked,
                          colors={str(row["kind"]): "#0072B2"})  # fmt: skip
    return maps.build_map(
        [*_context_layers(atlas, row), layer], basemap=basemap, basemaps=(basemap,),
        assets_mode="links", with_popups=False, legend="none",
    )  # fmt: skip


def boundary_file(atlas: Atlas, suffix: str) -> bytes:
    """Return every digitized boundary as a ``.gpkg`` (with the history) or ``.geojson`` file."""
    with tempfile.TemporaryDirectory(prefix="geoplan-boundaries-") as folder:
        path = atlas.export_boundaries(Path(folder) / f"boundaries{suffix}")
        return path.read_bytes()


# ----------------------------------------------------------------------------- helpers

_SIDES = tuple(f for f in schema.FIELDS if f.name.startswith("boundary_"))


def _context_layers(atlas: Atlas, row: pd.Series) -> list[maps.MapLayer]:
    """Return the record's surroundings: unit lines, other boundaries, its area circle, itself."""
    units = atlas.units()
    adcode = str(row["adcode"])
    city = adcode[:4] + "00" if len(adcode) == 6 else ""
    near = units[units.index.str.startswith(city[:4])] if city else units
    all_records = atlas.records
    others = all_records[
        (all_records["precision"] == "surveyed")
        & (all_records["record_id"] != row["record_id"])
        & all_records["adcode"].str.startswith(city[:4])
    ]
    own = all_records[all_records["record_id"] == row["record_id"]]
    layers = [
        maps.MapLayer("units:county", "区县界", "units", near[near["level"] == "county"]),
        maps.MapLayer("units:city", "地市界", "units", near[near["level"] == "city"]),
    ]
    if len(others):
        layers.append(
            maps.MapLayer(
                "digitize:others",
                "其他已数字化边界",
                "records",
                others,
                colors=dict.fromkeys(others["kind"], _OTHER_COLOR),
            )
        )
    circle = records.footprints(own[own.geometry.notna()])
    if len(circle):
        layers.append(
            maps.MapLayer(
                "digitize:area",
                "规划用地面积示意圈",
                "footprints",
                circle,
                colors={str(row["kind"]): _RECORD_COLOR},
            )
        )
    placed = own[own.geometry.notna()]
    if len(placed):
        layers.append(
            maps.MapLayer(
                "digitize:record",
                "本项目",
                "records",
                placed,
                colors={str(row["kind"]): _RECORD_COLOR},
            )
        )
    return layers


def _around(lon: float, lat: float, half_m: float) -> BaseGeometry:
    centre = crs.to_metric([shapely.Point(lon, lat)])[0]
    square = box(centre.x - half_m, centre.y - half_m, centre.x + half_m, centre.y + half_m)
    return crs.from_metric([square])[0]


def _grown(geometry: BaseGeometry, factor: float) -> BaseGeometry:
    x0, y0, x1, y1 = geometry.bounds
    cx, cy, dx, dy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * factor / 2, (y1 - y0) * factor / 2
    return box(cx - dx, cy - dy, cx + dx, cy + dy)
