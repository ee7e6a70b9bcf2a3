r"""A planner's own plans: read, placed, and kept in the user store beside the shipped five.

A plan file a planner brings (:func:`geoplan.extract.extract_file`) becomes
theirs to keep with :func:`save_plan`: its records are placed
(:func:`geoplan.records.place_extraction`) and the plan, its text and its
records go into the user store (:mod:`geoplan.store`, ``GEOPLAN_USER_DIR``) in
one transaction. From then on the plan is in the registry
(``plans.read_plans(store=…)``, :attr:`geoplan.Atlas.plans`) and its records
are among :attr:`geoplan.Atlas.records`, in the app, the CLI and Python alike,
until :func:`remove_plan` takes it out again. Nothing is saved from a reading
that found no record, or whose title, region or period is not known.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from geoplan.extract import extract_file
>>> from geoplan.store import Store
>>> store = Store(Path(tempfile.mkdtemp()) / "geoplan.sqlite")
>>> text = "金华市金东区2024年重点项目计划\n1. 金东区人民医院迁建工程，总投资5亿元。"
>>> found = extract_file(text.encode("utf-8"), name="计划.txt")
>>> saved = save_plan(found, store=store, author="王工")
>>> saved.plan.title, saved.plan.period, len(saved.records), saved.change.action
('金华市金东区2024年重点项目计划', (2024, 2024), 1, 'add')
>>> remove_plan(saved.plan.id, store=store, author="王工").action
'remove'
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from geoplan import plans, records, schema
from geoplan.errors import GeoplanError
from geoplan.store import PlanChange, Store
from geoplan.surveyed import default_author

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction
    from geoplan.locate import Locator

__all__ = ["MAX_PLAN_BYTES", "SavedPlan", "remove_plan", "save_plan"]

#: Largest plan file read from an upload: a whole 纲要 as .docx is a few MB.
MAX_PLAN_BYTES = 30 * 2**20

_FLAGS = {"title": "--title", "region": "--region (e.g. 金华市)", "period": "--period 2021-2025"}


@dataclass(frozen=True, slots=True)
class SavedPlan:
    """A plan kept in the user store: its registry entry, its placed records, the change."""

    plan: plans.Plan
    records: gpd.GeoDataFrame
    change: PlanChange


def save_plan(
    found: PlanExtraction,
    *,
    store: Store | None = None,
    author: str | None = None,
    replace: bool = False,
    locator: Locator | None = None,
) -> SavedPlan:
    """Place a plan file's records and keep the plan in the user store.

    Parameters
    ----------
    found
        The reading of the file (:func:`geoplan.extract.extract_file`), with
        its title, region and period known (from its text or given).
    store
        The user store (default: ``GEOPLAN_USER_DIR``'s).
    author
        Who keeps it (default: the login name).
    replace
        Replace the plan if it is kept already (the same text gives the same id).
    locator
        A :class:`geoplan.locate.Locator` to reuse (loading one takes a while).

    Raises
    ------
    GeoplanError
        If the file is a shipped plan, the reading found no record (saying why),
        or the plan's title, region or period is not known (naming what to give).
    DuplicatePlanError
        If it is kept already and ``replace`` is false.
    """
    info = _checked(found)
    placed = records.place_extraction(found, locator)
    source = found.source
    text = source.text if source is not None else ""
    original = source.original if source is not None and source.converted else None
    read_as = (
        {"name": source.name, "encoding": source.encoding, "format": source.format,
         "converted": source.converted}
        if source is not None else {}
    )  # fmt: skip
    entry = {
        "file": info.file, "title": info.title, "short": info.short, "level": info.level,
        "region": info.region, "period_start": info.period[0], "period_end": info.period[1],
        "issuer": info.issuer, "issued": info.issued, "doc_number": info.doc_number,
        "source": info.source,
    }  # fmt: skip
    change = (store or Store()).plans.add(
        info.id, entry, text=text, original=original, read_as=read_as,
        records=_rows(placed), author=author or default_author(), replace=replace,
    )  # fmt: skip
    return SavedPlan(info, placed, change)


def remove_plan(
    plan_id: str, *, store: Store | None = None, author: str | None = None
) -> PlanChange:
    """Remove an uploaded plan and its records from the user store.

    Raises
    ------
    UnknownNameError
        If no uploaded plan has that id (a shipped plan cannot be removed).
    """
    return (store or Store()).plans.remove(plan_id, author=author or default_author())


def _checked(found: PlanExtraction) -> plans.Plan:
    """Return the plan's registry entry, or say why it cannot be kept."""
    name = found.source.name if found.source is not None else found.plan
    if found.registered or found.info is None or found.plan in plans.read_plans():
        msg = (
            f"{name} is the shipped plan {found.plan} (data/plans.toml): its records are "
            "in data/records/ already; nothing to save"
        )
        raise GeoplanError(msg)
    if found.records.empty:
        msg = f"nothing to save from {name}: {found.report.empty_reason}"
        raise GeoplanError(msg)
    missing = found.guess.missing if found.guess is not None else ()
    if missing:
        wanted = ", ".join(_FLAGS[m] for m in missing)
        msg = (
            f"the text of {name} does not say the plan's {', '.join(missing)}; give "
            f"{wanted} so that its records can be placed and cited"
        )
        raise GeoplanError(msg)
    return found.info


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return records as JSON-able dicts of the schema's fields (``None`` where missing)."""
    out = []
    for row in pd.DataFrame(frame[schema.COLUMNS]).to_dict("records"):
        out.append({k: _plain(v) for k, v in row.items()})
    json.dumps(out, ensure_ascii=False)  # fails here, not in the store, if one is not
    return out


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value
