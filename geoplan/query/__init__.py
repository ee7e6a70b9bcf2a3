"""Questions over records, units and grouping members: pure functions of frames.

* :mod:`~geoplan.query.inside`: records in a unit or member, the unit at a point;
* :mod:`~geoplan.query.filters`: :class:`RecordFilter` and :func:`filter_records`;
* :mod:`~geoplan.query.summaries`: totals that add up, by member, county or city;
* :mod:`~geoplan.query.spatial`: near, inside and overlapping, measured in metres;
* :mod:`~geoplan.query.search`: the text search of a filter (:data:`SEARCHED` fields);
* :mod:`~geoplan.query.index`: :class:`RecordIndex`, records by unit, in a view and
  by their words, for tables of 100,000 records.

Every function takes and returns (Geo)DataFrames and never draws. Nothing
here imports :mod:`geoplan.atlas`: a filter that needs record layers or
grouping members asks a :class:`Catalog` (the atlas is one).
"""

from __future__ import annotations

from geoplan.query.filters import Catalog, RecordFilter, filter_records
from geoplan.query.index import RecordIndex
from geoplan.query.inside import (
    citywide_records,
    nearby,
    records_in_member,
    records_in_units,
    unit_at,
)
from geoplan.query.search import SEARCHED, search_words
from geoplan.query.summaries import (
    ALSO_IN_COLUMN,
    EXTRA_COLUMNS,
    GROUPING_LABEL,
    STATED_COLUMNS,
    TOTAL_COLUMNS,
    TOTAL_LABEL,
    UNASSIGNED_LABEL,
    UNPLACED_LABEL,
    stated_totals,
    summarize,
    summarize_by_member,
    summarize_by_unit,
    totals,
)

__all__ = [
    "ALSO_IN_COLUMN",
    "EXTRA_COLUMNS",
    "GROUPING_LABEL",
    "SEARCHED",
    "STATED_COLUMNS",
    "TOTAL_COLUMNS",
    "TOTAL_LABEL",
    "UNASSIGNED_LABEL",
    "UNPLACED_LABEL",
    "Catalog",
    "RecordFilter",
    "RecordIndex",
    "citywide_records",
    "filter_records",
    "nearby",
    "records_in_member",
    "records_in_units",
    "search_words",
    "stated_totals",
    "summarize",
    "summarize_by_member",
    "summarize_by_unit",
    "totals",
    "unit_at",
]
