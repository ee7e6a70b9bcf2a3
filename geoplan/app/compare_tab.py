"""The 规划对比 tab: any two plans (shipped or uploaded) matched, as a table, a CSV and maps.

What continued (延续), what is new (新增) and what the later plan no longer lists
(未再列入), with the matched record, the evidence, the confidence and the changes
in area and investment: :meth:`geoplan.Atlas.compare`, the same as ``geoplan
compare A B``. The two plans are drawn side by side on maps that move together,
or on one map coloured by status.
"""

from __future__ import annotations

import copy

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geoplan
from geoplan import compare
from geoplan.app import compare_view, exports, layout
from geoplan.app.session import Page
from geoplan.errors import GeoplanError
from geoplan.maps import popups

__all__ = ["TAB", "compare_room"]

#: The tab's label.
TAB = "规划对比"

esc = popups.markdown_escape
state = st.session_state
_MAP_PX = 460
_VIEWS = {"sides": "两图并排（联动缩放）", "one": "一张图（按状态着色）"}


# A fragment: the tab's own widgets (drawing, typing, picking) rerun the tab alone, not
# the page and its map; what changes the map (a save, an undo, a removal) reruns the app.
@st.fragment
def compare_room(page: Page) -> None:
    """Show the tab: two plans chosen, their counts, best matches, the table, the maps."""
    atlas = page.atlas
    plans = atlas.plans
    pair = compare_view.default_pair(plans)
    if pair is None:
        st.info("至少需要两个规划才能对比。")
        return
    for key, default in zip(("cmp_a", "cmp_b"), pair, strict=True):
        if state.get(key) not in plans:  # first visit, or an uploaded plan since removed
            state[key] = default
    first, second, third = st.columns([2, 2, 1], vertical_alignment="bottom")
    label = {p: compare_view.plan_label(plan) for p, plan in plans.items()}
    a = first.selectbox(
        "规划一", list(plans), key="cmp_a", persist_state="page", format_func=label.__getitem__
    )
    b = second.selectbox(
        "规划二", list(plans), key="cmp_b", persist_state="page", format_func=label.__getitem__
    )
    threshold = third.slider(
        "匹配置信度下限", 0.3, 0.9, compare.DEFAULT_THRESHOLD, 0.05, key="cmp_threshold",
        persist_state="page",
        help="两条记录的名称、位置、类型、面积等证据综合得出置信度，高于此值视为同一项目",
    )  # fmt: skip
    st.caption(
        "按规划期限先后比较：前一规划的项目在后一规划中“延续”或“未再列入”，后一规划独有的为“新增”。"
    )
    if a == b:
        st.warning("请选择两个不同的规划。")
        return
    try:
        table = _compared(atlas, page.records_dir, a, b, threshold)
    except GeoplanError as err:
        st.error(esc(f"无法对比：{err}"))
        return
    _summary(table, plans)
    _table(table, plans)
    _maps(atlas, page.records_dir, table, (a, b, threshold))


@st.cache_resource(show_spinner="正在比对两个规划的项目…", max_entries=16)
def _compared(
    _atlas: geoplan.Atlas, records_dir: str | None, a: str, b: str, threshold: float
) -> pd.DataFrame:
    return _atlas.compare(a, b, threshold=threshold)


def _summary(table: pd.DataFrame, plans: dict[str, geoplan.plans.Plan]) -> None:
    earlier, later = plans[table.attrs["earlier"]], plans[table.attrs["later"]]
    before, after = compare_view.plan_label(earlier), compare_view.plan_label(later)
    st.markdown(esc(f"前一规划：{before} → 后一规划：{after}"))
    counts, best = st.columns([1, 2])
    counts.dataframe(compare.status_counts(table))
    matches = compare.top_matches(table, 8).rename(columns=compare.COLUMNS)
    best.markdown("**最可信的对应**")
    best.dataframe(matches, hide_index=True, placeholder="—", height=240)


def _table(table: pd.DataFrame, plans: dict[str, geoplan.plans.Plan]) -> None:
    shown_col, search_col = st.columns([2, 3])
    statuses = shown_col.multiselect(
        "状态", list(compare.STATUSES), format_func=compare.STATUS_LABELS.__getitem__,
        key="cmp_status", persist_state="page", placeholder="全部状态",
    )  # fmt: skip
    words = search_col.text_input(
        "搜索名称", key="cmp_q", persist_state="page", placeholder="名称中的文字"
    ).strip()
    rows = table
    if statuses:
        rows = rows[rows["status"].isin(statuses)]
    if words:
        hit = rows["name"].str.contains(words, regex=False) | rows["match_name"].str.contains(
            words, regex=False
        )
        rows = rows[hit]
    st.dataframe(compare_view.people_table(rows), hide_index=True, placeholder="—", height=360)
    names = [plans[p].short for p in (table.attrs["earlier"], table.attrs["later"])]
    st.download_button(
        "下载对比表（CSV，每条记录一行）", compare.comparison_csv(table),
        exports.file_name("compare", names, "csv"), "text/csv", on_click="ignore", key="cmp_csv",
    )  # fmt: skip
    st.caption(f"共 {len(table)} 行（显示 {len(rows)} 行）；面积单位公顷，投资单位亿元。")


def _maps(
    atlas: geoplan.Atlas, records_dir: str | None, table: pd.DataFrame, key: tuple[str, str, float]
) -> None:
    how = st.radio(
        "地图", list(_VIEWS), format_func=_VIEWS.__getitem__, key="cmp_view",
        persist_state="page", horizontal=True,
    )  # fmt: skip
    sides = ("earlier", "later") if how == "sides" else ("both",)
    columns = st.columns(len(sides))
    for column, side in zip(columns, sides, strict=True):
        m = _side_map(atlas, records_dir, *key, side)
        title = table.attrs.get(side, "")
        plan = atlas.plans.get(title)
        with column:
            if plan is not None:
                st.markdown(f"**{esc(compare_view.plan_label(plan))}**")
            st.html(layout.map_frame_style(f"cmp-{side}", _MAP_PX))
            with st.container(key=f"cmp-{side}"):
                st_folium(
                    copy.deepcopy(m), key=f"cmp_map_{side}", height=_MAP_PX,
                    use_container_width=True, returned_objects=[],
                )  # fmt: skip
            st.html(compare_view.comparison_legend(table, atlas.records, side))


@st.cache_resource(show_spinner="正在绘制对比地图…", max_entries=16)
def _side_map(
    _atlas: geoplan.Atlas, records_dir: str | None, a: str, b: str, threshold: float, side: str
) -> folium.Map:
    table = _compared(_atlas, records_dir, a, b, threshold)
    return compare_view.side_map(table, _atlas.records, _atlas.units(), side)  # type: ignore[arg-type]
