"""The 上传规划 tab: a planner's own plan read, reported, completed, kept, and removed again.

The file is read as ``geoplan extract FILE`` reads it
(:func:`geoplan.extract.extract_file`); what its text does not say (title,
region, period) the planner gives here; the report shows what was read and what
was not. A kept plan (:meth:`geoplan.Atlas.add_plan`, the same as
``geoplan extract FILE --save``) is in the user store: its records are on the
map, in the filters, the list and the summaries beside the five plans', until
it is removed here or with ``geoplan plans remove``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import geopandas as gpd
import streamlit as st

import geoplan
from geoplan import records, uploads
from geoplan.app import upload_view
from geoplan.app.session import Page
from geoplan.errors import GeoplanError, PlanFileError
from geoplan.extract import PlanExtraction, extract_file
from geoplan.locate import Locator
from geoplan.maps import popups

__all__ = ["TAB", "upload_room"]

#: The tab's label.
TAB = "上传规划"

esc = popups.markdown_escape
state = st.session_state
_TYPES = ["txt", "docx", "xlsx", "pdf"]


# A fragment: the tab's own widgets (drawing, typing, picking) rerun the tab alone, not
# the page and its map; what changes the map (a save, an undo, a removal) reruns the app.
@st.fragment
def upload_room(page: Page) -> None:
    """Show the tab: the upload, what was read, the plan's fields, saving; the plans kept."""
    atlas = page.atlas
    if state.pop("_up_changed", False):  # a plan was removed (a callback): redraw the page
        st.rerun()
    if done := state.pop("up_done", None):
        st.success(esc(done))
    if problem := state.pop("up_error", None):
        st.error(esc(problem))
    st.caption(
        "上传一份规划或项目清单：文本（UTF-8、GBK 或 UTF-16）、Word（.docx）、Excel（.xlsx）"
        "或带文字层的 PDF，繁体字按简体读取。系统读出其中的项目，保存后与系统自带的规划一同显示。"
    )
    st.text_input(
        "保存人（保存、删除规划时记录）",
        key="up_author",
        persist_state="page",
        placeholder="填写姓名",
    )
    file = st.file_uploader(
        "规划文件", type=_TYPES, key=f"up_file_{state.get('up_round', 0)}",
        help=f"不超过 {uploads.MAX_PLAN_BYTES // 2**20} MB；扫描版 PDF 需先做文字识别（OCR）",
    )  # fmt: skip
    if file is not None:
        _reading_of(atlas, file.name, file.getvalue())
    _kept_plans(atlas)


# ----------------------------------------------------------------------------- one file


def _reading_of(atlas: geoplan.Atlas, name: str, data: bytes) -> None:
    if len(data) > uploads.MAX_PLAN_BYTES:
        st.error(
            esc(f"文件 {name} 有 {len(data) / 2**20:.1f} MB，超过 "
                f"{uploads.MAX_PLAN_BYTES // 2**20} MB 的上限，未读取。请只上传规划正文。")
        )  # fmt: skip
        return
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    try:
        first = _read(digest, data, name, ())
    except PlanFileError as err:
        st.error(esc(f"无法读取此文件，未做任何保存：{err}"))
        return
    if first.registered:
        title = first.info.title if first.info is not None else ""
        st.info(
            esc(f"这是系统自带的规划《{title}》（编号 {first.plan}），其项目已在地图上，无需上传。")
        )
        return
    if state.get("_up_digest") != digest:  # a new file: the form starts from what it says
        state["_up_digest"] = digest
        _reset_form(first)
    given = _form(atlas, first)
    try:
        found = _read(digest, data, name, tuple(sorted(given.items())))
    except GeoplanError as err:
        st.error(esc(f"填写的内容有误：{err}"))
        return
    _report(found)
    placed = _placed(digest, tuple(sorted(given.items())), found)
    if len(placed):
        st.markdown(f"**读出的项目**（{len(placed)} 项，位置为按文中地名的定位）")
        st.dataframe(upload_view.preview_table(placed), hide_index=True, placeholder="—")
    _save(atlas, found)


@st.cache_resource(show_spinner="正在读取规划…", max_entries=16)
def _read(
    digest: str, _data: bytes, name: str, given: tuple[tuple[str, Any], ...]
) -> PlanExtraction:
    return extract_file(_data, name=name, **dict(given))


@st.cache_resource(show_spinner=False)
def _locator() -> Locator:
    return Locator.load()


@st.cache_resource(show_spinner="正在定位项目…", max_entries=16)
def _placed(
    digest: str, given: tuple[tuple[str, Any], ...], _found: PlanExtraction
) -> gpd.GeoDataFrame:
    if _found.records.empty:
        return _found.records
    return records.place_extraction(_found, _locator())


def _reset_form(first: PlanExtraction) -> None:
    guess = first.guess
    period = guess.period if guess is not None else None
    state.update(
        up_title=guess.title if guess is not None else "",
        up_region=guess.region if guess is not None and guess.region else None,
        up_start=period[0] if period else None,
        up_end=period[1] if period else None,
    )


def _form(atlas: geoplan.Atlas, first: PlanExtraction) -> dict[str, Any]:
    """Show the plan's title, region and period; return what the planner changed or added."""
    guess = first.guess
    missing = guess.missing if guess is not None else ()
    if missing:
        said = "、".join(upload_view.FIELD_LABELS[m] for m in missing)
        st.warning(f"未能从文本中识别{said}，请在下面填写后再保存。")
    st.markdown("**规划信息**（识别有误可修改）")
    title_col, region_col, start_col, end_col = st.columns([3, 2, 1, 1])
    title = title_col.text_input("规划名称", key="up_title").strip()
    regions = _region_names(atlas)
    region = region_col.selectbox(
        "地区", regions, key="up_region", index=None, placeholder="选择规划所属地区"
    )
    start = start_col.number_input(
        "起始年", min_value=1949, max_value=2100, value=None, step=1, key="up_start"
    )
    end = end_col.number_input(
        "结束年", min_value=1949, max_value=2100, value=None, step=1, key="up_end"
    )
    given: dict[str, Any] = {}
    if guess is None:
        return given
    if title and title != guess.title:
        given["title"] = title
    if region and region != guess.region:
        given["region"] = region
    if start is not None and end is not None:
        if start > end:
            st.error("起始年不能晚于结束年。")
        elif (int(start), int(end)) != guess.period:
            given["period"] = (int(start), int(end))
    return given


def _region_names(atlas: geoplan.Atlas) -> list[str]:
    units = atlas.units()
    order = {"province": 0, "city": 1, "county": 2}
    ranked = units.assign(rank=units["level"].map(order)).sort_values(["rank", "adcode"])
    return ranked["name"].tolist()


def _report(found: PlanExtraction) -> None:
    st.markdown("**读取报告**")
    st.dataframe(upload_view.reading_table(found), hide_index=True, width="stretch")
    if len(found.records):
        st.success(f"读出 {len(found.records)} 个项目。")
    else:
        st.error(esc(upload_view.empty_reason(found)))
    sections = upload_view.section_table(found)
    if len(sections):
        st.dataframe(sections, hide_index=True, width="stretch", placeholder="—")
    unread = upload_view.unread_lines(found)
    if unread:
        with st.expander(f"像是项目但未能读出的 {len(unread)} 处（附行号，可核对原文）"):
            st.markdown("\n".join(f"- {esc(u)}" for u in unread))


def _save(atlas: geoplan.Atlas, found: PlanExtraction) -> None:
    missing = found.guess.missing if found.guess is not None else ()
    kept = found.plan in atlas.plans
    replace = False
    if kept:
        st.info(
            f"同一文本的规划已保存过（编号 {found.plan}）。勾选“替换”可按本次的规划信息重新保存。"
        )
        replace = st.checkbox("替换已保存的版本", key="up_replace")
    author = str(state.get("up_author", "")).strip()
    ready = bool(author) and not missing and len(found.records) > 0 and (replace or not kept)
    if not author:
        st.caption("填写上方“保存人”后可保存。")
    if not st.button("保存规划", type="primary", disabled=not ready, key="up_save"):
        return
    try:
        saved = atlas.add_plan(found, author=author, replace=replace, locator=_locator())
    except GeoplanError as err:
        st.error(esc(f"规划未保存，原有数据未改变：{err}"))
        return
    plan = saved.plan
    years = f"{plan.period[0]}–{plan.period[1]}"
    state["up_done"] = (
        f"已保存《{plan.title}》（编号 {plan.id}，{plan.region}，{years}）："
        f"{len(saved.records)} 个项目已加入地图、筛选、列表与汇总。"
    )
    state["up_round"] = state.get("up_round", 0) + 1  # a fresh upload field
    state.pop("_up_digest", None)
    st.rerun()


# ----------------------------------------------------------------------------- kept plans


def _kept_plans(atlas: geoplan.Atlas) -> None:
    stored = atlas.store.plans.all()
    st.markdown("**已上传的规划**")
    if not stored:
        st.caption("尚未上传规划。上传的规划保存在用户数据目录（GEOPLAN_USER_DIR）中。")
        return
    st.dataframe(upload_view.uploaded_table(stored), hide_index=True, width="stretch")
    titles = {p.plan_id: str(p.entry["title"]) for p in stored}
    pick_col, confirm_col, button_col = st.columns([3, 2, 1], vertical_alignment="bottom")
    chosen = pick_col.selectbox(
        "删除规划", list(titles), key="up_remove", index=None, placeholder="选择要删除的规划",
        format_func=lambda p: f"{titles[p]}（{p}）",
    )  # fmt: skip
    sure = confirm_col.checkbox("确认删除（其项目一并删除）", key="up_confirm")
    author = str(state.get("up_author", "")).strip()
    button_col.button(
        "删除", key="up_delete", disabled=not (chosen and sure and author),
        help=None if author else "填写上方“保存人”后可删除",
        on_click=_remove, args=(atlas, chosen, author),
    )  # fmt: skip


def _remove(atlas: geoplan.Atlas, plan_id: str, author: str) -> None:
    try:
        change = atlas.remove_plan(plan_id, author=author)
    except GeoplanError as err:
        state["up_error"] = f"未能删除：{err}"
        return
    state.update(
        up_done=f"已删除《{change.title}》及其 {change.records} 个项目。",
        up_remove=None, up_confirm=False, _up_changed=True,
    )  # fmt: skip
