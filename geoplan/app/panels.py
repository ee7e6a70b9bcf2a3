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

import base64
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from geoplan import query, schema
from geoplan.errors import GeoplanError, UnknownNameError

if TYPE_CHECKING:
    import altair as alt

    from geoplan.atlas import Atlas

__all__ = [
    "SUMMARY_BY",
    "box_choices",
    "member_bars",
    "options",
    "stated_table",
    "summary_table",
    "unit_choices",
    "vocabulary",
    "with_swatches",
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


def with_swatches(table: pd.DataFrame, colors: Mapping[str, str]) -> pd.DataFrame:
    """Return a summary table with a first column ``颜色``: each member's map colour.

    The swatch is a small SVG as a ``data:`` URL (an image column of the
    app's table); with no colours the table is returned as it is.

    Examples
    --------
    >>> table = pd.DataFrame({"项目数": [3]}, index=pd.Index(["柯城区"], name="格局成员"))
    >>> with_swatches(table, {"柯城区": "#0072B2"})["颜色"].iloc[0][:26]
    'data:image/svg+xml;base64,'
    """
    if not colors:
        return table
    swatches = [_swatch(colors[str(m)]) if str(m) in colors else None for m in table.index]
    return table.assign(颜色=swatches)[["颜色", *table.columns]]


def member_bars(table: pd.DataFrame, metric: str, colors: Mapping[str, str]) -> alt.Chart:
    """Return a horizontal bar chart of one column by member, each bar in its member's colour."""
    import altair as alt  # noqa: PLC0415 - tens of MB, only when the comparison tab shows a chart

    name = str(table.index.name or "名称")
    data = table[[metric]].rename_axis(name).reset_index()
    scale = alt.Scale(domain=list(colors), range=list(colors.values()))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{metric}:Q", title=metric),
            y=alt.Y(f"{name}:N", sort=None, title=None),
            color=alt.Color(f"{name}:N", scale=scale, legend=None),
            tooltip=[name, metric],
        )
        .properties(height=320)
    )


def _swatch(color: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="14">'
        f'<rect x="1" y="1" width="22" height="12" fill="{color}" fill-opacity="0.35" '
        f'stroke="{color}" stroke-width="2"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


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
