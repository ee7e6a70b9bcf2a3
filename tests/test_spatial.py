"""Spatial questions: near (metres), inside a polygon, digitized polygons that overlap."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geoplan import crs
from geoplan.query import spatial

CENTRE = crs.to_metric([Point(120.0, 29.2)])[0]


def at(dx_m: float, dy_m: float = 0.0) -> Point:
    """A WGS-84 point dx_m east and dy_m north of the centre (offsets in metres)."""
    return crs.from_metric([Point(CENTRE.x + dx_m, CENTRE.y + dy_m)])[0]


def square(x0: float, y0: float, x1: float, y1: float):  # type: ignore[no-untyped-def]
    return crs.from_metric([box(CENTRE.x + x0, CENTRE.y + y0, CENTRE.x + x1, CENTRE.y + y1)])[0]


RECORDS = gpd.GeoDataFrame(
    {
        "record_id": ["park", "east-1km", "east-3km", "stand-in", "inner", "crossing"],
        "precision": ["surveyed", "place", "place", "county", "surveyed", "surveyed"],
    },
    geometry=[
        square(-500, -500, 500, 500),
        at(1000),
        at(3000),
        at(200),
        square(-100, -100, 100, 100),
        square(400, -50, 700, 50),
    ],
    crs=4326,
)


def test_within_distance_measures_metres_to_the_nearest_edge() -> None:
    near = spatial.within_distance(RECORDS, RECORDS.geometry.iloc[0], 600)
    # east-1km is 500 m from the park's east edge; east-3km 2,500 m; stand-ins left out.
    assert near["record_id"].tolist() == ["park", "inner", "crossing", "east-1km"]
    assert near["distance_m"].iloc[-1] == pytest.approx(500, abs=0.5)
    from_point = spatial.within_distance(RECORDS, at(0), 2600, stand_ins=True)
    assert from_point["record_id"].tolist() == ["park", "inner", "stand-in", "crossing", "east-1km"]
    assert from_point["distance_m"].tolist() == pytest.approx([0, 0, 200, 400, 1000], abs=0.5)


def test_within_distance_wants_positive_metres() -> None:
    with pytest.raises(ValueError, match="positive number of metres, got -5"):
        spatial.within_distance(RECORDS, at(0), -5)


def test_inside_a_polygon_within_or_touching() -> None:
    area = square(-600, -600, 600, 600)
    assert spatial.inside(RECORDS, area)["record_id"].tolist() == ["park", "inner"]
    touching = spatial.inside(RECORDS, area, predicate="intersects")
    assert touching["record_id"].tolist() == ["park", "inner", "crossing"]
    with_stand_ins = spatial.inside(RECORDS, area, stand_ins=True)
    assert with_stand_ins["record_id"].tolist() == ["park", "stand-in", "inner"]


def test_overlapping_boundaries_lists_each_pair_once_with_areas() -> None:
    pairs = spatial.overlapping_boundaries(RECORDS[RECORDS["precision"] == "surveyed"])
    assert pairs[["record_a", "record_b"]].values.tolist() == [
        ["inner", "park"],
        ["crossing", "park"],
    ]
    inner = pairs.iloc[0]
    assert inner["overlap_m2"] == pytest.approx(40_000, rel=3e-3)
    assert (inner["share_a"], inner["share_b"]) == (pytest.approx(1.0), pytest.approx(0.04))
    crossing = pairs.iloc[1]
    assert crossing["overlap_m2"] == pytest.approx(100 * 100, rel=3e-3)
    assert crossing.geometry.geom_type == "Polygon" and pairs.crs == "EPSG:4326"


def test_query_nearby_is_within_distance_of_a_point_with_stand_ins() -> None:
    from geoplan import query

    found = query.nearby(RECORDS, 120.0, 29.2, 250)
    assert found["record_id"].tolist() == ["park", "inner", "stand-in"]
    assert found["distance_m"].tolist() == pytest.approx([0, 0, 200], abs=0.5)
    with pytest.raises(ValueError, match="positive number of metres, got 0"):
        query.nearby(RECORDS, 120.0, 29.2, 0)
