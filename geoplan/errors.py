"""The exceptions geoplan raises.

Every error is a ``ValueError`` (the input was wrong, not the program), so
callers that only care about "bad input" can catch that, and callers that want
to tell cases apart can catch the subclasses. Messages say what was wrong,
what was received and what to do about it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BoundaryInputError",
    "BoundaryRefusedError",
    "CoordinateError",
    "DataFileError",
    "DuplicatePlanError",
    "GeometryError",
    "GeoplanError",
    "PlanFileError",
    "SchemaError",
    "SetupError",
    "StoreError",
    "UnknownNameError",
]


class GeoplanError(ValueError):
    """Base class of every error geoplan raises on purpose."""


class DataFileError(GeoplanError):
    """A data file (layer spec, boundary file, records table, plan text) is unusable.

    The message names the file, and the key or line where that helps.
    """


class SchemaError(GeoplanError):
    """A table of records does not match :mod:`geoplan.schema`.

    The message lists every problem at once, not only the first.
    """


class UnknownNameError(GeoplanError, KeyError):
    """A layer, member or unit was asked for by a name geoplan does not know.

    Also a ``KeyError`` so that ``atlas.grouping("…")`` behaves like a lookup.
    The message lists the valid choices or the closest known names.
    """

    def __str__(self) -> str:
        # KeyError.__str__ would wrap the message in quotes.
        return str(self.args[0]) if self.args else ""


class CoordinateError(GeoplanError):
    """Coordinates that cannot be right: outside WGS-84 ranges or far from Zhejiang."""


class PlanFileError(DataFileError):
    """A plan file cannot be read as text: its format, encoding, or a PDF without text.

    The message names the file, says what was found and what to do (save as UTF-8 text,
    run OCR on a scanned PDF …).
    """


class BoundaryInputError(GeoplanError):
    """A boundary to digitize cannot be read: bad file, wrong geometry, wrong coordinates.

    Nothing is saved. The message says what was received and how to fix it.
    """


class BoundaryRefusedError(GeoplanError):
    """A boundary was read but its checks refuse the save (a failure, or a warning unforced).

    ``report`` holds the checks (a :class:`geoplan.checks.BoundaryReport`).
    """

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


class StoreError(GeoplanError):
    """The user's store cannot be used: not a geoplan store, newer schema, or locked too long."""


class DuplicatePlanError(GeoplanError):
    """An uploaded plan is already in the user's store (remove it, or save it with replace)."""


class GeometryError(GeoplanError):
    """A geometry geoplan cannot use: empty, of the wrong type, or beyond repair."""


class SetupError(GeoplanError):
    """The machine lacks something geoplan needs (a font for printed maps).

    The message names what is missing and the command that installs it.
    """
