"""geoplan's own map tools (geoplan/maps/tools.py) in Debian's Chromium, offline.

The drawing tool must speak Leaflet.draw's events the way streamlit-folium reads
them: every change (drawn, edited, deleted) fires an event carrying the polygon,
and ``window.drawnItems`` holds what is drawn now. Two synchronized maps follow
each other from separate frames, as the app shows them.
"""

import contextlib
import functools
import http.server
import threading

import pytest
from shapely.geometry import shape

from geoplan import crs
from geoplan.maps import build_map, to_html
from geoplan.maps.tools import add_draw_tool, sync_views

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

# Collect the events streamlit-folium listens to, as it does (map.on("draw:…")).
LISTEN = """<script>
window.events = [];
var theMap = Object.values(window).find(v => v instanceof L.Map);
["draw:created", "draw:edited", "draw:deleted"].forEach(type => theMap.on(type, e => {
  window.events.push({type: type, layer: e.layer ? e.layer.toGeoJSON() : null,
                      all: window.drawnItems.toGeoJSON().features});
}));
</script></html>"""


def open_map(page, tmp_path, m, name="map.html"):
    path = tmp_path / name
    path.write_text(to_html(m).replace("</html>", LISTEN, 1), encoding="utf-8")
    page.goto(path.as_uri())
    page.locator(".leaflet-control-scale").wait_for()


def screen_points(page, latlngs):
    """Page pixels of (lat, lon) points on the map."""
    return page.evaluate(
        """pts => pts.map(p => {
            const c = theMap.latLngToContainerPoint(p);
            const box = theMap.getContainer().getBoundingClientRect();
            return [c.x + box.left, c.y + box.top];
        })""",
        latlngs,
    )


def drag(page, handle, dx, dy):
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=6)
    page.mouse.up()


def area_km2(geometry):
    return float(crs.geodesic_area_m2(shape(geometry))[0]) / 1e6


def test_draw_edit_and_delete_each_report_the_polygon(page, tmp_path):
    m = add_draw_tool(build_map([]), fit=((29.0, 119.6), (29.1, 119.7)), assets_mode="inline")
    open_map(page, tmp_path, m)
    tool = page.locator(".geoplan-draw")
    expect_hint = tool.locator(".geoplan-draw-hint")
    assert "单击" in expect_hint.inner_text()
    tool.get_by_role("button", name="画边界").click()
    corners = screen_points(
        page, [[29.02, 119.62], [29.02, 119.68], [29.08, 119.68], [29.08, 119.62]]
    )
    for x, y in [*corners, (corners[-1][0] + 60, corners[-1][1])]:  # one vertex too many
        page.mouse.click(x, y)
    tool.get_by_role("button", name="撤销上一点").click()  # … taken back
    page.mouse.click(*corners[0])  # the first vertex closes the ring
    events = page.evaluate("window.events")
    assert [e["type"] for e in events] == ["draw:created"]
    drawn = shape(events[0]["layer"]["geometry"])
    assert len(drawn.exterior.coords) == 5  # four corners, closed
    # ~6 km × 6.7 km, to the pixel
    assert drawn.bounds == pytest.approx((119.62, 29.02, 119.68, 29.08), abs=3e-4)
    before = area_km2(events[0]["layer"]["geometry"])

    # an edit reports the edited polygon itself (Leaflet.draw's draw:edited does not)
    drag(page, page.locator(".geoplan-draw-handle.vertex").nth(2), 80, -80)
    edit = page.evaluate("window.events")[-1]
    assert edit["type"] == "draw:edited"
    assert area_km2(edit["layer"]["geometry"]) > before * 1.1
    assert edit["all"][0]["geometry"] == edit["layer"]["geometry"]
    # a midpoint dragged adds a vertex; a right-click on a vertex removes one
    drag(page, page.locator(".geoplan-draw-handle.mid").first, 0, 50)
    assert len(page.evaluate("window.events")[-1]["layer"]["geometry"]["coordinates"][0]) == 6
    page.locator(".geoplan-draw-handle.vertex").nth(1).click(button="right")
    assert len(page.evaluate("window.events")[-1]["layer"]["geometry"]["coordinates"][0]) == 5

    # a second part, finished by a double click: both are in drawnItems
    tool.get_by_role("button", name="画边界").click()
    zoom = page.evaluate("theMap.getZoom()")
    second = screen_points(page, [[29.03, 119.64], [29.03, 119.66], [29.05, 119.66]])
    for x, y in second[:2]:
        page.mouse.click(x, y)
    page.mouse.dblclick(*second[2])
    assert page.evaluate("theMap.getZoom()") == zoom  # the double click did not zoom
    last = page.evaluate("window.events")[-1]
    assert last["type"] == "draw:created"
    assert [len(f["geometry"]["coordinates"][0]) for f in last["all"]] == [5, 4]

    tool.get_by_role("button", name="清除边界").click()
    last = page.evaluate("window.events")[-1]
    assert last["type"] == "draw:deleted" and last["all"] == []
    assert page.remote_requests == [] and page.errors == []


def test_a_saved_boundary_starts_editable(page, tmp_path):
    ring = [(29.02, 119.62), (29.02, 119.68), (29.08, 119.65)]
    open_map(page, tmp_path, add_draw_tool(build_map([]), start=[ring], assets_mode="inline"))
    assert page.evaluate("drawnItems.getLayers().length") == 1
    drag(page, page.locator(".geoplan-draw-handle.vertex").first, -40, 0)
    edit = page.evaluate("window.events")[-1]
    assert edit["type"] == "draw:edited"
    assert shape(edit["layer"]["geometry"]).bounds[0] < 119.62 - 1e-3


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def http_folder(folder):
    """Serve a folder on localhost: frames of one page share its origin, as in the app."""
    handler = functools.partial(_Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


THE_MAP = "Object.values(window).find(v => v instanceof L.Map)"
GET_VIEW = (
    f"() => {{ const m = {THE_MAP}; return [m.getCenter().lat, m.getCenter().lng, m.getZoom()]; }}"
)


def test_maps_of_a_group_move_together_across_frames(page, tmp_path):
    for name in ("a.html", "b.html", "c.html"):
        m = build_map([], assets_mode="inline")
        if name != "c.html":  # c is not in the group
            sync_views(m, "compare", assets_mode="inline")
        (tmp_path / name).write_text(to_html(m), encoding="utf-8")
    frames = "".join(
        f'<iframe src="{n}" style="width:400px;height:300px" name="{n[0]}"></iframe>'
        for n in ("a.html", "b.html", "c.html")
    )
    (tmp_path / "page.html").write_text(f"<html><body>{frames}</body></html>", encoding="utf-8")
    (tmp_path / "favicon.ico").write_bytes(b"")  # the browser asks for it
    with http_folder(tmp_path) as url:
        page.goto(f"{url}/page.html")
        views = {}
        for name in "abc":
            frame = page.frame(name=name)
            frame.locator(".leaflet-control-scale").wait_for()
            views[name] = frame
        c_before = views["c"].evaluate(GET_VIEW)
        views["a"].evaluate(f"() => {THE_MAP}.setView([28.5, 120.5], 10, {{animate: false}})")
        page.wait_for_timeout(200)
        assert views["b"].evaluate(GET_VIEW) == pytest.approx([28.5, 120.5, 10], abs=1e-6)
        assert views["c"].evaluate(GET_VIEW) == c_before
        # and back: b leads, a follows
        views["b"].evaluate(f"() => {THE_MAP}.setView([29.0, 121.0], 9, {{animate: false}})")
        page.wait_for_timeout(200)
        assert views["a"].evaluate(GET_VIEW) == pytest.approx([29.0, 121.0, 9], abs=1e-6)
        assert page.errors == []
