import pytest

from geoplan import layers, records, records_cache, schema
from geoplan.errors import UnknownNameError

from factories import own_words, write_app_records

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
    from geoplan import crs, maps
    from geoplan.maps.encoding import as_shape

    from factories import calls

    html = maps.to_html(atlas.map(records=atlas.records, footprints=True))
    ((_, table),) = calls(html, "recordTable")
    drawn = {args[3]: args[2] for args in calls(html, "records")}
    assert list(drawn) == ["records:selection:footprints", "records:selection"]  # circles under
    circles = drawn["records:selection:footprints"]["shapes"]
    records = atlas.records.set_index("record_id")
    # a circle for each documented area whose record has a place of its own: at a county's
    # stand-in point it would be a shape at a made-up spot
    own = records["precision"].isin(["place", "township"]) & records["land_area_m2"].notna()
    ids = [table["id"][f["properties"]["_row"]] for f in circles]
    assert sorted(ids) == sorted(records.index[own]) and len(ids) > 5
    for feature, record_id in zip(circles, ids, strict=True):
        area = crs.geodesic_area_m2(as_shape(feature["geometry"]))[0]
        assert abs(area / records.loc[record_id, "land_area_m2"] - 1) < 0.01  # ~1 m quantisation
        assert feature["properties"]["_style"]["dashArray"]  # dashed: size, not shape
    assert "示意" in table["popup"]["footprint"] and "用地面积示意" in html


def test_records_in_the_province_are_all_placed_records(atlas):
    placed = atlas.records[atlas.records["adcode"] != ""]
    assert set(atlas.records_in("浙江省")["record_id"]) == set(placed["record_id"])


def test_records_load_from_a_geoparquet_copy_made_again_when_a_csv_changes(tmp_path):
    folder = tmp_path / "records"
    write_app_records(folder)
    first = records.read_records(folder)
    copies = list((folder / records_cache.CACHE_DIR).glob("*.parquet"))
    assert len(copies) == 1
    assert records.read_records(folder).equals(first)  # read from the copy
    # an edit to a CSV, of the same length, is read at once; the old copy goes
    csv = folder / "001.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace("衢江区总部经济圈", "衢江区总部经济园"), encoding="utf-8")
    again = records.read_records(folder)
    assert "衢江区总部经济园" in set(again["name"]) and "衢江区总部经济圈" not in set(again["name"])
    assert [p.name for p in (folder / ".cache").glob("*.parquet")] != [p.name for p in copies]
    assert len(list((folder / ".cache").glob("*.parquet"))) == 1


def test_a_broken_or_unwritable_copy_falls_back_to_the_csvs(tmp_path):
    folder = tmp_path / "records"
    write_app_records(folder)
    files = sorted(folder.glob("[0-9]*.csv"))
    expected = records.read_records(folder)
    records_cache.cache_path(folder, files).write_bytes(b"not parquet")
    assert records.read_records(folder).equals(expected)
    other = tmp_path / "other"
    write_app_records(other)
    (other / records_cache.CACHE_DIR).write_text("a file where the folder would be")
    assert records.read_records(other).equals(expected)
