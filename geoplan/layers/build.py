"""Building layers: a grouping's members into geometry, a record layer into records.

A member made of units is their dissolved polygon (geodesic area); a
``towns`` member the approximate area of the towns it lists; a
``schematic`` member a line through its places. Nothing here draws.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from geoplan import crs
from geoplan.admin import Gazetteer
from geoplan.boundaries import counties_of
from geoplan.errors import DataFileError
from geoplan.layers.spec import GroupingSpec, Member, RecordLayerSpec

__all__ = ["build_grouping", "member_adcodes", "select_records", "town_area"]


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
        ``role``, ``unit_names``, ``adcodes``, ``precision``,
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
        elif member.precision == "towns":
            geometry = town_area(member, adcodes, gazetteer, f"{spec.path}: ")
            area_km2, length_km = float(crs.geodesic_area_m2(geometry)[0]) / 1e6, float("nan")
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


def town_area(
    member: Member, adcodes: tuple[str, ...], gazetteer: Gazetteer, where: str = ""
) -> Any:
    """Return the approximate area (近似范围) of a member made of townships.

    The union of the approximate township areas
    (:func:`geoplan.places.township_areas`: Voronoi cells of the township points,
    clipped to their county) of the townships in ``member.places`` that have a
    point. Cells are computed from *all* township points of the member's
    counties, so members listing different towns get disjoint shapes. Not an
    official boundary: the shape says roughly where, and a listed town without
    a point adds nothing (its land falls to its neighbours' cells).

    Raises
    ------
    DataFileError
        If a listed place is not a township of the member's units (in
        ``data/township_points.csv`` or ``data/places.csv``), or none has a point.
    """
    from geoplan import places  # noqa: PLC0415 - only town members need the township table

    towns = places.read_township_points()
    towns = towns[towns["adcode"].isin(adcodes)]
    keys = {(a, n): (a, n) for a, n in zip(towns["adcode"], towns["township"], strict=True)}
    keys |= {(a, places.base_name(n)): (a, n) for a, n in keys.values()}
    wanted, unknown = set(), []
    for name in member.places:
        found = [keys[(a, name)] for a in adcodes if (a, name) in keys]
        place = gazetteer.resolve(name).place
        if len(found) == 1:
            wanted.add(found[0])
        elif not (place and place.kind == "township" and set(place.adcodes) <= set(adcodes)):
            unknown.append(name)  # a township of data/places.csv (鞋塘办事处) is known
    cells = places.township_areas(gazetteer.units, towns, adcodes)
    chosen = cells[
        [(a, n) in wanted for a, n in zip(cells["adcode"], cells["township"], strict=True)]
    ]
    if unknown or chosen.empty:
        listed = "、".join(unknown) or "、".join(member.places)
        msg = (
            f"{where}member {member.name!r} (precision 'towns'): {listed} is not a township "
            f"with a point in data/township_points.csv of {', '.join(adcodes)}; list townships "
            "of the member's units, or use precision 'within'"
        )
        raise DataFileError(msg)
    return shapely.union_all(np.asarray(chosen.geometry.values))


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
