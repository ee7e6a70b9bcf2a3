"""The legend of a printed map: :class:`geoplan.maps.style.LegendSection` laid out in mm.

Private to :mod:`geoplan.maps.printing`. The sections are those the
interactive map shows (headings, category groups, one swatch per member or
value, notes); swatches are drawn from the same styles as the map. Rows flow
into as many columns as the box holds; when they do not fit, the type gets
smaller (down to 60 %), and what still does not fit is left out with a note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.textpath import TextToPath

from geoplan.maps import _mpl
from geoplan.maps.style import LegendSection, Swatch

__all__ = ["Box", "draw_legend", "text_width_mm", "wrap"]

_MM_PER_PT = 25.4 / 72
_SWATCH_W, _SWATCH_H = 6.5, 3.4  # mm
_COLUMN_MM = 62.0
_LINE = 1.35  # line height, in font sizes
_SIZES = {"heading": 8.5, "group": 7.5, "entry": 7.5, "note": 6.5}
_SHRINK_STEPS = (1.0, 0.9, 0.8, 0.7, 0.6)
_TEXT = TextToPath()
# Closing punctuation, which Chinese typesetting keeps off the start of a line.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】,.;:?!)]%")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on the sheet, in mm from its bottom left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True, slots=True)
class _Row:
    kind: Literal["heading", "group", "entry", "note", "gap"]
    text: str
    size: float
    swatch: Swatch | None = None

    @property
    def height(self) -> float:
        if self.kind == "gap":
            return 2.5
        # an entry's line holds its swatch; a group heading has air above it
        spacing = {"entry": 1.75, "group": 1.9, "heading": 1.45}.get(self.kind, _LINE)
        return self.size * _MM_PER_PT * spacing


@lru_cache(maxsize=4096)
def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    """Return the width of a line of text in the current font, in mm."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) * _MM_PER_PT


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Break text into lines no wider than ``width`` mm (at any character: Chinese has no spaces).

    Closing punctuation never starts a line (it stays with the character before
    it, as Chinese typesetting wants), even if that line runs a little long.
    """
    lines, line = [], ""
    for char in text:
        if (
            line
            and char not in _NO_LINE_START
            and text_width_mm(line + char, size, bold=bold) > width
        ):
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def _rows(sections: Sequence[LegendSection], width: float, scale: float) -> list[_Row]:
    """Turn sections into rows of one line each, wrapped to the column's width."""
    rows: list[_Row] = []
    for section in sections:
        if rows:
            rows.append(_Row("gap", "", 0))
        size = _SIZES["heading"] * scale
        rows += [_Row("heading", t, size) for t in wrap(section.title, width, size, bold=True)]
        for heading, swatches in section.groups:
            if heading:
                size = _SIZES["group"] * scale
                rows += [_Row("group", t, size) for t in wrap(heading, width, size, bold=True)]
            size = _SIZES["entry"] * scale
            for swatch in swatches:
                texts = wrap(swatch.label, width - _SWATCH_W - 2, size)
                rows.append(_Row("entry", texts[0] if texts else "", size, swatch))
                rows += [_Row("entry", t, size) for t in texts[1:]]
        size = _SIZES["note"] * scale
        for note in section.notes:
            rows += [_Row("note", t, size) for t in wrap(note, width, size)]
    return rows


def _flow(rows: list[_Row], box: Box, columns: int) -> list[list[_Row]] | None:
    """Fill columns top to bottom; ``None`` if the rows do not fit."""
    out: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        if used + row.height > box.h:
            if len(out) == columns:
                return None
            out.append([])
            used = 0.0
            if row.kind == "gap":
                continue
        out[-1].append(row)
        used += row.height
    return out


def draw_legend(
    sheet: Axes, sections: Sequence[LegendSection], box: Box, pt: Callable[[float], float]
) -> None:
    """Draw the legend sections in a box of the sheet (an axes in mm)."""
    columns = max(1, int(box.w // _COLUMN_MM))
    width = box.w / columns - (3.0 if columns > 1 else 0.0)
    flowed = None
    for shrink in _SHRINK_STEPS:
        rows = _rows(sections, width, pt(1.0) * shrink)
        flowed = _flow(rows, box, columns)
        if flowed is not None:
            break
    if flowed is None:  # even the smallest type does not fit: say what is left out
        flowed = _flow_cut(rows, box, columns)
    for c, column in enumerate(flowed):
        y = box.top
        x = box.x + c * (box.w / columns)
        for row in column:
            y -= row.height
            _draw_row(sheet, row, x, y)


def _flow_cut(rows: list[_Row], box: Box, columns: int) -> list[list[_Row]]:
    entries = sum(1 for r in rows if r.swatch is not None)
    for keep in range(len(rows) - 1, 0, -1):
        shown = sum(1 for r in rows[:keep] if r.swatch is not None)
        cut = _Row("note", f"……图例未列全（另有 {entries - shown} 项）", rows[0].size * 0.8)
        flowed = _flow([*rows[:keep], cut], box, columns)
        if flowed is not None:
            return flowed
    return [[]]


def _draw_row(sheet: Axes, row: _Row, x: float, y: float) -> None:
    mid = y + row.height / 2 if row.kind != "group" else y + row.size * _MM_PER_PT * 0.6
    styles: dict[str, dict[str, Any]] = {
        "heading": {"fontweight": "bold", "color": "#111111"},
        "group": {"fontweight": "bold", "color": "#444444"},
        "entry": {"color": "#222222"},
        "note": {"color": "#555555"},
    }
    if row.kind == "gap":
        return
    indent = _SWATCH_W + 2 if row.kind == "entry" else 0.0
    if row.swatch is not None:
        _draw_swatch(sheet, row.swatch, x, mid)
    sheet.text(x + indent, mid, row.text, fontsize=row.size, va="center", **styles[row.kind])


def _draw_swatch(sheet: Axes, swatch: Swatch, x: float, mid: float) -> None:
    look = swatch.style
    color = str(look.get("color", "#333333"))
    edge = _mpl.rgba(color, float(look.get("opacity", 1.0)))
    width = min(float(look.get("weight", 2)), 3.0) * _mpl.PT_PER_PX
    dashes = _mpl.linestyle(look)
    fill = _mpl.rgba(str(look.get("fillColor", color)), float(look.get("fillOpacity", 0.2)))
    if swatch.shape == "line":
        sheet.add_line(
            Line2D([x, x + _SWATCH_W], [mid, mid], color=edge, lw=width + 0.5, linestyle=dashes)
        )
    elif swatch.shape == "dot":
        sheet.add_patch(Circle((x + 1.8, mid), 1.5, fc=fill, ec=edge, lw=width, linestyle=dashes))
    elif swatch.shape in {"badge", "square"}:  # a unit's count badge: white dashed ring
        box = (x + 0.2, mid - 1.7)
        outline: dict[str, Any] = {"fc": fill, "ec": fill, "lw": 0.6}
        ring: dict[str, Any] = {"fc": "none", "ec": edge, "lw": width}  # solid, as printed
        for options in (outline, ring):
            sheet.add_patch(
                Circle((x + 1.9, mid), 1.7, **options)
                if swatch.shape == "badge"
                else Rectangle(box, 3.4, 3.4, **options)
            )
    else:
        patch = Rectangle(
            (x, mid - _SWATCH_H / 2), _SWATCH_W, _SWATCH_H, lw=width, linestyle=dashes,
            fc=fill if not look.get("hatch") else "none", ec=edge,
        )  # fmt: skip
        if look.get("hatch"):
            patch.set_hatch("/////")
            patch.set_hatchcolor(_mpl.rgba(color, 0.75))
        sheet.add_patch(patch)
