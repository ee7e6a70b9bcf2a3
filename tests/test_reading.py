"""Plan text beside a record (geoplan/app/reading.py): searched words found, marked, escaped."""

from geoplan.app import reading


def test_matches_merge_where_they_touch_or_overlap_and_fold_case():
    assert reading.spans("推进数字经济发展", ["经济", "数字"]) == [
        ("推进", False), ("数字经济", True), ("发展", False),
    ]  # fmt: skip
    assert reading.spans("PARK与Park", ["park"]) == [("PARK", True), ("与", False), ("Park", True)]
    # occurrences of one word do not overlap, as a reader counts them
    assert reading.spans("哈哈哈", ["哈哈"]) == [("哈哈", True), ("哈", False)]
    # a text whose case-folding changes its length is matched as it is written
    assert reading.spans("Straße ss", ["ss"]) == [("Straße ", False), ("ss", True)]
    assert reading.spans("", ["a"]) == [("", False)]
    assert reading.spans("无匹配", ["  "]) == [("无匹配", False)]


def test_a_snippet_is_the_first_match_with_its_neighbours_in_a_long_text():
    text = "甲" * 500 + "建设数字经济示范区" + "乙" * 500 + "数字"
    note = reading.snippet(text, ["数字"], width=4)
    assert note == "…甲甲建设【数字】经济示范…"
    assert reading.snippet(text, ["无此"]) == ""
    fields = [("名称", "某园区"), ("原文", text)]
    # 14 characters either side of the first match (数字), the other word marked within them
    assert reading.match_note(fields, ["示范区", "数字"]) == (
        "原文：…" + "甲" * 12 + "建设【数字】经济【示范区】" + "乙" * 9 + "…"
    )
    assert reading.marked("<b>数字</b>", ["数字"]) == "&lt;b&gt;<mark>数字</mark>&lt;/b&gt;"
