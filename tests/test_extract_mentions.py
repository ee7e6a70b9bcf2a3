"""One record per work per plan (geoplan.extract.mentions), on plans written by the tests.

The plans name their works the way plans do: in a box with figures, then again in the
running text, with and without the county before the name; the places are real, the
works made up. The shipped plans' records are checked for the same properties.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from geoplan import extract, schema
from geoplan.extract.mentions import merge_mentions, work_key
from geoplan.plans import plan_lines

PLAN = """\
专栏1：重大项目
1. 兰溪市物流园区（2021-2025）。总投资12亿元，占地300亩。
2. 武义温泉小镇。
二、重点任务
加快建设兰溪市物流园区和义乌国际陆港。
支持兰溪市物流园区建设，推进武义温泉小镇、东阳木雕小镇建设。
推进温泉小镇建设，谋划义乌国际陆港二期。
加快义乌国际陆港建设。义乌国际陆港总投资50亿元，用地800亩。
"""


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return extract.extract_plan(PLAN, "900").set_index("name")


def _line(text: str) -> int:
    return next(i for i, line in enumerate(PLAN.splitlines(), start=1) if text in line)


def test_a_work_named_in_a_box_and_the_text_is_the_box_item(records: pd.DataFrame) -> None:
    park = records.loc["兰溪市物流园区"]
    assert park["box"] == "专栏1" and park["line_start"] == _line("1. 兰溪市")
    assert park["other_lines"] == f"{_line('加快建设兰溪市')};{_line('支持兰溪市')}"
    assert park["investment_total"] == 12.0  # stated once, counted once


def test_a_bare_name_joins_the_one_county_work_of_that_name(records: pd.DataFrame) -> None:
    # no figures in the box: the first mention (the box item) is kept
    town = records.loc["武义温泉小镇"]
    assert town["box"] == "专栏1"
    assert town["other_lines"] == f"{_line('推进武义温泉小镇')};{_line('推进温泉小镇')}"
    assert "温泉小镇" not in records.index
    assert records.loc["东阳木雕小镇", "other_lines"] == ""


def test_figures_of_a_later_mention_fill_what_the_first_lacks(records: pd.DataFrame) -> None:
    port = records.loc["义乌国际陆港"]
    assert port["line_start"] == _line("加快建设兰溪市")  # the first mention keeps its id
    assert port["investment_total"] == 50.0 and port["land_area_m2"] == pytest.approx(800e4 / 15)
    assert port["other_lines"] == str(_line("加快义乌国际陆港"))
    assert f"investment_total from line {_line('加快义乌国际陆港')}" in port["notes"]
    assert "义乌国际陆港二期" in records.index  # its next phase is another work


def test_the_plans_investment_is_each_works_once(records: pd.DataFrame) -> None:
    assert records["investment_total"].sum() == 62.0
    assert records.index.is_unique


def test_ids_of_the_kept_records_are_the_ones_they_had() -> None:
    text = "二、重点任务\n加快建设兰溪港和武义港。\n"
    alone = extract.extract_plan(text, "900")
    again = extract.extract_plan(text + "推进兰溪港建设。\n", "900")
    assert list(again["record_id"]) == list(alone["record_id"])
    assert list(again["other_lines"]) == ["3", ""]


def test_a_bare_name_two_counties_share_stays_apart() -> None:
    text = "二、重点任务\n建设东阳温泉小镇和武义温泉小镇。\n推进温泉小镇建设。\n"
    records = extract.extract_plan(text, "900")
    assert sorted(records["name"]) == ["东阳温泉小镇", "武义温泉小镇", "温泉小镇"]
    assert (records["other_lines"] == "").all()


def test_a_box_item_that_says_where_the_work_is_is_kept_over_an_earlier_mention() -> None:
    text = "一、重点任务\n加快建设东阳木雕小镇和义乌丝路金融小镇。\n专栏1：重大平台\n"
    text += "1. 东阳木雕小镇。项目位于东阳市南马镇花园村。\n2. 丝路金融小镇。（责任单位：义乌市）\n"
    records = extract.extract_plan(text, "900").set_index("name")
    carving = records.loc["东阳木雕小镇"]
    assert (carving["box"], carving["other_lines"]) == ("专栏1", "2")
    assert carving["location"] == "东阳市南马镇花园村"
    # the 责任单位 says where the work is too
    assert records.loc["丝路金融小镇", "other_lines"] == "2"


def test_a_running_text_item_that_says_where_the_work_is_is_kept_over_a_list() -> None:
    text = "二、空间布局\n（三）三区：瓯江口新区、浙南科技城。\n三、重点平台\n"
    text += "1．浙南科技城。东至瓯海大道，南至南塘大道，西至温瑞塘河，北至学院路。\n"
    records = extract.extract_plan(text, "900").set_index("name")
    city = records.loc["浙南科技城"]
    assert (city["line_start"], city["other_lines"]) == (4, "2")
    assert city["boundary_east"] == "瓯海大道"


def test_a_county_in_brackets_after_the_name_is_the_same_county_before_it() -> None:
    text = "专栏1：重大平台\n1. 中国木雕城（东阳）。总投资5亿元。\n"
    text += "二、重点任务\n推进东阳中国木雕城建设。\n"
    (record,) = extract.extract_plan(text, "900").itertuples()
    assert (record.record_id, record.other_lines) == ("900-b01-01", "4")


def test_a_work_and_the_one_section_of_it_the_plan_builds_are_one_record() -> None:
    text = "二、重点任务\n推进甬舟铁路、六横大桥等重大交通工程建设。\n专栏3：重大项目\n"
    text += "1. 甬舟铁路（舟山段）。全长约76公里，总投资约270亿元。\n"
    records = extract.extract_plan(text, "900").set_index("name")
    assert "甬舟铁路" not in records.index
    assert records.loc["甬舟铁路（舟山段）", "other_lines"] == "2"
    # two sections of one work in one plan stay two works, and the whole a third
    text += "2. 甬舟铁路（宁波段）。全长约25公里。\n"
    records = extract.extract_plan(text, "900")
    assert {"甬舟铁路", "甬舟铁路（舟山段）", "甬舟铁路（宁波段）"} <= set(records["name"])


def test_a_different_figure_elsewhere_is_noted_not_taken() -> None:
    rows = [
        {"record_id": "900-b01-01", "kind": "project", "name": "兰溪市芝堰水库", "box": "专栏1",
         "line_start": 3, "line_end": 3, "investment_total": 8.0, "notes": ""},
        {"record_id": "900-L0009-01", "kind": "project", "name": "芝堰水库", "box": "",
         "line_start": 9, "line_end": 9, "investment_total": 9.5,
         "notes": "listed in the running text; the list states for its 3 works: 库容1亿立方米"},
    ]  # fmt: skip
    (kept,) = merge_mentions(rows)
    assert kept["investment_total"] == 8.0
    assert "line 9 states investment_total 9.5, not taken" in kept["notes"]
    assert "line 9: the list states for its 3 works: 库容1亿立方米" in kept["notes"]
    assert "listed in the running text" not in kept["notes"]


def test_groupings_are_never_merged_and_keys_ignore_print_forms() -> None:
    rows = [
        {"record_id": f"900-b01-0{i}", "kind": "other", "name": "交通设施", "box": "专栏1",
         "line_start": i, "line_end": i, "notes": ""}
        for i in (1, 2)
    ]  # fmt: skip
    assert len(merge_mentions(rows)) == 2
    assert work_key("“浙中”物流园 项目") == work_key('"浙中"物流园')
    assert work_key("保税物流中心(B型)") == work_key("保税物流中心（B型）")


def test_the_schema_documents_the_field() -> None:
    field = next(f for f in schema.FIELDS if f.name == "other_lines")
    assert field.label == "其他提及行" and field.dtype == "str"
    assert "never added" in field.doc


# ---------------------------------------------------------------- the shipped plans


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return extract.extract_all()


def test_one_record_per_work_in_every_plan(shipped: pd.DataFrame) -> None:
    works = shipped[shipped["kind"] != "other"]
    keys = works["name"].map(work_key)
    assert not keys.groupby(works["plan"]).apply(lambda k: k.duplicated().any()).any()


def test_every_other_mention_names_the_work_on_its_line(shipped: pd.DataFrame) -> None:
    # The name starts on the line (004's lines wrap, with blank lines between); a mention
    # may print it without its county (温泉小镇) or with a list's shared words (女埠、…作业区).
    missing = []
    for row in shipped[shipped["other_lines"] != ""].itertuples():
        lines = plan_lines(row.plan)
        name = re.sub(r"(?:建设项目|建设|项目)$", "", re.sub(r"\s+", "", row.name))
        for line in map(int, row.other_lines.split(";")):
            text = re.sub(r"\s+", "", "".join(lines[line - 1 : line + 4]))
            if name[:3] not in text and name[-3:] not in text:
                missing.append((row.record_id, line))
    assert missing == []


def test_001_keeps_its_58_landmark_projects_and_their_sum(shipped: pd.DataFrame) -> None:
    plan = shipped[shipped["plan"] == "001"]
    boxes = plan[plan["record_id"].str.contains(r"-b1[3-6]-")]
    assert len(boxes) == 58
    # 华东（衢州）数字经济示范区: 专栏15 item 5 with its investment, and three text mentions
    zone = plan.set_index("record_id").loc["001-b15-05"]
    assert zone["name"] == "华东（衢州）数字经济示范区" and zone["other_lines"] == "323;402;440"
    # running-text mentions carry no investment of their own: the plan's sum is the boxes'
    assert plan["investment_total"].sum() == pytest.approx(2415.84)
    assert math.isclose(boxes["investment_total"].sum(), 2415.84)
