"""What a planner reads beside the map: plan text with the cited lines and the search words marked.

Pure functions, no Streamlit: text in, escaped HTML (or plain text) out. Every
piece of plan text is escaped before it becomes markup (``<``, ``&``, Markdown
characters and all: HTML is not Markdown, so nothing in a plan is
interpreted); the only markup is the fixed ``<mark>``, ``<table>`` and line
elements written here. Works on any plan's lines (``geoplan.plans.plan_lines``,
or an uploaded plan's).

Examples
--------
>>> marked("数字经济<b>产业园</b>", ["数字", "园"])
'<mark>数字</mark>经济&lt;b&gt;产业<mark>园</mark>&lt;/b&gt;'
>>> snippet("东至锦西大道，南至钱江大道，西至外国语学校", ["钱江"], width=6)
'…西大道，南至【钱江】大道，西至外…'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

__all__ = [
    "CONTEXT_LINES",
    "fields_html",
    "line_anchor",
    "lines_html",
    "marked",
    "match_note",
    "plan_page",
    "snippet",
    "spans",
]

#: Lines shown before and after a record's cited lines in its details.
CONTEXT_LINES = 2
# Context lines (not cited) longer than this are shortened around their middle.
_CONTEXT_CHARS = 160

_STYLE = """
.gp-lines { font-size: 13px; line-height: 1.6; border: 1px solid #e4e4e4; border-radius: 4px; }
.gp-line { display: flex; gap: 8px; padding: 1px 8px; color: #666; }
.gp-line.cited { color: #111; background: #fff7d6; border-left: 3px solid #e0a800; }
.gp-line .no { flex: 0 0 auto; min-width: 3.2em; text-align: right; color: #999;
  font-variant-numeric: tabular-nums; user-select: none; }
.gp-line .tx { white-space: pre-wrap; word-break: break-all; }
.gp-fields { border-collapse: collapse; font-size: 13px; width: 100%; }
.gp-fields th { text-align: left; white-space: nowrap; color: #555; font-weight: 500;
  padding: 2px 10px 2px 0; vertical-align: top; }
.gp-fields td { padding: 2px 0; word-break: break-all; }
.gp-fields tr + tr { border-top: 1px solid #eee; }
.gp-raw { font-size: 13px; line-height: 1.6; white-space: pre-wrap; word-break: break-all; }
mark { background: #ffe066; color: inherit; padding: 0 1px; border-radius: 2px; }
"""


def spans(text: str, words: Iterable[str]) -> list[tuple[str, bool]]:
    """Split text into pieces, each ``(piece, matched)``: where the words occur, case-insensitively.

    Overlapping or adjacent matches merge into one piece.

    Examples
    --------
    >>> spans("Park 数字park", ["park"])
    [('Park', True), (' 数字', False), ('park', True)]
    >>> spans("abc", [])
    [('abc', False)]
    """
    folded = text.casefold()
    # str.casefold keeps lengths for CJK and ASCII; elsewhere, match on the text itself
    haystack = folded if len(folded) == len(text) else text
    found = sorted(
        (m.start(), m.end())
        for word in {w.casefold() for w in words if w.strip()}
        for m in re.finditer(re.escape(word), haystack)
    )
    merged: list[list[int]] = []
    for start, end in found:  # by intervals, not characters: plan text is long
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces or [("", False)]


def marked(text: str, words: Iterable[str]) -> str:
    """Return text as escaped HTML with the words in ``<mark>``."""
    return "".join(
        f"<mark>{escape(piece)}</mark>" if hit else escape(piece)
        for piece, hit in spans(text, words)
    )


def snippet(text: str, words: Sequence[str], *, width: int = 14) -> str:
    """Return the first match of the words in text with ``width`` characters around, plain text.

    The matched words are in 【】 (for tables, which show text, never markup);
    ``""`` when no word occurs.
    """
    pieces = spans(text, words)
    start = 0
    for piece, hit in pieces:
        if hit:
            break
        start += len(piece)
    else:
        return ""
    end = start + len(next(p for p, hit in pieces if hit))
    left, right = max(0, start - width), min(len(text), end + width)
    inner = "".join(f"【{p}】" if hit else p for p, hit in spans(text[left:right], words))
    return ("…" if left else "") + inner + ("…" if right < len(text) else "")


def match_note(fields: Iterable[tuple[str, str]], words: Sequence[str]) -> str:
    """Return where a record matches a search: the first field holding a word, as a snippet.

    ``fields`` are (label, text) pairs in the order to look; ``""`` when none matches.

    Examples
    --------
    >>> match_note([("名称", "某园区"), ("原文", "推进数字经济发展")], ["数字"])
    '原文：推进【数字】经济发展'
    """
    for label, text in fields:
        found = snippet(text, words)
        if found:
            return f"{label}：{found}"
    return ""


def fields_html(pairs: Iterable[tuple[str, str]], words: Iterable[str] = ()) -> str:
    """Return label–value pairs as an HTML table, values escaped and the words marked."""
    words = list(words)
    rows = "".join(
        f"<tr><th>{escape(label)}</th><td>{marked(value, words)}</td></tr>"
        for label, value in pairs
        if value
    )
    return f'<style>{_STYLE}</style><table class="gp-fields">{rows}</table>'


def line_anchor(number: int) -> str:
    """Return the HTML id of a plan line in :func:`plan_page` (``L448``)."""
    return f"L{number}"


def _line(number: int, text: str, *, cited: bool, words: Sequence[str], short: bool) -> str:
    if short and len(text) > _CONTEXT_CHARS:
        half = _CONTEXT_CHARS // 2
        text = f"{text[:half]} … {text[-half:]}"
    return (
        f'<div class="gp-line{" cited" if cited else ""}" id="{line_anchor(number)}">'
        f'<span class="no">{number}</span><span class="tx">{marked(text, words)}</span></div>'
    )


def lines_html(
    lines: Sequence[str],
    start: int,
    end: int,
    *,
    words: Sequence[str] = (),
    context: int = CONTEXT_LINES,
) -> str:
    """Return a plan's cited lines (1-based, inclusive) with ``context`` lines around them.

    Lines are numbered as the plan file counts them; the cited ones are marked
    (``cited``) and shown whole, context lines shortened when long; blank lines
    are left out.

    Examples
    --------
    >>> html = lines_html(["甲", "", "乙<x>", "丙", "丁"], 3, 3, context=1)
    >>> html.count('class="gp-line cited"'), "乙&lt;x&gt;" in html, ">丁<" in html
    (1, True, False)
    """
    first, last = max(1, start - context), min(len(lines), end + context)
    body = "".join(
        _line(n, lines[n - 1], cited=start <= n <= end, words=words, short=not start <= n <= end)
        for n in range(first, last + 1)
        if lines[n - 1].strip() or start <= n <= end
    )
    return f'<style>{_STYLE}</style><div class="gp-lines">{body}</div>'


def plan_page(
    lines: Sequence[str], start: int, end: int, *, title: str, words: Sequence[str] = ()
) -> str:
    """Return a whole plan as one HTML page, opened at its cited lines (for an iframe).

    Every line is numbered and has an anchor (:func:`line_anchor`); the cited
    ones are marked, and a fixed script scrolls the first of them to the middle
    of the frame when the page opens.
    """
    body = "".join(
        _line(n, text, cited=start <= n <= end, words=words, short=False)
        for n, text in enumerate(lines, start=1)
    )
    target = line_anchor(max(1, min(start, len(lines))))
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}"
        "body { margin: 0; font-family: sans-serif; } .gp-lines { border: 0; }</style></head>"
        f'<body><div class="gp-lines">{body}</div><script>'
        f'document.getElementById("{target}").scrollIntoView({{block: "center"}});'
        "</script></body></html>"
    )
