import csv

import pytest
import shapely

from geoplan import admin
from geoplan.boundaries import read_units
from geoplan.errors import DataFileError


@pytest.fixture(scope="module")
def gaz():
    return admin.Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "unit", "how"),
    [
        ("衢州市", "衢州市", "unit"),
        ("衢州", "衢州市", "short name"),
        ("柯城区", "柯城区", "unit"),
        ("柯城", "柯城区", "short name"),
        ("景宁", "景宁畲族自治县", "short name"),
        ("江山市政府", "江山市", "body"),
        ("柯城区人民政府", "柯城区", "body"),
        ("衢江区政府", "衢江区", "body"),
        ("龙游县人民政府", "龙游县", "body"),
        ("江山市发改局", "江山市", "organisation"),
        (" 义乌市 ", "义乌市", "unit"),
    ],
)
def test_units_and_their_bodies_resolve(gaz, name, unit, how):
    found = gaz.resolve(name)
    assert found.ok
    assert [gaz.name_of(a) for a in found.adcodes] == [unit]
    assert found.how == how
    assert found.basis


def test_functional_zones_resolve_to_the_units_they_lie_in_with_basis(gaz):
    for name in ("智造新城", "智慧新城", "金义新区"):
        found = gaz.resolve(name)
        assert found.ok and found.how == "place" and found.place is not None
        assert "规划" in found.basis  # every zone cites where the placement comes from
    committee = gaz.resolve("智慧新城管委会")
    assert committee.how == "body" and committee.adcodes == gaz.resolve("智慧新城").adcodes
    assert {gaz.name_of(a) for a in gaz.resolve("金义新区").adcodes} == {"金东区"}


@pytest.mark.parametrize("name", ["不存在的地方", "市政府", "江山市场", "", "杭", "上海市", "西湖"])
def test_unknown_or_ambiguous_names_resolve_to_nothing(gaz, name):
    # "西湖" is 西湖区's short name: it resolves; the rest must not.
    found = gaz.resolve(name)
    if name == "西湖":
        assert found.ok and gaz.name_of(found.adcodes[0]) == "西湖区"
        return
    assert not found.ok
    assert found.adcodes == ()
    assert found.how == "unknown"
    assert "not a known unit or place" in found.basis


def test_every_place_row_points_into_zhejiang_and_names_a_basis(gaz):
    units = set(gaz.units.index)
    for place in gaz.places:
        assert set(place.adcodes) <= units
        assert len(place.basis) > 20
        if place.lon is not None:
            point_units = gaz.units[gaz.units.contains(shapely.Point(place.lon, place.lat))]
            assert set(place.adcodes) & set(point_units.index), place.name


def _write_places(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "aliases", "kind", "adcodes", "lon", "lat", "uncertainty_m", "basis",
             "position_source", "position_basis"]
        )  # fmt: skip
        writer.writerows(row + [""] * (10 - len(row)) for row in rows)


def test_bad_places_rows_are_all_reported_with_row_numbers(tmp_path):
    path = tmp_path / "places.csv"
    _write_places(
        path,
        [
            ["好地方", "", "zone", "330802", "", "", "", "a sound basis from the plan"],
            ["坏代码", "", "zone", "999999", "", "", "", "basis"],
            ["无依据", "", "park", "330802", "", "", "", ""],
            ["半个点", "", "landmark", "330802", "118.9", "", "", "basis"],
            ["怪类型", "", "city", "330802", "", "", "", "basis"],
            # a point from memory: no position_source
            ["凭记忆", "", "landmark", "330802", "118.87", "28.94", "500", "basis"],
        ],
    )
    known = set(read_units().index)
    with pytest.raises(DataFileError) as err:
        admin.read_places(path, known)
    text = str(err.value)
    assert "5 bad row(s)" in text
    for fragment in (
        "row 3",
        "999999",
        "row 4",
        "basis are required",
        "row 5",
        "lon, lat",
        "row 6",
        "kind",
        "row 7",
        "no coordinate without a source",
    ):
        assert fragment in text


def test_a_place_named_like_a_unit_is_refused(tmp_path):
    path = tmp_path / "places.csv"
    _write_places(path, [["柯城", "", "zone", "330802", "", "", "", "basis"]])
    units = read_units()
    places = admin.read_places(path, set(units.index))
    with pytest.raises(DataFileError, match="is an administrative unit"):
        admin.Gazetteer(units, places)


def test_missing_places_file_says_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match=r"restore data/places\.csv"):
        admin.read_places(tmp_path / "none.csv", set())
