"""PDFs LibreOffice printed from Word files read as those Word files do (tests/data/office).

Each PDF's text layer knows no table, no box and no page furniture: the reader rebuilds
them from where the words stand. The Word files are written again here by the script that
made them, and both readings must give the same records and the same plan.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from geoplan import extract

OFFICE = Path(__file__).parent / "data" / "office"
COLUMNS = [
    "name", "investment_total", "investment_period", "land_area_m2", "length_km", "location",
    "period_start", "period_end", "stage", "responsible_unit", "box",
]  # fmt: skip


def _make_docx():
    spec = importlib.util.spec_from_file_location("make_docx", OFFICE / "make_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_docx"] = module
    spec.loader.exec_module(module)
    return module


def _readings(name: str, tmp_path: Path) -> tuple[extract.PlanExtraction, ...]:
    word = tmp_path / f"{name}.docx"
    getattr(_make_docx(), name)().save(word)
    return extract.extract_file(word), extract.extract_file(OFFICE / f"{name}.pdf")


def _table(found: extract.PlanExtraction) -> pd.DataFrame:
    frame = found.records[COLUMNS].sort_values("name").reset_index(drop=True)
    return frame.astype(str)


@pytest.mark.parametrize("name", ["liandu", "xiuzhou", "zhoushan", "lishui", "tiantai"])
def test_a_printed_plan_reads_as_its_word_file(name: str, tmp_path: Path) -> None:
    word, printed = _readings(name, tmp_path)
    assert len(printed.records) == len(word.records) > 0
    pd.testing.assert_frame_equal(_table(printed), _table(word))
    assert (printed.info.region, printed.info.period) == (word.info.region, word.info.period)


def test_the_two_row_header_and_its_groups_in_print(tmp_path: Path) -> None:
    _word, printed = _readings("liandu", tmp_path)
    park = printed.records.set_index("name").loc["莲都区碧湖镇智能装备产业园"]
    assert (park["investment_total"], park["investment_period"]) == (25.0, 20.0)
    assert "一、产业发展项目" in park["notes"]


def test_a_wrapped_title_and_a_table_in_a_framed_box_in_print(tmp_path: Path) -> None:
    _word, printed = _readings("zhoushan", tmp_path)
    assert printed.info.title == "舟山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    platforms = printed.records[printed.records["box"] == "专栏2"].set_index("name")
    assert platforms.loc["六横国际油品储运基地", "location"] == "普陀区六横镇"


def test_running_headers_and_page_numbers_stay_out_of_the_items(tmp_path: Path) -> None:
    _word, printed = _readings("lishui", tmp_path)
    texts = printed.records["text"]
    assert len(texts) == 45
    assert texts.str.contains(r"建设期限2022-2025\s*年。$").all()  # each item whole
    assert not texts.str.contains("丽水市服务业发展").any()
