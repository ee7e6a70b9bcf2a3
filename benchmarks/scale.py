"""Records at scale: geoplan's exported map and app against plain folium, at 1k, 10k and 100k.

Issue 12. The records are synthetic: copies of the shipped ones (``data/records/``)
with unique ids, each copy's point jittered inside its unit (records known only by
their county or city anywhere in it, records at a town or place within 3 km of it),
written as CSVs like ``data/records/`` (:func:`write_synthetic`). One run measures,
side by side:

* **exported map** (``atlas.map(records=…)`` + ``to_html``, as the app's export tab
  writes it) against folium with the same points, a ``CircleMarker`` with its popup
  per record, and ``FastMarkerCluster``, each with Leaflet (and markercluster) inlined
  so Chromium renders them offline: build time, HTML size, and the time from opening
  the file to a rendered map in headless Chromium;
* **the app** (``streamlit run app.py`` with ``GEOPLAN_RECORDS_DIR`` at the records):
  first paint against the app on the shipped records in the same run, a filter change,
  and the server's peak memory.

Targets (issue 12; measured, never asserted): 100k exported map ≤ 10 MB and built in
≤ 5 s; app first paint ≤ 2× the shipped-records app; a filter change ≤ 1 s; server
memory ≤ 1 GB; geoplan's export smaller than folium's CircleMarker map at every size,
and at 100k no larger than twice FastMarkerCluster's, with popups.

``python -m benchmarks scale`` (all sizes), ``python -m benchmarks.scale 1000 10000``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

import geoplan
from geoplan import records, schema

SIZES = (1_000, 10_000, 100_000)
# Records at a town or a place stay this close to it (metres).
_NEAR_M = 3_000.0


def synthetic_records(n: int, atlas: geoplan.Atlas, *, seed: int = 12) -> pd.DataFrame:
    """Return ``n`` records: the shipped ones copied, unique ids, points jittered in their unit."""
    shipped = pd.DataFrame(atlas.records[schema.COLUMNS])
    copies = math.ceil(n / len(shipped))
    frame = pd.concat([shipped] * copies, ignore_index=True).iloc[:n].copy()
    copy = np.repeat(np.arange(copies), len(shipped))[:n]
    frame["record_id"] = frame["record_id"] + np.where(copy > 0, [f"~{c}" for c in copy], "")
    frame["group_id"] = np.where(
        frame["group_id"] != "",
        frame["group_id"] + np.where(copy > 0, [f"~{c}" for c in copy], ""),
        "",
    )
    rng = np.random.default_rng(seed)
    units = atlas.units()
    placed = frame["lon"].notna().to_numpy() & (copy > 0)
    lon, lat = frame["lon"].to_numpy(copy=True), frame["lat"].to_numpy(copy=True)
    for adcode, where in frame[placed].groupby("adcode").groups.items():
        unit = units.loc[adcode].geometry if adcode in units.index else None
        rows = frame.index.get_indexer(where)
        near = frame["precision"].iloc[rows].isin(["place", "township", "schematic"]).to_numpy()
        lon[rows], lat[rows] = _jitter(unit, lon[rows], lat[rows], near, rng)
    frame["lon"], frame["lat"] = np.round(lon, 6), np.round(lat, 6)
    return frame


def _jitter(unit, lon, lat, near, rng):
    """Points anywhere in the unit (stand-ins), or within _NEAR_M of their own (places)."""
    out_x, out_y = lon.copy(), lat.copy()
    if unit is None:
        return out_x, out_y
    minx, miny, maxx, maxy = unit.bounds
    todo = np.arange(len(lon))
    for _ in range(50):
        if not len(todo):
            break
        k = len(todo)
        x = np.where(
            near[todo],
            lon[todo] + rng.uniform(-1, 1, k) * _NEAR_M / 96_000,
            rng.uniform(minx, maxx, k),
        )
        y = np.where(
            near[todo],
            lat[todo] + rng.uniform(-1, 1, k) * _NEAR_M / 111_000,
            rng.uniform(miny, maxy, k),
        )
        ok = shapely.contains_xy(unit, x, y)
        out_x[todo[ok]], out_y[todo[ok]] = x[ok], y[ok]
        todo = todo[~ok]
    return out_x, out_y


def write_synthetic(n: int, folder: Path, atlas: geoplan.Atlas) -> Path:
    """Write ``n`` synthetic records as ``<plan>.csv`` files (``GEOPLAN_RECORDS_DIR``)."""
    folder.mkdir(parents=True, exist_ok=True)
    records.write(synthetic_records(n, atlas), folder)
    return folder
