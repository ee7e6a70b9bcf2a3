"""The plan files: their ids and titles (``data/plans.toml``) and reading them.

Examples
--------
>>> plans = load_plans()
>>> plans["004"].file
'004_82d66b1614de0eb7.txt'
>>> plan_id_for("/anywhere/001_b86ec25aded59a60.txt")
'001'
>>> plan_id_for("notes.txt")
Traceback (most recent call last):
...
geoplan.errors.UnknownNameError: no plan in data/plans.toml has the file 'notes.txt'; ...
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geoplan import _paths
from geoplan.errors import DataFileError, UnknownNameError

__all__ = ["PLANS", "PlanInfo", "load_plans", "plan_id_for", "read_plan", "resolve_seeds"]

#: The plans' ids, files and titles.
PLANS = _paths.DATA / "plans.toml"


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """A plan's id, file name (in the seeds folder) and title."""

    plan: str
    file: str
    title: str


@cache
def load_plans(path: Path = PLANS) -> dict[str, PlanInfo]:
    """Read ``data/plans.toml`` into :class:`PlanInfo` by plan id.

    Raises
    ------
    DataFileError
        If the file is missing or not TOML, or a plan has no ``file``.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        msg = f"cannot read the plan list {path}: {err}"
        raise DataFileError(msg) from err
    plans: dict[str, PlanInfo] = {}
    for plan, entry in data.get("plans", {}).items():
        if "file" not in entry:
            msg = f"{path.name}: plan {plan!r} has no 'file' key; add its file name (seeds folder)"
            raise DataFileError(msg)
        plans[str(plan)] = PlanInfo(str(plan), str(entry["file"]), str(entry.get("title", "")))
    return plans


def plan_id_for(path: str | Path) -> str:
    """Return the id of the plan whose file has the name of ``path``.

    Raises
    ------
    UnknownNameError
        If no plan in ``data/plans.toml`` has that file name.
    """
    name = Path(path).name
    for info in load_plans().values():
        if info.file == name:
            return info.plan
    known = ", ".join(sorted(i.file for i in load_plans().values()))
    msg = (
        f"no plan in data/plans.toml has the file {name!r}; known files: {known}. "
        "Pass plan_id= explicitly."
    )
    raise UnknownNameError(msg)


def resolve_seeds(seeds_dir: str | Path | None) -> Path:
    """Return the seeds folder: ``seeds_dir`` or :func:`geoplan._paths.seeds_dir`.

    Raises
    ------
    DataFileError
        If neither names an existing folder.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else _paths.seeds_dir()
    if folder is None or not folder.is_dir():
        msg = (
            f"the folder of plan texts was not found (got {seeds_dir!r}); pass seeds_dir= or set "
            "GEOPLAN_SEEDS to the folder holding the files listed in data/plans.toml"
        )
        raise DataFileError(msg)
    return folder


def read_plan(path: str | Path) -> str:
    """Read a plan file as UTF-8 text.

    Raises
    ------
    DataFileError
        If the file is missing or not UTF-8.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        msg = f"plan file not found: {path}. Check the seeds folder and data/plans.toml."
        raise DataFileError(msg) from err
    except (UnicodeDecodeError, OSError) as err:
        msg = f"cannot read plan file {path}: {err}. Plans must be UTF-8 text."
        raise DataFileError(msg) from err
