import json
import re

import folium
import folium.plugins
import pandas as pd
import pytest
from shapely.geometry import box

from geoplan import maps
from geoplan.errors import CoordinateError
from geoplan.maps import _leaflet
from geoplan.maps.encoding import decode_ints

from factories import EVIL, EVIL_RECORD, app_records, calls, grouping_frame, records_frame


def layer_data(html):
    """The JSON data of every geoplan layer in a rendered map."""
    found = re.findall(r"geoplan\.layer\(\s*\w+, (\{.*?\}), \"[^\"]*\"\);", html, flags=re.S)
    return [json.loads(text) for text in found]


def test_plan_text_is_escaped_everywhere():
    m = maps.build_map(
        [maps.MapLayer("测试", "<i>title</i>", "grouping", grouping_frame())], title=EVIL
    )
    html = maps.to_html(m)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    data = layer_data(html)[0]
    popup = data["features"][0]["properties"]["_popup"]
    assert "&lt;script&gt;alert" in popup and "<script>" not in popup
    assert "r&amp;d &lt;b&gt;bold&lt;/b&gt;" in popup


def test_map_loads_nothing_from_the_network():
    m = maps.build_map([maps.MapLayer("测试", "测试", "grouping", grouping_frame("柯城"))])
    html = maps.to_html(m)
    external = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", html)
    assert external == []
    assert 'version="1.9.3"' in html  # Leaflet inlined, the version folium 0.20 targets
    for unused in ("code.jquery.com", "bootstrap.bundle", "awesome-markers", "fontawesome"):
        assert unused not in html


def test_gaode_offsets_travel_only_when_gaode_is_offered():
    frame = grouping_frame("柯城")
    with_gaode = layer_data(
        maps.to_html(maps.build_map([maps.MapLayer("a", "a", "grouping", frame)]))
    )
    assert "g" in with_gaode[0]["features"][0]["geometry"]
    without = maps.build_map([maps.MapLayer("a", "a", "grouping", frame)], basemaps=("none", "osm"))
    assert "g" not in layer_data(maps.to_html(without))[0]["features"][0]["geometry"]
    assert "autonavi" not in maps.to_html(without)


def test_links_mode_hands_assets_to_streamlit_as_data_urls():
    m = maps.build_map(
        [maps.MapLayer("a", "a", "grouping", grouping_frame("x"))], assets_mode="links"
    )
    names = [name for name, _ in m.default_js]
    assert names[0] == "leaflet.js" and "geoplan.js" in names
    assert all(url.startswith("data:text/javascript") for _, url in m.default_js)
    assert all(url.startswith("data:text/css") for _, url in m.default_css)
    assert "<script>/* leaflet.js */" not in maps.to_html(m)


def test_bad_basemaps_and_foreign_crs_are_refused():
    layer = maps.MapLayer("a", "a", "grouping", grouping_frame("x"))
    with pytest.raises(ValueError, match="basemap 'bing' must be one of"):
        maps.build_map([layer], basemap="bing")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="basemap 'gaode' must be one of the offered"):
        maps.build_map([layer], basemap="gaode", basemaps=("none",))
    mercator = maps.MapLayer("m", "m", "grouping", grouping_frame("x").to_crs(3857))
    with pytest.raises(ValueError, match="convert it to EPSG:4326"):
        maps.build_map([mercator])
    swapped = grouping_frame("x").set_geometry([box(28.9, 118.8, 29.1, 119.0)], crs=4326)
    with pytest.raises(CoordinateError, match="longitude first"):
        maps.build_map([maps.MapLayer("s", "s", "grouping", swapped)])


def test_an_element_needing_an_unpackaged_asset_is_refused():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="Fullscreen needs resource"):
        _leaflet.use_packaged_assets(m, "inline")


def test_legend_lists_categories_and_marks_uncertain_extents():
    frame = grouping_frame("智造新城", precision="within")
    html = maps.to_html(maps.build_map([maps.MapLayer("q", "衢州格局", "grouping", frame)]))
    legend = re.search(r"geoplan\.legend\(\w+, (\".*?\"),\s*\"beside\"\);", html, flags=re.S)
    text = json.loads(legend.group(1))
    assert "衢州格局" in text and "核心" in text and "swatch area dashed" in text
    assert "规划未给出边界" in text


def test_record_overlay_brings_its_table_layer_and_legend_but_no_assets():
    frame = records_frame(app_records())
    frame = frame[frame["name"].isin([EVIL_RECORD, "义乌国际商贸城"])]
    layer = maps.MapLayer("sel", "筛选的项目", "records", frame)
    group = maps.record_overlay([layer], gcj=True, with_popups=False)
    m = folium.Map(tiles=None)
    group.add_to(m)
    script = maps.to_html(m)
    ((key, table),) = calls(script, "recordTable")
    ((_parent, layer_key, data, layer_id, legend),) = calls(script, "records")
    assert layer_key == key and layer_id == "sel"
    assert table["id"] == ["003-L0206-01", "003-L0206-02"]
    assert "popup" not in table  # the app shows details beside the map
    # the place is a point (with its GCJ-02 offset for Gaode), the city-level one a badge
    assert "g" in data["pts"] and decode_ints(data["pts"]["r"]) == [1]
    assert [(u["a"], u["c"]) for u in data["units"]] == [("330100", 1)]
    assert EVIL_RECORD in data["units"][0]["t"]  # a badge of few records names them
    assert "筛选的项目（2 项）" in legend and 'data-layer="sel"' in legend
    assert "<script>alert" not in script
    for element in [group, *group._children.values()]:
        assert getattr(element, "default_js", []) == []  # the map has loaded geoplan.js
    with pytest.raises(ValueError, match="draws records and footprints layers only"):
        maps.record_overlay([maps.MapLayer("g", "g", "grouping", grouping_frame("x"))], gcj=False)


def test_grouping_features_say_which_member_they_are():
    m = maps.build_map([maps.MapLayer("衢州", "衢州", "grouping", grouping_frame("柯城区"))])
    props = layer_data(maps.to_html(m))[0]["features"][0]["properties"]
    assert (props["layer"], props["member"]) == ("衢州", "柯城区")


def test_approximate_members_are_their_own_handle():
    """A member inside districts (precision within) is labelled clickably; a whole unit is not."""
    frame = pd.concat([grouping_frame("柯城区"), grouping_frame("智造新城", precision="within")])
    m = maps.build_map([maps.MapLayer("衢州", "衢州", "grouping", frame.reset_index(drop=True))])
    labels = [
        f["properties"]
        for f in layer_data(maps.to_html(m))[0]["features"]
        if "_label" in f["properties"]
    ]
    by_name = {p["_label"]: p for p in labels}
    assert by_name["智造新城"]["member"] == "智造新城" and by_name["智造新城"]["_approx"]
    assert "范围示意" in by_name["智造新城"]["_tooltip"]
    assert "member" not in by_name["柯城区"]  # its label lets clicks through to its area


def test_unit_outline_fits_the_map_once_per_choice_of_units():
    units = grouping_frame("柯城区").set_index(pd.Index(["330802"]))
    html = maps.to_html(_with(maps.unit_outline(units, gcj=False)))
    found = re.search(r"geoplan\.fitOnChange\(\s*\w+, (\[\[.*?\]\]),\s*\"330802\"\);", html, re.S)
    (south, west), (north, east) = json.loads(found.group(1))
    assert (west, south, east, north) == pytest.approx((118.8, 28.9, 119.0, 29.1))
    assert "units:selected" in html
    # over Gaode's tiles the bounds are GCJ-02, like the outline
    gcj = maps.to_html(_with(maps.unit_outline(units, gcj=True)))
    shifted = json.loads(re.search(r"fitOnChange\(\s*\w+, (\[\[.*?\]\])", gcj, re.S).group(1))
    assert shifted[0][1] == pytest.approx(118.8 + 0.0048, abs=5e-4)  # ~500 m east
    # no units: no move, and the map forgets what it fitted
    assert re.search(r"fitOnChange\(\s*\w+, null,\s*\"\"\)", maps.to_html(_with(
        maps.unit_outline(units.iloc[:0], gcj=False)
    )))  # fmt: skip


def _with(group):
    m = folium.Map(tiles=None)
    group.add_to(m)
    return m
