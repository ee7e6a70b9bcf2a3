"""The totals plans state about their own projects (``data/plan_totals.toml``).

Each statement carries the line it is printed on and an exact quote, so it can
be checked against the plan file (:func:`quote_problems`) and shown next to
the sums of the extracted records in the reconciliation report.

Examples
--------
>>> totals = load_totals()
>>> t = next(t for t in totals if t.plan == "001")
>>> t.line, t.count, t.investment_total, t.investment_period
(428, 58, 2416.0, 1368.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoplan import _paths
from geoplan._io import key_problems, read_toml
from geoplan.errors import DataFileError
from geoplan.plans import split_lines

__all__ = ["TOTALS", "PlanTotal", "load_totals", "quote_problems", "statement_text"]

#: Where the stated totals live.
TOTALS = _paths.DATA / "plan_totals.toml"

_KEYS = {
    "plan",
    "line",
    "line_end",
    "quote",
    "label",
    "count",
    "investment_total",
    "investment_period",
    "approximate",
    "scope",
    "explain",
}


@dataclass(frozen=True, slots=True)
class PlanTotal:
    """One statement of a plan about its projects: what it counts and where."""

    plan: str
    line: int
    line_end: int
    quote: str
    label: str
    count: int | None
    investment_total: float | None
    investment_period: float | None
    approximate: bool
    scope: tuple[str, ...]
    explain: str

    @property
    def itemized(self) -> bool:
        """Whether the plan names the items the statement covers."""
        return bool(self.scope)


def load_totals(path: Path = TOTALS) -> tuple[PlanTotal, ...]:
    """Read ``plan_totals.toml``.

    Raises
    ------
    DataFileError
        If the file is missing, not TOML, or an entry has unknown or missing
        keys (the entry is named).
    """
    data = read_toml(path, "plan totals")
    return tuple(_total(path, i, entry) for i, entry in enumerate(data.get("total", [])))


def _total(path: Path, index: int, entry: dict[str, Any]) -> PlanTotal:
    where = f"{path.name} [[total]] #{index + 1}"
    problems = key_problems(entry, _KEYS, {"plan", "line", "quote", "label", "scope"})
    if problems:
        msg = f"{where}: " + "; ".join(problems)
        raise DataFileError(msg)
    line = int(entry["line"])

    def number(key: str) -> float | None:
        return float(entry[key]) if key in entry else None

    return PlanTotal(
        plan=str(entry["plan"]),
        line=line,
        line_end=int(entry.get("line_end", line)),
        quote=str(entry["quote"]),
        label=str(entry["label"]),
        count=int(entry["count"]) if "count" in entry else None,
        investment_total=number("investment_total"),
        investment_period=number("investment_period"),
        approximate=bool(entry.get("approximate", False)),
        scope=tuple(str(s) for s in entry["scope"]),
        explain=str(entry.get("explain", "")),
    )


def statement_text(lines: list[str], total: PlanTotal) -> str:
    """Return the plan's text of ``total.line``–``total.line_end`` joined without breaks."""
    chosen = lines[total.line - 1 : total.line_end]
    return "".join(line.strip() for line in chosen if line.strip())


def quote_problems(total: PlanTotal, plan_text: str) -> list[str]:
    """Return what is wrong with a statement's line and quote (empty if nothing)."""
    lines = list(split_lines(plan_text))
    if not 1 <= total.line <= total.line_end <= len(lines):
        where = f"{total.plan} line {total.line}–{total.line_end}"
        return [f"{where}: outside the file ({len(lines)} lines)"]
    if total.quote not in statement_text(lines, total):
        return [f"{total.plan} line {total.line}: quote {total.quote!r} is not printed there"]
    return []
