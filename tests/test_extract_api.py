"""The public surface of geoplan.extract and its error paths."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from geoplan import extract, records, schema
from geoplan.errors import DataFileError, GeoplanError, PlanFileError, SchemaError
from geoplan.extract import catalog, overrides, totals
from geoplan.extract.report import summarize
from geoplan.extract.text import repair

PLANS = Path(__file__).parent / "data" / "plans"


@pytest.fixture(scope="module")
def items_text() -> str:
    return (PLANS / "items_001.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def frame(items_text: str) -> pd.DataFrame:
    return extract.extract_plan(items_text, "901")


def test_extract_plan_returns_a_valid_sorted_frame(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == schema.COLUMNS
    assert schema.validate(frame) is frame
    assert frame["record_id"].tolist() == sorted(frame["record_id"])
    assert frame["record_id"].is_unique
    assert set(frame["precision"]) == {"unplaced"}


def test_extract_plan_of_empty_text() -> None:
    frame = extract.extract_plan("", "999")
    assert frame.empty
    assert list(frame.columns) == schema.COLUMNS


def test_extract_is_deterministic(items_text: str) -> None:
    first = extract.extract_plan(items_text, "901")
    second = extract.extract_plan(items_text, "901")
    assert schema.to_csv(first) == schema.to_csv(second)


@pytest.mark.parametrize("plan_id", ["", "a b", "0/1", "x" * 21])
def test_bad_plan_id(plan_id: str) -> None:
    with pytest.raises(GeoplanError, match="plan id must be 1–20 letters"):
        extract.extract_plan("正文", plan_id)


def test_text_must_be_str() -> None:
    with pytest.raises(TypeError, match="plan text must be a str"):
        extract.extract_plan(b"\xe4\xb8\x93", "901")  # type: ignore[arg-type]


def test_extract_file_with_explicit_id(frame: pd.DataFrame) -> None:
    from_file = extract.extract_file(PLANS / "items_001.txt", plan_id="901")
    pd.testing.assert_frame_equal(from_file.records, frame)
    assert from_file.plan == "901" and not from_file.registered


def test_extract_file_of_an_unregistered_file_gets_an_id_from_its_text(
    items_text: str, tmp_path: Path
) -> None:
    found = extract.extract_file(PLANS / "items_001.txt")
    assert re.fullmatch(r"u[0-9a-f]{8}", found.plan)
    assert found.records["record_id"].str.startswith(f"{found.plan}-").all()
    copy = tmp_path / "renamed.txt"
    copy.write_text(items_text, encoding="utf-8")
    assert extract.extract_file(copy).plan == found.plan  # the text, not the file name


def test_extract_file_missing(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match=r"plan file not found: .*nothing\.txt"):
        extract.extract_file(tmp_path / "nothing.txt", plan_id="901")


def test_extract_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xff\xfe\x00garbage" * 40)
    with pytest.raises(DataFileError, match="not text in UTF-8, GBK/GB18030 or UTF-16"):
        extract.extract_file(path, plan_id="901")


def test_extract_all_missing_plan_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"plan file not found: .*000_7d1ac2fc64ed4f75\.txt"):
        extract.extract_all(plans_dir=tmp_path)


# ---------------------------------------------------------------- records.write


def test_write_records_is_deterministic(frame: pd.DataFrame, tmp_path: Path) -> None:
    two = pd.concat(
        [frame, extract.extract_plan("专栏1：重大项目\n1. 甲园区。总投资2亿元。", "902")]
    )
    paths = records.write(two.reset_index(drop=True), tmp_path / "a")
    again = records.write(two.reset_index(drop=True), tmp_path / "b")
    assert [p.name for p in paths] == ["901.csv", "902.csv"]
    for first, second in zip(paths, again, strict=True):
        assert first.read_bytes() == second.read_bytes()
    back = schema.read_csv(paths[0])
    assert back["record_id"].tolist() == frame["record_id"].tolist()
    assert back["land_area_m2"].equals(frame["land_area_m2"])


def test_write_records_rejects_other_tables(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"does not match geoplan\.schema"):
        records.write(pd.DataFrame({"name": ["x"]}), tmp_path)


# ---------------------------------------------------------------- reconcile


def test_reconcile_rejects_other_tables() -> None:
    with pytest.raises(SchemaError, match="missing column"):
        extract.reconcile(pd.DataFrame({"name": ["x"]}))


def test_report_compares_stated_totals(frame: pd.DataFrame, items_text: str) -> None:
    # The fixture states "项目 4 个，项目总投资 111 亿元，“十四五”期间计划投资 72 亿元";
    # its four items give 9 + 15 + 37 + 50 = 111 and 9 + 6 + 37 + 20 = 72.
    line = next(i for i, s in enumerate(items_text.split("\n"), 1) if "项目总投资 111" in s)
    stated = totals.PlanTotal(
        plan="901",
        line=line,
        line_end=line,
        quote="项目总投资 111 亿元",
        label="标志性项目",
        count=4,
        investment_total=111.0,
        investment_period=72.0,
        approximate=False,
        scope=("901-b02-",),
        explain="",
    )
    assert totals.quote_problems(stated, items_text) == []
    result = extract.reconcile(frame, texts={"901": items_text})
    summary = summarize(frame, None, [stated], "fixture", "items_001.txt")
    (check,) = summary.totals
    assert check.count == 4
    assert check.investment_total is not None and check.investment_total.value == 111
    assert check.investment_period is not None and check.investment_period.value == 72
    assert "count matches (4)" in check.explanation
    text = result.to_text()
    assert "901" in text and "专栏2" in text
    assert "| 专栏2 |" in result.to_markdown()


def test_report_explains_missing_figures(frame: pd.DataFrame) -> None:
    short = frame.copy()
    short.loc[short["record_id"] == "901-b02-04", "investment_total"] = float("nan")
    stated = totals.PlanTotal("901", 1, 1, "", "x", 4, 111.0, None, False, ("901-b02-",), "")
    (check,) = summarize(short, None, [stated], "", "").totals
    assert "1 record(s) state no figure, so the sum is 50 亿元 short" in check.explanation


def test_report_lists_issues_with_lines(frame: pd.DataFrame) -> None:
    summary = summarize(frame, None, [], "", "")
    assert any(i.record_id == "901-b02-04" and "一期投资" in i.problem for i in summary.issues)
    assert all(i.line > 0 for i in summary.issues)


# ---------------------------------------------------------------- overrides


def test_overrides_apply(frame: pd.DataFrame) -> None:
    fix = overrides.Override("901-b02-01", "location", "柯城区", "test")
    out = overrides.apply_overrides(frame, (fix,))
    assert out.loc[out["record_id"] == "901-b02-01", "location"].item() == "柯城区"
    assert frame.loc[frame["record_id"] == "901-b02-01", "location"].item() == ""


@pytest.mark.parametrize(
    ("override", "match"),
    [
        (overrides.Override("901-b99-01", "location", "x", "r"), "no record with this id"),
        (overrides.Override("901-b02-01", "colour", "x", "r"), "unknown field"),
        (overrides.Override("901-b02-01", "record_id", "x", "r"), "unknown field"),
        (overrides.Override("901-b02-01", "land_area_m2", "300亩", "r"), "is not a float64 value"),
        (overrides.Override("901-b02-01", "land_area_m2", -1.0, "r"), "is not a float64 value"),
        (overrides.Override("901-b02-01", "period_start", 2021.5, "r"), "is not a Int64 value"),
        (overrides.Override("901-b02-01", "name", 3, "r"), "is not a str value"),
    ],
)
def test_overrides_reject(frame: pd.DataFrame, override: overrides.Override, match: str) -> None:
    with pytest.raises(DataFileError, match=match):
        overrides.apply_overrides(frame, (override,))


def test_override_problems_are_reported_together(frame: pd.DataFrame) -> None:
    bad = (
        overrides.Override("901-b99-01", "location", "x", "r"),
        overrides.Override("901-b02-01", "colour", "x", "r"),
    )
    with pytest.raises(DataFileError, match=r"\(2 problem\(s\)\)"):
        overrides.apply_overrides(frame, bad)


def test_load_overrides(tmp_path: Path) -> None:
    assert overrides.load_overrides(tmp_path / "none.toml") == ()
    good = tmp_path / "o.toml"
    good.write_text(
        '[[override]]\nrecord_id = "a"\nfield = "name"\nvalue = "b"\nreason = "c"\n', "utf-8"
    )
    assert overrides.load_overrides(good) == (overrides.Override("a", "name", "b", "c"),)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[override]]\nrecord_id = "a"\nfield = "name"\nvalue = "b"\n', "utf-8")
    with pytest.raises(DataFileError, match=r"missing required key 'reason'"):
        overrides.load_overrides(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[[override]\n", "utf-8")
    with pytest.raises(DataFileError, match="cannot read overrides"):
        overrides.load_overrides(broken)


def test_shipped_overrides_are_few() -> None:
    assert len(overrides.load_overrides()) <= 5


# ---------------------------------------------------------------- catalog and totals files


def test_catalog_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[box]]\nplan = "1"\nbox = 1\ntitle = "t"\ninclude = true\nkind = "project"\n'
        'reason = "r"\ncolour = "red"\n',
        "utf-8",
    )
    with pytest.raises(DataFileError, match=r"c.toml \[\[box\]\] #1: unknown key 'colour'"):
        catalog.load_catalog(path)


def test_catalog_rejects_bad_kind(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[box]]\nplan = "1"\nbox = 1\ntitle = "t"\ninclude = true\nkind = "area"\nreason = "r"\n',
        "utf-8",
    )
    with pytest.raises(DataFileError, match="kind must be one of"):
        catalog.load_catalog(path)


def test_catalog_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read the box catalog"):
        catalog.load_catalog(tmp_path / "none.toml")


def test_catalog_applies_only_to_matching_titles() -> None:
    known = catalog.decide("000", 8, "健康养老服务重大工程", has_items=False)
    assert not known.include
    assert "elderly-care" in known.reason
    other = catalog.decide("000", 8, "健康养老重大项目", has_items=True)
    assert other.include and other.reason == "title names projects (项目)"


def test_totals_reject_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        '[[total]]\nplan = "1"\nline = 1\nquote = "q"\nlabel = "l"\nscope = []\nsum = 3\n', "utf-8"
    )
    with pytest.raises(DataFileError, match=r"unknown key 'sum'"):
        totals.load_totals(path)
    with pytest.raises(DataFileError, match="cannot read plan totals"):
        totals.load_totals(tmp_path / "none.toml")


def test_quote_problems() -> None:
    stated = totals.PlanTotal("9", 2, 2, "总投资 5 亿", "x", None, 5.0, None, False, (), "")
    assert totals.quote_problems(stated, "第一行\n总投资 5 亿元") == []
    assert "is not printed there" in totals.quote_problems(stated, "第一行\n总投资 6 亿元")[0]
    assert "outside the file" in totals.quote_problems(stated, "一行")[0]


def test_every_fixture_repairs_without_error() -> None:
    for path in PLANS.glob("*.txt"):
        assert repair(path.read_text(encoding="utf-8")).lines
