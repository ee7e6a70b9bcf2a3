"""The plans: which exist (the registry) and what they say (their lines).

This module is the one owner of both questions. The registry is
``data/plans.toml``; the texts of the five plans ship in ``data/plans/``
(see its README for where each came from). A planner's own plans, uploaded
to the user store (:mod:`geoplan.uploads`), join them: ``read_plans(store=…)``
lists them after the shipped ones, and :func:`plan_lines` reads their lines
from the store. Every citation in geoplan (a
record's ``line_start``, a layer member's source, a stated total) is a
1-based line of these texts, counted as ``sed -n`` and ``grep -n`` count
them: :func:`split_lines` is the only place that splits a plan into lines.

Examples
--------
>>> from geoplan import plans
>>> plans.read_plans()["001"].title
'衢州市现代服务业发展“十四五”规划'
>>> plans.plan_lines("001")[4]
'衢发改发〔2021〕37号'
>>> plans.get_plan("009")
Traceback (most recent call last):
...
geoplan.errors.UnknownNameError: no plan '009'; known plans: 000, 001, 002, 003, 004
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from geoplan import _pdf_tables
from geoplan._io import key_problems, read_toml
from geoplan._paths import DATA
from geoplan.errors import DataFileError, PlanFileError, UnknownNameError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pypdf

    from geoplan.store import Store, StoredPlan

__all__ = [
    "PLANS_DIR",
    "REGISTRY",
    "Plan",
    "PlanText",
    "get_plan",
    "plan_for_file",
    "plan_lines",
    "plan_text",
    "read_plan_file",
    "read_plans",
    "read_text",
    "split_lines",
    "user_plans",
]

#: The plan registry and the folder of the shipped plan texts.
REGISTRY = DATA / "plans.toml"
PLANS_DIR = DATA / "plans"

_REQUIRED = {"file", "title", "short", "level", "region", "period"}
_OPTIONAL = {"issuer", "issued", "doc_number", "source"}
LEVELS = ("province", "city", "county")


@dataclass(frozen=True, slots=True)
class Plan:
    """One plan of the registry.

    Parameters
    ----------
    id
        The id records cite (``"001"``); it starts every ``record_id``.
    file
        The text's file name in :data:`PLANS_DIR`.
    title, short
        The full title and the short name tables use.
    level, region
        ``province``, ``city`` or ``county``, and the unit the plan is for.
    period
        First and last year.
    issuer, issued, doc_number, source
        Who issued it, when (ISO date), its document number (文号) and where
        the text came from; empty when not known.
    """

    id: str
    file: str
    title: str
    short: str
    level: str
    region: str
    period: tuple[int, int]
    issuer: str = ""
    issued: str = ""
    doc_number: str = ""
    source: str = ""


def read_plans(path: str | Path = REGISTRY, *, store: Store | None = None) -> dict[str, Plan]:
    """Read the plan registry, keyed by plan id (every problem of the file at once).

    Parameters
    ----------
    path
        The registry file (the shipped plans).
    store
        A user store: its uploaded plans follow the shipped ones
        (:func:`user_plans`). Without one, only the shipped plans, which are
        what ``geoplan extract --all`` rebuilds.

    Raises
    ------
    DataFileError
        If the file is missing, not TOML, or an entry lacks a key or has a bad value.
    """
    plans = dict(_read_plans(Path(path)))
    if store is not None:
        # Uploads never take a shipped id (geoplan.uploads refuses them).
        plans.update(user_plans(store))
    return plans


def user_plans(store: Store | None = None) -> dict[str, Plan]:
    """Return the plans uploaded to a user store (default: ``GEOPLAN_USER_DIR``'s), by id.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from geoplan.store import Store
    >>> user_plans(Store(Path(tempfile.mkdtemp()) / "geoplan.sqlite"))
    {}
    """
    from geoplan.store import Store  # noqa: PLC0415 - SQLite only when user plans are asked for

    return {p.plan_id: _stored_plan(p) for p in (store or Store()).plans.all()}


def _stored_plan(stored: StoredPlan) -> Plan:
    e = stored.entry
    period = (int(e["period_start"]), int(e["period_end"]))
    extra = {k: str(e.get(k, "")) for k in sorted(_OPTIONAL)}
    return Plan(stored.plan_id, str(e["file"]), str(e["title"]), str(e["short"]),
                str(e["level"]), str(e["region"]), period, **extra)  # fmt: skip


@cache
def _read_plans(file: Path) -> tuple[tuple[str, Plan], ...]:
    data = read_toml(file, "the plan registry")
    plans, problems = [], []
    for key, entry in data.get("plans", {}).items():
        found = key_problems(entry, _REQUIRED | _OPTIONAL, _REQUIRED)
        period = entry.get("period")
        if not (isinstance(period, list) and len(period) == 2 and period[0] <= period[1]):
            found.append(f"period must be [first year, last year], got {period!r}")
        if entry.get("level") not in LEVELS:
            found.append(f"level must be one of {list(LEVELS)}, got {entry.get('level')!r}")
        if found:
            problems += [f"plan {key!r}: {p}" for p in found]
            continue
        fields = {k: str(entry.get(k, "")) for k in sorted(_OPTIONAL)}
        plans.append(
            (
                str(key),
                Plan(
                    str(key), str(entry["file"]), str(entry["title"]), str(entry["short"]),
                    str(entry["level"]), str(entry["region"]), (int(period[0]), int(period[1])),
                    **fields,
                ),
            )
        )  # fmt: skip
    if problems:
        msg = f"plan registry {file} has {len(problems)} problem(s):\n  - " + "\n  - ".join(
            problems
        )
        raise DataFileError(msg)
    return tuple(plans)


def get_plan(plan_id: str) -> Plan:
    """Return the registered plan with this id.

    Raises
    ------
    UnknownNameError
        Listing the known plan ids.
    """
    plans = read_plans()
    if plan_id not in plans:
        msg = f"no plan {plan_id!r}; known plans: {', '.join(sorted(plans))}"
        raise UnknownNameError(msg)
    return plans[plan_id]


def plan_for_file(path: str | Path) -> Plan:
    """Return the registered plan whose text has the file name of ``path``.

    Raises
    ------
    UnknownNameError
        If no registered plan has that file name.
    """
    name = Path(path).name
    for plan in read_plans().values():
        if plan.file == name:
            return plan
    known = ", ".join(sorted(p.file for p in read_plans().values()))
    msg = (
        f"no plan in data/plans.toml has the file {name!r} (known: {known}); "
        "give the plan's id, or extract it as a new plan"
    )
    raise UnknownNameError(msg)


def split_lines(text: str) -> tuple[str, ...]:
    r"""Split a plan's text into its lines (index 0 is line 1), without line ends.

    Splits on ``"\n"`` only, as ``sed`` and ``grep`` count lines:
    ``str.splitlines`` would also split on form feeds and U+2028 and shift
    every later line number. A ``"\r"`` before the break is dropped.

    Examples
    --------
    >>> split_lines("甲\r\n乙\x0c丙\n")
    ('甲', '乙\x0c丙', '')
    """
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


def read_text(path: str | Path) -> str:
    """Read a plan file as UTF-8 text.

    Raises
    ------
    DataFileError
        If the file is missing or not UTF-8.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        msg = f"plan file not found: {path}"
        raise DataFileError(msg) from err
    except (UnicodeDecodeError, OSError) as err:
        msg = f"cannot read plan file {path}: {err}. Plans must be UTF-8 text."
        raise DataFileError(msg) from err


def plan_text(plan_id: str, directory: str | Path | None = None) -> str:
    """Return the whole text of a registered plan.

    ``directory`` overrides :data:`PLANS_DIR` (e.g. another copy of the texts).

    Raises
    ------
    UnknownNameError
        If the plan id is not registered.
    DataFileError
        If its text file is missing or unreadable.
    """
    plan = get_plan(plan_id)
    folder = Path(directory) if directory is not None else PLANS_DIR
    return read_text(folder / plan.file)


def plan_lines(plan_id: str, *, store: Store | None = None) -> tuple[str, ...]:
    """Return the lines of a plan's text (index 0 is line 1): shipped, or uploaded.

    A plan of ``data/plans.toml`` is read from ``data/plans/``; any other id is
    looked for in the user store (``store``, default ``GEOPLAN_USER_DIR``'s).

    Raises
    ------
    UnknownNameError
        If the plan is neither registered nor uploaded.
    DataFileError
        If a registered plan's text is missing from ``data/plans/``.
    """
    if plan_id in read_plans():
        return _shipped_lines(plan_id)
    from geoplan.store import Store  # noqa: PLC0415 - SQLite only for uploaded plans

    text = (store or Store()).plans.text(plan_id)
    if text is None:
        msg = (
            f"no plan {plan_id!r}: not in data/plans.toml ({', '.join(read_plans())}) "
            "and not uploaded (see `geoplan plans`)"
        )
        raise UnknownNameError(msg)
    return split_lines(text)


@cache
def _shipped_lines(plan_id: str) -> tuple[str, ...]:
    return split_lines(plan_text(plan_id))


# ---------------------------------------------------------------- reading any plan file
#
# Self-contained: a plan a planner brings (an upload, or `geoplan extract FILE`) is read
# here into lines, whatever its format and encoding. Line numbers are those of the text
# returned, which is what its records cite.


@dataclass(frozen=True, slots=True)
class PlanText:
    r"""A plan file read as text.

    Attributes
    ----------
    name
        The file's name (as given; used in messages and as the plan's ``file``).
    text
        The whole text, in simplified script; lines end with "\\n".
    lines
        ``text`` split into lines (index 0 is line 1).
    encoding
        How the bytes were decoded: ``utf-8``, ``utf-8-sig``, ``gb18030``, ``utf-16``;
        ``docx``, ``xlsx`` or ``pdf`` for those formats.
    format
        ``text``, ``docx``, ``xlsx`` or ``pdf``.
    converted
        Whether traditional characters were converted to simplified (opencc ``t2s``);
        line breaks are kept, so line numbers are those of the original.
    original
        The text before that conversion (the same as ``text`` when none was needed).
    """

    name: str
    text: str
    lines: tuple[str, ...]
    encoding: str
    format: str
    converted: bool
    original: str


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .xls and .wps files
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# 1 in 200 CJK characters changed by t2s: traditional text, not a stray variant character.
_TRADITIONAL_SHARE = 0.005


def read_plan_file(source: str | Path | bytes, name: str | None = None) -> PlanText:
    """Read a plan file of any supported kind into text and lines.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload).
    name
        The file's name; required with bytes, taken from the path otherwise.

    Supported: text in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16; Word
    ``.docx`` (paragraphs and tables, in document order); Excel ``.xlsx`` (each
    sheet's rows, as a table's); PDF with a text layer.
    Traditional script is converted to simplified, line by line.

    Raises
    ------
    PlanFileError
        If the file is missing or empty, is not one of those formats, cannot be
        decoded, or is a PDF without text (a scan: run OCR first).

    Examples
    --------
    >>> plan = read_plan_file("縣級重點項目：東陽市人民醫院遷建工程。".encode("gb18030"), "a.txt")
    >>> plan.encoding, plan.converted, plan.text
    ('gb18030', True, '县级重点项目：东阳市人民医院迁建工程。')
    """
    if isinstance(source, bytes):
        data, label = source, name or "upload"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as err:
            msg = f"plan file not found: {path}. Check the path."
            raise PlanFileError(msg) from err
        except OSError as err:
            msg = f"cannot read plan file {path}: {err.strerror or err}. Check the path."
            raise PlanFileError(msg) from err
    if not data.strip():
        msg = f"plan file {label} is empty: there is no text to read"
        raise PlanFileError(msg)
    if data.startswith(_OLE2):
        msg = (
            f"{label} is an old Office file (Word .doc, Excel .xls or WPS, before 2007), which "
            "geoplan cannot read. Open it in Word, Excel or WPS and save it as .docx or .xlsx "
            "(另存为), then bring that file."
        )
        raise PlanFileError(msg)
    if data.startswith(b"%PDF"):
        text, encoding, kind = _pdf_text(data, label), "pdf", "pdf"
    elif data.startswith(b"PK\x03\x04") and _zip_holds(data, "xl/workbook.xml"):
        text, encoding, kind = _xlsx_text(data, label), "xlsx", "xlsx"
    elif data.startswith(b"PK\x03\x04"):
        text, encoding, kind = _docx_text(data, label), "docx", "docx"
    else:
        text, encoding = _decode(data, label)
        kind = "text"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified, converted = _simplified(text)
    lines = split_lines(simplified)
    return PlanText(label, simplified, lines, encoding, kind, converted, text)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if _plausible(text) >= 0.9 and not _looks_binary(text):
                return text, encoding
            break  # a BOM before bytes that are not text in it: say so below
    try:
        text = data.decode("utf-8")
        if not _looks_binary(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: GBK/GB18030, or UTF-16 saved without a BOM. Take the reading that
    # looks most like Chinese text (GB18030 decodes UTF-16 bytes into rare characters).
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _plausible(text)
        if best is None or share > best[0]:
            best = (share, text, "utf-16" if encoding.startswith("utf-16") else encoding)
    if best is not None and best[0] >= 0.9 and not _looks_binary(best[1]):
        return best[1], best[2]
    msg = (
        f"cannot read plan file {label}: it is not text in UTF-8, GBK/GB18030 or UTF-16, "
        "nor a .docx, an .xlsx or a PDF. Save the plan as UTF-8 text (or Word .docx) and "
        "try again."
    )
    raise PlanFileError(msg)


def _plausible(text: str) -> float:
    """Return the share of characters a Chinese plan is written in (CJK, punctuation, ASCII)."""
    if not text:
        return 0.0
    common = sum(
        1
        for c in text
        if "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
        or " " <= c <= "~"
        or c in "\n\r\t“”‘’—…·"
    )
    return common / len(text)


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > max(2, len(text) // 100)


def _simplified(text: str) -> tuple[str, bool]:
    """Convert traditional characters to simplified, line by line (line numbers stay)."""
    import opencc  # noqa: PLC0415 - only needed when a plan is read from a file

    converter = opencc.OpenCC("t2s")
    lines = text.split("\n")
    out = [converter.convert(line) for line in lines]
    changed = sum(
        a != b
        for line, new in zip(lines, out, strict=True)
        for a, b in zip(line, new, strict=False)
    )
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if cjk and changed / cjk >= _TRADITIONAL_SHARE and changed >= 2:
        return "\n".join(out), True
    return text, False


def _docx_text(data: bytes, label: str) -> str:
    """Paragraphs and tables of a .docx in document order, one paragraph or table row a line."""
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    import docx  # noqa: PLC0415 - python-docx, only for Word files
    from docx.table import Table  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        msg = f"cannot read {label} as a Word file (.docx): {err}. Save it again as .docx."
        raise PlanFileError(msg) from err
    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(_numbered(block, counters) + block.text)
    return "\n".join(lines)


def _zip_holds(data: bytes, member: str) -> bool:
    """Whether the zip archive ``data`` (an Office file) holds ``member``."""
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


_DEFAULT_SHEET = re.compile(r"(?:Sheet|工作表)\s*\d*", re.IGNORECASE)


def _xlsx_text(data: bytes, label: str) -> str:
    """Each visible sheet of an Excel workbook, one row a line, cells apart by tabs.

    A merged cell's value stands in every cell it covers, as Word repeats a merged
    cell: a title or a group row across the table is then one line, a header of two
    rows keeps its parent name over each sub-column. A sheet named other than
    Excel's default (Sheet1) starts with its name, which may be the table's title.
    """
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415 - only for Excel files

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        msg = f"cannot read {label} as an Excel workbook (.xlsx): {err}. Save it again as .xlsx."
        raise PlanFileError(msg) from err
    lines: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = top
        if not _DEFAULT_SHEET.fullmatch(sheet.title.strip()):
            lines.append(sheet.title.strip())
        lines.extend(_row_lines(grid))
    return "\n".join(lines)


def _cell_text(value: object) -> str:
    """Print a cell as a planner reads it: 25 not 25.0, a date as 2024年3月, lines joined."""
    import datetime as dt  # noqa: PLC0415

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月"
    return _one_line(str(value))


def _one_line(cell: str) -> str:
    """Join a table cell's line breaks (and tabs): the cell on one line, as printed."""
    return re.sub(r"\s*[\r\n\t]+\s*", "", cell).strip()


def _row_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as lines: a row of one value (merged across) is that value alone."""
    lines: list[str] = []
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if len(set(filled)) == 1 and len(filled) == len(cells):
            lines.append(filled[0])
            continue
        last = max(i for i, cell in enumerate(cells) if cell)
        lines.append("\t".join(cells[: last + 1]))
    return lines


def _numbered(paragraph: object, counters: dict[tuple[str, int], int]) -> str:
    """Return the number Word draws before a list paragraph ("1.", "（1）"); its text lacks it."""
    p = getattr(paragraph, "_p", None)
    props = p.pPr if p is not None else None
    numbering = props.numPr if props is not None else None
    if numbering is None:  # numbered through its style ("List Number")
        style = getattr(getattr(paragraph, "style", None), "element", None)
        style_props = style.pPr if style is not None else None
        numbering = style_props.numPr if style_props is not None else None
    if numbering is None or numbering.numId is None:
        return ""
    level = int(numbering.ilvl.val) if numbering.ilvl is not None else 0
    key = (str(numbering.numId.val), level)
    counters[key] = counters.get(key, 0) + 1
    for deeper in [k for k in counters if k[0] == key[0] and k[1] > level]:
        del counters[deeper]
    return f"{counters[key]}. " if level == 0 else f"（{counters[key]}）"


def _table_lines(table: object) -> list[str]:
    """One line per row, its cells apart by tabs: the row layout the extraction reads.

    A row that is one cell (a title across the table, or a 专栏 drawn as a framed
    one-cell table) gives that cell's paragraphs, one a line, and the rows of a table
    inside it; in a row of several cells, line breaks inside a cell are joined.
    """
    lines: list[str] = []
    for row in getattr(table, "rows", []):
        texts = [cell.text for cell in row.cells]
        if len(set(texts)) == 1:
            # one cell across the row: its paragraphs, and the tables it holds (a 专栏
            # framed as a one-cell table around a table of its works), in order
            for block in row.cells[0].iter_inner_content():
                if hasattr(block, "rows"):
                    lines.extend(_table_lines(block))
                else:
                    lines.extend(p.strip() for p in block.text.splitlines() if p.strip())
            continue
        cells = [_one_line(text) for text in texts]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _pdf_text(data: bytes, label: str) -> str:
    import io  # noqa: PLC0415

    import pypdf  # noqa: PLC0415 - only for PDF files

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = _pdf_pages(reader.pages)
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as err:
        msg = f"cannot read {label} as a PDF: {err}. Check that the file is a complete PDF."
        raise PlanFileError(msg) from err
    if not any(page.strip() for page in pages):
        msg = (
            f"{label} is a PDF without a text layer ({len(pages)} page(s) of images, "
            "probably scanned): geoplan cannot read text from images. Run OCR on it "
            "(for example with your PDF editor's 'recognise text'), or bring the Word "
            "or text version of the plan."
        )
        raise PlanFileError(msg)
    return "\n".join(_without_running_lines(pages))


# A page number as printed at a page's foot or head: "3", "— 3 —", "-3-", "第3页", "3/12".
_FOOTER = 20  # characters: a footer this short may change its numbers from page to page
_PAGE_NO = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*/\s*\d{1,3})?[-—–－\s]*")


def _without_running_lines(pages: Sequence[str]) -> list[str]:
    """Drop what a PDF prints at the edge of every page: running headers, footers, numbers.

    A line among the first or last two of its page that stands at the edge of at least
    half of the pages (a short one's digits aside: "第3页", "第4页") is a running header
    or footer; a page number at an edge goes too. Left in, they are read into the text
    they interrupt ("…建设期限2022-2025年。1 丽水市服务业发展规划"). The first page keeps
    its head: it holds the title, which a running header often repeats.
    """
    split = [page.split("\n") for page in pages]

    def key(line: str) -> str:
        # a short footer may differ in its numbers (第3页 共9页); longer lines must be equal
        bare = re.sub(r"\s+", "", line)
        return re.sub(r"\d+", "#", bare) if len(bare) <= _FOOTER else bare

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:2] + filled[-2:]))

    at_edges = [edges(lines) for lines in split]
    seen: dict[str, int] = {}
    for lines, edge in zip(split, at_edges, strict=True):
        for k in {key(lines[i]) for i in edge}:
            seen[k] = seen.get(k, 0) + 1
    # a running line is no sentence: one with 。or ，is text that happens to recur
    running = {
        k
        for k, n in seen.items()
        if n >= 2 and n * 2 >= len(pages) and not re.search("[。，；]", k)
    }
    out = []
    for number, (lines, edge) in enumerate(zip(split, at_edges, strict=True)):
        # the first page keeps its head (the title, which a running header often repeats)
        keep = {i for i in edge if i < len(lines) // 2} if number == 0 else set()
        drop = {
            i
            for i in edge
            if _PAGE_NO.fullmatch(lines[i]) or (key(lines[i]) in running and i not in keep)
        }
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out


def _pdf_pages(pages: Sequence[pypdf.PageObject]) -> list[str]:
    """Each page's text in reading order; a page with a table, from where its words stand.

    Read in reading order, a table comes out one cell fragment per line; read in
    layout mode its rows are rebuilt (:mod:`geoplan._pdf_tables`).
    """
    texts: list[str] = []
    grid: _pdf_tables.Grid | None = None
    for page in pages:
        plain = page.extract_text() or ""
        if grid is None and not _pdf_tables.may_hold_table(plain):
            texts.append(plain)
            continue
        layout = page.extract_text(extraction_mode="layout") or ""
        text, grid = _pdf_tables.page_text(layout.splitlines(), grid)
        # No table after all: the reading order's text, as on any other page.
        texts.append(text if "\t" in text or grid is not None else plain)
    if grid is not None:
        texts[-1] += "\n" + _pdf_tables.finish(grid)
    return texts
