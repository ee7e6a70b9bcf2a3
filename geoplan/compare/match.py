"""Matching the works of two plans, with the evidence for each match.

A plan may list one work more than once (in running text and again in a 专栏:
002 names 义乌丝路金融小镇 at line 1181 and 丝路金融小镇 under 义乌市 at line
1209). Records of one plan with the same core name in the same place are one
*work* (:func:`works`), and works, not rows, are matched: each work of the
earlier plan is matched to at most one work of the later plan.

For every pair of works :func:`weigh` collects the evidence: how alike the
names are once generic words and places are taken off (:mod:`.names`), whether
they are in the same place, of the same kind, with overlapping periods, and of
similar land area and investment. The confidence starts from the name's
similarity; the place scales it (works in different places are never the same
work), and the other evidence raises or lowers it. :func:`assign` pairs works
best first: the most confident pair is taken, its two works leave the pool,
and so on while pairs reach the threshold. Best-first is what a planner would
do by hand and its result is easy to explain; unlike an optimal assignment
(Hungarian), it never gives up a near-certain pair to gain two doubtful ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geoplan import schema
from geoplan.admin import normalize
from geoplan.compare.names import (
    NameParts,
    place_names,
    shared_runs,
    similarity,
    split_name,
    unshared,
)

__all__ = [
    "MIN_NAME",
    "Evidence",
    "Match",
    "Record",
    "UnitIndex",
    "Work",
    "assign",
    "weigh",
    "works",
]

Relation = Literal["same", "within", "unknown", "different"]

#: Below this name similarity no other evidence makes two works one.
MIN_NAME = 0.25
# How much each kind of evidence scales or raises the confidence. A raise moves
# the confidence that fraction of the way to 1.
_PLACE_FACTOR = {"same": 1.0, "within": 0.9, "unknown": 0.85, "different": 0.0}
_KIND_DIFFERS = 0.9
# Names that each start with a name of their own (楼店商业综合体 / 金义商业综合体)
# are likely two works of one type; a name with more at its end (理工学院幼儿园 /
# 理工学院) likely a part of the other work; a different phase, the next stage.
_BOTH_DIFFER, _PART_OF, _OTHER_PHASE = 0.7, 0.6, 0.9
_SHARED_PLACE_RAISE = 0.1
_PERIOD_RAISE, _PERIOD_APART = 0.1, 0.8
_AREA_RAISE, _AREA_APART = 0.3, 0.8
_MONEY_RAISE, _MONEY_APART = 0.15, 0.9
# Two figures are "close" at this ratio (smaller / larger) and "far apart" below the other.
_CLOSE, _AREA_FAR, _MONEY_FAR = 0.8, 0.25, 0.2
#: Chinese labels of the record kinds, as the popups and tables show them.


@dataclass(frozen=True, slots=True)
class UnitIndex:
    """What matching needs of the administrative units, as plain lookups."""

    names: Mapping[str, str]
    parents: Mapping[str, str]
    places: Mapping[str, str]

    @classmethod
    def from_table(cls, units: pd.DataFrame) -> UnitIndex:
        """Index a unit table (indexed by adcode; ``name``, ``short_name``, ``parent_adcode``)."""
        index = [str(a) for a in units.index]
        return cls(
            names=dict(zip(index, units["name"].astype(str), strict=True)),
            parents=dict(zip(index, units["parent_adcode"].fillna("").astype(str), strict=True)),
            places=place_names(units),
        )

    def ancestors(self, adcode: str) -> set[str]:
        """Return the units that contain ``adcode`` (its city, the province)."""
        found: set[str] = set()
        parent = self.parents.get(adcode, "")
        while parent and parent not in found:
            found.add(parent)
            parent = self.parents.get(parent, "")
        return found


@dataclass(frozen=True, slots=True)
class Record:
    """What matching needs of one record."""

    id: str
    plan: str
    name: str
    parts: NameParts
    places: frozenset[str]
    named_place: bool
    unit_name: str
    place: str
    kind: str
    period: tuple[int, int] | None
    area: float | None
    investment: float | None
    line: int


@dataclass(frozen=True, slots=True)
class Work:
    """One work of a plan: the records that name it (usually one), first one first."""

    records: tuple[Record, ...]

    @property
    def first(self) -> Record:
        """The record that stands for the work (the first the plan lists)."""
        return self.records[0]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two records may name the same work, and how sure that is.

    Attributes
    ----------
    earlier, later
        The two records.
    name_score
        Similarity of the names, 0 … 1 (1: the same name).
    shared
        Stretches of the core names both share.
    extra
        What each core name has that the other lacks: (its front, all of it,
        its end), for the earlier and the later record.
    place
        ``"same"`` unit, one ``"within"`` the other (a county in its city),
        ``"unknown"`` (one is unplaced) or ``"different"``.
    confidence
        0 … 1; 0 when the places differ.
    """

    earlier: Record
    later: Record
    name_score: float
    shared: tuple[str, ...]
    extra: tuple[tuple[str, str, str], tuple[str, str, str]]
    place: Relation
    confidence: float

    def text(self) -> str:
        """Return the evidence in words for planners (Chinese), most telling first."""
        a, b = self.earlier, self.later
        parts = [self._name_text(), self._place_text()]
        if a.parts.phase != b.parts.phase:
            parts.append(f"期次不同（{a.parts.phase or '未注明'}→{b.parts.phase or '未注明'}）")
        if a.kind == b.kind:
            parts.append(f"类型相同（{_kind(a.kind)}）")
        else:
            parts.append(f"类型不同（{_kind(a.kind)}→{_kind(b.kind)}）")
        if a.period and b.period:
            verdict = "衔接" if _periods_meet(a.period, b.period) else "不衔接"
            parts.append(f"期限{verdict}（{_years(a.period)}→{_years(b.period)}）")
        if a.area is not None and b.area is not None:
            parts.append(_change_text("用地面积", a.area, b.area, _AREA_FAR, _km2))
        if a.investment is not None and b.investment is not None:
            parts.append(_change_text("总投资", a.investment, b.investment, _MONEY_FAR, _yi))
        return "；".join(p for p in parts if p)

    def _name_text(self) -> str:
        a, b = self.earlier.parts, self.later.parts
        if a.full == b.full:
            return "名称相同"
        if a.core == b.core:
            return f"名称主体相同（{a.core}）"
        shared = "、".join(f"“{s}”" for s in self.shared)
        alike = "名称相近" if self.name_score >= MIN_NAME else "名称不同"
        text = f"{alike}（相似度{self.name_score:.2f}" + (f"，共有{shared}）" if shared else "）")
        if not shared or self.name_score < MIN_NAME:
            return text
        (my_lead, mine, my_tail), (their_lead, theirs, their_tail) = self.extra
        if len(my_lead) >= 2 and len(their_lead) >= 2:
            return f"{text}，名称开头不同（{my_lead}／{their_lead}），或为同类的两项"
        for tail, other in ((their_tail, mine), (my_tail, theirs)):
            if len(tail) >= 2 and len(other) < 2:
                return f"{text}，一方名称末尾多出“{tail}”，或为另一方的一部分"
        return text

    def _place_text(self) -> str:
        a, b = self.earlier, self.later
        shared = f"，同为{a.place}" if a.place and a.place == b.place else ""
        if self.place == "same":
            how = "（名称所示）" if a.named_place and b.named_place else ""
            return f"同在{b.unit_name or a.unit_name}{how}{shared}"
        if self.place == "within":
            return f"地点相容（{a.unit_name}／{b.unit_name}）{shared}"
        if self.place == "unknown":
            return "一方未定位，地点无从比较"
        return f"地点不同（{a.unit_name or '未定位'}／{b.unit_name or '未定位'}）"


@dataclass(frozen=True, slots=True)
class Match:
    """Two works judged the same, with the evidence of their most alike records."""

    earlier: Work
    later: Work
    evidence: Evidence

    @property
    def confidence(self) -> float:
        """The evidence's confidence."""
        return self.evidence.confidence


def to_record(row: Mapping[str, object], units: UnitIndex) -> Record:
    """Build the matching view of one record row (schema columns)."""
    parts = split_name(str(row["name"]), units.places)
    adcode = str(row.get("adcode", "") or "")
    named = frozenset(parts.places)
    where = named or (frozenset({adcode}) if adcode in units.names else frozenset())
    start, end = _optional_int(row.get("period_start")), _optional_int(row.get("period_end"))
    # A record giving only a start or an end year is taken as that one year.
    first, last = (start if start is not None else end), (end if end is not None else start)
    period = None if first is None or last is None else (first, last)
    place = str(row.get("place", "") or "")
    return Record(
        id=str(row["record_id"]),
        plan=str(row["plan"]),
        name=str(row["name"]),
        parts=parts,
        places=where,
        named_place=bool(named),
        unit_name="、".join(units.names[a] for a in sorted(where)),
        # A place below the unit (横店镇, 金义综保区) is evidence; a unit's name is not news.
        place="" if normalize(place) in units.places else place,
        kind=str(row["kind"]),
        period=period,
        area=_optional_float(row.get("land_area_m2")),
        investment=_optional_float(row.get("investment_total")),
        line=int(str(row["line_start"])),
    )


def works(records: Sequence[Record], units: UnitIndex) -> list[Work]:
    """Group one plan's records into works: the same name but for its places, in one place.

    Examples
    --------
    The 13th five-year outline of 金华 names 武义温泉小镇 in its text (line 1181)
    and 温泉小镇 under 武义县 in 专栏11 (line 1218): one work.
    """
    groups: list[list[Record]] = []
    for record in records:
        for group in groups:
            head = group[0]
            where = relation(record, head, units)
            if record.parts.base == head.parts.base and (
                where == "same" or not (record.places or head.places)
            ):
                group.append(record)
                break
        else:
            groups.append([record])
    return [Work(tuple(g)) for g in groups]


def relation(a: Record, b: Record, units: UnitIndex) -> Relation:
    """Say how the places of two records relate (see :class:`Evidence`)."""
    if not a.places or not b.places:
        return "unknown"
    if a.places & b.places:
        return "same"
    # Two names that each say where they are, and say different places, are
    # different places, even when one is the city around the other: in
    # "金华国际物流园区" and "义乌国际物流园区", 金华 means the city proper.
    if a.named_place and b.named_place:
        return "different"
    nested = any(
        x in units.ancestors(y) or y in units.ancestors(x) for x in a.places for y in b.places
    )
    return "within" if nested else "different"


def weigh(
    earlier: Record, later: Record, units: UnitIndex, weights: Mapping[str, float]
) -> Evidence:
    """Collect the evidence that two records name the same work and rate it."""
    where = relation(earlier, later, units)
    name, x, y = name_score(earlier.parts, later.parts, weights)
    runs = tuple(shared_runs(x, y))
    confidence = _confidence(earlier, later, name, where)
    extra = (unshared(x, y), unshared(y, x))
    return Evidence(earlier, later, round(name, 3), runs, extra, where, round(confidence, 3))


def name_score(a: NameParts, b: NameParts, weights: Mapping[str, float]) -> tuple[float, str, str]:
    """Return how alike two names are (mostly their cores), and the cores that compared best.

    Aliases in brackets count as cores. The cores' similarity is lowered when
    the names differ in ways that usually mean different works (see
    :func:`geoplan.compare.names.unshared`) or in their phase.
    """
    if a.full == b.full:
        return 1.0, a.core, b.core
    x, y = max(
        ((x, y) for x in (a.core, *a.aliases) for y in (b.core, *b.aliases)),
        key=lambda pair: similarity(pair[0], pair[1], weights),
    )
    cores = similarity(x, y, weights) * _difference_factor(x, y)
    if a.phase != b.phase and a.phase and b.phase:
        cores *= _OTHER_PHASE
    return 0.85 * cores + 0.15 * similarity(a.full, b.full), x, y


def _difference_factor(x: str, y: str) -> float:
    (x_lead, x_rest, x_tail), (y_lead, y_rest, y_tail) = unshared(x, y), unshared(y, x)
    if len(x_lead) >= 2 and len(y_lead) >= 2:
        return _BOTH_DIFFER
    if (len(x_tail) >= 2 and len(y_rest) < 2) or (len(y_tail) >= 2 and len(x_rest) < 2):
        return _PART_OF
    return 1.0


def _confidence(a: Record, b: Record, name: float, where: Relation) -> float:
    if name < MIN_NAME or where == "different":
        return 0.0
    value = name * _PLACE_FACTOR[where]
    if a.kind != b.kind:
        value *= _KIND_DIFFERS
    if a.place and a.place == b.place and where != "unknown":
        value += (1 - value) * _SHARED_PLACE_RAISE
    if a.period and b.period:
        meet = _periods_meet(a.period, b.period)
        value = value + (1 - value) * _PERIOD_RAISE if meet else value * _PERIOD_APART
    for x, y, raise_, apart, far in (
        (a.area, b.area, _AREA_RAISE, _AREA_APART, _AREA_FAR),
        (a.investment, b.investment, _MONEY_RAISE, _MONEY_APART, _MONEY_FAR),
    ):
        ratio = _ratio(x, y)
        if ratio is not None and ratio >= _CLOSE:
            value += (1 - value) * raise_
        elif ratio is not None and ratio < far:
            value *= apart
    return value


def assign(candidates: Sequence[Match], threshold: float) -> list[Match]:
    """Pair works best first, each at most once, keeping pairs at or above ``threshold``.

    Ties are broken by name similarity, then by the order the plans list the works.
    """
    ranked = sorted(
        (m for m in candidates if m.confidence >= threshold),
        key=lambda m: (
            -m.confidence,
            -m.evidence.name_score,
            m.earlier.first.line,
            m.later.first.line,
        ),
    )
    earlier_taken: set[Work] = set()
    later_taken: set[Work] = set()
    chosen = []
    for match in ranked:
        if match.earlier in earlier_taken or match.later in later_taken:
            continue
        earlier_taken.add(match.earlier)
        later_taken.add(match.later)
        chosen.append(match)
    return chosen


def best_pair(earlier: Work, later: Work, units: UnitIndex, weights: Mapping[str, float]) -> Match:
    """Weigh every record of one work against every record of the other; keep the best."""
    best = max(
        (weigh(a, b, units, weights) for a in earlier.records for b in later.records),
        key=lambda e: (e.confidence, e.name_score),
    )
    return Match(earlier, later, best)


# ----------------------------------------------------------------------------- helpers


def _periods_meet(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Overlapping or adjacent: a work of 2016–2020 continued from 2021 "meets".
    return a[0] <= b[1] + 1 and b[0] <= a[1] + 1


def _ratio(x: float | None, y: float | None) -> float | None:
    if x is None or y is None or max(x, y) <= 0:
        return None
    return min(x, y) / max(x, y)


def _change_text(label: str, x: float, y: float, far: float, fmt: object) -> str:
    ratio = _ratio(x, y)
    verdict = "相同" if x == y else ("相近" if ratio and ratio >= _CLOSE else "")
    if ratio is not None and ratio < far:
        verdict = "相差较大"
    shown = f"{fmt(x)}→{fmt(y)}"  # type: ignore[operator]
    return f"{label}{verdict}（{shown}）"


def _km2(m2: float) -> str:
    return f"{m2 / 1e6:.4g} km²"


def _yi(value: float) -> str:
    return f"{value:g} 亿元"


def _kind(kind: str) -> str:
    return schema.KIND_LABELS.get(kind, kind)


def _years(period: tuple[int, int]) -> str:
    return f"{period[0]}–{period[1]}"


def _optional_float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _optional_int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]
