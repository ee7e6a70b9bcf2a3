"""Record filters: the conditions of the app's filter panel, as one value.

A filter that needs record layers, units or grouping members asks a
:class:`Catalog` (the atlas is one), so nothing here imports the atlas.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol

import geopandas as gpd
import pandas as pd

from geoplan import schema
from geoplan.errors import GeoplanError
from geoplan.layers import MemberRef
from geoplan.query.index import RecordIndex
from geoplan.query.inside import citywide_records, records_in_member, records_in_units
from geoplan.query.search import SearchText, search_words

__all__ = ["Catalog", "RecordFilter", "filter_records"]


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
    citywide
        With ``units``: also the records placed only at the city of a chosen
        county (precision ``city``), which may or may not lie in it and are
        otherwise left out (:func:`geoplan.query.inside.citywide_records`).
    members
        Grouping members (:class:`geoplan.layers.MemberRef`), answered by
        :func:`records_in_member`.
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
        Words that must all occur (case-insensitive) in a record's text fields
        (:data:`~geoplan.query.search.SEARCHED`: name, source text, location,
        四至, responsible unit …) or the labels of its kind and work type; each word may occur in a
        different field.

    Raises
    ------
    GeoplanError
        Listing every invalid condition.

    Examples
    --------
    >>> RecordFilter(kinds=("project",), investment=(1.0, float("inf"))).active
    True
    >>> RecordFilter(kinds=("projects",), period=(2025, 2021))
    Traceback (most recent call last):
    ...
    geoplan.errors.GeoplanError: invalid record filter: kinds ('projects',) must be among ...
    """

    plans: tuple[str, ...] = ()
    record_layers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    boxes: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    citywide: bool = False
    members: tuple[MemberRef, ...] = ()
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
        bad_members = [m for m in self.members if not isinstance(m, MemberRef)]
        if bad_members:
            problems.append(f"members {bad_members!r} must be MemberRef values")
        for name in ("period", "investment", "land_area"):
            span = getattr(self, name)
            if span is not None and not (len(span) == 2 and 0 <= span[0] <= span[1]):
                problems.append(f"{name} {span!r} must be (low, high) with 0 <= low <= high")
        if problems:
            msg = "invalid record filter: " + "; ".join(problems)
            raise GeoplanError(msg)

    @property
    def active(self) -> bool:
        """Whether any condition is set."""
        return any(getattr(self, f.name) not in ((), None, "", False) for f in fields(self))


class _Units(Protocol):
    @property
    def units(self) -> gpd.GeoDataFrame: ...


class Catalog(Protocol):
    """What a record filter needs beyond the records: units, record layers, members.

    :class:`geoplan.Atlas` is one; tests may pass a small stand-in.
    """

    @property
    def gazetteer(self) -> _Units:
        """The units (``gazetteer.units``: the unit table, indexed by adcode)."""
        ...

    def layer(self, name: str) -> pd.DataFrame:
        """Return the records a record layer selects."""
        ...

    def member(self, ref: MemberRef) -> pd.Series:
        """Return a grouping member's row (columns of ``build_grouping``)."""
        ...


def filter_records(
    records: gpd.GeoDataFrame, flt: RecordFilter, catalog: Catalog | None = None
) -> gpd.GeoDataFrame:
    """Return the records that meet every condition of a filter, in their order.

    Parameters
    ----------
    records
        Records (schema columns), e.g. ``atlas.records``.
    flt
        The conditions.
    catalog
        Needed for ``record_layers``, ``units`` and ``members``: the atlas.

    Raises
    ------
    GeoplanError
        If the filter needs a catalog and none is given.
    UnknownNameError
        If a record layer, grouping or member is unknown.
    """
    if (flt.record_layers or flt.units or flt.members) and catalog is None:
        msg = "filtering by record layer, unit or grouping member needs the atlas: pass catalog="
        raise GeoplanError(msg)
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
        mask &= _text_mask(records, flt.text, catalog)
    if catalog is not None:
        mask &= _catalog_mask(records, flt, catalog)
    return records[mask]


def _text_mask(records: pd.DataFrame, text: str, catalog: Catalog | None) -> pd.Series:
    """Return which records hold every word in one of their text fields (case-insensitive)."""
    index = _own_index(records, catalog)  # its text held once
    searched = index.text if index is not None else SearchText.of(records)
    return pd.Series(searched.matches(search_words(text)), index=records.index)


def _own_index(records: pd.DataFrame, catalog: Catalog | None) -> RecordIndex | None:
    """Return the catalog's index of these very records (an atlas's own), if it keeps one."""
    index = getattr(catalog, "record_index", None)
    return index if isinstance(index, RecordIndex) and index.records is records else None


def _catalog_mask(records: pd.DataFrame, flt: RecordFilter, catalog: Catalog) -> pd.Series:
    mask = pd.Series(True, index=records.index)
    units = catalog.gazetteer.units
    if flt.record_layers:
        ids: set[str] = set()
        for name in flt.record_layers:
            ids.update(catalog.layer(name)["record_id"])
        mask &= records["record_id"].isin(ids)
    if flt.units:
        index = _own_index(records, catalog)  # records by unit, kept: the answer's size
        found = (
            index.in_units(flt.units, units)
            if index is not None
            else records_in_units(records, flt.units, units)
        )
        inside = found.index
        if flt.citywide:
            inside = inside.union(citywide_records(records, flt.units, units).index)
        mask &= records.index.isin(inside)
    if flt.members:
        ids = set()
        for ref in flt.members:
            ids.update(records_in_member(records, catalog.member(ref), units)["record_id"])
        mask &= records["record_id"].isin(ids)
    return mask
