"""The source plans: ``data/plans.toml`` and, when present, their texts.

Examples
--------
>>> from geoplan.plans import read_plans
>>> plans = read_plans()
>>> plans["001"].title
'衢州市现代服务业发展“十四五”规划'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geoplan._paths import DATA, seeds_dir
from geoplan.errors import DataFileError, UnknownNameError

__all__ = ["Plan", "plan_lines", "read_plans"]


@dataclass(frozen=True, slots=True)
class Plan:
    """One source plan."""

    id: str
    file: str
    title: str
    short: str
    level: str
    region: str
    period: tuple[int, int]


def read_plans(path: str | Path = DATA / "plans.toml") -> dict[str, Plan]:
    """Read the plan registry, keyed by plan id."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        msg = f"cannot read the plan registry {file}: {err}"
        raise DataFileError(msg) from err
    plans = {}
    for key, entry in data.get("plans", {}).items():
        try:
            start, end = entry["period"]
            plans[key] = Plan(
                key,
                entry["file"],
                entry["title"],
                entry["short"],
                entry["level"],
                entry["region"],
                (start, end),
            )
        except (KeyError, TypeError, ValueError) as err:
            msg = (
                f"{file}: plan {key!r} needs file, title, short, level, region "
                f"and period = [start, end] ({err})"
            )
            raise DataFileError(msg) from err
    return plans


@cache
def plan_lines(plan_id: str, directory: Path | None = None) -> tuple[str, ...]:
    """Return the lines of a plan's text (index 0 is line 1), without line ends.

    Raises
    ------
    UnknownNameError
        If the plan id is not in the registry.
    DataFileError
        If the plan texts are not available (see ``GEOPLAN_SEEDS``).
    """
    plans = read_plans()
    if plan_id not in plans:
        msg = f"no plan {plan_id!r}; known plans: {', '.join(sorted(plans))}"
        raise UnknownNameError(msg)
    folder = directory or seeds_dir()
    if folder is None:
        msg = "plan texts not found: set GEOPLAN_SEEDS to the folder holding the five plans"
        raise DataFileError(msg)
    # Split on "\n" only: sed and grep count lines that way; str.splitlines would
    # also split on form feeds and U+2028 and shift every later line number.
    text = (folder / plans[plan_id].file).read_text(encoding="utf-8")
    return tuple(line.removesuffix("\r") for line in text.split("\n"))
