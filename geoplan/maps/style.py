"""How geoplan maps look: colours, line styles, labels and legends, shared by every map.

The interactive maps (:mod:`geoplan.maps.interactive`) and the printed report
maps (:mod:`geoplan.maps.printing`) take every style decision from here, so a
member or a record has the same colour, line and legend entry in the app, the
exported HTML and a printed map. Styles are Leaflet path options (``color``,
``weight`` in CSS pixels, ``dashArray``, ``fillOpacity``) plus ``hatch`` (drawn
by geoplan.js as an SVG pattern); the print renderer translates them.

Every member of a grouping gets its own colour from :data:`PALETTE`, whatever
its category (:func:`member_colors`); the legend groups members by category.
A member lying inside a larger one (杭州 inside 杭绍嘉湖) is *nested*: drawn
hatched over the larger member, which stays visible (:func:`nested_members`).

Examples
--------
>>> record_colors(["platform", "project", "platform"])
{'platform': '#0072B2', 'project': '#D55E00'}
>>> member_style("within", "#0072B2")["dashArray"]
'6 4'
>>> member_style("units", "#0072B2", nested=True)["hatch"]
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geoplan import crs, schema
from geoplan.layers import MEMBER_CAVEATS, MEMBER_PRECISION_LABELS

if TYPE_CHECKING:
    from geoplan.maps.interactive import MapLayer

__all__ = [
    "LABEL_STACK_PX",
    "MAP_BACKGROUND",
    "PALETTE",
    "POINT_PRECISIONS",
    "RECORD_RADIUS",
    "SELECTED_STYLE",
    "SELECTED_UNIT_STYLE",
    "SPREAD_PX",
    "STATUS_COLORS",
    "UNIT_BADGE_FILL",
    "UNIT_PRECISIONS",
    "UNIT_SHADE_STYLE",
    "UNIT_STYLES",
    "Label",
    "LegendSection",
    "Swatch",
    "badge_size",
    "county_badge_zoom",
    "draw_order",
    "footprint_style",
    "honest_footprints",
    "is_approximate",
    "label_anchors",
    "layer_colors",
    "legend",
    "legends",
    "member_colors",
    "member_style",
    "member_styles",
    "nested_members",
    "record_colors",
    "record_look",
    "record_style",
    "schematic_style",
    "surveyed_style",
    "unit_anchors",
    "unit_badge_style",
]

#: Colour-blind-safe qualitative palette for categories: Okabe–Ito (without its
#: yellow and black, too faint or too heavy as fills), then Tol's muted scheme. The
#: first six stay apart (CIE76 ΔE ≥ 16) under simulated protan-, deutan- and
#: tritanopia; ``tests/test_style.py`` checks every grouping's colours so.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
    "#117733", "#332288", "#999933", "#AA4499", "#44AA99", "#661100", "#6699CC",
)  # fmt: skip

#: A work's fate between two plans (:mod:`geoplan.compare`): continued, new, dropped.
STATUS_COLORS: dict[str, str] = {"continued": "#009E73", "new": "#0072B2", "dropped": "#D55E00"}

#: Administrative boundary lines: drawn under everything, never clickable.
UNIT_STYLES: dict[str, dict[str, Any]] = {
    "county": {"color": "#8a8a8a", "weight": 0.7, "fill": False, "interactive": False},
    "city": {"color": "#4d4d4d", "weight": 1.4, "fill": False, "interactive": False},
    "province": {"color": "#222222", "weight": 2.0, "fill": False, "interactive": False},
}

#: The county or city a planner filters by: outlined over the layers, never clickable.
SELECTED_UNIT_STYLE: dict[str, Any] = {
    "color": "#1a1a1a", "weight": 3.5, "opacity": 0.85, "fill": False, "interactive": False,
}  # fmt: skip

#: The map's ground where no layer is (static/geoplan.css has the same for Leaflet).
MAP_BACKGROUND = "#f4f3ef"
#: Labels: dark text in a white halo, readable on any fill and on hatching.
LABEL_COLOR = "#1a1a1a"
LABEL_HALO = "#ffffff"
#: Vertical step (CSS px) between labels whose anchors nearly coincide.
LABEL_STACK_PX = 16

# Member geometries and how they are drawn: whole units are exact areas,
# schematic members lines; every other precision ("within", approximate areas
# built from towns …) is an area whose real extent the plan does not give.
_EXACT = "units"
_LINE = "schematic"
# A member is nested in a larger exact member that covers this share of it.
_NESTED_SHARE = 0.9
# Label anchors closer than this are stacked. A screen-space question asked in
# degrees on purpose: ~0.15° is ~15 km, a label's height at province zoom.
_LABEL_NEAR_DEG = 0.15
# Precision of the label anchor search (m): far below a label's size.
_ANCHOR_TOLERANCE_M = 500.0


def is_approximate(precision: str) -> bool:
    """Whether a member's area is approximate (not whole units, not a line).

    Examples
    --------
    >>> is_approximate("within"), is_approximate("units"), is_approximate("schematic")
    (True, False, False)
    """
    return precision not in {_EXACT, _LINE}


# ----------------------------------------------------------------------------- members


def member_colors(grouping: gpd.GeoDataFrame) -> dict[str, str]:
    """Return each member's colour: the palette in the grouping's member order.

    The one answer to "which colour is this member" for the map, its legend,
    the printed map and the app's charts and tables.

    Parameters
    ----------
    grouping
        A grouping as :meth:`geoplan.Atlas.grouping` returns it (``member`` column).

    Examples
    --------
    >>> import pandas as pd
    >>> member_colors(pd.DataFrame({"member": ["杭州", "宁波", "杭绍嘉湖"]}))
    {'杭州': '#0072B2', '宁波': '#D55E00', '杭绍嘉湖': '#009E73'}
    """
    names = [str(m) for m in dict.fromkeys(grouping["member"])]
    return {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(names)}


def nested_members(grouping: gpd.GeoDataFrame) -> frozenset[str]:
    """Return the members drawn over a larger member: hatched, so the one below shows.

    A member is nested when a larger member made of whole units (``precision =
    "units"``) covers at least 90 % of it, as 杭州 lies in 杭绍嘉湖. Approximate
    members never hide others (they are faint, dashed outlines), so nothing is
    nested in them. Shares are of areas in :data:`geoplan.crs.METRIC_CRS`.
    """
    areas_mask = ~grouping["precision"].isin([_LINE]).to_numpy()
    if areas_mask.sum() < 2:
        return frozenset()
    names = grouping["member"].astype(str).to_numpy()[areas_mask]
    exact = (grouping["precision"] == _EXACT).to_numpy()[areas_mask]
    metric = crs.to_metric(np.asarray(grouping.geometry)[areas_mask])
    area = shapely.area(metric)
    nested = set()
    for i, geom in enumerate(metric):
        for j in np.flatnonzero(exact & (area > area[i])):
            if shapely.area(shapely.intersection(geom, metric[j])) >= _NESTED_SHARE * area[i]:
                nested.add(str(names[i]))
                break
    return frozenset(nested)


def member_style(precision: str, color: str, *, nested: bool = False) -> dict[str, Any]:
    """Return the style of a grouping member by how honest its geometry is.

    ``schematic`` members are dashed lines; approximate members (the plan
    gives no boundary) dashed, faintly filled outlines; members made of whole
    units are filled. A nested member is hatched in its colour, with a heavier
    outline, so the member under it keeps its own colour.
    """
    if precision == _LINE:
        return {"color": color, "weight": 4, "opacity": 0.9, "dashArray": "10 6", "fill": False}
    look: dict[str, Any] = {"color": color, "weight": 2, "fillColor": color, "fillOpacity": 0.22}
    if is_approximate(precision):
        look |= {"dashArray": "6 4", "fillOpacity": 0.08}
    if nested:
        look |= {"weight": 3, "fillOpacity": 0.0, "hatch": True}
    return look


def member_styles(grouping: gpd.GeoDataFrame) -> dict[str, dict[str, Any]]:
    """Return every member's style (:func:`member_style` with its colour and nesting)."""
    colors, nested = member_colors(grouping), nested_members(grouping)
    return {
        str(m): member_style(str(p), colors[str(m)], nested=str(m) in nested)
        for m, p in zip(grouping["member"], grouping["precision"], strict=True)
    }


def draw_order(grouping: gpd.GeoDataFrame) -> list[int]:
    """Return the positions of members in drawing order (first drawn first).

    Large areas first, so smaller ones drawn over them stay visible and
    clickable; nested members over the rest; lines last.
    """
    nested = nested_members(grouping)
    keys = [
        (p == _LINE, str(m) in nested, -(0.0 if np.isnan(a) else a), i)  # lines have no area
        for i, (m, p, a) in enumerate(
            zip(grouping["member"], grouping["precision"], grouping["area_km2"], strict=True)
        )
    ]
    return [k[-1] for k in sorted(keys)]


@dataclass(frozen=True, slots=True)
class Label:
    """Where a member's name is written: a WGS-84 point and its place in a stack."""

    member: str
    point: BaseGeometry
    stack: int = 0


def label_anchors(grouping: gpd.GeoDataFrame) -> list[Label]:
    """Return where to write each member's name, in :func:`draw_order`.

    An area's label sits at the centre of the largest circle inside the part
    of it no nested member covers (杭绍嘉湖's in 绍兴/嘉兴/湖州, not on 杭州's
    hatching); a line's at its middle. Labels whose anchors nearly coincide
    are stacked (``stack`` steps of :data:`LABEL_STACK_PX` downwards).
    """
    nested = nested_members(grouping)
    geoms = dict(zip(grouping["member"].astype(str), grouping.geometry, strict=True))
    inner = shapely.union_all([g for m, g in geoms.items() if m in nested]) if nested else None
    labels: list[Label] = []
    for i in draw_order(grouping):
        row = grouping.iloc[i]
        name, geom = str(row["member"]), row.geometry
        if geom is None or geom.is_empty:
            continue
        if row["precision"] == _LINE:
            point = geom.interpolate(0.5, normalized=True)
        else:
            free = geom if inner is None or name in nested else geom.difference(inner)
            point = _inner_centre(free if free.area > 0.1 * geom.area else geom)
        stack = sum(point.distance(a.point) < _LABEL_NEAR_DEG for a in labels)
        labels.append(Label(name, point, stack))
    return labels


def _inner_centre(geom: BaseGeometry) -> BaseGeometry:
    """Return the centre of the largest circle inside an area, measured in metres."""
    metric = crs.to_metric(np.asarray([geom]))[0]
    polygons = getattr(metric, "geoms", [metric])
    biggest = max(polygons, key=lambda p: p.area)  # a label belongs on the main part
    centre = shapely.get_point(
        shapely.maximum_inscribed_circle(biggest, tolerance=_ANCHOR_TOLERANCE_M), 0
    )
    return crs.from_metric(np.asarray([centre]))[0]


# ----------------------------------------------------------------------------- records


def record_colors(values: Iterable[Any]) -> dict[str, str]:
    """Assign palette colours to category values, in sorted order (stable across maps)."""
    keys = sorted({str(v) for v in values})
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def layer_colors(layer: MapLayer) -> dict[str, str]:
    """Return a record layer's colours by value: its own, or :func:`record_colors`."""
    if layer.colors or not len(layer.frame):
        return dict(layer.colors)
    return record_colors(layer.frame[layer.color_by])


#: Record precisions drawn as a point of their own (a named place, a township seat).
#: ``surveyed`` records are drawn as their polygon, ``schematic`` ones as their line.
POINT_PRECISIONS: tuple[str, ...] = ("place", "township")
#: Record precisions known only by their unit: counted on the unit, never drawn as a point
#: (issue 9: a stand-in point would look like a known site).
UNIT_PRECISIONS: tuple[str, ...] = ("county", "city")
#: Radius of a record's marker (CSS px): with its outline a disc of about 15 px, above the
#: 12 px a trackpad or a finger hits reliably.
RECORD_RADIUS = 6.0
#: Fill of a unit's count badge when its layer has several colours (slate: no category).
UNIT_BADGE_FILL = "#4a5560"
#: Co-located markers are spread this far apart (CSS px): a marker's width and a gap.
SPREAD_PX = 16.0
#: The outline drawn around the selected record, and the shade of a selected unit.
SELECTED_STYLE: dict[str, Any] = {
    "color": "#111111", "weight": 3, "fill": False, "opacity": 0.95, "interactive": False,
}  # fmt: skip
UNIT_SHADE_STYLE: dict[str, Any] = {
    "color": "#111111", "weight": 2.5, "fillColor": "#ffd54f", "fillOpacity": 0.35,
    "interactive": False,
}  # fmt: skip


def record_style(color: str, precision: str) -> dict[str, Any]:
    """Return a record marker's style: a solid disc at a place, a ring at a township seat.

    A township record lies somewhere in its township, kilometres from the seat
    it is drawn at: a ring (faint fill) says so; the legend tells them apart.

    Examples
    --------
    >>> record_style("#0072B2", "place")["fillOpacity"]
    0.95
    >>> record_style("#0072B2", "township")["color"]
    '#0072B2'
    """
    look: dict[str, Any] = {
        "className": "geoplan-record",
        "radius": RECORD_RADIUS,
        "color": "#ffffff",
        "weight": 2,
        "fillColor": color,
        "fillOpacity": 0.95,
    }
    if precision == "township":
        look |= {"color": color, "weight": 3, "fillOpacity": 0.3}
    return look


def surveyed_style(color: str) -> dict[str, Any]:
    """Return the style of a record's digitized boundary: its own polygon, solid."""
    return {
        "className": "geoplan-record",
        "color": color,
        "weight": 2,
        "fillColor": color,
        "fillOpacity": 0.35,
    }


def schematic_style(color: str) -> dict[str, Any]:
    """Return the style of a schematic line between a work's two named ends: dashed."""
    return {
        "className": "geoplan-record geoplan-schematic",
        "color": color,
        "weight": 3.5,
        "opacity": 0.9,
        "dashArray": "8 6",
        "fill": False,
    }


def record_look(color: str, precision: str, geometry: BaseGeometry) -> dict[str, Any]:
    """Return how a record is drawn: its polygon as an area, its line as a line, else a marker.

    A schematic line is dashed; any other line (e.g. a comparison's link
    between a work's two positions) solid.
    """
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return surveyed_style(color)
    if geometry.geom_type in {"LineString", "MultiLineString"}:
        if precision == "schematic":
            return schematic_style(color)
        return {"className": "geoplan-record", "color": color, "weight": 2.5, "fill": False}
    return record_style(color, precision)


def unit_badge_style(color: str | None = None) -> dict[str, Any]:
    """Return the look of a unit's count badge: a filled disc (county) or square (city).

    Its white ring is dashed: the records it counts are somewhere in the unit,
    not at the badge. ``color`` is the layer's one colour, if it has only one.
    """
    return {
        "color": "#ffffff",
        "weight": 1.5,
        "dashArray": "3 2",
        "fillColor": color or UNIT_BADGE_FILL,
        "fillOpacity": 0.9,
    }


def badge_size(count: int) -> float:
    """Return a count badge's width in CSS px: it grows with the log of the count.

    Examples
    --------
    >>> badge_size(1), badge_size(10), badge_size(10_000)
    (22.0, 28.0, 46.0)
    """
    return 22.0 + 6.0 * math.log10(max(count, 1))


#: A map opens no closer than a town's scale: a map of one point (a township seat, a place)
#: shows its surroundings, not the point at the tiles' last zoom.
OPEN_MAX_ZOOM = 13


def unit_anchors(units: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Return where each unit's count badge sits (WGS-84 points, by adcode).

    A county's badge is at the centre of the largest circle inside it; a
    city's at the point of the city farthest from its border and from its
    counties' badges, so the two never sit on each other.

    Parameters
    ----------
    units
        Units with ``adcode`` (or an adcode index), ``level`` and geometry;
        ``parent_adcode`` ties counties to their city.
    """
    key = _geometry_key(units)
    if key not in _ANCHORS:
        _ANCHORS[key] = _compute_anchors(units)
    return dict(_ANCHORS[key])


_ANCHORS: dict[tuple[Any, ...], dict[str, BaseGeometry]] = {}


def _adcodes(units: pd.DataFrame) -> list[str]:
    column = units["adcode"] if "adcode" in units.columns else units.index.to_series()
    return [str(a) for a in column]


def _geometry_key(units: gpd.GeoDataFrame) -> tuple[Any, ...]:
    # Units tables are few and fixed (overview, detail): their bounds identify them.
    return (tuple(_adcodes(units)), tuple(np.round(units.geometry.bounds.to_numpy(), 6).ravel()))


def _compute_anchors(units: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    adcodes = _adcodes(units)
    levels = [str(v) for v in units["level"]]
    anchors: dict[str, BaseGeometry] = {}
    for adcode, level, geom in zip(adcodes, levels, units.geometry, strict=True):
        if level == "county" and geom is not None and not geom.is_empty:
            anchors[adcode] = _inner_centre(geom)
    parents = units["parent_adcode"].astype(str).tolist() if "parent_adcode" in units else []
    for adcode, level, geom in zip(adcodes, levels, units.geometry, strict=True):
        if level != "city" or geom is None or geom.is_empty:
            continue
        own = [anchors[a] for a, parent in zip(adcodes, parents, strict=True)
               if parent == adcode and a in anchors]  # fmt: skip
        anchors[adcode] = _free_centre(geom, own) if own else _inner_centre(geom)
    return anchors


def _free_centre(geom: BaseGeometry, taken: Sequence[BaseGeometry]) -> BaseGeometry:
    """Return the point of an area farthest from its border and from the points taken."""
    metric = crs.to_metric(np.asarray([geom]))[0]
    biggest = max(getattr(metric, "geoms", [metric]), key=lambda p: p.area)
    holes = shapely.union_all(shapely.buffer(crs.to_metric(np.asarray(taken)), 1.0))
    free = biggest.difference(holes)
    circle = shapely.maximum_inscribed_circle(free, tolerance=_ANCHOR_TOLERANCE_M)
    return crs.from_metric(np.asarray([shapely.get_point(circle, 0)]))[0]


def county_badge_zoom(anchors: Sequence[BaseGeometry], *, spacing_px: float = 34.0) -> float:
    """Return the map zoom from which county badges stand apart (below: one badge per city).

    The zoom at which the median distance between neighbouring county
    badges reaches ``spacing_px`` on screen (Web Mercator pixels), in
    quarter steps: the rule that decides, for printed maps too, whether
    county badges fit (:func:`badges_fit`).
    """
    if len(anchors) < 2:
        return 0.0
    xy = np.array([_mercator_px(p) for p in anchors])
    gaps = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(gaps, np.inf)
    median = float(np.median(gaps.min(axis=1)))
    return math.ceil(4 * math.log2(spacing_px / median)) / 4 if median > 0 else 0.0


def _mercator_px(point: BaseGeometry) -> tuple[float, float]:
    """Web Mercator pixel coordinates at zoom 0 (a 256 px world), as Leaflet projects."""
    lat = math.radians(max(min(point.y, 85.0), -85.0))
    x = (point.x + 180.0) / 360.0 * 256.0
    y = (1.0 - math.log(math.tan(lat) + 1.0 / math.cos(lat)) / math.pi) / 2.0 * 256.0
    return x, y


def footprint_style(color: str) -> dict[str, Any]:
    """Return the style of a circle of documented land area (dashed: size, not shape)."""
    return {
        "color": color,
        "weight": 1.2,
        "dashArray": "4 3",
        "fillColor": color,
        "fillOpacity": 0.15,
    }


# ----------------------------------------------------------------------------- legend


#: How a legend entry is drawn: an area, a line, a marker, a county's or a city's badge.
SwatchShape = Literal["area", "line", "dot", "badge", "square"]


@dataclass(frozen=True, slots=True)
class Swatch:
    """One legend entry: a label and the style of what it explains."""

    label: str
    style: dict[str, Any]
    shape: SwatchShape = "area"


@dataclass(frozen=True, slots=True)
class LegendSection:
    """A layer's part of the legend: entries grouped under headings, and notes."""

    layer_id: str
    title: str
    groups: tuple[tuple[str, tuple[Swatch, ...]], ...]
    notes: tuple[str, ...] = ()


def legend(layer: MapLayer) -> LegendSection | None:
    """Return a layer's legend section (``None`` for boundary lines)."""
    if layer.kind == "units":
        return None
    frame = layer.frame[~(layer.frame.geometry.isna() | layer.frame.geometry.is_empty)]
    if layer.kind == "grouping":
        return _grouping_legend(layer.id, layer.title, frame)
    return _records_legend(layer, frame)


def _grouping_legend(layer_id: str, title: str, frame: gpd.GeoDataFrame) -> LegendSection:
    styles, nested = member_styles(frame), nested_members(frame)
    groups = []
    for label in dict.fromkeys(frame["category_label"].astype(str)):
        members = frame[frame["category_label"].astype(str) == label]
        swatches = tuple(
            Swatch(str(m), styles[str(m)], "line" if p == _LINE else "area")
            for m, p in zip(members["member"], members["precision"], strict=True)
        )
        # a category of one member named like it needs no heading of its own
        alone = len(swatches) == 1 and swatches[0].label == label
        groups.append(("" if alone else label, swatches))
    notes = []
    if nested:
        notes.append("斜线——位于其他成员范围内的成员，其下成员的颜色仍可见")
    for precision in dict.fromkeys(frame["precision"].astype(str)):
        if is_approximate(precision):
            caveat = MEMBER_CAVEATS.get(precision) or MEMBER_PRECISION_LABELS.get(precision, "")
            notes.append(f"虚线范围——{caveat}")
    if (frame["precision"] == _LINE).any():
        notes.append(f"虚线——{MEMBER_CAVEATS[_LINE]}")
    return LegendSection(layer_id, title, tuple(groups), tuple(notes))


#: The neutral colour of the legend's precision entries (the colours are the categories').
_PRECISION_SWATCH = "#555555"


def _precision_swatches(frame: pd.DataFrame) -> tuple[Swatch, ...]:
    """Return one legend entry per precision drawn, each in its look, with its count."""
    grey = _PRECISION_SWATCH
    looks: dict[str, tuple[str, dict[str, Any], SwatchShape]] = {
        "surveyed": ("按四至测绘：项目自身范围", surveyed_style(grey), "area"),
        "place": ("地名定位：实心点", record_style(grey, "place"), "dot"),
        "township": ("乡镇定位：圆环，项目在该乡镇范围内", record_style(grey, "township"), "dot"),
        "schematic": ("两端地名间示意线：虚线，非实际走向", schematic_style(grey), "line"),
        "county": ("仅知区县：计入区县圆标，不画成点", unit_badge_style(), "badge"),
        "city": ("仅知地市：计入地市方标，不画成点", unit_badge_style(), "square"),
    }  # fmt: skip
    counts = frame["precision"].astype(str).value_counts() if "precision" in frame else {}
    return tuple(
        Swatch(f"{label}（{counts[p]}）", look, shape)
        for p, (label, look, shape) in looks.items()
        if p in counts
    )


def _records_legend(layer: MapLayer, frame: gpd.GeoDataFrame) -> LegendSection:
    circles = layer.kind == "footprints"
    if circles:
        frame = honest_footprints(frame)
    counts = frame[layer.color_by].astype(str).value_counts()
    present = set(counts.index)
    swatches = tuple(
        Swatch(
            f"{schema.value_label(layer.color_by, k)}（{counts.get(k, 0)}）",
            footprint_style(c) if circles else record_style(c, "place"),
            "area" if circles else "dot",
        )
        for k, c in layer_colors(layer).items()
        if k in present or not len(frame)
    )
    title = f"{layer.title}（{len(frame)} 项）"
    if circles:
        note = "圆面积等于规划用地面积，位置同项目点，为示意；仅画有地名或乡镇定位的项目"
        return LegendSection(layer.id, title, (("", swatches),), (note,))
    groups: list[tuple[str, tuple[Swatch, ...]]] = [("", swatches)]
    precisions = _precision_swatches(frame)
    if precisions:
        groups.append(("定位精度", precisions))
    notes = []
    if "precision" in frame and frame["precision"].isin(UNIT_PRECISIONS).any():
        notes.append(
            "圆标、方标上的数字是位置仅知区县、地市的项目数，点击列出；跨区县的项目计入所涉每个区县"
        )
    if "precision" in frame and frame["precision"].isin(POINT_PRECISIONS).any():
        notes.append("同一位置的点已散开（细线连到其位置）；白底数字为聚合的点，放大后分开")
    return LegendSection(layer.id, title, tuple(groups), tuple(notes))


def honest_footprints(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the footprints a map draws: only of records placed at a point of their own.

    A circle of documented area at a county's stand-in point would be a shape
    at a made-up spot; such records are counted on their unit instead.
    """
    if "precision" not in frame:
        return frame
    return frame[frame["precision"].isin(POINT_PRECISIONS)]


def legends(layers: Sequence[MapLayer]) -> list[LegendSection]:
    """Return the legend sections of layers, in order, skipping those without one."""
    return [s for s in (legend(layer) for layer in layers) if s is not None]
