"""What the app's panels offer and show, from the data: widget choices and comparison tables.

The choices are labels by id (Chinese labels, ids as in :class:`geoplan.app.view.View`);
the tables have Chinese headings. Nothing here knows about Streamlit.

Examples
--------
>>> import geoplan
>>> atlas = geoplan.load()
>>> vocabulary(atlas)["kinds"]
{'project': '项目', 'platform': '平台', 'other': '其他'}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from geoplan import query, schema
from geoplan.errors import GeoplanError, UnknownNameError

if TYPE_CHECKING:
    from geoplan.atlas import Atlas

__all__ = [
    "SUMMARY_BY",
    "box_choices",
    "options",
    "stated_table",
    "summary_table",
    "unit_choices",
    "vocabulary",
    "year_span",
]

#: What the summary panel compares: members of the grouping, counties or cities.
SUMMARY_BY = ("member", "county", "city")


def vocabulary(atlas: Atlas) -> dict[str, Any]:
    """Return what the app's choice widgets can offer, from the data: labels by id.

    Keys are those of :meth:`View.to_form` that are choices (``plans``, ``grouping``,
    ``layers``, ``kinds``, ``boxes``, ``units``, ``precisions``), plus
    ``grouping_plan`` (grouping id → plan id) and ``years`` (:func:`year_span`).
    """
    records, layers = atlas.records, atlas.layers()
    titles = dict(zip(layers["id"], layers["title"], strict=True))
    groupings = layers.loc[layers["kind"] == "grouping", "id"]
    return {
        "plans": {p: plan.title for p, plan in atlas.plans.items()},
        "grouping": {"none": "（不显示空间格局）"} | {g: titles[g] for g in groupings},
        "grouping_plan": dict(zip(layers["id"], layers["plan"], strict=True)),
        "layers": {i: titles[i] for i in layers.loc[layers["kind"] == "records", "id"]},
        "kinds": {k: schema.value_label("kind", k) for k in schema.KINDS},
        "boxes": box_choices(records, atlas),
        "units": unit_choices(records, atlas),
        "precisions": {p: schema.value_label("precision", p) for p in schema.PRECISIONS},
        "years": year_span(records),
    }


def options(
    known: Mapping[str, Any], atlas: Atlas, *, plans: Sequence[str], grouping: str | None
) -> dict[str, Any]:
    """Return the choices offered given the plans and grouping chosen.

    Groupings of the chosen plans (all when none is chosen, and always the current
    one), and the members of the current grouping (``None``: no grouping).
    """
    offered = dict(known)
    offered["grouping"] = {
        g: title
        for g, title in known["grouping"].items()
        if g in {"none", grouping} or not plans or known["grouping_plan"][g] in plans
    }
    members = atlas.grouping(grouping)["member"] if grouping is not None else []
    offered["members"] = {m: m for m in members}
    return offered


def summary_table(
    records: pd.DataFrame, atlas: Atlas, *, by: str, grouping: str | None
) -> pd.DataFrame:
    """Return the records' totals by grouping member, county or city, with Chinese headings.

    The index is named for what is compared (格局成员, 区县, 地市).

    Raises
    ------
    UnknownNameError
        If ``by`` is not one of :data:`SUMMARY_BY`.
    GeoplanError
        If ``by`` is ``"member"`` without a grouping.
    """
    if by == "member":
        if grouping is None:
            msg = "a summary by member needs a grouping"
            raise GeoplanError(msg)
        members = atlas.grouping(grouping)
        table = query.summarize_by_member(records, members, atlas.gazetteer.units)
        label = "格局成员"
    elif by in SUMMARY_BY:
        table = query.summarize_by_unit(records, atlas.gazetteer.units, level=by)
        label = "区县" if by == "county" else "地市"
    else:
        msg = f"by must be one of {list(SUMMARY_BY)}, got {by!r}"
        raise UnknownNameError(msg)
    out = table.rename(columns=query.TOTAL_COLUMNS | query.EXTRA_COLUMNS).rename_axis(label)
    out.attrs = dict(table.attrs)
    return out


def stated_table(atlas: Atlas, plans: Sequence[str] = ()) -> pd.DataFrame:
    """Return the totals the plans state (``data/plan_totals.toml``) beside the extracted sums.

    Extracted sums are over all the atlas's records, not a selection: they say
    how complete extraction is. Headings are Chinese; plans by their short names.
    """
    from geoplan.extract.totals import load_totals  # noqa: PLC0415 - only this table needs it

    stated = [t for t in load_totals() if not plans or t.plan in plans]
    table = query.stated_totals(atlas.records, stated)
    table["plan"] = [atlas.plans[p].short if p in atlas.plans else p for p in table["plan"]]
    return table.rename(columns=query.STATED_COLUMNS)


def box_choices(records: pd.DataFrame, atlas: Atlas) -> dict[str, str]:
    """Return the boxes records come from, as ``"<plan>:<box>"`` → label, in plan order."""
    boxes = records.drop_duplicates(["plan", "box"]).sort_values(["plan", "line_start"])
    plans = atlas.plans
    return {
        f"{p}:{b}": f"{plans[p].short if p in plans else p}｜{b or '正文'} {t}".strip()
        for p, b, t in zip(boxes["plan"], boxes["box"], boxes["box_title"], strict=True)
    }


def unit_choices(records: pd.DataFrame, atlas: Atlas) -> dict[str, str]:
    """Return the units records are placed in, and their cities, as adcode → name."""
    units = atlas.gazetteer.units
    placed = set(records["adcode"]) & set(units.index)
    cities = {str(units.loc[a, "parent_adcode"]) for a in placed}
    chosen = sorted(placed | (cities & set(units.loc[units["level"] == "city"].index)))
    return {
        a: str(units.loc[a, "name"]) + ("（全市）" if units.loc[a, "level"] == "city" else "")
        for a in chosen
    }


def year_span(records: pd.DataFrame) -> tuple[int, int] | None:
    """Return the first and last year of the records' periods (``None``: fewer than two years)."""
    years = pd.concat([records["period_start"], records["period_end"]]).dropna()
    if len(years) == 0 or years.min() == years.max():
        return None
    return int(years.min()), int(years.max())
