"""``geoplan plans`` and ``geoplan extract FILE --save``: the plans, shipped and uploaded.

Part of :mod:`geoplan.cli`, kept apart so the main command stays short. A plan
saved here is the plan the app's 上传规划 tab keeps: the same store
(``GEOPLAN_USER_DIR``), the same records, the same ids.

Examples
--------
::

    geoplan extract 县重点项目.docx --region 东阳市 --save --author 王工
    geoplan plans                      # the five shipped plans and the uploaded ones
    geoplan plans remove u1a2b3c4d     # an uploaded plan and its records
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

import pandas as pd

from geoplan._io import write_atomic

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction

__all__ = ["add_plans_parser", "add_save_options", "run_plans", "save_extraction"]


def add_save_options(extract: argparse.ArgumentParser) -> None:
    """Add ``--save``, ``--author`` and ``--replace`` to ``geoplan extract``."""
    extract.add_argument(
        "--save", action="store_true",
        help="keep the plan and its placed records in the user store (GEOPLAN_USER_DIR): "
        "they then show in the app, beside the shipped plans",
    )  # fmt: skip
    extract.add_argument("--author", help="who saves it (default: the login name)")
    extract.add_argument(
        "--replace", action="store_true", help="replace the plan if it was saved before"
    )


def add_plans_parser(sub: Any) -> None:
    """Add ``geoplan plans`` (list) and ``geoplan plans remove ID``."""
    plans = sub.add_parser("plans", help="list the plans: shipped, and uploaded (--save, the app)")
    psub = plans.add_subparsers(dest="action")
    remove = psub.add_parser("remove", help="remove an uploaded plan and its records")
    remove.add_argument("plan_id")
    remove.add_argument("--author", help="who removes it (default: the login name)")


def save_extraction(found: PlanExtraction, args: argparse.Namespace) -> int:
    """Keep a plan file's reading in the user store; write its records with ``--output``."""
    from geoplan import schema, uploads  # noqa: PLC0415

    saved = uploads.save_plan(found, author=args.author, replace=args.replace)
    plan, change = saved.plan, saved.change
    verb = "replaced" if change.action == "replace" else "saved"
    print(
        f"{verb} plan {plan.id} “{plan.title}” ({plan.region}, {plan.period[0]}–{plan.period[1]}): "
        f"{len(saved.records)} records in the user store; see `geoplan plans`"
    )
    if args.output:
        write_atomic(args.output, schema.to_csv(pd.DataFrame(saved.records[schema.COLUMNS])))
        print(f"wrote {len(saved.records)} records to {args.output}")
    return 0


def run_plans(args: argparse.Namespace) -> int:
    """List the plans, or remove an uploaded one."""
    from geoplan import plans, uploads  # noqa: PLC0415
    from geoplan.store import Store  # noqa: PLC0415

    store = Store()
    if args.action == "remove":
        change = uploads.remove_plan(args.plan_id, store=store, author=args.author)
        print(f"removed plan {change.plan_id} “{change.title}” and its {change.records} records")
        return 0
    uploaded = {p.plan_id: p for p in store.plans.all()}
    rows = [
        {
            "id": p.id,
            "from": "uploaded" if p.id in uploaded else "data/plans.toml",
            "title": p.title,
            "region": p.region,
            "period": f"{p.period[0]}–{p.period[1]}",
            "records": uploaded[p.id].records if p.id in uploaded else "",
            "added": f"{uploaded[p.id].author} {uploaded[p.id].at[:10]}"
            if p.id in uploaded
            else "",
        }
        for p in plans.read_plans(store=store).values()
    ]
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(pd.DataFrame(rows).to_string(index=False))
    return 0
