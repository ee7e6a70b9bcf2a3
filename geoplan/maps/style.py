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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
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
    "SELECTED_UNIT_STYLE",
    "STATUS_COLORS",
    "UNIT_STYLES",
    "Label",
    "LegendSection",
    "Swatch",
    "draw_order",
    "footprint_style",
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
    "surveyed_style",
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


def record_style(color: str, precision: str) -> dict[str, Any]:
    """Return a record marker's style: solid for places, faint and dashed for stand-ins."""
    exact = precision in {"surveyed", "place"}
    return {
        "className": "geoplan-record",
        "radius": 6 if exact else 5,
        "color": "#ffffff" if exact else color,
        "weight": 1.5,
        "fillColor": color,
        "fillOpacity": 0.9 if exact else 0.45,
        "dashArray": None if exact else "2 2",
    }


def surveyed_style(color: str) -> dict[str, Any]:
    """Return the style of a record's digitized boundary: its own polygon, solid."""
    return {
        "className": "geoplan-record",
        "color": color,
        "weight": 2,
        "fillColor": color,
        "fillOpacity": 0.35,
    }


def record_look(color: str, precision: str, geometry: BaseGeometry) -> dict[str, Any]:
    """Return how a record is drawn: its digitized boundary as an area, else a marker."""
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return surveyed_style(color)
    return record_style(color, precision)


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


@dataclass(frozen=True, slots=True)
class Swatch:
    """One legend entry: a label and the style of what it explains."""

    label: str
    style: dict[str, Any]
    shape: Literal["area", "line", "dot"] = "area"


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


def _records_legend(layer: MapLayer, frame: gpd.GeoDataFrame) -> LegendSection:
    circles = layer.kind == "footprints"
    counts = frame[layer.color_by].astype(str).value_counts()
    swatches = tuple(
        Swatch(
            f"{schema.value_label(layer.color_by, k)}（{counts.get(k, 0)}）",
            footprint_style(c) if circles else record_style(c, "county"),
            "area" if circles else "dot",
        )
        for k, c in layer_colors(layer).items()
    )
    note = (
        "圆面积等于规划用地面积；位置同项目点，为示意"
        if circles
        else "实心：地名或四至定位；半透明虚边：区县内示意点"
        + ("；面：数字化边界" if (frame["precision"] == "surveyed").any() else "")
    )
    title = f"{layer.title}（{len(frame)} 项）"
    return LegendSection(layer.id, title, (("", swatches),), (note,))


def legends(layers: Sequence[MapLayer]) -> list[LegendSection]:
    """Return the legend sections of layers, in order, skipping those without one."""
    return [s for s in (legend(layer) for layer in layers) if s is not None]
