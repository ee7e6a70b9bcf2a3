"""Readers of one item's fields (geoplan.extract.fields) and of lists (members)."""

from __future__ import annotations

import math

import pytest

from geoplan.extract.fields import (
    find_boundary,
    find_figures,
    find_focus,
    find_labelled_period,
    find_location,
    find_responsible,
    split_name,
)
from geoplan.extract.members import find_list_names

MU = 10000 / 15

# ---------------------------------------------------------------- 四至


@pytest.mark.parametrize(
    ("text", "east", "west", "south", "north"),
    [
        # 000 专栏10: 西至/东至/南接/北临 after 四至范围
        (
            "四至范围：西至婺州街，东至双龙南街，南接四联路，北临李渔路。",
            "双龙南街",
            "婺州街",
            "四联路",
            "李渔路",
        ),
        # 西到, and a stray space before the comma (000 专栏10 item 2)
        (
            "四至范围：西到武义江 ，东至二环东路，南接环城南路，北临潜溪路。",
            "二环东路",
            "武义江",
            "环城南路",
            "潜溪路",
        ),
        # 东起 … 南起: where a site starts on its east and south side
        (
            "项目东起廿里大道，西至白云大道，南起花园东大道，北至荷花东路。",
            "廿里大道",
            "白云大道",
            "花园东大道",
            "荷花东路",
        ),
        # 东临/西靠/南抵/北到
        (
            "四至范围：东临江滨路，西靠青年路，南抵衢江，北到新园路。",
            "江滨路",
            "青年路",
            "衢江",
            "新园路",
        ),
        # 001: 北至 … 东至 after the word 项目
        (
            "项目北至柯安一路，南至钱江大道，西至外国语学校，东至锦西大道。",
            "锦西大道",
            "外国语学校",
            "钱江大道",
            "柯安一路",
        ),
        # 001 专栏13 item 3: 西北毗邻 gives both limits; a number inside a limit
        (
            "东至孙姜大桥引桥，南至 320 国道，西北毗邻常山港，用地面积约 1000 亩",
            "孙姜大桥引桥",
            "常山港",
            "320 国道",
            "常山港",
        ),
        # the 000 商贸城 case: "X以东" means X is the west limit; several limits per side
        (
            "四至范围：以稠州北路以东，城北路以北，福田路以西，银海路以北，春风大道以西，诚信大道以南的环线区域。",
            "福田路、春风大道",
            "稠州北路",
            "城北路、银海路",
            "诚信大道",
        ),
        # 001 专栏15 item 3: "X北侧" — the site is north of X
        ("选址钱江大道北侧、石华线东侧，六一水库东南岸。", "", "石华线", "钱江大道", ""),
        # 001 专栏15 item 4
        ("拟选址衢化东路以东、白沙村以南地块。", "", "衢化东路", "", "白沙村"),
        # 东临/西邻/南靠/北抵
        (
            "东临义乌江，西邻金义大道，南靠环城北路，北抵傅村镇界。",
            "义乌江",
            "金义大道",
            "环城北路",
            "傅村镇界",
        ),
    ],
)
def test_boundary_forms(text: str, east: str, west: str, south: str, north: str) -> None:
    boundary = find_boundary(text)
    assert boundary is not None
    assert (boundary.east, boundary.west, boundary.south, boundary.north) == (
        east,
        west,
        south,
        north,
    )
    assert boundary.text in text


def test_boundary_text_is_the_run_of_clauses() -> None:
    text = "规划单元范围北至钱江大道，南至芹江西大道，西至六一路，东至三清山大道，面积 54.7 公顷。"
    boundary = find_boundary(text)
    assert boundary is not None
    assert boundary.text == "北至钱江大道，南至芹江西大道，西至六一路，东至三清山大道"


def test_boundary_given_as_sub_areas_keeps_text_only() -> None:
    boundary = find_boundary(
        "四至范围：浙中信息产业园新华基地、金华电子商务创业园、八咏文创。规划面积：565亩。"
    )
    assert boundary is not None
    assert boundary.text == "浙中信息产业园新华基地、金华电子商务创业园、八咏文创"
    assert (boundary.east, boundary.west, boundary.south, boundary.north) == ("", "", "", "")


def test_boundary_four_limits_without_sides() -> None:
    boundary = find_boundary(
        "区块以武义江、环城南路、海棠东路、复兴街为四界，规划面积 2.69 平方公里。"
    )
    assert boundary is not None
    assert boundary.text == "以武义江、环城南路、海棠东路、复兴街为四界"
    assert boundary.north == ""


@pytest.mark.parametrize(
    "text",
    [
        "如 G529金东至兰溪段建设工程。",  # one clause only: 金东至 is part of a road name
        "位于金华城市以东，紧邻杭金衢高速公路。",  # one relative clause is a location, not a 四至
        "推动金华更深层次融入长三角一体化。",
    ],
)
def test_no_boundary(text: str) -> None:
    assert find_boundary(text) is None


# ---------------------------------------------------------------- location, unit, focus


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("选址于航埠工业园区，占地面积 350 亩。", "航埠工业园区"),
        (
            "选址常山港南岸（现柯城双港皂角行政村），东至孙姜大桥引桥，南至 320 国道",
            "常山港南岸（现柯城双港皂角行政村）",
        ),
        ("选址钱江大道以南，黄山大道以东。项目地块", "钱江大道以南，黄山大道以东"),
        ("位于科技城核心区块，是金义科创廊道的战略节点。", "科技城核心区块"),
        ("面积达 6.78平方公里，地处金华三江口，也是…", "金华三江口"),
        (
            "浙中公铁联运港南站区块一期工程在金华铁路南货场周边，占地 324.86 亩",
            "金华铁路南货场周边",
        ),
        # a 位于 that locates a part of the item is skipped (001 专栏14 item 5)
        ("面积 54.7 公顷。其中实施单元位于规划单元北侧，总面积 21.3 公顷", ""),
        ("总投资 9 亿。", ""),
        # places listed with 、 are all where it is
        ("位于鹿城区五马街道、南汇街道，规划面积约6.5平方公里。", "鹿城区五马街道、南汇街道"),
    ],
)
def test_location(text: str, location: str) -> None:
    assert find_location(text) == location


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("总投资 3 亿。（责任单位：智造新城管委会）", "智造新城管委会"),
        ("（责任单位：衢江区政府、龙游县政府）", "衢江区政府、龙游县政府"),
        ("推行公共停车等城市管理应用。（牵头单位：住建局、行政执法局）", "住建局、行政执法局"),
        ("(责任单位:市大花园集团)", "市大花园集团"),
        ("没有责任单位。", ""),
        # unbracketed labels, and "由…负责"
        ("建设单位：县交投集团，建设期2021-2023年", "县交投集团"),
        ("建设期限2021—2023年，由温州海关、市商务局负责。", "温州海关、市商务局"),
        ("由市发改委牵头负责推进。", "市发改委"),
        ("由独立管委会管理。", ""),
    ],
)
def test_responsible_unit(text: str, unit: str) -> None:
    assert find_responsible(text) == unit


def test_focus() -> None:
    assert find_focus("重点方向：商务服务、新型商贸。四至范围：…") == "商务服务、新型商贸"
    assert find_focus("建设商务楼。") == ""


# ---------------------------------------------------------------- name and period


@pytest.mark.parametrize(
    ("text", "name", "period"),
    [
        (
            "智慧新城数字经济产业园（2021-2023）。项目北至柯安一路",
            "智慧新城数字经济产业园",
            (2021, 2023),
        ),
        (
            "衢江区保税物流中心（B 型）（2024-2026）。项目用地 200 亩",
            "衢江区保税物流中心（B型）",
            (2024, 2026),
        ),
        ("浙中总部经济中心（一期）项目。总投资2亿元", "浙中总部经济中心（一期）项目", None),
        # the years written with 年 on both sides
        ("甲物流园（2021年-2023年）。总投资2亿元", "甲物流园", (2021, 2023)),
        (
            "导演村、作家编剧村、制片人村“三村” 项目。总投资10亿元",
            "导演村、作家编剧村、制片人村“三村”项目",
            None,
        ),
        ("——金华科技城：总规划面积 33.7平方公里", "金华科技城", None),
        ("浙中多式联运枢纽港 ：以浙中公铁联运港为基础", "浙中多式联运枢纽港", None),
        ("交通设施", "交通设施", None),
    ],
)
def test_split_name(text: str, name: str, period: tuple[int, int] | None) -> None:
    got_name, got_period, rest = split_name(text)
    assert got_name == name
    assert (None if got_period is None else (got_period.start, got_period.end)) == period
    assert 0 < rest <= len(text)


# ---------------------------------------------------------------- figures


def test_figures_of_a_001_item() -> None:
    text = (
        "规划占地面积约 36022 平米，含智慧服务中心，总建筑面积约 101600 平米，"
        "其中地上建筑面积约 70600 平米。"
        "总投资 9 亿，“十四五”期间计划投资 9 亿。"
    )
    figures = find_figures(text)
    assert figures.land is not None and figures.land.value == 36022
    assert figures.land.text == "约 36022 平米"
    assert figures.floor is not None and figures.floor.value == 101600
    assert figures.total is not None and figures.total.value == 9
    assert figures.period is not None and figures.period.value == 9
    assert figures.notes == ()


def test_sub_figures_are_not_the_total() -> None:
    # 004 专栏21 item 4: the 49081万元 belong to the first phase of a 7.82亿元 project.
    text = (
        "占地 324.86 亩，项目分四期实施，总投资 7.82亿元。"
        "第一期实施海关监管区建设，占地 154.71亩，投资额 49081万元。"
    )
    figures = find_figures(text)
    assert figures.total is not None and figures.total.value == 7.82
    assert figures.land is not None and figures.land.value == pytest.approx(324.86 * MU)
    assert any("49081万元" in note and "4.9081" in note for note in figures.notes)


def test_parts_only_give_no_total() -> None:
    text = "本项目分两个片区进行建设，第一片区拟投资 5.6亿元，第二片区拟投资 11.2亿元。"
    figures = find_figures(text)
    assert figures.total is None
    assert len(figures.notes) == 2


def test_x_figure_stays_unknown_with_a_note() -> None:
    figures = find_figures("总投资X亿元，占地面积135578平方米，规划面积：X平方公里。")
    assert figures.total is not None and math.isnan(figures.total.value)
    assert any("investment_total printed as X" in note for note in figures.notes)


def test_floor_area_of_a_part_is_not_taken() -> None:
    figures = find_figures("项目用地 200 亩，其中保税仓库建筑面积 70000 平方米。总投资 4 亿元")
    assert figures.floor is None
    assert figures.land is not None and figures.land.value == pytest.approx(200 * MU)
    assert any("only for a part" in note for note in figures.notes)


def test_floor_area_above_ground_only_is_noted() -> None:
    figures = find_figures("占地面积135578平方米，地上建筑面积501638.6平方米。")
    assert figures.floor is not None and figures.floor.value == 501638.6
    assert figures.notes == ("floor area is 地上建筑面积 only",)


def test_area_without_a_label_is_not_taken() -> None:
    figures = find_figures("建设信息数据中心 12.5万平方米，省级通信枢纽 2 万平方米。")
    assert figures.land is None and figures.floor is None


def test_first_land_area_is_the_items() -> None:
    figures = find_figures("用地 5400 亩，建设用地 400 亩，二期建设疗养公寓")
    assert figures.land is not None and figures.land.value == pytest.approx(5400 * MU)


def test_qualified_total_keeps_its_qualifier() -> None:
    figures = find_figures("总投资约 37 亿，“十四五”期间计划投资 37 亿。")
    assert figures.total is not None and figures.total.value == 37
    assert figures.total.qualifier == "约"
    assert figures.period is not None and figures.period.qualifier == ""
    assert figures.notes == ()


# ---------------------------------------------------------------- lists


def test_list_names_keep_stars() -> None:
    assert [m.name for m in find_list_names("木雕小镇*、横锦创作休闲小镇、欧美影视小镇")] == [
        "木雕小镇*",
        "横锦创作休闲小镇",
        "欧美影视小镇",
    ]


# ---------------------------------------------------------------- fields one a line


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("位置：航埠镇 规划面积：3.5平方公里", "航埠镇"),
        ("位置：府山街道规划面积：1.2平方公里重点方向：文旅", "府山街道"),
        ("建设地点：九华乡，总投资3亿元", "九华乡"),
        ("项目位置：衢江区莲花镇 建设内容：物流仓储", "衢江区莲花镇"),
    ],
)
def test_a_location_ends_where_the_next_field_begins(text, where) -> None:
    assert find_location(text) == where


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("总投资5亿元，建设期2021-2023年。", (2021, 2023)),
        ("建设期限：2022年—2025年", (2022, 2025)),
        ("实施年限为2021~2024", (2021, 2024)),
        ("到2025年，力争实现2021-2025年服务业增加值翻番", None),
        # the years before what happens in them
        ("总投资18亿元，2022—2025年建设。", (2022, 2025)),
        ("计划2021-2023年实施", (2021, 2023)),
    ],
)
def test_a_period_is_read_only_where_a_label_states_it(text, years) -> None:
    found = find_labelled_period(text)
    assert (None if found is None else (found.start, found.end)) == years
