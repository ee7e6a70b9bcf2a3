"""Place records on the map, as precisely as their own words allow and no more.

Each record takes the finest place its words give (``precision``, best first):

``place``
    a named place of ``data/places.csv`` that has a cited point (江岭高新智造区,
    金华澧浦苗木城), or a point between two or more placed sides of its 四至;
``township``
    a township (乡/镇/街道) with a point in ``data/township_points.csv``
    (GeoNames): 孝顺镇, 横店 → 横店镇;
``schematic``
    a linear work whose name states its two ends ("S310省道东阳李宅至义乌青岩刘段"),
    both ends placed: a straight line between them (``line_wkt``), its point
    the line's middle; never the work's real alignment;
``county`` / ``city``
    only the unit is known: a county or city named in the record, a place or
    township without a point, the responsible unit (江山市政府 → 江山市) or
    the plan's own region. The point is a stand-in inside the unit (records of
    one unit are spread on a sunflower spiral so none hides another); maps draw
    such records as part of their unit, never as a located dot.

A work its words place in several counties (two ends, or two counties named) is
one record whose ``adcodes`` lists each of them; queries count it in each.

Rules that keep names honest:

* names count only inside the plan's region (a Jinhua plan that mentions 杭州
  is not placing a project in 杭州), and a place or township counts only inside
  the county the record itself names (兰溪市越龙山… is not 永康's 龙山镇);
* a township name found in several counties resolves only inside the record's
  own unit; a short form (横店 for 横店镇) counts only where it names one
  township of that unit, not before 山/江/路… (白云山 is a mountain), and not
  after a direction that is no unit's last character (南太湖新区 is not in
  太湖街道; 江北慈城 is 慈城镇); a short form of three characters or more that
  ends like a river, lake or mountain (富春江 of 富春江镇) names the feature;
* a short form in the name yields to a place the location names in full
  (富春江科技城, 位于城南街道);
* a brand is not a place: "X小镇" is a platform named after X, not the
  township X镇, so a short form directly before 小镇 does not count.

``placement_basis`` says which words, in which field and plan line, matched
which row of which table, and that row's source.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geoplan import crs
from geoplan._cite import Citer, LineSource
from geoplan._names import Hit, NameIndex
from geoplan._paths import DATA
from geoplan._standins import standin_points
from geoplan.admin import Gazetteer
from geoplan.boundaries import counties_of
from geoplan.errors import DataFileError
from geoplan.places import read_township_points
from geoplan.plans import Plan, read_plans

__all__ = ["LineSource", "Locator", "Placement"]

# Text fields searched for names, most telling first.
_FIELDS = ("name", "location", "boundary", "text")
_SIDES = {"boundary_east": "东", "boundary_west": "西", "boundary_south": "南",
          "boundary_north": "北"}  # fmt: skip


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
class _Fine:
    """A position finer than a county: a place or township with a point."""

    label: str
    precision: str
    basis: str
    lon: float
    lat: float


class Locator:
    """Places records using the gazetteer, the township points and the plans.

    Parameters
    ----------
    gazetteer
        Units and named places (``data/places.csv``).
    towns
        ``data/township_points.csv`` (:func:`geoplan.places.read_township_points`).
    plans
        The plan registry, for each plan's region.
    """

    def __init__(
        self, gazetteer: Gazetteer, towns: pd.DataFrame, plans: Mapping[str, Plan]
    ) -> None:
        self.gazetteer = gazetteer
        self.plans = plans
        self._names = NameIndex(gazetteer, towns)
        self._counties = self._names.counties
        self._cover = self._names.cover
        self._region = {pid: self._region_of(plan) for pid, plan in plans.items()}
        self._everywhere = tuple(str(a) for a in self._counties.index)

    @classmethod
    def load(cls, data_dir: str | Path = DATA) -> Locator:
        """Build a locator from the shipped data."""
        data = Path(data_dir)
        return cls(
            Gazetteer.load(data),
            read_township_points(data / "township_points.csv"),
            read_plans(data / "plans.toml"),
        )

    def with_plan(self, plan: Plan) -> Locator:
        """Return a locator that also knows ``plan`` (an uploaded plan, not in the registry).

        Raises
        ------
        DataFileError
            If the plan's region is not a unit.
        """
        other = copy.copy(self)
        other.plans = {**self.plans, plan.id: plan}
        region = self._region_of(plan) if plan.region else self._everywhere
        other._region = {**self._region, plan.id: region}
        return other

    # ------------------------------------------------------------------ indexes

    def _region_of(self, plan: Plan) -> tuple[str, ...]:
        found = self.gazetteer.resolve(plan.region)
        if not found.ok:
            msg = f"plan {plan.id}: region {plan.region!r} is not a unit ({found.basis})"
            raise DataFileError(msg)
        return counties_of(self.gazetteer.units, found.adcodes[0])

    # ------------------------------------------------------------------ placing

    def locate(
        self,
        record: Mapping[str, Any],
        *,
        shared_text: bool = False,
        lines: LineSource | None = None,
    ) -> Placement:
        """Place one record (a row with the schema's text fields and ``plan``).

        ``shared_text=True`` when several records share the record's ``text``
        (projects listed together in one item): names in that text then say
        nothing about this record, so it is not searched. ``lines`` gives the
        plan's lines, so the basis can cite the line each word is on.
        """
        return self._with_ends(record, self._locate(record, shared_text, lines))

    def _locate(
        self, record: Mapping[str, Any], shared_text: bool, lines: LineSource | None
    ) -> Placement:
        plan = str(record.get("plan", ""))
        region = set(self._region.get(plan, self._everywhere))
        fields = _FIELDS[:3] if shared_text else _FIELDS
        scans = {f: self._names.scan(str(record.get(f, "") or ""), region) for f in fields}
        cite = Citer(record, lines)
        unit = self._unit(scans, record, region, cite)
        if unit.precision != "county":
            return unit
        fine = self._finest(scans, record, region, unit.adcode, cite)
        if fine is None:
            return unit
        return Placement(
            unit.adcode, unit.unit_name, fine.label, fine.precision,
            f"{unit.basis}；{fine.basis}", fine.lon, fine.lat,
        )  # fmt: skip

    def _unit(
        self, scans: dict[str, list[Hit]], record: Mapping[str, Any], region: set[str],
        cite: Citer,
    ) -> Placement:  # fmt: skip
        """Find the county or city the record is in, from the strongest field that says."""
        responsible = self._names.responsible(str(record.get("responsible_unit", "") or ""), region)
        for i, field in enumerate(_FIELDS[:3]):
            found = self._decide(scans[field], cite.label(field, [h.name for h in scans[field]]))
            if found is not None:
                # A later field or the 责任单位 may say which county of a named city.
                later = [
                    (scans[f], cite.label(f, [h.name for h in scans[f]]))
                    for f in _FIELDS[i + 1 : 3]
                ]
                return self._refine(found, [*later, (responsible, "责任单位")])
        if responsible:
            return self._decide(responsible, "责任单位") or self._fallback(record)
        found = self._decide(
            scans.get("text", []), cite.label("text", [h.name for h in scans.get("text", [])])
        )
        return found or self._fallback(record)

    def _refine(self, found: Placement, evidence: list[tuple[list[Hit], str]]) -> Placement:
        """Narrow a city-level placement by a county inside that city named elsewhere.

        "衢州奥陶纪景区" names only the city; its 责任单位 柯城区政府 (or its
        建设地点 柯城区) says which county.
        """
        if found.precision != "city":
            return found
        for hits, label in evidence:
            by_unit = self._decide(hits, label) if hits else None
            if by_unit is None or by_unit.precision != "county":
                continue
            if self._names.parent.get(by_unit.adcode) != found.adcode:
                continue
            return replace(
                by_unit, place=found.place or by_unit.place, basis=f"{found.basis}；{by_unit.basis}"
            )
        return found

    def _consistent(self, hits: list[Hit]) -> list[Hit]:
        """Hits that agree with the units the same words name; ambiguous townships left out.

        "兰溪市越龙山" names 兰溪市: 龙山 (a township of 永康市) does not count.
        """
        units = [h for h in hits if h.kind == "unit"]
        scope = {c for h in units for a in h.adcodes for c in self._cover.get(a, ())}
        kept = []
        for hit in hits:
            adcodes = hit.adcodes
            if scope and hit.kind != "unit":
                adcodes = tuple(a for a in adcodes if set(self._cover.get(a, ())) & scope)
            if not adcodes or (hit.kind == "township" and len(adcodes) > 1):
                continue
            kept.append(replace(hit, adcodes=adcodes))
        return kept

    def _decide(self, hits: list[Hit], field: str) -> Placement | None:
        kept = self._consistent(hits)
        best = [h for h in kept if h.kind == "place"] or kept
        if not best:
            return None
        # One entry per thing found (多湖 and 多湖街道 are one place).
        unique = list({(h.adcodes, h.place.name if h.place else h.name): h for h in best}.values())
        adcodes = {a for h in unique for a in h.adcodes}
        # A city named beside one of its counties adds nothing: keep the county.
        adcodes -= self._names.cities_of(adcodes)
        names = [h.place.name if h.place else _town_name(h) for h in unique]
        place = "、".join(names) if len(names) <= 3 else f"{'、'.join(names[:3])}等{len(names)}处"
        basis = f"{field}：" + "；".join(dict.fromkeys(h.basis for h in unique))
        if len(adcodes) == 1:
            adcode = adcodes.pop()
            level = "county" if adcode in self._names.parent else "city"
            return Placement(adcode, self._names.names[adcode], place, level, basis)
        cities = {a if a not in self._names.parent else self._parent(a) for a in adcodes}
        # A work the text places in several counties belongs to each: all are listed in
        # adcodes. A place known only to lie in one of two counties (智慧新城) is not
        # in both, so only names of one county each count.
        named = {h.adcodes[0] for h in unique if len(h.adcodes) == 1} & adcodes
        counties = tuple(sorted(a for a in named if a in self._names.parent))
        spans = counties if len(counties) > 1 else ()
        if len(cities) == 1:
            city = cities.pop()
            name = self._names.names[city]
            basis = f"{basis}；涉及多个区县，示意于{name}"
            return Placement(city, name, place, "city", basis, adcodes=spans)
        basis = f"{basis}；涉及多个地市，无法确定位置"
        return Placement("", "", place, "unplaced", basis, adcodes=spans)

    def _parent(self, county: str) -> str:
        return self._names.parent[county]

    def _fallback(self, record: Mapping[str, Any]) -> Placement:
        plan = self.plans.get(str(record.get("plan", "")))
        if plan is None or plan.level == "province" or not plan.region:
            return Placement("", "", "", "unplaced", "原文未写明可识别的地点")
        found = self.gazetteer.resolve(plan.region)
        adcode = found.adcodes[0]
        precision = "county" if plan.level == "county" else "city"
        basis = f"原文未写明地点；本规划为{plan.region}的规划（{plan.short}），示意于{plan.region}"
        return Placement(adcode, self._names.names[adcode], "", precision, basis)

    # ------------------------------------------------------------------ linear works

    def _with_ends(self, record: Mapping[str, Any], found: Placement) -> Placement:
        """Draw a linear work between two placed ends, or list every county its ends lie in.

        Each end is read as narrowly as its words allow (柯城 in "衢州柯城" is the
        county; 李宅 a township of it when the township table has one); an end
        that names only a city says nothing about counties.
        """
        names = (str(record.get("end_from", "") or ""), str(record.get("end_to", "") or ""))
        if not all(names):
            return found
        region = set(self._region.get(str(record.get("plan", "")), self._everywhere))
        ends = [self._end(name, region) for name in names]
        if any(end is None for end in ends):
            return found
        (first, first_fine), (second, second_fine) = ends  # type: ignore[misc]
        counties = sorted({c for e in (first, second) for c in self._cover.get(e.adcode, ())})
        spans = tuple(counties) if len(counties) > 1 else ()
        if first_fine is None or second_fine is None:
            return replace(found, adcodes=spans) if spans else found
        line = shapely.LineString(
            [(first_fine.lon, first_fine.lat), (second_fine.lon, second_fine.lat)]
        )
        middle = line.interpolate(0.5, normalized=True)
        adcode = self._unit_at(middle, counties, first.adcode)
        said = "；".join(
            f"“{n}”→{f.basis}" for n, f in zip(names, (first_fine, second_fine), strict=True)
        )
        return Placement(
            adcode, self._names.names[adcode], "—".join(names), "schematic",
            f"两端：{said}；两端之间为示意直线，非实际线位", round(middle.x, 6),
            round(middle.y, 6), spans, shapely.to_wkt(line, rounding_precision=6),
        )  # fmt: skip

    def _end(self, name: str, region: set[str]) -> tuple[Placement, _Fine | None] | None:
        """Return the county one end of a linear work is in, and its point when it has one."""
        hits = self._names.scan(name, region)
        unit = self._decide(hits, "两端") if hits else None
        if unit is None or unit.precision != "county":
            return None
        things = self._below(hits, unit.adcode)
        return unit, (things[0][1] if len(things) == 1 else None)

    def _unit_at(self, point: Any, counties: list[str], default: str) -> str:
        """Return the one city of ``counties``, else the county holding ``point``."""
        cities = {self._parent(c) for c in counties}
        if len(counties) > 1 and len(cities) == 1:
            return cities.pop()
        units = self.gazetteer.units
        return next((c for c in counties if units.loc[c].geometry.contains(point)), default)

    # ------------------------------------------------------------------ below the county

    def _finest(
        self, scans: dict[str, list[Hit]], record: Mapping[str, Any], region: set[str],
        county: str, cite: Citer,
    ) -> _Fine | None:  # fmt: skip
        """Find the one place or township with a point that the record's words put it at.

        Name, then location, then the 四至 sides, then the item's text; a field
        naming several places below the county places the record at none of them.
        A short form in the name (富春 …) yields to a full name in the location
        ("位于城南街道"): the location says where, the name may only borrow a word.
        """
        short: tuple[str, str, _Fine | None] | None = None
        for field in ("name", "location", "sides", "text"):
            if field == "sides":
                if short is not None:
                    break
                found = self._between_sides(record, region, county, cite)
                if found is not None:
                    return found
                continue
            things = self._below(scans.get(field, []), county)
            if len(things) > 1:
                return None
            if not things:
                continue
            word, fine = things[0]
            if field == "name" and word in self._short_words(scans[field]):
                short = (field, word, fine)
                continue
            return self._cited(field, word, fine, cite)
        if short is not None:
            return self._cited(*short, cite)
        return None

    @staticmethod
    def _short_words(hits: list[Hit]) -> set[str]:
        return {h.name for h in hits if h.kind == "township" and h.short}

    @staticmethod
    def _cited(field: str, word: str, fine: _Fine | None, cite: Citer) -> _Fine | None:
        if fine is None:
            return None
        return replace(fine, basis=f"{cite.where(field, word)}“{word}”→{fine.basis}")

    def _below(self, hits: list[Hit], county: str) -> list[tuple[str, _Fine | None]]:
        """Distinct places and townships of the county in one field (None: no point)."""
        out: dict[str, tuple[str, _Fine | None]] = {}
        for hit in hits:
            if hit.kind == "place" and hit.place is not None:
                place = hit.place
                if county not in {c for a in place.adcodes for c in self._cover.get(a, ())}:
                    continue
                fine = None
                if place.lon is not None and place.lat is not None:
                    src = f"地名表 {place.name}（{place.position_source}）"
                    fine = _Fine(place.name, "place", _with_radius(src, place.uncertainty_m),
                                 place.lon, place.lat)  # fmt: skip
                out.setdefault(place.name, (hit.name, fine))
            elif hit.kind == "township":
                towns = [t for t in hit.towns if t.adcode == county]
                if len(towns) != 1:  # none here, or a short form of several townships
                    continue
                town = towns[0]
                fine = None
                if town.lon is not None and town.lat is not None:
                    county_name = self._names.names[county]
                    src = f"乡镇表 {county_name}{town.name}（{town.source}）"
                    fine = _Fine(town.name, "township", _with_radius(src, town.uncertainty_m),
                                 town.lon, town.lat)  # fmt: skip
                out.setdefault(town.name, (hit.name, fine))
        return list(out.values())

    def _between_sides(
        self, record: Mapping[str, Any], region: set[str], county: str, cite: Citer
    ) -> _Fine | None:
        """Put the record between its 四至 sides when two or more of them name placed places."""
        sides = []
        for column, side in _SIDES.items():
            things = self._below(
                self._names.scan(str(record.get(column, "") or ""), region), county
            )
            if len(things) == 1 and things[0][1] is not None:
                word, fine = things[0]
                sides.append((side, word, fine))
        if len({(f.lon, f.lat) for *_, f in sides if f is not None}) < 2:
            return None
        fines = [f for *_, f in sides if f is not None]
        metric = crs.to_metric(shapely.points([f.lon for f in fines], [f.lat for f in fines]))
        centre = crs.from_metric(
            [shapely.Point(shapely.get_x(metric).mean(), shapely.get_y(metric).mean())]
        )[0]
        precision = "township" if all(f.precision == "township" for f in fines) else "place"
        said = "；".join(f"{side}至“{word}”→{f.basis}" for side, word, f in sides if f)
        basis = f"{cite.where('boundary', sides[0][1])}{said}；位于各侧之间（取其中点）"
        label = "、".join(f.label for f in fines) + "之间"
        return _Fine(label, precision, basis, round(centre.x, 6), round(centre.y, 6))

    # ------------------------------------------------------------------ tables

    def place(self, records: pd.DataFrame, *, lines: LineSource | None = None) -> pd.DataFrame:
        """Return the records with their placement columns filled (schema order kept)."""
        out = records.copy()
        # A list's sentence is its works' text: its place words are not one work's own,
        # also when the plan's other mentions of a sibling were merged away (group_id).
        shared = records["text"].duplicated(keep=False) | (records["group_id"] != "")
        shared &= records["text"] != ""
        placements = [
            self.locate(row, shared_text=bool(flag), lines=lines)
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
        """Points: places and townships where the sources put them, stand-ins spread in units."""
        lon = np.full(len(records), np.nan)
        lat = np.full(len(records), np.nan)
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(placements):
            if p.lon is not None and p.lat is not None:
                # At the place itself: spreading would invent an offset, and the
                # documented-area footprint must centre on the place.
                lon[i], lat[i] = p.lon, p.lat
            elif p.precision != "unplaced":
                groups.setdefault(p.adcode, []).append(i)
        ids = records["record_id"].to_numpy()
        for adcode, members in sorted(groups.items()):
            members.sort(key=lambda i: ids[i])
            unit = self.gazetteer.units.loc[adcode].geometry
            lon[members], lat[members] = standin_points(unit, len(members))
        return lon, lat


def _town_name(hit: Hit) -> str:
    return hit.towns[0].name if hit.kind == "township" and len(hit.towns) == 1 else hit.name


def _with_radius(source: str, radius_m: float | None) -> str:
    if radius_m is None or pd.isna(radius_m):
        return source
    return f"{source}，误差约±{radius_m / 1000:.1f} km"
