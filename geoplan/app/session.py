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
    "on_map_change",
    "on_table_select",
    "reset_filters",
    "set_focus",
]

# All the app uses of map events (geoplan.app.view.focus_of_click): pans and zooms never rerun it.
MAP_RETURNS = ["last_clicked", "last_object_clicked_count", "last_active_drawing"]
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
    return View.from_form({k: state[k] for k in FORM_KEYS}, years=state.get("_years"))


def set_focus(value: str) -> None:
    """Show this in the details panel (``record:…``, ``member:…``, ``point:lon,lat``)."""
    state["focus"] = value


def on_map_change() -> None:
    """Inspect what a map click points at; the first report also lets the rest of the page draw."""
    state["map_drawn"] = True  # the map's first report: time for the rest of the page
    value = state.get("map") or {}
    focus = views.focus_of_click(
        value, state.get("_map_seen") or {}, gcj=state["basemap"] == "gaode"
    )
    state["_map_seen"] = value
    if focus:
        set_focus(focus)


def on_table_select() -> None:
    """Inspect the record of the selected table row."""
    rows = state["table"]["selection"]["rows"]
    if rows:
        set_focus(f"record:{state['_table_ids'][rows[0]]}")


def reset_filters() -> None:
    """Clear every record filter (not the layers shown)."""
    blank = View(grouping=None).to_form()
    keys = ("kinds", "boxes", "units", "members", "invest", "area_ha", "precisions", "q")
    state.update({k: blank[k] for k in keys})
    state.pop("period", None)
