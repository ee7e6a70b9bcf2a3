"""Stand-in points for records known only by their unit: spread inside it, never outside.

A record placed at county or city precision has no position of its own. It
still needs a point for tables and exports, so records of one unit are spread
on a sunflower spiral around the unit's most interior point (none hides
another). Maps draw such records as part of their unit, not as located dots.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.ops import polylabel

from geoplan import crs

# Stand-in points are spread this far apart at most (metres).
_SPREAD_M = 1500.0


def standin_points(unit: Any, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``count`` stand-in points (lon, lat arrays, 6 decimals) inside a unit.

    Examples
    --------
    >>> square = shapely.box(119.6, 29.0, 119.8, 29.2)
    >>> lon, lat = standin_points(square, 3)
    >>> bool(shapely.contains(square, shapely.points(lon, lat)).all())
    True
    """
    anchor, spacing = _interior_anchor(unit, count)
    xs, ys = _spread(anchor, count, spacing, unit)
    # 6 decimals (~0.1 m): the shipped files then do not change with the last
    # bits of a PROJ or GEOS release.
    return np.round(xs, 6), np.round(ys, 6)


def _interior_anchor(unit: Any, count: int) -> tuple[Any, float]:
    """Return the unit's most interior point and a spacing that keeps the spiral inside."""
    metric = crs.to_metric([unit])[0]
    largest = max(getattr(metric, "geoms", [metric]), key=lambda g: g.area)
    centre = polylabel(largest, tolerance=50.0)
    room = largest.exterior.distance(centre)
    spacing = min(_SPREAD_M, 0.8 * room / max(np.sqrt(count), 1.0))
    return crs.from_metric([centre])[0], spacing


def _spread(anchor: Any, count: int, spacing: float, unit: Any) -> tuple[np.ndarray, np.ndarray]:
    """Sunflower (Vogel) spiral of ``count`` points around the anchor, ``spacing`` metres apart."""
    centre = crs.to_metric([anchor])[0]
    k = np.arange(count)
    radius = spacing * np.sqrt(k) * 0.9
    theta = k * np.pi * (3 - np.sqrt(5))  # the golden angle
    points = shapely.points(centre.x + radius * np.cos(theta), centre.y + radius * np.sin(theta))
    back = crs.from_metric(points)
    inside = shapely.contains(unit, back)
    back[~inside] = anchor  # never outside the unit: fall back to the anchor itself
    return shapely.get_x(back), shapely.get_y(back)
