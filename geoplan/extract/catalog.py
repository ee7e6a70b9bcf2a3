"""Decide which boxes list projects or platforms, and why.

The decisions for the five plans were made by reading every box and are kept
in ``catalog.toml`` beside this module, each with its reason. A decision
applies only when the plan id, the box number and the printed title all match;
any other box is judged by its title (:func:`judge`), so a new plan or a test
fixture still gets a sensible, explained decision.

Examples
--------
>>> judge("服务业发展重大平台", has_items=True)  # doctest: +NORMALIZE_WHITESPACE
BoxDecision(include=True, kind='platform', shape='items',
            reason='title names platforms (平台)', items=())
>>> judge("现代物流业发展路径", has_items=False).reason
'title names development paths, policies or targets (发展路径), not projects'
>>> judge("医疗卫生服务体系重大工程项目", has_items=True).include  # its projects, not 体系
True

A box the catalog does not know is judged by its items as well
(:func:`geoplan.extract.records`): one whose items mostly name programmes or
targets is left out as a list, and its sentences are read as running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from geoplan._io import key_problems, read_toml
from geoplan.errors import DataFileError

__all__ = ["CATALOG", "BoxDecision", "decide", "is_silent", "judge", "load_catalog"]

#: The reviewed decisions for the five plans.
CATALOG = Path(__file__).with_name("catalog.toml")

_KEYS = {"plan", "box", "title", "include", "kind", "shape", "items", "reason"}
_SHAPES = ("items", "single", "table", "list-table")
_KINDS = ("project", "platform")
_NOT_PROJECTS = re.compile(
    r"发展路径|路径|政策|举措|行动|目标|体系|架构|格局|导向|场景|方向|领域|分类|分区|改革|专项|人才"
)
_PLATFORMS = re.compile(r"平台|园区|开发区|集聚区|基地|小镇|新区|新城|片区|功能区|中心|城$|区$")
_PROJECTS = re.compile(r"项目|工程")
# A title that ends by saying it lists major projects does, whatever field it names
# first: "医疗卫生服务体系重大工程项目", "数字化改革重点项目".
_MAJOR_PROJECTS = re.compile(r"(?:重大|重点)(?:建设)?(?:工程)?项目(?:表|清单)?$")


@dataclass(frozen=True, slots=True)
class BoxDecision:
    """Whether a box gives records, as what, and why.

    Parameters
    ----------
    include
        Whether the box lists projects or platforms.
    kind
        ``"project"`` or ``"platform"`` for included boxes, ``""`` otherwise.
    shape
        How records are read from the box: ``"items"``, ``"single"``,
        ``"table"`` or ``"list-table"`` (see ``catalog.toml``).
    reason
        Why, in a few words (shown in the reconciliation report).
    items
        If not empty, only these item numbers give records.
    """

    include: bool
    kind: str
    shape: str
    reason: str
    items: tuple[int, ...] = ()


def judge(title: str, *, has_items: bool, table: bool = False) -> BoxDecision:
    """Decide from a box's title alone (for boxes the catalog does not know)."""
    if (found := _NOT_PROJECTS.search(title)) and not _MAJOR_PROJECTS.search(title):
        reason = (
            f"title names development paths, policies or targets ({found.group(0)}), not projects"
        )
        return BoxDecision(False, "", "items", reason)
    platform = _PLATFORMS.search(title)
    project = _PROJECTS.search(title)
    if not (platform or project):
        return BoxDecision(False, "", "items", "title names neither projects nor platforms")
    kind = "platform" if platform and not project else "project"
    word = (platform or project).group(0)  # type: ignore[union-attr]
    shape = "table" if table else ("items" if has_items else "single")
    return BoxDecision(True, kind, shape, f"title names {kind}s ({word})")


def is_silent(title: str) -> bool:
    """Whether a title says neither that it lists works nor that it lists something else.

    >>> is_silent("附表1"), is_silent("重大项目表"), is_silent("主要目标")
    (True, False, False)
    """
    return not (_NOT_PROJECTS.search(title) or _PLATFORMS.search(title) or _PROJECTS.search(title))


def knows(plan_id: str, number: int, title: str) -> bool:
    """Whether the catalog holds a reviewed decision for this box."""
    return (plan_id, number, title) in load_catalog()


def decide(
    plan_id: str, number: int, title: str, *, has_items: bool, table: bool = False
) -> BoxDecision:
    """Return the catalog's decision for a box, or :func:`judge`'s if it has none."""
    decision = load_catalog().get((plan_id, number, title))
    if decision is not None:
        return decision
    return judge(title, has_items=has_items, table=table)


@cache
def load_catalog(path: Path = CATALOG) -> dict[tuple[str, int, str], BoxDecision]:
    """Read ``catalog.toml`` into decisions keyed by (plan, box number, title).

    Raises
    ------
    DataFileError
        If the file is missing, not TOML, or an entry has unknown keys or
        values, naming the entry.
    """
    data = read_toml(path, "the box catalog")
    decisions: dict[tuple[str, int, str], BoxDecision] = {}
    for index, entry in enumerate(data.get("box", [])):
        key, decision = _entry(path, index, entry)
        decisions[key] = decision
    return decisions


def _entry(
    path: Path, index: int, entry: dict[str, Any]
) -> tuple[tuple[str, int, str], BoxDecision]:
    where = f"{path.name} [[box]] #{index + 1}"
    problems = key_problems(entry, _KEYS, {"plan", "box", "title", "include", "reason"})
    if problems:
        msg = f"{where}: " + "; ".join(problems)
        raise DataFileError(msg)
    include = bool(entry["include"])
    kind = str(entry.get("kind", ""))
    shape = str(entry.get("shape", "items"))
    if (include and kind not in _KINDS) or shape not in _SHAPES:
        msg = f"{where}: kind must be one of {list(_KINDS)} and shape one of {list(_SHAPES)}"
        raise DataFileError(msg)
    items = tuple(int(i) for i in entry.get("items", ()))
    decision = BoxDecision(include, kind if include else "", shape, str(entry["reason"]), items)
    return (str(entry["plan"]), int(entry["box"]), str(entry["title"])), decision
