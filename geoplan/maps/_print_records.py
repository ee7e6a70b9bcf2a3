"""Records on a printed map, drawn as the interactive map draws them (issue 9).

Private to :mod:`geoplan.maps.printing`. A record at a place or a township seat
is a marker, a digitized boundary an area, a schematic record its dashed line;
records known only by their county or city are counted on the unit, a badge with
the count (a disc for a county, a square for a city), never a marker at a
stand-in point. Counties' badges are printed when they stand apart at the map's
scale (the rule :func:`geoplan.maps.style.county_badge_zoom` gives the browser),
else each city's badge counts its counties' records.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.patheffects import Stroke

from geoplan import crs
from geoplan.maps import _mpl, records, style
from geoplan.maps.encoding import decode_ints
from geoplan.maps.interactive import MapLayer

__all__ = ["draw_records"]

# A CSS pixel on paper (mm), as the print renderer sizes every style (0.75 pt).
_MM_PER_PX = _mpl.PT_PER_PX * 25.4 / 72
# Web Mercator: metres per pixel at zoom 0 on the equator (a 256 px world).
_MERCATOR_M_PER_PX = 156_543.033928
_BADGE_FONT_PT = 6.0


def equivalent_zoom(denominator: float, latitude: float) -> float:
    """Return the web map zoom whose pixels are as many metres as a CSS pixel at this scale.

    Examples
    --------
    >>> round(equivalent_zoom(3_000_000, 29.0), 2)
    7.43
    """
    metres_per_px = _MM_PER_PX / 1000 * denominator
    return math.log2(_MERCATOR_M_PER_PX * math.cos(math.radians(latitude)) / metres_per_px)


def draw_records(
    ax: Axes, layer: MapLayer, frame: gpd.GeoDataFrame, z: float, denominator: float
) -> None:
    """Draw a record layer's records by what is known of each (frame: placed rows)."""
    placed = replace(layer, frame=frame)
    data = records.layer_data(placed, np.arange(len(frame), dtype=np.int64), gcj=False,
                              slot=(0, 1))  # fmt: skip
    colors = style.layer_colors(layer)
    color_of = [colors.get(str(v), style.PALETTE[0]) for v in frame[layer.color_by]]
    precision = (
        frame["precision"].astype(str).tolist() if "precision" in frame else [""] * len(frame)
    )
    points = decode_ints(data["pts"]["r"])
    where = crs.to_metric(np.asarray(frame.geometry)[points]) if points else np.empty(0)
    xy = _spread(np.column_stack([shapely.get_x(where), shapely.get_y(where)]), denominator, ax, z)
    _mpl.draw_points(
        ax, list(shapely.points(xy)) if points else [],
        [style.record_style(color_of[i], precision[i]) for i in points], zorder=z + 2,
    )  # fmt: skip
    shapes = [f["properties"] for f in data["shapes"]]
    if shapes:
        rows = [int(p["_row"]) for p in shapes]
        drawn = [_shape_of(frame, i) for i in rows]
        _mpl.draw_areas(ax, list(crs.to_metric(np.asarray(drawn))),
                        [p["_style"] for p in shapes], zorder=z)  # fmt: skip
    latitude = float(np.nanmean(frame.geometry.y)) if len(frame) else 29.0
    city_view = data["cities"] and equivalent_zoom(denominator, latitude) < data["zoom"]
    _badges(ax, data["cities"] if city_view else data["units"], data["badge"], z + 1)


def _spread(xy: np.ndarray, denominator: float, ax: Axes, z: float) -> np.ndarray:
    """Return the points, with those that would cover each other on paper spread apart.

    They move onto a sunflower around their middle, tied to it by a thin line, as
    the interactive map spreads them.
    """
    if not len(xy):
        return xy
    step = style.SPREAD_PX * _MM_PER_PX / 1000 * denominator  # metres on the ground
    keys = np.floor(xy / step).astype(np.int64)
    _, group = np.unique(keys, axis=0, return_inverse=True)
    out = xy.copy()
    golden = math.pi * (3 - math.sqrt(5))
    for g in np.flatnonzero(np.bincount(group.ravel()) > 1):
        members = np.flatnonzero(group.ravel() == g)
        centre = xy[members].mean(axis=0)
        k = np.arange(len(members))
        radius = step / math.sqrt(math.pi) * np.sqrt(k + 0.5)
        out[members] = centre + np.column_stack(
            [radius * np.cos(k * golden), radius * np.sin(k * golden)]
        )
        for x, y in out[members]:
            ax.plot([centre[0], x], [centre[1], y], color="#444444", lw=0.4, alpha=0.6, zorder=z)
    return out


def _shape_of(frame: gpd.GeoDataFrame, i: int) -> Any:
    """Return a record's own geometry: its polygon, its line or its schematic line."""
    geom = frame.geometry.iloc[i]
    if geom.geom_type == "Point" and "line_wkt" in frame and frame["line_wkt"].iloc[i]:
        return shapely.from_wkt(frame["line_wkt"].iloc[i])
    return geom


def _badges(ax: Axes, badges: list[dict[str, Any]], look: dict[str, Any], z: float) -> None:
    """Count badges at their units' anchors, sized and styled as in the browser."""
    fill = _mpl.rgba(str(look["fillColor"]), float(look["fillOpacity"]))
    edge = _mpl.rgba(str(look["color"]), 1.0)
    for badge in badges:
        anchor = crs.to_metric(np.asarray([shapely.Point(*badge["x"])]))[0]
        size_pt = float(badge["s"]) * _mpl.PT_PER_PX
        # a solid ring on paper: dashes this small print as a jagged edge
        ax.scatter(
            [anchor.x], [anchor.y], s=size_pt**2, marker="o" if badge["l"] == "county" else "s",
            facecolors=[fill], edgecolors=[edge], linewidths=float(look["weight"]) * _mpl.PT_PER_PX,
            zorder=z,
        )  # fmt: skip
        # the count stays legible over markers: above them, in a halo of the badge's colour
        # (a separate text: a path effect on it would turn the PDF's text into outlines)
        text: dict[str, Any] = {"fontsize": _BADGE_FONT_PT, "fontweight": "bold", "ha": "center",
                                "va": "center", "clip_on": True}  # fmt: skip
        halo = [Stroke(linewidth=2.0, foreground=fill)]
        ax.text(anchor.x, anchor.y, str(badge["c"]), color=fill, path_effects=halo,
                zorder=z + 2.5, **text)  # fmt: skip
        ax.text(anchor.x, anchor.y, str(badge["c"]), color="#ffffff", zorder=z + 2.6, **text)
