r"""One record per work per plan: the mentions of one work become one record.

A plan names many works more than once: in its running text, in a box, and
again in a later chapter ("华东（衢州）数字经济示范区" four times in the 衢州
plan). Each mention is read as a record by the earlier stages; this last stage
of the extraction keeps one record per work, so a map shows one dot and a sum
counts the work once.

Two records of one plan are mentions of the same work when their names are
the same once spaces, quote marks and bracket widths are set aside and a final
项目/建设/建设项目 is dropped (:func:`work_key`), or when one name is the other
with the county or city it lies in before it or in brackets after it
("开化县马金水产业园", "马金水产业园（开化）", "马金水产业园") and no other county's work
of that name is in the plan, or when one is the other with the one section of it the plan
names ("甬舟铁路", "甬舟铁路（舟山段）"). Headings that group
listed works (``kind == "other"``) are never merged.

The record kept is the most informative mention: a box item (or a table's row) that states
figures, or where the work is (选址, 四至, 责任单位), else the first mention in
the plan; it keeps its id, name, text and lines, so what it says is cited on
its own lines. The lines of the other mentions go to ``other_lines``
(``"323;402;440"``). A figure the kept record lacks is taken from the first
other mention that states it (each figure with its qualifier and text), and a
note names the line; figures are never added up, so an investment stated in
two places is counted once, and a different figure stated elsewhere is noted,
not taken. What the other mentions' notes say of the work (a list's total, a
star's meaning) is kept with their line; where they were listed is not repeated.

Examples
--------
>>> rows = [
...     {"record_id": "900-L0010-01", "kind": "platform", "name": "开化县马金水产业园", "box": "",
...      "line_start": 10, "line_end": 10, "investment_total": math.nan, "notes": ""},
...     {"record_id": "900-b01-02", "kind": "project", "name": "马金水产业园", "box": "专栏1",
...      "line_start": 40, "line_end": 41, "investment_total": 12.0, "notes": ""},
... ]
>>> (kept,) = merge_mentions(rows)
>>> kept["record_id"], kept["other_lines"], kept["investment_total"]
('900-b01-02', '10', 12.0)
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geoplan.extract.placewords import unit_prefix

__all__ = ["FIGURES", "merge_mentions", "work_key"]

#: Figures a mention may give the kept record, each with the fields that go with it.
FIGURES: tuple[tuple[str, ...], ...] = (
    ("investment_total", "investment_total_qualifier", "investment_parts"),
    ("investment_period", "investment_period_qualifier"),
    ("land_area_m2", "land_area_text", "land_area_qualifier"),
    ("floor_area_m2", "floor_area_text", "floor_area_qualifier"),
    ("length_km", "length_text"),
    ("storage_m3", "storage_text"),
    ("power_mw", "power_text"),
    ("period_start", "period_end"),
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "(": "（",
                         ")": "）", "【": "[", "】": "]", "《": '"', "》": '"'})  # fmt: skip
_TAIL = re.compile(r"(?:建设项目|建设|项目)$")
_TABLE_ROW = re.compile(r"-T\d{4}-\d+$")  # a row of a table in the running text (records.py)


def work_key(name: str) -> str:
    """Return what two names of one work have in common.

    Examples
    --------
    >>> work_key("浙江·衢江盒马村“产地仓”物流枢纽中心项目")
    '浙江·衢江盒马村"产地仓"物流枢纽中心'
    >>> work_key("衢江区保税物流中心(B 型)") == work_key("衢江区保税物流中心（B型）")
    True
    """
    text = re.sub(r"\s+", "", name).translate(_QUOTES)
    return _TAIL.sub("", text) or text


def merge_mentions(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return one record per work of a plan's records, in their order (see the module).

    Every record gets ``other_lines`` (``""`` when the work is named once).
    """
    rows = [dict(r) for r in records]
    for row in rows:
        row["other_lines"] = ""
    groups = _groups(rows)
    dropped: set[int] = set()
    for members in groups:
        kept, *others = sorted(members, key=lambda i: _rank(rows[i], i))
        _absorb(rows[kept], [rows[i] for i in others])
        dropped.update(others)
    return [row for i, row in enumerate(rows) if i not in dropped]


def _groups(rows: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """Return the indices of each work's mentions, for works named more than once."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row["kind"] != "other":
            by_key[_county_and_rest(work_key(str(row["name"])))].append(i)
    # "马金水产业园" joins "开化县马金水产业园" (or "马金水产业园（开化）") when one
    # county's work has that name
    counties: dict[str, set[str]] = defaultdict(set)
    for unit, rest in by_key:
        if unit and len(rest) >= 4:
            counties[rest].add(unit)
    for rest, units in counties.items():
        if ("", rest) not in by_key or len(units) != 1:
            continue  # 东阳… and 义乌…: the bare name could be either
        (unit,) = units
        bare = by_key[("", rest)]
        movable = [i for i in bare if _may_lie_in(rows[i], unit)]
        by_key[(unit, rest)].extend(movable)
        by_key[("", rest)] = [i for i in bare if i not in movable]
    # "甬舟铁路" joins "甬舟铁路（舟山段）" when the plan names that one section of it only
    sections: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for unit, rest in by_key:
        if found := _SECTION.fullmatch(rest):
            sections[(unit, found["work"])].append((unit, rest))
    for whole, parts in sections.items():
        if len(parts) == 1 and by_key.get(whole):
            by_key[parts[0]].extend(by_key.pop(whole))
    return [sorted(members) for members in by_key.values() if len(members) > 1]


_SECTION = re.compile(r"(?P<work>.{2,})（[^（）]{1,8}段）")


def _county_and_rest(key: str) -> tuple[str, str]:
    """Split "开化马金水产业园" or "马金水产业园（开化）" into the county and the rest."""
    if (found := _COUNTY_AFTER.fullmatch(key)) and (unit := unit_prefix(found["unit"]))[1] == "":
        return unit[0], found["rest"]
    return unit_prefix(key)


_COUNTY_AFTER = re.compile(r"(?P<rest>.+)（(?P<unit>[^（）]{2,6})）")


def _may_lie_in(row: Mapping[str, Any], unit: str) -> bool:
    """Whether a record's own place words name no unit other than ``unit``."""
    words = f"{row.get('place_words', '')};{row.get('location', '')}"
    named = {unit_prefix(w)[0] for w in re.split(r"[;；、，,\s]+", words) if w}
    return named <= {unit, ""}


def _informative(row: Mapping[str, Any]) -> bool:
    """Whether a mention is a box item or a table's row that states figures, or where the work is.

    Where: its 四至, its 责任单位, or a location finer than a county (a table's county
    column, "武义县", says no more than "武义温泉小镇" does).
    """
    location = str(row.get("location") or "")
    where = _present(row.get("boundary")) or _present(row.get("responsible_unit"))
    where = where or (bool(location) and unit_prefix(location)[1] != "")
    if not row.get("box") and not _TABLE_ROW.search(str(row["record_id"])):
        # In the running text, only a mention that says where the work is ("1．温州中央
        # 商务区。位于鹿城区五马街道…") tells more than a list naming it.
        return where
    return where or any(_present(row.get(group[0])) for group in FIGURES)


def _rank(row: Mapping[str, Any], order: int) -> tuple[bool, int, int]:
    """Sort key of the most informative mention: such a box item, else the first."""
    return (not _informative(row), int(row["line_start"]), order)


def _present(value: Any) -> bool:
    if value is None or value == "":
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _absorb(kept: dict[str, Any], others: Sequence[Mapping[str, Any]]) -> None:
    """Give the kept record the other mentions' lines and the figures it lacks."""
    own = range(int(kept["line_start"]), int(kept["line_end"]) + 1)
    lines = sorted({int(o["line_start"]) for o in others} - set(own))
    kept["other_lines"] = ";".join(str(line) for line in lines)
    notes = [kept["notes"]] if kept.get("notes") else []
    for group in FIGURES:
        first = group[0]
        for source in (o for o in others if _present(o.get(first))):
            line = source["line_start"]
            if not _present(kept.get(first)):
                for field in group:
                    kept[field] = source.get(field, kept.get(field))
                notes.append(f"{first} from line {line}, where the plan names the work again")
            elif source[first] != kept[first]:
                notes.append(f"line {line} states {first} {source[first]}, not taken")
    for other in others:  # what a mention says of the work, beyond where it is listed
        said = [n for n in str(other.get("notes", "")).split("; ") if n and not _WHERE.match(n)]
        notes.extend(f"line {other['line_start']}: {n}" for n in said)
    kept["notes"] = "; ".join(notes)


# Notes that only say where a mention was read: the other mention's line says as much.
_WHERE = re.compile(
    r"listed in |named with the words its list shares|groups \d+ listed works|figures from line"
)
