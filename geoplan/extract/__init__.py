r"""Plan text → records: the items of its 专栏 boxes and every work its sentences name.

The public surface is small. Each function returns (or takes) a records table
that matches :mod:`geoplan.schema`; placement fields (``adcode``, ``lon`` …)
are left empty with ``precision = "unplaced"`` for :mod:`geoplan.locate`.

* :func:`extract_text` — one plan's text → a :class:`PlanExtraction`
  (records and the inventory of boxes read and left out);
* :func:`extract_plan` — the records alone;
* :func:`extract_file` — any plan file a planner brings (text in any encoding, .docx,
  PDF), registered or not: its records, what the plan is (read from its text where it
  says so) and the report of the reading, as a :class:`PlanExtraction`;
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
from geoplan.extract.detect import PlanGuess, detect_plan, plan_entry
from geoplan.extract.overrides import apply_overrides, load_overrides
from geoplan.extract.reading import PlanReport, plan_report
from geoplan.extract.records import PlanResult, extract_document, to_frame
from geoplan.extract.report import Reconciliation, summarize
from geoplan.extract.text import repair
from geoplan.extract.totals import load_totals

__all__ = [
    "PlanExtraction",
    "PlanReport",
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

    Attributes
    ----------
    plan
        The plan id its records cite.
    records
        A validated records table sorted by ``record_id``, unplaced
        (:func:`geoplan.records.place_extraction` places them).
    inventory
        Every box read or left out and why, every work left unread, every total
        the text states: what the reports are made from.
    info
        The plan as a registry entry (:class:`geoplan.plans.Plan`), for a file read
        by :func:`extract_file`: from ``data/plans.toml`` for a registered plan,
        else built from what its text says and what the caller gave (``period``
        is ``(0, 0)`` when neither says).
    source
        The file as read (:class:`geoplan.plans.PlanText`: format, encoding, and
        whether traditional script was converted), for :func:`extract_file`.
    guess
        What the text says about an unregistered plan
        (:class:`~geoplan.extract.detect.PlanGuess`), with what the caller gave in
        its place (its ``*_how`` then reads ``"given"``).
    """

    plan: str
    records: pd.DataFrame
    inventory: PlanResult
    info: plans.Plan | None = None
    source: plans.PlanText | None = None
    guess: PlanGuess | None = None

    @property
    def registered(self) -> bool:
        """Whether the file was recognised as a plan of ``data/plans.toml``."""
        return self.info is not None and self.guess is None

    @property
    def report(self) -> PlanReport:
        """Per section: the records, what was not read, what the text states in sum.

        ``report.empty_reason`` says why a reading found no record.
        """
        title = self.info.title if self.info is not None else ""
        file = self.source.name if self.source is not None else ""
        return plan_report(self.inventory, self.records, title=title, file=file)

    def summary(self) -> str:
        """Say in two lines how the file was read and what the plan is."""
        source = self.source
        first = f"plan {self.plan}: {len(self.records)} records"
        if source is not None:
            how = (
                source.format
                if source.encoding == source.format
                else (f"{source.format}, {source.encoding}")
            )
            how += ", traditional script read as simplified" if source.converted else ""
            first = f"read {source.name} ({how}): {len(source.lines)} lines"
        if self.guess is not None:
            return f"{first}\n{self.guess.message()}"
        title = f": {self.info.title} (data/plans.toml)" if self.info is not None else ""
        return f"{first}\nplan {self.plan}{title}"


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


def extract_file(
    source: str | Path | bytes,
    plan_id: str | None = None,
    *,
    name: str | None = None,
    title: str | None = None,
    region: str | None = None,
    period: str | tuple[int, int] | None = None,
) -> PlanExtraction:
    r"""Read any plan file and return its records, what the plan is, and the report.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload; give ``name`` then). Text in
        UTF-8, GBK/GB18030 or UTF-16, Word ``.docx``, or PDF with a text layer;
        traditional script is read as simplified (:func:`geoplan.plans.read_plan_file`).
    plan_id
        The id records cite. A plan of ``data/plans.toml`` (by id, or by its
        file's name) is read with its registry entry; any other file gets
        ``u`` and the first 8 hex digits of its text's SHA-1, so reading the same
        file again gives the same record ids.
    name
        The file's name, for bytes.
    title, region, period
        What the plan is, where its text does not say (or says otherwise):
        ``region`` a unit's name (``"金华市"``, ``"金东"``), ``period`` like
        ``"2021-2025"``. :attr:`PlanExtraction.guess` says what the text says.

    Raises
    ------
    PlanFileError
        If the file cannot be read (missing, unknown format or encoding, a PDF
        without text).
    UnknownNameError
        If ``region`` is not a Zhejiang unit.
    GeoplanError
        If ``plan_id`` cannot start a record id or ``period`` is not two years.

    Examples
    --------
    >>> notice = "关于印发《甲县2024年重点项目计划》的通知\n1. 东阳市人民医院迁建工程，总投资5亿元"
    >>> found = extract_file(notice.encode("gb18030"), name="notice.txt", region="东阳")
    >>> found.info.title, found.info.region, found.info.period, found.plan[:1]
    ('甲县2024年重点项目计划', '东阳市', (2024, 2024), 'u')
    >>> row = found.records.iloc[0]
    >>> str(row["name"]), float(row["investment_total"])
    ('东阳市人民医院迁建工程', 5.0)
    """
    text = plans.read_plan_file(source, name)
    registry = plans.read_plans()
    known = plan_id if plan_id in registry else _registered_id(text.name, registry)
    guess = None
    if known is not None and (plan_id is None or plan_id == known):
        info = registry[known]
    else:
        guess = detect_plan(text.lines)
        info, guess = plan_entry(text, guess, plan_id, title=title, region=region, period=period)
        _check_plan_id(info.id)
    found = extract_text(text.text, info.id)
    return PlanExtraction(info.id, found.records, found.inventory, info, text, guess)


def _registered_id(file: str, registry: Mapping[str, plans.Plan]) -> str | None:
    return next((p.id for p in registry.values() if p.file == file), None)


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
    corrected = apply_overrides(_concat([e.records for e in found]), mine)
    return [
        PlanExtraction(
            e.plan, corrected[corrected["plan"] == e.plan].reset_index(drop=True), e.inventory
        )
        for e in found
    ]


def extract_all(plans_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the records of all registered plans in one table, overrides applied."""
    return _concat([e.records for e in extract_registered(None, plans_dir)])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One records table of several, sorted by ``record_id``."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty()
    joined = pd.concat(frames, ignore_index=True)
    return schema.validate(joined.sort_values("record_id", ignore_index=True))


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
