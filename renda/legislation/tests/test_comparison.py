"""The comparison table (修改对照表): articles matched by content, so that moved,
renumbered, split and merged articles are found, and changed characters marked."""

import pytest

from renda.legislation.comparison import compare
from renda.legislation.demo_texts import DEMO, demo_text
from renda.legislation.structure import parse

A = "为了加强居民住宅消防安全管理，预防和减少火灾危害，保护人身和财产安全，制定本条例。"
B = "本条例适用于本市行政区域内居民住宅的消防安全管理活动。"
C = "居民委员会、村民委员会应当确定消防安全管理人，组织制定防火安全公约，开展防火安全检查。"
D = "禁止在居民住宅的楼梯间、疏散通道、安全出口停放电动自行车或者为电动自行车充电。"
E = "禁止携带电动自行车及其蓄电池进入电梯轿厢，违者由物业服务企业劝阻。"
F = "消防救援机构应当依法调查火灾原因，统计火灾损失，并将调查结论告知当事人。"
G = "本条例自二〇二四年五月一日起施行，此前发布的有关规定与本条例不一致的，以本条例为准。"


def tree(*articles):
    text = "条例\n" + "\n".join(f"第{n}条　{body}" for n, body in enumerate(articles, start=1))
    result = parse(text)
    assert result.ok, result.problems
    return result.tree


def rows_by_kind(table):
    return [
        (r["kind"], [a["num"] for a in r["old"]], [a["num"] for a in r["new"]], r["moved"])
        for r in table["rows"]
    ]


def text_of(cell, ops=("same", "del", "ins")):
    return "".join(t for op, t in cell["segments"] if op in ops)


def test_identical_versions():
    table = compare(tree(A, B, C), tree(A, B, C))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("unchanged", [2], [2], False),
        ("unchanged", [3], [3], False),
    ]
    assert table["summary"]["unchanged"] == 3


def test_amended_article_marks_changed_characters():
    table = compare(tree(A), tree(A.replace("人身", "人民群众生命")))
    (row,) = table["rows"]
    assert row["kind"] == "amended" and not row["renumbered"]
    old, new = row["old"][0], row["new"][0]
    assert text_of(old, ("same", "del")) == A
    assert "身" in text_of(old, ("del",))
    assert "民群众生命" in text_of(new, ("ins",))
    assert text_of(new, ("same", "ins")) == A.replace("人身", "人民群众生命")


def test_moved_and_renumbered():
    table = compare(tree(A, B, C, D), tree(A, C, B, D))
    found = rows_by_kind(table)
    assert ("unchanged", [1], [1], False) in found
    assert ("unchanged", [4], [4], False) in found
    moved = [r for r in table["rows"] if r["moved"]]
    assert len(moved) == 1 and moved[0]["kind"] == "unchanged" and moved[0]["renumbered"]


def test_renumbered_after_an_insertion():
    table = compare(tree(A, B, C), tree(A, F, B, C))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("added", [], [2], False),
        ("unchanged", [2], [3], False),
        ("unchanged", [3], [4], False),
    ]
    assert table["summary"]["renumbered"] == 2
    assert table["summary"]["moved"] == 0


def test_split_one_into_two():
    table = compare(tree(A, D + E, G), tree(A, D, E, G))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("split", [2], [2, 3], False),
        ("unchanged", [3], [4], False),
    ]
    split = table["rows"][1]
    assert text_of(split["new"][0], ("same", "ins")) == D
    assert table["summary"]["split"] == 1


def test_merged_two_into_one():
    table = compare(tree(A, D, E, G), tree(A, D + E, G))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("merged", [2, 3], [2], False),
        ("unchanged", [4], [3], False),
    ]


def test_split_with_amendments_and_a_move():
    old = tree(A, B, C + D, F, G)
    new = tree(A, D.replace("楼梯间、", "楼梯间、前室、"), B, C, G)
    table = compare(old, new)
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("split", [3], [2, 4], True),
        ("deleted", [4], [], False),  # after the row holding the old article before it
        ("unchanged", [2], [3], False),
        ("unchanged", [5], [5], False),
    ]
    split = next(r for r in table["rows"] if r["kind"] == "split")
    assert [a["num"] for a in split["old"]] == [3]
    assert [a["num"] for a in split["new"]] == [2, 4]
    assert "前室、" in text_of(split["new"][0], ("ins",))


def test_added_and_deleted_are_placed():
    table = compare(tree(A, F, G), tree(A, G, B))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("deleted", [2], [], False),
        ("unchanged", [3], [2], False),
        ("added", [], [3], False),
    ]


def test_a_new_article_quoting_an_old_one_is_not_a_split():
    """A new article that only repeats words of an article already matched covers
    nothing new of it: it is added, not split off."""
    table = compare(tree(D, G), tree(D, D[:20] + "的，由消防救援机构责令改正。", G))
    assert rows_by_kind(table) == [
        ("unchanged", [1], [1], False),
        ("added", [], [2], False),
        ("unchanged", [2], [3], False),
    ]


def test_empty_versions():
    empty = {"title": "", "preamble": [], "toc": False, "body": []}
    assert compare(empty, empty)["rows"] == []
    table = compare(empty, tree(A))
    assert rows_by_kind(table) == [("added", [], [1], False)]


@pytest.mark.parametrize(("title", "stem", "body", "labels"), DEMO)
def test_demo_texts_show_every_kind_of_change(title, stem, body, labels):
    old, new = parse(demo_text(stem, 1)), parse(demo_text(stem, 2))
    assert old.ok and new.ok
    summary = compare(old.tree, new.tree)["summary"]
    for kind in ("amended", "split", "merged", "added", "deleted", "moved", "renumbered"):
        assert summary[kind] >= 1, (kind, summary)
    assert (
        30
        <= summary["unchanged"]
        + summary["amended"]
        + summary["split"]
        + summary["merged"]
        + summary["deleted"]
        <= 50
    )
