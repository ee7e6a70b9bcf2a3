"""The source plans: ``data/plans.toml`` and, when present, their texts.

Examples
--------
>>> from geoplan.plans import read_plans
>>> plans = read_plans()
>>> plans["001"].title
'衢州市现代服务业发展“十四五”规划'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geoplan._paths import DATA, seeds_dir
from geoplan.errors import DataFileError, UnknownNameError

__all__ = ["Plan", "PlanText", "plan_lines", "read_plan_file", "read_plans"]


@dataclass(frozen=True, slots=True)
class Plan:
    """One source plan."""

    id: str
    file: str
    title: str
    short: str
    level: str
    region: str
    period: tuple[int, int]


def read_plans(path: str | Path = DATA / "plans.toml") -> dict[str, Plan]:
    """Read the plan registry, keyed by plan id."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        msg = f"cannot read the plan registry {file}: {err}"
        raise DataFileError(msg) from err
    plans = {}
    for key, entry in data.get("plans", {}).items():
        try:
            start, end = entry["period"]
            plans[key] = Plan(
                key,
                entry["file"],
                entry["title"],
                entry["short"],
                entry["level"],
                entry["region"],
                (start, end),
            )
        except (KeyError, TypeError, ValueError) as err:
            msg = (
                f"{file}: plan {key!r} needs file, title, short, level, region "
                f"and period = [start, end] ({err})"
            )
            raise DataFileError(msg) from err
    return plans


@cache
def plan_lines(plan_id: str, directory: Path | None = None) -> tuple[str, ...]:
    """Return the lines of a plan's text (index 0 is line 1), without line ends.

    Raises
    ------
    UnknownNameError
        If the plan id is not in the registry.
    DataFileError
        If the plan texts are not available (see ``GEOPLAN_SEEDS``).
    """
    plans = read_plans()
    if plan_id not in plans:
        msg = f"no plan {plan_id!r}; known plans: {', '.join(sorted(plans))}"
        raise UnknownNameError(msg)
    folder = directory or seeds_dir()
    if folder is None:
        msg = "plan texts not found: set GEOPLAN_SEEDS to the folder holding the five plans"
        raise DataFileError(msg)
    # Split on "\n" only: sed and grep count lines that way; str.splitlines would
    # also split on form feeds and U+2028 and shift every later line number.
    text = (folder / plans[plan_id].file).read_text(encoding="utf-8")
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


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
        ``docx`` or ``pdf`` for those formats.
    format
        ``text``, ``docx`` or ``pdf``.
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
    ``.docx`` (paragraphs and tables, in document order); PDF with a text layer.
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
    from geoplan.errors import PlanFileError  # noqa: PLC0415 - keep the registry's imports

    if isinstance(source, bytes):
        data, label = source, name or "upload"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except OSError as err:
            msg = f"cannot read plan file {path}: {err.strerror or err}. Check the path."
            raise PlanFileError(msg) from err
    if not data.strip():
        msg = f"plan file {label} is empty: there is no text to read"
        raise PlanFileError(msg)
    if data.startswith(b"%PDF"):
        text, encoding, kind = _pdf_text(data, label), "pdf", "pdf"
    elif data.startswith(b"PK\x03\x04"):
        text, encoding, kind = _docx_text(data, label), "docx", "docx"
    else:
        text, encoding = _decode(data, label)
        kind = "text"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified, converted = _simplified(text)
    lines = tuple(simplified.split("\n"))
    return PlanText(label, simplified, lines, encoding, kind, converted, text)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    from geoplan.errors import PlanFileError  # noqa: PLC0415

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
        "nor a .docx or a PDF. Save the plan as UTF-8 text (or Word .docx) and try again."
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

    from geoplan.errors import PlanFileError  # noqa: PLC0415

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


_UNIT_IN_HEADER = re.compile(r"[（(]\s*(亿元|万元|亩|公顷|平方米|平方公里|公里|km|万千瓦)\s*[）)]")


def _table_lines(table: object) -> list[str]:
    """One line per row; a header's units go with their numbers: "总投资5.2亿元"."""
    rows = [[cell.text.strip() for cell in row.cells] for row in getattr(table, "rows", [])]
    if not rows:
        return []
    header = rows[0]
    lines = ["　".join(header)]
    for row in rows[1:]:
        parts = []
        number = ""
        for label, value in zip(header, row, strict=False):
            unit = _UNIT_IN_HEADER.search(label)
            if "序号" in label and value:
                number = f"{value}. "
                continue
            if unit and re.fullmatch(r"[约超过近]?[0-9.，,]+", value):
                plain = _UNIT_IN_HEADER.sub("", label)
                parts.append(f"{plain}{value}{unit.group(1)}")
            elif re.search(r"名称|项目$", label) or not label or not value:
                parts.append(value)
            else:
                parts.append(f"{label}：{value}")
        lines.append(number + "，".join(p for p in parts if p) + "。")
    return lines


def _pdf_text(data: bytes, label: str) -> str:
    import io  # noqa: PLC0415

    import pypdf  # noqa: PLC0415 - only for PDF files

    from geoplan.errors import PlanFileError  # noqa: PLC0415

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
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
    return "\n".join(pages)
