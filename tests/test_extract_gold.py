"""Recall and precision of the extraction against the reviewed gold set of named works.

The gold set (``tests/data/gold/works.csv``) was made by reading the five plans; its README
says what counts. The 金华十三五 outline's transport, water, energy, health and culture works,
which its boxes name inside sentences, are checked one by one with their figures and places.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmarks.works_recall import (
    PLAN_PRECISION_FLOOR,
    PRECISION_TARGET,
    TARGET,
    read_gold,
    score,
)
from geoplan import extract


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return extract.extract_all()


def test_gold_set_is_well_formed() -> None:
    gold = read_gold()
    assert len(gold) > 1000
    assert {g.status for g in gold} == {"work", "maybe"}
    assert {g.plan for g in gold} == {"000", "001", "002", "003", "004"}
    assert all(g.line > 0 and g.name for g in gold)


def test_recall_over_all_named_works(records: pd.DataFrame) -> None:
    result = score(records, read_gold())
    missed = [(g.plan, g.line, g.name) for g in result.missed]
    assert result.recall >= TARGET, missed


def test_precision_over_all_plans_and_in_each(records: pd.DataFrame) -> None:
    gold = read_gold()
    result = score(records, gold)
    assert result.precision >= PRECISION_TARGET, result.extra
    for plan in sorted({g.plan for g in gold}):
        part = score(records[records["plan"] == plan], [g for g in gold if g.plan == plan])
        assert part.precision >= PLAN_PRECISION_FLOOR, (plan, part.extra)


def test_a_record_of_a_work_named_twice_matches_both_entries() -> None:
    # 001 names 华东（衢州）数字经济示范区 at 323, 402, 440 and in 专栏15 (546): four gold
    # entries, one record with its other mentions' lines
    frame = pd.DataFrame(
        {"plan": ["001"], "kind": ["project"], "name": ["华东（衢州）数字经济示范区"],
         "line_start": [546], "line_end": [548], "other_lines": ["323;402;440"]}
    )  # fmt: skip
    gold = [g for g in read_gold() if g.plan == "001" and g.name == "华东（衢州）数字经济示范区"]
    result = score(frame, gold)
    assert len(gold) == 4 and len(result.found) == 4 and result.missed == []
    assert result.records == 1 and result.precision == 1.0


def _one(records: pd.DataFrame, plan: str, name: str) -> pd.Series:
    rows = records[(records["plan"] == plan) & (records["name"] == name)]
    assert len(rows) >= 1, name
    return rows.iloc[0]


def test_002_transport_works_with_figures_and_ends(records: pd.DataFrame) -> None:
    rail = _one(records, "002", "金华—义乌—横店城际铁路")  # 专栏14, "里程98公里"
    assert rail["box"] == "专栏14" and rail["work_type"] == "railway"
    assert rail["length_km"] == 98
    assert (rail["end_from"], rail["end_to"]) == ("金华", "横店")
    # named in the running text (line 1301) and in 专栏14 with its length, "…工程21.3公里"
    lanjiang = records[(records["name"] == "兰江航道整治工程") & (records["box"] == "专栏14")]
    assert lanjiang["length_km"].tolist() == [pytest.approx(21.3)]
    assert lanjiang["work_type"].tolist() == ["waterway"]
    road = _one(records, "002", "S310省道东阳李宅至义乌青岩刘段")
    assert (road["end_from"], road["end_to"]) == ("东阳李宅", "义乌青岩刘")
    assert road["work_type"] == "road"
    # The list of 专栏14 item 1 states a total for all its works, kept as a note on each
    jintai = _one(records, "002", "金台铁路金华段")
    assert "新增里程144公里" in jintai["notes"]
    assert jintai["group_id"] != "" and math.isnan(jintai["length_km"])


def test_002_water_energy_health_culture_works(records: pd.DataFrame) -> None:
    names = set(records[records["plan"] == "002"]["name"])
    for name in (
        "兰溪市泉满山水库",  # 专栏15
        "东阳横锦水库灌区",
        "浦江县钱塘江治理堤防加固工程",  # "兰溪市、浦江县…和市本级的钱塘江治理堤防加固工程"
        "吴宁500KV枢纽变电所",  # 专栏16: "永康、芝堰、吴宁等500KV枢纽变电所"
        "磐安抽水蓄能电站",
        "东阳体育场馆",  # 专栏23: "新建金义都市新区、东阳等体育场馆"
        "金华名人馆",  # 专栏24
        "义乌大剧院",  # "义乌博物馆新馆（中国商贸博物馆筹）、美术馆、大剧院"
        "永康非遗馆",  # "金华市、婺城、金东、东阳、永康非遗馆"
        "白龙桥图书馆分馆",
    ):
        assert name in names, name
    pipeline = _one(records, "002", "甬绍金衢成品油管道加泵增压工程")
    assert pipeline["length_km"] == 99 and pipeline["work_type"] == "pipeline"
    substation = _one(records, "002", "吴宁500KV枢纽变电所")
    assert substation["work_type"] == "power" and substation["place_words"] == "吴宁"
    assert "“500KV枢纽变电所”" in substation["notes"]


def test_retrospective_sections_give_no_works(records: pd.DataFrame) -> None:
    # 004 lines 41-68 list platforms built in the 十三五 (发展基础): they are not the plan's works
    before = records[(records["plan"] == "004") & (records["line_start"] < 390)]
    assert before.empty
