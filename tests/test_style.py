"""The looks every map shares (geoplan/maps/style.py), on the real groupings."""

import pandas as pd

from geoplan import maps
from geoplan.maps import style

from colours import APART, CVD, closest_pair
from factories import grouping_frame


def test_every_groupings_members_have_colours_told_apart_also_by_colour_blind_readers(atlas):
    for grouping in atlas.registry.ids("grouping"):
        frame = atlas.grouping(grouping, detail="overview")
        colors = style.member_colors(frame)
        assert list(colors) == list(frame["member"])  # one colour per member, in member order
        if len(colors) < 2:
            continue
        for vision in (None, *CVD):
            assert closest_pair(list(colors.values()), vision) > APART, (grouping, vision)


def test_cores_are_nested_in_their_circles_and_drawn_over_them(atlas):
    frame = atlas.grouping("两核四圈", detail="overview")
    assert style.nested_members(frame) == {"杭州", "宁波"}
    looks = style.member_styles(frame)
    assert looks["杭州"]["hatch"] and looks["杭州"]["fillOpacity"] == 0  # the circle shows
    assert "hatch" not in looks["杭绍嘉湖服务业经济圈"]
    order = list(frame["member"].iloc[style.draw_order(frame)])
    assert order.index("杭州") > order.index("杭绍嘉湖服务业经济圈")
    assert order.index("宁波") > order.index("甬舟服务业经济圈")


def test_nothing_is_nested_in_an_approximate_member(atlas):
    # 智造新城 and 智慧新城 are drawn as 柯城区 + 衢江区, which are members themselves:
    # the approximate outlines hide nothing, so the districts stay plainly filled.
    frame = atlas.grouping("衢州协同格局", detail="overview")
    assert style.nested_members(frame) == set()
    assert style.member_styles(frame)["智造新城"]["dashArray"]


def test_labels_sit_on_their_members_own_colour(atlas):
    frame = atlas.grouping("两核四圈")
    geometry = dict(zip(frame["member"], frame.geometry, strict=True))
    labels = {label.member: label for label in style.label_anchors(frame)}
    assert set(labels) == set(frame["member"])
    for name, label in labels.items():
        assert geometry[name].contains(label.point), name
    # a circle's label is on the circle, not on the core hatched over it
    assert not geometry["杭州"].contains(labels["杭绍嘉湖服务业经济圈"].point)
    assert not geometry["宁波"].contains(labels["甬舟服务业经济圈"].point)


def test_labels_of_members_drawn_at_one_place_are_stacked():
    frame = pd.concat(
        [grouping_frame(name, precision="within") for name in ("智造新城", "智慧新城")],
        ignore_index=True,
    )
    stacks = [label.stack for label in style.label_anchors(frame)]
    assert sorted(stacks) == [0, 1]


def test_approximate_precisions_are_dashed_whatever_their_name():
    # members built from towns (another precision than "within") are approximate too
    for precision in ("within", "towns"):
        look = style.member_style(precision, "#0072B2")
        assert look["dashArray"] and look["fillOpacity"] < 0.1
    assert "dashArray" not in style.member_style("units", "#0072B2")
    assert style.member_style("schematic", "#0072B2")["fill"] is False


def test_legend_groups_members_by_category_each_in_its_map_style(atlas):
    frame = atlas.grouping("两核四圈", detail="overview")
    section = style.legend(maps.MapLayer("两核四圈", "两核四圈", "grouping", frame))
    headings = [heading for heading, _ in section.groups]
    assert headings == ["服务业发展核心城市（两核）", "服务业经济圈（四圈）"]
    swatches = {s.label: s for _, group in section.groups for s in group}
    looks = style.member_styles(frame)
    assert {k: s.style for k, s in swatches.items()} == looks
    assert any("斜线" in note for note in section.notes)


def test_a_category_of_one_like_named_member_gets_no_heading_and_approximations_are_explained(
    atlas,
):
    frame = atlas.grouping("金东三大组团", detail="overview")
    section = style.legend(maps.MapLayer("金东三大组团", "金东三大组团", "grouping", frame))
    assert [heading for heading, _ in section.groups] == ["", "", ""]
    assert [s.label for _, group in section.groups for s in group] == list(frame["member"])
    assert any(note.startswith("虚线范围——") and "乡镇" in note for note in section.notes)
