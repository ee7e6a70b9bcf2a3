"""The one place that draws maps: layers in, a ``folium.Map`` out.

Drawing is pure: this module takes prepared GeoDataFrames (see
:class:`MapLayer`), computes styles, popups and the legend, and returns a
map. It reads no files and knows nothing of Streamlit. The same map serves the
HTML export (assets inlined: one self-contained file) and the app (assets as
``data:`` URLs, because streamlit-folium loads scripts by URL).

Base layers are "无底图" (the offline default), OpenStreetMap and 高德地图.
Gaode tiles are GCJ-02, so every vector layer also carries its GCJ-02 offsets
(computed by :mod:`geoplan.crs`) and switches to them when Gaode is selected,
and back when it is not.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> frame = gpd.GeoDataFrame({"name": ["a"], "level": ["county"]},
...                          geometry=[box(120, 30, 120.1, 30.1)], crs=4326)
>>> m = build_map([MapLayer("units", "区县界", "units", frame)])
>>> html = to_html(m)
>>> "cdn.jsdelivr" in html, "L.map(" in html
(False, True)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element
from folium.elements import JSCSSMixin

from geoplan import crs, schema
from geoplan.errors import CoordinateError, GeoplanError, UnknownNameError
from geoplan.maps import popups, style
from geoplan.maps._leaflet import DatumWatch, EncodedLayer, Legend, use_packaged_assets, walk
from geoplan.maps.encoding import encode_geometry

__all__ = ["BASEMAPS", "Basemap", "MapLayer", "build_map", "record_overlay", "to_html"]

Basemap = Literal["none", "osm", "gaode"]
#: The base layers a map offers: id → (name in the layer control, tile URL, attribution, datum).
BASEMAPS: dict[str, tuple[str, str | None, str, str]] = {
    "none": ("无底图（离线）", None, "", "wgs84"),
    "osm": (
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "wgs84",
    ),
    "gaode": (
        "高德地图",
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "&copy; 高德地图 AutoNavi（GCJ-02）",
        "gcj02",
    ),
}

# Label anchors closer than this are stacked. A screen-space question asked in
# degrees on purpose: ~0.15° is ~15 km, a label's height at province zoom.
_LABEL_NEAR_DEG = 0.15


@dataclass(frozen=True, slots=True)
class MapLayer:
    """A layer ready to draw.

    Parameters
    ----------
    id
        Stable id (the registry id); ties the legend section to the layer.
    title
        Name in the layer control and legend.
    kind
        ``"grouping"`` (columns of :func:`geoplan.layers.build_grouping`),
        ``"records"`` (columns of :mod:`geoplan.schema` plus point geometry)
        ``"footprints"`` (the same, with circles of documented land area from
        :func:`geoplan.records.footprints`) or ``"units"`` (``name``,
        ``level``: boundary lines, not clickable).
    frame
        The features, in EPSG:4326.
    plan_title
        Title of the plan the layer comes from, for popups' source lines.
    color_by
        For records: the column whose values get colours.
    show
        Whether the layer is on when the map opens.
    labels
        For groupings: write member names on the map.
    """

    id: str
    title: str
    kind: Literal["grouping", "records", "footprints", "units"]
    frame: gpd.GeoDataFrame
    plan_title: str = ""
    color_by: str = "kind"
    show: bool = True
    labels: bool = True
    colors: dict[str, str] = field(default_factory=dict)


def build_map(
    layers: Sequence[MapLayer],
    *,
    basemap: Basemap = "none",
    basemaps: Iterable[Basemap] = ("none", "osm", "gaode"),
    title: str = "",
    assets_mode: Literal["inline", "links"] = "inline",
    with_popups: bool = True,
) -> folium.Map:
    """Draw layers on a map with a layer control, legend and scale bar.

    Parameters
    ----------
    layers
        Drawn in order (later on top).
    basemap
        The base layer selected when the map opens; ``"none"`` needs no network.
    basemaps
        The base layers offered. Offering ``"gaode"`` adds GCJ-02 offsets to
        every feature (about 40 % more bytes).
    title
        Heading of the legend (e.g. what the export shows).
    assets_mode
        ``"inline"``: Leaflet and geoplan's scripts inside the page (for
        files); ``"links"``: as ``data:`` URLs streamlit-folium loads.
    with_popups
        Whether clicking a feature opens its popup. The app shows details
        beside the map instead, and saves the popups' bytes (most of a
        record layer's).

    Raises
    ------
    UnknownNameError
        If ``basemap`` is not offered.
    CoordinateError
        If a layer's coordinates are not WGS-84 in Zhejiang.
    """
    offered = list(dict.fromkeys(basemaps))
    unknown = [b for b in [basemap, *offered] if b not in BASEMAPS]
    if unknown or basemap not in offered:
        msg = (
            f"basemap {basemap!r} must be one of the offered base layers {offered} "
            f"(known: {list(BASEMAPS)})"
        )
        raise UnknownNameError(msg)
    m = folium.Map(
        tiles=None, control_scale=False, zoom_snap=0.25, location=[29.2, 120.3], zoom_start=7
    )
    for key in offered:
        _add_basemap(m, key, selected=key == basemap)
    gcj = "gaode" in offered
    sections = [f"<h4>{popups.escape(title)}</h4>"] if title else []
    for layer in layers:
        _check_frame(layer)
        sections.append(_draw(m, layer, gcj, with_popups=with_popups))
    Legend("".join(s for s in sections if s)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    DatumWatch(BASEMAPS[basemap][3]).add_to(m)
    bounds = _bounds(layers)
    if bounds is not None:
        m.fit_bounds(bounds, padding=(12, 12))
    use_packaged_assets(m, assets_mode)
    return m


def record_overlay(
    layers: Sequence[MapLayer], *, gcj: bool, with_popups: bool = True
) -> folium.FeatureGroup:
    """Draw record layers as one feature group, to add to a map already drawn.

    The app draws its base map once and passes the filtered records as this
    group (streamlit-folium's ``feature_group_to_add``), so a filter change
    replaces the markers without reloading the map. Each layer brings its
    legend section, shown in the map's legend while the layer is.

    Parameters
    ----------
    layers
        Layers of kind ``"records"`` or ``"footprints"``.
    gcj
        Whether the map offers Gaode tiles (``basemaps`` of :func:`build_map`):
        the features then carry their GCJ-02 offsets too.
    with_popups
        As for :func:`build_map`.

    Raises
    ------
    GeoplanError
        If a layer is not a records layer (:class:`CoordinateError` if it is
        not WGS-84 in Zhejiang).
    """
    group = folium.FeatureGroup(name="项目", control=False)
    for layer in layers:
        if layer.kind not in {"records", "footprints"}:
            what = f"{layer.kind!r} layer {layer.id!r}"
            msg = f"record_overlay draws records and footprints layers only, got {what}"
            raise GeoplanError(msg)
        _check_frame(layer)
        _draw(group, layer, gcj, own_legend=True, with_popups=with_popups)
    # The map this group joins has loaded geoplan.js; the group must not ask for it
    # again (streamlit-folium would request the bare name "geoplan.js" as a URL).
    for element in walk(group):
        if isinstance(element, JSCSSMixin):
            element.default_js, element.default_css = [], []
    return group


def to_html(m: folium.Map) -> str:
    """Return the map as one standalone HTML page (no external scripts or styles)."""
    return str(m.get_root().render())


# ----------------------------------------------------------------------------- drawing


def _add_basemap(m: folium.Map, key: str, *, selected: bool) -> None:
    name, url, attribution, datum = BASEMAPS[key]
    if url is None:
        folium.FeatureGroup(name=name, overlay=False, control=True, show=selected).add_to(m)
        return
    subdomains = "1234" if key == "gaode" else "abc"
    folium.TileLayer(
        tiles=url, attr=attribution, name=name, overlay=False, control=True, show=selected,
        max_zoom=19 if key == "osm" else 18, subdomains=subdomains, geoplan_datum=datum,
    ).add_to(m)  # fmt: skip


def _check_frame(layer: MapLayer) -> None:
    frame = layer.frame
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        msg = (
            f"layer {layer.id!r} is in {frame.crs}; convert it to EPSG:4326 (WGS-84) before drawing"
        )
        raise CoordinateError(msg)
    if len(frame):
        cx = (frame.bounds["minx"] + frame.bounds["maxx"]) / 2
        cy = (frame.bounds["miny"] + frame.bounds["maxy"]) / 2
        crs.check_lonlat(cx, cy, what=f"layer {layer.id!r}")


def _draw(
    parent: Element,
    layer: MapLayer,
    gcj: bool,
    *,
    own_legend: bool = False,
    with_popups: bool = True,
) -> str:
    frame = layer.frame[~(layer.frame.geometry.isna() | layer.frame.geometry.is_empty)]
    if layer.kind == "units":
        features = [
            _feature(g, {"_style": style.UNIT_STYLES[str(lv)]}, gcj)
            for g, lv in zip(frame.geometry, frame["level"], strict=True)
        ]
        legend = ""
    elif layer.kind == "grouping":
        features, legend = _grouping_features(layer, frame, gcj)
    else:
        features, legend = _record_features(layer, frame, gcj)
    if not with_popups:
        for feature in features:
            feature["properties"].pop("_popup", None)
    data = {"type": "FeatureCollection", "features": features}
    # Leaflet's layer control inserts layer names as HTML: escape them like all plan text.
    name = popups.escape(layer.title)
    EncodedLayer(
        data, layer.id, name, show=layer.show, overlay=True, legend=legend if own_legend else ""
    ).add_to(parent)
    return legend


def _feature(geometry: Any, properties: dict[str, Any], gcj: bool) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": encode_geometry(geometry, gcj=gcj),
    }


def _grouping_features(
    layer: MapLayer, frame: gpd.GeoDataFrame, gcj: bool
) -> tuple[list[dict[str, Any]], str]:
    features, labels = [], []
    anchors: list[Any] = []
    # Large members first, so smaller ones drawn over them stay visible and clickable
    # (杭州 inside 杭绍嘉湖); lines last.
    order = frame.assign(
        _lines=frame["precision"] == "schematic", _area=frame["area_km2"].fillna(0)
    )
    for _, row in order.sort_values(
        ["_lines", "_area"], ascending=[True, False], kind="stable"
    ).iterrows():
        props = {
            # which member was clicked, for the app
            "layer": layer.id,
            "member": str(row["member"]),
            "_style": style.member_style(str(row["precision"]), str(row["color"])),
            "_popup": popups.member_popup(row, layer.title, layer.plan_title),
            "_tooltip": popups.escape(f"{row['member']}｜{row['role']}"),
        }
        features.append(_feature(row.geometry, props, gcj))
        if layer.labels:
            anchor = (
                row.geometry.representative_point()
                if row["precision"] != "schematic"
                else row.geometry.interpolate(0.5, normalized=True)
            )
            # Members over the same units share an anchor: stack their labels.
            stacked = sum(anchor.distance(a) < _LABEL_NEAR_DEG for a in anchors)
            anchors.append(anchor)
            labels.append(
                _feature(
                    anchor, {"_label": popups.escape(str(row["member"])), "_dy": 16 * stacked}, gcj
                )
            )
    entries = []
    for (label, color), group in itertools.groupby(
        zip(frame["category_label"], frame["color"], frame["precision"], strict=True),
        key=lambda t: (t[0], t[1]),
    ):
        precisions = {p for *_, p in group}
        cls = (
            "line"
            if precisions == {"schematic"}
            else ("dashed" if precisions == {"within"} else "")
        )
        entries.append((cls, str(color), str(label)))
    note = (
        "虚线：规划未给出边界，所示为其所在区县范围"
        if (frame["precision"] == "within").any()
        else ""
    )
    return features + labels, popups.legend_section(
        layer.id, layer.title, list(dict.fromkeys(entries)), note
    )


def _record_features(
    layer: MapLayer, frame: gpd.GeoDataFrame, gcj: bool
) -> tuple[list[dict[str, Any]], str]:
    """Draw records as points, or (``kind="footprints"``) as circles of their documented area."""
    circles = layer.kind == "footprints"
    colors = layer.colors or (style.record_colors(frame[layer.color_by]) if len(frame) else {})
    features = []
    for _, row in frame.iterrows():
        color = colors.get(str(row[layer.color_by]), style.PALETTE[0])
        if circles:
            look = style.footprint_style(color)
        elif row.geometry.geom_type in {"Polygon", "MultiPolygon"}:
            look = style.surveyed_style(color)  # a digitized boundary, drawn as such
        else:
            look = style.record_style(color, str(row["precision"]))
        plan_title = layer.plan_title or str(row.get("plan_title", ""))
        props = {
            "_style": look,
            "_popup": popups.record_popup(row, plan_title, footprint=circles),
            "_tooltip": popups.escape(str(row["name"])),
            "record_id": str(row["record_id"]),
        }
        features.append(_feature(row.geometry, props, gcj))
    counts = frame[layer.color_by].astype(str).value_counts()
    entries = [
        (
            "" if circles else "dot",
            c,
            f"{schema.value_label(layer.color_by, k)}（{counts.get(k, 0)}）",
        )
        for k, c in colors.items()
    ]
    note = (
        "圆面积等于规划用地面积；位置同项目点，为示意"
        if circles
        else "实心：地名或四至定位；半透明虚边：区县内示意点"
        + ("；面：数字化边界" if (frame["precision"] == "surveyed").any() else "")
    )
    title = f"{layer.title}（{len(frame)} 项）"
    return features, popups.legend_section(layer.id, title, entries, note)


def _bounds(layers: Sequence[MapLayer]) -> list[list[float]] | None:
    frames = [lay.frame.geometry for lay in layers if len(lay.frame) and lay.kind != "units"] or [
        lay.frame.geometry for lay in layers if len(lay.frame)
    ]
    if not frames:
        return None
    total = np.asarray(pd.concat(frames).total_bounds)
    if not np.isfinite(total).all():
        return None
    minx, miny, maxx, maxy = total.tolist()
    return [[miny, minx], [maxy, maxx]]
