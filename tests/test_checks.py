"""The checks of a boundary: each status, its figures and the tolerances they state."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box

from geoplan import checks, crs
from geoplan.checks import BoundaryReport, run_checks
from geoplan.digitize import BoundaryInput

LON, LAT = 120.0, 29.2
#: A 10 km × 10 km unit (built in metres) around the point.
UNIT_HALF_M = 5000.0
CENTRE = crs.to_metric([Point(LON, LAT)])[0]
UNIT = crs.from_metric(
    [
        box(
            CENTRE.x - UNIT_HALF_M,
            CENTRE.y - UNIT_HALF_M,
            CENTRE.x + UNIT_HALF_M,
            CENTRE.y + UNIT_HALF_M,
        )
    ]
)[0]
NOBODY = gpd.GeoDataFrame({"record_id": [], "name": []}, geometry=[], crs=4326)


def metric_box(x0: float, y0: float, x1: float, y1: float) -> shapely.Geometry:
    """A WGS-84 polygon from a box in metres relative to the unit's centre."""
    return crs.from_metric([box(CENTRE.x + x0, CENTRE.y + y0, CENTRE.x + x1, CENTRE.y + y1)])[0]


def report_for(
    geometry: shapely.Geometry,
    *,
    land_area_m2: float | None = 1e6,
    others: gpd.GeoDataFrame = NOBODY,
) -> BoundaryReport:
    record = {"record_id": "900-b01-01", "name": "甲园区", "land_area_m2": land_area_m2,
              "land_area_text": "约1平方公里"}  # fmt: skip
    drawn = BoundaryInput(geometry, "drawn", "wgs84")
    return run_checks(record, drawn, unit=UNIT, unit_name="甲县", others=others)


def statuses(report: BoundaryReport) -> dict[str, str]:
    return {c.name: c.status for c in report.checks}


KM = metric_box(-500, -500, 500, 500)  # 1 km², well inside


def test_a_good_boundary_passes_everything_and_says_so() -> None:
    report = report_for(KM)
    assert statuses(report) == dict.fromkeys(["valid", "type", "inside", "area", "overlap"], "pass")
    assert report.area_m2 == pytest.approx(1e6, rel=2e-3)  # geodesic vs Gauss–Krüger metres
    assert report.can_save() and report.status == "pass"
    text = report.to_text()
    assert text.splitlines()[0] == "900-b01-01 甲园区：1 km²（1,500 亩）"
    assert "  PASS 通过  area     面积核对：数字化面积 1 km²" in text
    assert "原文“约1平方公里”" in text


def test_an_invalid_polygon_is_repaired_and_the_repair_is_said() -> None:
    bowtie = shapely.Polygon(
        [
            (LON - 0.005, LAT - 0.005), (LON + 0.005, LAT + 0.005),
            (LON + 0.005, LAT - 0.005), (LON - 0.005, LAT + 0.005),
        ]
    )  # fmt: skip
    report = report_for(bowtie)
    valid = report.check("valid")
    assert valid.status == "warn" and "Self-intersection" in valid.message
    assert "已用 make_valid 修复" in valid.message
    assert report.geometry.is_valid and report.geometry.geom_type == "MultiPolygon"
    assert report.check("type").message == "多面（MultiPolygon，2 个部分）"
    assert not report.can_save() and report.can_save(force=True)


def test_lines_left_by_the_repair_are_dropped_with_a_warning() -> None:
    spiked = shapely.Polygon(
        [(LON, LAT), (LON + 0.01, LAT), (LON + 0.01, LAT + 0.005), (LON + 0.015, LAT + 0.005),
         (LON + 0.01, LAT + 0.005), (LON + 0.01, LAT + 0.01), (LON, LAT + 0.01)]
    )  # fmt: skip
    report = report_for(spiked)
    assert report.geometry.geom_type == "Polygon"
    assert report.check("type").status == "warn"
    assert "1 个线或点部分已去掉" in report.check("type").message


def test_a_polygon_with_no_area_fails_and_cannot_be_forced() -> None:
    flat = shapely.Polygon([(120.0, 29.0), (120.5, 29.5), (121.0, 30.0)])  # exactly on a line
    report = report_for(flat)
    assert statuses(report) == {"valid": "warn", "type": "fail"}
    assert "没有面（得到 MultiLineString）" in report.check("type").message
    assert not report.can_save(force=True)
    with pytest.raises(KeyError):
        report.check("area")


@pytest.mark.parametrize(
    ("side_m", "status", "ratio"),
    [
        (1000, "pass", 1.0),
        (1500, "warn", 2.25),
        (400, "warn", 0.16),
        (31623, "fail", 1000.0),  # a thousand times the documented area
        (30, "fail", 0.0009),
    ],
)
def test_area_against_the_documented_area(side_m: float, status: str, ratio: float) -> None:
    half = side_m / 2
    report = report_for(metric_box(-half, -half, half, half))
    area = report.check("area")
    assert area.status == status
    assert area.figures["ratio"] == pytest.approx(ratio, rel=5e-3)
    assert area.figures["documented_m2"] == 1e6
    assert "0.5–2 倍通过，0.1–10 倍警告，超出不通过" in area.message


def test_without_a_documented_area_the_area_is_not_judged() -> None:
    report = report_for(KM, land_area_m2=float("nan"))
    assert report.check("area").status == "pass"
    assert report.check("area").message.endswith("规划未载明用地面积，未核对")


@pytest.mark.parametrize(
    ("beyond_m", "status"),
    [(50, "pass"), (300, "warn"), (2500, "fail")],
)
def test_inside_the_unit_with_the_stated_tolerance(beyond_m: float, status: str) -> None:
    # A 2 km wide strip whose east end pokes beyond_m past the unit's east edge.
    east = UNIT_HALF_M + beyond_m
    report = report_for(metric_box(east - 2000, -250, east, 250))
    inside = report.check("inside")
    assert inside.status == status, inside.message
    assert "界线外 100 m 内视为界内" in inside.message and inside.figures["tolerance_m"] == 100.0
    if status != "pass":
        expected = min(beyond_m - checks.INSIDE_TOLERANCE_M, 2000) / 2000
        assert inside.figures["outside_share"] == pytest.approx(expected, rel=0.02)
        assert "在甲县界外" in inside.message
    if status == "fail":
        assert "高德坐标请选 GCJ-02" in inside.message


def test_overlap_with_other_digitized_records_warns_with_area_and_share() -> None:
    others = gpd.GeoDataFrame(
        {"record_id": ["900-b01-02", "900-b01-03", "900-b01-04"],
         "name": ["乙园区", "丙小镇", "丁园区"]},
        geometry=[
            metric_box(0, -500, 1000, 500),  # the east half of KM
            metric_box(500, -500, 900, 500),  # touches KM's east edge only
            metric_box(-2000, -2000, -1000, -1000),  # far away
        ],
        crs=4326,
    )  # fmt: skip
    overlap = report_for(KM, others=others).check("overlap")
    assert overlap.status == "warn"
    assert overlap.figures["overlap_share"] == pytest.approx(0.5, rel=1e-3)
    assert overlap.figures["records"] == 1
    assert "与 1 条记录的边界重叠" in overlap.message and "900-b01-02 乙园区" in overlap.message
    assert "1% 以内视为无重叠" in overlap.message


def test_a_sliver_of_overlap_along_a_shared_road_passes() -> None:
    sliver = gpd.GeoDataFrame(
        {"record_id": ["900-b01-02"], "name": ["乙园区"]},
        geometry=[metric_box(495, -500, 1500, 500)],  # 5 m into KM: 0.5 %
        crs=4326,
    )
    overlap = report_for(KM, others=sliver).check("overlap")
    assert overlap.status == "pass"
    assert overlap.figures["overlap_share"] == pytest.approx(0.005, rel=0.01)


def test_checks_travel_as_plain_data_for_the_store() -> None:
    data = report_for(KM).to_dicts()
    assert [d["name"] for d in data] == ["valid", "type", "inside", "area", "overlap"]
    assert set(data[3]) == {"name", "title", "status", "message", "figures"}
    assert data[3]["figures"]["ratio"] == pytest.approx(1.0, rel=3e-3)
