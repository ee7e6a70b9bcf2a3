"""The left panel: what to show (plans, grouping, layers, base map) and the record filters."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import streamlit as st

import geoplan
from geoplan import maps
from geoplan.app import cache, panels
from geoplan.app import view as views
from geoplan.app.session import Page, reset_filters
from geoplan.maps import popups

__all__ = ["choices", "sidebar"]

esc = popups.markdown_escape
state = st.session_state
# How many left-out records the sidebar names before "…".
_NAMED = 12


def choices(atlas: geoplan.Atlas, records_dir: str | None) -> dict[str, Any]:
    """Return the widgets' options in this state; values no longer offered leave the state."""
    known = cache.vocabulary(atlas, records_dir)
    grouping = None if state["grouping"] == "none" else state["grouping"]  # the widget's "none"
    options = panels.options(known, atlas, plans=state["plans"], grouping=grouping)
    for key in ("plans", "layers", "kinds", "boxes", "units", "members", "precisions"):
        state[key] = [v for v in state[key] if v in options[key]]
    years = state["_years"] = options["years"]
    if years:  # keep the period inside the data's years
        low, high = state.get("period") or years
        state["period"] = (max(min(low, years[1]), years[0]), min(max(high, years[0]), years[1]))
    return options


def sidebar(options: dict[str, Any], page: Page) -> None:
    """Show the left panel: what to draw, then the record filters."""
    side, has_records = st.sidebar, not page.atlas.records.empty

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
    side.text_input(
        "搜索", key="q", placeholder="名称、原文、选址、四至、责任单位…",
        help="在项目的所有文字中查找（含规划原文）；多个词用空格分开，须全部出现",
    )  # fmt: skip
    multi("类型", "kinds", placeholder="全部")
    multi("专栏或行动", "boxes", placeholder="全部")
    multi("区县或地市", "units", placeholder="全部")
    citywide(page)
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


def citywide(page: Page) -> None:
    """Say how many records placed only at a chosen county's city are left out; offer them."""
    flt = page.view.filter
    if not flt.units:
        return
    narrow = cache.filtered(page.atlas, page.records_dir, replace(flt, citywide=False))
    wide = cache.filtered(page.atlas, page.records_dir, replace(flt, citywide=True))
    extra = wide[~wide.index.isin(narrow.index)]
    if extra.empty:
        return
    side = st.sidebar
    cities = "、".join(dict.fromkeys(extra["unit_name"].astype(str)))
    if flt.citywide:
        side.info(esc(f"已包含 {len(extra)} 项只定位到{cities}（地市级）的项目：位置为示意点。"))
    else:
        side.warning(
            esc(f"另有 {len(extra)} 项只定位到{cities}（地市级）的项目未显示：")
            + esc("它们可能位于所选区县，也可能不在。"),
            icon="⚠️",
        )
    side.toggle(f"一并显示{cities}的地市级项目（{len(extra)} 项）", key="citywide")
    with side.expander(f"这 {len(extra)} 项是"):
        names = extra["name"].astype(str).tolist()
        more = f"\n\n…等 {len(names)} 项" if len(names) > _NAMED else ""
        st.markdown("\n".join(f"- {esc(n)}" for n in names[:_NAMED]) + more)
