import pytest

from geoplan import layers, records, schema
from geoplan.errors import UnknownNameError

from factories import own_words

PLANS = ["000", "001", "002", "003", "004"]


def test_regenerating_reproduces_the_shipped_files_exactly(tmp_path):
    records.regenerate(tmp_path)
    for plan in PLANS:
        fresh = (tmp_path / f"{plan}.csv").read_bytes()
        shipped = (records.RECORDS_DIR / f"{plan}.csv").read_bytes()
        assert fresh == shipped, (
            f"data/records/{plan}.csv differs from a fresh `geoplan extract --all`"
        )


def test_shipped_records_match_the_schema_and_cite_their_lines(atlas):
    frame = atlas.records
    assert set(frame["plan"]) == set(PLANS)
    assert frame["record_id"].is_unique
    assert (frame["line_start"] >= 1).all()
    assert (frame["line_end"] >= frame["line_start"]).all()
    for plan in PLANS:
        schema.read_csv(records.RECORDS_DIR / f"{plan}.csv")  # raises on any schema problem


def test_every_record_name_starts_on_its_cited_lines(atlas):
    from geoplan.plans import plan_lines

    missing = []
    for row in atlas.records.itertuples():
        lines = plan_lines(row.plan)[row.line_start - 1 : row.line_end]
        text = "".join(line.replace(" ", "") for line in lines)
        if not any(form[:3] in text for form in own_words(row.name, row.notes, row.place_words)):
            missing.append(row.record_id)
    assert missing == []


def test_four_circles_partition_the_placed_records(atlas):
    """The four circles tile the province, so each placed record lies in exactly one."""
    circles = atlas.grouping("两核四圈")
    circles = circles[circles["category"] == "四圈"]
    seen: dict[str, str] = {}
    for _, member in circles.iterrows():
        for record_id in atlas.records_in(member)["record_id"]:
            assert record_id not in seen, (
                f"{record_id} in {seen.get(record_id)} and {member['member']}"
            )
            seen[record_id] = member["member"]
    placed = atlas.records[atlas.records["adcode"] != ""]
    assert set(seen) == set(placed["record_id"])


def test_records_in_a_unit_a_member_and_the_errors(atlas):
    jiangshan = atlas.records_in("江山市")
    assert len(jiangshan) > 0
    assert (jiangshan["adcode"] == "330881").all()
    via_member = atlas.records_in("衢州协同格局/江山市")
    assert set(via_member["record_id"]) == set(jiangshan["record_id"])
    city = atlas.records_in("衢州")
    assert set(jiangshan["record_id"]) < set(city["record_id"])
    new_town = atlas.records_in("智慧新城")
    assert set(new_town["match"]) <= {"named", "containing unit"}
    assert (new_town["match"] == "named").sum() >= 1
    with pytest.raises(UnknownNameError, match="neither a grouping member nor a known place"):
        atlas.records_in("火星新城")
    with pytest.raises(UnknownNameError, match="has no member"):
        atlas.records_in("两核四圈/衢州")


def test_summary_totals_add_up(atlas):
    table = atlas.summary("衢州协同格局")
    jiangshan = atlas.records_in("江山市")
    row = table.loc["江山市"]
    assert row["records"] == len(jiangshan)
    assert row["investment_total"] == pytest.approx(jiangshan["investment_total"].sum())
    assert row["land_area_km2"] == pytest.approx(jiangshan["land_area_m2"].sum() / 1e6)


def test_record_layers_select_what_they_say(atlas):
    spec = atlas.registry.get("衢州标志性项目")
    assert isinstance(spec, layers.RecordLayerSpec)
    frame = atlas.layer("衢州标志性项目")
    assert len(frame) == 58  # the plan's own count, line 428 of 001
    assert set(frame["box"]) == {"专栏13", "专栏14", "专栏15", "专栏16"}
    assert frame["investment_total"].sum() == pytest.approx(2416, abs=0.5)


def test_footprint_layer_draws_each_documented_area_under_its_records(atlas):
    import json
    import re

    from geoplan import crs, maps
    from geoplan.maps.encoding import as_shape

    html = maps.to_html(atlas.map(["金华服务业重大平台"], footprints=True))
    found = re.findall(r"geoplan\.layer\(\s*\w+, (\{.*?\}), (\"[^\"]*\")\);", html, flags=re.S)
    by_id = {json.loads(layer_id): json.loads(data) for data, layer_id in found}
    circles = by_id["金华服务业重大平台:footprints"]["features"]
    points = by_id["金华服务业重大平台"]["features"]
    assert list(by_id).index("金华服务业重大平台:footprints") < list(by_id).index(
        "金华服务业重大平台"
    )
    records = atlas.layer("金华服务业重大平台").set_index("record_id")
    documented = records["land_area_m2"].dropna()
    assert len(circles) == len(documented) > 5 and len(points) == len(records)
    for feature in circles:
        area = crs.geodesic_area_m2(as_shape(feature["geometry"]))[0]
        expected = documented[feature["properties"]["record_id"]]
        assert abs(area / expected - 1) < 0.01  # ~1 m quantisation of the circle's vertices
        assert "示意" in feature["properties"]["_popup"]
    assert "用地面积示意" in html


def test_records_in_the_province_are_all_placed_records(atlas):
    placed = atlas.records[atlas.records["adcode"] != ""]
    assert set(atlas.records_in("浙江省")["record_id"]) == set(placed["record_id"])
