"""Item markers at the start of a paragraph: ``一、`` ``1.`` ``1、`` ``（1）`` ``1）`` ``①`` ``——``.

Plans number the items of a box in one of a few styles and nest them: a
``一、`` section holds ``1、`` items, a ``1.`` heading holds ``——`` sub-items.
:func:`marker` reads the marker of one line; :data:`LEVELS` orders the styles
from outermost to innermost.

Examples
--------
>>> marker("12.龙游县临港物流园区（2020-2030）。")
Marker(style='digit.', number=12, end=3)
>>> marker("１、数字贸易：")
Marker(style='digit、', number=1, end=2)
>>> marker("（3）完善"), marker("——金华科技城：")
(Marker(style='paren', number=3, end=3), Marker(style='dash', number=None, end=2))
>>> marker("1.5万亩标准农田") is None
True
>>> marker("②乙商贸中心。"), marker("⑶丙")
(Marker(style='circled', number=2, end=1), Marker(style='paren', number=3, end=1))
>>> marker("4）丁园区")
Marker(style='digit)', number=4, end=2)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LEVELS", "Marker", "is_chapter", "is_heading", "marker", "to_ascii_digits"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}

#: Nesting level of each marker style: smaller is outer.
LEVELS: dict[str, int] = {
    "cn": 0, "digit.": 1, "digit、": 1, "paren": 2, "digit)": 2, "circled": 3, "dash": 4,
}  # fmt: skip

_CN = re.compile(r"([一二三四五六七八九十]{1,3})、")
# "1." but not "1.5亿元"; a road's number may follow the point: "4.104国道…" is item 4.
_DIGIT = re.compile(
    r"([0-9０-９]{1,2})\s*([.．、])(?:(?![0-9０-９])|(?=[0-9０-９]{2,4}\s*(?:国道|省道|县道|高速)))\s*"
)
_PAREN = re.compile(r"[（(]([0-9０-９]{1,2})[）)]\s*")
# —— and the bullets Word and WPS print before unnumbered items (● 甲园区, ◆ 乙中心).
_DASH = re.compile(r"(——|[●•◆▲■□◇○➢►▶◎])\s*")
_HALF_PAREN = re.compile(r"([0-9０-９]{1,2})[）)]\s*")  # 1）
_CIRCLED = re.compile(r"([\u2460-\u2473])\s*")  # ① … ⑳
_PAREN_SIGN = re.compile(r"([\u2474-\u2487])\s*")  # ⑴ … ⒇, one sign for （1）
_HEADING = re.compile(
    r"第[一二三四五六七八九十百零]+[章节篇]|[（(][一二三四五六七八九十]{1,3}[）)]"
)


def to_ascii_digits(text: str) -> str:
    """Replace full-width digits, points and commas by ASCII ones.

    Examples
    --------
    >>> to_ascii_digits("３００．５")
    '300.5'
    """
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True, slots=True)
class Marker:
    """The marker opening a paragraph.

    ``style`` is a key of :data:`LEVELS`; ``number`` is ``None`` for ``——``;
    ``end`` is where the item's own text starts.
    """

    style: str
    number: int | None
    end: int

    @property
    def level(self) -> int:
        """Nesting level, 0 = outermost (see :data:`LEVELS`)."""
        return LEVELS[self.style]


def marker(text: str) -> Marker | None:
    """Return the item marker at the start of ``text``, or ``None``.

    >>> marker("4.104国道天台段改建工程"), marker("1.5亿元")
    (Marker(style='digit.', number=4, end=2), None)
    >>> marker("4.104 国道天台段改建工程").number  # a PDF's space between figure and word
    4
    """
    if m := _DIGIT.match(text):
        style = "digit、" if m.group(2) == "、" else "digit."
        return Marker(style, int(to_ascii_digits(m.group(1))), m.end())
    for pattern, style, number in _STYLES:
        if m := pattern.match(text):
            return Marker(style, number(m.group(1)), m.end())
    return None


def is_heading(text: str) -> bool:
    """Whether ``text`` is a chapter/section heading of the running text.

    Examples
    --------
    >>> is_heading("第三节 提升产业链供应链现代化水平"), is_heading("（二）商务服务")
    (True, True)
    >>> is_heading("2.方向路径")
    False
    """
    return bool(_HEADING.match(text))


def is_chapter(text: str) -> bool:
    """Whether ``text`` opens a chapter (第…章)."""
    return bool(re.match(r"第[一二三四五六七八九十百零]+章", text))


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 九十九: 一 → 1, 十二 → 12, 二十三 → 23."""
    if len(text) == 1:
        return _CN_DIGITS[text]
    if text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1], 0)
    tens = _CN_DIGITS[text[0]] * 10
    return tens + (_CN_DIGITS.get(text[2], 0) if len(text) == 3 else 0)


def _digits(text: str) -> int:
    return int(to_ascii_digits(text))


# Marker styles after 1. / 1、: the pattern, the style, and how its number is read.
_STYLES: tuple[tuple[re.Pattern[str], str, Callable[[str], int | None]], ...] = (
    (_CN, "cn", cn_number),
    (_PAREN, "paren", _digits),
    (_PAREN_SIGN, "paren", lambda t: ord(t) - 0x2474 + 1),
    (_HALF_PAREN, "digit)", _digits),
    (_CIRCLED, "circled", lambda t: ord(t) - 0x2460 + 1),
    (_DASH, "dash", lambda t: None),
)
