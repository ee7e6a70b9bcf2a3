r"""What a plan is, read from its own text: title, region, level and period.

A plan a planner brings is not in ``data/plans.toml``; its records still need a
title to cite, a region to place them in, and a period. :func:`detect_plan`
reads them from the text where it says them — a title line ("金华市金东区…规划"),
the title in a notice (关于印发《…》的通知), "规划期限为2021-2025年", "十四五" — and
says for each what it found, on which line, or that it found nothing.

Examples
--------
>>> guess = detect_plan(["金华市金东区“十四五”重大项目规划", "", "一、新建项目"])
>>> guess.title, guess.region, guess.adcode, guess.level, guess.period
('金华市金东区“十四五”重大项目规划', '金东区', '330703', 'county', (2021, 2025))
>>> detect_plan(["一、新建项目", "1. 甲医院迁建工程。"]).missing
('title', 'region', 'period')
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from geoplan.admin import Gazetteer
from geoplan.boundaries import short_name
from geoplan.errors import UnknownNameError
from geoplan.extract.numbers import parse_period
from geoplan.plans import Plan, PlanText

__all__ = ["PlanGuess", "detect_plan", "plan_entry", "resolve_region"]

_DOCUMENT = re.compile(
    r"(?:规划|纲要|计划|方案|名单|清单|通知|意见|公告|公示|报告|项目表|一览表|计划表|汇总表|"
    r"明细表|安排|目录)"
    r"(?:[（(][^）)]{0,20}[）)])?$"
)
# "关于印发《…规划》的通知": the plan a notice publishes (not the plans it cites: 根据《…》)
_NOTICE = re.compile(
    r"(?:印发|公布|下达|发布)《([^》]{4,60}?(?:规划|纲要|计划|方案|名单|清单|项目))》"
)
_QUOTED_TITLE = re.compile(r"^《([^》]{4,60})》$")
# How a plan speaks of its own region: 全市/我市 (a city), 全区/全县 (a county), 全省.
_OWN_LEVEL = {
    "city": re.compile(r"全市|我市|本市"),
    "county": re.compile(r"全区|我区|本区|全县|我县|本县"),
    "province": re.compile(r"全省|我省|本省"),
}
# The plan's own period; a work's 建设期限 further down says nothing of it.
_PERIOD = re.compile(
    r"(?:规划期限?|规划期为|^\s*期限)\s*[为：:]?\s*(20\d{2})\s*(?:年)?\s*[-—–~～至到]+\s*(20\d{2})"
)
_SPAN = re.compile(r"(20\d{2})\s*(?:年)?\s*[-—–~～至到]+\s*(20\d{2})\s*年?")
_YEAR = re.compile(r"(20\d{2})\s*年")
_FIVE_YEAR = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
              "十四五": (2021, 2025), "十五五": (2026, 2030)}  # fmt: skip
# "十四五", or written out as in the titles of 纲要: "第十四个五年规划"
_FIVE = re.compile(r"(十[一二三四五])五|第(十[一二三四五])个五年")


def _five_year(match: re.Match[str]) -> str:
    """Return the short name of the five-year period a match names: 第十四个五年 → 十四五."""
    return f"{match.group(1) or match.group(2)}五"


_OWN = {"全省": "浙江省", "我省": "浙江省"}


@dataclass(frozen=True, slots=True)
class PlanGuess:
    """What the text says about the plan, each with the line and the way it was found.

    ``missing`` names what the text did not say (``title``, ``region``,
    ``period``); :meth:`message` says it in words, with the flags to give it.
    """

    title: str = ""
    title_line: int | None = None
    title_how: str = ""
    region: str = ""
    adcode: str = ""
    level: str = ""
    region_how: str = ""
    period: tuple[int, int] | None = None
    period_how: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields the text does not state."""
        found = {"title": self.title, "region": self.adcode, "period": self.period}
        return tuple(k for k, v in found.items() if not v)

    def message(self) -> str:
        """Say in one line what was found and what was not, and how to give it.

        Examples
        --------
        >>> for part in detect_plan(["一、新建项目"]).message().split("; "):
        ...     print(part)
        plan: title not detected (give --title)
        region not detected (give --region, e.g. 金华市)
        period not detected (give --period 2021-2025)
        """
        flags = {
            "title": "--title",
            "region": "--region, e.g. 金华市",
            "period": "--period 2021-2025",
        }
        parts = []
        if self.title:
            parts.append(f"title “{self.title}” ({self.title_how})")
        if self.adcode:
            parts.append(f"region {self.region} ({self.region_how})")
        if self.period:
            parts.append(f"period {self.period[0]}–{self.period[1]} ({self.period_how})")
        parts += [f"{field} not detected (give {flags[field]})" for field in self.missing]
        return "plan: " + "; ".join(parts)


@cache
def _gazetteer() -> Gazetteer:
    from geoplan.boundaries import read_units  # noqa: PLC0415 - names only, overview detail

    return Gazetteer(read_units("overview"), [])


def resolve_region(name: str) -> tuple[str, str, str]:
    """Return the full name, adcode and level of the unit ``name`` is (金东 → 金东区).

    Raises
    ------
    UnknownNameError
        If ``name`` is not a Zhejiang province, city or county-level unit.

    Examples
    --------
    >>> resolve_region("金东"), resolve_region("金华市")
    (('金东区', '330703', 'county'), ('金华市', '330700', 'city'))
    """
    found = _gazetteer().resolve(name)
    if not found.ok or found.how not in {"unit", "short name"}:
        units = _gazetteer().units
        examples = "、".join(units[units["level"] == "city"]["name"].head(4))
        msg = (
            f"region {name!r} is not a Zhejiang unit ({found.basis}); give a province, city "
            f"or county-level unit, e.g. {examples} or 金东区"
        )
        raise UnknownNameError(msg)
    adcode = found.adcodes[0]
    return found.matched, str(adcode), str(_gazetteer().units.loc[adcode, "level"])


def detect_plan(lines: Sequence[str]) -> PlanGuess:
    """Read the plan's title, region, level and period from its lines (index 0 is line 1)."""
    title, title_line, title_how = _title(lines)
    region, adcode, level, region_how = _region(title, lines)
    period, period_how = _period(title, lines)
    return PlanGuess(
        title, title_line, title_how, region, adcode, level, region_how, period, period_how
    )


def _title(lines: Sequence[str]) -> tuple[str, int | None, str]:
    texts = [_bare(line) for line in lines[:61]]
    for number, text in enumerate(texts[:60], start=1):
        if match := _NOTICE.search(text) or _QUOTED_TITLE.match(text):
            return match.group(1), number, f"the notice on line {number}"
        if _is_title(text):
            return text, number, f"line {number}"
        # a long title a PDF wraps: "…二〇三五年远景目标" / "纲要"
        following = next((t for t in texts[number : number + 2] if t), "")
        if number <= 10 and len(following) <= 20 and _is_title(text + following):
            return text + following, number, f"lines {number}–{number + 1}"
    return "", None, ""


def _bare(line: str) -> str:
    # A PDF's text layer may move a title's quote marks off their words: "…项目表“”".
    return re.sub(r"“”|‘’|[“‘]$", "", re.sub(r"\s+", "", line))


def _is_title(text: str) -> bool:
    short = 6 <= len(text) <= 60 and not re.search(r"。|…|\.\.", text)
    heading = re.match(r"^[一二三四五六七八九十]+、|^\d", text)
    return bool(short and _DOCUMENT.search(text) and not heading)


def _units_in(text: str) -> list[tuple[str, str]]:
    """Return the units ``text`` names (by full or short name), with their adcodes."""
    units = _gazetteer().units
    found: list[tuple[str, str]] = []
    for adcode, name, short in zip(units.index, units["name"], units["short_name"], strict=True):
        if name in text or (len(short) >= 2 and short in text):
            found.append((str(adcode), str(name)))
    for word, name in _OWN.items():
        if word in text:
            found.extend((a, n) for a, n in [(_gazetteer().resolve(name).adcodes[0], name)])
    return found


def _region(title: str, lines: Sequence[str]) -> tuple[str, str, str, str]:
    units = _gazetteer().units
    if title and (named := _units_in(title)):
        # "金华市金东区…": the most specific unit the title names
        adcode, name = max(named, key=lambda u: (u[0][-2:] != "00", u[0][-4:] != "0000"))
        return name, adcode, str(units.loc[adcode, "level"]), "the title"
    # Otherwise: the unit of the level the plan speaks of as its own (全区 → a county)
    # that it names most often.
    text = "\n".join(lines)
    levels = Counter({level: len(p.findall(text)) for level, p in _OWN_LEVEL.items()})
    level, uses = levels.most_common(1)[0]
    counts: Counter[tuple[str, str]] = Counter()
    for line in lines:
        counts.update(u for u in set(_units_in(line)) if units.loc[u[0], "level"] == level)
    if uses >= 3 and counts:
        (adcode, name), most = counts.most_common(1)[0]
        runner = max((c for u, c in counts.items() if u[0] != adcode), default=0)
        if most >= 3 and most >= 2 * runner:
            how = (
                f"the {level} the plan calls its own (全…/我… {uses} times), named on {most} lines"
            )
            return name, adcode, level, how
    return "", "", "", ""


def _period(title: str, lines: Sequence[str]) -> tuple[tuple[int, int] | None, str]:
    for number, line in enumerate(lines, start=1):
        if match := _PERIOD.search(line):
            return _years(match), f"line {number}"
    if title:
        if match := _SPAN.search(title):
            return _years(match), "the title"
        if match := _FIVE.search(title):
            return _FIVE_YEAR[_five_year(match)], f"“{match.group(0)}” in the title"
        if match := _YEAR.search(title):
            year = int(match.group(1))
            return (year, year), "the year in the title"
    counts = Counter(_five_year(m) for line in lines for m in _FIVE.finditer(line))
    if counts and counts.most_common(1)[0][1] >= 3:
        word = counts.most_common(1)[0][0]
        return _FIVE_YEAR[word], f"“{word}” named {counts[word]} times"
    return None, ""


def _years(match: re.Match[str]) -> tuple[int, int] | None:
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start <= end else None


def plan_entry(
    text: PlanText,
    guess: PlanGuess,
    plan_id: str | None,
    *,
    title: str | None,
    region: str | None,
    period: str | tuple[int, int] | None,
) -> tuple[Plan, PlanGuess]:
    """Return the registry entry of a plan that is not in ``data/plans.toml``, and the guess.

    What the caller gives wins over what the text says; the guess returned says
    so (``*_how`` reads ``"given"``). The id is ``plan_id``, else ``u`` and the
    first 8 hex digits of the text's SHA-1: the same text, the same record ids.

    Raises
    ------
    UnknownNameError
        If ``region`` is not a Zhejiang unit.
    GeoplanError
        If ``period`` is not two years.
    """
    digest = hashlib.sha1(text.text.encode("utf-8"), usedforsecurity=False).hexdigest()
    ident = plan_id or f"u{digest[:8]}"
    name = title or guess.title or Path(text.name).stem
    if title:
        guess = replace(guess, title=name, title_line=None, title_how="given")
    if region is not None:
        unit, adcode, level = resolve_region(region)
        guess = replace(guess, region=unit, adcode=adcode, level=level, region_how="given")
    if isinstance(period, str):
        found = parse_period(period)
        guess = replace(guess, period=(found.start, found.end), period_how="given")
    elif period is not None:
        guess = replace(guess, period=period, period_how="given")
    years = guess.period or (0, 0)
    plan = Plan(ident, text.name, name, short_title(name, guess.region), guess.level,
                guess.region, years)  # fmt: skip
    return plan, guess


_FILLER = re.compile(r"国民经济和社会发展|现代|发展|[“”\"《》]|的|和二〇三五年远景目标|远景目标")


def short_title(title: str, region: str) -> str:
    """Return the short name tables use for a plan, in the shipped plans' pattern.

    Region, subject, five-year period, and 纲要 for a 规划纲要; a title without a
    five-year period keeps its first 16 characters.

    Examples
    --------
    >>> short_title("德清县国民经济和社会发展第十三个五年规划纲要", "德清县")
    '德清十三五纲要'
    >>> short_title("湖州市现代服务业发展“十四五”规划", "湖州市")
    '湖州服务业十四五'
    >>> short_title("衢州市2024年市级重大建设项目计划", "衢州市")
    '衢州市2024年市级重大建设项目'
    """
    five = _FIVE.search(title)
    if five is None:
        return title[:16]
    place = short_name(region) if region and title.startswith(region) else ""
    after = title[five.end() :].split("规划", maxsplit=1)[0]
    subject = _FILLER.sub("", title[len(region) if place else 0 : five.start()] + after)
    tail = "纲要" if "纲要" in title[five.end() :] else ""
    return f"{place}{subject}{_five_year(five)}{tail}"[:16]
