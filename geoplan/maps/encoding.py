"""Compact geometry encoding for maps (decoded by ``static/geoplan.js``).

GeoJSON spends ~19 bytes per vertex on decimal text. Maps here carry every
coordinate list instead as one string: coordinates quantised to 10⁻⁵ degree
(~1.1 m), each stored as the difference from the previous one, written as
zigzag base-64 varints (the character scheme of Google's encoded polylines:
chunks of 5 bits + 63). Neighbouring vertices are tens of metres apart, so a
vertex costs ~4–5 bytes. Shared vertices of neighbouring polygons quantise
identically, so a coverage stays gap-free on screen.

For maps drawn over GCJ-02 tiles a second string per list holds the GCJ-02 −
WGS-84 offset of every vertex (from :mod:`geoplan.crs`), also delta-encoded;
the offset drifts slowly, so this costs ~2 bytes per vertex.

Examples
--------
>>> from shapely.geometry import Point
>>> encoded = encode_geometry(Point(120.0, 30.0))
>>> encoded
{'type': 'Point', 'w': '_ol{U_kbvD'}
>>> decode_geometry(encoded)
{'type': 'Point', 'coordinates': [120.0, 30.0]}
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geoplan import crs
from geoplan.errors import GeometryError

__all__ = [
    "SCALE",
    "decode_geometry",
    "decode_ints",
    "encode_coords",
    "encode_geometry",
    "encode_ints",
]

#: Quantisation: 1e5 steps per degree (~1.1 m north–south).
SCALE = 1e5
_MAX_CHUNKS = 7  # 35 bits: enough for any delta of degrees × 1e5


def encode_ints(values: npt.ArrayLike) -> str:
    """Encode signed integers as zigzag base-64 varints (no differencing).

    Examples
    --------
    The worked example of Google's polyline documentation (its points
    (38.5, −120.2), (40.7, −120.95), (43.252, −126.453), as deltas × 1e5):

    >>> encode_ints([3850000, -12020000, 220000, -75000, 255200, -550300])
    '_p~iF~ps|U_ulLnnqC_mqNvxq`@'
    >>> encode_ints([0, 1, -1, 16, -16])
    '?A@_@^'
    """
    v = np.asarray(values, dtype=np.int64)
    z = (v << 1) ^ (v >> 63)  # zigzag: 0, -1, 1, -2, 2 … → 0, 1, 2, 3, 4 …
    shifts = 5 * np.arange(_MAX_CHUNKS, dtype=np.int64)
    chunks = (z[:, None] >> shifts) & 0x1F
    more = (z[:, None] >> (shifts + 5)) > 0
    used = np.concatenate([np.ones((len(z), 1), dtype=bool), more[:, :-1]], axis=1)
    codes = chunks + 63 + np.where(more, 0x20, 0)
    return codes[used].astype(np.uint8).tobytes().decode("ascii")


def decode_ints(text: str) -> list[int]:
    """Decode :func:`encode_ints` output (the Python twin of ``geoplan.decodeInts``, minus sums).

    Examples
    --------
    >>> decode_ints('?A@_@^')
    [0, 1, -1, 16, -16]
    """
    out, result, shift = [], 0, 0
    for char in text:
        b = ord(char) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            out.append(~(result >> 1) if result & 1 else result >> 1)
            result, shift = 0, 0
    return out


def encode_coords(coords: npt.ArrayLike, *, gcj: bool = False) -> tuple[str, str | None]:
    """Encode one list of lon/lat pairs as one string (and its GCJ-02 offsets when ``gcj``).

    Delta-encoded like a line's vertices: many points in one string (a map's
    record markers) cost ~6 bytes each. ``geoplan.decodeCoords`` decodes it.

    Examples
    --------
    >>> encode_coords([[120.0, 30.0], [120.00001, 30.0]])
    ('_ol{U_kbvDA?', None)
    """
    return _encode_coords(np.asarray(coords, dtype=float).reshape(-1, 2), gcj)


def _encode_coords(coords: npt.NDArray[np.float64], gcj: bool) -> tuple[str, str | None]:
    quantised = np.round(coords[:, :2] * SCALE).astype(np.int64)
    w = encode_ints(_deltas(quantised))
    if not gcj:
        return w, None
    gx, gy = crs.wgs84_to_gcj02(coords[:, 0], coords[:, 1])
    offsets = np.round(np.column_stack([gx, gy]) * SCALE).astype(np.int64) - quantised
    return w, encode_ints(_deltas(offsets))


def _deltas(q: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    d = q.copy()
    d[1:] -= q[:-1]
    return d.ravel()


def encode_geometry(geom: BaseGeometry, *, gcj: bool = False) -> dict[str, Any]:
    """Encode a Point, LineString, Polygon or their Multi- forms.

    Parameters
    ----------
    geom
        A WGS-84 lon/lat geometry.
    gcj
        Also encode the GCJ-02 offsets (key ``"g"``) so the browser can draw
        the geometry over Gaode tiles.

    Returns
    -------
    dict
        ``{"type": …, "w": nested strings[, "g": nested strings]}`` mirroring
        the nesting of GeoJSON ``coordinates``, one string per coordinate list.
    """
    kind = geom.geom_type
    parts: dict[str, Any] = {"type": kind}

    def lists(g: Any) -> Any:
        if g.geom_type in {"Point", "LineString", "LinearRing"}:
            return [np.asarray(g.coords)]
        if g.geom_type == "Polygon":
            return [np.asarray(g.exterior.coords), *(np.asarray(r.coords) for r in g.interiors)]
        return [lists(p) for p in g.geoms]

    def walk(node: Any, which: int) -> Any:
        if isinstance(node, np.ndarray):
            return _encode_coords(node, gcj)[which]
        return [walk(n, which) for n in node]

    if geom.is_empty:
        msg = "cannot encode an empty geometry; drop empty rows before drawing"
        raise GeometryError(msg)
    if kind not in {
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
    }:
        msg = f"cannot encode a {kind}; expected points, lines or polygons"
        raise GeometryError(msg)
    nested = lists(geom)
    if kind in {"Point", "LineString"}:
        nested = nested[0]
    parts["w"] = walk(nested, 0)
    if gcj:
        parts["g"] = walk(nested, 1)
    return parts


def decode_geometry(encoded: dict[str, Any], datum: str = "wgs84") -> dict[str, Any]:
    """Decode :func:`encode_geometry` output to a GeoJSON geometry (for tests and tools).

    ``datum="gcj02"`` applies the stored GCJ-02 offsets, as the browser does
    when a Gaode base layer is selected.
    """

    def coords(w: str, g: str | None) -> list[list[float]]:
        xy = np.cumsum(np.asarray(decode_ints(w), dtype=np.int64).reshape(-1, 2), axis=0)
        if g is not None:
            xy = xy + np.cumsum(np.asarray(decode_ints(g), dtype=np.int64).reshape(-1, 2), axis=0)
        return (xy / SCALE).tolist()

    def walk(w: Any, g: Any) -> Any:
        if isinstance(w, str):
            return coords(w, g)
        return [
            walk(a, None if g is None else b) for a, b in zip(w, g or [None] * len(w), strict=True)
        ]

    offsets = encoded.get("g") if datum == "gcj02" else None
    result = walk(encoded["w"], offsets)
    if encoded["type"] == "Point":
        result = result[0]
    return {"type": encoded["type"], "coordinates": result}


def as_shape(encoded: dict[str, Any], datum: str = "wgs84") -> BaseGeometry:
    """Decode to a shapely geometry."""
    return shapely.geometry.shape(decode_geometry(encoded, datum))
