r"""Named works in running text: one paragraph → the lists of works its sentences name.

Plans and notices name most works inside sentences: "重点建设金台铁路、金甬舟铁路、
金建城际、杭温高铁、金华—义乌—横店城际等铁路", "新（扩）建永康、芝堰、吴宁等500KV
枢纽变电所", "规划建设金华市美术馆、新图书馆…，义乌博物馆新馆、美术馆、大剧院".
:func:`find_works` reads one paragraph and returns its lists of works. A list
is cut at 、 (and at 和/及/与 where both sides are names); each element is a
work when its name ends with a word that says what it is (a *head*,
:mod:`~geoplan.extract.worktypes`) or with 工程/项目, and holds a name of its own
(:func:`~geoplan.extract.names.is_named`). Elements without a head take the words
the list shares: the category after 等 ("永康、芝堰、吴宁等500KV枢纽变电所"), the
rest of the last element ("金华市、婺城、…、永康非遗馆"), or the place of the work
before them ("义乌博物馆新馆、美术馆"); in a list where some works are named, the
others of the same kind are read too ("丝路新区、陆港新区和科创新区").

Each work keeps its own words as printed, the figures inside its element
("兰江航道整治工程21.3公里"), the place words it carries or is given, and the
ends of a linear work. Figures a list states for all its works ("新增里程144公里")
are kept as the list's ``stated`` text. What reads like a work but is not one of
the plan's (a grouping, a role, a partner …, :mod:`~geoplan.extract.notworks`) is
kept aside in the list's ``skipped``, each with its ``why``.

Examples
--------
>>> (found,) = find_works("新（扩）建永康、芝堰、吴宁等500KV枢纽变电所，新增主变容量5000MVA。")
>>> [w.name for w in found.works], found.stated
(['永康500KV枢纽变电所', '芝堰500KV枢纽变电所', '吴宁500KV枢纽变电所'], '新增主变容量5000MVA')
>>> (found,) = find_works("全面完成S310省道东阳李宅至义乌青岩刘段等改建工程。")
>>> found.works[0].ends
('东阳李宅', '义乌青岩刘')
>>> found = find_works("规划建设金华市美术馆、新图书馆，义乌博物馆新馆、美术馆。")
>>> [w.name for w in found[0].works]
['金华市美术馆', '金华市新图书馆', '义乌博物馆新馆', '义乌美术馆']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from geoplan.extract import clauses as cl
from geoplan.extract import notworks
from geoplan.extract.markers import marker
from geoplan.extract.names import WEAK_TYPES, is_named, is_place_named, is_proper, work_ends
from geoplan.extract.numbers import find_lengths, find_money, find_power, find_storage
from geoplan.extract.placewords import place_prefix
from geoplan.extract.text import normalize_name
from geoplan.extract.worktypes import (
    AREA_HEADS,
    Head,
    find_head,
    mentions_work,
    split_tail,
    work_type,
)

__all__ = ["Work", "WorkList", "find_works"]


@dataclass(frozen=True, slots=True)
class Work:
    """One named work found in a paragraph.

    ``start``/``end`` are offsets of its own words in the paragraph; ``own`` is
    the element as printed (with its figures), ``shared`` the words it takes
    from its list, ``places`` the place words it carries or is given.
    """

    name: str
    start: int
    end: int
    own: str
    shared: str = ""
    places: tuple[str, ...] = ()
    ends: tuple[str, str] | None = None
    type: str = ""  # what it is, when its own name does not say (the list's words do)
    why: str = ""  # why it is not one of the plan's works (a grouping, a role …), if it is not


@dataclass(frozen=True, slots=True)
class WorkList:
    """The works one sentence names, in order.

    ``sentence`` is the (start, end) of the sentence; ``stated`` the figures it
    gives for all its works together; ``rejected`` the elements that looked
    like works but were not read, each with why; ``lead`` the verbs before the
    first work (新建, 续建 …); ``skipped`` what reads like a work but is not one
    of the plan's (its ``why`` says what it is: a grouping, a role, a partner …),
    kept so that record ids count the same works whatever is left out.
    """

    works: tuple[Work, ...]
    sentence: tuple[int, int]
    stated: str = ""
    rejected: tuple[tuple[str, str], ...] = ()
    lead: str = ""
    skipped: tuple[Work, ...] = ()

    @property
    def candidates(self) -> tuple[Work, ...]:
        """The works and the skipped ones in the order of the text (what ids count)."""
        return tuple(sorted(self.works + self.skipped, key=lambda w: w.start))


_COUNTED = re.compile(r"^(?:[0-9０-９]+|[一二三四五六七八九十两]+)\s*(?:个|座|条|所|家|处|项)")
# Words after a work's name that start a new predicate: the name ends before them.
_CUT = re.compile(
    r"^(?:由|向|从|对|与|为|建成|成为|创建|争创|列入|纳入|作为|带动|辐射|引领|推动|落户|入驻|"
    r"已|正|正在|将|加速|扩建|新建|迁建|改建|实现|打造|形成|开展|提供|建设(?!工程|项目))"
)
_PROJECT_TAIL = re.compile(r"(?:工程|项目)$")
_PLACE_THEN = re.compile(r"^在(?P<place>[^，、]{2,8}?)(?:规划建设|建设|新建|打造|布局|设立)")
_FRAME = re.compile(r"^以(?P<inner>[^，、]{2,20}?)为(?:核心|中心|重点|龙头)的")
# Words that make "…项目" a kind of project (a heading, a list's title), not one work.
_CATEGORY = re.compile(
    r"20\d{2}\s*年|年度|(?:重大|重点|民生|实事|预备|续建|新建|招商|产业|省级|市级|县级|区级)"
    r"(?:建设)?(?:项目|工程)$"
)
_STATE = re.compile(r"\d+\s*(?:MVA|万吨|万人次|万标箱|座|个)")


@dataclass(frozen=True, slots=True)
class _Element:
    """One element of a list: where it starts, its text, and what it reads as."""

    start: int
    text: str
    name: str
    head: Head | None
    place: str = ""
    why: str = ""  # the words around the name say it is no work (促进海港, 以服务…)

    @property
    def project(self) -> bool:
        """A name without a head word that ends with 工程/项目 (浙江之心跨境电商项目)."""
        return self.head is None and bool(_PROJECT_TAIL.search(self.name))


def _element(start: int, raw: str) -> _Element:
    found = _parse(raw)
    return replace(found, start=found.start + start)


@lru_cache(maxsize=32768)
def _parse(raw: str) -> _Element:
    text = raw.strip()
    start = len(raw) - len(raw.lstrip())
    if item := marker(text):
        text, start = text[item.end :], start + item.end
    if lead := re.match(
        r"^(?:与|和|及|对|向|从|现将|将|把|由|为|是|有|新建|扩建|改建|续建|迁建)(?=.{3})", text
    ):
        text, start = text[lead.end() :], start + lead.end()
    why = ""
    skip = notworks.own_start(text)  # (四)…, 2022年建成…, 运营…: not the work's name
    if skip == len(text):
        why = "a verb phrase or an aim, no name"
    elif skip:
        text, start = text[skip:], start + skip
    place = ""
    if found := _PLACE_THEN.match(text):  # 在赤松镇规划建设佛手交易中心
        place = found["place"]
    elif found := _FRAME.match(text):  # 以金义站为核心的综合客运枢纽
        text = found["inner"] + text[found.end() :]
        start += found.end() - len(found["inner"]) - 3
    offset = found.end() if found is not None and place else 0
    name = cl.strip_predicate(_cut_figures(text[offset:]))
    if cut := notworks.cut_predicate(name):
        name = cut
    else:
        why = why or "a clause with a predicate, no work named"
    if "的" in name and find_head(name.rsplit("的", 1)[1]):  # 投资50亿元的金义商业综合体
        kept = name.rsplit("的", 1)[1]
        offset += len(name) - len(kept)
        name = kept
    return _Element(start + offset, text[offset:], *_named_part(name, place), why=why)


def _named_part(name: str, place: str) -> tuple[str, Head | None, str]:
    """Return the name up to its head (and the words that belong after it), and the head."""
    thing, _tail = split_tail(name)
    head = find_head(thing) or find_head(name)
    while head is not None and not _is_kept_tail(name[head.end :]):
        rest = name[head.end :]
        if _CUT.match(rest):
            name = name[: head.end]  # 衢州儒学文化产业园建成…示范园区
            break
        # "东南沿海…交通枢纽门户": the head word is part of something that is not a work.
        head = find_head(name[: head.start]) if head.start > 1 else None
        if head is not None and not _CUT.match(name[head.end :]):
            head = None
    if place and not name.startswith(place):
        name = place + name
        head = find_head(name) if head is not None else None
    return name, head, place


def _cut_figures(text: str) -> str:
    """Return the name of "兰江航道整治工程21.3公里" without its figure."""
    found = [
        f for finder in (find_lengths, find_money, find_storage, find_power) for f in finder(text)
    ]
    if not found:
        return text
    first = min(f.start for f in found)
    # "…工程（总投资8.5亿元）": the words and the bracket before the figure go too
    head = re.sub(
        r"(?:[，,、\s（(]|长度?|里程|[全总]长|约|总?投资|总?库容|装机(?:容量)?)*$", "", text[:first]
    )
    return head or text


_SEGMENT = re.compile(
    r"^[^，、：；（()）]{1,24}?段|^[^，、：；（()）]{1,12}至[^，、：；（()）]{1,12}$"
)


def _is_kept_tail(rest: str) -> bool:
    """Whether the words after a head belong to the name (金华段拓宽工程, 二期, 迁建项目)."""
    if not rest:
        return True
    rest = re.sub(r"^[（(][^（）()]*[）)]", "", rest)  # S217（39省道）东阳十里头至官清段
    if segment := _SEGMENT.match(rest):
        rest = rest[segment.end() :]
    _thing, tail = split_tail("x" + rest)
    # "…铁路新货场周边配套工程", "…机场4D级扩能改造": a few words, then what is done.
    return tail == rest or (len(rest) <= 12 and (bool(tail) or rest.endswith(("工程", "项目"))))


def _named(element: _Element) -> bool:
    if element.head is None and not element.project:
        return False
    return is_named(element.name, element.head)


def _bare(element: _Element, list_head: Head | None, last_head: Head | None) -> bool:
    """Tell a place word, or an area (新区 …) in a list of another kind of work.

    After 等 the list's shared words make any area a place ("新建金义都市新区、东阳等
    体育场馆"). Beside a last element of another kind only a place's own area is
    ("规划建设金华城区、武义（二类）通用机场"); an area with a name of its own is a
    work ("建设洲泉镇湘溪新区和大麻镇海华工业园").
    """
    if element.name and place_prefix(element.name) == element.name:
        return True  # 婺城 (城 is a head word, 婺城 a place)
    if element.head is None:
        return bool(element.name) and len(element.name) <= 12 and not element.project
    head = element.head
    if not (head.word in AREA_HEADS and element.name.endswith(head.word)):
        return False
    if list_head is not None:
        return list_head.word not in AREA_HEADS
    if last_head is None or last_head.word in AREA_HEADS:
        return False
    before = element.name[: head.start]
    return bool(before) and place_prefix(before) == before


# ---------------------------------------------------------------- lists


def _split_joins(start: int, text: str, shared: bool) -> list[tuple[int, str]]:
    """Split at 和/及/与 where both sides read as names (or as places of a shared work).

    In a list with shared words after 等 the right side may be bare too
    ("…延伸线工程和金丽温高速金东、甬金高速佛堂出口等互通工程").
    """
    for point in reversed(cl.join_points(text)):
        left, right = text[:point], text[point + 1 :]
        if text[point : point + 2] == "以及":
            right = text[point + 2 :]
        lhs, rhs = _element(0, left), _element(0, right)
        either = (_named(lhs) or _named(rhs)) and len(left) >= 2 and len(right) >= 2
        placed = lhs.head is None and place_prefix(left) == left
        place_then = placed and (rhs.head is not None or (shared and len(right) <= 6))
        # "温州环大罗山和浙中等科创大走廊": two bare names sharing the words after 等
        both_bare = shared and lhs.head is None and rhs.head is None and len(left) <= 8
        if either or place_then or both_bare:
            return [*_split_joins(start, left, False), (start + len(text) - len(right), right)]
    return [(start, text)]


def _list_parts(start: int, body: str) -> tuple[list[tuple[int, str]], str]:
    """Split a clause body into elements and the words after 等 / 的 / a count."""
    tail = ""
    cut = _tail_cut(body)
    if cut is not None:
        body, tail = body[: cut[0]], body[cut[1] :]
    shared = bool(_shared(tail)[0])
    parts: list[tuple[int, str]] = []
    for offset, text in cl.split_list(body):
        parts.extend(_split_joins(start + offset, text, shared))
    if parts and "的" in parts[0][1]:  # 金丽温天然气管道金衢段配套工程的兰溪、东阳…等支线工程
        first_start, first = parts[0]
        after = first.rsplit("的", 1)[1]
        if after and find_head(after) is None and len(parts) > 1:
            parts[0] = (first_start + len(first) - len(after), after)
    if parts and not tail and (count := cl.split_count(parts[-1][1])) and count[0].strip():
        parts[-1] = (parts[-1][0], count[0])
        tail = count[1]
    return [p for p in parts if p[1].strip()], tail


def _tail_cut(body: str) -> tuple[int, int] | None:
    """Where a list's shared words start: after its last 等, or after 的 behind place names."""
    for match in reversed(
        list(
            re.finditer(
                r"等(?:一批|一系列|多个|若干|"
                r"(?:[0-9]+|[一二三四五六七八九十两]+)(?:个|座|条|所|家|处|项|大))?",
                body,
            )
        )
    ):
        if match.start() > 0 and "、" not in body[match.end() :]:
            return match.start(), match.end()
    de = body.rfind("的")
    if de > 0 and "、" in body[:de]:
        last = cl.split_list(body[:de])[-1][1]
        if not find_head(last):
            return de, de + 1
    return None


def _shared(tail: str) -> tuple[str, Head | None]:
    """Return the words a list's works share (500KV枢纽变电所, 支线工程), with their head."""
    words = cl.strip_predicate(tail)
    words = re.sub(r"^(?:省级|市级|县级|重点|重大|一批|各类)", "", words)
    if "的" in words:
        words = words.rsplit("的", 1)[1]
    head = find_head("\u3000" + words)  # the shared words may be a head alone: 作业区
    if head is not None and _is_kept_tail(words[head.end - 1 :]):
        return words, Head(head.word, head.type, head.start - 1, head.end - 1)
    if _PROJECT_TAIL.search(words) and len(words) > 2:
        return words, None  # 春涛科技、格普科技…等制造业项目
    return "", None


_BUILT = re.compile(r"建设|新建|扩建|续建|迁建|改建|筹建|建成|开工")
# Clauses that describe where something is (its 四至, what it lies beside) name no works.
_WHERE = re.compile(
    r"四界|四至|为界|(?:^|[，、；])[东西南北](?:至|到|临|接|邻)|^(?:位于|地处|毗邻|紧邻|"
    r"距离?|靠近|邻近|临近|连接|联通|串联|途经|沿)"
)
# Heads so general that only a proper name makes them a work (…平台, …中心, …基地).
_LOOSE_HEADS = frozenset(("平台", "中心", "基地", "集群", "园", "城", "区块", "片区", "村"))
_BUILT_AFTER = re.compile(r"(?:建设|新建|扩建|续建|迁建|改建|筹建|建成|开工)[^，。、]{0,4}$")


def _read_list(
    start: int, body: str, relaxed: bool, built: bool = False, structure: bool = False
) -> tuple[list[Work], list[tuple[str, str]]]:
    parts, tail = _list_parts(start, body)
    shared, list_head = _shared(tail)
    elements = [_inner_shared(_element(s, t)) for s, t in parts]
    last_head = elements[-1].head if elements else None
    bare = [e for e in elements if _bare(e, list_head, last_head)]
    donor = _donor(elements, bare, shared)
    kinds = frozenset(
        e.head.word for e in elements if e.head is not None and _named(e) and is_proper(e.name)
    )
    placed = any(is_place_named(e.name) for e in bare)
    context = _Context(tuple(bare), donor, relaxed, kinds, placed, structure)
    works: list[Work] = []
    rejected: list[tuple[str, str]] = []
    previous = ""
    for element in elements:
        read = _read_element(element, context, previous)
        if isinstance(read, Work):
            works.append(read)
            previous = read.places[0] if read.places else previous
        elif read:
            rejected.append((element.text, read))
    if not relaxed and parts and notworks.KINDS_LIST.search(parts[0][1]):
        works = [replace(w, why="a kind of work, none named") for w in works]  # 建设一批甲、乙
    elif notworks.EVENTS.search(tail):
        works = [replace(w, why="an event or a campaign") for w in works]  # 甲、乙等系列活动
    if relaxed or any(is_proper(w.name) for w in works):
        return works, rejected
    if built:
        return [w for w in works if _head_word(w.name) not in _LOOSE_HEADS], rejected
    # No work of the list has a proper name and nothing is built: keep only the kinds of
    # work that are rarely ideas (a 平台, 中心 or 市场 of the text is mostly an idea).
    return [w for w in works if work_type(w.name) not in WEAK_TYPES], rejected


def _inner_shared(element: _Element) -> _Element:
    """Read an element with its own 等: "羊尖山等水库生态整治" → 羊尖山水库生态整治."""
    if "等" not in element.name or element.head is None:
        return element
    left, right = element.name.split("等", 1)
    if (
        len(left) >= 2
        and _proper_bare(left)
        and not find_head(left)
        and find_head("\u3000" + right)
    ):
        return _Element(element.start, element.text, left + right, find_head(left + right))
    return element


def _donor(elements: list[_Element], bare: list[_Element], shared: str) -> str:
    """Return the words bare elements share when the list names no category after 等."""
    if shared or not bare or not elements or elements[-1] in bare:
        return shared
    last = elements[-1].name
    place = place_prefix(last)
    ends = {e.name[-1] for e in bare if e.name}
    if len(ends) == 1 and (cut := last.find(ends.pop(), 1)) > 0 and cut + 1 > len(place):
        place = last[: cut + 1]  # 义乌江、武义江支线航道: the bare names end like the donor's
    if not place:
        size = max(len(e.name) for e in bare)
        place = last[:size] if len(last) - size >= 2 else ""
    rest = last[len(place) :]
    return rest if place and find_head(rest) is not None else ""


@dataclass(frozen=True, slots=True)
class _Context:
    """What a list tells its elements: bare ones, shared words, named kinds."""

    bare: tuple[_Element, ...]
    donor: str
    relaxed: bool
    kinds: frozenset[str]
    placed: bool  # a bare element is a place: its short siblings (芝堰, 金兰) are names too
    structure: bool = False  # the paragraph sets out a spatial structure (格局, 四大…圈)


def _read_element(element: _Element, context: _Context, previous: str) -> Work | str:
    name = normalize_name(element.name)
    if not name or _COUNTED.match(name):
        return "a count of works, none named" if name else ""
    reading = _reading(element, name, context, previous)
    if reading is None:
        return ""
    work = _work(element, *reading)
    # a grouping, a role, an industry …: understood, and kept aside as not a work
    why = element.why or notworks.not_a_work(work.name, structure=context.structure)
    if context.donor and work_type(work.name) == "other":
        work = replace(work, type=work_type(context.donor))  # 磐安江南药镇, a 特色小镇
    return replace(work, why=why) if why else work


def _reading(
    element: _Element, name: str, context: _Context, previous: str
) -> tuple[str, str, tuple[str, ...]] | None:
    """Return the work's name, the words it takes from its list, and its place words."""
    own = (name, "", _places(element, name))
    if element in context.bare:
        return _bare_reading(name, context, own)
    if element.head is None and not element.project:
        return own if context.relaxed and 4 <= len(name) <= 30 and is_named(name) else None
    if element.project and not context.relaxed:
        # “八婺名家”工程 is a programme, "衢州市2024年重大项目" a heading over works
        return own if is_place_named(name) and not _CATEGORY.search(name) else None
    if _named(element) or (context.relaxed and len(name) >= 3):
        return own
    head = element.head
    if previous and head is not None and head.start <= 2 and len(name) <= 6:
        return previous + name, previous, (previous,)  # 义乌博物馆新馆、美术馆
    # 丝路新区、陆港新区和科创新区: a kind the list names properly elsewhere
    return own if head is not None and head.word in context.kinds and head.start > 0 else None


def _bare_reading(
    name: str, context: _Context, own: tuple[str, str, tuple[str, ...]]
) -> tuple[str, str, tuple[str, ...]] | None:
    """Read a bare element with the words its list shares ("永康" + "500KV枢纽变电所")."""
    if not context.donor or not (context.relaxed or _proper_bare(name, context.placed)):
        return None
    if len(name) >= 4 and name[-1] == context.donor[-1]:
        return own  # 磐安江南药镇 in "…、磐安江南药镇…等特色小镇": already a 镇
    place = place_prefix(name) or (name if is_place_named(name) else "")
    return name + context.donor, context.donor, (place,) if place else ()


def _head_word(name: str) -> str:
    head = find_head(split_tail(name)[0]) or find_head(name)
    return head.word if head is not None else ""


def _proper_bare(name: str, placed: bool = False) -> bool:
    """Tell a word a list shares a work's name with: a place, or a short name (金兰, 芝堰).

    A short name counts only beside a place ("永康、芝堰、吴宁等…"): alone, two characters
    are as likely an industry ("新能源汽车及配件…等产业集群").
    """
    if is_place_named(name) or is_proper(name):
        return True
    short = len(name) <= 3 and not re.search(r"[型性化式]$", name)
    return placed and short and is_named(name + "园")


def _places(element: _Element, name: str) -> tuple[str, ...]:
    place = element.place or place_prefix(name)
    return (place,) if place else ()


def _work(element: _Element, name: str, shared: str, places: tuple[str, ...]) -> Work:
    """Return the work an element reads as."""
    end = element.start + len(element.text)
    ends = work_ends(name, work_type(name))
    return Work(name, element.start, end, element.text, shared, places, ends)


# ---------------------------------------------------------------- paragraphs


def find_works(text: str, *, relaxed: bool = False) -> list[WorkList]:
    """Return the lists of named works in one paragraph, sentence by sentence.

    ``relaxed`` reads every element of a list as a work, named or not: for the
    lists of a box of projects ("重点打造现代花卉苗木产业创新服务综合体、智能家居综合体").
    """
    found: list[WorkList] = []
    if not mentions_work(text):
        return found
    structure = notworks.names_structure(text)
    for s_start, sentence in cl.sentences(text):
        if not mentions_work(sentence):
            continue
        works: list[Work] = []
        skipped: list[Work] = []
        rejected: list[tuple[str, str]] = []
        stated: list[str] = []
        leads: list[str] = []
        for c_start, clause in cl.clauses(sentence):
            body = clause.rstrip("，,：:。！？；; ")
            skip = 0
            if item := marker(body):
                skip = item.end
            got: list[Work] = []
            if mentions_work(body) and not _WHERE.search(body):
                lead, rest = cl.strip_lead(body[skip:])
                built = bool(_BUILT.search(body[skip : skip + lead]) or _BUILT_AFTER.search(rest))
                read, bad = _read_list(
                    s_start + c_start + skip + lead, rest, relaxed, built, structure
                )
                read = _set_aside(read, body, (skip, lead), sentence, s_start + c_start)
                got = [w for w in read if not w.why]
                if got:
                    leads.append(body[skip : skip + lead])
                works.extend(got)
                skipped.extend(w for w in read if w.why)
                rejected.extend(bad)
            if not got and works and _states_figures(body):
                stated.append(body.strip())
        if works or rejected or skipped:
            span = (s_start, s_start + len(sentence))
            # one work's figures are its own fields; a list's are stated for all of them
            stated_text = "；".join(stated) if len(works) > 1 else ""
            first_lead = "".join(leads[:1])
            found.append(
                WorkList(
                    tuple(works), span, stated_text, tuple(rejected), first_lead, tuple(skipped)
                )
            )
    return found


def _set_aside(
    read: list[Work], body: str, cut: tuple[int, int], sentence: str, offset: int
) -> list[Work]:
    """Mark the works of a clause that refers to them, names roles, or names partners.

    ``cut`` is where the clause's words start after its item marker, and how long its
    lead is; ``offset`` is where the clause starts in the paragraph.
    """
    skip, lead = cut
    if stance := notworks.clause_stance(body[skip:], body[skip : skip + lead], sentence):
        return [w if w.why else replace(w, why=stance) for w in read]
    if (at := notworks.partners_at(body)) is not None:  # "深化与甲、乙等战略合作"
        why = "a partner the plan works with"
        return [replace(w, why=why) if w.start >= offset + at and not w.why else w for w in read]
    return read


def _states_figures(text: str) -> bool:
    finders = (find_lengths, find_money, find_storage, find_power)
    return any(finder(text) for finder in finders) or bool(_STATE.search(text))
