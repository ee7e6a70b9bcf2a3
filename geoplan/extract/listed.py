"""Records of the works paragraphs name in sentences and lists (the running text).

The stage after :mod:`~geoplan.extract.works`: each work of each list becomes a
:class:`~geoplan.extract.rows.Row` with its own words, lines, place words, the
ends of a linear work, and its figures. A list of several works gives each work
only the figures inside its own element ("兰江航道整治工程21.3公里") and notes what
the list states for all of them ("新增里程144公里"); a sentence (or a numbered
paragraph) that names one work gives that work the sentence's figures — how a
notice writes "甲医院迁建工程，总投资5.2亿元，用地120亩；乙…".

Record ids are ``<plan>-L<line>-<n>``: the n-th work whose name starts on that
line; works split from one list share ``group_id`` ``<plan>-L<line>-g<m>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from geoplan.extract.boxes import Box
from geoplan.extract.clauses import sentences
from geoplan.extract.fields import split_name
from geoplan.extract.markers import marker
from geoplan.extract.rows import Row, read_fields
from geoplan.extract.sections import Section
from geoplan.extract.text import Span
from geoplan.extract.works import Work, WorkList, find_works
from geoplan.extract.worktypes import work_type

__all__ = ["Paragraph", "Stated", "Unread", "listed_rows"]

_STAGE = re.compile(r"新建|续建|改扩建|扩建|改建|迁建|建成|完成|开工|启动|谋划|前期|规划")
# Clauses about a whole area or a running total are not one work's figures.
_AREA_WIDE = re.compile(r"全市|全区|全县|全省|累计|合计|总计|共计|新增|人均|以上的|每年|年均|力争")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph to read, with the box and section it is in."""

    span: Span
    box: Box | None
    section: Section | None


@dataclass(frozen=True, slots=True)
class Unread:
    """Something that looked like a work but was not read as one, and why."""

    line: int
    text: str
    reason: str
    section: Section | None


@dataclass(frozen=True, slots=True)
class Stated:
    """What the text states about several works together (counts, totals, lengths)."""

    line: int
    text: str
    section: Section | None


# "规划实施服务业标志性项目 58 个，项目总投资 2416 亿元", "另安排预备项目若干": a statement
# about many works (a count, or a sum), not one work's figures.
_TOTALS = re.compile(
    r"\d+\s*(?:个|项)[^，。；]{0,12}?(?:项目|工程)|(?:项目|工程)[^，。；]{0,6}?\d+\s*(?:个|项)|"
    r"(?:项目|工程)(?:若干|一批)|若干(?:个|项)?(?:项目|工程)|合计|共计|总计|累计"
)
# What makes a paragraph look like it is about a work: an investment, a land area.
_WORKLIKE = re.compile(
    r"(?:总投资|投资)[^，。；]{0,8}?\d[\d.]*\s*(?:亿|万元)|(?:占地|用地)[^，。；]{0,6}?\d"
)


@dataclass(frozen=True, slots=True)
class Listed:
    """What the paragraphs gave: rows, what was left unread, what was stated for many.

    ``set_aside`` holds what was read like a work but is not one of the plan's (a
    grouping, a role …), its ``reason`` saying what it is.
    """

    rows: list[Row]
    unread: list[Unread]
    stated: list[Stated]
    set_aside: list[Unread]


def listed_rows(plan_id: str, paragraphs: Iterable[Paragraph]) -> Listed:
    """Read every named work of the paragraphs into rows; say what was left unread."""
    rows: list[Row] = []
    unread: list[Unread] = []
    stated: list[Stated] = []
    set_aside: list[Unread] = []
    per_line: dict[int, int] = {}
    groups: dict[int, int] = {}
    for paragraph in paragraphs:
        found = find_works(paragraph.span.text)
        stated.extend(_stated(paragraph, found))
        text = paragraph.span.text
        if not any(w.works for w in found) and _WORKLIKE.search(text) and not _TOTALS.search(text):
            why = "states an investment or a land area, but names no work that could be read"
            first = paragraph.span.lines[0]
            unread.append(Unread(first, text[:60], why, paragraph.section))
        item_like = _item_like(paragraph.span.text, found)
        head = _head_of_item(paragraph.span.text, found)
        named: dict[str, Row] = {}
        for works in found:
            unread.extend(
                Unread(paragraph.span.line_at(works.sentence[0]), text, why, paragraph.section)
                for text, why in works.rejected
            )
            # Ids and groups count what reads like a work, also what is then set aside
            # (a grouping, a role …), so that leaving one out renumbers no other.
            candidates = works.candidates
            group = ""
            if len(candidates) > 1:
                first = paragraph.span.line_at(candidates[0].start)
                groups[first] = groups.get(first, 0) + 1
                group = f"{plan_id}-L{first:04d}-g{groups[first]}"
            for work in candidates:
                line = paragraph.span.line_at(work.start)
                if len(candidates) == 1 and work.name in named:
                    # "…列为重点项目。其中，甲物流园总投资约45亿元": the same work again
                    if not work.why:
                        again = _row("", paragraph, works, work, group="", item_like=False)
                        _merge(named[work.name], again)
                    continue
                per_line[line] = per_line.get(line, 0) + 1
                if head is not None and work is not head and not work.why:
                    why = f"a part of “{head.name}”, the work its numbered paragraph is about"
                    set_aside.append(Unread(line, work.name, why, paragraph.section))
                    continue
                if work.why:
                    set_aside.append(Unread(line, work.name, work.why, paragraph.section))
                    continue
                record_id = f"{plan_id}-L{line:04d}-{per_line[line]:02d}"
                about = item_like or work is head
                row = _row(record_id, paragraph, works, work, group=group, item_like=about)
                named.setdefault(work.name, row)
                rows.append(row)
    return Listed(rows, unread, stated, set_aside)


_FIGURES = (
    "land_area", "floor_area", "investment_total", "investment_period", "investment_parts",
    "length", "storage", "power",
)  # fmt: skip


def _merge(first: Row, again: Row) -> None:
    """Give a work the figures a later sentence of its paragraph states for it."""
    taken = [key for key in again.values if key.startswith(_FIGURES) and key not in first.values]
    if not taken:
        return
    for key in taken:
        first.values[key] = again.values[key]
    start, _end = first.values["_lines"]
    first.values["_lines"] = (start, max(_end, again.values["_lines"][1]))
    first.values["text"] = f"{first.values['text']}……{again.values['text']}"
    line = again.values["_lines"][0]
    first.notes.append(f"figures from line {line}, where the paragraph names it again")


def _stated(paragraph: Paragraph, found: list[WorkList]) -> list[Stated]:
    """Return statements about several works: a list's shared figures, counts and totals."""
    span = paragraph.span
    out = [
        Stated(span.line_at(works.sentence[0]), works.stated, paragraph.section)
        for works in found
        if works.stated
    ]
    # a sentence naming works states their own figures, not a total of others
    naming = {works.sentence[0] for works in found if works.works}
    for start, sentence in sentences(span.text):
        if start not in naming and _TOTALS.search(sentence):
            out.append(Stated(span.line_at(start), sentence.strip(), paragraph.section))
    return out


def _item_like(text: str, found: list[WorkList]) -> bool:
    """Tell a numbered paragraph about one work ("1. 甲医院迁建工程（2021-2023）。总投资…")."""
    named = [w for works in found for w in works.works]
    item = marker(text)
    return item is not None and len(named) == 1 and named[0].start <= item.end + 2


def _head_of_item(text: str, found: list[WorkList]) -> Work | None:
    """Return the work a numbered paragraph of several works is about, if it is one.

    "2.天台山文旅康养综合体项目：位于石梁镇，总投资18亿元，建设康养酒店、游客服务中心等"
    names its work first, right after its number and closed by ：or 。, then gives its
    figures and its parts: the parts are no works of their own.
    """
    item = marker(text)
    named = [w for works in found for w in works.works]
    if item is None or len(named) < 2 or not _WORKLIKE.search(text):
        return None
    first = min(named, key=lambda w: w.start)
    closed = text[first.end : first.end + 1] in ("：", ":", "。")
    return first if closed and first.start <= item.end + 2 and not first.why else None


def _row(
    record_id: str,
    paragraph: Paragraph,
    works: WorkList,
    work: Work,
    *,
    group: str,
    item_like: bool,
) -> Row:
    span = paragraph.span
    sentence = span.slice(*works.sentence)
    kind_of = work_type(work.name) if work_type(work.name) != "other" else work.type or "other"
    kind = "platform" if kind_of == "platform" else "project"
    row = Row(record_id, paragraph.box, None, kind, work.name, sentence)
    if kind_of != work_type(work.name):
        row.values["work_type"] = kind_of
    own_end = work.start + len(work.own)
    values = row.values
    values["_lines"] = span.line_range(work.start, own_end)
    values["text"] = span.text if item_like else sentence.text
    values["group_id"] = group
    values["place_words"] = ";".join(p for p in work.places if p)
    if work.ends is not None:
        values["end_from"], values["end_to"] = work.ends
    if stage := _stage(works.lead, paragraph.section):
        values["stage"] = stage
    if item_like:
        item = marker(span.text)
        _name, period, _rest = split_name(span.text[item.end if item else 0 :])
        if period is not None:
            values.update(period_start=period.start, period_end=period.end)
        read_fields(row, span.text)
    elif len(works.works) == 1:
        read_fields(row, _own_clauses(sentence.text))
    else:
        read_fields(row, work.own)
    where = paragraph.box.label if paragraph.box else "the running text"
    row.notes.append(f"listed in {where}")
    if work.shared:
        row.notes.append(f"named with the words its list shares: “{work.shared}”")
    if works.stated:
        row.notes.append(f"the list states for its {len(works.works)} works: {works.stated}")
    return row


def _own_clauses(sentence: str) -> str:
    """Return the sentence without clauses about a whole area or a running total."""
    parts = re.split(r"(?<=[，,])", sentence)
    return "".join(p for p in parts if not _AREA_WIDE.search(p))


def _stage(lead: str, section: Section | None) -> str:
    if match := _STAGE.search(lead):
        return match.group(0)
    if section is not None and (match := re.search(r"(新建|续建|前期|谋划)项目", section.title)):
        return match.group(1)
    return ""
