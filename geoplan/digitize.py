"""Reading a record's boundary: a file a planner uploads or a shape they draw, to WGS-84.

Planners bring boundaries from their GIS (GeoPackage, zipped Shapefile), from
Google Earth or 奥维 (KML), from web tools (GeoJSON), or draw them in the app.
They say which coordinate system the coordinates are in (:data:`CRS_CHOICES`):
WGS-84, GCJ-02 (as on 高德 maps, whose files often *label* GCJ-02 coordinates
as WGS-84), CGCS2000, or the file's own declaration. :func:`read_boundary`
converts to WGS-84 through :mod:`geoplan.crs` and returns the polygon, still
unchecked (:mod:`geoplan.checks` repairs and checks it).

Bad input raises :class:`~geoplan.errors.BoundaryInputError` saying what was
received and what to do, before anything is saved: an unreadable or oversized
file, a zip with unsafe or too many members, no polygon, or coordinates that
are not lon/lat in Zhejiang (swapped axes, projected metres read as degrees).

Examples
--------
>>> found = read_boundary({"type": "Polygon", "coordinates": [[
...     [119.99, 29.20], [120.0, 29.20], [120.0, 29.21], [119.99, 29.20]]]}, crs="gcj02")
>>> found.input_crs, found.source, round(found.geometry.bounds[0], 4)
('gcj02', 'drawn', 119.9854)
>>> read_boundary({"type": "Point", "coordinates": [120.0, 29.2]})
Traceback (most recent call last):
...
geoplan.errors.BoundaryInputError: the drawn shape holds Point geometry, not a polygon: ...
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeAlias

import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from geoplan import crs as crs_
from geoplan.errors import BoundaryInputError, CoordinateError

__all__ = [
    "CRS_CHOICES",
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "BoundaryInput",
    "BoundarySource",
    "InputCrs",
    "Upload",
    "read_boundary",
    "split_polygons",
]

InputCrs = Literal["file", "wgs84", "gcj02", "cgcs2000"]

#: The coordinate systems a planner can say a boundary is in, with their labels.
CRS_CHOICES: dict[str, str] = {
    "file": "文件自带坐标系（未声明时按 WGS-84）",
    "wgs84": "WGS-84（GPS、奥维、Google Earth、OpenStreetMap）",
    "gcj02": "GCJ-02（高德、腾讯地图）",
    "cgcs2000": "CGCS2000（国家2000经纬度，天地图）",
}

#: File name endings read, and what they are read as.
FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".zip": "zipped Shapefile",
}

#: Largest file accepted: a digitized boundary is kilobytes; 20 MB is a whole layer.
MAX_FILE_BYTES = 20 * 2**20
#: A zipped Shapefile has 3–8 members (.shp .shx .dbf .prj .cpg …).
MAX_ZIP_MEMBERS = 32
#: Most a zip may expand to, whatever its headers claim (zip bombs).
MAX_UNZIPPED_BYTES = 100 * 2**20


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file: its bytes and its name (the name's ending says the format)."""

    data: bytes
    name: str


#: What :func:`read_boundary` takes: a shapely geometry, a GeoJSON mapping
#: (what the app's drawing tool returns), an :class:`Upload`, or a file path.
BoundarySource: TypeAlias = BaseGeometry | Mapping[str, Any] | Upload | str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class BoundaryInput:
    """A boundary as read, in WGS-84, before the checks.

    Parameters
    ----------
    geometry
        Polygon or MultiPolygon, WGS-84 lon/lat; not yet validated.
    source
        The file name, ``"drawn"`` (GeoJSON from the app) or ``"geometry"``.
    input_crs
        What it was converted from: ``"wgs84"``, ``"gcj02"``, ``"cgcs2000"``,
        or the file's CRS (``"EPSG:4549"``).
    notes
        What reading did that the planner should know (Chinese): conversions,
        features merged, non-polygon parts dropped.
    """

    geometry: BaseGeometry
    source: str
    input_crs: str
    notes: tuple[str, ...] = ()


def read_boundary(
    source: BoundarySource, *, crs: InputCrs = "file", layer: str | None = None
) -> BoundaryInput:
    """Read a boundary and convert it to WGS-84 lon/lat.

    Parameters
    ----------
    source
        A shapely geometry, a GeoJSON mapping (geometry, Feature or
        FeatureCollection), an :class:`Upload`, or the path of a file whose
        name ends as in :data:`FORMATS`.
    crs
        The coordinate system of the coordinates (:data:`CRS_CHOICES`).
        ``"file"``: what the file declares (GeoPackage, Shapefile ``.prj``,
        legacy GeoJSON ``crs``), WGS-84 when it declares nothing (GeoJSON and
        KML are WGS-84 by definition). Draw over 高德 tiles: ``"gcj02"``.
    layer
        The layer to read from a GeoPackage or zip with several.

    Returns
    -------
    BoundaryInput
        All polygons of the source, as one Polygon or MultiPolygon.

    Raises
    ------
    BoundaryInputError
        If the source cannot be read or is not a polygon in Zhejiang.
    """
    if crs not in CRS_CHOICES:
        msg = f"unknown coordinate system {crs!r}; choose one of {', '.join(CRS_CHOICES)}"
        raise BoundaryInputError(msg)
    if isinstance(source, BaseGeometry):
        name, geoms, declared = "the geometry", [source], None
    elif isinstance(source, Mapping):
        name, declared = "the drawn shape", _declared_crs(source)
        geoms = _from_geojson(source, name)
    else:
        upload = source if isinstance(source, Upload) else _read_path(Path(source))
        name = upload.name
        geoms, declared = _read_upload(upload, layer)
    label = {"the geometry": "geometry", "the drawn shape": "drawn"}.get(name, name)
    geometry, notes = _polygonal(geoms, name)
    from_crs = _source_crs(crs, declared, name)
    wgs84, conversion = _to_wgs84(geometry, from_crs, name)
    return BoundaryInput(wgs84, label, from_crs, (*notes, *conversion))


# ----------------------------------------------------------------------------- files


def _read_path(path: Path) -> Upload:
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        msg = f"boundary file not found: {path}"
        raise BoundaryInputError(msg) from err
    _check_size(size, path.name)
    return Upload(path.read_bytes(), path.name)


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        msg = (
            f"{name} is {size / 2**20:.1f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
            "a boundary file may have: export only the record's polygon, or simplify it"
        )
        raise BoundaryInputError(msg)


def _read_upload(upload: Upload, layer: str | None) -> tuple[list[BaseGeometry], str | None]:
    _check_size(len(upload.data), upload.name)
    suffix = Path(upload.name).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(f"{k} ({v})" for k, v in FORMATS.items())
        msg = f"cannot read {upload.name!r}: the file name must end in one of {known}"
        raise BoundaryInputError(msg)
    if FORMATS[suffix] == "GeoJSON":
        obj = _parse_json(upload)
        return _from_geojson(obj, upload.name), _declared_crs(obj)
    with tempfile.TemporaryDirectory(prefix="geoplan-upload-") as tmp:
        folder = Path(tmp)
        if suffix == ".zip":
            path = _unzip_shapefile(upload, folder, layer)
        else:
            path = folder / f"upload{suffix}"
            path.write_bytes(upload.data)
        return _read_ogr(path, upload.name, layer if suffix != ".zip" else None)


def _parse_json(upload: Upload) -> Any:
    try:
        return json.loads(upload.data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        msg = f"{upload.name} is not UTF-8 text, so not GeoJSON (byte {err.start} is invalid)"
        raise BoundaryInputError(msg) from err
    except json.JSONDecodeError as err:
        msg = (
            f"{upload.name} is not JSON ({err.msg} at line {err.lineno}, column {err.colno}); "
            "a GeoJSON file is JSON text such as "
            '{"type": "FeatureCollection", "features": [...]}'
        )
        raise BoundaryInputError(msg) from err


def _unzip_shapefile(upload: Upload, folder: Path, layer: str | None) -> Path:
    """Extract a zipped Shapefile safely and return its ``.shp``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except zipfile.BadZipFile as err:
        msg = f"{upload.name} is not a valid zip file ({err}); zip the Shapefile's files again"
        raise BoundaryInputError(msg) from err
    with archive:
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir() and not m.filename.startswith("__MACOSX/")
        ]
        if len(members) > MAX_ZIP_MEMBERS:
            msg = (
                f"{upload.name} holds {len(members)} files, more than {MAX_ZIP_MEMBERS}: "
                "zip only the boundary's Shapefile (.shp, .shx, .dbf, .prj)"
            )
            raise BoundaryInputError(msg)
        for member in members:
            _check_member_path(member.filename, upload.name)
        shps = sorted(m.filename for m in members if m.filename.lower().endswith(".shp"))
        if not shps:
            listed = ", ".join(m.filename for m in members[:8]) or "nothing"
            msg = f"{upload.name} holds no .shp file (it holds {listed}); zip a Shapefile"
            raise BoundaryInputError(msg)
        by_stem = {PurePosixPath(s).stem: s for s in shps}
        chosen = by_stem[_choose_layer(list(by_stem), layer, upload.name)]
        budget = MAX_UNZIPPED_BYTES
        for member in members:
            target = folder.joinpath(*PurePosixPath(member.filename).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            # Read at most the budget left: a member's declared size may lie.
            with archive.open(member) as stream:
                data = stream.read(budget + 1)
            budget -= len(data)
            if budget < 0:
                msg = (
                    f"{upload.name} expands to more than {MAX_UNZIPPED_BYTES // 2**20} MB: "
                    "it is not a single boundary"
                )
                raise BoundaryInputError(msg)
            target.write_bytes(data)
    return folder.joinpath(*PurePosixPath(chosen).parts)


def _check_member_path(member: str, name: str) -> None:
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or ":" in member:
        msg = (
            f"{name} has a member with an unsafe path {member!r} (absolute, a drive or '..'); "
            "it is refused: zip the Shapefile's files without folders"
        )
        raise BoundaryInputError(msg)


def _choose_layer(names: list[str], layer: str | None, file_name: str) -> str:
    if layer is not None:
        if layer not in names:
            msg = f"{file_name} has no layer {layer!r}; its layers: {', '.join(names)}"
            raise BoundaryInputError(msg)
        return layer
    if len(names) > 1:
        msg = (
            f"{file_name} has {len(names)} layers ({', '.join(names)}); "
            "say which holds the boundary (layer=…, or --layer)"
        )
        raise BoundaryInputError(msg)
    return names[0]


def _read_ogr(path: Path, name: str, layer: str | None) -> tuple[list[BaseGeometry], str | None]:
    # GDAL reports oddities as warnings from inside its error handler: collect them
    # (a warning raised there could not be caught) and say them if reading fails.
    with warnings.catch_warnings(record=True) as said_by_gdal:
        warnings.simplefilter("always")
        try:
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
            if not layers:
                msg = f"{name} has no layers: it holds no boundary"
                raise BoundaryInputError(msg)
            # KML folders are layers of one drawing: read them all; elsewhere pick one.
            chosen = (
                layers
                if path.suffix == ".kml" and layer is None
                else [_choose_layer(layers, layer, name)]
            )
            frames = [pyogrio.read_dataframe(path, layer=lay) for lay in chosen]
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
            # GDAL names the temporary copy and suggests driver prefixes: say it plainly.
            said = [str(err), *(str(w.message) for w in said_by_gdal)]
            plain = "; ".join(s.replace(str(path), name).split("; It might help")[0] for s in said)
            msg = (
                f"cannot read {name} as {FORMATS[path.suffix]} ({plain.rstrip('.')}): "
                "is the file complete, and is its name's ending its format?"
            )
            raise BoundaryInputError(msg) from err
    declared = {f.crs.to_string() for f in frames if f.crs is not None}
    geoms = [g for f in frames for g in f.geometry if g is not None]
    return geoms, declared.pop() if len(declared) == 1 else None


# ----------------------------------------------------------------------------- geometry


def _from_geojson(obj: Any, name: str) -> list[BaseGeometry]:
    kind = obj.get("type") if isinstance(obj, Mapping) else None
    if kind is None:
        msg = (
            f"{name} is not GeoJSON: expected an object with a 'type' "
            f"(FeatureCollection, Feature or a geometry), got {type(obj).__name__}"
        )
        raise BoundaryInputError(msg)
    if kind == "FeatureCollection":
        items = [
            f.get("geometry") if isinstance(f, Mapping) else f for f in obj.get("features", [])
        ]
    elif kind == "Feature":
        items = [obj.get("geometry")]
    else:
        items = [obj]
    geoms = []
    for item in items:
        if item is None:
            continue
        try:
            # NaN coordinates make shapely warn; they are refused with a message later.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                geoms.append(shape(item))
        except (
            AttributeError,
            KeyError,
            TypeError,
            ValueError,
            shapely.errors.GEOSException,
        ) as err:
            msg = f"{name} has a geometry GeoJSON cannot describe ({err}): {str(item)[:120]}"
            raise BoundaryInputError(msg) from err
    return geoms


def _declared_crs(obj: Any) -> str | None:
    # RFC 7946 removed `crs` (GeoJSON is WGS-84), but older tools still write it.
    member = obj.get("crs") if isinstance(obj, Mapping) else None
    if isinstance(member, Mapping):
        value = member.get("properties", {}).get("name")
        return str(value) if value else None
    return None


def split_polygons(geometry: BaseGeometry) -> tuple[list[Polygon], list[str]]:
    """Return the non-empty polygons in a geometry, and the types of its other parts.

    Examples
    --------
    >>> from shapely import from_wkt
    >>> polygons, others = split_polygons(from_wkt(
    ...     "GEOMETRYCOLLECTION (MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0))), LINESTRING (0 0, 2 2))"))
    >>> len(polygons), others
    (1, ['LineString'])
    """
    if geometry.is_empty:
        return [], []
    if isinstance(geometry, Polygon):
        return [geometry], []
    if hasattr(geometry, "geoms"):
        polygons: list[Polygon] = []
        others: list[str] = []
        for part in geometry.geoms:
            found, rest = split_polygons(part)
            polygons += found
            others += rest
        return polygons, others
    return [], [geometry.geom_type]


def _polygonal(geoms: Iterable[BaseGeometry], name: str) -> tuple[BaseGeometry, list[str]]:
    parts: list[Polygon] = []
    dropped: list[str] = []
    for geom in geoms:
        found, rest = split_polygons(shapely.force_2d(geom))
        parts += found
        dropped += rest
    if not parts:
        held = ", ".join(sorted(set(dropped))) or "no (or only empty) geometry"
        held += " geometry" if dropped else ""
        msg = (
            f"{name} holds {held}, not a polygon: a boundary is a closed area "
            "(面/多边形); draw or export it as a Polygon"
        )
        raise BoundaryInputError(msg)
    notes = []
    if len(parts) > 1:
        notes.append(f"{len(parts)} 个多边形合为一个多面（MultiPolygon）")
    if dropped:
        notes.append(f"忽略了 {len(dropped)} 个非面要素（{'、'.join(sorted(set(dropped)))}）")
    return (parts[0] if len(parts) == 1 else MultiPolygon(parts)), notes


def _source_crs(chosen: str, declared: str | None, name: str) -> str:
    if chosen == "file":
        return declared if declared and not _is_wgs84(declared) else "wgs84"
    if declared and _is_projected(declared):
        msg = (
            f"{name} declares a projected coordinate system ({declared}, metres), but "
            f"{chosen!r} (degrees) was chosen; choose 'file' to use the file's own"
        )
        raise BoundaryInputError(msg)
    return chosen


def _is_wgs84(declared: str) -> bool:
    try:
        return bool(CRS.from_user_input(declared).equals(crs_.WGS84, ignore_axis_order=True))
    except CRSError:  # an unknown CRS is reported when converting
        return False


def _is_projected(declared: str) -> bool:
    try:
        return bool(CRS.from_user_input(declared).is_projected)
    except CRSError:  # an unknown CRS is reported when converting
        return False


def _to_wgs84(geometry: BaseGeometry, source: str, name: str) -> tuple[BaseGeometry, list[str]]:
    xy = shapely.get_coordinates(geometry)
    if not np.isfinite(xy).all():
        msg = f"{name} has coordinates that are not numbers (NaN or infinite)"
        raise BoundaryInputError(msg)
    try:
        converted = crs_.geometry_to_wgs84(geometry, source)
        lonlat = shapely.get_coordinates(converted)
        crs_.check_lonlat(lonlat[:, 0], lonlat[:, 1], what=f"the coordinates of {name}")
    except CoordinateError as err:
        msg = f"{err} {_hint(xy)}".strip()
        raise BoundaryInputError(msg) from err
    notes = [] if source == "wgs84" else [f"坐标由 {_crs_label(source)} 转换为 WGS-84"]
    return converted, notes


def _hint(xy: np.ndarray) -> str:
    minx, miny, maxx, maxy = crs_.ZHEJIANG_BOUNDS
    x, y = float(np.median(xy[:, 0])), float(np.median(xy[:, 1]))
    if minx <= y <= maxx and miny <= x <= maxy:
        return "They look like latitude/longitude swapped: longitude (经度, ~120) comes first."
    if abs(x) > 180 or abs(y) > 90:
        return (
            "They look like projected metres read as degrees: keep the file's CRS "
            "(GeoPackage, or the Shapefile's .prj) and choose 'file', or export lon/lat."
        )
    return "Check the coordinate system chosen; the boundary must be in Zhejiang."


def _crs_label(source: str) -> str:
    return {"gcj02": "GCJ-02", "cgcs2000": "CGCS2000 (EPSG:4490)"}.get(source, source)
