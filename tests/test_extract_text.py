"""Repair of converted text and the line map (geoplan.extract.text, markers)."""

from __future__ import annotations

import pytest

from geoplan.extract.markers import is_heading, marker
from geoplan.extract.text import Span, display_width, is_finished, normalize_name, repair


def test_bookmark_tags_are_removed_and_mark_the_line() -> None:
    doc = repair("[bookmark: _Toc1][bookmark: _Toc2]（一）发展成就\n“十二五”以来，全市…")
    assert [line.text for line in doc.lines] == ["（一）发展成就", "“十二五”以来，全市…"]
    assert doc.lines[0].anchored
    assert not doc.lines[1].anchored
    assert [r.kind for r in doc.removed] == ["bookmark"]


def test_a_line_of_bookmarks_only_disappears() -> None:
    doc = repair("正文。\n[bookmark: _Toc444270179]\n下一段。")
    assert [line.number for line in doc.lines] == [1, 3]


def test_image_placeholder_is_removed_and_the_sentence_joins() -> None:
    # 003 line 138: "[image: image1.jpg]" cuts "…新型商贸、" from "旅游休闲等服务业。" (line 141).
    doc = repair("重点推动现代物流、新型商贸、[image: image1.jpg]\n\n\n旅游休闲等服务业。")
    assert [line.text for line in doc.lines] == [
        "重点推动现代物流、新型商贸、",
        "旅游休闲等服务业。",
    ]
    from geoplan.extract.boxes import paragraphs

    (paragraph,) = paragraphs(list(doc.lines))
    assert paragraph.text == "重点推动现代物流、新型商贸、旅游休闲等服务业。"
    assert paragraph.line_range() == (1, 4)


def test_page_number_between_blank_lines_is_removed() -> None:
    # 004 line 1789: "金华义 / 34 / 乌国际机场" — a page number splits a name.
    text = "力打造华东联运新城，着力推动金华义\n\n\n\n34\n\n乌国际机场建设。"
    doc = repair(text)
    assert [line.number for line in doc.lines] == [1, 7]
    assert [(r.number, r.kind, r.text) for r in doc.removed] == [(5, "page-number", "34")]


def test_table_row_numbers_are_kept() -> None:
    # 004 line 249: a row number followed directly by its row is not a page number.
    doc = repair("2 人均地区生产总值\n\n3\n财政收入（亿元） 24.3")
    assert [line.text for line in doc.lines] == ["2 人均地区生产总值", "3", "财政收入（亿元） 24.3"]


def test_url_lines_are_removed() -> None:
    doc = repair("（牵头单位：商务局）\nhttps://baike.baidu.com/item/%E8%BF%9B%E8%B4%A7\n第四章")
    assert [line.text for line in doc.lines] == ["（牵头单位：商务局）", "第四章"]


def test_line_numbers_are_one_based_and_survive_crlf() -> None:
    doc = repair("一\r\n\r\n二\r\n三")
    assert [(line.number, line.text) for line in doc.lines] == [(1, "一"), (3, "二"), (4, "三")]
    assert [line.after_blank for line in doc.lines] == [True, True, False]


def test_layout_detection_on_short_texts() -> None:
    assert repair("").layout == "paragraph"
    assert repair("短\n短").layout == "paragraph"


def test_display_width() -> None:
    assert display_width("专栏") == 2
    assert display_width("AGV") == 1.5
    assert display_width("２０") == 2


def test_is_finished() -> None:
    assert is_finished("等。")
    assert is_finished("（牵头单位：发改局）")
    assert is_finished("主导产业：")
    assert not is_finished("水上乐园、")
    assert not is_finished("")


def test_normalize_name() -> None:
    assert normalize_name("浙中多式联运枢纽港 ") == "浙中多式联运枢纽港"
    assert normalize_name("松溪古街创建国家AAA 级景区工程") == "松溪古街创建国家AAA级景区工程"
    assert normalize_name("Babycare 金华母婴用品") == "Babycare金华母婴用品"
    assert normalize_name("G60 S2") == "G60 S2"


def test_span_line_map() -> None:
    span = Span.join([("3. 浙江省金华龙头殿国际旅游度", 2623), ("假区、浙中桃花源", 2625)])
    start = span.text.index("假区")
    assert span.line_at(start) == 2625
    assert span.line_range(span.text.index("龙头殿"), start + 2) == (2623, 2625)
    part = span.slice(start, len(span.text))
    assert part.text == "假区、浙中桃花源"
    assert part.lines == (2625,)
    joined = Span.concat([span, Span.join([("下一段", 2630)])], [" "])
    assert joined.line_at(len(joined.text) - 1) == 2630


def test_empty_span_has_no_lines() -> None:
    with pytest.raises(IndexError, match="empty span has no source lines"):
        Span.join([]).line_at(0)


@pytest.mark.parametrize(
    ("text", "style", "number", "rest"),
    [
        ("1.氟硅钴新材料", "digit.", 1, "氟硅钴新材料"),
        ("12. 龙游", "digit.", 12, "龙游"),
        ("10.楼店商业综合体。", "digit.", 10, "楼店商业综合体。"),
        ("3、智慧物流：", "digit、", 3, "智慧物流："),
        ("１．全角", "digit.", 1, "全角"),
        ("二、传统服务业", "cn", 2, "传统服务业"),
        ("十二、其他", "cn", 12, "其他"),
        ("（2）完善", "paren", 2, "完善"),
        ("——金华科技城：", "dash", None, "金华科技城："),
    ],
)
def test_markers(text: str, style: str, number: int | None, rest: str) -> None:
    found = marker(text)
    assert found is not None
    assert (found.style, found.number, text[found.end :]) == (style, number, rest)


@pytest.mark.parametrize("text", ["1.5万亩标准农田", "2020年", "专栏1：", "金华", "（一）发展基础"])
def test_not_markers(text: str) -> None:
    assert marker(text) is None


def test_headings() -> None:
    assert is_heading("第三节 提升产业链供应链现代化水平")
    assert is_heading("第十二章 汇聚实现")
    assert is_heading("（二）商务服务")
    assert is_heading("(一) 发展基础")
    assert not is_heading("一、重点服务业")
    assert not is_heading("1.发展目标")
