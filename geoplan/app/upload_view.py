"""What the 上传规划 tab shows, without Streamlit: how a plan file was read, and what it gave.

Never a silent zero: for a plan file a planner uploads, the tab says how the
file was read (format, encoding, traditional script), what the plan is and
where that was found (:func:`reading_table`), and, per section of the plan, the
works read, the places that looked like works but were not read (with their
lines) and the totals the text states (:func:`section_table`,
:func:`unread_lines`); a reading with no work says why (:func:`empty_reason`).
The library's words (:mod:`geoplan.extract`) are English; these are Chinese.

Examples
--------
>>> how_said("line 3"), how_said("“十四五” in the title"), how_said("given")
('第 3 行', '标题中的“十四五”', '规划人员填写')
>>> unread_said("line 7: 投资约3亿元 — states an investment or a land area, but names no work "
...             "that could be read")
'第 7 行：投资约3亿元（写有投资或面积，但没有可读出的项目名称）'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from geoplan.app import exports

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction
    from geoplan.plans import PlanText
    from geoplan.store import StoredPlan

__all__ = [
    "FIELD_LABELS",
    "PREVIEW_COLUMNS",
    "empty_reason",
    "how_said",
    "preview_table",
    "reading_table",
    "section_table",
    "unread_lines",
    "unread_said",
    "uploaded_table",
]

#: What a plan must state to be kept, in Chinese.
FIELD_LABELS: dict[str, str] = {"title": "规划名称", "region": "地区", "period": "规划期限"}
#: The columns of the records preview, in order.
PREVIEW_COLUMNS = (
    "name", "kind", "work_type", "unit_name", "precision", "investment_total", "land_area_m2",
    "line_start",
)  # fmt: skip

_HOW = (
    (re.compile(r"^the notice on line (\d+)$"), r"第 \1 行的印发通知"),
    (re.compile(r"^line (\d+)$"), r"第 \1 行"),
    (re.compile(r"^the title$"), "标题"),
    (re.compile(r"^(“[^”]+”) in the title$"), r"标题中的\1"),
    (re.compile(r"^the year in the title$"), "标题中的年份"),
    (re.compile(r"^(“[^”]+”) named (\d+) times$"), r"正文中\1出现 \2 次"),
    (re.compile(r"^given$"), "规划人员填写"),
    (
        re.compile(
            r"^the (\w+) the plan calls its own \(全…/我… (\d+) times\), named on (\d+) lines$"
        ),
        r"正文自称“全…/我…” \2 次，\3 行提到",
    ),
)
_REASONS = (
    ("states an investment or a land area, but names no work",
     "写有投资或面积，但没有可读出的项目名称"),
    ("a list without a name of its own", "清单没有自己的名称，其中的项目也无法读出"),
    ("a count of works, none named", "只有项目个数，没有项目名称"),
)  # fmt: skip
_SAID = re.compile(r"^line (\d+): (.*?)(?: — (.*))?$", re.DOTALL)
_FORMATS = {
    "text": "文本",
    "docx": "Word（.docx）",
    "xlsx": "Excel（.xlsx）",
    "pdf": "PDF（文字层）",
}


def how_said(how: str) -> str:
    """Say in Chinese where the text states a field (``"line 3"`` → ``"第 3 行"``)."""
    for pattern, said in _HOW:
        if pattern.match(how):
            return pattern.sub(said, how)
    return how


def unread_said(entry: str) -> str:
    """Say a report entry (``"line N: text — reason"``) in Chinese: ``第 N 行：text（reason）``."""
    match = _SAID.match(entry)
    if match is None:
        return entry
    line, text, reason = match.groups()
    said = f"第 {line} 行：{text}"
    if reason:
        why = next((zh for en, zh in _REASONS if reason.startswith(en)), reason)
        said += f"（{why}）"
    return said


def reading_table(found: PlanExtraction) -> pd.DataFrame:
    """Return how the file was read and what the plan is, with where each was found."""
    rows: list[tuple[str, str]] = []
    source, guess, info = found.source, found.guess, found.info
    if source is not None:
        rows += _source_rows(source)
    if guess is not None:
        rows += [
            ("规划名称", _found(guess.title, guess.title_how)),
            ("地区", _found(guess.region, guess.region_how)),
            ("规划期限", _found(_years(guess.period), guess.period_how)),
        ]
    elif info is not None:
        rows += [("规划名称", info.title), ("地区", info.region), ("规划期限", _years(info.period))]
    rows.append(("读出项目", f"{len(found.records)} 项（编号以 {found.plan} 开头）"))
    return pd.DataFrame(rows, columns=["项目", "内容"])


def section_table(found: PlanExtraction) -> pd.DataFrame:
    """Return, per section of the plan, the works read, what was not read and what it states."""
    rows = []
    for section in found.report.sections:
        if section.context:
            rows.append({"行": section.line, "章节": section.title, "读出项目": 0,
                         "项目": "（回顾性章节，不读取）", "未能读出": 0,
                         "规划自述": ""})  # fmt: skip
            continue
        if not (section.records or section.unread or section.stated):
            continue
        shown = "、".join(section.names[:6]) + (" 等" if len(section.names) > 6 else "")
        rows.append(
            {"行": section.line, "章节": section.title, "读出项目": section.records,
             "项目": shown, "未能读出": len(section.unread),
             "规划自述": "；".join(unread_said(s) for s in section.stated)}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=["行", "章节", "读出项目", "项目", "未能读出", "规划自述"])


def unread_lines(found: PlanExtraction) -> list[str]:
    """Return what looked like works but was not read, each with its line, in Chinese."""
    return [unread_said(u) for s in found.report.sections for u in s.unread]


def empty_reason(found: PlanExtraction) -> str:
    """Say in Chinese why a reading gave no record (``""`` when it gave some)."""
    if len(found.records):
        return ""
    lines = found.inventory.lines
    if not lines:
        return "文件中没有文字。"
    boxes = [b for b in found.inventory.boxes if b.decision.include]
    parts = [f"读取了 {lines} 行文字，但没有找到项目"]
    parts.append(
        "没有列出项目的专栏" if not boxes else f"读取的 {len(boxes)} 个专栏中没有带名称的条目"
    )
    parts.append("也没有句子以表明工程类别的词（…医院、…水库、…园区、…工程）称呼某个项目")
    if found.inventory.sections and all(s.context for s in found.inventory.sections):
        parts.append("各章节都是回顾性内容（发展基础等），不读取")
    unread = unread_lines(found)
    if unread:
        parts.append(f"{len(unread)} 处像是项目但未能读出（见下）")
    return "；".join(parts) + "。"


def preview_table(placed: pd.DataFrame) -> pd.DataFrame:
    """Return the placed records for people: Chinese headings and values."""
    return exports.records_table(placed, list(PREVIEW_COLUMNS))


def uploaded_table(stored: Iterable[StoredPlan]) -> pd.DataFrame:
    """Return the plans a planner uploaded (``store.plans.all()``), newest first."""
    rows = [
        {
            "编号": p.plan_id,
            "规划": p.entry["title"],
            "地区": p.entry["region"],
            "期限": f"{p.entry['period_start']}–{p.entry['period_end']}",
            "项目数": p.records,
            "上传人": p.author,
            "上传时间（UTC）": p.at[:16].replace("T", " "),
            "文件": p.read_as.get("name", ""),
        }
        for p in stored
    ]
    return pd.DataFrame(rows[::-1], columns=_UPLOADED_COLUMNS)


_UPLOADED_COLUMNS = ["编号", "规划", "地区", "期限", "项目数", "上传人", "上传时间（UTC）", "文件"]


def _source_rows(source: PlanText) -> list[tuple[str, str]]:
    kind = _FORMATS.get(source.format, source.format)
    encoding = "" if source.encoding == source.format else f"，编码 {source.encoding.upper()}"
    rows = [("文件", source.name), ("读取方式", f"{kind}{encoding}，共 {len(source.lines)} 行")]
    if source.converted:
        rows.append(("繁体", "原文为繁体，已按行转换为简体（行号不变）"))
    return rows


def _found(value: str, how: str) -> str:
    return f"{value}（{how_said(how)}）" if value else "未能从文本中识别，请在上方“规划信息”中填写"


def _years(period: tuple[int, int] | None) -> str:
    if not period or period == (0, 0):
        return ""
    return f"{period[0]}–{period[1]}"
