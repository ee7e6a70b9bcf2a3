"""Names in a record's text: units, named places and townships, found longest first.

:class:`NameIndex` knows every name :mod:`geoplan.locate` may read: county and
city names and short names, the named places of ``data/places.csv`` and the
townships of ``data/township_points.csv`` (with their short forms). Its
:meth:`NameIndex.scan` returns the names in a text as :class:`Hit` values; it
knows which words are rivers or mountains (武义江, 白云山) and which are brands
(X小镇), but not where a record is: that is the locator's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from geoplan.admin import Gazetteer, normalize
from geoplan.boundaries import counties_of
from geoplan.places import Place, base_name

__all__ = ["Hit", "NameIndex", "Town"]

# A unit's or township's short name followed by one of these is a river, road,
# mountain, lake, bay or cove (武义江, 衢江路, 瓯海大道, 金华山, 白云山, 祥符荡, 杭州湾,
# 状元岙), not the unit: 杭州湾新区 lies in 宁波, not 杭州.
_NOT_A_PLACE_AFTER = (*"江河溪湖荡漾岙湾山路街道桥港", "大道", "大街", "大桥")
# A township named after a river, lake or mountain (富春江镇, 莫干山镇, 千岛湖镇): its
# short form of three or more characters is that feature's name first — 富春江科技城,
# 富春江航道 are not in the township. Two-character short forms (多湖, 汤溪) are
# mostly the towns' own names and still count.
_FEATURE_ENDINGS = tuple("江河溪湖山岛湾海峰岭")
_BRAND = "小镇"
_DIRECTIONS = "东南西北"
_SEPARATORS = re.compile(r"[、，,；;／/和及与]+")


@dataclass(frozen=True, slots=True)
class Town:
    adcode: str
    name: str
    lon: float | None
    lat: float | None
    uncertainty_m: float | None
    source: str  # the row's source, e.g. "GeoNames 1808505, CC BY 4.0"


@dataclass(frozen=True, slots=True)
class Hit:
    name: str  # the words as found
    adcodes: tuple[str, ...]  # the units it may be in
    kind: str  # place, unit, township, responsible; feature: a mountain or river, not a place
    basis: str
    place: Place | None = None
    towns: tuple[Town, ...] = ()  # the townships it may be (township hits)
    short: bool = False  # a short form of a township name


class NameIndex:
    """Every name a record may use for a place, with the units it may be in.

    Parameters
    ----------
    gazetteer
        Units and named places.
    towns
        ``data/township_points.csv`` rows.
    """

    def __init__(self, gazetteer: Gazetteer, towns: pd.DataFrame) -> None:
        self.gazetteer = gazetteer
        units = gazetteer.units
        self.counties = units[units["level"] == "county"]
        # Looked up for every name found in every record: computed once.
        self.cover = {str(a): counties_of(units, str(a)) for a in units.index}
        self.names = {str(a): str(n) for a, n in zip(units.index, units["name"], strict=True)}
        self.parent = {
            str(a): str(p)
            for a, p in zip(self.counties.index, self.counties["parent_adcode"], strict=True)
        }
        self._unit_names = self._unit_name_index()
        self._places = {
            normalize(n): p
            for p in gazetteer.places
            if p.kind != "township"
            for n in (p.name, *p.aliases)
        }
        self._towns, self._short = self._town_index(towns)
        names = [*self._unit_names, *self._places, *self._towns]
        self._prefixes = {n[:2] for n in names}
        self._longest = max(len(n) for n in names)

    def _unit_name_index(self) -> dict[str, tuple[str, str]]:
        """Full and short names of counties and cities → (adcode, form)."""
        index: dict[str, tuple[str, str]] = {}
        units = self.gazetteer.units
        for adcode, row in units[units["level"] != "province"].iterrows():
            index[normalize(row["name"])] = (str(adcode), "full")
            index.setdefault(normalize(row["short_name"]), (str(adcode), "short"))
        return index

    def _town_index(self, towns: pd.DataFrame) -> tuple[dict[str, tuple[Town, ...]], set[str]]:
        """Township names and short forms → townships; and which keys are short forms.

        Townships of ``places.csv`` (鞋塘办事处, 东阳横店 …) join those of the
        township table; a short form that is also a unit or place name belongs
        to that, not to a township.
        """
        index: dict[str, dict[tuple[str, str], Town]] = {}
        short: set[str] = set()

        def add(key: str, town: Town, *, is_short: bool) -> None:
            entries = index.setdefault(normalize(key), {})
            known = entries.get((town.adcode, town.name))
            if known is None or (known.lon is None and town.lon is not None):
                entries[(town.adcode, town.name)] = town
            if is_short:
                short.add(normalize(key))

        table: dict[tuple[str, str], Town] = {}
        for row in towns.itertuples(index=False):
            has = not pd.isna(row.lon)
            town = Town(
                str(row.adcode), str(row.township), row.lon if has else None,
                row.lat if has else None, row.uncertainty_m if has else None,
                f"{row.source.split(';')[0]}，{row.licence}" if has else "",
            )  # fmt: skip
            table[(town.adcode, town.name)] = town
            add(town.name, town, is_short=False)
            if base_name(town.name) != town.name:
                add(base_name(town.name), town, is_short=True)
        for place in self.gazetteer.places:
            if place.kind != "township":
                continue
            town = Town(
                place.adcodes[0], place.name, place.lon, place.lat, place.uncertainty_m,
                f"地名表 {place.name}：{place.position_source}" if place.lon is not None else "",
            )  # fmt: skip
            # An alias (东阳横店) of a township the table has with its point cites that point's
            # source (GeoNames, its licence), as the township's own name does.
            same = table.get((town.adcode, town.name))
            if same is not None and same.lon is not None:
                town = same
            for name in (place.name, *place.aliases):
                add(name, town, is_short=name == base_name(place.name) != place.name)
        taken = set(self._unit_names) | set(self._places)
        out = {k: tuple(v.values()) for k, v in index.items() if k not in taken}
        return out, short & set(out)

    def scan(self, text: str, region: set[str]) -> list[Hit]:
        """Names of places, units and townships in one text, longest match first."""
        key = normalize(text)
        found: list[tuple[int, int, Hit]] = []
        for start in range(len(key) - 1):
            if key[start : start + 2] not in self._prefixes:
                continue
            for end in range(min(len(key), start + self._longest), start + 1, -1):
                hit = self._lookup(key[start:end], key[end : end + 2], region)
                if (
                    hit is not None
                    and hit.short
                    and start
                    and key[start - 1] in _DIRECTIONS
                    and not self._ends_a_name(key, start)
                ):
                    # 南太湖 is not 太湖 (of 太湖街道): a direction before a short form
                    # makes another name.
                    hit = Hit(key[start - 1 : end], (), "feature", "a name with a direction")
                    found.append((start - 1, end, hit))
                    break
                if hit is not None:
                    # A feature (白云山) takes its last character too, so that no
                    # shorter name inside it (云山) is read as a place.
                    found.append((start, start + len(hit.name), hit))
                    break
        # Longest first, then leftmost; a name inside a longer accepted name does not count.
        taken = [False] * len(key)
        hits = []
        for start, end, hit in sorted(found, key=lambda t: (t[0] - t[1], t[0])):
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, hit))
        return [hit for _, hit in sorted(hits, key=lambda t: t[0]) if hit.kind != "feature"]

    def _ends_a_name(self, key: str, end: int) -> bool:
        """Whether a unit's, place's or township's name ends at ``end`` (江北 of 江北慈城)."""
        return any(
            key[start:end] in self._unit_names
            or key[start:end] in self._places
            or key[start:end] in self._towns
            for start in range(max(0, end - self._longest), end - 1)
        )

    def _lookup(self, word: str, after: str, region: set[str]) -> Hit | None:
        return (
            self._lookup_place(word, region)
            or self._lookup_unit(word, after, region)
            or self._lookup_township(word, after, region)
        )

    def _lookup_place(self, word: str, region: set[str]) -> Hit | None:
        place = self._places.get(word)
        if place is None or not set(place.adcodes) & (region | self.cities_of(region)):
            return None
        units = "、".join(self.names[a] for a in place.adcodes)
        return Hit(
            word, place.adcodes, "place", f"“{word}”即{place.name}，位于{units}（地名表）", place
        )

    def _lookup_unit(self, word: str, after: str, region: set[str]) -> Hit | None:
        unit = self._unit_names.get(word)
        if unit is None:
            return None
        if unit[1] == "short" and (feature := _feature_named_after(word, after)):
            return feature
        adcode = unit[0]
        inside = [a for a in self.cover.get(adcode, ()) if a in region]
        if not inside:
            return None
        name = self.names[adcode]
        if len(region) == 1 and adcode not in region:
            # A county's plan naming its own city (金东's "金华龙头殿") means that county.
            county = self.names[inside[0]]
            return Hit(word, (inside[0],), "unit", f"“{word}”即{name}，本规划范围为{county}")
        return Hit(word, (adcode,), "unit", f"“{word}”即{name}")

    def _lookup_township(self, word: str, after: str, region: set[str]) -> Hit | None:
        towns = tuple(t for t in self._towns.get(word, ()) if t.adcode in region)
        short = word in self._short
        if not towns or (short and after == _BRAND):
            return None
        if short and (feature := _feature_named_after(word, after)):
            return feature
        if short and len(word) >= 3 and word.endswith(_FEATURE_ENDINGS):
            return Hit(word, (), "feature", "the river, lake or mountain a township is named after")
        counties = tuple(sorted({t.adcode for t in towns}))
        names = "、".join(f"{self.names[t.adcode]}{t.name}" for t in towns)
        basis = f"“{word}”为{names}（乡镇表）"
        return Hit(word, counties, "township", basis, towns=towns, short=short)

    def cities_of(self, counties: set[str]) -> set[str]:
        return {
            str(self.counties.loc[a, "parent_adcode"]) for a in counties if a in self.counties.index
        }

    def responsible(self, text: str, region: set[str]) -> list[Hit]:
        hits = []
        for part in _SEPARATORS.split(text):
            if not part.strip():
                continue
            found = self.gazetteer.resolve(part)
            if found.ok and any(set(self.cover.get(a, ())) & region for a in found.adcodes):
                units = "、".join(self.names[a] for a in found.adcodes)
                hits.append(
                    Hit(part, found.adcodes, "responsible", f"“{part}”→{units}", found.place)
                )
        return hits


def _feature_named_after(word: str, after: str) -> Hit | None:
    """Return the river, road or lake a short name starts (瓯海 + 大道), or None."""
    ending = next((e for e in _NOT_A_PLACE_AFTER if after.startswith(e)), None)
    if ending is None:
        return None
    return Hit(word + ending, (), "feature", "a river, road, lake or mountain")
