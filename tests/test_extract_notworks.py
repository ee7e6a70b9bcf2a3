"""What is not a work's own name, and what plans write like works but is not one.

geoplan.extract.notworks and its use by the works reader. The sentences are written for
the tests in the ways plans and notices put words around names; the places are real
Zhejiang places, the works made up.
"""

from __future__ import annotations

import pytest

from geoplan import extract
from geoplan.extract import notworks
from geoplan.extract.works import find_works


def names(text: str) -> list[str]:
    return [w.name for found in find_works(text) for w in found.works]


def skipped(text: str) -> list[tuple[str, str]]:
    return [(w.name, w.why) for found in find_works(text) for w in found.skipped]


# ---------------------------------------------------------------- the work's own words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date and a verb before the name
        ("2023 年建成兰溪市人力资源服务产业园，入园企业达到40家。", ["兰溪市人力资源服务产业园"]),
        ("到2025年，建成武义县综合客运枢纽。", ["武义县综合客运枢纽"]),
        # a verb the clause reader does not take off, after 和
        ("高水平建设和运营义乌市体育中心。", ["义乌市体育中心"]),
        # a heading marker
        ("（二）“武义有约”温泉风光带建设行动", ["“武义有约”温泉风光带"]),
        ("一是加快建设磐安县中医院新院区。", ["磐安县中医院新院区"]),
        # what the work is to become is not its name
        ("推动东阳红木文化产业园建成省级文化产业示范园区。", ["东阳红木文化产业园"]),
        # the work a policy is extended to
        ("推动跨境电商政策延伸至永康经济开发区。", ["永康经济开发区"]),
        # a project's name keeps what it does ("…创建…景区工程")
        ("实施浦江仙华山创建国家5A级景区工程。", ["浦江仙华山创建国家5A级景区工程"]),
    ],
)
def test_names_are_the_works_own_words(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# ---------------------------------------------------------------- what is not a work


@pytest.mark.parametrize(
    ("text", "why"),
    [
        # the members of a spatial structure are a grouping, mapped as a layer
        (
            "积极构建金兰服务业经济圈、义东浦服务业经济圈，形成“一核、两圈”的服务业空间格局。",
            "a grouping of the spatial structure",
        ),
        ("聚力打造金兰、义东浦两大服务业经济圈。", "a grouping of the spatial structure"),
        # roles and designations a plan aims at
        ("打造区域发展副中心和浙中文化旅游中心。", "a role the plan gives a place"),
        ("积极创建国家A级旅游景区。", "a designation the plan aims at"),
        ("推进兰溪国家级全域旅游示范区建设。", "a designation the plan aims at"),
        # kinds, industries, programmes, platforms, actions, phrases
        ("在兰溪市内建设一批有特色、有活力的专业性产业园。", "a kind of work, none named"),
        ("推进基础设施互联互通。", "a generic phrase, no name of its own"),
        ("打造永康五金、武义文旅等优势产业集群。", "an industry"),
        ("深入实施“兰溪记忆”工程。", "a programme"),
        ("建设“浙里办”平台。", "a digital platform or network"),
        ("加快老旧小区改造、“城中村”改造。", "an action, no work named"),
        ("促进海港、陆港联动发展。", "a verb phrase or an aim, no name"),
        ("以服务金华特色产业集群为导向，完善物流体系。", "a verb phrase or an aim, no name"),
        # clauses that refer to works, name roles or forbid building plan none
        ("依托义乌国际陆港，发展跨境电商。", "refers to works it does not plan"),
        ("积极融入钱塘江诗路文化带建设。", "refers to works it does not plan"),
        ("把兰溪打造成为浙西物流中心和兰溪港。", "names roles, not works"),
        ("核心区如磐安大盘山景区、安文湿地公园，严禁开发建设。", "forbids building there"),
    ],
)
def test_what_is_written_like_a_work_but_is_not(text: str, why: str) -> None:
    assert names(text) == []
    assert {reason for _name, reason in skipped(text)} == {why}


def test_a_kind_of_facility_is_not_one_facility() -> None:
    generic = "a generic phrase, no name of its own"
    for name in ("研发中心", "呼叫中心", "交换站", "艺术学校", "县域医共体", "资源互通"):
        assert notworks.not_a_work(name) == generic, name
    for name in ("乐乐小镇", "应急物资储备中心", "智能家居综合体", "金华艺术学校"):
        assert notworks.not_a_work(name) == "", name


def test_works_a_clause_rests_on_while_they_are_built_are_works() -> None:
    assert names("依托永康五金物流园、东阳木雕小镇等项目建设，发展特色物流。") == [
        "永康五金物流园",
        "东阳木雕小镇",
    ]


def test_partners_are_not_the_plans_works_but_its_own_are() -> None:
    text = "加快建设武义温泉小镇，深化与上海虹桥商务区、杭州未来科技城等战略合作。"
    assert names(text) == ["武义温泉小镇"]
    assert ("上海虹桥商务区", "a partner the plan works with") in skipped(text)


def test_a_structure_member_named_with_a_road_is_still_a_work() -> None:
    # a paragraph that sets out the structure also names its roads
    text = "形成“两轴、三片”的空间格局。建设S215永康至义乌至金义都市新区段、金华中心城区片区。"
    assert names(text) == ["S215永康至义乌至金义都市新区段"]


def test_an_interchange_on_a_named_road_is_a_work() -> None:
    assert names("建设甬金高速佛堂出口互通。") == ["甬金高速佛堂出口互通"]


def test_zones_with_their_own_name_are_not_designations() -> None:
    text = "加快华东（衢州）数字经济示范区、浙江（金华）数字创意产业试验区建设。"
    assert names(text) == ["华东（衢州）数字经济示范区", "浙江（金华）数字创意产业试验区"]


# ---------------------------------------------------------------- ids do not move


def test_what_is_set_aside_still_counts_for_the_ids_of_the_works_after_it() -> None:
    # the role is read, set aside, and counted: 兰溪港 keeps the number it had as the second
    text = "二、重点任务\n打造浙中物流中心，建设兰溪港和武义港。\n"
    records = extract.extract_plan(text, "900")
    assert list(records["name"]) == ["兰溪港", "武义港"]
    assert list(records["record_id"]) == ["900-L0002-02", "900-L0002-03"]


# ---------------------------------------------------------------- the report


def test_the_report_says_what_was_set_aside_and_why() -> None:
    text = (
        "甲县服务业发展规划\n一、空间格局\n"
        "构建金兰服务业经济圈、义东浦服务业经济圈，形成“一核、两圈”的空间格局。\n"
    )
    found = extract.extract_file(text.encode(), name="a.txt", region="兰溪")
    assert found.records.empty
    reason = found.report.empty_reason
    assert "what its sentences name like works is not the plan's own" in reason
    assert "line 3: 金兰服务业经济圈 — a grouping of the spatial structure" in reason
    (section,) = [s for s in found.report.sections if s.set_aside]
    assert len(section.set_aside) == 2
    assert "set aside: line 3: 义东浦服务业经济圈" in found.report.to_text()


# ---------------------------------------------------------------- the leaves


def test_own_start_and_cut_predicate() -> None:
    for text, own in [
        ("2022年建成衢州市人力资源服务产业园", "衢州市人力资源服务产业园"),
        ("目前兰溪综保区二期", "兰溪综保区二期"),
        ("在科技服务领域集成力量建设杭州城西科创大走廊", "杭州城西科创大走廊"),
    ]:
        assert text[notworks.own_start(text) :] == own
    assert notworks.own_start("在赤松镇建设佛手交易中心") == 0  # the place is kept for it
    assert notworks.cut_predicate("义乌对标自贸区") == ""
    assert notworks.cut_predicate("社会力量兴办职业学校") == ""
    assert notworks.cut_predicate("北向阳光小学") == "北向阳光小学"


def test_names_joining_kinds_are_phrases_but_a_join_inside_a_name_is_not() -> None:
    for phrase in ("陆港与海港", "城镇污水处理厂和垃圾中转站", "城郊村拆改和老旧小区改造"):
        assert notworks.not_a_work(phrase) == "a phrase, not a name", phrase
    for name in ("政和小学新建工程", "逸和源健康养生基地", "兰溪港和武义港联运工程"):
        assert notworks.not_a_work(name) == "", name


def test_structure_paragraphs() -> None:
    assert notworks.names_structure("形成“两核、四圈”的空间发展格局。")
    assert notworks.names_structure("聚力打造三大城镇组团。")
    assert not notworks.names_structure("以“一江两港三溪”两侧打造风光带。")
