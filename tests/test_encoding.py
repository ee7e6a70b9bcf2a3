import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from geoplan import crs
from geoplan.maps.encoding import (
    SCALE,
    as_shape,
    decode_geometry,
    decode_ints,
    encode_geometry,
    encode_ints,
)

ints = st.lists(st.integers(min_value=-(2**33), max_value=2**33), max_size=50)


@given(ints)
def test_integers_round_trip(values):
    assert decode_ints(encode_ints(values)) == values


@given(ints)
def test_encoded_text_is_safe_inside_json_and_html(values):
    text = encode_ints(values)
    assert all(63 <= ord(c) <= 126 for c in text)
    assert '"' not in text and "<" not in text and "&" not in text


def test_google_polyline_reference_example():
    # Google's "Encoded Polyline Algorithm Format" worked example, deltas × 1e5.
    assert (
        encode_ints([3850000, -12020000, 220000, -75000, 255200, -550300])
        == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    )


lon = st.floats(min_value=118.0, max_value=123.0, allow_nan=False)
lat = st.floats(min_value=27.0, max_value=31.5, allow_nan=False)


@given(st.lists(st.tuples(lon, lat), min_size=2, max_size=30))
def test_lines_round_trip_to_quantisation(coords):
    line = LineString(coords)
    back = np.asarray(decode_geometry(encode_geometry(line))["coordinates"])
    assert np.abs(back - np.asarray(coords)).max() <= 0.5 / SCALE + 1e-12


@given(st.lists(st.tuples(lon, lat), min_size=1, max_size=20))
def test_gcj_offsets_reproduce_crs_within_quantisation(coords):
    line = LineString(coords * 2) if len(coords) == 1 else LineString(coords)
    encoded = encode_geometry(line, gcj=True)
    shifted = np.asarray(decode_geometry(encoded, datum="gcj02")["coordinates"])
    xy = np.asarray(line.coords)
    expected = np.column_stack(crs.wgs84_to_gcj02(xy[:, 0], xy[:, 1]))
    assert np.abs(shifted - expected).max() <= 0.5 / SCALE + 1e-12
    # and the WGS-84 stream is untouched by the offsets
    plain = np.asarray(decode_geometry(encoded)["coordinates"])
    assert np.abs(plain - xy).max() <= 0.5 / SCALE + 1e-12


def test_polygons_with_holes_and_multiparts():
    donut = box(120, 30, 120.2, 30.2).difference(box(120.05, 30.05, 120.1, 30.1))
    multi = MultiPolygon([donut, box(121, 29, 121.1, 29.1)])
    for geom in (donut, multi, Point(120.5, 30.5)):
        back = as_shape(encode_geometry(geom, gcj=True))
        assert back.geom_type == geom.geom_type
        assert shapely.hausdorff_distance(back, geom) < 1e-5
    assert (
        as_shape(encode_geometry(multi, gcj=True), "gcj02").centroid.x > multi.centroid.x
    )  # shifted east


def test_shared_vertices_quantise_identically():
    left = Polygon([(120.0, 30.0), (120.123456789, 30.0), (120.123456789, 30.1), (120.0, 30.1)])
    right = Polygon([(120.123456789, 30.0), (120.3, 30.0), (120.3, 30.1), (120.123456789, 30.1)])
    a, b = (as_shape(encode_geometry(p)) for p in (left, right))
    assert shapely.coverage_is_valid(np.array([a, b]))


def test_refuses_what_it_cannot_encode():
    with pytest.raises(ValueError, match="empty geometry"):
        encode_geometry(Polygon())
    with pytest.raises(ValueError, match="GeometryCollection"):
        encode_geometry(shapely.GeometryCollection([Point(120, 30)]))
