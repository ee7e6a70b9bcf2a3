"""Comparing two plans: matches and non-matches read in the plans, synthetic edge cases.

The real cases compare 002 (金华十三五纲要, 2016–2020) with 000 (金华服务业十四五,
2021–2025). Each was decided by reading both plans at the lines cited, before
the matcher existed; the first test checks that the cited lines say so.
"""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoplan import compare, schema
from geoplan.compare import names
from geoplan.errors import SchemaError, UnknownNameError
from geoplan.plans import plan_lines

from factories import plan_records

# (name in 002, its line; name in 000, its line): the same work in both plans.
SAME_WORK = [
    # 002:1181 "加快义乌丝路金融小镇、武义温泉小镇、磐安江南药镇…省级特色小镇创建工作";
    # 000:639 "做大做强义乌丝路金融小镇、武义温泉小镇、磐安江南药镇等一系列已有的特色小镇".
    ("义乌丝路金融小镇", 1181, "义乌丝路金融小镇", 639),
    ("武义温泉小镇", 1181, "武义温泉小镇", 639),
    ("磐安江南药镇", 1181, "磐安江南药镇", 639),
    # Renamed: 002:1119 "加快金华国际物流园区、义乌国际物流园区…等物流集聚区建设";
    # 000:335 "加强金华国际物流集聚园区、义乌国际物流集聚园区…等现代物流集聚区建设".
    ("金华国际物流园区", 1119, "金华国际物流集聚园区", 335),
    ("义乌国际物流园区", 1119, "义乌国际物流集聚园区", 335),
    # One zone by its own name: 002:978 "推动杭州跨境电子商务政策延伸至金义综合保税区" (one
    # record with 1241 "加快推进金义综合保税区…等平台建设"; 347 "发挥金义综合保税区…的对内
    # 辐射…作用" only refers to it); 000:337 "推进金义综合保税区、义乌综合保税区…等国际物流
    # 平台建设与运营".
    ("金义综合保税区", 978, "金义综合保税区", 337),
]
# Records of one plan that the other plan does not list (by reading, not by the matcher):
NOT_IN_OTHER = [
    # 002:1119 东阳国际物流港: 000's list of 物流集聚区 (335) names 华东联运新城 and
    # 中国（永康）五金物流港 instead, the latter in another county; no 东阳 物流港 in 000.
    ("002", "东阳国际物流港", 1119, "dropped"),
    # 002:1038 横店电子产业园区 (磁性材料、电子信息): 000 has 横店 film works (278 …),
    # no electronics park.
    ("002", "横店电子产业园区", 1038, "dropped"),
    # 002 乐乐小镇 and 新能源汽车小镇, 专栏11 line 1194 under 金华开发区 (the text names them at
    # 1125, 1181 and 1239: one record each): 000 names neither (no 乐乐, no 新能源汽车小镇).
    ("002", "乐乐小镇", 1194, "dropped"),
    ("002", "新能源汽车小镇", 1194, "dropped"),
    # 000:335 华东联运新城: 002 never names 华东联运.
    ("000", "华东联运新城", 335, "new"),
    # 000:278 横店影视产业园项目: the 横店 park in 002 is an electronics park (above).
    ("000", "横店影视产业园项目", 278, "new"),
]


@pytest.fixture(scope="module")
def table(atlas):
    return atlas.compare("002", "000")


def _row(table, plan, name, line):
    rows = table[(table["plan"] == plan) & (table["name"] == name) & (table["line_start"] == line)]
    assert len(rows) == 1, f"no single record {name!r} at {plan}:{line}"
    return rows.iloc[0]


def test_the_cited_lines_say_what_the_cases_rest_on():
    for old, old_line, new, new_line in SAME_WORK:
        assert old in plan_lines("002")[old_line - 1]
        assert new in plan_lines("000")[new_line - 1]
    assert "金义综合综保区二期项目" in plan_lines("000")[351 - 1]
    whole_000 = "\n".join(plan_lines("000"))
    assert "乐乐" not in whole_000 and "新能源汽车小镇" not in whole_000
    assert "东阳国际物流港" not in whole_000 and "华东联运" not in "\n".join(plan_lines("002"))


def test_order_follows_the_plans_periods(table):
    assert (table.attrs["earlier"], table.attrs["later"]) == ("002", "000")
    assert table["side"].tolist() == sorted(table["side"].tolist())  # earlier plan's rows first


@pytest.mark.parametrize(("old", "old_line", "new", "new_line"), SAME_WORK)
def test_the_same_work_is_continued_in_both_plans(table, old, old_line, new, new_line):
    before, after = _row(table, "002", old, old_line), _row(table, "000", new, new_line)
    assert before["status"] == after["status"] == "continued"
    assert before["match_record_id"] == after["record_id"]
    assert after["match_record_id"] == before["record_id"]
    assert before["match_line"] == new_line and after["match_name"] == old
    assert 0.5 < before["confidence"] <= 1 and before["evidence"]


def test_renamed_work_says_what_changed(table):
    row = _row(table, "002", "金华国际物流园区", 1119)
    assert "名称主体相同（国际物流）" in row["evidence"] and "同在金华市" in row["evidence"]
    exact = _row(table, "002", "义乌丝路金融小镇", 1181)
    assert exact["evidence"].startswith("名称相同") and exact["confidence"] > row["confidence"]
    # 000:351 "金义综合综保区二期项目" is the zone's next phase; 000:337 names the zone
    # itself, so 002's zone goes there and the 二期 project says why it did not.
    phase = _row(table, "000", "金义综合综保区二期项目", 351)
    assert phase["status"] == "new"
    assert "最接近：金义综合保税区" in phase["evidence"] and "更接近" in phase["evidence"]


@pytest.mark.parametrize(("plan", "name", "line", "status"), NOT_IN_OTHER)
def test_works_one_plan_does_not_list_are_new_or_dropped(table, plan, name, line, status):
    row = _row(table, plan, name, line)
    assert row["status"] == status
    assert row["match_record_id"] == "" and pd.isna(row["confidence"])


def test_a_nearby_work_is_named_but_not_matched(table):
    # 000 has no 东阳 物流港 (see NOT_IN_OTHER): the closest record is named, with why
    # it is not the same work (its confidence is below the threshold).
    row = _row(table, "002", "东阳国际物流港", 1119)
    assert "最接近" in row["evidence"] and "低于" in row["evidence"]


def test_a_work_listed_twice_is_one_record_continued_with_both_listings(atlas, table):
    # 002:1218 "温泉小镇*" under the heading 武义县 (1217) in 专栏11 is 1181's 武义温泉小镇:
    # one record, citing both listings, matched once.
    assert "温泉小镇" in plan_lines("002")[1218 - 1] and "武义县" in plan_lines("002")[1217 - 1]
    text = _row(table, "002", "武义温泉小镇", 1181)
    assert text["status"] == "continued"
    record = atlas.records.set_index("record_id").loc[text["record_id"]]
    assert record["other_lines"] == "1218"
    assert not ((table["plan"] == "002") & (table["line_start"] == 1218)).any()


def test_a_work_is_matched_once(table):
    # 000 names 义乌金融小镇 (123) and 义乌丝路金融小镇 (639); 002's 丝路金融小镇 goes to the
    # one with its own name, and the other is not given the same 002 work.
    silk = _row(table, "002", "义乌丝路金融小镇", 1181)
    assert silk["match_line"] == 639
    other = _row(table, "000", "义乌金融小镇", 123)
    assert other["match_record_id"] != silk["record_id"]
    # Rows matched to one record of the other plan are listings of one work.
    for side in ("earlier", "later"):
        rows = table[(table["side"] == side) & (table["status"] == "continued")]
        for _, group in rows.groupby("match_record_id"):
            work = {group["record_id"].iloc[0], *group["same_as"].iloc[0].split(";")} - {""}
            assert set(group["record_id"]) <= work


def test_swapping_the_plans_swaps_new_and_dropped(atlas, table):
    swapped = atlas.compare("000", "002", order="given")
    assert (swapped.attrs["earlier"], swapped.attrs["later"]) == ("000", "002")
    flip = {"new": "dropped", "dropped": "new", "continued": "continued"}
    a = table.set_index("record_id")
    b = swapped.set_index("record_id").loc[a.index]
    assert (b["status"] == a["status"].map(flip)).all()
    continued = a["status"] == "continued"
    assert (b.loc[continued, "match_record_id"] == a.loc[continued, "match_record_id"]).all()
    assert (b.loc[continued, "confidence"] == a.loc[continued, "confidence"]).all()
    assert atlas.compare("000", "002")["status"].tolist() == table["status"].tolist()


def test_one_row_per_record_of_eitherplan_records(atlas, table):
    ids = atlas.records.loc[atlas.records["plan"].isin(["002", "000"]), "record_id"]
    assert sorted(table["record_id"]) == sorted(ids)
    assert list(table.columns) == list(compare.COLUMNS)
    assert set(table["status"]) == set(compare.STATUSES)


# ----------------------------------------------------------------------------- synthetic

LANXI, WUYI, JINHUA = "330781", "330723", "330700"


@pytest.fixture(scope="module")
def units(atlas):
    return atlas.gazetteer.units


def test_renamed_work_of_the_same_size_in_the_same_place_is_continued(units):
    area = {"land_area_m2": 1.2e6}
    old = plan_records("901", ("兰江科创园", LANXI, area))
    new = plan_records("902", ("兰江科技创新产业园", LANXI, area))
    row = compare.compare_records(old, new, units).iloc[0]
    assert row["status"] == "continued" and row["match_name"] == "兰江科技创新产业园"
    assert "用地面积相同" in row["evidence"] and row["land_area_change_m2"] == 0
    # Without the matching area the names alone are not enough.
    bare = compare.compare_records(
        plan_records("901", ("兰江科创园", LANXI, {})),
        plan_records("902", ("兰江科技创新产业园", LANXI, {})),
        units,
    )
    assert bare["status"].tolist() == ["dropped", "new"]


def test_a_name_given_in_brackets_matches_the_old_name(units):
    old = plan_records("901", ("武义明招学院", WUYI, {}))
    new = plan_records("902", ("武义明招理工学院（原武义明招学院）", WUYI, {}))
    assert compare.compare_records(old, new, units)["status"].tolist() == ["continued"] * 2


def test_changes_in_area_and_investment_are_after_minus_before(units):
    old = plan_records(
        "901", ("兰溪光膜小镇", LANXI, {"land_area_m2": 2e6, "investment_total": 30.0})
    )
    new = plan_records(
        "902", ("兰溪光膜小镇", LANXI, {"land_area_m2": 3e6, "investment_total": 25.5})
    )
    table = compare.compare_records(old, new, units)
    for _, row in table.iterrows():
        assert (row["land_area_before_m2"], row["land_area_after_m2"]) == (2e6, 3e6)
        assert row["land_area_change_m2"] == 1e6 and row["investment_change"] == -4.5
    evidence = table.iloc[0]["evidence"]
    assert "用地面积（2 km²→3 km²）" in evidence and "（30 亿元→25.5 亿元）" in evidence


def test_same_name_in_another_county_is_another_work(units):
    old = plan_records("901", ("兰溪光膜小镇", LANXI, {}))
    new = plan_records("902", ("武义光膜小镇", WUYI, {}))
    table = compare.compare_records(old, new, units)
    assert table["status"].tolist() == ["dropped", "new"]
    assert "地点不同（兰溪市／武义县）" in table.iloc[0]["evidence"]


def test_one_later_work_goes_to_the_closest_of_two_earlier_ones(units):
    old = plan_records("901", ("兰溪物流园区", LANXI, {}), ("兰溪物流港", LANXI, {}))
    new = plan_records("902", ("兰溪物流港", LANXI, {}))
    table = compare.compare_records(old, new, units)
    by_id = table.set_index("record_id")
    assert by_id.loc["901-b01-02", "status"] == "continued"
    assert by_id.loc["901-b01-01", "status"] == "dropped"
    assert "已与本规划更接近的兰溪物流港" in by_id.loc["901-b01-01", "evidence"]


def test_one_earlier_work_goes_to_the_closest_of_two_later_ones(units):
    old = plan_records("901", ("兰溪国际物流园区", LANXI, {}))
    new = plan_records("902", ("兰溪国际物流小镇", LANXI, {}), ("兰溪国际物流集聚园区", LANXI, {}))
    table = compare.compare_records(old, new, units).set_index("record_id")
    assert table.loc["901-b01-01", "match_name"] == "兰溪国际物流集聚园区"
    assert table.loc["902-b01-01", "status"] == "new"
    assert table.loc["902-b01-01", "same_as"] == ""  # two works of the later plan, not one


def test_periods_that_meet_raise_the_confidence_and_far_apart_ones_lower_it(units):
    def confidence(old_period, new_period):
        keys = ("period_start", "period_end")
        old = plan_records(
            "901", ("兰溪光膜数字港", LANXI, dict(zip(keys, old_period, strict=True)))
        )
        new = plan_records(
            "902", ("兰溪光膜数字谷", LANXI, dict(zip(keys, new_period, strict=True)))
        )
        return compare.compare_records(old, new, units, threshold=0.01).iloc[0]

    meet = confidence((2016, 2020), (2021, 2025))
    none = confidence((None, None), (None, None))
    apart = confidence((2001, 2005), (2021, 2025))
    assert meet["confidence"] > none["confidence"] > apart["confidence"]
    assert "期限衔接（2016–2020→2021–2025）" in meet["evidence"]
    assert "期限不衔接" in apart["evidence"]


def test_empty_plans(units):
    new = plan_records("902", ("兰溪光膜小镇", LANXI, {}))
    assert compare.compare_records(schema.empty(), new, units)["status"].tolist() == ["new"]
    assert compare.compare_records(new, schema.empty(), units)["status"].tolist() == ["dropped"]
    nothing = compare.compare_records(schema.empty(), schema.empty(), units)
    assert nothing.empty and list(nothing.columns) == list(compare.COLUMNS)
    assert compare.status_counts(nothing).to_numpy().sum() == 0


def test_unplaced_records_are_compared_on_their_names(units):
    old = plan_records("901", ("光膜数字港", "", {}))
    new = plan_records("902", ("光膜数字港", LANXI, {}))
    row = compare.compare_records(old, new, units).iloc[0]
    assert row["status"] == "continued" and "一方未定位" in row["evidence"]


def test_bad_input_is_refused_clearly(atlas, units):
    plan = plan_records("901", ("兰溪光膜小镇", LANXI, {}))
    with pytest.raises(compare.ComparisonError, match=r"share record ids \(901-b01-01\)"):
        compare.compare_records(plan, plan, units)
    with pytest.raises(compare.ComparisonError, match=r"threshold must be .* got 1\.5"):
        compare.compare_records(plan, schema.empty(), units, threshold=1.5)
    with pytest.raises(SchemaError, match="missing column"):
        compare.compare_records(plan[["record_id", "name", "plan"]], schema.empty(), units)
    with pytest.raises(UnknownNameError, match="no plan '009'; known plans: 000, 001"):
        atlas.compare("002", "009")
    with pytest.raises(compare.ComparisonError, match="two different plans, got '002' twice"):
        atlas.compare("002", "002")


def test_csv_has_chinese_headings_and_values_or_the_column_names(table):
    zh = compare.comparison_csv(table)
    assert zh.startswith("\ufeff".encode())
    back = pd.read_csv(pd.io.common.BytesIO(zh), encoding="utf-8-sig", dtype=str)
    assert list(back.columns) == list(compare.COLUMNS.values())
    assert set(back["状态"]) == {"延续", "新增", "未再列入"} and len(back) == len(table)
    en = pd.read_csv(pd.io.common.BytesIO(compare.comparison_csv(table, headings="en")), dtype=str)
    assert list(en.columns) == list(compare.COLUMNS)
    with pytest.raises(UnknownNameError, match="headings must be 'zh' or 'en', got 'fr'"):
        compare.comparison_csv(table, headings="fr")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- names

_CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), max_size=12)


@given(_CJK, _CJK)
def test_similarity_is_symmetric_and_between_0_and_1(a, b):
    assert names.similarity(a, b) == pytest.approx(names.similarity(b, a))
    assert 0 <= names.similarity(a, b) <= 1


@given(_CJK.filter(lambda s: len(s) >= 2))
def test_taking_a_name_apart_keeps_a_core(name):
    parts = names.split_name(name + "小镇", {})
    assert parts.core and parts.core in name
