"""The user's own data: one transactional SQLite file in the user data folder.

A planner's digitized boundaries and uploaded plans are theirs, not
shipped data: they live in ``geoplan.sqlite`` in :func:`geoplan._paths.user_dir`
(``GEOPLAN_USER_DIR``, default ``data/user/``). The file is SQLite in WAL mode,
so readers never block a writer, and every change is one transaction:

* a save starts with ``BEGIN IMMEDIATE``, which takes the write lock before
  reading the current state, so two processes saving at once are serialised
  and neither save is lost; a writer that finds the lock taken waits
  (``busy_timeout``) and retries the whole transaction with backoff;
* a process that dies inside a transaction leaves nothing behind: SQLite
  ignores uncommitted pages on the next open, so the store is as before.

Tables: ``schema_version`` (one row per applied migration, see
:data:`MIGRATIONS`), then one group of tables per kind of user data. For
boundaries, ``boundaries`` is the current polygon of each record and
``boundary_changes`` the full history: who, when, what (``set`` / ``undo``), the
geometry before and after and the outcome of the checks. Geometry is WKB in
WGS-84 lon/lat (EPSG:4326). For uploaded plans (version 2), ``plans`` holds each
plan's registry entry and text, ``plan_records`` its placed records and
``plan_changes`` every upload and removal (:mod:`geoplan._store_plans`); an
upload is one transaction, plan and records together.

Examples
--------
>>> import tempfile
>>> from shapely.geometry import box
>>> store = Store(Path(tempfile.mkdtemp()) / "geoplan.sqlite")
>>> change = store.set_boundary("001-b13-02", box(118.84, 28.97, 118.85, 28.98), author="王工")
>>> change.action, change.previous is None, store.boundary("001-b13-02").bounds
('set', True, (118.84, 28.97, 118.85, 28.98))
>>> store.undo_boundary("001-b13-02", author="王工").undoes == change.change_id
True
>>> store.boundary("001-b13-02") is None, len(store.history("001-b13-02"))
(True, 2)
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geoplan import _store_plans, crs
from geoplan._paths import user_dir
from geoplan._store_plans import PlanChange, StoredPlan, UploadedPlans
from geoplan.errors import BoundaryInputError, StoreError

__all__ = [
    "MIGRATIONS",
    "STORE_NAME",
    "Change",
    "PlanChange",
    "Store",
    "StoredPlan",
    "UploadedPlans",
]

#: File name of the store inside the user data folder.
STORE_NAME = "geoplan.sqlite"

#: Schema migrations, applied in order inside one write transaction: (version,
#: what it adds, SQL). Add a migration for a new kind of user data; never edit
#: one that has shipped.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "digitized boundaries of records and their history",
        """
        CREATE TABLE boundary_changes (
            change_id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('set', 'undo')),
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            previous BLOB,
            geometry BLOB,
            undoes INTEGER UNIQUE REFERENCES boundary_changes (change_id),
            source TEXT NOT NULL DEFAULT '',
            input_crs TEXT NOT NULL DEFAULT '',
            checks TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX boundary_changes_by_record ON boundary_changes (record_id, change_id);
        CREATE TABLE boundaries (
            record_id TEXT PRIMARY KEY,
            geometry BLOB NOT NULL,
            change_id INTEGER NOT NULL REFERENCES boundary_changes (change_id),
            origin_id INTEGER NOT NULL REFERENCES boundary_changes (change_id)
        );
        """,
    ),
    (2, "uploaded plans: registry entry, text and records", _store_plans.MIGRATION),
)
_LATEST = MIGRATIONS[-1][0]

# Each connection waits this long for another writer's lock before SQLite gives
# up; a whole transaction is then retried, up to _ATTEMPTS times with backoff.
_BUSY_TIMEOUT_S = 10.0
_ATTEMPTS = 6

#: For tests only: called inside an open write transaction just before COMMIT,
#: so a test can kill the process in the middle of a save.
_before_commit: Callable[[], None] | None = None

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a record's boundary, as kept in the history.

    Parameters
    ----------
    change_id
        Increasing id of the change in the store.
    record_id
        The record whose boundary changed.
    action
        ``"set"`` (a new polygon) or ``"undo"`` (a set reverted).
    author, at
        Who made the change, and when (UTC, ISO 8601).
    previous, geometry
        The boundary before and after (WGS-84; ``None``: no boundary).
    undoes
        For an undo, the ``change_id`` of the set it reverted.
    source, input_crs
        Where the polygon came from (file name, ``"drawn"``) and the CRS it was in.
    checks
        The checks' outcome when it was saved: dicts with ``name``, ``status``,
        ``message`` and ``figures``.
    """

    change_id: int
    record_id: str
    action: Literal["set", "undo"]
    author: str
    at: str
    previous: BaseGeometry | None
    geometry: BaseGeometry | None
    undoes: int | None
    source: str
    input_crs: str
    checks: tuple[Mapping[str, Any], ...]

    @property
    def status(self) -> str:
        """The worst status of the checks (``"pass"``, ``"warn"``, ``"fail"``; ``""`` if none)."""
        found = {str(c.get("status", "")) for c in self.checks}
        return next((s for s in ("fail", "warn", "pass") if s in found), "")


class Store:
    """The user's store: one SQLite file, every change one transaction.

    Parameters
    ----------
    path
        The file; default ``geoplan.sqlite`` in :func:`geoplan._paths.user_dir`.
        It is created (with its folder) by the first change, never by a read.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else user_dir() / STORE_NAME

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def exists(self) -> bool:
        """Whether the store file exists (reads of a missing store find nothing)."""
        return self.path.is_file()

    # ------------------------------------------------------------------ transactions

    def write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``work`` in one write transaction: all of it is saved, or none.

        The transaction takes the write lock first (``BEGIN IMMEDIATE``), so
        what ``work`` reads stays true until it commits. While another process
        holds the lock, the transaction is retried with backoff.

        Raises
        ------
        StoreError
            If the file is not a geoplan store, or stays locked through every retry.
        """
        delay = 0.05
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                return self._transaction(work, write=True)
            except sqlite3.OperationalError as err:
                if not _is_busy(err) or attempt == _ATTEMPTS:
                    raise self._error(err) from err
            except sqlite3.DatabaseError as err:
                raise self._error(err) from err
            time.sleep(delay * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, not secrets
            delay = min(delay * 2, 2.0)
        raise AssertionError  # pragma: no cover - the loop returns or raises

    def read(self, work: Callable[[sqlite3.Connection], _T], empty: _T) -> _T:
        """Run ``work`` on one consistent snapshot; ``empty`` if there is no store yet.

        A read never creates or changes the file (unless its schema is older
        than this geoplan's, when the migrations run first).
        """
        if not self.exists:
            return empty
        try:
            return self._transaction(work, write=False)
        except _OutdatedError:
            self.write(lambda conn: None)
            return self._transaction(work, write=False)
        except sqlite3.DatabaseError as err:
            raise self._error(err) from err

    def schema_version(self) -> int:
        """Return the store's schema version (0 when there is no store)."""
        return self.read(_version, 0)

    def _transaction(self, work: Callable[[sqlite3.Connection], _T], *, write: bool) -> _T:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                if write:
                    _migrate(conn, self.path)
                elif _version(conn) < _LATEST:
                    raise _OutdatedError
                result = work(conn)
                if write and _before_commit is not None:
                    _before_commit()
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; each one is begun explicitly.
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit survives power loss too, not only a crash of the process.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def _error(self, err: sqlite3.Error) -> StoreError:
        if _is_busy(err):
            return StoreError(
                f"the store {self.path} stayed locked by another process through "
                f"{_ATTEMPTS} attempts ({err}); try again, or close the program holding it"
            )
        return StoreError(
            f"cannot use {self.path} as a geoplan store: {err}. If it is not geoplan's, "
            "move it away or set GEOPLAN_USER_DIR to another folder."
        )

    # ------------------------------------------------------------------ boundaries

    def set_boundary(
        self,
        record_id: str,
        geometry: BaseGeometry,
        *,
        author: str,
        source: str = "",
        input_crs: str = "",
        checks: Sequence[Mapping[str, Any]] = (),
    ) -> Change:
        """Make ``geometry`` the record's boundary, keeping the one it replaces in the history.

        Parameters
        ----------
        record_id
            The record.
        geometry
            A valid, non-empty Polygon or MultiPolygon in WGS-84 lon/lat
            (:mod:`geoplan.checks` repairs and checks it before).
        author
            Who saves it.
        source, input_crs, checks
            Provenance and the checks' outcome, kept with the change.

        Raises
        ------
        BoundaryInputError
            If the geometry is not a valid polygon.
        """
        wkb = _polygon_wkb(geometry)
        checks_json = json.dumps(list(checks), ensure_ascii=False, default=float)

        def work(conn: sqlite3.Connection) -> Change:
            previous = _current(conn, record_id)
            change_id = _insert(
                conn, record_id, "set", author=author, previous=previous, geometry=wkb,
                source=source, input_crs=input_crs, checks=checks_json,
            )  # fmt: skip
            _put_current(conn, record_id, wkb, change_id, change_id)
            return _change(conn, change_id)

        return self.write(work)

    def undo_boundary(self, record_id: str, *, author: str) -> Change:
        """Revert the record's latest change that is not yet undone; the undo is a change too.

        Undoing again goes further back, down to the record's first boundary
        (after which it has none, and is drawn at its stand-in point again).

        Raises
        ------
        BoundaryInputError
            If the record has nothing left to undo.
        """

        def work(conn: sqlite3.Connection) -> Change:
            target = _last_effective_set(conn, record_id)
            if target is None:
                msg = (
                    f"record {record_id!r} has no boundary change left to undo "
                    "(see `geoplan boundary history`)"
                )
                raise BoundaryInputError(msg)
            target_id, restored = target
            current = _current(conn, record_id)
            change_id = _insert(
                conn, record_id, "undo", author=author, previous=current, geometry=restored,
                undoes=target_id,
            )  # fmt: skip
            if restored is None:
                conn.execute("DELETE FROM boundaries WHERE record_id = ?", (record_id,))
            else:
                origin = _last_effective_set(conn, record_id)
                origin_id = origin[0] if origin is not None else change_id
                _put_current(conn, record_id, restored, change_id, origin_id)
            return _change(conn, change_id)

        return self.write(work)

    def boundary(self, record_id: str) -> BaseGeometry | None:
        """Return the record's current boundary (``None`` if it has none)."""

        def work(conn: sqlite3.Connection) -> BaseGeometry | None:
            wkb = _current(conn, record_id)
            return None if wkb is None else shapely.from_wkb(wkb)

        return self.read(work, None)

    def boundaries(self) -> gpd.GeoDataFrame:
        """Return every current boundary with its provenance, one row per record.

        Columns: ``record_id``, ``author``, ``at``, ``source``, ``input_crs`` (of
        the change that drew the polygon), ``change_id`` (the last change) and
        the geometry (WGS-84).
        """
        sql = """
            SELECT b.record_id, o.author, o.at, o.source, o.input_crs, b.change_id, b.geometry
            FROM boundaries b JOIN boundary_changes o ON o.change_id = b.origin_id
            ORDER BY b.record_id
        """
        columns = ["record_id", "author", "at", "source", "input_crs", "change_id"]
        rows: list[Any] = self.read(lambda conn: conn.execute(sql).fetchall(), [])
        data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        geometry = [shapely.from_wkb(r[-1]) for r in rows]
        return gpd.GeoDataFrame(data, geometry=geometry, crs=crs.WGS84)

    def last_change_id(self) -> int:
        """Return the id of the latest change (0 if none): it changes whenever the store does.

        A cheap key for caches of anything drawn from the store.
        """
        sql = "SELECT coalesce(max(change_id), 0) FROM boundary_changes"
        return self.read(lambda conn: int(conn.execute(sql).fetchone()[0]), 0)

    def history(self, record_id: str | None = None) -> list[Change]:
        """Return the changes of one record (or of all), oldest first."""
        where, args = ("WHERE record_id = ?", (record_id,)) if record_id is not None else ("", ())
        sql = f"SELECT {_CHANGE_COLUMNS} FROM boundary_changes {where} ORDER BY change_id"  # noqa: S608 - fixed text

        def work(conn: sqlite3.Connection) -> list[Change]:
            return [_change_of(row) for row in conn.execute(sql, args)]

        return self.read(work, [])

    def version(self) -> tuple[int, int]:
        """Return the latest boundary and plan change ids: it changes whenever the store does.

        The key of caches of anything drawn from the store (the app's maps and
        tables): :meth:`last_change_id` covers boundaries only.
        """

        def work(conn: sqlite3.Connection) -> tuple[int, int]:
            boundaries = conn.execute("SELECT coalesce(max(change_id), 0) FROM boundary_changes")
            return int(boundaries.fetchone()[0]), _store_plans.last_change_id(conn)

        return self.read(work, (0, 0))

    @property
    def plans(self) -> UploadedPlans:
        """The uploaded plans' tables: add, remove, list, text, records, history."""
        return UploadedPlans(self)


class _OutdatedError(Exception):
    """The store's schema is older than this geoplan's: migrate, then read again."""


def _is_busy(err: sqlite3.Error) -> bool:
    # SQLITE_BUSY ("database is locked") and SQLITE_LOCKED ("... table is locked").
    return "locked" in str(err) or "busy" in str(err)


def _version(conn: sqlite3.Connection) -> int:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            msg = f"it has tables ({', '.join(sorted(tables))}) but no schema_version"
            raise StoreError(msg)
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _version(conn)
    if version > _LATEST:
        msg = (
            f"the store {path} has schema version {version}, newer than this geoplan's "
            f"({_LATEST}); update geoplan"
        )
        raise StoreError(msg)
    if version == 0:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    for number, description, sql in MIGRATIONS:
        if number > version:
            # executescript would COMMIT the open transaction: run statement by statement.
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", (number, description, _now())
            )


def _now() -> str:
    return _store_plans.now()


def _polygon_wkb(geometry: BaseGeometry) -> bytes:
    if (
        not isinstance(geometry, BaseGeometry)
        or geometry.geom_type not in {"Polygon", "MultiPolygon"}
        or geometry.is_empty
        or not geometry.is_valid
    ):
        kind = getattr(geometry, "geom_type", type(geometry).__name__)
        msg = (
            f"a boundary must be a valid, non-empty Polygon or MultiPolygon, got {kind}; "
            "check it with geoplan.checks first"
        )
        raise BoundaryInputError(msg)
    return bytes(shapely.to_wkb(shapely.force_2d(geometry)))


def _current(conn: sqlite3.Connection, record_id: str) -> bytes | None:
    row = conn.execute("SELECT geometry FROM boundaries WHERE record_id = ?", (record_id,))
    found = row.fetchone()
    return None if found is None else bytes(found[0])


def _put_current(
    conn: sqlite3.Connection, record_id: str, wkb: bytes, change_id: int, origin_id: int
) -> None:
    conn.execute(
        "INSERT INTO boundaries (record_id, geometry, change_id, origin_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (record_id) DO UPDATE SET geometry = excluded.geometry, "
        "change_id = excluded.change_id, origin_id = excluded.origin_id",
        (record_id, wkb, change_id, origin_id),
    )


def _last_effective_set(
    conn: sqlite3.Connection, record_id: str
) -> tuple[int, bytes | None] | None:
    # Undos pair with sets like brackets, so the current boundary is always the
    # geometry of the latest set not undone, and undoing it restores its `previous`.
    row = conn.execute(
        "SELECT change_id, previous FROM boundary_changes c WHERE record_id = ? "
        "AND action = 'set' AND NOT EXISTS "
        "(SELECT 1 FROM boundary_changes u WHERE u.undoes = c.change_id) "
        "ORDER BY change_id DESC LIMIT 1",
        (record_id,),
    ).fetchone()
    return None if row is None else (int(row[0]), None if row[1] is None else bytes(row[1]))


def _insert(conn: sqlite3.Connection, record_id: str, action: str, **values: Any) -> int:
    """Append a change (``author``, ``previous``, ``geometry``, ``undoes``, ``source`` …)."""
    row = {"record_id": record_id, "action": action, "at": _now(), **values}
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    sql = f"INSERT INTO boundary_changes ({names}) VALUES ({marks})"  # noqa: S608 - our own names
    return int(conn.execute(sql, tuple(row.values())).lastrowid or 0)


_CHANGE_COLUMNS = ", ".join(
    ["change_id", "record_id", "action", "author", "at", "previous", "geometry", "undoes",
     "source", "input_crs", "checks"]
)  # fmt: skip


def _change(conn: sqlite3.Connection, change_id: int) -> Change:
    sql = f"SELECT {_CHANGE_COLUMNS} FROM boundary_changes WHERE change_id = ?"  # noqa: S608 - fixed text
    return _change_of(conn.execute(sql, (change_id,)).fetchone())


def _change_of(row: Sequence[Any]) -> Change:
    change_id, record_id, action, author, at, previous, geometry, undoes, *rest = row
    source, in_crs, checks = rest
    return Change(
        change_id=int(change_id),
        record_id=str(record_id),
        action=action,
        author=str(author),
        at=str(at),
        previous=None if previous is None else shapely.from_wkb(previous),
        geometry=None if geometry is None else shapely.from_wkb(geometry),
        undoes=None if undoes is None else int(undoes),
        source=str(source),
        input_crs=str(in_crs),
        checks=tuple(json.loads(checks)),
    )
