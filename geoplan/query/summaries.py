"""Summaries that add up: totals by member, county or city, and the plans' own totals.

Every summary ends with a row counting each record once and states in
``table.attrs["note"]`` (Chinese) whether its rows overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np
import pandas as pd

from geoplan.errors import UnknownNameError
from geoplan.query.inside import records_in_member, records_in_units

__all__ = [
    "ALSO_IN_COLUMN",
    "EXTRA_COLUMNS",
    "GROUPING_LABEL",
    "STATED_COLUMNS",
    "TOTAL_COLUMNS",
    "TOTAL_LABEL",
    "UNASSIGNED_LABEL",
    "UNPLACED_LABEL",
    "stated_totals",
    "summarize",
    "summarize_by_member",
    "summarize_by_unit",
    "totals",
]

#: Column of :func:`summarize_by_member`: other members that contain a row's records.
#: Column of :func:`summarize_by_member`: other members that contain a row's records.
ALSO_IN_COLUMN = "also_in"
#: The totals every summary reports, with their Chinese headings.
TOTAL_COLUMNS: dict[str, str] = {
    "records": "项目数",
    "investment_total": "总投资(亿元)",
    "investment_period": "规划期投资(亿元)",
    "land_area_km2": "用地面积(km²)",
    "with_investment": "有投资额的项目数",
    "with_land_area": "有用地面积的项目数",
}
#: Chinese headings of the columns some summaries add to :data:`TOTAL_COLUMNS`.
EXTRA_COLUMNS: dict[str, str] = {"also_in": "亦位于其他成员（项目数）"}
#: Row labels of the rows every summary ends with.
GROUPING_LABEL = "全格局合计（每项只计一次）"
TOTAL_LABEL = "合计"
UNASSIGNED_LABEL = "未归入单一成员"


def totals(records: pd.DataFrame) -> dict[str, float]:
    """Return count, investment sums (亿元) and documented land area (km²) of records.

    Sums skip records that do not state the figure; the ``with_*`` counts say
    how many did, so a reader can tell a small sum from a sparse one.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"investment_total": [9.0, float("nan")],
    ...                       "investment_period": [9.0, 1.5],
    ...                       "land_area_m2": [36022.0, float("nan")]})
    >>> totals(frame)["investment_total"], totals(frame)["with_investment"]
    (9.0, 1)
    """
    return {
        "records": len(records),
        "investment_total": float(records["investment_total"].sum(min_count=0)),
        "investment_period": float(records["investment_period"].sum(min_count=0)),
        "land_area_km2": float(records["land_area_m2"].sum(min_count=0)) / 1e6,
        "with_investment": int(records["investment_total"].notna().sum()),
        "with_land_area": int(records["land_area_m2"].notna().sum()),
    }


def summarize(groups: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return one row of :func:`totals` per group (member, county …), in the given order."""
    rows = {name: totals(frame) for name, frame in groups.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(TOTAL_COLUMNS))
    for column in ("records", "with_investment", "with_land_area"):
        table[column] = table[column].astype("int64")
    return table


# ----------------------------------------------------------------------------- comparing


def summarize_by_member(
    records: pd.DataFrame, members: pd.DataFrame, units: pd.DataFrame
) -> pd.DataFrame:
    """Return :func:`totals` of records per member of a grouping, adding up to the whole.

    Members may overlap (杭州 lies in 杭绍嘉湖; 智造新城 in 柯城区 and 衢江区), so a
    record is counted once, under one member, by a documented rule: the member
    whose text the record names (a ``within`` member it names, e.g. a new town)
    first, then the smallest member it is placed in (a core before its circle);
    on a tie, the member listed first. A record only possibly in a ``within``
    member (it lies in the same units but does not name it) is not assigned
    to it. Then:

    * ``亦位于其他成员`` says, per member row, how many of its records other
      members also contain;
    * a row :data:`UNASSIGNED_LABEL` holds the records inside the grouping that
      no member takes (placed only at a city the members cover together);
    * the last row, :data:`GROUPING_LABEL`, counts each record of the grouping once.

    ``table.attrs["note"]`` states the rule and the overlap in Chinese, for the
    app and downloads.

    Parameters
    ----------
    records
        Records (schema columns), e.g. a filtered selection.
    members
        The grouping's rows (:func:`geoplan.layers.build_grouping`), in layer order.
    units
        The unit table, indexed by adcode.
    """
    hits = []
    for order, (_, row) in enumerate(members.iterrows()):
        found = records_in_member(records, row, units)[["record_id", "match"]]
        area = row["area_km2"] if pd.notna(row["area_km2"]) else np.inf
        hits.append(found.assign(member=str(row["member"]), area=area, order=order))
    matched = (
        pd.concat(hits, ignore_index=True)
        if hits
        else pd.DataFrame(columns=["record_id", "match", "member", "area", "order"])
    )
    adcodes = {a for codes in members["adcodes"] for a in str(codes).split(";")}
    in_grouping = set(matched["record_id"]) | set(
        records_in_units(records, adcodes, units)["record_id"]
    )
    claims = matched[matched["match"] != "containing unit"].assign(
        rank=lambda t: (t["match"] != "named").astype(int)
    )
    owner = claims.sort_values(["rank", "area", "order"], kind="stable").drop_duplicates(
        "record_id"
    )
    owner_of = dict(zip(owner["record_id"], owner["member"], strict=True))
    by_id = records.set_index("record_id", drop=False)
    groups: dict[str, pd.DataFrame] = {}
    also: dict[str, str] = {}
    for name in members["member"].astype(str):
        mine = [r for r, m in owner_of.items() if m == name]
        groups[name] = by_id.loc[sorted(mine)]
        others = matched[matched["record_id"].isin(mine) & (matched["member"] != name)]
        counts = others.drop_duplicates(["record_id", "member"])["member"].value_counts()
        also[name] = "；".join(f"{m} {n}" for m, n in counts.items())
    unassigned = sorted(in_grouping - set(owner_of))
    if unassigned:
        groups[UNASSIGNED_LABEL] = by_id.loc[unassigned]
    groups[GROUPING_LABEL] = by_id.loc[sorted(in_grouping)]
    table = summarize(groups)
    table[ALSO_IN_COLUMN] = [also.get(str(name), "") for name in table.index]
    overlapping = int(matched[matched["record_id"].isin(owner_of)]["record_id"].duplicated().sum())
    table.attrs["note"] = (
        (
            "成员范围相互重叠：每个项目只计入一个成员（先计入其文字点名的成员，如新城；"
            "再计入其所在范围最小的成员，如核心城市先于所在经济圈），"
            f"另有 {overlapping} 项次同时位于其他成员范围内，见“亦位于其他成员”列。"
            if overlapping
            else "各成员范围互不重叠，每个项目只计入一个成员。"
        )
        + (
            f"{len(unassigned)} 个项目位于本格局范围内但无法归入单一成员（如仅定位到地市），"
            f"单列为“{UNASSIGNED_LABEL}”。"
            if unassigned
            else ""
        )
        + f"末行“{GROUPING_LABEL}”为本格局范围内的全部项目，每项只计一次。"
    )
    return table


#: Row label of records :func:`summarize_by_unit` cannot put in a unit.
UNPLACED_LABEL = "未定位"


def summarize_by_unit(
    records: pd.DataFrame, units: pd.DataFrame, level: str = "county"
) -> pd.DataFrame:
    """Return :func:`totals` of records per county-level unit or per city, by adcode order.

    Parameters
    ----------
    records
        Records with their ``adcode``.
    units
        The unit table (``name``, ``level``, ``parent_adcode``), indexed by adcode.
    level
        ``"county"``: records placed only in a city form a row "<city>（市级）";
        ``"city"``: counties roll up into their city. The rows never overlap;
        the last, :data:`TOTAL_LABEL`, holds every record
        (``table.attrs["note"]`` says so in Chinese).

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"name": ["衢州市", "柯城区"], "level": ["city", "county"],
    ...                       "parent_adcode": ["330000", "330800"]},
    ...                      index=["330800", "330802"])
    >>> recs = pd.DataFrame({"adcode": ["330802", "330800", ""],
    ...                      "investment_total": [3.0, 1.0, 2.0],
    ...                      "investment_period": [1.0, 1.0, 1.0],
    ...                      "land_area_m2": [1e6, None, None]})
    >>> summarize_by_unit(recs, units)["records"].to_dict()
    {'衢州市（市级）': 1, '柯城区': 1, '未定位': 1, '合计': 3}
    >>> summarize_by_unit(recs, units, level="city")["investment_total"].to_dict()
    {'衢州市': 4.0, '未定位': 2.0, '合计': 6.0}
    """
    if level not in {"county", "city"}:
        msg = f"level must be 'county' or 'city', got {level!r}"
        raise UnknownNameError(msg)
    adcodes = records["adcode"].astype(str)
    if level == "city":
        parents = units["parent_adcode"].where(units["level"] == "county", units.index.to_series())
        adcodes = adcodes.map(parents).fillna("")
    groups = {}
    for adcode in sorted(set(adcodes) - {""}):
        name = str(units.loc[adcode, "name"]) if adcode in units.index else adcode
        if level == "county" and adcode in units.index and units.loc[adcode, "level"] == "city":
            name += "（市级）"
        groups[name] = records[adcodes == adcode]
    if (adcodes == "").any():
        groups[UNPLACED_LABEL] = records[adcodes == ""]
    groups[TOTAL_LABEL] = records
    table = summarize(groups)
    table.attrs["note"] = (
        "每个项目只计入一行（其所在区县；仅定位到地市的项目计入“（市级）”行），"
        if level == "county"
        else "每个项目只计入其所在地市一行，"
    ) + f"各行互不重叠，末行“{TOTAL_LABEL}”为全部项目。"
    return table


class _Stated(Protocol):
    """A total a plan states (read-only, as :class:`geoplan.extract.totals.PlanTotal`)."""

    @property
    def plan(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def count(self) -> int | None: ...
    @property
    def investment_total(self) -> float | None: ...
    @property
    def investment_period(self) -> float | None: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def scope(self) -> tuple[str, ...]: ...
    @property
    def explain(self) -> str: ...


#: Columns of :func:`stated_totals`, with their Chinese headings.
STATED_COLUMNS: dict[str, str] = {
    "plan": "规划",
    "line": "原文行",
    "label": "口径",
    "count_stated": "规划所述项目数",
    "count_found": "提取项目数",
    "investment_total_stated": "规划所述总投资(亿元)",
    "investment_total_found": "提取总投资(亿元)",
    "investment_period_stated": "规划所述规划期投资(亿元)",
    "investment_period_found": "提取规划期投资(亿元)",
    "note": "说明",
}


def stated_totals(records: pd.DataFrame, stated: Iterable[_Stated]) -> pd.DataFrame:
    """Put the totals plans state about their projects beside the sums of the records.

    A statement covers the records whose ``record_id`` starts with one of its
    ``scope`` prefixes; a statement whose items the plan does not name has
    nothing to compare (the ``found`` columns are empty).
    """
    rows = []
    for total in stated:
        row: dict[str, Any] = {
            "plan": total.plan,
            "line": total.line,
            "label": total.label,
            "count_stated": total.count,
            "investment_total_stated": total.investment_total,
            "investment_period_stated": total.investment_period,
            "note": "；".join(t for t in ("约数" if total.approximate else "", total.explain) if t),
        }
        if total.scope:
            covered = records[records["record_id"].str.startswith(tuple(total.scope))]
            found = totals(covered)
            row |= {
                "count_found": found["records"],
                "investment_total_found": found["investment_total"],
                "investment_period_found": found["investment_period"],
            }
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(STATED_COLUMNS))
    for column in ("count_stated", "count_found"):
        table[column] = table[column].astype("Int64")
    return table
