"""Digitized boundaries through the atlas: check, save, history, undo, export, maps.

Every test has its own user folder (``GEOPLAN_USER_DIR``) in tmp_path; files
are written by the tests; the records are the shipped ones.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, mapping

import geoplan
from geoplan import crs, maps
from geoplan.errors import BoundaryInputError, BoundaryRefusedError, UnknownNameError
from geoplan.maps.encoding import decode_geometry, decode_ints

from factories import (
    JINHUA_SOFTWARE,
    YIWU_LOGISTICS,
    calls,
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
def atlas(user: Path) -> geoplan.Atlas:
    return geoplan.load()


def record(atlas: geoplan.Atlas, record_id: str = RECORD):  # type: ignore[no-untyped-def]
    return atlas.records.set_index("record_id").loc[record_id]


def test_checking_saves_nothing(atlas: geoplan.Atlas, user: Path) -> None:
    report = atlas.check_boundary(RECORD, mapping(PARK))
    assert report.status == "pass" and report.change is None
    assert report.check("area").figures["ratio"] == pytest.approx(1.0, rel=5e-3)
    assert not user.exists()
    assert record(atlas)["precision"] == "city"


def test_a_saved_boundary_becomes_the_records_geometry(atlas: geoplan.Atlas, user: Path) -> None:
    path = write_kml(user.parent / "园区.kml", PARK)
    saved = atlas.set_boundary(RECORD, path, author="王工")
    assert saved.change is not None and saved.change.author == "王工"
    assert (user / "geoplan.sqlite").is_file()
    elsewhere = geoplan.load()  # another session's atlas, loaded before the next save
    assert record(elsewhere)["precision"] == "surveyed"
    for reader in (atlas, geoplan.load()):  # this atlas, and a fresh one reading the store
        row = record(reader)
        assert row["precision"] == "surveyed"
        assert row.geometry.equals_exact(PARK, 1e-9)
        assert row.geometry.contains(Point(row["lon"], row["lat"]))
        assert "数字化边界：王工" in row["placement_basis"] and "园区.kml" in row["placement_basis"]
    # Other records keep their stand-in points.
    assert record(atlas, OTHER)["precision"] == "county"
    # A save elsewhere shows once that atlas refreshes: the store's last change id says when.
    seen = elsewhere.store.last_change_id()
    atlas.set_boundary(OTHER, square(OTHER_LON, OTHER_LAT, OTHER_AREA))
    assert record(elsewhere, OTHER)["precision"] == "county"
    assert elsewhere.store.last_change_id() > seen
    elsewhere.refresh_records()
    assert record(elsewhere, OTHER)["precision"] == "surveyed"
    boundaries = atlas.boundaries()
    assert boundaries[["record_id", "name", "author"]].values.tolist()[0] == [
        RECORD, "金华高新园区软件与服务外包基地", "王工"
    ]  # fmt: skip
    assert boundaries["area_m2"].iloc[0] == pytest.approx(AREA, rel=5e-3)


def test_the_map_draws_the_polygon_instead_of_the_stand_in(atlas: geoplan.Atlas) -> None:
    atlas.set_boundary(RECORD, PARK, author="王工")
    html = maps.to_html(atlas.map(["金华服务业重大平台"]))
    ((_, table),) = calls(html, "recordTable")
    ((*_, data, _layer, _legend),) = calls(html, "records")
    ours = [f for f in data["shapes"] if table["id"][f["properties"]["_row"]] == RECORD]
    assert len(ours) == 1
    drawn = shapely.geometry.shape(decode_geometry(ours[0]["geometry"]))
    assert drawn.geom_type == "Polygon" and shapely.hausdorff_distance(drawn, PARK) < 2e-5
    assert ours[0]["properties"]["_style"]["fillOpacity"] == 0.35
    # the others are points or counted on their units, none drawn as the polygon's record
    counted = {r for badge in data["units"] for r in np.cumsum(decode_ints(badge["r"]))}
    points = set(decode_ints(data["pts"]["r"]))
    assert table["id"].index(RECORD) not in counted | points
    assert len(counted | points) == len(table["id"]) - 1
    assert "按四至测绘：项目自身范围（1）" in html


def test_history_and_undo(atlas: geoplan.Atlas) -> None:
    bigger = square(LON, LAT, AREA * 1.2)
    first = atlas.set_boundary(RECORD, PARK, author="王工").change
    second = atlas.set_boundary(RECORD, bigger, author="李工").change
    assert first is not None and second is not None
    undo = atlas.undo_boundary(RECORD, author="张工")
    assert undo.undoes == second.change_id and undo.geometry.equals_exact(PARK, 1e-9)
    assert record(atlas).geometry.equals_exact(PARK, 1e-9)
    history = atlas.boundary_history(RECORD)
    assert history[["action", "author", "undone", "status"]].values.tolist() == [
        ["set", "王工", False, "pass"],
        ["set", "李工", True, "pass"],
        ["undo", "张工", False, ""],
    ]
    assert history["previous"].iloc[1].equals_exact(PARK, 1e-9)
    assert history["area_m2"].tolist() == pytest.approx([AREA, AREA * 1.2, AREA], rel=5e-3)
    assert history["checks"].iloc[0][3]["name"] == "area"
    atlas.undo_boundary(RECORD)
    row = record(atlas)
    assert row["precision"] == "city" and row.geometry.geom_type == "Point"
    with pytest.raises(BoundaryInputError, match="no boundary change left to undo"):
        atlas.undo_boundary(RECORD)
    with pytest.raises(UnknownNameError, match="no record has the id '000-b10-99'; did you mean"):
        atlas.undo_boundary("000-b10-99")


def test_warnings_need_force_and_failures_refuse_even_forced(atlas: geoplan.Atlas) -> None:
    triple = square(LON, LAT, AREA * 3)
    with pytest.raises(BoundaryRefusedError, match=r"area warn: .*save with force=True") as err:
        atlas.set_boundary(RECORD, triple)
    assert err.value.report.check("area").status == "warn"
    assert atlas.store.history() == []
    assert atlas.set_boundary(RECORD, triple, force=True).change is not None
    assert record(atlas)["precision"] == "surveyed"


def test_overlap_with_a_saved_boundary_is_reported(atlas: geoplan.Atlas) -> None:
    atlas.set_boundary(RECORD, PARK)
    neighbour = square(LON, LAT, OTHER_AREA, dx_m=400)
    report = atlas.check_boundary("000-b10-04", neighbour)
    overlap = report.check("overlap")
    assert overlap.status == "warn" and RECORD in overlap.message
    assert overlap.figures["overlap_m2"] > 0.3 * AREA


def test_gcj02_input_lands_on_the_wgs84_position(atlas: geoplan.Atlas, user: Path) -> None:
    on_gaode = crs.geometry_wgs84_to_gcj02(PARK)
    path = write_geojson(user.parent / "gaode.geojson", on_gaode)
    assert atlas.check_boundary(RECORD, path, crs="wgs84").check("inside").status == "pass"
    saved = atlas.set_boundary(RECORD, path, crs="gcj02")
    assert saved.change is not None and saved.change.input_crs == "gcj02"
    assert shapely.hausdorff_distance(record(atlas).geometry, PARK) < 1e-9


def test_export_round_trip(atlas: geoplan.Atlas, user: Path) -> None:
    atlas.set_boundary(RECORD, PARK, author="王工")
    other = square(OTHER_LON, OTHER_LAT, OTHER_AREA)
    atlas.set_boundary(OTHER, other, author="李工")
    atlas.set_boundary(OTHER, square(OTHER_LON, OTHER_LAT, OTHER_AREA * 1.1), author="李工")
    atlas.undo_boundary(OTHER, author="李工")
    gpkg = atlas.export_boundaries(user.parent / "边界.gpkg")
    layers = dict(pyogrio.list_layers(gpkg).tolist())
    assert layers == {"boundaries": "Polygon", "boundary_history": "Polygon"}
    back = pyogrio.read_dataframe(gpkg, layer="boundaries")
    assert back["record_id"].tolist() == [RECORD, OTHER]
    assert back["name"].tolist() == ["金华高新园区软件与服务外包基地", "义乌国际物流中心"]
    assert back.crs == "EPSG:4326"
    assert back.geometry.iloc[0].equals_exact(PARK, 0) and back.geometry.iloc[1].equals_exact(
        other, 0
    )
    history = pyogrio.read_dataframe(gpkg, layer="boundary_history")
    assert history["action"].tolist() == ["set", "set", "set", "undo"]
    assert json.loads(history["checks"].iloc[0])[3]["name"] == "area"
    geojson = atlas.export_boundaries(user.parent / "边界.geojson")
    again = pyogrio.read_dataframe(geojson)
    assert again["record_id"].tolist() == [RECORD, OTHER]
    # RFC 7946 GeoJSON keeps 7 decimals (~1 cm).
    assert shapely.hausdorff_distance(again.geometry.iloc[0], PARK) < 1e-7
    with pytest.raises(
        BoundaryInputError, match=r"cannot write 边界\.shp: the name must end in \.gpkg"
    ):
        atlas.export_boundaries(user.parent / "边界.shp")


# ----------------------------------------------------------------------------- bad input


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write


def _oversized(folder: Path) -> Path:
    path = write_geojson(folder / "big.geojson", PARK)
    with path.open("ab") as out:
        out.write(b" " * (20 * 2**20))
    return path


def _zip_with(extra: dict[str, bytes]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        good = write_shapefile_zip(folder / "good.zip", PARK)
        path = folder / "bad.zip"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
            for name in src.namelist():
                out.writestr(name, src.read(name))
            for name, data in extra.items():
                out.writestr(name, data)
        return path

    return write


def _swapped(folder: Path) -> Path:
    return write_geojson(
        folder / "swapped.geojson", shapely.transform(PARK, lambda xy: xy[:, ::-1])
    )


def _metres(folder: Path) -> Path:
    return write_geojson(folder / "metres.geojson", crs.to_metric([PARK])[0])


BAD_INPUTS = {
    "not JSON": (_bytes("a.geojson", b"PK\x03\x04..."), BoundaryInputError, "is not JSON"),
    "corrupt GeoPackage": (
        _bytes("a.gpkg", b"SQLite format 3\x00garbage"),
        BoundaryInputError,
        "cannot read a.gpkg as GeoPackage",
    ),
    "empty": (
        _bytes("a.geojson", b'{"type": "FeatureCollection", "features": []}'),
        BoundaryInputError,
        "holds no",
    ),
    "a point": (
        _bytes("a.geojson", json.dumps(mapping(Point(LON, LAT))).encode()),
        BoundaryInputError,
        "holds Point geometry, not a polygon",
    ),
    "lat/lon swapped": (_swapped, BoundaryInputError, "latitude/longitude swapped"),
    "metres as degrees": (_metres, BoundaryInputError, "projected metres read as degrees"),
    "over the size limit": (_oversized, BoundaryInputError, "more than the 20 MB"),
    "zip path traversal": (_zip_with({"../../x.shp": b"x"}), BoundaryInputError, "unsafe path"),
    "zip with many members": (
        _zip_with({f"m{i}.txt": b"x" for i in range(40)}),
        BoundaryInputError,
        "more than 32",
    ),
    "a thousand times the area": (
        lambda folder: write_gpkg(folder / "huge.gpkg", square(LON, LAT, AREA * 1000)),
        BoundaryRefusedError,
        "area fail: .*比值 1e\\+03",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_changes_nothing(atlas: geoplan.Atlas, user: Path, case: str) -> None:
    atlas.set_boundary(OTHER, write_kml(user.parent / "ok.kml", square(OTHER_LON, OTHER_LAT, 7e5)))
    before = {p.name: p.read_bytes() for p in user.iterdir()}
    write, error, message = BAD_INPUTS[case]
    path = write(user.parent)
    with pytest.raises(error, match=message):
        atlas.set_boundary(RECORD, path, force=True)
    assert {p.name: p.read_bytes() for p in user.iterdir()} == before
    assert [c.record_id for c in atlas.store.history()] == [OTHER]


def test_an_unknown_record_changes_nothing(atlas: geoplan.Atlas, user: Path) -> None:
    atlas.set_boundary(OTHER, square(OTHER_LON, OTHER_LAT, 7e5))
    before = (user / "geoplan.sqlite").read_bytes()
    with pytest.raises(UnknownNameError, match="no record has the id '000-b10-1'; did you mean"):
        atlas.set_boundary("000-b10-1", PARK)
    with pytest.raises(UnknownNameError, match="no record has the id 'x'; ids look like"):
        atlas.check_boundary("x", PARK)
    assert (user / "geoplan.sqlite").read_bytes() == before
