"""Recall and precision of the extracted records against the reviewed gold set of named works.

``tests/data/gold/works.csv`` lists, per plan and section, every named work of the five
plans with the line its name starts on, made by reading the plans (see its README); a
work named twice is two entries. A record is one work however often its plan names it:
its mentions are its own lines and each of its ``other_lines``. A mention matches a gold
work of its plan when the work's line lies within the mention's lines and the names
agree (equal after normalising, one inside the other, or close by ``difflib``); each
mention matches at most one work and each work at most one mention.

Recall is the share of ``work`` entries some mention matches. Precision is the share of
records that match a work among those that match a work or nothing: works marked
``maybe`` (references, designations, components of another item) count neither way.
Records of ``kind == "other"`` (a heading that groups listed works) are not counted.
"Exact names" is the share of matched works whose record has the gold name itself
(after normalising), not a longer or a similar one.

Targets: recall ≥ 0.95; precision ≥ 0.9 over all plans and ≥ 0.75 in each.

The same plans are then read **as unseen plans**: under ids the box catalog
(``geoplan/extract/catalog.toml``) and the overrides do not know, so every 专栏 is
judged by its title and items alone, as a planner's own plan is. The gap between the
two runs is what the reviewed decisions add; a plan the tool has never seen gets the
second figure.
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
PRECISION_TARGET = 0.9
PLAN_PRECISION_FLOOR = 0.75
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
    records: int = 0  # records with a mention that matches a work
    own: list[tuple[GoldWork, str]] = field(default_factory=list)  # matched on a record's lines

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0

    @property
    def exact(self) -> float:
        """Share of works matched on a record's own lines whose name is the gold name.

        Works matched on ``other_lines`` are left out: there the plan may print the work
        otherwise (without its county), and the record keeps its own mention's name.
        """
        same = sum(normalize(name) == normalize(work.name) for work, name in self.own)
        return same / len(self.own) if self.own else 1.0

    @property
    def precision(self) -> float:
        """Of the records that match a work or match nothing, the share that match a work."""
        total = self.records + len(self.extra)
        return self.records / total if total else 1.0


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


def _mentions(records: pd.DataFrame) -> list[tuple[int, str, str, int, int]]:
    """Each place a record names its work: its own lines, and each of its ``other_lines``.

    A mention is (record, plan, name, first line, last line); the last line of an other
    mention is negative, to tell it from the record's own.
    """
    out: list[tuple[int, str, str, int, int]] = []
    columns = ("plan", "name", "line_start", "line_end", "other_lines")
    for r, (plan, name, start, end, others) in enumerate(
        zip(*(records[c] for c in columns), strict=True)
    ):
        out.append((r, str(plan), str(name), int(start), int(end)))
        out.extend((r, str(plan), str(name), int(x), -int(x)) for x in str(others).split(";") if x)
    return out


def _candidates(
    works: list[GoldWork], spans: list[tuple[int, str, str, int, int]], threshold: float
) -> list[tuple[float, int, int]]:
    """Every (similarity, work, mention) pair of a work and a mention whose lines hold it."""
    candidates: list[tuple[float, int, int]] = []
    for w, work in enumerate(works):
        for m, (_r, plan, name, start, end) in enumerate(spans):
            if plan == work.plan and start <= work.line <= abs(end):
                s = similarity(name, work.name)
                if s >= threshold:
                    candidates.append((s, w, m))
    return candidates


def score(records: pd.DataFrame, gold: Iterable[GoldWork], threshold: float = 0.7) -> Score:
    """Match mentions of records to gold works one-to-one, best pairs first.

    A record of a work the plan names several times (``other_lines``) matches up to one
    gold work per mention; it is a false positive only when no mention matches.
    """
    result = Score()
    works = list(gold)
    rows = records[records["kind"] != "other"].reset_index(drop=True)
    spans = _mentions(rows)
    candidates = _candidates(works, spans, threshold)
    used_w: dict[int, int] = {}
    used_m: set[int] = set()
    for _s, w, m in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
        if w in used_w or m in used_m:
            continue
        used_w[w] = m
        used_m.add(m)
    matched = {spans[m][0] for m in used_m}
    counted: set[int] = set()
    for w, work in enumerate(works):
        if w in used_w:
            r = spans[used_w[w]][0]
            if work.status == "work":
                result.found.append((work, spans[used_w[w]][2]))
                if spans[used_w[w]][4] > 0:
                    result.own.append((work, spans[used_w[w]][2]))
                counted.add(r)
            else:
                result.maybe_hits += 1
        elif work.status == "work":
            result.missed.append(work)
    result.records = len(counted)
    firsts = zip(rows["plan"], rows["name"], rows["line_start"], strict=True)
    for r, (plan, name, start) in enumerate(firsts):
        if r not in matched:
            result.extra.append((str(plan), str(name), int(start)))
    return result


def run() -> None:
    from geoplan import extract

    gold = read_gold()
    _print(extract.extract_all(), gold, "")
    _print(_as_unseen_plans(), gold, " as unseen plans (no box catalog, no overrides)")


def _print(records: pd.DataFrame, gold: list[GoldWork], reading: str) -> None:
    """Print the scores of one reading of the plans, per plan and over all."""
    total = score(records, gold)
    for plan in sorted({g.plan for g in gold}):
        part = score(records[records["plan"] == plan], [g for g in gold if g.plan == plan])
        print(
            f"plan {plan}{reading}: recall {part.recall:.3f} ({len(part.found)}/"
            f"{len(part.found) + len(part.missed)}), precision {part.precision:.3f} "
            f"({len(part.extra)} of {part.records + len(part.extra)} records match no work), "
            f"exact names {part.exact:.3f}, {int((records['plan'] == plan).sum())} records"
        )
    print(
        f"all plans{reading}: recall {total.recall:.3f} (target ≥ {TARGET}; ratio "
        f"{total.recall / TARGET:.2f}), precision {total.precision:.3f} (target ≥ "
        f"{PRECISION_TARGET}; ratio {total.precision / PRECISION_TARGET:.2f}), "
        f"exact names {total.exact:.3f}, {len(records)} records"
    )


def _as_unseen_plans() -> pd.DataFrame:
    """The records of every registered plan read under an id no reviewed decision knows."""
    from geoplan import extract, plans

    frames = []
    for plan in plans.read_plans():
        found = extract.extract_text(plans.plan_text(plan), f"unseen{plan}").records
        frames.append(found.assign(plan=plan))
    return pd.concat(frames, ignore_index=True)
