"""The review assistant on a text with penalties and fees (pure functions)."""

from renda.filings import assistant
from renda.filings.tests.conftest import TEXT
from renda.legislation.structure import parse


def test_flags_penalties_fees_approvals_and_restrictions_per_article():
    reports = assistant.assist_tree(parse(TEXT).tree)
    by_num = {r.num: r for r in reports}
    assert [r.num for r in reports] == [1, 2, 3, 4, 5]
    assert by_num[1].flags == []
    assert by_num[1].citations == ["《城市道路管理条例》"]
    words2 = [(f.category, f.word) for f in by_num[2].flags]
    assert ("licence", "审批") in words2
    assert ("fee", "收费") in words2
    assert by_num[3].categories == ["restriction"]
    assert [f.word for f in by_num[4].flags] == ["罚款", "没收"]
    assert by_num[4].categories == ["penalty"]
    assert by_num[5].flags == []
    counts = assistant.summary(reports)
    assert counts["penalty"] == 1 and counts["fee"] == 1 and counts["licence"] == 1


def test_segments_rebuild_the_text_and_mark_the_words():
    text = "处五千元罚款，收费标准另定，不得强制查封。"
    flags = assistant.flag_text(text)
    pieces = assistant.segments(text, flags)
    assert "".join(p for p, _c in pieces) == text
    assert [p for p, c in pieces if c] == ["罚款", "收费", "不得", "强制", "查封"]


def test_longer_words_win_and_any_input_is_safe():
    assert [f.word for f in assistant.flag_text("依法取得行政许可")] == ["行政许可"]
    for text in ("", "\x00", "🙂" * 100, "第一条"):
        assistant.flag_text(text)
    assert assistant.assist_tree({"body": []}) == []
