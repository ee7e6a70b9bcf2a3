"""Rebuild data/townships.csv: Zhejiang's townships (乡/镇/街道) by county, from jionlp.

Usage::

    pip install jionlp==1.5.31          # Apache-2.0; only needed to rebuild
    python scripts/build_townships.py   # or: --jionlp-root PATH/TO/jionlp

jionlp ships a post-2021 administrative dictionary (dictionary/china_location.zip):
province → city → county → township → village, names and county adcodes, no
coordinates. Only Zhejiang's county-level units that exist in data/boundaries are kept
(the dictionary also lists 温州经济技术开发区 as if it were a county; it is not one).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
import zipfile
from pathlib import Path

from geoplan.boundaries import read_units

OUT = Path(__file__).resolve().parent.parent / "data" / "townships.csv"
SOURCE = "jionlp 1.5.31 dictionary/china_location.zip (Apache-2.0)"


def townships(jionlp_root: Path) -> list[tuple[str, str, str]]:
    """Return (county adcode, county name, township name) rows for Zhejiang."""
    with zipfile.ZipFile(jionlp_root / "dictionary" / "china_location.zip") as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    counties = read_units().query("level == 'county'")
    known = dict(zip(counties["adcode"], counties["name"], strict=True))
    rows, province, county = [], "", None
    for raw in io.StringIO(text):
        line = raw.rstrip("\r\n")
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip("\t").split("\t")
        if depth == 0:
            province = parts[0]
        elif depth == 2:
            county = (
                parts[1] if province == "浙江省" and len(parts) > 1 and parts[1] in known else None
            )
        elif depth == 3 and county is not None and parts[0]:
            rows.append((county, known[county], parts[0]))
    return sorted(set(rows))


def main() -> int:
    """Write data/townships.csv; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jionlp-root", type=Path, help="folder of the jionlp package")
    args = parser.parse_args()
    root = args.jionlp_root
    if root is None:
        spec = importlib.util.find_spec("jionlp")
        if spec is None or spec.origin is None:
            print(
                "jionlp is not installed: `pip install jionlp==1.5.31` or pass --jionlp-root",
                file=sys.stderr,
            )
            return 2
        root = Path(spec.origin).parent
    rows = townships(root)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["adcode", "county", "township", "source"])
        writer.writerows((*row, SOURCE) for row in rows)
    print(f"wrote {len(rows)} townships of {len({r[0] for r in rows})} counties to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
