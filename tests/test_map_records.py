"""Records on a map at any scale (geoplan/maps/records.py): each drawn as what is known of it."""

import json
import re

import folium
import numpy as np
import pytest
from shapely.geometry import LineString, box

from geoplan import maps
from geoplan.errors import GeoplanError
from geoplan.maps import popups, records, style
from geoplan.maps.encoding import decode_geometry, decode_ints

from factories import EVIL_RECORD, app_records, calls, inflate, records_frame


def drawn(layers, *, gcj=False, with_popups=False):
    """The table and each layer's data, as the browser receives them (inflated)."""
    html = maps.to_html(maps.build_map(layers, basemaps=("none", "gaode") if gcj else ("none",),
                                       with_popups=with_popups))  # fmt: skip
    ((_key, table),) = calls(html, "recordTable")
    return table, [args[2] for args in calls(html, "records")], html


def rows_of(badge):
    return np.cumsum(decode_ints(badge["r"])).tolist()


def test_each_record_is_drawn_as_what_is_known_of_its_place(atlas):
    layers = atlas.record_layers(records=atlas.records)
    table, (data,), _ = drawn(layers)
    ids = np.array(table["id"])
    precision = atlas.records.set_index("record_id").loc[ids, "precision"].to_numpy()
    points = decode_ints(data["pts"]["r"])
    # a point of its own for places and township seats, and nothing else
    assert sorted(points) == sorted(np.flatnonzero(np.isin(precision, ["place", "township"])))
    # every record known only by its county or city is counted on its unit(s), never a point
    vague = set(np.flatnonzero(np.isin(precision, ["county", "city"])))
    counted = {r for badge in data["units"] for r in rows_of(badge)}
    assert counted == vague and not vague & set(points)
    frame = atlas.records.set_index("record_id")
    for badge in data["units"]:
        members = ids[rows_of(badge)]
        assert badge["c"] == len(set(members))
        spans = frame.loc[members, "adcodes"].where(frame.loc[members, "adcodes"] != "",
                                                    frame.loc[members, "adcode"])  # fmt: skip
        assert all(badge["a"] in s.split(";") for s in spans)
    # below the county zoom, a city's badge counts its counties' and its own, each once
    for badge in data["cities"]:
        units = [u for u in data["units"] if u["a"][:4] == badge["a"][:4]]
        assert rows_of(badge) == sorted({r for u in units for r in rows_of(u)})
    assert 6 < data["zoom"] < 10


def test_popup_columns_say_what_the_popup_says(atlas):
    shipped = atlas.records
    columns = popups.record_columns(shipped)
    for i, (_, row) in enumerate(shipped.iterrows()):
        fields = [(label, c[i]) for label, c in zip(columns.labels, columns.fields, strict=True)]
        assert [(k, v) for k, v in fields if v] == popups.record_fields(row)
        source = columns.source[i] + popups.source_id_suffix(row["record_id"])
        assert source == popups.record_source(row, row["plan_title"])
        assert columns.text[i] == row["text"].strip() and columns.caveat[i] == popups.CAVEATS.get(
            row["precision"], ""
        )


def test_schematic_lines_and_digitized_boundaries_are_drawn_as_themselves():
    frame = records_frame(app_records())
    line = LineString([(118.6, 28.6), (118.9, 28.95)])
    frame.loc[frame["record_id"] == "001-b13-07", ["precision", "line_wkt"]] = [
        "schematic",
        line.wkt,
    ]
    surveyed = frame["record_id"] == "001-b13-02"
    frame.loc[surveyed, "precision"] = "surveyed"
    frame.loc[surveyed, "geometry"] = box(118.83, 28.96, 118.85, 28.98)
    layer = maps.MapLayer("sel", "筛选的项目", "records", frame[frame.geometry.notna()])
    table, (data,), _ = drawn([layer])
    shapes = {table["id"][f["properties"]["_row"]]: f for f in data["shapes"]}
    assert set(shapes) == {"001-b13-07", "001-b13-02"}
    schematic = shapes["001-b13-07"]
    assert (
        schematic["geometry"]["type"] == "LineString"
        and schematic["properties"]["_style"]["dashArray"]
    )
    assert decode_geometry(schematic["geometry"])["coordinates"] == [[118.6, 28.6], [118.9, 28.95]]
    assert shapes["001-b13-02"]["geometry"]["type"] == "Polygon"
    assert "001-b13-07" not in {table["id"][r] for b in data["units"] for r in rows_of(b)}
    legend = style.legend(layer)
    labels = [s.label for _, group in legend.groups for s in group]
    assert "两端地名间示意线：虚线，非实际走向（1）" in labels
    assert "按四至测绘：项目自身范围（1）" in labels


def test_the_legend_tells_the_precisions_apart(atlas):
    layer = atlas.record_layers(records=atlas.records)[0]
    section = style.legend(layer)
    heading, entries = section.groups[1]
    counts = atlas.records["precision"].value_counts()
    assert heading == "定位精度"
    by_label = {s.label.split("：")[0]: s for s in entries}
    assert by_label["乡镇定位"].label.endswith(f"（{counts['township']}）")
    assert by_label["仅知区县"].label.endswith(f"（{counts['county']}）")
    # each precision its own look: a ring, a solid dot, a county's disc, a city's square
    looks = {k: (s.shape, s.style.get("fillOpacity")) for k, s in by_label.items()}
    assert len(set(looks.values())) == len(looks)
    assert by_label["仅知区县"].shape == "badge" and by_label["仅知地市"].shape == "square"


def test_footprints_are_drawn_only_where_a_record_has_a_point_of_its_own(atlas):
    chosen = atlas.records[atlas.records["land_area_m2"].notna()]
    layers = atlas.record_layers(records=chosen, footprints=True)
    table, data, _ = drawn(layers)
    circles = [table["id"][f["properties"]["_row"]] for f in data[0]["shapes"]]
    precision = atlas.records.set_index("record_id").loc[circles, "precision"]
    assert circles and set(precision) <= {"place", "township"}
    assert style.legend(layers[0]).title.endswith(f"（{len(circles)} 项）")


def test_several_record_layers_share_one_table_and_stand_their_badges_side_by_side(atlas):
    layers = atlas.record_layers(["衢州标志性项目", "金华服务业重大项目"])
    table, data, _ = drawn(layers)
    assert [d["slot"] for d in data] == [[0, 2], [1, 2]]
    assert table["n"] == len(set(table["id"])) == sum(len(lay.frame) for lay in layers)


def overlay_calls(layers, table=None):
    """The table and each layer's data of a record overlay, rendered on a bare map."""
    m = folium.Map(tiles=None)
    maps.record_overlay(layers, gcj=False, with_popups=False, table=table).add_to(m)
    html = maps.to_html(m)
    ((key, table_data),) = calls(html, "recordTable")
    return key, table_data, [args[2] for args in calls(html, "records")]


def drawn_ids(table, data):
    """The record ids a layer draws as points and on each unit's badge."""
    ids = np.array(table["id"])
    points = sorted(ids[decode_ints(data["pts"]["r"])]) if data["pts"]["r"] else []
    return points, {u["a"]: sorted(ids[rows_of(u)]) for u in data["units"]}


def test_an_overlay_over_the_table_of_all_records_draws_the_same_records(atlas):
    every = records.record_table(atlas.record_layers(records=atlas.records), with_popups=False)
    chosen = [
        atlas.records[atlas.records["plan"] == "001"],
        atlas.records[atlas.records["name"].str.contains("中心")],
        atlas.records.iloc[:0],
    ]
    for records_ in chosen:
        layers = atlas.record_layers(records=records_)
        _, own_table, (own,) = overlay_calls(layers)
        key, table, (over,) = overlay_calls(layers, every)
        # the browser gets the table of all records, the one it has read, and rows of it
        assert key == every.key and table["n"] == atlas.records.geometry.notna().sum()
        assert drawn_ids(table, over) == drawn_ids(own_table, own)
        assert len(own_table["id"]) == len(layers[0].frame)
    # a table without some of the layer's records is refused, not drawn wrong
    few = records.record_table(atlas.record_layers(records=chosen[0]), with_popups=False)
    with pytest.raises(GeoplanError, match=r"lacks \d+ record"):
        overlay_calls(atlas.record_layers(records=atlas.records), few)


def test_large_payloads_travel_compressed_and_come_back_the_same(atlas):
    layers = atlas.record_layers(records=atlas.records)
    table = records.record_table(layers, with_popups=True)
    packed = table.packed
    assert packed == records.pack(table.payload)
    assert set(packed) == {"z"} and len(packed["z"]) < 0.3 * len(str(table.payload).encode())
    assert inflate(packed) == table.payload
    assert records.pack({"n": 1}) == {"n": 1}  # small ones as they are


def test_exported_popups_carry_plan_text_as_data_not_markup():
    frame = records_frame(app_records())
    layer = maps.MapLayer("sel", "筛选的项目", "records", frame[frame.geometry.notna()])
    table, _, html = drawn([layer], with_popups=True)
    assert "<script>alert(1)" not in html
    names = table["name"]
    if isinstance(names, dict):
        names = [names["d"][i] for i in decode_ints(names["i"])]
    assert EVIL_RECORD in names
    assert table["popup"]["labels"] == list(popups.record_columns(frame).labels)


def fit_bounds(html):
    """The bounds and options a map opens at (geoplan's OpenAt, after folium's own fit)."""
    found = re.search(r"\.fitBounds\((\[\[[^\]]*\], \[[^\]]*\]\]),\s*(\{.*?\})\);", html, re.S)
    return json.loads(found.group(1)), json.loads(found.group(2))


def test_a_map_of_records_known_by_their_unit_opens_on_the_unit(atlas):
    """Not at a stand-in point, zoomed in as far as the tiles go."""
    overview = atlas.units(detail="overview")
    records_ = atlas.records
    spanning = records_[records_["adcodes"].fillna("").str.contains(";")]
    cases = [
        records_[records_["precision"] == "county"].iloc[:1],
        records_[records_["precision"] == "city"].iloc[:1],
        spanning[spanning["precision"].isin(["county", "city"])].iloc[:1],
    ]
    for one in cases:
        (row,) = one.itertuples()
        codes = row.adcodes.split(";") if row.adcodes else [row.adcode]
        unit = overview.loc[[c for c in codes if c in overview.index]].geometry.union_all()
        bounds, options = fit_bounds(maps.to_html(atlas.map(records=one)))
        west, south, east, north = unit.bounds
        assert [*bounds[0], *bounds[1]] == pytest.approx([south, west, north, east], abs=1e-5)
        assert options["maxZoom"] == style.OPEN_MAX_ZOOM
    # a record at a township seat opens on its point, no closer than a town's scale
    seat = records_[records_["precision"] == "township"].iloc[:1]
    bounds, options = fit_bounds(maps.to_html(atlas.map(records=seat)))
    assert (
        bounds[0]
        == bounds[1]
        == [round(seat.geometry.y.iloc[0], 6), round(seat.geometry.x.iloc[0], 6)]
    )
    assert options["maxZoom"] == 13
