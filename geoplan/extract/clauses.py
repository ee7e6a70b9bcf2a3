r"""Sentences, clauses and the words around a name: leaves for the works reader.

Plans name works inside sentences: "重点建设金台铁路、金甬舟铁路、…等铁路；完成老金温
铁路永康段南移工程". :func:`sentences` cuts a paragraph at 。！？；, :func:`clauses`
a sentence at ，：; :func:`strip_lead` takes the verbs off the front of a
clause (重点建设, 加快推进 …, 以…为重点) and :func:`strip_predicate` the words
after a name that say what happens to it (开工建设, 前期研究工作, 投入使用 …).

Examples
--------
>>> [t for _, t in sentences("建设甲铁路；完成乙工程。启动丙站")]
['建设甲铁路；', '完成乙工程。', '启动丙站']
>>> strip_lead("积极推进浙中干线机场前期研究")
(4, '浙中干线机场前期研究')
>>> strip_predicate("磐安抽水蓄能电站开工建设")
'磐安抽水蓄能电站'
"""

from __future__ import annotations

import re

__all__ = ["clauses", "sentences", "split_count", "split_list", "strip_lead", "strip_predicate"]

_SENTENCE_END = re.compile(r"[。！？；;]")
_CLAUSE_END = re.compile(r"[，,：:]")
_BRACKETS = {"（": "）", "(": ")", "“": "”", "《": "》", "‘": "’", "[": "]"}
# Conversions mix full- and half-width brackets: "S211(22省道）".
_CLOSERS = {"）": "）", ")": "）", "”": "”", "》": "》", "’": "’", "]": "]"}

_ADVERB = (
    r"(?:加快|加速|全力|大力|积极|着力|重点|全面|有序|稳步|持续|进一步|深入|继续|力争|争取|充分|"
    r"优先|统筹|集中|逐步|适时|同步|合理|科学|高标准|高水平|高质量|高起点|规划|谋划|"
    r"启动|计划|拟|将|要|并|同时|还|再|新|主要|分别|基本|初步|努力|确保|率先|全域|"
    r"聚力|聚焦|专项|重新|推动|推进|加强|支持|鼓励|引导|实施|完成)"
)
_VERB = (
    r"(?:新[（(][^）)]{1,4}[）)]建|建设好|建好|搭建|加大|建设|新建|扩建|续建|改建|迁建|改扩建|建成|完成|实施|打造|推进|推动|启动|谋划|"
    r"规划建设|规划布局|开工建设|开工|开展|支持|提升壮大|提升|做大做强|做强做优|做优做强|"
    r"做强|做优|做精|培育|创建|争创|发展(?!区)|加强|引进|布局|建立|设立|筹建|开发(?![区园])|改造|整治|"
    r"新增|形成|构建|优化|完善|落实|延伸|打通|包括|即|如|重点|依托|利用|发挥|"
    r"实现|整合|联动|对接|深化|加快|助推|全力打造|配套|保障|升级|拓展|提高|强化|"
    r"深度融入|融入|结合|围绕|抓好|办好|用好|建好|建强|盘活|修缮|恢复|招引|引导|"
    r"组织|参与|列入|纳入|争取|投资|兴建|做好|落户|入驻|承接|复制|保护(?!区)|"
    r"规划新建|规划|谋划建设|启动建设|加快建设|重点建设|重点推进|重点实施|重点打造|"
    r"积极推进|全力推进|大力推进|加快推进|稳步推进|有序推进)"
)
_LEAD = re.compile(
    # A PDF may run an item's bold heading into its text: "2.水利设施谋划…".
    rf"^(?:[^，。、]{{2,6}}?(?:设施|建设|工程|事业)(?={_ADVERB}|{_VERB}))?"
    rf"(?:(?:其中|同时|此外|另外|以及|并且|并|在|对|把|现将|将|以|与|和|及|为|共|主要)\s*)?"
    rf"(?:{_ADVERB}\s*)*{_VERB}(?:\s*(?:{_ADVERB}|{_VERB}))*\s*"
)
_FRAME = re.compile(
    r"^以(?P<inner>.+?)(?:建设|项目)?为(?:重点|核心|龙头|依托|支撑|载体|基础|契机|抓手|主体|"
    r"中心|平台|主阵地|主战场|引领|突破口|牵引|纽带|引擎)"
)
_PREDICATE = re.compile(
    r"(?:的?(?:项目)?前期(?:研究)?(?:工作)?|"
    r"的?(?:开工|启动|规划|加快|全面|整体)?建设(?:步伐|进度|力度|工作|运营|与运营|和运营)?|"
    r"投入使用|建成(?:投用|通车|运营|启用)?|通车|运营|启用|落地|开园|开工|"
    r"(?:提质|功能错位|协同|融合|联动|加快|健康)?发展|提档升级|提档|提质|"
    r"(?:国家|省级)?(?:级)?(?:示范)?(?:[0-9A]+\s*级?)?\s*创建(?:力度|工作|国家[^，]{0,8}景区|省级[^，]{0,8})?|"
    r"(?:已|正|正在|将)?(?:加速|加快)?(?:开工)?(?:建设|推进)|筹建|升级|延伸贯通|贯通|利用|"
    r"(?:服务|辐射|带动辐射|综合服务|承载)?(?:能力|功能|能级|水平|品质|作用)|"
    r"(?:列入|纳入|列为|确定为)[^，。；]*|的|等)+$"
)
_COUNT = re.compile(
    r"^(?P<head>[^（(]*?)(?P<count>(?:[0-9]+\s*(?:个|座|条|所|家|处|项)|"
    r"[一二三四五六七八九十两几]+(?:个|座|条|所|家|处|项|大)))"
    r"(?P<tail>(?:[^个座条所家处项]|项目)*)$"
)
# 和/及/与 join two names only when each side reads as a name on its own.
_JOIN = re.compile(r"(?<=.{2})(?:以及|和|及|与)(?=.{2})")


_OPENERS = re.compile(r"[（(“《‘\[]")


def _scan(text: str, ends: re.Pattern[str]) -> list[tuple[int, str]]:
    """Cut ``text`` after each separator outside brackets; keep offsets."""
    out: list[tuple[int, str]] = []
    if not _OPENERS.search(text):  # most clauses: no brackets to step over
        start = 0
        for match in ends.finditer(text):
            out.append((start, text[start : match.end()]))
            start = match.end()
        if start < len(text):
            out.append((start, text[start:]))
        return [(s, t) for s, t in out if t.strip()]
    start = 0
    stack: list[str] = []
    for i, char in enumerate(text):
        if char in _BRACKETS and not (char in "“‘" and stack and stack[-1] == _CLOSERS.get(char)):
            stack.append(_CLOSERS[_BRACKETS[char]])
        elif stack and _CLOSERS.get(char) == stack[-1]:
            stack.pop()
        elif not stack and ends.match(char):
            out.append((start, text[start : i + 1]))
            start = i + 1
    if start < len(text):
        out.append((start, text[start:]))
    return [(s, t) for s, t in out if t.strip()]


def sentences(text: str) -> list[tuple[int, str]]:
    """Cut a paragraph into sentences at 。！？；, with their offsets."""
    return _scan(text, _SENTENCE_END)


def clauses(sentence: str) -> list[tuple[int, str]]:
    """Cut a sentence into clauses at ，：, with their offsets (separators kept)."""
    return _scan(sentence, _CLAUSE_END)


def strip_lead(clause: str) -> tuple[int, str]:
    """Take the verbs off the front of a clause; return where the rest starts and the rest.

    "以X为重点" gives X. A clause without a leading verb is returned whole.
    """
    if frame := _FRAME.match(clause):
        inner = frame.group("inner")
        lead = _LEAD.match(inner)
        skip = lead.end() if lead else 0
        return frame.start("inner") + skip, inner[skip:]
    lead = _LEAD.match(clause)
    if lead is None:
        return 0, clause
    return lead.end(), clause[lead.end() :]


def strip_predicate(text: str) -> str:
    """Take off the words after a name that say what happens to it (开工建设, 投入使用 …)."""
    return _PREDICATE.sub("", text).rstrip()


def split_count(text: str) -> tuple[str, str] | None:
    """Split "方下店三个作业区" into the names and the noun the count applies to.

    Examples
    --------
    >>> split_count("方下店三个作业区"), split_count("109座重要小型病险水库")
    (('方下店', '作业区'), ('', '重要小型病险水库'))
    """
    match = _COUNT.match(text)
    if match is None or not match["tail"]:
        return None
    return match["head"], match["tail"]


def split_list(body: str) -> list[tuple[int, str]]:
    """Split a list at 、 (outside brackets), with offsets; 和/及/与 are left to the caller."""
    return [(s, t.rstrip("、")) for s, t in _scan(body, re.compile("[、]"))]


def join_points(element: str) -> list[int]:
    """Offsets where 和/及/与 could join two names inside an element (not inside brackets)."""
    depth = [0] * (len(element) + 1)
    level = 0
    for i, char in enumerate(element):
        if char in "（(“《":
            level += 1
        elif char in "）)”》":
            level = max(level - 1, 0)
        depth[i] = level
    return [m.start() for m in _JOIN.finditer(element) if depth[m.start()] == 0]
