"""The record search: which records hold every searched word in one of their text fields.

The text fields are held as Arrow string arrays (:class:`SearchText`), searched in
C++ (``pyarrow.compute.match_substring``): at 100,000 records a word is found in
about 0.15 s, where a Python test per cell took 0.9 s. :class:`geoplan.query.RecordIndex`
keeps one :class:`SearchText` for ``atlas.records``, built at its first search; a
table searched without one is converted for that search only.

Examples
--------
>>> import pandas as pd
>>> records = pd.DataFrame({
...     "name": ["湘湖科创园", "城东 Park", None],
...     "kind": ["platform", "project", "project"],
...     "location": ["萧山区", "", "科创大道"],
... })
>>> text = SearchText.of(records)
>>> text.matches(["科创"]).tolist()
[True, False, True]
>>> text.matches(["park", "城东"]).tolist(), text.matches(["平台"]).tolist()
([False, True, False], [True, False, False])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geoplan import schema

__all__ = ["SEARCHED", "SearchText", "search_words"]

#: The record columns a text search looks in: every text field planners read (the plan's
#: own words in ``text`` first), not ids, codes or geometry.
_CODES = {"plan", "kind", "work_type", "group_id", "adcode", "adcodes", "precision", "line_wkt"}
SEARCHED: tuple[str, ...] = tuple(
    f.name for f in schema.FIELDS if f.dtype == "str" and f.name not in _CODES
)
# Coded columns searched by their Chinese labels (搜索“水库” finds the reservoirs).
_LABELLED = ("kind", "work_type")


def search_words(text: str) -> list[str]:
    """Return the words of a search, as the search matches them (case-folded).

    Examples
    --------
    >>> search_words("  数字  Park ")
    ['数字', 'park']
    """
    return list(dict.fromkeys(text.casefold().split()))


@dataclass(frozen=True, slots=True)
class _Column:
    """A searched field: its distinct values and each row's (-1: none), or every row's value."""

    values: pa.Array
    codes: npt.NDArray[np.int32] | None = None

    def holds(self, word: str, rows: npt.NDArray[np.intp] | None) -> npt.NDArray[np.bool_]:
        """Return which rows (all, or those given) hold the word (case-folded)."""
        # words without letters that have a case (Chinese, digits) need no case-folding
        fold = word.upper() != word.lower()
        if self.codes is None:
            values = self.values if rows is None else self.values.take(pa.array(rows))
            hit = pc.match_substring(values, word, ignore_case=fold)
            return np.asarray(hit.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
        # a value shared by many rows is looked at once; code -1 picks the False appended
        hit = pc.match_substring(self.values, word, ignore_case=fold)
        found = np.append(hit.fill_null(False).to_numpy(zero_copy_only=False), False)
        return np.asarray(found[self.codes if rows is None else self.codes[rows]], dtype=bool)


@dataclass(frozen=True, slots=True)
class SearchText:
    """A records table's searched text: each field as Arrow strings, searched in C++.

    A field whose values repeat (a box's title, a unit's name, the text of an
    item shared by its works) is held as its distinct values and a code per
    row, so each is stored and searched once. Build it with :meth:`of`; the
    table must not change afterwards (the rows of :meth:`matches` are the
    table's positions).
    """

    columns: tuple[_Column, ...]
    size: int

    @classmethod
    def of(cls, records: pd.DataFrame) -> SearchText:
        """Hold the text fields of a table (and its kinds and work types as their labels)."""
        columns = [_column(records[c]) for c in SEARCHED if c in records.columns]
        columns += [
            _column(schema.value_labels(records[c], c)) for c in _LABELLED if c in records.columns
        ]
        return cls(tuple(columns), len(records))

    def matches(self, words: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Return which rows hold every word (case-folded) in one of their fields.

        Each word may be in a different field; each word after the first is
        looked for only in the rows the words before it kept.
        """
        mask = np.ones(self.size, dtype=bool)
        for word in words:
            rows = np.flatnonzero(mask)
            if not len(rows):
                break
            some = rows if len(rows) < self.size else None
            found = np.zeros(len(rows), dtype=bool)
            for column in self.columns:
                found |= column.holds(word, some)
            mask[rows] = found
        return mask


def _column(values: pd.Series) -> _Column:
    """Hold a text column: by distinct values when they are fewer than half the rows."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    if len(uniques) * 2 <= len(values):
        return _Column(_arrow(uniques), codes.astype(np.int32))
    return _Column(_arrow(values.to_numpy(dtype=object)))


def _arrow(cells: npt.NDArray[np.object_]) -> pa.Array:
    """Return text cells as an Arrow string array (missing values as nulls)."""
    try:
        return pa.array(cells, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a cell that is not text: as its text
        missing = pd.isna(cells)
        return pa.array(
            [None if gone else str(v) for v, gone in zip(cells, missing, strict=True)],
            type=pa.large_string(),
        )
