"""A record being built, the fields read from its text, and the finished record dict.

The last stage of the extraction: :class:`Row` gathers what the earlier stages
found (name, lines, text, box), :func:`read_fields` adds what the text states
(figures, 四至, location, 责任单位, 重点方向), and :func:`finish` turns it into a
dict with every field of :mod:`geoplan.schema`.

Examples
--------
>>> from geoplan.extract.text import Span
>>> row = Row("900-L0001-01", None, None, "project", "甲水库", Span.join([("新建甲水库。", 1)]))
>>> read_fields(row, "总投资约3亿元，库容1200万立方米。")
>>> record = finish("900", row)
>>> record["investment_total"], record["investment_total_qualifier"], record["storage_m3"]
(3.0, '约', 12000000.0)
>>> record["work_type"]
'reservoir'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from geoplan import schema
from geoplan.extract import fields
from geoplan.extract.boxes import Box
from geoplan.extract.numbers import Quantity
from geoplan.extract.placewords import bracket_place
from geoplan.extract.text import Span
from geoplan.extract.worktypes import work_type

__all__ = ["Row", "finish", "read_fields"]


@dataclass(slots=True)
class Row:
    """A record being built; ``values`` holds the fields read from the text."""

    record_id: str
    box: Box | None
    item: int | None
    kind: str
    name: str
    span: Span
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _quantity(values: dict[str, Any], key: str, quantity: Quantity | None, text: str = "") -> None:
    if quantity is None:
        return
    values[key] = quantity.value
    if text:
        values[text] = quantity.text.strip()


def read_fields(row: Row, text: str) -> None:
    """Add to ``row`` the figures and fields ``text`` states."""
    figures = fields.find_figures(text)
    values = row.values
    for key, quantity in (("land_area", figures.land), ("floor_area", figures.floor)):
        if quantity is not None:
            _quantity(values, f"{key}_m2", quantity, f"{key}_text")
            values[f"{key}_qualifier"] = quantity.qualifier
    for key, quantity in (
        ("investment_total", figures.total),
        ("investment_period", figures.period),
    ):
        if quantity is not None:
            values[key] = quantity.value
            values[f"{key}_qualifier"] = quantity.qualifier
    if figures.parts:
        values["investment_parts"] = " + ".join(
            f"{lbl} {q.text.strip()}" for lbl, q in figures.parts
        )
    _quantity(values, "length_km", figures.length, "length_text")
    _quantity(values, "storage_m3", figures.storage, "storage_text")
    _quantity(values, "power_mw", figures.power, "power_text")
    row.notes.extend(figures.notes)
    boundary = fields.find_boundary(text)
    if boundary is not None:
        values.update(
            boundary=boundary.text,
            boundary_east=boundary.east,
            boundary_west=boundary.west,
            boundary_south=boundary.south,
            boundary_north=boundary.north,
        )
    if "period_start" not in values and (period := fields.find_labelled_period(text)):
        values.update(period_start=period.start, period_end=period.end)
    for key, reader in (
        ("location", fields.find_location),
        ("responsible_unit", fields.find_responsible),
        ("focus", fields.find_focus),
    ):
        if found := reader(text):
            values[key] = found


def finish(plan_id: str, row: Row) -> dict[str, Any]:
    """Return the record of ``row`` with every schema field (absent ones empty)."""
    values = dict(row.values)
    name, where = bracket_place(row.name)
    if where and not values.get("location"):
        values["location"] = where
    line_start, line_end = values.pop("_lines", None) or (row.span.lines[0], row.span.lines[-1])
    record: dict[str, Any] = {f.name: _empty(f.dtype) for f in schema.FIELDS}
    record.update(
        record_id=row.record_id,
        plan=plan_id,
        box=row.box.label if row.box else "",
        box_title=row.box.title if row.box else "",
        item=row.item,
        kind=row.kind,
        work_type=work_type(name),
        name=name,
        text=values.pop("text", row.span.text),
        line_start=line_start,
        line_end=max(line_end, line_start),
        precision="unplaced",
    )
    record.update(values)
    record["notes"] = "; ".join(dict.fromkeys(row.notes))
    return record


def _empty(dtype: str) -> Any:
    return "" if dtype == "str" else (math.nan if dtype == "float64" else None)
