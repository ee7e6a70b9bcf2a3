"""HTML for what a map shows about a feature: popups, tooltips, legend sections.

Everything here is text from plans, layer files or users, so every value goes
through :func:`html.escape` before it becomes markup; the markup itself is
fixed. Labels are Chinese: the readers are Chinese planners.

Examples
--------
>>> import pandas as pd
>>> row = pd.Series({"name": "<script>alert(1)</script>", "plan": "001"})
>>> "<script>" in record_popup(row, plan_title="衢州规划")
False
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geoplan import schema
from geoplan.layers import MEMBER_CAVEATS, MEMBER_PRECISION_LABELS
from geoplan.maps.style import LegendSection, Swatch

__all__ = [
    "FOOTPRINT_CAVEAT",
    "RecordColumns",
    "format_area",
    "format_yi",
    "legend_section",
    "markdown_escape",
    "member_fields",
    "member_popup",
    "member_source",
    "record_columns",
    "record_fields",
    "record_popup",
    "record_source",
    "source_id_suffix",
]

#: Labels and caveats of record and member precisions (one vocabulary for popups).
PRECISION_LABELS: dict[str, str] = schema.PRECISION_LABELS | MEMBER_PRECISION_LABELS
CAVEATS: dict[str, str] = schema.PRECISION_CAVEATS | MEMBER_CAVEATS

# Record fields shown in the popup table, in this order (others are shown elsewhere).
_RECORD_TABLE = (
    "kind", "work_type", "box", "item", "period", "location", "boundary", "land_area", "floor_area",
    "investment_total", "investment_period", "focus", "responsible_unit", "unit_name",
    "precision", "placement_basis", "notes",
)  # fmt: skip
_LABELS = {f.name: f.label for f in schema.FIELDS}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return bool(pd.isna(value)) if not isinstance(value, str) else not value.strip()


def format_area(m2: float) -> str:
    """Format an area in m² the way planners read it.

    Examples
    --------
    >>> format_area(36022.0), format_area(1733333.3), format_area(365e6)
    ('36,022 m²（3.60 公顷）', '173.33 公顷（1.733 km²）', '365.0 km²')
    """
    if m2 >= 1e8:
        return f"{m2 / 1e6:,.1f} km²"
    if m2 >= 1e6:
        return f"{m2 / 1e4:,.2f} 公顷（{m2 / 1e6:,.3f} km²）"
    return f"{m2:,.0f} m²（{m2 / 1e4:,.2f} 公顷）"


def format_yi(value: float) -> str:
    """Format an amount in 亿元.

    Examples
    --------
    >>> format_yi(9.0), format_yi(4.9081)
    ('9 亿元', '4.9081 亿元')
    """
    return f"{value:g} 亿元"


def _period(row: Mapping[str, Any]) -> str:
    start: Any = row.get("period_start")
    end: Any = row.get("period_end")
    if _blank(start) and _blank(end):
        return ""
    return f"{'' if _blank(start) else int(start)}–{'' if _blank(end) else int(end)}"


def _area(row: Mapping[str, Any], key: str) -> str:
    value: Any = row.get(f"{key}_m2")
    text: Any = row.get(f"{key}_text", "")
    printed = "" if _blank(text) else str(text)
    if _blank(value):
        return printed
    formatted = format_area(float(value))
    return f"{formatted}；原文：{printed}" if printed else formatted


_FORMATTERS: dict[str, Any] = {
    "investment_total": lambda v: format_yi(float(v)),
    "investment_period": lambda v: format_yi(float(v)),
    "kind": lambda v: schema.value_label("kind", str(v)),
    "work_type": lambda v: schema.value_label("work_type", str(v)),
    "precision": lambda v: schema.value_label("precision", str(v)),
    "item": lambda v: str(int(v)),
}


def _row_value(row: Mapping[str, Any], key: str) -> str:
    """Return the display text of one record field (unescaped), or ''."""
    if key == "period":
        return _period(row)
    if key in {"land_area", "floor_area"}:
        return _area(row, key)
    value = row.get(key)
    if _blank(value):
        return ""
    return str(_FORMATTERS.get(key, str)(value))


def _label(key: str) -> str:
    return {
        "period": "建设期限",
        "land_area": "用地面积",
        "floor_area": "建筑面积",
    }.get(key, _LABELS.get(key, key))


def _table(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v)
    return f"<table>{cells}</table>"


#: What the popup of a footprint (a circle of documented land area) says first.
FOOTPRINT_CAVEAT = "圆面积等于规划用地面积，圆形与位置均为示意。"


def record_popup(row: Mapping[str, Any], plan_title: str, *, footprint: bool = False) -> str:
    """Return the popup of a record: every documented field, the raw text, the source.

    ``footprint=True`` for the circle of its documented area, which says so.
    Maps build the same popup in the browser from :func:`record_columns`
    (``static/records.js``); the tests hold the two to the same text.
    """
    name = str(row.get("name", ""))
    parts = [f'<div class="geoplan-popup"><h4>{escape(name)}</h4>', _table(record_fields(row))]
    caveats = [CAVEATS.get(str(row.get("precision", "")), "")]
    if footprint:
        caveats.insert(0, FOOTPRINT_CAVEAT)
    parts.extend(f'<div class="caveat">{escape(c)}</div>' for c in caveats if c)
    text = row.get("text", "")
    if not _blank(text):
        parts.append(f'<div class="raw">{escape(str(text))}</div>')
    parts.append(f'<div class="source">{escape(record_source(row, plan_title))}</div></div>')
    return "".join(parts)


def record_fields(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return a record's documented fields as (Chinese label, text) pairs, unescaped.

    Fields the plan does not state are left out.

    Examples
    --------
    >>> record_fields({"kind": "project", "investment_total": 9.0, "period_start": 2021})
    [('类型', '项目'), ('建设期限', '2021–'), ('总投资(亿元)', '9 亿元')]
    """
    rows = [(_label(k), _row_value(row, k)) for k in _RECORD_TABLE]
    return [(k, v) for k, v in rows if v]


def record_source(row: Mapping[str, Any], plan_title: str) -> str:
    """Return where a record comes from: plan, box, lines and record id (unescaped)."""
    return _source_where(row, plan_title) + source_id_suffix(str(row.get("record_id", "")))


def source_id_suffix(record_id: str) -> str:
    """Return the end of a record's source line: its id (``static/records.js`` writes the same).

    Examples
    --------
    >>> source_id_suffix("001-b13-02")
    '（编号 001-b13-02）'
    """
    return f"（编号 {record_id}）"


def _source_where(row: Mapping[str, Any], plan_title: str) -> str:
    where = []
    if not _blank(row.get("box")):
        where.append(str(row["box"]))
    start: Any = row.get("line_start")
    end: Any = row.get("line_end")
    if not _blank(start):
        lines = (
            f"第 {int(start)} 行"
            if _blank(end) or end == start
            else f"第 {int(start)}–{int(end)} 行"
        )
        where.append(lines)
    return f"来源：《{plan_title}》" + " ".join(where)


@dataclass(frozen=True, slots=True)
class RecordColumns:
    """The parts of every record's popup, as columns of text (unescaped), row for row.

    What :func:`record_popup` writes for one record, for a whole table at
    once: maps send these columns once and build each popup in the browser.

    Attributes
    ----------
    labels
        The Chinese label of each popup field, in popup order.
    fields
        One column per label: the field's text, ``""`` where the plan states nothing.
    caveat
        What the record's precision means (``""`` for none).
    text
        The plan's own text (``""`` when blank).
    source
        Plan, box and lines, without the record id (:func:`source_id_suffix` ends it).
    """

    labels: tuple[str, ...]
    fields: tuple[npt.NDArray[np.object_], ...]
    caveat: npt.NDArray[np.object_]
    text: npt.NDArray[np.object_]
    source: npt.NDArray[np.object_]


def record_columns(frame: pd.DataFrame, plan_title: str = "") -> RecordColumns:
    """Return the popup parts of every record of a table (see :class:`RecordColumns`).

    Each distinct value (or combination, for periods, areas and sources) is
    formatted once, by the functions :func:`record_popup` uses, so a popup
    built from these columns says exactly what :func:`record_popup` says.
    ``plan_title`` as for :func:`record_popup`; by default each record's own
    ``plan_title`` column.

    Examples
    --------
    >>> table = pd.DataFrame({"kind": ["project", "platform"], "investment_total": [9.0, None],
    ...                       "precision": ["county", "place"], "text": ["甲。", " "]})
    >>> columns = record_columns(table, "某规划")
    >>> shown = dict(zip(columns.labels, columns.fields))
    >>> shown["类型"].tolist(), shown["总投资(亿元)"].tolist()
    (['项目', '平台'], ['9 亿元', ''])
    >>> columns.text.tolist(), columns.source.tolist()
    (['甲。', ''], ['来源：《某规划》', '来源：《某规划》'])
    """
    fields = tuple(
        _formatted(frame, _INPUTS.get(key, (key,)), partial(_field_text, key=key))
        for key in _RECORD_TABLE
    )
    caveat = _formatted(frame, ("precision",), lambda r: CAVEATS.get(str(r["precision"]), ""))
    text = _formatted(frame, ("text",), lambda r: "" if _blank(r["text"]) else str(r["text"]))
    titled = frame if plan_title or "plan_title" in frame else frame.assign(plan_title="")
    if plan_title:
        titled = frame.assign(plan_title=plan_title)
    source = _formatted(
        titled, ("plan_title", "box", "line_start", "line_end"),
        lambda r: _source_where(r, str(r["plan_title"])),
    )  # fmt: skip
    labels = tuple(_label(k) for k in _RECORD_TABLE)
    return RecordColumns(labels, fields, caveat, text, source)


def _field_text(row: dict[str, Any], key: str) -> str:
    return _row_value(row, key)


# The columns each popup field is written from (others: the field's own column).
_INPUTS: dict[str, tuple[str, ...]] = {
    "period": ("period_start", "period_end"),
    "land_area": ("land_area_m2", "land_area_text"),
    "floor_area": ("floor_area_m2", "floor_area_text"),
}


def _formatted(
    frame: pd.DataFrame, columns: tuple[str, ...], write: Callable[[dict[str, Any]], str]
) -> npt.NDArray[np.object_]:
    """Apply ``write`` to each distinct combination of ``columns`` once; return it per row."""
    if not len(frame):
        return np.empty(0, dtype=object)
    present = [c for c in columns if c in frame.columns]
    if not present:
        return np.full(len(frame), write(dict.fromkeys(columns, "")), dtype=object)
    if len(present) == 1:
        codes, uniques = pd.factorize(frame[present[0]], use_na_sentinel=False)
    else:
        parts = [np.asarray(frame[c].astype(object)).astype(str) for c in present]
        keys = parts[0]
        for part in parts[1:]:
            keys = np.char.add(np.char.add(keys, "\x1f"), part)
        codes, uniques = pd.factorize(keys)
    firsts = np.zeros(len(uniques), dtype=np.int64)
    firsts[codes[::-1]] = np.arange(len(codes))[::-1]
    values = {c: frame[c].to_numpy(dtype=object) if c in frame else None for c in columns}
    written = np.array(
        [write({c: "" if v is None else v[i] for c, v in values.items()}) for i in firsts],
        dtype=object,
    )
    return written[codes]


def member_popup(row: Mapping[str, Any], layer_title: str, plan_title: str) -> str:
    """Return the popup of a grouping member: role, units, area, places, source."""
    precision = str(row.get("precision", ""))
    extra = row.get("summary", "")
    parts = [
        f'<div class="geoplan-popup"><h4>{escape(str(row.get("member", "")))}</h4>',
        _table(member_fields(row, layer_title)),
    ]
    if not _blank(extra):
        parts.append(f'<div class="summary">{escape(str(extra))}</div>')
    caveat = CAVEATS.get(precision)
    if caveat:
        parts.append(f'<div class="caveat">{escape(caveat)}</div>')
    parts.append(f'<div class="source">{escape(member_source(row, plan_title))}</div></div>')
    return "".join(parts)


def member_fields(row: Mapping[str, Any], layer_title: str) -> list[tuple[str, str]]:
    """Return a grouping member's role, units, area … as (label, text) pairs, unescaped."""
    precision = str(row.get("precision", ""))
    area: Any = row.get("area_km2")
    area_text = ""
    if not _blank(area):
        area_text = f"{float(area):,.0f} km²"
        if precision == "within":
            area_text += "（所在区县合计，实际范围更小）"
    length: Any = row.get("length_km")
    rows = [
        ("所属格局", layer_title),
        ("类别", str(row.get("category_label", ""))),
        ("定位", str(row.get("role", ""))),
        ("组成区县", str(row.get("unit_names", ""))),
        ("涉及地点", str(row.get("places", ""))),
        ("面积", area_text),
        ("示意线长度", "" if _blank(length) else f"{float(length):,.0f} km"),
        ("几何精度", PRECISION_LABELS.get(precision, precision)),
        ("说明", str(row.get("note", ""))),
    ]
    return [(k, v) for k, v in rows if v]


def member_source(row: Mapping[str, Any], plan_title: str) -> str:
    """Return where a grouping member comes from: plan and lines (unescaped)."""
    lines = str(row.get("lines", "")).replace(",", "、")
    return f"来源：《{plan_title}》第 {lines} 行"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&$:~=\"'])")


def markdown_escape(text: str) -> str:
    r"""Escape text for a Markdown renderer (Streamlit's): every ASCII punctuation mark.

    Plan text then shows as printed: no emphasis, links, LaTeX (``$``),
    directives (``:red[…]``) or HTML.

    Examples
    --------
    >>> markdown_escape("<script>alert(1)</script> *a* $x$")
    '\\<script\\>alert\\(1\\)\\</script\\> \\*a\\* \\$x\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def legend_section(section: LegendSection) -> str:
    """Return one layer's legend section as HTML: headings, swatches and notes.

    Swatches are drawn from the entries' map styles (colour, fill opacity,
    dashes, hatching), so the legend cannot drift from the map.

    Examples
    --------
    >>> from geoplan.maps.style import LegendSection, Swatch
    >>> swatch = Swatch("杭州", {"color": "#0072B2", "fillOpacity": 0, "hatch": True})
    >>> html = legend_section(LegendSection("两核四圈", "<两核四圈>", (("两核", (swatch,)),)))
    >>> "&lt;两核四圈&gt;" in html, "swatch area hatch" in html
    (True, True)
    """
    parts = [f'<section data-layer="{escape(section.layer_id)}"><h4>{escape(section.title)}</h4>']
    for heading, swatches in section.groups:
        if heading:
            parts.append(f'<div class="group">{escape(heading)}</div>')
        parts.extend(
            f'<div class="entry">{_swatch(s)}<span>{escape(s.label)}</span></div>' for s in swatches
        )
    parts.extend(f'<div class="note">{escape(note)}</div>' for note in section.notes)
    parts.append("</section>")
    return "".join(parts)


def _swatch(swatch: Swatch) -> str:
    look = swatch.style
    color = str(look.get("color", "#333333"))
    fill = str(look.get("fillColor", color))
    opacity = float(look.get("fillOpacity", 0.2)) if look.get("fill", True) else 0.0
    classes = ["swatch", swatch.shape]
    if look.get("dashArray"):
        classes.append("dashed")
    if look.get("hatch"):
        classes.append("hatch")
    css = (
        f"--c:{color};--f:{fill}{round(opacity * 255):02x};"
        f"border-width:{min(float(look.get('weight', 2)), 3):g}px"
    )
    return f'<span class="{escape(" ".join(classes))}" style="{escape(css)}"></span>'
