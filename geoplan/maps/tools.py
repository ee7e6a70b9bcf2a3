"""Tools on a drawn map: drawing a polygon, and maps that pan and zoom together.

Both are geoplan's own scripts (``static/draw.js``, ``static/sync.js``), packaged
like the rest (:mod:`geoplan.maps.assets`): nothing loads from a CDN, so they
work offline. Add them to a map from :func:`geoplan.maps.build_map`.

* :func:`add_draw_tool`: a control to draw a polygon (click to add vertices,
  click the first or double-click to finish, drag vertices to edit, undo the
  last vertex), with Chinese hints. It fires Leaflet.draw's events
  (``draw:created``, ``draw:edited``, ``draw:deleted``) with the polygon as
  ``e.layer`` and keeps the polygons in ``window.drawnItems``: what
  streamlit-folium returns as ``all_drawings`` and ``last_active_drawing``,
  GeoJSON in the map's datum (GCJ-02 over 高德 tiles).
* :func:`sync_views`: maps of one group, each in its own frame of one page
  (the app's maps side by side), follow each other's pans and zooms.

Examples
--------
>>> from geoplan.maps import build_map, to_html
>>> m = add_draw_tool(build_map([]), fit=((29.0, 119.6), (29.1, 119.7)))
>>> html = to_html(m)
>>> "geoplan.drawTool(" in html and "var drawnItems" in html and "cdn" not in html
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geoplan.maps._leaflet import script_json, use_packaged_assets

__all__ = ["add_draw_tool", "sync_views"]

Ring = Sequence[tuple[float, float]]
Bounds = tuple[tuple[float, float], tuple[float, float]]


class _DrawTool(JSCSSMixin, MacroElement):
    # "drawnItems" must appear in the map's script: streamlit-folium otherwise appends
    # `var drawnItems = [];`, which would replace the tool's group after it is made.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var drawnItems = geoplan.drawTool({{ this._parent.get_name() }}, {{ this.options }});
        {% endmacro %}
        """
    )
    default_js = [("draw.js", "draw.js")]  # noqa: RUF012 - folium's declaration style
    default_css = [("draw.css", "draw.css")]  # noqa: RUF012

    def __init__(self, options: dict[str, object]) -> None:
        super().__init__()
        self._name = "GeoplanDrawTool"
        self.options = script_json(options)


class _SyncViews(JSCSSMixin, MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.syncViews({{ this._parent.get_name() }}, {{ this.group }});
        {% endmacro %}
        """
    )
    default_js = [("sync.js", "sync.js")]  # noqa: RUF012 - folium's declaration style

    def __init__(self, group: str) -> None:
        super().__init__()
        self._name = "GeoplanSyncViews"
        self.group = script_json(group)


def add_draw_tool(
    m: folium.Map,
    *,
    fit: Bounds | None = None,
    start: Sequence[Ring] = (),
    assets_mode: Literal["inline", "links"] = "links",
) -> folium.Map:
    """Add the polygon-drawing tool to a map made by :func:`geoplan.maps.build_map`.

    Parameters
    ----------
    m
        The map; changed in place and returned.
    fit
        ``((south, west), (north, east))`` to show when the map opens (the
        record's surroundings), after the map's own opening view.
    start
        Polygons to start from, editable (a saved boundary): each ring a
        sequence of ``(lat, lon)`` in the map's datum.
    assets_mode
        As the map was built with (``"links"`` for the app).
    """
    options: dict[str, object] = {"start": [[list(p) for p in ring] for ring in start]}
    if fit is not None:
        options["fit"] = [list(fit[0]), list(fit[1])]
    _DrawTool(options).add_to(m)
    use_packaged_assets(m, assets_mode)
    return m


def sync_views(
    m: folium.Map, group: str, *, assets_mode: Literal["inline", "links"] = "links"
) -> folium.Map:
    """Make a map follow the pans and zooms of the other maps of ``group`` on its page."""
    _SyncViews(group).add_to(m)
    use_packaged_assets(m, assets_mode)
    return m
