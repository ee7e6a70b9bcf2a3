"""The reconciliation report: what extraction found against what the plans say.

For every plan: each box with its decision (and the reason when it gives no
records), its items and records, how many records have each field, and the
sums of total and plan-period investment; the totals the plan states itself
(``data/plan_totals.toml``) beside the extracted sums, with the reason for
any difference; and every record that could not be read fully, with its line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from geoplan.extract.records import BoxResult, PlanResult
from geoplan.extract.totals import PlanTotal

__all__ = ["BoxSummary", "Issue", "PlanSummary", "Reconciliation", "Sum", "TotalCheck", "summarize"]

#: Fields counted per box, with the short label the report prints.
FIELDS_SHOWN: dict[str, str] = {
    "period_start": "period",
    "location": "location",
    "boundary": "四至",
    "land_area_m2": "land",
    "floor_area_m2": "floor",
    "investment_total": "总投资",
    "investment_period": "期内投资",
    "focus": "重点方向",
    "responsible_unit": "责任单位",
}
_INFO_NOTES = ("listed in", "groups ", "marked *", "named with", "the list states")


@dataclass(frozen=True, slots=True)
class Sum:
    """A sum of a money column: value (亿元), records giving it, records in scope."""

    value: float
    given: int
    of: int

    def __str__(self) -> str:
        return f"{_money(self.value)} 亿元 ({self.given}/{self.of} given)"


@dataclass(frozen=True, slots=True)
class BoxSummary:
    """One box of a plan as the report shows it."""

    label: str
    title: str
    line: int
    line_end: int
    included: bool
    kind: str
    reason: str
    items: int
    records: int
    members: int
    filled: tuple[tuple[str, int], ...]
    investment_total: Sum
    investment_period: Sum
    skipped: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class TotalCheck:
    """A plan-stated total beside the extracted figures, and why they differ."""

    total: PlanTotal
    count: int | None
    investment_total: Sum | None
    investment_period: Sum | None
    explanation: str


@dataclass(frozen=True, slots=True)
class Issue:
    """A record (or item) that could not be read fully."""

    record_id: str
    line: int
    problem: str


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Everything the report says about one plan."""

    plan: str
    title: str
    file: str
    records: int
    running: int
    boxes: tuple[BoxSummary, ...]
    totals: tuple[TotalCheck, ...]
    issues: tuple[Issue, ...]
    artefacts: int
    toc: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The reconciliation report of a set of records; print it with :meth:`to_text`."""

    plans: tuple[PlanSummary, ...]

    def to_text(self) -> str:
        """Return plain text for the terminal (Chinese labels, English explanations)."""
        lines = ["geoplan extract — 核对报告 reconciliation report", "=" * 60]
        for plan in self.plans:
            lines.extend(_text_plan(plan))
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """Return the same report as Markdown (tables per plan)."""
        lines = ["# geoplan extract — reconciliation report (核对报告)", ""]
        for plan in self.plans:
            lines.extend(_markdown_plan(plan))
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- computing


def summarize(
    frame: pd.DataFrame,
    result: PlanResult | None,
    totals: Sequence[PlanTotal],
    title: str,
    file: str,
) -> PlanSummary:
    """Summarize the records of one plan (``frame`` holds only that plan's rows)."""
    boxes = tuple(_box_summary(frame, b) for b in result.boxes) if result else ()
    checks = tuple(_check(frame, t) for t in totals)
    issues = _issues(frame, result)
    return PlanSummary(
        plan=str(frame["plan"].iloc[0]) if len(frame) else (result.plan if result else ""),
        title=title,
        file=file,
        records=len(frame),
        running=int((frame["box"] == "").sum()),
        boxes=boxes,
        totals=checks,
        issues=issues,
        artefacts=result.removed if result else 0,
        toc=result.toc_lines if result else (),
    )


def _sum(rows: pd.DataFrame, column: str) -> Sum:
    values = rows[column].dropna()
    return Sum(float(values.sum()), len(values), len(rows))


def _box_summary(frame: pd.DataFrame, result: BoxResult) -> BoxSummary:
    box, decision = result.box, result.decision
    rows = frame[frame["box"] == box.label]
    counted = rows[rows["kind"] != "other"]
    members = int(rows["record_id"].str.count("-").eq(3).sum())
    filled = tuple((label, _filled(counted, name)) for name, label in FIELDS_SHOWN.items())
    return BoxSummary(
        label=box.label,
        title=box.title,
        line=box.header,
        line_end=box.line_end,
        included=decision.include,
        kind=decision.kind,
        reason=decision.reason,
        items=result.items,
        records=len(rows),
        members=members,
        filled=filled,
        investment_total=_sum(counted, "investment_total"),
        investment_period=_sum(counted, "investment_period"),
        skipped=result.skipped,
    )


def _filled(rows: pd.DataFrame, column: str) -> int:
    series = rows[column]
    if series.dtype == object:
        return int((series != "").sum())
    return int(series.notna().sum())


def _check(frame: pd.DataFrame, total: PlanTotal) -> TotalCheck:
    if not total.itemized:
        return TotalCheck(total, None, None, None, total.explain or "the plan names no item for it")
    ids = frame["record_id"]
    chosen = frame[
        ids.map(lambda r: any(r.startswith(p) for p in total.scope)) & (frame["kind"] != "other")
    ]
    total_sum = _sum(chosen, "investment_total") if total.investment_total is not None else None
    period_sum = _sum(chosen, "investment_period") if total.investment_period is not None else None
    notes = [
        n
        for n in (
            _count_note(total.count, len(chosen)),
            _money_note("总投资", total.investment_total, total_sum),
            _money_note("期内投资", total.investment_period, period_sum),
            total.explain,
        )
        if n
    ]
    return TotalCheck(total, len(chosen), total_sum, period_sum, "; ".join(notes))


def _count_note(stated: int | None, found: int) -> str:
    if stated is None:
        return ""
    if stated == found:
        return f"count matches ({found})"
    return f"count differs: plan says {stated}, extraction found {found}"


def _money_note(label: str, stated: float | None, found: Sum | None) -> str:
    if stated is None or found is None:
        return ""
    diff = found.value - stated
    if abs(diff) < 0.5 and found.given == found.of:
        return f"{label} matches ({_money(found.value)} ≈ {_money(stated)}, the plan rounds)"
    missing = found.of - found.given
    if missing:
        return (
            f"{label}: {missing} record(s) state no figure, "
            f"so the sum is {_money(-diff)} 亿元 short"
        )
    share = f"{abs(diff) / stated:.1%}" if stated else "n/a"
    return (
        f"{label}: every record states a figure, yet they add up to {_money(found.value)} against "
        f"{_money(stated)} ({diff:+.2f} 亿元, {share}); the difference is in the plan's own figures"
    )


def _issues(frame: pd.DataFrame, result: PlanResult | None) -> tuple[Issue, ...]:
    issues: list[Issue] = []
    for row in frame.itertuples(index=False):
        for note in filter(None, str(row.notes).split("; ")):
            if not note.startswith(_INFO_NOTES) and "printed as '" not in note:
                issues.append(Issue(str(row.record_id), int(row.line_start), note))
    for label, rows in frame[frame["kind"] != "other"].groupby("box"):
        if label and len(rows) >= 3:
            issues.extend(_missing_fields(rows))
    if result is not None:
        for box in result.boxes:
            for number, line, reason in box.skipped:
                if not reason.startswith("left out by the catalog"):
                    issues.append(Issue(f"{box.box.label} item {number}", line, reason))
    return tuple(sorted(issues, key=lambda i: (i.line, i.record_id)))


def _missing_fields(rows: pd.DataFrame) -> list[Issue]:
    issues: list[Issue] = []
    for column in ("investment_total", "investment_period", "period_start", "responsible_unit"):
        given = _filled(rows, column)
        if given * 2 < len(rows) or given == len(rows):
            continue
        empty = (
            rows[rows[column].isna()] if rows[column].dtype != object else rows[rows[column] == ""]
        )
        for row in empty.itertuples(index=False):
            what = f"{column} not stated (given for {given} of {len(rows)} records of {row.box})"
            issues.append(Issue(str(row.record_id), int(row.line_start), what))
    return issues


# ---------------------------------------------------------------- text


def _money(value: float) -> str:
    return "NaN" if math.isnan(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _filled_text(box: BoxSummary) -> str:
    return ", ".join(f"{label} {n}" for label, n in box.filled if n)


def _text_plan(plan: PlanSummary) -> list[str]:
    lines = [
        "",
        f"{plan.plan} {plan.title}  ({plan.file})",
        f"  records 记录 {plan.records}: {plan.records - plan.running} from boxes, {plan.running} "
        f"from running-text lists; artefacts removed {plan.artefacts}"
        + (f"; table of contents skipped (lines {plan.toc[0]}–{plan.toc[-1]})" if plan.toc else ""),
    ]
    included = [b for b in plan.boxes if b.included]
    left = [b for b in plan.boxes if not b.included]
    if included:
        lines.append("  boxes read 收录专栏:")
    for box in included:
        lines.append(
            f"    {box.label:5} {box.title}  lines {box.line}–{box.line_end}  {box.kind}: "
            f"{box.items} items, {box.records} records"
            + (f" ({box.members} listed projects)" if box.members else "")
        )
        lines.append(f"          fields: {_filled_text(box) or '—'}")
        sums = [
            f"{label} {s}"
            for label, s in (("总投资", box.investment_total), ("期内投资", box.investment_period))
            if s.given
        ]
        if sums:
            lines.append("          " + "; ".join(sums))
        lines.extend(
            f"          item {n} (line {line}) not read: {why}" for n, line, why in box.skipped
        )
    if left:
        lines.append("  boxes left out 未收录专栏 (no project/platform list):")
        lines.extend(
            f"    {b.label:5} {b.title}  lines {b.line}–{b.line_end}: {b.reason}" for b in left
        )
    lines.extend(_text_totals(plan))
    if plan.issues:
        lines.append(f"  not read fully 未完全解析 ({len(plan.issues)}):")
        lines.extend(f"    {i.record_id:15} line {i.line:5}: {i.problem}" for i in plan.issues)
    return lines


def _text_totals(plan: PlanSummary) -> list[str]:
    if not plan.totals:
        return ["  plan-stated totals 规划自述合计: none stated"]
    lines = ["  plan-stated totals 规划自述合计:"]
    for check in plan.totals:
        t = check.total
        stated = _stated(t)
        lines.append(f"    line {t.line}: {t.label}: {stated}")
        lines.append(f"      “{t.quote}”")
        if check.count is not None:
            found = [f"count {check.count}"]
            found += [
                f"{label} {s}"
                for label, s in (
                    ("总投资", check.investment_total),
                    ("期内投资", check.investment_period),
                )
                if s
            ]
            lines.append(f"      extracted: {'; '.join(found)}")
        lines.append(f"      → {check.explanation}")
    return lines


def _stated(total: PlanTotal) -> str:
    parts = []
    if total.count is not None:
        parts.append(f"{total.count}{' (about)' if total.approximate else ''} items")
    if total.investment_total is not None:
        parts.append(f"总投资 {_money(total.investment_total)} 亿元")
    if total.investment_period is not None:
        parts.append(f"期内投资 {_money(total.investment_period)} 亿元")
    return ", ".join(parts)


# ---------------------------------------------------------------- markdown


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_plan(plan: PlanSummary) -> list[str]:
    lines = [
        f"## {plan.plan} {plan.title}",
        "",
        (
            f"`{plan.file}` — {plan.records} records ({plan.records - plan.running} from boxes, "
            f"{plan.running} from running-text lists); {plan.artefacts} artefacts removed."
        ),
        "",
    ]
    if plan.boxes:
        lines += [
            "| box | title | lines | decision | items | records | fields | 总投资 | 期内投资 |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
    for b in plan.boxes:
        decision = b.kind if b.included else f"left out: {b.reason}"
        money = [str(s) if s.given else "" for s in (b.investment_total, b.investment_period)]
        lines.append(
            f"| {b.label} | {_cell(b.title)} | {b.line}–{b.line_end} | {_cell(decision)} "
            f"| {b.items} | {b.records} | {_cell(_filled_text(b))} | {money[0]} | {money[1]} |"
        )
    lines += ["", "### Plan-stated totals", ""]
    if not plan.totals:
        lines.append("None stated.")
    for check in plan.totals:
        t = check.total
        lines.append(
            f"- line {t.line}, {_cell(t.label)}: {_stated(t)} — “{_cell(t.quote)}”. "
            f"{_cell(check.explanation)}"
        )
    lines += ["", "### Not read fully", ""]
    lines += [f"- `{i.record_id}` line {i.line}: {_cell(i.problem)}" for i in plan.issues] or [
        "None."
    ]
    lines.append("")
    return lines
