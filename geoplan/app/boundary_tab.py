"""The 边界数字化 tab: draw or upload a record's boundary, see the checks, save, undo, export.

The record is the one chosen on the map (or picked here). Its 四至 and
documented area stay beside the drawing map. Every save goes through
:meth:`geoplan.Atlas.set_boundary`, which checks again and refuses what the
checks refuse; nothing is saved otherwise. What the tab shows is
:mod:`geoplan.app.boundary_view`'s.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import cast

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geoplan
from geoplan import maps
from geoplan.app import boundary_view, exports, layout
from geoplan.app import view as views
from geoplan.app.session import Page
from geoplan.checks import BoundaryReport
from geoplan.digitize import CRS_CHOICES, FORMATS, BoundarySource, InputCrs, Upload
from geoplan.errors import BoundaryRefusedError, GeoplanError
from geoplan.maps import popups

__all__ = ["TAB", "boundary_room", "open_button"]

#: The tab's label (``app.py``'s tabs, and the details' button that opens it).
TAB = "边界数字化"

esc = popups.markdown_escape
state = st.session_state
# Widgets keep their values while their tab is closed (persist_state="page"): a
# planner switching to the list and back finds the name and choices still there.
_HOW = {"draw": "在地图上绘制", "upload": "上传边界文件"}
_MAP_PX, _PREVIEW_PX = 520, 420
_STATUS_SAID = {
    "pass": (st.success, "全部检查通过，可以保存。"),
    "warn": (st.warning, "有警告：请核对，确认无误后勾选“已核对警告，仍然保存”。"),
    "fail": (st.error, "有检查不通过：此边界不能保存。"),
}


@dataclass(frozen=True, slots=True)
class _Given:
    """A boundary as the planner gave it: drawn or uploaded, its CRS, its layer."""

    boundary: BoundarySource
    crs: InputCrs
    layer: str | None = None


def open_button(record_id: str) -> None:
    """Show a button that opens this tab on a record (for the record's details)."""
    st.button(
        "数字化此项目的边界", key="dz_open", icon="✏️", on_click=_open, args=(record_id,),
        help=f"在下方“{TAB}”中画出或上传此项目的实际边界",
    )  # fmt: skip


def _open(record_id: str) -> None:
    state.update(tab=TAB, dz_record=record_id)


# A fragment: the tab's own widgets (drawing, typing, picking) rerun the tab alone, not
# the page and its map; what changes the map (a save, an undo, a removal) reruns the app.
@st.fragment
def boundary_room(page: Page) -> None:
    """Show the tab: the record, its drawing map or upload, the checks, saving and history."""
    atlas = page.atlas
    record_id = _chosen_record(page)
    if record_id is None:
        st.info("在地图上点击一个项目，或在上方选择项目，再画出或上传它的边界。")
        _downloads(atlas)
        return
    records = atlas.records
    row = records[records["record_id"] == record_id].iloc[0]
    if done := state.pop("dz_done", None):
        st.success(esc(done))
    left, right = st.columns([3, 2], gap="medium")
    with right:
        _record_panel(atlas, row)
    with left:
        how = st.radio(
            "边界来源", list(_HOW), format_func=_HOW.__getitem__, key="dz_how",
            persist_state="page", horizontal=True,
        )  # fmt: skip
        given = _drawn(page, row) if how == "draw" else _uploaded()
    report = _checked(atlas, record_id, given)
    if given is not None and report is not None:
        if how == "upload":
            with left:
                _preview(atlas, row, report)
        _checks(report)
        _save(atlas, record_id, given, report)
    _history(atlas, record_id)
    _downloads(atlas)


# ----------------------------------------------------------------------------- the record


def _chosen_record(page: Page) -> str | None:
    """Return the tab's record: the one clicked on the map last, unless another is picked here."""
    records = page.atlas.records
    names = dict(zip(records["record_id"], records["name"], strict=True))
    kind, _, focused = page.view.focus.partition(":")
    if kind == "record" and focused != state.get("_dz_focus"):
        state["_dz_focus"] = focused  # a new click on the map: follow it
        if focused in names:
            state["dz_record"] = focused
    if state.get("dz_record") not in names:
        state["dz_record"] = None
    return st.selectbox(
        "项目", list(names), key="dz_record", persist_state="page", index=None,
        placeholder="选择要数字化边界的项目…", format_func=lambda i: f"{names[i]}（{i}）",
    )  # fmt: skip


def _record_panel(atlas: geoplan.Atlas, row: pd.Series) -> None:
    """Show the record's name, 四至, documented area and text: what the boundary must match."""
    st.markdown(f"#### {esc(str(row['name']))}")
    sheet = boundary_view.record_sheet(row)
    st.table(pd.DataFrame(sheet, columns=["字段", "内容"]).set_index("字段"))
    if row["precision"] == "surveyed":
        st.caption(esc(f"已有数字化边界：{row['placement_basis']}"))
    else:
        st.caption(esc(popups.CAVEATS.get(str(row["precision"]), "")))
    with st.expander("规划原文", expanded=True):
        st.markdown(esc(str(row["text"])))
        st.caption(esc(popups.record_source(row, str(row["plan_title"]))))


# ----------------------------------------------------------------------------- sources


def _drawn(page: Page, row: pd.Series) -> _Given | None:
    """Show the drawing map; return what is drawn on it, or ``None``."""
    state.setdefault("dz_basemap", page.view.basemap)
    basemap = st.radio(
        "底图", views.BASEMAPS, key="dz_basemap", persist_state="page", horizontal=True,
        format_func=lambda b: maps.BASEMAPS[b][0],
        help="在高德底图上画的边界是 GCJ-02 坐标，保存时自动换算为 WGS-84。",
    )  # fmt: skip
    edit = row["precision"] == "surveyed" and st.toggle(
        "从已保存的边界开始修改", key="dz_edit", help="已保存的边界载入绘图工具，拖动顶点修改"
    )
    m = _draw_map(page.atlas, page.records_dir, str(row["record_id"]), basemap, edit)
    st.html(layout.map_frame_style("dz-map", _MAP_PX))
    with st.container(key="dz-map"):
        value = st_folium(
            copy.deepcopy(m), key="dz_map", height=_MAP_PX, use_container_width=True,
            returned_objects=["all_drawings"],
        )  # fmt: skip
    st.caption(
        f"坐标系：{boundary_view.DRAWN_CRS[basemap].upper().replace('WGS84', 'WGS-84')}"
        "（随底图）。虚线圆为规划用地面积的示意，不是边界。"
    )
    drawn = boundary_view.drawn_boundary(value)
    return None if drawn is None else _Given(drawn, boundary_view.DRAWN_CRS[basemap])


@st.cache_resource(show_spinner="正在准备绘图底图…", max_entries=8)
def _draw_map(
    _atlas: geoplan.Atlas, records_dir: str | None, record_id: str, basemap: str, edit: bool
) -> folium.Map:
    records = _atlas.records
    row = records[records["record_id"] == record_id].iloc[0]
    return boundary_view.draw_map(_atlas, row, basemap, edit=edit)  # type: ignore[arg-type]


def _uploaded() -> _Given | None:
    """Show the upload: the file, the CRS its coordinates are in, its layer."""
    kinds = "、".join(dict.fromkeys(FORMATS.values()))
    file = st.file_uploader(
        "边界文件", type=[k.lstrip(".") for k in FORMATS],
        help=f"{kinds}（zip 内含 .shp .shx .dbf .prj）",
        key=f"dz_file_{state.get('dz_round', 0)}",  # a new field after each save
    )  # fmt: skip
    input_crs = st.radio(
        "文件中坐标的坐标系", list(CRS_CHOICES), format_func=CRS_CHOICES.__getitem__,
        key="dz_crs", persist_state="page",
    )  # fmt: skip
    layer = st.text_input("图层名（文件中有多个图层时填写）", key="dz_layer").strip() or None
    if file is None:
        return None
    return _Given(Upload(file.getvalue(), file.name), cast("InputCrs", input_crs), layer)


# ----------------------------------------------------------------------------- checks and saving


def _checked(atlas: geoplan.Atlas, record_id: str, given: _Given | None) -> BoundaryReport | None:
    if given is None:
        st.info(
            "画出边界（单击添加顶点，单击第一个顶点或双击结束）或上传文件后，这里显示检查结果。"
        )
        return None
    try:
        return atlas.check_boundary(record_id, given.boundary, crs=given.crs, layer=given.layer)
    except GeoplanError as err:
        st.error(esc(f"无法读取这个边界，未做任何保存：{err}"))
        return None


def _preview(atlas: geoplan.Atlas, row: pd.Series, report: BoundaryReport) -> None:
    basemap = state.get("dz_basemap", "none")
    m = boundary_view.preview_map(atlas, row, report, basemap)
    st.html(layout.map_frame_style("dz-preview", _PREVIEW_PX))
    with st.container(key="dz-preview"):
        st_folium(
            m, key="dz_preview", height=_PREVIEW_PX, use_container_width=True, returned_objects=[]
        )


def _checks(report: BoundaryReport) -> None:
    st.markdown(f"**检查结果**：数字化面积 {esc(popups.format_area(report.area_m2))}")
    st.dataframe(boundary_view.check_table(report), hide_index=True, width="stretch")
    for note in report.notes:
        st.caption(esc(f"注：{note}"))
    show, said = _STATUS_SAID[report.status]
    show(said)


_AUTHOR = "_dz_author_kept"


def _save(atlas: geoplan.Atlas, record_id: str, given: _Given, report: BoundaryReport) -> None:
    author_col, force_col, button_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    # The name is kept apart from the widget and given back to it on every run: Streamlit
    # forgets a widget's value on a run that does not draw it (a file being read, a check
    # that failed), and a planner's name must not vanish between two saves.
    state["dz_author"] = state.get(_AUTHOR, "")
    author = author_col.text_input(
        "保存人", key="dz_author", placeholder="填写姓名",
        on_change=lambda: state.update({_AUTHOR: state["dz_author"]}),
    ).strip()  # fmt: skip
    force = force_col.checkbox(
        "已核对警告，仍然保存", key="dz_force", disabled=report.status != "warn",
    )  # fmt: skip
    pressed = button_col.button(
        "保存边界", type="primary", disabled=report.status == "fail" or not author,
        help="填写保存人后可保存" if not author else None,
    )  # fmt: skip
    if not pressed:
        return
    try:
        saved = atlas.set_boundary(
            record_id, given.boundary, crs=given.crs, author=author, force=force, layer=given.layer
        )
    except BoundaryRefusedError as err:
        st.error(esc(boundary_view.refusal(err.report)))
        return
    except GeoplanError as err:
        st.error(esc(f"边界未保存，原有数据未改变：{err}"))
        return
    change = saved.change
    at = change.at[:19].replace("T", " ") if change is not None else ""
    state["dz_done"] = (
        f"已保存 {saved.name} 的边界（{popups.format_area(saved.area_m2)}，{author}，{at} UTC）。"
        "地图上此项目现以边界显示。"
    )
    state["dz_round"] = state.get("dz_round", 0) + 1  # a fresh upload field
    st.rerun()


def _history(atlas: geoplan.Atlas, record_id: str) -> None:
    history = atlas.boundary_history(record_id)
    st.markdown("**修改记录**")
    if history.empty:
        st.caption("此项目尚无数字化边界的修改记录。")
        return
    st.dataframe(boundary_view.history_table(history), hide_index=True, width="stretch")
    author = str(state.get(_AUTHOR, "")).strip()
    if st.button(
        "撤销最近一次修改", key="dz_undo", disabled=not author,
        help="撤销也记入修改记录；填写上方“保存人”后可撤销" if not author else "撤销也记入修改记录",
    ):  # fmt: skip
        try:
            change = atlas.undo_boundary(record_id, author=author)
        except GeoplanError as err:
            st.error(esc(f"未能撤销：{err}"))
            return
        state["dz_done"] = f"已撤销第 {change.undoes} 号修改。" + (
            "此项目现无数字化边界。" if change.geometry is None else "已恢复之前的边界。"
        )
        st.rerun()


def _downloads(atlas: geoplan.Atlas) -> None:
    count = len(atlas.store.boundaries())
    if not count:
        return
    st.markdown(f"**导出全部数字化边界**（{count} 个，WGS-84）")
    left, right = st.columns(2)
    for column, suffix, label, mime in (
        (left, ".gpkg", "GeoPackage，含修改记录", "application/geopackage+sqlite3"),
        (right, ".geojson", "GeoJSON", "application/geo+json"),
    ):
        column.download_button(
            f"下载（{label}）", functools.partial(boundary_view.boundary_file, atlas, suffix),
            exports.file_name("boundaries", [], suffix.lstrip(".")), mime, on_click="ignore",
            key=f"dz_export{suffix}",
        )  # fmt: skip
