r"""The sections of a plan: its headings, and which sections look back rather than plan.

A plan opens with what was achieved (发展基础, 发展成就, "十三五"…取得决定性成就)
and the situation it faces (发展环境, 机遇挑战, 面临形势); the works those sections
name are built already or are context, not works of the plan. :func:`find_sections`
reads the headings of a repaired document (第一章, 第二节, 一、, （一）) and marks
those sections ``context``; the report groups what it says by section.

Examples
--------
>>> from geoplan.extract.text import repair
>>> doc = repair("一、发展基础\n建成甲铁路。\n二、主要任务\n（一）交通\n建设乙铁路。")
>>> [(s.line, s.title, s.context) for s in find_sections(doc)]
[(1, '一、发展基础', True), (3, '二、主要任务', False), (4, '（一）交通', False)]
>>> section_at(find_sections(doc), 5).title
'（一）交通'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from geoplan.extract.text import Document, is_finished

__all__ = ["Section", "find_sections", "section_at"]

_LEVELS = (
    (re.compile(r"第[一二三四五六七八九十百零]+[章篇]"), 0),
    (re.compile(r"第[一二三四五六七八九十百零]+节"), 1),
    (re.compile(r"[一二三四五六七八九十]{1,3}、"), 1),
    (re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]"), 2),
)
_CONTEXT = re.compile(
    r"发展基础|发展成就|现状|回顾|基础与环境|决定性成就|取得.{0,8}成就|(?<!优化)发展环境|形势|"
    r"机遇(?:和|与)?挑战|面临.{0,6}(?:机遇|挑战|变化)|规划实施情况|完成情况"
)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading: its line, level (0 = chapter), title as printed, and whether it is context."""

    line: int
    level: int
    title: str
    context: bool


def _heading(text: str) -> int | None:
    for pattern, level in _LEVELS:
        match = pattern.match(text)
        if match is not None:
            rest = text[match.end() :].strip()
            # A heading is short and does not read as a sentence ("一、…。…" is body text).
            if rest and len(text) <= 40 and "。" not in text[:-1]:
                return level
    return None


def find_sections(doc: Document) -> tuple[Section, ...]:
    """Return the headings of ``doc`` in order, each marked context or not."""
    out: list[Section] = []
    stack: list[Section] = []
    lines = doc.lines
    for index, line in enumerate(lines):
        level = _heading(line.text)
        if level is None:
            continue
        title = line.text
        # A PDF wraps long headings: "…取得决定性成" / "就" (plan 004).
        if index + 1 < len(lines) and not is_finished(title) and lines[index + 1].width <= 4:
            title += lines[index + 1].text
        while stack and stack[-1].level >= level:
            stack.pop()
        context = bool(_CONTEXT.search(title)) or any(s.context for s in stack)
        section = Section(line.number, level, title, context)
        stack.append(section)
        out.append(section)
    return tuple(out)


def section_at(sections: Sequence[Section], line: int) -> Section | None:
    """Return the section holding ``line`` (the last heading at or before it), or None."""
    index = bisect.bisect_right([s.line for s in sections], line) - 1
    return sections[index] if index >= 0 else None
