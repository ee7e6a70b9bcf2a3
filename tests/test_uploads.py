"""A planner's own plans kept beside the shipped five: the API, the registry and the CLI.

Plans are the synthetic ones the tests write (tests/synthetic_plans.py); every test
has its own user folder (``GEOPLAN_USER_DIR``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from synthetic_plans import PLANS, as_docx, as_text, as_xlsx_table

import geoplan
from geoplan import plans, query
from geoplan.errors import DuplicatePlanError, GeoplanError, UnknownNameError
from geoplan.extract import extract_file
from geoplan.plans import PLANS_DIR, read_plans
from geoplan.query import RecordFilter

ROOT = Path(__file__).resolve().parent.parent
CITY, COUNTY, NOTICE = PLANS["city"], PLANS["county"], PLANS["notice"]


@pytest.fixture
def atlas(user: Path) -> geoplan.Atlas:
    return geoplan.load(records_dir=ROOT / "tests" / "data" / "records")


def test_a_kept_plan_joins_the_registry_the_records_and_the_filters(atlas, user):
    shipped = len(atlas.records)
    found = extract_file(as_text(CITY.text, "gb18030"), name="衢州重大项目.txt")
    saved = atlas.add_plan(found, author="王工")
    plan = saved.plan
    assert (plan.title, plan.region, plan.period) == (CITY.title, CITY.region, CITY.period)
    assert atlas.plans[plan.id] == plan and list(atlas.plans)[:-1] == list(read_plans())
    mine = atlas.records[atlas.records["plan"] == plan.id]
    assert len(atlas.records) == shipped + len(mine) and len(mine) == len(saved.records)
    by_name = mine.set_index("name")
    hospital = by_name.loc["衢州市第二人民医院迁建工程"]
    assert (hospital["unit_name"], hospital["investment_total"]) == ("柯城区", 18.6)
    assert hospital["plan_title"] == CITY.title
    assert hospital.geometry is not None  # placed when kept
    # its lines are the plan's own: the record's text is on the line it cites
    lines = plans.plan_lines(plan.id)
    assert lines[int(hospital["line_start"]) - 1].startswith("1. 衢州市第二人民医院迁建工程")
    # the filters and questions see it like any plan
    picked = query.filter_records(atlas.records, RecordFilter(plans=(plan.id,)), atlas)
    assert set(picked["record_id"]) == set(mine["record_id"])
    assert "衢州市第二人民医院迁建工程" in set(atlas.records_in("柯城区")["name"])
    # another process (a new atlas) sees the same
    again = geoplan.load(records_dir=ROOT / "tests" / "data" / "records")
    assert plan.id in again.plans and plan.id in set(again.records["plan"])


def test_an_excel_project_list_is_kept_and_cites_its_rows(atlas, user):
    found = extract_file(as_xlsx_table(CITY, grouped=True), name="衢州项目库.xlsx")
    saved = atlas.add_plan(found, author="王工")
    (kept,) = atlas.store.plans.all()
    assert (kept.read_as["name"], kept.read_as["format"]) == ("衢州项目库.xlsx", "xlsx")
    mine = atlas.records[atlas.records["plan"] == saved.plan.id].set_index("name")
    sports = mine.loc["江山市体育中心"]
    assert (sports["investment_total"], sports["investment_period"]) == (9.0, 7.2)
    assert sports["stage"] == "续建"
    # the line it cites is its row of the sheet, as kept
    row = plans.plan_lines(saved.plan.id)[int(sports["line_start"]) - 1]
    assert row.split("\t")[:2] == ["4", "江山市体育中心"]


def test_a_removed_plan_leaves_no_record(atlas, user):
    saved = atlas.add_plan(extract_file(as_docx(NOTICE.text), name="义乌通知.docx"))
    before = set(atlas.records["record_id"])
    change = atlas.remove_plan(saved.plan.id, author="李工")
    assert (change.action, change.records) == ("remove", len(saved.records))
    assert saved.plan.id not in atlas.plans
    assert before - set(atlas.records["record_id"]) == set(saved.records["record_id"])
    with pytest.raises(UnknownNameError, match=f"no plan '{saved.plan.id}'"):
        plans.plan_lines(saved.plan.id)


def test_traditional_script_is_kept_simplified_with_its_original(atlas, user):
    found = extract_file(as_docx(COUNTY.text), name="磐安縣名單.docx")
    saved = atlas.add_plan(found)
    (kept,) = atlas.store.plans.all()
    assert kept.read_as == {"name": "磐安縣名單.docx", "encoding": "docx", "format": "docx",
                            "converted": True}  # fmt: skip
    assert "磐安县人民医院" in atlas.store.plans.text(saved.plan.id)
    assert set(saved.records["name"]) >= {"安文水库工程", "浙江磐安抽水蓄能电站"}


def test_the_same_text_twice_is_the_same_plan(atlas, user):
    first = atlas.add_plan(extract_file(as_text(CITY.text, "utf-8"), name="a.txt"))
    again = extract_file(as_text(CITY.text, "utf-16"), name="b.txt")
    assert again.plan == first.plan.id
    assert list(again.records["record_id"]) == list(first.records["record_id"])
    before = atlas.store.path.read_bytes()
    with pytest.raises(DuplicatePlanError, match="already in the store"):
        atlas.add_plan(again)
    assert atlas.store.path.read_bytes() == before
    assert atlas.add_plan(again, replace=True).change.action == "replace"
    assert list(atlas.plans).count(first.plan.id) == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("shipped", "is the shipped plan 001 .*nothing to save"),
        ("nothing", "nothing to save from empty.txt: no works found"),
        ("unsaid", r"does not say the plan's title, region, period; give --title, --region"),
    ],
)
def test_what_cannot_be_kept_is_refused_and_nothing_changes(atlas, user, case, message):
    atlas.add_plan(extract_file(as_text(NOTICE.text, "utf-8"), name="n.txt"))
    before = atlas.store.path.read_bytes()
    if case == "shipped":
        found = extract_file(next(PLANS_DIR.glob("001_*.txt")))
    elif case == "nothing":
        found = extract_file("一、总则\n加强组织领导。\n".encode(), name="empty.txt")
    else:  # a list without title line, region or period
        found = extract_file("1. 甲县人民医院迁建工程，总投资5亿元。\n".encode(), name="list.txt")
    with pytest.raises(GeoplanError, match=message):
        atlas.add_plan(found)
    assert atlas.store.path.read_bytes() == before
    assert len(atlas.plans) == len(read_plans()) + 1


def test_what_the_planner_gives_completes_the_plan(atlas, user):
    text = "1. 东阳市人民医院迁建工程，总投资5亿元，用地120亩。\n".encode("gb18030")
    found = extract_file(text, name="清单.txt", title="东阳市重点项目清单", region="东阳",
                         period="2024-2026")  # fmt: skip
    saved = atlas.add_plan(found)
    assert (saved.plan.title, saved.plan.region, saved.plan.period) == (
        "东阳市重点项目清单", "东阳市", (2024, 2026)
    )  # fmt: skip
    assert saved.records["unit_name"].tolist() == ["东阳市"]


def cli(*args: str, user: Path) -> subprocess.CompletedProcess[str]:
    env = {"GEOPLAN_USER_DIR": str(user), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip


def test_the_cli_keeps_lists_and_removes_a_plan_as_the_api_does(user, tmp_path):
    path = tmp_path / "义乌通知.docx"
    path.write_bytes(as_docx(NOTICE.text))
    saved = cli("extract", str(path), "--save", "--author", "王工", user=user)
    assert saved.returncode == 0, saved.stderr
    api = extract_file(path)  # the same file through Python: the same plan and ids
    assert f"saved plan {api.plan} “{NOTICE.title}”" in saved.stdout
    atlas = geoplan.load()
    kept = atlas.records[atlas.records["plan"] == api.plan]
    assert list(kept["record_id"]) == list(api.records["record_id"])
    listed = cli("plans", user=user)
    row = next(line for line in listed.stdout.splitlines() if line.startswith(api.plan))
    assert "uploaded" in row and "王工" in row and "义乌市" in row
    again = cli("extract", str(path), "--save", user=user)
    assert again.returncode == 2 and "already in the store" in again.stderr
    assert "Traceback" not in again.stderr
    removed = cli("plans", "remove", api.plan, user=user)
    assert removed.returncode == 0 and f"removed plan {api.plan}" in removed.stdout
    assert api.plan not in geoplan.load().plans
    unknown = cli("plans", "remove", "000", user=user)
    assert unknown.returncode == 2 and "shipped plans cannot be removed" in unknown.stderr
