"""Place records on the map, as precisely as their text allows and no more.

Evidence, strongest first:

1. a **place** of ``data/places.csv`` named in the record (新城, 园区, 景区,
   横店 …): its point when the table has one (precision ``place``), else its
   unit;
2. an **administrative unit** named in the record's name or location (义乌,
   柯城区 …), or a **township** of ``data/townships.csv`` (塘雅镇 → 金东区);
3. the **responsible unit** (江山市政府 → 江山市, 智慧新城管委会 → 智慧新城);
4. the **plan's own region**: a county's plan is about that county, a city's
   plan about that city.

Names in the text count only inside the plan's region (a Jinhua plan that
mentions 杭州 is not placing a project in 杭州). When the evidence names
several counties of one city, the record is placed at city precision. A record
with no usable evidence stays in the tables, ``unplaced``.

A record placed only at county or city precision gets a stand-in point inside
its unit: records of one unit are spread on a sunflower spiral around the
unit's most interior point, so none hides another, and maps draw them as
approximate.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from geoplan import crs
from geoplan._io import read_csv_rows
from geoplan._paths import DATA
from geoplan.admin import Gazetteer, Place, normalize
from geoplan.boundaries import counties_of
from geoplan.errors import DataFileError
from geoplan.plans import Plan, read_plans

__all__ = ["Locator", "Placement"]

# Text fields searched for names, most telling first.
_FIELDS = ("name", "location", "boundary", "text")
# A unit's short name followed by one of these is a river, road or mountain
# (武义江, 衢江路, 金华山), not the unit.
_NOT_A_UNIT_AFTER = tuple("江河溪湖山路街道桥港")
_TOWNSHIP_SUFFIXES = ("街道办事处", "办事处", "街道", "镇", "乡")
_SEPARATORS = re.compile(r"[、，,；;／/和及与]+")
# Stand-in points are spread this far apart at most (metres).
_SPREAD_M = 1500.0
_PLACE_SPREAD_M = 250.0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a record is placed, how precisely, and why."""

    adcode: str
    unit_name: str
    place: str
    precision: str
    basis: str
    lon: float | None = None
    lat: float | None = None
    adcodes: tuple[str, ...] = ()  # every county a work spanning several lies in
    line: str = ""  # WKT of a schematic line between a linear work's two placed ends


@dataclass(frozen=True, slots=True)
class _Hit:
    name: str  # the name as found in the text
    adcodes: tuple[str, ...]
    kind: str  # place, unit, township, responsible, region
    basis: str
    place: Place | None = None


class Locator:
    """Places records using the gazetteer, the township list and the plans.

    Parameters
    ----------
    gazetteer
        Units and places (``data/places.csv``).
    townships
        ``data/townships.csv`` as a table with ``adcode`` and ``township``.
    plans
        The plan registry, for each plan's region.
    """

    def __init__(
        self, gazetteer: Gazetteer, townships: pd.DataFrame, plans: Mapping[str, Plan]
    ) -> None:
        self.gazetteer = gazetteer
        self.plans = plans
        units = gazetteer.units
        self._counties = units[units["level"] == "county"]
        # Looked up for every name found in every record: computed once.
        self._cover = {str(a): counties_of(units, str(a)) for a in units.index}
        self._unit_names = self._unit_name_index()
        self._places = self._place_index()
        self._townships = self._township_index(townships)
        self._region = {pid: self._region_of(plan) for pid, plan in plans.items()}
        names = [*self._unit_names, *self._places, *self._townships]
        self._prefixes = {n[:2] for n in names}
        self._longest = max(len(n) for n in names)

    @classmethod
    def load(cls, data_dir: str | Path = DATA) -> Locator:
        """Build a locator from the shipped data."""
        data = Path(data_dir)
        gazetteer = Gazetteer.load(data)
        return cls(
            gazetteer, read_townships(data / "townships.csv"), read_plans(data / "plans.toml")
        )

    # ------------------------------------------------------------------ indexes

    def _unit_name_index(self) -> dict[str, tuple[str, str]]:
        """Full and short names of counties and cities → (adcode, form)."""
        index: dict[str, tuple[str, str]] = {}
        units = self.gazetteer.units
        for adcode, row in units[units["level"] != "province"].iterrows():
            index[normalize(row["name"])] = (str(adcode), "full")
            index.setdefault(normalize(row["short_name"]), (str(adcode), "short"))
        return index

    def _place_index(self) -> dict[str, Place]:
        index = {}
        for place in self.gazetteer.places:
            for name in (place.name, *place.aliases):
                index[normalize(name)] = place
        return index

    def _township_index(self, townships: pd.DataFrame) -> dict[str, tuple[str, ...]]:
        """Township names, and their short forms (塘雅 for 塘雅镇) → county adcodes."""
        index: dict[str, set[str]] = {}
        for adcode, name in zip(townships["adcode"], townships["township"], strict=True):
            index.setdefault(normalize(name), set()).add(adcode)
            for suffix in _TOWNSHIP_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    index.setdefault(normalize(name[: -len(suffix)]), set()).add(adcode)
                    break
        # A short form that is also a unit or place name belongs to that, not to a township.
        return {
            k: tuple(sorted(v))
            for k, v in index.items()
            if k not in self._unit_names and k not in self._places
        }

    def with_plan(self, plan: Plan) -> Locator:
        """Return a locator that also knows ``plan`` (an uploaded plan, not in the registry).

        Raises
        ------
        DataFileError
            If the plan's region is not a unit.
        """
        other = copy.copy(self)
        other.plans = {**self.plans, plan.id: plan}
        region = self._region_of(plan) if plan.region else tuple(self._counties.index)
        other._region = {**self._region, plan.id: region}
        return other

    def _region_of(self, plan: Plan) -> tuple[str, ...]:
        found = self.gazetteer.resolve(plan.region)
        if not found.ok:
            msg = f"plan {plan.id}: region {plan.region!r} is not a unit ({found.basis})"
            raise DataFileError(msg)
        return counties_of(self.gazetteer.units, found.adcodes[0])

    # ------------------------------------------------------------------ evidence

    def _scan(self, text: str, region: set[str]) -> list[_Hit]:
        """Names of places, units and townships in one text, longest match first."""
        key = normalize(text)
        found: list[tuple[int, int, _Hit]] = []
        for start in range(len(key) - 1):
            if key[start : start + 2] not in self._prefixes:
                continue
            for end in range(min(len(key), start + self._longest), start + 1, -1):
                hit = self._lookup(key[start:end], key[end : end + 1], region)
                if hit is not None:
                    found.append((start, end, hit))
                    break
        # Longest first, then leftmost; a name inside a longer accepted name does not count.
        taken = [False] * len(key)
        hits = []
        for start, end, hit in sorted(found, key=lambda t: (t[0] - t[1], t[0])):
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, hit))
        return [hit for _, hit in sorted(hits, key=lambda t: t[0])]

    def _lookup(self, word: str, after: str, region: set[str]) -> _Hit | None:
        return (
            self._lookup_place(word, region)
            or self._lookup_unit(word, after, region)
            or self._lookup_township(word, region)
        )

    def _lookup_place(self, word: str, region: set[str]) -> _Hit | None:
        place = self._places.get(word)
        if place is None or not set(place.adcodes) & (region | self._cities_of(region)):
            return None
        units = "、".join(self.gazetteer.name_of(a) for a in place.adcodes)
        return _Hit(
            word, place.adcodes, "place", f"“{word}”即{place.name}，位于{units}（地名表）", place
        )

    def _lookup_unit(self, word: str, after: str, region: set[str]) -> _Hit | None:
        unit = self._unit_names.get(word)
        if unit is None or (unit[1] == "short" and after in _NOT_A_UNIT_AFTER):
            return None
        adcode = unit[0]
        inside = [a for a in self._counties_of(adcode) if a in region]
        if not inside:
            return None
        name = self.gazetteer.name_of(adcode)
        if len(region) == 1 and adcode not in region:
            # A county's plan naming its own city (金东's "金华龙头殿") means that county.
            county = self.gazetteer.name_of(inside[0])
            return _Hit(word, (inside[0],), "unit", f"“{word}”即{name}，本规划范围为{county}")
        return _Hit(word, (adcode,), "unit", f"“{word}”即{name}")

    def _lookup_township(self, word: str, region: set[str]) -> _Hit | None:
        towns = [a for a in self._townships.get(word, ()) if a in region]
        if len(towns) != 1:
            return None
        name = self.gazetteer.name_of(towns[0])
        return _Hit(word, (towns[0],), "township", f"“{word}”为{name}的乡镇（乡镇名录）")

    def _counties_of(self, adcode: str) -> tuple[str, ...]:
        return self._cover.get(adcode, ())

    def _cities_of(self, counties: set[str]) -> set[str]:
        return {
            str(self._counties.loc[a, "parent_adcode"])
            for a in counties
            if a in self._counties.index
        }

    def _responsible(self, text: str, region: set[str]) -> list[_Hit]:
        hits = []
        for part in _SEPARATORS.split(text):
            if not part.strip():
                continue
            found = self.gazetteer.resolve(part)
            if found.ok and any(set(self._counties_of(a)) & region for a in found.adcodes):
                units = "、".join(self.gazetteer.name_of(a) for a in found.adcodes)
                hits.append(
                    _Hit(part, found.adcodes, "responsible", f"“{part}”→{units}", found.place)
                )
        return hits

    # ------------------------------------------------------------------ placing

    def locate(self, record: Mapping[str, Any], *, shared_text: bool = False) -> Placement:
        """Place one record (a row with the schema's text fields and ``plan``).

        ``shared_text=True`` when several records share the record's ``text``
        (projects listed together in one item): names in that text then say
        nothing about this record, so it is not searched.
        """
        found = self._locate(record, shared_text=shared_text)
        return self._with_ends(record, found)

    def _locate(self, record: Mapping[str, Any], *, shared_text: bool) -> Placement:
        plan = str(record.get("plan", ""))
        region = set(self._region.get(plan, tuple(self._counties.index)))
        responsible = self._responsible(str(record.get("responsible_unit", "") or ""), region)
        for i, field in enumerate(_FIELDS[:3]):
            hits = self._scan(str(record.get(field, "") or ""), region)
            if hits:
                # A later field or the 责任单位 may say which county of a named city.
                later = [
                    (self._scan(str(record.get(f, "") or ""), region), _FIELD_LABELS[f])
                    for f in _FIELDS[i + 1 : 3]
                ]
                narrower = [*later, (responsible, "责任单位")]
                return self._refine(self._decide(hits, _FIELD_LABELS[field]), narrower)
        if responsible:
            return self._decide(responsible, "责任单位")
        hits = [] if shared_text else self._scan(str(record.get("text", "") or ""), region)
        if hits:
            return self._decide(hits, "原文")
        return self._fallback(plan)

    def _with_ends(self, record: Mapping[str, Any], found: Placement) -> Placement:
        """Draw a linear work between two placed ends, or list every county its ends lie in.

        Each end is read as narrowly as its words allow (柯城 in "衢州柯城" is the
        county); an end that names only a city says nothing about counties.
        """
        names = (str(record.get("end_from", "") or ""), str(record.get("end_to", "") or ""))
        if not all(names):
            return found
        region = set(self._region.get(str(record.get("plan", "")), tuple(self._counties.index)))
        ends = [self._decide(hits, "两端") for n in names if (hits := self._scan(n, region))]
        if len(ends) < 2 or any(e.precision not in {"county", "place"} for e in ends):
            return found
        counties = sorted({c for e in ends for c in self._counties_of(e.adcode)})
        spans = tuple(counties) if len(counties) > 1 else ()
        if any(e.lon is None or e.lat is None for e in ends):
            return replace(found, adcodes=spans) if spans else found
        line = shapely.LineString([(e.lon, e.lat) for e in ends])
        middle = line.interpolate(0.5, normalized=True)
        adcode = self._unit_at(middle, counties, ends[0].adcode)
        basis = "；".join(e.basis.removeprefix("两端：") for e in ends)
        return Placement(
            adcode, self.gazetteer.name_of(adcode), "—".join(names), "schematic",
            f"两端：{basis}；两端之间为示意直线，非实际线位", round(middle.x, 6),
            round(middle.y, 6), spans, shapely.to_wkt(line, rounding_precision=6),
        )  # fmt: skip

    def _unit_at(self, point: Any, counties: list[str], default: str) -> str:
        """Return the one city of ``counties``, else the county holding ``point``."""
        cities = {str(self._counties.loc[c, "parent_adcode"]) for c in counties}
        if len(counties) > 1 and len(cities) == 1:
            return cities.pop()
        units = self.gazetteer.units
        return next((c for c in counties if units.loc[c].geometry.contains(point)), default)

    def _refine(self, found: Placement, evidence: list[tuple[list[_Hit], str]]) -> Placement:
        """Narrow a city-level placement by a county inside that city named elsewhere.

        "衢州奥陶纪景区" names only the city; its 责任单位 柯城区政府 (or its
        建设地点 柯城区) says which county.
        """
        if found.precision != "city":
            return found
        for hits, label in evidence:
            if not hits:
                continue
            by_unit = self._decide(hits, label)
            if by_unit.precision not in {"county", "place"}:
                continue
            if str(self._counties.loc[by_unit.adcode, "parent_adcode"]) != found.adcode:
                continue
            basis = f"{found.basis}；{by_unit.basis}"
            return Placement(
                by_unit.adcode, by_unit.unit_name, found.place or by_unit.place,
                by_unit.precision, basis, by_unit.lon, by_unit.lat,
            )  # fmt: skip
        return found

    def _decide(self, hits: list[_Hit], field: str) -> Placement:
        best = [h for h in hits if h.kind == "place"] or hits
        # One entry per thing found (多湖 and 多湖街道 are one place).
        unique = list({(h.adcodes, h.place.name if h.place else h.name): h for h in best}.values())
        adcodes = {a for h in unique for a in h.adcodes}
        # A city named beside one of its counties adds nothing: keep the county.
        adcodes -= {
            str(self._counties.loc[a, "parent_adcode"])
            for a in adcodes
            if a in self._counties.index
        }
        names = [h.place.name if h.place else h.name for h in unique]
        place = "、".join(names) if len(names) <= 3 else f"{'、'.join(names[:3])}等{len(names)}处"
        basis = f"{field}：" + "；".join(dict.fromkeys(h.basis for h in unique))
        if len(adcodes) == 1:
            adcode = adcodes.pop()
            places = [h.place for h in unique if h.place is not None]
            point = places[0] if len(unique) == 1 and places and places[0].lon is not None else None
            level = "county" if adcode in self._counties.index else "city"
            return Placement(
                adcode, self.gazetteer.name_of(adcode), place, "place" if point else level, basis,
                point.lon if point else None, point.lat if point else None,
            )  # fmt: skip
        cities = {
            a if a not in self._counties.index else str(self._counties.loc[a, "parent_adcode"])
            for a in adcodes
        }
        # A work the text places in several counties belongs to each: all are listed in
        # adcodes. A place known only to lie in one of two counties (智慧新城) is not
        # in both, so only names of one county each count.
        named = {h.adcodes[0] for h in unique if len(h.adcodes) == 1} & adcodes
        counties = tuple(sorted(a for a in named if a in self._counties.index))
        spans = counties if len(counties) > 1 else ()
        if len(cities) == 1:
            city = cities.pop()
            name = self.gazetteer.name_of(city)
            basis = f"{basis}；涉及多个区县，示意于{name}"
            return Placement(city, name, place, "city", basis, adcodes=spans)
        basis = f"{basis}；涉及多个地市，无法确定位置"
        return Placement("", "", place, "unplaced", basis, adcodes=spans)

    def _fallback(self, plan_id: str) -> Placement:
        plan = self.plans.get(plan_id)
        if plan is None or plan.level == "province":
            return Placement("", "", "", "unplaced", "原文未写明可识别的地点")
        found = self.gazetteer.resolve(plan.region)
        adcode = found.adcodes[0]
        precision = "county" if plan.level == "county" else "city"
        basis = f"原文未写明地点；本规划为{plan.region}的规划（{plan.short}），示意于{plan.region}"
        return Placement(adcode, self.gazetteer.name_of(adcode), "", precision, basis)

    def place(self, records: pd.DataFrame) -> pd.DataFrame:
        """Return the records with their placement columns filled (schema order kept)."""
        out = records.copy()
        shared = records["text"].duplicated(keep=False) & (records["text"] != "")
        placements = [
            self.locate(row, shared_text=bool(flag))
            for row, flag in zip(records.to_dict("records"), shared, strict=True)
        ]
        out["adcode"] = [p.adcode for p in placements]
        out["unit_name"] = [p.unit_name for p in placements]
        out["place"] = [p.place for p in placements]
        out["precision"] = [p.precision for p in placements]
        out["placement_basis"] = [p.basis for p in placements]
        out["adcodes"] = [";".join(p.adcodes) for p in placements]
        out["line_wkt"] = [p.line for p in placements]
        lon, lat = self._points(out, placements)
        out["lon"], out["lat"] = lon, lat
        return out

    def _points(
        self, records: pd.DataFrame, placements: list[Placement]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Points for all records: place points as given, stand-ins spread in their unit."""
        lon = np.full(len(records), np.nan)
        lat = np.full(len(records), np.nan)
        groups: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(placements):
            if p.precision == "unplaced":
                continue
            key = (p.adcode, f"{p.lon},{p.lat}" if p.lon is not None else "")
            groups.setdefault(key, []).append(i)
        ids = records["record_id"].to_numpy()
        for (adcode, at), members in sorted(groups.items()):
            members.sort(key=lambda i: ids[i])
            unit = self.gazetteer.units.loc[adcode].geometry
            if at:
                first = placements[members[0]]
                anchor = shapely.Point(first.lon, first.lat)
                spacing = _PLACE_SPREAD_M
            else:
                anchor, spacing = _interior_anchor(unit, len(members))
            xs, ys = _spread(anchor, len(members), spacing, unit)
            # 6 decimals (~0.1 m): the shipped files then do not change with the last
            # bits of a PROJ or GEOS release.
            lon[members], lat[members] = np.round(xs, 6), np.round(ys, 6)
        return lon, lat


_FIELD_LABELS = {"name": "名称", "location": "选址", "boundary": "四至", "text": "原文"}


def _interior_anchor(unit: Any, count: int) -> tuple[Any, float]:
    """Return the unit's most interior point and a spacing that keeps the spiral inside."""
    metric = crs.to_metric([unit])[0]
    largest = max(getattr(metric, "geoms", [metric]), key=lambda g: g.area)
    centre = polylabel(largest, tolerance=50.0)
    room = largest.exterior.distance(centre)
    spacing = min(_SPREAD_M, 0.8 * room / max(np.sqrt(count), 1.0))
    return crs.from_metric([centre])[0], spacing


def _spread(anchor: Any, count: int, spacing: float, unit: Any) -> tuple[np.ndarray, np.ndarray]:
    """Sunflower (Vogel) spiral of ``count`` points around the anchor, ``spacing`` metres apart."""
    centre = crs.to_metric([anchor])[0]
    k = np.arange(count)
    radius = spacing * np.sqrt(k) * 0.9
    theta = k * np.pi * (3 - np.sqrt(5))  # the golden angle
    points = shapely.points(centre.x + radius * np.cos(theta), centre.y + radius * np.sin(theta))
    back = crs.from_metric(points)
    inside = shapely.contains(unit, back)
    back[~inside] = anchor  # never outside the unit: fall back to the anchor itself
    return shapely.get_x(back), shapely.get_y(back)


def read_townships(path: str | Path) -> pd.DataFrame:
    """Read ``data/townships.csv`` (adcode, county, township, source)."""
    columns = ["adcode", "county", "township", "source"]
    rows = read_csv_rows(path, columns, "rebuild it with scripts/build_townships.py")
    return pd.DataFrame(rows, columns=columns)
