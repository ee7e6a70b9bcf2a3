"""The records of the registered plans: building, writing and reading ``data/records/``.

``data/records/<plan>.csv`` are generated, never edited by hand::

    geoplan extract --all        # = geoplan.records.regenerate()

One pipeline builds them (:func:`build`: extract every plan with
:mod:`geoplan.extract`, apply the reviewed ``data/records/overrides.toml``,
place every record with :mod:`geoplan.locate`) and one writer writes them
(:func:`write`: one deterministic CSV per plan, atomically).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoplan import crs, records_cache, schema
from geoplan._io import write_atomic
from geoplan._paths import DATA
from geoplan.locate import LineSource, Locator
from geoplan.plans import plan_lines, plan_text, split_lines

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction
    from geoplan.extract.records import PlanResult
    from geoplan.store import Store

__all__ = [
    "Build",
    "build",
    "footprints",
    "place_extraction",
    "read_records",
    "regenerate",
    "stored_records",
    "write",
]

RECORDS_DIR = DATA / "records"


@dataclass(frozen=True, slots=True)
class Build:
    """The placed records of the registered plans, and the extraction behind them.

    ``inventories`` (box inventories by plan id) lets the report say what was
    read and left out without extracting the plans again.
    """

    records: pd.DataFrame
    inventories: dict[str, PlanResult]


def read_records(directory: str | Path = RECORDS_DIR) -> gpd.GeoDataFrame:
    """Read every ``<plan>.csv`` of a folder into one placed GeoDataFrame.

    Records without a point (``unplaced``) have an empty geometry (None). The
    first read also writes a GeoParquet copy (:mod:`geoplan.records_cache`),
    which later reads take while the CSVs stay as they are.
    """
    folder = Path(directory)
    files = sorted(folder.glob("[0-9]*.csv"))
    cached = records_cache.read(folder, files)
    if cached is not None:
        return _checked(cached, f"records in {directory}")
    frames = [schema.read_csv(f) for f in files]
    frame = pd.concat(frames, ignore_index=True) if frames else schema.empty()
    records = _geo(frame, f"records in {directory}")
    records_cache.write(folder, files, records)
    return records


def stored_records(store: Store) -> gpd.GeoDataFrame:
    """Return the placed records of the plans uploaded to a user store, as :func:`read_records`.

    They were placed when uploaded (:func:`geoplan.uploads.save_plan`).

    Raises
    ------
    SchemaError
        If a stored record does not fit the schema any more (a geoplan whose
        schema changed since the upload): upload the plan again.
    """
    rows = store.plans.records()
    if not rows:
        return _geo(schema.empty(), "uploaded plans")
    known = set(schema.COLUMNS)
    frame = schema.from_rows([{k: v for k, v in r.items() if k in known} for r in rows])
    return _geo(frame, f"records of uploaded plans in {store.path}")


def _geo(frame: pd.DataFrame, what: str) -> gpd.GeoDataFrame:
    """Return records as a GeoDataFrame of their points (None when unplaced), sorted by id."""
    frame = frame.sort_values("record_id", ignore_index=True)
    placed = frame["lon"].notna().to_numpy()
    points = shapely.points(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    geometry = np.where(placed, points, None)
    records = gpd.GeoDataFrame(frame, geometry=geometry, crs=crs.WGS84)
    return _checked(records, what)


def _checked(records: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Check records against the schema and their points against WGS-84 in Zhejiang."""
    schema.validate(records)
    crs.check_lonlat(records["lon"], records["lat"], what=what)
    return records


def place_extraction(
    extraction: PlanExtraction, locator: Locator | None = None
) -> gpd.GeoDataFrame:
    """Place the records of one plan file read by :func:`geoplan.extract.extract_file`.

    The plan need not be in ``data/plans.toml``: its region (read from its text or
    given) is where names are looked for and, lacking any, where its records go;
    each placement basis cites the file's lines. Pass a ``locator`` to reuse one
    (``Locator.load()`` reads the boundaries and gazetteers).
    """
    found = locator or Locator.load()
    if extraction.info is not None and not extraction.registered:
        found = found.with_plan(extraction.info)
    source = extraction.source
    lines: LineSource | None = None
    if source is not None:
        lines = lambda plan: source.lines  # noqa: E731 - the file's own lines
    placed = found.place(extraction.records, lines=lines)
    what = f"records of {source.name if source else extraction.plan}"
    return _geo(placed[schema.COLUMNS], what)


def build(plan_ids: Iterable[str] | None = None, plans_dir: str | Path | None = None) -> Build:
    """Extract and place the records of the registered plans (all by default).

    Raises
    ------
    UnknownNameError
        If a plan id is not registered.
    DataFileError
        If a plan text is missing or an override does not fit.
    """
    from geoplan import extract  # noqa: PLC0415 - extraction is only needed here

    extractions = extract.extract_registered(plan_ids, plans_dir)
    frames = [e.records for e in extractions if len(e.records)]
    extracted = pd.concat(frames, ignore_index=True) if frames else schema.empty()
    # The plans' lines let each placement basis cite the line its words are on.
    lines: LineSource = plan_lines
    if plans_dir is not None:
        lines = lambda plan: split_lines(plan_text(plan, plans_dir))  # noqa: E731
    placed = Locator.load().place(extracted, lines=lines)
    records = schema.validate(placed[schema.COLUMNS].sort_values("record_id", ignore_index=True))
    return Build(records, {e.plan: e.inventory for e in extractions})


def write(records: pd.DataFrame, out_dir: str | Path = RECORDS_DIR) -> list[Path]:
    """Write one ``<out_dir>/<plan>.csv`` per plan: the one writer of record files.

    Every file is rendered before any is written, and each is replaced in one
    step (:func:`geoplan._io.write_atomic`), so a run that fails or is killed
    leaves every file either as it was or complete. The output is
    deterministic: the same records give the same bytes.

    Raises
    ------
    SchemaError
        If ``records`` is not a records table.
    """
    schema.validate(records)
    folder = Path(out_dir)
    texts = {plan: schema.to_csv(group) for plan, group in records.groupby("plan", sort=True)}
    return [write_atomic(folder / f"{plan}.csv", text) for plan, text in texts.items()]


def regenerate(out_dir: str | Path = RECORDS_DIR, plans_dir: str | Path | None = None) -> Build:
    """Build the records of every registered plan and write them (``geoplan extract --all``)."""
    built = build(None, plans_dir)
    write(built.records, out_dir)
    return built


def footprints(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return circles of each record's documented land area at its point.

    Only records with both a land area and a point get one, and none with a
    digitized boundary (``surveyed``: its polygon is drawn instead). The circle has
    the documented area (built in a metric CRS); its *position* is only as good
    as the record's placement, which the ``precision`` column says.
    """
    has = records["land_area_m2"].notna() & records["lon"].notna() & (records["land_area_m2"] > 0)
    has &= records["precision"] != "surveyed"
    chosen = records[has]
    circles = crs.circles_of_area(chosen["lon"], chosen["lat"], chosen["land_area_m2"])
    return gpd.GeoDataFrame(chosen.drop(columns="geometry"), geometry=list(circles), crs=crs.WGS84)
