"""Spatial queries and summaries over records, units and grouping members.

Records placed only at county or city precision sit on stand-in points, so
"is this record in that member?" is answered from the unit a record is placed
in (its ``adcode``), not from where its stand-in point happens to fall. Only
records placed more precisely than their county could be tested by point; for
them both answers agree because members are unions of whole counties.

Every function takes and returns (Geo)DataFrames; none draws.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geoplan import crs

__all__ = ["TOTAL_COLUMNS", "nearby", "records_in_units", "summarize", "totals", "unit_at"]

#: The totals every summary reports, with their Chinese headings.
TOTAL_COLUMNS: dict[str, str] = {
    "records": "项目数",
    "investment_total": "总投资(亿元)",
    "investment_period": "规划期投资(亿元)",
    "land_area_km2": "用地面积(km²)",
    "with_investment": "有投资额的项目数",
    "with_land_area": "有用地面积的项目数",
}


def records_in_units(
    records: pd.DataFrame, adcodes: Iterable[str], units: pd.DataFrame
) -> pd.DataFrame:
    """Return the records placed in any of the given units.

    Parameters
    ----------
    records
        Placed records (schema columns).
    adcodes
        County-level or city adcodes; a city includes its counties.
    units
        The unit table (``parent_adcode``, ``level``), indexed by adcode.
    """
    wanted = set(adcodes)
    for adcode in list(wanted):
        if adcode in units.index and units.loc[adcode, "level"] == "city":
            wanted.update(units.index[units["parent_adcode"] == adcode])
    mask = records["adcode"].isin(wanted)
    return records[mask]


def totals(records: pd.DataFrame) -> dict[str, float]:
    """Return count, investment sums (亿元) and documented land area (km²) of records.

    Sums skip records that do not state the figure; the ``with_*`` counts say
    how many did, so a reader can tell a small sum from a sparse one.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"investment_total": [9.0, float("nan")],
    ...                       "investment_period": [9.0, 1.5],
    ...                       "land_area_m2": [36022.0, float("nan")]})
    >>> totals(frame)["investment_total"], totals(frame)["with_investment"]
    (9.0, 1)
    """
    return {
        "records": len(records),
        "investment_total": float(records["investment_total"].sum(min_count=0)),
        "investment_period": float(records["investment_period"].sum(min_count=0)),
        "land_area_km2": float(records["land_area_m2"].sum(min_count=0)) / 1e6,
        "with_investment": int(records["investment_total"].notna().sum()),
        "with_land_area": int(records["land_area_m2"].notna().sum()),
    }


def summarize(groups: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return one row of :func:`totals` per group (member, county …), in the given order."""
    rows = {name: totals(frame) for name, frame in groups.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(TOTAL_COLUMNS))
    for column in ("records", "with_investment", "with_land_area"):
        table[column] = table[column].astype("int64")
    return table


def unit_at(units: gpd.GeoDataFrame, lon: float, lat: float, level: str = "county") -> pd.DataFrame:
    """Return the unit(s) of a level containing a WGS-84 point (empty outside Zhejiang)."""
    crs.check_lonlat([lon], [lat], what="the point")
    layer = units[units["level"] == level]
    hits = layer.sindex.query(Point(lon, lat), predicate="intersects")
    return layer.iloc[np.sort(hits)]


def nearby(records: gpd.GeoDataFrame, lon: float, lat: float, radius_m: float) -> gpd.GeoDataFrame:
    """Return placed records within ``radius_m`` metres of a point, nearest first.

    Distances are measured in CGCS2000 / 3-degree Gauss–Krüger CM 120°E
    (:data:`geoplan.crs.METRIC_CRS`), with a ``distance_m`` column added.
    Records at county or city precision are stand-in points: check ``precision``.
    """
    if radius_m <= 0:
        msg = f"radius_m must be positive metres, got {radius_m}"
        raise ValueError(msg)
    crs.check_lonlat([lon], [lat], what="the point")
    placed = records[records.geometry.notna() & ~records.geometry.is_empty]
    metric = placed.geometry.to_crs(crs.METRIC_CRS)
    centre = gpd.GeoSeries([Point(lon, lat)], crs=crs.WGS84).to_crs(crs.METRIC_CRS).iloc[0]
    distance = metric.distance(centre)
    result = placed.assign(distance_m=distance)
    return result[result["distance_m"] <= radius_m].sort_values("distance_m")
