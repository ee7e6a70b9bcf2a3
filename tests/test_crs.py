import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, box

from geoplan import crs
from geoplan.errors import CoordinateError

GEOD = Geod(ellps="WGS84")

# Published test vectors of the GCJ-02 formula: (WGS-84 lat, lon, GCJ-02 lat, lon), from
# the test suite of the eviltransform family of libraries (Shanghai, Shenzhen, Beijing).
VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]

zhejiang_lon = st.floats(min_value=118.0, max_value=123.0, allow_nan=False)
zhejiang_lat = st.floats(min_value=27.0, max_value=31.5, allow_nan=False)


def metres(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), VECTORS)
def test_forward_matches_published_vectors(wlat, wlon, glat, glon):
    lon, lat = crs.wgs84_to_gcj02(wlon, wlat)
    assert metres(lon, lat, glon, glat) < 0.001


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), VECTORS)
def test_inverse_recovers_published_vectors(wlat, wlon, glat, glon):
    lon, lat = crs.gcj02_to_wgs84(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 0.001


@settings(max_examples=300)
@given(zhejiang_lon, zhejiang_lat)
def test_inverse_residual_is_below_a_tenth_of_a_millimetre(lon, lat):
    back_lon, back_lat = crs.gcj02_to_wgs84(*crs.wgs84_to_gcj02(lon, lat))
    assert metres(back_lon, back_lat, lon, lat) < 1e-4


def test_offset_in_zhejiang_is_hundreds_of_metres_and_one_step_inverse_is_not_enough():
    lon, lat = np.meshgrid(np.linspace(118, 123, 40), np.linspace(27, 31.5, 40))
    lon, lat = lon.ravel(), lat.ravel()
    glon, glat = crs.wgs84_to_gcj02(lon, lat)
    offset = metres(lon, lat, glon, glat)
    assert offset.min() > 400 and offset.max() < 700
    # The naive inverse subtracts the offset evaluated at the GCJ-02 point: metres off.
    naive_lon = glon - (crs.wgs84_to_gcj02(glon, glat)[0] - glon)
    naive_lat = glat - (crs.wgs84_to_gcj02(glon, glat)[1] - glat)
    assert metres(naive_lon, naive_lat, lon, lat).max() > 1.0
    exact_lon, exact_lat = crs.gcj02_to_wgs84(glon, glat)
    assert metres(exact_lon, exact_lat, lon, lat).max() < 1e-4


def test_points_outside_china_are_not_shifted():
    lon, lat = crs.wgs84_to_gcj02([2.35, -74.0], [48.85, 40.7])
    assert np.allclose(lon, [2.35, -74.0]) and np.allclose(lat, [48.85, 40.7])


def test_inverse_refuses_non_finite_input():
    with pytest.raises(CoordinateError, match="did not converge"):
        crs.gcj02_to_wgs84(np.nan, 30.0)


def test_geometry_transform_keeps_shared_vertices_shared():
    left = box(120.0, 30.0, 120.1, 30.1)
    right = box(120.1, 30.0, 120.2, 30.1)
    shifted = crs.geometry_wgs84_to_gcj02(np.array([left, right]))
    assert shapely.coverage_is_valid(shifted)
    assert shifted[0].intersection(shifted[1]).length > 0.09  # still share the whole edge
    back = crs.geometry_gcj02_to_wgs84(shifted)
    assert shapely.equals_exact(back[0], left, tolerance=1e-9)


def test_geodesic_area_agrees_with_an_equal_area_projection():
    # An irregular polygon around 金华: compare with Albers (an independent method).
    poly = Polygon([(119.5, 28.9), (120.0, 28.95), (120.1, 29.3), (119.7, 29.4), (119.45, 29.1)])
    albers = Transformer.from_crs(
        "EPSG:4326",
        "+proj=aea +lat_1=27 +lat_2=31 +lat_0=29 +lon_0=120 +datum=WGS84 +units=m",
        always_xy=True,
    )
    projected = shapely.transform(
        poly, lambda xy: np.column_stack(albers.transform(xy[:, 0], xy[:, 1]))
    )
    assert crs.geodesic_area_m2(poly)[0] == pytest.approx(projected.area, rel=1e-3)


def test_geodesic_area_ignores_orientation_and_non_areas():
    poly = box(120, 30, 120.1, 30.1)
    reversed_ring = Polygon(list(poly.exterior.coords)[::-1])
    areas = crs.geodesic_area_m2(
        np.array([poly, reversed_ring, shapely.Point(120, 30), Polygon()], dtype=object)
    )
    assert areas[0] == pytest.approx(areas[1]) and areas[0] > 1e8
    assert areas[2] == 0 and areas[3] == 0


def test_check_lonlat_names_the_likely_mistake():
    crs.check_lonlat([120.1, 121.0], [30.2, 29.0])
    with pytest.raises(CoordinateError, match="longitude first"):
        crs.check_lonlat([30.2], [120.1])
    with pytest.raises(CoordinateError, match="outside Zhejiang"):
        crs.check_lonlat([116.4], [39.9])  # Beijing
    with pytest.raises(CoordinateError, match="EPSG:4326"):
        crs.check_lonlat([13_380_000.0], [3_500_000.0])  # Web Mercator metres
