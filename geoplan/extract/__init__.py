r"""Plan text → records: the 专栏 boxes and listed platforms of a plan.

The public surface is small. Each function returns (or takes) a records table
that matches :mod:`geoplan.schema`; placement fields (``adcode``, ``lon`` …)
are left empty with ``precision = "unplaced"`` for :mod:`geoplan.locate`.

* :func:`extract_text` — one plan's text → a :class:`PlanExtraction`
  (records and the inventory of boxes read and left out);
* :func:`extract_plan` / :func:`extract_file` — the records alone;
* :func:`extract_registered` — every plan of ``data/plans.toml``, with
  ``data/records/overrides.toml`` applied;
* :func:`reconcile` — the report of boxes, fields, sums and plan-stated totals.

Plan files and their lines come from :mod:`geoplan.plans`; writing
``data/records/`` is :mod:`geoplan.records`' job.

Examples
--------
>>> from geoplan import extract
>>> text = (
...     "专栏1：重大项目\n"
...     "1. 甲园区（2021-2023）。总投资2亿元，占地300亩。（责任单位：甲镇）\n"
...     "（二）其他"
... )
>>> frame = extract.extract_plan(text, "900")
>>> columns = ["record_id", "name", "period_start", "investment_total", "land_area_m2"]
>>> [str(v) for v in frame.loc[0, columns]]
['900-b01-01', '甲园区', '2021', '2.0', '200000.0']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geoplan import plans, schema
from geoplan.errors import GeoplanError
from geoplan.extract.overrides import apply_overrides, load_overrides
from geoplan.extract.records import PlanResult, extract_document, to_frame
from geoplan.extract.report import Reconciliation, summarize
from geoplan.extract.text import repair
from geoplan.extract.totals import load_totals

__all__ = [
    "PlanExtraction",
    "Reconciliation",
    "extract_all",
    "extract_file",
    "extract_plan",
    "extract_registered",
    "extract_text",
    "reconcile",
]


@dataclass(frozen=True, slots=True)
class PlanExtraction:
    """What extracting one plan gave: its records and the inventory behind them.

    ``records`` is a validated records table sorted by ``record_id``;
    ``inventory`` lists every box read or left out and why, for the report.
    """

    plan: str
    records: pd.DataFrame
    inventory: PlanResult


_PLAN_ID = re.compile(r"[0-9A-Za-z_]{1,20}")


def _check_plan_id(plan_id: object) -> str:
    if not isinstance(plan_id, str) or not _PLAN_ID.fullmatch(plan_id):
        msg = (
            f"plan id must be 1–20 letters, digits or '_' (it starts every record_id), "
            f"got {plan_id!r}; the registered plans are {', '.join(plans.read_plans())}"
        )
        raise GeoplanError(msg)
    return plan_id


def _result(text: str, plan_id: str) -> PlanResult:
    if not isinstance(text, str):
        msg = (
            f"plan text must be a str (decoded UTF-8), got {type(text).__name__}; "
            "read files with extract_file()"
        )
        raise TypeError(msg)
    return extract_document(_check_plan_id(plan_id), repair(text))


def extract_text(text: str, plan_id: str) -> PlanExtraction:
    """Extract one plan's text: its records (no overrides) and its box inventory.

    Parameters
    ----------
    text
        The whole plan as text; line numbers in the records are 1-based lines
        of this text (:func:`geoplan.plans.split_lines`).
    plan_id
        The id records cite, e.g. ``"001"``; the registered plans' ids are
        the keys of ``data/plans.toml``, whose box decisions apply only to
        their text.

    Raises
    ------
    GeoplanError
        If ``plan_id`` cannot start a record id.
    TypeError
        If ``text`` is not a string.
    """
    result = _result(text, plan_id)
    return PlanExtraction(plan_id, to_frame(result.records), result)


def extract_plan(text: str, plan_id: str) -> pd.DataFrame:
    """Return the records of one plan's text (:func:`extract_text` without the inventory)."""
    return extract_text(text, plan_id).records


def extract_file(path: str | Path, plan_id: str | None = None) -> pd.DataFrame:
    """Return the records of a plan file (see :func:`extract_plan`).

    ``plan_id`` defaults to the id ``data/plans.toml`` gives the file's name.

    Raises
    ------
    DataFileError
        If the file is missing or not UTF-8.
    UnknownNameError
        If ``plan_id`` is None and the file name is not in ``data/plans.toml``.
    """
    plan = plan_id if plan_id is not None else plans.plan_for_file(path).id
    return extract_plan(plans.read_text(path), plan)


def extract_registered(
    plan_ids: Iterable[str] | None = None, plans_dir: str | Path | None = None
) -> list[PlanExtraction]:
    """Extract the registered plans (all by default), overrides applied.

    Parameters
    ----------
    plan_ids
        Which plans; default every plan of ``data/plans.toml``.
    plans_dir
        Folder holding the texts; default :data:`geoplan.plans.PLANS_DIR`.

    Raises
    ------
    UnknownNameError
        If a plan id is not registered.
    DataFileError
        If a plan's text is missing, or an override does not fit.
    """
    ids = list(plan_ids) if plan_ids is not None else list(plans.read_plans())
    found = [extract_text(plans.plan_text(p, plans_dir), p) for p in ids]
    # Overrides are checked against all the chosen plans' records at once, so one
    # naming a record that no longer exists is reported, not skipped.
    mine = tuple(o for o in load_overrides() if o.record_id.split("-", 1)[0] in ids)
    combined = to_frame(r for e in found for r in e.records.to_dict("records"))
    corrected = apply_overrides(combined, mine)
    return [
        PlanExtraction(
            e.plan, corrected[corrected["plan"] == e.plan].reset_index(drop=True), e.inventory
        )
        for e in found
    ]


def extract_all(plans_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the records of all registered plans in one table, overrides applied."""
    return to_frame(
        r for e in extract_registered(None, plans_dir) for r in e.records.to_dict("records")
    )


def reconcile(
    frame: pd.DataFrame,
    *,
    inventories: Mapping[str, PlanResult] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Reconciliation:
    """Compare records with the plans: boxes, fields, sums and stated totals.

    A plan's box inventory (boxes read, boxes left out and why) comes from
    ``inventories`` when the caller has just extracted it
    (:attr:`PlanExtraction.inventory`), else from ``texts``, else from the
    registered plan's text; a plan with none of these is reported on its
    records and stated totals only.

    Parameters
    ----------
    frame
        Records of one or more plans.
    inventories
        Box inventories by plan id, from :func:`extract_text`.
    texts
        Plan texts by plan id, for plans not in ``data/plans.toml``.

    Raises
    ------
    SchemaError
        If ``frame`` is not a records table.
    """
    schema.validate(frame)
    registry = plans.read_plans()
    totals = load_totals()
    summaries = []
    for plan in sorted(frame["plan"].unique()):
        info = registry.get(plan)
        result = (inventories or {}).get(plan)
        if result is None and texts is not None and plan in texts:
            result = _result(texts[plan], plan)
        elif result is None and info is not None:
            result = _result(plans.plan_text(plan), plan)
        rows = frame[frame["plan"] == plan]
        mine = [t for t in totals if t.plan == plan]
        title, file = (info.title, info.file) if info else ("(not in data/plans.toml)", "text")
        summaries.append(summarize(rows, result, mine, title, file))
    return Reconciliation(tuple(summaries))
