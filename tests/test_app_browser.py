"""The real app (``streamlit run app.py``) driven in Debian's Chromium, offline.

Two servers: one on the embedded data (what users see), one on the records written for
the tests (``tests/data/records``), whose counts the assertions know. Screenshots land in
``test-artifacts/``; ``app.png`` is the README's.
"""

import contextlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks import _serving as serving
from benchmarks._serving import settle
from geoplan import crs, maps, query, schema

from colours import APART, CVD, closest_pair
from factories import EVIL_RECORD, RECORDS_DIR

pytestmark = pytest.mark.browser
# Without Playwright these tests are skipped with the reason; the other modules still run.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)"
).expect

ROOT = Path(__file__).resolve().parent.parent
MAP = "iframe[title='streamlit_folium.st_folium']"
START_TIMEOUT_S = 60
UI_TIMEOUT_MS = 30_000


@contextlib.contextmanager
def serve(records_dir, log_path):
    """Run the app as deployed (``streamlit run serve.py``: app.py, warmed) until the block ends.

    Yields its URL, once the server answers (after warming its caches).
    """
    with serving.serve(
        ROOT / "serve.py", log_path, records_dir=records_dir, timeout_s=START_TIMEOUT_S
    ) as server:
        yield server.url


@pytest.fixture(scope="module")
def embedded_app(tmp_path_factory):
    with serve(None, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def fixture_app(tmp_path_factory):
    with serve(RECORDS_DIR, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


def open_app(page, url):
    """Open the app, wait for the map (its scale bar is drawn once the layers are) and the page."""
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(url)
    frame = page.frame_locator(MAP)
    frame.locator(".leaflet-control-scale").wait_for()
    settle(page)
    return frame


def legend(page):
    """The map's legend: beside the map, on the page."""
    return page.locator("[data-testid='stMain'] .geoplan-legend")


def overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    )  # fmt: skip


def map_frame(page):
    return page.locator(MAP).element_handle().content_frame()


def record_table(page):
    return page.locator("[role='tabpanel']").first.locator("[role='grid']")


def test_map_legend_and_a_member_render_offline(page, embedded_app, artifacts):
    frame = open_app(page, embedded_app)
    expect(legend(page)).to_contain_text("浙江省服务业“两核、四圈”空间发展格局")
    expect(legend(page)).to_contain_text("服务业经济圈（四圈）")
    labels = frame.locator(".geoplan-label").all_inner_texts()
    assert "杭州" in labels and "金衢丽服务业经济圈" in labels
    assert frame.locator("path.leaflet-interactive").count() >= 6  # the six members at least
    expect(page.get_by_text("浙江规划空间地图")).to_be_visible()
    # a grouping member: a label sits inside its member and lets clicks through to it
    label = frame.locator(".geoplan-label", has_text="杭州").first.bounding_box()
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="杭州", exact=True)).to_be_visible()
    expect(main.get_by_test_id("stTableStyledTable")).to_contain_text("数字创新、文化旅游")
    expect(main).to_contain_text("范围内项目（按当前筛选）")
    expect(main).to_contain_text("来源：《浙江省现代服务业发展“十四五”规划》第")
    settle(page)
    page.mouse.move(660, 40)  # off the map and the sidebar: no tooltip in the picture
    page.screenshot(path=str(artifacts / "app.png"))  # the README's picture (docs/app.png)
    assert page.remote_requests == []  # no tile, font or script from the network
    assert page.errors == []


def member_colours(page):
    """The stroke and fill of every grouping member's path, as the browser drew them."""
    return map_frame(page).evaluate(
        """() => {
            const out = {};
            for (const layer of window.map._geoplanLayers) {
                layer.eachLayer(l => {
                    const p = l.feature.properties;
                    if (p.member && l._path) out[p.member] = [
                        l._path.getAttribute("stroke"), l._path.getAttribute("fill")];
                });
            }
            return out;
        }"""
    )


def test_two_cores_four_circles_six_colours_and_the_legend_beside_the_map(
    page, embedded_app, artifacts
):
    for width, height in ((1440, 900), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        frame = open_app(page, embedded_app)
        frame.locator(".geoplan-label", has_text="金衢丽服务业经济圈").wait_for()
        drawn = member_colours(page)
        assert set(drawn) == {"杭州", "宁波", "杭绍嘉湖服务业经济圈", "甬舟服务业经济圈",
                              "温台服务业经济圈", "金衢丽服务业经济圈"}  # fmt: skip
        strokes = [stroke.upper() for stroke, _ in drawn.values()]
        assert len(set(strokes)) == 6
        for vision in (None, *CVD):
            assert closest_pair(strokes, vision) > APART, vision
        # the cores are hatched: the circles they lie in keep their colour under them
        assert drawn["杭州"][1].startswith("url(#geoplan-hatch")
        assert drawn["杭绍嘉湖服务业经济圈"][1].startswith("#")
        # the legend never covers the map: it is beside it, whole, in the window
        box, map_box = legend(page).bounding_box(), page.locator(MAP).bounding_box()
        assert not overlap(box, map_box)
        assert box["x"] >= map_box["x"] + map_box["width"]
        assert box["y"] + box["height"] <= height
        # and the map is the largest thing on the page, all of it in the window
        assert map_box["width"] * map_box["height"] > 0.45 * width * height
        assert map_box["y"] + map_box["height"] <= height
        page.mouse.move(width - 5, height - 5)  # no tooltip in the picture
        page.screenshot(path=str(artifacts / f"app_{width}x{height}.png"))  # the README's
    assert page.errors == []


# How many records a map draws: markers, and the counts on unit badges and clusters.
DRAWN = """() => {
    let n = document.querySelectorAll('path.geoplan-record').length;
    for (const e of document.querySelectorAll('.geoplan-unit, .geoplan-cluster')) {
        n += Number(e.dataset.count);
    }
    return n;
}"""


def drawn_records(frame, count):
    """Wait until a map (a page or the app's frame) draws ``count`` records."""
    frame.wait_for_function(f"n => ({DRAWN})() === n", arg=count)


def test_a_filter_changes_the_markers_and_the_table(page, fixture_app, artifacts):
    open_app(page, fixture_app)
    drawn_records(map_frame(page), 12)  # 13 records, one unplaced: 3 markers, 9 on badges
    frame = page.frame_locator(MAP)
    expect(frame.locator("path.geoplan-record")).to_have_count(3)
    expect(record_table(page)).to_have_attribute("aria-rowcount", "14")  # with the header
    map_frame(page).evaluate("window.__notReloaded = true")
    page.get_by_role("textbox", name="搜索").fill("柯城")
    page.keyboard.press("Enter")
    drawn_records(map_frame(page), 3)  # the three records in 柯城区
    expect(record_table(page)).to_have_attribute("aria-rowcount", "4")
    expect(legend(page)).to_contain_text("筛选的项目（3 项）")
    # only the markers were replaced: the map (and the user's view of it) stayed
    assert map_frame(page).evaluate("window.__notReloaded") is True
    assert "q=%E6%9F%AF%E5%9F%8E" in page.url  # the view is in the URL
    page.screenshot(path=str(artifacts / "app_filtered.png"))
    assert page.errors == []


def test_clicking_a_record_opens_its_details_and_highlights_it(page, fixture_app, artifacts):
    frame = open_app(page, f"{fixture_app}/?q=钱江大道")
    expect(frame.locator(".geoplan-selected")).to_have_count(0)
    frame.locator("path.geoplan-record").click()
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("原文", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="智慧新城数字经济产业园")).to_be_visible()
    expect(main.locator("table.gp-fields")).to_contain_text("9 亿元")
    expect(main).to_contain_text("北至柯安一路")
    expect(main).to_contain_text("来源：《衢州市现代服务业发展“十四五”规划》专栏13 第 448 行")
    assert "show=record%3A001-b13-02" in page.url
    # the selected record is ringed on the map, around its marker
    settle(page)
    ring = frame.locator("path.geoplan-selected").bounding_box()
    marker = frame.locator("path.geoplan-record").bounding_box()
    assert abs(ring["x"] + ring["width"] / 2 - (marker["x"] + marker["width"] / 2)) < 1
    assert ring["width"] > marker["width"] >= 12  # and the marker is a 12 px target at least
    # the searched words are marked where the record shows them
    expect(main.locator("table.gp-fields mark").first).to_have_text("钱江大道")
    # details live beside the map: no popup covers it (the exported map has popups)
    assert frame.locator(".leaflet-popup").count() == 0
    # the plan's own line 448, marked among its neighbours, and the whole plan opened at it
    cited = main.locator(".gp-line.cited")
    expect(cited).to_have_count(1)
    expect(cited).to_contain_text("2.智慧新城数字经济产业园（2021-2023）")
    page.screenshot(path=str(artifacts / "app_details.png"))
    main.get_by_role("button", name="打开规划全文，定位到第 448 行").click()
    whole = page.get_by_role("dialog").frame_locator("iframe")
    line = whole.locator("#L448")
    expect(line).to_be_in_viewport()  # scrolled to the cited line …
    expect(whole.locator("#L1")).not_to_be_in_viewport()  # … of the whole plan
    expect(whole.locator(".gp-line")).to_have_count(650)
    page.screenshot(path=str(artifacts / "app_whole_plan.png"))
    assert page.errors == []


def test_plan_text_shows_as_text_and_runs_nothing(page, fixture_app):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_app(page, f"{fixture_app}/?q=script")
    badge = frame.locator(".geoplan-unit[data-unit='330100']")  # known only by its city
    badge.hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(EVIL_RECORD)
    badge.click()
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="杭州市")).to_be_visible()
    settle(page)  # the click's rerun has drawn the details
    main.get_by_role("combobox", name="查看其中的项目").click()
    page.keyboard.press("ArrowDown")  # the list opens from the keyboard, wherever the page scrolled
    page.get_by_role("option", name=EVIL_RECORD).click()
    expect(main.get_by_role("heading", name=EVIL_RECORD)).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []


def test_html_export_downloads_and_opens_with_the_layers(page, fixture_app, artifacts, tmp_path):
    open_app(page, f"{fixture_app}/?grouping=衢州协同格局&kind=project")
    page.get_by_role("tab", name="导出").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载当前地图（HTML，可离线打开）").click()
    name = download.value.suggested_filename
    assert name.startswith("geoplan_map_衢州协同格局_项目_") and name.endswith(".html")
    path = tmp_path / name
    download.value.save_as(path)
    # the same view as a report map, for Word (after the rerun the first download starts:
    # a click while Streamlit redraws the tab is lost)
    settle(page)
    with page.expect_download(timeout=120_000) as printed:
        page.get_by_role("button", name="下载报告用地图（PDF，A4横版）").click()
    pdf = tmp_path / printed.value.suggested_filename
    assert pdf.name.startswith("geoplan_map_衢州协同格局_项目_A4横版_") and pdf.suffix == ".pdf"
    printed.value.save_as(pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "衢州市现代服务业“中心城区引领、县（市）四片协同”发展格局" in text
    assert "筛选条件：项目" in text and "筛选的项目（10 项）" in text
    page.goto(path.as_uri())
    page.wait_for_selector("[data-geoplan-records=ready]")
    legend = page.locator(".geoplan-legend")
    expect(legend).to_contain_text("衢州市现代服务业“中心城区引领、县（市）四片协同”发展格局")
    expect(legend).to_contain_text("筛选的项目（10 项）")  # 11 projects, one unplaced
    drawn_records(page, 10)  # 2 markers, 8 on the badges of their counties and city
    expect(page.locator("path.geoplan-record")).to_have_count(2)
    expect(legend).to_contain_text("筛选条件：项目")
    page.locator("path.geoplan-record").first.click()  # the exported map has popups
    expect(page.locator(".leaflet-popup-content")).to_contain_text("来源：《")
    assert page.locator("path.leaflet-interactive").count() >= 2 + 8  # and the 8 members
    page.wait_for_timeout(400)  # Leaflet animates the zoom to the layers' bounds
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")
    page.screenshot(path=str(artifacts / "app_export.png"))
    assert page.remote_requests == []
    assert page.errors == []


def test_gaode_base_map_shifts_records_to_gcj02(page, fixture_app):
    page.route("**/*autonavi.com/**", lambda route: route.abort())  # no tiles offline
    frame = open_app(page, f"{fixture_app}/?basemap=gaode&q=钱江大道")
    expect(frame.locator("path.geoplan-record")).to_have_count(1)
    lon, lat = map_frame(page).evaluate(
        """() => {
            const id = 'records:selection';
            const layer = window.map._geoplanRecords.find(l => l._geoplanId === id);
            const markers = [];
            const walk = l => l instanceof L.CircleMarker ? markers.push(l) : l.eachLayer?.(walk);
            walk(layer);
            const ll = markers[0].getLatLng();
            return [ll.lng, ll.lat];
        }"""
    )
    # the record's WGS-84 point (118.84, 28.97) drawn where Gaode's tiles have it
    assert (lon, lat) == pytest.approx(crs.wgs84_to_gcj02(118.84, 28.97), abs=2e-5)
    frame.locator("path.geoplan-record").click()  # a click names the record, not a point
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="智慧新城数字经济产业园")).to_be_visible()


def test_a_township_record_and_a_county_level_one_are_told_apart_in_app_and_export(
    page, embedded_app, atlas, tmp_path, artifacts
):
    """Issue 9: 开化县马金水产业园 is placed at 马金镇; three others are known only by 开化县."""
    view = "grouping=none&unit=330824&precision=township,county"
    frame = open_app(page, f"{embedded_app}/?{view}")
    chosen = query.filter_records(
        atlas.records, query.RecordFilter(units=("330824",), precisions=("township", "county")),
        atlas,
    )  # fmt: skip
    export = tmp_path / "开化县.html"
    export.write_text(maps.to_html(atlas.map(records=chosen)), encoding="utf-8")
    township = "开化县马金水产业园"
    assert chosen.set_index("name").loc[township, "precision"] == "township"
    for where in ("app", "export"):
        shown, box = map_frame(page), legend(page)
        if where == "export":
            page.goto(export.as_uri())
            page.wait_for_selector("[data-geoplan-records=ready]")
            shown, box = page, page.locator(".geoplan-legend")
        drawn_records(shown, 4)
        # the township record is a ring at its seat, the county-level ones a count on the county
        ring = shown.locator("path.geoplan-record")
        assert ring.count() == 1, where
        assert (
            ring.get_attribute("fill-opacity") == "0.3"
            and ring.get_attribute("stroke") != "#ffffff"
        )
        badge = shown.locator(".geoplan-unit")
        assert badge.count() == 1 and badge.get_attribute("data-unit") == "330824", where
        assert badge.get_attribute("data-count") == "3", where
        # and the legend says which is which
        expect(box).to_contain_text("乡镇定位：圆环，项目在该乡镇范围内（1）")
        expect(box).to_contain_text("仅知区县：计入区县圆标，不画成点（3）")
        ring.hover()
        expect(shown.locator(".leaflet-tooltip", has_text=township)).to_be_visible()
        page.screenshot(path=str(artifacts / f"issue9_{where}.png"))
        if where == "app":  # a click on the badge lists the county's records beside the map
            badge.click()
            main = page.locator("[data-testid='stMain']")
            expect(main.get_by_role("heading", name="开化县")).to_be_visible()
            expect(main).to_contain_text("位置仅知所在区县或地市的项目 3 项")
            assert "show=unit%3A330824" in page.url
            expect(frame.locator(".geoplan-unit.is-selected")).to_have_count(1)
    assert page.errors == []


def word_only_in_source_text(records):
    """A four-character word of one record's source text (原文) that no other field has."""
    searched = [c for c in query.SEARCHED if c != "text"]
    others = "\n".join(records[searched].fillna("").astype(str).agg("\n".join, axis=1))
    others += "\n".join(schema.WORK_TYPES.values()) + "\n".join(schema.KIND_LABELS.values())
    texts = records["text"].astype(str).tolist()
    for record_id, text in zip(records["record_id"], texts, strict=True):
        for i in range(len(text) - 3):
            word = text[i : i + 4]
            if (
                all("\u4e00" <= c <= "\u9fff" for c in word)
                and word not in others
                and sum(word in t for t in texts) == 1
            ):
                return word, record_id
    pytest.fail("no word of any record's source text is missing from its other fields")


def test_search_finds_a_word_only_the_plans_own_text_has(page, embedded_app, atlas):
    records = atlas.records
    word, record_id = word_only_in_source_text(records)
    name = str(records.loc[records["record_id"] == record_id, "name"].iloc[0])
    open_app(page, embedded_app)
    page.get_by_role("textbox", name="搜索").fill(word)
    page.keyboard.press("Enter")
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_test_id("stMetric").first).to_contain_text(f"1 / {len(records)}")
    expect(record_table(page)).to_have_attribute("aria-rowcount", "2")  # and the header
    settle(page)
    page.get_by_role("combobox", name="查看项目").click()  # the one record found, by name
    page.get_by_role("option", name=name).click()
    expect(main.locator(".gp-raw mark")).to_have_text(word)  # marked in its 原文
    assert page.errors == []


def map_bounds(page):
    """The map's bounds as the browser shows them: (west, south, east, north)."""
    return map_frame(page).evaluate(
        "() => { const b = window.map.getBounds(); "
        "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
    )


def test_a_county_zooms_the_map_to_it_and_names_what_it_leaves_out(
    page, fixture_app, atlas, artifacts
):
    open_app(page, fixture_app)
    before = map_bounds(page)
    page.get_by_role("combobox", name="区县或地市").click()
    page.get_by_role("option", name="义乌市").click()
    page.keyboard.press("Escape")
    drawn_records(map_frame(page), 2)  # the two in 义乌市
    west, south, east, north = atlas.gazetteer.units.loc[["330782"]].total_bounds
    page.wait_for_function(
        """([frame, w, e]) => {
            const m = document.querySelector(frame).contentWindow.map, b = m.getBounds();
            return b.getWest() <= w && b.getEast() >= e && b.getEast() - b.getWest() < 3 * (e - w);
        }""",
        arg=[MAP, west, east],
    )
    w, s, e, n = map_bounds(page)
    assert w <= west and e >= east and s <= south and n >= north  # all of 义乌市 …
    assert (e - w) < (before[2] - before[0]) / 4  # … much closer than the province
    outline = map_frame(page).evaluate(
        "() => window.map._geoplanLayers.find(l => l._geoplanId === 'units:selected')"
        ".getLayers().length"
    )
    assert outline == 1  # its outline
    side = page.get_by_test_id("stSidebar")
    expect(side).to_contain_text("另有 1 项只定位到金华市（地市级）的项目未显示")
    side.get_by_text("这 1 项是").click()
    expect(side).to_contain_text("浙中总部经济中心（一期）项目")
    settle(page)
    page.screenshot(path=str(artifacts / "app_county.png"))
    side.get_by_text("一并显示金华市的地市级项目（1 项）").click()
    drawn_records(map_frame(page), 3)  # and 金华市's, counted on its badge
    expect(side).to_contain_text("已包含 1 项只定位到金华市")
    page.wait_for_url(lambda url: "citywide=1" in url and "unit=330782" in url)
    assert page.errors == []


def test_a_link_keeps_the_zoom_the_centre_and_the_tab(page, fixture_app):
    frame = open_app(page, f"{fixture_app}/?zoom=10&center=118.87,28.94&tab=导出")
    view = "() => [window.map.getZoom(), window.map.getCenter().lng, window.map.getCenter().lat]"
    # within a pixel (0.0014° at zoom 10): the map settles its size after opening
    assert map_frame(page).evaluate(view) == pytest.approx([10, 118.87, 28.94], abs=3e-3)
    expect(page.get_by_role("tab", name="导出")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="下载当前地图（HTML，可离线打开）")).to_be_visible()
    # zooming in is kept in the link, without redrawing the map …
    map_frame(page).evaluate("window.__notReloaded = true")
    frame.get_by_role("button", name="Zoom in").click()
    page.wait_for_url(lambda url: "zoom=11" in url, timeout=UI_TIMEOUT_MS)
    assert map_frame(page).evaluate("window.__notReloaded") is True
    settle(page)
    # … and the link reopens it; a link from before zoom and tabs still opens
    again = open_app(page, page.url)
    assert map_frame(page).evaluate(view)[0] == 11
    expect(page.get_by_role("tab", name="导出")).to_have_attribute("aria-selected", "true")
    open_app(page, f"{fixture_app}/?grouping=衢州协同格局&kind=project")
    expect(page.get_by_role("tab", name="项目列表")).to_have_attribute("aria-selected", "true")
    assert again is not None and page.errors == []


def test_a_tile_base_map_that_cannot_load_says_so(page, fixture_app, artifacts):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())  # as on an intranet
    frame = open_app(page, fixture_app)
    expect(frame.locator(".geoplan-tile-notice")).to_have_count(0)  # the offline map: no notice
    page.get_by_test_id("stSidebar").get_by_text("OpenStreetMap").click()
    settle(page)
    expect(page.locator(MAP)).to_have_count(1)  # the map of the new base map replaced the old
    notice = page.frame_locator(MAP).locator(".geoplan-tile-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("底图瓦片无法加载")
    expect(notice).to_contain_text("无底图（离线）")
    page.screenshot(path=str(artifacts / "app_tiles_blocked.png"))


def test_new_towns_inside_districts_are_clicked_apart_from_them(page, fixture_app, artifacts):
    frame = open_app(page, f"{fixture_app}/?grouping=衢州协同格局")
    main = page.locator("[data-testid='stMain']")
    for member in ("智造新城", "智慧新城", "柯城区"):
        # a new town's framed name is its handle; a district's label lets clicks through
        name = frame.locator(".geoplan-approx, .geoplan-label", has_text=member).last
        box = name.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(main.get_by_role("heading", name=member, exact=True)).to_be_visible()
        settle(page)
    # the new towns' labels say they are approximate; a district's does not
    approximate = frame.locator(".geoplan-approx")
    expect(approximate).to_have_count(2)
    approximate.first.hover()
    expect(frame.locator(".leaflet-tooltip", has_text="范围示意：规划未给出边界")).to_be_visible()
    page.screenshot(path=str(artifacts / "app_new_towns.png"))
    assert page.errors == []
