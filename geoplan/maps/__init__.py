"""Drawing: the one place that turns layers into maps.

* :mod:`geoplan.maps.interactive` builds folium (Leaflet) maps for the app and
  for standalone HTML files;
* :mod:`geoplan.maps.printing` draws report maps (PDF, PNG, SVG) with matplotlib;
* :mod:`geoplan.maps.style` holds the colours, line styles, labels and legends
  both kinds of map share;
* :mod:`geoplan.maps.popups` writes the (escaped) HTML of popups and legends;
* :mod:`geoplan.maps.records` draws records at any scale: one table, points,
  count badges of records known only by their unit;
* :mod:`geoplan.maps.encoding` packs geometry compactly for the browser;
* :mod:`geoplan.maps.assets` and ``static/`` are the scripts and styles maps
  inline, so nothing loads from a CDN.

Drawing is pure: prepared GeoDataFrames in, a map out; no file access, no
Streamlit. Data work (which records, which members) happens before, in
:mod:`geoplan.atlas` and :mod:`geoplan.query`.
"""

from __future__ import annotations

from geoplan.maps.interactive import (
    BASEMAPS,
    Basemap,
    MapLayer,
    build_map,
    legend_html,
    record_overlay,
    selection_overlay,
    to_html,
    unit_outline,
)
from geoplan.maps.style import PALETTE, member_colors, record_colors

__all__ = [
    "BASEMAPS",
    "PALETTE",
    "Basemap",
    "MapLayer",
    "build_map",
    "legend_html",
    "member_colors",
    "record_colors",
    "record_overlay",
    "selection_overlay",
    "to_html",
    "unit_outline",
]
