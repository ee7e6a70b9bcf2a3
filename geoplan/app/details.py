"""The details beside the map: a record, a grouping member, or the county at a clicked point."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import geoplan
from geoplan import plans, query
from geoplan.app import boundary_tab, exports, reading
from geoplan.app.session import Page, set_focus
from geoplan.app.view import View
from geoplan.errors import GeoplanError
from geoplan.maps import popups
from geoplan.maps.style import UNIT_PRECISIONS

__all__ = ["details"]

esc = popups.markdown_escape
state = st.session_state


def fields_table(pairs: list[tuple[str, str]]) -> None:
    """Show label–value pairs as a two-column table."""
    if pairs:
        st.table(pd.DataFrame(pairs, columns=["字段", "内容"]).set_index("字段"))


#: The most records the 查看项目 list offers (the search narrows the rest; the map shows all).
PICK_MAX = 1_000


def details(page: Page) -> None:
    """Show what the view's focus points at: a record, a member or a clicked county."""
    atlas, view, chosen = page.atlas, page.view, page.chosen
    listed = chosen.iloc[:PICK_MAX]  # a list of 100,000 names takes the browser 20 s to draw
    names = dict(zip(listed["record_id"], listed["name"], strict=True))
    more = len(chosen) - len(listed)
    st.selectbox(
        "查看项目", list(names), index=None, key="pick",
        placeholder=f"按名称查找项目（列出前 {PICK_MAX:,} 项）…" if more else "按名称查找项目…",
        help=f"筛选结果共 {len(chosen):,} 项，此处列出前 {PICK_MAX:,} 项；"
        "其余项目请用左侧“搜索”缩小范围，或在地图上点击查看。" if more else None,
        format_func=names.__getitem__, on_change=lambda: set_focus(f"record:{state['pick']}"),
    )  # fmt: skip
    kind, _, name = view.focus.partition(":")
    records = atlas.records
    found = records["record_id"] == name if kind == "record" else None
    if found is not None and found.any():
        row = records[found].iloc[0]
        in_view = bool((chosen["record_id"] == name).any())
        record_details(row, in_view=in_view, words=query.search_words(view.filter.text))
        boundary_tab.open_button(name)
    elif kind == "member" and view.grouping:
        member_details(atlas, view, name, chosen)
    elif kind == "point":
        point_details(atlas, name, chosen)
    elif kind == "unit":
        unit_details(atlas, name, chosen)
    else:
        st.info("点击地图上的项目点、区县数字圆标或格局成员，这里显示详情。")


def record_details(row: pd.Series, *, in_view: bool, words: list[str]) -> None:
    """Show a record: its fields and its plan's words, the searched words marked."""
    st.markdown(f"#### {esc(str(row['name']))}")
    if not in_view:
        st.caption("此项目不在当前筛选结果中。")
    # HTML, not Markdown: plan text is escaped and shown as it is, the searched words marked
    st.html(reading.fields_html(popups.record_fields(row), words))
    st.caption(esc(popups.CAVEATS.get(str(row["precision"]), "")))
    st.markdown("**原文**")
    st.html(f'<div class="gp-raw">{reading.marked(str(row["text"]), words)}</div>')
    st.caption(esc(popups.record_source(row, str(row["plan_title"]))))
    plan_context(str(row["plan"]), int(row["line_start"]), int(row["line_end"]), words)


def plan_context(plan_id: str, start: int, end: int, words: list[str]) -> None:
    """Show the cited lines among their neighbours, and a way to the whole plan at them."""
    try:
        lines = plans.plan_lines(plan_id)
    except GeoplanError as err:  # a plan whose text is not at hand
        st.caption(esc(f"规划全文不可用：{err}"))
        return
    cited = f"第 {start} 行" if start == end else f"第 {start}–{end} 行"
    st.markdown(f"**规划原文（{cited}，前后各 {reading.CONTEXT_LINES} 行）**")
    st.html(reading.lines_html(lines, start, end, words=words))
    if st.button(f"打开规划全文，定位到{cited}", key="open_plan"):
        whole_plan(plan_id, start, end, words)


@st.dialog("规划全文", width="large")
def whole_plan(plan_id: str, start: int, end: int, words: list[str]) -> None:
    """Show the whole plan, opened at the cited lines (marked), every line numbered."""
    plan, lines = plans.get_plan(plan_id), plans.plan_lines(plan_id)
    cited = f"第 {start} 行" if start == end else f"第 {start}–{end} 行"
    st.markdown(f"**{esc(plan.title)}**")
    st.caption(esc(f"共 {len(lines)} 行；黄色为项目所引的{cited}。"))
    # an iframe of its own: escaped text, one fixed script that scrolls to the line
    st.iframe(reading.plan_page(lines, start, end, title=plan.title, words=words), height=560)


def summary_line(what: str, records: pd.DataFrame) -> None:
    t = query.totals(records)
    st.markdown(
        esc(f"{what}（按当前筛选）：{t['records']} 项，总投资 {t['investment_total']:,.1f} 亿元，")
        + esc(f"规划期投资 {t['investment_period']:,.1f} 亿元，用地 {t['land_area_km2']:,.2f} km²")
    )


def member_details(atlas: geoplan.Atlas, view: View, name: str, chosen: pd.DataFrame) -> None:
    table = atlas.grouping(str(view.grouping))
    if name not in set(table["member"]):
        return
    row, spec = table[table["member"] == name].iloc[0], atlas.registry.get(str(view.grouping))
    st.markdown(f"#### {esc(name)}")
    fields_table(popups.member_fields(row, spec.title))
    inside = atlas.records_in(row)
    inside = inside[inside["record_id"].isin(chosen["record_id"])]
    summary_line("范围内项目", inside)
    if len(inside):
        columns = ["name", "unit_name", "investment_total", "land_area_m2"]
        st.dataframe(
            exports.records_table(inside, columns), hide_index=True, height=240, placeholder="—"
        )
    st.caption(esc(popups.member_source(row, atlas.plans[spec.plan].title)))
    st.button("只看此成员的项目", on_click=lambda: state.update(members=[name]))


def point_details(atlas: geoplan.Atlas, where: str, chosen: pd.DataFrame) -> None:
    lon, lat = (float(v) for v in where.split(","))
    try:
        found = atlas.unit_at(lon, lat)
    except GeoplanError:  # far outside Zhejiang
        found = atlas.units().iloc[:0]
    if found.empty:
        st.info("所点位置不在浙江省任何区县的范围内。")
        return
    adcode = str(found.index[0])
    st.markdown(f"#### {esc(str(found['name'].iloc[0]))}")
    st.caption(f"经度 {lon:.4f}，纬度 {lat:.4f}（WGS-84）")
    summary_line("区内项目", query.records_in_units(chosen, [adcode], atlas.gazetteer.units))
    st.button("只看此区县的项目", on_click=lambda: state.update(units=[adcode]))


def unit_details(atlas: geoplan.Atlas, adcode: str, chosen: pd.DataFrame) -> None:
    """Show a unit's count badge opened: its records known only by unit, to pick from."""
    units = atlas.gazetteer.units
    if adcode not in units.index:
        return
    st.markdown(f"#### {esc(str(units.loc[adcode, 'name']))}")
    inside = query.records_in_units(chosen, [adcode], units)
    vague = inside[inside["precision"].isin(UNIT_PRECISIONS)]
    st.caption(esc(f"位置仅知所在区县或地市的项目 {len(vague)} 项：地图上计入数字圆标，不画成点。"))
    summary_line("区内全部项目", inside)
    if len(vague):
        columns = ["name", "unit_name", "investment_total", "precision"]
        st.dataframe(
            exports.records_table(vague, columns), hide_index=True, height=240, placeholder="—"
        )
        names = dict(zip(vague["record_id"], vague["name"], strict=True))
        st.selectbox(
            "查看其中的项目", list(names), index=None, key="pick_in_unit", placeholder="选择项目…",
            format_func=names.__getitem__,
            on_change=lambda: set_focus(f"record:{state['pick_in_unit']}"),
        )  # fmt: skip
    st.button("只看此区域的项目", on_click=lambda: state.update(units=[adcode]))
