"""What a layer file says, as frozen values: sources, categories, members, specs.

Reading the files is :mod:`geoplan.layers.read`; building geometry is
:mod:`geoplan.layers.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from geoplan.errors import UnknownNameError

__all__ = [
    "MEMBER_CAVEATS",
    "MEMBER_PRECISIONS",
    "MEMBER_PRECISION_LABELS",
    "Category",
    "GroupingSpec",
    "LayerSpec",
    "Member",
    "MemberRef",
    "RecordLayerSpec",
    "Source",
]

#: How honest a member's geometry is; see layers/README.md.
MEMBER_PRECISIONS: tuple[str, ...] = ("units", "within", "towns", "schematic")
#: Chinese labels of :data:`MEMBER_PRECISIONS`, and the caveat shown with approximate ones.
MEMBER_PRECISION_LABELS: dict[str, str] = {
    "units": "行政区范围",
    "within": "位于所列区县内",
    "towns": "乡镇近似范围",
    "schematic": "示意线",
}
MEMBER_CAVEATS: dict[str, str] = {
    "within": "规划未给出边界：图中为其所在区县的范围，实际范围更小。",
    "towns": "近似范围，并非官方界线：由所列乡镇的代表点推算（泰森多边形裁至所在区县）。",
    "schematic": "示意线，仅表示走向与连接关系，不是实际线位。",
}


@dataclass(frozen=True, slots=True)
class Source:
    """A citation: a 1-based line of a plan file and a passage copied from it."""

    plan: str
    line: int
    quote: str


@dataclass(frozen=True, slots=True)
class Category:
    """A tier of a grouping (两核 / 四圈): a legend section with its colour."""

    name: str
    label: str


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a grouping, as the plan defines it."""

    name: str
    category: str
    role: str
    units: tuple[str, ...]
    precision: str
    sources: tuple[Source, ...]
    note: str = ""
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Names one member of one grouping: the typed form of ``"grouping/member"``.

    Examples
    --------
    >>> ref = MemberRef.parse("两核四圈/金衢丽服务业经济圈")
    >>> ref.member, str(ref)
    ('金衢丽服务业经济圈', '两核四圈/金衢丽服务业经济圈')
    >>> MemberRef.parse("金衢丽")
    Traceback (most recent call last):
    ...
    geoplan.errors.UnknownNameError: a grouping member is written 'grouping/member', got '金衢丽'
    """

    grouping: str
    member: str

    @classmethod
    def parse(cls, text: str) -> MemberRef:
        """Read ``"grouping/member"``.

        Raises
        ------
        UnknownNameError
            If the text has no ``/`` or an empty side.
        """
        grouping, _, member = text.partition("/")
        if not grouping.strip() or not member.strip():
            msg = f"a grouping member is written 'grouping/member', got {text!r}"
            raise UnknownNameError(msg)
        return cls(grouping.strip(), member.strip())

    def __str__(self) -> str:
        return f"{self.grouping}/{self.member}"


@dataclass(frozen=True, slots=True)
class GroupingSpec:
    """A spatial structure a plan defines (``kind = "grouping"``)."""

    id: str
    title: str
    plan: str
    sources: tuple[Source, ...]
    categories: tuple[Category, ...]
    members: tuple[Member, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None
    kind: str = field(default="grouping", init=False)

    def category(self, name: str) -> Category:
        """Return the category called ``name``."""
        return next(c for c in self.categories if c.name == name)


@dataclass(frozen=True, slots=True)
class RecordLayerSpec:
    """A selection of plan records drawn as points (``kind = "records"``)."""

    id: str
    title: str
    plan: str
    sources: tuple[Source, ...]
    select: tuple[tuple[str, tuple[str, ...]], ...]
    color_by: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None
    kind: str = field(default="records", init=False)


LayerSpec: TypeAlias = GroupingSpec | RecordLayerSpec
