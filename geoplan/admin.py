"""Administrative units and the names plans use for them.

Plans name places in many ways: full names (衢州市, 柯城区), short names (衢州,
柯城), government and committee names (江山市政府, 柯城区人民政府, 智慧新城管委会),
and functional zones that are not administrative units at all (智造新城,
金义新区). :class:`Gazetteer` resolves each to the units it lies in and says on
what basis; a name it does not know resolves to *nothing*, visibly, never to a
guess.

Examples
--------
>>> from geoplan import admin
>>> gaz = admin.Gazetteer.load()
>>> gaz.resolve("江山市政府").adcodes
('330881',)
>>> gaz.resolve("柯城").matched
'柯城区'
>>> r = gaz.resolve("不存在的地方")
>>> r.ok, r.adcodes
(False, ())
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geoplan._paths import DATA
from geoplan.boundaries import read_units
from geoplan.errors import DataFileError
from geoplan.places import Place, read_places

__all__ = ["Gazetteer", "Place", "Resolution", "normalize", "read_places"]

#: Suffixes naming the government, party or management body of a unit or zone.
#: "江山市政府" is 江山市; "智慧新城管委会" is 智慧新城.
_BODY_SUFFIXES = (
    "人民政府",
    "政府",
    "管理委员会",
    "管委会",
    "委员会",
    "党工委",
    "党委",
)
#: Endings that make "<unit name><rest>" an organisation of that unit
#: (江山市发改局, 柯城区商务局), as opposed to a word that merely starts like one.
_ORG_ENDINGS = (
    "局",
    "委",
    "办",
    "办公室",
    "中心",
    "公司",
    "集团",
    "部",
    "厅",
    "院",
    "所",
    "站",
    "队",
)


def normalize(name: str) -> str:
    """Return the comparable form of a name: NFKC, no whitespace, no quotes.

    Examples
    --------
    >>> normalize(" 衢州市 （柯城） ")
    '衢州市(柯城)'
    """
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s“”\"'‘’《》]", "", text)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer to "which units is this name?".

    Attributes
    ----------
    query
        The name as given.
    adcodes
        The units the name is or lies in; empty when the name is unknown.
    matched
        The known name the query matched (a unit's full name or a place name).
    how
        ``"unit"``, ``"short name"``, ``"body"`` (a government or committee),
        ``"organisation"`` (a department of a unit), ``"place"`` or ``"unknown"``.
    basis
        Why, in words a planner can check.
    place
        The :class:`Place` when the name is one.
    """

    query: str
    adcodes: tuple[str, ...]
    matched: str
    how: str
    basis: str
    place: Place | None = None

    @property
    def ok(self) -> bool:
        """Whether the name resolved to at least one unit."""
        return bool(self.adcodes)


class Gazetteer:
    """Names → administrative units, from the boundary table and ``data/places.csv``.

    Parameters
    ----------
    units
        The administrative units (``read_units()``), indexed by adcode.
    places
        Named places that are not units.
    """

    def __init__(self, units: gpd.GeoDataFrame, places: list[Place]) -> None:
        self.units = units
        self.places = places
        self._full: dict[str, str] = {}
        self._short: dict[str, str] = {}
        for adcode, name, short in zip(
            units.index, units["name"], units["short_name"], strict=True
        ):
            self._full[normalize(name)] = adcode
            self._short.setdefault(normalize(short), adcode)
        self._places: dict[str, Place] = {}
        for place in places:
            for alias in (place.name, *place.aliases):
                key = normalize(alias)
                if key in self._full or key in self._short:
                    msg = f"data/places.csv: {alias!r} is an administrative unit, not a place"
                    raise DataFileError(msg)
                self._places[key] = place

    @classmethod
    def load(cls, data_dir: str | Path = DATA) -> Gazetteer:
        """Build the gazetteer from the shipped boundary and places files."""
        units = read_units(path=Path(data_dir) / "boundaries" / "zhejiang_detail.geojson")
        return cls(units, read_places(Path(data_dir) / "places.csv", set(units.index)))

    def resolve(self, name: str) -> Resolution:
        """Resolve one name to the units it is or lies in.

        Tries, in order: a unit's full name, its short name, a government or
        committee of a unit or place (…政府, …管委会), a place of
        ``data/places.csv``, and an organisation of a unit (…局, …委) named
        with the unit's full name. Anything else is unknown.

        Examples
        --------
        >>> gaz = Gazetteer.load()
        >>> gaz.resolve("衢江区政府").basis
        '衢江区政府 is the government of 衢江区'
        >>> gaz.resolve("衢州").how
        'short name'
        """
        query = name
        key = normalize(name)
        found = self._unit(query, key)
        if found is not None:
            return found
        for suffix in _BODY_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                inner = self._unit(query, key[: -len(suffix)]) or self._place(
                    query, key[: -len(suffix)]
                )
                if inner is not None:
                    basis = f"{query} is the government of {inner.matched}"
                    if inner.place is not None:
                        basis = f"{query} is the body of {inner.matched}; {inner.basis}"
                    return Resolution(
                        query, inner.adcodes, inner.matched, "body", basis, inner.place
                    )
        place = self._place(query, key)
        if place is not None:
            return place
        organisation = self._organisation(query, key)
        if organisation is not None:
            return organisation
        return Resolution(query, (), "", "unknown", f"{query!r} is not a known unit or place")

    def name_of(self, adcode: str) -> str:
        """Return the full name of a unit."""
        return str(self.units.loc[adcode, "name"])

    def _unit(self, query: str, key: str) -> Resolution | None:
        if key in self._full:
            adcode = self._full[key]
            return Resolution(query, (adcode,), self.name_of(adcode), "unit", "administrative unit")
        if key in self._short:
            adcode = self._short[key]
            full = self.name_of(adcode)
            return Resolution(query, (adcode,), full, "short name", f"short name of {full}")
        return None

    def _place(self, query: str, key: str) -> Resolution | None:
        place = self._places.get(key)
        if place is None:
            return None
        return Resolution(query, place.adcodes, place.name, "place", place.basis, place)

    def _organisation(self, query: str, key: str) -> Resolution | None:
        for full, adcode in sorted(self._full.items(), key=lambda kv: -len(kv[0])):
            rest = key[len(full) :]
            if key.startswith(full) and rest and rest.endswith(_ORG_ENDINGS):
                name = self.name_of(adcode)
                basis = f"{query} is an organisation of {name}"
                return Resolution(query, (adcode,), name, "organisation", basis)
        return None
