"""Place words at the start of a work's name: 义乌 in 义乌博物馆新馆, 浦江县城 in 浦江县城水系….

A leaf for the works reader: it knows the names (full and short) of Zhejiang's
counties and cities (``data/boundaries``, read without geometry), of its 1,382
乡镇街道 (``data/townships.csv``) and the regions planners name works after
(浙中, 华东, 金义 …), and nothing about where they are — placing is
:mod:`geoplan.locate`'s work.

Examples
--------
>>> place_prefix("浦江县城水系激活工程")
'浦江县城'
>>> place_prefix("永康非遗馆"), place_prefix("多湖中央商务区"), place_prefix("图书馆")
('永康', '多湖', '')
>>> has_place("S310省道东阳李宅至义乌青岩刘段"), has_place("城市天然气门站")
(True, False)
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from geoplan._io import read_csv_rows
from geoplan._paths import DATA

__all__ = ["bracket_place", "has_place", "place_prefix", "place_words", "unit_prefix"]

_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
# Township-level units named like a kind of zone (保税区, 经济开发区) are not place words.
_ZONE_LIKE = re.compile(
    r"开发区|保税|高新|园区|工业区|经济区|农场|林场|产业|新区|示范区|管委会|渔场|茶场"
)
# Short forms of township names that are everyday words (太阳镇 → 太阳, 建设乡 → 建设).
_COMMON = frozenset(
    (
        "建设",
        "新建",
        "太阳",
        "节能",
        "新城",
        "东方",
        "江南",
        "新兴",
        "城东",
        "城西",
        "城南",
        "城北",
        "城关",
        "城中",
        "开发",
        "经济",
        "科技",
        "高新",
        "中心",
        "工业",
        "农业",
        "文化",
        "和平",
        "人民",
        "幸福",
        "光明",
        "新华",
        "东风",
        "红星",
        "胜利",
        "长安",
        "平安",
        "大同",
        "解放",
        "前进",
        "团结",
        "向阳",
        "新民",
        "民主",
        "建国",
        "振兴",
        "繁荣",
        "发展",
        "现代",
        "东南",
        "西南",
        "东北",
        "西北",
        "中华",
        "华侨",
        "大学",
        "口腔",
        "大战",
        "度假",
        "新明",
        "清江",
        "东湖",
        "西湖",
        "南湖",
        "北湖",
        "大盘",
        "双江",
        "金山",
        "银湖",
        "湖海",
        "江山",
    )
)
# Regions planners name works after (浙中公铁水联运港, 华东联运新城, 金义综合保税区).
_REGIONS = (
    "浙中", "浙西", "浙南", "浙北", "浙东", "浙西南", "华东", "长三角", "金义", "金衢", "金丽",
    "衢丽", "杭绍", "甬舟", "甬金", "杭金衢", "四省边际", "浙皖闽赣", "浙闽赣", "闽浙赣",
)  # fmt: skip
# A place word may be followed by the word for its built-up area: 义乌城市, 浦江县城.
_AREA = re.compile(r"(?:市区|城区|县城|城市|主城区|市本级|本级|市|县|区|镇|乡|街道)")


@cache
def _tables() -> tuple[tuple[tuple[str, str], ...], tuple[dict[str, str], ...]]:
    """Return the units' (name, short name) pairs and the township rows, read once."""
    from geoplan.boundaries import read_units  # noqa: PLC0415 - heavy import

    units = read_units("overview")
    pairs = tuple((str(n), str(s)) for n, s in zip(units["name"], units["short_name"], strict=True))
    rows = read_csv_rows(
        DATA / "townships.csv",
        ["adcode", "county", "township", "source"],
        "rebuild it with scripts/build_townships.py",
    )
    return pairs, tuple(rows)


@cache
def place_words() -> frozenset[str]:
    """Full and short names of Zhejiang's units and townships (at least 2 characters)."""
    from geoplan.boundaries import short_name  # noqa: PLC0415 - heavy import

    pairs, rows = _tables()
    names = {n for pair in pairs for n in pair}
    for row in rows:
        town = row["township"]
        names.add(town)
        names.add(short_name(row["county"]))
        for suffix in _TOWNSHIP_SUFFIXES:
            short = town[: -len(suffix)]
            if town.endswith(suffix) and len(short) >= 2 and short not in _COMMON:
                names.add(short)
    names.update(_REGIONS)
    return frozenset(n for n in names if len(n) >= 2 and not _ZONE_LIKE.search(n))


@cache
def _longest() -> int:
    return max(len(n) for n in place_words())


@lru_cache(maxsize=65536)
def place_prefix(text: str) -> str:
    """Return the longest place word (with 市/县城/城区 … after it) that starts ``text``."""
    words = place_words()
    best = 0
    for size in range(min(len(text), _longest()), 1, -1):
        if text[:size] in words:
            area = _AREA.match(text, size)
            end = area.end() if area and area.end() < len(text) else size
            best = max(best, end)
    return text[:best]


@lru_cache(maxsize=65536)
def has_place(text: str) -> bool:
    """Whether ``text`` holds a place word anywhere."""
    words = place_words()
    longest = _longest()
    return any(
        text[i : i + size] in words
        for i in range(len(text) - 1)
        for size in range(2, min(longest, len(text) - i) + 1)
    )


@cache
def _units() -> dict[str, str]:
    """Every unit's full and short name → its short name (衢州市 and 衢州 → 衢州)."""
    pairs, _rows = _tables()
    table = {short: short for _, short in pairs}
    table.update(dict(pairs))
    return table


@lru_cache(maxsize=65536)
def unit_prefix(name: str) -> tuple[str, str]:
    """Split a name into the county or city it starts with (short form) and the rest.

    Examples
    --------
    >>> unit_prefix("开化县马金水产业园"), unit_prefix("开化马金水产业园")
    (('开化', '马金水产业园'), ('开化', '马金水产业园'))
    >>> unit_prefix("马金水产业园"), unit_prefix("永康")
    (('', '马金水产业园'), ('永康', ''))
    """
    units = _units()
    for size in range(min(len(name), 9), 1, -1):
        if (short := units.get(name[:size])) is not None:
            return short, name[size:]
    return "", name


@cache
def _full_names() -> frozenset[str]:
    """Return the full names of units and townships (衢州市, 柯城区, 航埠镇, 五马街道)."""
    pairs, rows = _tables()
    return frozenset({name for name, _ in pairs} | {row["township"] for row in rows})


_TRAILING_BRACKET = re.compile(r"(.{2,}?)\s*[（(]([^（）()]{2,40})[)）]")


def _all_places(text: str) -> bool:
    names = _full_names()
    for part in re.split(r"[、，,和及]", text):
        at = 0
        while at < len(part):
            size = next(
                (n for n in range(min(len(part) - at, 12), 1, -1) if part[at : at + n] in names), 0
            )
            if not size:
                return False
            at += size
    return bool(text)


@lru_cache(maxsize=65536)
def bracket_place(name: str) -> tuple[str, str]:
    """Split a name that ends with its place in brackets: "温州中央商务区（鹿城区五马街道）".

    Only a bracket of full unit and township names counts; a bracket that is part
    of the name ("中欧（金华）生态工业园", "金华（国际）科技城") stays.

    Examples
    --------
    >>> bracket_place("温州中央商务区（鹿城区五马街道）")
    ('温州中央商务区', '鹿城区五马街道')
    >>> bracket_place("衢州智造新城（衢州经济技术开发区）")
    ('衢州智造新城（衢州经济技术开发区）', '')
    """
    match = _TRAILING_BRACKET.fullmatch(name)
    if match is None or not _all_places(match.group(2)):
        return name, ""
    return match.group(1), match.group(2)
