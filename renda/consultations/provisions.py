"""The provisions of a text version a comment may attach to, named as the Akoma Ntoso
export names them (renda.legislation.akn) but without the chapter and section prefix —
article numbers run through the whole text:

    ""                      the whole text
    art_5                   第五条
    art_5__para_2           第五条第二款
    art_5__para_2__point_3  第五条第二款第三项

Pure functions over ``TextVersion.tree`` (renda.legislation.structure)."""

import re
from dataclasses import dataclass

from renda.legislation.numerals import MAX as MAX_NUMBER
from renda.legislation.numerals import to_chinese
from renda.legislation.structure import article_lines, iter_articles
from renda.legislation.structure import label as unit_label

REF_RE = re.compile(r"^art_(\d{1,4})(?:__para_(\d{1,3})(?:__point_(\d{1,3}))?)?$")
WHOLE_TEXT = ""


@dataclass(frozen=True)
class Provision:
    ref: str
    label: str
    article: int  # 0 for the whole text
    paragraph: int = 0
    item: int = 0
    text: str = ""

    @property
    def sort_key(self) -> int:
        return self.article * 1_000_000 + self.paragraph * 1000 + self.item


def _numeral(num: int) -> str:
    return to_chinese(num) if 0 < num <= MAX_NUMBER else str(num)


def make_ref(article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    if not article:
        return WHOLE_TEXT
    ref = f"art_{article}"
    if paragraph:
        ref += f"__para_{paragraph}"
        if item:
            ref += f"__point_{item}"
    return ref


def label_for(article: int, paragraph: int = 0, item: int = 0) -> str:
    if not article:
        return ""
    text = unit_label("article", article)
    if paragraph:
        text += f"第{_numeral(paragraph)}款"
        if item:
            text += f"第{_numeral(item)}项"
    return text


def parse_ref(ref: str) -> tuple[int, int, int] | None:
    """(article, paragraph, item) of a reference, zeros where absent; None when it is
    not one."""
    if ref == WHOLE_TEXT:
        return 0, 0, 0
    match = REF_RE.match(ref or "")
    if match is None:
        return None
    return tuple(int(g) if g else 0 for g in match.groups())


def articles(tree: dict) -> list[dict]:
    """The articles of a tree in order, the first of a repeated number only."""
    seen, result = set(), []
    for article, _context in iter_articles(tree or {"body": []}):
        if article["num"] in seen:
            continue
        seen.add(article["num"])
        result.append(article)
    return result


def resolve(tree: dict, ref: str) -> Provision | None:
    """The provision a reference names in this tree, or None when it has no such part."""
    parts = parse_ref(ref)
    if parts is None:
        return None
    article_num, para_num, item_num = parts
    if not article_num:
        return Provision(WHOLE_TEXT, "", 0)
    article = next((a for a in articles(tree) if a["num"] == article_num), None)
    if article is None:
        return None
    if not para_num:
        return Provision(
            ref, label_for(article_num), article_num, text="\n".join(article_lines(article))
        )
    paragraphs = article["paragraphs"]
    if para_num > len(paragraphs):
        return None
    paragraph = paragraphs[para_num - 1]
    if not item_num:
        return Provision(
            ref, label_for(article_num, para_num), article_num, para_num, text=paragraph["text"]
        )
    item = next((i for i in paragraph["items"] if i["num"] == item_num), None)
    if item is None:
        return None
    return Provision(
        ref,
        label_for(article_num, para_num, item_num),
        article_num,
        para_num,
        item_num,
        text=unit_label("item", item_num) + item["text"],
    )


def provisions(tree: dict) -> list[Provision]:
    """Every provision of the tree in text order: the whole text, then each article,
    its paragraphs (when it has more than one, or items) and their items."""
    result = [Provision(WHOLE_TEXT, "", 0)]
    for article in articles(tree):
        num = article["num"]
        result.append(
            Provision(make_ref(num), label_for(num), num, text="\n".join(article_lines(article)))
        )
        paragraphs = article["paragraphs"]
        if len(paragraphs) < 2 and not any(p["items"] for p in paragraphs):
            continue
        for p_num, paragraph in enumerate(paragraphs, start=1):
            result.append(
                Provision(
                    make_ref(num, p_num), label_for(num, p_num), num, p_num, text=paragraph["text"]
                )
            )
            for item in paragraph["items"]:
                result.append(
                    Provision(
                        make_ref(num, p_num, item["num"]),
                        label_for(num, p_num, item["num"]),
                        num,
                        p_num,
                        item["num"],
                        text=unit_label("item", item["num"]) + item["text"],
                    )
                )
    return result
