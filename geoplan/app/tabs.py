"""The tabs under the map: the record list, the summaries, the downloads."""

from __future__ import annotations

import functools
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

import geoplan
from geoplan import maps, query, schema
from geoplan.app import boundary_tab, cache, compare_tab, exports, panels, reading, upload_tab
from geoplan.app import view as views
from geoplan.app.session import Page, on_table_select
from geoplan.app.view import View
from geoplan.errors import GeoplanError
from geoplan.maps import popups

__all__ = ["TABS"]

esc = popups.markdown_escape
state = st.session_state


def record_table(page: Page) -> None:
    chosen = page.chosen
    if chosen.empty:
        st.info("没有符合条件的项目。")
        return
    listed = chosen.iloc[:TABLE_MAX_ROWS]  # a browser table of 100,000 rows is no use
    state["_table_ids"] = listed["record_id"].tolist()
    table = exports.records_table(listed, exports.TABLE_COLUMNS)
    words = query.search_words(page.view.filter.text)
    shown: Any = table
    if words:  # where each record matches, the words in 【】; matching cells highlighted
        table.insert(2, MATCH_COLUMN, search_notes(listed, words))
        if len(table) <= HIGHLIGHT_MAX_ROWS:
            shown = table.style.map(lambda v: _HIT if _holds(v, words) else "")
    st.dataframe(
        shown, hide_index=True, key="table", on_select=on_table_select,
        selection_mode="single-row", placeholder="—",
    )  # fmt: skip
    if words and len(table) > HIGHLIGHT_MAX_ROWS:
        st.caption(
            f"超过 {HIGHLIGHT_MAX_ROWS} 项时不以底色标出匹配的单元格；“{MATCH_COLUMN}”一列仍列出"
            "每项匹配的文字。"
        )
    if len(chosen) > len(listed):
        st.caption(
            f"共 {len(chosen):,} 项，表中列出前 {len(listed):,} 项；请缩小筛选，"
            "或在“导出”中下载全部项目（CSV、GeoJSON）。"
        )
    st.caption("选中一行，右侧显示其详情。投资单位亿元，面积单位 m²。")


#: The most records the table lists (the map, the figures and the downloads keep them all).
TABLE_MAX_ROWS = 2_000
#: The most rows whose matching cells are highlighted: a styled table of 2,000 rows
#: takes Streamlit 0.7 s to send, on every run.
HIGHLIGHT_MAX_ROWS = 500


#: The record table's column saying where a searched record matches.
MATCH_COLUMN = "匹配之处"
_HIT = "background-color: #fff3bf"
_LABELS = {f.name: f.label for f in schema.FIELDS}
# Where a match is shown from, best first: the name, the plan's own words, then the rest.
_NOTE_ORDER = ("name", "text", *(c for c in query.SEARCHED if c not in {"name", "text"}))


def search_notes(records: pd.DataFrame, words: list[str]) -> list[str]:
    """Return, per record, the first field holding a searched word, as a snippet."""
    columns = [c for c in _NOTE_ORDER if c in records.columns]
    labels = [_LABELS.get(c, c) for c in columns]
    text = records[columns].fillna("").astype(str)
    # which fields may hold a word, column by column; the snippet is made of the first only
    holds = np.zeros((len(text), len(columns)), dtype=bool)
    for j, column in enumerate(columns):
        folded = text[column].str.casefold()
        for word in words:
            holds[:, j] |= folded.str.contains(word, regex=False).to_numpy(dtype=bool)
    notes = []
    for i, values in enumerate(text.itertuples(index=False)):
        pairs = [(labels[j], values[j]) for j in np.flatnonzero(holds[i])]
        notes.append(reading.match_note(pairs, words) or "（类型或工程类别）")
    return notes


def _holds(value: object, words: list[str]) -> bool:
    text = str(value).casefold()
    return isinstance(value, str) and any(w in text for w in words)


def summaries(page: Page) -> None:
    atlas, view, chosen = page.atlas, page.view, page.chosen
    labels = {"member": "按格局成员", "county": "按区县", "city": "按地市"}
    by = st.radio(
        "比较", views.SUMMARY_BY, key="by", horizontal=True, format_func=labels.__getitem__,
        persist_state="session",  # the URL's choice survives while this tab is closed
    )  # fmt: skip
    if by == "member" and not view.grouping:
        st.info("请先在左侧选择空间格局，或改为按区县、地市比较。")
        return
    table = panels.summary_table(chosen, atlas, by=by, grouping=view.grouping)
    # members in their map colours, in the table and the chart alike
    grouping = atlas.grouping(view.grouping) if by == "member" and view.grouping else None
    colors = maps.member_colors(grouping) if grouping is not None else {}
    left, right = st.columns([3, 2])
    swatch = {"颜色": st.column_config.ImageColumn("颜色", width="small")}
    left.dataframe(panels.with_swatches(table, colors), placeholder="—", column_config=swatch)
    left.caption(esc(str(table.attrs.get("note", ""))))
    metric = right.selectbox("图表指标", list(table.columns[:4])) or table.columns[0]
    rows = table.drop(index=[query.GROUPING_LABEL, query.TOTAL_LABEL], errors="ignore")
    if colors:
        right.altair_chart(panels.member_bars(rows, metric, colors))
    else:
        right.bar_chart(rows[metric], horizontal=True, sort=False, height=320)
    name = exports.file_name(f"summary_{by}", view.name_parts(atlas), "csv")
    data = exports.summary_csv(table, index_label=str(table.index.name))
    left.download_button("下载汇总表（CSV）", data, name, "text/csv", on_click="ignore")
    st.markdown("**规划自述合计与提取合计**（提取合计为全部已提取项目，不受筛选影响）")
    try:
        stated = cache.cached_stated(atlas, page.records_dir, view.filter.plans)
    except GeoplanError as err:
        st.info(esc(f"规划自述合计暂不可用：{err}"))
        return
    st.dataframe(stated, hide_index=True, placeholder="—")


def downloads(page: Page) -> None:
    atlas, view, chosen = page.atlas, page.view, page.chosen
    parts = view.name_parts(atlas)
    layers = [*([view.grouping] if view.grouping else []), *view.filter.record_layers]

    def map_html() -> bytes:
        title = f"筛选条件：{'，'.join(parts)}" if parts else ""
        m = atlas.map(
            layers, records=chosen, basemap=view.basemap, title=title, footprints=view.footprints
        )
        return maps.to_html(m).encode("utf-8")

    name = exports.file_name("map", [*layers, *parts], "html")
    st.download_button(
        "下载当前地图（HTML，可离线打开）", map_html, name, "text/html", on_click="ignore",
        type="primary",
    )  # fmt: skip
    for fmt in exports.RECORD_FORMATS:
        st.download_button(
            f"下载筛选出的项目（{fmt.label}）", functools.partial(fmt.write, chosen),
            exports.file_name("records", parts, fmt.ext), fmt.mime, on_click="ignore",
            disabled=chosen.empty,
        )  # fmt: skip
    st.caption(f"共 {len(chosen)} 项；GeoJSON、GeoPackage 为 WGS-84 经纬度，未定位的项目无几何。")
    report_maps(atlas, view, chosen, layers)


def report_maps(
    atlas: geoplan.Atlas, view: View, chosen: gpd.GeoDataFrame, layers: list[str]
) -> None:
    """Print-ready maps of the current view: PDF and PNG at the paper the planner picks."""
    from geoplan.maps import printing  # noqa: PLC0415 - matplotlib only on this tab

    st.markdown("**报告用地图**（含标题、图例、比例尺、指北针、资料来源与日期，可直接插入 Word）")
    paper_col, side_col = st.columns(2)
    paper = paper_col.radio("纸张", printing.PAPERS, horizontal=True, key="print_paper")
    sides = {"landscape": "横版", "portrait": "竖版"}
    orientation = side_col.radio(
        "方向", list(sides), format_func=sides.__getitem__, horizontal=True, key="print_side"
    )
    try:
        printing.cjk_font()
    except GeoplanError as err:
        st.warning(esc(str(err)))
        return
    parts = view.name_parts(atlas)
    subtitle = f"筛选条件：{'，'.join(parts)}" if parts else ""
    for fmt, label, mime in (
        ("pdf", "PDF", "application/pdf"),
        ("png", "PNG，300 dpi", "image/png"),
    ):
        draw = functools.partial(
            atlas.print_map, layers, records=chosen, footprints=view.footprints, paper=paper,
            orientation=orientation, fmt=fmt, subtitle=subtitle,
        )  # fmt: skip
        name = exports.file_name("map", [*layers, *parts, f"{paper}{sides[orientation]}"], fmt)
        st.download_button(
            f"下载报告用地图（{label}，{paper}{sides[orientation]}）", draw, name, mime,
            on_click="ignore",
        )  # fmt: skip


#: The tabs under the map, in order: label → section.
TABS = {
    "项目列表": record_table,
    "对比汇总": summaries,
    "导出": downloads,
    boundary_tab.TAB: boundary_tab.boundary_room,
    upload_tab.TAB: upload_tab.upload_room,
    compare_tab.TAB: compare_tab.compare_room,
}
