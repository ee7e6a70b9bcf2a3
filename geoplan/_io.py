"""Small file helpers shared by the data readers and writers.

Writing never leaves a half-written file behind; reading checks a table's
columns or keys and says what is wrong and what to do.
"""

from __future__ import annotations

import csv
import os
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geoplan.errors import DataFileError

__all__ = ["key_problems", "read_csv_rows", "read_toml", "write_atomic"]


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write a file so that readers see either the old or the complete new content.

    The data goes to a temporary file in the same folder, which then replaces
    the target in one step; on any failure the temporary file is removed and
    the target is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        Path(tmp).chmod(_mode_for(target))
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _mode_for(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def read_csv_rows(path: str | Path, columns: Iterable[str], remedy: str) -> list[dict[str, str]]:
    """Read a UTF-8 CSV data file whose header must be exactly ``columns``.

    Raises
    ------
    DataFileError
        If the file is missing (the message ends with ``remedy``) or its
        header is not the expected one.
    """
    file = Path(path)
    if not file.is_file():
        msg = f"{file.name} not found at {file}; {remedy}"
        raise DataFileError(msg)
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    expected = list(columns)
    if set(header) != set(expected):
        msg = f"{file} must have the columns {', '.join(expected)}; it has {', '.join(header)}"
        raise DataFileError(msg)
    return rows


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """Read a UTF-8 TOML data file.

    Raises
    ------
    DataFileError
        Naming ``what`` the file is (e.g. ``"the plan registry"``), the file and
        the parser's message (with its line), if it is missing, not UTF-8 or
        not valid TOML.
    """
    file = Path(path)
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        msg = f"cannot read {what} {file}: {err}; it must be a valid UTF-8 TOML file"
        raise DataFileError(msg) from err


def key_problems(table: Mapping[str, Any], allowed: set[str], required: set[str]) -> list[str]:
    """Return one sentence per unknown or missing key of a TOML table (empty when fine).

    Examples
    --------
    >>> key_problems({"id": 1, "colour": "red"}, {"id", "color"}, {"id", "color"})
    ["unknown key 'colour' (allowed: color, id)", "missing required key 'color'"]
    """
    listed = ", ".join(sorted(allowed))
    unknown = [f"unknown key {k!r} (allowed: {listed})" for k in sorted(set(table) - allowed)]
    return unknown + [f"missing required key {k!r}" for k in sorted(required - set(table))]
