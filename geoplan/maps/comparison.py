"""The comparison of two plans as map layers: continued, new and dropped records.

:func:`comparison_layers` turns a comparison table (:func:`geoplan.compare.compare_records`)
and the records of both plans into :class:`geoplan.maps.MapLayer` objects, one
per status, each in its own colour with its own legend entry, for one map of
both plans (``side="both"``) or for each plan's own map side by side
(``"earlier"``, ``"later"``). :func:`comparison_map` draws them over the
county and city lines. Drawing itself stays in :mod:`geoplan.maps`.

A work both plans list is drawn once in the one-map view, at the more precise
of its two positions. When the positions say different things (a named place,
or two different counties), a line joins them. Two stand-in points in one
county, or a county's and its city's, are not two positions: the plans only
say "in this county" or "in this city".

Examples
--------
>>> import geoplan
>>> atlas = geoplan.load()
>>> table = atlas.compare("002", "000")
>>> [layer.title for layer in comparison_layers(table, atlas.records)][:3]
['延续（两规划均列）', '新增（仅金华服务业十四五）', '未再列入（仅金华十三五纲要）']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from geoplan import crs, maps, schema
from geoplan.compare import STATUS_LABELS
from geoplan.errors import UnknownNameError
from geoplan.maps import style

__all__ = ["LINK_COLOR", "STATUS_COLORS", "comparison_layers", "comparison_map"]

#: A colour per status (Okabe–Ito: told apart by colour-blind readers too; see maps.style).
STATUS_COLORS = style.STATUS_COLORS
#: Colour of the lines joining a continued work's two positions.
LINK_COLOR = "#555555"
_LINK_LABEL = "前后位置连线"
# Precisions whose point says where a work is, not only which unit it is in.
_SAYS_WHERE = {"surveyed", "place"}

Side = Literal["both", "earlier", "later"]


def comparison_layers(
    table: pd.DataFrame, records: pd.DataFrame, *, side: Side = "both"
) -> list[maps.MapLayer]:
    """Return the comparison's record layers, ready for :func:`geoplan.maps.build_map`.

    Parameters
    ----------
    table
        A comparison table (one row per record of either plan).
    records
        Records of both plans (schema columns; ``geometry`` or ``lon``/``lat``).
    side
        ``"both"``: one map, continued works once, new and dropped ones, and
        lines where a continued work's positions differ; ``"earlier"`` or
        ``"later"``: that plan's records only (continued and dropped, or
        continued and new), for two maps side by side.

    Raises
    ------
    UnknownNameError
        If ``side`` is none of these.
    """
    if side not in ("both", "earlier", "later"):
        msg = f"side must be 'both', 'earlier' or 'later', got {side!r}"
        raise UnknownNameError(msg)
    points = _points(records)
    titles = _plan_titles(table)
    if side == "both":
        continued, links = _continued(table, points)
        layers = [
            _layer("compare:continued", "延续（两规划均列）", "continued", continued),
            _layer(
                "compare:new",
                f"新增（仅{titles['later']}）",
                "new",
                _unmatched(table, points, "later"),
            ),
            _layer(
                "compare:dropped",
                f"未再列入（仅{titles['earlier']}）",
                "dropped",
                _unmatched(table, points, "earlier"),
            ),
        ]
        if len(links):
            layers.insert(1, _link_layer(links))
        return layers
    own = "dropped" if side == "earlier" else "new"
    rows = table[table["side"] == side]
    return [
        _layer(
            f"compare:{side}:{status}",
            f"{titles[side]}·{STATUS_LABELS[status]}",
            status,
            _one_per_work(rows[rows["status"] == status], points),
        )
        for status in ("continued", own)
    ]


def comparison_map(
    table: pd.DataFrame,
    records: pd.DataFrame,
    units: gpd.GeoDataFrame,
    *,
    side: Side = "both",
    title: str = "",
    **options: Any,
) -> folium.Map:
    """Draw the comparison over county and city lines (options: :func:`geoplan.maps.build_map`)."""
    lines = [
        maps.MapLayer(f"units:{level}", label, "units", units[units["level"] == level])
        for level, label in (("county", "区县界"), ("city", "地市界"))
    ]
    layers = comparison_layers(table, records, side=side)
    heading = title or f"规划对比：{' → '.join(_plan_titles(table).values())}"
    return maps.build_map([*lines, *layers], title=heading, **options)


# ----------------------------------------------------------------------------- frames


def _points(records: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the records with a point each (``geometry``, else ``lon``/``lat``), by id."""
    if isinstance(records, gpd.GeoDataFrame) and records.geometry.name in records.columns:
        geometry = records.geometry.to_crs(crs.WGS84) if records.crs else records.geometry
    else:
        geometry = gpd.GeoSeries(
            [
                Point(x, y) if pd.notna(x) and pd.notna(y) else None
                for x, y in zip(records["lon"], records["lat"], strict=True)
            ],
            index=records.index,
        )
    extra = [c for c in ("plan_title",) if c in records.columns]
    frame = gpd.GeoDataFrame(
        pd.DataFrame(records[[*schema.COLUMNS, *extra]]), geometry=list(geometry), crs=crs.WGS84
    )
    return frame.set_index("record_id", drop=False)


def _plan_titles(table: pd.DataFrame) -> dict[str, str]:
    titles = {}
    for side in ("earlier", "later"):
        rows = table[table["side"] == side]
        titles[side] = (
            str(rows["plan_title"].iloc[0]) if len(rows) else str(table.attrs.get(side, ""))
        )
    return titles


def _one_per_work(rows: pd.DataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the placed records of ``rows``, one per work (the first the plan lists)."""
    seen: set[str] = set()
    keep = []
    for record_id, same_as in zip(rows["record_id"], rows["same_as"].fillna(""), strict=True):
        if not seen & set(same_as.split(";")):
            keep.append(record_id)
        seen.add(record_id)
    return _placed(points.loc[[k for k in keep if k in points.index]])


def _unmatched(table: pd.DataFrame, points: gpd.GeoDataFrame, side: str) -> gpd.GeoDataFrame:
    rows = table[(table["side"] == side) & (table["status"] != "continued")]
    return _one_per_work(rows, points)


def _continued(
    table: pd.DataFrame, points: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """One marker per continued work, and lines from earlier to later positions that differ."""
    later = table[(table["side"] == "later") & (table["status"] == "continued")]
    named_back = set(zip(later["match_record_id"], later["record_id"], strict=True))
    earlier = table[(table["side"] == "earlier") & (table["status"] == "continued")]
    # The pairs whose evidence was weighed name each other; other rows are repeats of a work.
    chosen = [
        (e, m)
        for e, m in zip(earlier["record_id"], earlier["match_record_id"], strict=True)
        if (e, m) in named_back
    ]
    markers, links = [], []
    for e, lt in chosen:
        if e not in points.index or lt not in points.index:
            continue
        a, b = points.loc[e], points.loc[lt]
        markers.append(_more_precise(a, b))
        if _differ(a, b):
            link = b.copy()
            link["geometry"] = LineString([a.geometry, b.geometry])
            links.append(link)
    return _frame(markers, points), _frame(links, points)


def _more_precise(a: pd.Series, b: pd.Series) -> pd.Series:
    rank = {p: i for i, p in enumerate(schema.PRECISIONS)}
    if a.geometry is None:
        return b
    if b.geometry is None:
        return a
    return a if rank[str(a["precision"])] < rank[str(b["precision"])] else b


def _differ(a: pd.Series, b: pd.Series) -> bool:
    """Say whether two positions of one work differ in a way the plans state."""
    if a.geometry is None or b.geometry is None or a.geometry.equals(b.geometry):
        return False
    if str(a["precision"]) in _SAYS_WHERE or str(b["precision"]) in _SAYS_WHERE:
        return True
    # Stand-in points: only two different counties are two places (a city-level
    # point says no more than "somewhere in the city").
    both_county = str(a["precision"]) == str(b["precision"]) == "county"
    return both_county and a["adcode"] != b["adcode"]


def _frame(rows: Sequence[pd.Series], like: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not rows:
        return like.iloc[0:0]
    return _placed(gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=crs.WGS84))


def _placed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame[frame.geometry.notna()]


def _layer(layer_id: str, title: str, status: str, frame: gpd.GeoDataFrame) -> maps.MapLayer:
    label = STATUS_LABELS[status]
    drawn = frame.assign(status_label=label).reset_index(drop=True)
    return maps.MapLayer(
        layer_id,
        title,
        "records",
        drawn,
        color_by="status_label",
        colors={label: STATUS_COLORS[status]},
    )


def _link_layer(links: gpd.GeoDataFrame) -> maps.MapLayer:
    drawn = links.assign(status_label=_LINK_LABEL).reset_index(drop=True)
    return maps.MapLayer(
        "compare:links",
        "延续项目的前后位置",
        "records",
        drawn,
        color_by="status_label",
        colors={_LINK_LABEL: LINK_COLOR},
    )
