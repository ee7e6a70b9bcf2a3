"""Turn a repaired plan into records: the boxes' items and the works its sentences name.

The pipeline reads one way (STYLE rule 13): the document's lines are cut into
blocks (:mod:`~geoplan.extract.boxes` for 专栏, :mod:`~geoplan.extract.sections`
for headings), blocks into items and paragraphs, items and paragraphs into works
(:mod:`~geoplan.extract.works`, :mod:`~geoplan.extract.listed`), and works into
rows and records (:mod:`~geoplan.extract.rows`).

Record ids are stable: ``<plan>-b<box>-<item>`` for box items (``001-b13-05``),
``<plan>-b<box>-00`` for a box that describes one platform,
``<plan>-b<box>-<item>-<member>`` for the works a grouping item lists
(``004-b32-01-03``), and ``<plan>-L<line>-<n>`` for the n-th work named in a
sentence starting on that line, in the running text or in a box that is not a
list of projects (``002-L1309-01``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from geoplan import schema
from geoplan.extract import boxes as boxmod
from geoplan.extract import fields, members
from geoplan.extract.boxes import Box, Item
from geoplan.extract.catalog import BoxDecision, decide, is_silent, judge, knows
from geoplan.extract.listed import Paragraph, Stated, Unread, listed_rows
from geoplan.extract.mentions import FIGURES, merge_mentions
from geoplan.extract.names import is_named, is_proper
from geoplan.extract.notworks import is_place, names_no_site
from geoplan.extract.rows import Row, finish, read_fields
from geoplan.extract.sections import Section, find_sections, section_at
from geoplan.extract.tables import Table, find_row_table, group_row, read_table
from geoplan.extract.text import Document, SourceLine, Span, normalize_name
from geoplan.extract.works import Work, find_works
from geoplan.extract.worktypes import find_head, split_tail, work_type

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
    """Records of one plan (as dicts in schema order), the boxes and sections read.

    ``unread`` lists what looked like works but was not read as records, with
    lines and reasons; ``set_aside`` what the running text names like a work but
    is not one of the plan's (a grouping, a role …), with what it is;
    ``context_lines`` the lines of sections that look back (发展基础, 发展环境),
    whose works are not read.
    """

    plan: str
    records: tuple[dict[str, Any], ...]
    boxes: tuple[BoxResult, ...]
    toc_lines: tuple[int, ...] = ()
    removed: int = 0
    sections: tuple[Section, ...] = ()
    unread: tuple[Unread, ...] = ()
    stated: tuple[Stated, ...] = ()
    lines: int = 0
    set_aside: tuple[Unread, ...] = ()


def extract_document(plan_id: str, doc: Document) -> PlanResult:
    """Read every record of a repaired plan, with the decisions behind them."""
    layout = boxmod.find_boxes(doc)
    sections = find_sections(doc)
    rows: list[Row] = []
    results: list[BoxResult] = []
    for box in layout.boxes:
        items = [] if box.table else boxmod.items_of(box)
        decision = decide(plan_id, box.number, box.title, has_items=bool(items), table=box.table)
        if decision.include and not knows(plan_id, box.number, box.title):
            decision = _of_programmes(decision, box.title, items)
        skipped: list[tuple[int, int, str]] = []
        if decision.include:
            rows.extend(_box_rows(plan_id, box, items, decision, skipped))
        results.append(BoxResult(box, decision, len(items), tuple(skipped)))
    tables, layout = _body_tables(layout)
    unread: list[Unread] = []
    for title_line, title, table, header_line in tables:
        decision = _table_decision(title, table)
        if not decision.include:
            what = title or " ".join(table.header)
            unread.append(Unread(header_line, what, f"a table: {decision.reason}", None))
            continue
        prefix, kind = f"{plan_id}-T{header_line:04d}", decision.kind
        for n, cells in enumerate(_named_rows(table), start=1):
            row = _table_row(f"{prefix}-{n:02d}", table, cells, box=None, number=n, kind=kind)
            where = f"“{title}”（line {title_line}）" if title else f"line {header_line}"
            row.notes.append(f"row {n} of the table under {where}")
            rows.append(row)
    labelled, paragraphs = _labelled_rows(plan_id, _paragraphs(layout, results, sections))
    rows.extend(labelled)
    listed = listed_rows(plan_id, paragraphs)
    rows.extend(listed.rows)
    records = tuple(merge_mentions(finish(plan_id, row) for row in rows))
    return PlanResult(
        plan_id,
        records,
        tuple(results),
        layout.toc,
        len(doc.removed),
        sections,
        tuple(sorted([*listed.unread, *unread], key=lambda u: u.line)),
        tuple(listed.stated),
        len(doc.lines),
        tuple(listed.set_aside),
    )


_PROGRAMMES = 0.6  # the share of a box's items that name no site, for a box of programmes


_NO_SITE = ("a field of work, no site named", "a programme", "a target")


def _of_programmes(decision: BoxDecision, title: str, items: Sequence[Item]) -> BoxDecision:
    """Judge a box the catalog does not know by its items, not only its title.

    A box whose items mostly name programmes, targets or fields of work
    (学前教育建设工程, 电网, …覆盖面达到95%) lists no sites, whatever its title says;
    nor does a box of one work whose title is a programme (健康养老服务重大工程).

    Its sentences are then read as running text: the works they name become records.
    """
    if decision.shape == "single" and (why := names_no_site(normalize_name(title))) in _NO_SITE:
        return BoxDecision(False, "", "items", f"its title names no site ({why})")
    if len(items) < 2:
        return decision
    names = [fields.split_name(item.paragraphs[0].text[item.head :])[0] for item in items]
    # An item that is a list ("加快建设甲项目、乙项目…") or a short heading over works
    # (交通设施, 电网) says nothing of the box either way.
    names = [name.split("，")[0] for name in names]
    names = [name for name in names if not _is_list_name(name) and not _is_category(name)]
    no_site = [(name, reason) for name in names if (reason := names_no_site(name))]
    if len(names) < 2 or len(no_site) < _PROGRAMMES * len(names):
        return decision
    shown = "; ".join(f"{name} ({reason})" for name, reason in no_site[:3])
    reason = f"{len(no_site)} of its {len(names)} items name no site: {shown}"
    return BoxDecision(False, "", "items", reason)


def _is_list_name(name: str) -> bool:
    """Whether an item's "name" is a sentence listing works, not a name."""
    return bool(members.starts_with_list_verb(name)) or "，" in name or len(name) > 40


_CATEGORY_TAIL = re.compile(r"(?:工程|项目|计划|行动|建设|机制|体系|专项)$")


def _is_category(name: str) -> bool:
    """Whether an item's name is a short heading over works of a field: 交通设施, 电网, 天然气."""
    if not name or len(name) > 6 or _CATEGORY_TAIL.search(name):
        return False
    return bool(names_no_site(name))


# A paragraph of labelled fields: "项目名称：甲医院迁建工程；建设地点：乙街道；总投资：9.8亿元".
_LABELLED = re.compile(r"^(?:[0-9０-９]{1,3}[.、．]\s*)?(?:项目名称|名称)\s*[：:]")
_LABEL = re.compile(r"^\s*([^：:，。]{2,8})\s*[：:]")


def _labelled_rows(
    plan_id: str, paragraphs: Sequence[Paragraph]
) -> tuple[list[Row], list[Paragraph]]:
    """Read paragraphs of labelled fields as a table row each; return them and the others.

    Each label is a column's name (项目名称, 建设地点, 建设内容, 总投资, 建设年限),
    so the fields are read as a table's cells are.
    """
    rows: list[Row] = []
    rest: list[Paragraph] = []
    for paragraph in paragraphs:
        table = _labelled_table(paragraph.span) if _LABELLED.match(paragraph.span.text) else None
        if table is None or not table.rows[0][table.name_column].text:
            rest.append(paragraph)
            continue
        record_id = f"{plan_id}-L{paragraph.span.lines[0]:04d}-01"
        name = normalize_name(table.rows[0][table.name_column].text)
        kind = "platform" if work_type(name) == "platform" else "project"
        row = _table_row(record_id, table, table.rows[0], box=paragraph.box, number=1, kind=kind)
        row.notes.append("a paragraph of labelled fields (项目名称：…；建设地点：…)")
        rows.append(row)
    return rows, rest


def _labelled_table(span: Span) -> Table | None:
    """Read "项目名称：…；建设地点：…" as a header and one row."""
    start = re.match(r"^(?:[0-9０-９]{1,3}[.、．]\s*)?", span.text)
    offset = start.end() if start else 0
    header: list[str] = []
    bounds: list[list[int]] = []
    for part in re.finditer(r"[^；;]+", span.text[offset:]):
        label = _LABEL.match(part.group())
        begin, end = offset + part.start(), offset + part.end()
        if label is not None:
            header.append(label.group(1))
            bounds.append([begin + label.end(), end])
        elif bounds:
            bounds[-1][1] = end  # a field with ；inside it
    if len(header) < 2:
        return None
    cells = tuple(span.slice(a, a + len(span.text[a:b].rstrip("。 "))) for a, b in bounds)
    return Table(tuple(header), (cells,))


def _body_tables(
    layout: boxmod.Layout,
) -> tuple[list[tuple[int, str, Table, int]], boxmod.Layout]:
    """Tables of the running text (附表, 表1 …), one row to a line; the layout without them.

    Each comes with its title: the line just above its header, when that line
    names a table (附表2 重大项目表, 表3 …) or ends with a colon.
    """
    body = layout.body
    found: list[tuple[int, str, Table, int]] = []
    taken: set[int] = set()
    index = 0
    while index < len(body):
        table = find_row_table(body[index:])
        if table is None:
            index += 1
            continue
        used, read = table
        above = body[index - 1] if index else None
        title = ""
        if above is not None and above.number not in taken:
            label = above.text.rstrip("：:")
            if group_row(label):
                # "续建项目" (an Excel sheet's name, a heading) over a table heads all its rows
                read = replace(read, groups=((above.number, label), *read.groups))
            if _TABLE_TITLE.search(above.text):
                title = label
                taken.add(above.number)
        title_line = above.number if title and above is not None else 0
        found.append((title_line, title, read, body[index].number))
        taken.update(line.number for line in body[index : index + used])
        index += used
    if not found:
        return [], layout
    rest = tuple(line for line in body if line.number not in taken)
    return found, replace(layout, body=rest)


_TABLE_TITLE = re.compile(r"^(?:附表|附件|表)\s*[0-9０-９一二三四五六七八九十]*|表$|[：:]$")


def _table_decision(title: str, table: Table) -> BoxDecision:
    """Whether a table of the running text lists works: by its title, else by its columns."""
    if title and not is_silent(title):
        return judge(title, has_items=True, table=True)
    label = table.header[table.name_column]
    decision = judge(label, has_items=True, table=True)
    if decision.include:
        return decision
    placed = any(_COLUMNS["location"].search(h) or "投资" in h for h in table.header)
    if placed:
        reason = "a table of named works with places or investment"
        return BoxDecision(True, "project", "table", reason)
    return decision


def _paragraphs(
    layout: boxmod.Layout, results: Sequence[BoxResult], sections: Sequence[Section]
) -> list[Paragraph]:
    """Return the paragraphs whose sentences may name works: running text, non-list boxes."""
    out: list[Paragraph] = []
    blocks: list[tuple[Sequence[SourceLine], Box | None]] = [(layout.body, None)]
    for result in results:
        decision = result.decision
        listing = decision.include and decision.shape != "single" and result.items
        if not listing and not result.box.table:
            blocks.append((result.box.lines, result.box))
    for lines, box in blocks:
        for span in boxmod.paragraphs(list(lines)):
            if boxmod.is_short_heading(span.text):
                continue  # a section's title (its words are the section's, not a work's)
            section = section_at(sections, span.lines[0])
            if section is None or not section.context:
                out.append(Paragraph(span, box, section))
    return sorted(out, key=lambda p: p.span.lines[0])


# ---------------------------------------------------------------- boxes


def _box_rows(
    plan_id: str,
    box: Box,
    items: list[Item],
    decision: BoxDecision,
    skipped: list[tuple[int, int, str]],
) -> list[Row]:
    prefix = f"{plan_id}-b{box.number:02d}"
    if decision.shape == "single" or (not items and not box.table):
        span = boxmod.intro_of(box)
        if span is None:
            return []
        # The record's text starts with the title on the header line, so its
        # line range and text both hold the name.
        whole = Span.concat([Span.join([(box.title, box.header)]), span], [" "])
        row = Row(f"{prefix}-00", box, None, decision.kind, normalize_name(box.title), whole)
        read_fields(row, span.text)
        return [row]
    if decision.shape in ("table", "list-table"):
        return _table_rows(prefix, box, decision)
    rows: list[Row] = []
    used: set[int] = set()
    for item in items:
        number = item.number if item.number is not None else item.ordinal
        if number in used:  # an item without a number after one the PDF lost ("3.")
            number = max(used) + 1
        used.add(number)
        if decision.items and number not in decision.items:
            skipped.append((number, item.line_start, "left out by the catalog: " + decision.reason))
            continue
        found = _item_rows(f"{prefix}-{number:02d}", box, item, number, decision)
        if not found:
            problem = "a list without a name of its own, and no listed work could be read"
            skipped.append((number, item.line_start, problem))
        rows.extend(found)
    return rows


def _item_rows(
    record_id: str, box: Box, item: Item, number: int, decision: BoxDecision
) -> list[Row]:
    span = item.span
    first = item.paragraphs[0].text[item.head :]
    name, period, rest = fields.split_name(first)
    if name == normalize_name(first.strip()) and len(item.paragraphs) > 1:
        rest = len(first)  # a bare heading ("1. 交通设施") names the item
    row = Row(record_id, box, number, decision.kind, name, span)
    if item.group:
        row.notes.append(f"under the box's heading “{item.group}”")
    if period is not None:
        row.values.update(period_start=period.start, period_end=period.end)
    read_fields(row, span.text)
    is_list = _is_list_name(name)
    # a heading over works of a field (1.电网。新建永康…变电所…) is no work, figures or not
    category = _is_category(name)
    grouping = decision.kind == "project" and (category or not _has_figures(row))
    offset = item.head + (0 if is_list else rest)
    listed, heading = _listed(name, span.text[offset:], is_list) if grouping else ([], False)
    works = [w for w in listed if not w.why]
    if not works:
        # a heading over what is not a work ("美丽乡村建设": 省级新时代美丽乡村144个) is none
        return [] if is_list or category or not name or (listed and heading) else [row]
    out = [] if is_list else [row]
    if not is_list:
        row.kind = "other"
        row.notes.append(f"groups {len(works)} listed works ({record_id}-01…)")
    # children are numbered among everything the item lists, also what is set aside
    for k, work in ((k, w) for k, w in enumerate(listed, start=1) if not w.why):
        child = Row(f"{record_id}-{k:02d}", box, number, decision.kind, work.name, span)
        child.values["_lines"] = span.line_range(offset + work.start, offset + work.end)
        child.values["group_id"] = record_id
        child.values["place_words"] = ";".join(p for p in work.places if p)
        if work.ends is not None:
            child.values["end_from"], child.values["end_to"] = work.ends
        read_fields(child, work.own)
        if work.shared:
            child.notes.append(f"named with the words its list shares: “{work.shared}”")
        group = f"'{name}'" if not is_list else "a list"
        child.notes.append(f"listed in item {number} ({group}) of {box.label}")
        out.append(child)
    if category and len(out) == 2:
        # "2.天然气。建成甲至乙天然气管道，全长28公里": the heading's one work has its figures
        for key in [k for group in FIGURES for k in group if k in row.values]:
            out[1].values.setdefault(key, row.values.pop(key))
    return out


def _has_figures(row: Row) -> bool:
    keys = (
        "investment_total",
        "investment_period",
        "land_area_m2",
        "floor_area_m2",
        "period_start",
        "length_km",
    )
    return any(k in row.values for k in keys)


def _table_rows(prefix: str, box: Box, decision: BoxDecision) -> list[Row]:
    table = read_table(box.lines)
    rows: list[Row] = []
    if decision.shape == "list-table" or _lists_by_place(table):
        note = " ".join(n.text for n in table.notes)
        for cells in table.rows:
            if len(cells) < 2:
                continue
            place, names = cells[0], cells[-1]
            group = f"{prefix}-{len(rows) + 1:02d}"
            for member in members.find_list_names(names.text):
                star = member.name.endswith("*")
                row = Row(
                    f"{prefix}-{len(rows) + 1:02d}",
                    box,
                    len(rows) + 1,
                    decision.kind,
                    member.name.rstrip("*"),
                    names,
                )
                row.values["_lines"] = names.line_range(member.start, member.end)
                row.values["location"] = place.text
                row.values["place_words"] = place.text
                row.values["group_id"] = group
                row.values["text"] = f"{place.text} | {names.text}"
                if star and note:
                    row.notes.append(f"marked * — {note}")
                rows.append(row)
        return rows
    return [
        _table_row(f"{prefix}-{n:02d}", table, cells, box=box, number=n, kind=decision.kind)
        for n, cells in enumerate(_named_rows(table), start=1)
    ]


def _lists_by_place(table: Table) -> bool:
    """Whether a table without a header lists names by place: 婺城区 | 环保小镇、花木盆景小镇.

    Most rows start with a county or city, and their last cell is not one.
    """
    rows = [cells for cells in table.rows if len(cells) >= 2]
    if table.header or len(rows) < 2:
        return False
    by_place = [is_place(cells[0].text) and not is_place(cells[-1].text) for cells in rows]
    return sum(by_place) * 2 > len(rows)


def _named_rows(table: Table) -> list[tuple[Span, ...]]:
    name_col = table.name_column
    return [cells for cells in table.rows if len(cells) > name_col and cells[name_col].text]


# What a column holds, by the words of its header.
_COLUMNS = {
    "location": re.compile(r"地点|位置|选址|地址|所在|属地|实施地|区域|县（市、区）|区县"),
    "period": re.compile(r"年限|期限|起止|建设期|年度|时间|开工|竣工|完工"),
    "responsible_unit": re.compile(r"责任单位|责任主体|实施主体|实施单位|牵头单位|业主|建设单位"),
    "focus": re.compile(r"方向"),
    "stage": re.compile(r"建设性质|项目性质|建设阶段|项目阶段|建设类型"),
}
_UNIT_IN_HEADER = re.compile(
    r"[（(]\s*(亿元|万元|亩|公顷|平方米|平方公里|公里|千米|万千瓦)\s*[）)]"
)
_FIGURE_HEADER = re.compile(r"投资|面积|长度|里程|规模|容量|库容")
_BARE_NUMBER = re.compile(r"[约超过近]?[0-9.，,]+")


_ONE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_TABLE_STAGE = re.compile(r"新建|续建|在建|前期|预备|储备|谋划|竣工|建成|改扩建|扩建|迁建|改建")


def _role_value(row: Row, role: str, values: list[str]) -> None:
    """Fill a field from its columns: 县（市、区） and 乡镇 as one place, 开工 and 竣工 as years.

    >>> row = Row("r", None, 1, "project", "甲", Span.join([("甲", 1)]))
    >>> _role_value(row, "location", ["莲都区", "碧湖镇"])
    >>> _role_value(row, "period", ["2021", "2025"])
    >>> row.values
    {'location': '莲都区碧湖镇', 'period_start': 2021, 'period_end': 2025}
    """
    if not values:
        return
    if role == "period":
        years = [y for value in values if (y := _cell_years(value)) is not None]
        if years:
            row.values.update(period_start=years[0][0], period_end=years[-1][1])
    elif role == "stage":  # 新建, 续建 …; a 建设类型 that names no stage says nothing of it
        if found := _TABLE_STAGE.search(values[0]):
            row.values[role] = found.group(0)
    elif role == "location":
        joined = values[0]
        for value in values[1:]:
            joined += "" if value in joined else value
        row.values[role] = joined
    else:
        row.values[role] = values[0]


def _cell_years(value: str) -> tuple[int, int] | None:
    """Return the years of a period cell: 2021-2025, 2021.1-2025.12, or one year (2023).

    >>> _cell_years("2021.1-2025.12"), _cell_years("2023年"), _cell_years("长期")
    ((2021, 2025), (2023, 2023), None)
    """
    period = fields.find_period(value)
    if period is not None:
        return period.start, period.end
    if found := _ONE_YEAR.fullmatch(value.strip()):
        return int(found.group(1)), int(found.group(1))
    return None


def _table_row(
    record_id: str, table: Table, cells: tuple[Span, ...], *, box: Box | None, number: int,
    kind: str,
) -> Row:  # fmt: skip
    """One record of a table row: the name column names it, the header says what each cell is.

    A number under a header with a unit ("总投资（亿元）" | "30") is read as
    "总投资30亿元"; the cells of the place, period and 责任单位 columns fill those
    fields as printed.
    """
    name_col = table.name_column
    header = table.header
    roles: dict[int, str] = {}
    for index, label in enumerate(header):
        role = next((r for r, words in _COLUMNS.items() if words.search(label)), None)
        if role is not None and index != name_col:
            roles[index] = role
    cell = cells[name_col]
    # "项目名称及主要建设内容": the name ends at its 。 or ：, the rest describes the work
    name, period, rest = fields.split_name(cell.text)
    row = Row(record_id, box, number, kind, name or normalize_name(cell.text), cell)
    others = [cell.text[rest:]] if name and rest < len(cell.text) else []
    if period is not None:
        row.values.update(period_start=period.start, period_end=period.end)
    for index, span in enumerate(cells):
        if index == name_col or index in roles or not span.text:
            continue
        label = header[index] if index < len(header) else ""
        unit = _UNIT_IN_HEADER.search(label)
        if unit and _BARE_NUMBER.fullmatch(span.text):
            others.append(f"{_UNIT_IN_HEADER.sub('', label)}{span.text}{unit.group(1)}")
        elif _FIGURE_HEADER.search(label) and re.match(r"[约超过近不少于]*[0-9０-９]", span.text):
            others.append(f"{label}{span.text}")  # 总投资 | 9.8亿元: "总投资9.8亿元"
        elif "序号" not in label:
            others.append(span.text)
    read_fields(row, "。".join(others))
    for role in dict.fromkeys(roles.values()):
        values = [cells[i].text for i, r in roles.items() if r == role and i < len(cells)]
        _role_value(row, role, [v for v in values if v])
    if group := table.group_of(cells):
        row.notes.append(f"under “{group}” in the table")
        if stage := _TABLE_STAGE.search(group):
            row.values.setdefault("stage", stage.group(0))
    row.values["text"] = " | ".join(c.text for c in cells)
    own = cells[name_col:]  # cells before the name may be padded from the row above
    row.values["_lines"] = (min(c.lines[0] for c in own), max(c.lines[-1] for c in own))
    return row


# ---------------------------------------------------------------- records


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


_LIST_VERB = re.compile(
    r"(?:^|[，。；：:])\s*(?:[^，。；]{0,8}?)(?:重点|加快|大力|积极|全力)?(?:打造|推进|建设|实施|包括|推动|"
    r"谋划建设|新建|建成|即)(?!内容)[^，。；]{2,40}?[、；;]"
)
_WORKISH = re.compile(r"(?:工程|项目)$")


def _facility(name: str) -> bool:
    """Whether a name ends with what it is (…度假区, …医院), not with 支撑工程 or 建设."""
    thing, _tail = split_tail(name)
    head = find_head(thing)
    return head is not None and head.end == len(thing)


_COLON_LIST = re.compile(r"[：:][^，。；]{2,40}?[、；;]")


def _listed(name: str, text: str, is_list: bool) -> tuple[list[Work], bool]:
    """Return what a grouping item lists (works, and what reads like one but is set aside).

    An item is a grouping when its name is a heading that names no work of its
    own ("创新创业基地建设", "龙头医院"), or when its text opens a list with a verb
    ("重点打造A、B…", "包括：A、B…"); an item about one work that describes its
    parts ("凯利汽车欢乐广场。建设以汽车为主题，融合产业、商业…的文旅城") is not.
    The flag says whether the item's name is a heading.
    """
    heading = is_list or not is_named(name) or not (find_head(name) or _WORKISH.search(name))
    listing = bool(_LIST_VERB.search(text) or _COLON_LIST.search(text))
    if not (heading or listing) or (_facility(name) and is_proper(name) and not is_list):
        return [], heading  # "浙江省金华龙头殿国际旅游度假区。…建设内容为矿坑酒店、…": one work
    found = [w for works in find_works(text, relaxed=True) for w in works.candidates]
    own = [w for w in found if not w.shared]
    return (found if heading or len(own) >= 2 else []), heading
