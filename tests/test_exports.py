"""Record and summary files (geoplan.app.exports) from the records written for the app's tests."""

import io
import json
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest

import geoplan
from geoplan import query, schema
from geoplan.app import exports

from factories import EVIL_RECORD, RECORDS_DIR


@pytest.fixture(scope="module")
def records():
    return geoplan.load(records_dir=RECORDS_DIR).records


def test_chinese_csv_has_labels_a_bom_and_chinese_values(records):
    data = exports.records_csv(records)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    labels = [f.label for f in schema.FIELDS]
    assert list(table.columns) == [*labels, "规划名称"]
    assert set(table["类型"]) == {"项目", "平台"}
    assert "区县示意点" in set(table["定位精度"])
    assert EVIL_RECORD in set(table["名称"])  # data, not markup: kept as printed
    assert len(table) == len(records)


def test_english_csv_is_the_schema_csv_and_reads_back(records, tmp_path):
    data = exports.records_csv(records, headings="en")
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    back = schema.read_csv(path)
    assert back["record_id"].tolist() == records["record_id"].tolist()
    with pytest.raises(ValueError, match="headings must be 'zh' or 'en'"):
        exports.records_csv(records, headings="fr")  # type: ignore[arg-type]


def test_geojson_is_rfc7946_with_null_geometry_for_unplaced(records):
    collection = json.loads(exports.records_geojson(records))
    features = collection["features"]
    assert len(features) == len(records)
    assert "crs" not in collection  # RFC 7946: WGS-84 lon/lat, no crs member
    by_id = {f["properties"]["record_id"]: f for f in features}
    assert by_id["000-b02-03"]["geometry"] is None
    assert by_id["001-b13-03"]["geometry"]["coordinates"] == pytest.approx([118.87, 28.94])
    assert by_id["001-b13-03"]["properties"]["period_start"] == 2022
    assert by_id["003-L0206-01"]["properties"]["name"] == EVIL_RECORD


def test_geopackage_reads_back_in_wgs84(records, tmp_path):
    path = tmp_path / "records.gpkg"
    path.write_bytes(exports.records_gpkg(records))
    back = gpd.read_file(path, layer="records")
    assert back.crs.to_epsg() == 4326
    assert sorted(back["record_id"]) == sorted(records["record_id"])
    assert back.geometry.isna().sum() == 1
    assert back.loc[back["record_id"] == "001-b13-02", "land_area_m2"].item() == 36022.0


def test_empty_selections_give_valid_files(records, tmp_path):
    none = records.iloc[:0]
    assert json.loads(exports.records_geojson(none))["features"] == []
    assert exports.records_csv(none).decode("utf-8-sig").startswith("编号,规划,")
    (tmp_path / "empty.gpkg").write_bytes(exports.records_gpkg(none))
    assert len(gpd.read_file(tmp_path / "empty.gpkg")) == 0


def test_summary_csv_has_chinese_headings(records):
    table = query.summarize({"柯城区": records.iloc[:3], "未定位": records.iloc[:0]})
    text = exports.summary_csv(table, index_label="区县").decode("utf-8-sig")
    header, first, second = text.splitlines()[:3]
    assert header.split(",") == ["区县", *query.TOTAL_COLUMNS.values()]
    assert first.startswith("柯城区,3,") and second.startswith("未定位,0,")


def test_file_names_say_what_is_inside_and_are_safe():
    name = exports.file_name(
        "records", ["衢州服务业十四五", "项目", 'a/b:c*?"<>|', "", "x" * 80], "gpkg",
        day=date(2024, 5, 1),
    )  # fmt: skip
    assert name.startswith("geoplan_records_衢州服务业十四五_项目_a-b-c_")
    assert name.endswith("_2024-05-01.gpkg")
    assert not set('/\\:*?"<>| ') & set(name)
    assert len(name) < 150


def test_table_for_people_translates_values(records):
    table = exports.records_table(records, exports.TABLE_COLUMNS)
    assert list(table.columns)[:5] == ["编号", "名称", "类型", "工程类别", "规划名称"]
    assert table["类型"].iloc[0] == "项目"
    # work types by their labels, in the table and so in the CSV for people
    work_types = dict(zip(records["record_id"], table["工程类别"], strict=True))
    assert work_types["001-b13-05"] == "商业商务" and work_types["001-b13-02"] == "园区平台"
    assert "商业商务" in exports.records_csv(records).decode("utf-8-sig")
