"""geoplan: the planners' map app. Run ``streamlit run app.py``.

A thin shell: widgets → :mod:`geoplan` calls → ``st_folium``; every number
shown comes from the geoplan API, so the app, the CLI and Python agree. The
view lives in the URL (:class:`geoplan.app.view.View`). ``GEOPLAN_RECORDS_DIR``
points the app at another records folder (the tests use ``tests/data/records``).
"""

from __future__ import annotations

import copy
import functools
import math
import os
import time
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geoplan
from geoplan import maps, query
from geoplan.app import exports, panels
from geoplan.app import view as views
from geoplan.app.view import View
from geoplan.errors import GeoplanError
from geoplan.maps import Basemap, popups
from geoplan.query import RecordFilter

RECORDS_DIR = os.environ.get("GEOPLAN_RECORDS_DIR") or None
# All the app uses of map events (geoplan.app.view.focus_of_click): pans and zooms never rerun it.
MAP_RETURNS = ["last_clicked", "last_object_clicked_count", "last_active_drawing"]
FORM_KEYS = tuple(View().to_form())
esc = popups.markdown_escape
state = st.session_state

st.set_page_config(page_title="geoplan 规划空间地图", layout="wide")


# ----------------------------------------------------------------------------- cached work


@st.cache_resource(show_spinner="正在载入行政区划、空间格局和项目数据…")
def load_atlas(records_dir: str | None) -> geoplan.Atlas:
    atlas = geoplan.load(records_dir=records_dir)
    _ = atlas.records  # read once, shared by every session
    return atlas


@st.cache_resource(show_spinner=False, max_entries=64)
def filtered(_atlas: geoplan.Atlas, records_dir: str | None, flt: RecordFilter) -> gpd.GeoDataFrame:
    return query.filter_records(_atlas.records, flt, _atlas)


@st.cache_resource(show_spinner="正在绘制底图…", max_entries=16)
def base_map(
    _atlas: geoplan.Atlas, records_dir: str | None, grouping: str | None, basemap: Basemap
) -> folium.Map:
    # Only the chosen base layer is offered, so the datum of a click is known.
    layers = [grouping] if grouping is not None else []
    return _atlas.map(
        layers, basemap=basemap, basemaps=(basemap,), assets_mode="links", with_popups=False
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def record_overlay(
    _atlas: geoplan.Atlas, records_dir: str | None, flt: RecordFilter, gcj: bool, circles: bool
) -> folium.FeatureGroup:
    chosen = filtered(_atlas, records_dir, flt)
    layers = _atlas.record_layers(flt.record_layers, chosen, footprints=circles)
    return maps.record_overlay(layers, gcj=gcj, with_popups=False)


@st.cache_resource(show_spinner=False)
def cached_stated(_atlas: geoplan.Atlas, records_dir: str | None, plans: tuple[str, ...]) -> Any:
    return panels.stated_table(_atlas, plans)


# ----------------------------------------------------------------------------- state


def current_view() -> View:
    return View.from_form({k: state[k] for k in FORM_KEYS}, years=state.get("_years"))


def set_focus(value: str) -> None:
    state["focus"] = value


def on_map_change() -> None:
    state["map_drawn"] = True  # the map's first report: time for the rest of the page
    value = state.get("map") or {}
    focus = views.focus_of_click(
        value, state.get("_map_seen") or {}, gcj=state["basemap"] == "gaode"
    )
    state["_map_seen"] = value
    if focus:
        set_focus(focus)


def on_table_select() -> None:
    rows = state["table"]["selection"]["rows"]
    if rows:
        set_focus(f"record:{state['_table_ids'][rows[0]]}")


def reset_filters() -> None:
    blank = View(grouping=None).to_form()
    keys = ("kinds", "boxes", "units", "members", "invest", "area_ha", "precisions", "q")
    state.update({k: blank[k] for k in keys})
    state.pop("period", None)


# ----------------------------------------------------------------------------- sidebar


@st.cache_resource(show_spinner=False)
def vocabulary(_atlas: geoplan.Atlas, records_dir: str | None) -> dict[str, Any]:
    return panels.vocabulary(_atlas)


def choices(atlas: geoplan.Atlas) -> dict[str, Any]:
    """The widgets' options in this state; values no longer offered leave the state."""
    known = vocabulary(atlas, RECORDS_DIR)
    grouping = None if state["grouping"] == "none" else state["grouping"]  # the widget's "none"
    options = panels.options(known, atlas, plans=state["plans"], grouping=grouping)
    for key in ("plans", "layers", "kinds", "boxes", "units", "members", "precisions"):
        state[key] = [v for v in state[key] if v in options[key]]
    years = state["_years"] = options["years"]
    if years:  # keep the period inside the data's years
        low, high = state.get("period") or years
        state["period"] = (max(min(low, years[1]), years[0]), min(max(high, years[0]), years[1]))
    return options


def sidebar(options: dict[str, Any], has_records: bool) -> None:
    side = st.sidebar

    def multi(label: str, key: str, **kwargs: Any) -> None:
        labels = options[key]
        side.multiselect(label, list(labels), key=key, format_func=labels.__getitem__, **kwargs)

    side.header("显示内容")
    multi("规划", "plans", placeholder="全部规划")
    grouping = options["grouping"]
    side.selectbox("空间格局", list(grouping), key="grouping", format_func=grouping.__getitem__)
    multi(
        "项目图层", "layers", disabled=not options["layers"],
        placeholder="全部筛选出的项目" if options["layers"] else "暂无项目图层",
        help="规划中成组列出的项目（layers/ 中的项目图层），按各自分类着色",
    )  # fmt: skip
    side.toggle(
        "用地面积示意圈", key="footprints",
        help="在项目点处画出面积等于规划用地面积的圆；圆形与位置均为示意",
    )  # fmt: skip
    side.radio(
        "底图", views.BASEMAPS, key="basemap", horizontal=True,
        format_func=lambda b: maps.BASEMAPS[b][0],
        help="无底图时完全离线；OpenStreetMap、高德地图需联网。高德为 GCJ-02 坐标，图层自动对齐。",
    )  # fmt: skip
    side.header("筛选项目")
    if not has_records:
        side.info("尚无项目数据：data/records/ 中还没有规划项目表，可先浏览空间格局。")
        return
    side.text_input("搜索", key="q", placeholder="名称、选址或四至中的文字")
    multi("类型", "kinds", placeholder="全部")
    multi("专栏或行动", "boxes", placeholder="全部")
    multi("区县或地市", "units", placeholder="全部")
    multi(
        "格局成员", "members", disabled=not options["members"],
        placeholder="全部" if options["members"] else "先选择空间格局",
        help="所选空间格局中某些成员（如 金衢丽服务业经济圈）范围内的项目",
    )  # fmt: skip
    if options["years"]:
        # value= makes these range sliders; their state comes from session state (the URL)
        years = options["years"]
        side.slider("建设期限（与所选年份有交集）", *years, value=years, key="period")
    for key, label, steps, unit in (
        ("invest", "总投资", views.INVEST_STEPS, "亿元"),
        ("area_ha", "用地面积", views.AREA_STEPS, "公顷"),
    ):
        side.select_slider(
            f"{label}（{unit}）", sorted(set(steps) | set(state[key])),
            value=(steps[0], steps[-1]), key=key,
            format_func=lambda v: "不限" if math.isinf(v) else f"{v:g}",
            help=f"选定范围后，未注明{label}的项目不显示",
        )  # fmt: skip
    multi("定位精度", "precisions", placeholder="全部")
    side.button("清除筛选", on_click=reset_filters)


# ----------------------------------------------------------------------------- panels


def metrics(chosen: pd.DataFrame, total: int) -> None:
    t, cols = query.totals(chosen), st.columns(5)
    placed = int((chosen["precision"] != "unplaced").sum())
    cols[0].metric("项目（筛选 / 全部）", f"{t['records']} / {total}")
    cols[1].metric("总投资（亿元）", f"{t['investment_total']:,.1f}", help="注明总投资的项目之和")
    cols[2].metric("规划期投资（亿元）", f"{t['investment_period']:,.1f}")
    cols[3].metric("用地面积（km²）", f"{t['land_area_km2']:,.2f}", help="注明用地面积的项目之和")
    cols[4].metric("已定位", f"{placed}", help="区县、地市精度的位置是区内示意点，并非实际位置")


def the_map(atlas: geoplan.Atlas, view: View) -> None:
    m = copy.deepcopy(base_map(atlas, RECORDS_DIR, view.grouping, view.basemap))
    overlay = record_overlay(
        atlas, RECORDS_DIR, view.filter, view.basemap == "gaode", view.footprints
    )
    st_folium(
        m, key="map", height=620, use_container_width=True, returned_objects=MAP_RETURNS,
        feature_group_to_add=copy.deepcopy(overlay), on_change=on_map_change,
    )  # fmt: skip


def fields_table(pairs: list[tuple[str, str]]) -> None:
    if pairs:
        st.table(pd.DataFrame(pairs, columns=["字段", "内容"]).set_index("字段"))


def details(atlas: geoplan.Atlas, view: View, chosen: gpd.GeoDataFrame) -> None:
    names = dict(zip(chosen["record_id"], chosen["name"], strict=True))
    st.selectbox(
        "查看项目", list(names), index=None, key="pick", placeholder="按名称查找项目…",
        format_func=names.__getitem__, on_change=lambda: set_focus(f"record:{state['pick']}"),
    )  # fmt: skip
    kind, _, name = view.focus.partition(":")
    records = atlas.records
    if kind == "record" and name in set(records["record_id"]):
        row = records[records["record_id"] == name].iloc[0]
        st.markdown(f"#### {esc(str(row['name']))}")
        if name not in names:
            st.caption("此项目不在当前筛选结果中。")
        fields_table(popups.record_fields(row))
        st.caption(esc(popups.CAVEATS.get(str(row["precision"]), "")))
        st.markdown("**原文**")
        st.markdown(esc(str(row["text"])))
        st.caption(esc(popups.record_source(row, str(row["plan_title"]))))
    elif kind == "member" and view.grouping:
        member_details(atlas, view, name, chosen)
    elif kind == "point":
        point_details(atlas, name, chosen)
    else:
        st.info("点击地图上的项目点或格局成员，这里显示详情。")


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


def record_table(atlas: geoplan.Atlas, view: View, chosen: pd.DataFrame) -> None:
    if chosen.empty:
        st.info("没有符合条件的项目。")
        return
    state["_table_ids"] = chosen["record_id"].tolist()
    table = exports.records_table(chosen, exports.TABLE_COLUMNS)
    st.dataframe(
        table, hide_index=True, key="table", on_select=on_table_select,
        selection_mode="single-row", placeholder="—",
    )  # fmt: skip
    st.caption("选中一行，右侧显示其详情。投资单位亿元，面积单位 m²。")


def compare(atlas: geoplan.Atlas, view: View, chosen: pd.DataFrame) -> None:
    labels = {"member": "按格局成员", "county": "按区县", "city": "按地市"}
    by = st.radio(
        "比较", views.SUMMARY_BY, key="by", horizontal=True, format_func=labels.__getitem__,
        persist_state="session",  # the URL's choice survives while this tab is closed
    )  # fmt: skip
    if by == "member" and not view.grouping:
        st.info("请先在左侧选择空间格局，或改为按区县、地市比较。")
        return
    table = panels.summary_table(chosen, atlas, by=by, grouping=view.grouping)
    left, right = st.columns([3, 2])
    left.dataframe(table, placeholder="—")
    left.caption(esc(str(table.attrs.get("note", ""))))
    metric = right.selectbox("图表指标", list(table.columns[:4])) or table.columns[0]
    rows = table.drop(index=[query.GROUPING_LABEL, query.TOTAL_LABEL], errors="ignore")
    right.bar_chart(rows[metric], horizontal=True, sort=False, height=320)
    name = exports.file_name(f"summary_{by}", view.name_parts(atlas), "csv")
    data = exports.summary_csv(table, index_label=str(table.index.name))
    left.download_button("下载汇总表（CSV）", data, name, "text/csv", on_click="ignore")
    st.markdown("**规划自述合计与提取合计**（提取合计为全部已提取项目，不受筛选影响）")
    try:
        stated = cached_stated(atlas, RECORDS_DIR, view.filter.plans)
    except GeoplanError as err:
        st.info(esc(f"规划自述合计暂不可用：{err}"))
        return
    st.dataframe(stated, hide_index=True, placeholder="—")


def downloads(atlas: geoplan.Atlas, view: View, chosen: gpd.GeoDataFrame) -> None:
    parts = view.name_parts(atlas)
    layers = [*([view.grouping] if view.grouping else []), *view.filter.record_layers]

    def map_html() -> bytes:
        title = f"筛选条件：{'，'.join(parts)}" if parts else ""
        m = atlas.map(  # type: ignore[arg-type]
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


# ----------------------------------------------------------------------------- page


@st.fragment(run_every=1.0)
def show_the_rest_soon() -> None:
    if not state.get("map_drawn") and time.monotonic() - state["_first_run"] > 0.9:
        state["map_drawn"] = True
        st.rerun(scope="app")


def main() -> None:
    try:
        atlas = load_atlas(RECORDS_DIR)
    except GeoplanError as err:
        st.error(esc(f"数据载入失败：{err}"))
        st.stop()
    if "started" not in state:  # a session's first run: the URL decides every widget
        view, state["url_problems"] = View.from_params(st.query_params.to_dict(), atlas)
        state.update(view.to_form(), started=True)
    records = atlas.records
    options = choices(atlas)
    view = current_view()
    st.title("浙江规划空间地图")
    st.caption("五部规划中的空间格局与项目：点击地图查看详情，左侧筛选，下方列表、对比与导出。")
    for problem in state.get("url_problems", []):
        st.warning(esc(problem))
    chosen = filtered(atlas, RECORDS_DIR, view.filter)
    if records.empty:
        st.info("尚无项目数据：规划项目表（data/records/）生成后，这里显示项目点、统计和对比。")
    else:
        metrics(chosen, len(records))
    left, right = st.columns([5, 2])
    with left:
        the_map(atlas, view)
    if not state.get("map_drawn"):
        # A session's first run sends the map alone, so the browser draws it undisturbed;
        # the map's first report (streamlit-folium sends one once drawn) reruns the app
        # with everything. Without a report, the rest comes anyway after a second.
        state.setdefault("_first_run", time.monotonic())
        show_the_rest_soon()
        return
    state.pop("url_problems", None)
    sidebar(options, not records.empty)
    with right:
        details(atlas, view, chosen)
    # Only the open tab runs (on_change="rerun"): no chart is computed or loaded unseen.
    tabs = st.tabs(["项目列表", "对比汇总", "导出"], key="tab", on_change="rerun")
    for tab, panel in zip(tabs, (record_table, compare, downloads), strict=True):
        if tab.open:
            with tab:
                panel(atlas, view, chosen)
    params = current_view().to_params()  # the summary choice is made below the map
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


main()
