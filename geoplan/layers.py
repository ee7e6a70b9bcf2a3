"""The registry of layers: ``layers/*.toml`` read into specs, built into GeoDataFrames.

A layer file is data (see ``layers/README.md`` for the format). This module
reads each file once with :mod:`tomllib`, rejects unknown keys and bad values
with the file and key named (every problem of a file at once), and builds:

* a **grouping** into one row per member, its units dissolved into one
  polygon (or, for ``schematic`` members, a line), with its geodesic area;
* a **record layer** into the selected rows of the records table.

Drawing is :mod:`geoplan.maps`' job; this module only computes.

Examples
--------
>>> from geoplan.layers import Registry
>>> registry = Registry.load()
>>> spec = registry.get("两核四圈")
>>> spec.kind, spec.plan
('grouping', '003')
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from geoplan import crs
from geoplan._io import key_problems, read_toml
from geoplan._paths import LAYERS
from geoplan.admin import Gazetteer
from geoplan.boundaries import counties_of
from geoplan.errors import DataFileError, UnknownNameError

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
    "select_records",
]

#: How honest a member's geometry is; see layers/README.md.
MEMBER_PRECISIONS: tuple[str, ...] = ("units", "within", "schematic")
#: Chinese labels of :data:`MEMBER_PRECISIONS`, and the caveat shown with approximate ones.
MEMBER_PRECISION_LABELS: dict[str, str] = {
    "units": "行政区范围",
    "within": "位于所列区县内",
    "schematic": "示意线",
}
MEMBER_CAVEATS: dict[str, str] = {
    "within": "规划未给出边界：图中为其所在区县的范围，实际范围更小。",
    "schematic": "示意线，仅表示走向与连接关系，不是实际线位。",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class Source:
    """A citation: a 1-based line of a plan file and a passage copied from it."""

    plan: str
    line: int
    quote: str


@dataclass(frozen=True, slots=True)
class Category:
    """A tier of a grouping (两核 / 四圈): a legend section with its colour."""

    name: str
    label: str
    color: str


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a grouping, as the plan defines it."""

    name: str
    category: str
    role: str
    units: tuple[str, ...]
    precision: str
    sources: tuple[Source, ...]
    note: str = ""
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Names one member of one grouping: the typed form of ``"grouping/member"``.

    Examples
    --------
    >>> ref = MemberRef.parse("两核四圈/金衢丽服务业经济圈")
    >>> ref.member, str(ref)
    ('金衢丽服务业经济圈', '两核四圈/金衢丽服务业经济圈')
    >>> MemberRef.parse("金衢丽")
    Traceback (most recent call last):
    ...
    geoplan.errors.UnknownNameError: a grouping member is written 'grouping/member', got '金衢丽'
    """

    grouping: str
    member: str

    @classmethod
    def parse(cls, text: str) -> MemberRef:
        """Read ``"grouping/member"``.

        Raises
        ------
        UnknownNameError
            If the text has no ``/`` or an empty side.
        """
        grouping, _, member = text.partition("/")
        if not grouping.strip() or not member.strip():
            msg = f"a grouping member is written 'grouping/member', got {text!r}"
            raise UnknownNameError(msg)
        return cls(grouping.strip(), member.strip())

    def __str__(self) -> str:
        return f"{self.grouping}/{self.member}"


@dataclass(frozen=True, slots=True)
class GroupingSpec:
    """A spatial structure a plan defines (``kind = "grouping"``)."""

    id: str
    title: str
    plan: str
    sources: tuple[Source, ...]
    categories: tuple[Category, ...]
    members: tuple[Member, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None
    kind: str = field(default="grouping", init=False)

    def category(self, name: str) -> Category:
        """Return the category called ``name``."""
        return next(c for c in self.categories if c.name == name)


@dataclass(frozen=True, slots=True)
class RecordLayerSpec:
    """A selection of plan records drawn as points (``kind = "records"``)."""

    id: str
    title: str
    plan: str
    sources: tuple[Source, ...]
    select: tuple[tuple[str, tuple[str, ...]], ...]
    color_by: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None
    kind: str = field(default="records", init=False)


LayerSpec: TypeAlias = GroupingSpec | RecordLayerSpec


class Registry:
    """All layers of ``layers/``, by id and alias.

    Parameters
    ----------
    specs
        The layer specs; ids and aliases must be unique across them.
    """

    def __init__(self, specs: list[LayerSpec]) -> None:
        self._specs: dict[str, LayerSpec] = {}
        self._names: dict[str, str] = {}
        for spec in specs:
            for name in (spec.id, *spec.aliases):
                if name in self._names and self._names[name] != spec.id:
                    msg = (
                        f"layer name {name!r} is used by both {self._names[name]!r} and "
                        f"{spec.id!r} ({spec.path}); rename one"
                    )
                    raise DataFileError(msg)
                self._names[name] = spec.id
            self._specs[spec.id] = spec

    @classmethod
    def load(cls, directory: str | Path = LAYERS) -> Registry:
        """Read every ``*.toml`` in ``directory``."""
        files = sorted(Path(directory).glob("*.toml"))
        if not files:
            msg = f"no layer files (*.toml) in {directory}"
            raise DataFileError(msg)
        return cls([read_spec(f) for f in files])

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def ids(self, kind: str | None = None) -> list[str]:
        """Return the layer ids, optionally only those of one kind."""
        return [s.id for s in self._specs.values() if kind is None or s.kind == kind]

    def grouping(self, name: str) -> GroupingSpec:
        """Return the grouping called ``name`` (its id or an alias).

        Raises
        ------
        UnknownNameError
            If no layer has that name, or it is a record layer.
        """
        spec = self.get(name)
        if not isinstance(spec, GroupingSpec):
            known = ", ".join(self.ids("grouping"))
            msg = f"{name!r} is a {spec.kind} layer, not a grouping; groupings: {known}"
            raise UnknownNameError(msg)
        return spec

    def find_member(self, name: str, grouping: str | None = None) -> MemberRef | None:
        """Return the member called ``name`` (or an alias), in one grouping or any.

        Returns ``None`` when no grouping has such a member (the name may be a
        place instead).

        Raises
        ------
        UnknownNameError
            If ``grouping`` has no such member, or several groupings have a
            member of that name with different extents (the message lists them).
        """
        specs = [self.grouping(grouping)] if grouping else self.groupings()
        found = [(s, m) for s in specs for m in s.members if name in (m.name, *m.aliases)]
        if not found:
            if grouping:
                msg = f"grouping {grouping!r} has no member {name!r}"
                raise UnknownNameError(msg)
            return None
        if len({m.units for _, m in found}) > 1:
            options = ", ".join(f"{s.id}/{m.name}" for s, m in found)
            msg = (
                f"{name!r} is a member of several groupings with different extents; "
                f"use one of: {options}"
            )
            raise UnknownNameError(msg)
        spec, member = found[0]
        return MemberRef(spec.id, member.name)

    def groupings(self) -> list[GroupingSpec]:
        """Return the groupings, in registry order."""
        return [s for s in self._specs.values() if isinstance(s, GroupingSpec)]

    def get(self, name: str) -> LayerSpec:
        """Return the layer called ``name`` (its id or an alias).

        Raises
        ------
        UnknownNameError
            Listing the known layer ids.
        """
        key = name.strip()
        if key not in self._names:
            msg = f"no layer called {name!r}; known layers: {', '.join(self.ids())}"
            raise UnknownNameError(msg)
        return self._specs[self._names[key]]


# ----------------------------------------------------------------------------- reading

_TOP_KEYS = {
    "grouping": {
        "id",
        "kind",
        "title",
        "plan",
        "source",
        "categories",
        "members",
        "aliases",
        "description",
    },
    "records": {
        "id",
        "kind",
        "title",
        "plan",
        "source",
        "select",
        "color_by",
        "aliases",
        "description",
    },
}
_MEMBER_KEYS = {
    "name",
    "category",
    "role",
    "units",
    "precision",
    "source",
    "note",
    "aliases",
    "places",
}
_MEMBER_REQUIRED = {"name", "category", "role", "units", "precision", "source"}
_CATEGORY_KEYS = {"name", "label", "color"}
_SELECT_KEYS = {"plan", "box", "kind", "precision"}


class _Problems:
    """Collects every problem of one file, then raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")

    def keys(
        self, where: str, table: Mapping[str, Any], allowed: set[str], required: set[str]
    ) -> None:
        for problem in key_problems(table, allowed, required):
            self.add(where, problem)

    def raise_if_any(self) -> None:
        if self.items:
            msg = (
                f"layer file {self.path} has {len(self.items)} problem(s):\n  - "
                + "\n  - ".join(self.items)
                + "\nSee layers/README.md for the format."
            )
            raise DataFileError(msg)


def read_spec(path: str | Path) -> LayerSpec:
    """Read and check one layer file.

    Raises
    ------
    DataFileError
        If the file is not valid TOML or breaks the format; every problem of
        the file is listed.
    """
    file = Path(path)
    data = read_toml(file, "layer file")
    problems = _Problems(file)
    kind = str(data.get("kind"))
    if kind not in _TOP_KEYS:
        problems.add("kind", f"must be 'grouping' or 'records', got {kind!r}")
        problems.raise_if_any()
    required = _TOP_KEYS[kind] - {"aliases", "description"}
    problems.keys("top level", data, _TOP_KEYS[kind], required)
    if not required <= set(data):
        problems.raise_if_any()  # nothing more can be checked without them
    plan = str(data["plan"])
    common: dict[str, Any] = {
        "id": _text(problems, "id", data["id"]),
        "title": _text(problems, "title", data["title"]),
        "plan": plan,
        "sources": _sources(problems, "source", data["source"], plan),
        "aliases": tuple(data.get("aliases", ())),
        "description": str(data.get("description", "")),
        "path": file,
    }
    spec: LayerSpec
    if kind == "grouping":
        categories = _categories(problems, data["categories"])
        members = _members(problems, data["members"], plan, {c.name for c in categories})
        spec = GroupingSpec(**common, categories=categories, members=members)
    else:
        spec = RecordLayerSpec(
            **common, select=_select(problems, data["select"]), color_by=str(data["color_by"])
        )
    problems.raise_if_any()
    return spec


def _text(problems: _Problems, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"must be a non-empty string, got {value!r}")
        return ""
    return value.strip()


def _sources(problems: _Problems, where: str, value: Any, plan: str) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        problems.add(where, 'must be a non-empty list of { line = N, quote = "…" }')
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            problems.add(here, 'must be a table { line = N, quote = "…" }')
            continue
        problems.keys(here, item, {"line", "quote"}, {"line", "quote"})
        line, quote = item.get("line"), item.get("quote")
        if not isinstance(line, int) or line < 1:
            problems.add(here, f"line must be a 1-based line number, got {line!r}")
        elif isinstance(quote, str) and quote.strip():
            out.append(Source(plan, line, quote))
        else:
            problems.add(here, "quote must be a passage copied from that line")
    return tuple(out)


def _categories(problems: _Problems, value: Any) -> tuple[Category, ...]:
    if not isinstance(value, list) or not value:
        problems.add("categories", "must list at least one [[categories]] table")
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"categories[{i}]"
        problems.keys(here, item, _CATEGORY_KEYS, {"name", "color"})
        color = str(item.get("color", ""))
        if not _HEX.match(color):
            problems.add(here, f"color must be a hex colour like '#2471a3', got {color!r}")
        name = str(item.get("name", ""))
        out.append(Category(name, str(item.get("label", name)), color))
    return tuple(out)


def _members(
    problems: _Problems, value: Any, plan: str, categories: set[str]
) -> tuple[Member, ...]:
    if not isinstance(value, list) or not value:
        problems.add("members", "must list at least one [[members]] table")
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"members[{i}] ({item.get('name', '?')})"
        problems.keys(here, item, _MEMBER_KEYS, _MEMBER_REQUIRED)
        if not set(item) >= _MEMBER_REQUIRED:
            continue
        if item["category"] not in categories:
            problems.add(here, f"category {item['category']!r} is not one of {sorted(categories)}")
        if item["precision"] not in MEMBER_PRECISIONS:
            problems.add(
                here, f"precision {item['precision']!r} is not one of {list(MEMBER_PRECISIONS)}"
            )
        units = item["units"]
        if not isinstance(units, list) or not units or not all(isinstance(u, str) for u in units):
            problems.add(here, "units must be a non-empty list of unit names")
            units = []
        out.append(
            Member(
                name=_text(problems, f"{here}.name", item["name"]),
                category=str(item["category"]),
                role=str(item["role"]),
                units=tuple(units),
                precision=str(item["precision"]),
                sources=_sources(problems, f"{here}.source", item["source"], plan),
                note=str(item.get("note", "")),
                aliases=tuple(item.get("aliases", ())),
                places=tuple(item.get("places", ())),
            )
        )
    return tuple(out)


def _select(problems: _Problems, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        problems.add("select", 'must be a table such as { plan = "001", box = ["专栏13"] }')
        return ()
    problems.keys("select", value, _SELECT_KEYS, set())
    out = []
    for key, wanted in sorted(value.items()):
        values = tuple(wanted) if isinstance(wanted, list) else (wanted,)
        out.append((key, tuple(str(v) for v in values)))
    return tuple(out)


# ----------------------------------------------------------------------------- building


def member_adcodes(member: Member, gazetteer: Gazetteer, where: str = "") -> tuple[str, ...]:
    """Return the county-level adcodes a member consists of (cities expanded).

    Raises
    ------
    DataFileError
        If a unit name does not resolve to an administrative unit.
    """
    units = gazetteer.units
    out: list[str] = []
    for name in member.units:
        found = gazetteer.resolve(name)
        if not found.ok or found.how not in {"unit", "short name"}:
            msg = (
                f"{where}member {member.name!r}: {name!r} is not an administrative unit "
                f"({found.basis}); use a city or county name such as '衢州市' or '柯城区'"
            )
            raise DataFileError(msg)
        out.extend(counties_of(units, found.adcodes[0]))
    return tuple(dict.fromkeys(out))


def build_grouping(
    spec: GroupingSpec, gazetteer: Gazetteer, drawing_units: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Build a grouping into one row per member.

    Parameters
    ----------
    spec
        The grouping.
    gazetteer
        Resolves unit names; its ``units`` (the detail boundaries) give the areas.
    drawing_units
        Units whose geometry to draw (e.g. the overview boundaries); defaults
        to the gazetteer's.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``layer``, ``member``, ``aliases`` (``;``-separated),
        ``category``, ``category_label``,
        ``color``, ``role``, ``unit_names``, ``adcodes``, ``precision``,
        ``area_km2`` (geodesic, of the units the member consists of or lies
        within; NaN for schematic lines), ``length_km`` (schematic lines),
        ``places``, ``note``, ``lines`` (cited plan lines) and ``geometry``.
    """
    detail = gazetteer.units
    draw = detail if drawing_units is None else drawing_units
    rows = []
    for member in spec.members:
        adcodes = member_adcodes(member, gazetteer, f"{spec.path}: ")
        category = spec.category(member.category)
        if member.precision == "schematic":
            geometry = _schematic_line(member, gazetteer)
            area_km2, length_km = float("nan"), _length_km(geometry)
        else:
            geometry = _dissolve(draw, adcodes)
            area_km2 = float(crs.geodesic_area_m2(_dissolve(detail, adcodes))[0]) / 1e6
            length_km = float("nan")
        rows.append(
            {
                "layer": spec.id,
                "member": member.name,
                "aliases": ";".join(member.aliases),
                "category": member.category,
                "category_label": category.label,
                "color": category.color,
                "role": member.role,
                "unit_names": "、".join(member.units),
                "adcodes": ";".join(adcodes),
                "precision": member.precision,
                "area_km2": area_km2,
                "length_km": length_km,
                "places": "、".join(member.places),
                "note": member.note,
                "lines": ",".join(str(s.line) for s in member.sources),
                "geometry": geometry,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=crs.WGS84)


def _dissolve(units: gpd.GeoDataFrame, adcodes: tuple[str, ...]) -> Any:
    # Counties form a coverage, so the cheap, exact coverage union applies.
    return shapely.coverage_union_all(np.asarray(units.loc[list(adcodes)].geometry))


def _schematic_line(member: Member, gazetteer: Gazetteer) -> LineString:
    points = []
    for name in member.places:
        place = gazetteer.resolve(name).place
        if place is not None and place.lon is not None and place.lat is not None:
            points.append((place.lon, place.lat))
    if len(points) < 2:
        # Fall back to the listed units, in the order the plan names them.
        points = []
        for name in member.units:
            adcode = gazetteer.resolve(name).adcodes[0]
            point = gazetteer.units.loc[adcode].geometry.representative_point()
            points.append((point.x, point.y))
    if len(points) < 2:
        msg = f"schematic member {member.name!r} needs at least two places or units to draw a line"
        raise DataFileError(msg)
    return LineString(points)


def _length_km(line: LineString) -> float:
    metric = gpd.GeoSeries([line], crs=crs.WGS84).to_crs(crs.METRIC_CRS)
    return float(metric.length.iloc[0] / 1000)


def select_records(spec: RecordLayerSpec, records: pd.DataFrame) -> pd.DataFrame:
    """Return the records a record layer selects (all conditions must hold)."""
    mask = pd.Series(True, index=records.index)
    for column, values in spec.select:
        mask &= records[column].isin(values)
    return records[mask]
