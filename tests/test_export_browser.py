"""The exported HTML map, opened in headless Chromium as a reader would open it."""

import subprocess
import sys

import numpy as np
import pytest
from playwright.sync_api import expect

from geoplan import crs, maps
from geoplan.maps import popups

from factories import EVIL, EVIL_RECORD, app_records, grouping_frame, records_frame

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "两核四圈_衢州协同格局.html"
    command = [
        "export",
        "--layer",
        "两核四圈",
        "--layer",
        "衢州协同格局",
        "--title",
        "服务业空间格局",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *command, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def open_map(page, path):
    page.goto(path.as_uri())
    page.wait_for_selector(".geoplan-legend")
    page.wait_for_function(
        "window.geoplan && document.querySelectorAll('path.leaflet-interactive').length > 0"
    )


def test_exported_map_renders_offline_with_layers_and_legend(page, exported, artifacts):
    open_map(page, exported)
    assert page.remote_requests == []
    assert page.errors == []
    legend = page.inner_text(".geoplan-legend")
    assert "服务业空间格局" in legend
    assert "浙江省服务业“两核、四圈”空间发展格局" in legend
    assert "县（市）四片协同发展" in legend
    # 6 + 8 members drawn as interactive paths (unit lines are not interactive)
    assert page.locator("path.leaflet-interactive").count() >= 14
    labels = page.locator(".geoplan-label").all_inner_texts()
    assert "江山市" in labels and "杭州" in labels
    page.screenshot(path=str(artifacts / "export_two_cores_quzhou.png"))


def test_clicking_a_member_opens_its_popup(page, exported, artifacts):
    open_map(page, exported)
    # Click the label position of 江山市: labels sit at representative points inside members.
    label = page.locator(".geoplan-label", has_text="江山市").bounding_box()
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] + 12)
    popup = page.wait_for_selector(".leaflet-popup-content")
    text = popup.inner_text()
    assert "江山市" in text and "文旅体育+数字物流" in text
    assert "来源：《衢州市现代服务业发展“十四五”规划》" in text
    page.wait_for_timeout(400)  # let Leaflet pan the popup into view
    box = page.locator(".leaflet-popup").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "popup opened outside the map"
    page.screenshot(path=str(artifacts / "export_popup.png"))


def test_layer_control_hides_a_layer_and_its_legend(page, exported):
    open_map(page, exported)
    page.hover(".leaflet-control-layers")
    before = page.locator("path.leaflet-interactive").count()
    page.get_by_label("衢州市现代服务业“中心城区引领、县（市）四片协同”发展格局").uncheck()
    assert page.locator("path.leaflet-interactive").count() == before - 8
    assert not page.locator("[data-layer='衢州协同格局']").is_visible()


def first_vertex(page):
    return page.evaluate(
        """() => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            const layer = map._geoplanLayers.find(l => l._geoplanId === '衢州协同格局');
            let ll = layer.getLayers()[0].getLatLngs();
            while (Array.isArray(ll[0])) ll = ll[0];
            return [ll[0].lng, ll[0].lat, map.getContainer().dataset.geoplanDatum];
        }"""
    )


def test_gaode_base_layer_shifts_geometry_to_gcj02_and_back(page, exported):
    open_map(page, exported)
    lon, lat, datum = first_vertex(page)
    assert datum == "wgs84"
    page.hover(".leaflet-control-layers")
    page.get_by_label("高德地图").check()
    glon, glat, datum = first_vertex(page)
    assert datum == "gcj02"
    expected = crs.wgs84_to_gcj02(lon, lat)
    assert np.allclose(
        [glon, glat], expected, atol=2e-5
    )  # the shift crs.py computes (±quantisation)
    assert abs(glon - lon) > 0.003  # hundreds of metres, not nothing
    page.get_by_label("无底图（离线）").check()
    back = first_vertex(page)
    assert back == [lon, lat, "wgs84"]


def test_escaped_text_shows_as_text_and_runs_nothing(page, tmp_path):
    frame = grouping_frame(EVIL, role=EVIL, label=EVIL)
    path = tmp_path / "evil.html"
    html = maps.to_html(maps.build_map([maps.MapLayer("t", EVIL, "grouping", frame)]))
    path.write_text(html, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_map(page, path)
    page.locator("path.leaflet-interactive").first.click()
    popup = page.wait_for_selector(".leaflet-popup-content")
    assert EVIL in popup.inner_text()
    assert EVIL in page.inner_text(".geoplan-legend")
    page.hover(".leaflet-control-layers")
    assert EVIL in page.inner_text(".leaflet-control-layers")
    page.wait_for_timeout(200)
    assert dialogs == []


def test_the_legend_is_beside_the_map_and_folds_over_it_only_in_narrow_windows(page, exported):
    open_map(page, exported)
    legend = page.locator(".geoplan-legend").bounding_box()
    the_map = page.locator(".leaflet-container").bounding_box()
    assert legend["x"] >= the_map["x"] + the_map["width"]  # beside: it covers nothing
    assert the_map["width"] >= 0.7 * page.viewport_size["width"]
    assert page.locator(".leaflet-control-scale").is_visible()  # and a scale bar
    page.set_viewport_size({"width": 600, "height": 700})
    body = page.locator(".geoplan-legend-body")
    body.wait_for(state="hidden")  # folded over the map's corner, out of the way
    assert page.locator(".leaflet-container").bounding_box()["width"] == 600
    page.click(".geoplan-legend-toggle")
    assert body.is_visible() and "两核" in body.inner_text()
    assert body.bounding_box()["height"] <= 0.46 * 700


# ----------------------------------------------------------------------------- records

# The elements of a popup, in order: tag, class and, for leaves, text (tbody aside: the
# HTML parser adds one to a table, the DOM built by records.js has none).
POPUP_SHAPE = """node => Array.from(node.querySelectorAll('*'))
    .filter(e => e.tagName !== 'TBODY')
    .map(e => [e.tagName, e.className, e.children.length ? '' : e.textContent])"""


@pytest.fixture(scope="module")
def fixture_map(tmp_path_factory):
    """The app's test records exported with popups, as the app's export tab writes them."""
    frame = records_frame(app_records())
    layer = maps.MapLayer("sel", "筛选的项目", "records", frame[frame.geometry.notna()])
    path = tmp_path_factory.mktemp("records") / "records.html"
    path.write_text(maps.to_html(maps.build_map([layer])), encoding="utf-8")
    return path, frame


def open_records(page, path):
    page.goto(path.as_uri())
    page.wait_for_selector("[data-geoplan-records=ready]")


def wait_until_still(page) -> None:
    """Wait until the map has not panned for a few frames: a popup that opens pans it into
    view, and a click by coordinates taken meanwhile lands beside its target."""
    page.evaluate(
        """() => new Promise(done => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            let calm = 0;
            (function frame() {
                calm = map._panAnim && map._panAnim._inProgress ? 0 : calm + 1;
                if (calm >= 3) done(true); else requestAnimationFrame(frame);
            })();
        })"""
    )


def test_popups_are_built_from_the_table_as_the_library_writes_them(page, fixture_map):
    path, frame = fixture_map
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_records(page, path)
    # a place: a marker, whose popup says what popups.record_popup says
    page.locator("path.geoplan-record").first.click()
    shown = page.locator(".leaflet-popup-content .geoplan-popup")
    record_id = shown.locator(".source").inner_text().split("编号 ")[1].rstrip("）")
    row = frame.set_index("record_id", drop=False).loc[record_id]
    parsed = "Object.assign(document.createElement('div'), {innerHTML: html})"
    expected = page.evaluate(
        f"html => ({POPUP_SHAPE})({parsed})",
        popups.record_popup(row, str(row.get("plan_title", ""))),
    )
    assert shown.evaluate(f"e => ({POPUP_SHAPE})(e.parentNode)") == expected
    # a record known only by its city: in 杭州市's badge, listed, and its popup from the list
    badge = page.locator(".geoplan-unit[data-unit='330100']")
    assert badge.get_attribute("data-count") == "1"
    badge.hover()
    assert EVIL_RECORD in page.locator(".leaflet-tooltip", has_text="杭州市").inner_text()
    badge.click()
    item = page.locator(".leaflet-popup-content .geoplan-link", has_text="数字经济创新发展区")
    assert item.inner_text() == EVIL_RECORD  # text, not markup
    wait_until_still(page)
    item.click()
    # the record's popup replaces the list's (wait for it: a loaded machine draws it later)
    expect(page.locator(".leaflet-popup-content h4")).to_have_text(EVIL_RECORD)
    assert "位置为所在地市内的示意点" in page.locator(".leaflet-popup-content").inner_text()
    wait_until_still(page)
    page.locator(".geoplan-back").click()
    expect(page.locator(".leaflet-popup-content .geoplan-link")).to_have_count(1)
    page.wait_for_timeout(200)
    assert dialogs == [] and page.errors == [] and page.remote_requests == []


def test_records_at_one_spot_are_spread_so_each_is_a_target_of_12_px(page, tmp_path, atlas):
    path = tmp_path / "all.html"
    path.write_text(maps.to_html(atlas.map(records=atlas.records)), encoding="utf-8")
    open_records(page, path)
    hengdian = atlas.records[atlas.records["place"] == "横店镇"]
    lon, lat = hengdian["lon"].iloc[0], hengdian["lat"].iloc[0]
    assert len(hengdian) >= 10 and hengdian[["lon", "lat"]].nunique().max() == 1  # one point
    page.evaluate(
        "([lat, lon]) => Object.values(window).find(v => v instanceof L.Map)"
        ".setView([lat, lon], 13, {animate: false})",
        [lat, lon],
    )
    page.wait_for_timeout(300)
    markers = page.evaluate(
        """ids => Array.from(document.querySelectorAll('path.geoplan-record')).map(p => {
            const b = p.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;
            return {w: b.width, h: b.height, x, y, top: document.elementFromPoint(x, y) === p};
        })"""
    )
    near = [m for m in markers if abs(m["x"] - 500) < 200 and abs(m["y"] - 450) < 200]
    assert len(near) >= len(hengdian)
    # every marker is at least 12 px across, and the topmost thing at its centre
    assert all(m["w"] >= 12 and m["h"] >= 12 and m["top"] for m in near)
    assert page.errors == []
