"""The plans: which exist (the registry) and what they say (their lines).

This module is the one owner of both questions. The registry is
``data/plans.toml``; the texts of the five plans ship in ``data/plans/``
(see its README for where each came from). Every citation in geoplan (a
record's ``line_start``, a layer member's source, a stated total) is a
1-based line of these texts, counted as ``sed -n`` and ``grep -n`` count
them: :func:`split_lines` is the only place that splits a plan into lines.

Examples
--------
>>> from geoplan import plans
>>> plans.read_plans()["001"].title
'衢州市现代服务业发展“十四五”规划'
>>> plans.plan_lines("001")[4]
'衢发改发〔2021〕37号'
>>> plans.get_plan("009")
Traceback (most recent call last):
...
geoplan.errors.UnknownNameError: no plan '009'; known plans: 000, 001, 002, 003, 004
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geoplan._io import key_problems, read_toml
from geoplan._paths import DATA
from geoplan.errors import DataFileError, UnknownNameError

__all__ = [
    "PLANS_DIR",
    "REGISTRY",
    "Plan",
    "get_plan",
    "plan_for_file",
    "plan_lines",
    "plan_text",
    "read_plans",
    "read_text",
    "split_lines",
]

#: The plan registry and the folder of the shipped plan texts.
REGISTRY = DATA / "plans.toml"
PLANS_DIR = DATA / "plans"

_REQUIRED = {"file", "title", "short", "level", "region", "period"}
_OPTIONAL = {"issuer", "issued", "doc_number", "source"}
LEVELS = ("province", "city", "county")


@dataclass(frozen=True, slots=True)
class Plan:
    """One plan of the registry.

    Parameters
    ----------
    id
        The id records cite (``"001"``); it starts every ``record_id``.
    file
        The text's file name in :data:`PLANS_DIR`.
    title, short
        The full title and the short name tables use.
    level, region
        ``province``, ``city`` or ``county``, and the unit the plan is for.
    period
        First and last year.
    issuer, issued, doc_number, source
        Who issued it, when (ISO date), its document number (文号) and where
        the text came from; empty when not known.
    """

    id: str
    file: str
    title: str
    short: str
    level: str
    region: str
    period: tuple[int, int]
    issuer: str = ""
    issued: str = ""
    doc_number: str = ""
    source: str = ""


def read_plans(path: str | Path = REGISTRY) -> dict[str, Plan]:
    """Read the plan registry, keyed by plan id (every problem of the file at once).

    Raises
    ------
    DataFileError
        If the file is missing, not TOML, or an entry lacks a key or has a bad value.
    """
    return dict(_read_plans(Path(path)))


@cache
def _read_plans(file: Path) -> tuple[tuple[str, Plan], ...]:
    data = read_toml(file, "the plan registry")
    plans, problems = [], []
    for key, entry in data.get("plans", {}).items():
        found = key_problems(entry, _REQUIRED | _OPTIONAL, _REQUIRED)
        period = entry.get("period")
        if not (isinstance(period, list) and len(period) == 2 and period[0] <= period[1]):
            found.append(f"period must be [first year, last year], got {period!r}")
        if entry.get("level") not in LEVELS:
            found.append(f"level must be one of {list(LEVELS)}, got {entry.get('level')!r}")
        if found:
            problems += [f"plan {key!r}: {p}" for p in found]
            continue
        fields = {k: str(entry.get(k, "")) for k in sorted(_OPTIONAL)}
        plans.append(
            (
                str(key),
                Plan(
                    str(key), str(entry["file"]), str(entry["title"]), str(entry["short"]),
                    str(entry["level"]), str(entry["region"]), (int(period[0]), int(period[1])),
                    **fields,
                ),
            )
        )  # fmt: skip
    if problems:
        msg = f"plan registry {file} has {len(problems)} problem(s):\n  - " + "\n  - ".join(
            problems
        )
        raise DataFileError(msg)
    return tuple(plans)


def get_plan(plan_id: str) -> Plan:
    """Return the registered plan with this id.

    Raises
    ------
    UnknownNameError
        Listing the known plan ids.
    """
    plans = read_plans()
    if plan_id not in plans:
        msg = f"no plan {plan_id!r}; known plans: {', '.join(sorted(plans))}"
        raise UnknownNameError(msg)
    return plans[plan_id]


def plan_for_file(path: str | Path) -> Plan:
    """Return the registered plan whose text has the file name of ``path``.

    Raises
    ------
    UnknownNameError
        If no registered plan has that file name.
    """
    name = Path(path).name
    for plan in read_plans().values():
        if plan.file == name:
            return plan
    known = ", ".join(sorted(p.file for p in read_plans().values()))
    msg = (
        f"no plan in data/plans.toml has the file {name!r} (known: {known}); "
        "give the plan's id, or extract it as a new plan"
    )
    raise UnknownNameError(msg)


def split_lines(text: str) -> tuple[str, ...]:
    r"""Split a plan's text into its lines (index 0 is line 1), without line ends.

    Splits on ``"\n"`` only, as ``sed`` and ``grep`` count lines:
    ``str.splitlines`` would also split on form feeds and U+2028 and shift
    every later line number. A ``"\r"`` before the break is dropped.

    Examples
    --------
    >>> split_lines("甲\r\n乙\x0c丙\n")
    ('甲', '乙\x0c丙', '')
    """
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


def read_text(path: str | Path) -> str:
    """Read a plan file as UTF-8 text.

    Raises
    ------
    DataFileError
        If the file is missing or not UTF-8.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        msg = f"plan file not found: {path}"
        raise DataFileError(msg) from err
    except (UnicodeDecodeError, OSError) as err:
        msg = f"cannot read plan file {path}: {err}. Plans must be UTF-8 text."
        raise DataFileError(msg) from err


def plan_text(plan_id: str, directory: str | Path | None = None) -> str:
    """Return the whole text of a registered plan.

    ``directory`` overrides :data:`PLANS_DIR` (e.g. another copy of the texts).

    Raises
    ------
    UnknownNameError
        If the plan id is not registered.
    DataFileError
        If its text file is missing or unreadable.
    """
    plan = get_plan(plan_id)
    folder = Path(directory) if directory is not None else PLANS_DIR
    return read_text(folder / plan.file)


@cache
def plan_lines(plan_id: str) -> tuple[str, ...]:
    """Return the lines of a registered plan's shipped text (index 0 is line 1).

    Raises
    ------
    UnknownNameError
        If the plan id is not registered.
    DataFileError
        If its text is missing from ``data/plans/``.
    """
    return split_lines(plan_text(plan_id))
