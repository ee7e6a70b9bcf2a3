"""The app's wiring, without a browser: streamlit.testing.v1.AppTest runs app.py."""

import re
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geoplan import plans
from geoplan._paths import DATA

from factories import EVIL_RECORD, RECORDS_DIR

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(monkeypatch, records_dir=RECORDS_DIR, *, map_drawn=True, **params):
    """Run app.py once on a records folder, with URL query parameters.

    ``map_drawn`` stands for the map's first report, which a browser sends once the map
    is drawn (AppTest has no browser); the app shows everything but the map after it.
    """
    monkeypatch.setenv("GEOPLAN_RECORDS_DIR", str(records_dir))
    app = AppTest.from_file(APP, default_timeout=120)
    if map_drawn:
        app.session_state["map_drawn"] = True
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def metric(app, label):
    return next(m.value for m in app.metric if m.label.startswith(label))


def markdown(app):
    return "\n".join(m.value for m in app.markdown)


def shown(text):
    """Markdown source as it reads: the app escapes every ASCII punctuation mark of plan text."""
    return text.replace("\\", "")


def test_the_map_comes_first_and_the_rest_when_it_is_drawn(monkeypatch):
    app = run_app(monkeypatch, map_drawn=False, kind="projects")
    assert metric(app, "项目") == "13 / 13"
    assert not app.sidebar.multiselect and not app.tabs  # only title, counts and map
    assert app.warning  # problems with the URL are said at once
    app.session_state["map_drawn"] = True  # what the map's first report sets
    app.run()
    assert app.sidebar.multiselect and app.tabs
    assert app.warning  # and still said once the page is complete


def test_widgets_exist_and_start_unfiltered(monkeypatch):
    app = run_app(monkeypatch)
    keys = {w.key for w in [*app.sidebar.multiselect, *app.sidebar.selectbox, *app.sidebar.radio]}
    expected = {"plans", "grouping", "layers", "basemap", "kinds", "boxes", "units", "members",
                "precisions"}  # fmt: skip
    assert expected <= keys
    assert {s.key for s in app.sidebar.select_slider} == {"invest", "area_ha"}
    assert app.sidebar.slider(key="period").value == (2019, 2030)
    assert app.sidebar.selectbox(key="grouping").value == "两核四圈"
    assert app.sidebar.radio(key="basemap").value == "none"
    assert metric(app, "项目") == "13 / 13"
    assert dict(app.query_params) == {}
    assert [t.label for t in app.tabs] == [
        "项目列表",
        "对比汇总",
        "导出",
        "边界数字化",
        "上传规划",
        "规划对比",
    ]


def test_filters_change_counts_and_the_url(monkeypatch):
    app = run_app(monkeypatch)
    app.sidebar.multiselect(key="kinds").select("platform").run()
    assert metric(app, "项目") == "2 / 13"
    assert app.query_params["kind"] == "platform"
    app.sidebar.text_input(key="q").input("柯城").run()
    assert metric(app, "项目") == "0 / 13"
    app.sidebar.button[0].click().run()  # 清除筛选
    assert metric(app, "项目") == "13 / 13"
    app.sidebar.select_slider(key="invest").set_range(50.0, float("inf")).run()
    assert metric(app, "项目") == "3 / 13"
    assert metric(app, "总投资") == "235.0"
    assert app.query_params["invest"] == "50-"


def test_record_layers_select_records(monkeypatch):
    app = run_app(monkeypatch)
    layers = app.sidebar.multiselect(key="layers")
    assert "衢州市服务业标志性项目（四大重点行动）" in layers.options
    layers.select("衢州标志性项目").run()
    assert metric(app, "项目") == "7 / 13"
    assert app.query_params["layers"] == "衢州标志性项目"


def test_grouping_members_follow_the_grouping(monkeypatch):
    app = run_app(monkeypatch, grouping="衢州协同格局")
    members = app.sidebar.multiselect(key="members")
    assert "智造新城" in members.options
    members.select("柯城区").run()
    assert metric(app, "项目") == "3 / 13"
    assert app.query_params["member"] == "柯城区"
    app.sidebar.selectbox(key="grouping").select("两核四圈").run()  # the member is dropped
    assert app.sidebar.multiselect(key="members").value == []
    assert metric(app, "项目") == "13 / 13"


def test_url_parameters_restore_the_view(monkeypatch):
    params = {"grouping": "衢州协同格局", "kind": "project", "unit": "330800", "invest": "10-",
              "by": "county", "show": "record:001-b13-03", "basemap": "gaode"}  # fmt: skip
    app = run_app(monkeypatch, **params)
    assert app.sidebar.multiselect(key="kinds").value == ["project"]
    assert app.sidebar.multiselect(key="units").value == ["330800"]
    assert app.sidebar.radio(key="basemap").value == "gaode"
    assert app.session_state["by"] == "county"  # the radio is in a tab not open yet
    assert metric(app, "项目") == "5 / 13"
    assert "国家大学科技园（智慧岛）项目" in markdown(app)
    assert dict(app.query_params) == params


def test_bad_url_parameters_give_a_message_not_a_traceback(monkeypatch):
    app = run_app(monkeypatch, grouping="三核", kind="projects", period="later", zom="9", tab="x")
    messages = [shown(w.value) for w in app.warning]
    assert any("grouping=三核" in m for m in messages)
    assert any("kind=projects" in m for m in messages)
    assert any("未知的 URL 参数：zom" in m for m in messages)
    assert any("tab=x" in m and "项目列表、对比汇总、导出" in m for m in messages)
    assert app.sidebar.selectbox(key="grouping").value == "两核四圈"
    assert metric(app, "项目") == "13 / 13"


def html(app):
    """The HTML the app shows (st.html) as one string."""
    return "\n".join(h.proto.body for h in app.get("html"))


def fields(app):
    """The record's fields shown in its details, label → text as the browser shows it."""
    rows = re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", html(app))
    return {unescape(k): unescape(re.sub(r"</?mark>", "", v)) for k, v in rows}


def test_a_record_shows_every_documented_field_escaped(monkeypatch):
    app = run_app(monkeypatch, show="record:003-L0206-01")
    text = markdown(app)
    assert "<script>" not in text  # the Markdown source escapes the name: it shows as text
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in text
    assert "<script>" not in html(app) and "&lt;script&gt;alert(1)" in html(app)
    app = run_app(monkeypatch, show="record:001-b13-02")
    shown_fields = fields(app)
    assert shown_fields["总投资(亿元)"] == "9 亿元"
    assert "36,022 m²" in shown_fields["用地面积"]
    assert shown_fields["四至范围"].startswith("北至柯安一路")
    assert shown_fields["工程类别"] == "园区平台"  # work types by their labels
    text = markdown(app)
    assert "**原文**" in text
    assert "来源：《衢州市现代服务业发展“十四五”规划》专栏13 第 448 行" in "".join(
        c.value for c in app.caption
    )  # fmt: skip


def test_a_record_shows_its_lines_in_the_plan(monkeypatch):
    app = run_app(monkeypatch, show="record:001-b13-02")  # cites line 448 of plan 001
    lines = plans.plan_lines("001")
    shown_lines = dict(
        re.findall(r'id="L(\d+)"><span class="no">\d+</span><span class="tx">(.*?)<', html(app))
    )
    cited = re.findall(r'class="gp-line cited" id="L(\d+)"', html(app))
    assert cited == ["448"]
    assert unescape(shown_lines["448"]) == lines[447]  # the plan's own line, whole
    # and the lines around it that say something (447 and 449 are blank)
    assert set(shown_lines) == {str(n) for n in range(446, 451) if lines[n - 1].strip()}
    assert "第 448 行，前后各 2 行" in markdown(app)
    button = next(b for b in app.button if b.label == "打开规划全文，定位到第 448 行")
    button.click().run()
    page = next(f for f in app.get("iframe") if "<!DOCTYPE html>" in f.proto.srcdoc)
    assert page.proto.srcdoc.count('<span class="no">') == len(lines)  # the whole plan
    assert 'getElementById("L448").scrollIntoView' in page.proto.srcdoc


def test_searched_words_are_marked_in_the_table_and_the_details(monkeypatch):
    app = run_app(monkeypatch, q="钱江", show="record:001-b13-02")
    table = app.dataframe[0].value
    (note,) = table["匹配之处"]  # the 原文 comes first: what planners read in the plan
    assert note.startswith("原文：…") and "南至【钱江】大道" in note
    assert "<mark>钱江</mark>大道" in html(app)  # in the fields, the 原文 and the plan's lines
    assert html(app).count("<mark>钱江</mark>") >= 3


def test_a_long_search_result_keeps_its_notes_but_not_its_cell_colours(monkeypatch):
    """A styled table of 2,000 rows took Streamlit 0.7 s to send on every run."""
    from geoplan.app import tabs

    app = run_app(monkeypatch, q="柯城")
    assert "#fff3bf" in app.dataframe[0].proto.arrow_data.styler.styles  # few rows: coloured
    monkeypatch.setattr(tabs, "HIGHLIGHT_MAX_ROWS", 2)
    app = run_app(monkeypatch, q="柯城")
    table = app.dataframe[0]
    assert len(table.value) == 3 and not table.proto.arrow_data.styler.styles
    assert all("【柯城" in note for note in table.value["匹配之处"])
    assert any("超过 2 项时不以底色标出" in c.value for c in app.caption)


def test_picking_a_record_by_name_opens_it(monkeypatch):
    app = run_app(monkeypatch)
    app.selectbox(key="pick").select("001-b13-04").run()
    assert "柯城智尚小微企业园项目" in markdown(app)
    assert app.query_params["show"] == "record:001-b13-04"


def test_a_long_selection_lists_its_first_records_for_picking_and_says_so(monkeypatch):
    """At 100,000 records a list of every name took the browser 20 s to draw."""
    from geoplan.app import details

    monkeypatch.setattr(details, "PICK_MAX", 4)
    app = run_app(monkeypatch, show="record:001-b13-09")
    pick = app.selectbox(key="pick")
    assert len(pick.options) == 4 and "前 4 项" in pick.placeholder
    assert "共 13 项" in pick.help and "搜索" in pick.help
    # a record beyond the list still opens (from the map or a link), and counts as shown
    assert "001-b13-09" not in app.session_state["_table_ids"][:4]
    assert "此项目不在当前筛选结果中" not in shown(markdown(app)) + " ".join(
        c.value for c in app.caption
    )
    monkeypatch.setattr(details, "PICK_MAX", 1_000)
    app = run_app(monkeypatch)
    assert len(app.selectbox(key="pick").options) == 13
    assert "前" not in app.selectbox(key="pick").placeholder


def test_a_member_shows_its_role_units_and_records(monkeypatch):
    app = run_app(monkeypatch, grouping="衢州协同格局", show="member:柯城区")
    fields = app.table[0].value
    assert fields.loc["组成区县", "内容"] == "柯城区"
    assert "运动休闲" in fields.loc["定位", "内容"]
    assert "范围内项目（按当前筛选）：3 项，总投资 64.0 亿元" in shown(markdown(app))
    next(b for b in app.button if b.label == "只看此成员的项目").click().run()
    assert app.sidebar.multiselect(key="members").value == ["柯城区"]


def test_only_the_open_tab_runs(monkeypatch):
    app = run_app(monkeypatch)
    assert len(app.dataframe) == 1  # the record table; no summary computed unseen
    assert not app.get("download_button") and not app.get("arrow_vega_lite_chart")


def test_compare_by_member_and_county(monkeypatch):
    app = run_app(monkeypatch, grouping="衢州协同格局")
    app.session_state["tab"] = "对比汇总"
    app.run()
    table = app.dataframe[0].value
    # two of 柯城区's three records name 智慧新城 and count there, once; the table says so
    assert table.loc["柯城区", "项目数"] == 1 and table.loc["智慧新城", "项目数"] == 2
    assert table.loc["全格局合计（每项只计一次）", "项目数"] == 7
    assert any("每项只计一次" in c.value for c in app.caption)
    app.radio(key="by").set_value("county").run()
    table = app.dataframe[0].value
    assert table.index.name == "区县" and table.loc["柯城区", "项目数"] == 3
    assert app.query_params["by"] == "county"
    stated = app.dataframe[1].value
    assert stated.iloc[0]["规划所述项目数"] == 58


def test_no_records_gives_friendly_empty_states(monkeypatch, tmp_path):
    app = run_app(monkeypatch, records_dir=tmp_path)
    infos = " ".join(i.value for i in [*app.info, *app.sidebar.info])
    assert "尚无项目数据" in infos
    assert not app.metric
    assert "kinds" not in {w.key for w in app.sidebar.multiselect}
    app.session_state["tab"] = "导出"
    app.run()
    buttons = app.get("download_button")
    assert len(buttons) == 7  # map (HTML), records (4 formats), report map (PDF, PNG)
    assert all(b.proto.disabled for b in buttons if "筛选出的项目" in b.proto.label)
    assert not any(b.proto.disabled for b in buttons if "报告用地图" in b.proto.label)


def test_evil_names_in_the_table_are_data(monkeypatch):
    app = run_app(monkeypatch)
    names = app.dataframe[0].value["名称"].tolist()
    assert EVIL_RECORD in names  # the data grid draws text, never HTML


@pytest.mark.parametrize("basemap", ["osm", "gaode"])
def test_tile_basemaps_are_offered_alone(monkeypatch, basemap):
    app = run_app(monkeypatch, basemap=basemap)
    assert app.sidebar.radio(key="basemap").value == basemap


def test_a_link_opens_its_tab(monkeypatch):
    app = run_app(monkeypatch, tab="导出", grouping="衢州协同格局")
    assert app.session_state["tab"] == "导出"
    assert app.get("download_button") and not app.dataframe  # the export tab ran, alone
    assert app.query_params["tab"] == "导出"
    app.session_state["tab"] = "项目列表"  # the first tab is the default: not in the link
    app.run()
    assert "tab" not in app.query_params and app.dataframe


def test_a_county_names_the_city_level_records_it_leaves_out(monkeypatch):
    app = run_app(monkeypatch, unit="330782")  # 义乌市, a county of 金华市
    assert metric(app, "项目") == "2 / 13"
    warning = shown(app.sidebar.warning[0].value)
    assert "另有 1 项只定位到金华市（地市级）的项目未显示" in warning
    assert "浙中总部经济中心（一期）项目" in shown(markdown(app))  # named, in the sidebar
    app.sidebar.toggle(key="citywide").set_value(True).run()
    assert metric(app, "项目") == "3 / 13"
    assert app.query_params["citywide"] == "1"
    assert "已包含 1 项只定位到金华市" in shown(app.sidebar.info[0].value)


def test_a_long_list_names_how_many_it_leaves_out(monkeypatch):
    from geoplan.app import tabs

    monkeypatch.setattr(tabs, "TABLE_MAX_ROWS", 5)
    app = run_app(monkeypatch)
    assert metric(app, "项目") == "13 / 13"  # the figures keep every record …
    assert len(app.dataframe[0].value) == 5  # … the table lists the first five
    said = [c.value for c in app.caption]
    assert any("共 13 项，表中列出前 5 项" in c for c in said), said


def test_the_legend_beside_the_map_names_the_colours_of_a_chosen_record_layer(monkeypatch):
    """A record layer is coloured by its boxes: the legend must say which colour is which."""
    import geoplan

    atlas = geoplan.load()  # the shipped records: the layer's four boxes
    spec = atlas.registry.get("衢州标志性项目")
    boxes = set(atlas.layer(spec.id)[spec.color_by].astype(str))
    app = run_app(monkeypatch, DATA / "records", layers=spec.id)
    legend = unescape(html(app))
    assert len(boxes) > 1 and all(box in legend for box in boxes)
    assert spec.title in legend and "筛选的项目" not in legend
    assert "斜线——位于其他成员范围内的成员" in legend  # the grouping's section stays first
    assert legend.index("两核") < legend.index(spec.title)
