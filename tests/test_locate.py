import re

import numpy as np
import pytest
import shapely

from geoplan import crs, schema
from geoplan.boundaries import read_units
from geoplan.locate import Locator
from geoplan.places import read_township_points, township_areas
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
        # a township with a GeoNames point, by its short form (横店 → 横店镇)
        (record("000", "横店影视产业园项目"), "东阳市", "township", "横店镇"),
        # a township without a point (塘雅 → 塘雅镇, 金东区): its county only
        (record("004", "塘雅镇万亩土地全域整治项目"), "金东区", "county", "塘雅镇"),
        # a named place whose point a plan line anchors (between 江东镇 and 岭下镇)
        (record("004", "江岭高新智造区"), "金东区", "place", "江岭高新智造区"),
        # a platform a public source puts in a county (金华开发区 → 婺城区)
        (record("002", "乐乐小镇", location="金华开发区"), "婺城区", "county", "乐乐小镇"),
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
    avenue = locator.locate(record("003", "某科技城", boundary="东至瓯海大道，南至南塘大道"))
    assert avenue.unit_name != "瓯海区"
    # 杭州湾新区 lies in 宁波: the bay named after 杭州 is not 杭州
    bay = locator.locate(record("003", "宁波杭州湾新区滨海新城"))
    assert bay.unit_name == "宁波市"


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


@pytest.fixture(scope="module")
def towns():
    return read_township_points().set_index(["adcode", "township"])


def _town_point(towns, adcode, township):
    row = towns.loc[(adcode, township)]
    return float(row["lon"]), float(row["lat"])


@pytest.mark.parametrize(
    "case",
    [
        # A full name of two counties: 江南街道 of 婺城区 and of 永康市 (both in 金华市).
        ("江南街道商贸综合体", "永康市江南街道商贸综合体", "永康市", "330784", "江南街道"),
        # A short form of two townships of the unit: 城东 (婺城区's and 东阳市's 城东街道).
        ("城东商务楼", "东阳城东商务楼", "东阳市", "330783", "城东街道"),
    ],
)
def test_a_name_of_several_townships_resolves_only_inside_the_records_own_unit(
    locator, towns, case
):
    alone, with_unit, county, adcode, township = case
    found = locator.locate(record("000", alone))
    assert (found.unit_name, found.precision) == ("金华市", "city")
    assert township not in found.place
    found = locator.locate(record("000", with_unit))
    assert (found.unit_name, found.precision, found.place) == (county, "township", township)
    assert (found.lon, found.lat) == _town_point(towns, adcode, township)


def test_names_the_records_own_words_rule_out_do_not_place_it(locator):
    # 龙山 is a township of 永康市 (and of 宁波's 慈溪市): inside "兰溪市越龙山…"
    # it is not the record's place, because the record names 兰溪市.
    lanxi = locator.locate(record("000", "兰溪市越龙山国际旅游度假区"))
    assert (lanxi.unit_name, lanxi.precision) == ("兰溪市", "county")
    assert "龙山" not in lanxi.basis
    # Before 山/江/路 a short form is a mountain, river or road: 白云山 is not 白云街道,
    # and 云山 inside it is not 兰溪市's 云山街道 either.
    mountain = locator.locate(record("000", "环白云山旅游综合体"))
    assert mountain.precision == "city" and "云山" not in mountain.basis


def test_a_direction_before_a_short_form_makes_another_name(locator, towns):
    # 南太湖新区 is not in 长兴县's 太湖街道 (太湖 is its short form): the record stays
    # with the city it names.
    south = locator.locate(record("003", "湖州南太湖新区总部基地"))
    assert (south.unit_name, south.precision) == ("湖州市", "city")
    assert "太湖" not in south.basis
    # ...but a county's name ending in a direction is no direction: 江北慈城 is 慈城镇.
    town = locator.locate(record("003", "宁波江北慈城古县城保护利用工程"))
    assert (town.unit_name, town.precision, town.place) == ("江北区", "township", "慈城镇")
    assert (town.lon, town.lat) == _town_point(towns, "330205", "慈城镇")


def test_a_township_named_after_a_river_or_mountain_is_not_where_the_feature_is(locator):
    # 富春江 is the river 富春江镇 is named after: a 富春江 project is not in the township.
    river = locator.locate(record("003", "桐庐富春江航道整治工程"))
    assert (river.unit_name, river.precision) == ("桐庐县", "county")
    assert "富春江镇" not in river.basis
    # the full name still places a record there
    town = locator.locate(record("003", "桐庐富春江镇芦茨村美丽乡村"))
    assert (town.precision, town.place) == ("township", "富春江镇")
    # a short form before 荡 (a shallow lake) or 岙 (a cove) names another place:
    # 祥符荡 is not 祥符街道, 状元岙 not 状元街道
    lake = locator.locate(record("003", "祥符荡科创绿谷"))
    assert lake.precision == "unplaced" and "祥符街道" not in lake.basis
    cove = locator.locate(record("003", "温州港状元岙港区二期工程"))
    assert "状元街道" not in cove.basis


def test_a_short_form_in_the_name_yields_to_the_location(locator, towns):
    # 洛舍 (洛舍镇) is a word the name borrows; the location says where the park is.
    park = locator.locate(record("003", "德清洛舍钢琴产业园", location="德清县新市镇"))
    assert (park.unit_name, park.precision, park.place) == ("德清县", "township", "新市镇")
    assert (park.lon, park.lat) == _town_point(towns, "330521", "新市镇")
    # with no location, the name's short form still places it
    alone = locator.locate(record("003", "德清洛舍钢琴产业园"))
    assert (alone.precision, alone.place) == ("township", "洛舍镇")


def test_a_brand_word_is_not_a_township(locator, towns):
    # 金融小镇 is a platform, not a 镇; "方岩小镇" is a brand named after 方岩,
    # not the township 方岩镇 — which the same words do name without 小镇.
    finance = locator.locate(record("000", "义乌丝路金融小镇"))
    assert (finance.unit_name, finance.precision, finance.place) == ("义乌市", "county", "义乌")
    brand = locator.locate(record("002", "永康赫灵方岩小镇"))
    assert (brand.unit_name, brand.precision) == ("永康市", "county")
    town = locator.locate(record("002", "永康方岩镇卫生院"))
    assert (town.precision, town.place) == ("township", "方岩镇")
    assert (town.lon, town.lat) == _town_point(towns, "330784", "方岩镇")


def test_a_record_sits_between_the_placed_sides_of_its_boundary(locator, towns):
    rec = record("004", "某田园综合体", boundary="东至孝顺镇，西至澧浦镇，南至某路")
    rec |= {"boundary_east": "孝顺镇", "boundary_west": "澧浦镇", "boundary_south": "某路"}
    found = locator.locate(rec)
    assert (found.unit_name, found.precision) == ("金东区", "township")
    assert "孝顺镇" in found.basis and "澧浦镇" in found.basis and "之间" in found.basis
    ends = crs.to_metric(
        shapely.points(
            *zip(*[_town_point(towns, "330703", t) for t in ("孝顺镇", "澧浦镇")], strict=True)
        )
    )
    middle = crs.to_metric([shapely.Point(found.lon, found.lat)])[0]
    assert middle.distance(ends[0]) == pytest.approx(middle.distance(ends[1]), abs=1)
    assert middle.distance(ends[0]) == pytest.approx(ends[0].distance(ends[1]) / 2, abs=1)
    # One placed side is a neighbour, not a position: the record stays at its county.
    one = record("004", "某园区", boundary="东至孝顺镇") | {"boundary_east": "孝顺镇"}
    assert locator.locate(one).precision == "county"


def test_records_naming_a_town_lie_at_that_town_in_their_own_county(shipped, towns):
    counties = read_units().query("level == 'county'")
    areas = township_areas(counties, towns.reset_index()).set_index(["adcode", "township"])
    at_town = shipped[shipped["precision"] == "township"]
    assert len(at_town) > 30
    for row in at_town.itertuples():
        assert (row.lon, row.lat) == _town_point(towns, row.adcode, row.place), row.record_id
        cell = areas.loc[(row.adcode, row.place)].geometry
        assert cell.contains(shapely.Point(row.lon, row.lat)), row.record_id
        assert "GeoNames" in row.placement_basis and "CC BY 4.0" in row.placement_basis


def test_each_finer_placement_cites_the_line_its_words_are_on(shipped):
    from geoplan.plans import plan_lines

    finer = shipped[shipped["precision"].isin(["place", "township"])]
    for row in finer.itertuples():
        cited = re.findall(r"（第(\d+)行）“([^”]+)”→", row.placement_basis)
        assert cited, row.record_id
        line, word = cited[-1]
        text = plan_lines(row.plan)[int(line) - 1].replace(" ", "")
        assert word[:2] in text, f"{row.record_id}: line {line} does not hold {word!r}"


def test_footprints_centre_on_the_place(shipped):
    at_place = shipped[shipped["precision"].isin(["place", "township"])]
    circles = footprints(at_place)
    centres = crs.to_metric(shapely.centroid(np.asarray(circles.geometry.values)))
    places = crs.to_metric(shapely.points(circles["lon"], circles["lat"]))
    assert len(circles) > 0
    # A circle's vertices are built in metres; its centroid is its centre to a few metres.
    assert shapely.distance(centres, places).max() < 5.0
