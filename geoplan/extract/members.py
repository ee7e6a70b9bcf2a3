"""Split lists of named projects and platforms out of sentences.

Two kinds of list carry names a map needs:

* items of a project box that group several projects under a heading, e.g.
  004 专栏32 "1. 西城文旅发展核支撑工程。重点打造金华之光文化广场、金东区人文
  博览中心、…、金华亚运分村等项目。" (:func:`find_members`);
* platforms listed in the running text, e.g. 002 line 843 "支持金义电子商务新城、
  北大信息科技园、…、武义科技城等科技园区建设" (:func:`find_platform_lists`).

Both readers are conservative: a list counts only when it is closed by
"等…项目/工程" (or a platform class such as 园区, 特色小镇) or when its
elements end like the names of sites (…工程, …中心, …园, …医院); an element
with a count ("21座 110KV变电站") or a generic term is dropped.

Examples
--------
>>> [m.name for m in find_members("重点推进现代花卉苗木产业创新服务综合体、智能家居综合体建设。")]
['现代花卉苗木产业创新服务综合体', '智能家居综合体']
>>> found = find_platform_lists("做大做强义乌丝路金融小镇、武义温泉小镇、磐安江南药镇等特色小镇。")
>>> found[0].category, [m.name for m in found[0].members]
('特色小镇', ['义乌丝路金融小镇', '武义温泉小镇', '磐安江南药镇'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoplan.extract.text import normalize_name

__all__ = [
    "Member",
    "PlatformList",
    "find_list_names",
    "find_members",
    "find_platform_lists",
    "starts_with_list_verb",
]

_SITE = re.compile(
    r"(?:项目|工程|园区|园|区块|区|中心|城|馆|医院|卫生院|学校|小学|初中|中学|高中|幼儿园|学院|综合体|"
    r"基地|公园|景区|广场|市场|港|站|枢纽|铁路|高速|互通|大道|交通|专线|支线|线|变|厂|库|村|镇|街区|社区|"
    r"酒店|乐园|度假区|家园|空间)$"
)
_PLATFORM = re.compile(r"(?:园区|园|区|镇|城|港|基地|中心|谷|新城)$")
_GENERIC = re.compile(r"^(?:重点|特色|各类|一批|若干|相关|新型|现代|国家|省级|市级|高端|其他)|类")
_COUNT = re.compile(r"[0-9０-９一二三四五六七八九十]+\s*[个座家所条项处]")
_MEMBER_VERB = re.compile(
    r"^(?:(?:大力|积极|加快|重点|全力|着力|全面|有序)\s*)*"
    r"(?:推进|打造|加快建设|实施|谋划建设|谋划|规划建设|包括|即|如)\s*"
)
_LIST_END = re.compile(r"等(?:[^，、等]{0,10}?)(?:项目|工程|设施)(?:建设)?$")
_PLATFORM_VERBS = re.compile(
    r"^(?:(?:加快推进|加快推动|加快|加强|积极|大力|重点|全力|着力|充分|进一步|支持|推进|推动|建设|"
    r"提升壮大|提升|做大做强|做强|培育|打造|搭建|依托|联动|发展|创建|争创|以)\s*)+"
)
_PLATFORM_LIST = re.compile(
    r"(?P<list>[^，。；：]+、[^，。；：]+?)等(?:一批|一系列|多个|[0-9一二三四五六七八九十]+[个家])?(?:已有的)?"
    r"(?P<category>[^，。；、等]{0,8}?(?:开发区|产业园区|物流园区|科技园区|园区|集聚区|示范区|特色小镇|小镇|"
    r"平台|新区|产业园|科技园|物流园))"
)


@dataclass(frozen=True, slots=True)
class Member:
    """A name found in a list, with its position in the searched text."""

    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlatformList:
    """A list of platforms in the running text and the class it names (园区 …)."""

    category: str
    members: tuple[Member, ...]
    start: int
    end: int


def _split(text: str, offset: int) -> list[Member]:
    out: list[Member] = []
    start = 0
    for match in re.finditer(r"[、；;]", text + "、"):
        raw = text[start : match.start()]
        lead = len(raw) - len(raw.lstrip())
        out.append(
            Member(raw.strip(), offset + start + lead, offset + start + lead + len(raw.strip()))
        )
        start = match.end()
    return out


def find_list_names(text: str) -> list[Member]:
    """Split a 、-separated list of names, e.g. a table cell of 特色小镇.

    Examples
    --------
    >>> [m.name for m in find_list_names("木雕小镇*、横锦创作休闲小镇")]
    ['木雕小镇*', '横锦创作休闲小镇']
    """
    return [Member(normalize_name(m.name), m.start, m.end) for m in _split(text, 0) if m.name]


def _clean(member: Member) -> Member:
    name = re.sub(r"等$", "", member.name)
    name = re.sub(r"(?<=[心园区馆院程目体地城站])建设$", "", name)
    return Member(normalize_name(name), member.start, member.start + len(name))


def _valid(name: str) -> bool:
    return 4 <= len(name) <= 40 and "，" not in name and not _COUNT.search(name)


def find_members(text: str) -> list[Member]:
    """Return the projects a grouping item lists, in order, with their offsets."""
    members: list[Member] = []
    listing = False
    for clause_start, clause, sentence_end in _clauses(text):
        found = _colon_list(clause) or _verb_list(clause)
        if found is None:
            # 004 专栏34: "包括傅村镇卫生院、…迁建项目，东孝街道社区卫生服务中心扩建项目。"
            single = _clean(Member(clause.strip(), clause_start, clause_start + len(clause)))
            if listing and _valid(single.name) and _SITE.search(single.name) and "、" not in clause:
                members.append(single)
            listing = listing and not sentence_end
            continue
        offset, body, closed = found
        kept = _keep(_split(body, clause_start + offset), closed)
        members.extend(kept)
        listing = bool(kept) and not sentence_end
    return members


def starts_with_list_verb(text: str) -> bool:
    """Whether ``text`` opens with a verb that introduces a list (加快建设, 重点推进 …)."""
    return bool(_MEMBER_VERB.match(text)) and ("、" in text or "；" in text)


def _clauses(text: str) -> list[tuple[int, str, bool]]:
    out: list[tuple[int, str, bool]] = []
    start = 0
    for match in re.finditer(r"[，。]", text + "。"):
        out.append((start, text[start : match.start()], match.group(0) == "。"))
        start = match.end()
    return out


def _colon_list(clause: str) -> tuple[int, str, bool] | None:
    # 004 专栏33: "包括 10 个公办小学建设项目：光南小学新建工程、…"
    match = re.match(r"\s*(?:包括\s*)?[0-9]+\s*个[^：:]{0,20}[：:]\s*", clause)
    if match is None:
        return None
    return match.end(), clause[match.end() :], True


def _verb_list(clause: str) -> tuple[int, str, bool] | None:
    verb = _MEMBER_VERB.match(clause.strip())
    lead = len(clause) - len(clause.lstrip())
    body = clause.strip()[verb.end() :] if verb else clause.strip()
    offset = lead + (verb.end() if verb else 0)
    end = _LIST_END.search(body)
    if end:
        return offset, body[: end.start()], True
    if verb is None or ("、" not in body and "；" not in body and not _SITE.search(_tail(body))):
        return None
    return offset, body, False


def _tail(body: str) -> str:
    return re.sub(r"建设$", "", body)


def _keep(members: list[Member], closed: bool) -> list[Member]:
    cleaned = [_clean(m) for m in members if m.name]
    if closed:
        return [m for m in cleaned if _valid(m.name)]
    sites = [m for m in cleaned if _valid(m.name) and _SITE.search(m.name)]
    return sites if len(sites) * 2 >= len(cleaned) else []


def find_platform_lists(text: str) -> list[PlatformList]:
    """Return the lists of named platforms in a paragraph of running text.

    Examples
    --------
    >>> find_platform_lists("持续提升文化类特色小镇、重点文化产业园区、文化创意街区等产业平台")
    []
    """
    found: list[PlatformList] = []
    for match in _PLATFORM_LIST.finditer(text):
        body = match["list"]
        verb = _PLATFORM_VERBS.match(body)
        offset = match.start("list") + (verb.end() if verb else 0)
        members = [_clean(m) for m in _split(body[verb.end() if verb else 0 :], offset)]
        if len(members) >= 2 and all(_named_platform(m.name) for m in members):
            found.append(
                PlatformList(match["category"], tuple(members), match.start(), match.end())
            )
    return found


def _named_platform(name: str) -> bool:
    return _valid(name) and bool(_PLATFORM.search(name)) and not _GENERIC.search(name)
