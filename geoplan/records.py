"""The shipped records: reading ``data/records/``, regenerating it, and footprints.

``data/records/<plan>.csv`` are generated, never edited by hand::

    geoplan extract --all        # = geoplan.records.regenerate()

which extracts every plan (:mod:`geoplan.extract`, with the reviewed
``data/records/overrides.toml`` applied), places every record
(:mod:`geoplan.locate`) and writes one deterministic CSV per plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from geoplan import crs, schema
from geoplan._io import write_atomic
from geoplan._paths import DATA
from geoplan.locate import Locator

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction

__all__ = ["footprints", "place_extraction", "read_records", "regenerate"]

RECORDS_DIR = DATA / "records"


def read_records(directory: str | Path = RECORDS_DIR) -> gpd.GeoDataFrame:
    """Read every ``<plan>.csv`` of a folder into one placed GeoDataFrame.

    Records without a point (``unplaced``) have an empty geometry (None).
    """
    files = sorted(Path(directory).glob("[0-9]*.csv"))
    frames = [schema.read_csv(f) for f in files]
    frame = pd.concat(frames, ignore_index=True) if frames else schema.empty()
    return _geo(frame, f"records in {directory}")


def _geo(frame: pd.DataFrame, what: str) -> gpd.GeoDataFrame:
    """Return records as a GeoDataFrame of their points (None when unplaced), sorted by id."""
    frame = schema.validate(frame.sort_values("record_id", ignore_index=True))
    points = gpd.points_from_xy(frame["lon"], frame["lat"])
    geometry = [
        p if placed else None for p, placed in zip(points, frame["lon"].notna(), strict=True)
    ]
    records = gpd.GeoDataFrame(frame, geometry=geometry, crs=crs.WGS84)
    crs.check_lonlat(records["lon"], records["lat"], what=what)
    return records


def place_extraction(
    extraction: PlanExtraction, locator: Locator | None = None
) -> gpd.GeoDataFrame:
    """Place the records of one plan file read by :func:`geoplan.extract.extract_file`.

    The plan need not be in ``data/plans.toml``: its region (read from its text or
    given) is where names are looked for and, lacking any, where its records go.
    Pass a ``locator`` to reuse one (``Locator.load()`` reads the boundaries).
    """
    found = (locator or Locator.load()).with_plan(extraction.plan)
    placed = found.place(extraction.records)
    return _geo(schema.validate(placed[schema.COLUMNS]), f"records of {extraction.plan.file}")


def regenerate(
    out_dir: str | Path | None = None, seeds_dir: str | Path | None = None
) -> pd.DataFrame:
    """Extract and place the records of all five plans and write one CSV per plan.

    Returns the placed records. Files are written atomically; a plan whose
    extraction fails leaves every existing file as it was.
    """
    from geoplan import extract  # noqa: PLC0415 - extraction is only needed here

    folder = Path(out_dir) if out_dir is not None else RECORDS_DIR
    records = Locator.load().place(extract.extract_all(seeds_dir))
    records = schema.validate(records[schema.COLUMNS])
    texts = {plan: schema.to_csv(group) for plan, group in records.groupby("plan", sort=True)}
    for plan, text in texts.items():
        write_atomic(folder / f"{plan}.csv", text)
    return records


def footprints(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return circles of each record's documented land area at its point.

    Only records with both a land area and a point get one. The circle has
    the documented area (built in a metric CRS); its *position* is only as good
    as the record's placement, which the ``precision`` column says.
    """
    has = records["land_area_m2"].notna() & records["lon"].notna() & (records["land_area_m2"] > 0)
    chosen = records[has]
    circles = crs.circles_of_area(chosen["lon"], chosen["lat"], chosen["land_area_m2"])
    return gpd.GeoDataFrame(chosen.drop(columns="geometry"), geometry=list(circles), crs=crs.WGS84)
