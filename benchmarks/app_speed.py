"""Speed and memory of the app (``streamlit run app.py``), measured in headless Chromium.

Targets (issue 4), on the embedded data (464 records):

- page load → rendered map: at most 1.5× a one-marker streamlit-folium app served the same
  way, with the same local assets (Leaflet as ``data:`` URLs), measured in the same run.
  "Rendered" is the first frame in which the map's vectors are in the page: the record
  markers for geoplan, the marker for the baseline. Warm loads (caches filled by a first
  visit, as for every user but the first) are the target; the cold first load is shown too.
- filter change → updated map: under 1 s, from the Enter key in the search box to the
  new markers. For comparison, a change of grouping reloads the whole map (a new
  streamlit-folium component), which is what every filter change would cost without
  ``feature_group_to_add``.
- the server's peak memory (VmHWM of the streamlit process): under 500 MB.

Timed in the browser with ``performance.now()``; nothing here is asserted.
"""

from __future__ import annotations

import contextlib
import functools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Frame, Page, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GEOPLAN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
LOADS = 5
VIEW: ViewportSize = {"width": 1280, "height": 900}
CHANGES = 6
MAP = "iframe[title='streamlit_folium.st_folium']"

BASELINE_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium

from geoplan.maps import assets

st.set_page_config(layout="wide")
m = folium.Map(location=[29.2, 120.3], zoom_start=7, tiles=None)
folium.CircleMarker([29.0, 120.0], radius=6).add_to(m)
# The same packaged Leaflet, as data: URLs, instead of folium's CDN links.
m.default_js = [("leaflet", assets.get("leaflet.js").data_uri())]
m.default_css = [("leaflet_css", assets.get("leaflet.css").data_uri())]
st_folium(m, key="map", height=620, use_container_width=True, returned_objects=[])
"""

# Milliseconds from navigation start to the first animation frame with the map's vectors.
RENDERED = """selector => new Promise(resolve => {
    const check = () => {
        const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
        const doc = frame && frame.contentDocument;
        if (doc && doc.querySelector(selector)) resolve(performance.now());
        else requestAnimationFrame(check);
    };
    check();
})"""

# Milliseconds from the last Enter in the page to a different number of markers.
MARKERS_CHANGED = """before => {
    const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    const now = frame.contentDocument.querySelectorAll('path.geoplan-record').length;
    return now !== before ? performance.now() - window.__enter : null;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serve(script: Path, log: Path) -> Iterator[tuple[str, int]]:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    env = {k: v for k, v in os.environ.items() if k != "GEOPLAN_RECORDS_DIR"}
    with (
        log.open("w") as out,
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out) as process,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                health = f"{url}/_stcore/health"
                with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2):  # noqa: S310 - our own localhost URL
                    break
                time.sleep(0.2)
            yield url, process.pid
        finally:
            process.terminate()
            process.wait(timeout=10)


def _peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _load(target: BrowserContext, url: str, selector: str) -> tuple[float, float]:
    """Milliseconds to the rendered map and to the complete page (the filters' last button)."""
    page = target.new_page()
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="commit")
    ms = float(page.evaluate(RENDERED, selector))
    complete = ms
    if selector == "path.geoplan-record":
        page.get_by_role("button", name="清除筛选").wait_for()
        complete = float(page.evaluate("performance.now()"))
    page.close()
    return ms, complete


def _loads(browser: Browser, url: str, selector: str) -> dict[str, list[float]]:
    """The first load after the server started, later loads, and loads with a cached profile."""
    fresh = [browser.new_context(viewport=VIEW) for _ in range(LOADS + 1)]
    first = _load(fresh[0], url, selector)
    later = [_load(c, url, selector) for c in fresh[1:]]
    profile = browser.new_context(viewport=VIEW)  # one profile: its HTTP cache fills once
    _load(profile, url, selector)
    cached = [_load(profile, url, selector) for _ in range(LOADS)]
    for context in [*fresh, profile]:
        context.close()
    return {
        "first": [first[0]],
        "map": [m for m, _ in later],
        "complete": [c for _, c in later],
        "cached": [m for m, _ in cached],
    }


def _settle(page: Page) -> None:
    page.evaluate("window.__busy = performance.now()")
    page.wait_for_function(
        """() => {
            const state = document.querySelector('[data-testid="stApp"]').dataset.testScriptState;
            if (state !== 'notRunning') window.__busy = performance.now();
            return performance.now() - window.__busy > 600;
        }""",
        polling=100,
    )


def _ready_page(browser: Browser, url: str) -> Page:
    """A page of the app with its map drawn and settled."""
    page = browser.new_page(viewport=VIEW)
    page.set_default_timeout(60_000)
    page.goto(url)
    page.evaluate(RENDERED, "path.geoplan-record")
    _settle(page)
    return page


def _filter_changes(browser: Browser, url: str) -> list[float]:
    page = _ready_page(browser, url)
    page.evaluate(
        "document.addEventListener('keydown', e => { if (e.key === 'Enter') "
        "window.__enter = performance.now(); }, true)"
    )
    box = page.get_by_role("textbox", name="搜索")
    count = """() => document.querySelector("iframe[title='streamlit_folium.st_folium']")
        .contentDocument.querySelectorAll('path.geoplan-record').length"""
    times = []
    for i in range(CHANGES):
        before = page.evaluate(count)
        box.fill("中心" if i % 2 == 0 else "")
        box.press("Enter")
        handle = page.wait_for_function(MARKERS_CHANGED, arg=before, polling="raf")
        times.append(float(handle.json_value()))
        _settle(page)
    page.close()
    return times


def _remounts(browser: Browser, url: str) -> list[float]:
    """Grouping changes: a new base map, so streamlit-folium mounts a new map."""
    page = _ready_page(browser, url)
    times = []
    for grouping in ("衢州市现代服务业", "浙江省服务业", "金华市服务业", "浙江省服务业"):
        frame = _map_window(page)
        frame.evaluate("window.__old = true")
        page.get_by_label("空间格局").click()
        start = float(page.evaluate("performance.now()"))
        page.get_by_role("option", name=grouping).first.click()
        page.wait_for_function(
            """() => {
                const f = document.querySelector("iframe[title='streamlit_folium.st_folium']");
                const w = f && f.contentWindow;
                return w && !w.__old && f.contentDocument.querySelector('path.geoplan-record');
            }""",
            polling="raf",
        )
        times.append(float(page.evaluate("performance.now()")) - start)
        _settle(page)
    page.close()
    return times


def _clicks(browser: Browser, url: str) -> list[float]:
    """A click on a record marker until the app's URL names the record (details shown)."""
    page = _ready_page(browser, url)
    frame = page.frame_locator(MAP)
    times = []
    for i in (0, 40, 80, 120):
        before = page.url
        start = float(page.evaluate("performance.now()"))
        frame.locator("path.geoplan-record").nth(i).click(force=True)
        page.wait_for_url(functools.partial(_names_a_record_unlike, before))
        page.get_by_text("原文", exact=True).wait_for()
        times.append(float(page.evaluate("performance.now()")) - start)
        _map_window(page).evaluate("window.map.closePopup()")
        _settle(page)
    page.close()
    return times


def _map_window(page: Page) -> Frame:
    frame = page.locator(MAP).element_handle().content_frame()
    if frame is None:
        msg = "the map's iframe has no document"
        raise RuntimeError(msg)
    return frame


def _names_a_record_unlike(before: str, url: str) -> bool:
    return url != before and "record" in url


def _ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"
    )


def run() -> None:
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: skipping the app benchmark")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        baseline = Path(tmp) / "baseline_app.py"
        baseline.write_text(BASELINE_APP, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with _serve(baseline, Path(tmp) / "baseline.log") as (url, pid):
            base = _loads(browser, url, "path.leaflet-interactive")
            base_mb = _peak_mb(pid)
        with _serve(ROOT / "app.py", Path(tmp) / "app.log") as (url, pid):
            app = _loads(browser, url, "path.geoplan-record")
            changes = _filter_changes(browser, url)
            remounts = _remounts(browser, url)
            clicks = _clicks(browser, url)
            app_mb = _peak_mb(pid)
        browser.close()

    def ratio(key: str) -> float:
        return statistics.median(app[key]) / statistics.median(base[key])

    print("page load → rendered map (headless Chromium, same run, same local Leaflet):")
    print(f"    one-marker streamlit-folium app: {_ms(base['map'])}")
    print(f"    geoplan app (464 records):       {_ms(app['map'])}")
    print(f"    ratio geoplan / baseline:        {ratio('map'):.2f}  (target ≤ 1.50)")
    print(
        f"    with a cached browser profile:   {_ms(base['cached'])} vs {_ms(app['cached'])}; "
        f"ratio {ratio('cached'):.2f}"
    )
    print(
        f"    first load after server start:   {base['first'][0]:.0f} vs {app['first'][0]:.0f} ms; "
        f"ratio {ratio('first'):.2f} (geoplan loads its data then)"
    )
    print(f"    geoplan page complete (filters, details, table): {_ms(app['complete'])}")
    print(f"filter change → updated map (markers only): {_ms(changes)}  (target < 1000 ms)")
    print(f"    for comparison, grouping change → new map (full remount): {_ms(remounts)}")
    print(f"record click → details beside the map: {_ms(clicks)}")
    print(
        f"server peak memory (VmHWM): geoplan app {app_mb:.0f} MB  (target < 500 MB); "
        f"baseline app {base_mb:.0f} MB"
    )


if __name__ == "__main__":
    run()
