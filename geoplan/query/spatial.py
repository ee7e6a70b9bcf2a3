"""Spatial questions over records' geometry: near, inside, overlapping.

Pure functions of GeoDataFrames in WGS-84: distances are measured in
:data:`geoplan.crs.METRIC_CRS` (metres), areas geodesically
(:func:`geoplan.crs.geodesic_area_m2`); nothing is measured in degrees.

Only records whose geometry says where they are answer "near" and "inside"
by default: ``surveyed`` (a digitized polygon) and ``place`` (a named place's
cited point). A ``township`` record sits on its township's seat, kilometres
from where it may be, and ``county`` / ``city`` records on stand-in points
spread inside their unit; ``stand_ins=True`` includes them all, and their
``precision`` column says what each position is worth.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> polygons = gpd.GeoDataFrame(
...     {"record_id": ["a", "b", "c"], "precision": ["surveyed"] * 3},
...     geometry=[box(120, 29, 120.01, 29.01), box(120.005, 29, 120.015, 29.01),
...               box(120.1, 29, 120.11, 29.01)], crs=4326)
>>> pairs = overlapping_boundaries(polygons)
>>> pairs[["record_a", "record_b"]].values.tolist(), round(float(pairs["share_a"].iloc[0]), 2)
([['a', 'b']], 0.5)
>>> near = within_distance(polygons, polygons.geometry.iloc[0], 500)
>>> near["record_id"].tolist(), near["distance_m"].round().tolist()
(['a', 'b'], [0.0, 0.0])
"""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geoplan import crs
from geoplan.errors import GeoplanError

__all__ = [
    "EXACT_PRECISIONS",
    "inside",
    "overlapping_boundaries",
    "overlaps_with",
    "within_distance",
]

#: Precisions whose geometry is the record's own position (not a stand-in in its unit).
EXACT_PRECISIONS: tuple[str, ...] = ("surveyed", "place")


def _placed(records: gpd.GeoDataFrame, stand_ins: bool) -> gpd.GeoDataFrame:
    keep = records.geometry.notna() & ~records.geometry.is_empty
    if not stand_ins and "precision" in records.columns:
        keep &= records["precision"].isin(EXACT_PRECISIONS)
    return records[keep]


def within_distance(
    records: gpd.GeoDataFrame,
    origin: BaseGeometry,
    distance_m: float,
    *,
    stand_ins: bool = False,
) -> gpd.GeoDataFrame:
    """Return the records within ``distance_m`` metres of a point or polygon, nearest first.

    Parameters
    ----------
    records
        Records in WGS-84 (points or polygons).
    origin
        A WGS-84 geometry: a point, or a record's polygon (distance 0 inside it).
    distance_m
        Metres, measured in :data:`geoplan.crs.METRIC_CRS` between the
        geometries' closest points.
    stand_ins
        Also answer for records at township, county or city precision.

    Returns
    -------
    geopandas.GeoDataFrame
        The records, with a ``distance_m`` column.

    Raises
    ------
    GeoplanError
        If ``distance_m`` is not a positive number of metres.
    """
    if not distance_m > 0:
        msg = f"distance_m must be a positive number of metres, got {distance_m!r}"
        raise GeoplanError(msg)
    placed = _placed(records, stand_ins)
    metric = crs.to_metric(placed.geometry.values)
    centre = crs.to_metric([origin])[0]
    distance = shapely.distance(metric, centre)
    found = placed.assign(distance_m=np.asarray(distance, dtype=float))
    return found[found["distance_m"] <= distance_m].sort_values("distance_m", kind="stable")


def inside(
    records: gpd.GeoDataFrame,
    area: BaseGeometry,
    *,
    predicate: Literal["within", "intersects"] = "within",
    stand_ins: bool = False,
) -> gpd.GeoDataFrame:
    """Return the records whose geometry lies inside a polygon (WGS-84).

    ``predicate="within"`` wants a record wholly inside (a point inside, a
    polygon with nothing outside); ``"intersects"`` takes any touch.
    ``stand_ins`` as for :func:`within_distance`.
    """
    if predicate not in {"within", "intersects"}:
        msg = f"predicate must be 'within' or 'intersects', got {predicate!r}"
        raise GeoplanError(msg)
    placed = _placed(records, stand_ins)
    # "The area covers the record": unlike "contains", keeps records on the area's edge.
    hits = placed.sindex.query(area, predicate="covers" if predicate == "within" else predicate)
    return placed.iloc[np.sort(hits)]


def overlaps_with(geometry: BaseGeometry, others: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the rows of ``others`` whose polygon overlaps ``geometry``, most overlap first.

    Adds ``overlap_m2`` (geodesic area of the intersection), ``share`` (of
    ``geometry``'s area) and ``share_other`` (of the other polygon's area).
    Polygons that only touch along an edge have no overlap and are left out.
    """
    candidates = others.iloc[np.sort(others.sindex.query(geometry, predicate="intersects"))]
    if candidates.empty:
        return candidates.assign(overlap_m2=[], share=[], share_other=[])
    common = shapely.intersection(candidates.geometry.values, geometry)
    overlap = crs.geodesic_area_m2(common)
    own = float(crs.geodesic_area_m2(geometry)[0])
    theirs = crs.geodesic_area_m2(candidates.geometry.values)
    found = candidates.assign(
        overlap_m2=overlap,
        share=overlap / own if own > 0 else np.nan,
        share_other=np.divide(overlap, theirs, out=np.full(len(theirs), np.nan), where=theirs > 0),
    )
    found = found[found["overlap_m2"] > 0]
    return found.sort_values("overlap_m2", ascending=False, kind="stable")


def overlapping_boundaries(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return every pair of polygons that overlap, with the overlap as geometry.

    Parameters
    ----------
    boundaries
        Polygons with a ``record_id`` (e.g. the ``surveyed`` records of
        ``atlas.records``, or :meth:`geoplan.store.Store.boundaries`); other
        geometry types are ignored.

    Returns
    -------
    geopandas.GeoDataFrame
        ``record_a``, ``record_b`` (``record_a < record_b``), ``overlap_m2``,
        ``share_a``, ``share_b`` (of each polygon's area) and the intersection
        as geometry, largest overlap first.
    """
    areal = boundaries[boundaries.geom_type.isin(["Polygon", "MultiPolygon"])]
    areal = areal.sort_values("record_id", kind="stable")
    rows = []
    for position, (record_id, geometry) in enumerate(
        zip(areal["record_id"], areal.geometry, strict=True)
    ):
        later = areal.iloc[position + 1 :]
        for _, hit in overlaps_with(geometry, later).iterrows():
            rows.append(
                {
                    "record_a": record_id,
                    "record_b": hit["record_id"],
                    "overlap_m2": hit["overlap_m2"],
                    "share_a": hit["share"],
                    "share_b": hit["share_other"],
                    "geometry": shapely.intersection(geometry, hit.geometry),
                }
            )
    columns = ["record_a", "record_b", "overlap_m2", "share_a", "share_b"]
    frame = pd.DataFrame(rows, columns=[*columns, "geometry"])
    pairs = gpd.GeoDataFrame(frame, geometry="geometry", crs=crs.WGS84)
    return pairs.sort_values("overlap_m2", ascending=False, kind="stable", ignore_index=True)
