r"""What is not a work's own name: the words around it, and phrases written like works.

A leaf of the works reader (:mod:`~geoplan.extract.works`) holding, in one place,
the small word lists that keep a record's name to the work's own words and tell
the things plans name like works but are not:

* :func:`own_start` — where a work's own name starts: after a heading marker
  ("（四）", "一是"), a date ("2022年建成") and the verbs or aims before it
  ("运营", "促进", "以服务…");
* :func:`cut_predicate` — the name up to where a predicate inside it starts
  ("衢州儒学文化产业园建成国家级文化产业示范园区" → "衢州儒学文化产业园");
* :func:`not_a_work` — why a name is no work of the plan: a grouping of its
  spatial structure, a role or a designation the plan aims at, an industry, a
  programme, a digital platform, a kind of facility; ``""`` when it may be one;
* :func:`clause_stance` — what a clause does with the works it names: plans
  them (``""``), refers to them (依托…, 融入…), names roles (打造成为…) or
  forbids (严禁…); :func:`partners_at` — where the partners of a 与…合作
  clause start.

Every list is short and says why it is there; the tests write sentences of
their own for each.

Examples
--------
>>> text = "2022年建成衢州市人力资源服务产业园"
>>> text[own_start(text):]
'衢州市人力资源服务产业园'
>>> cut_predicate("衢州儒学文化产业园建成国家级文化产业示范园区")
'衢州儒学文化产业园'
>>> not_a_work("区域发展副中心"), not_a_work("资源互通"), not_a_work("衢州市体育中心")
('a role the plan gives a place', 'a generic phrase, no name of its own', '')
>>> not_a_work("甬舟服务业经济圈", structure=True)
'a grouping of the spatial structure'
"""

from __future__ import annotations

import re

from geoplan.extract.names import is_proper
from geoplan.extract.placewords import has_place, place_prefix, unit_prefix
from geoplan.extract.worktypes import find_head, split_tail

__all__ = [
    "EVENTS",
    "KINDS_LIST",
    "STRUCTURE_HEADS",
    "clause_stance",
    "cut_predicate",
    "is_place",
    "names_no_site",
    "names_structure",
    "not_a_work",
    "own_start",
    "partners_at",
]

# ------------------------------------------------------------------ before a name

# Heading and enumeration markers the running text puts before its first words.
_HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,2}是|"
    r"第[一二三四五六七八九十]{1,3}(?=[，,、])|其[一二三四五六七八九十](?=[，,、])|"
    r"首先|其次|再次|最后)\s*[，,、]?\s*"
)
# A date before the verb: "2022 年建成…", "到2025年…", "“十四五”末…", "目前…".
_DATE = re.compile(
    r"^(?:到|至|于|在|力争|争取|计划|预计|确保)?\s*"
    r"(?:(?:19|20)\d{2}\s*年(?:底|末|前|内|以前|年底)?|"
    r"“?十[一二三四五六七八九]五”?(?:期间|时期|末|内)|目前|当前|近期|现阶段)"
    r"\s*[，,]?\s*"
)
# Verbs that start a phrase about a work and that the clause reader does not take off
# (clauses._VERB has the common ones): the work's name is what follows them.
_VERBS = re.compile(
    r"^(?:高水平|高标准|高质量|全力|大力|积极|加快|深入|持续|进一步|着力|重点|合力|协同|聚力)?"
    r"(?:运营|运行|促进|补齐|壮大|创设|关注|兴办|参建|共建|加大|启用|投用|筹办|扩展|拓展|聚力|"
    r"延伸|完善|提升|推进|推动|实施|建设|建成|新建|打造|加快|开展|谋划|培育)\s*"
)
# Verbs after which the works named are others' or already there: "融入钱塘江诗路文化带",
# "依托金义综合保税区", "联合金华理工学院…组建…": references, not the plan's works.
_REFERENCE_VERB = (
    r"(?:充分|积极|主动|深度|深入|全面|进一步|重点|紧密)?"
    r"(?:依托|借助|利用|瞄准|围绕|发挥|对标|联合|融入|融合|接轨|对接|参与|承接|学习|借鉴|"
    r"服务于|面向)"
)
_REFERENCE_LEAD = re.compile(f"^{_REFERENCE_VERB}")
# "在…领域建设X": where in the economy, then the verb; "在甲镇建设X" names a place instead.
_IN_FIELD = re.compile(
    r"^在(?P<field>[^，、]{2,16}?)(?:集成力量|集中力量|重点)?(?:规划建设|建设|新建|打造|布局|设立)"
)
# "以金义都市新区…为两翼": the 以 of a frame whose verb the clause reader did not know.
_FRAMED = re.compile(r"^以(?![及上下来后前外内])")
# An aim: "以服务衢州特色产业集群…为导向" is what the clause is for, not a work.
_AIM = re.compile(r"^以(?:服务|促进|推动|提升|打造|建设|实现|满足|支撑|引领|带动)")


def own_start(text: str) -> int:
    """Return where a work's own name starts in a list element (0 if it starts at once).

    Heading markers, dates and the verbs before a name are not part of it; an
    element that is an aim ("以服务…") has no name: its whole length is returned.

    Examples
    --------
    >>> [t[own_start(t):] for t in ("（四）“衢州有礼”诗画风光带", "运营衢州市体育中心")]
    ['“衢州有礼”诗画风光带', '衢州市体育中心']
    >>> own_start("以服务衢州特色产业集群") == len("以服务衢州特色产业集群")
    True
    """
    if _AIM.match(text) or _REFERENCE_LEAD.match(text):
        return len(text)
    if (where := _IN_FIELD.match(text)) and not place_prefix(where["field"]):
        return where.end()  # "在科技服务领域集成力量建设…": a field, not a place
    start = 0
    while True:
        rest = text[start:]
        found = _HEADING.match(rest) or _DATE.match(rest) or _FRAMED.match(rest)
        if found is None and (verb := _VERBS.match(rest)):
            if len(rest) - verb.end() < 3:
                return len(text)  # "促进海港": a verb and a word, no name
            found = verb
        if found is None or not found.end():
            return start
        start += found.end()


# ------------------------------------------------------------------ inside a name

# A predicate inside a name: what the work becomes or is compared with, or what
# someone does there ("…建成国家级示范园区", "县（市、区）建立…中心", "义乌对标自贸区").
_PREDICATE = re.compile(
    r"(?:建成|建立|建有|争创|创成|创建|对标|突出|打造|开展|兴办|采用|转变|成为|列为|作为|"
    r"实现|走|向|为主体|为重点|为核心)"
)


# Verbs after which the work is named: "…政策延伸至金义综合保税区" is about 金义综合保税区.
_TOWARDS = re.compile(r"(?:延伸至|延伸到|落户于?|入驻|迁至|搬迁至|覆盖至)")


def cut_predicate(name: str) -> str:
    """Return the name up to where a predicate starts, or ``""`` if no work is left.

    The words before the predicate must end with what the work is (a head word):
    "衢州儒学文化产业园建成…" keeps its 产业园; "县（市、区）建立…中心" and
    "社会力量兴办职业学校" keep nothing.

    Examples
    --------
    >>> cut_predicate("衢州儒学文化产业园建成国家级文化产业示范园区")
    '衢州儒学文化产业园'
    >>> cut_predicate("社会力量兴办职业学校"), cut_predicate("金华高铁站")
    ('', '金华高铁站')
    """
    if re.search(r"(?:工程|项目)$", name):
        return name  # "松溪古街创建国家AAA级景区工程": what is done is the project's name
    if (towards := _TOWARDS.search(name, 1)) and find_head(after := name[towards.end() :]):
        return after
    outside = re.sub(r"[（(][^）)]*[）)]|“[^”]*”", lambda m: "\u3000" * len(m.group(0)), name)
    for found in _PREDICATE.finditer(outside, 1):
        before = name[: found.start()]
        thing, _tail = split_tail(before)
        head = find_head(thing)
        if _predicate_here(name, found):
            return before if head is not None and head.end == len(thing) else ""
    return name


def _predicate_here(name: str, found: re.Match[str]) -> bool:
    """Tell a predicate from the same characters inside a name (走廊, 向阳)."""
    word, after = found.group(0), name[found.end() :]
    if word in ("走", "向"):
        # 走市场化发展道路, 治理理念向…转变; not 走廊, 向阳
        return bool(re.search(r"道路$|转变$", after))
    return True


# ------------------------------------------------------------------ not works

#: Heads of a plan's spatial structure: members of a grouping (两核四圈's 四圈,
#: 三大组团), mapped as layers (``layers/``), not works.
STRUCTURE_HEADS = (
    "经济圈", "都市圈", "城市圈", "城镇圈", "城市群", "城镇群", "发展带", "经济带",
    "产业带", "城镇带", "发展轴", "经济轴", "产业轴", "组团", "板块",
)  # fmt: skip
_STRUCTURE_HEAD = re.compile(f"(?:{'|'.join(STRUCTURE_HEADS)})$")
# What makes a paragraph one about the spatial structure: its words, or a count of
# members ("四大服务业经济圈", “两核、四圈”, “七片”).
_STRUCTURE_TEXT = re.compile(
    r"格局|空间布局|空间结构|布局结构|功能布局|总体布局|空间发展导向|"
    r"[一二三四五六七八九十两]大[^，。；、]{0,8}(?:圈|群|带|轴|组团|片区|板块)|"
    r"“[一二三四五六七八九十两][^”]{0,3}[、，][一二三四五六七八九十两][^”]{0,3}”|"
    r"“[一二三四五六七八九十两][心片轴带圈核区]”"
)
# Members of a structure a paragraph enumerates: “七片”主要指…片区 …
_STRUCTURE_MEMBER = re.compile(r"(?:片区|城区|市区|新区|中心|轴|带|圈|群|组团|板块|区块|两翼)$")

# The role a plan gives a place: a region (or 区域) + what it is to be the centre of.
_SCOPE = re.compile(
    r"^(?:全国|全省|全市|全区|长三角(?:地区)?|华东|华中|东南|浙中|浙西南?|浙东|浙南|"
    r"浙北|浙江(?:省|中西部)?|中西部|四省边际|浙闽赣|浙皖闽赣|区域性?|地区性?|省内|市域|县域)"
)
_ROLE_HEAD = re.compile(r"(?:副?中心|枢纽|高地|之都|之城|门户|桥头堡|名城|窗口|标杆|样板)$")

# A designation the plan aims at (created, awarded, ranked), not a site it builds.
_DESIGNATION = re.compile(r"示范区|试验区|先行区|实验区")
_TITLE = re.compile(r"示范(?:县|市|城市|社区|村|镇)$")
_RANK = re.compile(r"国家级?|省级|全国|全省|市级|[0-9１-９A-Z]+A级|A级|级")
_RANKED_SITE = re.compile(r"(?:全国|一流|国家|省级|级|[0-9A-Z]|旅游|水利|风|高等)+景区")

# A programme, an action or a campaign named like a work ("“浙中硅谷”工程",
# "金东乡贤人才回归工程", "文化惠民工程"): 工程 after words of people and services.
_PROGRAMME = re.compile(
    r"(?:人才|培养|引进|回归|惠民|兴农|便民|记忆|溯源|铸魂|走心|育人|名家|名师|名医|保健|关爱|"
    r"帮扶|强化|提升|示范|创建|计划|行动|精品|品牌|素质|文明|平安|清廉|红色|数字化改革|"
    r"“[^”]+”)(?:工程|项目)$"
)
# A digital platform or a network named in quotes: “政企通”平台, “智慧水务”平台.
_DIGITAL = re.compile(
    r"(?:(?:”|网购|网上|线上|数字|智慧|互联网\+?)[^”]{0,6}|"
    r"共享|电子商务|电商|信息|数据|网络|指挥|预警)(?:平台|网|系统|云)$"
)
# A list of kinds, said in its first element: "建设一批文化特色小镇、文化特色村落…",
# "在省内建设一批有特色、有活力、有效益的专业性产业园".
KINDS_LIST = re.compile(r"一批|一系列|若干|各类|多个|一些|更多")
# What a list of events, campaigns or activities ends with ("…等系列活动"): none is a work.
EVENTS = re.compile(r"(?:活动|行动|计划|赛事|比赛|会议|展会|论坛|节庆|节)$")
# An industry, not a park: …产业集群, …产业链, …业态.
_INDUSTRY = re.compile(r"(?:产业集群|集群|产业链|业态|产业体系)$")
# A kind or a number of works, none named: 一批…, 各类…, 部分…, 10 个….
_KIND = re.compile(
    r"一批|系列|若干|各类|各级|部分|多个|更多|一些|[0-9０-９]+\s*(?:个|座|所|家|处)|其|"
    r"(?:[二三四五]|两)级(?![医甲])"
)
# Words that make a phrase of a name: 的, a list, a place or object before it (在…, 对…).
_PHRASE = re.compile(r"[的、]|等(?!级)|以及|^(?:在|对|把|将|从|向)")
# Words that name a function or qualify a kind: with a head word and nothing else
# they are a kind of facility (研发中心, 交换站, 艺术学校), not one facility.
_FUNCTION = re.compile(
    r"研发|呼叫|灾备|清算|结算|交换|中转|转运|集散|集结|储备|作业|转化|成果|应用|互联|资源|"
    r"信息|艺术|广播|电视|静脉|非遗|步行|薄弱|专病|检验|检测|预警|指挥|调度|监测|气源|燃气|"
    r"消费|共享|创新|服务|公共|综合|特色|重点|新型|现代|区域性?|基层|城市|农村|社区|标准化|"
    r"高品位|高品质|一流|专业化?|大型|小型|超大规模|智慧|数字|绿色|示范|节能|环保|低碳|产业|"
    r"文化|体育|旅游|教育|医疗|卫生|养老|健康|科技|商务|物流|金融|行政村|乡村|城乡|全民|健身|"
    r"活动|病险|中小|水利|垃圾|县域|紧密|知识产权|国内外|国内|国际|知名|主要|市区|实训|建设用地|"
    r"云|型|式|性"
)


def names_structure(paragraph: str) -> bool:
    """Whether a paragraph sets out a spatial structure (格局, 布局, “两核、四圈”, 四大…圈).

    Examples
    --------
    >>> names_structure("聚力打造杭绍嘉湖、甬舟、温台、金衢丽四大服务业经济圈。")
    True
    >>> names_structure("加快建设金华科技城。")
    False
    """
    return bool(_STRUCTURE_TEXT.search(paragraph))


def not_a_work(name: str, *, structure: bool = False) -> str:
    """Return why a name is not one of the plan's works, or ``""`` when it may be one.

    ``structure`` says the paragraph sets out a spatial structure
    (:func:`names_structure`): its 经济圈, 片区 and 中心 are members of a grouping.

    Examples
    --------
    >>> not_a_work("国家A级旅游景区"), not_a_work("“政企通”平台")
    ('a designation the plan aims at', 'a digital platform or network')
    >>> not_a_work("智能家居优势产业集群"), not_a_work("一批生态循环农业示范区")
    ('an industry', 'a kind or number of works, none named')
    >>> not_a_work("“浙中硅谷”工程"), not_a_work("研发中心"), not_a_work("金华市区")
    ('a programme', 'a generic phrase, no name of its own', 'a place, not a work')
    >>> not_a_work("华东（衢州）数字经济示范区"), not_a_work("义乌丝路金融小镇")
    ('', '')
    """
    bare = re.sub(r"\s+", "", name)
    thing, _tail = split_tail(bare)
    if not thing or _is_place(thing):
        return "a place, not a work"
    member = structure and _STRUCTURE_MEMBER.search(thing) and not _linear(thing)
    if member or _STRUCTURE_HEAD.search(thing):
        return "a grouping of the spatial structure" if structure or _plural(bare) else ""
    outside = re.sub(r"[（(][^）)]*[）)]|“[^”]*”", "", bare)
    checks = (
        (_PHRASE.search(outside) or _kinds_joined(outside), "a phrase, not a name"),
        (_KIND.search(bare), "a kind or number of works, none named"),
        (_INDUSTRY.search(bare), "an industry"),
        (_DIGITAL.search(thing), "a digital platform or network"),
        (_PROGRAMME.search(bare) and find_head(_QUOTE.sub("", thing)) is None, "a programme"),
        (_is_role(thing), "a role the plan gives a place"),
        (_is_designation(thing), "a designation the plan aims at"),
        (_is_generic(thing), "a generic phrase, no name of its own"),
        (_is_action(thing, _tail), "an action, no work named"),
    )
    return next((why for hit, why in checks if hit), "")


# A target written as an item: "等级幼儿园覆盖面达到95%", "参保人数达到493万人".
_TARGET = re.compile(r"达到|以上|不低于|不少于|[0-9.]+\s*[%％]|覆盖面|覆盖率|比例|人数")


def names_no_site(name: str) -> str:
    """Return why a box item's name names no site, or ``""``.

    Beyond :func:`not_a_work`: a target ("…覆盖面达到95%"), or a field of work
    without a head word or a name of its own (电网, 学前教育建设工程). A brand
    may read so too (湖畔里项目), so this tells a box of programmes by most of
    its items; of one item it is trusted only where the name is a short heading
    with no 工程/项目 of its own (交通设施, 电网: ``records._is_category``).

    >>> names_no_site("学前教育建设工程"), names_no_site("等级幼儿园覆盖面达到95%")
    ('a field of work, no site named', 'a target')
    >>> names_no_site("安文水库工程"), names_no_site("金华科技城")
    ('', '')
    """
    if why := not_a_work(name):
        return why
    if _TARGET.search(name):
        return "a target"
    thing, _tail = split_tail(name)
    if find_head(thing) is None and not is_proper(name):
        return "a field of work, no site named"
    return ""


_QUOTE = re.compile(r"“[^”]*”")
_BUILT_UP = re.compile(r"(?:市区|城区|县城|主城区|老城区|新城区|中心城区|城|市|县|区)?")


def is_place(name: str) -> bool:
    """Whether a name is a place (a county, a city) or its built-up area, not a work.

    >>> is_place("婺城区"), is_place("金华市区"), is_place("婺城区环保小镇")
    (True, True, False)
    """
    thing, _tail = split_tail(re.sub(r"\s+", "", name))
    return bool(thing) and _is_place(thing)


def _is_place(thing: str) -> bool:
    """Whether a name is a place and its built-up area (金华市区, 兰溪城区)."""
    place = place_prefix(thing)
    return bool(place) and bool(_BUILT_UP.fullmatch(thing[len(place) :]))


def _linear(thing: str) -> bool:
    """Whether a name is a road or a line (S215…新区段): a work even in a structure's text."""
    head = find_head(thing)
    return bool(re.search(r"[A-Z]\d", thing)) or (head is not None and head.type in _LINES)


_LINES = frozenset(("road", "railway", "waterway", "transit", "port", "airport", "pipeline"))


def _kinds_joined(name: str) -> bool:
    """Whether a name joins kinds of work (陆港与海港, 交通枢纽和物流场站), none named."""
    parts = re.split(r"和|与|及", name)
    named = [find_head(split_tail(p)[0]) is not None and not is_proper(p) for p in parts]
    return len(parts) > 1 and all(named)  # not 政和小学, 逸和源…基地: 和 inside a name


def _plural(name: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十两]大", name))


def _is_role(thing: str) -> bool:
    """Whether a name is a region's role (浙中金融服务中心, 区域发展副中心), not a building."""
    scope = _SCOPE.match(thing)
    if scope is None or not _ROLE_HEAD.search(thing):
        return False
    middle = _ROLE_HEAD.sub("", thing[scope.end() :])
    return not has_place(middle) and not re.search(r"[（(“·•]", thing)


def _is_designation(thing: str) -> bool:
    """Whether a name is a title (国家A级旅游景区, 全省生态文明示范区), not a zone of its own."""
    if re.search(r"景区$", thing):  # a rank and 景区 only: 国家A级旅游景区, 5A级景区
        return bool(_RANKED_SITE.fullmatch(thing))
    head = find_head(thing)
    if head is None or (not _DESIGNATION.fullmatch(head.word) and not _TITLE.search(thing)):
        return False
    # 华东（衢州）数字经济示范区, 浙江（金华）数字创意产业试验区: a zone with its own name
    if re.search(r"[（(][^）)]+[）)]", thing):
        return False
    return bool(_RANK.search(thing)) or not unit_prefix(thing)[0]


def _is_action(thing: str, tail: str) -> bool:
    """Whether a name says what is done (“城中村”改造, 土壤综合治理) to no work a head names.

    A project's name (…工程, …项目) is its own whatever it holds; a head word of the
    whole name (航运开发, 区域开发) or a river's 综合治理 makes a work.
    """
    if not tail or re.search(r"工程|项目", tail):
        return False
    head = find_head(_QUOTE.sub("\u3000", thing + tail))
    if head is None:
        return True
    return head.word in _ACTION_HEADS and not re.search(r"[江河溪湖港塘渠浦]|水库|水系", thing)


# Head words that are also actions: 综合治理 names a work only on a named river or place.
_ACTION_HEADS = frozenset(("综合治理", "综合整治", "治理", "整治", "土地整治"))


def _is_generic(thing: str) -> bool:
    """Whether a name is a head word and words of function only (研发中心, 资源互通)."""
    head = find_head(thing)
    core = thing[: head.start] if head is not None else thing
    if not core or re.search(r"[“”A-Za-z0-9]", thing) or place_prefix(core):
        return False
    if re.search(r"互通$", thing):  # an interchange only on a road: 甬金高速佛堂出口互通
        return not re.search(r"高速|公路|国道|省道|出口|枢纽|立交|大道|路", core)
    if head is None:
        return False
    return not _FUNCTION.sub("", core)


# ------------------------------------------------------------------ clauses

# Verbs after which a clause rests on works ("依托甲…"): they are the plan's only while
# it builds them ("依托甲、乙等项目建设"); and verbs after which it joins or follows
# others' works ("融入…", "对标…"), never the plan's.
_RESTS_ON = re.compile(r"(?:依托|借助|利用|围绕|发挥)$")
_JOINS = re.compile(r"(?:融入|融合|接轨|对接|参与|承接|对标|学习|借鉴|瞄准|联合|服务于|面向)$")
# "以…为依托/支撑/平台 …": what the clause rests on, not what it builds.
_FRAME = re.compile(
    r"(?:^|^[^，。；]{0,16}?[^可所难予])以[^，。；]+?(?<!建设)(?<!项目)为"
    r"(?:依托|支撑|载体|平台|基础|契机|抓手|纽带|引擎|导向|目标|理念|主线|保障|牵引|突破口|切入点)"
)
# A role: "打造成为…中心", "建设成为…", "定位为…".
_ROLE = re.compile(r"(?:打造|建设|发展|培育)成为?|建成为|成为|定位为|作为")
# "依托甲、乙等项目建设": the works are being built, and the clause rests on them.
_BEING_BUILT = re.compile(r"(?:建设|项目|工程|开发|建成)$")
# A prohibition: the works it names are protected, not built.
_FORBID = re.compile(r"严禁|禁止|不得")
# 与/同 + partners + a word of working together.
_PARTNERS = re.compile(
    r"(?:与|同)(?=[^，。；]{2,}?(?:合作|对接|联动|协作|交流|衔接|接轨|互动|共建|协同))"
)


def clause_stance(clause: str, lead: str, sentence: str) -> str:
    """Return what a clause does with the works it names: ``""`` (plans them) or why not.

    ``lead`` is the verbs :func:`~geoplan.extract.clauses.strip_lead` took off
    the ``clause``; ``sentence`` is the whole sentence.

    Examples
    --------
    >>> clause_stance("依托金义综合保税区", "依托", "依托金义综合保税区，发展保税物流")
    'refers to works it does not plan'
    >>> clause_stance("将金东打造成为全国快递物流中心", "将", "将金东打造成为全国快递物流中心")
    'names roles, not works'
    >>> clause_stance("加快建设金华科技城", "加快建设", "加快建设金华科技城")
    ''
    """
    lead = lead.strip()
    if _FORBID.search(sentence):
        return "forbids building there"
    verb = _REFERENCE_LEAD.match(clause)
    joins = _JOINS.search(lead) or (verb is not None and _JOINS.search(verb.group(0)))
    rests = _RESTS_ON.search(lead) or (verb is not None and _RESTS_ON.search(verb.group(0)))
    if joins or (rests and not _BEING_BUILT.search(clause)) or _FRAME.match(clause):
        return "refers to works it does not plan"
    if _ROLE.search(clause):
        return "names roles, not works"
    return ""


def partners_at(clause: str) -> int | None:
    """Return where the partners of "与…合作/对接/联动" start in a clause (at 与), or None.

    Examples
    --------
    >>> clause = "深化与上海虹桥商务区、临港新片区等战略合作"
    >>> clause[partners_at(clause):]
    '与上海虹桥商务区、临港新片区等战略合作'
    >>> partners_at("建设金华科技城与浙中创新城") is None
    True
    """
    found = _PARTNERS.search(clause)
    return None if found is None else found.start()
