"""Boxes, items and records of the fixture plans (tests/data/plans, see its README)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoplan import extract
from geoplan.extract.boxes import find_boxes, items_of
from geoplan.extract.text import repair

PLANS = Path(__file__).parent / "data" / "plans"


def _text(name: str) -> str:
    return (PLANS / name).read_text(encoding="utf-8")


def _line(name: str, needle: str) -> int:
    """1-based line of the first line of fixture ``name`` containing ``needle``."""
    for number, line in enumerate(_text(name).split("\n"), start=1):
        if needle in line:
            return number
    msg = f"{needle!r} not in {name}"
    raise AssertionError(msg)


def _record(frame: pd.DataFrame, record_id: str) -> pd.Series:
    rows = frame[frame["record_id"] == record_id]
    assert len(rows) == 1, f"{record_id} not found once in {frame['record_id'].tolist()}"
    return rows.iloc[0]


# ---------------------------------------------------------------- 004-style wrapped PDF text

WRAPPED = "wrapped_004.txt"


@pytest.fixture(scope="module")
def wrapped() -> pd.DataFrame:
    return extract.extract_plan(_text(WRAPPED), "904")


def test_wrapped_layout_is_detected() -> None:
    doc = repair(_text(WRAPPED))
    assert doc.layout == "wrapped"
    assert doc.body_width == 26.0
    kinds = {(r.number, r.kind) for r in doc.removed}
    assert (_line(WRAPPED, "12"), "page-number") in kinds
    assert (_line(WRAPPED, "https://"), "url") in kinds


def test_interrupted_item_is_continued_after_the_body_text() -> None:
    layout = find_boxes(repair(_text(WRAPPED)))
    box = layout.boxes[0]
    numbers = [line.number for line in box.lines]
    heading = _line(WRAPPED, "第二节 提升产业链")
    resumed = _line(WRAPPED, "森林步道")
    assert heading not in numbers
    assert resumed in numbers
    assert heading in [line.number for line in layout.body]
    item = items_of(box)[2]
    assert item.number == 3
    assert item.line_start == _line(WRAPPED, "3. 西溪国际")
    assert item.line_end >= resumed
    assert "产品有水上乐园、森林步道、山地运动" in item.span.text
    assert "腾笼换鸟" not in item.span.text


def test_wrapped_items_and_names(wrapped: pd.DataFrame) -> None:
    box = wrapped[wrapped["box"] == "专栏1"]
    assert box["item"].tolist() == [1, 2, 3, 4, 5]
    long_name = _record(wrapped, "904-b01-04")
    # The name is wrapped over two lines in the file and comes out whole.
    assert long_name["name"] == "浙中公铁联运港南站区块一期工程及配套物流仓储设施建设项目"
    assert long_name["line_start"] == _line(WRAPPED, "4. 浙中公铁联运港")
    assert long_name["location"] == "金华铁路南货场周边"


def test_wrapped_sub_figure_is_not_the_total(wrapped: pd.DataFrame) -> None:
    row = _record(wrapped, "904-b01-04")
    assert row["investment_total"] == 7.82
    assert "49081万元" in row["notes"]


def test_wrapped_x_figure(wrapped: pd.DataFrame) -> None:
    row = _record(wrapped, "904-b01-05")
    assert pd.isna(row["investment_total"])
    assert "investment_total printed as X" in row["notes"]
    assert row["land_area_text"] == "约 80亩"


def test_single_platform_box(wrapped: pd.DataFrame) -> None:
    row = _record(wrapped, "904-b02-00")
    assert row["name"] == "东湖中央商务区"
    assert row["kind"] == "platform"
    assert pd.isna(row["item"])
    assert row["line_start"] == _line(WRAPPED, "专栏 2 东湖中央商务区")
    assert row["boundary"] == "以武义江、环城南路、海棠东路、复兴街为四界"
    assert row["land_area_m2"] == 6_500_000
    assert row["investment_total"] == 300
    assert row["investment_total_qualifier"] == "超过"
    # The body paragraph after the box is not part of it.
    assert "美丽城镇" not in row["text"]


def test_scenario_box_is_left_out(wrapped: pd.DataFrame) -> None:
    assert not (wrapped["box"] == "专栏3").any()


def test_page_number_inside_a_running_text_name(wrapped: pd.DataFrame) -> None:
    listed = wrapped[wrapped["box"] == ""]
    assert listed["name"].tolist() == ["金华科技城", "浙中信息产业园"]
    split = listed.iloc[1]
    assert split["line_start"] < _line(WRAPPED, "12") < split["line_end"]
    # ids count the works whose names start on a line: 东湖数字产业园 is the first on it,
    # and is box 1's item 1 (with its figures), which cites this mention as well
    assert split["record_id"] == f"904-L{split['line_start']:04d}-02"
    box_item = _record(wrapped, "904-b01-01")
    assert box_item["name"] == "东湖数字产业园"
    assert box_item["other_lines"] == str(split["line_start"])


# ---------------------------------------------------------------- 002-style Word text, bookmarks

BOOKMARKS = "bookmarks_002.txt"


@pytest.fixture(scope="module")
def bookmarks() -> pd.DataFrame:
    return extract.extract_plan(_text(BOOKMARKS), "902")


def test_tables_are_read_by_their_name_column(bookmarks: pd.DataFrame) -> None:
    platforms = bookmarks[bookmarks["box"] == "专栏1"]
    assert platforms["name"].tolist() == ["金华（国际）科技城", "中科院金华科技园"]
    assert platforms.iloc[0]["land_area_m2"] == 35_130_000
    zones = bookmarks[bookmarks["box"] == "专栏3"]
    assert zones["name"].tolist() == [
        "金华经济技术开发区",
        "义乌经济技术开发区",
        "永康现代农业装备高新技术园区",
    ]
    assert zones["focus"].tolist()[1] == "新能源汽车、食品、健康产业"
    # the merged 园区类别 cell is carried down; the row's lines are its own
    assert zones.iloc[1]["text"].startswith("国家级经济技术开发区 | 义乌经济技术开发区")
    assert zones.iloc[1]["line_start"] == _line(BOOKMARKS, "义乌经济技术开发区")


def test_bookmarked_item_stays_in_its_box_and_spaced_paragraph_ends_it() -> None:
    layout = find_boxes(repair(_text(BOOKMARKS)))
    box = next(b for b in layout.boxes if b.number == 2)
    numbers = [line.number for line in box.lines]
    assert _line(BOOKMARKS, "3.农业重点项目建设") in numbers
    assert _line(BOOKMARKS, "整合提升产业园区") not in numbers
    assert [item.number for item in items_of(box)] == [1, 2, 3]


def test_no_bookmark_survives(bookmarks: pd.DataFrame) -> None:
    for column in ("name", "text", "box_title", "focus"):
        assert not bookmarks[column].str.contains("bookmark").any()


def test_running_text_list_of_science_parks(bookmarks: pd.DataFrame) -> None:
    listed = bookmarks[bookmarks["box"] == ""]
    assert listed["name"].tolist() == [
        "金华信息经济集聚区",
        "金义电子商务新城",
        "北大信息科技园",
        "浙师大科技信息创业园",
        "武义科技城",
        "金华科技大市场",
        "金华高新技术产业园区",  # line 44: "加快金华高新技术产业园区建设"
    ]
    assert listed["kind"].tolist() == ["platform"] * 5 + ["project", "platform"]
    assert listed["work_type"].tolist() == ["platform"] * 5 + ["market", "platform"]
    assert listed["notes"].str.contains("listed in the running text").all()
    # the six works named in one sentence share a group id; the one of line 44 stands alone
    groups = listed["group_id"].tolist()
    assert len(set(groups[:6])) == 1 and groups[0].startswith("902-L0002-g")
    assert groups[6] == ""


# ---------------------------------------------------------------- 001-style items

ITEMS = "items_001.txt"


@pytest.fixture(scope="module")
def items() -> pd.DataFrame:
    return extract.extract_plan(_text(ITEMS), "901")


def test_table_of_contents_is_skipped() -> None:
    layout = find_boxes(repair(_text(ITEMS)))
    assert [b.number for b in layout.boxes] == [1, 2]
    assert layout.toc == (_line(ITEMS, "专栏 1\t"), _line(ITEMS, "专栏 2\t"))
    assert layout.boxes[0].header == _line(ITEMS, "专栏 1 现代物流业发展路径")


def test_item_with_every_field(items: pd.DataFrame) -> None:
    row = _record(items, "901-b02-01")
    assert row["name"] == "智慧新城数字经济产业园"
    assert (row["period_start"], row["period_end"]) == (2021, 2023)
    assert (
        row["boundary_north"],
        row["boundary_south"],
        row["boundary_west"],
        row["boundary_east"],
    ) == (
        "柯安一路",
        "钱江大道",
        "外国语学校",
        "锦西大道",
    )
    assert row["land_area_m2"] == 36022
    assert row["land_area_text"] == "约 36022 平米"
    assert row["floor_area_m2"] == 101600
    assert (row["investment_total"], row["investment_period"]) == (9, 9)
    assert row["responsible_unit"] == "智慧新城管委会"
    assert row["kind"] == "project"
    assert row["precision"] == "unplaced"
    assert (row["adcode"], row["unit_name"], row["place"], row["placement_basis"]) == (
        "",
        "",
        "",
        "",
    )
    assert pd.isna(row["lon"]) and pd.isna(row["lat"])


def test_item_split_by_a_page_break(items: pd.DataFrame) -> None:
    row = _record(items, "901-b02-02")
    assert row["line_start"] == _line(ITEMS, "2.柯城智尚")
    assert row["line_end"] == _line(ITEMS, "培育、孵化")
    assert "入驻小微企业 70 家，培育、孵化" in row["text"]
    assert row["location"] == "航埠工业园区"
    assert row["investment_period"] == 6


def test_m2_units_and_location_with_limits(items: pd.DataFrame) -> None:
    row = _record(items, "901-b02-03")
    assert row["land_area_m2"] == 127000
    assert row["floor_area_text"] == "约 252100 m²"
    assert row["location"] == "钱江大道以南，黄山大道以东"
    assert (row["boundary_north"], row["boundary_west"]) == ("钱江大道", "黄山大道")


def test_phase_investment_is_noted_not_taken(items: pd.DataFrame) -> None:
    row = _record(items, "901-b02-04")
    assert row["investment_total"] == 50
    assert "一期投资 20 亿元" in row["notes"]


def test_path_box_is_left_out_with_its_reason() -> None:
    frame = extract.extract_plan(_text(ITEMS), "901")
    report = extract.reconcile(frame, texts={"901": _text(ITEMS)})
    (plan,) = report.plans
    left = [b for b in plan.boxes if not b.included]
    assert [b.label for b in left] == ["专栏1"]
    assert "发展路径" in left[0].reason
    assert "专栏1" in report.to_text() and "发展路径" in report.to_markdown()


# ---------------------------------------------------------------- 000-style platforms

PLATFORMS = "platforms_000.txt"


@pytest.fixture(scope="module")
def platforms() -> pd.DataFrame:
    return extract.extract_plan(_text(PLATFORMS), "900")


def test_platform_box(platforms: pd.DataFrame) -> None:
    box = platforms[platforms["box"] == "专栏10"]
    assert box["name"].tolist() == [
        "金华高新园区软件与服务外包基地",
        "义乌国际商贸城",
        "浙中信息产业园",
    ]
    assert set(box["kind"]) == {"platform"}
    first = box.iloc[0]
    assert first["focus"] == "数字服务、科技服务"
    assert first["boundary"] == "西至婺州街，东至双龙南街，南接四联路，北临李渔路"
    assert first["land_area_m2"] == 620_000
    market = box.iloc[1]
    assert market["boundary_east"] == "福田路、春风大道"
    assert market["land_area_m2"] == 1_376_000


def test_x_figures_stay_unknown(platforms: pd.DataFrame) -> None:
    park = _record(platforms, "900-b10-03")
    assert pd.isna(park["land_area_m2"])
    assert park["land_area_text"] == "X平方公里"
    assert "land_area printed as X" in park["notes"]
    project = _record(platforms, "900-b01-01")
    assert pd.isna(project["investment_total"])
    assert "investment_total printed as X" in project["notes"]


def test_dash_paragraph_after_a_box_is_body_text(platforms: pd.DataFrame) -> None:
    box = platforms[platforms["box"] == "专栏1"]
    assert len(box) == 2
    assert box["line_end"].max() < _line(PLATFORMS, "——培育发展区块链服务")
    assert not box["text"].str.contains("区块链").any()


# ---------------------------------------------------------------- how other plans print a box


def _records_of(text: str, region: str) -> pd.DataFrame:
    """The records a plan's text gives, read as an upload of a plan of ``region``, by name."""
    return extract.extract_file(text.encode(), name="plan.txt", region=region).records.set_index(
        "name"
    )


NUMERALS = """某市服务业发展“十四五”规划

一、发展基础
服务业稳步发展。

专栏一 重大平台
1．甲经济技术开发区。规划面积20平方公里。
2．乙青瓷小镇。总投资10亿元。

专栏十二
重大项目
1．丙旅游综合体。总投资15亿元。

二、保障措施
加强要素保障。
"""


def test_a_box_numbered_in_chinese_or_titled_on_the_next_line_is_read() -> None:
    layout = find_boxes(repair(NUMERALS))
    assert [(b.number, b.label, b.title) for b in layout.boxes] == [
        (1, "专栏一", "重大平台"),
        (12, "专栏十二", "重大项目"),
    ]
    records = _records_of(NUMERALS, "金华市")
    assert list(records.index) == ["甲经济技术开发区", "乙青瓷小镇", "丙旅游综合体"]
    # the record names its box as the plan prints it, so a planner finds it in the PDF
    assert records.loc["丙旅游综合体", "box"] == "专栏十二"
    assert records.loc["丙旅游综合体", "investment_total"] == 15.0


def test_a_line_naming_a_box_in_a_sentence_is_no_header() -> None:
    text = "专栏三\n详见下表。\n专栏三 说明文字，不是标题。\n"
    assert find_boxes(repair(text)).boxes == ()


def test_a_place_in_brackets_after_the_name_is_the_location() -> None:
    text = (
        "某市现代服务业发展“十四五”规划\n\n一、空间布局\n推进创新发展区建设。\n\n"
        "专栏6 现代服务业创新发展区\n"
        "1．温州中央商务区（鹿城区五马街道）：总面积4.2平方公里。\n"
        "2．中欧（金华）生态工业园（金东区、婺城区）：重点发展国际贸易。\n"
        "3．衢州智造新城（衢州经济技术开发区）：规划面积60平方公里。\n"
    )
    records = _records_of(text, "浙江省")
    assert records.loc["温州中央商务区", "location"] == "鹿城区五马街道"
    assert records.loc["温州中央商务区", "land_area_m2"] == 4.2e6
    # a bracket inside the name stays; one of several units goes to the location
    assert records.loc["中欧（金华）生态工业园", "location"] == "金东区、婺城区"
    # a bracket that names a platform, not a place, is part of the name
    assert "衢州智造新城（衢州经济技术开发区）" in records.index


def test_a_box_of_labelled_blocks_gives_one_record_per_name() -> None:
    text = (
        "某县服务业发展“十四五”规划\n\n一、发展重点\n推进服务业平台建设。\n\n"
        "专栏8 重大平台\n"
        "项目名称：龙游经济开发区现代服务业集聚区\n"
        "建设地点：东华街道\n"
        "规划面积：5平方公里\n"
        "项目名称：詹家镇乡村旅游综合体\n"
        "建设地点：詹家镇\n"
        "总投资：1.5亿元\n"
        "“十四五”投资：1亿元\n"
    )
    records = _records_of(text, "龙游县")
    assert list(records.index) == ["龙游经济开发区现代服务业集聚区", "詹家镇乡村旅游综合体"]
    zone = records.loc["龙游经济开发区现代服务业集聚区"]
    assert (zone["location"], zone["land_area_m2"]) == ("东华街道", 5e6)
    # each record cites its own block of lines
    assert (zone["line_start"], zone["line_end"]) == (7, 9)
    village = records.loc["詹家镇乡村旅游综合体"]
    assert (village["investment_total"], village["investment_period"]) == (1.5, 1.0)
    assert village["box"] == "专栏8"


GROUPED_BOX = """某县服务业发展“十四五”规划

一、发展重点
推进服务业重大项目建设。

专栏7 重大项目
（一）商贸物流类
1. 龙游商贸物流园。位于东华街道，总投资12亿元。
2. 湖镇农产品交易中心。总投资3亿元。
（二）文化旅游类
1. 龙游石窟景区提升工程。总投资5亿元。
2. 溪口老街保护开发项目。位于溪口镇，总投资2亿元。

（三）加强要素保障
完善用地、资金等要素保障机制。
"""


def test_a_box_grouped_under_its_own_sub_headings_keeps_every_item() -> None:
    layout = find_boxes(repair(GROUPED_BOX))
    (box,) = layout.boxes
    items = items_of(box)
    assert [i.name_text.split("。")[0] for i in items] == [
        "龙游商贸物流园",
        "湖镇农产品交易中心",
        "龙游石窟景区提升工程",
        "溪口老街保护开发项目",
    ]
    assert [i.group for i in items] == ["（一）商贸物流类"] * 2 + ["（二）文化旅游类"] * 2
    # the running text's next section, followed by prose, is not a group of the box
    assert all("要素" not in line.text for line in box.lines)
    records = _records_of(GROUPED_BOX, "龙游县")
    # numbered again under each heading, the items are counted through: ids stay unique
    assert list(records["record_id"]) == [
        f"{records['plan'].iloc[0]}-b07-0{n}" for n in range(1, 5)
    ]
    assert records.loc["龙游石窟景区提升工程", "investment_total"] == 5.0
    assert "（二）文化旅游类" in records.loc["溪口老街保护开发项目", "notes"]


@pytest.mark.parametrize("signs", [("①", "②"), ("1）", "2）"), ("⑴", "⑵")])
def test_items_numbered_with_circled_or_half_bracketed_numbers(signs) -> None:
    first, second = signs
    text = (
        "某县服务业发展“十四五”规划\n\n一、重点任务\n推进服务业项目建设。\n\n"
        "专栏3 重大项目\n"
        f"{first}甲物流园。总投资2亿元。\n"
        f"{second}乙商贸中心。总投资3亿元。\n"
    )
    records = _records_of(text, "龙游县")
    assert list(records.index) == ["甲物流园", "乙商贸中心"]
    assert list(records["record_id"].str[-6:]) == ["b03-01", "b03-02"]
    assert list(records["investment_total"]) == [2.0, 3.0]
