"""Parsers of areas, money and periods (geoplan.extract.numbers)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoplan.errors import GeoplanError
from geoplan.extract.numbers import (
    AREA_UNITS,
    MONEY_UNITS,
    find_areas,
    find_money,
    find_period,
    parse_area,
    parse_money,
    parse_number,
    parse_period,
)

MU = 10000 / 15  # m² per 亩


# ---------------------------------------------------------------- every phrasing the plans use


@pytest.mark.parametrize(
    ("text", "m2", "qualifier"),
    [
        ("300 亩", 300 * MU, ""),  # 001 "项目占地 300 亩" (space before the unit)
        ("约1.5万亩", 15000 * MU, "约"),  # 001 专栏16 item 1
        ("112亩左右", 112 * MU, "左右"),  # 000 专栏9 item 11
        ("约 36022 平米", 36022, "约"),  # 001 专栏13 item 2
        ("135578平方米", 135578, ""),  # 000 专栏1 item 1
        ("约为388800平方米", 388800, "约为"),  # 000 专栏2 item 1
        ("约 127000 m²", 127000, "约"),  # 001 专栏14 item 6
        ("10.8 万 m²", 108000, ""),  # 001 专栏15 item 3: a space after 万
        ("约 58.3 万平方米", 583000, "约"),
        ("约130万方", 1300000, "约"),  # 000 专栏2 item 3: 万方 = 万平方米
        ("5万平方", 50000, ""),  # 004 专栏31 item 2: 平方 alone
        ("100 公顷", 1_000_000, ""),  # 001 专栏14 item 3
        ("137.6公顷", 1_376_000, ""),  # 000 专栏10 item 5
        ("0.62平方公里", 620_000, ""),  # 000 专栏10 item 1
        ("约17平方公里", 17_000_000, "约"),
        ("3 平方千米", 3_000_000, ""),
        ("20万平方米以上", 200_000, "以上"),
        ("近 50 亩", 50 * MU, "近"),
        ("超过 2 平方公里", 2_000_000, "超过"),
    ],
)
def test_parse_area_phrasings(text: str, m2: float, qualifier: str) -> None:
    quantity = parse_area(text)
    assert quantity.value == pytest.approx(m2, rel=1e-12)
    assert quantity.qualifier == qualifier
    assert quantity.text == text


@pytest.mark.parametrize(
    ("text", "yi", "qualifier"),
    [
        ("9 亿", 9.0, ""),  # 001 prints 亿 without 元
        ("20亿元", 20.0, ""),
        ("7.82亿元", 7.82, ""),
        ("49081万元", 4.9081, ""),  # 004 专栏21 item 4
        ("约 37 亿", 37.0, "约"),
        ("超过 300亿元", 300.0, "超过"),  # 004 专栏20
        ("20 亿元人民币", 20.0, ""),  # 001 专栏16 item 12
        ("1,200万元", 0.12, ""),
        ("１２．５亿元", 12.5, ""),  # full-width digits and point
    ],
)
def test_parse_money_phrasings(text: str, yi: float, qualifier: str) -> None:
    quantity = parse_money(text)
    assert quantity.value == pytest.approx(yi, rel=1e-12)
    assert quantity.qualifier == qualifier


def test_x_figures_parse_to_nan() -> None:
    # 000 is a draft: some figures are literally "X".
    assert math.isnan(parse_money("X亿元").value)
    assert parse_money("X亿元").unknown
    assert math.isnan(parse_area("X平方公里").value)
    assert math.isnan(parse_number("X"))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("（2021-2023）", 2021, 2023),
        ("(2006-2035)", 2006, 2035),
        ("2021—2025年", 2021, 2025),
        ("2021年至2025年", 2021, 2025),
        ("建设期 2022～2026", 2022, 2026),
    ],
)
def test_parse_period(text: str, start: int, end: int) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_find_period_ignores_decades_and_single_years() -> None:
    assert find_period("19世纪20-30年代的“金门大酒店”") is None
    assert find_period("2018年开工建设，2020年九月开园") is None


def test_find_areas_and_money_in_text() -> None:
    text = "占地 620 亩，总建筑面积 57 万平方米，年物流量达 340 万吨，物流额达 160 亿元。"
    assert [f.quantity.text for f in find_areas(text)] == ["620 亩", "57 万平方米"]
    assert [f.quantity.value for f in find_money(text)] == [160.0]
    found = find_areas(text)[1]
    assert text[found.start : found.end] == "57 万平方米"


def test_find_does_not_read_volume_or_weight() -> None:
    assert find_areas("年总库容5.7万立方米，设计年吞吐量为80万吨") == []


# ---------------------------------------------------------------- error paths


@pytest.mark.parametrize("text", ["", "三百亩", "300", "300 吨", "亩"])
def test_parse_area_rejects(text: str) -> None:
    with pytest.raises(GeoplanError, match=r"cannot read .* as an area: expected a number"):
        parse_area(text)


@pytest.mark.parametrize("text", ["总投资X亿元", "九亿", "5 美元"])
def test_parse_money_rejects(text: str) -> None:
    with pytest.raises(GeoplanError, match="as an amount of money"):
        parse_money(text)


def test_parse_number_rejects() -> None:
    with pytest.raises(GeoplanError, match="cannot read 'abc' as a number"):
        parse_number("abc")


def test_parse_period_rejects_no_period() -> None:
    with pytest.raises(GeoplanError, match="expected two years"):
        parse_period("近期")


def test_period_ending_before_start_is_an_error() -> None:
    with pytest.raises(GeoplanError, match="ends before it starts"):
        parse_period("（2025-2021）")


# ---------------------------------------------------------------- properties

_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)


def _print(value: Decimal, unit: str, space: str, fullwidth: bool) -> str:
    digits = format(value.normalize(), "f")
    if fullwidth:
        digits = digits.translate(_FULLWIDTH)
    return f"{digits}{space}{unit}"


@given(
    value=amounts,
    unit=st.sampled_from(sorted(AREA_UNITS)),
    space=st.sampled_from(["", " ", "  "]),
    fullwidth=st.booleans(),
)
def test_area_round_trip(value: Decimal, unit: str, space: str, fullwidth: bool) -> None:
    quantity = parse_area(_print(value, unit, space, fullwidth))
    assert quantity.value == pytest.approx(float(value * AREA_UNITS[unit]), rel=1e-12)
    assert quantity.unit == unit


@given(
    value=amounts,
    unit=st.sampled_from(sorted(MONEY_UNITS)),
    space=st.sampled_from(["", " "]),
    fullwidth=st.booleans(),
)
def test_money_round_trip(value: Decimal, unit: str, space: str, fullwidth: bool) -> None:
    quantity = parse_money(_print(value, unit, space, fullwidth))
    assert quantity.value == pytest.approx(float(value * MONEY_UNITS[unit]), rel=1e-12)


@given(
    value=amounts,
    pre=st.sampled_from(["", "约", "近", "超过"]),
    post=st.sampled_from(["", "左右", "以上"]),
)
def test_qualifiers_are_kept_as_printed(value: Decimal, pre: str, post: str) -> None:
    text = f"{pre}{format(value.normalize(), 'f')}亩{post}"
    quantity = parse_area(text)
    assert quantity.text == text
    assert quantity.qualifier == "…".join(q for q in (pre, post) if q)
    assert quantity.value == pytest.approx(float(value) * MU, rel=1e-12)


@given(
    st.lists(st.tuples(amounts, st.sampled_from(["亩", "公顷", "平方米"])), min_size=1, max_size=5)
)
def test_find_areas_finds_each_phrase(phrases: list[tuple[Decimal, str]]) -> None:
    text = "，".join(f"面积{format(v.normalize(), 'f')}{u}" for v, u in phrases)
    found = find_areas(text)
    assert len(found) == len(phrases)
    for (value, unit), hit in zip(phrases, found, strict=True):
        assert hit.quantity.value == pytest.approx(float(value * AREA_UNITS[unit]), rel=1e-12)


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators(number: int) -> None:
    assert parse_number(f"{number:,}") == number
    assert parse_money(f"{number:,}万元").value == pytest.approx(number / 10_000, rel=1e-12)
