"""Records at scale: geoplan's exported map and app against plain folium, at 1k, 10k and 100k.

Issue 12. The records are synthetic: copies of the shipped ones (``data/records/``)
with unique ids, each copy's point jittered inside its unit (records known only by
their county or city anywhere in it, records at a town or place within 3 km of it),
written as CSVs like ``data/records/`` (:func:`write_synthetic`). One run measures,
side by side:

* **exported map** (``atlas.map(records=…)`` + ``to_html``, as the app's export tab
  writes it) against folium with the same points, a ``CircleMarker`` with its popup
  per record, and ``FastMarkerCluster``, each with Leaflet (and markercluster) inlined
  so Chromium renders them offline: build time, HTML size, and the time from opening
  the file to a rendered map in headless Chromium;
* **the app** (``streamlit run app.py`` with ``GEOPLAN_RECORDS_DIR`` at the records):
  first paint against the app on the shipped records in the same run, a filter change,
  and the server's peak memory.

Targets (issue 12; measured, never asserted): 100k exported map ≤ 10 MB and built in
≤ 5 s; app first paint ≤ 2× the shipped-records app; a filter change ≤ 1 s; server
memory ≤ 1 GB; geoplan's export smaller than folium's CircleMarker map at every size,
and at 100k no larger than twice FastMarkerCluster's, with popups.

``python -m benchmarks scale`` (all sizes), ``python -m benchmarks.scale 1000 10000``.
"""

from __future__ import annotations

import math
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.plugins import FastMarkerCluster

import geoplan
from benchmarks._serving import CHROMIUM, CHROMIUM_ARGS, ROOT, peak_mb, serve, settle
from geoplan import maps, records, records_cache, schema
from geoplan.maps import assets, popups

if TYPE_CHECKING:
    from playwright.sync_api import Browser


SIZES = (1_000, 10_000, 100_000)
# Records at a town or a place stay this close to it (metres).
_NEAR_M = 3_000.0


def synthetic_records(n: int, atlas: geoplan.Atlas, *, seed: int = 12) -> pd.DataFrame:
    """Return ``n`` records: the shipped ones copied, unique ids, points jittered in their unit."""
    shipped = pd.DataFrame(atlas.records[schema.COLUMNS])
    copies = math.ceil(n / len(shipped))
    frame = pd.concat([shipped] * copies, ignore_index=True).iloc[:n].copy()
    copy = np.repeat(np.arange(copies), len(shipped))[:n]
    suffix = np.where(copy > 0, [f"~{c}" for c in copy], "")
    frame["record_id"] = frame["record_id"] + suffix
    frame["group_id"] = np.where(frame["group_id"] != "", frame["group_id"] + suffix, "")
    rng = np.random.default_rng(seed)
    units = atlas.units()
    placed = frame["lon"].notna().to_numpy() & (copy > 0)
    lon, lat = frame["lon"].to_numpy(copy=True), frame["lat"].to_numpy(copy=True)
    for adcode, where in frame[placed].groupby("adcode").groups.items():
        unit = units.loc[adcode].geometry if adcode in units.index else None
        rows = frame.index.get_indexer(where)
        near = frame["precision"].iloc[rows].isin(["place", "township", "schematic"]).to_numpy()
        lon[rows], lat[rows] = _jitter(unit, lon[rows], lat[rows], near, rng)
    frame["lon"], frame["lat"] = np.round(lon, 6), np.round(lat, 6)
    return frame


def _jitter(unit, lon, lat, near, rng):
    """Points anywhere in the unit (stand-ins), or within _NEAR_M of their own (places)."""
    out_x, out_y = lon.copy(), lat.copy()
    if unit is None:
        return out_x, out_y
    minx, miny, maxx, maxy = unit.bounds
    todo = np.arange(len(lon))
    for _ in range(50):
        if not len(todo):
            break
        k = len(todo)
        x = np.where(
            near[todo],
            lon[todo] + rng.uniform(-1, 1, k) * _NEAR_M / 96_000,
            rng.uniform(minx, maxx, k),
        )
        y = np.where(
            near[todo],
            lat[todo] + rng.uniform(-1, 1, k) * _NEAR_M / 111_000,
            rng.uniform(miny, maxy, k),
        )
        ok = shapely.contains_xy(unit, x, y)
        out_x[todo[ok]], out_y[todo[ok]] = x[ok], y[ok]
        todo = todo[~ok]
    return out_x, out_y


def write_synthetic(n: int, folder: Path, atlas: geoplan.Atlas) -> Path:
    """Write ``n`` synthetic records as ``<plan>.csv`` files (``GEOPLAN_RECORDS_DIR``)."""
    folder.mkdir(parents=True, exist_ok=True)
    records.write(synthetic_records(n, atlas), folder)
    return folder


# ----------------------------------------------------------------------------- exported maps

RENDER_TIMEOUT_MS = 300_000
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery

# Milliseconds from navigation to the first frame after a map's content is in the page.
RENDERED = """selector => new Promise(resolve => {
    const check = () => {
        if (document.readyState === "complete" && document.querySelector(selector)) {
            requestAnimationFrame(() => resolve(performance.now()));
        } else {
            requestAnimationFrame(check);
        }
    };
    check();
})"""
SELECTORS = {
    "geoplan": "[data-geoplan-records=ready]",
    "CircleMarker": "path.leaflet-interactive",
    "FastMarkerCluster": ".marker-cluster, .leaflet-marker-icon",
}


def geoplan_export(atlas: geoplan.Atlas) -> str:
    """The exported map of every record, as the app's export tab writes it."""
    return maps.to_html(atlas.map(records=atlas.records))


def _plain_map() -> folium.Map:
    m = folium.Map(location=[29.2, 120.3], zoom_start=7, tiles=None)
    m.options["maxZoom"] = 18  # a tile layer would say so; markercluster needs it
    return m


def folium_circles(records: gpd.GeoDataFrame) -> str:
    """Plain folium: a CircleMarker with the same popup per placed record."""
    m = _plain_map()
    placed = records[records.geometry.notna()]
    for _, row in placed.iterrows():
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x], radius=5,
            popup=folium.Popup(popups.record_popup(row, str(row["plan_title"])), max_width=460),
        ).add_to(m)  # fmt: skip
    return m.get_root().render()


def folium_fast_cluster(records: gpd.GeoDataFrame) -> str:
    """Plain folium: FastMarkerCluster of the same points (no popups: it takes points only).

    Its default marker is an awesome-markers icon, a CDN plugin nobody packages:
    plain circle markers instead (markercluster clusters any layer with a position).
    """
    m = _plain_map()
    placed = records[records.geometry.notna()]
    callback = "function (r) { return L.circleMarker(new L.LatLng(r[0], r[1]), {radius: 5}); }"
    points = np.column_stack([placed.geometry.y, placed.geometry.x]).tolist()
    FastMarkerCluster(points, callback=callback).add_to(m)
    return m.get_root().render()


def offline(html: str) -> str:
    """Inline what a folium page links from CDNs (Leaflet, markercluster, jQuery) and drop the
    rest (Bootstrap, fonts, icons), so that Chromium renders it without a network."""
    inline = {
        "leaflet.js": assets.get("leaflet.js").tag(),
        "leaflet.css": assets.get("leaflet.css").tag(),
        "leaflet.markercluster.js": assets.get("markercluster.js").tag(),
        "MarkerCluster.css": assets.get("markercluster.css").tag(),
        "MarkerCluster.Default.css": assets.get("markercluster.default.css").tag(),
        "jquery-3.7.1.min.js": f"<script>{JQUERY.read_text(encoding='utf-8')}</script>"
        if JQUERY.exists()
        else "<script>window.$ = h => Object.assign(document.createElement('template'), "
        "{innerHTML: h}).content.children;</script>",
    }

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).rsplit("/", 1)[-1]
        return inline.get(name, "")

    html = re.sub(r'<script src="(https?://[^"]+)"></script>', replace, html)
    return re.sub(r'<link rel="stylesheet" href="(https?://[^"]+)"/>', replace, html)


@dataclass(frozen=True, slots=True)
class Export:
    """One exported map: how long it took to build, its size, how long Chromium took."""

    build_s: float
    mb: float
    render_s: float | None  # None: not rendered within RENDER_TIMEOUT_MS


def _render_s(browser: Browser, path: Path, selector: str) -> float | None:
    from playwright.sync_api import Error as PlaywrightError

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    try:
        page.goto(path.as_uri(), wait_until="commit")
        return float(page.evaluate(RENDERED, selector)) / 1000
    except PlaywrightError:
        return None
    finally:
        page.close()


def exports_of(n: int, folder: Path, browser: Browser, out: Path) -> dict[str, Export]:
    """Build, measure and render the three exported maps of ``n`` records."""
    atlas = geoplan.load(records_dir=folder)
    records_ = atlas.records
    builders: dict[str, Callable[[], str]] = {
        "geoplan": lambda: geoplan_export(atlas),
        "CircleMarker": lambda: offline(folium_circles(records_)),
        "FastMarkerCluster": lambda: offline(folium_fast_cluster(records_)),
    }
    found = {}
    for name, build in builders.items():
        start = time.perf_counter()
        html = build()
        seconds = time.perf_counter() - start
        path = out / f"{name}_{n}.html"
        path.write_text(html, encoding="utf-8")
        size = path.stat().st_size / 1e6
        del html
        found[name] = Export(seconds, size, _render_s(browser, path, SELECTORS[name]))
        path.unlink()
    return found


# ----------------------------------------------------------------------------- the app

MAP = "iframe[title='streamlit_folium.st_folium']"
# Milliseconds from navigation to the first frame with the app map's records drawn.
APP_PAINTED = """() => new Promise(resolve => {
    const check = () => {
        const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
        const doc = frame && frame.contentDocument;
        if (doc && doc.querySelector("[data-geoplan-records=ready]")) {
            requestAnimationFrame(() => resolve(performance.now()));
        } else {
            requestAnimationFrame(check);
        }
    };
    check();
})"""
# How many record layers the app's map has drawn so far (records.js counts them).
DRAWN = """() => document.querySelector("iframe[title='streamlit_folium.st_folium']")
    .contentDocument.querySelector("[data-geoplan-drawn]")?.dataset.geoplanDrawn"""
PAINTS = 3
# Searches a planner types, each new to the server (nothing cached), each followed by
# clearing it (back to every record, the table the browser drew first).
SEARCHES = ("中心", "园区", "产业", "新区")


@dataclass(frozen=True, slots=True)
class App:
    """The app on a records folder: first paint (cold, warm), filter changes, peak memory."""

    cold_s: float
    warm_s: list[float]
    change_s: list[float]  # a new search
    back_s: list[float]  # its clearing
    peak_mb: float


def _paint_s(browser: Browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    page.goto(url, wait_until="commit")
    seconds = float(page.evaluate(APP_PAINTED)) / 1000
    context.close()
    return seconds


def _changes_s(browser: Browser, url: str) -> tuple[list[float], list[float]]:
    """Searches typed in the side panel, then cleared: each from its Enter to the map redrawn.

    The first search also holds the records' text for searching (once per server;
    ``serve.py`` does it at start).
    """
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    page.goto(url)
    page.evaluate(APP_PAINTED)
    settle(page, 800)
    page.evaluate(
        "document.addEventListener('keydown', e => { if (e.key === 'Enter') "
        "window.__enter = performance.now(); }, true)"
    )
    box = page.get_by_role("textbox", name="搜索")

    def change(words: str) -> float:
        before = page.evaluate(DRAWN)
        box.fill(words)
        box.press("Enter")
        handle = page.wait_for_function(
            f"before => ({DRAWN})() !== before ? performance.now() - window.__enter : null",
            arg=before, polling="raf",
        )  # fmt: skip
        seconds = float(handle.json_value()) / 1000
        settle(page, 800)
        return seconds

    searched, cleared = [], []
    for words in SEARCHES:
        searched.append(change(words))
        cleared.append(change(""))
    page.close()
    return searched, cleared


def app_on(records_dir: Path | None, browser: Browser, log: Path) -> App:
    """Serve the app on a records folder and measure it."""
    with serve(ROOT / "app.py", log, records_dir=records_dir) as server:
        cold = _paint_s(browser, server.url)  # the first visit loads the records
        warm = [_paint_s(browser, server.url) for _ in range(PAINTS)]
        searched, cleared = _changes_s(browser, server.url)
        return App(cold, warm, searched, cleared, peak_mb(server.pid))


# ----------------------------------------------------------------------------- the run


def _load_s(folder: Path) -> tuple[float, float]:
    """Seconds to read a records folder from its CSVs, then from its GeoParquet copy."""
    cache = folder / records_cache.CACHE_DIR
    for old in cache.glob("*.parquet"):
        old.unlink()
    start = time.perf_counter()
    records.read_records(folder)
    from_csv = time.perf_counter() - start
    start = time.perf_counter()
    records.read_records(folder)
    return from_csv, time.perf_counter() - start


def run(sizes: Sequence[int] = SIZES) -> None:
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: skipping the scale benchmark")
        return
    from playwright.sync_api import sync_playwright

    atlas = geoplan.load()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        folders = {n: write_synthetic(n, root / f"records_{n}", atlas) for n in sizes}
        loads = {n: _load_s(folder) for n, folder in folders.items()}
        exported = {n: exports_of(n, folder, browser, root) for n, folder in folders.items()}
        _report_files(loads, exported)  # printed now: the app's part takes a while
        apps = {0: app_on(None, browser, root / "app_shipped.log")}
        apps |= {n: app_on(folders[n], browser, root / f"app_{n}.log") for n in sizes}
        browser.close()
    _report_apps(len(atlas.records), apps)


def _report_files(
    loads: dict[int, tuple[float, float]], exported: dict[int, dict[str, Export]]
) -> None:
    print("records load (read_records): CSVs first, then the GeoParquet copy")
    for n, (csv, parquet) in loads.items():
        print(f"    {n:>7,}: {csv:5.2f} s from CSV, {parquet:5.2f} s from the copy")
    print("exported map of every record, with popups (folium pages with Leaflet,")
    print("markercluster and jQuery inlined, so that all three open offline):")
    head = f"    {'records':>7}  {'map':<17} {'build':>7} {'size':>9} {'Chromium':>9}"
    print(head)
    for n, maps_ in exported.items():
        for name, e in maps_.items():
            shown = f"{e.render_s:7.2f} s" if e.render_s is not None else "  > 300 s"
            print(f"    {n:>7,}  {name:<17} {e.build_s:5.2f} s {e.mb:6.2f} MB {shown}")
        ours, circles, cluster = maps_["geoplan"], maps_["CircleMarker"], maps_["FastMarkerCluster"]
        print(
            f"    {'':>7}  size geoplan / CircleMarker {ours.mb / circles.mb:.3f} (target < 1), "
            f"/ FastMarkerCluster {ours.mb / cluster.mb:.2f} (target at 100k ≤ 2)"
        )
        if ours.render_s and circles.render_s and cluster.render_s:
            print(
                f"    {'':>7}  Chromium time geoplan / CircleMarker "
                f"{ours.render_s / circles.render_s:.2f}, "
                f"/ FastMarkerCluster {ours.render_s / cluster.render_s:.2f}"
            )
    big = max(exported)
    ours = exported[big]["geoplan"]
    print(f"    {big:,} records: {ours.mb:.2f} MB (target ≤ 10 MB), built in {ours.build_s:.2f} s "
          "(target ≤ 5 s)")  # fmt: skip
    sys.stdout.flush()


def _report_apps(shipped: int, apps: dict[int, App]) -> None:
    base = apps[0]
    warm0 = statistics.median(base.warm_s)
    print("the app (streamlit run app.py, GEOPLAN_RECORDS_DIR at the records; 1440×900):")
    print(f"    {'records':>7}  {'first paint':>11} {'ratio':>6} {'cold':>7} "
          f"{'new search':>19} {'cleared':>7} {'peak memory':>12}")  # fmt: skip
    for n, app in apps.items():
        warm = statistics.median(app.warm_s)
        searched = f"{statistics.median(app.change_s):.2f} s (max {max(app.change_s):.2f})"
        label = f"{shipped:,}*" if n == 0 else f"{n:,}"
        print(f"    {label:>7}  {warm:9.2f} s {warm / warm0:6.2f} {app.cold_s:5.2f} s "
              f"{searched:>19} {statistics.median(app.back_s):5.2f} s "
              f"{app.peak_mb:9.0f} MB")  # fmt: skip
    print("    * the shipped records. new search: medians of " + "、".join(SEARCHES) + ", each new")
    print("      to the server (the first also holds the records' text for searching); cleared:")
    print("      back to every record. Targets at 100,000: first paint ≤ 2× the shipped app's,")
    print("      a filter change ≤ 1 s, server memory ≤ 1 GB (1,024 MB).")


if __name__ == "__main__":
    run([int(a) for a in sys.argv[1:]] or SIZES)
