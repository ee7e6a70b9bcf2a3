"""geoplan: the planners' map app. Run ``streamlit run app.py``.

A thin shell that lays out the page: the sections are in :mod:`geoplan.app`
(sidebar, map, details, tabs), every number they show comes from the geoplan
API, so the app, the CLI and Python agree. The view lives in the URL
(:class:`geoplan.app.view.View`). ``GEOPLAN_RECORDS_DIR`` points the app at
another records folder (the tests use ``tests/data/records``).
"""

from __future__ import annotations

import os
import time

import streamlit as st

import geoplan
from geoplan.app import cache, layout
from geoplan.app.details import details
from geoplan.app.mapview import metrics, the_map
from geoplan.app.session import Page, current_view, sync_url
from geoplan.app.sidebar import choices, sidebar
from geoplan.app.tabs import TABS
from geoplan.app.view import View
from geoplan.errors import GeoplanError
from geoplan.maps import popups

esc = popups.markdown_escape
state = st.session_state

st.set_page_config(page_title="geoplan 规划空间地图", layout="wide")


# ----------------------------------------------------------------------------- page


@st.fragment(run_every=1.0)
def show_the_rest_soon() -> None:
    if not state.get("map_drawn") and time.monotonic() - state["_first_run"] > 0.9:
        state["map_drawn"] = True
        st.rerun(scope="app")


@st.fragment
def map_section(atlas: geoplan.Atlas, records_dir: str | None) -> None:
    """The map, on its own: a pan or zoom reruns only this, to put the view in the URL."""
    the_map(atlas, records_dir, current_view())
    if state.pop("_rerun_app", False):  # a click, or the map's first report
        st.rerun(scope="app")
    sync_url()


def main() -> None:
    records_dir = os.environ.get("GEOPLAN_RECORDS_DIR") or None
    try:
        atlas = cache.load_atlas(records_dir)
    except GeoplanError as err:
        st.error(esc(f"数据载入失败：{err}"))
        st.stop()
    # From here the caches' key: the folder and the user store's version (cache.data_key).
    records_dir = cache.data_key(atlas, records_dir)
    if "started" not in state:  # a session's first run: the URL decides every widget
        params = st.query_params.to_dict()
        view, state["url_problems"] = View.from_params(params, atlas, tabs=list(TABS))
        state.update(view.to_form(), started=True, _first_tab=next(iter(TABS)))
        state["tab"] = view.tab or state["_first_tab"]
    records = atlas.records
    options = choices(atlas, records_dir)
    view = current_view()
    st.html(layout.page_style())
    head, numbers = st.columns([1, 2.2], vertical_alignment="bottom")
    head.title("浙江规划空间地图")
    head.caption("点击地图看详情；左侧筛选，下方列表、对比与导出")
    for problem in state.get("url_problems", []):
        st.warning(esc(problem))
    chosen = cache.filtered(atlas, records_dir, view.filter)
    page = Page(atlas, records_dir, view, chosen)
    with numbers:
        if records.empty:
            st.info("尚无项目数据：规划项目表（data/records/）生成后，这里显示项目点、统计和对比。")
        else:
            metrics(chosen, len(records))
    # The map first and largest; its legend and the details beside it, never over it.
    left, right = st.columns([3, 1], gap="small")
    with left.container(key=layout.MAP_KEY):  # as tall as the window allows: layout.page_style
        map_section(atlas, records_dir)
    right.html(cache.map_legend(atlas, records_dir, view.grouping, view.filter, view.footprints))
    if not state.get("map_drawn"):
        # A session's first run sends the map alone, so the browser draws it undisturbed;
        # the map's first report (streamlit-folium sends one once drawn) reruns the app
        # with everything. Without a report, the rest comes anyway after a second.
        state.setdefault("_first_run", time.monotonic())
        show_the_rest_soon()
        return
    state.pop("url_problems", None)
    sidebar(options, page)
    with right:
        details(page)
    # Only the open tab runs (on_change="rerun"): no chart is computed or loaded unseen.
    tabs = st.tabs(list(TABS), key="tab", on_change="rerun")
    for tab, section in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                section(page)
    sync_url()  # the summary choice is made below the map


main()
