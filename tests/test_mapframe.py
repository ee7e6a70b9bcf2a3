"""geoplan.app.mapframe: st_folium with each map rendered once, giving the same component."""

import copy

import folium
import numpy as np
import pytest
import streamlit_folium

from geoplan import maps, query
from geoplan.app import cache, mapframe, warm
from geoplan.app.session import MAP_RETURNS
from geoplan.app.view import View
from geoplan.maps.encoding import decode_ints
from geoplan.query import RecordFilter

from factories import RECORDS_DIR, calls


@pytest.fixture
def component(monkeypatch):
    """streamlit-folium's component, recording its arguments instead of drawing."""
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: calls.append(kw))
    return calls


def test_the_component_gets_what_st_folium_would_give_it(component):
    records_dir = str(RECORDS_DIR)
    atlas = cache.load_atlas(records_dir)
    base = cache.base_map(atlas, records_dir, "衢州协同格局", "gaode")
    overlay = cache.record_overlay(atlas, records_dir, RecordFilter(), True, False)
    outline = cache.unit_outline(atlas, records_dir, ("330802",), True)
    view = {"zoom": 9.5, "center": (28.9, 118.8), "returned_objects": MAP_RETURNS}
    streamlit_folium.st_folium(
        copy.deepcopy(base), key="map", height=620, use_container_width=True,
        feature_group_to_add=[copy.deepcopy(overlay), copy.deepcopy(outline)], **view,
    )  # fmt: skip
    for _ in range(2):  # rendered the first time, kept the second
        mapframe.show_map(base, key="map", height=620, groups=[overlay, outline], **view)
    expected, *shown = component
    for args in (expected, *shown):
        del args["on_change"]  # a function of each call
    assert shown == [expected, expected]
    assert "units:selected" in expected["feature_group"]  # both overlays, in order
    assert expected["feature_group"].index("records:") < expected["feature_group"].index("units:")


def test_warming_does_the_first_pages_work(component):
    records_dir = str(RECORDS_DIR)
    seconds = warm.warm(records_dir)
    atlas = cache.load_atlas(records_dir)
    view = View()
    base = cache.base_map(atlas, records_dir, view.grouping, view.basemap)
    assert "_geoplan_rendered" in base.__dict__  # the default map, rendered once
    overlay = cache.record_overlay(atlas, records_dir, view.filter, False, view.footprints)
    assert overlay.__dict__["_geoplan_rendered"]
    assert seconds > 0


def test_the_apps_overlays_draw_rows_of_one_table_whatever_the_filter():
    """A filter change sends rows of the table the browser has, not a new table."""
    records_dir = str(RECORDS_DIR)
    atlas = cache.load_atlas(records_dir)
    keys = set()
    for flt in (RecordFilter(), RecordFilter(text="园区"), RecordFilter(plans=("001",))):
        m = folium.Map(tiles=None)
        copy.deepcopy(cache.record_overlay(atlas, records_dir, flt, False, False)).add_to(m)
        html = maps.to_html(m)
        ((key, table),) = calls(html, "recordTable")
        ((*_, data, _id, _legend),) = calls(html, "records")
        keys.add(key)
        ids = np.array(table["id"])
        drawn = set(ids[decode_ints(data["pts"]["r"])]) if data["pts"]["r"] else set()
        drawn |= {i for badge in data["units"] for i in ids[np.cumsum(decode_ints(badge["r"]))]}
        drawn |= {ids[shape["properties"]["_row"]] for shape in data["shapes"]}
        chosen = query.filter_records(atlas.records, flt, atlas)
        assert drawn == set(chosen.loc[chosen.geometry.notna(), "record_id"])
        assert len(ids) == atlas.records.geometry.notna().sum()
    assert len(keys) == 1
