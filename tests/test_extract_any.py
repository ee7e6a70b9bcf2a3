"""Any plan a planner brings becomes records: the works of three plans, in every file form."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from synthetic_plans import CJK_FONT, PLANS, SyntheticPlan, as_scanned_pdf, write

from geoplan import extract, schema
from geoplan.errors import GeoplanError, UnknownNameError
from geoplan.extract.detect import detect_plan
from geoplan.locate import Locator
from geoplan.places import read_township_points
from geoplan.plans import read_plans
from geoplan.records import place_extraction

FORMS = ["utf-8", "gbk", "utf-16", "docx", "pdf"]


@pytest.fixture(scope="module")
def locator() -> Locator:
    return Locator.load()


def _works_of(placed: gpd.GeoDataFrame) -> dict[str, dict]:
    return {str(r["name"]): r for r in placed.to_dict("records")}


def _same(value: object, expected: float | None) -> bool:
    if expected is None:
        return value is None or (isinstance(value, float) and math.isnan(value))
    return isinstance(value, float) and math.isclose(value, expected, rel_tol=1e-9)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("key", list(PLANS))
def test_every_work_of_the_plan_becomes_a_record(key, form, tmp_path, locator) -> None:
    if form == "pdf" and not CJK_FONT.exists():
        pytest.skip(f"no CJK font at {CJK_FONT} to write a Chinese PDF")
    plan = PLANS[key]
    found = extract.extract_file(write(plan, form, tmp_path))
    placed = place_extraction(found, locator)
    works = _works_of(placed)
    assert sorted(works) == sorted(w.name for w in plan.works)  # all of them, nothing else
    for work in plan.works:
        got = works[work.name]
        assert _same(got["investment_total"], work.investment), work.name
        assert got["investment_total_qualifier"] == work.investment_qualifier, work.name
        assert _same(got["land_area_m2"], work.land_m2), work.name
        assert got["land_area_qualifier"] == work.land_qualifier, work.name
        assert got["work_type"] == work.work_type, work.name
        assert got["unit_name"] == work.unit, work.name
        spans = [locator.gazetteer.name_of(a) for a in got["adcodes"].split(";") if a]
        assert spans == list(work.counties), work.name
        # provenance: the plan and the line the work's name is printed on
        assert got["plan"] == found.plan
        lines = found.source.lines[int(got["line_start"]) - 1 : int(got["line_end"])]
        assert work.name in "".join(lines).replace(" ", ""), (work.name, lines)
    assert schema.validate(placed[schema.COLUMNS]) is not None
    assert placed.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    "form",
    [
        "docx-table",
        "pdf-table",
        "xlsx-table",
        "docx-grouped-table",
        "pdf-grouped-table",
        "xlsx-grouped-table",
    ],
)
def test_a_table_of_works_in_word_or_printed_to_pdf(form, tmp_path, locator) -> None:
    if form.startswith("pdf") and not CJK_FONT.exists():
        pytest.skip(f"no CJK font at {CJK_FONT} to write a Chinese PDF")
    plan = PLANS["city"]
    found = extract.extract_file(write(plan, form, tmp_path))
    works = _works_of(place_extraction(found, locator))
    assert sorted(works) == sorted(w.name for w in plan.works)
    for work in plan.works:
        assert _same(works[work.name]["investment_total"], work.investment)
        assert _same(works[work.name]["land_area_m2"], work.land_m2)
        assert works[work.name]["unit_name"] == work.unit
        if "grouped" in form:
            # 总投资 over 合计 and 其中“十四五”: the part in the period; the group row, the stage
            assert _same(works[work.name]["investment_period"], work.in_period)
            assert works[work.name]["stage"] == work.stage


@pytest.mark.parametrize("key", list(PLANS))
def test_what_the_plan_is_is_read_from_its_text(key) -> None:
    plan: SyntheticPlan = PLANS[key]
    found = extract.extract_file(plan.text.encode("gb18030"), name=f"{key}.txt")
    assert not found.registered
    assert (found.info.title, found.info.region, found.info.period) == (
        plan.title,
        plan.region,
        plan.period,
    )
    assert found.guess is not None and found.guess.missing == ()


def test_figures_of_the_city_list() -> None:
    records = extract.extract_file(PLANS["city"].text.encode(), name="city.txt").records
    by_name = records.set_index("name")
    road = by_name.loc["衢江区高家镇至廿里镇公路改建工程"]
    assert road["length_km"] == 12.5
    assert (road["end_from"], road["end_to"]) == ("衢江区高家镇", "廿里镇")
    river = by_name.loc["常山港治理二期工程"]
    assert river["investment_parts"] == "中央 2.1亿元 + 省级 1.5亿元 + 市县 2.7亿元"
    assert river["investment_total"] == 6.3
    assert by_name.loc["衢州市第二人民医院迁建工程", "location"] == "柯城区"
    assert list(records.sort_values("line_start")["stage"]) == ["新建"] * 3 + ["续建"] * 3


def test_the_county_sentence_keeps_each_works_own_figures_and_one_group() -> None:
    records = extract.extract_file(PLANS["county"].text.encode("gbk"), name="c.txt").records
    by_name = records.set_index("name")
    assert by_name.loc["浙江磐安抽水蓄能电站", "power_mw"] == 1200.0  # 120万千瓦
    assert by_name.loc["安文水库工程", "storage_m3"] == 12_000_000.0  # 1200万立方米
    road = by_name.loc["S210省道磐安尖山至玉山段改建工程"]
    assert (road["end_from"], road["end_to"]) == ("磐安尖山", "玉山")
    assert records["group_id"].nunique() == 1 and records["group_id"].iloc[0]
    assert set(records["line_start"]) == {3}


def test_the_notice_gives_each_named_project_its_later_figures() -> None:
    records = extract.extract_file(PLANS["notice"].text.encode(), name="n.txt").records
    assert len(records) == 3
    assert (records["line_start"] == 4).all()
    assert records["text"].str.contains("列为2024年市重点项目").all()


def test_ids_are_stable_and_the_same_in_any_encoding(tmp_path) -> None:
    plan = PLANS["city"]
    ids = [
        list(extract.extract_file(write(plan, form, tmp_path)).records["record_id"])
        for form in ("utf-8", "gbk", "utf-16", "utf-8")
    ]
    assert ids[0] == ids[1] == ids[2] == ids[3]
    assert all(i.startswith(ids[0][0].split("-")[0]) for i in ids[0])
    other = extract.extract_file(PLANS["notice"].text.encode(), name="n.txt")
    assert other.plan != ids[0][0].split("-")[0]


def test_the_report_says_what_was_read_not_read_and_stated() -> None:
    found = extract.extract_file(PLANS["city"].text.encode(), name="city.txt")
    report = found.report
    sections = {s.title: s for s in report.sections}
    assert sections["一、新建项目"].records == 3
    assert sections["二、续建项目"].records == 3
    spare = sections["三、预备项目"]
    assert spare.records == 0
    assert spare.stated == ("line 13: 另安排预备项目若干，总投资约16.3亿元，待条件成熟后启动。",)
    assert len(spare.unread) == 1 and spare.unread[0].startswith(
        "line 14: 同步推进城区老旧小区改造"
    )
    text = report.to_text()
    assert "stated: line 3: 全年安排市级重大建设项目6个，总投资55.2亿元。" in text
    assert report.empty_reason == ""


def test_a_plan_without_works_says_why() -> None:
    text = (
        "甲县2024年工作要点\n\n一、发展基础\n全年经济平稳增长。\n"
        "二、工作要求\n加强组织领导，推进城市更新，投资约3亿元。"
    )
    found = extract.extract_file(text.encode(), name="a.txt", region="东阳")
    assert found.records.empty
    reason = found.report.empty_reason
    assert reason.startswith("no works found: 5 lines of text read")
    assert "line 6: 加强组织领导，推进城市更新，投资约3亿元。" in reason


def test_flags_fill_in_what_the_text_does_not_say() -> None:
    text = "重点项目\n\n1. 东阳市人民医院迁建工程，总投资5.2亿元，用地120亩。"
    guess = detect_plan(tuple(text.split("\n")))
    assert guess.region == "" and guess.period is None
    assert "region not detected (give --region" in guess.message()
    found = extract.extract_file(
        text.encode(), name="a.txt", title="东阳市重点项目", region="东阳", period="2024-2026"
    )
    assert (found.info.title, found.info.region, found.info.level) == (
        "东阳市重点项目",
        "东阳市",
        "county",
    )
    assert found.info.period == (2024, 2026)
    with pytest.raises(UnknownNameError, match="杭州西湖"):
        extract.extract_file(text.encode(), name="a.txt", region="杭州西湖")
    with pytest.raises(GeoplanError, match="period"):
        extract.extract_file(text.encode(), name="a.txt", period="明年")


@pytest.mark.parametrize(
    ("title", "period", "short"),
    [
        (
            "桐庐县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            (2021, 2025),
            "桐庐十四五纲要",
        ),
        ("丽水市国民经济和社会发展第十三个五年规划纲要", (2016, 2020), "丽水十三五纲要"),
        ("德清县“十五五”现代服务业发展规划", (2026, 2030), "德清服务业十五五"),
    ],
)
def test_the_period_of_a_five_year_plan_is_read_from_its_title(title, period, short) -> None:
    guess = detect_plan((title, "", "一、发展基础"))
    assert guess.period == period
    # A work's 建设期限 further down is not the plan's period.
    assert detect_plan((title, "", "1．甲物流园。建设期限2022—2023年。")).period == period
    # A PDF's text layer may move the quote marks off their words and space the title.
    moved = re.sub("[“”]", "", title).replace("规划", " 规划") + "“ ”"
    assert detect_plan((moved, "", "一、发展基础")).period == period
    # the short name tables and the comparison use follows the shipped plans' pattern
    text = f"{title}\n\n专栏1 重大项目\n1. 甲物流园。总投资2亿元。\n"
    assert extract.extract_file(text.encode(), name="plan.txt").info.short == short


def test_a_title_a_pdf_wraps_over_two_lines_is_one_title() -> None:
    first = "舟山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标"
    guess = detect_plan((first, "纲要", "第一章 发展基础"))
    assert guess.title == "舟山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    assert (guess.title_line, guess.region, guess.period) == (1, "舟山市", (2021, 2025))
    # a first line that is a title on its own is not joined to the next
    alone = detect_plan(("丽水市服务业发展规划", "（2021—2025年）", "一、"))
    assert alone.title == "丽水市服务业发展规划"


@pytest.mark.parametrize("kind", ["计划表", "汇总表", "明细表"])
def test_a_table_titled_as_a_list_of_projects_is_the_plans_title(kind) -> None:
    guess = detect_plan((f"台州市2025年市级重点建设项目{kind}", "序号\t项目名称\t建设地点"))
    assert (guess.region, guess.period) == ("台州市", (2025, 2025))


def test_a_registered_plan_read_as_a_file_keeps_its_registry_entry(tmp_path) -> None:
    plans = read_plans()
    first = next(iter(plans.values()))
    path = tmp_path / first.file
    path.write_text("专栏1：重大项目\n1. 甲园区。总投资2亿元。\n", encoding="utf-8")
    found = extract.extract_file(path)
    assert found.registered and found.info == first
    assert found.records["record_id"].str.startswith(f"{first.id}-").all()


# ---------------------------------------------------------------- linear works between places


def test_a_road_between_two_placed_towns_is_drawn_as_a_schematic_line(locator) -> None:
    # Two townships of data/township_points.csv with a point, in two counties of 衢州,
    # each name found once in the table: a road between them is drawn between their points.
    towns = read_township_points()
    unique = towns[~towns["township"].duplicated(keep=False) & towns["lon"].notna()]
    ends = [unique[unique["county"] == county].iloc[0] for county in ("柯城区", "江山市")]
    text = f"衢州市2024年重大项目\n\n1. {ends[0]['township']}至{ends[1]['township']}公路改建工程。"
    found = extract.extract_file(text.encode(), name="r.txt")
    (record,) = place_extraction(found, locator).to_dict("records")
    assert (record["end_from"], record["end_to"]) == (ends[0]["township"], ends[1]["township"])
    assert record["precision"] == "schematic"
    line = shapely.from_wkt(record["line_wkt"])
    for coords, end in zip((line.coords[0], line.coords[-1]), ends, strict=True):
        assert coords == pytest.approx((end["lon"], end["lat"]), abs=1e-6)
    assert (record["lon"], record["lat"]) == pytest.approx(
        (line.centroid.x, line.centroid.y), abs=1e-6
    )
    assert sorted(record["adcodes"].split(";")) == sorted(str(end["adcode"]) for end in ends)
    assert record["unit_name"] == "衢州市"
    assert "示意直线" in record["placement_basis"]


# ---------------------------------------------------------------- command line


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args], capture_output=True, text=True, check=False
    )


def test_cli_reads_any_plan_and_says_what_it_is(tmp_path: Path) -> None:
    source = write(PLANS["county"], "gbk", tmp_path)
    out = tmp_path / "records.csv"
    result = run("extract", str(source), "-o", str(out), "--report")
    assert result.returncode == 0, result.stderr
    assert "traditional script read as simplified" in result.stdout
    assert "region 磐安县 (the title)" in result.stdout
    frame = schema.read_csv(out)
    assert set(frame["name"]) == {w.name for w in PLANS["county"].works}
    assert set(frame["unit_name"]) == {"磐安县"}


def test_cli_says_what_could_not_be_detected_and_exits_non_zero_on_nothing(tmp_path) -> None:
    source = tmp_path / "empty-plan.txt"
    source.write_text("工作要点\n\n加强组织领导。\n", encoding="utf-16")
    result = run("extract", str(source))
    assert result.returncode == 1
    assert "region not detected (give --region" in result.stdout
    assert "no works found" in result.stderr


def test_cli_refuses_a_scan_with_a_clear_message(tmp_path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(as_scanned_pdf())
    result = run("extract", str(scan))
    assert result.returncode == 2
    assert "without a text layer" in result.stderr and "OCR" in result.stderr


def test_cli_flags_and_a_bad_region(tmp_path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("重点项目\n\n1. 东阳市人民医院迁建工程，总投资5.2亿元。\n", encoding="utf-8")
    good = run("extract", str(source), "--region", "东阳", "--period", "2024-2026")
    assert good.returncode == 0, good.stderr
    assert "region 东阳市 (given); period 2024–2026 (given)" in good.stdout
    assert "title not detected (give --title)" in good.stdout
    assert "东阳市人民医院迁建工程" in good.stdout and "东阳市" in good.stdout
    bad = run("extract", str(source), "--region", "火星")
    assert bad.returncode == 2
    assert "火星" in bad.stderr
