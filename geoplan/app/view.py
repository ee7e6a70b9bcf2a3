"""A view of the app as a value: what is drawn, how records are filtered, what is inspected.

A :class:`View` round-trips through URL query parameters, so a link reopens
the same view. Parameters hold ids and plain values (``plan=001``,
``unit=330802``, ``invest=5-``), never labels; a bad parameter is reported in
Chinese (the app shows the message) and dropped, never raised.

Examples
--------
>>> import geoplan
>>> atlas = geoplan.load()
>>> view, problems = View.from_params({"grouping": "两核四圈", "kind": "project,x"}, atlas)
>>> view.filter.kinds, problems
(('project',), ['URL 参数 kind=x 无效：类型应为 project、platform、other 之一；已忽略。'])
>>> View.from_params(view.to_params(), atlas)[0] == view
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from geoplan import crs, schema
from geoplan.app import panels
from geoplan.errors import GeoplanError, UnknownNameError
from geoplan.layers import GroupingSpec, MemberRef
from geoplan.maps import Basemap
from geoplan.query import RecordFilter

if TYPE_CHECKING:
    from geoplan.atlas import Atlas

__all__ = [
    "AREA_STEPS",
    "BASEMAPS",
    "DEFAULT_GROUPING",
    "INVEST_STEPS",
    "SUMMARY_BY",
    "ZOOMS",
    "View",
    "focus_of_click",
    "map_view",
]

#: The grouping a new view shows.
DEFAULT_GROUPING = "两核四圈"
#: Base maps the app offers (ids of :data:`geoplan.maps.BASEMAPS`), the offline one first.
BASEMAPS: tuple[Basemap, ...] = ("none", "osm", "gaode")
#: What the summary panel compares (:func:`geoplan.app.panels.summary_table`).
SUMMARY_BY = panels.SUMMARY_BY

#: Steps of the investment (亿元) and land-area (公顷) range sliders; ``inf``: no upper bound.
INVEST_STEPS = (0.0, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0, math.inf)
AREA_STEPS = (0.0, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1000.0, math.inf)
#: The map zooms a link may ask for (Leaflet's levels; the tile base maps end at 18).
ZOOMS = (3.0, 18.0)
_ANY = (0.0, math.inf)
_T = TypeVar("_T")
_M2_PER_HA = 1e4


@dataclass(frozen=True, slots=True)
class View:
    """What the app shows.

    Parameters
    ----------
    grouping
        Id of the grouping drawn (and compared by member), or ``None``.
    basemap
        One of :data:`BASEMAPS`.
    filter
        The record filter; its ``members`` belong to ``grouping``.
    summary_by
        One of :data:`SUMMARY_BY`.
    focus
        What the details panel shows: ``"record:<record_id>"``,
        ``"member:<member>"`` (of ``grouping``), ``"unit:<adcode>"`` (a
        unit's count badge), ``"point:<lon>,<lat>"`` or ``""``.
    footprints
        Whether circles of the records' documented land area are drawn.
    tab
        The open tab under the map (its label); ``""`` for the first.
    zoom, center
        Where the map looks: Leaflet's zoom and the centre as WGS-84
        ``(lon, lat)``; ``None`` until the map has reported them (the map then
        opens at its layers).
    """

    grouping: str | None = DEFAULT_GROUPING
    basemap: Basemap = "none"
    filter: RecordFilter = field(default_factory=RecordFilter)
    summary_by: str = "member"
    focus: str = ""
    footprints: bool = False
    tab: str = ""
    zoom: float | None = None
    center: tuple[float, float] | None = None

    def to_params(self) -> dict[str, str]:
        """Return the URL query parameters of the view (defaults left out)."""
        f = self.filter
        members = [m.member for m in f.members]
        params = {
            "grouping": "none" if self.grouping is None else self.grouping,
            "basemap": self.basemap,
            "by": self.summary_by,
            "show": self.focus,
            "plan": ",".join(f.plans),
            "layers": ",".join(f.record_layers),
            "kind": ",".join(f.kinds),
            "box": ",".join(f.boxes),
            "unit": ",".join(f.units),
            "citywide": "1" if f.citywide and f.units else "",
            "member": ",".join(members),
            "period": _span_text(f.period),
            "invest": _span_text(f.investment),
            "area_ha": _span_text(_hectares(f.land_area)),
            "precision": ",".join(f.precisions),
            "q": f.text,
            "footprints": "1" if self.footprints else "",
            "tab": self.tab,
            "zoom": "" if self.zoom is None else f"{self.zoom:g}",
            "center": "" if self.center is None else _lonlat_text(self.center),
        }
        defaults = View()
        params = {k: v for k, v in params.items() if v}
        if self.grouping == defaults.grouping:
            del params["grouping"]
        for key, value in (("basemap", defaults.basemap), ("by", defaults.summary_by)):
            if params.get(key) == value:
                del params[key]
        return params

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, str | Sequence[str]],
        atlas: Atlas,
        *,
        tabs: Sequence[str] = (),
    ) -> tuple[View, list[str]]:
        """Read a view from URL query parameters, checked against the atlas.

        Returns the view and the problems found (Chinese sentences for
        users), one per bad value; bad values are dropped, unknown
        parameters reported. ``tabs`` are the app's tab labels, the first
        being the default: a link naming another is reported (none given:
        any tab is kept).
        """
        return _Reader(params, atlas, tabs).read()

    def to_form(self) -> dict[str, Any]:
        """Return the view as the values of the app's widgets.

        Lists for multiple choices, member names without their grouping, ranges
        as ``(low, high)`` with ``(0, inf)`` for "any" and areas in 公顷;
        ``period`` is ``None`` for "any".
        """
        f = self.filter
        return {
            "plans": list(f.plans),
            "grouping": self.grouping or "none",
            "layers": list(f.record_layers),
            "basemap": self.basemap,
            "kinds": list(f.kinds),
            "boxes": list(f.boxes),
            "units": list(f.units),
            "citywide": f.citywide,
            "members": [m.member for m in f.members],
            "period": f.period,
            "invest": f.investment or _ANY,
            "area_ha": _hectares(f.land_area) or _ANY,
            "precisions": list(f.precisions),
            "q": f.text,
            "by": self.summary_by,
            "focus": self.focus,
            "footprints": self.footprints,
            "tab": self.tab,
            "zoom": self.zoom,
            "center": self.center,
        }

    @classmethod
    def from_form(
        cls,
        form: Mapping[str, Any],
        *,
        years: tuple[int, int] | None = None,
        first_tab: str | None = None,
    ) -> View:
        """Return the view the app's widget values (see :meth:`to_form`) describe.

        ``years`` is the period slider's whole span: selecting all of it sets no
        condition. ``first_tab`` is the tab open by default, which links leave out.
        """
        grouping = None if form["grouping"] == "none" else str(form["grouping"])
        period = tuple(form["period"]) if form.get("period") else None
        invest, area = tuple(form["invest"]), tuple(form["area_ha"])
        flt = RecordFilter(
            plans=tuple(form["plans"]),
            record_layers=tuple(form["layers"]),
            kinds=tuple(form["kinds"]),
            boxes=tuple(form["boxes"]),
            units=tuple(form["units"]),
            citywide=bool(form.get("citywide")) and bool(form["units"]),
            members=tuple(MemberRef(grouping, m) for m in form["members"]) if grouping else (),
            period=None if period is None or period == years else period,
            investment=None if invest == _ANY else invest,
            land_area=None if area == _ANY else (area[0] * _M2_PER_HA, area[1] * _M2_PER_HA),
            precisions=tuple(form["precisions"]),
            text=str(form["q"]).strip(),
        )
        tab = str(form.get("tab") or "")
        zoom, center = form.get("zoom"), form.get("center")
        return cls(
            grouping,
            _basemap(form["basemap"]),
            flt,
            str(form["by"]),
            str(form["focus"]),
            bool(form.get("footprints", False)),
            "" if tab == first_tab else tab,
            None if zoom is None else float(zoom),
            None if center is None else (float(center[0]), float(center[1])),
        )

    def name_parts(self, atlas: Atlas) -> list[str]:
        """Describe the record selection in a few words, for download file names."""
        f = self.filter
        parts = []
        if f.plans:
            parts.append(
                _few([atlas.plans[p].short for p in f.plans if p in atlas.plans], "个规划")
            )
        parts.extend(f.record_layers)
        if f.kinds:
            parts.append(_few([schema.value_label("kind", k) for k in f.kinds], "类"))
        if f.boxes:
            parts.append(_few([b.partition(":")[2] or "正文" for b in f.boxes], "个专栏"))
        if f.units:
            units = atlas.gazetteer.units
            names = [str(units.loc[a, "name"]) if a in units.index else a for a in f.units]
            parts.append(_few(names, "个区县") + ("（含市级）" if f.citywide else ""))
        if f.members:
            parts.append(_few([m.member for m in f.members], "个成员"))
        if f.period:
            parts.append(f"{_span_text(f.period)}年")
        if f.investment:
            parts.append(f"投资{_span_text(f.investment)}亿元")
        if f.land_area:
            parts.append(f"用地{_span_text(_hectares(f.land_area))}公顷")
        if f.text:
            parts.append(f.text)
        return parts


def _hectares(span: tuple[float, float] | None) -> tuple[float, float] | None:
    return None if span is None else (span[0] / _M2_PER_HA, span[1] / _M2_PER_HA)


def _few(names: Sequence[str], unit: str) -> str:
    return "+".join(names) if len(names) <= 2 else f"{len(names)}{unit}"


def _span_text(span: tuple[float, float] | None) -> str:
    if span is None:
        return ""
    low, high = (_number_text(v) for v in span)
    return f"{low}-{'' if high == 'inf' else high}"


def _number_text(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:g}"


def _lonlat_text(point: tuple[float, float]) -> str:
    return f"{point[0]:.5f},{point[1]:.5f}"


def focus_of_click(
    value: Mapping[str, Any], previous: Mapping[str, Any], *, gcj: bool
) -> str | None:
    """Return what a map click asks to inspect, from streamlit-folium's returned values.

    Parameters
    ----------
    value, previous
        ``st_folium``'s value now and before: ``last_object_clicked_count``
        grows with every click on a feature, ``last_active_drawing`` is that
        feature (its properties carry ``record_id``, ``member`` or, for a
        unit's count badge, ``unit``), and
        ``last_clicked`` is a click anywhere else (Leaflet stops the click on
        a feature with a popup from reaching the map).
    gcj
        Whether the map shows Gaode tiles: clicked points are then GCJ-02.

    Returns
    -------
    str or None
        A :attr:`View.focus` (a place as ``"point:lon,lat"`` in WGS-84), or
        ``None`` when nothing new was clicked.

    Examples
    --------
    >>> here = {"last_clicked": {"lng": 118.87, "lat": 28.94}}
    >>> focus_of_click(here, {}, gcj=False)
    'point:118.87000,28.94000'
    >>> focus_of_click(here, {}, gcj=True)
    'point:118.86522,28.94312'
    >>> feature = {"properties": {"record_id": "001-b13-03"}}
    >>> clicked = {**here, "last_object_clicked_count": 1, "last_active_drawing": feature}
    >>> focus_of_click(clicked, here, gcj=False)
    'record:001-b13-03'
    >>> focus_of_click(clicked, clicked, gcj=False) is None
    True
    >>> badge = {"last_object_clicked_count": 2, "last_active_drawing": {
    ...     "properties": {"unit": "330782"}}}
    >>> focus_of_click(badge, clicked, gcj=False)
    'unit:330782'
    """
    count = value.get("last_object_clicked_count")
    if count and count != previous.get("last_object_clicked_count"):
        props = (value.get("last_active_drawing") or {}).get("properties") or {}
        if props.get("record_id"):
            return f"record:{props['record_id']}"
        if props.get("member"):
            return f"member:{props['member']}"
        if props.get("unit"):  # a unit's count badge (maps.records)
            return f"unit:{props['unit']}"
    clicked = value.get("last_clicked")
    if not clicked or clicked == previous.get("last_clicked"):
        return None
    lon, lat = float(clicked["lng"]), float(clicked["lat"])
    if gcj:
        lon, lat = (float(v) for v in crs.gcj02_to_wgs84(lon, lat))
    return f"point:{lon:.5f},{lat:.5f}"


def map_view(value: Mapping[str, Any], *, gcj: bool) -> tuple[float, tuple[float, float]] | None:
    """Return where the map looks, from streamlit-folium's returned ``zoom`` and ``center``.

    The centre comes back in WGS-84 ``(lon, lat)``, rounded to about a metre
    (over Gaode's tiles the map's own coordinates are GCJ-02); ``None`` when
    the map has not said.

    Examples
    --------
    >>> map_view({"zoom": 9, "center": {"lat": 28.94, "lng": 118.87}}, gcj=False)
    (9.0, (118.87, 28.94))
    >>> map_view({"zoom": 9, "center": {"lat": 28.936876, "lng": 118.874777}}, gcj=True)
    (9.0, (118.87, 28.94))
    >>> map_view({"zoom": None}, gcj=False) is None
    True
    """
    zoom, center = value.get("zoom"), value.get("center")
    if zoom is None or not center:
        return None
    lon, lat = float(center["lng"]), float(center["lat"])
    if gcj:
        lon, lat = (float(v) for v in crs.gcj02_to_wgs84(lon, lat))
    return round(float(zoom), 2), (round(lon, 5), round(lat, 5))


class _Reader:
    """Reads and checks query parameters, collecting every problem."""

    _KNOWN = frozenset({
        "grouping", "basemap", "by", "show", "plan", "layers", "kind", "box", "unit", "citywide",
        "member",
        "period", "invest", "area_ha", "precision", "q", "footprints", "tab", "zoom", "center",
    })  # fmt: skip

    def __init__(
        self, params: Mapping[str, str | Sequence[str]], atlas: Atlas, tabs: Sequence[str]
    ) -> None:
        self.params = {
            k: v if isinstance(v, str) else ",".join(v) for k, v in params.items() if v is not None
        }
        self.atlas = atlas
        self.tabs = tuple(tabs)
        self.problems: list[str] = []

    def bad(self, key: str, value: str, why: str) -> None:
        self.problems.append(f"URL 参数 {key}={value} 无效：{why}；已忽略。")

    def values(self, key: str) -> list[str]:
        text = self.params.get(key, "").strip()
        return list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))

    def choose(self, key: str, allowed: Callable[[str], _T | None], why: str) -> tuple[_T, ...]:
        """Keep the values ``allowed`` maps to an id (``None``: bad value)."""
        kept = []
        for value in self.values(key):
            chosen = allowed(value)
            if chosen is None:
                self.bad(key, value, why)
            else:
                kept.append(chosen)
        return tuple(dict.fromkeys(kept))

    def read(self) -> tuple[View, list[str]]:
        unknown = sorted(set(self.params) - self._KNOWN)
        if unknown:
            known = "、".join(sorted(self._KNOWN))
            self.problems.append(
                f"未知的 URL 参数：{'、'.join(unknown)}；已忽略。可用参数：{known}。"
            )
        grouping = self.grouping()
        filter_args: dict[str, Any] = {
            "plans": self.choose("plan", lambda v: v if v in self.atlas.plans else None,
                                 f"规划编号应为 {'、'.join(self.atlas.plans)} 之一"),
            "record_layers": self.choose("layers", self.record_layer, "没有这个项目图层"),
            "kinds": self.choose("kind", _member_of(schema.KINDS),
                                 f"类型应为 {'、'.join(schema.KINDS)} 之一"),
            "precisions": self.choose("precision", _member_of(schema.PRECISIONS),
                                      f"定位精度应为 {'、'.join(schema.PRECISIONS)} 之一"),
            "boxes": self.choose("box", self.box,
                                 "数据中没有这个专栏（格式：规划编号:专栏，如 001:专栏13）"),
            "units": self.choose("unit", self.unit, "不是浙江的区县或地市（用行政区划代码或名称）"),
            "citywide": self.one("citywide", ("", "0", "1"), "") == "1",
            "members": self.choose("member", lambda v: self.member(grouping, v),
                                   f"不是所选格局 {grouping or '（无）'} 的成员"),
            "period": self.span("period", integer=True),
            "investment": self.span("invest"),
            "land_area": self.span("area_ha", scale=_M2_PER_HA),
            "text": self.params.get("q", "").strip(),
        }  # fmt: skip
        filter_args["citywide"] &= bool(filter_args["units"])  # only beside a unit
        view = View(
            grouping=grouping,
            basemap=_basemap(self.one("basemap", BASEMAPS, "none")),
            filter=RecordFilter(**filter_args),
            summary_by=self.one("by", SUMMARY_BY, "member"),
            footprints=self.one("footprints", ("", "0", "1"), "") == "1",
        )
        zoom, center = self.zoom(), self.center()
        return replace(
            view, focus=self.focus(grouping), tab=self.tab(), zoom=zoom, center=center
        ), self.problems

    def one(self, key: str, allowed: Sequence[str], default: str) -> str:
        value = self.params.get(key, default).strip() or default
        if value not in allowed:
            self.bad(key, value, f"应为 {'、'.join(allowed)} 之一")
            return default
        return value

    def tab(self) -> str:
        value = self.params.get("tab", "").strip()
        if not value or not self.tabs:
            return value
        if value not in self.tabs:
            self.bad("tab", value, f"应为 {'、'.join(self.tabs)} 之一")
            return ""
        return "" if value == self.tabs[0] else value

    def zoom(self) -> float | None:
        text = self.params.get("zoom", "").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not ZOOMS[0] <= value <= ZOOMS[1]:  # NaN fails too
            self.bad("zoom", text, f"地图缩放级别应为 {ZOOMS[0]:g} 到 {ZOOMS[1]:g} 之间的数")
            return None
        return value

    def center(self) -> tuple[float, float] | None:
        text = self.params.get("center", "").strip()
        if not text:
            return None
        point = _lonlat(text)
        if point is None:
            self.bad("center", text, "地图中心应为浙江附近的“经度,纬度”（WGS-84），如 120.15,30.28")
        return point

    def grouping(self) -> str | None:
        value = self.params.get("grouping", DEFAULT_GROUPING).strip() or DEFAULT_GROUPING
        if value == "none":
            return None
        try:
            spec = self.atlas.registry.get(value)
        except GeoplanError:
            spec = None
        if isinstance(spec, GroupingSpec):
            return spec.id
        known = "、".join(self.atlas.registry.ids("grouping"))
        self.bad("grouping", value, f"没有这个空间格局，可选：{known}、none")
        return DEFAULT_GROUPING

    def record_layer(self, value: str) -> str | None:
        try:
            spec = self.atlas.registry.get(value)
        except GeoplanError:
            return None
        return None if isinstance(spec, GroupingSpec) else spec.id

    def box(self, value: str) -> str | None:
        return value if value in panels.box_choices(self.atlas.records, self.atlas) else None

    def unit(self, value: str) -> str | None:
        units = self.atlas.gazetteer.units
        if value in units.index:
            return value
        found = self.atlas.gazetteer.resolve(value)
        return next(iter(found.adcodes)) if found.ok and len(found.adcodes) == 1 else None

    def member(self, grouping: str | None, value: str) -> MemberRef | None:
        if grouping is None or value not in set(self.atlas.grouping(grouping)["member"]):
            return None
        return MemberRef(grouping, value)

    def span(self, key: str, *, integer: bool = False, scale: float = 1.0) -> Any:
        text = self.params.get(key, "").strip()
        if not text:
            return None
        low_text, sep, high_text = text.partition("-")
        try:
            low = float(low_text) if low_text else 0.0
            high = float(high_text) if high_text else math.inf
        except ValueError:
            low = high = math.nan
        if not sep or not 0 <= low <= high or (integer and math.isinf(high)):
            self.bad(key, text, "应为“下限-上限”，如 2021-2025、5-100 或 10-（无上限）")
            return None
        if integer:
            return (int(low), int(high))
        return (low * scale, high * scale)

    def focus(self, grouping: str | None) -> str:
        value = self.params.get("show", "").strip()
        kind, _, name = value.partition(":")
        if not value:
            return ""
        if kind == "record" and name in set(self.atlas.records["record_id"]):
            return value
        if kind == "member" and self.member(grouping, name) is not None:
            return value
        if kind == "point" and _lonlat(name) is not None:
            return value
        if kind == "unit" and name in self.atlas.gazetteer.units.index:
            return value
        self.bad(
            "show", value,
            "应为 record:项目编号、member:所选格局的成员、unit:区划代码 或 point:经度,纬度",
        )  # fmt: skip
        return ""


def _basemap(value: object) -> Basemap:
    """Return a base-map id as the closed type, or raise for anything else."""
    for known in BASEMAPS:
        if value == known:
            return known
    msg = f"basemap must be one of {list(BASEMAPS)}, got {value!r}"
    raise UnknownNameError(msg)


def _lonlat(text: str) -> tuple[float, float] | None:
    try:
        lon, lat = (float(v) for v in text.split(","))
        crs.check_lonlat([lon], [lat], what="the point")
    except (ValueError, GeoplanError):
        return None
    return lon, lat


def _member_of(allowed: Sequence[str]) -> Callable[[str], str | None]:
    return lambda value: value if value in allowed else None
