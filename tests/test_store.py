"""The user store: history and undo, concurrent writers, a crash mid-save, foreign files."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box

from geoplan.errors import BoundaryInputError, DuplicatePlanError, StoreError, UnknownNameError
from geoplan.store import MIGRATIONS, Store

ROOT = Path(__file__).resolve().parent.parent
A = box(119.98, 29.20, 119.99, 29.21)
B = box(119.985, 29.20, 119.995, 29.21)
C = box(119.99, 29.20, 120.0, 29.21)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "user" / "geoplan.sqlite")


def test_reading_a_missing_store_finds_nothing_and_creates_nothing(store: Store) -> None:
    assert store.boundary("000-b10-01") is None
    assert store.history() == []
    assert len(store.boundaries()) == 0
    assert store.schema_version() == 0
    assert store.last_change_id() == 0
    assert not store.path.parent.exists()


def test_set_keeps_the_previous_geometry_and_who_when_what(store: Store) -> None:
    checks = [{"name": "area", "status": "warn", "message": "面积比 2.5", "figures": {"r": 2.5}}]
    first = store.set_boundary(
        "000-b10-01", A, author="王工", source="a.geojson", input_crs="gcj02"
    )
    second = store.set_boundary("000-b10-01", B, author="李工", checks=checks)
    assert (first.previous, first.geometry.equals(A)) == (None, True)
    assert second.previous.equals(A) and second.geometry.equals(B)
    assert (second.author, second.action, second.status) == ("李工", "set", "warn")
    assert second.checks[0]["figures"] == {"r": 2.5}
    assert first.at <= second.at and first.change_id < second.change_id
    assert store.boundary("000-b10-01").equals(B)
    history = store.history("000-b10-01")
    assert [(c.change_id, c.author, c.source, c.input_crs) for c in history] == [
        (first.change_id, "王工", "a.geojson", "gcj02"),
        (second.change_id, "李工", "", ""),
    ]
    assert store.schema_version() == 2  # boundaries (1), uploaded plans (2)
    assert store.last_change_id() == second.change_id


def test_undo_walks_back_through_the_sets_and_is_recorded(store: Store) -> None:
    s1 = store.set_boundary("r1", A, author="a", source="first.kml")
    s2 = store.set_boundary("r1", B, author="a")
    store.set_boundary("r2", C, author="b")
    u1 = store.undo_boundary("r1", author="c")
    assert (u1.action, u1.undoes, u1.author) == ("undo", s2.change_id, "c")
    assert u1.previous.equals(B) and u1.geometry.equals(A)
    assert store.boundary("r1").equals(A)
    # The current boundary's provenance is the set that drew it, not the undo.
    row = store.boundaries().set_index("record_id").loc["r1"]
    assert (row["source"], row["change_id"]) == ("first.kml", u1.change_id)
    s3 = store.set_boundary("r1", C, author="a")
    assert store.undo_boundary("r1", author="c").undoes == s3.change_id
    u3 = store.undo_boundary("r1", author="c")
    assert u3.undoes == s1.change_id and u3.geometry is None
    assert store.boundary("r1") is None
    assert list(store.boundaries()["record_id"]) == ["r2"]
    with pytest.raises(BoundaryInputError, match="'r1' has no boundary change left to undo"):
        store.undo_boundary("r1", author="c")
    assert [c.action for c in store.history("r1")] == ["set", "set", "undo", "set", "undo", "undo"]


@pytest.mark.parametrize(
    ("geometry", "kind"),
    [
        (Point(120, 29), "Point"),
        (shapely.Polygon(), "Polygon"),
        (shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]), "Polygon"),  # a bow-tie
    ],
)
def test_the_store_refuses_what_is_not_a_valid_polygon(
    store: Store, geometry: object, kind: str
) -> None:
    with pytest.raises(BoundaryInputError, match=f"valid, non-empty Polygon .* got {kind}"):
        store.set_boundary("r1", geometry, author="a")  # type: ignore[arg-type]
    assert not store.exists


def test_a_file_that_is_not_a_geoplan_store_is_named_and_left_alone(tmp_path: Path) -> None:
    garbage = tmp_path / "geoplan.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"cannot use .*geoplan\.sqlite as a geoplan store"):
        Store(garbage).set_boundary("r1", A, author="a")
    assert garbage.read_bytes() == b"this is not a database" * 100
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE roads (id INTEGER)")
    with pytest.raises(StoreError, match=r"has tables \(roads\) but no schema_version"):
        Store(other).boundaries()


def test_a_store_from_a_newer_geoplan_is_refused(store: Store) -> None:
    store.set_boundary("r1", A, author="a")
    with sqlite3.connect(store.path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future', '2099-01-01')")
    with pytest.raises(StoreError, match="schema version 99, newer than this geoplan's"):
        store.set_boundary("r1", B, author="a")
    assert store.boundary("r1").equals(A)


# ----------------------------------------------------------------------------- processes


def run_at_once(script: str, store: Store, go: Path, workers: int) -> None:
    """Run ``workers`` copies of a script on the store, started together by the file ``go``."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(store.path), str(w), str(go)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err


def kill_inside_a_transaction(script: str, store: Store, marker: Path) -> None:
    """Run a script that stops inside a write transaction (it writes ``marker``), and kill it."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(store.path), str(marker)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        assert time.monotonic() < deadline, "the child never reached the transaction"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL


WRITER = """
import sys, time
from pathlib import Path
from shapely.geometry import box
from geoplan.store import Store

store, worker, go = Store(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
while not go.exists():
    time.sleep(0.002)
for i in range(5):
    x, y = 119.9 + worker * 0.01, 29.1 + i * 0.01
    store.set_boundary(f"r{(worker + i) % 3}", box(x, y, x + 0.005, y + 0.005),
                       author=f"worker {worker}", source=f"save {i}")
"""


def test_eight_processes_saving_at_once_lose_nothing(store: Store, tmp_path: Path) -> None:
    go = tmp_path / "go"
    # The store does not exist yet: the writers also race to create it.
    run_at_once(WRITER, store, go, 8)
    history = store.history()
    assert sorted((c.author, c.source) for c in history) == sorted(
        (f"worker {w}", f"save {i}") for w in range(8) for i in range(5)
    )
    for record in ("r0", "r1", "r2"):
        changes = [c for c in history if c.record_id == record]
        # Each save saw the one before it: the chain of previous → new is unbroken.
        assert changes[0].previous is None
        for before, after in itertools.pairwise(changes):
            assert after.previous.equals_exact(before.geometry, 0)
        assert store.boundary(record).equals_exact(changes[-1].geometry, 0)
    assert len(store.boundaries()) == 3


KILLED = """
import sys, time
from pathlib import Path
from shapely.geometry import box
import geoplan.store
from geoplan.store import Store

def hang():
    Path(sys.argv[2]).write_text("inside the transaction")
    time.sleep(120)

geoplan.store._before_commit = hang
store = Store(sys.argv[1])
store.set_boundary("r1", box(120.0, 29.0, 120.01, 29.01), author="killed")
"""


def test_a_process_killed_mid_save_leaves_the_store_as_before(store: Store, tmp_path: Path) -> None:
    store.set_boundary("r1", A, author="before")
    store.set_boundary("r2", B, author="before")
    before = [(c.change_id, c.geometry.wkb) for c in store.history()]
    kill_inside_a_transaction(KILLED, store, tmp_path / "inside")
    assert [(c.change_id, c.geometry.wkb) for c in store.history()] == before
    assert store.boundary("r1").equals(A)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The dead process's lock is gone: the next save goes through.
    assert store.set_boundary("r1", C, author="after").previous.equals(A)


# ----------------------------------------------------------------------------- uploaded plans

ENTRY = {"file": "县计划.docx", "title": "甲县2024年重点项目计划", "short": "甲县计划",
         "level": "county", "region": "东阳市", "period_start": 2024,
         "period_end": 2024}  # fmt: skip
TEXT = "甲县2024年重点项目计划\n1. 东阳市人民医院迁建工程，总投资5亿元。\n2. 甲镇污水厂。"


def plan_records(plan_id: str, n: int = 2) -> list[dict[str, object]]:
    return [
        {"record_id": f"{plan_id}-L{i + 2:04d}-01", "plan": plan_id, "name": f"工程{i}",
         "line_start": i + 2, "investment_total": 5.0 if i == 0 else None}
        for i in range(n)
    ]  # fmt: skip


def test_an_uploaded_plan_is_kept_whole_and_can_be_removed(store: Store) -> None:
    store.set_boundary("r1", A, author="a")
    added = store.plans.add(
        "u1", ENTRY, text=TEXT, original=TEXT.replace("县", "縣"), records=plan_records("u1"),
        author="王工", read_as={"name": "县计划.docx", "format": "docx", "converted": True},
    )  # fmt: skip
    assert (added.action, added.plan_id, added.records, added.title) == (
        "add",
        "u1",
        2,
        "甲县2024年重点项目计划",
    )
    (kept,) = store.plans.all()
    assert kept.entry == {**ENTRY, "issuer": "", "issued": "", "doc_number": "", "source": ""}
    assert kept.read_as["format"] == "docx"
    assert (kept.records, kept.author, kept.change_id) == (2, "王工", added.change_id)
    assert store.plans.text("u1") == TEXT and store.plans.text("u2") is None
    rows = store.plans.records()
    assert [r["name"] for r in rows] == ["工程0", "工程1"]
    assert rows[0]["investment_total"] == 5.0 and rows[1]["investment_total"] is None
    removed = store.plans.remove("u1", author="李工")
    assert (removed.action, removed.records, removed.author) == ("remove", 2, "李工")
    assert store.plans.all() == [] and store.plans.records() == []
    assert [c.action for c in store.plans.history()] == ["add", "remove"]
    assert store.boundary("r1").equals(A)  # boundaries are untouched
    with pytest.raises(UnknownNameError, match=r"no uploaded plan 'u1'.*shipped plans cannot"):
        store.plans.remove("u1", author="李工")


def test_a_plan_already_kept_is_refused_unless_replaced(store: Store) -> None:
    store.plans.add("u1", ENTRY, text=TEXT, records=plan_records("u1"), author="王工")
    before = store.path.read_bytes()
    with pytest.raises(DuplicatePlanError, match=r"plan u1 \(甲县2024年重点项目计划\) is already"):
        store.plans.add("u1", ENTRY, text=TEXT, records=plan_records("u1", 1), author="李工")
    assert store.path.read_bytes() == before
    # records that are not the plan's are refused before anything is written
    with pytest.raises(StoreError, match="ids starting with 'u2-'"):
        store.plans.add("u2", ENTRY, text=TEXT, records=plan_records("u1"), author="李工")
    assert store.path.read_bytes() == before
    replaced = store.plans.add(
        "u1", ENTRY, text=TEXT, records=plan_records("u1", 1), author="李工", replace=True
    )
    assert replaced.action == "replace"
    assert [r["record_id"] for r in store.plans.records()] == ["u1-L0002-01"]


def test_the_version_moves_with_every_change(store: Store) -> None:
    seen = [store.version()]
    store.set_boundary("r1", A, author="a")
    seen.append(store.version())
    store.plans.add("u1", ENTRY, text=TEXT, records=plan_records("u1"), author="a")
    seen.append(store.version())
    store.undo_boundary("r1", author="a")
    seen.append(store.version())
    store.plans.remove("u1", author="a")
    seen.append(store.version())
    assert seen[0] == (0, 0) and len(set(seen)) == len(seen)
    assert seen == sorted(seen, key=sum)


def test_a_store_of_the_first_version_gains_the_plan_tables(store: Store) -> None:
    # What geoplan wrote before uploaded plans: version 1 only.
    store.path.parent.mkdir(parents=True)
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        conn.executescript(MIGRATIONS[0][2])
        conn.execute("INSERT INTO schema_version VALUES (1, 'boundaries', '2025-01-01')")
        conn.execute(
            "INSERT INTO boundary_changes (record_id, action, author, at, geometry) "
            "VALUES ('r1', 'set', 'old', '2025-01-01', ?)",
            (shapely.to_wkb(A),),
        )
        conn.execute("INSERT INTO boundaries VALUES ('r1', ?, 1, 1)", (shapely.to_wkb(A),))
    assert store.plans.all() == []  # a read migrates first
    assert store.schema_version() == 2
    assert store.boundary("r1").equals(A) and store.history("r1")[0].author == "old"
    store.plans.add("u1", ENTRY, text=TEXT, records=plan_records("u1"), author="a")
    assert [p.plan_id for p in store.plans.all()] == ["u1"]


UPLOADER = """
import sys, time
from pathlib import Path
from geoplan.store import Store

store, worker, go = Store(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
entry = {"file": "f.txt", "title": f"计划{worker}", "short": "计划", "level": "county",
         "region": "东阳市", "period_start": 2024, "period_end": 2025}
while not go.exists():
    time.sleep(0.002)
for i in range(3):
    pid = f"u{worker}x{i}"
    rows = [{"record_id": f"{pid}-L{n:04d}-01", "plan": pid, "name": f"工程{n}"} for n in range(40)]
    store.plans.add(pid, entry, text="x" * 20000, records=rows, author=f"worker {worker}")
"""


def test_two_sessions_uploading_at_once_lose_neither(store: Store, tmp_path: Path) -> None:
    go = tmp_path / "go"
    store.set_boundary("r1", A, author="a")
    run_at_once(UPLOADER, store, go, 2)
    kept = store.plans.all()
    assert sorted(p.plan_id for p in kept) == sorted(
        f"u{w}x{i}" for w in range(2) for i in range(3)
    )
    assert all(p.records == 40 for p in kept)
    assert len(store.plans.records()) == 6 * 40
    assert len(store.plans.history()) == 6


KILLED_UPLOAD = """
import sys, time
from pathlib import Path
import geoplan.store
from geoplan.store import Store

def hang():
    Path(sys.argv[2]).write_text("inside the transaction")
    time.sleep(120)

geoplan.store._before_commit = hang
rows = [{"record_id": f"u9-L{n:04d}-01", "plan": "u9", "name": "工程"} for n in range(50)]
entry = {"file": "f.txt", "title": "被中断的计划", "short": "计划", "level": "county",
         "region": "东阳市", "period_start": 2024, "period_end": 2025}
Store(sys.argv[1]).plans.add("u9", entry, text="文本", records=rows, author="killed")
"""


def test_an_upload_killed_midway_leaves_nothing_behind(store: Store, tmp_path: Path) -> None:
    store.plans.add("u1", ENTRY, text=TEXT, records=plan_records("u1"), author="before")
    kill_inside_a_transaction(KILLED_UPLOAD, store, tmp_path / "inside")
    assert [p.plan_id for p in store.plans.all()] == ["u1"]
    assert len(store.plans.records()) == 2
    assert [c.plan_id for c in store.plans.history()] == ["u1"]
