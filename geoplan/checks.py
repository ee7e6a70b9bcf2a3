"""Checks of a digitized boundary against the plan, before it is saved.

Each check passes, warns or fails, and says why with its figures and the
tolerance it applied:

========== ====================================================================
valid      the polygon is valid; an invalid one is repaired with shapely's
           ``make_valid`` (a warning, saying what was wrong)
type       it is a polygon (or several); parts that are not are dropped (warning)
inside     it lies in the record's county (or city, or the province), within
           :data:`INSIDE_TOLERANCE_M` of the unit's edge (boundaries are
           simplified at 20 m); some outside warns, mostly outside fails
area       its geodesic area against the documented ``land_area_m2``: within
           :data:`AREA_PASS` times passes, within :data:`AREA_WARN` warns,
           beyond fails (a polygon a thousand times the plan's area is a
           wrong unit or a wrong file, not a boundary)
overlap    its overlap with other digitized records (area and share): more
           than :data:`OVERLAP_TOLERANCE` of its area warns (a platform may
           lie inside another; it never fails)
========== ====================================================================

A save goes ahead when nothing fails and, unless forced, nothing warns
(:meth:`BoundaryReport.can_save`). Messages are Chinese, for planners.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from geoplan.digitize import BoundaryInput, split_polygons
>>> county = box(119.9, 29.1, 120.1, 29.3)
>>> drawn = BoundaryInput(box(119.98, 29.20, 119.99, 29.21), "drawn", "wgs84")
>>> record = {"record_id": "900-b01-01", "name": "甲园区", "land_area_m2": 1.0e6}
>>> none = gpd.GeoDataFrame({"record_id": [], "name": []}, geometry=[], crs=4326)
>>> report = run_checks(record, drawn, unit=county, unit_name="甲县", others=none)
>>> [(c.name, c.status) for c in report.checks]
[('valid', 'pass'), ('type', 'pass'), ('inside', 'pass'), ('area', 'pass'), ('overlap', 'pass')]
>>> print(report.check("area").message[:44])
数字化面积 1.08 km²（1,617 亩），规划用地面积 1 km²，比值 1.08
>>> report.status, report.can_save()
('pass', True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geoplan import crs
from geoplan.digitize import BoundaryInput, split_polygons
from geoplan.query import spatial
from geoplan.store import Change

__all__ = [
    "AREA_PASS",
    "AREA_WARN",
    "INSIDE_TOLERANCE_M",
    "OVERLAP_TOLERANCE",
    "STATUS_LABELS",
    "BoundaryReport",
    "Check",
    "Status",
    "run_checks",
]

Status = Literal["pass", "warn", "fail"]
#: How the app and the CLI name a status.
STATUS_LABELS: dict[str, str] = {"pass": "通过", "warn": "警告", "fail": "不通过"}

#: Area ratio (digitized / documented) that passes: plans round and say 约.
AREA_PASS = (0.5, 2.0)
#: Area ratio that warns; beyond it the check fails.
AREA_WARN = (0.1, 10.0)
#: Metres a boundary may pass its unit's edge (unit boundaries are simplified at 20 m).
INSIDE_TOLERANCE_M = 100.0
#: Share of the area outside the unit (beyond the tolerance) up to which the check passes.
INSIDE_PASS_SHARE = 0.01
#: Share outside beyond which the check fails: the wrong record or the wrong CRS.
INSIDE_FAIL_SHARE = 0.5
#: Share of the area overlapping other digitized records below which the check passes.
OVERLAP_TOLERANCE = 0.01

_MU_M2 = 10000 / 15  # 1 亩 = 1/15 公顷


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check.

    Parameters
    ----------
    name
        ``"valid"``, ``"type"``, ``"inside"``, ``"area"`` or ``"overlap"``.
    title
        Chinese heading (几何有效性 …).
    status
        ``"pass"``, ``"warn"`` or ``"fail"``.
    message
        Chinese sentence with the figures and the tolerance applied.
    figures
        The numbers behind the message (m², ratios, shares).
    """

    name: str
    title: str
    status: Status
    message: str
    figures: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the check as plain data (what the store keeps as JSON)."""
        return {
            "name": self.name,
            "title": self.title,
            "status": self.status,
            "message": self.message,
            "figures": dict(self.figures),
        }


@dataclass(frozen=True, slots=True)
class BoundaryReport:
    """A boundary, ready to save, with the outcome of its checks.

    Parameters
    ----------
    record_id, name
        The record.
    geometry
        What a save stores: the polygon in WGS-84, repaired if it was invalid.
    area_m2
        Its geodesic area.
    checks
        The checks, in order.
    source, input_crs, notes
        From :class:`geoplan.digitize.BoundaryInput`.
    change
        After a save, the change in the store; ``None`` before.
    """

    record_id: str
    name: str
    geometry: BaseGeometry
    area_m2: float
    checks: tuple[Check, ...]
    source: str = ""
    input_crs: str = ""
    notes: tuple[str, ...] = ()
    change: Change | None = None

    @property
    def status(self) -> Status:
        """The worst status of the checks."""
        found = {c.status for c in self.checks}
        return "fail" if "fail" in found else "warn" if "warn" in found else "pass"

    def check(self, name: str) -> Check:
        """Return the check of that name.

        Raises
        ------
        KeyError
            If the report has no such check (after a failed type check, the
            later checks are not run).
        """
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def can_save(self, *, force: bool = False) -> bool:
        """Whether a save may go ahead: never past a failure, past warnings only when forced."""
        return self.status == "pass" or (self.status == "warn" and force)

    def saved(self, change: Change) -> BoundaryReport:
        """Return the report with the change that saved it."""
        return replace(self, change=change)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Return the checks as plain data."""
        return [c.to_dict() for c in self.checks]

    def to_text(self) -> str:
        """Return the report as plain text: one line per check, then the notes."""
        lines = [f"{self.record_id} {self.name}：{_area_text(self.area_m2)}"]
        width = max(len(c.name) for c in self.checks) if self.checks else 0
        for c in self.checks:
            label = f"{c.status.upper():<4} {STATUS_LABELS[c.status]}"
            lines.append(f"  {label:<8} {c.name:<{width}}  {c.title}：{c.message}")
        lines.extend(f"  注：{note}" for note in self.notes)
        return "\n".join(lines)


def run_checks(
    record: Mapping[str, Any],
    boundary: BoundaryInput,
    *,
    unit: BaseGeometry,
    unit_name: str,
    others: gpd.GeoDataFrame,
) -> BoundaryReport:
    """Check a boundary for a record.

    Parameters
    ----------
    record
        The record's fields: ``record_id``, ``name``, ``land_area_m2``,
        ``land_area_text``.
    boundary
        The boundary as read (:func:`geoplan.digitize.read_boundary`).
    unit, unit_name
        The geometry and name of the unit the record is placed in (its
        county, its city, or the province when unplaced).
    others
        Other records' current boundaries (``record_id``, ``name``, geometry).

    Returns
    -------
    BoundaryReport
        With the repaired geometry. When no polygon is left after repair the
        type check fails and the later checks are not run.
    """
    geometry, valid = _check_valid(boundary.geometry)
    geometry, kind = _check_type(geometry)
    checks = [valid, kind]
    area = float(crs.geodesic_area_m2(geometry)[0]) if kind.status != "fail" else 0.0
    if kind.status != "fail":
        checks += [
            _check_inside(geometry, area, unit, unit_name),
            _check_area(area, record),
            _check_overlap(geometry, area, others),
        ]
    return BoundaryReport(
        record_id=str(record["record_id"]),
        name=str(record.get("name", "")),
        geometry=geometry,
        area_m2=area,
        checks=tuple(checks),
        source=boundary.source,
        input_crs=boundary.input_crs,
        notes=boundary.notes,
    )


def _check_valid(geometry: BaseGeometry) -> tuple[BaseGeometry, Check]:
    title = "几何有效性"
    if geometry.is_valid:
        return geometry, Check("valid", title, "pass", "几何有效")
    reason = shapely.is_valid_reason(geometry)
    repaired = shapely.make_valid(geometry)
    message = f"几何无效（{reason}），已用 make_valid 修复，请核对修复后的形状"
    return repaired, Check("valid", title, "warn", message)


def _check_type(geometry: BaseGeometry) -> tuple[BaseGeometry, Check]:
    title = "几何类型"
    parts, others = split_polygons(geometry)
    if not parts:
        message = f"没有面（得到 {geometry.geom_type}）：边界必须是闭合的面"
        return Polygon(), Check("type", title, "fail", message)
    polygon = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    figures = {"parts": float(len(parts))}
    if others:
        # make_valid may return lines or points beside the polygons.
        message = f"{_kind_text(polygon)}；修复产生的 {len(others)} 个线或点部分已去掉"
        return polygon, Check("type", title, "warn", message, figures)
    return polygon, Check("type", title, "pass", _kind_text(polygon), figures)


def _kind_text(polygon: BaseGeometry) -> str:
    if isinstance(polygon, MultiPolygon):
        return f"多面（MultiPolygon，{len(polygon.geoms)} 个部分）"
    return "单个面（Polygon）"


def _check_inside(geometry: BaseGeometry, area: float, unit: BaseGeometry, name: str) -> Check:
    title = f"位于{name}内"
    widened = crs.from_metric([crs.to_metric([unit])[0].buffer(INSIDE_TOLERANCE_M)])[0]
    outside = float(crs.geodesic_area_m2(shapely.difference(geometry, widened))[0])
    share = outside / area if area > 0 else 0.0
    figures = {"outside_m2": outside, "outside_share": share, "tolerance_m": INSIDE_TOLERANCE_M}
    rule = f"容差：区划界线简化至 20 m，界线外 {INSIDE_TOLERANCE_M:.0f} m 内视为界内"
    if share <= INSIDE_PASS_SHARE:
        return Check("inside", title, "pass", f"在{name}界内。{rule}", figures)
    said = f"{_pct(share)} 在{name}界外，计 {_area_text(outside)}。{rule}"
    if share <= INSIDE_FAIL_SHARE:
        return Check("inside", title, "warn", said, figures)
    hint = "。记录选错了，或坐标系选错了（高德坐标请选 GCJ-02）？"
    return Check("inside", title, "fail", said + hint, figures)


def _check_area(area: float, record: Mapping[str, Any]) -> Check:
    title = "面积核对"
    documented = record.get("land_area_m2")
    drawn = f"数字化面积 {_area_text(area)}"
    if documented is None or not math.isfinite(float(documented)) or float(documented) <= 0:
        return Check(
            "area", title, "pass", f"{drawn}；规划未载明用地面积，未核对", {"area_m2": area}
        )
    documented = float(documented)
    ratio = area / documented
    printed = str(record.get("land_area_text") or "")
    stated = f"规划用地面积 {_km2(documented)}" + (f"（原文“{printed}”）" if printed else "")
    rule = (
        f"{AREA_PASS[0]:g}–{AREA_PASS[1]:g} 倍通过，"
        f"{AREA_WARN[0]:g}–{AREA_WARN[1]:g} 倍警告，超出不通过"
    )
    message = f"{drawn}，{stated}，比值 {ratio:.3g}（{rule}）"
    figures = {"area_m2": area, "documented_m2": documented, "ratio": ratio}
    if AREA_PASS[0] <= ratio <= AREA_PASS[1]:
        status: Status = "pass"
    elif AREA_WARN[0] <= ratio <= AREA_WARN[1]:
        status = "warn"
    else:
        status = "fail"
        message += "：单位或文件有误？"
    return Check("area", title, status, message, figures)


def _check_overlap(geometry: BaseGeometry, area: float, others: gpd.GeoDataFrame) -> Check:
    title = "与其他数字化边界重叠"
    hits = spatial.overlaps_with(geometry, others)
    if hits.empty:
        return Check(
            "overlap", title, "pass", "与其他已数字化的记录边界无重叠", {"overlap_m2": 0.0}
        )
    union = shapely.union_all(shapely.intersection(hits.geometry.values, geometry))
    total = float(crs.geodesic_area_m2(union)[0])
    share = total / area if area > 0 else 0.0
    listed = "；".join(
        f"{r['record_id']} {r.get('name', '')}：{_km2(r['overlap_m2'])}，{_pct(r['share'])}"
        for _, r in hits.head(5).iterrows()
    )
    more = f" 等 {len(hits)} 条" if len(hits) > 5 else ""
    message = (
        f"与 {len(hits)} 条记录的边界重叠，共 {_area_text(total)}（占本边界 {_pct(share)}；"
        f"{_pct(OVERLAP_TOLERANCE)} 以内视为无重叠）：{listed}{more}"
    )
    figures = {"overlap_m2": total, "overlap_share": share, "records": float(len(hits))}
    status: Status = "pass" if share <= OVERLAP_TOLERANCE else "warn"
    return Check("overlap", title, status, message, figures)


def _km2(m2: float) -> str:
    return f"{m2 / 1e6:.3g} km²"


def _area_text(m2: float) -> str:
    return f"{_km2(m2)}（{m2 / _MU_M2:,.0f} 亩）"


def _pct(share: float) -> str:
    return f"{share * 100:.3g}%"
