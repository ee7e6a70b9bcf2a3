r"""What one reading of a plan gave, section by section — and, when it gave nothing, why.

Never a silent zero: :class:`PlanReport` says, for every section of the plan,
which records it gave, what looked like works there but was not read (with the
lines and the reason), and what the text states about several works together
(counts, total investment, a list's shared length). A reading that finds no
record carries :attr:`PlanReport.empty_reason`, which the command line prints
before it exits with status 1.

Examples
--------
>>> from geoplan.extract.records import extract_document, to_frame
>>> from geoplan.extract.text import repair
>>> text = "二、项目安排\n新建甲县人民医院迁建工程，总投资5亿元。\n共安排项目3个，总投资12亿元。"
>>> result = extract_document("900", repair(text))
>>> report = plan_report(result, to_frame(result.records), title="甲县计划", file="a.txt")
>>> [(s.title, s.records, s.stated) for s in report.sections]
[('二、项目安排', 1, ('line 3: 共安排项目3个，总投资12亿元。',))]
>>> empty = extract_document("900", repair("一、总则\n加强领导。"))
>>> plan_report(empty, to_frame([])).empty_reason.split(", ")[:2]
['no works found: 2 lines of text read', 'no 专栏 box lists projects']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from geoplan.extract.listed import Unread
from geoplan.extract.records import PlanResult
from geoplan.extract.sections import Section, section_at

__all__ = ["PlanReport", "SectionReport", "plan_report"]


@dataclass(frozen=True, slots=True)
class SectionReport:
    """One section of the plan: its records, what was left unread, what it states in sum.

    ``unread``, ``stated`` and ``set_aside`` entries read ``"line N: …"``; ``set_aside``
    is what its text names like a work but is not one of the plan's (a grouping, a role …).
    """

    title: str
    line: int
    context: bool
    records: int
    names: tuple[str, ...]
    unread: tuple[str, ...]
    stated: tuple[str, ...]
    set_aside: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanReport:
    """The report of one plan's reading; ``to_text()`` prints it."""

    plan: str
    title: str
    file: str
    lines: int
    records: int
    sections: tuple[SectionReport, ...]
    empty_reason: str

    def to_text(self) -> str:
        """Return the report as plain text (Chinese section titles, English explanations)."""
        head = f"{self.plan} {self.title}  ({self.file}, {self.lines} lines of text)"
        out = [f"{head}: {self.records} records"]
        if self.empty_reason:
            out.append(f"  {self.empty_reason}")
        for section in self.sections:
            if section.context:
                out.append(f"  line {section.line} {section.title}: looks back, not read")
                continue
            if not (section.records or section.unread or section.stated or section.set_aside):
                continue
            out.append(f"  line {section.line} {section.title}: {section.records} records")
            if section.names:
                shown = "、".join(section.names[:8])
                more = f" … (+{len(section.names) - 8})" if len(section.names) > 8 else ""
                out.append(f"      {shown}{more}")
            out.extend(f"      not read: {u}" for u in section.unread)
            out.extend(f"      set aside: {u}" for u in section.set_aside)
            out.extend(f"      stated: {s}" for s in section.stated)
        return "\n".join(out) + "\n"


_OPENING = Section(1, 0, "(before the first heading)", False)


def plan_report(
    result: PlanResult, records: pd.DataFrame, *, title: str = "", file: str = ""
) -> PlanReport:
    """Report one reading (``records`` are its records, placed or not)."""
    sections = (
        result.sections
        if result.sections and result.sections[0].line == 1
        else (
            _OPENING,
            *result.sections,
        )
    )
    reports = [_section(section, result, records, sections) for section in sections]
    return PlanReport(
        result.plan,
        title,
        file,
        result.lines,
        len(records),
        tuple(reports),
        "" if len(records) else _empty_reason(result),
    )


def _section(
    section: Section, result: PlanResult, records: pd.DataFrame, sections: Sequence[Section]
) -> SectionReport:
    def here(line: int) -> bool:
        return (section_at(sections, line) or _OPENING) is section

    mine = records[[here(int(line)) for line in records["line_start"]]] if len(records) else records
    unread = [u for u in result.unread if here(u.line)]
    unread += [
        _skipped(box.box.label, number, line, why)
        for box in result.boxes
        for number, line, why in box.skipped
        if here(line) and not why.startswith("left out by the catalog")
    ]
    stated = [s for s in result.stated if here(s.line)]
    return SectionReport(
        section.title,
        section.line,
        section.context,
        len(mine),
        tuple(mine["name"]) if len(mine) else (),
        tuple(_said(u) for u in unread),
        tuple(dict.fromkeys(f"line {s.line}: {s.text}" for s in stated)),
        tuple(_said(u) for u in result.set_aside if here(u.line)),
    )


def _skipped(label: str, number: int, line: int, why: str) -> Unread:
    return Unread(line, f"{label} item {number}", why, None)


def _said(unread: Unread) -> str:
    return f"line {unread.line}: {unread.text} — {unread.reason}"


def _empty_reason(result: PlanResult) -> str:
    parts = [f"no works found: {result.lines} lines of text read"]
    if not result.lines:
        return "no works found: the file holds no text"
    boxes = [b for b in result.boxes if b.decision.include]
    parts.append(
        "no 专栏 box lists projects"
        if not boxes
        else f"the {len(boxes)} box(es) read list no item with a name"
    )
    parts.append(
        "no sentence names a work by a word that says what it is (…医院, …水库, …园区, …工程)"
        if not result.set_aside
        else "what its sentences name like works is not the plan's own"
    )
    context = [s for s in result.sections if s.context]
    if context and all(s.context for s in result.sections):
        parts.append("every section looks back (发展基础 …), and those are not read")
    if result.unread:
        shown = "; ".join(_said(u) for u in result.unread[:5])
        parts.append(f"{len(result.unread)} place(s) looked like works but were not read: {shown}")
    if result.set_aside:
        shown = "; ".join(_said(u) for u in result.set_aside[:5])
        parts.append(f"{len(result.set_aside)} name(s) were set aside as not works: {shown}")
    return ", ".join(parts)
