r"""Read the tables of a plan's text: rows of cells under a header of column names.

Two layouts are read. In the **row layout** of most texts (a Word table saved as
text, a spreadsheet pasted, a PDF's text layer) each row is one line and its
cells stand apart by tabs or spaces (:func:`find_row_table`). The Word
conversion of plan 002 **flattened** its tables: each row is a block of lines
between blank lines; each cell starts with a tab, and a line without a tab
continues the cell above it (002 专栏7: "国家级" /
"经济技术" / "开发区" is one cell). A merged cell is printed only in its first
row, so shorter rows are padded from the row above.

Examples
--------
>>> from geoplan.extract.text import repair
>>> doc = repair("\t园区类别\n\t园区名称\n\n\t国家级\n开发区\n\t金华开发区\n\n\t\n\t义乌开发区\n")
>>> table = read_table(doc.lines)
>>> table.header, [[c.text for c in row] for row in table.rows]
(('园区类别', '园区名称'), [['国家级开发区', '金华开发区'], ['国家级开发区', '义乌开发区']])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geoplan._table_words import CN_SERIAL, GROUP, SERIAL
from geoplan.extract.markers import is_heading, marker
from geoplan.extract.text import SourceLine, Span

__all__ = ["Table", "find_row_table", "group_row", "read_table", "row_header"]

_HEADER_WORDS = ("名称", "类别", "目标", "方向", "单位", "序号")


@dataclass(frozen=True, slots=True)
class Table:
    """A table: header cells (empty if none) and data rows of cells with line maps."""

    header: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]
    notes: tuple[Span, ...] = ()
    groups: tuple[tuple[int, str], ...] = ()  # (line, text) of rows that head groups of rows

    @property
    def name_column(self) -> int:
        """Index of the column that names each row (项目名称, 平台名称, a bare 项目); else 0."""
        return next((i for i, h in enumerate(self.header) if _NAME_HEADERS.search(h)), 0)

    def group_of(self, cells: Sequence[Span]) -> str:
        """Return the group row a row stands under ("一、新建项目", "产业平台类"); "" if none."""
        name = cells[self.name_column] if len(cells) > self.name_column else cells[0]
        line = name.lines[0] if name.lines else 0
        return next((text for at, text in reversed(self.groups) if at < line), "")

    def column(self, *words: str) -> int | None:
        """Index of the first header cell containing one of ``words``."""
        for index, cell in enumerate(self.header):
            if any(word in cell for word in words):
                return index
        return None


def read_table(lines: Sequence[SourceLine]) -> Table:
    """Read a table in row layout (below) or flattened as in plan 002.

    Rows starting with 备注/注 become ``notes``. Lines before a row layout's
    header (a box's introduction) are not part of the table.
    """
    for start in range(min(2, len(lines))):
        found = find_row_table(lines[start:])
        if found is not None:
            return found[1]
    raw = _rows(lines)
    header: tuple[str, ...] = ()
    if raw and any(word in cell.text for cell in raw[0] for word in _HEADER_WORDS):
        header = tuple(cell.text for cell in raw[0])
        raw = raw[1:]
    rows: list[tuple[Span, ...]] = []
    notes: list[Span] = []
    width = len(header) or max((len(r) for r in raw), default=0)
    for cells in raw:
        if len(cells) == 1 and cells[0].text.startswith(("备注", "注")):
            notes.append(cells[0])
            continue
        short = bool(rows) and len(cells) < width
        rows.append((rows[-1][: width - len(cells)] if short else ()) + tuple(cells))
    return Table(header, tuple(rows), tuple(notes))


def _rows(lines: Sequence[SourceLine]) -> list[tuple[Span, ...]]:
    rows: list[list[list[SourceLine]]] = []
    for line in lines:
        if line.after_blank or not rows:
            rows.append([])
        if line.tabbed or not rows[-1]:
            rows[-1].append([line])
        else:
            rows[-1][-1].append(line)
    return [
        tuple(Span.join((line.text, line.number) for line in cell) for cell in row)
        for row in rows
        if row
    ]


# ---------------------------------------------------------------- row layout
#
# Most plan texts print a table one row to a line: a header of column names
# ("序号 项目名称 建设地点 建设内容 总投资（亿元） 建设年限") and then a line for
# each row, cells apart by a tab, an ideographic space or two spaces (a Word
# table saved as text, a copy from a spreadsheet); text taken from a PDF often
# keeps only one space between cells, which is trusted only when every row
# then splits into as many cells as the header.

_STRICT = re.compile(r"\t+|\u3000+| {2,}")
_LOOSE = re.compile(r"[\t\u3000 ]+")
_COLUMN_WORDS = (
    "序号", "名称", "项目", "地点", "位置", "选址", "地址", "所在", "内容", "规模", "投资",
    "年限", "期限", "起止", "时间", "年度", "单位", "主体", "业主", "面积", "类别", "类型",
    "备注", "性质", "阶段", "进度", "属性", "指标",
)  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d{2}年?")
_NAME_HEADERS = re.compile(
    r"名称|^项目名?$|^(?:重点|重大|建设|工程)?(?:项目|平台|园区|工程)$"
)  # 项目名称, 平台名称, 项目, 项目名, 建设项目, 工程项目, 重点工程
_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|共计)")


def _split(text: str, loose: bool, indent: str = "") -> list[str]:
    if "\t" in text and not loose:
        # Tabs keep empty cells: "1\t甲\t\t3" has an empty third cell; so does the
        # indent of a row whose first cell is empty.
        return [""] * indent.count("\t") + [cell.strip() for cell in text.strip().split("\t")]
    return [cell for cell in (_LOOSE if loose else _STRICT).split(text.strip()) if cell]


def _is_column_name(cell: str) -> bool:
    bare = re.sub(r"[（(][^）)]*[）)]", "", cell)
    if _YEAR.fullmatch(bare):  # a column of one year's figures: 2020年, 2025年
        return True
    return (
        len(bare) <= 12
        and not re.search(r"[0-9０-９]", bare)
        and any(word in bare for word in _COLUMN_WORDS)
    )


def row_header(text: str) -> tuple[list[str], bool] | None:
    r"""Return a row-layout header's column names, and whether its cells split loosely.

    A header has three or more cells, most of them column names (序号, 项目名称,
    建设地点, 总投资（亿元）…), one of them a name column.

    Examples
    --------
    >>> row_header("序号\t项目名称\t建设地点\t总投资（亿元）")
    (['序号', '项目名称', '建设地点', '总投资（亿元）'], False)
    >>> row_header("序号 项目名称 建设地点 总投资（亿元）")[1]
    True
    >>> row_header("序号\t建设项目\t建设内容\t总投资（亿元）")[0][1]  # another name column
    '建设项目'
    >>> row_header("一、发展基础 与 面临 形势") is None
    True
    """
    for loose in (False, True):
        cells = _split(text, loose)
        if len(cells) < 3:
            continue
        named = sum(_is_column_name(cell) for cell in cells)
        if named * 3 >= len(cells) * 2 and any(_NAME_HEADERS.search(c) for c in cells):
            return cells, loose
        return None
    return None


def find_row_table(lines: Sequence[SourceLine]) -> tuple[int, Table] | None:
    r"""Read the row-layout table whose header is ``lines[0]``; return lines used and the table.

    A row splits into as many cells as the header; a numbered row (its first
    cell a 序号) with fewer is padded at the end, one with more gives the extra
    cells to the content column. A short line of one cell right below a row
    continues its content cell (a cell wrapped in the conversion). The table
    ends at the first other line.
    Rows of sums (合计, 小计) and 备注/注 lines become notes.

    Examples
    --------
    >>> from geoplan.extract.text import repair
    >>> doc = repair("序号\t项目名称\t建设地点\n1\t甲园区\t乙镇\n2\t丙中心\t丁镇\n正文。")
    >>> used, table = find_row_table(doc.lines)
    >>> used, table.header, [[c.text for c in row] for row in table.rows]
    (3, ('序号', '项目名称', '建设地点'), [['1', '甲园区', '乙镇'], ['2', '丙中心', '丁镇']])
    """
    if not lines:
        return None
    found = row_header(lines[0].text)
    if found is None:
        return None
    header, loose = found
    used = 1
    below = _row_cells(lines[1], loose, len(header), None, []) if len(lines) > 1 else []
    if below and (two := _second_header(header, below)):
        header, used = two, 2
    width = len(header)
    # The 序号 column; a category column before it is printed only in the first row of
    # its group (a merged cell), so a numbered row that lacks it takes it from above.
    number_col = next((i for i, h in enumerate(header) if "序号" in h), None)
    content = next((i for i, h in enumerate(header) if "内容" in h or "规模" in h), width - 1)
    rows: list[list[Span]] = []
    notes: list[Span] = []
    groups: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None  # a group row, kept once a row follows it
    repeats: list[int] = []  # lines that repeat the header, kept once a row follows them
    for line in lines[used:]:
        text = line.text
        if pending is None and (text.startswith(("备注", "注：", "注:")) or _TOTAL_ROW.match(text)):
            notes.append(Span.join([(text, line.number)]))
            used += 1
            continue
        above = [cell.text for cell in rows[-1]] if rows else []
        cells = _row_cells(line, loose, width, number_col, above)
        numbered = number_col is not None and len(cells) > number_col
        numbered = numbered and SERIAL.fullmatch(cells[number_col or 0]) is not None
        group = _group_row(cells, width) or _numbered_group(cells, number_col)
        if group and pending is None:
            pending = (line.number, group)
        elif cells == list(header[: len(cells)]) and len(cells) >= 3:
            repeats.append(line.number)  # the header again (a new page, a new sheet): no row
        elif len(cells) == width or (numbered and len(cells) >= 2):
            rows.append([Span.join([(cell, line.number)]) for cell in _fit(cells, width, content)])
            # a group row and repeated headers are the table's once a row follows them
            used += 1 + (pending is not None) + len(repeats)
            groups.extend([pending] if pending else [])
            pending, repeats = None, []
        elif len(cells) == 1 and rows and pending is None and _continues_cell(line):
            cell = rows[-1][content]
            rows[-1][content] = Span.concat([cell, Span.join([(text, line.number)])], [""])
            used += 1
        else:
            break
    if not rows:
        return None
    table = Table(tuple(header), tuple(tuple(r) for r in rows), tuple(notes), tuple(groups))
    name = table.name_column
    kept = tuple(r for r in table.rows if not _TOTAL_ROW.match(r[name].text))
    return used, Table(table.header, kept, table.notes, table.groups)


def _fit(cells: list[str], width: int, content: int) -> list[str]:
    """Return a row's cells, as many as the header: extra cells go to the content cell."""
    if len(cells) > width:
        extra = len(cells) - width
        merged = "".join(cells[content : content + extra + 1])
        cells = [*cells[:content], merged, *cells[content + extra + 1 :]]
    return cells + [""] * (width - len(cells))


# A row of one cell inside a table heads the rows below it: "一、产业发展项目",
# "（二）续建项目（12个）", "社会事业类". A short cell without a marker is a group
# only when it says what kind of rows follow; otherwise it continues the cell above.
_GROUP_MARKER = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]")


def _row_cells(
    line: SourceLine, loose: bool, width: int, number_col: int | None, above: list[str]
) -> list[str]:
    """Split a line into a row's cells, filling what its layout leaves out.

    A numbered row without the category cells before its 序号 (a merged cell printed
    in its group's first row) takes them from the row above; a Word table saved as text
    drops a row's last empty cells.
    """
    cells = _split(line.text, loose, line.indent)
    if number_col and above and len(cells) < width and SERIAL.fullmatch(cells[0]):
        cells = above[:number_col] + cells
    if not loose and "\t" in line.text and len(cells) < width:
        cells += [""] * (width - len(cells))
    return cells


def _numbered_group(cells: list[str], number_col: int | None) -> str:
    """Return the text of a group row numbered in Chinese: "一 | 产业项目（2个） | | 35".

    Its figures are the group's sums, not a work's.
    """
    if number_col is None or len(cells) <= number_col + 1:
        return ""
    if not CN_SERIAL.fullmatch(cells[number_col]):
        return ""
    return next((cell for cell in cells[number_col + 1 :] if cell), "")


def group_row(text: str) -> bool:
    """Whether a line heads a group of a table's rows: "一、新建项目", "续建项目（12个）".

    >>> group_row("二、续建项目"), group_row("甲县物流园")
    (True, False)
    """
    return bool(_group_row([text.strip()], 1))


def _group_row(cells: list[str], width: int) -> str:
    """Return the text of a group row: one cell alone, or first of a row of empty cells."""
    filled = [cell for cell in cells if cell]
    if len(filled) != 1 or len(cells) not in (1, width):
        return ""
    text = filled[0]
    if len(text) > 30 or "。" in text or SERIAL.fullmatch(text):
        return ""
    return text if _GROUP_MARKER.match(text) or GROUP.search(text) else ""


# A header of two rows: "总投资（亿元）" over "合计" and "其中：“十四五”", or
# "建设地点" over "县（市、区）" and "乡镇（街道）". Word repeats a merged cell in
# each row and column it covers; other converters leave the covered cells empty.
_TOTAL_WORDS = ("合计", "小计", "总计", "总额", "计")
_SUB_WORDS = re.compile(r"十[一二三四五]五|(?:19|20)\d{2}|期间|开工|竣工|起|止|市|县|区|镇|乡|街道")


def _second_header(header: list[str], below: list[str]) -> list[str] | None:
    r"""Return the header with the row below it, when that row names sub-columns.

    >>> _second_header(["序号", "项目名称", "总投资（亿元）", "总投资（亿元）"],
    ...                ["序号", "项目名称", "合计", "其中：“十四五”"])
    ['序号', '项目名称', '总投资（亿元）', '“十四五”投资（亿元）']
    >>> _second_header(["序号", "项目名称", "建设地点", ""], ["", "", "县（市、区）", "乡镇"])
    ['序号', '项目名称', '县（市、区）建设地点', '乡镇建设地点']
    >>> _second_header(["序号", "项目名称", "总投资"], ["1", "甲园区", "3"]) is None
    True
    """
    if len(below) != len(header):
        return None
    merged: list[str] = []
    parent = ""
    changed = False
    for top, sub in zip(header, below, strict=True):
        parent = top or parent
        if not sub or sub == top:
            merged.append(top)
            continue
        if len(sub) > 12 or re.search(r"[0-9０-９]", re.sub(r"(?:19|20)\d{2}年?", "", sub)):
            return None
        if not (_is_column_name(sub) or _SUB_WORDS.search(sub) or sub in _TOTAL_WORDS):
            return None
        merged.append(_sub_label(parent, sub))
        changed = True
    return merged if changed else None


def _sub_label(parent: str, sub: str) -> str:
    """Name a sub-column: what it says, with its parent's words and unit."""
    sub = re.sub(r"^其中[：:]?", "", sub)
    if sub in _TOTAL_WORDS:
        return parent
    unit = "".join(re.findall(r"[（(][^）)]*[）)]", parent))
    bare = re.sub(r"[（(][^）)]*[）)]", "", parent)
    own_unit = re.search(r"[（(][^）)]*[）)]", sub) is not None
    key = re.sub(r"^总", "", bare)
    if (key and key in sub) or (_is_column_name(sub) and own_unit):
        return sub if own_unit else sub + unit
    return f"{sub}{key}{unit}"


def _continues_cell(line: SourceLine) -> bool:
    # The rest of a wrapped cell: short, right below its row, no sentence of its own;
    # a heading, a numbered paragraph, a box's header or a sentence ends the table.
    text = line.text
    if line.after_blank or line.width > 30 or text.endswith(("。", "：", ":")):
        return False
    return not (is_heading(text) or marker(text) is not None or text.startswith("专栏"))
