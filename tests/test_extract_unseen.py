"""Plans the tool has never seen: their 专栏 judged by title and items, as a planner's own plan is.

The box catalog (geoplan/extract/catalog.toml) holds reviewed decisions for the five
shipped plans only. A plan a planner brings is read without it: these tests write plans
in the forms county and city offices print, and read the shipped plans under ids the
catalog does not know, comparing with the reviewed records.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from synthetic_plans import CJK_FONT, as_pdf

from geoplan import extract, plans
from geoplan.extract.text import repair

PROGRAMMES = """武义县国民经济和社会发展第十四个五年规划纲要

第五章 提升公共服务水平
加快补齐公共服务短板，推进城乡公共服务均等化。

专栏6 社会事业重点工程
1.学前教育建设工程。新建、改扩建幼儿园20所，等级幼儿园覆盖面达到95%。
2.就业创业培训工程。每年开展职业技能培训1万人次。
3.文化惠民工程。建设武义县图书馆新馆、武义县文化馆，总投资3.2亿元。
4.全民健身工程。新建武义县体育中心，总投资6亿元，用地面积200亩。

专栏7 能源重大工程
1.电网。新建武义500千伏变电站，新增变电容量200万千伏安。
2.天然气。建成武义至永康天然气管道，全长28公里。

专栏8 健康养老服务重大工程
推进智慧健康养老服务，发展居家养老、社区养老和机构养老相结合的服务体系。

第六章 保障措施
加强组织领导。
"""


def _records(text: str, name: str = "plan.txt") -> pd.DataFrame:
    return extract.extract_file(text.encode(), name=name).records


def test_a_box_of_programmes_gives_the_works_its_sentences_name() -> None:
    records = _records(PROGRAMMES)
    names = set(records["name"])
    # programmes, targets and a box titled by a programme are no works…
    for programme in ("学前教育建设工程", "就业创业培训工程", "文化惠民工程", "全民健身工程"):
        assert programme not in names
    assert not any("覆盖面" in n or "健康养老" in n for n in names)
    # …but the facilities the programmes' sentences name are, with their figures
    centre = records[records["name"] == "武义县体育中心"].iloc[0]
    assert centre["investment_total"] == 6.0
    assert centre["land_area_m2"] == pytest.approx(200 * 10000 / 15)
    assert {"武义县图书馆新馆", "武义县文化馆"} <= names


def test_a_heading_over_the_works_of_a_field_is_no_work() -> None:
    records = _records(PROGRAMMES)
    # 1.电网。新建…变电站: the station is the work; 电网 only groups it
    station = records[records["name"] == "武义500千伏变电站"].iloc[0]
    assert station["kind"] == "project"
    heading = records[records["name"] == "电网"]
    assert list(heading["kind"]) == ["other"]
    assert station["group_id"] == heading.iloc[0]["record_id"]
    # a heading over one work: the item's figures are that work's
    pipeline = records[records["name"] == "武义至永康天然气管道"].iloc[0]
    assert pipeline["length_km"] == 28.0
    assert pd.isna(records[records["name"] == "天然气"].iloc[0]["length_km"])


def test_the_report_says_why_a_box_of_programmes_gave_no_list(tmp_path: Path) -> None:
    path = tmp_path / "wuyi.txt"
    path.write_text(PROGRAMMES, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "geoplan.cli", "extract", str(path), "--report", "--no-place"],
        capture_output=True,
        text=True,
        check=True,
    )
    left = done.stdout.split("boxes left out")[1]
    assert "专栏6" in left and "4 of its 4 items name no site" in left
    assert "专栏8" in left and "its title names no site" in left
    assert "专栏7" not in left  # read: its headings group the works they name


LIST_BY_PLACE = """金华市特色小镇培育规划

一、总体要求
按照“宽进严定”原则推进特色小镇创建。

\t专栏2   第一批市级特色小镇创建名单

\t婺城区
\t环保小镇

\t金东区
\t花木盆景小镇、众创小镇

\t兰溪市
\t诸葛古建筑文化小镇

\t东阳市
\t横店影视小镇*、花园红木小镇

二、保障措施
加强组织领导。
"""


def test_a_table_of_names_by_county_gives_each_name_in_its_county() -> None:
    records = _records(LIST_BY_PLACE)
    by_name = {str(r["name"]): r for r in records.to_dict("records")}
    assert set(by_name) == {
        "环保小镇",
        "花木盆景小镇",
        "众创小镇",
        "诸葛古建筑文化小镇",
        "横店影视小镇",
        "花园红木小镇",
    }
    assert by_name["众创小镇"]["location"] == "金东区"
    assert by_name["花园红木小镇"]["location"] == "东阳市"
    assert not any(name in by_name for name in ("婺城区", "兰溪市"))


def test_an_items_number_printed_on_a_line_of_its_own_stays_with_its_item() -> None:
    text = (
        "甲县规划\n专栏1 重大项目\n1. 甲县物流园。总投资3亿元。\n2.\n甲县会展中心。总投资5亿元。\n"
    )
    doc = repair(text)
    assert [line.text for line in doc.lines][2:] == [
        "1. 甲县物流园。总投资3亿元。",
        "2. 甲县会展中心。总投资5亿元。",
    ]
    # the name's own line is cited; the number's line is recorded as moved
    assert doc.lines[-1].number == 5
    assert any(r.kind == "lone-marker" and r.number == 4 for r in doc.removed)
    records = _records(text)
    hall = records[records["name"] == "甲县会展中心"].iloc[0]
    assert hall["investment_total"] == 5.0


WRAPPED = "\n".join(
    [
        "浦江县服务业发展“十四五”规划",
        "",
        "一、发展重点",
        (
            "坚持以数字化改革为引领，推动现代服务业与先进制造业深度融合，加快构建具有浦江特色的"
            "现代服务业产业体系，全面提升服务业发展能级和综合竞争力，为高质量发展建设共同富裕"
            "示范区提供有力支撑。"
        ),
        "专栏3 重大服务业项目",
        (
            "1. 浦江水晶产业数字贸易港。总投资12亿元，用地面积约150亩，建设水晶产品展示交易中心、"
            "跨境电商运营中心及仓储物流配套设施。"
        ),
        (
            "2. 浦江县现代物流园。总投资8.5亿元，建设区域性公路物流枢纽、冷链物流中心和城乡配送"
            "中心，配套建设信息服务平台。"
        ),
        # an item without its full stop, as many are printed
        (
            "3. 仙华山旅游度假区提升工程。总投资20亿元，规划面积约3平方公里，建设高端度假酒店、"
            "康养设施和旅游集散中心"
        ),
        "二、保障措施",
        (
            "强化要素保障，建立重大项目推进机制，完善项目前期工作协调制度，加大用地、资金、人才"
            "等要素向服务业重大项目倾斜的力度，确保各项任务落到实处。"
        ),
    ]
)


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"no CJK font at {CJK_FONT}")
def test_a_pdf_whose_box_is_as_wide_as_its_text_keeps_each_item_whole(tmp_path: Path) -> None:
    # Printed at one width, a box's lines cannot be told from the body's by their width:
    # an item's unfinished sentence goes on, and the next section's heading ends the box.
    path = tmp_path / "pujiang.pdf"
    path.write_bytes(as_pdf(WRAPPED, width=30))
    records = extract.extract_file(path).records
    by_name = {str(r["name"]): r for r in records.to_dict("records")}
    assert set(by_name) == {
        "浦江水晶产业数字贸易港",
        "浦江县现代物流园",
        "仙华山旅游度假区提升工程",
    }
    port = by_name["浦江水晶产业数字贸易港"]
    # "约15" / "0亩" wrapped across two lines is still 150 亩
    assert (port["investment_total"], port["land_area_m2"]) == (12.0, pytest.approx(100000.0))
    resort = by_name["仙华山旅游度假区提升工程"]
    assert resort["investment_total"] == 20.0
    assert "保障" not in resort["text"]


@pytest.mark.parametrize("plan", ["000", "001", "002", "003", "004"])
def test_a_shipped_plan_read_as_unseen_gives_what_the_reviewed_catalog_gives(plan) -> None:
    """The catalog's reviewed decisions, against the judgement any new plan gets."""
    reviewed = set(extract.extract_text(plans.plan_text(plan), plan).records["name"])
    unseen = extract.extract_text(plans.plan_text(plan), f"new{plan}").records
    names = set(unseen["name"])
    assert len(reviewed & names) >= 0.95 * len(reviewed), sorted(reviewed - names)
    assert len(names - reviewed) <= 0.05 * len(names), sorted(names - reviewed)


def test_a_box_titled_as_major_projects_of_a_field_lists_them() -> None:
    text = (
        "甲县规划\n"
        "专栏9 “十四五”期间医疗卫生服务体系重大工程项目\n"
        "1. 甲县人民医院迁建工程。总投资12亿元，床位800张。\n"
        "2. 甲县中医院扩建工程。总投资3亿元。\n"
        "3. 甲县疾病预防控制中心。总投资1.5亿元。\n"
        "二、保障措施\n"
    )
    records = _records(text)
    works = {"甲县人民医院迁建工程", "甲县中医院扩建工程", "甲县疾病预防控制中心"}
    assert set(records["name"]) == works
    assert set(records["box"]) == {"专栏9"}


NOTICE_ITEMS = "\n".join(
    [
        "关于印发《天台县2024年重大项目建设计划》的通知",
        "",
        "天台县2024年重大项目建设计划",
        "",
        "一、产业项目",
        (
            "1.天台山文旅康养综合体项目：位于石梁镇，总投资18亿元，建设康养酒店、游客服务中心等，"
            "责任单位：县文广旅体局。"
        ),
        "二、基础设施项目",
        "2.104国道天台过境段改建工程：起于平桥镇，止于白鹤镇，全长18.6公里，总投资21亿元。",
        "三、社会民生项目",
        (
            "项目名称：天台县第二人民医院迁建工程；建设地点：赤城街道；建设内容：新建门诊楼、住院楼，"
            "床位500张；总投资：9.8亿元；建设年限：2023-2026年。"
        ),
    ]
)


def test_a_numbered_paragraph_is_about_the_work_it_names_first() -> None:
    records = _records(NOTICE_ITEMS)
    by_name = {str(r["name"]): r for r in records.to_dict("records")}
    # the parts it builds (康养酒店、游客服务中心) are not works of their own
    assert "游客服务中心" not in by_name
    resort = by_name["天台山文旅康养综合体项目"]
    assert (resort["investment_total"], resort["location"]) == (18.0, "石梁镇")
    assert resort["responsible_unit"] == "县文广旅体局"


def test_an_item_number_before_a_roads_number_is_the_items() -> None:
    records = _records(NOTICE_ITEMS)
    road = records[records["name"] == "104国道天台过境段改建工程"].iloc[0]
    assert (road["length_km"], road["investment_total"]) == (18.6, 21.0)


def test_a_paragraph_of_labelled_fields_is_read_as_a_row() -> None:
    records = _records(NOTICE_ITEMS)
    hospital = records[records["name"] == "天台县第二人民医院迁建工程"].iloc[0]
    assert hospital["location"] == "赤城街道"
    assert hospital["investment_total"] == 9.8
    assert (hospital["period_start"], hospital["period_end"]) == (2023, 2026)
    assert (
        hospital["line_start"]
        == NOTICE_ITEMS.split("\n").index(
            next(ln for ln in NOTICE_ITEMS.split("\n") if ln.startswith("项目名称"))
        )
        + 1
    )


def test_items_under_bullets_are_a_boxs_items() -> None:
    text = "\n".join(
        [
            "上虞区服务业发展“十四五”规划",
            "一、空间布局",
            "构建“一核两带多点”服务业空间格局。",
            "专栏4 重大服务业平台",
            "● 曹娥江旅游度假区：位于曹娥街道，规划面积12平方公里。",
            "● 上虞e游小镇：位于百官街道，规划面积3.5平方公里，总投资30亿元。",
            "◆ 上虞现代物流园：规划面积2平方公里。",
            "二、保障措施",
            "加强组织领导。",
        ]
    )
    records = _records(text)
    assert set(records["name"]) == {"曹娥江旅游度假区", "上虞e游小镇", "上虞现代物流园"}
    assert set(records["box"]) == {"专栏4"}  # the box's items, not a record named by its title
    town = records[records["name"] == "上虞e游小镇"].iloc[0]
    assert (town["investment_total"], town["land_area_m2"]) == (30.0, 3.5e6)


def test_full_width_figures_and_years_are_read() -> None:
    text = "\n".join(
        [
            "武义县2024年重点项目计划",
            "专栏1 重点项目",
            "１．武义县物流园。总投资１２亿元，用地面积约１５０亩，建设期限２０２４－２０２６年。",
            "２．武义县会展中心。总投资５．５亿元。",
            "二、保障措施",
        ]
    )
    records = _records(text).set_index("name")
    park = records.loc["武义县物流园"]
    assert park["investment_total"] == 12.0
    assert (park["period_start"], park["period_end"]) == (2024, 2026)
    assert park["land_area_m2"] == pytest.approx(100000.0)
    assert records.loc["武义县会展中心", "investment_total"] == 5.5


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"no CJK font at {CJK_FONT}")
def test_running_headers_and_page_numbers_are_not_read_into_the_text(tmp_path: Path) -> None:
    items = [
        f"{n}. 丽水第{n}号文旅综合体项目。总投资{10 + n}亿元，用地面积约{100 + n}亩，"
        "建设游客服务中心、精品酒店及配套设施，建设期限2022-2025年。"
        for n in range(1, 9)
    ]
    text = "\n".join(["丽水市服务业发展“十四五”规划", "一、重点项目", "专栏1 重大项目", *items])
    path = tmp_path / "lishui.pdf"
    # 11 lines a page: items run on over page breaks, under the header, over the number
    path.write_bytes(as_pdf(text, width=30, per_page=11, running="丽水市服务业发展规划"))
    records = extract.extract_file(path).records
    assert len(records) == 8
    for record in records.to_dict("records"):
        assert "丽水市服务业发展规划" not in record["text"], record["text"]
        assert record["text"].endswith("建设期限2022-2025年。"), record["text"]
        assert record["land_area_m2"] > 0 and record["period_end"] == 2025


def test_a_workbook_of_one_sheet_per_stage_gives_each_row_its_stage() -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for index, (stage, name, place) in enumerate(
        [("新建项目", "武义县物流园", "泉溪镇"), ("续建项目", "武义县人民医院迁建工程", "白洋街道")]
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = stage
        sheet.append(["序号", "项目名称", "建设地点", "总投资（亿元）"])
        sheet.append([1, name, place, 5 + index])
    out = io.BytesIO()
    book.save(out)
    found = extract.extract_file(out.getvalue(), name="武义县2024年重点项目.xlsx")
    records = found.records.set_index("name")
    # the second sheet's header is no work; each sheet's name is its rows' stage
    assert list(records.index) == ["武义县物流园", "武义县人民医院迁建工程"]
    assert list(records["stage"]) == ["新建", "续建"]
    assert list(records["investment_total"]) == [5.0, 6.0]
