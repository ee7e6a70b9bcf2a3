"""An index of a records table for the questions the app asks, at 100,000 records.

"Which records are in these units?" is answered as :func:`geoplan.query.records_in_units`
answers it, from each record's units (its ``adcode`` and the counties in its
``adcodes``), never from where a stand-in point falls: the index keeps each unit's
rows, so a question costs the size of its answer, not of the table. "Which records
lie in this view?" is answered by an STRtree of the records' geometry (points and
digitized polygons; stand-in points included: their ``precision`` says what they
are worth). "Which records hold these words?" by their text held for searching
(:class:`~geoplan.query.search.SearchText`).

Examples
--------
>>> import geoplan
>>> from geoplan.query import records_in_units
>>> atlas = geoplan.load()
>>> index = RecordIndex(atlas.records)
>>> jinhua = index.in_units(["330700"], atlas.gazetteer.units)
>>> sorted(jinhua["record_id"]) == sorted(
...     records_in_units(atlas.records, ["330700"], atlas.gazetteer.units)["record_id"])
True
>>> len(index.in_view((119.5, 28.9, 119.9, 29.2))) > 0
True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from geoplan.boundaries import counties_of
from geoplan.query.search import SearchText

__all__ = ["RecordIndex"]


class RecordIndex:
    """Rows of a records table by unit, and an STRtree of their geometry.

    Build one per table (:attr:`geoplan.Atlas.record_index` keeps one for
    ``atlas.records``); the table must not change afterwards.
    """

    def __init__(self, records: gpd.GeoDataFrame) -> None:
        self.records = records
        self._own = _positions(records["adcode"].astype(str).to_numpy(dtype=object))
        spans = records["adcodes"].fillna("").astype(str).to_numpy(dtype=object)
        listed = np.flatnonzero(spans != "")
        rows = np.repeat(listed, [len(s.split(";")) for s in spans[listed]])
        codes = np.array([c for s in spans[listed] for c in s.split(";")], dtype=object)
        self._spans = _positions(codes, rows)
        self._tree = shapely.STRtree(np.asarray(records.geometry))

    @cached_property
    def text(self) -> SearchText:
        """The records' searched text (:func:`geoplan.query.filter_records`), built at first use."""
        return SearchText.of(self.records)

    def in_units(self, adcodes: Iterable[str], units: pd.DataFrame) -> gpd.GeoDataFrame:
        """Return the records placed in any of the units, as :func:`records_in_units` does."""
        counties = units[units["level"] == "county"]
        wanted = {county for adcode in adcodes for county in counties_of(units, adcode)}
        whole = {
            city for city, group in counties.groupby("parent_adcode") if set(group.index) <= wanted
        }
        found = [self._own.get(a) for a in wanted | whole] + [self._spans.get(a) for a in wanted]
        hits = [f for f in found if f is not None]
        rows = np.unique(np.concatenate(hits)) if hits else np.empty(0, dtype=np.int64)
        return self.records.iloc[rows]

    def in_view(self, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
        """Return the records whose geometry meets a WGS-84 box.

        ``bounds`` is (min lon, min lat, max lon, max lat), as shapely orders them.
        """
        rows = self._tree.query(shapely.box(*bounds), predicate="intersects")
        return self.records.iloc[np.sort(rows)]


def _positions(
    codes: npt.NDArray[np.object_], rows: npt.NDArray[np.intp] | None = None
) -> dict[str, npt.NDArray[np.intp]]:
    """Map each code to the rows that carry it (rows: each code's row, default its position)."""
    at = np.arange(len(codes)) if rows is None else rows
    if not len(codes):
        return {}
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return {
        str(sorted_codes[s]): np.sort(at[order[s:e]])
        for s, e in zip(starts, ends, strict=True)
        if sorted_codes[s]
    }
