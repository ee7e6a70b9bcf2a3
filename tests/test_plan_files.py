"""Reading a plan file a planner brings: encodings, Word, Excel, PDF, traditional script."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from synthetic_plans import (
    CITY,
    CJK_FONT,
    COUNTY,
    NOTICE,
    PLANS,
    as_docx,
    as_docx_table,
    as_pdf,
    as_pdf_table,
    as_scanned_pdf,
    as_xlsx_table,
)

from geoplan.errors import DataFileError, PlanFileError
from geoplan.plans import read_plan_file

needs_cjk_font = pytest.mark.skipif(
    not CJK_FONT.exists(), reason=f"no CJK font at {CJK_FONT} to write a Chinese PDF"
)


@pytest.mark.parametrize(
    ("encoding", "read_as"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),  # with a BOM, as Notepad saves "Unicode"
        ("utf-16-le", "utf-16"),  # without one
    ],
)
def test_text_in_any_encoding_reads_the_same(encoding: str, read_as: str) -> None:
    plan = read_plan_file(NOTICE.encode(encoding), "notice.txt")
    assert plan.text == NOTICE
    assert plan.encoding == read_as and plan.format == "text" and not plan.converted
    assert plan.lines[3].startswith("经研究，现将义乌国际陆港物流园")


def test_windows_line_ends_keep_the_line_numbers(tmp_path) -> None:
    path = tmp_path / "city.txt"
    path.write_bytes(CITY.replace("\n", "\r\n").encode("gbk"))
    plan = read_plan_file(path)
    assert plan.name == "city.txt"
    assert plan.lines == tuple(CITY.split("\n"))


def test_traditional_script_is_read_as_simplified_line_by_line() -> None:
    plan = read_plan_file(COUNTY.encode("gbk"), "county.txt")
    assert plan.converted
    assert plan.original == COUNTY
    assert plan.lines[0] == "磐安县2023年省重点建设项目名单"
    assert "浙江磐安抽水蓄能电站（总投资约85亿元，装机容量120万千瓦）" in plan.lines[2]
    assert len(plan.lines) == len(COUNTY.split("\n"))


def test_simplified_text_with_a_stray_traditional_character_is_left_alone() -> None:
    # 於潜镇 keeps its 於 in simplified texts; one such name does not make a plan traditional
    text = CITY + "7. 於潜镇污水处理厂提标改造工程，总投资1亿元。\n"
    plan = read_plan_file(text.encode(), "a.txt")
    assert not plan.converted and plan.text == text


def test_word_file_gives_paragraphs_and_list_numbers() -> None:
    plan = read_plan_file(as_docx(CITY), "city.docx")
    assert plan.format == "docx"
    assert plan.lines[0] == "衢州市2024年市级重大建设项目计划"
    # Word keeps the numbers of a list outside the text; the reader writes them back.
    assert "1. 衢州市第二人民医院迁建工程。总投资18.6亿元，用地面积约150亩，建设地点：柯城区。" in (
        plan.lines
    )
    assert any(
        line.endswith("235国道柯城至江山段改建工程，全长38公里，总投资15亿元。")
        for line in plan.lines
    )


def test_word_table_rows_become_lines_of_tab_separated_cells() -> None:
    plan = read_plan_file(as_docx_table(PLANS["city"]), "table.docx")
    header = plan.lines.index("序号\t项目名称\t建设地点\t总投资（亿元）\t用地面积（亩）")
    assert plan.lines[header + 1] == "1\t衢州市第二人民医院迁建工程\t柯城区\t18.6\t150"
    # an empty cell keeps its place, so each value stays under its header
    assert plan.lines[header + 5] == "5\t常山港治理二期工程\t衢州市\t6.3\t"


def test_a_merged_title_row_is_printed_once_and_cell_line_breaks_are_joined() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    title = table.cell(0, 0).merge(table.cell(0, 2))
    title.text = "附表 重大项目表"
    for cell, text in zip(table.rows[1].cells, ["序号", "项目\n名称", "建设地点"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["1", "甲物流园", "乙镇"], strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    plan = read_plan_file(out.getvalue(), "merged.docx")
    assert plan.lines[-3:] == ("附表 重大项目表", "序号\t项目名称\t建设地点", "1\t甲物流园\t乙镇")


@needs_cjk_font
def test_an_excel_sheet_gives_its_rows_with_merged_cells_repeated() -> None:
    plan = read_plan_file(as_xlsx_table(PLANS["city"], grouped=True), "项目库.xlsx")
    assert (plan.format, plan.encoding) == ("xlsx", "xlsx")
    # the title merged across the table is one line; Excel's default sheet name is no title
    assert plan.lines[0] == "衢州市2024年市级重大建设项目计划"
    # a header of two rows: the merged 总投资 stands over both of its sub-columns
    assert plan.lines[1].split("\t")[3:5] == ["总投资（亿元）", "总投资（亿元）"]
    assert plan.lines[2].split("\t")[3:5] == ["合计", "其中：“十四五”"]
    assert plan.lines[3] == "一、新建项目"
    # numbers as printed (9, not 9.0); an empty cell keeps its place
    assert "4\t江山市体育中心\t江山市\t9\t7.2\t300" in plan.lines
    assert "2\t衢江区高家镇至廿里镇公路改建工程\t衢江区\t4.2\t3.36" in plan.lines


def test_a_named_sheet_starts_with_its_name_and_a_hidden_one_is_skipped() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024年重点项目"
    sheet.append(["序号", "项目名称", "建设地点"])
    sheet.append([1, "甲物流园\n二期", "乙镇"])
    hidden = book.create_sheet("草稿")
    hidden.append(["不应读出"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    plan = read_plan_file(out.getvalue(), "a.xlsx")
    assert plan.lines == ("2024年重点项目", "序号\t项目名称\t建设地点", "1\t甲物流园二期\t乙镇")


def test_pdf_with_a_text_layer() -> None:
    plan = read_plan_file(as_pdf(NOTICE), "notice.pdf")
    assert plan.format == "pdf"
    assert plan.lines[0] == "关于下达2024年义乌市重点项目的通知"
    assert "".join(plan.lines).replace(" ", "") == NOTICE.replace("\n", "")


@needs_cjk_font
def test_a_printed_table_in_a_pdf_comes_back_one_row_to_a_line() -> None:
    plan_in = PLANS["city"]
    plan = read_plan_file(as_pdf_table(plan_in), "table.pdf")
    # The header's units, printed under their column names, join them again.
    columns = "序号\t项目名称\t建设地点\t建设内容\t总投资（亿元）\t用地面积（亩）"
    header = plan.lines.index(columns)
    rows = [line.split("\t") for line in plan.lines[header + 1 : header + 1 + len(plan_in.works)]]
    # Every work is one row, its wrapped cells joined, the rows of the second page
    # (under a repeated header) included, the page number between them left out.
    assert [row[:3] for row in rows] == [
        [str(n), work.name, work.unit] for n, work in enumerate(plan_in.works, start=1)
    ]
    assert [row[3] for row in rows] == [f"{w.name}主体工程及配套设施建设" for w in plan_in.works]
    assert [row[4] for row in rows] == [f"{w.investment:g}" for w in plan_in.works]
    assert plan.lines.count(columns) == 1
    # The text after the table is running text again.
    after = [line for line in plan.lines[header + 1 + len(plan_in.works) :] if line.strip()]
    assert after[0] == "第二章 保障措施"


def test_scanned_pdf_says_to_run_ocr() -> None:
    with pytest.raises(PlanFileError, match=r"scan\.pdf is a PDF without a text layer.*OCR"):
        read_plan_file(as_scanned_pdf(), "scan.pdf")


def _broken_workbook() -> bytes:
    """A zip that names a workbook but holds none of its parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", r"plan file empty\.txt is empty"),
        (bytes(range(256)) * 8, r"not text in UTF-8, GBK/GB18030 or UTF-16, nor a \.docx, an"),
        (b"%PDF-1.7\nnot really", r"cannot read empty\.txt as a PDF"),
        (b"PK\x03\x04broken zip", r"cannot read empty\.txt as a Word file"),
        (_broken_workbook(), r"cannot read empty\.txt as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"old Office file .* save it as \.docx"),
    ],
)
def test_what_cannot_be_read_says_why(data: bytes, match: str) -> None:
    with pytest.raises(PlanFileError, match=match):
        read_plan_file(data, "empty.txt")


def test_missing_file(tmp_path) -> None:
    with pytest.raises(
        DataFileError, match=r"plan file not found: .*nothing\.txt\. Check the path"
    ):
        read_plan_file(tmp_path / "nothing.txt")


def test_an_upload_is_bytes_and_a_name() -> None:
    plan = read_plan_file(io.BytesIO(NOTICE.encode()).getvalue(), "通知.txt")
    assert plan.name == "通知.txt" and plan.text == NOTICE


def _framed(before: tuple[str, ...], fill: Callable[[Any], None], after: str) -> bytes:
    """A Word file: paragraphs, a 专栏 framed as a one-cell table ``fill`` writes, a paragraph."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    fill(document.add_table(rows=1, cols=1).cell(0, 0))
    document.add_paragraph(after)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_box_drawn_as_a_one_cell_word_table_keeps_its_lines() -> None:
    from geoplan import extract

    def fill(frame: Any) -> None:
        frame.text = "专栏3 重大项目"
        frame.add_paragraph("1. 甲物流园。总投资2亿元。")
        frame.add_paragraph("2. 乙商贸中心。总投资3亿元。")

    data = _framed(
        ("某县服务业发展“十四五”规划", "一、重点任务", "推进服务业项目建设。"), fill, "二、保障措施"
    )
    plan = read_plan_file(data, "frame.docx")
    assert plan.lines[3:6] == (
        "专栏3 重大项目",
        "1. 甲物流园。总投资2亿元。",
        "2. 乙商贸中心。总投资3亿元。",
    )
    found = extract.extract_file(data, name="frame.docx", region="龙游县")
    records = found.records.set_index("name")
    assert list(records.index) == ["甲物流园", "乙商贸中心"]
    assert list(records["box"]) == ["专栏3", "专栏3"]


def test_a_table_inside_a_framed_box_gives_its_rows() -> None:
    from geoplan import extract

    def fill(frame: Any) -> None:
        frame.text = "专栏2 自贸试验区重大平台"
        inner = frame.add_table(rows=1, cols=3)
        for cell, label in zip(inner.rows[0].cells, ["序号", "平台名称", "所在地"], strict=True):
            cell.text = label
        rows = (
            ["1", "舟山绿色石化基地", "岱山县鱼山岛"],
            ["2", "六横国际油品储运基地", "普陀区六横镇"],
        )
        for row in rows:
            for cell, value in zip(inner.add_row().cells, row, strict=True):
                cell.text = value
        frame.add_paragraph("注：规划面积以批复为准。")

    before = ("舟山市十四五规划纲要", "第二章 建设自贸试验区", "加快建设自贸试验区舟山片区。")
    data = _framed(before, fill, "第三章 保障措施")
    plan = read_plan_file(data, "zhoushan.docx")
    assert plan.lines[3:8] == (
        "专栏2 自贸试验区重大平台",
        "序号\t平台名称\t所在地",
        "1\t舟山绿色石化基地\t岱山县鱼山岛",
        "2\t六横国际油品储运基地\t普陀区六横镇",
        "注：规划面积以批复为准。",
    )
    records = extract.extract_file(data, name="zhoushan.docx").records
    platforms = records[records["box"] == "专栏2"].set_index("name")
    assert platforms.loc["六横国际油品储运基地", "location"] == "普陀区六横镇"
    assert len(platforms) == 2
