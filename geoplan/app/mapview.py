"""The map and the figures above it."""

from __future__ import annotations

import copy

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geoplan
from geoplan import maps, query
from geoplan.app import cache
from geoplan.app.session import MAP_RETURNS, on_map_change
from geoplan.app.view import View

__all__ = ["metrics", "the_map"]


def metrics(chosen: pd.DataFrame, total: int) -> None:
    """Show the selection's totals above the map."""
    t, cols = query.totals(chosen), st.columns(5)
    placed = int((chosen["precision"] != "unplaced").sum())
    cols[0].metric("项目（筛选 / 全部）", f"{t['records']} / {total}")
    cols[1].metric("总投资（亿元）", f"{t['investment_total']:,.1f}", help="注明总投资的项目之和")
    cols[2].metric("规划期投资（亿元）", f"{t['investment_period']:,.1f}")
    cols[3].metric("用地面积（km²）", f"{t['land_area_km2']:,.2f}", help="注明用地面积的项目之和")
    cols[4].metric(
        "已定位", f"{placed}", help="仅知区县、地市的项目计入地图上该区县、地市的数字圆标，不画成点"
    )


def the_map(atlas: geoplan.Atlas, records_dir: str | None, view: View) -> None:
    """Show the map: the cached base map with the filtered records and the selection added.

    The selection is a group of its own, so a click or a table row changes no
    marker: the browser keeps the records' table it has read (records.js).
    """
    m = copy.deepcopy(cache.base_map(atlas, records_dir, view.grouping, view.basemap))
    overlay = cache.record_overlay(
        atlas, records_dir, view.filter, view.basemap == "gaode", view.footprints
    )
    groups = [copy.deepcopy(overlay), maps.selection_overlay(view.focus)]
    st_folium(
        m, key="map", height=620, use_container_width=True, returned_objects=MAP_RETURNS,
        feature_group_to_add=groups, on_change=on_map_change,
    )  # fmt: skip
