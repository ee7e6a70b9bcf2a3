"""A PDF page's words where they stand (pypdf's layout mode) → tables one row to a line.

The whole path, from a printed PDF to records, is tested in test_plan_files.py and
test_extract_any.py; these cases are the shapes of tables a printed page may hold.
"""

from __future__ import annotations

from geoplan._pdf_tables import finish, page_text


def _text(*pages: list[str]) -> list[str]:
    """The lines a document of these pages reads as (blank lines left out)."""
    out, grid = [], None
    for page in pages:
        text, grid = page_text(page, grid)
        out.append(text)
    out.append(finish(grid))
    return [line for line in "\n".join(out).split("\n") if line]


def test_a_table_without_numbers_starts_a_row_where_most_columns_are_filled() -> None:
    lines = _text(
        [
            "项目名称        建设地点      总投资（亿元）",
            "甲物流园        乙镇          12",
            "二期",
            "丙文化中心      丁街道        3.5",
        ]
    )
    assert lines == [
        "项目名称\t建设地点\t总投资（亿元）",
        "甲物流园二期\t乙镇\t12",
        "丙文化中心\t丁街道\t3.5",
    ]


def test_running_text_ends_a_table_and_stays_as_it_was() -> None:
    lines = _text(
        [
            "序号   项目名称     建设地点",
            "1      甲物流园     乙镇",
            "加快推进各项目前期工作，确保按期开工建设，并做好要素保障和项目服务。",
            "二、保障措施",
        ]
    )
    assert lines[:2] == ["序号\t项目名称\t建设地点", "1\t甲物流园\t乙镇"]
    assert lines[2:] == [
        "加快推进各项目前期工作，确保按期开工建设，并做好要素保障和项目服务。",
        "二、保障措施",
    ]


def test_short_words_apart_that_no_rows_follow_are_no_table() -> None:
    page = [
        "创新   协调   绿色",
        "坚持新发展理念，推动高质量发展取得新成效，人民生活水平持续提高。",
    ]
    assert _text(page)[:2] == ["创新 协调 绿色", page[1]]


def test_a_table_runs_on_to_the_next_page_without_a_repeated_header() -> None:
    first = ["序号   项目名称     建设地点", "1      甲物流园     乙镇", "", "       — 3 —"]
    second = ["2      丙中心       丁镇", "       二期", "三、保障措施"]
    assert _text(first, second) == [
        "序号\t项目名称\t建设地点",
        "1\t甲物流园\t乙镇",
        "2\t丙中心二期\t丁镇",
        "三、保障措施",
    ]


def test_a_header_wrapped_inside_its_words_and_numbers_in_a_second_column() -> None:
    # A narrow table as an office prints it: column names wrapped mid-word over three
    # lines, a category column printed once for its group, 序号 second.
    page = [
        "类别     序号     项目名    建设地     总投资     2025年",
        "              称      点       （万      计划投",
        "                               元）      资（万",
        "                                         元）",
        "交通     1      台州湾    台州湾     356000  80000",
        "              新区疏    新区",
        "              港大道",
        "       2      温岭东    温岭市     120000  30000",
        "              部新区",
    ]
    assert _text(page) == [
        "类别\t序号\t项目名称\t建设地点\t总投资（万元）\t2025年计划投资（万元）",
        "交通\t1\t台州湾新区疏港大道\t台州湾新区\t356000\t80000",
        "\t2\t温岭东部新区\t温岭市\t120000\t30000",
    ]


def test_a_name_over_two_sub_columns_and_rows_heading_groups() -> None:
    # As LibreOffice prints a Word 重大项目表 (pypdf's layout, kept as it came): 总投资 spans
    # 合计 and 其中：“十四五”, whose quote marks the layout moves into the next gutter;
    # rows across the table head the groups of rows below them.
    page = [
        "序号     项目名    建设地    建设起    总投资（亿元）       责任单",
        "       称      点      止年限    合计     其      位",
        "                                     “中： 十",
        "                                     ”四五",
        "一、产业发展项目",
        "1      碧湖智    碧湖镇    2021—  25.0   20.0   区经信",
        "       能装备           2025                 局",
        "       产业园",
        "二、社会民生项目",
        "2      人民医    紫金街    2021—  12.0   12.0   区卫健",
        "       院迁建    道      2024                 局",
        "第三章 保障措施",
    ]
    assert _text(page) == [
        "序号\t项目名称\t建设地点\t建设起止年限\t总投资（亿元）\t总投资（亿元）\t责任单位",
        "\t\t\t\t合计\t其中：十四五\t",
        "一、产业发展项目",
        "1\t碧湖智能装备产业园\t碧湖镇\t2021—2025\t25.0\t20.0\t区经信局",
        "二、社会民生项目",
        "2\t人民医院迁建\t紫金街道\t2021—2024\t12.0\t12.0\t区卫健局",
        "第三章 保障措施",
    ]


def test_a_narrow_table_whose_names_stand_one_space_apart() -> None:
    # As LibreOffice prints a ten-column Word table on A4 (pypdf's layout, kept as it
    # came): "2024 开工" are the first words of two names, one space apart; a year may
    # start a name (2024年计划投资).
    page = [
        "序号   项目   建设    建设   建设   总投    2024 开工   竣工    责任",
        "     名称   性质    地点   内容   资     年计   年份   年份    单位",
        "                          （亿    划投",
        "                          元）    资",
        "                                （亿",
        "                                元）",
        "1    秀洲   新建    王江   建设   35    8    2024 2027  秀洲",
        "     高新         泾镇   光伏                         高新",
        "     区智              组件                         区",
        "     能光              生产",
        "     伏产              线及",
        "     业园              配套",
        "                     设施",
        "2    运河   续建    新城   建设   12.5  3    2022 2025  区文",
        "     湾文         街道   文化                         旅局",
        "     旅综              街",
        "     合体              区、",
    ]
    assert _text(page) == [
        (
            "序号\t项目名称\t建设性质\t建设地点\t建设内容\t总投资（亿元）\t2024年计划投资（亿元）"
            "\t开工年份\t竣工年份\t责任单位"
        ),
        (
            "1\t秀洲高新区智能光伏产业园\t新建\t王江泾镇\t建设光伏组件生产线及配套设施\t35\t8\t2024"
            "\t2027\t秀洲高新区"
        ),
        "2\t运河湾文旅综合体\t续建\t新城街道\t建设文化街区、\t12.5\t3\t2022\t2025\t区文旅局",
    ]


def test_a_line_of_figures_is_no_header() -> None:
    lines = _text(["2021 2022 2023 2024", "12   15   18   20", "后续正文。"])
    assert not any("\t" in line for line in lines)


def test_a_title_spaced_by_the_pdf_is_no_header() -> None:
    # the quote marks of “十四五” moved to the end, its words one space apart
    page = ["丽水市莲都区 十四五 重大建设项目表“         ”", "附表", "一、发展基础"]
    assert _text(page) == ["丽水市莲都区 十四五 重大建设项目表“ ”", "附表", "一、发展基础"]


def test_a_group_numbered_in_chinese_starts_a_row_of_its_own() -> None:
    page = [
        "序号   项目名称        建设地点    总投资（亿元）",
        "一     产业项目（2个）             35",
        "1      缙云机械装备    新碧街道    20",
        "       产业园",
        "2      壶镇智能制造    壶镇镇      15",
        "       小镇",
    ]
    assert _text(page) == [
        "序号\t项目名称\t建设地点\t总投资（亿元）",
        "一\t产业项目（2个）\t\t35",
        "1\t缙云机械装备产业园\t新碧街道\t20",
        "2\t壶镇智能制造小镇\t壶镇镇\t15",
    ]
