"""Report maps for print: the layers of a view as PDF, PNG (300 dpi) or SVG, at A4 or A3.

A page a planner pastes into a Word report as it is: title, the map in a
metric projection over county and city lines, the legend beside it (never
over it), a scale bar and a north arrow, the sources (plans, boundary data
and its licence) and the date, in Chinese. Drawn with matplotlib, offline (no
tiles), in the styles of the interactive map (:mod:`geoplan.maps.style`).

The map is drawn in :data:`geoplan.crs.METRIC_CRS` (CGCS2000 / 3-degree
Gauss–Krüger, CM 120°E), whose scale error in Zhejiang is below 0.2 %: the
scale bar and the printed ratio are metres on paper, at a rounded scale
(1:2,500,000). Text is Noto Sans CJK SC (Debian's ``fonts-noto-cjk``),
embedded as TrueType (PDF) or kept as text (SVG), so it stays sharp and
searchable.

Examples
--------
>>> import geoplan
>>> atlas = geoplan.load()
>>> png = print_map(atlas.map_layers(["两核四圈"]), title="两核四圈", fmt="png")
>>> png[1:4]
b'PNG'
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle
from matplotlib.patheffects import Stroke
from matplotlib.transforms import offset_copy

from geoplan import crs
from geoplan.boundaries import CITATION
from geoplan.errors import SetupError, UnknownNameError
from geoplan.maps import _mpl, style
from geoplan.maps._print_legend import Box, draw_legend, text_width_mm, wrap
from geoplan.maps._print_records import draw_records
from geoplan.maps.interactive import MapLayer
from geoplan.maps.records import shown_geometry

__all__ = ["DPI", "FONT_FAMILY", "FORMATS", "ORIENTATIONS", "PAPERS", "cjk_font", "print_map"]

#: Paper sizes, landscape (width, height) in mm (ISO 216).
PAPERS: dict[str, tuple[float, float]] = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
ORIENTATIONS = ("landscape", "portrait")
FORMATS = ("pdf", "png", "svg")
#: Resolution of PNG maps.
DPI = 300
#: The CJK font every printed map uses (Debian: fonts-noto-cjk).
FONT_FAMILY = "Noto Sans CJK SC"
# Fonts a reader of an SVG may have instead (SVG text names its font; PDF embeds it).
_SVG_FALLBACKS = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
)

_MARGIN_MM = 10.0
_GAP_MM = 5.0
_MM_PER_INCH = 25.4
_MM_PER_PT = 25.4 / 72
# Rounded scales: the denominator is one of these times a power of ten.
_NICE_SCALES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 8.0, 10.0)
# Lengths of a scale bar: one of these times a power of ten (km).
_NICE_LENGTHS = (1.0, 2.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True, slots=True)
class _Page:
    """A sheet: its size in mm and how much larger than on A4 its type is."""

    width: float
    height: float
    font_scale: float

    @classmethod
    def of(cls, paper: str, orientation: str) -> _Page:
        if paper not in PAPERS:
            msg = f"paper {paper!r} is not known; choose one of {', '.join(PAPERS)}"
            raise UnknownNameError(msg)
        if orientation not in ORIENTATIONS:
            known = ", ".join(ORIENTATIONS)
            msg = f"orientation {orientation!r} is not known; choose one of {known}"
            raise UnknownNameError(msg)
        long, short = PAPERS[paper]
        width, height = (long, short) if orientation == "landscape" else (short, long)
        # Type a little larger on A3: it is read from further away.
        return cls(width, height, 1.0 if paper == "A4" else 1.2)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def pt(self, size: float) -> float:
        return size * self.font_scale


def cjk_font() -> str:
    """Return the path of the CJK font printed maps use.

    A font installed after matplotlib built its font cache is not in that
    cache: the system's font folders are searched again before giving up.

    Raises
    ------
    SetupError
        If Noto Sans CJK SC is not installed, saying how to install it.
    """
    found = _installed_font()
    if found is None:
        for path in font_manager.findSystemFonts():
            if Path(path).name.startswith("NotoSansCJK"):
                font_manager.fontManager.addfont(path)
        found = _installed_font()
    if found is None:
        msg = (
            f"printed maps need the font {FONT_FAMILY!r}, which is not installed; "
            "install it with `sudo apt-get install fonts-noto-cjk` (bash scripts/run-app.sh "
            "does), then run again"
        )
        raise SetupError(msg)
    return found


def _installed_font() -> str | None:
    return next(
        (str(f.fname) for f in font_manager.fontManager.ttflist if f.name == FONT_FAMILY), None
    )


def print_map(
    layers: Sequence[MapLayer],
    *,
    title: str = "",
    subtitle: str = "",
    paper: str = "A4",
    orientation: str = "landscape",
    fmt: str = "pdf",
    day: date | None = None,
) -> bytes:
    """Draw layers as a report map and return the file's bytes.

    Parameters
    ----------
    layers
        As for :func:`geoplan.maps.build_map` (e.g. from
        :meth:`geoplan.Atlas.map_layers`); boundary lines first.
    title
        The map's title; by default the titles of its groupings.
    subtitle
        A line under the title (e.g. the filters of the view).
    paper, orientation
        ``"A4"`` or ``"A3"``; ``"landscape"`` or ``"portrait"``.
    fmt
        ``"pdf"``, ``"png"`` (300 dpi) or ``"svg"``.
    day
        The date printed on the map (default: today).

    Raises
    ------
    UnknownNameError
        If the paper, orientation or format is not one of those offered.
    SetupError
        If the CJK font is not installed (see :func:`cjk_font`).
    """
    if fmt not in FORMATS:
        msg = f"format {fmt!r} is not known; choose one of {', '.join(FORMATS)}"
        raise UnknownNameError(msg)
    page = _Page.of(paper, orientation)
    cjk_font()
    heading = title or _default_title(layers)
    with mpl.rc_context(
        {
            "font.family": [FONT_FAMILY],
            "pdf.fonttype": 42,  # TrueType: text stays text (searchable, sharp) in the PDF
            "svg.fonttype": "none",  # and in the SVG
            "lines.scale_dashes": False,  # dash lengths in pt, as style.py gives them
            "hatch.linewidth": 1.0,
        }
    ):
        figure = _draw(layers, page, heading, subtitle, day or date.today())
        buffer = io.BytesIO()
        metadata = {"Title": heading, "Creator": "geoplan"} if fmt != "png" else None
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    data = buffer.getvalue()
    if fmt == "svg":
        text = re.sub(r"font-family: '[^']*'", f"font-family: {_SVG_FALLBACKS}", data.decode())
        data = text.encode()
    return data


def _default_title(layers: Sequence[MapLayer]) -> str:
    groupings = [lay.title for lay in layers if lay.kind == "grouping"]
    if groupings:
        return "、".join(groupings)
    records = [lay.title for lay in layers if lay.kind == "records"]
    return "、".join(records) + "分布图" if records else "浙江省行政区划"


# ----------------------------------------------------------------------------- the page


def _draw(layers: Sequence[MapLayer], page: _Page, title: str, subtitle: str, day: date) -> Figure:
    figure = Figure(figsize=(page.width / _MM_PER_INCH, page.height / _MM_PER_INCH))
    sheet = figure.add_axes((0, 0, 1, 1))
    sheet.set_axis_off()
    sheet.set_xlim(0, page.width)
    sheet.set_ylim(0, page.height)
    top = _title(sheet, page, title, subtitle)
    bottom = _footer(sheet, page, layers, day)
    map_box, legend_box, furniture_box = _boxes(page, bottom, top)
    ax = figure.add_axes(_fraction(map_box, page))
    denominator = _map(ax, layers, map_box, page)
    sheet.add_patch(
        Rectangle((map_box.x, map_box.y), map_box.w, map_box.h, fill=False, lw=0.6, zorder=5)
    )
    draw_legend(sheet, style.legends(layers), legend_box, page.pt)
    _furniture(sheet, page, furniture_box, denominator, ax)
    return figure


def _fraction(box: Box, page: _Page) -> tuple[float, float, float, float]:
    return (box.x / page.width, box.y / page.height, box.w / page.width, box.h / page.height)


def _boxes(page: _Page, bottom: float, top: float) -> tuple[Box, Box, Box]:
    """Return the map's, the legend's and the scale bar's boxes between footer and title."""
    inner_w = page.width - 2 * _MARGIN_MM
    if page.landscape:
        side = 72.0 * page.font_scale
        map_box = Box(_MARGIN_MM, bottom, inner_w - side - _GAP_MM, top - bottom)
        furniture = Box(page.width - _MARGIN_MM - side, bottom, side, 24.0 * page.font_scale)
        legend = Box(furniture.x, furniture.top + _GAP_MM, side, top - furniture.top - _GAP_MM)
        return map_box, legend, furniture
    below = 62.0 * page.font_scale
    map_box = Box(_MARGIN_MM, bottom + below + _GAP_MM, inner_w, top - bottom - below - _GAP_MM)
    furniture_w = 58.0 * page.font_scale
    legend = Box(_MARGIN_MM, bottom, inner_w - furniture_w - _GAP_MM, below)
    furniture = Box(
        page.width - _MARGIN_MM - furniture_w, bottom, furniture_w, 24 * page.font_scale
    )
    return map_box, legend, furniture


def _title(sheet: Axes, page: _Page, title: str, subtitle: str) -> float:
    """Write the title (and subtitle) at the top; return the height left below them (mm)."""
    y = page.height - _MARGIN_MM
    size = page.pt(16)
    width = page.width - 2 * _MARGIN_MM
    while size > 10 and text_width_mm(title, size, bold=True) > width:
        size -= 1  # a long title gets smaller before it gets cut
    sheet.text(_MARGIN_MM, y, title, fontsize=size, fontweight="bold", va="top", ha="left")
    y -= size * _MM_PER_PT * 1.45
    if subtitle:
        sheet.text(_MARGIN_MM, y, subtitle, fontsize=page.pt(9), color="#444444", va="top")
        y -= page.pt(9) * _MM_PER_PT * 1.5
    return y - 2.0


def _footer(sheet: Axes, page: _Page, layers: Sequence[MapLayer], day: date) -> float:
    """Write the sources and the date at the bottom; return the height they leave above (mm)."""
    size = page.pt(7)
    width = page.width - 2 * _MARGIN_MM
    lines: list[str] = []
    for paragraph in sources(layers):
        lines.extend(wrap(paragraph, width, size))
    lines.append(f"制图日期：{day.year} 年 {day.month} 月 {day.day} 日　　由 geoplan 生成")
    step = size * _MM_PER_PT * 1.45
    y = _MARGIN_MM
    for line in reversed(lines):
        sheet.text(_MARGIN_MM, y, line, fontsize=size, color="#333333", va="bottom", ha="left")
        y += step
    return y + 2.0


def sources(layers: Sequence[MapLayer]) -> list[str]:
    """Return the sources a printed map cites: the plans of its layers, boundaries, projection.

    Groupings cite the plan lines their members come from; records the plans
    they were extracted from (each record cites its own lines).
    """
    cited: dict[str, list[str]] = {}
    for layer in layers:
        if layer.kind == "grouping" and len(layer.frame):
            lines = sorted({int(n) for v in layer.frame["lines"] for n in str(v).split(",") if n})
            cited.setdefault(layer.plan_title, []).append(f"{layer.id}：第 {_ranges(lines)} 行")
        elif layer.kind == "records" and len(layer.frame):
            titles = [layer.plan_title] if layer.plan_title else []
            if not titles and "plan_title" in layer.frame:
                titles = sorted(set(layer.frame["plan_title"].astype(str)))
            for plan in titles:
                cited.setdefault(plan, []).append("项目，各项注明出处行")
    plans = "；".join(f"《{p}》（{'；'.join(dict.fromkeys(w))}）" for p, w in cited.items())
    out = [f"资料来源：{plans}。"] if plans else []
    out.append(
        f"{CITATION}。投影：CGCS2000 / 3 度带高斯–克吕格（中央经线 120°E，{crs.METRIC_CRS}）。"
    )
    return out


def _ranges(numbers: Sequence[int]) -> str:
    """Write sorted line numbers as ranges: 136、137、138、140 → 136–138、140."""
    parts: list[str] = []
    for n in numbers:
        if parts and parts[-1].split("–")[-1] == str(n - 1):
            parts[-1] = f"{parts[-1].split('–')[0]}–{n}"
        else:
            parts.append(str(n))
    return "、".join(parts)


# ----------------------------------------------------------------------------- the map


def _map(ax: Axes, layers: Sequence[MapLayer], box: Box, page: _Page) -> float:
    """Draw the layers in metres at a rounded scale; return the scale's denominator."""
    ax.set_axis_off()
    ax.add_patch(
        Rectangle((0, 0), 1, 1, transform=ax.transAxes, color=style.MAP_BACKGROUND, zorder=0)
    )
    denominator, (x0, x1, y0, y1) = _extent(layers, box)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    for z, layer in enumerate(layers, start=1):
        frame = layer.frame[~(layer.frame.geometry.isna() | layer.frame.geometry.is_empty)]
        if not len(frame):
            continue
        geoms = list(crs.to_metric(np.asarray(frame.geometry)))
        if layer.kind == "units":
            looks = [style.UNIT_STYLES[str(lv)] for lv in frame["level"]]
            _mpl.draw_areas(ax, geoms, looks, zorder=z)
        elif layer.kind == "grouping":
            _grouping(ax, layer, frame, geoms, z=z, size=page.pt(7.5))
        elif layer.kind == "footprints":
            shown = style.honest_footprints(frame)
            colors = style.layer_colors(layer)
            looks = [
                style.footprint_style(colors.get(str(v), style.PALETTE[0]))
                for v in shown[layer.color_by]
            ]
            _mpl.draw_areas(ax, list(crs.to_metric(np.asarray(shown.geometry))), looks, zorder=z)
        else:
            draw_records(ax, layer, frame, z + 50, denominator)  # records over every area
    return denominator


def _grouping(
    ax: Axes, layer: MapLayer, frame: Any, geoms: list[Any], *, z: int, size: float
) -> None:
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):  # an axes of a figure, always
        msg = "the map's axes belong to no figure"
        raise TypeError(msg)
    styles = style.member_styles(frame)
    order = style.draw_order(frame)
    for step, i in enumerate(order):
        name = str(frame["member"].iloc[i])
        _mpl.draw_areas(ax, [geoms[i]], [styles[name]], z + step / len(order), f"member:{name}")
    if not layer.labels:
        return
    for label in style.label_anchors(frame):
        point = crs.to_metric(np.asarray([label.point]))[0]
        shift = -label.stack * style.LABEL_STACK_PX * _mpl.PT_PER_PX * 1.2
        where = offset_copy(ax.transData, fig=figure, y=shift, units="points")
        common: dict[str, Any] = {
            "fontsize": 7.5,
            "fontweight": "bold",
            "ha": "center",
            "va": "center",
        }
        # The halo is a stroke of the glyphs' outlines, drawn under the label; the label
        # itself stays text (a path effect on it would turn it into outlines in the PDF).
        halo = [Stroke(linewidth=2.4, foreground=style.LABEL_HALO)]
        ax.text(point.x, point.y, label.member, transform=where, path_effects=halo,
                color=style.LABEL_HALO, zorder=90, clip_on=True, **common)  # fmt: skip
        ax.text(point.x, point.y, label.member, transform=where, color=style.LABEL_COLOR,
                zorder=91, clip_on=True, **common)  # fmt: skip


def _extent(layers: Sequence[MapLayer], box: Box) -> tuple[float, tuple[float, ...]]:
    """Return a rounded scale denominator and the map's limits (metres) at that scale."""
    content = [lay for lay in layers if lay.kind != "units" and len(lay.frame)] or list(layers)
    bounds = np.array(
        [
            shapely.total_bounds(crs.to_metric(np.asarray(shown_geometry(lay).dropna())))
            for lay in content
        ]
    )
    x0, y0 = np.nanmin(bounds[:, :2], axis=0)
    x1, y1 = np.nanmax(bounds[:, 2:], axis=0)
    pad = 0.04 * max(x1 - x0, y1 - y0, 2_000.0)
    needed = max((x1 - x0 + 2 * pad) / box.w, (y1 - y0 + 2 * pad) / box.h) * 1000  # m per m
    denominator = _nice(needed, _NICE_SCALES)
    half_w, half_h = box.w / 2000 * denominator, box.h / 2000 * denominator
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return denominator, (cx - half_w, cx + half_w, cy - half_h, cy + half_h)


def _nice(value: float, steps: Sequence[float]) -> float:
    """Return the smallest step times a power of ten that is at least ``value``."""
    power = 10 ** math.floor(math.log10(value))
    return next(s * power for s in steps if s * power >= value * (1 - 1e-9))


# ----------------------------------------------------------------------------- furniture


def _furniture(sheet: Axes, page: _Page, box: Box, denominator: float, ax: Axes) -> None:
    """Draw the north arrow and the scale bar (true to the map's scale) in their box."""
    _north_arrow(sheet, page, box, ax)
    bar_w = box.w - 20.0 * page.font_scale
    length_km = _nice(bar_w * denominator / 1e6 * 0.6, _NICE_LENGTHS)
    while length_km * 1e6 / denominator > bar_w:
        length_km /= 2
    length_mm = length_km * 1e6 / denominator
    x, y, seg = box.x, box.y + 9.0 * page.font_scale, length_mm / 4
    for k in range(4):
        fill = "#222222" if k % 2 == 0 else "#ffffff"
        sheet.add_patch(Rectangle((x + k * seg, y), seg, 1.6, fc=fill, ec="#222222", lw=0.5))
    size = page.pt(7)
    for k, value in ((0, 0.0), (2, length_km / 2), (4, length_km)):
        sheet.text(x + k * seg, y + 2.4, f"{value:g}", fontsize=size, ha="center", va="bottom")
    sheet.text(x + length_mm + 2.0, y + 0.8, "千米", fontsize=size, va="center")
    sheet.text(x, box.y + 2.0, f"比例尺 1:{denominator:,.0f}", fontsize=page.pt(8), va="bottom")


def _north_arrow(sheet: Axes, page: _Page, box: Box, ax: Axes) -> None:
    """Draw an arrow to true north at the map's centre (grid north differs by convergence)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    centre = crs.from_metric(np.asarray([shapely.Point((x0 + x1) / 2, (y0 + y1) / 2)]))[0]
    ahead = crs.to_metric(np.asarray([shapely.Point(centre.x, centre.y + 0.1)]))[0]
    angle = math.atan2(ahead.x - (x0 + x1) / 2, ahead.y - (y0 + y1) / 2)  # east of grid north
    size = 11.0 * page.font_scale
    cx, cy = box.right - size / 2, box.y + size * 0.7
    tip = np.array([0.0, size * 0.55])
    shape = np.array(
        [tip, [-size * 0.22, -size * 0.4], [0, -size * 0.22], [size * 0.22, -size * 0.4]]
    )
    rotation = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    points = shape @ rotation.T + [cx, cy]
    sheet.add_patch(Polygon(points, closed=True, fc="#222222", ec="#222222", lw=0.5))
    lx, ly = points[0] + (rotation @ np.array([0.0, 2.0]))
    sheet.text(lx, ly, "北", fontsize=page.pt(8), ha="center", va="bottom", fontweight="bold")
