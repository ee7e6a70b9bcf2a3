r"""Find the 专栏 boxes of a plan, the lines each one holds, and its items.

A box starts at a header line such as ``专栏 13 生产性服务业融合创新标志性项目``
(the table of contents at the start of plan 001 lists the same headers with
leader dots and page numbers; those lines are skipped). Where it ends depends
on the layout of the conversion:

* ``paragraph`` (Word conversions, plans 000–003: one paragraph per line). The
  box runs while its paragraphs continue the box's numbering; it ends at a
  heading (``（二）…``, ``第三节``), at an item marker of an outer level, at a
  ``——`` paragraph after a complete item (000 专栏5 is followed by
  "——培育发展区块链服务" of the running text), at a paragraph indented with
  spaces or anchored by a Word bookmark (plan 002 marks the running text that
  way), or at a numbering that starts again.
* ``wrapped`` (the PDF conversion of plan 004). Boxes are printed wider than
  the running text (about 34 against 26 cells a line), and the PDF flows body
  text around them, so a box can be interrupted and continued later — 专栏21
  item 3 stops at "水上乐园、" (line 2508), the running text "第三节 提升产业链
  供应链现代化水平…" follows, and the item goes on at line 2519. A line
  wider than the body belongs to a box; after an interruption it continues
  the box whose last sentence is unfinished, or whose numbering it continues.

Examples
--------
>>> from geoplan.extract.text import repair
>>> text = "正文。\n专栏1：重大项目\n1. 甲园区。总投资2亿元。\n2. 乙中心。\n（二）商务"
>>> layout = find_boxes(repair(text))
>>> [(b.label, b.title, [line.number for line in b.lines]) for b in layout.boxes]
[('专栏1', '重大项目', [3, 4])]
>>> [item.name_text for item in items_of(layout.boxes[0])]
['甲园区。总投资2亿元。', '乙中心。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geoplan.extract.markers import (
    Marker,
    cn_number,
    is_chapter,
    is_heading,
    marker,
    to_ascii_digits,
)
from geoplan.extract.tables import find_row_table
from geoplan.extract.text import Document, SourceLine, Span, is_finished

__all__ = [
    "Box",
    "BoxHeader",
    "Item",
    "Layout",
    "find_boxes",
    "intro_of",
    "is_short_heading",
    "items_of",
    "paragraphs",
]

_HEADER = re.compile(r"专栏\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[：:]?\s*(\S.*)?")
_TOC = re.compile(r"\.{3,}|…{2,}|\t\s*\d+\s*$")


@dataclass(frozen=True, slots=True)
class BoxHeader:
    """A box's header line: number, title as printed, 1-based line."""

    number: int
    title: str
    line: int
    numeral: str = ""  # the number as printed when it is not in digits (专栏一)


@dataclass(frozen=True, slots=True)
class Box:
    """A 专栏 box and the source lines that belong to it, in file order."""

    number: int
    title: str
    header: int
    lines: tuple[SourceLine, ...]
    table: bool = False
    numeral: str = ""  # the number as printed when it is not in digits (专栏一)

    @property
    def label(self) -> str:
        """The box as the plan names it, e.g. ``"专栏13"``, ``"专栏一"``."""
        return f"专栏{self.numeral or self.number}"

    @property
    def line_end(self) -> int:
        """Last source line of the box (its header if it is empty)."""
        return self.lines[-1].number if self.lines else self.header


@dataclass(frozen=True, slots=True)
class Layout:
    """The boxes of a document, the running-text lines, and skipped TOC lines."""

    boxes: tuple[Box, ...]
    body: tuple[SourceLine, ...]
    toc: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered (or ``——``) item of a box: its paragraphs with their line map.

    ``paragraphs[0]`` starts with the item's marker; ``head`` is where the
    item's own text starts in it.
    """

    box: int
    ordinal: int
    number: int | None
    style: str
    head: int
    paragraphs: tuple[Span, ...]
    group: str = ""  # the box's sub-heading the item stands under: "（一）商贸物流类"

    @property
    def span(self) -> Span:
        """The whole item text: wrapped lines joined, paragraphs in order."""
        seps = [_paragraph_sep(p.text) for p in self.paragraphs[:-1]]
        return Span.concat(self.paragraphs, seps)

    @property
    def name_text(self) -> str:
        """The item's text after its marker."""
        return self.span.text[self.head :]

    @property
    def line_start(self) -> int:
        """First source line of the item."""
        return self.paragraphs[0].lines[0]

    @property
    def line_end(self) -> int:
        """Last source line of the item."""
        return self.paragraphs[-1].lines[-1]


def _paragraph_sep(text: str) -> str:
    return "" if is_finished(text) else " "


def find_headers(doc: Document) -> tuple[list[BoxHeader], list[int]]:
    """Return the box headers of ``doc`` and the table-of-contents lines skipped."""
    headers: list[BoxHeader] = []
    toc: list[int] = []
    for index, line in enumerate(doc.lines):
        match = _HEADER.fullmatch(line.text)
        if match is None:
            continue
        raw_title = match.group(2) or ""
        if not raw_title:  # "专栏一" alone, its title on the next line
            following = doc.lines[index + 1].text if index + 1 < len(doc.lines) else ""
            if not _is_title(following):
                continue
            raw_title = following
        if "。" in raw_title or len(raw_title) > 60:
            continue
        if _TOC.search(raw_title) or _TOC.search(line.text):
            toc.append(line.number)
            continue
        digits = match.group(1)
        numeral = digits if digits[0] in _CN else ""
        number = cn_number(digits) if numeral else int(to_ascii_digits(digits))
        headers.append(BoxHeader(number, raw_title.strip(), line.number, numeral))
    return headers, toc


_CN = "一二三四五六七八九十"


def _is_title(text: str) -> bool:
    # A short line that is no item, heading or sentence.
    return (
        0 < len(text) <= 40
        and "。" not in text
        and marker(text) is None
        and not is_heading(text)
        and not _HEADER.match(text)
    )


def find_boxes(doc: Document) -> Layout:
    """Find every box of ``doc`` and the lines of running text around them."""
    headers, toc = find_headers(doc)
    if doc.layout == "wrapped":
        tables = _row_tables(doc, headers)
        taken = set(toc) | {line.number for lines in tables.values() for line in lines}
        extents, body = _wrapped_extents(doc, headers, taken)
        boxes = [
            Box(h.number, h.title, h.line, tuple(tables.get(i, extents[i])), i in tables, h.numeral)
            for i, h in enumerate(headers)
        ]
    else:
        boxes, body = _paragraph_boxes(doc, headers, set(toc))
    return Layout(tuple(boxes), tuple(body), tuple(toc))


# ---------------------------------------------------------------- paragraph layout


def _paragraph_boxes(
    doc: Document, headers: Sequence[BoxHeader], toc: set[int]
) -> tuple[list[Box], list[SourceLine]]:
    index = {line.number: i for i, line in enumerate(doc.lines)}
    starts = [index[h.line] for h in headers]
    boxes: list[Box] = []
    taken: set[int] = set(toc) | {h.line for h in headers}
    for k, header in enumerate(headers):
        stop = starts[k + 1] if k + 1 < len(starts) else len(doc.lines)
        candidates = doc.lines[starts[k] + 1 : stop]
        rows = _row_table_extent(candidates)
        table = bool(rows) or _is_table(candidates)
        lines = rows or (_table_extent(candidates) if table else _paragraph_extent(candidates))
        taken.update(line.number for line in lines)
        boxes.append(
            Box(header.number, header.title, header.line, tuple(lines), table, header.numeral)
        )
    body = [line for line in doc.lines if line.number not in taken]
    return boxes, body


def _is_table(lines: Sequence[SourceLine]) -> bool:
    # Plan 002 flattens tables into blank-separated rows of tab-indented cells.
    return (
        len(lines) >= 2
        and lines[0].tabbed
        and lines[1].tabbed
        and not lines[1].after_blank
        and marker(lines[0].text) is None
    )


def _row_table_extent(lines: Sequence[SourceLine]) -> list[SourceLine]:
    # A table one row to a line, its header first or after one line of introduction.
    for start in range(min(2, len(lines))):
        found = find_row_table(lines[start:])
        if found is not None:
            return list(lines[: start + found[0]])
    return []


def _table_extent(lines: Sequence[SourceLine]) -> list[SourceLine]:
    # A row is a block of lines between blank lines; rows hold tabbed cells,
    # or only a short remnant of a merged cell (002 line 945 "国家部委").
    blocks: list[list[SourceLine]] = []
    for line in lines:
        if line.after_blank or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    out: list[SourceLine] = []
    for block in blocks:
        remnant = all(
            line.width <= 12
            and not is_heading(line.text)
            and marker(line.text) is None
            and not line.anchored
            for line in block
        )
        if not (any(line.tabbed for line in block) or remnant):
            break
        out.extend(block)
    return out


@dataclass(slots=True)
class _Numbering:
    """The numbering state of a box being read in paragraph layout."""

    top: Marker | None = None
    last: int | None = None
    bare: bool = False
    substyles: set[str] = field(default_factory=set)


def _paragraph_extent(lines: Sequence[SourceLine]) -> list[SourceLine]:
    out: list[SourceLine] = []
    state = _Numbering()
    grouped = False
    for index, line in enumerate(lines):
        if is_heading(line.text):
            # A box may group its items under its own sub-headings, "（一）商贸物流类",
            # each followed by its item 1; the box opens with the first of them.
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if (not out or grouped) and _is_group_heading(line.text, following):
                grouped = True
                state = _Numbering()
                out.append(line)
                continue
            break
        found = marker(line.text)
        if found is None:
            if line.anchored and not line.tabbed:
                break
            continuation = out and not is_finished(out[-1].text)
            if out and line.indent and not line.tabbed and not continuation:
                break
            out.append(line)
            continue
        if not _fits(state, found, line.text, bool(out)):
            break
        out.append(line)
    return out


_GROUP = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")


def _is_group_heading(text: str, following: str = "") -> bool:
    """Whether ``text`` is a box's sub-heading over a list that starts at ``following``."""
    if not (_GROUP.match(text) and len(text) <= 20 and "。" not in text):
        return False
    if not following:
        return True
    found = marker(following)
    return found is not None and found.number in (1, None)


def _fits(state: _Numbering, found: Marker, text: str, seen: bool) -> bool:
    """Whether a marked paragraph continues the box; update the numbering if so."""
    if state.top is None:
        # 001 专栏1 has no numbered items and runs into the next section "2. 现代商贸业".
        fits = not (seen and found.number not in (None, 1))
        if fits:
            state.top, state.last, state.bare = found, found.number, _bare(text, found)
    elif found.level == state.top.level:
        # A numbering that starts again is a list of the running text.
        fits = found.number is None or state.last is None or found.number > state.last
        if fits:
            state.last, state.bare = found.number, _bare(text, found)
            state.substyles.clear()
    else:
        fits = found.level > state.top.level and (state.bare or found.style in state.substyles)
        if fits:
            state.substyles.add(found.style)
    return fits


def _bare(text: str, found: Marker) -> bool:
    """Whether a marked line is only a heading ("1. 交通设施", "2.公路。", "…：")."""
    rest = text[found.end :].strip()
    return rest.endswith("：") or (len(rest) <= 12 and rest.count("。") <= 1 and "，" not in rest)


# ---------------------------------------------------------------- wrapped layout


@dataclass(slots=True)
class _Flow:
    """A box being read in wrapped layout."""

    index: int
    chapter: int
    lines: list[SourceLine] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def unfinished(self) -> bool:
        if not self.lines:
            return False
        last = self.lines[-1].text
        found = marker(last)
        return not is_finished(last) or (found is not None and _bare(last, found))

    def take(self, line: SourceLine) -> None:
        self.lines.append(line)
        found = marker(line.text)
        if found is not None and found.number is not None:
            self.numbers[found.style] = found.number


def _row_tables(doc: Document, headers: Sequence[BoxHeader]) -> dict[int, list[SourceLine]]:
    """Return the boxes (by index) that hold a table one row to a line, with its lines."""
    index = {line.number: i for i, line in enumerate(doc.lines)}
    out: dict[int, list[SourceLine]] = {}
    for k, header in enumerate(headers):
        start = index[header.line] + 1
        stop = index[headers[k + 1].line] if k + 1 < len(headers) else len(doc.lines)
        rows = _row_table_extent(doc.lines[start:stop])
        if rows:
            out[k] = rows
    return out


def _wrapped_extents(
    doc: Document, headers: Sequence[BoxHeader], toc: set[int]
) -> tuple[list[list[SourceLine]], list[SourceLine]]:
    header_at = {h.line: i for i, h in enumerate(headers)}
    flows: list[_Flow] = []
    body: list[SourceLine] = []
    current: _Flow | None = None
    chapter = 0
    for line in doc.lines:
        if line.number in header_at:
            current = _Flow(header_at[line.number], chapter)
            flows.append(current)
        elif line.number in toc:
            continue
        elif is_heading(line.text):
            chapter += is_chapter(line.text)
            current = None
            body.append(line)
        elif current is not None:
            current = _in_box(current, flows, line, doc.wide)
            if current is None:
                body.append(line)
        else:
            current = _resume(flows, line, doc.wide, chapter)
            if current is None:
                body.append(line)
    extents: list[list[SourceLine]] = [[] for _ in headers]
    for flow in flows:
        extents[flow.index] = flow.lines
    return extents, body


def _in_box(current: _Flow, flows: list[_Flow], line: SourceLine, wide: float) -> _Flow | None:
    """Add ``line`` to the box being read, to another open box, or return None (body)."""
    found = marker(line.text)
    if not current.lines:
        current.take(line)
        return current
    if found is not None and _outer_heading(current, line.text, found):
        return None
    last = current.lines[-1].text
    last_marker = marker(last)
    mid_sentence = not is_finished(last) and not (last_marker and _bare(last, last_marker))
    # A box printed as wide as the body (a PDF whose boxes are not framed narrower or
    # wider) cannot be told from the body by width: its unfinished sentence goes on.
    by_width = any(taken.width > wide for taken in current.lines)
    if mid_sentence:
        if found is None and by_width and _body_like(line, wide):
            return None
    elif found is None and line.width > wide:
        other = _open_elsewhere(flows, current)
        if other is not None:  # 004 line 2753 goes on with 专栏22, cut at line 2707
            current = other
    elif found is None and _body_like(line, wide):
        return None
    current.take(line)
    return current


def _outer_heading(current: _Flow, text: str, found: Marker) -> bool:
    """Tell a heading of the running text ("九、持续推进生态文明建设") after a box's items.

    It is short and unfinished, and numbered in a style the box's items do not use.
    """
    return (
        found.style == "cn"
        and bool(current.numbers)
        and "cn" not in current.numbers
        and len(text) <= 30
        and not is_finished(text)
    )


def _body_like(line: SourceLine, wide: float) -> bool:
    # A full line of running text: as wide as the body and cut mid-sentence.
    return 20 <= line.width <= wide and not is_finished(line.text)


def _open_elsewhere(flows: Sequence[_Flow], current: _Flow) -> _Flow | None:
    for flow in reversed(flows):
        if flow is not current and flow.chapter == current.chapter and flow.unfinished():
            return flow
    return None


def _resume(flows: Sequence[_Flow], line: SourceLine, wide: float, chapter: int) -> _Flow | None:
    """Return the box a wide line of the running text continues, if any."""
    if line.width <= wide:
        return None
    candidates = [f for f in reversed(flows) if f.chapter == chapter and f.lines]
    found = marker(line.text)
    if found is not None and found.number is not None:
        for flow in candidates:
            if flow.numbers.get(found.style) == found.number - 1:
                flow.take(line)
                return flow
    for flow in candidates:
        if flow.unfinished():
            flow.take(line)
            return flow
    return None


# ---------------------------------------------------------------- items


def items_of(box: Box) -> list[Item]:
    """Return the top-level items of a (non-table) box, in order.

    Paragraphs before the first marked one are the box's introduction and
    belong to no item; marked paragraphs of an inner level stay inside the
    item they follow.
    """
    items: list[Item] = []
    top_level: int | None = None
    if labelled := _labelled_items(box):
        return labelled
    group = ""
    restarted = False
    for paragraph in _grouped_paragraphs(box.lines):
        if _is_group_heading(paragraph.text):
            group = paragraph.text
            continue
        found = marker(paragraph.text)
        if found is not None and (top_level is None or found.level <= top_level):
            top_level = found.level if top_level is None else top_level
            number = found.number if found.level == top_level else None
            last_number = items[-1].number if items else None
            if number is not None and last_number is not None and number <= last_number:
                restarted = True  # numbered again under the next sub-heading
            items.append(
                Item(
                    box.number,
                    len(items) + 1,
                    number,
                    found.style,
                    found.end,
                    (paragraph,),
                    group,
                )
            )
        elif items:
            last = items[-1]
            items[-1] = Item(
                last.box,
                last.ordinal,
                last.number,
                last.style,
                last.head,
                (*last.paragraphs, paragraph),
                last.group,
            )
    if restarted:  # numbers repeat across sub-headings: the items are counted through
        items = [replace(item, number=None) for item in items]
    return items


_NAME_LABEL = re.compile(r"(?:项目名称|平台名称|园区名称|名称)\s*[：:]\s*")


def _labelled_items(box: Box) -> list[Item]:
    """Items printed as labelled lines, each opened by its name: 项目名称：… / 建设地点：….

    Only for a box without numbered items; each line of an item is one paragraph,
    so one field's words never run into the next's.
    """
    if not any(_NAME_LABEL.match(line.text) for line in box.lines) or any(
        marker(line.text) is not None for line in box.lines
    ):
        return []
    items: list[Item] = []
    for line in box.lines:
        span = Span.join([(line.text, line.number)])
        label = _NAME_LABEL.match(line.text)
        if label is not None:
            items.append(Item(box.number, len(items) + 1, None, "label", label.end(), (span,)))
        elif items:
            last = items[-1]
            items[-1] = replace(last, paragraphs=(*last.paragraphs, span))
    return items


def _grouped_paragraphs(lines: Sequence[SourceLine]) -> list[Span]:
    """Return a box's paragraphs, each sub-heading ("（一）商贸物流类") one of its own."""
    out: list[Span] = []
    run: list[SourceLine] = []
    for line in lines:
        if _is_group_heading(line.text):
            out.extend(paragraphs(run))
            out.append(Span.join([(line.text, line.number)]))
            run = []
        else:
            run.append(line)
    return out + paragraphs(run)


def is_short_heading(text: str) -> bool:
    """Whether a paragraph is only a heading: "（一）做强商贸流通", "第三节 提升…"."""
    return is_heading(text) and len(text) <= 30 and "。" not in text


def intro_of(box: Box) -> Span | None:
    """Return the box's text before its first item (its whole text if it has none)."""
    intro: list[Span] = []
    for paragraph in paragraphs(box.lines):
        if marker(paragraph.text) is not None:
            break
        intro.append(paragraph)
    if not intro:
        return None
    return Span.concat(intro, [_paragraph_sep(p.text) for p in intro[:-1]])


def paragraphs(lines: Sequence[SourceLine]) -> list[Span]:
    """Join wrapped lines into paragraphs (a marker or a finished sentence starts one)."""
    groups: list[list[SourceLine]] = []
    for line in lines:
        if groups and _continues(groups[-1][-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Span.join((line.text, line.number) for line in group) for group in groups]


def _continues(previous: SourceLine, line: SourceLine) -> bool:
    if marker(line.text) is not None or is_finished(previous.text):
        return False
    if is_short_heading(previous.text):
        return False  # "（一）做强商贸流通" / "提升…" are two paragraphs
    found = marker(previous.text)
    if found is None and line.number > previous.number + 1 and _title_like(previous.text):
        return False  # a title, then a blank line: "…重点项目名单" is not the next sentence's start
    return not (found is not None and _bare(previous.text, found))


def _title_like(text: str) -> bool:
    """Tell a short line without a clause in it (a title or heading, not a wrapped line)."""
    return len(text.strip()) <= 40 and not re.search(r"[，,；;、]", text)
