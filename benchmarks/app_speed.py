"""Speed, server CPU and memory of the app, measured in headless Chromium.

The app is served as in production (``streamlit run serve.py``: ``app.py`` with its
caches warmed at start, ``.streamlit/config.toml``); a one-marker streamlit-folium
app served the same way, with the same local Leaflet, is the baseline. Targets
(issues 4 and 15), on the embedded data:

- first paint (navigation → the map's vectors in the page): warm at most 1.5× the
  one-marker app; cold (the first visit to a newly started server) at most 1.5×
  the warm one.
- the server's CPU per session load (a page opened until it is complete, then
  closed) at most 0.3 s, with the browser's cache empty (a first visit: Streamlit's
  ~140 static files are served too) and filled (a returning planner);
- ten sessions opened together: their first paints, median and worst, beside one;
- a pan or zoom (the map's fragment, to put the view in the URL): its server CPU;
- filter change → updated map under 1 s; server peak memory under 500 MB.

Timed in the browser with ``performance.now()``; CPU from ``/proc/<pid>/stat``
(user + system, less the server's idle rate). Nothing here is asserted.
"""

from __future__ import annotations

import functools
import os
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks._serving import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, peak_mb, serve, settle

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Frame, Page, ViewportSize

LOADS = 5
COLD_STARTS = 3
TOGETHER = 10
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

# Runs in every page before its scripts: notes the first moment the map's vectors are in
# the page (window.__painted, ms from navigation), however late the test asks; and the
# server's answer: from the page's first websocket message (its session's first run) to
# the first message as large as a map (window.__asked, window.__answered).
PAINT_WATCH = """(() => {
    if (window.top !== window) return;
    const Socket = window.WebSocket;
    window.WebSocket = function (...args) {
        const ws = new Socket(...args), send = ws.send.bind(ws);
        ws.send = data => { window.__asked = window.__asked || performance.now(); send(data); };
        ws.addEventListener("message", e => {
            const size = e.data.byteLength || e.data.size || e.data.length || 0;
            if (size > %d && !window.__answered) window.__answered = performance.now();
        });
        return ws;
    };
    Object.assign(window.WebSocket, Socket);
    window.WebSocket.prototype = Socket.prototype;
    const check = () => {
        const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
        const doc = frame && frame.contentDocument;
        if (doc && doc.querySelector(%r)) window.__painted = performance.now();
        else setTimeout(check, 4);
    };
    check();
})();"""

# Milliseconds from the last Enter in the page to a different number of markers.
MARKERS_CHANGED = """before => {
    const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    const now = frame.contentDocument.querySelectorAll('path.geoplan-record').length;
    return now !== before ? performance.now() - window.__enter : null;
}"""


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _idle_rate(pid: int, seconds: float = 3.0) -> float:
    """The server's CPU seconds per second with no page open (timers, keep-alives)."""
    before = _cpu_s(pid)
    time.sleep(seconds)
    return (_cpu_s(pid) - before) / seconds


# A message at least this large carries a map (the one-marker app's is ~0.5 MB with Leaflet).
MAP_MESSAGE_BYTES = 100_000


def _context(browser: Browser, selector: str) -> BrowserContext:
    context = browser.new_context(viewport=VIEW)
    context.add_init_script(PAINT_WATCH % (MAP_MESSAGE_BYTES, selector))
    return context


def _painted(page: Page) -> float:
    return float(page.wait_for_function("window.__painted").json_value())


def _complete(page: Page, geoplan: bool) -> None:
    """Wait until the page is complete: geoplan's sidebar drawn, no script running for a while."""
    if geoplan:
        page.get_by_role("button", name="清除筛选").wait_for()
    settle(page)


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url, wait_until="commit")
    return page


@dataclass
class Loads:
    """First paints (ms) and the server's CPU per load (s), warm."""

    paint: list[float]
    cpu_fresh: list[float]
    cpu_cached: list[float]


def _load_once(context: BrowserContext, server: Server, idle: float, geoplan: bool) -> tuple:
    start = _cpu_s(server.pid), time.monotonic()
    page = _open(context, server.url)
    paint = _painted(page)
    _complete(page, geoplan)
    page.close()
    time.sleep(0.3)  # the session ends on the server
    cpu = _cpu_s(server.pid) - start[0] - idle * (time.monotonic() - start[1])
    return paint, max(cpu, 0.0)


def _warm_loads(browser: Browser, server: Server, selector: str, geoplan: bool) -> Loads:
    """Loads after the first: in fresh browsers (empty cache), then in one returning browser."""
    idle = _idle_rate(server.pid)
    fresh = []
    for _ in range(LOADS):
        context = _context(browser, selector)
        fresh.append(_load_once(context, server, idle, geoplan))
        context.close()
    returning = _context(browser, selector)
    _load_once(returning, server, idle, geoplan)  # fills its cache
    cached = [_load_once(returning, server, idle, geoplan) for _ in range(LOADS)]
    returning.close()
    return Loads([p for p, _ in fresh], [c for _, c in fresh], [c for _, c in cached])


def _cold_paints(browser: Browser, script: Path, log: Path, selector: str) -> list[Server | float]:
    """First paints of the first visit to a newly started server, one per start."""
    out: list[Server | float] = []
    for _ in range(COLD_STARTS):
        with serve(script, log) as server:
            context = _context(browser, selector)
            out.extend([server, _painted(_open(context, server.url))])
            context.close()
    return out


@dataclass
class Together:
    """Sessions opened at once: first paints and server answers (ms), the server's CPU (s)."""

    paints: list[float]
    answers: list[float]
    server_cpu: float


def _together(browser: Browser, server: Server, selector: str, geoplan: bool) -> Together:
    """Sessions opened at once by returning planners (Streamlit's files in the browser cache).

    One browser profile, so the browsers' own work (fetching and parsing ~4.7 MB of
    Streamlit's scripts) does not crowd out the server on a machine both share.
    """
    context = _context(browser, selector)
    warm_up = _open(context, server.url)
    _painted(warm_up)
    _complete(warm_up, geoplan)
    warm_up.close()
    before = _cpu_s(server.pid)
    pages = [_open(context, server.url) for _ in range(TOGETHER)]
    paints = [_painted(p) for p in pages]
    answers = [float(p.evaluate("window.__answered - window.__asked")) for p in pages]
    for page in pages:
        _complete(page, geoplan)
    cpu = _cpu_s(server.pid) - before
    context.close()
    return Together(paints, answers, cpu)


def _static_cpu(browser: Browser, server: Server, selector: str) -> float:
    """Server CPU to serve the files a first visit fetches from /static/ (Streamlit's own)."""
    context = _context(browser, selector)
    urls: list[str] = []
    page = context.new_page()
    page.on("response", lambda r: urls.append(r.url) if "/static/" in r.url else None)
    page.goto(server.url, wait_until="commit")
    _painted(page)
    context.close()
    before = _cpu_s(server.pid)
    for url in urls:
        with urllib.request.urlopen(url) as answer:  # noqa: S310 - our own localhost URL
            answer.read()
    return _cpu_s(server.pid) - before


def _ready_page(browser: Browser, url: str) -> Page:
    """A page of the app with its map drawn and settled."""
    page = _open(_context(browser, "path.geoplan-record"), url)
    _painted(page)
    _complete(page, geoplan=True)
    return page


def _pans(browser: Browser, server: Server) -> list[float]:
    """Server CPU of a zoom on the map: the map's fragment reruns, the URL takes the view."""
    page = _ready_page(browser, server.url)
    idle, cpus = _idle_rate(server.pid), []
    for _ in range(4):
        before, start, url = _cpu_s(server.pid), time.monotonic(), page.url
        page.frame_locator(MAP).get_by_role("button", name="Zoom in").click()
        page.wait_for_url(lambda new, old=url: new != old)
        settle(page)
        cpus.append(_cpu_s(server.pid) - before - idle * (time.monotonic() - start))
    page.context.close()
    return cpus


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
        settle(page)
    page.context.close()
    return times


def _remounts(browser: Browser, url: str) -> list[float]:
    """Grouping changes: a new base map, so streamlit-folium mounts a new map."""
    page = _ready_page(browser, url)
    times = []
    for grouping in ("衢州市现代服务业", "浙江省服务业", "金华市服务业", "浙江省服务业"):
        _map_window(page).evaluate("window.__old = true")
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
        settle(page)
    page.context.close()
    return times


def _clicks(browser: Browser, url: str) -> list[float]:
    """A click on a record marker until the app's URL names the record (details shown)."""
    page = _ready_page(browser, url)
    frame = page.frame_locator(MAP)
    markers = frame.locator("path.geoplan-record")
    # four markers spread over those drawn (records known by their unit are badges, not markers)
    count = markers.count()
    times = []
    for i in (0, count // 4, count // 2, 3 * count // 4):
        before = page.url
        start = float(page.evaluate("performance.now()"))
        markers.nth(i).dispatch_event("click")  # that marker, whatever is drawn over it
        page.wait_for_url(functools.partial(_names_a_record_unlike, before))
        page.get_by_text("原文", exact=True).wait_for()
        times.append(float(page.evaluate("performance.now()")) - start)
        settle(page)
    page.context.close()
    return times


def _map_window(page: Page) -> Frame:
    frame = page.locator(MAP).element_handle().content_frame()
    if frame is None:
        msg = "the map's iframe has no document"
        raise RuntimeError(msg)
    return frame


def _names_a_record_unlike(before: str, url: str) -> bool:
    return url != before and "record" in url


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _ms(values: list[float]) -> str:
    return f"median {_median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


@dataclass
class Measured:
    """Everything measured of one app."""

    cold: list[float]
    ready_s: list[float]
    warm: Loads
    together: Together
    static_cpu: float
    peak_mb: float
    extra: dict[str, list[float]]


def _measure(browser: Browser, script: Path, log: Path, selector: str, geoplan: bool) -> Measured:
    cold = _cold_paints(browser, script, log, selector)
    servers = [s for s in cold if isinstance(s, Server)]
    paints = [p for p in cold if isinstance(p, float)]
    with serve(script, log) as server:
        first = _context(browser, selector)
        _load_once(first, server, 0.0, geoplan)  # the first visit fills the caches
        first.close()
        warm = _warm_loads(browser, server, selector, geoplan)
        together = _together(browser, server, selector, geoplan)
        static_cpu = _static_cpu(browser, server, selector)
        extra: dict[str, list[float]] = {}
        if geoplan:
            steps: dict[str, Callable[[], list[float]]] = {
                "pan": lambda: _pans(browser, server),
                "filter": lambda: _filter_changes(browser, server.url),
                "remount": lambda: _remounts(browser, server.url),
                "click": lambda: _clicks(browser, server.url),
            }
            extra = {name: step() for name, step in steps.items()}
        peak = peak_mb(server.pid)
    return Measured(paints, [s.ready_s for s in servers], warm, together, static_cpu, peak, extra)


def _report(base: Measured, app: Measured, records: int) -> None:
    def row(name: str, m: Measured) -> str:
        cold, warm = _median(m.cold), _median(m.warm.paint)
        return f"    {name:<32} {cold:>7.0f} ms {warm:>8.0f} ms   {cold / warm:>5.2f}"

    print("first paint: navigation → the map's vectors drawn (headless Chromium, same run)")
    print(f"    {'':<32} {'cold':>10} {'warm':>11}   cold/warm  (target ≤ 1.50)")
    print(row("one-marker streamlit-folium app", base))
    print(row(f"geoplan app ({records} records)", app))
    ratios = [
        _median(app.cold) / _median(base.cold),
        _median(app.warm.paint) / _median(base.warm.paint),
    ]
    print(
        f"    {'geoplan / one-marker':<32} {ratios[0]:>10.2f} {ratios[1]:>11.2f}   (target ≤ 1.50)"
    )
    print(f"    cold: the first visit to a newly started server, median of {COLD_STARTS} starts;")
    print(f"    warm: {LOADS} later visits, each in a fresh browser")
    print(
        f"    server start → ready: geoplan {_median(app.ready_s):.1f} s (warming its caches), "
        f"one-marker {_median(base.ready_s):.1f} s"
    )
    print("server CPU per session load (page opened until complete, then closed), median:")
    for name, m in (("geoplan app", app), ("one-marker app", base)):
        print(
            f"    {name:<16} returning browser {_median(m.warm.cpu_cached):.2f} s "
            f"(target ≤ 0.30 s); a browser's first visit {_median(m.warm.cpu_fresh):.2f} s, "
            f"of which {m.static_cpu:.2f} s is Streamlit's static files (a caching proxy's job)"
        )
    print(f"{TOGETHER} sessions opened together (returning browsers), first paint:")
    for name, m in (("geoplan app", app), ("one-marker app", base)):
        t = m.together
        print(
            f"    {name:<16} median {_median(t.paints):.0f} ms, worst {max(t.paints):.0f} ms "
            f"(one session alone: {_median(m.warm.paint):.0f} ms); "
            f"server CPU for all {TOGETHER}: {t.server_cpu:.1f} s"
        )
        print(
            f"    {'':<16} the server's answer (first run asked → map received): "
            f"median {_median(t.answers):.0f} ms, worst {max(t.answers):.0f} ms"
        )
    extra = app.extra
    print(f"map zoom (the map's fragment reruns, the URL takes the view): server CPU "
          f"median {_median(extra['pan']):.3f} s")  # fmt: skip
    print(f"filter change → updated map (markers only): {_ms(extra['filter'])}  (target < 1000 ms)")
    print(f"    for comparison, grouping change → new map (full remount): {_ms(extra['remount'])}")
    print(f"record click → details beside the map: {_ms(extra['click'])}")
    print(
        f"server peak memory (VmHWM): geoplan app {app.peak_mb:.0f} MB  (target < 500 MB); "
        f"baseline app {base.peak_mb:.0f} MB"
    )


def run() -> None:
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: skipping the app benchmark")
        return
    from playwright.sync_api import sync_playwright

    import geoplan

    records = len(geoplan.load().records)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        baseline = Path(tmp) / "baseline_app.py"
        baseline.write_text(BASELINE_APP, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        log = Path(tmp) / "server.log"
        base = _measure(browser, baseline, log, "path.leaflet-interactive", geoplan=False)
        app = _measure(browser, ROOT / "serve.py", log, "path.geoplan-record", geoplan=True)
        browser.close()
    _report(base, app, records)


if __name__ == "__main__":
    run()
