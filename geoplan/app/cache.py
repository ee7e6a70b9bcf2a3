"""The app's cached work: loaded once per server, shared by every session.

Every function takes the records folder (``GEOPLAN_RECORDS_DIR``) as an
argument so that two folders never share an entry; arguments starting with
``_`` are not hashed (the atlas is one per folder). After :func:`load_atlas`,
that argument is :func:`data_key`'s: the folder and the user store's version,
so a boundary saved or a plan uploaded (in any session or process) shows at once.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import streamlit as st

import geoplan
from geoplan import maps, query
from geoplan.app import panels
from geoplan.maps import Basemap, style
from geoplan.maps.records import Table, record_table
from geoplan.maps.style import LegendSection
from geoplan.query import RecordFilter

__all__ = [
    "base_map",
    "cached_stated",
    "data_key",
    "filtered",
    "load_atlas",
    "map_legend",
    "record_overlay",
    "records_table",
    "unit_outline",
    "vocabulary",
]


@st.cache_resource(show_spinner="正在载入行政区划、空间格局和项目数据…")
def load_atlas(records_dir: str | None) -> geoplan.Atlas:
    """Load the atlas of a records folder once per server; every session shares it."""
    atlas = geoplan.load(records_dir=records_dir)
    _ = atlas.records  # read once, shared by every session
    return atlas


@st.cache_resource(show_spinner=False)
def _seen_versions(records_dir: str | None) -> dict[str, tuple[int, int]]:
    return {}


def data_key(atlas: geoplan.Atlas, records_dir: str | None) -> str:
    """Return the key of everything cached from the atlas's records: folder and store version.

    When the user store has changed since the atlas read its records (another
    session or process saved a boundary or a plan), the atlas reads them again.
    """
    version = atlas.store.version()
    seen = _seen_versions(records_dir)
    if seen.setdefault("version", version) != version:
        atlas.refresh_records()
        seen["version"] = version
    return f"{records_dir or ''}@{version[0]}.{version[1]}"


@st.cache_resource(show_spinner=False, max_entries=64)
def filtered(_atlas: geoplan.Atlas, records_dir: str | None, flt: RecordFilter) -> gpd.GeoDataFrame:
    """Return the records a filter keeps (cached per filter)."""
    return query.filter_records(_atlas.records, flt, _atlas)


@st.cache_resource(show_spinner="正在绘制底图…", max_entries=16)
def base_map(
    _atlas: geoplan.Atlas, records_dir: str | None, grouping: str | None, basemap: Basemap
) -> folium.Map:
    """Return the map without records: boundaries and the grouping, for one base map."""
    # Only the chosen base layer is offered, so the datum of a click is known.
    layers = [grouping] if grouping is not None else []
    return _atlas.map(
        layers, basemap=basemap, basemaps=(basemap,), assets_mode="links", with_popups=False,
        legend="none",  # the legend is beside the map (map_legend)
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=64)
def record_overlay(
    _atlas: geoplan.Atlas, records_dir: str | None, flt: RecordFilter, gcj: bool, circles: bool
) -> folium.FeatureGroup:
    """Return the filtered records as one feature group to add to the base map.

    Its layers draw rows of the table of all records (:func:`records_table`),
    which the browser reads once, not a table per filter.
    """
    chosen = filtered(_atlas, records_dir, flt)
    layers = _atlas.record_layers(flt.record_layers, chosen, footprints=circles)
    table = records_table(_atlas, records_dir)
    return maps.record_overlay(layers, gcj=gcj, with_popups=False, table=table)


@st.cache_resource(show_spinner=False, max_entries=4)
def records_table(_atlas: geoplan.Atlas, records_dir: str | None) -> Table:
    """Return the map's table of every placed record (ids and names; details come on click)."""
    records = _atlas.records
    columns = [c for c in ("record_id", "name", "investment_total") if c in records.columns]
    placed = records.loc[records.geometry.notna(), [*columns, "geometry"]]  # not a copy of all
    return record_table([maps.MapLayer("records:all", "", "records", placed)], with_popups=False)


@st.cache_resource(show_spinner=False, max_entries=64)
def unit_outline(
    _atlas: geoplan.Atlas, records_dir: str | None, adcodes: tuple[str, ...], gcj: bool
) -> folium.FeatureGroup:
    """Return the outline of the units filtered by; the map fits to them when they change."""
    units = _atlas.gazetteer.units
    return maps.unit_outline(units.loc[[a for a in adcodes if a in units.index]], gcj=gcj)


@st.cache_resource(show_spinner=False, max_entries=64)
def map_legend(
    _atlas: geoplan.Atlas,
    records_dir: str | None,
    grouping: str | None,
    flt: RecordFilter,
    circles: bool,
) -> str:
    """Return the legend shown beside the map (HTML, escaped): the grouping's, then the records'.

    The records' sections are those of the layers :func:`record_overlay` draws,
    so the legend names the colours the map shows (a record layer's boxes).
    """
    chosen = filtered(_atlas, records_dir, flt)
    layers = _atlas.record_layers(flt.record_layers, chosen, footprints=circles)
    return maps.legend_html(layers, first=_grouping_legend(_atlas, records_dir, grouping))


@st.cache_resource(show_spinner=False, max_entries=16)
def _grouping_legend(
    _atlas: geoplan.Atlas, records_dir: str | None, grouping: str | None
) -> list[LegendSection]:
    """Return a grouping's legend sections (the same for every filter; 0.3 s to make)."""
    if grouping is None:
        return []
    # the legend needs no boundary detail: the overview's is cached and small
    layers = _atlas.map_layers([grouping], detail="overview")
    return style.legends([layer for layer in layers if layer.kind == "grouping"])


@st.cache_resource(show_spinner=False)
def cached_stated(_atlas: geoplan.Atlas, records_dir: str | None, plans: tuple[str, ...]) -> Any:
    """Return the totals the plans state beside the extracted sums."""
    return panels.stated_table(_atlas, plans)


@st.cache_resource(show_spinner=False)
def vocabulary(_atlas: geoplan.Atlas, records_dir: str | None) -> dict[str, Any]:
    """Return what the choice widgets can offer, from the data."""
    return panels.vocabulary(_atlas)
