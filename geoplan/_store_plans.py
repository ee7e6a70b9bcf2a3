r"""The SQL of the user store's plan tables (see :mod:`geoplan.store`).

A plan a planner uploads is kept whole: its registry entry (``plans``), the
text its records cite by line (``plans.text``, as read, and the original
before a traditional → simplified conversion), how the file was read
(``plans.read_as``, JSON), its placed records (``plan_records``, one row per
record with its schema fields as JSON) and every upload and removal
(``plan_changes``). :class:`UploadedPlans` (``store.plans``) runs each of its
operations in one transaction of the store.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from geoplan.store import Store
>>> store = Store(Path(tempfile.mkdtemp()) / "geoplan.sqlite")
>>> entry = {"file": "a.txt", "title": "甲县计划", "short": "甲县计划", "level": "county",
...          "region": "东阳市", "period_start": 2024, "period_end": 2024}
>>> record = {"record_id": "u1-L0002-01", "plan": "u1", "name": "甲医院"}
>>> store.plans.add("u1", entry, text="甲县计划\n1. 甲医院", records=[record], author="王工").action
'add'
>>> [(p.plan_id, p.records, p.author) for p in store.plans.all()]
[('u1', 1, '王工')]
>>> store.plans.remove("u1", author="王工").records, store.plans.all(), store.version()
(1, [], (0, 2))
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from geoplan.errors import DuplicatePlanError, StoreError, UnknownNameError

if TYPE_CHECKING:
    from geoplan.store import Store

__all__ = ["MIGRATION", "PlanChange", "StoredPlan", "UploadedPlans"]

#: The migration that adds the plan tables (version 2 of the store).
MIGRATION = """
CREATE TABLE plan_changes (
    change_id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'replace', 'remove')),
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    title TEXT NOT NULL,
    records INTEGER NOT NULL
);
CREATE TABLE plans (
    plan_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    title TEXT NOT NULL,
    short TEXT NOT NULL,
    level TEXT NOT NULL,
    region TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    issued TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    original TEXT,
    read_as TEXT NOT NULL DEFAULT '{}',
    change_id INTEGER NOT NULL REFERENCES plan_changes (change_id)
);
CREATE TABLE plan_records (
    record_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (plan_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    fields TEXT NOT NULL
);
CREATE INDEX plan_records_by_plan ON plan_records (plan_id, position)
"""

# The registry entry's columns, in the order of geoplan.plans.Plan's fields (period split).
ENTRY = ("file", "title", "short", "level", "region", "period_start", "period_end",
         "issuer", "issued", "doc_number", "source")  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One upload, replacement or removal of a plan, as kept in the store's history."""

    change_id: int
    plan_id: str
    action: Literal["add", "replace", "remove"]
    author: str
    at: str
    title: str
    records: int


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A plan in the store: its registry entry, how its file was read, who added it.

    ``entry`` has the keys of :data:`ENTRY` (``period_start``, ``period_end`` …);
    ``read_as`` says how the file was read (``name``, ``encoding``, ``format``,
    ``converted``).
    """

    plan_id: str
    entry: Mapping[str, Any]
    read_as: Mapping[str, Any]
    records: int
    author: str
    at: str
    change_id: int


class UploadedPlans:
    """The uploaded plans of a store (``store.plans``): every method one transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self,
        plan_id: str,
        entry: Mapping[str, Any],
        *,
        text: str,
        records: Sequence[Mapping[str, Any]],
        author: str,
        original: str | None = None,
        read_as: Mapping[str, Any] | None = None,
        replace: bool = False,
    ) -> PlanChange:
        """Keep an uploaded plan, its text and its records, all or nothing.

        Parameters
        ----------
        plan_id
            The id its records cite (their ids start with it).
        entry
            Its registry entry: the keys of :data:`ENTRY` (``file``, ``title``,
            ``short``, ``level``, ``region``, ``period_start``, ``period_end``
            required; ``issuer``, ``issued``, ``doc_number``, ``source`` optional).
        text, original
            The text its records cite by line; the text before a traditional →
            simplified conversion (``None``: none was made).
        records
            Its records' fields (JSON-able values: ``None`` for missing).
        author
            Who uploads it.
        read_as
            How the file was read (``name``, ``encoding``, ``format``, ``converted``).
        replace
            Replace a plan of that id already in the store (else refused).

        Raises
        ------
        DuplicatePlanError
            If the plan is in the store already and ``replace`` is false.
        StoreError
            If a record is not the plan's (id or plan), or two share an id.
        """

        def work(conn: sqlite3.Connection) -> PlanChange:
            return _add(
                conn, plan_id, entry, text=text, original=original, read_as=read_as or {},
                records=records, author=author, replace=replace,
            )  # fmt: skip

        return self._store.write(work)

    def remove(self, plan_id: str, *, author: str) -> PlanChange:
        """Remove an uploaded plan and its records (the removal stays in the history).

        Raises
        ------
        UnknownNameError
            If no uploaded plan has that id.
        """
        return self._store.write(lambda conn: _remove(conn, plan_id, author))

    def all(self) -> list[StoredPlan]:
        """Return the uploaded plans, oldest first."""
        return self._store.read(_stored, [])

    def text(self, plan_id: str) -> str | None:
        """Return an uploaded plan's text (``None``: no such plan)."""
        return self._store.read(lambda conn: _text_of(conn, plan_id), None)

    def records(self, plan_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Return the uploaded plans' records (of some plans), plan by plan."""
        return self._store.read(lambda conn: _records_of(conn, plan_ids), [])

    def history(self) -> list[PlanChange]:
        """Return every upload, replacement and removal, oldest first."""
        return self._store.read(_history, [])


def now() -> str:
    """Return the time of a change: UTC, ISO 8601 to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _add(
    conn: sqlite3.Connection,
    plan_id: str,
    entry: Mapping[str, Any],
    *,
    text: str,
    original: str | None,
    read_as: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    author: str,
    replace: bool,
) -> PlanChange:
    """Insert (or replace) a plan with its records, and log the change."""
    _check_records(plan_id, records)
    existing = conn.execute("SELECT title FROM plans WHERE plan_id = ?", (plan_id,)).fetchone()
    if existing is not None and not replace:
        added = _last_change(conn, plan_id)
        who = f" by {added.author} at {added.at[:16]}" if added else ""
        msg = (
            f"plan {plan_id} ({existing[0]}) is already in the store (added{who}); "
            "remove it first, or save it again with replace"
        )
        raise DuplicatePlanError(msg)
    action = "replace" if existing is not None else "add"
    change_id = _log(conn, plan_id, action, author, (str(entry["title"]), len(records)))
    conn.execute("DELETE FROM plans WHERE plan_id = ?", (plan_id,))  # its records go with it
    columns = ("plan_id", *ENTRY, "text", "original", "read_as", "change_id")
    values = (
        plan_id, *(entry.get(c, "") for c in ENTRY), text, original,
        json.dumps(dict(read_as), ensure_ascii=False), change_id,
    )  # fmt: skip
    marks = ", ".join("?" for _ in columns)
    conn.execute(f"INSERT INTO plans ({', '.join(columns)}) VALUES ({marks})", values)  # noqa: S608 - our names
    conn.executemany(
        "INSERT INTO plan_records (record_id, plan_id, position, fields) VALUES (?, ?, ?, ?)",
        [
            (str(r["record_id"]), plan_id, i, json.dumps(dict(r), ensure_ascii=False))
            for i, r in enumerate(records)
        ],
    )
    return _change(conn, change_id)


def _remove(conn: sqlite3.Connection, plan_id: str, author: str) -> PlanChange:
    """Delete a plan and its records, and log the removal."""
    row = conn.execute(
        "SELECT title, (SELECT count(*) FROM plan_records r WHERE r.plan_id = p.plan_id) "
        "FROM plans p WHERE plan_id = ?",
        (plan_id,),
    ).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT plan_id FROM plans ORDER BY change_id")]
        msg = (
            f"no uploaded plan {plan_id!r} in the store; uploaded plans: "
            f"{', '.join(known) or 'none'} (the shipped plans cannot be removed)"
        )
        raise UnknownNameError(msg)
    change_id = _log(conn, plan_id, "remove", author, (str(row[0]), int(row[1])))
    conn.execute("DELETE FROM plans WHERE plan_id = ?", (plan_id,))
    return _change(conn, change_id)


def _stored(conn: sqlite3.Connection) -> list[StoredPlan]:
    """Return the plans in the store, oldest upload first."""
    sql = (
        f"SELECT p.plan_id, {', '.join('p.' + c for c in ENTRY)}, p.read_as, "  # noqa: S608 - fixed
        "(SELECT count(*) FROM plan_records r WHERE r.plan_id = p.plan_id), "
        "c.author, c.at, c.change_id "
        "FROM plans p JOIN plan_changes c ON c.change_id = p.change_id ORDER BY p.change_id"
    )
    out = []
    for row in conn.execute(sql):
        entry = dict(zip(ENTRY, row[1 : 1 + len(ENTRY)], strict=True))
        rest = row[1 + len(ENTRY) :]
        out.append(
            StoredPlan(
                str(row[0]),
                entry,
                json.loads(rest[0]),
                int(rest[1]),
                str(rest[2]),
                str(rest[3]),
                int(rest[4]),
            )
        )
    return out


def _text_of(conn: sqlite3.Connection, plan_id: str) -> str | None:
    """Return the text of a stored plan (``None`` if there is no such plan)."""
    row = conn.execute("SELECT text FROM plans WHERE plan_id = ?", (plan_id,)).fetchone()
    return None if row is None else str(row[0])


def _records_of(conn: sqlite3.Connection, plan_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """Return the stored records (their fields), plan by plan in upload order."""
    sql = (
        "SELECT r.fields FROM plan_records r JOIN plans p ON p.plan_id = r.plan_id "
        "ORDER BY p.change_id, r.position"
    )
    rows = [json.loads(r[0]) for r in conn.execute(sql)]
    if plan_ids is None:
        return rows
    wanted = set(plan_ids)
    return [r for r in rows if r.get("plan") in wanted]


def _history(conn: sqlite3.Connection) -> list[PlanChange]:
    """Return every upload, replacement and removal, oldest first."""
    sql = f"SELECT {_CHANGE_COLUMNS} FROM plan_changes ORDER BY change_id"  # noqa: S608 - fixed
    return [_change_of(row) for row in conn.execute(sql)]


def _last_change(conn: sqlite3.Connection, plan_id: str) -> PlanChange | None:
    """Return the latest change of one plan."""
    sql = f"SELECT {_CHANGE_COLUMNS} FROM plan_changes WHERE plan_id = ? ORDER BY change_id DESC"  # noqa: S608
    row = conn.execute(sql, (plan_id,)).fetchone()
    return None if row is None else _change_of(row)


def last_change_id(conn: sqlite3.Connection) -> int:
    """Return the id of the latest plan change (0 if none)."""
    return int(conn.execute("SELECT coalesce(max(change_id), 0) FROM plan_changes").fetchone()[0])


def _change(conn: sqlite3.Connection, change_id: int) -> PlanChange:
    """Return one change by id."""
    sql = f"SELECT {_CHANGE_COLUMNS} FROM plan_changes WHERE change_id = ?"  # noqa: S608 - fixed
    return _change_of(conn.execute(sql, (change_id,)).fetchone())


_CHANGE_COLUMNS = "change_id, plan_id, action, author, at, title, records"


def _change_of(row: Sequence[Any]) -> PlanChange:
    change_id, plan_id, action, author, at, title, records = row
    return PlanChange(
        int(change_id), str(plan_id), action, str(author), str(at), str(title), int(records)
    )


def _log(
    conn: sqlite3.Connection, plan_id: str, action: str, author: str, what: tuple[str, int]
) -> int:
    """Append a change: ``what`` is the plan's title and its number of records."""
    cursor = conn.execute(
        "INSERT INTO plan_changes (plan_id, action, author, at, title, records) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (plan_id, action, author, now(), *what),
    )
    return int(cursor.lastrowid or 0)


def _check_records(plan_id: str, records: Sequence[Mapping[str, Any]]) -> None:
    """Refuse records that are not this plan's, before anything is written."""
    prefix = f"{plan_id}-"
    ids = [str(r.get("record_id", "")) for r in records]
    wrong = [i for i in ids if not i.startswith(prefix)]
    plans = {str(r.get("plan", "")) for r in records} - {plan_id}
    if wrong or plans:
        msg = (
            f"records of plan {plan_id} must have ids starting with {prefix!r} and plan "
            f"{plan_id!r}; got ids {wrong[:3]} and plans {sorted(plans)[:3]}"
        )
        raise StoreError(msg)
    if len(set(ids)) != len(ids):
        msg = f"records of plan {plan_id} repeat a record id: each must be unique"
        raise StoreError(msg)
