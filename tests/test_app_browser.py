"""The real app (``streamlit run app.py``) driven in Debian's Chromium, offline.

Two servers: one on the embedded data (what users see), one on the records written for
the tests (``tests/data/records``), whose counts the assertions know. Screenshots land in
``test-artifacts/``; ``app.png`` is the README's.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geoplan import crs

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(records_dir, log_path):
    """Run ``streamlit run app.py`` on a free port until the block ends; yield its URL."""
    env = {k: v for k, v in os.environ.items() if k != "GEOPLAN_RECORDS_DIR"}
    if records_dir is not None:
        env["GEOPLAN_RECORDS_DIR"] = str(records_dir)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.headless", "true"]  # fmt: skip
    with (
        log_path.open("w") as log,
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log) as process,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"streamlit exited: {log_path.read_text()}")
                health = f"{url}/_stcore/health"
                with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2):
                    break
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start in {START_TIMEOUT_S} s")
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def embedded_app(tmp_path_factory):
    with serve(None, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def fixture_app(tmp_path_factory):
    with serve(RECORDS_DIR, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url


def open_app(page, url):
    """Open the app, wait for the map (the legend is drawn once the layers are) and the page."""
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(url)
    frame = page.frame_locator(MAP)
    frame.locator(".geoplan-legend").wait_for()
    settle(page)
    return frame


def settle(page, quiet_ms=600):
    """Wait until no script run has been pending for a while, so nothing moves under a click.

    The map's first report (streamlit-folium sends its initial value) causes one more run.
    """
    page.evaluate("window.__busy = performance.now()")
    page.wait_for_function(
        """quiet => {
            const state = document.querySelector('[data-testid="stApp"]').dataset.testScriptState;
            if (state !== 'notRunning') window.__busy = performance.now();
            return performance.now() - window.__busy > quiet;
        }""",
        arg=quiet_ms,
        polling=100,
    )


def map_frame(page):
    return page.locator(MAP).element_handle().content_frame()


def record_table(page):
    return page.locator("[role='tabpanel']").first.locator("[role='grid']")


def test_map_legend_and_a_member_render_offline(page, embedded_app, artifacts):
    frame = open_app(page, embedded_app)
    legend = frame.locator(".geoplan-legend")
    expect(legend).to_contain_text("浙江省服务业“两核、四圈”空间发展格局")
    expect(legend).to_contain_text("服务业经济圈（四圈）")
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


def test_a_filter_changes_the_markers_and_the_table(page, fixture_app, artifacts):
    frame = open_app(page, fixture_app)
    markers = frame.locator("path.geoplan-record")
    expect(markers).to_have_count(12)  # 13 records, one unplaced
    expect(record_table(page)).to_have_attribute("aria-rowcount", "14")  # with the header
    map_frame(page).evaluate("window.__notReloaded = true")
    page.get_by_placeholder("名称、选址或四至中的文字").fill("柯城")
    page.keyboard.press("Enter")
    expect(markers).to_have_count(2)
    expect(record_table(page)).to_have_attribute("aria-rowcount", "3")
    expect(frame.locator(".geoplan-legend")).to_contain_text("筛选的项目（2 项）")
    # only the markers were replaced: the map (and the user's view of it) stayed
    assert map_frame(page).evaluate("window.__notReloaded") is True
    assert "q=%E6%9F%AF%E5%9F%8E" in page.url  # the view is in the URL
    page.screenshot(path=str(artifacts / "app_filtered.png"))
    assert page.errors == []


def test_clicking_a_record_opens_its_details(page, fixture_app, artifacts):
    frame = open_app(page, f"{fixture_app}/?q=钱江大道")
    frame.locator("path.geoplan-record").click()
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("原文", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="智慧新城数字经济产业园")).to_be_visible()
    expect(main.get_by_test_id("stTableStyledTable")).to_contain_text("9 亿元")
    expect(main).to_contain_text("北至柯安一路")
    expect(main).to_contain_text("来源：《衢州市现代服务业发展“十四五”规划》专栏13 第 448 行")
    assert "show=record%3A001-b13-02" in page.url
    # details live beside the map: no popup covers it (the exported map has popups)
    assert frame.locator(".leaflet-popup").count() == 0
    page.screenshot(path=str(artifacts / "app_details.png"))


def test_plan_text_shows_as_text_and_runs_nothing(page, fixture_app):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_app(page, f"{fixture_app}/?q=script")
    frame.locator("path.geoplan-record").hover()
    expect(frame.locator(".leaflet-tooltip")).to_have_text(EVIL_RECORD)
    frame.locator("path.geoplan-record").click()
    heading = page.locator("[data-testid='stMain']").get_by_role("heading", name=EVIL_RECORD)
    expect(heading).to_be_visible()
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
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('path.geoplan-record').length > 0")
    legend = page.locator(".geoplan-legend")
    expect(legend).to_contain_text("衢州市现代服务业“中心城区引领、县（市）四片协同”发展格局")
    expect(legend).to_contain_text("筛选的项目（10 项）")  # 11 projects, one unplaced
    expect(page.locator("path.geoplan-record")).to_have_count(10)
    expect(legend).to_contain_text("筛选条件：项目")
    page.locator("path.geoplan-record").first.click()  # the exported map has popups
    expect(page.locator(".leaflet-popup-content")).to_contain_text("来源：《")
    assert page.locator("path.leaflet-interactive").count() >= 10 + 8  # and the 8 members
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
            const layer = window.map._geoplanLayers.find(l => l._geoplanId === 'records:selection');
            const ll = layer.getLayers()[0].getLatLng();
            return [ll.lng, ll.lat];
        }"""
    )
    # the record's WGS-84 point (118.84, 28.97) drawn where Gaode's tiles have it
    assert (lon, lat) == pytest.approx(crs.wgs84_to_gcj02(118.84, 28.97), abs=2e-5)
    frame.locator("path.geoplan-record").click()  # a click names the record, not a point
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="智慧新城数字经济产业园")).to_be_visible()
