"""Plans compared: what a later plan continues, what is new, what it no longer lists.

Two plans of one region name many of the same works, often renamed or listed
twice. :func:`compare_records` matches the records of any two plans (shipped
or a planner's own) with the evidence for each match and a confidence, and
returns one row per record of either plan; :func:`compare_plans` does it for
plan ids, earlier plan first. Everything here is a function of record frames
and the unit table: nothing is drawn (see :mod:`geoplan.maps.comparison`).

Examples
--------
>>> import geoplan
>>> from geoplan import compare
>>> atlas = geoplan.load()
>>> table = compare.compare_plans("000", "002", atlas.records, atlas.gazetteer.units, atlas.plans)
>>> table.attrs["earlier"], table.attrs["later"]
('002', '000')
>>> row = table[table["record_id"] == "002-L1119-01"].iloc[0]
>>> row["status"], row["match_name"]
('continued', '金华国际物流集聚园区')
"""

from geoplan.compare.match import Evidence, Match
from geoplan.compare.names import NameParts, split_name
from geoplan.compare.table import (
    COLUMNS,
    DEFAULT_THRESHOLD,
    SIDE_LABELS,
    STATUS_LABELS,
    STATUSES,
    ComparisonError,
    compare_plans,
    compare_records,
    comparison_csv,
    plan_order,
    status_counts,
    top_matches,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_THRESHOLD",
    "SIDE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "ComparisonError",
    "Evidence",
    "Match",
    "NameParts",
    "compare_plans",
    "compare_records",
    "comparison_csv",
    "plan_order",
    "split_name",
    "status_counts",
    "top_matches",
]
