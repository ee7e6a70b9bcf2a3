import numpy as np
import pytest
import shapely

from geoplan import crs, schema
from geoplan.locate import Locator
from geoplan.records import footprints, read_records


@pytest.fixture(scope="module")
def locator():
    return Locator.load()


def record(plan, name="", *, location="", boundary="", responsible="", text=""):
    return {
        "plan": plan,
        "name": name,
        "location": location,
        "boundary": boundary,
        "responsible_unit": responsible,
        "text": text,
    }


@pytest.mark.parametrize(
    ("rec", "unit", "precision", "place"),
    [
        # a county named in the project's name
        (record("000", "兰溪5G基站及配套"), "兰溪市", "county", "兰溪"),
        (record("001", "江山市华东装配式木作集群项目"), "江山市", "county", "江山市"),
        # a well-known place of data/places.csv
        (record("000", "横店影视产业园项目"), "东阳市", "county", "横店镇"),
        # a township from the township list (塘雅 → 塘雅镇, 金东区)
        (record("004", "塘雅镇万亩土地全域整治项目"), "金东区", "county", "塘雅镇"),
        # the responsible unit when the text names nothing
        (
            record("001", "尺方间文化创意园", responsible="衢江区政府"),
            "衢江区",
            "county",
            "衢江区政府",
        ),
        # a new town spanning two districts: only the city is certain
        (
            record("001", "智慧新城数字经济产业园", responsible="智慧新城管委会"),
            "衢州市",
            "city",
            "智慧新城",
        ),
        # a county's plan naming its own city means the county
        (record("004", "浙江省金华龙头殿国际旅游度假区"), "金东区", "county", "金华"),
        # the name gives only the city; the responsible unit says which county
        (
            record("001", "衢州奥陶纪景区建设项目", responsible="柯城区政府"),
            "柯城区",
            "county",
            "衢州",
        ),
        # nothing named: the plan's own region, at its level
        (record("004", "紫金城·商业中心（C地块）"), "金东区", "county", ""),
        (record("000", "全球数字自贸中心"), "金华市", "city", ""),
    ],
)
def test_records_are_placed_on_the_strongest_evidence(locator, rec, unit, precision, place):
    found = locator.locate(rec)
    assert (found.unit_name, found.precision, found.place) == (unit, precision, place)
    assert found.basis


def test_names_outside_the_plans_region_do_not_place(locator):
    # A Jinhua plan saying a project "对接杭州" does not put it in Hangzhou.
    found = locator.locate(record("000", "数字服务平台", text="对接杭州、宁波的数字服务"))
    assert found.unit_name == "金华市" and found.precision == "city"
    # The province's own plan has no region to fall back on.
    assert locator.locate(record("003", "某服务业创新发展区")).precision == "unplaced"


def test_rivers_and_roads_named_after_units_are_not_units(locator):
    found = locator.locate(record("000", "滨江景观带", boundary="东至武义江，西至婺州街"))
    assert found.unit_name != "武义县"


def test_several_counties_of_one_city_give_city_precision_and_of_two_cities_nothing(locator):
    both = locator.locate(record("000", "义乌—东阳商贸走廊"))
    assert (both.unit_name, both.precision) == ("金华市", "city")
    assert "多个区县" in both.basis
    across = locator.locate(record("003", "杭州—宁波协同平台"))
    assert across.precision == "unplaced" and "多个地市" in across.basis


def test_shared_list_text_is_not_used_to_place_a_listed_project(locator):
    text = "实施工程：塘雅镇甲幼儿园、孝顺镇乙幼儿园"
    frame = schema.from_rows(
        [
            {"record_id": f"004-b33-03-0{i}", "plan": "004", "kind": "project", "name": name,
             "text": text, "line_start": 1, "line_end": 1, "precision": "unplaced"}
            for i, name in enumerate(["甲幼儿园", "乙幼儿园"])
        ]
    )  # fmt: skip
    placed = locator.place(frame)
    assert (placed["place"] == "").all()  # neither took 塘雅 or 孝顺 from the shared list
    assert (placed["unit_name"] == "金东区").all()
    # alone, the same text would be used: it names two townships of 金东区
    assert locator.locate(frame.iloc[0].to_dict()).place == "塘雅镇、孝顺镇"


@pytest.fixture(scope="module")
def shipped():
    return read_records()


def test_every_placed_record_has_a_point_inside_its_unit(shipped, locator):
    units = locator.gazetteer.units
    placed = shipped[shipped["precision"] != "unplaced"]
    assert len(placed) > 0.9 * len(shipped)
    for adcode, group in placed.groupby("adcode"):
        unit = units.loc[adcode].geometry
        inside = shapely.contains(unit, np.asarray(group.geometry.values))
        assert inside.all(), f"{(~inside).sum()} record(s) of {adcode} fall outside it"


def test_records_of_one_unit_do_not_hide_each_other(shipped):
    placed = shipped[shipped["precision"].isin(["county", "city"])]
    metric = crs.to_metric(np.asarray(placed.geometry.values))
    for adcode in placed["adcode"].unique():
        points = metric[(placed["adcode"] == adcode).to_numpy()]
        if len(points) < 2:
            continue
        tree = shapely.STRtree(points)
        _, distance = tree.query_nearest(points, exclusive=True, return_distance=True)
        assert distance.min() > 100, f"two records of {adcode} sit within {distance.min():.0f} m"


def test_footprints_have_the_documented_area(shipped):
    circles = footprints(shipped)
    assert len(circles) == int((shipped["land_area_m2"].notna() & shipped["lon"].notna()).sum())
    area = crs.geodesic_area_m2(np.asarray(circles.geometry.values))
    assert np.allclose(area, circles["land_area_m2"], rtol=0.002)
    centres = shapely.centroid(np.asarray(circles.geometry.values))
    assert np.allclose(shapely.get_x(centres), circles["lon"], atol=1e-4)
