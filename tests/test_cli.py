import subprocess
import sys

import pytest

from geoplan._io import write_atomic


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "geoplan.cli", *args], capture_output=True, text=True, check=False
    )


def test_export_writes_one_self_contained_file(tmp_path):
    out = tmp_path / "maps" / "两核四圈.html"
    result = run("export", "--layer", "两核四圈", "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o044 == 0o044  # readable by others, like any exported file
    assert "<script src=" not in html and '<link rel="stylesheet" href=' not in html
    assert "杭绍嘉湖服务业经济圈" in html
    assert str(out) in result.stdout


def test_unknown_layer_fails_clearly_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("the report's map from yesterday", encoding="utf-8")
    result = run("export", "--layer", "三核五圈", "-o", str(out))
    assert result.returncode == 2
    assert "no layer called '三核五圈'" in result.stderr and "两核四圈" in result.stderr
    assert out.read_text(encoding="utf-8") == "the report's map from yesterday"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_export_needs_a_layer(tmp_path):
    result = run("export", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2 and "--layer" in result.stderr


def test_locate_prints_units_and_basis_and_fails_on_unknown_names():
    result = run("locate", "江山市政府", "智造新城", "不存在")
    lines = result.stdout.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["江山市政府", "江山市", "body"]
    assert lines[1].split("\t")[1] == "柯城区、衢江区"
    assert lines[2].split("\t")[1:3] == ["—", "unknown"]
    assert result.returncode == 1


def test_layers_lists_groupings():
    result = run("layers")
    assert result.returncode == 0
    assert "两核四圈" in result.stdout and "衢州协同格局" in result.stdout


def test_query_at_a_point():
    # 衢州市 government (柯城区), WGS-84
    result = run("query", "at", "118.874", "28.936")
    assert result.returncode == 0 and "柯城区" in result.stdout
    bad = run("query", "at", "28.936", "118.874")
    assert bad.returncode == 2 and "longitude first" in bad.stderr


def test_write_atomic_leaves_the_target_untouched_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def broken_replace(self, other):
        raise OSError(28, "No space left on device", str(other))

    monkeypatch.setattr(type(target), "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


FIXTURE_PLAN = "tests/data/plans/items_001.txt"


def test_extract_one_plan_to_csv_and_report(tmp_path):
    out = tmp_path / "records.csv"
    result = run("extract", FIXTURE_PLAN, "--plan-id", "001", "-o", str(out), "--report")
    assert result.returncode == 0, result.stderr
    from geoplan import schema

    frame = schema.read_csv(out)
    assert len(frame) >= 3
    item = frame.set_index("name").loc["智慧新城数字经济产业园"]
    assert item["box"] == "专栏2" and item["item"] == 1
    assert item["land_area_m2"] == 36022.0 and item["investment_total"] == 9.0
    assert "核对报告" in result.stdout


def test_extract_refuses_what_is_not_a_plan(tmp_path):
    result = run("extract")
    assert result.returncode == 2 and "--all" in result.stderr
    binary = tmp_path / "plan.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    bad = run("extract", str(binary), "--plan-id", "001")
    assert bad.returncode == 2
    assert "plan.txt: it is not text in UTF-8, GBK/GB18030 or UTF-16" in bad.stderr


def test_export_record_layers_with_footprints(tmp_path):
    out = tmp_path / "platforms.html"
    result = run("export", "--layer", "金华服务业重大平台", "--footprints", "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "金华高新园区软件与服务外包基地" in html
    assert "用地面积示意" in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["export", "--layer", "三核五圈", "-o", "{tmp}/m.html"], "no layer called '三核五圈'"),
        (["query", "summary", "三核五圈"], "no layer called '三核五圈'"),
        (["query", "summary", "衢州标志性项目"], "not a grouping"),
        (["query", "records-in", "不存在的地方"], "neither a grouping member nor a known place"),
        (["query", "records-in", "两核四圈/西湖"], "has no member '西湖'"),
        (["query", "at", "28.936", "118.874"], "longitude first"),
        (["export", "--layer", "两核四圈", "-o", "{tmp}/file.txt/m.html"], "file.txt"),
        (["extract", "{tmp}/missing.txt", "--plan-id", "001"], "plan file not found"),
        (["extract", "{tmp}/file.txt", "--region", "火星"], "region '火星' is not a Zhejiang unit"),
        (["extract", "{tmp}/file.txt", "--plan-id", "a b"], "plan id must be"),
    ],
)
def test_each_mistake_prints_one_clean_line(tmp_path, capsys, args, says):
    # In-process (the same main() the `geoplan` script runs), so the ten cases stay fast.
    from geoplan import cli

    (tmp_path / "file.txt").write_text("专栏1：项目\n1. 甲。", encoding="utf-8")
    assert cli.main([a.replace("{tmp}", str(tmp_path)) for a in args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoplan: error: ")
    assert says in lines[0]


def test_a_bug_is_reported_as_one_line_and_exit_3(monkeypatch, capsys):
    from geoplan import cli

    def broken(args):
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setitem(cli._COMMANDS, "layers", broken)
    monkeypatch.delenv("GEOPLAN_DEBUG", raising=False)
    assert cli.main(["layers"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error (RuntimeError: boom)" in err[0]
    monkeypatch.setenv("GEOPLAN_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(["layers"])


def test_a_message_listing_many_problems_stays_one_line(monkeypatch, capsys):
    from geoplan import cli
    from geoplan.errors import DataFileError

    def broken(args):
        msg = "layer file x.toml has 2 problem(s):\n  - id: empty\n  - kind: bad"
        raise DataFileError(msg)

    monkeypatch.setitem(cli._COMMANDS, "layers", broken)
    assert cli.main(["layers"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "- id: empty - kind: bad" in err


def test_interrupt_exits_130(monkeypatch, capsys):
    from geoplan import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "layers", interrupted)
    assert cli.main(["layers"]) == 130
    assert "interrupted" in capsys.readouterr().err
