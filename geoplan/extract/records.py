"""Turn the boxes and running text of one plan into schema records.

Record ids are stable: ``<plan>-b<box>-<item>`` for box items
(``001-b13-05``), ``<plan>-b<box>-00`` for a box that describes one platform,
``<plan>-b<box>-<item>-<member>`` for the projects a grouping item lists
(``004-b32-01-03``), and ``<plan>-L<line>-<n>`` for the n-th platform of a
list in the running text starting on that line (``002-L0843-01``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geoplan import schema
from geoplan.extract import boxes as boxmod
from geoplan.extract import fields, members
from geoplan.extract.boxes import Box, Item
from geoplan.extract.catalog import BoxDecision, decide
from geoplan.extract.tables import read_table
from geoplan.extract.text import Document, SourceLine, Span, normalize_name

__all__ = ["BoxResult", "PlanResult", "extract_document", "to_frame"]


@dataclass(frozen=True, slots=True)
class BoxResult:
    """What one box gave: its decision, item count, and the items left out."""

    box: Box
    decision: BoxDecision
    items: int
    skipped: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PlanResult:
    """Records of one plan (as dicts in schema order) and the box inventory."""

    plan: str
    records: tuple[dict[str, Any], ...]
    boxes: tuple[BoxResult, ...]
    toc_lines: tuple[int, ...] = ()
    removed: int = 0


@dataclass(slots=True)
class _Row:
    """A record being built; ``values`` holds the fields read from the text."""

    record_id: str
    box: Box | None
    item: int | None
    kind: str
    name: str
    span: Span
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def extract_document(plan_id: str, doc: Document) -> PlanResult:
    """Read every record of a repaired plan, with the decisions behind them."""
    layout = boxmod.find_boxes(doc)
    rows: list[_Row] = []
    results: list[BoxResult] = []
    for box in layout.boxes:
        items = [] if box.table else boxmod.items_of(box)
        decision = decide(plan_id, box.number, box.title, has_items=bool(items), table=box.table)
        skipped: list[tuple[int, int, str]] = []
        if decision.include:
            rows.extend(_box_rows(plan_id, box, items, decision, skipped))
        results.append(BoxResult(box, decision, len(items), tuple(skipped)))
    rows.extend(_running_rows(plan_id, layout.body))
    records = tuple(_record(plan_id, row) for row in rows)
    return PlanResult(plan_id, records, tuple(results), layout.toc, len(doc.removed))


# ---------------------------------------------------------------- boxes


def _box_rows(
    plan_id: str,
    box: Box,
    items: list[Item],
    decision: BoxDecision,
    skipped: list[tuple[int, int, str]],
) -> list[_Row]:
    prefix = f"{plan_id}-b{box.number:02d}"
    if decision.shape == "single" or (not items and not box.table):
        span = boxmod.intro_of(box)
        if span is None:
            return []
        # The record's text starts with the title on the header line, so its
        # line range and text both hold the name.
        whole = Span.concat([Span.join([(box.title, box.header)]), span], [" "])
        row = _Row(f"{prefix}-00", box, None, decision.kind, normalize_name(box.title), whole)
        _read_fields(row, span.text)
        return [row]
    if decision.shape in ("table", "list-table"):
        return _table_rows(prefix, box, decision)
    rows: list[_Row] = []
    for item in items:
        number = item.number if item.number is not None else item.ordinal
        if decision.items and number not in decision.items:
            skipped.append((number, item.line_start, "left out by the catalog: " + decision.reason))
            continue
        found = _item_rows(f"{prefix}-{number:02d}", box, item, number, decision)
        if not found:
            problem = "a list without a name of its own, and no listed project could be read"
            skipped.append((number, item.line_start, problem))
        rows.extend(found)
    return rows


def _item_rows(
    record_id: str, box: Box, item: Item, number: int, decision: BoxDecision
) -> list[_Row]:
    span = item.span
    first = item.paragraphs[0].text[item.head :]
    name, period, rest = fields.split_name(first)
    if name == normalize_name(first.strip()) and len(item.paragraphs) > 1:
        rest = len(first)  # a bare heading ("1. 交通设施") names the item
    row = _Row(record_id, box, number, decision.kind, name, span)
    if period is not None:
        row.values.update(period_start=period.start, period_end=period.end)
    _read_fields(row, span.text)
    is_list = bool(members.starts_with_list_verb(name)) or "，" in name or len(name) > 40
    grouping = decision.kind == "project" and not _has_figures(row)
    found = (
        members.find_members(span.text[item.head + (0 if is_list else rest) :]) if grouping else []
    )
    if not found:
        return [] if is_list or not name else [row]
    offset = item.head + (0 if is_list else rest)
    out = [] if is_list else [row]
    if not is_list:
        row.kind = "other"
        row.notes.append(f"groups {len(found)} listed projects ({record_id}-01…)")
    for k, member in enumerate(found, start=1):
        child = _Row(f"{record_id}-{k:02d}", box, number, decision.kind, member.name, span)
        child.values["_lines"] = span.line_range(offset + member.start, offset + member.end)
        group = f"'{name}'" if not is_list else "a list"
        child.notes.append(f"listed in item {number} ({group}) of {box.label}")
        out.append(child)
    return out


def _has_figures(row: _Row) -> bool:
    keys = ("investment_total", "investment_period", "land_area_m2", "period_start")
    return any(k in row.values for k in keys)


def _table_rows(prefix: str, box: Box, decision: BoxDecision) -> list[_Row]:
    table = read_table(box.lines)
    rows: list[_Row] = []
    if decision.shape == "list-table":
        note = " ".join(n.text for n in table.notes)
        for cells in table.rows:
            if len(cells) < 2:
                continue
            place, names = cells[0], cells[-1]
            for member in members.find_list_names(names.text):
                star = member.name.endswith("*")
                row = _Row(
                    f"{prefix}-{len(rows) + 1:02d}",
                    box,
                    len(rows) + 1,
                    decision.kind,
                    member.name.rstrip("*"),
                    names,
                )
                row.values["_lines"] = names.line_range(member.start, member.end)
                row.values["location"] = place.text
                row.values["text"] = f"{place.text} | {names.text}"
                if star and note:
                    row.notes.append(f"marked * — {note}")
                rows.append(row)
        return rows
    name_col = table.column("名称") or 0
    focus_col = table.column("方向")
    for cells in table.rows:
        if len(cells) <= name_col:
            continue
        cell = cells[name_col]
        text = " | ".join(c.text for c in cells)
        row = _Row(
            f"{prefix}-{len(rows) + 1:02d}",
            box,
            len(rows) + 1,
            decision.kind,
            normalize_name(cell.text),
            cell,
        )
        others = [c.text for i, c in enumerate(cells) if i not in (name_col, focus_col)]
        _read_fields(row, "。".join(others))
        if focus_col is not None and focus_col < len(cells):
            row.values["focus"] = cells[focus_col].text
        row.values["text"] = text
        own = cells[name_col:]  # cells before the name may be padded from the row above
        row.values["_lines"] = (min(c.lines[0] for c in own), max(c.lines[-1] for c in own))
        rows.append(row)
    return rows


def _read_fields(row: _Row, text: str) -> None:
    figures = fields.find_figures(text)
    values = row.values
    for key, quantity in (("land_area", figures.land), ("floor_area", figures.floor)):
        if quantity is not None:
            values[f"{key}_m2"] = quantity.value
            values[f"{key}_text"] = quantity.text
    for key, quantity in (
        ("investment_total", figures.total),
        ("investment_period", figures.period),
    ):
        if quantity is not None:
            values[key] = quantity.value
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
    for key, reader in (
        ("location", fields.find_location),
        ("responsible_unit", fields.find_responsible),
        ("focus", fields.find_focus),
    ):
        if found := reader(text):
            values[key] = found


# ---------------------------------------------------------------- running text


def _running_rows(plan_id: str, body: Iterable[SourceLine]) -> list[_Row]:
    rows: list[_Row] = []
    per_line: dict[int, int] = {}
    for paragraph in boxmod.paragraphs(list(body)):
        for found in members.find_platform_lists(paragraph.text):
            line = paragraph.line_at(found.start)
            sentence = _sentence(paragraph, found.start, found.end)
            for member in found.members:
                k = per_line[line] = per_line.get(line, 0) + 1
                row = _Row(
                    f"{plan_id}-L{line:04d}-{k:02d}", None, k, "platform", member.name, sentence
                )
                row.values["_lines"] = paragraph.line_range(member.start, member.end)
                row.notes.append(f"listed in the running text as {found.category}")
                rows.append(row)
    return rows


def _sentence(paragraph: Span, start: int, end: int) -> Span:
    text = paragraph.text
    left = max(text.rfind("。", 0, start), text.rfind("；", 0, start)) + 1
    right = min(
        (i for i in (text.find("。", end), text.find("；", end)) if i >= 0), default=len(text) - 1
    )
    return paragraph.slice(left, right + 1)


# ---------------------------------------------------------------- records


def _record(plan_id: str, row: _Row) -> dict[str, Any]:
    values = dict(row.values)
    line_start, line_end = values.pop("_lines", None) or (row.span.lines[0], row.span.lines[-1])
    record: dict[str, Any] = {f.name: _empty(f.dtype) for f in schema.FIELDS}
    record.update(
        record_id=row.record_id,
        plan=plan_id,
        box=row.box.label if row.box else "",
        box_title=row.box.title if row.box else "",
        item=row.item,
        kind=row.kind,
        name=row.name,
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


def to_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Build a schema-valid frame (sorted by ``record_id``) from record dicts."""
    rows = sorted(records, key=lambda r: r["record_id"])
    data: dict[str, Any] = {}
    for f in schema.FIELDS:
        values = [r[f.name] for r in rows]
        if f.dtype == "str":
            data[f.name] = pd.Series(values, dtype=object)
        elif f.dtype == "Int64":
            data[f.name] = pd.array([pd.NA if v is None else int(v) for v in values], dtype="Int64")
        else:
            data[f.name] = pd.Series(values, dtype="float64")
    frame = pd.DataFrame(data)
    return schema.validate(frame)
