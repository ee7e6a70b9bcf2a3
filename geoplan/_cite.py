"""Where in a plan a record's words are: the field and the 1-based line, for placement bases."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from geoplan.admin import normalize
from geoplan.errors import DataFileError

#: A plan's lines by plan id (``geoplan.plans.plan_lines``), to cite the line a word is on.
LineSource = Callable[[str], Sequence[str]]

LABELS = {"name": "名称", "location": "选址", "boundary": "四至", "text": "原文"}


class Citer:
    """Says where in the plan a word of a record's field is: field and line."""

    def __init__(self, record: Mapping[str, Any], lines: LineSource | None) -> None:
        self.record = record
        self.lines = lines

    def label(self, field: str, words: Sequence[str]) -> str:
        """Return ``where(field, first word)``, or the field's label when no word was found."""
        return self.where(field, words[0]) if words else LABELS[field]

    def where(self, field: str, word: str) -> str:
        """``名称（第12行）``: the field, and the plan line the word starts on."""
        start, end = self.record.get("line_start"), self.record.get("line_end")
        if start is None or pd.isna(start):
            return LABELS[field]
        first, last = int(start), int(end if end is not None and not pd.isna(end) else start)
        line = self._line_of(word, first, last)
        if line is not None:
            return f"{LABELS[field]}（第{line}行）"
        span = f"第{first}行" if first == last else f"第{first}–{last}行"
        return f"{LABELS[field]}（{span}）"

    def _line_of(self, word: str, first: int, last: int) -> int | None:
        if self.lines is None:
            return None
        try:
            lines = self.lines(str(self.record.get("plan", "")))
        except (DataFileError, KeyError):
            return None
        text, starts = "", []
        for number in range(first, min(last, len(lines)) + 1):
            starts.append((len(text), number))
            text += normalize(lines[number - 1])
        at = text.find(normalize(word))
        if at < 0:
            return None
        return max(number for offset, number in starts if offset <= at)
