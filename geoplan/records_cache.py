"""A GeoParquet copy of a records folder, for fast loading; the CSVs stay the source.

``data/records/<plan>.csv`` are what people read, diff and review; geoplan also
keeps the table it reads from them (schema dtypes, point geometry) as GeoParquet
in ``<folder>/.cache/records-<key>.parquet``, never committed (``.gitignore``).
The key is a hash of the CSV files' names and bytes, and of the schema: when any
of them changes, :func:`geoplan.records.read_records` reads the
CSVs again and replaces the copy. 100,000 records load from it in about a third
of the time the CSVs take (``python -m benchmarks scale``).

Nothing here is required: a folder that cannot be written, or a copy that cannot
be read, is simply read from its CSVs.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from geoplan import records, schema
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "900.csv").write_text(schema.to_csv(schema.empty()), encoding="utf-8")
>>> first = records.read_records(folder)          # from the CSV; writes the copy
>>> [p.suffix for p in (folder / ".cache").iterdir()]
['.parquet']
>>> records.read_records(folder).equals(first)    # from the copy
True
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd

from geoplan import schema
from geoplan._io import write_atomic

__all__ = ["CACHE_DIR", "cache_path", "read", "write"]

#: The folder, inside a records folder, that holds its GeoParquet copy.
CACHE_DIR = ".cache"


def cache_path(folder: Path, files: Sequence[Path]) -> Path:
    """Return the path of the copy that stands for these CSV files as they are now."""
    digest = hashlib.blake2b(digest_size=12)
    # the schema is part of the key: a geoplan whose columns changed reads the CSVs again
    digest.update(repr([(f.name, f.dtype) for f in schema.FIELDS]).encode())
    for file in files:
        # the bytes, not the modification time: an edit within the clock's tick (a
        # script, a test) must not leave a stale copy; hashing is ~0.1 s per 60 MB
        digest.update(f"{file.name}\0".encode())
        digest.update(file.read_bytes())
    return folder / CACHE_DIR / f"records-{digest.hexdigest()}.parquet"


def read(folder: Path, files: Sequence[Path]) -> gpd.GeoDataFrame | None:
    """Return the records of the copy made from these files, or ``None`` if there is none."""
    path = cache_path(folder, files)
    if not path.exists():
        return None
    try:
        frame = gpd.read_parquet(path)
    except (OSError, ValueError):  # a copy being replaced or broken: read the CSVs
        return None
    for field in schema.FIELDS:
        if field.dtype == "str":  # the CSV reader's dtype: Python strings
            frame[field.name] = frame[field.name].astype(object)
    return frame


def write(folder: Path, files: Sequence[Path], records: gpd.GeoDataFrame) -> Path | None:
    """Write the copy of these files' records (atomically); drop older copies.

    Returns its path, or ``None`` when the folder cannot be written.
    """
    path = cache_path(folder, files)
    buffer = io.BytesIO()
    records.to_parquet(buffer, index=False)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError:
        return None
    for old in path.parent.glob("records-*.parquet"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return path
