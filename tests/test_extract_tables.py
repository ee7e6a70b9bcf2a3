"""Tables one row to a line become records: in a 专栏, in an appendix, from text, Word or PDF.

Also the other layout of a box's works: one item, its fields one a line (位置：…, 规划面积：…).

The plans of the repo print their tables in other layouts; these are written the way a
Word table saved as text, a pasted spreadsheet or a PDF's text layer prints a 重大项目表.
"""

from __future__ import annotations

import math

import pytest
from synthetic_plans import CJK_FONT, as_pdf

from geoplan import extract
from geoplan.extract.tables import find_row_table
from geoplan.extract.text import repair
from geoplan.locate import Locator
from geoplan.records import place_extraction

BOX_TABLE = """湖州市服务业发展“十四五”规划

一、空间布局
构建“一核一带三区”空间格局，推动中心城区服务业提质扩容。

专栏4 重点服务业项目
序号 项目名称 建设地点 建设内容 总投资（亿元） 建设年限 责任单位
1 南浔古镇提升工程 南浔区南浔镇 古镇保护与业态提升 10 2021-2023 南浔区政府
2 吴兴织里童装商贸城 吴兴区织里镇 建设童装电商市场 用地 150 亩 15 2021-2025 吴兴区政府
3 长兴综合物流园 长兴县 物流仓储设施 8.5 2022-2025 长兴县政府

二、保障措施
加强要素保障，完善项目推进机制。
"""

APPENDIX = """德清县现代服务业发展“十四五”规划

一、发展基础
“十三五”期间服务业增加值年均增长8%。

二、重点任务
加快建设地理信息小镇等服务业平台。

附表1 德清县“十四五”服务业重大项目表
序号\t项目名称\t建设地点\t建设内容及规模\t总投资（亿元）\t“十四五”投资（亿元）\t建设起止年限
1\t新市古镇文旅综合体\t新市镇\t古镇街区改造\t12\t\t2021-2025
2\t钟管物流中心\t钟管镇\t仓储\t6\t5\t2022-2024
合计\t\t\t\t18\t5\t

附表2 “十四五”服务业发展主要指标
序号\t指标名称\t单位\t2020年\t2025年\t属性
1\t服务业增加值\t亿元\t300\t450\t预期性
"""


@pytest.fixture(scope="module")
def locator() -> Locator:
    return Locator.load()


def _records(text: str, name: str, locator: Locator) -> dict[str, dict]:
    found = extract.extract_file(text.encode(), name=name)
    placed = place_extraction(found, locator)
    return {str(r["name"]): r for r in placed.to_dict("records")}


def test_a_box_table_with_single_spaces_gives_one_record_per_row(locator) -> None:
    records = _records(BOX_TABLE, "huzhou.txt", locator)
    assert set(records) == {"南浔古镇提升工程", "吴兴织里童装商贸城", "长兴综合物流园"}
    ancient = records["南浔古镇提升工程"]
    # each cell is read as what its header says it is: the unit is the header's
    assert ancient["investment_total"] == 10.0
    assert (ancient["period_start"], ancient["period_end"]) == (2021, 2023)
    assert ancient["location"] == "南浔区南浔镇"
    assert ancient["responsible_unit"] == "南浔区政府"
    assert ancient["box"] == "专栏4"
    # the record cites the row's own line
    row_line = BOX_TABLE.splitlines().index(
        next(ln for ln in BOX_TABLE.splitlines() if "南浔古镇" in ln)
    )
    assert (ancient["line_start"], ancient["line_end"]) == (row_line + 1, row_line + 1)
    # placed by its 建设地点 cell, at the township's GeoNames point
    assert (ancient["unit_name"], ancient["precision"], ancient["place"]) == (
        "南浔区",
        "township",
        "南浔镇",
    )
    # a content cell with spaces inside stays one cell: its area is read, the figures after it too
    city = records["吴兴织里童装商贸城"]
    assert math.isclose(city["land_area_m2"], 150 * 10000 / 15)
    assert city["investment_total"] == 15.0
    assert records["长兴综合物流园"]["investment_total"] == 8.5
    assert records["长兴综合物流园"]["precision"] == "county"


def test_the_running_text_after_a_table_is_not_read_into_it(locator) -> None:
    found = extract.extract_file(BOX_TABLE.encode(), name="huzhou.txt")
    assert len(found.records) == 3  # the table's rows, and nothing else
    texts = " ".join(found.records["text"])
    assert "保障" not in texts and "要素" not in texts


def test_an_appendix_table_is_read_and_its_sum_row_is_not_a_work(locator) -> None:
    records = _records(APPENDIX, "deqing.txt", locator)
    table = {n: r for n, r in records.items() if str(r["record_id"]).split("-")[1].startswith("T")}
    assert set(table) == {"新市古镇文旅综合体", "钟管物流中心"}
    first = table["新市古镇文旅综合体"]
    # tabs keep an empty cell in its column: nothing under “十四五”投资, the years stay years
    assert first["investment_total"] == 12.0
    assert first["investment_period"] is None or math.isnan(first["investment_period"])
    assert (first["period_start"], first["period_end"]) == (2021, 2025)
    assert table["钟管物流中心"]["investment_period"] == 5.0
    assert "附表1" in first["notes"]
    assert (first["unit_name"], first["precision"]) == ("德清县", "township")
    assert not any("合计" in n for n in records)


def test_a_table_of_targets_gives_no_records_and_is_reported(locator) -> None:
    found = extract.extract_file(APPENDIX.encode(), name="deqing.txt")
    assert "服务业增加值" not in set(found.records["name"])
    report = found.report.to_text()
    assert "主要指标" in report and "a table" in report


@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"no CJK font at {CJK_FONT}")
def test_a_pdf_table_reads_as_the_text_one(locator) -> None:
    from_text = _records(BOX_TABLE, "huzhou.txt", locator)
    from_pdf = _records_pdf(BOX_TABLE, locator)
    assert set(from_pdf) == set(from_text)
    for name, record in from_text.items():
        for field in ("investment_total", "period_start", "location", "precision"):
            assert from_pdf[name][field] == record[field], (name, field)


def _records_pdf(text: str, locator: Locator) -> dict[str, dict]:
    found = extract.extract_file(as_pdf(text, width=200), name="huzhou.pdf")
    placed = place_extraction(found, locator)
    return {str(r["name"]): r for r in placed.to_dict("records")}


GROUPED = """某区服务业发展“十四五”规划

一、总体要求
坚持创新驱动，推动服务业高质量发展。

专栏2 重大项目
类别 序号 项目名称 建设地点 总投资（亿元） 建设期限
商贸 1 横店影视文化商贸综合体 东阳市横店镇 20 2021.1-2023.12
2 义乌国际商贸城六区 义乌市 80 2022年
物流 3 兰溪港物流园 兰溪市 6 2021-2025
"""


def test_a_category_printed_once_for_its_group_goes_with_each_row(locator) -> None:
    records = _records(GROUPED, "grouped.txt", locator)
    assert set(records) == {"横店影视文化商贸综合体", "义乌国际商贸城六区", "兰溪港物流园"}
    second = records["义乌国际商贸城六区"]
    # the row without its category keeps its cells under their headers
    assert second["investment_total"] == 80.0
    assert second["text"].startswith("商贸 | 2 | 义乌国际商贸城六区")
    # a period with months, and a single year
    first = records["横店影视文化商贸综合体"]
    assert (first["period_start"], first["period_end"]) == (2021, 2023)
    assert (second["period_start"], second["period_end"]) == (2022, 2022)
    # a short form unique in its county places the record at the township (横店 → 横店镇)
    assert (first["unit_name"], first["precision"], first["place"]) == (
        "东阳市",
        "township",
        "横店镇",
    )


FIELD_LINES = """某区服务业发展“十四五”规划

一、发展重点
推进现代服务业集聚区建设。

专栏3 重大平台
（1）柯城科创园
位置：航埠镇
规划面积：3.5平方公里
重点方向：数字经济、科技服务
（2）衢州历史文化街区
位置：府山街道
规划面积：1.2平方公里

二、重大项目
1．航埠物流中心项目。位于航埠镇，总投资5亿元，建设期2021-2023年。
"""


def test_items_with_one_field_a_line_keep_each_field_apart(locator) -> None:
    found = extract.extract_file(FIELD_LINES.encode(), name="kecheng.txt", region="柯城区")
    placed = place_extraction(found, locator)
    records = {str(r["name"]): r for r in placed.to_dict("records")}
    park = records["柯城科创园"]
    assert park["location"] == "航埠镇"
    assert park["land_area_m2"] == 3.5e6
    assert park["focus"] == "数字经济、科技服务"
    assert (park["precision"], park["place"]) == ("township", "航埠镇")
    assert records["衢州历史文化街区"]["location"] == "府山街道"
    hub = records["航埠物流中心项目"]
    assert (hub["period_start"], hub["period_end"]) == (2021, 2023)


def test_a_table_in_a_pdf_text_wrapped_at_a_fixed_width(locator) -> None:
    # A PDF conversion cuts the running text every 26 characters and puts blank lines
    # between lines (as plan 004's does); a box's table keeps one row a line.
    sentence = (
        "“十三五”时期，全区经济社会发展取得显著成效，服务业增加值占比持续提高，"
        "城乡居民收入稳步增长。"
    ) * 4
    body = [sentence[i : i + 26] for i in range(0, len(sentence), 26)]
    rows = [
        "序号 项目名称 建设地点 总投资（亿元） 建设年限",
        "1 汤溪古镇文旅综合体 汤溪镇 12 2021-2024",
        "2 罗店花卉产业园 罗店镇 6 2022-2025",
    ]
    title = "某区国民经济和社会发展第十四个五年规划纲要"
    lines = [title, "第一章 发展基础", *body, "专栏5 重大项目", *rows, "第二章 总体要求", *body]
    text = "\n\n".join(lines)
    assert repair(text).layout == "wrapped"
    found = extract.extract_file(text.encode(), name="wrapped.txt", region="婺城区")
    records = {str(r["name"]): r for r in place_extraction(found, locator).to_dict("records")}
    assert set(records) == {"汤溪古镇文旅综合体", "罗店花卉产业园"}
    assert records["罗店花卉产业园"]["investment_total"] == 6.0
    town = records["汤溪古镇文旅综合体"]
    assert (town["precision"], town["place"]) == ("township", "汤溪镇")


NAMED_TWICE = """嘉善县“十四五”重大建设项目表

一、重大项目
加快推进祥符荡科创绿谷和姚庄经济开发区建设。

附表 重大建设项目
序号\t项目名称\t建设地点\t总投资（亿元）\t建设年限\t责任单位
1\t祥符荡科创绿谷\t罗星街道\t120\t2021-2025\t县发改局
"""


def test_a_work_the_text_names_before_its_table_row_keeps_what_the_row_says(locator) -> None:
    records = _records(NAMED_TWICE, "jiashan.txt", locator)
    assert set(records) == {"祥符荡科创绿谷", "姚庄经济开发区"}
    valley = records["祥符荡科创绿谷"]
    # one record, cited on the row's line, with the sentence's line as another mention
    assert (valley["line_start"], valley["other_lines"]) == (8, "4")
    assert (valley["location"], valley["responsible_unit"]) == ("罗星街道", "县发改局")
    assert (valley["investment_total"], valley["period_start"]) == (120.0, 2021)


# A 重大项目表 as offices print it: a header of two rows (总投资 over 合计 and 其中“十四五”;
# 建设地点 over 县（市、区） and 乡镇), and rows across the table heading each group of rows.
TWO_ROW_HEADER = """丽水市莲都区“十四五”重大建设项目表

序号\t项目名称\t建设地点\t建设地点\t建设起止年限\t总投资（亿元）\t总投资（亿元）\t责任单位
\t\t县（市、区）\t乡镇（街道）\t\t合计\t其中：“十四五”\t
一、新建项目
1\t碧湖智能装备产业园\t莲都区\t碧湖镇\t2021—2025\t25.0\t20.0\t区经信局
2\t丽水数字经济产业园\t莲都区\t\t2022—2024\t8.5\t8.5\t区发改局
二、续建项目（1个）
3\t老竹中心学校扩建工程\t莲都区\t老竹畲族镇\t2023—2025\t1.5\t1.2\t区教育局
小计\t\t\t\t\t1.5\t1.2\t
三、保障措施
加强要素保障。
"""


def test_a_header_of_two_rows_and_rows_heading_groups(locator) -> None:
    records = _records(TWO_ROW_HEADER, "liandu.txt", locator)
    assert set(records) == {"碧湖智能装备产业园", "丽水数字经济产业园", "老竹中心学校扩建工程"}
    first = records["碧湖智能装备产业园"]
    # 合计 is the total; 其中“十四五” the part of it in the plan's period
    assert (first["investment_total"], first["investment_period"]) == (25.0, 20.0)
    # the county and township columns read as one place, and place the record at the town
    assert first["location"] == "莲都区碧湖镇"
    placed = (first["unit_name"], first["precision"], first["place"])
    assert placed == ("莲都区", "township", "碧湖镇")
    # each row keeps the group it stands under; a group that is a build stage is its stage
    assert first["stage"] == "新建"
    assert "一、新建项目" in first["notes"]
    school = records["老竹中心学校扩建工程"]
    assert (school["stage"], school["investment_period"]) == ("续建", 1.2)
    assert school["responsible_unit"] == "区教育局"
    # the section after the table is not a group: nothing of it is read into the table
    assert not any("保障" in str(r["text"]) for r in records.values())


def test_a_line_of_one_cell_under_a_row_still_continues_its_cell() -> None:
    doc = repair(
        "序号\t项目名称\t建设内容\n1\t甲物流园\t建设仓储设施\n及配套道路\n2\t乙中心\t新建场馆\n"
    )
    used, table = find_row_table(doc.lines)
    assert used == 4 and not table.groups
    assert [c.text for c in table.rows[0]] == ["1", "甲物流园", "建设仓储设施及配套道路"]


YEAR_PLAN = "\n".join(
    [
        "绍兴市上虞区2024年重大项目计划表",
        "",
        "序号\t项目名称\t建设性质\t建设地点\t总投资（万元）\t2024年计划投资（万元）\t建设起止年限",
        "1\t上虞新材料产业园\t新建\t杭州湾上虞经济技术开发区\t356000\t80000\t2024-2027",
        "2\t曹娥江文旅综合体\t续建\t曹娥街道\t120000\t30000\t2022-2025",
    ]
)


def test_a_year_plan_table_gives_stage_total_and_not_the_years_figure(locator) -> None:
    records = _records(YEAR_PLAN, "shangyu.txt", locator)
    park, resort = records["上虞新材料产业园"], records["曹娥江文旅综合体"]
    # 建设性质 is the stage; 万元 are read as 亿元; the year's planned sum is only noted
    assert (park["stage"], resort["stage"]) == ("新建", "续建")
    assert (park["investment_total"], resort["investment_total"]) == (35.6, 12.0)
    assert park["investment_period"] is None or math.isnan(park["investment_period"])
    assert "2024年计划投资" in park["notes"]
    assert (park["period_start"], park["period_end"]) == (2024, 2027)


def test_start_and_end_years_in_two_columns_are_the_period(locator) -> None:
    text = "\n".join(
        [
            "秀洲区2024年重点建设项目表",
            "序号\t项目名称\t建设地点\t总投资（亿元）\t开工年份\t竣工年份",
            "1\t秀洲光伏产业园\t王江泾镇\t35\t2024\t2027",
        ]
    )
    park = _records(text, "xiuzhou.txt", locator)["秀洲光伏产业园"]
    assert (park["period_start"], park["period_end"]) == (2024, 2027)


def test_a_name_column_that_holds_the_content_too_gives_the_name(locator) -> None:
    text = "\n".join(
        [
            "温州市瓯海区2024年重大项目表",
            "序号\t项目名称及主要建设内容\t建设地点\t总投资（亿元）",
            "1\t瓯海智能装备产业园项目：新建标准厂房，用地面积约300亩\t娄桥街道\t18",
            "2\t温州市第三人民医院迁建工程（2023-2026）。新建医疗综合楼\t瞿溪街道\t25",
        ]
    )
    records = _records(text, "ouhai.txt", locator)
    assert set(records) == {"瓯海智能装备产业园项目", "温州市第三人民医院迁建工程"}
    park = records["瓯海智能装备产业园项目"]
    assert park["land_area_m2"] == pytest.approx(300 * 10000 / 15)  # read from the rest
    hospital = records["温州市第三人民医院迁建工程"]
    assert (hospital["period_start"], hospital["period_end"]) == (2023, 2026)


def test_groups_numbered_in_chinese_with_their_sums_are_no_works(locator) -> None:
    # 序号 一/二 heads a group and carries its sum; 合计 the table's; the last empty cells
    # of a Word table saved as text are cut off
    text = "\n".join(
        [
            "缙云县2024年重大项目计划表",
            "序号\t项目名称\t建设地点\t总投资（亿元）\t责任单位",
            "\t合计（4个）\t\t60",
            "一\t产业项目（2个）\t\t35",
            "1\t缙云机械装备产业园\t新碧街道\t20\t县经信局",
            "2\t壶镇智能制造小镇\t壶镇镇\t15\t壶镇镇",
            "二\t民生项目（2个）\t\t25",
            "1\t缙云县人民医院迁建工程\t五云街道\t18\t县卫健局",
            "2\t缙云县第二中学新建工程\t东渡镇\t7",
        ]
    )
    records = _records(text, "jinyun.txt", locator)
    assert set(records) == {"缙云机械装备产业园", "壶镇智能制造小镇", "缙云县人民医院迁建工程",
                            "缙云县第二中学新建工程"}  # fmt: skip
    assert sum(r["investment_total"] for r in records.values()) == 60.0  # each work once
    assert "民生项目（2个）" in records["缙云县第二中学新建工程"]["notes"]
