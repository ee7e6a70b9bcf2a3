"""What the 规划对比 tab shows, without Streamlit: two plans' records matched, as tables and maps.

The comparison is :meth:`geoplan.Atlas.compare`'s (the same as ``geoplan
compare A B``); this module picks a sensible first pair, turns the table into
one for people (Chinese headings and statuses, the changes in area and
investment) and draws each plan's side, or both on one map, from
:mod:`geoplan.maps.comparison`. The side-by-side maps move together
(:func:`geoplan.maps.tools.sync_views`).

Examples
--------
>>> from geoplan.plans import read_plans
>>> default_pair(read_plans())
('000', '002')
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import TYPE_CHECKING, Literal

import pandas as pd

from geoplan import compare, maps
from geoplan.maps import comparison, tools

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from geoplan.plans import Plan

__all__ = [
    "SYNC_GROUP",
    "TABLE_COLUMNS",
    "comparison_legend",
    "default_pair",
    "people_table",
    "plan_label",
    "side_map",
]

#: The maps side by side follow each other as this group.
SYNC_GROUP = "geoplan-compare"
#: The columns of the table shown, in order (headings: :data:`geoplan.compare.COLUMNS`).
TABLE_COLUMNS = (
    "status", "plan_title", "name", "unit_name", "match_name", "confidence", "evidence",
    "land_area_before_m2", "land_area_after_m2", "land_area_change_m2", "investment_before",
    "investment_after", "investment_change", "record_id", "match_record_id", "line_start",
)  # fmt: skip


def default_pair(plans: Mapping[str, Plan]) -> tuple[str, str] | None:
    """Return two plans worth comparing first: of one region, from different periods.

    The first such pair in registry order; else the first two plans; ``None``
    with fewer than two.
    """
    for a, b in combinations(plans.values(), 2):
        if a.region == b.region and a.period != b.period:
            return a.id, b.id
    ids = list(plans)
    return (ids[0], ids[1]) if len(ids) >= 2 else None


def people_table(table: pd.DataFrame) -> pd.DataFrame:
    """Return a comparison for people: Chinese headings and values, changes in 公顷 and 亿元."""
    out = pd.DataFrame(table[list(TABLE_COLUMNS)]).copy()
    out["status"] = out["status"].map(compare.STATUS_LABELS)
    for column in ("land_area_before_m2", "land_area_after_m2", "land_area_change_m2"):
        out[column] = (out[column] / 1e4).round(2)
    headings = {c: compare.COLUMNS[c] for c in TABLE_COLUMNS}
    for column in ("land_area_before_m2", "land_area_after_m2", "land_area_change_m2"):
        headings[column] = headings[column].replace("(m²)", "(公顷)")
    return out.rename(columns=headings)


def side_map(
    table: pd.DataFrame,
    records: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    side: Literal["both", "earlier", "later"],
) -> folium.Map:
    """Return the map of one side of a comparison (or both), ready for the app."""
    m = comparison.comparison_map(
        table, records, units, side=side, assets_mode="links", basemaps=("none",), legend="none",
        with_popups=False,
    )  # fmt: skip
    return tools.sync_views(m, SYNC_GROUP) if side != "both" else m


def comparison_legend(table: pd.DataFrame, records: gpd.GeoDataFrame, side: str) -> str:
    """Return the legend of one side's map (HTML, escaped), to show beside it."""
    return maps.legend_html(comparison.comparison_layers(table, records, side=side))  # type: ignore[arg-type]


def plan_label(plan: Plan) -> str:
    """Return how the tab names a plan: its short name, id and period."""
    return f"{plan.short}（{plan.id}，{plan.period[0]}–{plan.period[1]}）"
