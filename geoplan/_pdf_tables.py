r"""Tables of a PDF plan, read from where their words stand on the page.

A PDF's text layer knows no table. Read in reading order (pypdf's default) a
table comes out one wrapped cell fragment per line ("1 祥符荡科" / "创绿谷" /
"罗星街道 建设科创" / "载体、水" …), which no reader can put back together.
pypdf's *layout* mode keeps each word where it stands: the columns of a table
line up, and a wrapped cell's next lines stand under its first one::

    序号      项目名称    建设地点    建设内容    总投资
                                  及规模      （亿元）
    1       祥符荡科    罗星街道    建设科创    120
            创绿谷                载体、水
    2       沪嘉城际    惠民街道    新建城际    95.6
            铁路嘉善段              铁路约22公里

:func:`page_text` finds such blocks: a header of three or more short cells
with two or more spaces between them, then lines whose words leave an empty
gutter between every two header cells. Each block becomes the row layout the
tables reader knows: the header, then one line per row with its cells apart by
tabs; a wrapped cell's lines are joined back into its row. A row starts where
the first column holds a number (序号), or, in a table without one, where a
line fills more than half of the columns. A table that runs on to the next
page goes on there, with a repeated header skipped. Lines that are not in a
table keep their words, without the layout's indent.

This module only rebuilds rows; what a header means (which column names a work)
is decided by :mod:`geoplan.extract.tables`.

Examples
--------
>>> layout = [
...     "序号   项目名称   建设地点   总投资",
...     "                             （亿元）",
...     "1      甲园区     乙镇       12",
...     "       二期",
...     "2      丙中心     丁镇       3.5",
...     "第四章 保障措施",
... ]
>>> text, still_open = page_text(layout, None)
>>> print(text.replace("\t", " | "))
序号 | 项目名称 | 建设地点 | 总投资（亿元）
1 | 甲园区二期 | 乙镇 | 12
2 | 丙中心 | 丁镇 | 3.5
第四章 保障措施
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from geoplan._table_words import CN_SERIAL, GROUP, SERIAL

__all__ = ["Grid", "finish", "may_hold_table", "page_text"]

# Cells stand apart by two or more spaces; one space may sit inside a cell ("约 22").
_CELL = re.compile(r"\S+(?: \S+)*")
_NAME = re.compile(r"\S+")  # a column name: no space inside
_YEAR = re.compile(r"(?:19|20)\d{2}")
# A heading that ends a table (extract/markers.py knows headings for the extraction; plans.py
# reads files below it, so this module cannot import from there).
_PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[-—–－\s]*")
_HEADING = re.compile(
    r"第[一二三四五六七八九十百零]+[章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
)
_HEADER_CELL = 12  # a column name is short
_HEADER_MORE = 8  # and so is the rest of one wrapped under it
_TABLE_WORDS = ("序号", "名称", "地点", "内容", "投资", "年限", "单位", "规模", "时间", "类别")


def may_hold_table(plain: str) -> bool:
    """Whether a page's reading-order text may hold a table worth reading from its layout."""
    return sum(word in plain for word in _TABLE_WORDS) >= 3


@dataclass(slots=True)
class Grid:
    """An open table: its header cells, where they stand, and the rows read so far."""

    header: list[str]
    spans: list[tuple[int, int]]  # each header cell's first and last+1 character positions
    occupied: set[int]  # positions holding a character on some line of the table
    number_column: int | None = None  # the 序号 column, whose numbers start the rows
    rows: list[list[str]] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)  # as printed, to skip a repeat
    # Names under a header cell that spans several columns ("总投资（亿元）" over "合计"
    # and "其中：十四五"); "" under the others. Empty while the header is one row.
    subheader: list[str] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)  # (rows before it, text)

    @property
    def width(self) -> int:
        return len(self.header)

    def gutters_kept(self, positions: set[int]) -> bool:
        """Whether, with ``positions`` filled too, every two columns still stand apart."""
        filled = self.occupied | positions
        for (_, left_end), (right_start, _) in zip(self.spans, self.spans[1:], strict=False):
            if all(p in filled for p in range(left_end, right_start)):
                return False
        return True

    def bounds(self) -> list[int]:
        """Where each column starts: the first empty position of each gutter."""
        starts = [0]
        for (_, left_end), (right_start, _) in zip(self.spans, self.spans[1:], strict=False):
            empty = [p for p in range(left_end, right_start) if p not in self.occupied]
            starts.append(empty[-1] + 1 if empty else right_start)
        return starts

    def cells(self, line: str) -> list[str]:
        """Cut one line at the gutters."""
        starts = self.bounds()
        ends = [*starts[1:], len(line)]
        return [line[s:e].strip() for s, e in zip(starts, ends, strict=True)]

    def lines(self) -> list[str]:
        """Return the table in row layout: the header, then one tab-separated line per row.

        A header of two rows gives two lines; a group row ("一、产业项目") is a line of
        its own before the rows it heads.
        """
        out = ["\t".join(_name(cell) for cell in self.header)]
        if any(self.subheader):
            out.append("\t".join(_name(cell) for cell in self.subheader))
        groups = dict(self.groups)
        for index, row in enumerate(self.rows):
            if index in groups:
                out.append(groups[index])
            out.append("\t".join(row))
        return out

    def column_of(self, start: int, end: int) -> int:
        """Return the column a run of a header's words belongs to.

        That is the column it overlaps most, else the last one starting before it
        (a name wrapped into the gutter).
        """
        overlaps = [max(0, min(end, e) - max(start, s)) for s, e in self.spans]
        if max(overlaps) > 0:
            return overlaps.index(max(overlaps))
        before = [i for i, (s, _) in enumerate(self.spans) if s <= start]
        return before[-1] if before else 0


def _positions(line: str) -> set[int]:
    return {i for i, ch in enumerate(line) if not ch.isspace()}


def _join(left: str, right: str) -> str:
    """Join a wrapped cell's pieces: without a space, but between two Latin words."""
    if not left or not right:
        return left + right
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def _header(line: str) -> Grid | None:
    """Read a line as a table's header: three or more short cells apart.

    Column names hold no space, so in a narrow table one space parts two of them
    ("2024 开工" is the start of two names wrapped under each other); a year may
    start a name (2024年计划投资), other figures are a row's, not a header's.
    """
    if len(_CELL.findall(line)) < 3:  # a line of words one space apart is text, not a header
        return None
    found = list(_NAME.finditer(line))
    if any(len(m.group()) > _HEADER_CELL for m in found):
        return None
    figures = [m.group() for m in found if re.fullmatch(r"[\d.,%％]+", m.group())]
    if any(not _YEAR.fullmatch(f) for f in figures) or len(figures) * 2 >= len(found):
        return None  # a row of figures, not of column names
    spans = [(m.start(), m.end()) for m in found]
    return Grid([m.group() for m in found], spans, _positions(line), header_lines=[line])


def _ends_table(grid: Grid, line: str) -> bool:
    text = line.strip()
    if _HEADING.match(text):
        return True
    widest = max(e - s for s, e in grid.spans)
    # One run of words far wider than any column is running text.
    return len(_CELL.findall(line)) == 1 and len(text) > max(3 * widest, 30)


def _starts_row(grid: Grid, cells: list[str]) -> bool:
    if grid.number_column is not None:  # a work's 序号, or a group's in Chinese (一, （二）)
        serial = cells[grid.number_column]
        return bool(SERIAL.fullmatch(serial) or CN_SERIAL.fullmatch(serial))
    return sum(bool(c) for c in cells) * 2 > grid.width


def _is_header_more(line: str) -> bool:
    """Tell a header's next line: wrapped column names, units, names of sub-columns.

    Its runs of words are short and hold no figure; a table's rows hold its figures.
    """
    runs = _CELL.findall(line)
    return bool(runs) and all(len(r) <= _HEADER_MORE and not re.search(r"\d", r) for r in runs)


def _number_column(grid: Grid, cells: list[str]) -> int | None:
    """Return the 序号 column: headed 序号, else the first, if this first row numbers it."""
    headed = [i for i, h in enumerate(grid.header) if "序号" in h]
    column = headed[0] if headed else 0
    serial = cells[column]
    return column if SERIAL.fullmatch(serial) or CN_SERIAL.fullmatch(serial) else None


def _add(grid: Grid, line: str) -> bool:
    """Take one line into the table; return False where the table ends before it."""
    positions = _positions(line)
    if not grid.gutters_kept(positions) or _ends_table(grid, line):
        return False
    cells = grid.cells(line)
    if not grid.rows:
        grid.number_column = _number_column(grid, cells)
        if grid.number_column is None and _is_header_more(line):
            _add_header_line(grid, line)
            return True
        grid.occupied |= positions
        grid.rows.append(grid.cells(line))
        return True
    grid.occupied |= positions
    cells = grid.cells(line)
    if _starts_row(grid, cells):
        grid.rows.append(cells)
    else:
        grid.rows[-1] = [_join(r, c) for r, c in zip(grid.rows[-1], cells, strict=True)]
    return True


def _add_header_line(grid: Grid, line: str) -> None:
    """Take the next line of a header: the rest of wrapped names, or the names of sub-columns.

    Each run of words joins the column it stands under. Two runs apart under one
    header cell are the names of two sub-columns: that cell's columns split there.
    """
    runs: dict[int, list[re.Match[str]]] = {}
    for run in _CELL.finditer(line):
        runs.setdefault(grid.column_of(run.start(), run.end()), []).append(run)
    for column in sorted(runs, reverse=True):  # splitting shifts the columns to the right
        found = runs[column]
        if len(found) > 1 and not (grid.subheader and grid.subheader[column]):
            _split(grid, column, found)
            for offset, run in enumerate(found):
                grid.subheader[column + offset] = run.group()
            continue
        text = "".join(run.group() for run in found)
        if grid.subheader and grid.subheader[column]:
            grid.subheader[column] = _join(grid.subheader[column], text)
        else:
            grid.header[column] = _join(grid.header[column], text)
    grid.occupied |= _positions(line)
    grid.header_lines.append(line)


def _split(grid: Grid, column: int, runs: Sequence[re.Match[str]]) -> None:
    """Split a header cell's column into one column per run of the line below it."""
    start, end = grid.spans[column]
    parts = [(run.start(), run.end()) for run in runs]
    parts[0] = (min(start, parts[0][0]), parts[0][1])
    parts[-1] = (parts[-1][0], max(end, parts[-1][1]) if len(parts) == 1 else parts[-1][1])
    grid.spans[column : column + 1] = parts
    grid.header[column : column + 1] = [grid.header[column]] * len(parts)
    if not grid.subheader:
        grid.subheader = [""] * (len(grid.header) - len(parts) + 1)
    grid.subheader[column : column + 1] = [""] * len(parts)
    # The spanning name stands over the gutters between its sub-columns: they stay open.
    grid.occupied -= set(range(start, end))
    for earlier in grid.header_lines[1:]:
        grid.occupied |= _positions(earlier)


def _name(cell: str) -> str:
    """Return a column name without the spaces and quote marks the layout moves around."""
    return re.sub(r"[\s“”‘’\"']", "", cell)


def _heads_group(grid: Grid, line: str, after: Sequence[str]) -> bool:
    """Tell a group row inside a table ("一、产业发展项目", "续建项目").

    It is one short run of words across the columns, with a row of the table right
    below it.
    """
    text = line.strip()
    if len(_CELL.findall(line)) != 1 or len(text) > 30 or "。" in text:
        return False
    if not (_HEADING.match(text) or GROUP.search(text)):
        return False  # the rest of a wrapped cell
    below = next((later for later in after if later.strip()), "")
    if not below or not grid.gutters_kept(_positions(below)):
        return False
    cells = grid.cells(below)
    if grid.number_column is None and not grid.rows:
        return _number_column(grid, cells) is not None
    return _starts_row(grid, cells)


def _repeats_header(grid: Grid, lines: Sequence[str], at: int) -> int:
    """How many lines at ``at`` repeat the header of ``grid`` (0 if they do not)."""
    first = lines[at].split()
    if first != grid.header_lines[0].split():
        return 0
    return min(len(grid.header_lines), len(lines) - at)


def _resumed(grid: Grid, header_lines: Sequence[str]) -> Grid:
    """Return the open table, with the columns of its header as repeated on a new page."""
    fresh = _header(header_lines[0])
    if fresh is None:
        return grid
    for line in header_lines[1:]:
        _add_header_line(fresh, line)
    if fresh.width != grid.width:
        return grid
    fresh.header, fresh.subheader = grid.header, grid.subheader
    fresh.header_lines = grid.header_lines
    fresh.rows, fresh.groups, fresh.number_column = grid.rows, grid.groups, grid.number_column
    return fresh


def page_text(layout: Sequence[str], grid: Grid | None) -> tuple[str, Grid | None]:
    """Return a page's text with its tables in row layout, and the table still open at its end.

    ``layout`` is the page's text in layout mode, split into lines; ``grid`` the
    table the previous page ended in, if any (its rows are not yet written: they
    come first in the text returned, or stay in the table returned).
    """
    out: list[str] = []
    index = 0
    if grid is not None:
        # A running header or a page number may stand above the table's next rows.
        for at in range(min(4, len(layout))):
            repeat = _repeats_header(grid, layout, at)
            if repeat or (layout[at].strip() and grid.gutters_kept(_positions(layout[at]))):
                out.extend(_plain(line) for line in layout[:at] if line.strip())
                index = at + repeat
                if repeat:  # each page places its words afresh: take its header's columns
                    grid = _resumed(grid, layout[at:index])
                break
        else:
            out.extend(_finish(grid))
            grid = None
    blank = False
    while index < len(layout):
        line = layout[index]
        index += 1
        if grid is not None:
            if not line.strip() or _PAGE_NUMBER.fullmatch(line.strip()):
                blank = blank or not line.strip()
                continue
            if _heads_group(grid, line, layout[index:]):
                grid.groups.append((len(grid.rows), _plain(line)))
                continue
            if _add(grid, line):
                blank = False
                continue
            out.extend(_finish(grid))
            grid = None
            if blank:
                out.append("")
        blank = False
        if (started := _header(line)) is not None:
            grid = started
            continue
        out.append(_plain(line))
    return "\n".join(out), grid


def _finish(grid: Grid) -> list[str]:
    """Return what a closed table leaves: its rows, or its lines as printed if none."""
    if grid.rows:
        return grid.lines()
    return [_plain(line) for line in grid.header_lines]


def finish(grid: Grid | None) -> str:
    """Return the text of a table still open when the document ends."""
    return "\n".join(_finish(grid)) if grid is not None else ""


def _plain(line: str) -> str:
    return re.sub(r" {2,}", " ", line.strip())
