"""A planner's session: the widgets' state as a :class:`View`, and what each event changes.

The view lives in ``st.session_state`` under the keys of :meth:`View.to_form`;
these callbacks are the only writers besides the widgets themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

import geoplan
from geoplan.app import view as views
from geoplan.app.view import View

__all__ = [
    "FORM_KEYS",
    "MAP_RETURNS",
    "Page",
    "current_view",
    "map_opening",
    "on_map_change",
    "on_table_select",
    "reset_filters",
    "set_focus",
    "sync_url",
]

# What the app reads of the map's events: clicks (geoplan.app.view.focus_of_click), and
# where it looks (view.map_view), which streamlit-folium reports 250 ms after a pan or
# zoom ends. The map runs in a fragment (app.py): a pan reruns the map alone, to put
# the new view in the URL; clicks rerun the page (on_map_change).
MAP_RETURNS = ["last_clicked", "last_object_clicked_count", "last_active_drawing", "zoom", "center"]
FORM_KEYS = tuple(View().to_form())
state = st.session_state


@dataclass(frozen=True, slots=True)
class Page:
    """What every section of one run of the page works from."""

    atlas: geoplan.Atlas
    records_dir: str | None
    view: View
    chosen: gpd.GeoDataFrame


def current_view() -> View:
    """Return the view the widgets describe now."""
    return View.from_form(
        {k: state.get(k) for k in FORM_KEYS},
        years=state.get("_years"),
        first_tab=state.get("_first_tab"),
    )


def sync_url() -> None:
    """Put the current view in the browser's URL, if it changed (a link reopens it)."""
    params = current_view().to_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def map_opening(view: View) -> tuple[float | None, tuple[float, float] | None]:
    """Return the zoom and WGS-84 centre a newly drawn map opens at (``None``: its layers).

    A link's zoom and centre, then, when a new base map replaces the map (another
    grouping or base map), where the planner was looking. Passed unchanged while
    the map stays, so the map never jumps back to an older view the app knew.
    """
    base = (view.grouping, view.basemap)
    if state.get("_map_base") != base:
        state["_map_base"] = base
        state["_map_opening"] = (view.zoom, view.center)
    zoom, center = state["_map_opening"]
    return zoom, center


def set_focus(value: str) -> None:
    """Show this in the details panel (``record:…``, ``member:…``, ``point:lon,lat``)."""
    state["focus"] = value


def on_map_change() -> None:
    """Inspect what a map click points at, note where the map looks.

    The map's first report also lets the rest of the page draw. The map runs in
    a fragment: a click (or the first report) asks for the whole page
    (``_rerun_app``), a pan or zoom only for the URL.
    """
    first = not state.get("map_drawn")
    state["map_drawn"] = True  # the map's first report: time for the rest of the page
    value, gcj = state.get("map") or {}, state["basemap"] == "gaode"
    focus = views.focus_of_click(value, state.get("_map_seen") or {}, gcj=gcj)
    state["_map_seen"] = value
    looked = views.map_view(value, gcj=gcj)
    if looked and not first:  # the first report is where the map opened: the URL says so
        state["zoom"], state["center"] = looked
    if focus:
        set_focus(focus)
    if first or focus:
        state["_rerun_app"] = True


def on_table_select() -> None:
    """Inspect the record of the selected table row."""
    rows = state["table"]["selection"]["rows"]
    if rows:
        set_focus(f"record:{state['_table_ids'][rows[0]]}")


def reset_filters() -> None:
    """Clear every record filter (not the layers shown)."""
    blank = View(grouping=None).to_form()
    keys = (
        "kinds", "boxes", "units", "citywide", "members", "invest", "area_ha", "precisions", "q",
    )  # fmt: skip
    state.update({k: blank[k] for k in keys})
    state.pop("period", None)
