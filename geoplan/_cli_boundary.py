"""``geoplan boundary …`` and ``geoplan query near|inside|overlaps``: digitized boundaries.

Part of :mod:`geoplan.cli`, kept apart so the main command stays short. Exit
status: 0 done (saved), 1 refused (a check failed, or warned without
``--force``; nothing to show), 2 bad input (from :func:`geoplan.cli.main`).

Examples
--------
::

    geoplan boundary set 000-b10-01 园区.kml --crs gcj02 --author 王工
    geoplan boundary history 000-b10-01
    geoplan boundary undo 000-b10-01
    geoplan boundary export boundaries.gpkg
    geoplan query near 000-b10-01 --distance 2000 -o near.geojson
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from geoplan._io import write_atomic

if TYPE_CHECKING:
    import geopandas as gpd

    from geoplan.atlas import Atlas

__all__ = [
    "SPATIAL_QUESTIONS",
    "add_boundary_parser",
    "add_spatial_queries",
    "run_boundary",
    "run_spatial_query",
]

_CRS_HELP = (
    "coordinate system of the file: file (its own; WGS-84 if it declares none), wgs84, "
    "gcj02 (高德/腾讯), cgcs2000"
)
#: The ``geoplan query`` questions this module answers.
SPATIAL_QUESTIONS = ("near", "inside", "overlaps")
_SHOWN = ["record_id", "name", "kind", "unit_name", "precision", "plan", "box", "line_start"]


def add_boundary_parser(sub: Any) -> None:
    """Add ``geoplan boundary`` and its subcommands to the CLI's subparsers."""
    boundary = sub.add_parser("boundary", help="digitized boundaries of records")
    bsub = boundary.add_subparsers(dest="action", required=True)
    for name, helptext in (
        ("set", "check a boundary file for a record and save it unless a check refuses"),
        ("check", "check a boundary file for a record without saving (exit 1 on a failure)"),
    ):
        one = bsub.add_parser(name, help=helptext)
        one.add_argument("record_id")
        one.add_argument("file", help=".geojson, .gpkg, .kml or a zipped Shapefile (.zip)")
        one.add_argument(
            "--crs", choices=["file", "wgs84", "gcj02", "cgcs2000"], default="file", help=_CRS_HELP
        )
        one.add_argument("--layer", help="layer of a GeoPackage or zip with several")
        if name == "set":
            one.add_argument("--author", help="who saves it (default: the login name)")
            one.add_argument("--force", action="store_true", help="save past warnings")
    bsub.add_parser("show", help="a record's boundary as GeoJSON").add_argument("record_id")
    bsub.add_parser("history", help="every change of a record's boundary").add_argument("record_id")
    undo = bsub.add_parser("undo", help="revert the latest change of a record's boundary")
    undo.add_argument("record_id")
    undo.add_argument("--author", help="who undoes it (default: the login name)")
    export = bsub.add_parser("export", help="all boundaries to .gpkg (with history) or .geojson")
    export.add_argument("file")


def add_spatial_queries(qsub: Any) -> None:
    """Add ``near``, ``inside`` and ``overlaps`` to ``geoplan query``."""
    near = qsub.add_parser("near", help="records within a distance of a record or a point")
    near.add_argument("record_id", nargs="?", help="the record to measure from")
    near.add_argument("--point", nargs=2, type=float, metavar=("LON", "LAT"), help="or a point")
    near.add_argument("--distance", type=float, required=True, help="metres")
    inside = qsub.add_parser("inside", help="records inside a polygon file")
    inside.add_argument("file", help=".geojson, .gpkg, .kml or a zipped Shapefile (.zip)")
    inside.add_argument(
        "--crs", choices=["file", "wgs84", "gcj02", "cgcs2000"], default="file", help=_CRS_HELP
    )
    inside.add_argument("--layer", help="layer of a GeoPackage or zip with several")
    inside.add_argument("--touching", action="store_true", help="also records partly inside")
    for parser in (near, inside):
        parser.add_argument(
            "--stand-ins",
            action="store_true",
            help="also records at county or city precision (stand-in points)",
        )
    overlaps = qsub.add_parser("overlaps", help="digitized boundaries that overlap each other")
    for parser in (near, inside, overlaps):
        parser.add_argument(
            "--output", "-o", help="write .csv or .geojson here instead of printing"
        )


def run_boundary(args: argparse.Namespace, atlas: Atlas) -> int:
    """Run ``geoplan boundary <action>``; return the exit status."""
    if args.action in {"set", "check"}:
        return _set_or_check(args, atlas)
    if args.action == "show":
        found = atlas.boundaries()
        found = found[found["record_id"] == args.record_id]
        if found.empty:
            from geoplan.surveyed import record_row  # noqa: PLC0415

            record_row(atlas.records, args.record_id)  # unknown id: exit 2
            print(f"geoplan: {args.record_id} has no digitized boundary", file=sys.stderr)
            return 1
        feature = json.loads(found.iloc[:1].to_json(drop_id=True))["features"][0]
        print(json.dumps(feature, ensure_ascii=False))
        return 0
    if args.action == "history":
        _print_history(atlas.boundary_history(args.record_id))
        return 0
    if args.action == "undo":
        change = atlas.undo_boundary(args.record_id, author=args.author)
        now = "no boundary (drawn at its stand-in again)" if change.geometry is None else "restored"
        print(f"undid change {change.undoes} of {args.record_id}: change {change.change_id}, {now}")
        return 0
    path = atlas.export_boundaries(args.file)
    print(f"wrote {path} ({len(atlas.boundaries())} boundaries)")
    return 0


def _set_or_check(args: argparse.Namespace, atlas: Atlas) -> int:
    from geoplan.errors import BoundaryRefusedError  # noqa: PLC0415

    if args.action == "check":
        report = atlas.check_boundary(args.record_id, args.file, crs=args.crs, layer=args.layer)
        print(report.to_text())
        return 1 if report.status == "fail" else 0
    try:
        saved = atlas.set_boundary(
            args.record_id, args.file, crs=args.crs, author=args.author, force=args.force,
            layer=args.layer,
        )  # fmt: skip
    except BoundaryRefusedError as err:
        print(err.report.to_text())
        why = "a check failed" if err.report.status == "fail" else "checks warn; --force saves"
        print(f"geoplan: not saved: {why}", file=sys.stderr)
        return 1
    print(saved.to_text())
    change = saved.change
    assert change is not None  # noqa: S101 - set_boundary returns the saved change
    print(f"saved as change {change.change_id} by {change.author}: {args.record_id} is surveyed")
    return 0


def _print_history(history: gpd.GeoDataFrame) -> None:
    import pandas as pd  # noqa: PLC0415

    table = pd.DataFrame(
        {
            "change": history["change_id"],
            "at (UTC)": history["at"].str.slice(0, 19).str.replace("T", " "),
            "author": history["author"],
            "action": [
                f"undo {u}" if a == "undo" else ("set (undone)" if d else "set")
                for a, u, d in zip(
                    history["action"], history["undoes"], history["undone"], strict=True
                )
            ],
            "checks": history["status"],
            "area_km2": (history["area_m2"] / 1e6).round(4),
            "source": history["source"],
            "crs": history["input_crs"],
        }
    )
    print(table.to_string(index=False) if len(table) else "no boundary changes")


def run_spatial_query(args: argparse.Namespace, atlas: Atlas) -> int:
    """Run ``geoplan query near|inside|overlaps``; return the exit status."""
    from geoplan.digitize import read_boundary  # noqa: PLC0415
    from geoplan.query import spatial  # noqa: PLC0415

    records = atlas.records
    if args.question == "overlaps":
        pairs = spatial.overlapping_boundaries(records[records["precision"] == "surveyed"])
        names = records.set_index("record_id")["name"]
        found = pairs.assign(
            name_a=pairs["record_a"].map(names), name_b=pairs["record_b"].map(names)
        )
        columns = ["record_a", "name_a", "record_b", "name_b", "overlap_m2", "share_a", "share_b"]
        return _output(found, columns, args.output)
    if args.question == "inside":
        area = read_boundary(args.file, crs=args.crs, layer=args.layer).geometry
        found = spatial.inside(
            records,
            area,
            predicate="intersects" if args.touching else "within",
            stand_ins=args.stand_ins,
        )
        return _output(found, _SHOWN, args.output)
    origin, exclude = _origin(args, records)
    found = spatial.within_distance(records, origin, args.distance, stand_ins=args.stand_ins)
    found = found[found["record_id"] != exclude]
    return _output(found, [*_SHOWN[:5], "distance_m", *_SHOWN[5:]], args.output)


def _origin(args: argparse.Namespace, records: gpd.GeoDataFrame) -> tuple[Any, str]:
    from shapely.geometry import Point  # noqa: PLC0415

    from geoplan.errors import BoundaryInputError  # noqa: PLC0415
    from geoplan.surveyed import record_row  # noqa: PLC0415

    if (args.record_id is None) == (args.point is None):
        msg = "give either a record id or --point LON LAT to measure from"
        raise BoundaryInputError(msg)
    if args.point is not None:
        from geoplan import crs  # noqa: PLC0415

        crs.check_lonlat([args.point[0]], [args.point[1]], what="the point")
        return Point(*args.point), ""
    row = record_row(records, args.record_id)
    if row.geometry is None:
        msg = f"{args.record_id} is unplaced: it has no position to measure from"
        raise BoundaryInputError(msg)
    return row.geometry, args.record_id


def _output(found: gpd.GeoDataFrame, columns: list[str], output: str | None) -> int:
    import pandas as pd  # noqa: PLC0415

    from geoplan.surveyed import write_layers  # noqa: PLC0415

    table = pd.DataFrame(found[columns])
    if not output:
        with pd.option_context("display.max_rows", None, "display.width", 200):
            print(table.to_string(index=False) if len(table) else "no records")
        return 0
    if output.lower().endswith(".csv"):
        path = write_atomic(output, table.to_csv(index=False, lineterminator="\n"))
    else:
        path = write_layers(output, {"records": found[[*columns, "geometry"]]})
    print(f"wrote {path} ({len(table)} rows)")
    return 0
