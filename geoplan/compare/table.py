"""The comparison of two plans as a table: one row per record of either plan.

:func:`compare_records` takes the records of two plans (any two: shipped,
uploaded, or filtered) and returns, for every record, whether the later plan
continues it, whether it is new, or whether the later plan no longer lists it,
with the record of the other plan it matches, the evidence in words, the
confidence and the changes in land area and investment. :func:`compare_plans`
does the same for plan ids, ordering them by their periods.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from geoplan import schema
from geoplan.compare.match import (
    MIN_NAME,
    Match,
    Record,
    UnitIndex,
    Work,
    assign,
    best_pair,
    to_record,
    works,
)
from geoplan.compare.names import token_weights, tokens
from geoplan.errors import GeoplanError, UnknownNameError
from geoplan.plans import Plan

__all__ = [
    "COLUMNS",
    "DEFAULT_THRESHOLD",
    "SIDE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "ComparisonError",
    "compare_plans",
    "compare_records",
    "comparison_csv",
    "plan_order",
    "status_counts",
    "top_matches",
]

#: What became of a record: the later plan ``continued`` it, it is ``new`` in
#: the later plan, or the later plan no longer lists it (``dropped``).
STATUSES: tuple[str, ...] = ("continued", "new", "dropped")
#: Chinese labels of the statuses. "未再列入": the later plan does not list the
#: work, which does not say it was cancelled.
STATUS_LABELS: dict[str, str] = {"continued": "延续", "new": "新增", "dropped": "未再列入"}
SIDE_LABELS: dict[str, str] = {"earlier": "前一规划", "later": "后一规划"}

#: The comparison table's columns and their Chinese headings, in order.
COLUMNS: dict[str, str] = {
    "side": "先后",
    "plan": "规划编号",
    "plan_title": "规划",
    "record_id": "编号",
    "name": "名称",
    "kind": "类型",
    "unit_name": "所在区县",
    "line_start": "起始行",
    "status": "状态",
    "confidence": "置信度",
    "match_plan": "对应规划编号",
    "match_record_id": "对应编号",
    "match_name": "对应名称",
    "match_line": "对应起始行",
    "evidence": "依据",
    "same_as": "本规划重复列出",
    "land_area_before_m2": "前一规划用地面积(m²)",
    "land_area_after_m2": "后一规划用地面积(m²)",
    "land_area_change_m2": "用地面积变化(m²)",
    "investment_before": "前一规划总投资(亿元)",
    "investment_after": "后一规划总投资(亿元)",
    "investment_change": "总投资变化(亿元)",
}
#: The confidence at which two works are taken as one unless told otherwise:
#: about a 0.6-alike name in the same place, or a 0.4-alike one with the same land area.
DEFAULT_THRESHOLD = 0.55


# Strings are "" when absent, as in the record schema; numbers NaN / <NA>.
_DTYPES = {
    column: "Int64" if column in ("line_start", "match_line") else "float64"
    for column in (
        "line_start", "match_line", "confidence", "land_area_before_m2", "land_area_after_m2",
        "land_area_change_m2", "investment_before", "investment_after", "investment_change",
    )
}  # fmt: skip


class ComparisonError(GeoplanError):
    """Two plans cannot be compared as asked (the same plan twice, clashing record ids)."""


def plan_order(a: str, b: str, plans: Mapping[str, Plan]) -> tuple[str, str]:
    """Return two plan ids as (earlier, later) by their periods; given order on a tie.

    Raises
    ------
    UnknownNameError
        If a plan is not in ``plans``.

    Examples
    --------
    >>> from geoplan.plans import read_plans
    >>> plan_order("000", "002", read_plans())
    ('002', '000')
    """
    for plan in (a, b):
        if plan not in plans:
            msg = f"no plan {plan!r}; known plans: {', '.join(sorted(plans))}"
            raise UnknownNameError(msg)
    if plans[b].period < plans[a].period:
        return b, a
    return a, b


def compare_plans(
    a: str,
    b: str,
    records: pd.DataFrame,
    units: pd.DataFrame,
    plans: Mapping[str, Plan],
    *,
    order: Literal["period", "given"] = "period",
    threshold: float = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """Compare two plans of ``records`` by id (see :func:`compare_records`).

    Parameters
    ----------
    a, b
        Plan ids.
    records
        Records of (at least) both plans.
    units
        Administrative units (the gazetteer's table).
    plans
        The plan registry, for the periods and titles.
    order
        ``"period"``: the plan whose period starts first is the earlier one;
        ``"given"``: ``a`` is the earlier one.
    threshold
        As for :func:`compare_records`.

    Raises
    ------
    UnknownNameError
        If a plan is not in the registry.
    ComparisonError
        If ``a`` and ``b`` are the same plan.
    """
    if a == b:
        msg = f"compare two different plans, got {a!r} twice; known plans: {', '.join(plans)}"
        raise ComparisonError(msg)
    if order not in ("period", "given"):
        msg = f"order must be 'period' or 'given', got {order!r}"
        raise ComparisonError(msg)
    by_period = plan_order(a, b, plans)
    earlier, later = by_period if order == "period" else (a, b)
    table = compare_records(
        records[records["plan"] == earlier], records[records["plan"] == later], units, threshold
    )
    titles = {p: plans[p].short for p in (earlier, later)}
    table["plan_title"] = table["plan"].map(titles)
    return table


def compare_records(
    earlier: pd.DataFrame,
    later: pd.DataFrame,
    units: pd.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """Match the records of two plans and say what continued, what is new, what was dropped.

    Parameters
    ----------
    earlier, later
        Records of the earlier and the later plan (columns of
        :mod:`geoplan.schema`; extra columns such as ``geometry`` are ignored).
    units
        Administrative units indexed by adcode (``name``, ``short_name``,
        ``parent_adcode``): place names in work names, and which unit lies in which.
    threshold
        Lowest confidence (0 … 1) at which two works are taken as one.

    Returns
    -------
    pandas.DataFrame
        One row per record of either plan, earlier plan first, columns
        :data:`COLUMNS`. ``attrs`` holds ``earlier`` and ``later`` (plan ids)
        and ``threshold``.

    Raises
    ------
    SchemaError
        If a frame is not a records table.
    ComparisonError
        If the two frames share record ids.
    """
    if not 0 < threshold <= 1:
        msg = f"threshold must be a confidence above 0 and at most 1, got {threshold!r}"
        raise ComparisonError(msg)
    for frame in (earlier, later):
        schema.validate(pd.DataFrame(frame[[c for c in schema.COLUMNS if c in frame.columns]]))
    clash = sorted(set(earlier["record_id"]) & set(later["record_id"]))
    if clash:
        msg = (
            f"the two plans share record ids ({', '.join(clash[:5])}); "
            "compare two different plans, or give one plan's records new ids"
        )
        raise ComparisonError(msg)
    index = UnitIndex.from_table(units)
    recs = {
        side: sorted(
            (to_record(row, index) for row in frame.to_dict("records")),
            key=lambda r: (r.line, r.id),
        )
        for side, frame in (("earlier", earlier), ("later", later))
    }
    weights = token_weights(
        *([c for r in recs[side] for c in (r.parts.core, *r.parts.aliases)] for side in recs)
    )
    old, new = works(recs["earlier"], index), works(recs["later"], index)
    candidates = [best_pair(e, w, index, weights) for e, w in _related(old, new)]
    chosen = assign(candidates, threshold)
    rows = [
        *_rows(old, "earlier", chosen, candidates, threshold),
        *_rows(new, "later", chosen, candidates, threshold),
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS)).astype(_DTYPES)
    table["plan_title"] = _titles(table, earlier, later)
    table.attrs.update(earlier=_plan_id(earlier), later=_plan_id(later), threshold=float(threshold))
    return table


def _related(old: Sequence[Work], new: Sequence[Work]) -> Iterable[tuple[Work, Work]]:
    """Yield the pairs of works whose names share a token (others cannot match)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, work in enumerate(new):
        for token in _work_tokens(work):
            index[token].append(i)
    for work in old:
        near = sorted({i for t in _work_tokens(work) for i in index.get(t, ())})
        for i in near:
            yield work, new[i]


def _work_tokens(work: Work) -> set[str]:
    return {t for r in work.records for c in (r.parts.core, *r.parts.aliases) for t in tokens(c)}


def _rows(
    side_works: Sequence[Work],
    side: str,
    chosen: Sequence[Match],
    candidates: Sequence[Match],
    threshold: float,
) -> list[dict[str, Any]]:
    earlier_side = side == "earlier"
    matched = {(m.earlier if earlier_side else m.later): m for m in chosen}
    rows = []
    for work in side_works:
        match = matched.get(work)
        for record in work.records:
            row = _base_row(record, side)
            row["same_as"] = ";".join(r.id for r in work.records if r is not record)
            if match is None:
                row["status"] = "dropped" if earlier_side else "new"
                row["evidence"] = _unmatched_text(work, side, candidates, chosen, threshold)
                _set_figures(row, record, None, earlier_side)
            else:
                _set_match(row, record, work, match, earlier_side)
            rows.append(row)
    return rows


def _base_row(record: Record, side: str) -> dict[str, Any]:
    return {
        "side": side,
        "plan": record.plan,
        "record_id": record.id,
        "name": record.name,
        "kind": record.kind,
        "unit_name": record.unit_name,
        "line_start": record.line,
        "confidence": None,
        "match_plan": "",
        "match_record_id": "",
        "match_name": "",
        "match_line": None,
    }


def _set_match(
    row: dict[str, Any], record: Record, work: Work, match: Match, earlier_side: bool
) -> None:
    evidence = match.evidence
    mine, theirs = (
        (evidence.earlier, evidence.later) if earlier_side else (evidence.later, evidence.earlier)
    )
    other_work = match.later if earlier_side else match.earlier
    row.update(
        status="continued",
        confidence=evidence.confidence,
        match_plan=theirs.plan,
        match_record_id=theirs.id,
        match_name=theirs.name,
        match_line=theirs.line,
    )
    same = "" if record is mine else f"与本规划{mine.id}（第{mine.line}行）为同一项，以其比对；"
    row["evidence"] = same + evidence.text()
    counterpart = _figures_of(other_work, theirs)
    _set_figures(row, record, counterpart, earlier_side)


def _figures_of(work: Work, first: Record) -> tuple[float | None, float | None]:
    # A work listed twice may give a figure in one listing only.
    ordered = [first, *(r for r in work.records if r is not first)]
    area = next((r.area for r in ordered if r.area is not None), None)
    money = next((r.investment for r in ordered if r.investment is not None), None)
    return area, money


def _set_figures(
    row: dict[str, Any],
    record: Record,
    other: tuple[float | None, float | None] | None,
    earlier_side: bool,
) -> None:
    own = (record.area, record.investment)
    theirs = other or (None, None)
    before, after = (own, theirs) if earlier_side else (theirs, own)
    for i, (stem, unit) in enumerate((("land_area", "_m2"), ("investment", ""))):
        b, a = before[i], after[i]
        row[f"{stem}_before{unit}"] = b
        row[f"{stem}_after{unit}"] = a
        row[f"{stem}_change{unit}"] = a - b if a is not None and b is not None else None


def _unmatched_text(
    work: Work,
    side: str,
    candidates: Sequence[Match],
    chosen: Sequence[Match],
    threshold: float,
) -> str:
    earlier_side = side == "earlier"
    other = "后一规划" if earlier_side else "前一规划"
    mine = [
        m
        for m in candidates
        if (m.earlier if earlier_side else m.later) is work and m.evidence.name_score >= MIN_NAME
    ]
    if not mine:
        return f"{other}中没有名称相近的项目"
    best = max(mine, key=lambda m: (m.confidence, m.evidence.name_score))
    theirs = best.evidence.later if earlier_side else best.evidence.earlier
    if best.confidence < threshold:
        why = best.evidence.text()
        if best.confidence > 0:
            why = f"置信度{best.confidence:.2f}，低于{threshold:.2f}：{why}"
    else:
        # The closest work of the other plan went to a closer one of this plan.
        their_work = best.later if earlier_side else best.earlier
        rival = next(m for m in chosen if (m.later if earlier_side else m.earlier) is their_work)
        winner = (rival.earlier if earlier_side else rival.later).first
        why = f"该项已与本规划更接近的{winner.name}（{winner.id}）对应"
    return f"{other}中未找到同一项。最接近：{theirs.name}（{theirs.id}，第{theirs.line}行；{why}）"


def _titles(table: pd.DataFrame, *frames: pd.DataFrame) -> pd.Series:
    """Return each row's plan title: the records' ``plan_title`` if they have one, else the id."""
    titles: dict[str, str] = {}
    for frame in frames:
        if "plan_title" in frame.columns:
            titles.update(zip(frame["record_id"], frame["plan_title"].astype(str), strict=True))
    return pd.Series(
        [titles.get(r) or p for r, p in zip(table["record_id"], table["plan"], strict=True)],
        index=table.index,
        dtype=object,
    )


def _plan_id(frame: pd.DataFrame) -> str:
    return "+".join(sorted({str(p) for p in frame["plan"]}))


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Count a comparison's records by status and plan: rows 延续/新增/未再列入, columns the plans.

    Examples
    --------
    >>> table = pd.DataFrame({"side": ["earlier", "later"], "status": ["dropped", "new"]})
    >>> status_counts(table).loc["新增"].tolist()
    [0, 1]
    """
    counts = pd.crosstab(table["status"], table["side"]).reindex(
        index=list(STATUSES), columns=list(SIDE_LABELS), fill_value=0
    )
    return counts.rename(index=STATUS_LABELS, columns=SIDE_LABELS).rename_axis(
        index="状态", columns=None
    )


def top_matches(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` most confident matches, one row per pair of records, best first."""
    pairs = table[(table["side"] == "earlier") & (table["status"] == "continued")]
    pairs = pairs.sort_values(["confidence", "line_start"], ascending=[False, True], kind="stable")
    # A work the earlier plan lists twice is one pair: keep its first row.
    pairs = pairs.drop_duplicates("match_record_id")
    columns = ["record_id", "name", "match_record_id", "match_name", "confidence", "evidence"]
    return pd.DataFrame(pairs[columns].head(n)).reset_index(drop=True)


def comparison_csv(table: pd.DataFrame, *, headings: Literal["zh", "en"] = "zh") -> bytes:
    """Return a comparison as CSV: Chinese headings and values (``"zh"``) or the column names.

    The Chinese form has a byte-order mark so that Excel opens it as UTF-8,
    like the app's record tables (:mod:`geoplan.app.exports`).

    Raises
    ------
    UnknownNameError
        If ``headings`` is neither.
    """
    if headings == "en":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if headings != "zh":
        msg = f"headings must be 'zh' or 'en', got {headings!r}"
        raise UnknownNameError(msg)
    out = table.assign(
        side=table["side"].map(SIDE_LABELS),
        status=table["status"].map(STATUS_LABELS),
        kind=table["kind"].map(lambda k: schema.KIND_LABELS.get(k, k)),
    )
    text = out.rename(columns=COLUMNS).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")
