r"""Repair converted plan text while keeping every character's source line.

The five plans were converted to text from Word and PDF files and carry the
artefacts of that conversion: Word bookmark anchors (``[bookmark: _Toc…]``,
plan 002), image placeholders (``[image: image1.jpg]``, plan 003), and, in the
PDF conversion of plan 004, lines wrapped every ~26 characters with blank lines
between them, page numbers alone on a line in the middle of a sentence, and
hyperlink targets printed as bare URLs. :func:`repair` removes the artefacts
and returns a :class:`Document` whose lines still know their 1-based line
number in the original file; :class:`Span` joins wrapped lines back into one
string without losing that line map.

Examples
--------
>>> doc = repair("第一行\n\n\n\n12\n\n[bookmark: _Toc1]第二行")
>>> [(line.number, line.text) for line in doc.lines]
[(1, '第一行'), (7, '第二行')]
>>> [(r.number, r.kind) for r in doc.removed]
[(5, 'page-number'), (7, 'bookmark')]
>>> doc.lines[1].anchored
True
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from geoplan.plans import split_lines

__all__ = [
    "Document",
    "Removed",
    "SourceLine",
    "Span",
    "display_width",
    "is_finished",
    "normalize_name",
    "repair",
]

Layout = Literal["paragraph", "wrapped"]

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_IMAGE = re.compile(r"\[image:[^\]]*\]")
_URL_LINE = re.compile(r"https?://\S+")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
# Cells of a table row (tab, ideographic space or two spaces between them) are no
# line of running text: their widths say nothing about how the text was wrapped.
_CELL_GAP = re.compile(r"\S(?:\t|\u3000| {2,})\S")
# Sentence-final characters: a line ending in one of them ends a paragraph.
_FINAL = "。！？；：）)」"
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def display_width(text: str) -> float:
    """Return the printed width of ``text`` in full-width character cells.

    Wide and full-width characters count 1, everything else 0.5; the PDF
    conversion of plan 004 wraps body text at about 26 such cells.

    Examples
    --------
    >>> display_width("金东 2020年")
    5.5
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def is_finished(text: str) -> bool:
    """Return whether ``text`` ends a sentence (and so possibly a paragraph).

    Examples
    --------
    >>> is_finished("总投资 9 亿。"), is_finished("（责任单位：柯城区政府）"), is_finished("占地")
    (True, True, False)
    """
    text = text.rstrip()
    return bool(text) and (text[-1] in _FINAL or text.endswith(("。”", "。’")))


def normalize_name(text: str) -> str:
    """Return a name without the spaces a conversion left around CJK characters.

    Spaces between two Latin words or numbers are kept.

    Examples
    --------
    >>> normalize_name(" 导演村、制片人村“三村” 项目 ")
    '导演村、制片人村“三村”项目'
    >>> normalize_name("衢江区保税物流中心（B 型）")
    '衢江区保税物流中心（B型）'
    """
    return _SPACE_NEAR_CJK.sub("", text).strip()


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One non-empty line of a plan after repair.

    Parameters
    ----------
    number
        1-based line number in the original file.
    text
        The line without artefacts and without surrounding whitespace.
    indent
        The leading whitespace as printed (a tab marks a table cell or the
        first line of a box in the Word conversions).
    width
        :func:`display_width` of ``text``.
    anchored
        Whether a Word bookmark anchor stood at the start of the line (they
        mark headings and body paragraphs, never box items).
    after_blank
        Whether a blank line (or a removed artefact) precedes the line: in the
        Word conversion of plan 002 blank lines separate the rows of a table.
    """

    number: int
    text: str
    indent: str
    width: float
    anchored: bool = False
    after_blank: bool = True

    @property
    def tabbed(self) -> bool:
        """Whether the line starts with a tab (a table cell in plan 002)."""
        return self.indent.startswith("\t")


@dataclass(frozen=True, slots=True)
class Removed:
    """A line (or part of one) :func:`repair` dropped, and why."""

    number: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A repaired plan: its non-empty lines with their original numbers.

    ``layout`` is ``"wrapped"`` for PDF conversions whose lines are cut at a
    fixed width (plan 004) and ``"paragraph"`` for Word conversions with one
    paragraph per line. ``body_width`` is the most common width of a full body
    line in a wrapped document (0 for paragraph layout).
    """

    lines: tuple[SourceLine, ...]
    layout: Layout
    body_width: float
    removed: tuple[Removed, ...]

    @property
    def wide(self) -> float:
        """Lines wider than this are not body text in a wrapped document."""
        return self.body_width + 2.5


def repair(text: str) -> Document:
    """Remove conversion artefacts from a plan and keep the line numbers.

    Parameters
    ----------
    text
        The whole plan as read from its UTF-8 file.

    Returns
    -------
    Document
        The non-empty lines, each with its 1-based original line number, the
        detected layout, and the list of what was removed.
    """
    raw = split_lines(text)
    kept: list[SourceLine] = []
    removed: list[Removed] = []
    for index, line in enumerate(raw):
        number = index + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _is_page_number(raw, index):
            removed.append(Removed(number, "page-number", stripped))
            continue
        if _URL_LINE.fullmatch(stripped):
            removed.append(Removed(number, "url", stripped))
            continue
        cleaned, anchored, kinds = _strip_tags(line)
        removed.extend(Removed(number, kind, stripped) for kind in kinds)
        body = cleaned.strip()
        if body:
            indent = cleaned[: len(cleaned) - len(cleaned.lstrip())]
            gap = not kept or kept[-1].number != number - 1
            kept.append(SourceLine(number, body, indent, display_width(body), anchored, gap))
    kept = _join_lone_markers(kept, removed)
    layout, body_width = _detect_layout(kept)
    return Document(tuple(kept), layout, body_width, tuple(removed))


# An item's number printed on a line of its own ("13." over "浙中影创城。总投资30亿元…"),
# as a PDF may print a hanging number; a table's bare 序号 ("1") is not one.
_LONE_MARKER = re.compile(
    r"[0-9０-９]{1,3}[.、．]|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,3}[）)]"
)


def _join_lone_markers(lines: list[SourceLine], removed: list[Removed]) -> list[SourceLine]:
    """Put a number alone on its line before the text of the next line, where that text is."""
    out: list[SourceLine] = []
    lone: SourceLine | None = None
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            lone is None
            and following is not None
            and _LONE_MARKER.fullmatch(line.text)
            and not following.tabbed
            and not _LONE_MARKER.match(following.text)
        ):
            removed.append(Removed(line.number, "lone-marker", line.text))
            lone = line
            continue
        if lone is not None:
            text = f"{lone.text} {line.text}"
            joined = SourceLine(
                line.number,
                text,
                lone.indent,
                display_width(text),
                lone.anchored or line.anchored,
                lone.after_blank,
            )
            out.append(joined)
            lone = None
            continue
        out.append(line)
    return out


def _strip_tags(line: str) -> tuple[str, bool, list[str]]:
    kinds: list[str] = []
    anchored = bool(_BOOKMARK.match(line.lstrip()))
    if "[bookmark:" in line:
        line = _BOOKMARK.sub("", line)
        kinds.append("bookmark")
    if "[image:" in line:
        line = _IMAGE.sub("", line)
        kinds.append("image")
    return line, anchored, kinds


def _is_page_number(raw: Sequence[str], index: int) -> bool:
    # A PDF page number sits alone after two or more blank lines and before a
    # blank line (004 line 1789 "34" splits "金华义 / 乌国际机场"); a table's
    # row number is followed directly by its row.
    if not _PAGE_NUMBER.fullmatch(raw[index].strip()):
        return False
    before = raw[max(0, index - 2) : index]
    after_blank = index + 1 >= len(raw) or not raw[index + 1].strip()
    return len(before) == 2 and not any(s.strip() for s in before) and after_blank


def _detect_layout(lines: Sequence[SourceLine]) -> tuple[Layout, float]:
    widths = [line.width for line in lines if line.width >= 8 and not _CELL_GAP.search(line.text)]
    if len(widths) < 10:
        return "paragraph", 0.0
    long_share = sum(w > 45 for w in widths) / len(widths)
    full = Counter(round(w * 2) / 2 for w in widths if 15 <= w <= 45)
    if statistics.median(widths) > 40 or long_share > 0.1 or not full:
        return "paragraph", 0.0
    # A PDF cuts most lines at one width: in 004 61% of lines lie within 26 ± 2 cells;
    # a Word conversion with short table cells (002) has no such band.
    body = full.most_common(1)[0][0]
    band = sum(body - 2 <= w <= body + 1.5 for w in widths) / len(widths)
    return ("wrapped", body) if band >= 0.3 else ("paragraph", 0.0)


@dataclass(frozen=True, slots=True)
class Span:
    """Text joined from several source lines, with the line of every character.

    ``starts[i]`` is the offset in ``text`` where the piece from source line
    ``lines[i]`` begins.

    Examples
    --------
    >>> span = Span.join([("金华科技", 10), ("城：总规划", 12)])
    >>> span.text, span.line_at(4), span.line_range(0, 5)
    ('金华科技城：总规划', 12, (10, 12))
    """

    text: str
    starts: tuple[int, ...]
    lines: tuple[int, ...]

    @classmethod
    def join(cls, pieces: Iterable[tuple[str, int]], sep: str = "") -> Span:
        """Join ``(text, line)`` pieces with ``sep`` between them."""
        parts: list[str] = []
        starts: list[int] = []
        lines: list[int] = []
        offset = 0
        for text, line in pieces:
            if parts:
                parts.append(sep)
                offset += len(sep)
            starts.append(offset)
            lines.append(line)
            parts.append(text)
            offset += len(text)
        return cls("".join(parts), tuple(starts), tuple(lines))

    @classmethod
    def concat(cls, spans: Sequence[Span], seps: Sequence[str]) -> Span:
        """Concatenate spans, putting ``seps[i]`` before ``spans[i + 1]``."""
        text = ""
        starts: list[int] = []
        lines: list[int] = []
        for index, span in enumerate(spans):
            if index:
                text += seps[index - 1]
            starts.extend(len(text) + s for s in span.starts)
            lines.extend(span.lines)
            text += span.text
        return cls(text, tuple(starts), tuple(lines))

    def line_at(self, offset: int) -> int:
        """Return the source line of the character at ``offset``."""
        if not self.lines:
            msg = "an empty span has no source lines"
            raise IndexError(msg)
        index = bisect.bisect_right(self.starts, max(offset, 0)) - 1
        return self.lines[max(index, 0)]

    def line_range(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Return the first and last source line of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        return self.line_at(start), self.line_at(max(start, end - 1))

    def slice(self, start: int, end: int) -> Span:
        """Return the part ``text[start:end]`` with its line map."""
        first = bisect.bisect_right(self.starts, start) - 1
        starts = [0]
        lines = [self.lines[max(first, 0)]]
        for s, line in zip(self.starts[first + 1 :], self.lines[first + 1 :], strict=True):
            if s >= end:
                break
            starts.append(s - start)
            lines.append(line)
        return Span(self.text[start:end], tuple(starts), tuple(lines))
