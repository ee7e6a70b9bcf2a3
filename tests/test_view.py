"""The app's view as a value (geoplan.app.view): URL parameters, widget values, map clicks."""

import math

import pytest

import geoplan
from geoplan import crs
from geoplan.app import view
from geoplan.app.view import View
from geoplan.layers import MemberRef
from geoplan.query import RecordFilter

from factories import RECORDS_DIR


@pytest.fixture(scope="module")
def atlas():
    return geoplan.load(records_dir=RECORDS_DIR)


FULL = View(
    grouping="衢州协同格局",
    basemap="gaode",
    filter=RecordFilter(
        plans=("001", "003"), kinds=("project",), boxes=("001:专栏13",), units=("330802",),
        citywide=True,
        members=(MemberRef("衢州协同格局", "柯城区"), MemberRef("衢州协同格局", "智造新城")),
        period=(2021, 2025),
        investment=(5.0, math.inf), land_area=(10_000.0, 1e6), precisions=("county", "place"),
        text="科技 园",
    ),
    summary_by="county",
    focus="record:001-b13-03",
    footprints=True,
    tab="对比汇总",
    zoom=9.25,
    center=(118.87, 28.94),
)  # fmt: skip
TABS = ["项目列表", "对比汇总", "导出"]


def test_a_view_round_trips_through_url_parameters(atlas):
    params = FULL.to_params()
    assert params["invest"] == "5-" and params["area_ha"] == "1-100"
    assert params["member"] == "柯城区,智造新城"
    assert params["footprints"] == "1" and params["citywide"] == "1"
    assert params["tab"] == "对比汇总" and params["zoom"] == "9.25"
    assert params["center"] == "118.87000,28.94000"  # lon,lat like show=point:
    back, problems = View.from_params(params, atlas, tabs=TABS)
    assert problems == []
    assert back == FULL


def test_the_default_view_has_a_clean_url(atlas):
    assert View().to_params() == {}
    assert View.from_params({}, atlas) == (View(), [])
    assert View(grouping=None).to_params() == {"grouping": "none"}


def test_bad_parameters_are_reported_together_and_dropped(atlas):
    params = {
        "grouping": "三核", "basemap": "bing", "kind": "project,projects", "unit": "柯城,火星",
        "period": "2025-2021", "invest": "lots", "show": "record:nope", "zoom": "30",
        "plan": "009", "footprints": "yes", "tab": "地图", "center": "30.2,120.1", "x": "1",
    }  # fmt: skip
    got, problems = View.from_params(params, atlas, tabs=TABS)
    assert got.grouping == "两核四圈" and got.basemap == "none"
    assert got.filter.kinds == ("project",)
    assert got.filter.units == ("330802",)  # names resolve to adcodes
    assert got.filter.period is None and got.filter.investment is None and got.focus == ""
    assert (got.tab, got.zoom, got.center) == ("", None, None)
    text = "\n".join(problems)
    expected = [
        "grouping=三核", "basemap=bing", "kind=projects", "unit=火星", "period=2025-2021",
        "invest=lots", "show=record:nope", "未知的 URL 参数：x", "plan=009", "footprints=yes",
        "zoom=30", "tab=地图", "center=30.2,120.1",
    ]  # fmt: skip
    for fragment in expected:
        assert fragment in text
    assert all(p.endswith("已忽略。") for p in problems if p.startswith("URL 参数"))


def test_an_old_link_without_the_map_view_or_tab_still_opens(atlas):
    old = {"grouping": "衢州协同格局", "kind": "project", "unit": "330802"}
    got, problems = View.from_params(old, atlas, tabs=TABS)
    assert problems == []
    assert (got.tab, got.zoom, got.center, got.filter.citywide) == ("", None, None, False)
    assert got.to_params() == old  # and it stays as short as it was
    # the first tab is the default: a link naming it is shortened
    first, _ = View.from_params({"tab": "项目列表"}, atlas, tabs=TABS)
    assert first.tab == "" and first.to_params() == {}
    # the city-level records come along only with a unit
    alone, problems = View.from_params({"citywide": "1"}, atlas)
    assert alone.filter.citywide is False and problems == []


def test_the_open_tab_is_read_from_the_widgets_without_the_default(atlas):
    form = {**View().to_form(), "tab": "项目列表"}
    assert View.from_form(form, first_tab="项目列表").tab == ""
    assert View.from_form({**form, "tab": "导出"}, first_tab="项目列表").tab == "导出"


def test_where_the_map_looks_comes_back_in_wgs84():
    gcj = crs.wgs84_to_gcj02(118.87, 28.94)
    value = {"zoom": 11.5, "center": {"lng": float(gcj[0]), "lat": float(gcj[1])}}
    assert view.map_view(value, gcj=True) == (11.5, (118.87, 28.94))
    assert view.map_view({**value, "zoom": None}, gcj=True) is None


def test_members_belong_to_the_chosen_grouping(atlas):
    got, problems = View.from_params({"grouping": "两核四圈", "member": "柯城区,杭州"}, atlas)
    assert got.filter.members == (MemberRef("两核四圈", "杭州"),)
    assert problems == ["URL 参数 member=柯城区 无效：不是所选格局 两核四圈 的成员；已忽略。"]


def test_widget_values_round_trip(atlas):
    form = FULL.to_form()
    assert form["area_ha"] == (1.0, 100.0) and form["members"] == ["柯城区", "智造新城"]
    assert View.from_form(form) == FULL
    # a slider over its whole span sets no condition
    blank = View().to_form()
    assert View.from_form({**blank, "period": (2019, 2030)}, years=(2019, 2030)) == View()


def test_name_parts_describe_the_selection(atlas):
    parts = FULL.name_parts(atlas)
    assert parts[:3] == ["衢州服务业十四五+浙江服务业十四五", "项目", "专栏13"]
    assert "柯城区（含市级）" in parts and "2021-2025年" in parts and "投资5-亿元" in parts


CLICK = {"lng": 118.87, "lat": 28.94}


def test_a_click_on_a_record_or_member_focuses_it():
    record = {"properties": {"record_id": "001-b13-03", "_popup": "<div>…</div>"}}
    member = {"properties": {"layer": "两核四圈", "member": "杭州"}}
    first = {"last_clicked": None, "last_object_clicked_count": 2, "last_active_drawing": record}
    assert view.focus_of_click(first, {}, gcj=False) == "record:001-b13-03"
    second = {**first, "last_object_clicked_count": 4, "last_active_drawing": member}
    assert view.focus_of_click(second, first, gcj=False) == "member:杭州"
    # the same feature clicked again still counts
    again = {**second, "last_object_clicked_count": 6}
    assert view.focus_of_click(again, second, gcj=False) == "member:杭州"
    assert view.focus_of_click(again, again, gcj=False) is None


def test_a_click_elsewhere_is_a_place_in_wgs84():
    value = {"last_clicked": CLICK, "last_object_clicked_count": 0}
    assert view.focus_of_click(value, {}, gcj=False) == "point:118.87000,28.94000"
    focus = view.focus_of_click(value, {}, gcj=True)
    lon, lat = (float(v) for v in focus.removeprefix("point:").split(","))
    # clicked on Gaode tiles (GCJ-02): back to WGS-84 by geoplan.crs, ~500 m away
    assert crs.wgs84_to_gcj02(lon, lat) == pytest.approx((118.87, 28.94), abs=1e-5)
    assert abs(lon - 118.87) > 0.003


def test_a_place_in_the_url_must_be_in_zhejiang(atlas):
    good, problems = View.from_params({"show": "point:118.87,28.94"}, atlas)
    assert good.focus == "point:118.87,28.94" and problems == []
    bad, problems = View.from_params({"show": "point:28.94,118.87"}, atlas)
    assert bad.focus == "" and "show=point:28.94,118.87" in problems[0]
