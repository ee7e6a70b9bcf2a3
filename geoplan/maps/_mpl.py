"""Leaflet styles drawn with matplotlib: the print renderer's half of :mod:`geoplan.maps.style`.

Private to :mod:`geoplan.maps.printing`. Styles arrive as the Leaflet path
options :mod:`geoplan.maps.style` returns (CSS pixels, hex colours, dash arrays);
here they become matplotlib artists of the same look, at print size: one CSS
pixel is 0.75 pt, as CSS defines it. Geometry arrives in
:data:`geoplan.crs.METRIC_CRS` (metres).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry

__all__ = ["PT_PER_PX", "draw_areas", "draw_points", "linestyle", "rgba"]

#: CSS pixels to points (CSS: 1 px = 1/96 in, 1 pt = 1/72 in).
PT_PER_PX = 0.75
# Hatch density of matplotlib's "//" at print size, close to geoplan.js's 8 px pattern.
_HATCH = "///"


def rgba(color: str, opacity: float) -> tuple[float, float, float, float]:
    """Return a colour with an opacity, as matplotlib takes it."""
    return to_rgba(color, opacity)


def linestyle(look: dict[str, Any]) -> Any:
    """Return the matplotlib line style of a Leaflet ``dashArray`` ("6 4" → dashes in pt)."""
    dashes = look.get("dashArray")
    if not dashes:
        return "solid"
    return (0.0, tuple(float(v) * PT_PER_PX for v in str(dashes).split()))


def _rings(polygon: BaseGeometry) -> Iterable[np.ndarray]:
    yield np.asarray(polygon.exterior.coords)
    for ring in polygon.interiors:
        yield np.asarray(ring.coords)


def geometry_path(geom: BaseGeometry) -> MplPath:
    """Return one compound matplotlib path for a (multi)polygon or (multi)line."""
    parts = getattr(geom, "geoms", [geom])
    vertices, codes = [], []
    for part in parts:
        closed = part.geom_type == "Polygon"
        rings = _rings(part) if closed else [np.asarray(part.coords)]
        for ring in rings:
            if len(ring) < 2:
                continue
            vertices.append(ring[:, :2])
            ring_codes = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0] = MplPath.MOVETO
            if closed:
                ring_codes[-1] = MplPath.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        return MplPath(np.empty((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def draw_areas(
    ax: Axes,
    geoms: Sequence[BaseGeometry],
    looks: Sequence[dict[str, Any]],
    zorder: float,
    gid: str | None = None,
) -> None:
    """Draw polygons or lines, each with its Leaflet style (one collection per style).

    ``gid`` names the drawing in an SVG (``<g id="…">``), for editors and tests.
    """
    groups: dict[str, tuple[dict[str, Any], list[MplPath]]] = {}
    for geom, look in zip(geoms, looks, strict=True):
        if geom is None or geom.is_empty:
            continue
        key = repr(sorted(look.items()))
        groups.setdefault(key, (look, []))[1].append(geometry_path(geom))
    for look, paths in groups.values():
        collection = _collection(look, paths, zorder)
        collection.set_gid(gid)
        ax.add_collection(collection, autolim=False)


def _collection(look: dict[str, Any], paths: list[MplPath], zorder: float) -> PathCollection:
    color = str(look.get("color", "#3388ff"))
    filled = look.get("fill", True) and not look.get("hatch")
    face = rgba(str(look.get("fillColor", color)), float(look.get("fillOpacity", 0.2)))
    collection = PathCollection(
        paths,
        facecolors=[face if filled else (0, 0, 0, 0)],
        edgecolors=[rgba(color, float(look.get("opacity", 1.0)))],
        linewidths=[float(look.get("weight", 3)) * PT_PER_PX],
        linestyles=[linestyle(look)],
        capstyle="round",
        joinstyle="round",
        zorder=zorder,
    )
    if look.get("hatch"):
        collection.set_hatch(_HATCH)
        collection.set_hatchcolor(rgba(color, 0.75))
        collection.set_hatch_linewidth(1.0)
    return collection


def draw_points(
    ax: Axes, points: Sequence[BaseGeometry], looks: Sequence[dict[str, Any]], zorder: float
) -> None:
    """Draw circle markers (Leaflet ``radius`` in px) with their styles, one scatter per style."""
    groups: dict[str, tuple[dict[str, Any], list[tuple[float, float]]]] = {}
    for point, look in zip(points, looks, strict=True):
        if point is None or point.is_empty:
            continue
        key = repr(sorted(look.items()))
        groups.setdefault(key, (look, []))[1].append((point.x, point.y))
    for look, xy in groups.values():
        diameter = 2 * float(look.get("radius", 5)) * PT_PER_PX
        color = str(look.get("color", "#3388ff"))
        xs, ys = np.asarray(xy).T
        ax.scatter(
            xs,
            ys,
            s=diameter**2,
            marker="o",
            facecolors=[rgba(str(look.get("fillColor", color)), float(look["fillOpacity"]))],
            edgecolors=[rgba(color, float(look.get("opacity", 1.0)))],
            linewidths=float(look.get("weight", 1)) * PT_PER_PX,
            linestyles=[linestyle(look)],
            zorder=zorder,
        )
