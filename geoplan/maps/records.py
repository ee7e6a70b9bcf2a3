"""Records on a map at any scale: one table of what popups say, each record drawn as known.

A map of records carries one compact table (:func:`record_table`): every
record's id and name and, for maps with popups, the columns its popup is
built from in the browser (``static/records.js``; text is set as text, never
as markup). Each record layer (:func:`layer_data`) then draws its records
by what is known of their position (issue 9):

* records at a named place or a township seat are points: a marker each,
  markers at one spot spread apart, crowds of them clustered until the view
  narrows;
* records known only by their county or city are counted on the unit: a
  badge per unit (a disc for a county, a square for a city) with the count,
  whose click lists them; below :func:`~geoplan.maps.style.county_badge_zoom`
  the counties' badges merge into their city's;
* digitized boundaries are areas, schematic lines (``line_wkt``) dashed lines.

The page therefore grows with the number of units and distinct texts, not
with a popup per record, and the browser draws only what the view shows.
Payloads larger than :data:`COMPRESS_ABOVE` travel gzip-compressed as
base64, inflated by the browser's ``DecompressionStream``.

Examples
--------
>>> import geoplan
>>> atlas = geoplan.load()
>>> layers = atlas.record_layers(records=atlas.records)
>>> table = record_table(layers, with_popups=False)
>>> rows = table_rows(layers[0], table)
>>> data = layer_data(layers[0], rows, gcj=False, slot=(0, 1), table=table)
>>> badge = next(u for u in data["units"] if u["a"] == "330824")
>>> badge["c"], badge["h"]
(3, '开化县：位置仅知在本区县的项目 3 项，总投资 55.0 亿元（2 项注明）')
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geoplan import crs
from geoplan.maps import popups, style
from geoplan.maps.encoding import encode_coords, encode_geometry, encode_ints

if TYPE_CHECKING:
    from geoplan.maps.interactive import MapLayer

__all__ = [
    "COMPRESS_ABOVE",
    "SPREAD_ALL_ZOOM",
    "Table",
    "layer_data",
    "pack",
    "record_table",
    "shown_geometry",
    "table_rows",
]

#: Payloads of more JSON bytes than this are sent gzip-compressed (base64 in the page).
COMPRESS_ABOVE = 64_000
#: From this zoom on, markers are never clustered: every record is its own marker.
SPREAD_ALL_ZOOM = 13
# Markers in one cell of this many CSS px are clustered when there are more than
# _SPREAD_MAX of them (below SPREAD_ALL_ZOOM); fewer are spread around their middle.
_CELL_PX = 56
_SPREAD_MAX = 24
# A badge's list shows this many names at most (the rest: zoom in or filter); its
# tooltip names its records when they are this few.
_LIST_MAX = 200
_NAMED_MAX = 3
_UI = {
    "back": "← 返回列表",
    "more": "……另 {n} 项未列出：放大地图或增加筛选条件查看",
    "cluster": "{n} 个项目聚合于此：点击放大",
    "spread": "同一位置的 {n} 个项目已散开",
}


@dataclass(frozen=True, slots=True)
class Table:
    """The records a map's record layers draw, once: ids, names and popup columns.

    ``payload`` is the table as JSON data, ``packed`` as the browser receives
    it (see :func:`pack`), ``key`` a hash of its content; ``index`` finds a
    record's row by its id; ``names`` and ``investment`` (总投资, NaN where
    none is stated) are per row, for badges.
    """

    key: str
    payload: dict[str, Any]
    packed: dict[str, Any]
    index: pd.Index
    names: npt.NDArray[np.object_]
    investment: npt.NDArray[np.float64]


def record_table(layers: Sequence[MapLayer], *, with_popups: bool) -> Table:
    """Return the table of every record the layers draw (each record once).

    Its key is a hash of its content: a browser that has read a table once
    reads it from memory. A table may hold more records than a map's layers
    draw: the app makes one of all records, so that a filter change sends
    layers of rows the browser has read before (:func:`geoplan.maps.record_overlay`).
    """
    # without popups only ids, names and investments: 100,000 whole records are 100 MB
    slim = None if with_popups else ["record_id", "name", "investment_total"]
    frames = [_table_frame(layer, slim) for layer in layers]
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    frame = frame[~frame["record_id"].astype(str).duplicated()].reset_index(drop=True)
    ids = frame["record_id"].astype(str).to_numpy(dtype=object)
    names = frame["name"].astype(str).to_numpy(dtype=object)
    payload: dict[str, Any] = {"n": len(frame), "id": ids.tolist(), "name": _column(names)}
    payload["ui"] = _UI
    if with_popups:
        columns = popups.record_columns(frame)
        prefix, suffix = popups.source_id_suffix("\0").split("\0")
        payload["popup"] = {
            "labels": list(columns.labels),
            "fields": [_column(c) for c in columns.fields],
            "caveat": _column(columns.caveat),
            "text": _column(columns.text),
            "source": _column(columns.source),
            "idfmt": [prefix, suffix],
            "footprint": popups.FOOTPRINT_CAVEAT,
        }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    key = hashlib.sha1(text, usedforsecurity=False).hexdigest()[:16]
    invest = (
        pd.to_numeric(frame["investment_total"], errors="coerce").to_numpy(dtype=float)
        if "investment_total" in frame
        else np.full(len(frame), np.nan)
    )
    return Table(key, payload, _packed(payload, text), pd.Index(ids), names, invest)


def _table_frame(layer: MapLayer, columns: list[str] | None) -> pd.DataFrame:
    """Return a layer's records for the table: these columns, or all with the plan's title."""
    if columns is not None:
        return pd.DataFrame(layer.frame[[c for c in columns if c in layer.frame.columns]])
    frame = pd.DataFrame(layer.frame)
    if layer.plan_title or "plan_title" not in frame:
        frame = frame.assign(plan_title=layer.plan_title)
    return frame


def table_rows(layer: MapLayer, table: Table) -> npt.NDArray[np.int64]:
    """Return the table row of each record of a layer, in the layer's order.

    Raises
    ------
    ValueError
        If the table lacks a record of the layer.
    """
    rows = np.asarray(table.index.get_indexer(layer.frame["record_id"].astype(str)), dtype=np.int64)
    if (rows < 0).any():
        lacking = int((rows < 0).sum())
        msg = f"the map's record table lacks {lacking} record(s) of layer {layer.id!r}"
        raise ValueError(msg)
    return rows


def _column(values: npt.NDArray[np.object_]) -> list[str] | dict[str, Any]:
    """Return a column of text as it is, or as distinct values and indices when they repeat."""
    codes, uniques = pd.factorize(values)
    if len(uniques) * 2 > len(values):
        return [str(v) for v in values]
    return {"d": [str(v) for v in uniques], "i": encode_ints(codes)}


def pack(payload: dict[str, Any]) -> dict[str, Any]:
    """Return a payload as the browser takes it: as it is, or gzip-compressed when large.

    Examples
    --------
    >>> pack({"a": 1})
    {'a': 1}
    >>> packed = pack({"a": "x" * 100_000})
    >>> sorted(packed), len(packed["z"]) < 1000
    (['z'], True)
    """
    return _packed(payload, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def _packed(payload: dict[str, Any], text: bytes) -> dict[str, Any]:
    if len(text) <= COMPRESS_ABOVE:
        return payload
    # mtime=0: the same payload gives the same bytes (and the same exported file)
    squeezed = gzip.compress(text, compresslevel=6, mtime=0)
    return {"z": base64.b64encode(squeezed).decode("ascii")}


# ----------------------------------------------------------------------------- a layer


def layer_data(
    layer: MapLayer,
    rows: npt.NDArray[np.int64],
    *,
    gcj: bool,
    slot: tuple[int, int],
    table: Table | None = None,
) -> dict[str, Any]:
    """Return what the browser draws of one record layer (rows: :func:`table_rows`).

    Parameters
    ----------
    layer
        A layer of kind ``"records"`` or ``"footprints"``.
    rows
        Each record's row in the map's table.
    gcj
        Also carry GCJ-02 positions, for Gaode tiles.
    slot
        The layer's place among the map's record layers (index, count): the
        badges of several layers for one unit stand side by side.
    table
        The map's table (its investments are summed on badges).
    """
    drawn = _Drawn.of(layer, rows, gcj)
    keep, kinds, precision = drawn.keep, drawn.kinds, drawn.precision
    is_point = keep & (kinds == "Point")
    if layer.kind == "footprints":
        honest = np.isin(precision, style.POINT_PRECISIONS) | (precision == "")
        return {
            "kind": "footprints",
            "slot": list(slot),
            "shapes": drawn.shapes(keep & honest, footprint=True),
        }
    lines = is_point & (precision == "schematic") & _has_line(drawn.frame)
    units = is_point & np.isin(precision, style.UNIT_PRECISIONS) & ~lines
    colors = set(style.layer_colors(layer).values())
    data = {
        "kind": "records",
        "slot": list(slot),
        "pts": drawn.points(is_point & ~units & ~lines),
        "shapes": drawn.shapes(keep & ~is_point) + drawn.schematic(lines),
        "badge": style.unit_badge_style(next(iter(colors)) if len(colors) == 1 else None),
        "select": {"record": style.SELECTED_STYLE, "unit": style.UNIT_SHADE_STYLE},
        "cell": _CELL_PX,
        "spreadMax": _SPREAD_MAX,
        "spreadAll": SPREAD_ALL_ZOOM,
        "spreadPx": style.SPREAD_PX,
        "listMax": _LIST_MAX,
    }
    return data | _badges(layer, drawn, np.flatnonzero(units), table)


@dataclass(frozen=True, slots=True)
class _Drawn:
    """A record layer's frame with what drawing asks of each record."""

    frame: gpd.GeoDataFrame
    rows: npt.NDArray[np.int64]
    gcj: bool
    color_of: npt.NDArray[np.object_]
    precision: npt.NDArray[np.object_]
    kinds: npt.NDArray[np.object_]
    keep: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, layer: MapLayer, rows: npt.NDArray[np.int64], gcj: bool) -> _Drawn:
        frame = layer.frame.reset_index(drop=True)
        colors = style.layer_colors(layer)
        precision = (
            frame["precision"].astype(str).to_numpy(dtype=object)
            if "precision" in frame
            else np.full(len(frame), "", dtype=object)
        )
        values = frame[layer.color_by].astype(str)
        color_of = values.map(colors).fillna(style.PALETTE[0]).to_numpy(dtype=object)
        return cls(
            frame, rows, gcj, color_of, precision,
            frame.geometry.geom_type.to_numpy(dtype=object),
            ~(frame.geometry.isna() | frame.geometry.is_empty).to_numpy(),
        )  # fmt: skip

    def points(self, mask: npt.NDArray[np.bool_]) -> dict[str, Any]:
        """Points as columns: table rows, a look each, coordinates (delta-encoded)."""
        which = np.flatnonzero(mask)
        looks: dict[tuple[str, str], int] = {}
        look_of = [
            looks.setdefault((self.color_of[i], str(self.precision[i])), len(looks)) for i in which
        ]
        geoms = np.asarray(self.frame.geometry)[which]
        coords = np.column_stack([shapely.get_x(geoms), shapely.get_y(geoms)])
        w, g = encode_coords(coords, gcj=self.gcj)
        data = {
            "r": encode_ints(self.rows[which]),
            "k": encode_ints(look_of),
            "w": w,
            "looks": [style.record_style(c, p) for c, p in looks],
        }
        return data | ({"g": g} if g is not None else {})

    def shapes(
        self, mask: npt.NDArray[np.bool_], *, footprint: bool = False
    ) -> list[dict[str, Any]]:
        """Areas and lines drawn as their own geometry: boundaries, links, footprints."""
        out = []
        for i in np.flatnonzero(mask):
            geom, color = self.frame.geometry.iloc[i], self.color_of[i]
            look = (
                style.footprint_style(color)
                if footprint
                else style.record_look(color, str(self.precision[i]), geom)
            )
            out.append(self._feature(geom, look, int(i)))
        return out

    def schematic(self, mask: npt.NDArray[np.bool_]) -> list[dict[str, Any]]:
        """Schematic records as the dashed line between their two ends (``line_wkt``)."""
        which = np.flatnonzero(mask)
        lines = shapely.from_wkt(self.frame["line_wkt"].to_numpy(dtype=object)[which])
        return [
            self._feature(line, style.schematic_style(self.color_of[i]), int(i))
            for i, line in zip(which, lines, strict=True)
            if line is not None and not line.is_empty
        ]

    def _feature(self, geom: BaseGeometry, look: dict[str, Any], i: int) -> dict[str, Any]:
        return {
            "type": "Feature",
            "properties": {"_style": look, "_row": int(self.rows[i])},
            "geometry": encode_geometry(geom, gcj=self.gcj),
        }


def _has_line(frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
    if "line_wkt" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame["line_wkt"].fillna("").astype(str).str.strip().ne("").to_numpy()


def _investment(table: Table | None, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    if table is None:
        return np.full(len(rows), np.nan)
    return np.asarray(table.investment[rows], dtype=float)


def shown_geometry(layer: MapLayer) -> gpd.GeoSeries:
    """Return what a map of a layer must show of each row, to frame the map around it.

    A record known only by its county or city is drawn on its unit (a count
    badge), not at its stand-in point: the map must show the units it is
    counted on (:func:`_spans`: every county it spans, else its own), else a
    map of one such record opens at the point, zoomed in as far as it goes.
    Other rows, and records whose units the layer does not describe, show
    their own geometry.
    """
    geoms = layer.frame.geometry
    if layer.kind != "records" or layer.units is None or "precision" not in layer.frame:
        return geoms
    vague = np.flatnonzero(layer.frame["precision"].isin(style.UNIT_PRECISIONS).to_numpy())
    if not len(vague):
        return geoms
    units = layer.units
    codes = units["adcode"] if "adcode" in units.columns else units.index.to_series()
    area = dict(zip(codes.astype(str), units.geometry, strict=True))
    shown = np.asarray(geoms, dtype=object).copy()
    for i, pairs in _spans(layer.frame.iloc[vague], vague, area).groupby("i"):
        shown[int(i)] = shapely.union_all([area[u] for u in pairs["unit"]])
    return gpd.GeoSeries(shown, index=layer.frame.index, crs=layer.frame.crs)


# ----------------------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class _Unit:
    name: str
    level: str
    parent: str
    anchor: BaseGeometry


def _badges(
    layer: MapLayer, drawn: _Drawn, which: npt.NDArray[np.intp], table: Table | None
) -> dict[str, Any]:
    """Count records known only by their unit per unit (county view) and per city."""
    if not len(which):
        return {"units": [], "cities": [], "zoom": 0.0}
    invest = _investment(table, drawn.rows)
    names = None if table is None else table.names
    frame = drawn.frame.iloc[which]
    known = _known_units(layer, frame)
    pairs = _spans(frame, which, known)
    count = _Counter(known, drawn.rows, invest, drawn.gcj, names)
    data: dict[str, Any] = {"units": count.per(pairs, "unit"), "cities": [], "zoom": 0.0}
    city_of = {a: u.parent if u.level == "county" else a for a, u in known.items()}
    pairs["city"] = pairs["unit"].map(city_of)
    if pairs["city"].isin(list(known)).all() and (pairs["city"] != pairs["unit"]).any():
        data["cities"] = count.per(pairs.drop_duplicates(["i", "city"]), "city")
        counties = [unit.anchor for unit in known.values() if unit.level == "county"]
        data["zoom"] = style.county_badge_zoom(counties)
    return data


def _known_units(layer: MapLayer, frame: gpd.GeoDataFrame) -> dict[str, _Unit]:
    """Return the units badges stand on: the layer's, else what the records say of theirs."""
    known: dict[str, _Unit] = {}
    if layer.units is not None and len(layer.units):
        units = layer.units
        anchors = style.unit_anchors(units)
        adcodes = units["adcode"] if "adcode" in units else units.index.to_series()
        parents = units.get("parent_adcode", adcodes)
        for adcode, name, level, parent in zip(
            adcodes.astype(str), units["name"], units["level"], parents.astype(str), strict=True
        ):
            if adcode in anchors:
                known[adcode] = _Unit(str(name), str(level), parent, anchors[adcode])
    # Units the layer does not describe: the middle of their records' stand-in points,
    # which lie inside the unit (geoplan._standins spreads them around its inner centre).
    missing = frame[~frame["adcode"].astype(str).isin(list(known))]
    for adcode, group in missing.groupby(missing["adcode"].astype(str)):
        if not adcode:
            continue
        point = shapely.Point(group.geometry.x.median(), group.geometry.y.median())
        level = "city" if adcode.endswith("00") else "county"
        parent = adcode if level == "city" else adcode[:4] + "00"
        known[adcode] = _Unit(str(group["unit_name"].iloc[0]), level, parent, point)
    return known


def _spans(
    frame: pd.DataFrame, which: npt.NDArray[np.intp], known: Collection[str]
) -> pd.DataFrame:
    """Return the units each record is counted on: every county it spans, else its own.

    One row per record and unit: ``i`` (the record's position in the layer)
    and ``unit`` (an adcode among ``known``); a record on no known unit has none.
    """
    own = pd.DataFrame({"i": which, "unit": frame["adcode"].astype(str).to_numpy(dtype=object)})
    if "adcodes" in frame:
        listed = pd.DataFrame(
            {"i": which, "unit": frame["adcodes"].fillna("").astype(str).to_numpy(dtype=object)}
        )
        listed = listed[listed["unit"] != ""]
        listed = listed.assign(unit=listed["unit"].str.split(";")).explode("unit")
        listed = listed[listed["unit"].isin(list(known))].drop_duplicates()
        own = own[~own["i"].isin(listed["i"])]  # a record that spans counties: on those only
    else:
        listed = own.iloc[:0]
    own = own[own["unit"].isin(list(known))]
    pairs = pd.concat([listed, own], ignore_index=True)
    return pairs.sort_values("i", kind="stable").reset_index(drop=True).astype({"i": np.intp})


@dataclass(frozen=True, slots=True)
class _Counter:
    """Badges: the records counted on each unit, with their count, investment and place."""

    known: dict[str, _Unit]
    rows: npt.NDArray[np.int64]
    invest: npt.NDArray[np.float64]
    gcj: bool
    names: npt.NDArray[np.object_] | None = None

    def per(self, pairs: pd.DataFrame, by: str) -> list[dict[str, Any]]:
        return [self._badge(str(a), g["i"].to_numpy(), by) for a, g in pairs.groupby(by, sort=True)]

    def _few_names(self, members: npt.NDArray[np.int64]) -> str:
        # a badge of a few records names them in its tooltip
        if len(members) > _NAMED_MAX or self.names is None:
            return ""
        return "：" + "、".join(str(self.names[r]) for r in members)

    def _badge(self, adcode: str, which: npt.NDArray[np.intp], by: str) -> dict[str, Any]:
        unit = self.known[adcode]
        members = np.sort(self.rows[which])
        money = self.invest[which]
        stated = money[~np.isnan(money)]
        badge = {
            "a": adcode,
            "l": unit.level,
            "c": len(members),
            "s": style.badge_size(len(members)),
            "r": encode_ints(np.diff(members, prepend=0)),
            "x": [round(unit.anchor.x, 5), round(unit.anchor.y, 5)],
            "h": _badge_title(unit, len(members), stated, merged=by == "city"),
            "t": _badge_title(unit, len(members), stated, merged=by == "city")
            + self._few_names(members)
            + "；点击列出",
            "cav": f"这些项目的位置仅知在{unit.name}{'的区县' if by == 'city' else ''}内，"
            "地图上不画成点。",
        }
        if self.gcj:
            gx, gy = crs.wgs84_to_gcj02(unit.anchor.x, unit.anchor.y)
            badge["g"] = [round(float(gx), 5), round(float(gy), 5)]
        return badge


def _badge_title(unit: _Unit, count: int, stated: npt.NDArray[np.float64], *, merged: bool) -> str:
    if merged:
        text = f"{unit.name}：位置仅知所在区县或地市的项目 {count} 项（放大后按区县分开）"
    else:
        where = "区县" if unit.level == "county" else "地市"
        text = f"{unit.name}：位置仅知在本{where}的项目 {count} 项"
    if len(stated):
        text += f"，总投资 {stated.sum():,.1f} 亿元（{len(stated)} 项注明）"
    return text
