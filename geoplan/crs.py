"""Coordinate systems: the only module of geoplan that converts coordinates.

Inside geoplan every coordinate is WGS-84 longitude/latitude (EPSG:4326).
Two other systems meet it at the edges:

* **GCJ-02**, the obfuscated datum Chinese web maps (Amap/Gaode, Tencent) use by
  law. Amap-sourced boundaries arrive in it, and Gaode tiles are drawn in it.
  The forward transform (WGS-84 → GCJ-02) is a published closed-form formula;
  it has no closed-form inverse, so :func:`gcj02_to_wgs84` inverts it by
  fixed-point iteration to well under a millimetre. In Zhejiang the offset is
  about 450–620 m.
* **Metric CRSs** for measuring: areas are geodesic (:func:`geodesic_area_m2`,
  on the WGS-84 ellipsoid) and distances/buffers use CGCS2000 / 3-degree
  Gauss–Krüger CM 120°E (:data:`METRIC_CRS`, EPSG:4549), whose central
  meridian runs through the province. Never degrees, never Web Mercator
  (whose areas are ~33 % too large at 30°N).

Examples
--------
A point in Shanghai (a published test vector of the GCJ-02 formula):

>>> lon, lat = wgs84_to_gcj02(121.5272106, 31.1774276)
>>> round(float(lon), 7), round(float(lat), 7)
(121.5315419, 31.175304)
>>> back = gcj02_to_wgs84(lon, lat)
>>> round(float(back[0]), 9), round(float(back[1]), 9)
(121.5272106, 31.1774276)
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Geod, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from geoplan.errors import CoordinateError

__all__ = [
    "CGCS2000",
    "METRIC_CRS",
    "WGS84",
    "ZHEJIANG_BOUNDS",
    "check_lonlat",
    "circles_of_area",
    "from_metric",
    "gcj02_to_wgs84",
    "geodesic_area_m2",
    "geometry_gcj02_to_wgs84",
    "geometry_to_wgs84",
    "geometry_wgs84_to_gcj02",
    "to_metric",
    "wgs84_to_gcj02",
]

WGS84 = "EPSG:4326"
#: China Geodetic Coordinate System 2000 (geographic): within a metre or so of
#: WGS-84, and treated so by PROJ (a "ballpark" transformation).
CGCS2000 = "EPSG:4490"
#: CGCS2000 / 3-degree Gauss-Kruger CM 120E: metres, central meridian through Zhejiang.
METRIC_CRS = "EPSG:4549"
#: (min lon, min lat, max lon, max lat) of Zhejiang with its islands, with a margin.
ZHEJIANG_BOUNDS = (117.5, 26.5, 123.5, 31.8)

_GEOD = Geod(ellps="WGS84")

# Krasovsky 1940 ellipsoid, on which the GCJ-02 offset formula is defined.
_A = 6378245.0
_EE = 0.00669342162296594323

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]
G = TypeVar("G", bound=BaseGeometry)


def _offset_terms(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return the GCJ-02 offset polynomials (in metres-like units) at x=lon-105, y=lat-35."""
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat = dlat + common
    dlat = dlat + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat = dlat + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon = dlon + common
    dlon = dlon + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon = dlon + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return dlon, dlat


def _in_china(lon: FloatArray, lat: FloatArray) -> npt.NDArray[np.bool_]:
    # GCJ-02 applies only inside China's rough bounding box; outside it is WGS-84 as is.
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _gcj_offset(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    dlon, dlat = _offset_terms(lon - 105.0, lat - 35.0)
    radlat = np.radians(lat)
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(radlat) * np.pi)
    inside = _in_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Shift WGS-84 longitude/latitude to GCJ-02 (what Gaode tiles are drawn in).

    Parameters
    ----------
    lon, lat
        Degrees, scalars or arrays of the same shape.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 longitude and latitude. Points outside China are returned unchanged.
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    dlon, dlat = _gcj_offset(x, y)
    return x + dlon, y + dlat


def gcj02_to_wgs84(
    lon: ArrayLike, lat: ArrayLike, *, tol_deg: float = 1e-10, max_iter: int = 30
) -> tuple[FloatArray, FloatArray]:
    """Convert GCJ-02 longitude/latitude back to WGS-84 by iterating the forward formula.

    Solves ``wgs84_to_gcj02(w) = g`` for ``w`` with the fixed-point update
    ``w ← w − (wgs84_to_gcj02(w) − g)``. The offset changes by only ~10⁻⁵ of a
    step per metre, so each iteration gains about five digits: three or four
    reach ``tol_deg`` = 10⁻¹⁰ degrees (~0.01 mm). A one-step inverse
    (``g − offset(g)``) is off by up to a few metres in Zhejiang.

    Parameters
    ----------
    lon, lat
        GCJ-02 degrees, scalars or arrays of the same shape.
    tol_deg
        Stop when ``wgs84_to_gcj02(w)`` is within this many degrees of the input.
    max_iter
        Give up (raise) after this many iterations.

    Raises
    ------
    CoordinateError
        If the iteration does not converge, which means the input is not a
        valid GCJ-02 position (e.g. NaN).
    """
    g_lon = np.asarray(lon, dtype=np.float64)
    g_lat = np.asarray(lat, dtype=np.float64)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iter):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = f_lon - g_lon, f_lat - g_lat
        if np.all(np.abs(e_lon) < tol_deg) and np.all(np.abs(e_lat) < tol_deg):
            return w_lon, w_lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
    msg = (
        f"GCJ-02 → WGS-84 did not converge in {max_iter} iterations; "
        "are the coordinates finite longitude/latitude degrees?"
    )
    raise CoordinateError(msg)


def _transform_geometry(geom: G, inverse: bool) -> G:
    func = gcj02_to_wgs84 if inverse else wgs84_to_gcj02

    def convert(coords: FloatArray) -> FloatArray:
        x, y = func(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, convert)


def geometry_wgs84_to_gcj02(geom: G) -> G:
    """Shift a shapely geometry (or array of geometries) from WGS-84 to GCJ-02.

    The transform is a function of each coordinate alone, so vertices shared by
    neighbouring polygons stay shared: a coverage stays a coverage.
    """
    return _transform_geometry(geom, inverse=False)


def geometry_gcj02_to_wgs84(geom: G) -> G:
    """Convert a shapely geometry (or array of geometries) from GCJ-02 to WGS-84."""
    return _transform_geometry(geom, inverse=True)


def geometry_to_wgs84(geom: G, source: str) -> G:
    """Convert a geometry to WGS-84 lon/lat from GCJ-02 or any CRS PROJ knows.

    Parameters
    ----------
    geom
        A shapely geometry.
    source
        ``"gcj02"`` (Gaode/Amap coordinates), ``"wgs84"``, ``"cgcs2000"``
        (:data:`CGCS2000`), or any CRS pyproj accepts (``"EPSG:4549"``, WKT).

    Raises
    ------
    CoordinateError
        If ``source`` is not a CRS pyproj knows.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> p = geometry_to_wgs84(Point(500000.0, 3320113.398), "EPSG:4549")
    >>> round(p.x, 4), round(p.y, 4)
    (120.0, 30.0)
    >>> geometry_to_wgs84(Point(120.0, 30.0), "cgcs2000").equals(Point(120.0, 30.0))
    True
    """
    if source == "gcj02":
        return geometry_gcj02_to_wgs84(geom)
    try:
        crs = CRS.from_user_input({"wgs84": WGS84, "cgcs2000": CGCS2000}.get(source, source))
    except CRSError as err:
        msg = f"unknown coordinate system {source!r}: give gcj02, wgs84, cgcs2000 or an EPSG code"
        raise CoordinateError(msg) from err
    if crs.equals(WGS84, ignore_axis_order=True):
        return geom
    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    return shapely.transform(
        geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def geodesic_area_m2(geoms: BaseGeometry | npt.ArrayLike) -> FloatArray:
    """Return the area on the WGS-84 ellipsoid of lon/lat polygons, in m².

    Orientation does not matter; holes are subtracted. Empty and non-areal
    geometries have area 0.

    Examples
    --------
    A 0.01° × 0.01° cell at 30°N is about 1.109 km (north–south) by
    0.965 km (east–west):

    >>> from shapely.geometry import box
    >>> km2 = geodesic_area_m2(box(120.0, 30.0, 120.01, 30.01))[0] / 1e6
    >>> round(float(km2), 3)
    1.07
    """
    arr = np.atleast_1d(np.asarray(geoms, dtype=object))
    out = np.zeros(len(arr))
    for i, geom in enumerate(arr):
        if geom is None or geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
            continue
        area, _ = _GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))
        out[i] = abs(area)
    return out


def to_metric(geoms: npt.ArrayLike) -> npt.NDArray[np.object_]:
    """Project WGS-84 lon/lat geometries to :data:`METRIC_CRS` (metres)."""
    return np.asarray(_TO_METRIC_GEOMS(np.asarray(geoms, dtype=object)), dtype=object)


def from_metric(geoms: npt.ArrayLike) -> npt.NDArray[np.object_]:
    """Project :data:`METRIC_CRS` geometries back to WGS-84 lon/lat."""
    return np.asarray(_FROM_METRIC_GEOMS(np.asarray(geoms, dtype=object)), dtype=object)


def _projector(source: str, target: str) -> Any:
    transformer = Transformer.from_crs(source, target, always_xy=True)

    def project(geoms: npt.NDArray[np.object_]) -> Any:
        return shapely.transform(
            geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        )

    return project


_TO_METRIC_GEOMS = _projector(WGS84, METRIC_CRS)
_FROM_METRIC_GEOMS = _projector(METRIC_CRS, WGS84)


def circles_of_area(
    lon: npt.ArrayLike, lat: npt.ArrayLike, area_m2: npt.ArrayLike
) -> npt.NDArray[np.object_]:
    """Return WGS-84 circles of the given areas centred on the points.

    Built in :data:`METRIC_CRS` as 64-gons whose radius is chosen so the
    *polygon* (not the ideal circle) has the documented area, then returned
    to lon/lat.

    Examples
    --------
    >>> circle = circles_of_area([120.0], [30.0], [1e6])[0]
    >>> round(float(geodesic_area_m2(circle)[0]) / 1e6, 3)
    1.0
    """
    centres = to_metric(shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)))
    sides = 64
    radius = np.sqrt(2 * np.asarray(area_m2, dtype=float) / (sides * np.sin(2 * np.pi / sides)))
    return from_metric(shapely.buffer(centres, radius, quad_segs=sides // 4))


def check_lonlat(lon: ArrayLike, lat: ArrayLike, *, what: str = "coordinates") -> None:
    """Refuse coordinates that cannot be WGS-84 positions in or near Zhejiang.

    Raises
    ------
    CoordinateError
        If any value is outside ±180/±90, or the points' centre lies outside
        :data:`ZHEJIANG_BOUNDS` (data in a projected CRS, or lat/lon swapped).

    Examples
    --------
    >>> check_lonlat([120.1], [30.2])
    >>> check_lonlat([30.2], [120.1])
    Traceback (most recent call last):
    ...
    geoplan.errors.CoordinateError: coordinates outside WGS-84 ranges ...
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return
    x, y = x[finite], y[finite]
    if (np.abs(x) > 180).any() or (np.abs(y) > 90).any():
        msg = (
            f"{what} outside WGS-84 ranges (lon {x.min():.4g}…{x.max():.4g}, "
            f"lat {y.min():.4g}…{y.max():.4g}): is the data in EPSG:4326, "
            "with longitude first?"
        )
        raise CoordinateError(msg)
    cx, cy = float(np.median(x)), float(np.median(y))
    minx, miny, maxx, maxy = ZHEJIANG_BOUNDS
    if not (minx <= cx <= maxx and miny <= cy <= maxy):
        msg = (
            f"{what} are centred at ({cx:.4f}, {cy:.4f}), outside Zhejiang "
            f"({minx}–{maxx}°E, {miny}–{maxy}°N): is the data WGS-84 lon/lat of Zhejiang?"
        )
        raise CoordinateError(msg)
