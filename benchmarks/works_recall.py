"""Recall and precision of the extracted records against the reviewed gold set of named works.

``tests/data/gold/works.csv`` lists, per plan and section, every named work of the five
plans with the line its name starts on, made by reading the plans (see its README).
A record matches a gold work of its plan when the work's line lies within the record's
lines and the names agree (equal after normalising, one inside the other, or close by
``difflib``); each record matches at most one work and each work at most one record.

Works marked ``maybe`` (references, designations, components of another item) count
neither way: a record matching one is not a false positive, a missed one is not a miss.
Records of ``kind == "other"`` (a heading that groups listed works) are not counted.

Target: recall over the ``work`` entries ≥ 0.95.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold" / "works.csv"
TARGET = 0.95
_DROP = re.compile(r"[\s“”\"'‘’《》「」·•]")
_TAIL = re.compile(r"(?:建设|项目|工程|等)+$")


@dataclass(frozen=True, slots=True)
class GoldWork:
    """One reviewed entry of the gold set."""

    plan: str
    section: str
    line: int
    name: str
    status: str  # "work" or "maybe"


@dataclass(slots=True)
class Score:
    """Matches of records to gold works, per plan and overall."""

    found: list[tuple[GoldWork, str]] = field(default_factory=list)
    missed: list[GoldWork] = field(default_factory=list)
    extra: list[tuple[str, str, int]] = field(default_factory=list)
    maybe_hits: int = 0

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0

    @property
    def precision(self) -> float:
        total = len(self.found) + len(self.extra)
        return len(self.found) / total if total else 1.0


def read_gold(path: Path = GOLD) -> list[GoldWork]:
    """Read the gold set."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [GoldWork(r["plan"], r["section"], int(r["line"]), r["name"], r["status"]) for r in rows]


def normalize(name: str) -> str:
    """Compare names without spaces, quotes and a trailing 建设/项目/工程."""
    text = _DROP.sub("", name).replace("(", "（").replace(")", "）")
    return _TAIL.sub("", text) or text


def similarity(a: str, b: str) -> float:
    """1.0 for equal names; 0.9 when one holds the other; else difflib's ratio."""
    x, y = normalize(a), normalize(b)
    if x == y:
        return 1.0
    if x and y and (x in y or y in x) and min(len(x), len(y)) >= 2:
        return 0.9
    return difflib.SequenceMatcher(None, x, y).ratio()


def _candidates(
    works: list[GoldWork], spans: list[tuple[str, str, int, int]], threshold: float
) -> list[tuple[float, int, int]]:
    """Every (similarity, work, record) pair of a work and a record whose lines hold it."""
    candidates: list[tuple[float, int, int]] = []
    for w, work in enumerate(works):
        for r, (plan, name, start, end) in enumerate(spans):
            if plan == work.plan and int(start) <= work.line <= int(end):
                s = similarity(str(name), work.name)
                if s >= threshold:
                    candidates.append((s, w, r))
    return candidates


def score(records: pd.DataFrame, gold: Iterable[GoldWork], threshold: float = 0.7) -> Score:
    """Match records to gold works one-to-one, best pairs first."""
    result = Score()
    works = list(gold)
    rows = records[records["kind"] != "other"]
    spans = list(zip(rows["plan"], rows["name"], rows["line_start"], rows["line_end"], strict=True))
    candidates = _candidates(works, spans, threshold)
    used_w: dict[int, int] = {}
    used_r: set[int] = set()
    for _s, w, r in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
        if w in used_w or r in used_r:
            continue
        used_w[w] = r
        used_r.add(r)
    for w, work in enumerate(works):
        if w in used_w:
            if work.status == "work":
                result.found.append((work, str(spans[used_w[w]][1])))
            else:
                result.maybe_hits += 1
        elif work.status == "work":
            result.missed.append(work)
    for r, (plan, name, start, _end) in enumerate(spans):
        if r not in used_r:
            result.extra.append((str(plan), str(name), int(start)))
    return result


def run() -> None:
    from geoplan import extract

    records = extract.extract_all()
    gold = read_gold()
    total = score(records, gold)
    for plan in sorted({g.plan for g in gold}):
        part = score(records[records["plan"] == plan], [g for g in gold if g.plan == plan])
        print(
            f"plan {plan}: recall {part.recall:.3f} ({len(part.found)}/"
            f"{len(part.found) + len(part.missed)}), precision {part.precision:.3f} "
            f"({len(part.extra)} records match no work)"
        )
    print(
        f"all plans: recall {total.recall:.3f} (target ≥ {TARGET}; ratio "
        f"{total.recall / TARGET:.2f}), precision {total.precision:.3f}, "
        f"{len(records)} records"
    )
