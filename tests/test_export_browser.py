"""The exported HTML map, opened in headless Chromium as a reader would open it."""

import subprocess
import sys

import numpy as np
import pytest

from geoplan import crs, maps

from factories import EVIL, grouping_frame

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
