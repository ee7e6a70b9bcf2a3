"""How geoplan maps look: colours and line styles, shared by every kind of map.

The interactive maps (:mod:`geoplan.maps.interactive`) and the static report
maps both take their styles from here, so a member or a record has the same
colour and line in the app, the exported HTML and a printed map. Styles are
Leaflet path options (``color``, ``weight``, ``dashArray``, ``fillOpacity``);
a static renderer translates them.

Examples
--------
>>> record_colors(["platform", "project", "platform"])
{'platform': '#0072B2', 'project': '#D55E00'}
>>> member_style("within", "#0072B2")["dashArray"]
'6 4'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "PALETTE",
    "STATUS_COLORS",
    "UNIT_STYLES",
    "footprint_style",
    "member_style",
    "record_colors",
    "record_style",
]

#: Colour-blind-safe qualitative palette (Okabe–Ito, then Tol's muted) for categories.
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


def member_style(precision: str, color: str) -> dict[str, Any]:
    """Return the style of a grouping member by how honest its geometry is.

    ``schematic`` members are dashed lines; ``within`` members (the plan gives
    no boundary, the units they lie in are drawn) are dashed, faintly filled
    outlines; members made of whole units are filled.
    """
    if precision == "schematic":
        return {"color": color, "weight": 4, "opacity": 0.9, "dashArray": "10 6", "fill": False}
    if precision == "within":
        return {
            "color": color,
            "weight": 2,
            "dashArray": "6 4",
            "fillColor": color,
            "fillOpacity": 0.08,
        }
    return {"color": color, "weight": 2, "fillColor": color, "fillOpacity": 0.22}


def record_colors(values: Iterable[Any]) -> dict[str, str]:
    """Assign palette colours to category values, in sorted order (stable across maps)."""
    keys = sorted({str(v) for v in values})
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


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


def footprint_style(color: str) -> dict[str, Any]:
    """Return the style of a circle of documented land area (dashed: size, not shape)."""
    return {
        "color": color,
        "weight": 1.2,
        "dashArray": "4 3",
        "fillColor": color,
        "fillOpacity": 0.15,
    }
