"""What the app's panels offer and show (geoplan.app.panels), on the test records."""

import pytest

import geoplan
from geoplan.app import panels

from factories import RECORDS_DIR


@pytest.fixture(scope="module")
def atlas():
    return geoplan.load(records_dir=RECORDS_DIR)


def test_choices_come_from_the_records(atlas):
    boxes = panels.box_choices(atlas.records, atlas)
    assert boxes["001:专栏13"] == "衢州服务业十四五｜专栏13 生产性服务业融合创新标志性项目"
    assert boxes["003:"].startswith("浙江服务业十四五｜正文")
    units = panels.unit_choices(atlas.records, atlas)
    assert units["330800"] == "衢州市（全市）" and units["330802"] == "柯城区"
    assert "" not in units
    assert panels.year_span(atlas.records) == (2019, 2030)
    assert panels.year_span(atlas.records.iloc[:0]) is None


def test_vocabulary_and_the_options_a_state_offers(atlas):
    known = panels.vocabulary(atlas)
    assert known["kinds"] == {"project": "项目", "platform": "平台", "other": "其他"}
    assert "衢州标志性项目" in known["layers"] and known["years"] == (2019, 2030)
    offered = panels.options(known, atlas, plans=["001"], grouping="两核四圈")
    # groupings of the chosen plans, and the one shown even if of another plan
    assert set(offered["grouping"]) == {"none", "衢州协同格局", "衢州诗画风光带", "两核四圈"}
    assert "金衢丽服务业经济圈" in offered["members"]
    assert panels.options(known, atlas, plans=[], grouping=None)["members"] == {}


def test_summary_tables_have_chinese_headings(atlas):
    table = panels.summary_table(atlas.records, atlas, by="city", grouping=None)
    assert table.index.name == "地市" and table.loc["衢州市", "项目数"] == 7
    members = panels.summary_table(atlas.records, atlas, by="member", grouping="衢州协同格局")
    assert members.index.name == "格局成员" and "总投资(亿元)" in members.columns
    with pytest.raises(ValueError, match="needs a grouping"):
        panels.summary_table(atlas.records, atlas, by="member", grouping=None)
    with pytest.raises(ValueError, match="by must be one of"):
        panels.summary_table(atlas.records, atlas, by="town", grouping=None)


def test_stated_totals_of_the_chosen_plans(atlas):
    table = panels.stated_table(atlas, ["001"])
    assert table["规划"].tolist() == ["衢州服务业十四五"]
    assert table.iloc[0]["规划所述项目数"] == 58 and table.iloc[0]["提取项目数"] == 7
