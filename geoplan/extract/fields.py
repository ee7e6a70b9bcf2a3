"""Read the fields of one item: name and period, 四至, location, areas, money, units.

Every reader takes the item's repaired text and returns what the text states,
or nothing: a field the text does not give stays empty, and figures that
belong to a part of the item (``其中…``, ``第一期…投资额 49081万元``) are not
taken for the item's own; they are reported in the notes instead.

Examples
--------
>>> b = find_boundary("项目北至柯安一路，南至钱江大道，西至外国语学校，东至锦西大道。规划…")
>>> b.text, b.north, b.east
('北至柯安一路，南至钱江大道，西至外国语学校，东至锦西大道', '柯安一路', '锦西大道')
>>> find_location("选址于航埠工业园区，占地面积 350 亩")
'航埠工业园区'
>>> find_responsible("总投资 9 亿。（责任单位：智慧新城管委会）")
'智慧新城管委会'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from geoplan.extract.markers import to_ascii_digits
from geoplan.extract.numbers import (
    YEAR_RANGE,
    Found,
    Period,
    Quantity,
    find_areas,
    find_lengths,
    find_money,
    find_period,
    find_power,
    find_storage,
    parse_money,
)
from geoplan.extract.text import normalize_name

__all__ = [
    "Boundary",
    "Figures",
    "find_boundary",
    "find_figures",
    "find_focus",
    "find_location",
    "find_responsible",
    "split_name",
]

_DIRS = {"东": "east", "西": "west", "南": "south", "北": "north"}
_OPPOSITE = {"东": "西", "西": "东", "南": "北", "北": "南"}
_CLAUSE_SEP = re.compile(r"[，,、；;：:]")
# "东至X" "西到X" "南接X" "北临X" "东起X" "西北毗邻X": the limit in that direction is X.
_ABSOLUTE = re.compile(
    r"(?P<pre>.{0,8}?)(?P<dir>[东西南北]{1,2})(?:至|到|临|接|邻|靠|抵|界|起|毗邻|紧邻)\s*(?P<value>\S.*)"
)
# "稠州北路以东" "钱江大道北侧": the place lies east / north of X: X is its west / south limit.
_RELATIVE = re.compile(
    r"(?:以|拟选址|选址|位于)?\s*(?P<value>[^\s以].*?)\s*(?:以(?P<d1>[东西南北])|(?P<d2>[东西南北])侧)"
    r"(?P<post>的?(?:环线)?(?:区域|地块|范围)?)"
)
_KEYWORD = re.compile(r"(?:四至范围|四至|四界)\s*[：:]\s*")


@dataclass(frozen=True, slots=True)
class Boundary:
    """A 四至 as printed and its four limits (several limits joined by 、)."""

    text: str
    east: str = ""
    west: str = ""
    south: str = ""
    north: str = ""


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    text: str


def _clauses(text: str) -> list[_Clause]:
    out: list[_Clause] = []
    start = 0
    for match in _CLAUSE_SEP.finditer(text + "，"):
        out.append(_Clause(start, match.start(), text[start : match.start()]))
        start = match.end()
    return out


def _limits(clause: str) -> tuple[list[str], str, str] | None:
    """Return (directions, value, form) of a 四至 clause, or None."""
    text = clause.strip()
    match = _ABSOLUTE.fullmatch(text)
    if match and not re.search(r"\d", match["pre"]):
        dirs = [_DIRS[c] for c in match["dir"]]
        return dirs, match["value"].strip(), "absolute"
    if match := _RELATIVE.fullmatch(text):
        side = match["d1"] or match["d2"]
        return [_DIRS[_OPPOSITE[side]]], match["value"].strip(), "relative"
    return None


def find_boundary(text: str) -> Boundary | None:
    """Return the item's 四至, or ``None`` if it states none.

    A run of direction clauses counts only with two or more clauses, or after
    四至/四至范围 (so "G529金东至兰溪段" is not read as an east limit).

    Examples
    --------
    >>> b = find_boundary("四至范围：以稠州路以东，城北路以北，福田路以西，银海路以北，南路以南。")
    >>> b.west, b.south, b.east, b.north
    ('稠州路', '城北路、银海路', '福田路', '南路')
    >>> find_boundary("选址常山港南岸，东至孙姜大桥引桥，南至 320 国道，西北毗邻常山港").west
    '常山港'
    """
    for sentence in _sentences(text):
        found = _boundary_in(sentence)
        if found is not None:
            return found
    # 004 专栏15 "区块以武义江、环城南路、海棠东路、复兴街为四界": limits without sides.
    four = re.search(r"以[^，。；以]+?为四(?:界|至)", text)
    return Boundary(four.group(0)) if four else None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=。)", text) if s.strip()]


def _boundary_in(sentence: str) -> Boundary | None:
    keyword = _KEYWORD.search(sentence)
    body = sentence[keyword.end() :] if keyword else sentence
    runs: list[list[tuple[_Clause, list[str], str, str]]] = [[]]
    for clause in _clauses(body.rstrip("。")):
        limits = _limits(clause.text)
        if limits is None:
            runs.append([])
        else:
            runs[-1].append((clause, *limits))
    for run in runs:
        relative = any(form == "relative" for *_, form in run)
        if len(run) >= 2 or (run and keyword is not None and not relative):
            return _make_boundary(body, run)
    if keyword is not None:  # 四至范围 given as a list of sub-areas (000 专栏10 item 3)
        return Boundary(body.rstrip("。").strip())
    return None


def _make_boundary(body: str, run: list[tuple[_Clause, list[str], str, str]]) -> Boundary:
    parts: dict[str, list[str]] = {d: [] for d in _DIRS.values()}
    for _clause, dirs, value, _form in run:
        for direction in dirs:
            parts[direction].append(value)
    first = run[0][0]
    start = first.start + len(first.text) - len(first.text.lstrip())
    if match := _ABSOLUTE.fullmatch(first.text.strip()):
        start += len(match["pre"])
    elif lead := re.match(r"\s*(?:以|拟选址|选址|位于)", first.text):
        start += len(lead.group(0))
    text = body[start : run[-1][0].end].strip()
    return Boundary(text, **{d: "、".join(v) for d, v in parts.items()})


_NEXT_LABEL = re.compile(
    r"\s*(?:(?:规划|用地|占地|建筑|总)?面积|总投资|建设内容|建设规模|重点方向|四至|责任单位|"
    r"建设(?:期限|年限|期)|实施主体)\s*[：:]"
)


def find_location(text: str) -> str:
    """Return the location as printed (选址…, 位于…, 在…周边), or ``""``.

    Examples
    --------
    >>> find_location("拟选址衢化东路以东、白沙村以南地块。项目…")
    '衢化东路以东、白沙村以南地块'
    >>> find_location("该工程在金华铁路南货场周边，占地 324.86 亩")
    '金华铁路南货场周边'
    >>> find_location("位于鹿城区五马街道、南汇街道，规划面积约6.5平方公里")
    '鹿城区五马街道、南汇街道'
    """
    where = (
        r"(?:拟)?选址(?:于|在)?\s*|位于\s*|地处\s*|(?:建设|项目|实施)?(?:地点|地址|位置)[：:]\s*"
    )
    for match in re.finditer(where, text):
        clause = re.split(r"[，。；,;]", text[: match.start()])[-1]
        if "其中" in clause:
            continue  # 001 专栏14 item 5: "其中实施单元位于规划单元北侧" locates a part
        rest = text[match.end() :]
        # the next field's label ends the place (items printed one field a line:
        # "位置：航埠镇" / "规划面积：3.5平方公里" read as one run of text)
        rest = rest[: m.start()] if (m := _NEXT_LABEL.search(rest)) else rest
        clauses = _clauses(re.split(r"。", rest, maxsplit=1)[0])
        if not clauses:
            return ""
        taken = [clauses[0]]
        if _limits(clauses[0].text) is not None:
            for following in clauses[1:]:
                if _limits(following.text) is None and not match.group(0).strip().endswith("址"):
                    break
                taken.append(following)
        else:
            # "位于鹿城区五马街道、南汇街道": places listed with 、 are all where it is
            for following in clauses[1:]:
                if rest[taken[-1].end : taken[-1].end + 1] != "、" or len(following.text) > 15:
                    break
                taken.append(following)
        return rest[taken[0].start : taken[-1].end].strip()
    near = re.search(r"在([^，。；在]{2,30}?(?:周边|附近|境内|一带|区域内))", text)
    return near.group(1).strip() if near else ""


_LABELLED_PERIOD = re.compile(
    r"(?:建设|实施|起止|计划)(?:期限|年限|周期|时间|期)\s*(?:为|[：:])?\s*"
    rf"((?:{YEAR_RANGE})\s*年?)"
    # the years before what happens in them: "2022—2025年建设", "计划2021-2023年实施"
    rf"|((?:{YEAR_RANGE})\s*年?)\s*(?:建设|实施|建成)"
)


def find_labelled_period(text: str) -> Period | None:
    """Return the period a label states (建设期限：2021-2023年, 建设期2021—2025年), or None.

    Examples
    --------
    >>> find_labelled_period("总投资5亿元，建设期2021-2023年。")
    Period(start=2021, end=2023, text='2021-2023年')
    >>> find_labelled_period("到2025年，力争实现2021-2025年翻番") is None
    True
    >>> find_labelled_period("总投资18亿元，2022—2025年建设。")
    Period(start=2022, end=2025, text='2022—2025年')
    """
    match = _LABELLED_PERIOD.search(to_ascii_digits(text))  # 建设期限２０２４－２０２６年 too
    return find_period(match.group(1) or match.group(2)) if match else None


_RESPONSIBLE = re.compile(
    r"[（(]\s*(?:责任单位|牵头单位|责任主体|实施单位)\s*[：:]\s*(?P<bracketed>[^）)]+)[）)]"
    r"|(?:责任单位|牵头单位|责任主体|实施单位|建设单位|业主单位)\s*[：:]\s*(?P<labelled>[^，,。；;）)\s]+)"
    r"|由(?P<by>[^，,。；;由]{2,30}?)(?:牵头)?负责"
)


def find_responsible(text: str) -> str:
    """Return the 责任单位 (or 牵头单位) as printed, or ``""``.

    Examples
    --------
    >>> find_responsible("总投资3.2亿元（责任单位：市商务局）")
    '市商务局'
    >>> find_responsible("建设单位：县交投集团，建设期2021-2023年")
    '县交投集团'
    >>> find_responsible("建设期限2021—2023年，由温州海关、市商务局负责。")
    '温州海关、市商务局'
    """
    match = _RESPONSIBLE.search(text)
    if match is None:
        return ""
    return next(value for value in match.groups() if value).strip()


def find_focus(text: str) -> str:
    """Return the 重点方向 as printed, or ``""``.

    Examples
    --------
    >>> find_focus("重点方向：数字服务、科技服务。四至范围：…")
    '数字服务、科技服务'
    """
    match = re.search(r"重点方向\s*[：:]\s*([^。]+)", text)
    return match.group(1).strip() if match else ""


def split_name(text: str) -> tuple[str, Period | None, int]:
    """Split an item's text after its marker into name, period and where the rest starts.

    The name ends at the first 。 or ： outside brackets and quotes; a period
    in brackets after it, "（2021-2023）", is taken out of the name.

    Examples
    --------
    >>> split_name("浙西航空物流枢纽（衢州机场迁建）（2024-2035）。迁建后…")
    ('浙西航空物流枢纽（衢州机场迁建）', Period(start=2024, end=2035, text='2024-2035'), 28)
    >>> split_name("——浙中多式联运枢纽港 ：以浙中公铁联运港为基础")[0]
    '浙中多式联运枢纽港'
    """
    end = _name_end(text)
    raw = text[:end]
    period = None
    bracket = re.search(rf"[（(]\s*({YEAR_RANGE})\s*年?\s*[)）]", raw)
    if bracket:
        period = find_period(bracket.group(1))
        raw = raw[: bracket.start()] + raw[bracket.end() :]
    name = normalize_name(raw.lstrip("—").strip(" 。：:"))
    return name, period, min(end + 1, len(text))


def _name_end(text: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        if char in "（(“‘《":
            depth += 1
        elif char in "）)”’》":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in "。：:":
            return index
    return len(text)


# ---------------------------------------------------------------- figures

_FLOOR = ("建筑面积",)
_LAND = ("占地", "用地", "面积", "范围", "规划单元")
_NOT_AREA = ("物业面积", "绿化面积", "水面", "场地面积")
_TOTAL = re.compile(r"总投资额?\s*(?:为|共|达到|达|[：:])?\s*$")
_PERIOD = re.compile(
    r"十四五[”\"]?\s*(?:期间|时期|内)?\s*(?:计划|拟)?(?:完成)?投资\s*(?:为|达|[：:])?\s*$"
)
_OTHER_MONEY = re.compile(r"投资(?!强度)")


@dataclass(frozen=True, slots=True)
class Figures:
    """The areas, amounts and sizes of one item, and notes on what was not taken.

    ``parts`` are the amounts a total is written as (一期…、二期…, or 3+5 亿元),
    each with its label; ``total`` is their sum when the text states no total.
    """

    land: Quantity | None = None
    floor: Quantity | None = None
    total: Quantity | None = None
    period: Quantity | None = None
    notes: tuple[str, ...] = field(default=())
    length: Quantity | None = None
    storage: Quantity | None = None
    power: Quantity | None = None
    parts: tuple[tuple[str, Quantity], ...] = ()


def _label(text: str, found: Found) -> str:
    before = text[max(0, found.start - 16) : found.start]
    return re.split(r"[，。；,;]", before)[-1]


def find_figures(text: str) -> Figures:
    """Return the item's land area, floor area, total and period investment.

    Examples
    --------
    >>> f = find_figures("占地 324.86 亩，总投资 7.82亿元。第一期占地 154.71亩，投资额 49081万元")
    >>> f.land.value, f.total.value, f.notes
    (216573.33333333334, 7.82, ('not taken for the item: 投资额 49081万元 (4.9081 亿元)',))
    >>> f = find_figures("一期投资 20 亿元、二期投资 30 亿元，全长约 12 公里")
    >>> f.total.value, [(label, q.value) for label, q in f.parts], f.length.text
    (50.0, [('一期', 20.0), ('二期', 30.0)], '约 12 公里')
    """
    notes: list[str] = []
    land, floor = _areas(text, notes)
    total, period = _money(text, notes)
    parts = _parts(text)
    if len(parts) >= 2 and _adds_up(total, parts):
        if total is None:
            value = sum(q.value for _, q in parts)
            total = Quantity(value, "亿元", "", " + ".join(q.text.strip() for _, q in parts))
        notes[:] = [n for n in notes if not n.startswith("not taken for the item")]
    else:
        parts = ()
    length, storage, power = (_first(finder(text)) for finder in _SIZES)
    return Figures(land, floor, total, period, tuple(notes), length, storage, power, parts)


_SIZES = (find_lengths, find_storage, find_power)
_PART_LABEL = re.compile(
    r"(?P<label>(?:第?[一二三四五六七八九十首]|近|远|前|后)期|[A-Z]地块|[一二三四五六七八九十]号?地块|"
    r"政府|财政|社会|企业|中央|省级|市级|区级|县级|市县|地方|配套|自筹|国有|民间|专项债|银行)"
    r"[^，。；、]{0,10}?(?:投资|资金|出资)?(?:额|为|约)?\s*$"
)
_SUM = re.compile(
    r"(?P<terms>[0-9]+(?:\.[0-9]+)?(?:\s*[+＋]\s*[0-9]+(?:\.[0-9]+)?)+)\s*(?P<unit>亿元|亿|万元)"
)


def _first(found: list[Found]) -> Quantity | None:
    return found[0].quantity if found else None


def _parts(text: str) -> tuple[tuple[str, Quantity], ...]:
    """Amounts labelled as parts (一期投资 20 亿元 …) or written as a sum (3+5 亿元)."""
    if match := _SUM.search(text):
        unit = match["unit"]
        terms = re.split(r"\s*[+＋]\s*", match["terms"])
        return tuple(
            (f"第{i}项", parse_money(f"{term}{unit}")) for i, term in enumerate(terms, start=1)
        )
    parts: list[tuple[str, Quantity]] = []
    for found in find_money(text):
        before = re.split(r"[，。；,;、]", text[max(0, found.start - 16) : found.start])[-1]
        if label := _PART_LABEL.search(before):
            parts.append((label["label"], found.quantity))
    return tuple(parts)


def _adds_up(total: Quantity | None, parts: tuple[tuple[str, Quantity], ...]) -> bool:
    """Whether the parts are the total written out (or there is no total to differ from)."""
    if total is None or math.isnan(total.value):
        return total is None
    return abs(total.value - sum(q.value for _, q in parts)) <= 0.005


def _areas(text: str, notes: list[str]) -> tuple[Quantity | None, Quantity | None]:
    land: Quantity | None = None
    floors: list[tuple[str, Quantity]] = []
    for found in find_areas(text):
        label = _label(text, found)
        if any(word in label for word in _NOT_AREA):
            continue
        part = label.lstrip().startswith("其中") or "其中" in label
        if any(word in label for word in _FLOOR):
            if part:
                if not floors:
                    notes.append(
                        f"floor area given only for a part: {label.strip()}{found.quantity.text}"
                    )
                continue
            floors.append((label, found.quantity))
        elif any(word in label for word in _LAND) and land is None and not part:
            land = found.quantity
    floor = _pick_floor(floors, notes)
    for quantity, what in ((land, "land_area"), (floor, "floor_area")):
        if quantity is not None and quantity.unknown:
            notes.append(f"{what} printed as X ({quantity.text}): unknown")
    return land, floor


def _pick_floor(floors: list[tuple[str, Quantity]], notes: list[str]) -> Quantity | None:
    if not floors:
        return None
    for label, quantity in floors:
        if "地上" not in label and "地下" not in label:
            return quantity
    label, quantity = floors[0]
    notes.append(f"floor area is {label.strip()[-8:]} only")
    return quantity


def _money(text: str, notes: list[str]) -> tuple[Quantity | None, Quantity | None]:
    total: Quantity | None = None
    period: Quantity | None = None
    for found in find_money(text):
        before = text[max(0, found.start - 20) : found.start]
        quantity = found.quantity
        if _TOTAL.search(before) and total is None:
            total = quantity
        elif _PERIOD.search(before) and period is None:
            period = quantity
        elif _OTHER_MONEY.search(before[-12:]):
            value = "X" if quantity.unknown else f"{quantity.value:g} 亿元"
            clause = re.split(r"[，。；,;]", before)[-1].lstrip()
            notes.append(f"not taken for the item: {clause}{quantity.text} ({value})")
    for taken, what in ((total, "investment_total"), (period, "investment_period")):
        if taken is not None and taken.unknown:
            notes.append(f"{what} printed as X ({taken.text}): unknown")
    return total, period
