"""The works reader: named works in sentences and lists (geoplan.extract.works and its leaves).

The sentences are written for the tests in the ways plans and notices name works; the
place names are real Zhejiang places, the works made up.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoplan.extract.clauses import sentences, strip_lead, strip_predicate
from geoplan.extract.names import is_named, is_proper, work_ends
from geoplan.extract.numbers import find_lengths, find_power, find_storage
from geoplan.extract.sections import find_sections
from geoplan.extract.text import repair
from geoplan.extract.works import find_works
from geoplan.extract.worktypes import find_head, work_type


def names(text: str, *, relaxed: bool = False) -> list[str]:
    return [w.name for found in find_works(text, relaxed=relaxed) for w in found.works]


# ---------------------------------------------------------------- enumerations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 、 with 和 joining the last two names
        (
            "新建兰溪市人民医院迁建工程、武义县第一中学和磐安县体育中心。",
            ["兰溪市人民医院迁建工程", "武义县第一中学", "磐安县体育中心"],
        ),
        # a list closed by 等 and its category, the verbs before it taken off
        (
            "重点建设义乌双江水库、东阳南江水库等水源工程。",
            ["义乌双江水库", "东阳南江水库"],
        ),
        # ；separates sentences, each with its own verb
        (
            "完成永康城区防洪堤加固；启动浦江县通济桥水库扩容工程。",
            ["永康城区防洪堤加固", "浦江县通济桥水库扩容工程"],
        ),
        # a list that goes on after ，in the same sentence
        (
            "规划建设兰溪博物馆、兰溪图书馆，武义规划展示馆、磐安县文化中心等。",
            ["兰溪博物馆", "兰溪图书馆", "武义规划展示馆", "磐安县文化中心"],
        ),
        # 及 inside a name is not a list
        ("建设义乌疏港高速公路及延伸线工程。", ["义乌疏港高速公路"]),
    ],
)
def test_enumerations(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_works_of_one_sentence_share_it_and_keep_offsets() -> None:
    text = "前言。新建兰溪市人民医院迁建工程、武义县第一中学和磐安县体育中心。"
    (found,) = find_works(text)
    assert text[found.sentence[0] : found.sentence[1]].startswith("新建兰溪市")
    for work in found.works:
        assert text[work.start :].startswith(work.name[:4])
    assert found.lead == "新建"


# ---------------------------------------------------------------- shared words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bare places, then the category after 等
        (
            "新（扩）建东阳、横店、佛堂等220KV变电站。",
            ["东阳220KV变电站", "横店220KV变电站", "佛堂220KV变电站"],
        ),
        # bare places, then the rest of the last element
        ("建设兰溪、婺城、金东非遗馆。", ["兰溪非遗馆", "婺城非遗馆", "金东非遗馆"]),
        # bare places joined by 和, the shared words after 的
        (
            "开展义乌市、东阳市和磐安县的钱塘江堤防加固工程。",
            ["义乌市钱塘江堤防加固工程", "东阳市钱塘江堤防加固工程", "磐安县钱塘江堤防加固工程"],
        ),
        # a count before the shared noun
        ("建成女埠、兰江、游埠三个作业区。", ["女埠作业区", "兰江作业区", "游埠作业区"]),
        # the place of the work before: 美术馆 is 义乌's
        (
            "规划建设义乌博物馆新馆、美术馆、大剧院。",
            ["义乌博物馆新馆", "义乌美术馆", "义乌大剧院"],
        ),
        # a place's own area before a work of another kind is where the work is ...
        ("规划建设金华城区、武义通用机场。", ["金华城区通用机场", "武义通用机场"]),
        # ... an area with a name of its own is a work of its own
        (
            "建设洲泉镇湘溪新区和大麻镇海华工业园。",
            ["洲泉镇湘溪新区", "大麻镇海华工业园"],
        ),
    ],
)
def test_shared_words(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_shared_words_are_noted_and_places_kept() -> None:
    (found,) = find_works("新（扩）建东阳、横店、佛堂等220KV变电站，新增变电容量3000MVA。")
    assert [w.shared for w in found.works] == ["220KV变电站"] * 3
    assert [w.places for w in found.works] == [("东阳",), ("横店",), ("佛堂",)]
    assert found.stated == "新增变电容量3000MVA"


# ---------------------------------------------------------------- what is not a named work


@pytest.mark.parametrize(
    "text",
    [
        "改造12座病险水库。",  # a count
        "加快建设城市天然气门站、加气母站。",  # kinds of work
        "持续提升文化类特色小镇、重点文化产业园区、文化创意街区等产业平台。",
        "打造智能家居、新能源汽车及配件、电动（园林）工具行业等优势产业集群。",  # industries
        "实施“八婺名家”工程和母婴保健工程。",  # programmes
        "区块以武义江、环城南路、海棠东路为四界。",  # a 四至, not works
    ],
)
def test_no_named_works(text: str) -> None:
    assert names(text) == []


def test_a_count_is_reported_not_read() -> None:
    (found,) = find_works("改造12座病险水库。")
    assert found.works == ()
    assert found.rejected == (("12座病险水库", "a count of works, none named"),)


def test_lists_of_a_project_box_read_every_element() -> None:
    text = "重点推进现代花卉苗木产业创新服务综合体、智能家居综合体建设。"
    assert names(text) == []  # in running text: kinds of work
    assert names(text, relaxed=True) == ["现代花卉苗木产业创新服务综合体", "智能家居综合体"]


# ---------------------------------------------------------------- figures and ends


def test_figures_inside_an_element_stay_with_it() -> None:
    (found,) = find_works("完成衢江航道整治18.5公里、兰江航道整治工程21.3公里。")
    assert [w.name for w in found.works] == ["衢江航道整治", "兰江航道整治工程"]
    assert [find_lengths(w.own)[0].quantity.value for w in found.works] == [18.5, 21.3]


@pytest.mark.parametrize(
    ("name", "kind", "ends"),
    [
        ("S310省道东阳李宅至义乌青岩刘段", "road", ("东阳李宅", "义乌青岩刘")),
        ("G235国道金华至武义段（金武快速路）", "road", ("金华", "武义")),
        ("常山江航电枢纽项目（双港至辉埠段）", "waterway", ("双港", "辉埠")),
        ("金华—义乌—横店城际铁路", "railway", ("金华", "横店")),
        ("浦江至义乌火车站快速公交延伸线工程", "transit", ("浦江", "义乌火车站")),
        ("兰溪诸葛八卦村—长乐村景区", "park", None),
        ("义乌国际陆港", "logistics", None),
    ],
)
def test_work_ends(name: str, kind: str, ends: tuple[str, str] | None) -> None:
    assert work_ends(name, kind) == ends


# ---------------------------------------------------------------- leaves


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("G60沪昆高速金华段拓宽（二期）工程", "road"),
        ("金华火车南站", "transit"),
        ("兰溪市芝堰水库除险加固", "reservoir"),
        ("东阳横锦水库灌区", "irrigation"),
        ("甬绍金衢成品油管道加泵增压工程", "pipeline"),
        ("义乌儿童医院新建工程", "hospital"),
        ("光南小学新建工程", "school"),
        ("金华名人馆", "culture"),
        ("金华赤山公园项目", "park"),
        ("濮院时尚古镇", "park"),
        ("金华经济技术开发区", "platform"),
        ("义乌国际商贸城", "market"),
        ("金华农产品批发市场", "market"),
        ("“金名片”", "other"),
    ],
)
def test_work_types(name: str, kind: str) -> None:
    assert work_type(name) == kind


def test_head_words_inside_brackets_do_not_count() -> None:
    head = find_head("S313金华至兰溪段（金兰中线）")
    assert head is not None and head.word == "S313"


@pytest.mark.parametrize(
    ("name", "named", "proper"),
    [
        ("金台铁路", True, False),
        ("龙芯智慧产业园", True, False),
        ("义乌丝路金融小镇", True, True),
        ("江郎山国际文化旅游产业聚集区", True, True),
        ("区福利中心", True, True),
        ("文化创意产业园", False, False),
        ("城市天然气门站", False, False),
        ("图书馆", False, False),
    ],
)
def test_names(name: str, named: bool, proper: bool) -> None:
    assert is_named(name) is named
    assert is_proper(name) is proper


def test_clause_leaves() -> None:
    assert [t for _, t in sentences("甲；乙（丙；丁）。戊")] == ["甲；", "乙（丙；丁）。", "戊"]
    assert strip_lead("以浙中公铁水联运港为核心")[1] == "浙中公铁水联运港"
    assert strip_predicate("义乌西货站服务能力") == "义乌西货站"


def test_retrospective_sections_are_context() -> None:
    doc = repair("一、发展基础\n建成甲水库。\n二、主要任务\n（一）水利\n建设乙水库。")
    sections = find_sections(doc)
    assert [s.context for s in sections] == [True, False, False]


# ---------------------------------------------------------------- figures (Hypothesis)


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["公里", "千米", "km"]))
def test_lengths_in_km(number: int, unit: str) -> None:
    (found,) = find_lengths(f"里程{number}{unit}，")
    assert found.quantity.value == number


@given(st.integers(min_value=1, max_value=9999))
def test_storage_and_power_units(number: int) -> None:
    assert find_storage(f"库容{number}万立方米")[0].quantity.value == number * 10_000
    assert find_power(f"装机{number}万千瓦")[0].quantity.value == number * 10
    assert find_power(f"{number}兆瓦")[0].quantity.value == number
    assert find_power(f"{number}KV变电所") == []  # a voltage, not a capacity


def test_a_heading_right_above_a_paragraph_is_not_part_of_its_first_work() -> None:
    # Word saved as text: each heading on its own line, its paragraph on the next.
    from geoplan import extract

    text = (
        "某市现代服务业发展“十四五”规划\n"
        "一、发展基础\n"
        "服务业稳步发展。\n"
        "二、重点任务\n"
        "（一）做强商贸流通\n"
        "提升中国轻纺城、诸暨大唐袜业城等专业市场能级，推进柯桥国际物流园建设。\n"
        "（二）完善交通设施\n"
        "建设杭绍台高速公路绍兴段、绍兴城市轨道交通1号线。\n"
    )
    found = extract.extract_file(text.encode(), name="headings.txt", region="绍兴市")
    names = set(found.records["name"])
    assert {"中国轻纺城", "诸暨大唐袜业城", "柯桥国际物流园", "杭绍台高速公路绍兴段"} <= names
    assert not any("做强" in n or "设施" in n for n in names)
    # each work cites its sentence's line, and its text is the sentence without the heading
    row = found.records.set_index("name").loc["杭绍台高速公路绍兴段"]
    assert (row["line_start"], row["text"]) == (
        8,
        "建设杭绍台高速公路绍兴段、绍兴城市轨道交通1号线。",
    )
