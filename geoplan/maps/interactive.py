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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element
from folium.elements import JSCSSMixin

from geoplan import crs
from geoplan.errors import CoordinateError, GeoplanError, UnknownNameError
from geoplan.maps import popups, style
from geoplan.maps import records as record_drawing
from geoplan.maps._leaflet import (
    DatumWatch,
    EncodedLayer,
    FitOnChange,
    Legend,
    OpenAt,
    RecordsLayer,
    RecordTable,
    Select,
    use_packaged_assets,
    walk,
)
from geoplan.maps.encoding import encode_geometry

__all__ = [
    "BASEMAPS",
    "Basemap",
    "MapLayer",
    "build_map",
    "legend_html",
    "record_overlay",
    "selection_overlay",
    "to_html",
    "unit_outline",
]

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
    colors
        For records: the colour of each value of ``color_by`` (default:
        :func:`geoplan.maps.style.record_colors`).
    units
        For records: the administrative units (``adcode``, ``name``,
        ``level``, ``parent_adcode``, geometry) on which records known only
        by their county or city are counted. Without it, badges stand at
        the middle of those records' stand-in points.
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
    units: gpd.GeoDataFrame | None = None


def build_map(
    layers: Sequence[MapLayer],
    *,
    basemap: Basemap = "none",
    basemaps: Iterable[Basemap] = ("none", "osm", "gaode"),
    title: str = "",
    assets_mode: Literal["inline", "links"] = "inline",
    with_popups: bool = True,
    legend: Literal["beside", "none"] = "beside",
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
    legend
        ``"beside"``: a panel to the right of the map, which never covers
        it (in windows narrower than 720 px, a folding box over the map);
        ``"none"``: no legend, for pages that show :func:`legend_html`
        themselves (the app, beside its map).

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
    drawn = _RecordDrawing(layers, gcj=gcj, with_popups=with_popups, parent=m)
    for layer in layers:
        if layer.kind in _RECORD_KINDS:
            sections.append(drawn.draw(layer))
        else:
            sections.append(_draw(m, layer, gcj, with_popups=with_popups))
    Legend("".join(sections) if legend != "none" else "", legend).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    DatumWatch(BASEMAPS[basemap][3]).add_to(m)
    bounds = _bounds(layers)
    if bounds is not None:
        OpenAt(bounds, padding=(12, 12), max_zoom=style.OPEN_MAX_ZOOM).add_to(m)
    use_packaged_assets(m, assets_mode)
    return m


def record_overlay(
    layers: Sequence[MapLayer],
    *,
    gcj: bool,
    with_popups: bool = True,
    table: record_drawing.Table | None = None,
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
    table
        The records' table (:func:`geoplan.maps.records.record_table`), when
        it holds more than these layers' records. The app passes the table
        of all records: the browser reads it once, and a filter change then
        sends only which of its rows each layer draws (at 100,000 records,
        reading a new table of the filtered ones took 0.35 s). By default,
        a table of the layers' records.

    Raises
    ------
    GeoplanError
        If a layer is not a records layer (:class:`CoordinateError` if it is
        not WGS-84 in Zhejiang), or ``table`` lacks some of its records.
    """
    group = folium.FeatureGroup(name="项目", control=False)
    for layer in layers:
        if layer.kind not in _RECORD_KINDS:
            what = f"{layer.kind!r} layer {layer.id!r}"
            msg = f"record_overlay draws records and footprints layers only, got {what}"
            raise GeoplanError(msg)
        _check_frame(layer)
    drawn = _RecordDrawing(layers, gcj=gcj, with_popups=with_popups, parent=group, table=table)
    for layer in layers:
        try:
            drawn.draw(layer, own_legend=True)
        except ValueError as err:  # a table of other records
            raise GeoplanError(str(err)) from err
    _no_assets(group)
    return group


def selection_overlay(focus: str) -> folium.FeatureGroup:
    """Return a group that highlights what the view inspects, to add to a map already drawn.

    ``focus`` is ``"record:<record_id>"`` or ``"unit:<adcode>"`` (anything
    else highlights nothing): the record's marker, line or area, or the
    unit's shape and badge. The app passes it beside :func:`record_overlay`,
    so a selection changes no marker.
    """
    group = folium.FeatureGroup(name="选中", control=False)
    Select(focus).add_to(group)
    _no_assets(group)
    return group


def _no_assets(group: folium.FeatureGroup) -> None:
    # The map this group joins has loaded geoplan.js; the group must not ask for it
    # again (streamlit-folium would request the bare name "geoplan.js" as a URL).
    for element in walk(group):
        if isinstance(element, JSCSSMixin):
            element.default_js, element.default_css = [], []


def unit_outline(units: gpd.GeoDataFrame, *, gcj: bool) -> folium.FeatureGroup:
    """Outline the units a planner filters by, as a group to add to a map already drawn.

    The map fits to the units when the group arrives with units it has not
    fitted (:class:`~geoplan.maps._leaflet.FitOnChange`); an empty frame clears
    that memory, so choosing the same county again fits again.

    Parameters
    ----------
    units
        Units (``geometry``, indexed by adcode), in EPSG:4326; may be empty.
    gcj
        Whether the map shows Gaode's GCJ-02 tiles: outline and bounds follow them.
    """
    group = folium.FeatureGroup(name="所选区域", control=False)
    frame = units[~(units.geometry.isna() | units.geometry.is_empty)]
    features = [_feature(g, {"_style": style.SELECTED_UNIT_STYLE}, gcj) for g in frame.geometry]
    data = {"type": "FeatureCollection", "features": features}
    EncodedLayer(data, "units:selected", "所选区域", show=True, overlay=True).add_to(group)
    bounds = _bounds([MapLayer("units:selected", "", "units", frame)]) if len(frame) else None
    if bounds is not None and gcj:
        lon, lat = crs.wgs84_to_gcj02(
            np.array([bounds[0][1], bounds[1][1]]), np.array([bounds[0][0], bounds[1][0]])
        )
        bounds = [[float(lat[0]), float(lon[0])], [float(lat[1]), float(lon[1])]]
    FitOnChange(bounds, ",".join(map(str, frame.index))).add_to(group)
    for element in walk(group):  # the map has loaded geoplan.js (see record_overlay)
        if isinstance(element, JSCSSMixin):
            element.default_js, element.default_css = [], []
    return group


def legend_html(
    layers: Sequence[MapLayer], *, title: str = "", first: Sequence[style.LegendSection] = ()
) -> str:
    """Return the legend of layers as one HTML box, for a page to show beside its map.

    The same sections :func:`build_map` puts beside the map; a page shows
    them with ``static/geoplan.css`` (:func:`geoplan.maps.assets.get`).
    ``first``: sections made before (:func:`geoplan.maps.style.legends`), put
    before the layers' own; the app keeps its grouping's so.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> frame = gpd.GeoDataFrame(
    ...     {"member": ["杭州"], "category_label": ["两核"], "precision": ["units"]},
    ...     geometry=[box(120, 30, 120.1, 30.1)], crs=4326)
    >>> html = legend_html([MapLayer("g", "两核四圈", "grouping", frame)])
    >>> html.startswith('<div class="geoplan-legend geoplan-legend-page">'), "杭州" in html
    (True, True)
    """
    heading = f"<h4>{popups.escape(title)}</h4>" if title else ""
    body = "".join(popups.legend_section(s) for s in [*first, *style.legends(layers)])
    return (
        '<div class="geoplan-legend geoplan-legend-page">'
        f'<div class="geoplan-legend-body">{heading}{body}</div></div>'
    )


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


def _draw(parent: Element, layer: MapLayer, gcj: bool, *, with_popups: bool = True) -> str:
    """Add a boundary or grouping layer; return its legend section (HTML)."""
    frame = layer.frame[~(layer.frame.geometry.isna() | layer.frame.geometry.is_empty)]
    if layer.kind == "units":
        # the adcode lets a selected unit be shaded (static/records.js)
        adcodes = frame["adcode"] if "adcode" in frame else frame.index.to_series()
        features = [
            _feature(g, {"_style": style.UNIT_STYLES[str(lv)], "adcode": str(a)}, gcj)
            for g, lv, a in zip(frame.geometry, frame["level"], adcodes, strict=True)
        ]
    else:
        features = _grouping_features(layer, frame, gcj)
    if not with_popups:
        for feature in features:
            feature["properties"].pop("_popup", None)
    data = {"type": "FeatureCollection", "features": features}
    section = style.legend(layer)
    legend = popups.legend_section(section) if section is not None else ""
    # Leaflet's layer control inserts layer names as HTML: escape them like all plan text.
    name = popups.escape(layer.title)
    EncodedLayer(data, layer.id, name, show=layer.show, overlay=True).add_to(parent)
    return legend


def _feature(geometry: Any, properties: dict[str, Any], gcj: bool) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": encode_geometry(geometry, gcj=gcj),
    }


def _grouping_features(layer: MapLayer, frame: gpd.GeoDataFrame, gcj: bool) -> list[dict[str, Any]]:
    styles = style.member_styles(frame)
    features = []
    for i in style.draw_order(frame):
        row = frame.iloc[i]
        props = {
            # which member was clicked, for the app
            "layer": layer.id,
            "member": str(row["member"]),
            "_style": styles[str(row["member"])],
            "_popup": popups.member_popup(row, layer.title, layer.plan_title),
            "_tooltip": popups.escape(f"{row['member']}｜{row['role']}"),
        }
        features.append(_feature(row.geometry, props, gcj))
    if not layer.labels:
        return features
    precisions = dict(zip(frame["member"].astype(str), frame["precision"].astype(str), strict=True))
    labels = []
    for label in style.label_anchors(frame):
        text: dict[str, Any] = {
            "_label": popups.escape(label.member), "_dy": style.LABEL_STACK_PX * label.stack,
        }  # fmt: skip
        if style.is_approximate(precisions[label.member]):
            # A place inside districts (a new town, a zone) is drawn as the districts it lies
            # in, under them: its label is the member's own handle, to click and to read.
            text |= {
                "layer": layer.id, "member": label.member,
                "_approx": styles[label.member]["color"],
                "_tooltip": popups.escape(f"{label.member}｜范围示意：规划未给出边界，点击查看"),
            }  # fmt: skip
        labels.append(_feature(label.point, text, gcj))
    return features + labels


_RECORD_KINDS = frozenset({"records", "footprints"})


class _RecordDrawing:
    """The record layers of one map: their table once, then each layer over it."""

    def __init__(
        self,
        layers: Sequence[MapLayer],
        *,
        gcj: bool,
        with_popups: bool,
        parent: Element,
        table: record_drawing.Table | None = None,
    ) -> None:
        self.layers = [lay for lay in layers if lay.kind in _RECORD_KINDS]
        self.gcj, self.parent = gcj, parent
        self.slots = [lay.id for lay in self.layers if lay.kind == "records"]
        if not self.layers:
            return
        if table is None:
            table = record_drawing.record_table(self.layers, with_popups=with_popups)
        self.table = table
        RecordTable(table.key, table.packed).add_to(parent)

    def draw(self, layer: MapLayer, *, own_legend: bool = False) -> str:
        """Add one record layer; return its legend section (HTML)."""
        slot = self.slots.index(layer.id) if layer.id in self.slots else 0
        rows = record_drawing.table_rows(layer, self.table)
        data = record_drawing.layer_data(
            layer, rows, gcj=self.gcj, slot=(slot, max(len(self.slots), 1)), table=self.table
        )
        section = style.legend(layer)
        legend = popups.legend_section(section) if section is not None else ""
        RecordsLayer(
            record_drawing.pack(data), self.table.key, layer.id, popups.escape(layer.title),
            show=layer.show, legend=legend if own_legend else "",
        ).add_to(self.parent)  # fmt: skip
        return legend


def _bounds(layers: Sequence[MapLayer]) -> list[list[float]] | None:
    # what the layers draw (a unit-level record: its unit), else the boundaries
    drawn = [lay for lay in layers if len(lay.frame) and lay.kind != "units"]
    frames = [record_drawing.shown_geometry(lay) for lay in drawn] or [
        lay.frame.geometry for lay in layers if len(lay.frame)
    ]
    if not frames:
        return None
    total = np.asarray(pd.concat(frames).total_bounds)
    if not np.isfinite(total).all():
        return None
    minx, miny, maxx, maxy = total.tolist()
    return [[miny, minx], [maxy, maxx]]
