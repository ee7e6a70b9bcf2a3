"""Record filters and summaries (geoplan.query) on the records written for the app's tests."""

import math

import numpy as np
import pandas as pd
import pytest

import geoplan
from geoplan import maps, query, schema
from geoplan.layers import MemberRef
from geoplan.query import (
    RecordFilter,
    RecordIndex,
    citywide_records,
    filter_records,
    search_words,
)

from factories import EVIL_RECORD, RECORDS_DIR, app_records


@pytest.fixture(scope="module")
def atlas():
    return geoplan.load(records_dir=RECORDS_DIR)


def ids(frame):
    return sorted(frame["record_id"])


def test_fixture_files_are_the_factory_table():
    for plan, group in app_records().groupby("plan"):
        assert (RECORDS_DIR / f"{plan}.csv").read_text(encoding="utf-8") == schema.to_csv(group)


def test_no_condition_keeps_everything_in_order(atlas):
    flt = RecordFilter()
    assert not flt.active
    assert filter_records(atlas.records, flt, atlas)["record_id"].tolist() == ids(atlas.records)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (RecordFilter(plans=("003",)), ["003-L0206-01", "003-L0206-02"]),
        (RecordFilter(kinds=("platform",)), ["003-L0206-01", "003-L0206-02"]),
        (RecordFilter(boxes=("000:专栏2",), precisions=("unplaced", "city")),
         ["000-b02-01", "000-b02-03"]),
        # a city includes its counties; 330802 is 柯城区
        (RecordFilter(units=("330800",)), [f"001-b13-0{i}" for i in (1, 2, 3, 4, 5, 7, 9)]),
        (RecordFilter(units=("330802",)), ["001-b13-02", "001-b13-03", "001-b13-04"]),
        (RecordFilter(members=(MemberRef("衢州协同格局", "柯城区"),)),
         ["001-b13-02", "001-b13-03", "001-b13-04"]),
        # periods overlapping 2024–2030 (2020–2023 and 2021–2023 end before)
        (RecordFilter(period=(2024, 2030)),
         ["001-b13-03", "001-b13-04", "001-b13-05", "001-b13-07", "001-b13-09"]),
        (RecordFilter(investment=(50.0, math.inf)),
         ["000-b02-03", "001-b13-05", "001-b13-09"]),
        (RecordFilter(land_area=(0.0, 50_000.0)), ["000-b02-04", "001-b13-02"]),
        # a county's city-level records come along when asked: 000-b02-01 is placed only
        # at 金华市, of which 义乌市 (330782) is a county
        (RecordFilter(units=("330782",), citywide=True),
         ["000-b02-01", "000-b02-04", "003-L0206-02"]),
        # every text field is searched, case-insensitively, all words: 四至 …
        (RecordFilter(text="钱江大道"), ["001-b13-02"]),
        # … the unit placed in (001-b13-02 is in 柯城区) and the location (…现柯城双港…)
        (RecordFilter(text="柯城"), ["001-b13-02", "001-b13-03", "001-b13-04"]),
        (RecordFilter(text="SCRIPT 创新"), ["003-L0206-01"]),
        # … the 责任单位, and kinds and work types by their labels
        (RecordFilter(text="政府 商业商务"), ["001-b13-05"]),
    ],
)  # fmt: skip
def test_each_condition(atlas, flt, expected):
    assert flt.active
    assert ids(filter_records(atlas.records, flt, atlas)) == expected


def test_a_county_leaves_out_its_city_level_records_and_says_which(atlas):
    units = atlas.gazetteer.units
    narrow = filter_records(atlas.records, RecordFilter(units=("330782",)), atlas)
    assert "000-b02-01" not in set(narrow["record_id"])
    assert ids(citywide_records(atlas.records, ["330782"], units)) == ["000-b02-01"]
    # a whole city leaves nothing out, and nor does a county of another city
    assert citywide_records(atlas.records, ["330700"], units).empty
    assert citywide_records(atlas.records, ["330802"], units).empty


def test_search_finds_the_plans_own_words(real):
    """Planners search for what they read in the plan: the source text (原文) counts."""
    records = real.records
    found = set(filter_records(records, RecordFilter(text="数字"), real)["record_id"])
    in_text = set(records.loc[records["text"].str.contains("数字"), "record_id"])
    in_name = set(records.loc[records["name"].str.contains("数字"), "record_id"])
    assert in_text <= found
    assert len(in_text - in_name) > 0  # records the old name-and-四至 search missed
    assert search_words(" 数字  Park 数字") == ["数字", "park"]


def test_the_search_finds_what_a_plain_reading_of_every_field_finds(real):
    """The search held as Arrow text (by distinct values) answers as reading each cell would."""
    records = real.records
    fields = [records[c].fillna("").astype(str) for c in query.SEARCHED if c in records]
    for coded in ("kind", "work_type"):  # searched by their labels
        fields.append(records[coded].map(lambda v, c=coded: schema.value_label(c, v)))
    index = query.RecordIndex(records)
    for text in ["中心", "园区 金华", "PARK", "水库", "衢州 中心 项目", "无此词语"]:
        expected = np.ones(len(records), dtype=bool)
        for word in search_words(text):
            cells = [f.str.casefold().str.contains(word, regex=False) for f in fields]
            expected &= np.logical_or.reduce([c.to_numpy(dtype=bool) for c in cells])
        want = sorted(records.loc[expected, "record_id"])
        assert sorted(filter_records(records, RecordFilter(text=text), real)["record_id"]) == want
        # the atlas's index and a table searched on its own agree, also on a part of it
        assert index.text.matches(search_words(text)).tolist() == expected.tolist()
        half = records.iloc[::2]
        assert sorted(filter_records(half, RecordFilter(text=text))["record_id"]) == sorted(
            half.loc[expected[::2], "record_id"]
        )
    assert index.text.matches(["水库"]).any() and not index.text.matches(["无此词语"]).any()


def test_conditions_combine_with_and(atlas):
    flt = RecordFilter(units=("330800",), investment=(10.0, 60.0), period=(2022, 2022))
    expected = ["001-b13-03", "001-b13-04", "001-b13-07", "001-b13-09"]
    assert ids(filter_records(atlas.records, flt, atlas)) == expected


def test_filters_that_need_the_atlas_say_so(atlas):
    with pytest.raises(geoplan.GeoplanError, match="needs the atlas: pass catalog="):
        filter_records(atlas.records, RecordFilter(units=("330802",)))


def test_invalid_filters_are_refused_with_every_problem():
    with pytest.raises(geoplan.GeoplanError, match="invalid record filter") as info:
        RecordFilter(
            kinds=("projects",), precisions=("exact",), boxes=("专栏13",), members=("柯城区",),
            period=(2025, 2021), investment=(-1.0, 5.0),
        )  # fmt: skip
    message = str(info.value)
    for part in ("kinds", "precisions", "boxes", "members", "period", "investment"):
        assert part in message


def test_unknown_member_is_an_error(atlas):
    with pytest.raises(geoplan.UnknownNameError, match="has no member"):
        filter_records(
            atlas.records, RecordFilter(members=(MemberRef("衢州协同格局", "西湖"),)), atlas
        )


def test_summary_by_member_of_all_records_is_the_atlas_summary(atlas):
    members = atlas.grouping("衢州协同格局")
    by_member = query.summarize_by_member(atlas.records, members, atlas.gazetteer.units)
    pd.testing.assert_frame_equal(by_member, atlas.summary("衢州协同格局"))
    # Of the three records in 柯城区, 001-b13-02 and -03 name 智慧新城 (their 责任单位 is
    # its 管委会): they count under the new town, the third under the district.
    assert by_member.loc["智慧新城", "records"] == 2
    assert by_member.loc["柯城区", "records"] == 1
    assert "智慧新城" in by_member.loc["柯城区", "also_in"]


def test_summary_by_member_follows_the_filter(atlas):
    chosen = filter_records(atlas.records, RecordFilter(investment=(20.0, math.inf)), atlas)
    members = atlas.grouping("衢州协同格局")
    table = query.summarize_by_member(chosen, members, atlas.gazetteer.units)
    # the one record of 柯城区 with 20 亿元 or more (40 亿元) names 智慧新城
    assert table.loc["柯城区", "records"] == 0
    assert table.loc["智慧新城", "records"] == 1
    assert table.loc["智慧新城", "investment_total"] == 40.0


def test_summary_by_unit_adds_up_to_the_totals(atlas):
    units = atlas.gazetteer.units
    counties = query.summarize_by_unit(atlas.records, units)
    cities = query.summarize_by_unit(atlas.records, units, level="city")
    whole = query.totals(atlas.records)
    for table in (counties, cities):
        rows, total = table.drop(index=query.TOTAL_LABEL), table.loc[query.TOTAL_LABEL]
        assert rows["records"].sum() == total["records"] == len(atlas.records)
        assert rows["investment_total"].sum() == pytest.approx(whole["investment_total"])
        assert "互不重叠" in table.attrs["note"]
    assert counties.loc["柯城区", "records"] == 3
    assert counties.loc["金华市（市级）", "records"] == 1
    assert counties.index[-2] == query.UNPLACED_LABEL
    assert cities.loc["衢州市", "records"] == 7
    with pytest.raises(ValueError, match="level must be 'county' or 'city'"):
        query.summarize_by_unit(atlas.records, units, level="province")


class Stated:
    def __init__(self, scope, **figures):
        self.plan, self.line, self.label, self.approximate, self.explain = "001", 428, "x", True, ""
        self.scope = scope
        self.count = figures.get("count")
        self.investment_total = figures.get("investment_total")
        self.investment_period = figures.get("investment_period")


def test_stated_totals_beside_the_extracted_sums(atlas):
    table = query.stated_totals(
        atlas.records, [Stated(("001-b13-",), count=58, investment_total=2416.0), Stated(())]
    )
    assert list(table.columns) == list(query.STATED_COLUMNS)
    first, second = table.iloc[0], table.iloc[1]
    assert (first["count_stated"], first["count_found"]) == (58, 7)
    assert first["investment_total_found"] == pytest.approx(3 + 9 + 40 + 15 + 120 + 25 + 50)
    assert first["note"] == "约数"
    assert pd.isna(second["count_found"])  # the plan names no items: nothing to compare


def test_record_layers_keep_colours_whatever_is_filtered(atlas):
    everything = atlas.record_layers()[0]
    platforms = filter_records(atlas.records, RecordFilter(kinds=("platform",)), atlas)
    (layer,) = atlas.record_layers([], platforms)
    assert layer.id == "records:selection" and len(layer.frame) == 2
    assert layer.colors == {"platform": maps.record_colors(atlas.records["kind"])["platform"]}
    assert len(everything.frame) == len(atlas.records) - 1  # the unplaced record is not drawn
    assert EVIL_RECORD in set(everything.frame["name"])


def test_record_layers_refuse_groupings(atlas):
    with pytest.raises(geoplan.UnknownNameError, match="is a grouping, not a record layer"):
        atlas.record_layers(["两核四圈"])


def test_record_layers_select_and_draw_among_the_filtered_records(atlas):
    flt = RecordFilter(record_layers=("衢州标志性项目",), investment=(20.0, math.inf))
    chosen = filter_records(atlas.records, flt, atlas)
    assert ids(chosen) == ["001-b13-03", "001-b13-05", "001-b13-07", "001-b13-09"]
    (layer,) = atlas.record_layers(["衢州标志性项目"], chosen)
    assert (layer.title, layer.color_by) == ("衢州市服务业标志性项目（四大重点行动）", "box_title")
    assert len(layer.frame) == 4 and set(layer.colors) == {"生产性服务业融合创新标志性项目"}
    html = maps.to_html(atlas.map(["衢州协同格局", "衢州标志性项目"], records=chosen))
    assert "衢州市服务业标志性项目（四大重点行动）（4 项）" in html
    assert "筛选的项目" not in html


def test_a_work_spanning_two_counties_is_in_each_of_them(atlas):
    units = atlas.gazetteer.units
    code = {
        name: str(units.index[units["name"] == name][0]) for name in ("柯城区", "江山市", "衢江区")
    }
    city = str(units.loc[code["柯城区"], "parent_adcode"])
    stand_in = units.loc[city].geometry.representative_point()
    road = schema.from_rows(
        [
            {
                "kind": "project",
                "text": "3. 235国道柯城至江山段改建工程，全长38公里，总投资15亿元。",
                "lon": stand_in.x,
                "lat": stand_in.y,
                "record_id": "900-L0011-01",
                "plan": "900",
                "name": "235国道柯城至江山段改建工程",
                "work_type": "road",
                "line_start": 11,
                "line_end": 11,
                "adcode": city,
                "adcodes": f"{code['柯城区']};{code['江山市']}",
                "precision": "city",
            }
        ]
    )
    for county in ("柯城区", "江山市"):
        assert query.records_in_units(road, [code[county]], units)["name"].tolist() == [
            "235国道柯城至江山段改建工程"
        ]
    assert query.records_in_units(road, [code["衢江区"]], units).empty


# ------------------------------------------------------------------------ summaries that add up


def _inside_grouping(real, grouping):
    """Distinct records of a grouping, asked member by member and unit by unit."""
    members = real.grouping(grouping)
    ids = set()
    for _, row in members.iterrows():
        ids |= set(real.records_in(row)["record_id"])
    units = real.gazetteer.units
    covered = {a for codes in members["adcodes"] for a in codes.split(";")}
    counties = units[units["level"] == "county"]
    whole_cities = {
        city for city, group in counties.groupby("parent_adcode") if set(group.index) <= covered
    }
    ids |= set(real.records.loc[real.records["adcode"].isin(whole_cities), "record_id"])
    return ids


@pytest.fixture(scope="module")
def real():
    return geoplan.load()


def test_every_grouping_summary_counts_each_record_once(real):
    for grouping in real.registry.ids("grouping"):
        table = real.summary(grouping)
        whole = table.loc[query.GROUPING_LABEL]
        assert whole["records"] == len(_inside_grouping(real, grouping)), grouping
        parts = table.drop(index=query.GROUPING_LABEL)
        # member rows and the unassigned row partition the grouping's records
        assert parts["records"].sum() == whole["records"], grouping
        assert parts["investment_total"].sum() == pytest.approx(whole["investment_total"])
        assert query.GROUPING_LABEL in table.attrs["note"]


def test_quzhou_layout_adds_up_to_the_plan(real):
    plan = real.records[real.records["plan"] == "001"]
    table = query.summarize_by_member(plan, real.grouping("衢州协同格局"), real.gazetteer.units)
    whole = table.loc[query.GROUPING_LABEL]
    # 58 标志性项目 (line 428: 总投资 2416 亿元, rounded) and the works the text names,
    # which state no investment
    assert plan["record_id"].str.contains(r"-b\d\d-").sum() == 58  # the boxes' items
    assert whole["records"] == len(plan)
    assert whole["investment_total"] == pytest.approx(2415.84)
    # The new towns share their districts: a record naming 智造新城 counts there, not
    # again under 柯城区, and the table says where the overlap is.
    assert "相互重叠" in table.attrs["note"]
    kecheng = table.loc["柯城区", "also_in"]
    named = real.records_in("衢州协同格局/智造新城")
    named = named[(named["match"] == "named") & (named["plan"] == "001")]
    assert set(named["record_id"]).isdisjoint(
        set(real.records_in("柯城区")["record_id"]) - set(named["record_id"])
    )
    assert table["records"].drop(index=query.GROUPING_LABEL).sum() == len(plan)
    assert isinstance(kecheng, str)


def test_summary_csv_keeps_the_whole_row_and_the_statement(real):
    from geoplan.app import exports

    table = real.summary("两核四圈")
    text = exports.summary_csv(table, index_label="格局成员").decode("utf-8-sig")
    lines = text.strip().split("\n")
    assert lines[-2].startswith(query.GROUPING_LABEL)
    assert lines[-1].startswith("说明,") and "相互重叠" in lines[-1]
    # 杭州 lies inside 杭绍嘉湖: its records are counted under 杭州 and said to be in both
    hangzhou = table.loc["杭州", "also_in"]
    assert table.loc["杭州", "records"] == 0 or "杭绍嘉湖服务业经济圈" in hangzhou


def test_the_record_index_answers_as_the_query_functions_do(atlas):
    records = atlas.records.copy()
    # a work listed in two counties (its adcodes) is in each, as records_in_units says
    records.loc[records["record_id"] == "001-b13-05", "adcodes"] = "330803;330822"
    index, units = RecordIndex(records), atlas.gazetteer.units
    for adcode in units.index:  # every county, city and the province
        expected = query.records_in_units(records, [adcode], units)["record_id"]
        assert index.in_units([adcode], units)["record_id"].tolist() == expected.tolist(), adcode
    assert "001-b13-05" in set(index.in_units(["330822"], units)["record_id"])
    box = (118.5, 28.5, 119.1, 29.1)  # around 衢州's records
    inside = records.cx[box[0] : box[2], box[1] : box[3]]
    assert sorted(index.in_view(box)["record_id"]) == sorted(inside["record_id"])
    assert len(inside) == 7
