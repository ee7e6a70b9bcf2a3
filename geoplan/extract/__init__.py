r"""Plan text → records: the 专栏 boxes and listed platforms of the five plans.

The public surface is five functions. Each returns (or takes) a records table
that matches :mod:`geoplan.schema`; placement fields (``adcode``, ``lon`` …)
are left empty with ``precision = "unplaced"`` for :mod:`geoplan.locate`.

* :func:`extract_plan` — records of one plan's text;
* :func:`extract_file` — the same from a file (plan id from ``data/plans.toml``);
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

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from geoplan import schema
from geoplan.errors import GeoplanError
from geoplan.extract.overrides import apply_overrides, load_overrides
from geoplan.extract.records import PlanResult, extract_document, to_frame
from geoplan.extract.report import Reconciliation, summarize
from geoplan.extract.sources import load_plans, plan_id_for, read_plan, resolve_seeds
from geoplan.extract.text import repair
from geoplan.extract.totals import load_totals

__all__ = [
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
    plan = plan_id if plan_id is not None else plan_id_for(path)
    return extract_plan(read_plan(path), plan)


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
    frames = [extract_file(folder / info.file, info.plan) for info in load_plans().values()]
    frame = to_frame(r for f in frames for r in f.to_dict("records"))
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
