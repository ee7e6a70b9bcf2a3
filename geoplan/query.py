"""Spatial queries and summaries over records, units and grouping members.

Records placed only at county or city precision sit on stand-in points, so
"is this record in that member?" is answered from the unit a record is placed
in (its ``adcode``), not from where its stand-in point happens to fall. Only
records placed more precisely than their county could be tested by point; for
them both answers agree because members are unions of whole counties.

Every function takes and returns (Geo)DataFrames; none draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geoplan import crs, schema
from geoplan.boundaries import counties_of

if TYPE_CHECKING:
    from geoplan.atlas import Atlas

__all__ = [
    "STATED_COLUMNS",
    "TOTAL_COLUMNS",
    "UNPLACED_LABEL",
    "RecordFilter",
    "filter_records",
    "nearby",
    "records_in_units",
    "stated_totals",
    "summarize",
    "summarize_by_member",
    "summarize_by_unit",
    "totals",
    "unit_at",
]

#: The totals every summary reports, with their Chinese headings.
TOTAL_COLUMNS: dict[str, str] = {
    "records": "项目数",
    "investment_total": "总投资(亿元)",
    "investment_period": "规划期投资(亿元)",
    "land_area_km2": "用地面积(km²)",
    "with_investment": "有投资额的项目数",
    "with_land_area": "有用地面积的项目数",
}


def records_in_units(
    records: pd.DataFrame, adcodes: Iterable[str], units: pd.DataFrame
) -> pd.DataFrame:
    """Return the records placed in any of the given units.

    Parameters
    ----------
    records
        Placed records (schema columns).
    adcodes
        Unit adcodes; a city stands for all its counties, the province for all.
    units
        The unit table (``parent_adcode``, ``level``), indexed by adcode.

    Notes
    -----
    A record placed only at city precision is inside when the units cover the
    whole city; when they cover part of it, whether the record is inside is not
    known, and it is left out. A work spanning several counties (its ``adcodes``,
    e.g. a road between two counties' towns) is inside each of them.
    """
    counties = units[units["level"] == "county"]
    wanted = {county for adcode in adcodes for county in counties_of(units, adcode)}
    whole_cities = {
        city for city, group in counties.groupby("parent_adcode") if set(group.index) <= wanted
    }
    mask = records["adcode"].isin(wanted | whole_cities)
    if "adcodes" in records.columns:
        spans = records["adcodes"].fillna("").astype(str).str.split(";")
        mask |= spans.map(lambda codes: not wanted.isdisjoint(codes)).astype(bool)
    return records[mask]


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


def unit_at(units: gpd.GeoDataFrame, lon: float, lat: float, level: str = "county") -> pd.DataFrame:
    """Return the unit(s) of a level containing a WGS-84 point (empty outside Zhejiang)."""
    crs.check_lonlat([lon], [lat], what="the point")
    layer = units[units["level"] == level]
    hits = layer.sindex.query(Point(lon, lat), predicate="intersects")
    return layer.iloc[np.sort(hits)]


def nearby(records: gpd.GeoDataFrame, lon: float, lat: float, radius_m: float) -> gpd.GeoDataFrame:
    """Return placed records within ``radius_m`` metres of a point, nearest first.

    Distances are measured in CGCS2000 / 3-degree Gauss–Krüger CM 120°E
    (:data:`geoplan.crs.METRIC_CRS`), with a ``distance_m`` column added.
    Records at county or city precision are stand-in points: check ``precision``.
    """
    if radius_m <= 0:
        msg = f"radius_m must be positive metres, got {radius_m}"
        raise ValueError(msg)
    crs.check_lonlat([lon], [lat], what="the point")
    placed = records[records.geometry.notna() & ~records.geometry.is_empty]
    metric = placed.geometry.to_crs(crs.METRIC_CRS)
    centre = gpd.GeoSeries([Point(lon, lat)], crs=crs.WGS84).to_crs(crs.METRIC_CRS).iloc[0]
    distance = metric.distance(centre)
    result = placed.assign(distance_m=distance)
    return result[result["distance_m"] <= radius_m].sort_values("distance_m")


# ----------------------------------------------------------------------------- filtering


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which records to show: the conditions of the app's filter panel.

    An empty tuple, ``None`` or ``""`` sets no condition. Conditions combine
    with AND; the values of one condition with OR.

    Parameters
    ----------
    plans
        Plan ids (``"001"``).
    record_layers
        Record layer ids: records any of them selects.
    kinds
        Values of :data:`geoplan.schema.KINDS`.
    boxes
        ``"<plan>:<box>"``, e.g. ``"001:专栏13"``; ``"001:"`` is plan 001's running text.
    units
        Adcodes of counties or cities (a city includes its counties).
    members
        Grouping members as ``"<grouping>/<member>"``, answered by
        :meth:`geoplan.Atlas.records_in`.
    period
        Years ``(first, last)``: records whose documented period overlaps them.
        Records without a period are left out.
    investment
        Total investment (总投资) range in 亿元; the upper bound may be ``inf``.
        Records that state none are left out.
    land_area
        Documented land area range in m²; as for ``investment``.
    precisions
        Values of :data:`geoplan.schema.PRECISIONS`.
    text
        Words that must all occur (case-insensitive) in the name, location or 四至.

    Raises
    ------
    ValueError
        Listing every invalid condition.

    Examples
    --------
    >>> RecordFilter(kinds=("project",), investment=(1.0, float("inf"))).active
    True
    >>> RecordFilter(kinds=("projects",), period=(2025, 2021))
    Traceback (most recent call last):
    ...
    ValueError: invalid record filter: kinds ('projects',) must be among ...
    """

    plans: tuple[str, ...] = ()
    record_layers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    boxes: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    period: tuple[int, int] | None = None
    investment: tuple[float, float] | None = None
    land_area: tuple[float, float] | None = None
    precisions: tuple[str, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        problems = []
        for name, allowed in (("kinds", schema.KINDS), ("precisions", schema.PRECISIONS)):
            values = getattr(self, name)
            if not set(values) <= set(allowed):
                problems.append(f"{name} {values!r} must be among {list(allowed)}")
        bad_boxes = [b for b in self.boxes if ":" not in b]
        if bad_boxes:
            problems.append(f"boxes {bad_boxes!r} must be '<plan>:<box>', e.g. '001:专栏13'")
        bad_members = [m for m in self.members if "/" not in m]
        if bad_members:
            problems.append(f"members {bad_members!r} must be '<grouping>/<member>'")
        for name in ("period", "investment", "land_area"):
            span = getattr(self, name)
            if span is not None and not (len(span) == 2 and 0 <= span[0] <= span[1]):
                problems.append(f"{name} {span!r} must be (low, high) with 0 <= low <= high")
        if problems:
            msg = "invalid record filter: " + "; ".join(problems)
            raise ValueError(msg)

    @property
    def active(self) -> bool:
        """Whether any condition is set."""
        return any(getattr(self, f.name) not in ((), None, "") for f in fields(self))


def filter_records(
    records: gpd.GeoDataFrame, flt: RecordFilter, atlas: Atlas | None = None
) -> gpd.GeoDataFrame:
    """Return the records that meet every condition of a filter, in their order.

    Parameters
    ----------
    records
        Records (schema columns), e.g. ``atlas.records``.
    flt
        The conditions.
    atlas
        Needed for ``record_layers``, ``units`` and ``members``.

    Raises
    ------
    ValueError
        If the filter needs the atlas and none is given.
    UnknownNameError
        If a record layer, grouping or member is unknown.
    """
    if (flt.record_layers or flt.units or flt.members) and atlas is None:
        msg = "filtering by record layer, unit or grouping member needs the atlas: pass atlas="
        raise ValueError(msg)
    mask = pd.Series(True, index=records.index)
    if flt.plans:
        mask &= records["plan"].isin(flt.plans)
    if flt.kinds:
        mask &= records["kind"].isin(flt.kinds)
    if flt.precisions:
        mask &= records["precision"].isin(flt.precisions)
    if flt.boxes:
        mask &= (records["plan"] + ":" + records["box"]).isin(flt.boxes)
    if flt.period is not None:
        start = records["period_start"].fillna(records["period_end"])
        end = records["period_end"].fillna(records["period_start"])
        mask &= ((start <= flt.period[1]) & (end >= flt.period[0])).fillna(False).astype(bool)
    for column, span in (("investment_total", flt.investment), ("land_area_m2", flt.land_area)):
        if span is not None:
            mask &= records[column].between(*span).fillna(False).astype(bool)
    if flt.text:
        mask &= _text_mask(records, flt.text)
    if atlas is not None:
        mask &= _atlas_mask(records, flt, atlas)
    return records[mask]


#: The columns a text search looks in: name, location and the 四至.
_SEARCHED = [
    "name", "location", "boundary", "boundary_east", "boundary_west", "boundary_south",
    "boundary_north",
]  # fmt: skip


def _text_mask(records: pd.DataFrame, text: str) -> pd.Series:
    haystack = records[_SEARCHED].astype(str).agg(" ".join, axis=1).str.casefold()
    mask = pd.Series(True, index=records.index)
    for word in text.casefold().split():
        mask &= haystack.str.contains(word, regex=False)
    return mask


def _atlas_mask(records: pd.DataFrame, flt: RecordFilter, atlas: Atlas) -> pd.Series:
    mask = pd.Series(True, index=records.index)
    if flt.record_layers:
        ids: set[str] = set()
        for name in flt.record_layers:
            ids.update(atlas.layer(name)["record_id"])
        mask &= records["record_id"].isin(ids)
    if flt.units:
        inside = records_in_units(records, flt.units, atlas.gazetteer.units)
        mask &= records.index.isin(inside.index)
    if flt.members:
        ids = set()
        for key in flt.members:
            layer, _, member = key.partition("/")
            ids.update(atlas.records_in(member, layer=layer)["record_id"])
        mask &= records["record_id"].isin(ids)
    return mask


# ----------------------------------------------------------------------------- comparing


def summarize_by_member(records: pd.DataFrame, atlas: Atlas, grouping: str) -> pd.DataFrame:
    """Return :func:`totals` of the given records per member of a grouping.

    With ``records=atlas.records`` this is :meth:`geoplan.Atlas.summary`.
    """
    ids = set(records["record_id"])
    groups = {}
    for _, row in atlas.grouping(grouping).iterrows():
        inside = atlas.records_in(row)
        groups[str(row["member"])] = inside[inside["record_id"].isin(ids)]
    return summarize(groups)


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
        ``"city"``: counties roll up into their city.

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
    {'衢州市（市级）': 1, '柯城区': 1, '未定位': 1}
    >>> summarize_by_unit(recs, units, level="city")["investment_total"].to_dict()
    {'衢州市': 4.0, '未定位': 2.0}
    """
    if level not in {"county", "city"}:
        msg = f"level must be 'county' or 'city', got {level!r}"
        raise ValueError(msg)
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
    return summarize(groups)


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
