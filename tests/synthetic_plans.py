"""Three small plans of the forms planners bring, written by the tests in every file format.

* ``county`` — one sentence naming a county's provincial key projects, in traditional
  script (a county's list of 省重点建设项目);
* ``city`` — a city's numbered list of major projects under 新建/续建, with investment,
  area, a 建设地点, a sum of parts, a road between two counties, a statement of the
  plan's totals, and a line that states an investment but names no work;
* ``notice`` — a short notice naming three projects, then giving each one's
  investment and area (约, 超过).

Each plan comes with the works a reader finds in it, written here by reading the
text above it (not by running the extractor). Writers turn a text into the bytes
of a UTF-8/GBK/UTF-16 text file, a Word file (python-docx) or a PDF with a text
layer (matplotlib, with a CJK font), as a planner's office would save it.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

COUNTY = """磐安縣2023年省重點建設項目名單

根據省發展改革委下達的計劃，我縣列入2023年省重點建設項目的有：磐安縣人民醫院醫共體總院新院區工程（總投資8.5億元）、S210省道磐安尖山至玉山段改建工程（總投資12.3億元）、浙江磐安抽水蓄能電站（總投資約85億元，裝機容量120萬千瓦）和安文水庫工程（總投資6億元，總庫容1200萬立方米）。
"""

CITY = """衢州市2024年市级重大建设项目计划

全年安排市级重大建设项目6个，总投资55.2亿元。
一、新建项目
1. 衢州市第二人民医院迁建工程。总投资18.6亿元，用地面积约150亩，建设地点：柯城区。
2. 衢江区高家镇至廿里镇公路改建工程，全长12.5公里，总投资4.2亿元。
3. 龙游县城北水厂扩建工程，总投资2.1亿元。
二、续建项目
1. 江山市体育中心，总投资超过9亿元，占地面积不少于300亩。
2. 常山港治理二期工程，总投资6.3亿元，其中中央资金2.1亿元、省级资金1.5亿元、市县配套2.7亿元。
3. 235国道柯城至江山段改建工程，全长38公里，总投资15亿元。
三、预备项目
另安排预备项目若干，总投资约16.3亿元，待条件成熟后启动。
同步推进城区老旧小区改造，投资约3亿元。
"""

NOTICE = """关于下达2024年义乌市重点项目的通知

各镇人民政府、街道办事处，市级各部门：
经研究，现将义乌国际陆港物流园、义乌市中心医院新院区和佛堂古镇文化旅游区三个项目列为2024年市重点项目。其中，义乌国际陆港物流园总投资约45亿元，用地约800亩；义乌市中心医院新院区总投资20亿元，用地面积300亩；佛堂古镇文化旅游区总投资超过30亿元，规划面积约2.5平方公里。
特此通知。
"""

MU = 10000 / 15  # m² in one 亩


@dataclass(frozen=True)
class Work:
    """A work as a reader finds it in a plan (numbers as printed, converted by hand)."""

    name: str
    unit: str  # the county (or city) it belongs to
    investment: float | None = None
    investment_qualifier: str = ""
    land_m2: float | None = None
    land_qualifier: str = ""
    work_type: str = ""
    counties: tuple[str, ...] = ()  # every county a work between two counties spans
    stage: str = ""  # the heading it stands under: 新建, 续建

    @property
    def in_period(self) -> float | None:
        """What a table gives as its investment "其中：十四五": four fifths of the total."""
        return None if self.investment is None else round(self.investment * 0.8, 2)


@dataclass(frozen=True)
class SyntheticPlan:
    key: str
    text: str
    title: str
    region: str
    period: tuple[int, int]
    works: tuple[Work, ...]


PLANS = {
    "county": SyntheticPlan(
        "county",
        COUNTY,
        "磐安县2023年省重点建设项目名单",
        "磐安县",
        (2023, 2023),
        (
            Work("磐安县人民医院医共体总院新院区工程", "磐安县", 8.5, work_type="hospital"),
            Work("S210省道磐安尖山至玉山段改建工程", "磐安县", 12.3, work_type="road"),
            Work("浙江磐安抽水蓄能电站", "磐安县", 85.0, "约", work_type="power"),
            Work("安文水库工程", "磐安县", 6.0, work_type="reservoir"),
        ),
    ),
    "city": SyntheticPlan(
        "city",
        CITY,
        "衢州市2024年市级重大建设项目计划",
        "衢州市",
        (2024, 2024),
        (
            Work(
                "衢州市第二人民医院迁建工程",
                "柯城区",
                18.6,
                "",
                150 * MU,
                "约",
                "hospital",
                stage="新建",
            ),
            Work("衢江区高家镇至廿里镇公路改建工程", "衢江区", 4.2, work_type="road", stage="新建"),
            Work("龙游县城北水厂扩建工程", "龙游县", 2.1, work_type="water_supply", stage="新建"),
            Work(
                "江山市体育中心", "江山市", 9.0, "超过", 300 * MU, "不少于", "venue", stage="续建"
            ),
            Work("常山港治理二期工程", "衢州市", 6.3, work_type="flood", stage="续建"),
            Work(
                "235国道柯城至江山段改建工程",
                "衢州市",
                15.0,
                work_type="road",
                counties=("柯城区", "江山市"),
                stage="续建",
            ),
        ),
    ),
    "notice": SyntheticPlan(
        "notice",
        NOTICE,
        "关于下达2024年义乌市重点项目的通知",
        "义乌市",
        (2024, 2024),
        (
            Work("义乌国际陆港物流园", "义乌市", 45.0, "约", 800 * MU, "约", "logistics"),
            Work("义乌市中心医院新院区", "义乌市", 20.0, "", 300 * MU, "", "hospital"),
            Work("佛堂古镇文化旅游区", "义乌市", 30.0, "超过", 2.5e6, "约", "park"),
        ),
    ),
}

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def as_text(text: str, encoding: str) -> bytes:
    """The plan saved as text (``utf-16`` writes a BOM, as Windows Notepad does)."""
    return text.encode(encoding)


_ITEM = re.compile(r"^\d+\.\s*")


def as_docx(text: str) -> bytes:
    """The plan as a Word file: a title, body paragraphs, and numbered items as Word lists.

    Word keeps an item's number outside its text (the paragraph's numbering), as an
    office's own document does; the reader must put it back.
    """
    import docx

    document = docx.Document()
    lines = text.strip("\n").split("\n")
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if not line.strip():
            continue
        if _ITEM.match(line):
            document.add_paragraph(_ITEM.sub("", line), style="List Number")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_docx_table(plan: SyntheticPlan, grouped: bool = False) -> bytes:
    """The works as a Word table: 序号, 项目名称, 建设地点, 总投资（亿元）, 用地面积（亩）.

    ``grouped`` writes the table of a 重大项目表: a header of two rows (总投资 over
    合计 and 其中：“十四五”, the other names merged down) and a row across the table
    before each stage's works ("一、新建项目").
    """
    import docx

    document = docx.Document()
    document.add_heading(plan.title, level=1)
    if not grouped:
        header = ["序号", "项目名称", "建设地点", "总投资（亿元）", "用地面积（亩）"]
        table = document.add_table(rows=1, cols=len(header))
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            cell.text = label
    else:
        document.add_paragraph("附表 重大建设项目表")
        top = ["序号", "项目名称", "建设地点", "总投资（亿元）", "", "用地面积（亩）"]
        table = document.add_table(rows=2, cols=len(top))
        for column, label in enumerate(top):
            table.cell(0, column).text = label
        table.cell(1, 3).text, table.cell(1, 4).text = "合计", "其中：“十四五”"
        table.cell(0, 3).merge(table.cell(0, 4)).text = "总投资（亿元）"
        for column in (0, 1, 2, 5):
            table.cell(0, column).merge(table.cell(1, column)).text = top[column]
    for number, work in enumerate(plan.works, start=1):
        if grouped and (label := _group_label(plan, number)):
            row = table.add_row()
            row.cells[0].merge(row.cells[-1]).text = label
        values = _table_values(number, work, grouped)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_xlsx_table(plan: SyntheticPlan, grouped: bool = False) -> bytes:
    """The works as an Excel sheet, as an office keeps its project list (项目库).

    The title is a row merged across the table, figures are numbers (not text),
    ``grouped`` writes :func:`as_docx_table`'s header of two rows with merged cells
    and group rows merged across the table. The sheet keeps Excel's default name.
    """
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    columns = 6 if grouped else 5
    sheet.append([plan.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    if not grouped:
        sheet.append(["序号", "项目名称", "建设地点", "总投资（亿元）", "用地面积（亩）"])
    else:
        sheet.append(["序号", "项目名称", "建设地点", "总投资（亿元）", None, "用地面积（亩）"])
        sheet.append([None, None, None, "合计", "其中：“十四五”", None])
        sheet.merge_cells("D2:E2")
        for column in "ABCF":
            sheet.merge_cells(f"{column}2:{column}3")
    for number, work in enumerate(plan.works, start=1):
        if grouped and (label := _group_label(plan, number)):
            sheet.append([label])
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        values: list[object] = [number, work.name, work.unit, work.investment]
        if grouped:
            values.append(work.in_period)
        values.append(None if work.land_m2 is None else round(work.land_m2 / MU, 2))
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _group_label(plan: SyntheticPlan, number: int) -> str:
    """The group row before work ``number`` ("二、续建项目") where a new stage starts."""
    stages = list(dict.fromkeys(work.stage for work in plan.works[:number]))
    if number > 1 and plan.works[number - 2].stage == plan.works[number - 1].stage:
        return ""
    return f"{'一二三四五'[len(stages) - 1]}、{stages[-1]}项目"


def _table_values(number: int, work: Work, grouped: bool) -> list[str]:
    area = "" if work.land_m2 is None else f"{work.land_m2 / MU:g}"
    money = "" if work.investment is None else f"{work.investment:g}"
    if not grouped:
        return [str(number), work.name, work.unit, money, area]
    part = "" if work.in_period is None else f"{work.in_period:g}"
    return [str(number), work.name, work.unit, money, part, area]


def as_pdf(text: str, width: int = 30, *, per_page: int = 30, running: str = "") -> bytes:
    """The plan as a PDF with a text layer: lines wrapped at ``width`` characters, as printed.

    ``running`` prints a running header at the head of each page after the first and
    the page number at each page's foot, as an office's PDF does.
    """
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(CJK_FONT))
    lines = [part for line in text.split("\n") if line for part in textwrap.wrap(line, width)]
    out = io.BytesIO()
    with PdfPages(out) as pdf:
        for page, first in enumerate(range(0, len(lines), per_page), start=1):
            figure = Figure(figsize=(8.27, 11.69))
            if running and page > 1:
                figure.text(0.35, 0.97, running, fontproperties=font, fontsize=9)
            for i, line in enumerate(lines[first : first + per_page]):
                figure.text(0.08, 0.93 - i * 0.03, line, fontproperties=font, fontsize=11)
            if running:
                figure.text(0.5, 0.03, str(page), fontproperties=font, fontsize=9)
            pdf.savefig(figure)
    return out.getvalue()


def as_pdf_table(plan: SyntheticPlan, rows_per_page: int = 4, grouped: bool = False) -> bytes:
    """The works as a printed table in a PDF, as an office prints a Word table.

    Each cell's words wrap inside its column (a name over two or three lines, the
    header's unit under its column name), cells are ruled, the table runs on to a
    second page under a repeated header, and each page has its number at the foot.
    Text stands where it is printed: nothing in the text layer says which cell a
    word belongs to. ``grouped`` prints the table of :func:`as_docx_table`'s
    ``grouped``: "总投资（亿元）" across 合计 and 其中：“十四五”, and group rows.
    """
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(CJK_FONT))
    # column: left edge (fraction of the page width), characters per line, header lines
    columns = [
        (0.06, 2, ["序号"]),
        (0.12, 7, ["项目名称"]),
        (0.29, 5, ["建设地点"]),
        (0.42, 9, ["建设内容"]),
        (0.63, 5, ["总投资", "（亿元）"]),
        (0.76, 5, ["用地面积", "（亩）"]),
    ]
    if grouped:  # the parent name stands across both of its columns, over their names
        columns[4:5] = [
            (0.60, 5, ["总投资（亿元）", "合计"]),
            (0.69, 5, ["", "其中：“", "十四五”"]),
        ]
    rows: list[list[str] | str] = []
    for number, work in enumerate(plan.works, start=1):
        if grouped and (label := _group_label(plan, number)):
            rows.append(label)
        values = _table_values(number, work, grouped)
        rows.append([*values[:3], f"{work.name}主体工程及配套设施建设", *values[3:]])
    line_height, out = 0.018, io.BytesIO()
    pages = [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)]
    with PdfPages(out) as pdf:
        for page_number, page in enumerate(pages, start=1):
            figure = Figure(figsize=(8.27, 11.69))
            y = 0.93
            if page_number == 1:
                figure.text(0.06, y, plan.title, fontproperties=font, fontsize=13)
                y -= 0.04
                figure.text(0.06, y, "表1 项目安排表", fontproperties=font, fontsize=10)
                y -= 0.03
            y = _table_row(figure, (font, columns), [c[2] for c in columns], y, line_height)
            for cells in page:
                if isinstance(cells, str):  # a group row, across the table
                    figure.text(0.06, y - 0.014, cells, fontproperties=font, fontsize=9)
                    y -= line_height + 0.008
                    figure.add_artist(_rule(y))
                    continue
                wrapped = [
                    textwrap.wrap(text, width) or [""]
                    for (_, width, _), text in zip(columns, cells, strict=True)
                ]
                y = _table_row(figure, (font, columns), wrapped, y, line_height)
            if page_number == len(pages):
                figure.text(0.06, y - 0.03, "第二章 保障措施", fontproperties=font, fontsize=11)
            figure.text(0.47, 0.04, f"— {page_number} —", fontproperties=font, fontsize=9)
            pdf.savefig(figure)
    return out.getvalue()


def _table_row(figure, style, cells: list[list[str]], top: float, step: float) -> float:
    """Print one ruled row of wrapped cells from ``top``; return where the next row starts.

    ``style`` is the font and the columns (left edge, characters a line, header).
    """
    font, columns = style
    height = step * max(len(lines) for lines in cells) + 0.008
    for (left, _, _), lines in zip(columns, cells, strict=True):
        for i, line in enumerate(lines):
            figure.text(left, top - 0.014 - i * step, line, fontproperties=font, fontsize=9)
    figure.add_artist(_rule(top - height))
    return top - height


def _rule(y: float):
    from matplotlib.lines import Line2D

    return Line2D([0.05, 0.9], [y, y], linewidth=0.5, color="black")


def as_scanned_pdf() -> bytes:
    """A PDF that holds only an image of a page (a scan): no text layer."""
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    out = io.BytesIO()
    with PdfPages(out) as pdf:
        figure = Figure(figsize=(8.27, 11.69))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.imshow(np.random.default_rng(0).random((60, 40)), cmap="gray")
        axes.set_axis_off()
        pdf.savefig(figure)
    return out.getvalue()


def write(plan: SyntheticPlan, form: str, folder: Path) -> Path:
    """Write ``plan`` in ``form``: an encoding, ``docx``, ``pdf``, or a table of its works
    (``docx-table``, ``pdf-table``, ``xlsx-table``, and each ``-grouped-table``)."""
    if form == "docx":
        path, data = folder / f"{plan.key}.docx", as_docx(plan.text)
    elif form == "docx-table":
        path, data = folder / f"{plan.key}-table.docx", as_docx_table(plan)
    elif form == "pdf":
        path, data = folder / f"{plan.key}.pdf", as_pdf(plan.text)
    elif form == "pdf-table":
        path, data = folder / f"{plan.key}-table.pdf", as_pdf_table(plan)
    elif form == "xlsx-table":
        path, data = folder / f"{plan.key}-table.xlsx", as_xlsx_table(plan)
    elif form == "xlsx-grouped-table":
        path, data = folder / f"{plan.key}-grouped.xlsx", as_xlsx_table(plan, grouped=True)
    elif form == "docx-grouped-table":
        path, data = folder / f"{plan.key}-grouped.docx", as_docx_table(plan, grouped=True)
    elif form == "pdf-grouped-table":
        path, data = folder / f"{plan.key}-grouped.pdf", as_pdf_table(plan, grouped=True)
    else:
        path, data = folder / f"{plan.key}-{form}.txt", as_text(plan.text, form)
    path.write_bytes(data)
    return path
