"""The ``geoplan`` command: export and print maps, list layers, resolve names, query, extract.

Every subcommand is a thin call into the library, so the CLI, the app and
Python give the same answers. Output files are written atomically: a failed
run never leaves a half-written file in place of a good one.

Examples
--------
::

    geoplan layers
    geoplan export --layer 两核四圈 --layer 衢州协同格局 -o map.html
    geoplan map --grouping 两核四圈 --format pdf -o 两核四圈.pdf
    geoplan locate 江山市政府 智造新城 横店
    geoplan query records-in 金衢丽 -o records.csv
    geoplan boundary set 000-b10-01 园区.kml --crs gcj02   # see geoplan/_cli_boundary.py
    geoplan extract --all            # regenerate data/records/ from the plans
    geoplan extract 县计划.docx --region 东阳市 --save   # keep it: see geoplan/_cli_plans.py
    geoplan plans
    geoplan compare 002 000 -o changes.csv
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geoplan._cli_boundary import (
    SPATIAL_QUESTIONS,
    add_boundary_parser,
    add_spatial_queries,
    run_boundary,
    run_spatial_query,
)
from geoplan._cli_plans import add_plans_parser, add_save_options, run_plans, save_extraction
from geoplan._io import write_atomic
from geoplan.errors import GeoplanError
from geoplan.plans import Plan

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geoplan", description="Maps of what Zhejiang's plans say happens where."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("layers", help="list the layers (groupings and record sets)")

    _add_map_commands(sub)

    locate = sub.add_parser("locate", help="resolve place names to administrative units")
    locate.add_argument("names", nargs="+")

    query = sub.add_parser("query", help="spatial questions about records")
    qsub = query.add_subparsers(dest="question", required=True)
    inside = qsub.add_parser("records-in", help="records in a grouping member or a unit")
    inside.add_argument("target", help="member name, layer/member, or unit name")
    inside.add_argument("--layer", help="only members of this grouping")
    inside.add_argument("--output", "-o", help="write CSV here instead of printing")
    summary = qsub.add_parser("summary", help="record totals per member of a grouping")
    summary.add_argument("grouping")
    summary.add_argument("--output", "-o", help="write CSV here instead of printing")
    at = qsub.add_parser("at", help="the county containing a WGS-84 point")
    at.add_argument("lon", type=float)
    at.add_argument("lat", type=float)
    add_spatial_queries(qsub)

    extract = sub.add_parser(
        "extract",
        help="turn a plan into records: any plan file (text, .docx, .xlsx, PDF), or --all",
        description=(
            "Read a plan file (UTF-8, GBK or UTF-16 text, Word .docx, Excel .xlsx, PDF with text; "
            "traditional script is read as simplified), find every named work, place it, "
            "and print or write the records. Title, region and period are read from the "
            "text where it says them; give them with --title/--region/--period otherwise."
        ),
    )
    extract.add_argument("plan", nargs="?", help="a plan file")
    extract.add_argument("--plan-id", help="the id records cite (default: from the file)")
    extract.add_argument("--title", help="the plan's title, if its text does not state it")
    extract.add_argument("--region", help="the plan's region, e.g. 金华市 or 金东区")
    extract.add_argument("--period", help="the plan's period, e.g. 2021-2025")
    extract.add_argument("--no-place", action="store_true", help="do not place the records")
    extract.add_argument("--all", action="store_true", help="all five plans → data/records/")
    extract.add_argument("--report", action="store_true", help="print the report of the reading")
    extract.add_argument("--output", "-o", help="CSV file (one plan) or folder (--all)")
    add_save_options(extract)
    add_plans_parser(sub)

    compare = sub.add_parser(
        "compare", help="match two plans' records: continued, new, dropped, with the evidence"
    )
    compare.add_argument("plans", nargs=2, metavar="PLAN", help="plan id (see data/plans.toml)")
    compare.add_argument("--output", "-o", help="CSV file: one row per record of either plan")
    compare.add_argument(
        "--headings", choices=["zh", "en"], default="zh", help="CSV headings (default: Chinese)"
    )
    compare.add_argument(
        "--as-given",
        action="store_true",
        help="the first plan is the earlier one (default: by period)",
    )
    compare.add_argument(
        "--threshold",
        type=float,
        help="lowest confidence of a match, 0–1 (default: geoplan.compare.DEFAULT_THRESHOLD)",
    )
    compare.add_argument("--map", help="also write an HTML map of the comparison")
    compare.add_argument("--top", type=int, default=10, help="matches listed in the summary")

    add_boundary_parser(sub)
    return parser


def _add_map_commands(sub: Any) -> None:
    """``geoplan export`` (an HTML map) and ``geoplan map`` (a report map for print)."""
    export = sub.add_parser("export", help="write one self-contained HTML map")
    export.add_argument(
        "--layer", "-l", action="append", default=[], help="layer id or alias (repeat)"
    )
    export.add_argument("--output", "-o", required=True, help="HTML file to write")
    export.add_argument("--basemap", choices=["none", "osm", "gaode"], default="none")
    export.add_argument("--title", default="", help="legend heading")
    export.add_argument(
        "--footprints",
        action="store_true",
        help="also draw circles of the records' documented land area (approximate position)",
    )

    printed = sub.add_parser(
        "map", help="write a report map (PDF, PNG at 300 dpi, or SVG) at A4 or A3"
    )
    printed.add_argument("--grouping", "-g", action="append", default=[], help="grouping (repeat)")
    printed.add_argument(
        "--layer", "-l", action="append", default=[], help="record layer or any layer (repeat)"
    )
    printed.add_argument("--output", "-o", required=True, help="file to write")
    printed.add_argument(
        "--format", "-f", dest="fmt", choices=["pdf", "png", "svg"],
        help="file format (default: the output's suffix, else pdf)",
    )  # fmt: skip
    printed.add_argument("--paper", choices=["A4", "A3"], default="A4")
    printed.add_argument("--orientation", choices=["landscape", "portrait"], default="landscape")
    printed.add_argument("--title", default="", help="map title (default: the groupings' titles)")
    printed.add_argument("--subtitle", default="", help="a line under the title")
    printed.add_argument(
        "--footprints", action="store_true", help="also draw circles of documented land area"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0 on success; 1 when the command ran but the answer is "no" (an unknown
    name in ``locate``, a refused save); 2 for bad input, which prints one
    line saying what was wrong and what to do; 3 for an error that is a bug
    in geoplan (``GEOPLAN_DEBUG=1`` shows its traceback); 130 when interrupted.
    """
    args = _parser().parse_args(argv)
    try:
        return int(_COMMANDS[args.command](args))
    except GeoplanError as err:
        return _fail(f"geoplan: error: {err}", 2)
    except OSError as err:
        where = f": {err.filename}" if err.filename else ""
        return _fail(f"geoplan: error: {err.strerror or err}{where}", 2)
    except KeyboardInterrupt:
        return _fail("geoplan: interrupted; files being written were left as they were", 130)
    except Exception as err:
        if os.environ.get("GEOPLAN_DEBUG") == "1":
            raise
        message = (
            f"geoplan: internal error ({type(err).__name__}: {err}). This is a bug in "
            "geoplan, not in your input: please report it with the command you ran "
            "(GEOPLAN_DEBUG=1 shows the details)"
        )
        return _fail(message, 3)


def _fail(message: str, status: int) -> int:
    # One line, however many problems a message lists: a terminal or a log keeps it whole.
    print(" ".join(part.strip() for part in message.splitlines() if part.strip()), file=sys.stderr)
    return status


def _atlas():  # type: ignore[no-untyped-def]
    from geoplan.atlas import load  # noqa: PLC0415 - keep `geoplan --help` fast

    return load()


def _cmd_layers(args: argparse.Namespace) -> int:
    del args
    print(_atlas().layers().to_string(index=False))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from geoplan.maps import to_html  # noqa: PLC0415

    if not args.layer:
        print("geoplan: error: name at least one --layer (see `geoplan layers`)", file=sys.stderr)
        return 2
    atlas = _atlas()
    m = atlas.map(args.layer, basemap=args.basemap, title=args.title, footprints=args.footprints)
    html = to_html(m)
    out = write_atomic(args.output, html)
    print(f"wrote {out} ({len(html.encode()) / 1e6:.2f} MB): {', '.join(args.layer)}")
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    layers = [*args.grouping, *args.layer]
    if not layers:
        msg = "name a --grouping or a --layer to draw (see `geoplan layers`)"
        print(f"geoplan: error: {msg}", file=sys.stderr)
        return 2
    suffix = Path(args.output).suffix.lower().lstrip(".")
    fmt = args.fmt or (suffix if suffix in {"pdf", "png", "svg"} else "pdf")
    if suffix and suffix != fmt:
        msg = f"--format {fmt} does not match the output file {args.output!r}; use a .{fmt} name"
        print(f"geoplan: error: {msg}", file=sys.stderr)
        return 2
    data = _atlas().print_map(
        layers, paper=args.paper, orientation=args.orientation, fmt=fmt, title=args.title,
        subtitle=args.subtitle, footprints=args.footprints,
    )  # fmt: skip
    out = write_atomic(args.output, data)
    sheet = f"{args.paper} {'横版' if args.orientation == 'landscape' else '竖版'}"
    print(f"wrote {out} ({len(data) / 1e6:.2f} MB, {fmt.upper()}, {sheet}): {', '.join(layers)}")
    return 0


def _cmd_locate(args: argparse.Namespace) -> int:
    gazetteer = _atlas().gazetteer
    status = 0
    for name in args.names:
        found = gazetteer.resolve(name)
        units = "、".join(gazetteer.name_of(a) for a in found.adcodes) or "—"
        print(f"{name}\t{units}\t{found.how}\t{found.basis}")
        status = status or (0 if found.ok else 1)
    return status


def _print_or_write(frame: pd.DataFrame, output: str | None) -> None:
    if output:
        path = write_atomic(output, frame.to_csv(index=False, lineterminator="\n"))
        print(f"wrote {path} ({len(frame)} rows)")
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200):
            print(frame.to_string(index=False))


def _cmd_query(args: argparse.Namespace) -> int:
    atlas = _atlas()
    if args.question in SPATIAL_QUESTIONS:
        return run_spatial_query(args, atlas)
    if args.question == "records-in":
        hits = atlas.records_in(args.target, layer=args.layer)
        columns = ["record_id", "name", "kind", "unit_name", "precision", "match",
                   "investment_total", "land_area_m2", "plan", "box", "line_start"]  # fmt: skip
        _print_or_write(pd.DataFrame(hits[columns]), args.output)
    elif args.question == "summary":
        _print_or_write(atlas.summary(args.grouping).reset_index(names="member"), args.output)
    else:
        found = atlas.unit_at(args.lon, args.lat)
        print("\t".join(found[["adcode", "name"]].iloc[0]) if len(found) else "outside Zhejiang")
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from geoplan import extract, records  # noqa: PLC0415

    if args.all or (args.report and not args.plan):
        built = records.build()  # extracted once, for the files and the report alike
        if args.all:
            records.write(built.records, args.output or records.RECORDS_DIR)
            print(f"wrote {len(built.records)} records to {args.output or 'data/records/'}")
        if args.report:
            print(extract.reconcile(built.records, inventories=built.inventories).to_text())
        return 0
    if not args.plan:
        print("geoplan: error: give a plan file, or --all", file=sys.stderr)
        return 2
    return _extract_one(args)


def _extract_one(args: argparse.Namespace) -> int:
    from geoplan import extract, schema  # noqa: PLC0415
    from geoplan.records import place_extraction  # noqa: PLC0415

    found = extract.extract_file(
        args.plan, args.plan_id, title=args.title, region=args.region, period=args.period
    )
    print(found.summary())
    if found.records.empty:
        if args.report:
            print(found.report.to_text())
        print(f"geoplan: {found.report.empty_reason} (in {args.plan})", file=sys.stderr)
        return 1
    if args.save:
        return save_extraction(found, args)
    frame = found.records if args.no_place else place_extraction(found)
    if args.output:
        write_atomic(args.output, schema.to_csv(pd.DataFrame(frame[schema.COLUMNS])))
        print(f"wrote {len(frame)} records to {args.output}")
    if args.report:
        print(found.report.to_text())
        # boxes read and left out, and why: for a planner's own plan as for a shipped one
        inventories = {found.plan: found.inventory}
        print(extract.reconcile(found.records, inventories=inventories).to_text())
    if not args.output and not args.report:
        columns = ["record_id", "name", "work_type", "investment_total", "land_area_m2"]
        columns += [] if args.no_place else ["unit_name", "precision"]
        with pd.option_context("display.max_rows", None, "display.width", 200):
            print(pd.DataFrame(frame[columns]).to_string(index=False))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from geoplan import compare  # noqa: PLC0415

    atlas = _atlas()
    order = "given" if args.as_given else "period"
    threshold = compare.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    table = atlas.compare(*args.plans, order=order, threshold=threshold)
    if args.map:
        from geoplan.maps import to_html  # noqa: PLC0415
        from geoplan.maps.comparison import comparison_map  # noqa: PLC0415

        html = to_html(comparison_map(table, atlas.records, atlas.units()))
        print(f"wrote {write_atomic(args.map, html)} (map of the comparison)")
    if args.output:
        path = write_atomic(args.output, compare.comparison_csv(table, headings=args.headings))
        print(f"wrote {path} ({len(table)} rows: one per record of either plan)")
        return 0
    print(_comparison_summary(table, atlas.plans, args.top))
    return 0


def _comparison_summary(table: pd.DataFrame, plans: dict[str, Plan], top: int) -> str:
    from geoplan import compare  # noqa: PLC0415

    def title(plan_id: str) -> str:
        plan = plans[plan_id]
        return f"{plan.short}（{plan_id}，{plan.period[0]}–{plan.period[1]}）"

    lines = [f"{title(table.attrs['earlier'])} → {title(table.attrs['later'])}", ""]
    lines.append(compare.status_counts(table).to_string())
    matches = compare.top_matches(table, top)
    if len(matches):
        lines += ["", "最可信的对应（前一规划 → 后一规划）："]
        lines += [
            f"  {r.confidence:.2f}  {r.name}（{r.record_id}）→ "
            f"{r.match_name}（{r.match_record_id}）：{r.evidence}"
            for r in matches.itertuples()
        ]
    return "\n".join(lines)


_COMMANDS = {
    "layers": _cmd_layers,
    "export": _cmd_export,
    "map": _cmd_map,
    "locate": _cmd_locate,
    "query": _cmd_query,
    "extract": _cmd_extract,
    "compare": _cmd_compare,
    "boundary": lambda args: run_boundary(args, _atlas()),
    "plans": run_plans,
}

if __name__ == "__main__":
    raise SystemExit(main())
