"""The parser: examples with chapters and sections, without chapters, with items and
sub-items, with malformed numbering (listed, never silently wrong), and the
hypothesis round trip render → parse."""

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.legislation.structure import count_articles, iter_articles, parse, render

WITH_SECTIONS = """平顶山市某某管理条例
（2023年6月1日平顶山市第十届人民代表大会常务委员会第三次会议通过）

第一章　总则
第一条　为了加强管理，制定本条例。
第二条　本条例适用于本市行政区域。
第二章　管理
第一节　一般规定
第三条　有关部门应当履行下列职责：
（一）制定计划；
（二）组织实施：
1．宣传；
2．检查。
第四条　单位应当配合。
　　个人应当支持。
第二节　特别规定
第五条　特别事项另行规定。
第三章　附则
第六条　本条例自2024年1月1日起施行。
"""


def codes(result):
    return [(p.line, p.code) for p in result.problems]


def test_chapters_sections_articles_items():
    result = parse(WITH_SECTIONS)
    assert result.ok, result.problems
    tree = result.tree
    assert tree["title"] == "平顶山市某某管理条例"
    assert tree["preamble"] == [
        "（2023年6月1日平顶山市第十届人民代表大会常务委员会第三次会议通过）"
    ]
    assert [c["heading"] for c in tree["body"]] == ["总则", "管理", "附则"]
    chapter2 = tree["body"][1]
    assert [s["heading"] for s in chapter2["children"]] == ["一般规定", "特别规定"]
    article3 = chapter2["children"][0]["children"][0]
    assert article3["num"] == 3
    (paragraph,) = article3["paragraphs"]
    assert paragraph["text"] == "有关部门应当履行下列职责："
    assert [i["text"] for i in paragraph["items"]] == ["制定计划；", "组织实施："]
    assert [s["text"] for s in paragraph["items"][1]["subitems"]] == ["宣传；", "检查。"]
    article4 = chapter2["children"][0]["children"][1]
    assert [p["text"] for p in article4["paragraphs"]] == ["单位应当配合。", "个人应当支持。"]
    assert [a["num"] for a, _ in iter_articles(tree)] == [1, 2, 3, 4, 5, 6]
    contexts = [
        (c["chapter"]["num"], c["section"] and c["section"]["num"]) for _, c in iter_articles(tree)
    ]
    assert contexts == [(1, None), (1, None), (2, 1), (2, 1), (2, 2), (3, None)]


def test_without_chapters():
    text = "某某规定\n第一条　为了规范，制定本规定。\n第二条　本规定自发布之日起施行。\n"
    result = parse(text)
    assert result.ok
    assert [n["type"] for n in result.tree["body"]] == ["article", "article"]
    assert result.tree["title"] == "某某规定"


def test_large_numbers_and_variants():
    lines = ["条例"] + [f"第{n}条　内容{n}。" for n in range(1, 4)]
    lines += ["第四条　内容。", "第一十五条　跳。"]
    result = parse("\n".join(lines))
    assert [a["num"] for a, _ in iter_articles(result.tree)] == [1, 2, 3, 4, 15]
    assert codes(result) == [(6, "skipped")]
    assert result.problems[0].params["missing"] == "第五条—第十四条"


def test_article_one_hundred_and_five():
    articles = "\n".join(f"第{_cn(n)}条　第{n}条的内容。" for n in range(1, 124))
    result = parse("条例\n" + articles)
    assert result.ok
    assert count_articles(result.tree) == 123
    nums = [a["num"] for a, _ in iter_articles(result.tree)]
    assert nums == list(range(1, 124))


def _cn(n):
    from renda.legislation.numerals import to_chinese

    return to_chinese(n)


def test_skipped_repeated_and_out_of_order_articles():
    text = "条例\n第一条　甲。\n第三条　乙。\n第三条　丙。\n第二条　丁。\n"
    result = parse(text)
    assert codes(result) == [(3, "skipped"), (4, "repeated"), (5, "out_of_order")]
    # nothing is dropped: every article stays, as numbered
    assert [a["num"] for a, _ in iter_articles(result.tree)] == [1, 3, 3, 2]
    assert result.problems[1].params["first_line"] == 3


def test_chapter_out_of_order_and_section_outside_chapter():
    text = "条例\n第一节　一般\n第一条　甲。\n第一章　总则\n第二条　乙。\n第三章　附则\n第三条　丙。\n第三章　又一\n第四条　丁。\n"
    result = parse(text)
    assert codes(result) == [
        (2, "section_outside_chapter"),
        (6, "out_of_order"),
        (8, "repeated"),
    ]


def test_text_outside_articles_and_empty_parts():
    text = "条例\n第一章　总则\n这是一段游离的文字。\n第一条\n第二章　空章\n第三章　附则\n第二条　施行。\n"
    result = parse(text)
    assert codes(result) == [
        (0, "empty_chapter"),
        (3, "text_outside_article"),
        (4, "empty_article"),
    ]
    assert result.tree["body"][0]["text"] == ["这是一段游离的文字。"]


def test_unreadable_number_and_item_order():
    text = "条例\n第一条　甲：\n（一）子；\n（三）丑。\n第十十条　乙。\n"
    result = parse(text)
    assert codes(result) == [(4, "item_number"), (5, "bad_number")]
    # the unreadable article keeps its place as the next number
    assert [a["num"] for a, _ in iter_articles(result.tree)] == [1, 2]


def test_no_articles_and_empty_text():
    assert codes(parse("只是一段话。")) == [(0, "no_articles")]
    assert codes(parse("")) == [(0, "no_articles")]
    assert parse("   \n\n").tree["title"] == ""


def test_references_at_a_line_start_are_not_articles():
    text = "条例\n第一条　甲。\n第二条　乙。\n第一条规定的事项，依照执行。\n第三条　丙。\n"
    result = parse(text)
    assert result.ok, result.problems
    article2 = list(iter_articles(result.tree))[1][0]
    assert [p["text"] for p in article2["paragraphs"]] == ["乙。", "第一条规定的事项，依照执行。"]


def test_missing_space_after_the_number_is_accepted_in_sequence():
    result = parse("条例\n第一条为了规范，制定本条例。\n第二章附则\n")
    article = next(iter_articles(result.tree))[0]
    assert article["paragraphs"][0]["text"] == "为了规范，制定本条例。"


def test_table_of_contents_is_read_and_checked():
    text = "条例\n目录\n第一章　总则\n第二章　附则\n第一章　总则\n第一条　甲。\n第二章　附则\n第二条　乙。\n"
    result = parse(text)
    assert result.ok and result.tree["toc"]
    assert len(result.tree["body"]) == 2
    wrong = parse(
        text.replace("目录\n第一章　总则\n第二章　附则", "目录\n第一章　总则\n第二章　其他")
    )
    assert "toc_mismatch" in [p.code for p in wrong.problems]


def test_windows_line_ends_bom_and_spaces():
    text = "\ufeff条例\r\n第一条\u3000\u3000甲。\r\n\xa0（一）子。\r\n"
    result = parse(text)
    assert result.ok
    paragraph = next(iter_articles(result.tree))[0]["paragraphs"][0]
    assert paragraph["items"][0]["text"] == "子。"


def test_render_is_canonical():
    result = parse(WITH_SECTIONS)
    text = render(result.tree)
    assert "第三条\u3000有关部门应当履行下列职责：\n（一）制定计划；" in text
    assert "1．宣传；" in text
    assert parse(text).tree == result.tree
    assert render(parse(text).tree) == text


# --- hypothesis: render → parse gives the same tree ----------------------------------
# Text made of characters that cannot start a marker (no 第, brackets or digits).
WORDS = st.text(
    alphabet="的地管理条例消防安全居民住宅村落保护规定应当不得，、；：。", min_size=1, max_size=24
)
HEADINGS = st.text(alphabet="总则管理保护附则法律责任监督", min_size=0, max_size=8)


@st.composite
def items(draw):
    count = draw(st.integers(0, 3))
    return [
        {
            "num": n,
            "text": draw(WORDS),
            "subitems": [
                {"num": m, "text": draw(WORDS)} for m in range(1, draw(st.integers(0, 2)) + 1)
            ],
        }
        for n in range(1, count + 1)
    ]


@st.composite
def articles(draw, start):
    count = draw(st.integers(0, 3))
    found = []
    for num in range(start, start + count):
        paragraphs = []
        for position in range(draw(st.integers(1, 3))):
            its = draw(items())
            # only the first paragraph may be items alone (第五条 then （一）…)
            empty = position == 0 and its and draw(st.booleans())
            paragraphs.append({"text": "" if empty else draw(WORDS), "items": its})
        found.append({"type": "article", "num": num, "paragraphs": paragraphs})
    return found


@st.composite
def trees(draw):
    state = {"next": 1}

    def take():
        found = draw(articles(state["next"]))
        state["next"] += len(found)
        return found

    body = []
    if draw(st.booleans()):
        for c in range(1, draw(st.integers(1, 3)) + 1):
            chapter = {"type": "chapter", "num": c, "heading": draw(HEADINGS), "text": []}
            children = take()
            for s in range(1, draw(st.integers(0, 2)) + 1):
                children.append(
                    {
                        "type": "section",
                        "num": s,
                        "heading": draw(HEADINGS),
                        "text": [],
                        "children": take(),
                    }
                )
            chapter["children"] = children
            body.append(chapter)
    else:
        body = take()
    title = draw(st.one_of(st.just(""), WORDS))
    preamble = draw(st.lists(WORDS, max_size=2)) if title else []
    return {"title": title, "preamble": preamble, "toc": draw(st.booleans()), "body": body}


@settings(max_examples=300, deadline=None)
@given(trees())
def test_round_trip(tree):
    text = render(tree)
    again = parse(text)
    assert again.tree == tree
    assert render(again.tree) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_without_error(text):
    result = parse(text)
    parse(render(result.tree))  # and its rendering parses too


@settings(max_examples=150, deadline=None)
@given(trees(), st.data())
def test_round_trip_keeps_problems(tree, data):
    """A malformed tree (numbers shuffled) renders and parses back to the same tree
    and the same problems."""
    found = [a for a, _ in iter_articles(tree)]
    if len(found) > 1:
        i = data.draw(st.integers(0, len(found) - 1))
        found[i]["num"] = data.draw(st.integers(1, len(found) + 2))
    text = render(tree)
    first = parse(text)
    assert first.tree == tree
    second = parse(render(first.tree))
    assert [(p.code, p.params) for p in second.problems] == [
        (p.code, p.params) for p in first.problems
    ]
