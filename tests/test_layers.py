import dataclasses
import textwrap

import numpy as np
import pytest
import shapely

from geoplan import crs, layers
from geoplan._paths import LAYERS
from geoplan.admin import Gazetteer
from geoplan.errors import DataFileError, UnknownNameError
from geoplan.plans import plan_lines, read_plans

LAYER_FILES = sorted(LAYERS.glob("*.toml"))


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


@pytest.fixture(scope="module")
def registry():
    return layers.Registry.load()


def test_the_required_groupings_are_registered(registry):
    groupings = registry.ids("grouping")
    for required in ("两核四圈", "衢州协同格局", "金东三大组团"):
        assert required in groupings
    assert registry.get("两核、四圈").id == "两核四圈"
    assert registry.get("中心城区引领、县（市）四片协同").id == "衢州协同格局"
    # every plan contributes at least one grouping
    assert {s.plan for s in registry} >= set(read_plans())


@pytest.mark.parametrize("path", LAYER_FILES, ids=lambda p: p.stem)
def test_every_member_of_every_grouping_resolves_and_builds(path, gaz):
    spec = layers.read_spec(path)
    assert spec.plan in read_plans()
    if not isinstance(spec, layers.GroupingSpec):
        return
    frame = layers.build_grouping(spec, gaz)
    assert len(frame) == len(spec.members)
    for member, (_, row) in zip(spec.members, frame.iterrows(), strict=True):
        assert row.geometry is not None and not row.geometry.is_empty
        assert member.sources, member.name
        if member.precision == "schematic":
            assert row.geometry.geom_type == "LineString" and row["length_km"] > 0
        elif member.precision == "towns":
            # An approximate area inside its units, smaller than them.
            counties = row["adcodes"].split(";")
            units = shapely.union_all(np.asarray(gaz.units.loc[counties].geometry.values))
            assert row.geometry.difference(units).area < 1e-10
            assert 0 < row["area_km2"] < gaz.units.loc[counties, "source_area_km2"].sum()
        else:
            # The dissolved polygon's area equals the sum of its counties' source areas.
            counties = row["adcodes"].split(";")
            expected = gaz.units.loc[counties, "source_area_km2"].sum()
            assert row["area_km2"] == pytest.approx(expected, rel=0.005)
        for place in member.places:
            assert gaz.resolve(place).ok, (
                f"{path.name}: place {place!r} of {member.name} is unknown"
            )


@pytest.mark.parametrize("path", LAYER_FILES, ids=lambda p: p.stem)
def test_every_citation_quotes_its_plan_line(path):
    spec = layers.read_spec(path)
    sources = list(spec.sources)
    if isinstance(spec, layers.GroupingSpec):
        sources += [s for m in spec.members for s in m.sources]
    lines = plan_lines(spec.plan)
    for source in sources:
        assert 1 <= source.line <= len(lines), f"{path.name}: line {source.line} beyond the plan"
        assert source.quote in lines[source.line - 1], (
            f"{path.name}: line {source.line} of plan {spec.plan} does not contain {source.quote!r}"
        )


def test_two_cores_four_circles_geometry(registry, gaz):
    frame = layers.build_grouping(registry.get("两核四圈"), gaz).set_index("member")
    cores = frame[frame["category"] == "两核"]
    circles = frame[frame["category"] == "四圈"]
    assert len(cores) == 2 and len(circles) == 4
    # The four circles cover the province exactly once.
    province = gaz.units.loc["330000"].geometry
    union = shapely.union_all(np.asarray(circles.geometry.values))
    assert union.symmetric_difference(province).area < 1e-8
    assert circles["area_km2"].sum() == pytest.approx(
        gaz.units.loc["330000", "source_area_km2"], rel=0.005
    )
    # Overlaps are allowed: 杭州 is a core and part of the 杭绍嘉湖 circle.
    hangzhou = frame.loc["杭州"].geometry
    circle = frame.loc["杭绍嘉湖服务业经济圈"].geometry
    assert hangzhou.difference(circle).area < 1e-10


def test_quzhou_layout_members_and_honest_precision(registry, gaz):
    spec = registry.get("衢州协同格局")
    frame = layers.build_grouping(spec, gaz).set_index("member")
    assert {
        "智造新城",
        "智慧新城",
        "柯城区",
        "衢江区",
        "龙游县",
        "江山市",
        "常山县",
        "开化县",
    } <= set(frame.index)
    assert frame.loc["智造新城", "precision"] == "within"  # a new town, not an admin unit
    assert frame.loc["江山市", "precision"] == "units"
    assert "康养" in frame.loc["柯城区", "role"]
    assert frame.loc["江山市", "area_km2"] == pytest.approx(
        gaz.units.loc["330881", "source_area_km2"], rel=0.005
    )


def test_drawing_units_change_geometry_not_area(registry, gaz):
    from geoplan.boundaries import read_units

    spec = registry.get("两核四圈")
    detail = layers.build_grouping(spec, gaz)
    overview = layers.build_grouping(spec, gaz, read_units("overview"))
    assert np.allclose(detail["area_km2"], overview["area_km2"])
    fewer = shapely.get_num_coordinates(np.asarray(overview.geometry.values)).sum()
    assert fewer < shapely.get_num_coordinates(np.asarray(detail.geometry.values)).sum()
    # geodesic, not degrees: 衢州市 is ~8,800 km², ~0.8 square degrees
    assert crs.geodesic_area_m2(gaz.units.loc["330800"].geometry)[0] / 1e6 > 8000


def test_unknown_layer_lists_the_known_ones(registry):
    with pytest.raises(UnknownNameError, match=r"known layers: .*两核四圈"):
        registry.get("三核五圈")


def _write(tmp_path, text):
    path = tmp_path / "layer.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_problem_of_a_layer_file_is_reported_with_key_names(tmp_path):
    path = _write(
        tmp_path,
        """
        id = "测试"
        kind = "grouping"
        title = "测试格局"
        plan = "003"
        colour = "#ff0000"
        source = [{ line = 0, quote = "x" }]

        [[categories]]
        name = "核"
        color = "red"

        [[members]]
        name = "杭州"
        category = "圈"
        role = "r"
        units = ["杭州市"]
        precision = "exact"
        source = [{ line = 137, quote = "杭州" }]
        """,
    )
    with pytest.raises(DataFileError) as err:
        layers.read_spec(path)
    text = str(err.value)
    assert str(path) in text
    for fragment in (
        "unknown key 'colour'",
        "line must be a 1-based",
        "unknown key 'color'",
        "category '圈'",
        "precision 'exact'",
    ):
        assert fragment in text


def _one_member_grouping(tmp_path, member: str):
    """A grouping file with one category and one member whose keys are ``member``."""
    head = textwrap.dedent(
        """
        id = "测试"
        kind = "grouping"
        title = "t"
        plan = "004"
        source = [{ line = 1, quote = "x" }]
        [[categories]]
        name = "a"
        [[members]]
        category = "a"
        role = "r"
        source = [{ line = 1, quote = "x" }]
        """
    )
    return layers.read_spec(_write(tmp_path, head + textwrap.dedent(member)))


def test_invalid_toml_and_unknown_units_are_refused(tmp_path, gaz):
    with pytest.raises(DataFileError, match="valid UTF-8 TOML"):
        layers.read_spec(_write(tmp_path, "id = \n"))
    spec = _one_member_grouping(
        tmp_path,
        """
        name = "新城"
        units = ["智造新城"]
        precision = "units"
        """,
    )
    with pytest.raises(DataFileError, match="'智造新城' is not an administrative unit"):
        layers.build_grouping(spec, gaz)


def test_duplicate_layer_names_are_refused():
    spec = layers.read_spec(LAYER_FILES[0])
    clash = dataclasses.replace(spec, id="另一个", aliases=(spec.id,))
    with pytest.raises(DataFileError, match="used by both"):
        layers.Registry([spec, clash])


def test_jindong_three_clusters_are_three_shapes_made_of_their_own_towns(registry, gaz):
    from geoplan.places import read_township_points

    spec = registry.get("金东三大组团")
    frame = layers.build_grouping(spec, gaz).set_index("member")
    jindong = gaz.units.loc["330703"].geometry
    towns = read_township_points()
    towns = towns[(towns["adcode"] == "330703") & towns["lon"].notna()].set_index("township")
    shapes = {m.name: frame.loc[m.name].geometry for m in spec.members}
    assert len(shapes) == 3 and all(frame["precision"] == "towns")
    for member in spec.members:
        shape = shapes[member.name]
        assert shape.difference(jindong).area < 1e-12, member.name  # floating-point dust only
        own = [t for t in member.places if t in towns.index]
        assert own, member.name
        for name, other in shapes.items():
            if name != member.name:
                assert shape.intersection(other).area < 1e-12  # distinct, not overlapping
        for other in spec.members:
            for town in other.places:
                if town not in towns.index:
                    continue  # no citable point: nothing to cover
                point = shapely.Point(towns.loc[town, "lon"], towns.loc[town, "lat"])
                assert shape.contains(point) == (other is member), (member.name, town)
    assert "近似范围" in frame.iloc[0]["note"]


def test_a_towns_member_must_list_townships_of_its_units(tmp_path, gaz):
    spec = _one_member_grouping(
        tmp_path,
        """
        name = "组团"
        units = ["金东区"]
        precision = "towns"
        places = ["孝顺镇", "横店镇"]
        """,
    )
    with pytest.raises(DataFileError, match="横店镇 is not a township with a point"):
        layers.build_grouping(spec, gaz)
