"""The pure parts of the app's rooms: what the digitizing, upload and comparison tabs show.

Real records (the embedded data), real checks and real readings of plans the
tests write; the browser round trips are in test_rooms_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import box, mapping
from synthetic_plans import PLANS, as_docx, as_text

import geoplan
from geoplan import crs
from geoplan.app import boundary_view, compare_view, upload_view
from geoplan.extract import extract_file
from geoplan.plans import Plan, read_plans
from geoplan.store import Store

from factories import JINHUA_SOFTWARE, square

RECORD, LON, LAT, AREA = JINHUA_SOFTWARE
ROOT = Path(__file__).resolve().parent.parent


def record(atlas, record_id=RECORD):
    return atlas.records[atlas.records["record_id"] == record_id].iloc[0]


# ----------------------------------------------------------------------------- digitizing


def test_only_drawn_polygons_are_a_boundary():
    ring = mapping(square(LON, LAT, AREA))
    line = {"type": "LineString", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}
    value = {"all_drawings": [{"type": "Feature", "geometry": line, "properties": {}},
                              {"type": "Feature", "geometry": ring, "properties": {}}]}  # fmt: skip
    drawn = boundary_view.drawn_boundary(value)
    assert [f["geometry"]["type"] for f in drawn["features"]] == ["Polygon"]
    assert boundary_view.drawn_boundary({"all_drawings": None}) is None
    assert boundary_view.drawn_boundary(None) is None


def test_the_record_sheet_keeps_the_sides_and_says_when_there_is_no_area(atlas):
    row = record(atlas).copy()
    sheet = dict(boundary_view.record_sheet(row))
    assert sheet["四至范围"] == "西至婺州街，东至双龙南街，南接四联路，北临李渔路"
    assert sheet["用地面积"].startswith("620,000 m²")
    row["boundary"], row["boundary_east"], row["land_area_m2"] = "", "东至双龙南街", float("nan")
    row["land_area_text"] = ""
    sheet = dict(boundary_view.record_sheet(row))
    assert "四至范围" not in sheet and sheet["东至"] == "东至双龙南街"
    assert sheet["用地面积"] == "规划未载明（面积核对将跳过）"


def test_checks_read_as_a_table_and_a_refusal_says_what_to_do(atlas):
    fits = atlas.check_boundary(RECORD, square(LON, LAT, AREA))
    table = boundary_view.check_table(fits).data
    assert list(table.columns) == ["结果", "检查", "说明"]
    assert table["结果"].tolist() == ["通过"] * 5
    assert "比值 1" in table.set_index("检查").loc["面积核对", "说明"]
    big = atlas.check_boundary(RECORD, square(LON, LAT, AREA * 4))
    assert big.status == "warn"
    said = boundary_view.refusal(big)
    assert said.startswith("边界未保存，原有数据未改变。面积核对（警告）")
    assert "勾选“已核对警告，仍然保存”" in said
    huge = atlas.check_boundary(RECORD, square(LON, LAT, AREA * 40))
    assert "有检查不通过的边界不能保存" in boundary_view.refusal(huge)


def test_history_reads_newest_first_with_undone_marked(user):
    mine = geoplan.load()
    mine.set_boundary(RECORD, square(LON, LAT, AREA), author="王工")
    mine.set_boundary(RECORD, square(LON, LAT, AREA * 1.2), author="李工")
    mine.undo_boundary(RECORD, author="王工")
    table = boundary_view.history_table(mine.boundary_history(RECORD))
    assert table["操作"].tolist() == ["撤销", "保存", "保存"]
    assert table["保存人"].tolist() == ["王工", "李工", "王工"]
    assert table["已撤销"].tolist() == ["", "是", ""]
    assert "62.00 公顷" in table["面积"].iloc[2]  # the first save, in the area format of popups


def test_the_view_fits_the_boundary_else_the_area_else_the_unit(atlas):
    row = record(atlas)  # a city-level stand-in: the city is the view
    (s, w), (n, e) = boundary_view.view_bounds(atlas, row)
    city = atlas.gazetteer.units.loc[row["adcode"]].geometry
    assert (w, s, e, n) == pytest.approx(city.bounds)
    with_polygon = row.copy()
    with_polygon["geometry"] = square(LON, LAT, AREA)
    (s, w), (n, e) = boundary_view.view_bounds(atlas, with_polygon)
    assert box(w, s, e, n).contains(square(LON, LAT, AREA))
    assert crs.geodesic_area_m2(box(w, s, e, n))[0] < AREA * 4


def test_over_gaode_tiles_the_saved_boundary_starts_in_gcj02(atlas):
    row = record(atlas).copy()
    row["geometry"], row["precision"] = square(LON, LAT, AREA), "surveyed"
    html = boundary_view.draw_map(atlas, row, "gaode", edit=True).get_root().render()
    options = html.split("geoplan.drawTool(", 1)[1].split(", ", 1)[1].split(");", 1)[0]
    lat, lon = json.loads(options)["start"][0][0]
    gcj_lon, gcj_lat = crs.wgs84_to_gcj02(*square(LON, LAT, AREA).exterior.coords[0])
    assert (lon, lat) == pytest.approx((float(gcj_lon), float(gcj_lat)), abs=1e-9)
    assert (
        "geoplan.drawTool("
        in boundary_view.draw_map(atlas, row, "none", edit=False).get_root().render()
    )


# ----------------------------------------------------------------------------- uploading


def test_the_reading_says_how_the_file_was_read_and_where_the_plan_says_what_it_is():
    county = PLANS["county"]
    found = extract_file(as_docx(county.text), name="名單.docx")
    table = upload_view.reading_table(found).set_index("项目")["内容"]
    assert table["读取方式"].startswith("Word（.docx）")
    assert table["繁体"] == "原文为繁体，已按行转换为简体（行号不变）"
    assert table["规划名称"] == f"{county.title}（第 1 行）"
    assert table["规划期限"] == "2023–2023（标题中的年份）"
    assert table["读出项目"].startswith(f"{len(found.records)} 项")


def test_what_was_not_read_is_named_with_its_line():
    city = PLANS["city"]
    found = extract_file(as_text(city.text, "gb18030"), name="city.txt")
    sections = upload_view.section_table(found)
    assert sections["读出项目"].sum() == len(found.records) == 6
    unread = upload_view.unread_lines(found)
    line = city.text.split("\n").index("同步推进城区老旧小区改造，投资约3亿元。") + 1
    assert f"第 {line} 行：同步推进城区老旧小区改造，投资约3亿元。（写有投资或面积" in unread[0]
    stated = "；".join(sections["规划自述"])
    assert "全年安排市级重大建设项目6个，总投资55.2亿元" in stated


def test_a_reading_with_no_work_says_why_in_chinese():
    found = extract_file("一、总则\n加强组织领导，落实责任。\n".encode(), name="x.txt")
    said = upload_view.empty_reason(found)
    assert said.startswith("读取了 2 行文字，但没有找到项目；没有列出项目的专栏")
    text = upload_view.reading_table(found).set_index("项目")["内容"]
    assert text["地区"] == "未能从文本中识别，请在上方“规划信息”中填写"


def test_uploaded_plans_are_listed_newest_first(tmp_path):
    store = Store(tmp_path / "geoplan.sqlite")
    for i, when in enumerate(("甲计划", "乙计划")):
        entry = {"file": f"{i}.txt", "title": when, "short": when, "level": "county",
                 "region": "东阳市", "period_start": 2024, "period_end": 2025}  # fmt: skip
        rows = [{"record_id": f"u{i}-L0001-01", "plan": f"u{i}", "name": "工程"}]
        store.plans.add(f"u{i}", entry, text="x", records=rows, author="王工",
                        read_as={"name": f"{when}.docx"})  # fmt: skip
    table = upload_view.uploaded_table(store.plans.all())
    assert table["规划"].tolist() == ["乙计划", "甲计划"]
    assert table.iloc[0][["期限", "项目数", "文件"]].tolist() == ["2024–2025", 1, "乙计划.docx"]


# ----------------------------------------------------------------------------- comparing


def test_the_first_pair_is_one_region_in_two_periods():
    plans = read_plans()
    assert compare_view.default_pair(plans) == ("000", "002")  # both 金华市
    mine = {"u1": Plan("u1", "a.txt", "甲", "甲", "county", "东阳市", (2021, 2025)),
            "u2": Plan("u2", "b.txt", "乙", "乙", "county", "东阳市", (2026, 2030))}  # fmt: skip
    assert compare_view.default_pair({"003": plans["003"], **mine}) == ("u1", "u2")
    assert compare_view.default_pair({"003": plans["003"]}) is None


def test_the_comparison_reads_for_people_and_draws_both_sides(atlas):
    table = atlas.compare("000", "002")
    shown = compare_view.people_table(table)
    assert "用地面积变化(公顷)" in shown.columns and "状态" in shown.columns
    assert set(shown["状态"]) == {"延续", "新增", "未再列入"}
    row = table[table["land_area_before_m2"].notna()].iloc[0]
    people = shown.loc[row.name, "前一规划用地面积(公顷)"]
    assert people == pytest.approx(row["land_area_before_m2"] / 1e4, abs=0.01)
    earlier = compare_view.side_map(table, atlas.records, atlas.units(), "earlier")
    html = earlier.get_root().render()
    assert "geoplan.syncViews(" in html and compare_view.SYNC_GROUP in html
    both = compare_view.side_map(table, atlas.records, atlas.units(), "both").get_root().render()
    assert "geoplan.syncViews(" not in both
    legend = compare_view.comparison_legend(table, atlas.records, "later")
    assert "新增" in legend and "未再列入" not in legend


def test_an_uploaded_plan_can_be_compared(user):
    mine = geoplan.load()
    text = "金华市2024年服务业重点项目计划\n1. 金华国际物流集聚园区，总投资10亿元。\n"
    saved = mine.add_plan(extract_file(text.encode(), name="金华.txt"))
    table = mine.compare(saved.plan.id, "002")
    assert table.attrs == {**table.attrs, "earlier": "002", "later": saved.plan.id}
    continued = table[(table["side"] == "later") & (table["status"] == "continued")]
    assert set(continued["name"]) >= {"金华国际物流集聚园区"}


def test_the_digitizing_tab_opens_on_the_record_with_its_text_escaped(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from factories import EVIL_RECORD, RECORDS_DIR

    monkeypatch.setenv("GEOPLAN_RECORDS_DIR", str(RECORDS_DIR))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.session_state["map_drawn"] = True
    app.query_params["show"] = "record:003-L0206-01"
    app.run()
    next(b for b in app.button if b.label == "数字化此项目的边界").click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="dz_record").value == "003-L0206-01"
    headings = [m.value for m in app.markdown if m.value.startswith("#### ")]
    assert "#### \\<script\\>alert\\(1\\)\\</script\\>数字经济创新发展区" in headings
    assert all("<script>" not in m.value for m in app.markdown)
    assert EVIL_RECORD in app.selectbox(key="dz_record").format_func("003-L0206-01")
    assert [r.value for r in app.radio if r.key == "dz_how"] == ["draw"]


def test_all_boundaries_download_as_geopackage_with_history_and_as_geojson(user):
    import pyogrio

    mine = geoplan.load()
    mine.set_boundary(RECORD, square(LON, LAT, AREA), author="王工")
    gpkg = user / "b.gpkg"
    gpkg.write_bytes(boundary_view.boundary_file(mine, ".gpkg"))
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == ["boundaries", "boundary_history"]
    geojson = json.loads(boundary_view.boundary_file(mine, ".geojson"))
    (feature,) = geojson["features"]
    assert feature["properties"]["record_id"] == RECORD
    assert feature["properties"]["author"] == "王工"
