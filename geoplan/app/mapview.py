"""The map and the figures above it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import geoplan
from geoplan import crs, maps, query
from geoplan.app import cache, mapframe
from geoplan.app.session import MAP_RETURNS, map_opening, on_map_change
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
    m = cache.base_map(atlas, records_dir, view.grouping, view.basemap)
    gcj = view.basemap == "gaode"
    overlay = cache.record_overlay(atlas, records_dir, view.filter, gcj, view.footprints)
    # the county or city filtered by, outlined; the map fits to it when it changes
    outline = cache.unit_outline(atlas, records_dir, view.filter.units, gcj)
    zoom, center = map_opening(view)  # a link's view, or the planner's when the map is new
    if center is not None and gcj:
        lon, lat = crs.wgs84_to_gcj02(*center)
        center = (float(lon), float(lat))
    # st_folium, with the cached map and overlays rendered once (geoplan.app.mapframe)
    selected = maps.selection_overlay(view.focus)  # small: drawn anew with each selection
    mapframe.show_map(
        m, key="map", height=620, returned_objects=MAP_RETURNS,
        groups=[overlay, outline, selected], on_change=on_map_change, zoom=zoom,
        center=None if center is None else (center[1], center[0]),
    )  # fmt: skip
