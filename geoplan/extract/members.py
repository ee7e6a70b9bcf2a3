"""Names in the lists a box prints: a table cell of 特色小镇, a heading that opens a list.

Sentences are read by :mod:`~geoplan.extract.works`; this module keeps the two
small recognisers the box reader needs.

Examples
--------
>>> [m.name for m in find_list_names("木雕小镇*、横锦创作休闲小镇")]
['木雕小镇*', '横锦创作休闲小镇']
>>> starts_with_list_verb("重点推进甲园区、乙中心建设"), starts_with_list_verb("甲园区")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoplan.extract.text import normalize_name

__all__ = ["Member", "find_list_names", "starts_with_list_verb"]

_MEMBER_VERB = re.compile(
    r"^(?:(?:大力|积极|加快|重点|全力|着力|全面|有序)\s*)*"
    r"(?:推进|打造|加快建设|实施|谋划建设|谋划|规划建设|包括|即|如)\s*"
)


@dataclass(frozen=True, slots=True)
class Member:
    """A name found in a list, with its position in the searched text."""

    name: str
    start: int
    end: int


def find_list_names(text: str) -> list[Member]:
    """Split a 、-separated list of names, e.g. a table cell of 特色小镇."""
    out: list[Member] = []
    start = 0
    for match in re.finditer(r"[、；;]", text + "、"):
        raw = text[start : match.start()]
        lead = len(raw) - len(raw.lstrip())
        name = normalize_name(raw)
        if name:
            out.append(Member(name, start + lead, start + lead + len(raw.strip())))
        start = match.end()
    return out


def starts_with_list_verb(text: str) -> bool:
    """Whether ``text`` opens with a verb that introduces a list (加快建设, 重点推进 …)."""
    return bool(_MEMBER_VERB.match(text)) and ("、" in text or "；" in text)
