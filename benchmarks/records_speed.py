"""Speed of turning the five plans into placed records, and of records_in queries.

Targets: extract and place all five plans in under 1 s together (one core);
``atlas.records_in(member)`` under 50 ms for every member of 两核四圈.
"""

from __future__ import annotations

import time

import geoplan
from geoplan import extract
from geoplan.locate import Locator


def _best_of(runs: int, func):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def run() -> None:
    locator = Locator.load()  # loading the gazetteer is start-up, not per-run work
    extract_s, frame = _best_of(5, extract.extract_all)
    place_s, placed = _best_of(5, lambda: locator.place(frame))
    total = extract_s + place_s
    print(f"extract 5 plans: {extract_s * 1000:.0f} ms ({len(frame)} records)")
    placed_count = int((placed["precision"] != "unplaced").sum())
    print(f"place them:      {place_s * 1000:.0f} ms ({placed_count} placed)")
    print(f"together:        {total * 1000:.0f} ms  (target < 1000 ms; ratio {total:.2f})")
    atlas = geoplan.load()
    _ = atlas.records
    members = atlas.grouping("两核四圈")
    worst = 0.0
    for _, member in members.iterrows():
        seconds, hits = _best_of(5, lambda m=member: atlas.records_in(m))
        worst = max(worst, seconds)
        print(f"records_in({member['member']}): {seconds * 1000:5.1f} ms, {len(hits)} records")
    print(f"slowest records_in: {worst * 1000:.1f} ms  (target < 50 ms; ratio {worst / 0.05:.2f})")


if __name__ == "__main__":
    run()
