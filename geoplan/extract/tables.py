r"""Read the tables that the Word conversion of plan 002 flattened into text.

Each row is a block of lines between blank lines; each cell starts with a tab,
and a line without a tab continues the cell above it (002 专栏7: "国家级" /
"经济技术" / "开发区" is one cell). A merged cell is printed only in its first
row, so shorter rows are padded from the row above.

Examples
--------
>>> from geoplan.extract.text import repair
>>> doc = repair("\t园区类别\n\t园区名称\n\n\t国家级\n开发区\n\t金华开发区\n\n\t\n\t义乌开发区\n")
>>> table = read_table(doc.lines)
>>> table.header, [[c.text for c in row] for row in table.rows]
(('园区类别', '园区名称'), [['国家级开发区', '金华开发区'], ['国家级开发区', '义乌开发区']])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geoplan.extract.text import SourceLine, Span

__all__ = ["Table", "read_table"]

_HEADER_WORDS = ("名称", "类别", "目标", "方向", "单位", "序号")


@dataclass(frozen=True, slots=True)
class Table:
    """A table: header cells (empty if none) and data rows of cells with line maps."""

    header: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]
    notes: tuple[Span, ...] = ()

    def column(self, *words: str) -> int | None:
        """Index of the first header cell containing one of ``words``."""
        for index, cell in enumerate(self.header):
            if any(word in cell for word in words):
                return index
        return None


def read_table(lines: Sequence[SourceLine]) -> Table:
    """Read a flattened table; rows starting with 备注/注 become ``notes``."""
    raw = _rows(lines)
    header: tuple[str, ...] = ()
    if raw and any(word in cell.text for cell in raw[0] for word in _HEADER_WORDS):
        header = tuple(cell.text for cell in raw[0])
        raw = raw[1:]
    rows: list[tuple[Span, ...]] = []
    notes: list[Span] = []
    width = len(header) or max((len(r) for r in raw), default=0)
    for cells in raw:
        if len(cells) == 1 and cells[0].text.startswith(("备注", "注")):
            notes.append(cells[0])
            continue
        short = bool(rows) and len(cells) < width
        rows.append((rows[-1][: width - len(cells)] if short else ()) + tuple(cells))
    return Table(header, tuple(rows), tuple(notes))


def _rows(lines: Sequence[SourceLine]) -> list[tuple[Span, ...]]:
    rows: list[list[list[SourceLine]]] = []
    for line in lines:
        if line.after_blank or not rows:
            rows.append([])
        if line.tabbed or not rows[-1]:
            rows[-1].append([line])
        else:
            rows[-1][-1].append(line)
    return [
        tuple(Span.join((line.text, line.number) for line in cell) for cell in row)
        for row in rows
        if row
    ]
