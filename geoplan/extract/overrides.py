"""Reviewed corrections applied after extraction (``data/records/overrides.toml``).

Examples
--------
>>> import pandas as pd
>>> from geoplan.extract.records import to_frame
>>> frame = to_frame([])
>>> apply_overrides(frame, ()) is not frame
True
>>> apply_overrides(frame, (Override("001-b13-05", "location", "衢江区", "test"),))
Traceback (most recent call last):
...
geoplan.errors.DataFileError: overrides do not fit the records (1 problem(s)): ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from geoplan import _paths, schema
from geoplan._io import key_problems, read_toml
from geoplan.errors import DataFileError

__all__ = ["OVERRIDES", "Override", "apply_overrides", "load_overrides"]

#: The reviewed corrections.
OVERRIDES = _paths.DATA / "records" / "overrides.toml"

_KEYS = {"record_id", "field", "value", "reason"}
_FIELDS = {f.name: f for f in schema.FIELDS}


@dataclass(frozen=True, slots=True)
class Override:
    """One correction: set ``field`` of ``record_id`` to ``value``, because ``reason``."""

    record_id: str
    field: str
    value: Any
    reason: str


def load_overrides(path: Path = OVERRIDES) -> tuple[Override, ...]:
    """Read the overrides file; a missing file means no overrides.

    Raises
    ------
    DataFileError
        If the file is not TOML or an entry has unknown or missing keys.
    """
    if not path.exists():
        return ()
    data = read_toml(path, "overrides")
    out: list[Override] = []
    for index, entry in enumerate(data.get("override", [])):
        problems = key_problems(entry, _KEYS, _KEYS)
        if problems:
            msg = f"{path.name} [[override]] #{index + 1}: " + "; ".join(problems)
            raise DataFileError(msg)
        out.append(
            Override(
                str(entry["record_id"]), str(entry["field"]), entry["value"], str(entry["reason"])
            )
        )
    return tuple(out)


def apply_overrides(frame: pd.DataFrame, overrides: tuple[Override, ...]) -> pd.DataFrame:
    """Return a copy of ``frame`` with the overrides applied.

    Raises
    ------
    DataFileError
        Listing every override whose record, field or value does not fit.
    """
    out = frame.copy()
    index = {rid: i for i, rid in zip(out.index, out["record_id"], strict=True)}
    problems: list[str] = []
    for override in overrides:
        problem = _problem(override, index)
        if problem:
            problems.append(problem)
            continue
        out.loc[index[override.record_id], override.field] = override.value
    if problems:
        msg = (
            f"overrides do not fit the records ({len(problems)} problem(s)): "
            + "; ".join(problems)
            + f". Correct {OVERRIDES.name} or re-run extraction."
        )
        raise DataFileError(msg)
    return schema.validate(out)


def _problem(override: Override, index: dict[str, Any]) -> str:
    where = f"{override.record_id}.{override.field}"
    if override.field not in _FIELDS or override.field == "record_id":
        return f"{where}: unknown field (one of geoplan.schema.COLUMNS except record_id)"
    if override.record_id not in index:
        return f"{where}: no record with this id"
    dtype = _FIELDS[override.field].dtype
    value = override.value
    ok = {
        "str": isinstance(value, str),
        "Int64": isinstance(value, int) and not isinstance(value, bool),
        "float64": isinstance(value, int | float)
        and not isinstance(value, bool)
        and (math.isnan(value) or value >= 0),
    }[dtype]
    return "" if ok else f"{where}: value {value!r} is not a {dtype} value"
