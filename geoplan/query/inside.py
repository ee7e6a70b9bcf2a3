"""Which records lie in a unit, a grouping member or at a point.

Records placed only at county or city precision sit on stand-in points, so
"is this record in that member?" is answered from the unit a record is placed
in (its ``adcode``), not from where its stand-in point happens to fall;
records placed at a town or place are tested by their point where a member's
shape is drawn from towns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from geoplan import crs
from geoplan.boundaries import counties_of
from geoplan.query import spatial

__all__ = ["citywide_records", "nearby", "records_in_member", "records_in_units", "unit_at"]


def records_in_units(
    records: pd.DataFrame, adcodes: Iterable[str], units: pd.DataFrame
) -> pd.DataFrame:
    """Return the records placed in any of the given units.

    Parameters
    ----------
    records
        Placed records (schema columns).
    adcodes
        Unit adcodes; a city stands for all its counties, the province for all.
    units
        The unit table (``parent_adcode``, ``level``), indexed by adcode.

    Notes
    -----
    A record placed only at city precision is inside when the units cover the
    whole city; when they cover part of it, whether the record is inside is not
    known, and it is left out. A work spanning several counties (its ``adcodes``,
    e.g. a road between two counties' towns) is inside each of them.
    """
    counties = units[units["level"] == "county"]
    wanted = {county for adcode in adcodes for county in counties_of(units, adcode)}
    whole_cities = {
        city for city, group in counties.groupby("parent_adcode") if set(group.index) <= wanted
    }
    mask = records["adcode"].isin(wanted | whole_cities)
    if "adcodes" in records.columns:
        spans = records["adcodes"].fillna("").astype(str)
        listed = spans[spans != ""]  # few records span units: look at those only
        spanning = listed.str.split(";").map(lambda codes: not wanted.isdisjoint(codes))
        mask |= records.index.isin(spanning.index[spanning.astype(bool)])
    return records[mask]


def citywide_records(
    records: pd.DataFrame, adcodes: Iterable[str], units: pd.DataFrame
) -> pd.DataFrame:
    """Return the records placed only at a city the units cover in part.

    :func:`records_in_units` leaves these out: a record the plan places only
    in 衢州市 may or may not lie in 柯城区. A planner who chose 柯城区 is told
    how many there are and may include them.

    Parameters
    ----------
    records
        Placed records (schema columns).
    adcodes
        Unit adcodes, as for :func:`records_in_units`.
    units
        The unit table (``parent_adcode``, ``level``), indexed by adcode.
    """
    counties = units[units["level"] == "county"]
    wanted = {county for adcode in adcodes for county in counties_of(units, adcode)}
    partial = {
        city
        for city, group in counties.groupby("parent_adcode")
        if not set(group.index) <= wanted and not wanted.isdisjoint(group.index)
    }
    return records[records["adcode"].isin(partial)]


def records_in_member(
    records: pd.DataFrame, member: pd.Series, units: pd.DataFrame
) -> pd.DataFrame:
    """Return the records inside one grouping member, with how each matched.

    Parameters
    ----------
    records
        Placed records (schema columns).
    member
        A row of a grouping (:func:`geoplan.layers.build_grouping`):
        ``member``, ``aliases``, ``adcodes`` and ``precision``.
    units
        The unit table, indexed by adcode.

    Returns
    -------
    pandas.DataFrame
        The records, with a ``match`` column: ``"unit"`` (placed in the
        member's units) or, for members whose extent the plan does not give
        (``within``, ``towns``), ``"named"`` when the record names the member
        or (``towns``) is placed at a place or township inside its approximate
        area, and ``"containing unit"`` when it only lies in the same units.
    """
    adcodes = str(member["adcodes"]).split(";")
    inside = records_in_units(records, adcodes, units)
    if member["precision"] not in {"within", "towns"}:
        return inside.assign(match="unit")
    # The plan gives no boundary: a record naming the member is in it (even if
    # placed only at city precision); the others in its units may or may not be.
    names = [str(member["member"]), *(n for n in str(member.get("aliases", "")).split(";") if n)]
    pattern = "|".join(re.escape(n) for n in names)
    around = records["adcode"].isin({*adcodes, *units.loc[adcodes, "parent_adcode"]})
    candidates = records[around]
    says_so = candidates[["name", "place", "responsible_unit"]].apply(
        lambda column: column.str.contains(pattern, regex=True)
    )
    named = candidates[says_so.any(axis=1)]
    if member["precision"] == "towns":
        # Placed at a township or place: its point says whether it is in this 组团.
        below = inside[inside["precision"].isin(["place", "township"])]
        located = shapely.contains_xy(member["geometry"], below["lon"], below["lat"])
        named = pd.concat([named, below[located]]).drop_duplicates("record_id")
        inside = inside[~inside["record_id"].isin(below.loc[~located, "record_id"])]
    rest = inside[~inside["record_id"].isin(named["record_id"])]
    both = pd.concat([named.assign(match="named"), rest.assign(match="containing unit")])
    return both.sort_values("record_id")


def unit_at(units: gpd.GeoDataFrame, lon: float, lat: float, level: str = "county") -> pd.DataFrame:
    """Return the unit(s) of a level containing a WGS-84 point (empty outside Zhejiang)."""
    crs.check_lonlat([lon], [lat], what="the point")
    layer = units[units["level"] == level]
    hits = layer.sindex.query(Point(lon, lat), predicate="intersects")
    return layer.iloc[np.sort(hits)]


def nearby(records: gpd.GeoDataFrame, lon: float, lat: float, radius_m: float) -> gpd.GeoDataFrame:
    """Return placed records within ``radius_m`` metres of a point, nearest first.

    Distances are measured in CGCS2000 / 3-degree Gauss–Krüger CM 120°E
    (:data:`geoplan.crs.METRIC_CRS`), with a ``distance_m`` column added
    (:func:`geoplan.query.spatial.within_distance`, stand-ins included). Records at
    county or city precision are stand-in points: check ``precision``.
    """
    crs.check_lonlat([lon], [lat], what="the point")
    return spatial.within_distance(records, Point(lon, lat), radius_m, stand_ins=True)
