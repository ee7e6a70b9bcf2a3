"""``geoplan boundary …`` and ``geoplan query near|inside|overlaps``, as real processes.

Exit status: 0 saved (or done), 1 refused, 2 bad input. Each test has its own
user folder; files are written by the tests.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geoplan import crs

from factories import (
    JINHUA_SOFTWARE,
    YIWU_LOGISTICS,
    square,
    write_geojson,
    write_gpkg,
    write_kml,
    write_shapefile_zip,
)

RECORD, LON, LAT, AREA = JINHUA_SOFTWARE
OTHER, OTHER_LON, OTHER_LAT, OTHER_AREA = YIWU_LOGISTICS
PARK = square(LON, LAT, AREA)


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user"


def run(user: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GEOPLAN_USER_DIR": str(user)}
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_set_show_history_undo(user: Path, tmp_path: Path) -> None:
    kml = write_kml(tmp_path / "园区.kml", PARK)
    saved = run(user, "boundary", "set", RECORD, str(kml), "--author", "王工")
    assert saved.returncode == 0, saved.stderr
    lines = saved.stdout.splitlines()
    assert lines[0].startswith(f"{RECORD} 金华高新园区软件与服务外包基地：0.62 km²")
    assert [line.split()[0] for line in lines[1:6]] == ["PASS"] * 5
    assert lines[-1] == f"saved as change 1 by 王工: {RECORD} is surveyed"

    shown = run(user, "boundary", "show", RECORD)
    assert shown.returncode == 0, shown.stderr
    feature = json.loads(shown.stdout)
    assert feature["type"] == "Feature" and feature["properties"]["author"] == "王工"
    assert feature["properties"]["source"] == "园区.kml"
    assert shapely.hausdorff_distance(shape(feature["geometry"]), PARK) < 1e-9

    undone = run(user, "boundary", "undo", RECORD, "--author", "李工")
    assert undone.returncode == 0, undone.stderr
    assert "undid change 1" in undone.stdout and "stand-in" in undone.stdout
    history = run(user, "boundary", "history", RECORD)
    rows = [line.split() for line in history.stdout.splitlines()[1:]]
    assert [(r[0], r[3], r[4]) for r in rows] == [("1", "王工", "set"), ("2", "李工", "undo")]
    assert rows[0][5] == "(undone)" and rows[0][6] == "pass"

    again = run(user, "boundary", "undo", RECORD)
    assert again.returncode == 2
    said = f"record '{RECORD}' has no boundary change left to undo (see `geoplan boundary history`)"
    assert again.stderr.strip().splitlines() == [f"geoplan: error: {said}"]
    gone = run(user, "boundary", "show", RECORD)
    assert gone.returncode == 1 and "has no digitized boundary" in gone.stderr


def test_warnings_refuse_without_force_and_failures_even_with_it(
    user: Path, tmp_path: Path
) -> None:
    triple = write_gpkg(tmp_path / "triple.gpkg", square(LON, LAT, AREA * 3))
    refused = run(user, "boundary", "set", RECORD, str(triple))
    assert refused.returncode == 1
    assert "WARN 警告  area" in refused.stdout and "比值 3" in refused.stdout
    assert refused.stderr.strip() == "geoplan: not saved: checks warn; --force saves"
    assert not user.exists()
    forced = run(user, "boundary", "set", RECORD, str(triple), "--force")
    assert forced.returncode == 0, forced.stderr
    store = user / "geoplan.sqlite"
    before = store.read_bytes()

    huge = write_shapefile_zip(tmp_path / "huge.zip", square(LON, LAT, AREA * 1000))
    failed = run(user, "boundary", "set", RECORD, str(huge), "--force")
    assert failed.returncode == 1
    assert "FAIL 不通过 area" in failed.stdout and "单位或文件有误" in failed.stdout
    assert failed.stderr.strip() == "geoplan: not saved: a check failed"
    assert store.read_bytes() == before


def test_bad_input_exits_2_with_one_line_and_changes_nothing(user: Path, tmp_path: Path) -> None:
    ok = run(user, "boundary", "set", OTHER, str(write_kml(tmp_path / "ok.kml",
             square(OTHER_LON, OTHER_LAT, OTHER_AREA))))  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in user.iterdir()}
    not_json = tmp_path / "边界.geojson"
    not_json.write_text("西至婺州街，东至双龙南街", encoding="utf-8")
    for args, said in (
        (["boundary", "set", RECORD, str(not_json)], "边界.geojson is not JSON"),
        (["boundary", "set", "000-b10-1", str(not_json)], "no record has the id '000-b10-1'"),
        (["boundary", "check", RECORD, str(tmp_path / "missing.kml")], "not found"),
    ):
        result = run(user, *args)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("geoplan: error: ") and said in lines[0]
    assert {p.name: p.read_bytes() for p in user.iterdir()} == before


def test_gcj02_file_lands_on_the_wgs84_position_and_spatial_queries(
    user: Path, tmp_path: Path
) -> None:
    gaode = write_geojson(tmp_path / "gaode.geojson", crs.geometry_wgs84_to_gcj02(PARK))
    saved = run(user, "boundary", "set", RECORD, str(gaode), "--crs", "gcj02")
    assert saved.returncode == 0, saved.stderr
    assert "注：坐标由 GCJ-02 转换为 WGS-84" in saved.stdout
    neighbour = write_geojson(tmp_path / "n.geojson", square(LON, LAT, AREA, dx_m=500))
    forced = run(user, "boundary", "set", "000-b10-04", str(neighbour), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "WARN 警告  overlap" in forced.stdout

    exported = run(user, "boundary", "export", str(tmp_path / "all.gpkg"))
    assert exported.returncode == 0 and "(2 boundaries)" in exported.stdout
    back = pyogrio.read_dataframe(tmp_path / "all.gpkg", layer="boundaries")
    mine = back.set_index("record_id").geometry[RECORD]
    assert shapely.hausdorff_distance(mine, PARK) < 1e-9

    overlaps = run(user, "query", "overlaps", "-o", str(tmp_path / "overlaps.csv"))
    assert overlaps.returncode == 0, overlaps.stderr
    with (tmp_path / "overlaps.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    assert [(p["record_a"], p["record_b"]) for p in pairs] == [(RECORD, "000-b10-04")]
    # Two squares of side ~787 m, 500 m apart: they share ~287 m × 787 m.
    assert float(pairs[0]["overlap_m2"]) == pytest.approx((AREA**0.5 - 500) * AREA**0.5, rel=0.01)

    near = run(
        user, "query", "near", RECORD, "--distance", "100", "-o", str(tmp_path / "n.geojson")
    )
    assert near.returncode == 0, near.stderr
    found = pyogrio.read_dataframe(tmp_path / "n.geojson")
    assert found["record_id"].tolist() == ["000-b10-04"] and found["distance_m"].tolist() == [0.0]

    area = write_geojson(tmp_path / "area.geojson", square(LON, LAT, AREA * 9))
    inside = run(user, "query", "inside", str(area))
    assert inside.returncode == 0, inside.stderr
    assert RECORD in inside.stdout and "000-b10-04" in inside.stdout
    point = run(user, "query", "near", "--point", "29.2", "120.0", "--distance", "10")
    assert point.returncode == 2 and "outside WGS-84 ranges" in point.stderr
