"""The app's rooms in Debian's Chromium, offline: digitizing, uploading plans, comparing plans.

One server on the embedded data, with a user folder of its own (``GEOPLAN_USER_DIR``)
that these tests fill: a boundary drawn and one uploaded, two plans uploaded (a text
file and a Word file the tests write), and the plans compared. The screenshots in
``docs/`` (digitize.png, upload.png, compare.png) come from here.
"""

import csv
import io
import json
import re

import pytest
from shapely.geometry import mapping, shape
from synthetic_plans import PLANS, as_docx, as_text, as_xlsx_table
from test_app_browser import open_app, serve, settle

import geoplan
from geoplan import crs

from factories import JINHUA_SOFTWARE, YIWU_LOGISTICS, square

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)"
).expect

MAIN_MAP = ".st-key-geoplan-map iframe"
DRAW_MAP = ".st-key-dz-map iframe"
# The geometry types the main map draws a record with (Point: its stand-in marker).
# A record's own drawings on the main map (markers, areas, lines), by geometry type: the
# layers of groupings and the record layers records.js draws (map._geoplanRecords), not
# the ring that marks the selection.
RECORD_LAYERS = """rid => {
    const found = [];
    const walk = l => {
        const p = l.feature && l.feature.properties;
        if (l.options && l.options.pane === "geoplanSelected") return;
        if (p && p.record_id === rid) found.push(l);
        else if (l.eachLayer) l.eachLayer(walk);
    };
    [...(window.map._geoplanLayers || []), ...(window.map._geoplanRecords || [])].forEach(walk);
    return found;
}"""
DRAWN_AS = f"""rid => ({RECORD_LAYERS})(rid)
    .map(l => l.feature.geometry ? l.feature.geometry.type : "Point")"""


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("rooms-user")


@pytest.fixture(scope="module")
def app(tmp_path_factory, user_dir):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEOPLAN_USER_DIR", str(user_dir))
        with serve(None, tmp_path_factory.mktemp("rooms") / "streamlit.log") as url:
            yield url


def main_map(page):
    return page.locator(MAIN_MAP).element_handle().content_frame()


def drawn_as(page, record_id, wanted):
    """Wait until the main map draws the record as ``wanted`` (``["Polygon"]``, ``[]``)."""
    frame = main_map(page)
    frame.wait_for_selector("[data-geoplan-records=ready]", state="attached")
    frame.wait_for_function(
        f"({DRAWN_AS})({json.dumps(record_id)}).join() === {json.dumps(','.join(wanted))}"
    )
    return frame.evaluate(DRAWN_AS, record_id)


def counted_on(page, record_id, adcode):
    """Assert that a stand-in is drawn as no point of its own, only counted on its unit's badge."""
    assert drawn_as(page, record_id, []) == []
    main_map(page).wait_for_selector(f".geoplan-unit[data-unit='{adcode}']")


def save_boundary(page):
    """Press 保存边界 once the checks and the author have enabled it."""
    button = page.get_by_role("button", name="保存边界")
    expect(button).to_be_enabled()
    settle(page)
    button.click()


def check_summary(page):
    """The line above the checks: 检查结果：数字化面积 … m²（… 公顷）."""
    return page.locator("p", has_text="检查结果").inner_text()


def area_m2(text):
    return float(re.search(r"数字化面积 ([\d,.]+) m²", text).group(1).replace(",", ""))


def picture(page, tab, path):
    """Take the README's picture of a tab: a tall window, the tab at its top."""
    size = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.get_by_role("tab", name=tab).evaluate("e => e.scrollIntoView({block: 'start'})")
    settle(page)
    page.wait_for_timeout(500)  # the tables' canvases draw after the layout settles
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    settle(page)


def fill(page, label, value):
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    settle(page)


def test_a_drawn_boundary_is_checked_saved_and_replaces_the_stand_in(
    page, app, user_dir, artifacts
):
    record_id, lon, lat, area = JINHUA_SOFTWARE
    open_app(page, f"{app}/?show=record:{record_id}")
    counted_on(page, record_id, "330700")  # known only by 金华市, for now: on its badge
    page.get_by_role("button", name="数字化此项目的边界").click()  # from the record's details
    settle(page)
    expect(page.get_by_role("tab", name="边界数字化")).to_have_attribute("aria-selected", "true")
    tab = page.get_by_role("tabpanel")
    expect(tab).to_contain_text("0.62平方公里")  # the documented area beside the map
    draw = page.locator(DRAW_MAP)
    draw.scroll_into_view_if_needed()
    inner = draw.element_handle().content_frame()
    inner.locator(".geoplan-draw").wait_for()
    park = square(lon, lat, area)
    x0, y0, x1, y1 = park.bounds
    # zoom in as a planner would, clear of the tool's box at the top left
    inner.evaluate(
        f"window.map.fitBounds([[{y0}, {x0}], [{y1}, {x1}]],"
        " {paddingTopLeft: [260, 60], paddingBottomRight: [40, 40], animate: false})"
    )
    inner.get_by_role("button", name="画边界").click()
    corners = list(mapping(park)["coordinates"][0])[:4]
    points = inner.evaluate(
        "pts => pts.map(p => { const c = window.map.latLngToContainerPoint([p[1], p[0]]);"
        " return [c.x, c.y]; })",
        corners,
    )
    box = draw.bounding_box()
    for x, y in [*points, points[0]]:  # the first vertex again closes the ring
        page.mouse.click(box["x"] + x, box["y"] + y)
    settle(page)
    expect(page.get_by_text("全部检查通过，可以保存。")).to_be_visible()
    drawn = area_m2(check_summary(page))
    assert drawn == pytest.approx(area, rel=0.02)  # the square as drawn, to the pixel
    expect(tab).to_contain_text("比值 1")
    picture(page, "边界数字化", artifacts / "digitize.png")

    # an edit of the drawn shape reaches the checks (Leaflet.draw's edits often do not):
    # a vertex dragged 40 px away from the middle
    handles = [h.bounding_box() for h in inner.locator(".geoplan-draw-handle.vertex").all()]
    centres = [(h["x"] + h["width"] / 2, h["y"] + h["height"] / 2) for h in handles]
    mid_x, mid_y = (sum(c[0] for c in centres) / 4, sum(c[1] for c in centres) / 4)
    x, y = centres[2]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + (40 if x > mid_x else -40), y + (40 if y > mid_y else -40), steps=5)
    page.mouse.up()
    settle(page)
    expect(page.locator("p", has_text="检查结果")).not_to_contain_text(f"{drawn:,.0f} m²")
    edited = area_m2(check_summary(page))
    assert edited > drawn * 1.05

    fill(page, "保存人", "王工")
    save_boundary(page)
    settle(page)
    expect(page.get_by_text("已保存 金华高新园区软件与服务外包基地 的边界")).to_be_visible()
    history = geoplan.load(user_dir=user_dir).boundary_history(record_id)
    assert history["author"].tolist() == ["王工"]
    assert history["area_m2"].iloc[0] == pytest.approx(edited, rel=0.01)  # what was checked

    open_app(page, f"{app}/?show=record:{record_id}")  # the app reloaded
    assert drawn_as(page, record_id, ["Polygon"]) == ["Polygon"]
    # another planner (another process) undoes it: the app shows the stand-in again
    geoplan.load(user_dir=user_dir).undo_boundary(record_id, author="李工")
    open_app(page, f"{app}/?show=record:{record_id}")
    counted_on(page, record_id, "330700")
    assert page.errors == [] and page.remote_requests == []


def test_an_uploaded_boundary_file_in_gcj02_lands_in_wgs84(page, app, user_dir, tmp_path):
    record_id, lon, lat, area = YIWU_LOGISTICS
    park = square(lon, lat, area)
    bad = tmp_path / "园区.geojson"
    bad.write_text("这不是 GeoJSON", encoding="utf-8")
    good = tmp_path / "园区_高德.geojson"
    shifted = crs.geometry_wgs84_to_gcj02(park)  # as 高德 maps give the coordinates
    good.write_text(json.dumps({"type": "Feature", "properties": {"名称": "物流中心"},
                                "geometry": mapping(shifted)}), encoding="utf-8")  # fmt: skip
    large = tmp_path / "园区_大.geojson"
    large.write_text(json.dumps(mapping(crs.geometry_wgs84_to_gcj02(square(lon, lat, area * 5)))))
    open_app(page, f"{app}/?show=record:{record_id}")
    page.get_by_role("button", name="数字化此项目的边界").click()
    settle(page)
    page.get_by_text("上传边界文件").click()
    settle(page)
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    upload.set_input_files(str(bad))
    settle(page)
    expect(page.get_by_text("无法读取这个边界，未做任何保存")).to_be_visible()
    before = geoplan.load(user_dir=user_dir).boundary_history()
    page.get_by_text("GCJ-02（高德、腾讯地图）").click()
    settle(page)
    # five times the plan's area: a warning, and a save refused until it is acknowledged
    upload.set_input_files(str(large))
    settle(page)
    expect(page.get_by_text("有警告：请核对")).to_be_visible()
    fill(page, "保存人", "王工")
    save_boundary(page)
    settle(page)
    expect(
        page.get_by_text(re.compile("^边界未保存，原有数据未改变。面积核对（警告）"))
    ).to_be_visible()
    assert len(geoplan.load(user_dir=user_dir).boundary_history()) == len(before)
    upload.set_input_files(str(good))
    settle(page)
    expect(page.get_by_text("全部检查通过，可以保存。")).to_be_visible()
    assert area_m2(check_summary(page)) == pytest.approx(area, rel=0.01)
    save_boundary(page)
    settle(page)
    expect(page.get_by_text("已保存 义乌国际物流中心 的边界")).to_be_visible()
    saved = geoplan.load(user_dir=user_dir).boundary_history()
    assert len(saved) == len(before) + 1 and saved["input_crs"].iloc[-1] == "gcj02"

    open_app(page, f"{app}/?show=record:{record_id}")
    assert drawn_as(page, record_id, ["Polygon"]) == ["Polygon"]
    ring = main_map(page).evaluate(
        f"rid => ({RECORD_LAYERS})(rid)[0].toGeoJSON().geometry",
        record_id,
    )
    # drawn where the WGS-84 polygon is (GCJ-02 would be ~500 m off), within a metre or so
    assert shape(ring).centroid.distance(park.centroid) < 2e-5
    assert page.errors == []


def test_plans_uploaded_as_text_and_word_join_the_map_and_can_be_removed(
    page, app, artifacts, tmp_path
):
    city, county = PLANS["city"], PLANS["county"]
    text = tmp_path / "重大项目.txt"  # no title line: the app must ask for title, region, period
    text.write_bytes(as_text(city.text.split("\n", 1)[1], "gb18030"))
    word = tmp_path / "磐安縣名單.docx"  # traditional script, says what it is
    word.write_bytes(as_docx(county.text))
    open_app(page, app)
    total = _records_total(page)
    page.get_by_role("tab", name="上传规划").click()
    settle(page)
    fill(page, "保存人（保存、删除规划时记录）", "王工")
    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    upload.set_input_files(str(text))
    settle(page)
    expect(
        page.get_by_text("未能从文本中识别规划名称、地区、规划期限，请在下面填写后再保存。")
    ).to_be_visible()
    expect(page.get_by_role("button", name="保存规划")).to_be_disabled()
    tab = page.get_by_role("tabpanel")
    expect(tab).to_contain_text("文本，编码 GB18030")
    expect(tab).to_contain_text("读出 6 个项目。")
    # never a silent zero: what was not read is named with its line
    page.get_by_text(re.compile("像是项目但未能读出的")).click()
    expect(tab).to_contain_text("同步推进城区老旧小区改造，投资约3亿元。（写有投资或面积")
    fill(page, "规划名称", city.title)
    page.get_by_label("地区", exact=True).click()
    page.keyboard.type("衢州")  # the list is long: narrow it as a planner would
    page.get_by_role("option", name="衢州市", exact=True).click()
    settle(page)
    fill(page, "起始年", "2024")
    fill(page, "结束年", "2024")
    expect(tab).to_contain_text("衢州市（规划人员填写）")
    picture(page, "上传规划", artifacts / "upload.png")
    page.get_by_role("button", name="保存规划").click()
    settle(page)
    expect(page.get_by_text(f"已保存《{city.title}》")).to_be_visible()
    assert _records_total(page) == total + 6

    upload = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    upload.set_input_files(str(word))
    settle(page)
    expect(tab).to_contain_text("原文为繁体，已按行转换为简体")
    expect(tab).to_contain_text(f"{county.title}（第 1 行）")
    expect(tab).to_contain_text("安文水库工程")
    page.get_by_role("button", name="保存规划").click()
    settle(page)
    expect(page.get_by_text(f"已保存《{county.title}》")).to_be_visible()
    expect(tab).to_contain_text("磐安縣名單.docx")  # the kept plans, with their files

    # the plans are in the filters, and their records in the list with their lines
    page.get_by_test_id("stSidebar").get_by_label("规划", exact=True).click()
    page.get_by_role("option", name=city.title).click()
    page.keyboard.press("Escape")
    settle(page)
    assert _records_shown(page) == 6
    page.get_by_role("tab", name="项目列表").click()
    settle(page)
    expect(page.get_by_role("tabpanel")).to_contain_text("衢州市第二人民医院迁建工程")

    page.get_by_role("tab", name="上传规划").click()
    settle(page)
    expect(page.get_by_label("保存人（保存、删除规划时记录）")).to_have_value("王工")  # kept
    page.get_by_label("删除规划", exact=True).click()
    page.keyboard.type("衢州")
    page.get_by_role("option", name=re.compile(re.escape(city.title))).click()
    page.get_by_text("确认删除（其项目一并删除）").click()
    page.get_by_role("button", name="删除", exact=True).click()
    settle(page)
    expect(page.get_by_text(f"已删除《{city.title}》及其 6 个项目。")).to_be_visible()
    assert _records_total(page) == total + len(county.works)
    assert page.errors == []


def _records_total(page):
    return int(_records_metric(page).split("/")[1])


def _records_shown(page):
    return int(_records_metric(page).split("/")[0])


def _records_metric(page):
    metric = page.get_by_test_id("stMetric").filter(has_text="项目（筛选 / 全部）")
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_two_plans_compared_side_by_side_on_maps_that_move_together(page, app, artifacts, tmp_path):
    open_app(page, app)
    page.get_by_role("tab", name="规划对比").click()
    settle(page)
    tab = page.get_by_role("tabpanel")
    expect(tab).to_contain_text("前一规划：金华十三五纲要（002，2016–2020）")
    expect(tab).to_contain_text("后一规划：金华服务业十四五（000，2021–2025）")
    fill(page, "搜索名称", "金华国际物流")
    table = tab.get_by_test_id("stDataFrame").last
    expect(table).to_contain_text("金华国际物流集聚园区")
    expect(table).to_contain_text("延续")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载对比表（CSV，每条记录一行）").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    match = next(r for r in rows if r["编号"] == "002-L1119-01")
    assert (match["状态"], match["对应名称"]) == ("延续", "金华国际物流集聚园区")
    assert {r["状态"] for r in rows} == {"延续", "新增", "未再列入"}

    earlier, later = (page.locator(f".st-key-cmp-{side} iframe") for side in ("earlier", "later"))
    for side in (earlier, later):
        side.element_handle().content_frame().locator("path.geoplan-record").first.wait_for()
    picture(page, "规划对比", artifacts / "compare.png")
    earlier.scroll_into_view_if_needed()
    view = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
    before = later.element_handle().content_frame().evaluate(view)
    box = earlier.bounding_box()  # pan the earlier plan's map by dragging it
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y - 80, steps=8)
    page.mouse.up()
    page.wait_for_timeout(400)
    moved = earlier.element_handle().content_frame().evaluate(view)
    followed = later.element_handle().content_frame().evaluate(view)
    assert followed != pytest.approx(before, abs=1e-6)
    assert followed == pytest.approx(moved, abs=1e-6)
    assert page.errors == []


def test_an_excel_project_list_is_read_in_the_upload_tab(page, app, tmp_path):
    sheet = tmp_path / "衢州项目库.xlsx"
    sheet.write_bytes(as_xlsx_table(PLANS["city"], grouped=True))
    open_app(page, app)
    page.get_by_role("tab", name="上传规划").click()
    settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(sheet))
    settle(page)
    tab = page.get_by_role("tabpanel")
    expect(tab).to_contain_text("Excel（.xlsx）")
    expect(tab).to_contain_text("读出 6 个项目。")
    expect(tab).to_contain_text("江山市体育中心")
    assert page.errors == []
