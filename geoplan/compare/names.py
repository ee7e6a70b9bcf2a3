"""What a plan's name for a work says: its distinctive core, the places it names, its phase.

Plans name the same work differently from one five-year period to the next:
"金华国际物流园区" becomes "金华国际物流集聚园区", "义乌丝路金融小镇" appears in a 专栏
as "丝路金融小镇" under the heading 义乌市, a zone's second phase is "金义综合综保区二期项目".
Before names are compared, :func:`split_name` takes off what does not tell works
apart: the place the name starts with (kept, as evidence of *where*), generic
endings (小镇, 产业园, 园区, 平台, 项目 …), a phase (二期), and bracketed
qualifiers; long official forms are contracted to the short forms plans also
use (综合保税区 → 综保区), so that both spellings compare equal.

Examples
--------
>>> places = {"金华": "330700", "义乌": "330782", "义乌市": "330782", "永康": "330784"}
>>> split_name("义乌国际物流集聚园区", places).core
'国际物流'
>>> parts = split_name("中国（永康）五金物流港", places)
>>> parts.core, parts.places
('五金物流港', ('330784',))
>>> split_name("金义综合综保区二期项目", places).phase
'二期'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from geoplan.admin import normalize

__all__ = [
    "GENERIC_PREFIXES",
    "GENERIC_SUFFIXES",
    "NameParts",
    "place_names",
    "shared_runs",
    "similarity",
    "split_name",
    "token_weights",
    "tokens",
    "unshared",
]

#: Endings that say what form a work takes or what is done to it, not which
#: work it is. They change when a plan renames a work (园区 → 集聚园区, 小镇 →
#: 产业园) or takes up its next step (建设 → 提升), so they are taken off before
#: names are compared (repeatedly: "…产业园建设项目").
GENERIC_SUFFIXES: tuple[str, ...] = (
    "特色小镇", "产业集聚区", "产业园区", "产业园", "集聚区", "小镇", "园区", "集聚", "平台",
    "项目", "工程", "建设", "新建", "续建", "扩建", "迁建", "改造", "提升",
)  # fmt: skip
#: Beginnings that qualify rather than name (中国五金物流港 is 永康's 五金物流港).
GENERIC_PREFIXES: tuple[str, ...] = ("中国", "浙江省", "浙江", "国家级", "省级", "市级")
# Official long forms and the short forms plans use for them, contracted so both compare equal.
_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("高新技术产业开发区", "高新区"),
    ("高新技术产业园区", "高新区"),
    ("高新园区", "高新区"),
    ("综合保税区", "综保区"),
)
_PHASE = re.compile(r"(?:[一二三四五六七八九十]+|[0-9]+|首)期(?:工程|项目)?$")
_BRACKET = re.compile(r"\(([^()]*)\)")
# A bracket ending so names where the work is (（金义都市新区）), not another name of it.
_PLACE_ENDINGS = ("区", "镇", "乡", "街道", "县", "市", "村")
# A bracketed name shorter than this qualifies ("（国际）"); longer, it is another
# name of the work ("金华学院（金华理工学院）").
_ALIAS_CHARS = 3
# A core shorter than this after taking a part off would no longer name anything.
_MIN_CORE = 2


@dataclass(frozen=True, slots=True)
class NameParts:
    """A work's name taken apart.

    Attributes
    ----------
    full
        The name, normalised (NFKC, no spaces or quotes).
    core
        What tells the work apart from others: no leading place, generic
        ending, phase or bracket.
    base
        The name without its leading places and brackets, ending and phase
        kept: two listings in one plan with the same base are one work
        (义乌丝路金融小镇 and 丝路金融小镇), while 新能源汽车小镇 and
        新能源汽车产业园 may be two.
    places
        Adcodes of the units the name itself names (its first words or a
        bracket), e.g. 义乌 in 义乌丝路金融小镇.
    aliases
        Cores of other names given in brackets (金华学院（金华理工学院）).
    phase
        The phase the name states (一期, 二期, 首期) or ``""``.
    """

    full: str
    core: str
    places: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    phase: str = ""
    base: str = ""


def place_names(units: pd.DataFrame) -> dict[str, str]:
    """Return the names a work's name may start with: units' full and short names → adcode.

    Parameters
    ----------
    units
        Administrative units indexed by adcode, with ``name`` and ``short_name``
        (the gazetteer's table).
    """
    names: dict[str, str] = {}
    for adcode, name, short in zip(units.index, units["name"], units["short_name"], strict=True):
        names[normalize(str(name))] = str(adcode)
        if len(str(short)) >= _MIN_CORE:
            names.setdefault(normalize(str(short)), str(adcode))
    return names


def split_name(name: str, places: Mapping[str, str]) -> NameParts:
    """Take a work's name apart (see :class:`NameParts`).

    Parameters
    ----------
    name
        The name as the plan prints it.
    places
        Unit names → adcode (:func:`place_names`).

    Examples
    --------
    >>> split_name("金华学院（金华理工学院）", {"金华": "330700"}).aliases
    ('理工学院',)
    >>> split_name("金华（国际）科技城", {"金华": "330700"}).core
    '科技城'
    """
    full = normalize(name)
    named: list[str] = []
    aliases: list[str] = []
    phase = ""
    for inner in _BRACKET.findall(full):
        inner_phase = _PHASE.search(inner)
        if inner in places:
            named.append(places[inner])
        elif inner_phase and inner_phase.start() == 0:
            phase = inner_phase.group()
        elif len(inner) >= _ALIAS_CHARS and not inner.endswith(_PLACE_ENDINGS):
            aliases.append(inner.removeprefix("原").removeprefix("即"))
    base = _strip_front(_BRACKET.sub("", full), places, named)
    core, phase_found = _strip_back(base)
    alias_cores = tuple(_strip_back(_strip_front(a, places, []))[0] for a in aliases)
    return NameParts(
        full, core, tuple(dict.fromkeys(named)), alias_cores, phase or phase_found, base
    )


def _strip_front(text: str, places: Mapping[str, str], named: list[str]) -> str:
    """Contract long forms and take generic words and places off the front of ``text``.

    Adcodes of the places taken off are appended to ``named``.
    """
    for long, short in _CONTRACTIONS:
        text = text.replace(long, short)
    before = None
    while text != before:
        before = text
        for prefix in GENERIC_PREFIXES:
            if text.startswith(prefix) and len(text) - len(prefix) >= _MIN_CORE:
                text = text[len(prefix) :]
        place = _leading_place(text, places)
        if place:
            named.append(places[place])
            text = text[len(place) :]
    return text


def _strip_back(text: str) -> tuple[str, str]:
    """Take generic endings and a phase off ``text``; return (core, phase)."""
    phase = ""
    before = None
    while text != before:
        before = text
        found = _PHASE.search(text)
        if found and found.start() >= _MIN_CORE:
            phase = found.group().removesuffix("工程").removesuffix("项目")
            text = text[: found.start()]
        for suffix in GENERIC_SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= _MIN_CORE:
                text = text[: -len(suffix)]
    return text, phase


def _leading_place(text: str, places: Mapping[str, str]) -> str:
    # Longest first (金华市 before 金华), and keep at least a two-character core.
    for size in range(len(text) - _MIN_CORE, 1, -1):
        if text[:size] in places:
            return text[:size]
    return ""


def tokens(text: str) -> frozenset[str]:
    """Return the character bigrams of a name (the name itself if it is one character).

    Chinese names have no spaces; overlapping bigrams are the usual unit of
    comparison for them.

    Examples
    --------
    >>> sorted(tokens("丝路金融"))
    ['丝路', '路金', '金融']
    """
    if len(text) < _MIN_CORE:
        return frozenset({text} if text else ())
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def token_weights(*plans: Iterable[str]) -> dict[str, float]:
    """Weight each token by how rare it is among one plan's names (inverse document frequency).

    A token many works of a plan share (国际, 产业) says little; one that few
    share (丝路, 温泉) says much. Rarity is counted within each plan, the
    highest count kept: a token each plan uses once is the best evidence there is.

    Examples
    --------
    >>> weights = token_weights(["国际物流", "国际商贸"], ["国际物流"])
    >>> weights["物流"] > weights["国际"]
    True
    """
    counts: dict[str, int] = {}
    total = 1
    for cores in plans:
        plan_counts: Counter[str] = Counter()
        size = 0
        for core in cores:
            plan_counts.update(tokens(core))
            size += 1
        total = max(total, size)
        for token, n in plan_counts.items():
            counts[token] = max(counts.get(token, 0), n)
    return {t: math.log(1 + total / n) for t, n in counts.items()}


def similarity(a: str, b: str, weights: Mapping[str, float] | None = None) -> float:
    """Return the weighted Dice similarity of two names' bigrams, 0 … 1.

    Tokens missing from ``weights`` weigh as the rarest known one.

    Examples
    --------
    >>> similarity("国际物流", "国际物流")
    1.0
    >>> round(similarity("国际物流", "国际物流中心"), 2)
    0.75
    >>> similarity("", "乐乐")
    0.0
    """
    if a == b:
        return 1.0 if a else 0.0
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    weights = weights or {}
    top = max(weights.values(), default=1.0)

    def weight(items: Iterable[str]) -> float:
        return sum(weights.get(t, top) for t in items)

    return 2 * weight(ta & tb) / (weight(ta) + weight(tb))


def shared_runs(a: str, b: str) -> list[str]:
    """Return the stretches of ``a`` (two characters or more) whose bigrams ``b`` also has.

    Examples
    --------
    >>> shared_runs("横店电子", "横店影视")
    ['横店']
    >>> shared_runs("丝路金融", "金融")
    ['金融']
    """
    other = tokens(b)
    runs: list[str] = []
    current = ""
    for i in range(len(a) - 1):
        pair = a[i : i + 2]
        if pair in other:
            current = current + pair[1] if current else pair
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def unshared(a: str, b: str) -> tuple[str, str, str]:
    """Return what of ``a`` is in no bigram ``b`` shares: (its front, all of it, its end).

    Tells how two names differ: 楼店商业综合体 and 金义商业综合体 each start with
    a name of their own (two works of one type); 理工学院幼儿园 has more at its
    end (a part of the other work); 丝路金融 more at its front (a qualifier).

    Examples
    --------
    >>> unshared("楼店商业综合体", "金义商业综合体")
    ('楼店', '楼店', '')
    >>> unshared("理工学院幼儿园", "理工学院")
    ('', '幼儿园', '幼儿园')
    >>> unshared("金义综合综保区", "金义综保区")
    ('', '合', '')
    """
    other = tokens(b)
    covered = [False] * len(a)
    for i in range(len(a) - 1):
        if a[i : i + 2] in other:
            covered[i] = covered[i + 1] = True
    if not any(covered):
        return a, a, a
    first = covered.index(True)
    last = len(a) - 1 - covered[::-1].index(True)
    rest = "".join(c for c, hit in zip(a, covered, strict=True) if not hit)
    return a[:first], rest, a[last + 1 :]
