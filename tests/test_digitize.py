"""Reading boundary files: every format, every CRS choice, and every kind of bad input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, mapping

from geoplan import crs, digitize
from geoplan.digitize import Upload, read_boundary
from geoplan.errors import BoundaryInputError

from factories import (
    JINHUA_SOFTWARE,
    square,
    write_geojson,
    write_gpkg,
    write_kml,
    write_shapefile_zip,
)

RECORD, LON, LAT, AREA = JINHUA_SOFTWARE
PARK = square(LON, LAT, AREA)


def same_place(a: shapely.Geometry, b: shapely.Geometry, tol_deg: float = 1e-7) -> bool:
    """Same shape within ~1 cm: Hausdorff distance in degrees."""
    return shapely.hausdorff_distance(a, b) < tol_deg


@pytest.mark.parametrize(
    ("write", "file_name", "declared"),
    [
        (lambda p: write_geojson(p, PARK), "park.geojson", "wgs84"),
        (lambda p: write_kml(p, PARK), "park.kml", "wgs84"),
        (lambda p: write_gpkg(p, PARK, crs="EPSG:4549"), "park.gpkg", "EPSG:4549"),
        (lambda p: write_shapefile_zip(p, PARK, crs="EPSG:4549"), "park.zip", "EPSG:4549"),
        (lambda p: write_shapefile_zip(p, PARK, crs="EPSG:4490"), "cgcs.zip", "EPSG:4490"),
    ],
)
def test_each_format_is_read_in_its_own_crs(
    tmp_path: Path, write: object, file_name: str, declared: str
) -> None:
    path = write(tmp_path / file_name)  # type: ignore[operator]
    found = read_boundary(path)
    assert found.source == file_name and found.input_crs == declared
    # Projected metres go to lon/lat through PROJ: the same square within a centimetre.
    assert same_place(found.geometry, PARK)
    assert found.geometry.geom_type == "Polygon"


def test_an_upload_is_read_from_its_bytes_and_name(tmp_path: Path) -> None:
    path = write_gpkg(tmp_path / "x.gpkg", PARK)
    found = read_boundary(Upload(path.read_bytes(), "上传的边界.gpkg"))
    assert found.source == "上传的边界.gpkg" and same_place(found.geometry, PARK)


def test_gcj02_coordinates_land_on_the_wgs84_position(tmp_path: Path) -> None:
    on_gaode = crs.geometry_wgs84_to_gcj02(PARK)
    # What the choice is about: read as WGS-84, a Gaode polygon is ~500 m off.
    shift = crs.to_metric([on_gaode.centroid])[0].distance(crs.to_metric([PARK.centroid])[0])
    assert 400 < shift < 700
    path = write_geojson(tmp_path / "gaode.geojson", on_gaode)
    found = read_boundary(path, crs="gcj02")
    assert found.input_crs == "gcj02" and same_place(found.geometry, PARK, 1e-9)
    assert any("GCJ-02" in note for note in found.notes)
    drawn = read_boundary(mapping(on_gaode), crs="gcj02")
    assert drawn.source == "drawn" and same_place(drawn.geometry, PARK, 1e-9)


def test_cgcs2000_goes_through_proj_and_stays_put() -> None:
    found = read_boundary(PARK, crs="cgcs2000")
    assert found.input_crs == "cgcs2000" and same_place(found.geometry, PARK, 1e-9)


def test_several_polygons_become_one_multipolygon_and_lines_are_left_out(tmp_path: Path) -> None:
    east = square(LON, LAT, AREA, dx_m=2000)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": mapping(g)}
            for g in (PARK, east, LineString([(LON, LAT), (LON + 0.01, LAT)]))
        ],
    }
    path = tmp_path / "two.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    found = read_boundary(path)
    assert found.geometry.geom_type == "MultiPolygon" and len(found.geometry.geoms) == 2
    assert found.notes == (
        "2 个多边形合为一个多面（MultiPolygon）",
        "忽略了 1 个非面要素（LineString）",
    )


def test_a_geopackage_with_two_layers_asks_which(tmp_path: Path) -> None:
    path = write_gpkg(tmp_path / "two.gpkg", PARK, layer="园区")
    roads = gpd.GeoDataFrame(geometry=[LineString([(LON, LAT), (LON + 0.01, LAT)])], crs=4326)
    roads.to_file(path, layer="roads", driver="GPKG")
    with pytest.raises(BoundaryInputError, match=r"two\.gpkg has 2 layers \(园区, roads\)"):
        read_boundary(path)
    assert same_place(read_boundary(path, layer="园区").geometry, PARK)
    with pytest.raises(BoundaryInputError, match="has no layer 'parks'; its layers: 园区, roads"):
        read_boundary(path, layer="parks")


# ----------------------------------------------------------------------------- bad input


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "a.geojson",
            b"<html>not json</html>",
            r"a\.geojson is not JSON \(Expecting value at line 1",
        ),
        ("a.geojson", b'{"type": "FeatureCollection", "features": [', r"is not JSON"),
        ("a.geojson", "西至婺州街".encode("gbk"), r"is not UTF-8 text, so not GeoJSON"),
        ("a.json", b"[1, 2, 3]", r"a\.json is not GeoJSON: expected an object with a 'type'"),
        ("a.geojson", b'{"type": "Polygon", "coordinates": "x"}', r"a geometry GeoJSON cannot"),
        ("a.gpkg", b"SQLite format 3\x00" + b"\x00" * 200, r"cannot read a\.gpkg as GeoPackage"),
        ("a.kml", b"<kml><Document><Placemark>", r"cannot read a\.kml as KML"),
        ("a.zip", b"PK\x03\x04 truncated", r"a\.zip is not a valid zip file"),
        ("a.shp", b"\x00\x00\x27\x0a", r"the file name must end in one of \.geojson"),
    ],
)
def test_unreadable_files_are_named_with_what_to_do(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(BoundaryInputError, match=message):
        read_boundary(write_bytes(tmp_path / name, data))


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "FeatureCollection", "features": []}, "holds no .or only empty. geometry"),
        ({"type": "Polygon", "coordinates": []}, "holds no .or only empty. geometry"),
        (mapping(Point(LON, LAT)), "holds Point geometry, not a polygon"),
        (mapping(LineString([(LON, LAT), (LON, LAT + 0.01)])), "holds LineString geometry"),
    ],
)
def test_empty_or_non_polygon_geometry_is_refused(
    tmp_path: Path, geometry: dict, message: str
) -> None:
    path = tmp_path / "drawn.geojson"
    path.write_text(json.dumps(geometry), encoding="utf-8")
    with pytest.raises(BoundaryInputError, match=message):
        read_boundary(path)


def test_swapped_latitude_and_longitude_are_recognised(tmp_path: Path) -> None:
    swapped = shapely.transform(PARK, lambda xy: xy[:, ::-1])
    path = write_geojson(tmp_path / "swapped.geojson", swapped)
    with pytest.raises(
        BoundaryInputError, match=r"outside WGS-84 ranges .* latitude/longitude swapped"
    ):
        read_boundary(path)


def test_projected_metres_read_as_degrees_are_recognised(tmp_path: Path) -> None:
    metres = crs.to_metric([PARK])[0]
    path = write_geojson(tmp_path / "metres.geojson", metres)
    with pytest.raises(BoundaryInputError, match=r"outside WGS-84 ranges .* projected metres"):
        read_boundary(path, crs="wgs84")
    # Declared in the file, the same metres are read right with the file's own CRS.
    declared = write_geojson(tmp_path / "declared.geojson", metres, crs_name="EPSG:4549")
    assert same_place(read_boundary(declared).geometry, PARK)
    with pytest.raises(BoundaryInputError, match=r"declares a projected .*EPSG:4549.* 'gcj02'"):
        read_boundary(declared, crs="gcj02")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_geojson(tmp_path / "big.geojson", PARK)
    with path.open("ab") as out:
        out.write(b" " * digitize.MAX_FILE_BYTES)
    with pytest.raises(BoundaryInputError, match=r"big\.geojson is 20\.0 MB, more than the 20 MB"):
        read_boundary(path)
    with pytest.raises(BoundaryInputError, match="more than the 20 MB"):
        read_boundary(Upload(path.read_bytes(), "big.geojson"))


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("member", ["../evil.shp", "/etc/evil.shp", "C:/evil.shp", "a/../../b.shp"])
def test_a_zip_with_path_traversal_is_refused(tmp_path: Path, member: str) -> None:
    good = write_shapefile_zip(tmp_path / "good.zip", PARK)
    with zipfile.ZipFile(good) as archive:
        members = {m: archive.read(m) for m in archive.namelist()}
    path = zipped(tmp_path / "evil.zip", {**members, member: b"x"})
    with pytest.raises(BoundaryInputError, match="has a member with an unsafe path"):
        read_boundary(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.zip", "good.zip"]


def test_a_zip_with_too_many_members_is_refused(tmp_path: Path) -> None:
    members = {f"part{i}.txt": b"x" for i in range(digitize.MAX_ZIP_MEMBERS + 1)}
    path = zipped(tmp_path / "many.zip", members)
    with pytest.raises(BoundaryInputError, match=r"many\.zip holds 33 files, more than 32"):
        read_boundary(path)


def test_a_zip_that_expands_beyond_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digitize, "MAX_UNZIPPED_BYTES", 2**20)
    path = zipped(tmp_path / "bomb.zip", {"a.shp": b"\x00" * (2 * 2**20), "a.dbf": b""})
    assert path.stat().st_size < 20_000
    with pytest.raises(BoundaryInputError, match=r"bomb\.zip expands to more than 1 MB"):
        read_boundary(path)


def test_a_zip_without_a_shapefile_says_what_it_holds(tmp_path: Path) -> None:
    path = zipped(tmp_path / "docs.zip", {"说明.txt": b"x", "park.dwg": b"y"})
    with pytest.raises(BoundaryInputError, match=r"holds no \.shp file \(it holds 说明\.txt, park"):
        read_boundary(path)


def test_unknown_crs_choice_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BoundaryInputError, match="unknown coordinate system 'bd09'; choose one of"):
        read_boundary(PARK, crs="bd09")  # type: ignore[arg-type]
    with pytest.raises(BoundaryInputError, match="boundary file not found"):
        read_boundary(tmp_path / "nowhere.kml")


def test_not_finite_coordinates_are_refused(tmp_path: Path) -> None:
    # Python's json (and some tools) write NaN, which JSON itself does not allow.
    ring = [[LON, LAT], [LON + 0.01, LAT], [LON + 0.01, float("nan")], [LON, LAT]]
    path = tmp_path / "nan.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}), encoding="utf-8")
    with pytest.raises(
        BoundaryInputError, match=r"nan\.geojson has coordinates that are not numbers"
    ):
        read_boundary(path)
