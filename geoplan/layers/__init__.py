"""The registry of layers: ``layers/*.toml`` read into specs, built into GeoDataFrames.

A layer file is data (see ``layers/README.md`` for the format), read once
with :mod:`tomllib` (:mod:`~geoplan.layers.read`, every problem of a file at
once) into frozen specs (:mod:`~geoplan.layers.spec`), kept by id and alias
in a :class:`Registry`, and built (:mod:`~geoplan.layers.build`):

* a **grouping** into one row per member, its units dissolved into one
  polygon (or, for ``schematic`` members, a line), with its geodesic area;
* a **record layer** into the selected rows of the records table.

Drawing is :mod:`geoplan.maps`' job; this package only computes.

Examples
--------
>>> from geoplan.layers import Registry
>>> registry = Registry.load()
>>> spec = registry.get("两核四圈")
>>> spec.kind, spec.plan
('grouping', '003')
"""

from __future__ import annotations

from geoplan.layers.build import build_grouping, member_adcodes, select_records, town_area
from geoplan.layers.read import read_spec
from geoplan.layers.registry import Registry
from geoplan.layers.spec import (
    MEMBER_CAVEATS,
    MEMBER_PRECISION_LABELS,
    MEMBER_PRECISIONS,
    Category,
    GroupingSpec,
    LayerSpec,
    Member,
    MemberRef,
    RecordLayerSpec,
    Source,
)

__all__ = [
    "MEMBER_CAVEATS",
    "MEMBER_PRECISIONS",
    "MEMBER_PRECISION_LABELS",
    "Category",
    "GroupingSpec",
    "LayerSpec",
    "Member",
    "MemberRef",
    "RecordLayerSpec",
    "Registry",
    "Source",
    "build_grouping",
    "member_adcodes",
    "read_spec",
    "select_records",
    "town_area",
]
