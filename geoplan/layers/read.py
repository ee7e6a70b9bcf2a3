"""Reading ``layers/*.toml``: every problem of a file reported at once.

See ``layers/README.md`` for the format. Unknown keys and bad values are
rejected with the file and key named.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geoplan._io import key_problems, read_toml
from geoplan.errors import DataFileError
from geoplan.layers.spec import (
    MEMBER_PRECISIONS,
    Category,
    GroupingSpec,
    LayerSpec,
    Member,
    RecordLayerSpec,
    Source,
)

__all__ = ["read_spec"]


_TOP_KEYS = {
    "grouping": {
        "id",
        "kind",
        "title",
        "plan",
        "source",
        "categories",
        "members",
        "aliases",
        "description",
    },
    "records": {
        "id",
        "kind",
        "title",
        "plan",
        "source",
        "select",
        "color_by",
        "aliases",
        "description",
    },
}
_MEMBER_KEYS = {
    "name",
    "category",
    "role",
    "units",
    "precision",
    "source",
    "note",
    "aliases",
    "places",
}
_MEMBER_REQUIRED = {"name", "category", "role", "units", "precision", "source"}
_CATEGORY_KEYS = {"name", "label"}
_SELECT_KEYS = {"plan", "box", "kind", "precision"}


class _Problems:
    """Collects every problem of one file, then raises them together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")

    def keys(
        self, where: str, table: Mapping[str, Any], allowed: set[str], required: set[str]
    ) -> None:
        for problem in key_problems(table, allowed, required):
            self.add(where, problem)

    def raise_if_any(self) -> None:
        if self.items:
            msg = (
                f"layer file {self.path} has {len(self.items)} problem(s):\n  - "
                + "\n  - ".join(self.items)
                + "\nSee layers/README.md for the format."
            )
            raise DataFileError(msg)


def read_spec(path: str | Path) -> LayerSpec:
    """Read and check one layer file.

    Raises
    ------
    DataFileError
        If the file is not valid TOML or breaks the format; every problem of
        the file is listed.
    """
    file = Path(path)
    data = read_toml(file, "layer file")
    problems = _Problems(file)
    kind = str(data.get("kind"))
    if kind not in _TOP_KEYS:
        problems.add("kind", f"must be 'grouping' or 'records', got {kind!r}")
        problems.raise_if_any()
    required = _TOP_KEYS[kind] - {"aliases", "description"}
    problems.keys("top level", data, _TOP_KEYS[kind], required)
    if not required <= set(data):
        problems.raise_if_any()  # nothing more can be checked without them
    plan = str(data["plan"])
    common: dict[str, Any] = {
        "id": _text(problems, "id", data["id"]),
        "title": _text(problems, "title", data["title"]),
        "plan": plan,
        "sources": _sources(problems, "source", data["source"], plan),
        "aliases": tuple(data.get("aliases", ())),
        "description": str(data.get("description", "")),
        "path": file,
    }
    spec: LayerSpec
    if kind == "grouping":
        categories = _categories(problems, data["categories"])
        members = _members(problems, data["members"], plan, {c.name for c in categories})
        spec = GroupingSpec(**common, categories=categories, members=members)
    else:
        spec = RecordLayerSpec(
            **common, select=_select(problems, data["select"]), color_by=str(data["color_by"])
        )
    problems.raise_if_any()
    return spec


def _text(problems: _Problems, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"must be a non-empty string, got {value!r}")
        return ""
    return value.strip()


def _sources(problems: _Problems, where: str, value: Any, plan: str) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        problems.add(where, 'must be a non-empty list of { line = N, quote = "…" }')
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            problems.add(here, 'must be a table { line = N, quote = "…" }')
            continue
        problems.keys(here, item, {"line", "quote"}, {"line", "quote"})
        line, quote = item.get("line"), item.get("quote")
        if not isinstance(line, int) or line < 1:
            problems.add(here, f"line must be a 1-based line number, got {line!r}")
        elif isinstance(quote, str) and quote.strip():
            out.append(Source(plan, line, quote))
        else:
            problems.add(here, "quote must be a passage copied from that line")
    return tuple(out)


def _categories(problems: _Problems, value: Any) -> tuple[Category, ...]:
    if not isinstance(value, list) or not value:
        problems.add("categories", "must list at least one [[categories]] table")
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"categories[{i}]"
        problems.keys(here, item, _CATEGORY_KEYS, {"name"})
        name = str(item.get("name", ""))
        out.append(Category(name, str(item.get("label", name))))
    return tuple(out)


def _members(
    problems: _Problems, value: Any, plan: str, categories: set[str]
) -> tuple[Member, ...]:
    if not isinstance(value, list) or not value:
        problems.add("members", "must list at least one [[members]] table")
        return ()
    out = []
    for i, item in enumerate(value):
        here = f"members[{i}] ({item.get('name', '?')})"
        problems.keys(here, item, _MEMBER_KEYS, _MEMBER_REQUIRED)
        if not set(item) >= _MEMBER_REQUIRED:
            continue
        if item["category"] not in categories:
            problems.add(here, f"category {item['category']!r} is not one of {sorted(categories)}")
        if item["precision"] not in MEMBER_PRECISIONS:
            problems.add(
                here, f"precision {item['precision']!r} is not one of {list(MEMBER_PRECISIONS)}"
            )
        units = item["units"]
        if not isinstance(units, list) or not units or not all(isinstance(u, str) for u in units):
            problems.add(here, "units must be a non-empty list of unit names")
            units = []
        out.append(
            Member(
                name=_text(problems, f"{here}.name", item["name"]),
                category=str(item["category"]),
                role=str(item["role"]),
                units=tuple(units),
                precision=str(item["precision"]),
                sources=_sources(problems, f"{here}.source", item["source"], plan),
                note=str(item.get("note", "")),
                aliases=tuple(item.get("aliases", ())),
                places=tuple(item.get("places", ())),
            )
        )
    return tuple(out)


def _select(problems: _Problems, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        problems.add("select", 'must be a table such as { plan = "001", box = ["专栏13"] }')
        return ()
    problems.keys("select", value, _SELECT_KEYS, set())
    out = []
    for key, wanted in sorted(value.items()):
        values = tuple(wanted) if isinstance(wanted, list) else (wanted,)
        out.append((key, tuple(str(v) for v in values)))
    return tuple(out)
