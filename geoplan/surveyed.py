"""Records with a digitized boundary: check, save, undo, export, and overlay on the records.

The steps between a planner's polygon and a record drawn as ``surveyed``:
:func:`check` reads the polygon (:mod:`geoplan.digitize`) and checks it
against the record (:mod:`geoplan.checks`) without saving; :func:`save`
stores a checked boundary (:mod:`geoplan.store`) unless a check refuses it;
:func:`overlay` gives the records their saved polygons. The
:class:`~geoplan.atlas.Atlas` methods (``check_boundary``, ``set_boundary`` …)
call these with its records, units and store.
"""

from __future__ import annotations

import difflib
import getpass
import json
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geoplan import crs as crs_
from geoplan._io import write_atomic
from geoplan.checks import BoundaryReport, run_checks
from geoplan.digitize import BoundarySource, InputCrs, read_boundary
from geoplan.errors import BoundaryInputError, BoundaryRefusedError, UnknownNameError
from geoplan.store import Change, Store

__all__ = [
    "EXPORT_FORMATS",
    "check",
    "default_author",
    "export",
    "history_frame",
    "overlay",
    "record_row",
    "save",
    "surveyed_frame",
    "write_layers",
]

#: File endings :func:`export` writes, and the GDAL driver for each.
EXPORT_FORMATS: dict[str, str] = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}

# Record fields carried into exports beside each boundary.
_RECORD_FIELDS = [
    "record_id",
    "name",
    "plan",
    "kind",
    "unit_name",
    "land_area_m2",
    "land_area_text",
]


def default_author() -> str:
    """Return the login name, the author of a change when none is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


def record_row(records: pd.DataFrame, record_id: str) -> pd.Series:
    """Return a record by id.

    Raises
    ------
    UnknownNameError
        Naming the closest record ids.
    """
    found = records[records["record_id"] == record_id]
    if len(found):
        return found.iloc[0]
    close = difflib.get_close_matches(str(record_id), records["record_id"].tolist(), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; ids look like '001-b13-05'"
    msg = f"no record has the id {record_id!r}{hint}"
    raise UnknownNameError(msg)


def check(
    record_id: str,
    source: BoundarySource,
    *,
    records: pd.DataFrame,
    units: gpd.GeoDataFrame,
    store: Store,
    crs: InputCrs = "file",
    layer: str | None = None,
) -> BoundaryReport:
    """Read a boundary for a record and check it, saving nothing.

    Parameters
    ----------
    record_id
        The record.
    source, crs, layer
        As for :func:`geoplan.digitize.read_boundary`.
    records
        The records (``record_id``, ``name``, ``adcode``, ``land_area_m2`` …).
    units
        Administrative units indexed by adcode (``name``, ``level``, geometry).
    store
        Where the other records' boundaries are (for the overlap check).

    Raises
    ------
    UnknownNameError
        If no record has that id.
    BoundaryInputError
        If the boundary cannot be read (:func:`geoplan.digitize.read_boundary`).
    """
    record = record_row(records, record_id)
    boundary = read_boundary(source, crs=crs, layer=layer)
    adcode = str(record.get("adcode", ""))
    unit = (
        units.loc[adcode] if adcode in units.index else units[units["level"] == "province"].iloc[0]
    )
    others = store.boundaries()
    others = others[others["record_id"] != record_id]
    names = records.set_index("record_id")["name"]
    others = others.assign(name=others["record_id"].map(names).fillna(""))
    return run_checks(
        record.to_dict(), boundary, unit=unit.geometry, unit_name=str(unit["name"]), others=others
    )


def save(
    report: BoundaryReport, *, store: Store, author: str | None = None, force: bool = False
) -> BoundaryReport:
    """Save a checked boundary, unless its checks refuse it.

    Parameters
    ----------
    report
        From :func:`check`.
    store
        Where to save.
    author
        Who saves it (default: the login name).
    force
        Save past warnings (never past a failure).

    Returns
    -------
    BoundaryReport
        The same report, with :attr:`~geoplan.checks.BoundaryReport.change` set.

    Raises
    ------
    BoundaryRefusedError
        If a check failed, or warned and ``force`` is false; nothing is saved.
    """
    if not report.can_save(force=force):
        bad = [c for c in report.checks if c.status != "pass"]
        said = "; ".join(f"{c.name} {c.status}: {c.message}" for c in bad)
        remedy = (
            "a failed check cannot be forced: fix the boundary or choose the right record/CRS"
            if report.status == "fail"
            else "check the warnings, then save with force=True (--force)"
        )
        msg = f"boundary of {report.record_id} not saved ({said}); {remedy}"
        raise BoundaryRefusedError(msg, report)
    change = store.set_boundary(
        report.record_id,
        report.geometry,
        author=author or default_author(),
        source=report.source,
        input_crs=report.input_crs,
        checks=report.to_dicts(),
    )
    return report.saved(change)


def overlay(records: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give records their saved boundaries: polygon geometry, precision ``surveyed``.

    ``lon``/``lat`` become a point inside the polygon (its representative
    point, to 6 decimals), and ``placement_basis`` cites who digitized it,
    when, from what and in which CRS. Records without a boundary are unchanged.
    """
    if boundaries.empty:
        return records
    by_id = boundaries.set_index("record_id")
    hit = records["record_id"].isin(by_id.index)
    if not hit.any():
        return records
    out = records.copy()
    rows = by_id.loc[out.loc[hit, "record_id"]]
    points = shapely.point_on_surface(rows.geometry.values)
    out.loc[hit, "precision"] = "surveyed"
    out.loc[hit, "lon"] = np.round(shapely.get_x(points), 6)
    out.loc[hit, "lat"] = np.round(shapely.get_y(points), 6)
    out.loc[hit, "placement_basis"] = [
        f"数字化边界：{r.author}，{str(r.at)[:10]}，来源 {r.source or '未注明'}，"
        f"坐标系 {r.input_crs or 'wgs84'}"
        for r in rows.itertuples()
    ]
    geometry = out.geometry.copy()
    geometry[hit.to_numpy()] = rows.geometry.values
    return out.set_geometry(geometry)


def surveyed_frame(records: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return current boundaries with their record's fields and geodesic area (for exports)."""
    fields = records[[c for c in _RECORD_FIELDS if c in records.columns]]
    frame = boundaries.merge(pd.DataFrame(fields), on="record_id", how="left")
    frame["area_m2"] = crs_.geodesic_area_m2(frame.geometry.values)
    ordered = [*[c for c in _RECORD_FIELDS if c in frame.columns], "area_m2"]
    rest = [c for c in frame.columns if c not in {*ordered, "geometry"}]
    return gpd.GeoDataFrame(frame[[*ordered, *rest]], geometry=frame.geometry, crs=crs_.WGS84)


def history_frame(changes: list[Change]) -> gpd.GeoDataFrame:
    """Return changes as a table, oldest first: one row per change, the new geometry as geometry.

    Columns: ``change_id``, ``record_id``, ``action``, ``author``, ``at``,
    ``source``, ``input_crs``, ``undoes``, ``undone`` (a later undo reverted
    it), ``status`` (worst check), ``area_m2`` (of the new geometry),
    ``checks`` (list of dicts), ``previous`` (geometry before).
    """
    undone = {c.undoes for c in changes if c.undoes is not None}
    rows: list[dict[str, Any]] = [
        {
            "change_id": c.change_id,
            "record_id": c.record_id,
            "action": c.action,
            "author": c.author,
            "at": c.at,
            "source": c.source,
            "input_crs": c.input_crs,
            "undoes": c.undoes,
            "undone": c.change_id in undone,
            "status": c.status,
            "checks": list(c.checks),
        }
        for c in changes
    ]
    frame = pd.DataFrame(rows, columns=[*_HISTORY_COLUMNS])
    frame["undoes"] = frame["undoes"].astype("Int64")
    frame["area_m2"] = crs_.geodesic_area_m2(np.array([c.geometry for c in changes], dtype=object))
    frame["previous"] = gpd.GeoSeries([c.previous for c in changes], crs=crs_.WGS84)
    return gpd.GeoDataFrame(frame, geometry=[c.geometry for c in changes], crs=crs_.WGS84)


_HISTORY_COLUMNS = (
    "change_id", "record_id", "action", "author", "at", "source", "input_crs", "undoes",
    "undone", "status", "checks",
)  # fmt: skip


def export(current: gpd.GeoDataFrame, history: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write boundaries to a GeoPackage or GeoJSON file, atomically.

    GeoJSON (RFC 7946) holds the current boundaries; a GeoPackage holds them
    as layer ``boundaries`` and every change as layer ``boundary_history``
    (its ``checks`` as JSON text).

    Raises
    ------
    BoundaryInputError
        If the file name does not end in ``.gpkg``, ``.geojson`` or ``.json``.
    """
    flat = history.drop(columns=["previous"]).assign(
        checks=history["checks"].map(lambda c: json.dumps(c, ensure_ascii=False))
    )
    return write_layers(path, {"boundaries": current, "boundary_history": flat})


def write_layers(path: str | Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    """Write frames as layers of a GeoPackage, or the first as GeoJSON, atomically.

    Raises
    ------
    BoundaryInputError
        If the file name does not end in ``.gpkg``, ``.geojson`` or ``.json``.
    """
    target = Path(path)
    driver = EXPORT_FORMATS.get(target.suffix.lower())
    if driver is None:
        msg = f"cannot write {target.name}: the name must end in .gpkg or .geojson"
        raise BoundaryInputError(msg)
    chosen = list(layers.items()) if driver == "GPKG" else list(layers.items())[:1]
    with tempfile.TemporaryDirectory(prefix="geoplan-export-") as tmp:
        scratch = Path(tmp) / f"out{target.suffix.lower()}"
        options = {"RFC7946": "YES"} if driver == "GeoJSON" else None
        for name, frame in chosen:
            pyogrio.write_dataframe(
                frame, scratch, driver=driver, layer=name, layer_options=options
            )
        return write_atomic(target, scratch.read_bytes())
