"""Parse the figures plans print: areas, money, lengths, storage, capacity and periods.

Areas come in 亩 (1 亩 = 10000/15 m²), 平米/平方米/㎡/m², 万平方米 (and the
colloquial 万方 of plan 000 "总建筑面积约130万方"), 公顷 and 平方公里/平方千米;
money in 亿元 (also printed 亿 alone, plan 001) and 万元; lengths in 公里/千米/km;
storage (库容) in 万立方米/亿立方米; installed capacity in 千瓦/万千瓦/兆瓦; periods as
"（2021-2023）" or "2021—2025年". Each parser returns a :class:`Quantity`
holding the value in the schema's unit (m², 亿元) together with the phrase as
printed, so a qualifier such as 约/左右/以上 is kept. A figure printed as
``X`` (plan 000 is a draft with unfilled figures) parses to ``NaN``.

Examples
--------
>>> parse_area("约 36022 平米")
Quantity(value=36022.0, unit='平米', qualifier='约', text='约 36022 平米')
>>> parse_area("300 亩").value
200000.0
>>> parse_money("49081万元").value
4.9081
>>> parse_money("总投资X亿元")
Traceback (most recent call last):
...
geoplan.errors.GeoplanError: cannot read '总投资X亿元' as an amount of money: ...
>>> parse_period("（2021-2023）")
Period(start=2021, end=2023, text='2021-2023')
>>> [f.quantity.value for f in find_lengths("新增里程144公里，库容1.2亿立方米")]
[144.0]
>>> find_storage("库容1.2亿立方米")[0].quantity.value, find_power("装机2万千瓦")[0].quantity.value
(120000000.0, 20.0)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from geoplan.errors import GeoplanError
from geoplan.extract.markers import to_ascii_digits

__all__ = [
    "AREA_UNITS",
    "LENGTH_UNITS",
    "MONEY_UNITS",
    "POWER_UNITS",
    "STORAGE_UNITS",
    "YEAR_RANGE",
    "Period",
    "Quantity",
    "find_areas",
    "find_lengths",
    "find_money",
    "find_period",
    "find_power",
    "find_storage",
    "parse_area",
    "parse_money",
    "parse_number",
    "parse_period",
]

#: Square metres per unit, longest spelling first (the regex tries them in order).
AREA_UNITS: dict[str, Decimal] = {
    "万平方公里": Decimal(10) ** 10,
    "平方公里": Decimal(10) ** 6,
    "平方千米": Decimal(10) ** 6,
    "km²": Decimal(10) ** 6,
    "公顷": Decimal(10) ** 4,
    "万平方米": Decimal(10) ** 4,
    "万平米": Decimal(10) ** 4,
    "万㎡": Decimal(10) ** 4,
    "万m²": Decimal(10) ** 4,
    "万方": Decimal(10) ** 4,
    "万平方": Decimal(10) ** 4,
    "平方米": Decimal(1),
    "平米": Decimal(1),
    "㎡": Decimal(1),
    "m²": Decimal(1),
    "平方": Decimal(1),
    "万亩": Decimal(10) ** 8 / 15,
    "亩": Decimal(10) ** 4 / 15,
}

#: 亿元 per unit.
MONEY_UNITS: dict[str, Decimal] = {
    "亿元": Decimal(1),
    "亿": Decimal(1),
    "万元": Decimal(10) ** -4,
}

#: Kilometres per unit. 米 alone is not read: plans print heights and runway sizes in it.
LENGTH_UNITS: dict[str, Decimal] = {
    "公里": Decimal(1),
    "千米": Decimal(1),
    "km": Decimal(1),
    "KM": Decimal(1),
}

#: Cubic metres per unit (库容).
STORAGE_UNITS: dict[str, Decimal] = {
    "亿立方米": Decimal(10) ** 8,
    "万立方米": Decimal(10) ** 4,
    "万m³": Decimal(10) ** 4,
    "立方米": Decimal(1),
    "m³": Decimal(1),
}

#: Megawatts per unit (installed capacity; 500KV is a voltage and is not read).
POWER_UNITS: dict[str, Decimal] = {
    "万千瓦": Decimal(10),
    "千瓦": Decimal(1) / 1000,
    "万kW": Decimal(10),
    "兆瓦": Decimal(1),
    "MW": Decimal(1),
    "kW": Decimal(1) / 1000,
}

_NUMBER = r"(?<![0-9０-９.．])(?:[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?|[XＸ])"
_PRE = r"约为|约|近|超过|超|逾|不少于|不低于|达到|≥|＞|>"
_POST = r"左右|以上|余|多"


def _quantity_pattern(units: dict[str, Decimal], tail: str = "") -> re.Pattern[str]:
    # "10.8 万 m²" (001 line 542): a space may follow 万.
    alternatives = "|".join(re.escape(u).replace("万", r"万\s*") for u in units)
    return re.compile(
        rf"(?:(?P<pre>{_PRE})\s*)?(?P<num>{_NUMBER})\s*(?P<unit>{alternatives}){tail}"
        rf"(?P<post>{_POST})?"
    )


# "平方" alone is a unit (004 "5万平方生态休闲中心") but not before 公里/千米/米.
_AREA = _quantity_pattern(AREA_UNITS, tail=r"(?!公里|千米|米)")
# "1.2亿立方米" is a volume and "400万人次" a count, not money.
_MONEY = _quantity_pattern(MONEY_UNITS, tail=r"(?!立方|m³|千瓦|kW|人次|吨|件|标箱|平方)(?:人民币)?")
_LENGTH = _quantity_pattern(LENGTH_UNITS, tail=r"(?![/／])")
_STORAGE = _quantity_pattern(STORAGE_UNITS, tail=r"(?![/／])")
_POWER = _quantity_pattern(POWER_UNITS, tail=r"(?![/／时])")
_YEAR = r"(?:19|20)\d{2}"
# After the first year: 年, or the month it starts in (2021年1月, 2021.1, 2021/1).
_FROM_MONTH = r"(?:\s*[年.．/]\s*(?:\d{1,2}\s*月?)?)?"
_TO = r"\s*(?:-|－|—|–|~|～|至|到){1,2}\s*"
#: A span of years as plans write it (2021-2025, 2021年—2025年, 2021.1-2025.12), no groups:
#: the one pattern every reader of a period builds on.
YEAR_RANGE = f"{_YEAR}{_FROM_MONTH}{_TO}{_YEAR}"
_PERIOD = re.compile(rf"(?<!\d)({_YEAR}){_FROM_MONTH}{_TO}({_YEAR})(?!\d)\s*年?")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as printed and as a value in the schema's unit.

    Parameters
    ----------
    value
        m² for areas, 亿元 for money; ``NaN`` when printed as ``X``.
    unit
        The unit as printed (``"亩"``, ``"亿"`` …).
    qualifier
        约/近/超过/左右/以上 … as printed, ``""`` if none; a prefix and a
        suffix are joined with ``"…"``.
    text
        The whole phrase as printed, e.g. ``"约 36022 平米"``.
    """

    value: float
    unit: str
    qualifier: str
    text: str

    @property
    def unknown(self) -> bool:
        """Whether the figure was printed as ``X``."""
        return math.isnan(self.value)


@dataclass(frozen=True, slots=True)
class Found:
    """A :class:`Quantity` found inside a longer text, with its position."""

    quantity: Quantity
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Period:
    """A span of years, e.g. the "（2021-2023）" after a project's name."""

    start: int
    end: int
    text: str


def parse_number(text: str) -> float:
    """Read a number as printed: full-width digits, ``,`` thousands, ``X``.

    Examples
    --------
    >>> parse_number("１２,５００．５"), parse_number("X")
    (12500.5, nan)
    """
    cleaned = to_ascii_digits(text.strip()).replace(",", "")
    if cleaned in {"X", "Ｘ"}:
        return math.nan
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", cleaned):
        msg = f"cannot read {text!r} as a number: expected digits such as '36022' or '1.5'"
        raise GeoplanError(msg)
    return float(cleaned)


def _to_quantity(match: re.Match[str], units: dict[str, Decimal]) -> Quantity:
    unit = re.sub(r"\s+", "", match["unit"])
    raw = to_ascii_digits(match["num"]).replace(",", "")
    value = math.nan if raw in {"X", "Ｘ"} else float(Decimal(raw) * units[unit])
    qualifier = "…".join(q for q in (match["pre"] or "", match["post"] or "") if q)
    return Quantity(value, unit, qualifier, match.group(0))


def _parse(text: str, pattern: re.Pattern[str], units: dict[str, Decimal], what: str) -> Quantity:
    match = pattern.fullmatch(text.strip())
    if match is None:
        msg = (
            f"cannot read {text!r} as {what}: expected a number followed by one of "
            f"{', '.join(units)} (optionally 约/左右/以上), e.g. '约300亩'"
        )
        raise GeoplanError(msg)
    return _to_quantity(match, units)


def parse_area(text: str) -> Quantity:
    """Parse an area phrase such as ``"约1.5万亩"``; the value is in m².

    Raises
    ------
    GeoplanError
        If ``text`` is not a number with an area unit.
    """
    return _parse(text, _AREA, AREA_UNITS, "an area")


def parse_money(text: str) -> Quantity:
    """Parse an amount such as ``"49081万元"`` or ``"约 37 亿"``; the value is in 亿元.

    Raises
    ------
    GeoplanError
        If ``text`` is not a number with a money unit.
    """
    return _parse(text, _MONEY, MONEY_UNITS, "an amount of money")


def find_areas(text: str) -> list[Found]:
    """Return every area phrase in ``text``, in order.

    Examples
    --------
    >>> [f.quantity.text for f in find_areas("占地 620 亩，建筑面积 57 万平方米，物流量 340 万吨")]
    ['620 亩', '57 万平方米']
    """
    return [Found(_to_quantity(m, AREA_UNITS), m.start(), m.end()) for m in _AREA.finditer(text)]


def find_money(text: str) -> list[Found]:
    """Return every amount of money in ``text``, in order.

    Examples
    --------
    >>> [f.quantity.value for f in find_money("总投资 7.82亿元。第一期投资额 49081万元")]
    [7.82, 4.9081]
    """
    return [Found(_to_quantity(m, MONEY_UNITS), m.start(), m.end()) for m in _MONEY.finditer(text)]


def find_lengths(text: str) -> list[Found]:
    """Return every length in km (里程, 长度) in ``text``, in order."""
    return [
        Found(_to_quantity(m, LENGTH_UNITS), m.start(), m.end()) for m in _LENGTH.finditer(text)
    ]


def find_storage(text: str) -> list[Found]:
    """Return every volume in m³ (库容) in ``text``, in order."""
    return [
        Found(_to_quantity(m, STORAGE_UNITS), m.start(), m.end()) for m in _STORAGE.finditer(text)
    ]


def find_power(text: str) -> list[Found]:
    """Return every installed capacity in MW in ``text``, in order."""
    return [Found(_to_quantity(m, POWER_UNITS), m.start(), m.end()) for m in _POWER.finditer(text)]


def parse_period(text: str) -> Period:
    """Parse a period such as ``"（2021-2023）"`` or ``"2021—2025年"``.

    Raises
    ------
    GeoplanError
        If ``text`` holds no period, or one that ends before it starts.
    """
    period = find_period(text)
    if period is None:
        msg = f"cannot read {text!r} as a period: expected two years such as '2021-2025'"
        raise GeoplanError(msg)
    return period


def find_period(text: str) -> Period | None:
    """Return the first period in ``text``, or ``None``.

    Raises
    ------
    GeoplanError
        If the first period found ends before it starts.

    Examples
    --------
    >>> find_period("规划期限为2021—2025年。")
    Period(start=2021, end=2025, text='2021—2025年')
    >>> find_period("19世纪20-30年代") is None
    True
    >>> find_period("建设期限２０２４－２０２６年").start  # full-width, as some offices type
    2024
    """
    match = _PERIOD.search(to_ascii_digits(text))
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if start > end:
        msg = f"period {match.group(0)!r} ends before it starts; check the plan text"
        raise GeoplanError(msg)
    return Period(start, end, match.group(0).strip())
