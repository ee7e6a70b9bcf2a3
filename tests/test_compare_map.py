"""The comparison on a map: a layer per status, links where a work's positions differ."""

import re
import subprocess
import sys

import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geoplan import compare, maps
from geoplan.errors import UnknownNameError
from geoplan.maps.comparison import LINK_COLOR, STATUS_COLORS, comparison_layers, comparison_map

from factories import plan_records

LANXI = "330781"
# Stand-in points inside 兰溪市 for each plan, and a named place's point.
OLD_STAND_IN, NEW_STAND_IN, PLACE = (119.50, 29.20), (119.52, 29.22), (119.46, 29.21)


def _at(point, precision="county"):
    return {"lon": point[0], "lat": point[1], "precision": precision}


@pytest.fixture(scope="module")
def plans(atlas):
    old = plan_records(
        "901",
        ("兰溪光膜小镇", LANXI, _at(PLACE, "place")),  # continued, placed by a named place
        ("兰溪物流港", LANXI, _at(OLD_STAND_IN)),  # continued, stand-ins in one county
        ("兰溪旧港", LANXI, _at(OLD_STAND_IN)),  # dropped
    )
    new = plan_records(
        "902",
        ("兰溪光膜小镇", LANXI, _at(NEW_STAND_IN)),
        ("兰溪物流港", LANXI, _at(NEW_STAND_IN)),
        ("兰溪新城", LANXI, _at(NEW_STAND_IN)),  # new
    )
    table = compare.compare_records(old, new, atlas.gazetteer.units)
    return table, pd.concat([old, new], ignore_index=True)


def test_one_map_has_a_layer_per_status_in_its_own_colour(plans):
    table, records = plans
    layers = {layer.id: layer for layer in comparison_layers(table, records)}
    assert list(layers) == ["compare:continued", "compare:links", "compare:new", "compare:dropped"]
    for status in ("continued", "new", "dropped"):
        layer = layers[f"compare:{status}"]
        assert layer.colors == {compare.STATUS_LABELS[status]: STATUS_COLORS[status]}
    assert len(set(STATUS_COLORS.values()) | {LINK_COLOR}) == 4
    assert layers["compare:new"].frame["name"].tolist() == ["兰溪新城"]
    assert layers["compare:dropped"].frame["name"].tolist() == ["兰溪旧港"]


def test_a_continued_work_is_drawn_once_at_its_better_position(plans):
    table, records = plans
    continued = comparison_layers(table, records)[0].frame.set_index("name")
    # The 901 record is placed by a named place: its point stands for both.
    assert continued.loc["兰溪光膜小镇", "record_id"] == "901-b01-01"
    assert continued.loc["兰溪光膜小镇"].geometry.equals(Point(PLACE))
    # Two stand-ins in one county are one position: the later plan's, no link.
    assert continued.loc["兰溪物流港", "record_id"] == "902-b01-02"


def test_a_line_joins_the_two_positions_only_when_the_plans_place_them_differently(plans):
    table, records = plans
    links = comparison_layers(table, records)[1].frame
    assert links["name"].tolist() == ["兰溪光膜小镇"]
    assert links.geometry.iloc[0].equals(LineString([PLACE, NEW_STAND_IN]))


def test_side_by_side_maps_show_each_plans_own_records(plans):
    table, records = plans
    earlier = comparison_layers(table, records, side="earlier")
    later = comparison_layers(table, records, side="later")
    assert [lay.id for lay in earlier] == ["compare:earlier:continued", "compare:earlier:dropped"]
    assert [lay.id for lay in later] == ["compare:later:continued", "compare:later:new"]
    assert set(earlier[0].frame["plan"]) == {"901"} and set(later[0].frame["plan"]) == {"902"}
    with pytest.raises(
        UnknownNameError, match="side must be 'both', 'earlier' or 'later', got 'left'"
    ):
        comparison_layers(table, records, side="left")  # type: ignore[arg-type]


def test_the_map_draws_the_legend_of_each_status(plans, atlas):
    table, records = plans
    html = maps.to_html(comparison_map(table, records, atlas.units("county")))
    for title in ("延续（两规划均列）", "新增（仅902）", "未再列入（仅901）", "延续项目的前后位置"):
        assert title in html
    assert "规划对比：901 → 902" in html and "<script src=" not in html


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args], capture_output=True, text=True, check=False
    )


def test_cli_writes_the_changes_and_a_map(tmp_path, atlas):
    out, html = tmp_path / "changes.csv", tmp_path / "changes.html"
    result = run("compare", "002", "000", "-o", str(out), "--map", str(html))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(table) == atlas.records["plan"].isin(["002", "000"]).sum()
    assert set(table["状态"]) == {"延续", "新增", "未再列入"}
    # 002:1119 金华国际物流园区 is 000:335's 金华国际物流集聚园区 (see test_compare.py).
    row = table[(table["名称"] == "金华国际物流园区") & (table["起始行"] == "1119")].iloc[0]
    assert (row["状态"], row["对应名称"], row["对应起始行"]) == (
        "延续",
        "金华国际物流集聚园区",
        "335",
    )
    assert "国际物流" in row["依据"] and row["先后"] == "前一规划"
    assert "延续（两规划均列）" in html.read_text(encoding="utf-8")


def test_cli_prints_a_summary_without_an_output_file():
    result = run("compare", "000", "002", "--top", "3")
    assert result.returncode == 0, result.stderr
    assert "金华十三五纲要（002，2016–2020） → 金华服务业十四五（000，2021–2025）" in result.stdout
    for label in ("延续", "新增", "未再列入", "最可信的对应"):
        assert label in result.stdout
    # the most certain: a work of the same name in both plans, e.g. 义乌丝路金融小镇 (002:1181,
    # 000:639) or 金义综合保税区 (002:347, 000:337)
    assert re.search(
        r"1\.00  (\S+)（002-L\d{4}-\d\d）→ \1（000-L\d{4}-\d\d）：名称相同", result.stdout
    )


def test_cli_refuses_an_unknown_plan_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "changes.csv"
    out.write_text("last week's comparison", encoding="utf-8")
    result = run("compare", "002", "009", "-o", str(out))
    assert result.returncode == 2
    assert "no plan '009'; known plans: 000, 001, 002, 003, 004" in result.stderr
    assert out.read_text(encoding="utf-8") == "last week's comparison"
