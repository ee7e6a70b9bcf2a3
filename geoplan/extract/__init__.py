r"""Plan text → records: the items of its 专栏 boxes and every work its sentences name.

The public surface is six functions. Each returns (or takes) a records table
that matches :mod:`geoplan.schema`; placement fields (``adcode``, ``lon`` …)
are left empty with ``precision = "unplaced"`` for :mod:`geoplan.locate`.

* :func:`extract_plan` — records of one plan's text;
* :func:`extract_file` — any plan file a planner brings (text in any encoding, .docx,
  PDF), registered or not: its records, what the plan is (read from its text where it
  says so) and the report of the reading, as a :class:`PlanExtraction`;
* :func:`extract_all` — all five plans, with ``data/records/overrides.toml`` applied;
* :func:`reconcile` — the report of boxes, fields, sums and plan-stated totals;
* :func:`write_records` — one ``<plan>.csv`` per plan, deterministic.

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

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from geoplan import schema
from geoplan.errors import GeoplanError
from geoplan.extract.detect import PlanGuess, detect_plan, resolve_region
from geoplan.extract.numbers import parse_period
from geoplan.extract.overrides import apply_overrides, load_overrides
from geoplan.extract.reading import PlanReport, plan_report
from geoplan.extract.records import PlanResult, extract_document, to_frame
from geoplan.extract.report import Reconciliation, summarize
from geoplan.extract.sources import load_plans, read_plan, resolve_seeds
from geoplan.extract.text import repair
from geoplan.extract.totals import load_totals
from geoplan.plans import Plan, PlanText, read_plan_file, read_plans

__all__ = [
    "PlanExtraction",
    "PlanReport",
    "Reconciliation",
    "extract_all",
    "extract_file",
    "extract_plan",
    "reconcile",
    "write_records",
]

_PLAN_ID = re.compile(r"[0-9A-Za-z_]{1,20}")


def _check_plan_id(plan_id: object) -> str:
    if not isinstance(plan_id, str) or not _PLAN_ID.fullmatch(plan_id):
        msg = (
            f"plan id must be 1–20 letters, digits or '_' (it starts every record_id), "
            f"got {plan_id!r}; the five plans are {', '.join(load_plans())}"
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


def extract_plan(text: str, plan_id: str) -> pd.DataFrame:
    """Return the records of one plan's text, validated by :func:`geoplan.schema.validate`.

    Parameters
    ----------
    text
        The whole plan as text (UTF-8 decoded); line numbers in the records
        are 1-based lines of this text.
    plan_id
        The id records cite, e.g. ``"001"``; the five plans' ids are the keys
        of ``data/plans.toml``, whose box decisions apply only to their text.

    Returns
    -------
    pandas.DataFrame
        One row per record, sorted by ``record_id``. No overrides are applied.

    Raises
    ------
    GeoplanError
        If ``plan_id`` cannot start a record id.
    TypeError
        If ``text`` is not a string.
    """
    return to_frame(_result(text, plan_id).records)


@dataclass(frozen=True, slots=True)
class PlanExtraction:
    """One plan file read: what the plan is, its records, and the report of the reading.

    Attributes
    ----------
    plan
        The plan as a registry entry (:class:`geoplan.plans.Plan`): from
        ``data/plans.toml`` for the five plans, else built from what the text
        says and what the caller gave. ``period`` is ``(0, 0)`` when neither says.
    source
        The file as read (:class:`geoplan.plans.PlanText`): format, encoding, and
        whether traditional script was converted.
    guess
        What the text says about the plan (:class:`~geoplan.extract.detect.PlanGuess`),
        with what the caller gave in its place (its ``*_how`` then reads ``"given"``);
        ``None`` for a registered plan.
    records
        The records, unplaced (:func:`geoplan.records.place_extraction` places them).
    report
        :class:`~geoplan.extract.reading.PlanReport`: per section, the records,
        what was not read and what the text states in sum; ``empty_reason`` says
        why no record was found.
    """

    plan: Plan
    source: PlanText
    guess: PlanGuess | None
    records: pd.DataFrame
    report: PlanReport

    @property
    def registered(self) -> bool:
        """Whether the plan is one of ``data/plans.toml``."""
        return self.guess is None

    def summary(self) -> str:
        """Say in two lines how the file was read and what the plan is."""
        source = self.source
        how = f"{source.format}, {source.encoding}" + (
            ", traditional script read as simplified" if source.converted else ""
        )
        first = f"read {source.name} ({how}): {len(source.lines)} lines"
        if source.encoding == source.format:  # docx, pdf
            first = first.replace(f"{source.format}, {source.encoding}", source.format)
        if self.guess is None:
            return f"{first}\nplan {self.plan.id}: {self.plan.title} (data/plans.toml)"
        return f"{first}\n{self.guess.message()}"


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
        traditional script is read as simplified.
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
    >>> found.plan.title, found.plan.region, found.plan.period, found.plan.id[:1]
    ('甲县2024年重点项目计划', '东阳市', (2024, 2024), 'u')
    >>> row = found.records.iloc[0]
    >>> str(row["name"]), float(row["investment_total"])
    ('东阳市人民医院迁建工程', 5.0)
    """
    text = read_plan_file(source, name)
    registry = read_plans()
    known = plan_id if plan_id in registry else _registered_id(text.name, registry)
    if known is not None and (plan_id is None or plan_id == known):
        plan, guess = registry[known], None
    else:
        guess = detect_plan(text.lines)
        plan = _plan_of(text, guess, plan_id, title=title, region=region, period=period)
        guess = _given(guess, plan, title=title, region=region, period=period)
    result = _result(text.text, plan.id)
    frame = to_frame(result.records)
    report = plan_report(result, frame, title=plan.title, file=text.name)
    return PlanExtraction(plan, text, guess, frame, report)


def _registered_id(file: str, registry: Mapping[str, Plan]) -> str | None:
    return next((p.id for p in registry.values() if p.file == file), None)


def _plan_of(
    text: PlanText,
    guess: PlanGuess,
    plan_id: str | None,
    *,
    title: str | None,
    region: str | None,
    period: str | tuple[int, int] | None,
) -> Plan:
    """Return the registry entry of a plan that is not in ``data/plans.toml``."""
    digest = hashlib.sha1(text.text.encode("utf-8"), usedforsecurity=False).hexdigest()
    ident = _check_plan_id(plan_id or f"u{digest[:8]}")
    name = title or guess.title or Path(text.name).stem
    if region is not None:
        unit, _adcode, level = resolve_region(region)
    else:
        unit, level = guess.region, guess.level
    if isinstance(period, str):
        found = parse_period(period)
        years = (found.start, found.end)
    else:
        years = period or guess.period or (0, 0)
    return Plan(ident, text.name, name, name[:16], level, unit, years)


def _given(guess: PlanGuess, plan: Plan, **given: object) -> PlanGuess:
    """Return ``guess`` with what the caller gave in place of what the text says."""
    if given["title"]:
        guess = replace(guess, title=plan.title, title_line=None, title_how="given")
    if given["region"]:
        unit, adcode, level = resolve_region(plan.region)
        guess = replace(guess, region=unit, adcode=adcode, level=level, region_how="given")
    if given["period"]:
        guess = replace(guess, period=plan.period, period_how="given")
    return guess


def extract_all(seeds_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the records of all plans in ``data/plans.toml``, overrides applied.

    Parameters
    ----------
    seeds_dir
        Folder holding the plan files; default :func:`geoplan._paths.seeds_dir`.

    Raises
    ------
    DataFileError
        If the folder or a plan file is missing, or an override does not fit.
    """
    folder = resolve_seeds(seeds_dir)
    results = [_result(read_plan(folder / i.file), i.plan) for i in load_plans().values()]
    frame = to_frame(r for result in results for r in result.records)
    return apply_overrides(frame, load_overrides())


def reconcile(
    frame: pd.DataFrame,
    seeds_dir: str | Path | None = None,
    *,
    texts: Mapping[str, str] | None = None,
) -> Reconciliation:
    """Compare records with the plans: boxes, fields, sums and stated totals.

    The plans' texts (from ``seeds_dir``, default :func:`geoplan._paths.seeds_dir`)
    give the box inventory, including the boxes left out and why; without
    them the report covers only the records and the stated totals.

    Parameters
    ----------
    frame
        Records of one or more plans.
    seeds_dir
        Folder holding the plan files named in ``data/plans.toml``.
    texts
        Plan texts by plan id, for plans not in ``data/plans.toml`` (or to
        use instead of the files).

    Raises
    ------
    SchemaError
        If ``frame`` is not a records table.
    DataFileError
        If ``seeds_dir`` is given but is not a folder.
    """
    schema.validate(frame)
    folder = resolve_seeds(seeds_dir) if seeds_dir is not None else _default_seeds()
    plans = load_plans()
    totals = load_totals()
    summaries = []
    for plan in sorted(frame["plan"].unique()):
        info = plans.get(plan)
        result = None
        if texts is not None and plan in texts:
            result = _result(texts[plan], plan)
        elif info is not None and folder is not None and (folder / info.file).is_file():
            result = _result(read_plan(folder / info.file), plan)
        rows = frame[frame["plan"] == plan]
        mine = [t for t in totals if t.plan == plan]
        title, file = (info.title, info.file) if info else ("(not in data/plans.toml)", "text")
        summaries.append(summarize(rows, result, mine, title, file))
    return Reconciliation(tuple(summaries))


def _default_seeds() -> Path | None:
    try:
        return resolve_seeds(None)
    except GeoplanError:
        return None


def write_records(frame: pd.DataFrame, out_dir: str | Path) -> list[Path]:
    """Write one ``<out_dir>/<plan>.csv`` per plan with :func:`geoplan.schema.to_csv`.

    Returns the paths written, in plan order. The output is deterministic:
    the same records give the same bytes.

    Raises
    ------
    SchemaError
        If ``frame`` is not a records table.
    """
    schema.validate(frame)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for plan in sorted(frame["plan"].unique()):
        path = folder / f"{plan}.csv"
        schema.to_csv(frame[frame["plan"] == plan], path)
        paths.append(path)
    return paths
