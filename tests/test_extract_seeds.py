"""Extraction of the five real plans (their texts ship in data/plans/).

Expected figures are read from the plan text by independent, simpler means
(a regular expression over the box's lines, a count of numbered lines), not
copied from the extractor's output.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geoplan import extract, plans, schema
from geoplan.extract import catalog, totals
from geoplan.extract.boxes import find_boxes
from geoplan.extract.text import repair

from factories import own_words


def _lines(plan: str) -> list[str]:
    return list(plans.plan_lines(plan))


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return extract.extract_all()


@pytest.fixture(scope="module")
def report(records: pd.DataFrame) -> extract.Reconciliation:
    return extract.reconcile(records)


def _box(records: pd.DataFrame, plan: str, box: str) -> pd.DataFrame:
    return records[(records["plan"] == plan) & (records["box"] == box)]


# ---------------------------------------------------------------- whole-table properties


def test_all_plans_valid_and_unique(records: pd.DataFrame) -> None:
    assert schema.validate(records) is records
    assert records["record_id"].is_unique
    assert sorted(records["plan"].unique()) == sorted(plans.read_plans())


def test_line_ranges_contain_the_names(records: pd.DataFrame) -> None:
    texts = {plan: _lines(plan) for plan in records["plan"].unique()}
    for row in records.itertuples(index=False):
        assert 1 <= row.line_start <= row.line_end <= len(texts[row.plan]), row.record_id
        printed = "".join(texts[row.plan][row.line_start - 1 : row.line_end])
        printed = re.sub(r"\s+|\[bookmark:[^\]]*\]", "", printed)
        forms = own_words(row.name, row.notes, row.place_words)
        assert any(form[:3] in printed for form in forms), (row.record_id, row.name)


def test_names_carry_no_conversion_artefacts(records: pd.DataFrame) -> None:
    for name in records["name"]:
        assert name == name.strip() and name
        assert "\n" not in name and "  " not in name
        assert not re.search(r"bookmark|image:|https?://|^\d+$", name)
        # a space left by a line wrap between two CJK characters
        assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", name), name


def test_texts_carry_no_conversion_artefacts(records: pd.DataFrame) -> None:
    assert not records["text"].str.contains(r"\[bookmark|\[image|https?://").any()


def test_every_box_of_the_five_plans_is_decided_by_the_catalog() -> None:
    decided = catalog.load_catalog()
    for plan in plans.read_plans():
        doc = repair("\n".join(_lines(plan)))
        for box in find_boxes(doc).boxes:
            assert (plan, box.number, box.title) in decided, (plan, box.label, box.title)


def test_toc_boxes_are_not_boxes() -> None:
    # 001 lists 专栏1–16 twice: in its table of contents (lines 48–63) and in the text.
    lines = _lines("001")
    toc = [i for i, s in enumerate(lines, 1) if re.match(r"专栏\s*\d+\t.*\.{3,}", s)]
    layout = find_boxes(repair("\n".join(lines)))
    assert layout.toc == tuple(toc)
    assert len(layout.boxes) == len(toc) == 16
    assert all(box.header > toc[-1] for box in layout.boxes)


# ---------------------------------------------------------------- 001: 58 标志性项目


def _numbered_lines(plan: str, start: int, end: int) -> int:
    return sum(bool(re.match(r"\d+\.", s)) for s in _lines(plan)[start - 1 : end])


def test_001_per_box_counts(records: pd.DataFrame) -> None:
    layout = find_boxes(repair("\n".join(_lines("001"))))
    total = 0
    for box in layout.boxes[12:]:
        expected = _numbered_lines("001", box.header, box.line_end)
        assert len(_box(records, "001", box.label)) == expected, box.label
        total += expected
    assert total == 58  # "规划实施服务业标志性项目 58 个" (line 428)


def test_001_sums_match_the_plan_text(records: pd.DataFrame) -> None:
    text = "\n".join(_lines("001")[443:626])  # 专栏13–16
    total = sum(float(x) for x in re.findall(r"总投资\s*约?\s*([\d.]+)\s*亿", text))
    period = sum(float(x) for x in re.findall(r"“十四五”期间计划投资\s*([\d.]+)\s*亿", text))
    items = records[(records["plan"] == "001") & (records["box"] != "")]
    assert items["investment_total"].sum() == pytest.approx(total)
    assert items["investment_period"].sum() == pytest.approx(period)
    assert abs(total - 2416) < 0.5  # the plan rounds its headline


def test_001_report_reconciles_against_the_headline(report: extract.Reconciliation) -> None:
    plan = next(p for p in report.plans if p.plan == "001")
    (check,) = plan.totals
    assert check.total.line == 428
    assert (check.total.count, check.total.investment_total, check.total.investment_period) == (
        58,
        2416.0,
        1368.0,
    )
    assert check.count == 58
    assert "count matches (58)" in check.explanation
    assert "总投资 matches" in check.explanation
    assert "期内投资: every record states a figure" in check.explanation
    text = report.to_text()
    assert "2,416" in text and "1,368" in text and "发展路径" in text


def test_001_item_fields(records: pd.DataFrame) -> None:
    row = records[records["record_id"] == "001-b13-02"].iloc[0]
    assert row["name"] == "智慧新城数字经济产业园"
    assert (row["period_start"], row["period_end"]) == (2021, 2023)
    assert row["boundary_north"] == "柯安一路"
    assert row["land_area_text"] == "约 36022 平米"
    assert row["responsible_unit"] == "智慧新城管委会"
    items = records["record_id"].str.match(r"001-b\d\d-\d\d$")
    units = records[items]["responsible_unit"]
    assert (units != "").all()


# ---------------------------------------------------------------- 000, 002, 004 specifics


def test_000_platforms(records: pd.DataFrame) -> None:
    box = _box(records, "000", "专栏10")
    lines = _lines("000")[640:662]
    assert len(box) == sum("四至范围" in s for s in lines)
    assert (box["boundary"] != "").all() and box["land_area_m2"].notna().all()
    market = box[box["name"] == "义乌国际商贸城"].iloc[0]
    assert market["boundary_west"] == "稠州北路"
    assert market["boundary_north"] == "诚信大道"


def test_000_project_counts(records: pd.DataFrame) -> None:
    layout = find_boxes(repair("\n".join(_lines("000"))))
    for box in layout.boxes:
        count = sum("总投资" in line.text for line in box.lines)
        if count:  # the project boxes; 专栏10 (platforms) states no investment
            assert len(_box(records, "000", box.label)) == count, box.label
    assert len(_box(records, "000", "专栏8")) == 0  # service types, left out


def test_002_tables(records: pd.DataFrame) -> None:
    zones = _box(records, "002", "专栏7")
    lines = _lines("002")[1006:1083]
    assert len(zones) == sum(
        bool(re.fullmatch(r"\t[^、，\s]+(开发区|集聚区|园区)", s)) for s in lines
    )
    # 专栏11 lists towns by county; a town the running text names first (1181: 武义温泉小镇)
    # is that record, which cites the table's line among its other mentions
    towns = _box(records, "002", "专栏11")
    cells = [s.strip() for s in _lines("002")[1183:1222] if "镇" in s]
    mentioned = records[records["other_lines"].map(lambda s: _cites(s, range(1184, 1223)))]
    assert len(towns) + len(mentioned) == sum(len(c.split("、")) for c in cells)
    assert len(mentioned) > 0 and (mentioned["box"] != "专栏11").all()
    starred = pd.concat([towns, mentioned])
    starred = starred[starred["notes"].str.contains("marked *", regex=False)]
    assert len(starred) == sum(c.count("*") for c in cells)


def _cites(other_lines: str, lines: range) -> bool:
    return any(int(line) in lines for line in other_lines.split(";") if line)


def test_004_interrupted_item(records: pd.DataFrame) -> None:
    row = records[records["record_id"] == "004-b21-03"].iloc[0]
    assert row["name"] == "浙江省金华龙头殿国际旅游度假区"
    assert row["line_start"] == 2508 and row["line_end"] >= 2519
    assert "水上乐园、金兰古道" in row["text"]
    assert "提升产业链供应链" not in row["text"]


def test_004_sub_figure(records: pd.DataFrame) -> None:
    row = records[records["record_id"] == "004-b21-04"].iloc[0]
    assert row["investment_total"] == 7.82
    assert row["location"] == "金华铁路南货场周边"
    assert "49081万元" in row["notes"]


def test_004_school_projects_match_the_stated_count(records: pd.DataFrame) -> None:
    schools = records[records["record_id"].str.startswith("004-b33-03-")]
    # "3.实施 43 个重大工程项目" (line 3906): 10 + 7 + 5 + 21 in four colon lists.
    stated = [
        int(n)
        for n in re.findall(r"(\d+)\s*个[^：]{0,12}建设项目：", "".join(_lines("004")[3905:3934]))
    ]
    assert sum(stated) == 43
    assert len(schools) == 43


def test_004_page_numbers_removed() -> None:
    doc = repair("\n".join(_lines("004")))
    pages = {r.number for r in doc.removed if r.kind == "page-number"}
    assert {145, 1789, 3184} <= pages
    assert all(_lines("004")[n - 1].strip().isdigit() for n in pages)


def test_plan_totals_quotes() -> None:
    for stated in totals.load_totals():
        assert totals.quote_problems(stated, "\n".join(_lines(stated.plan))) == [], stated
