"""Files planners take away: records as CSV, GeoJSON and GeoPackage, summaries as CSV.

Every function returns the file's bytes (what a download button or
``Path.write_bytes`` takes) and reads nothing. Tables for people have the
schema's Chinese labels as headings and are written with a byte-order mark,
so that Excel opens them as UTF-8; ``headings="en"`` gives the schema's own
CSV (:func:`geoplan.schema.to_csv`), which :func:`geoplan.schema.read_csv`
reads back. GeoJSON (RFC 7946) and GeoPackage keep the schema's column names,
which GIS software handles better than Chinese ones, and WGS-84 coordinates;
unplaced records have no geometry.

Examples
--------
>>> from datetime import date
>>> file_name("records", ["衢州服务业十四五", "项目", "a/b"], "csv", day=date(2024, 5, 1))
'geoplan_records_衢州服务业十四五_项目_a-b_2024-05-01.csv'
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import geopandas as gpd
import pandas as pd
import pyogrio

from geoplan import crs, query, schema
from geoplan.errors import UnknownNameError

__all__ = [
    "RECORD_FORMATS",
    "TABLE_COLUMNS",
    "Format",
    "file_name",
    "records_csv",
    "records_geojson",
    "records_gpkg",
    "records_table",
    "summary_csv",
]

#: The columns of the app's record table, in order (all columns: ``columns=None``).
TABLE_COLUMNS: tuple[str, ...] = (
    "record_id", "name", "kind", "work_type", "plan_title", "box", "unit_name", "period_start",
    "period_end", "investment_total", "investment_period", "land_area_m2", "precision",
)  # fmt: skip

_LABELS = {f.name: f.label for f in schema.FIELDS} | {"plan_title": "规划名称"}
_TRANSLATED = ("kind", "work_type", "precision")
# Characters that file systems or browsers refuse in a download name.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')
_PART_CHARS = 24
_NAME_CHARS = 120


def records_table(records: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Return records as a table for people: Chinese headings and values.

    Parameters
    ----------
    records
        Records (schema columns, optionally ``plan_title``).
    columns
        Columns to keep, in order; ``None`` for every schema column and
        ``plan_title``.

    Examples
    --------
    >>> frame = schema.empty()
    >>> list(records_table(frame, ["record_id", "kind"]).columns)
    ['编号', '类型']
    """
    chosen = list(columns) if columns is not None else [*schema.COLUMNS, "plan_title"]
    chosen = [c for c in chosen if c in records.columns]
    table = pd.DataFrame(records[chosen]).reset_index(drop=True)
    for column in _TRANSLATED:
        if column in table.columns:
            table[column] = schema.value_labels(table[column], column)
    return table.rename(columns=_LABELS)


def records_csv(records: pd.DataFrame, *, headings: Literal["zh", "en"] = "zh") -> bytes:
    """Return records as CSV: Chinese headings and values (``"zh"``) or the schema's (``"en"``).

    Raises
    ------
    UnknownNameError
        If ``headings`` is neither.
    """
    if headings == "en":
        return schema.to_csv(pd.DataFrame(records[schema.COLUMNS])).encode("utf-8")
    if headings != "zh":
        msg = f"headings must be 'zh' or 'en', got {headings!r}"
        raise UnknownNameError(msg)
    text = records_table(records).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def _for_gis(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [*schema.COLUMNS, *(["plan_title"] if "plan_title" in records.columns else [])]
    frame = gpd.GeoDataFrame(records[columns], geometry=records.geometry.values, crs=crs.WGS84)
    # GDAL has no nullable integer: whole numbers travel as floats, NaN when absent.
    for column in frame.columns:
        if str(frame[column].dtype) == "Int64":
            frame[column] = frame[column].astype("float64")
    return frame.reset_index(drop=True)


def _write(records: gpd.GeoDataFrame, driver: str, **options: str) -> bytes:
    buffer = io.BytesIO()
    pyogrio.write_dataframe(
        _for_gis(records), buffer, driver=driver, layer="records", layer_options=options or None
    )
    return buffer.getvalue()


def records_geojson(records: gpd.GeoDataFrame) -> bytes:
    """Return records as a GeoJSON FeatureCollection (RFC 7946, WGS-84 lon/lat)."""
    return _write(records, "GeoJSON", RFC7946="YES")


def records_gpkg(records: gpd.GeoDataFrame) -> bytes:
    """Return records as a GeoPackage with one layer, ``records`` (EPSG:4326)."""
    return _write(records, "GPKG")


def summary_csv(table: pd.DataFrame, *, index_label: str) -> bytes:
    """Return a summary of :mod:`geoplan.query` as CSV with Chinese headings.

    The table's statement of how its rows add up (``table.attrs["note"]``:
    whether rows overlap, what the last row counts) ends the file as a
    row of its own, so a table pasted into a report keeps it.

    Parameters
    ----------
    table
        One row per member or unit, columns of :data:`geoplan.query.TOTAL_COLUMNS`
        (and :data:`geoplan.query.EXTRA_COLUMNS`), English or already Chinese.
    index_label
        Heading of the row names, e.g. ``"格局成员"`` or ``"区县"``.
    """
    out = table.rename(columns=query.TOTAL_COLUMNS | query.EXTRA_COLUMNS)
    text = out.to_csv(index=True, index_label=index_label, lineterminator="\n")
    note = str(table.attrs.get("note", ""))
    if note:
        text += pd.DataFrame([["说明", note]]).to_csv(
            index=False, header=False, lineterminator="\n"
        )
    return text.encode("utf-8-sig")


@dataclass(frozen=True, slots=True)
class Format:
    """A file format records can be downloaded in."""

    label: str
    ext: str
    mime: str
    write: Callable[[gpd.GeoDataFrame], bytes]


#: The formats the app offers for records, in the order it lists them.
RECORD_FORMATS: tuple[Format, ...] = (
    Format("CSV，中文表头", "csv", "text/csv", records_csv),
    Format("CSV，英文字段名", "en.csv", "text/csv", lambda r: records_csv(r, headings="en")),
    Format("GeoJSON", "geojson", "application/geo+json", records_geojson),
    Format("GeoPackage", "gpkg", "application/geopackage+sqlite3", records_gpkg),
)


def file_name(what: str, parts: Iterable[str], ext: str, *, day: date | None = None) -> str:
    """Return a download name that says what is inside: ``geoplan_<what>_<parts>_<date>.<ext>``.

    Characters file systems refuse become ``-``; long parts are shortened.
    """
    cleaned = [_UNSAFE_IN_NAME.sub("-", p).strip("-.")[:_PART_CHARS] for p in [what, *parts] if p]
    stem = "_".join(["geoplan", *[c for c in cleaned if c]])[:_NAME_CHARS]
    return f"{stem}_{(day or date.today()).isoformat()}.{ext}"
