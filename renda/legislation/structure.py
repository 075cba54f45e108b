"""The structure of a Chinese regulation's text: parse it into a tree, render the tree
back to canonical text. Pure Python (no Django), so the benchmark and the tests use it
as it is.

The tree is plain JSON (stored on ``TextVersion.tree``)::

    {"title": "平顶山市……条例", "preamble": ["（……通过）"], "toc": false,
     "body": [chapter | section | article, ...]}
    chapter  {"type": "chapter", "num": 1, "heading": "总则", "text": [], "children": [...]}
    section  {"type": "section", "num": 1, "heading": "……", "text": [], "children": [article]}
    article  {"type": "article", "num": 1, "paragraphs": [paragraph]}        第一条 (条)
    paragraph {"text": "……：", "items": [item]}                              款: a line
    item     {"num": 1, "text": "……", "subitems": [{"num": 1, "text": "……"}]} （一） and 1．

A chapter's or section's ``text`` holds lines found between its heading and its first
article — always listed as a problem. ``parse`` never fails and never guesses in
silence: whatever does not fit (a skipped, repeated or unreadable number, a chapter out
of order, text outside any article, an empty article…) is a ``Problem`` with its line
number, for the office to correct in a new version. ``render(parse(text).tree)`` is the
canonical text and ``parse(render(tree)).tree == tree`` (tested with hypothesis).
"""

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from renda.legislation.numerals import MAX as MAX_NUMBER
from renda.legislation.numerals import NUMERAL_CHARS, from_chinese, to_chinese

SPACE = "\u3000"  # the ideographic space after 第一条 and 第一章
_N = f"[{NUMERAL_CHARS}]+"
_CN = "[零〇一二两三四五六七八九十百千]+"
CHAPTER_RE = re.compile(rf"^第\s*({_N})\s*章(?!程)\s*(.*)$")
SECTION_RE = re.compile(rf"^第\s*({_N})\s*节\s*(.*)$")
ARTICLE_RE = re.compile(rf"^第\s*({_N})\s*条(?!例)(\s*)(.*)$")
ITEM_RE = re.compile(rf"^[（(]\s*({_CN})\s*[)）]\s*(.*)$")
SUBITEM_RE = re.compile(
    r"^(?:([0-9０-９]+)\s*[.．、](?![0-9０-９])|[（(]\s*([0-9０-９]+)\s*[)）])\s*(.*)$"
)
TOC_RE = re.compile(r"^目\s*录$")
# a heading is short and is not a sentence: "第三章规定的……。" is text, not a chapter
MAX_HEADING = 40
_UNIT_NAMES = {"chapter": "章", "section": "节", "article": "条"}
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)


@dataclass
class Problem:
    line: int  # 1-based line of the source text; 0 for the text as a whole
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Parse:
    tree: dict
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def label(kind: str, num: int) -> str:
    """("article", 105) → 第一百零五条; items → （五）; sub-items → 5．"""
    if kind == "subitem":
        return f"{num}．"
    numeral = to_chinese(num) if 0 < num <= MAX_NUMBER else str(num)
    if kind == "item":
        return f"（{numeral}）"
    return f"第{numeral}{_UNIT_NAMES[kind]}"


def clean_line(raw: str) -> str:
    return raw.translate(_INVISIBLE).strip()


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def empty_tree() -> dict:
    return {"title": "", "preamble": [], "toc": False, "body": []}


class _Parser:
    def __init__(self) -> None:
        self.tree = empty_tree()
        self.problems: list[Problem] = []
        self.started = False  # the first chapter, section or article was met
        self.in_toc = False
        self.toc: list[tuple[str, int, str]] = []
        self.chapter: dict | None = None
        self.section: dict | None = None
        self.article: dict | None = None
        self.paragraph: dict | None = None
        self.item: dict | None = None
        self.last_article = 0
        self.article_lines: dict[int, int] = {}
        self.first_loose_article: int | None = None

    def problem(self, line: int, code: str, **params) -> None:
        self.problems.append(Problem(line, code, params))

    def number(self, line: int, kind: str, text: str) -> int | None:
        try:
            return from_chinese(text)
        except ValueError:
            self.problem(line, "bad_number", kind=kind, text=text)
            return None

    # --- one line ---------------------------------------------------------------
    def feed(self, lineno: int, line: str) -> None:
        if not self.started and self._front_matter(lineno, line):
            return
        chapter = CHAPTER_RE.match(line)
        if chapter and self._is_heading(chapter.group(2)):
            return self._chapter(lineno, chapter.group(1), chapter.group(2))
        section = SECTION_RE.match(line)
        if section and self._is_heading(section.group(2)):
            return self._section(lineno, section.group(1), section.group(2))
        article = ARTICLE_RE.match(line)
        if article and self._is_article(lineno, article):
            return self._article(lineno, article.group(1), article.group(3))
        item = ITEM_RE.match(line)
        if item and self.article is not None:
            return self._item(lineno, item.group(1), item.group(2))
        sub = SUBITEM_RE.match(line)
        if sub and self.item is not None:
            return self._subitem(lineno, sub.group(1) or sub.group(2), sub.group(3))
        self._text(lineno, line)

    @staticmethod
    def _is_heading(heading: str) -> bool:
        return len(heading) <= MAX_HEADING and not re.search(r"[。；;]", heading)

    def _is_article(self, lineno: int, match: re.Match) -> bool:
        # "第五条　……" is an article; "第五条规定的……" at a line's start is one only
        # when it is the next number (pasted texts lose the space after the number)
        if match.group(2) or not match.group(3):
            return True
        try:
            return from_chinese(match.group(1)) == self.last_article + 1
        except ValueError:
            return False

    def _front_matter(self, lineno: int, line: str) -> bool:
        """Title, preamble and table of contents before the first article; False when
        the line starts the structure."""
        if self.in_toc:
            heading = CHAPTER_RE.match(line) or SECTION_RE.match(line)
            if heading and self._is_heading(heading.group(2)):
                kind = "chapter" if heading.re is CHAPTER_RE else "section"
                entry = (kind, self._quiet_number(heading.group(1)), heading.group(2))
                # the body starts where the first entry's number comes round again
                if not self.toc or entry[:2] != self.toc[0][:2]:
                    self.toc.append(entry)
                    return True
            self.in_toc = False  # the first heading again, an article, or text: the body
        elif TOC_RE.match(line) and not self.tree["toc"]:
            self.in_toc = self.tree["toc"] = True
            return True
        chapter = CHAPTER_RE.match(line)
        section = SECTION_RE.match(line)
        if (
            (chapter and self._is_heading(chapter.group(2)))
            or (section and self._is_heading(section.group(2)))
            or ARTICLE_RE.match(line)
        ):
            self.started = True
            return False
        if not self.tree["title"] and not self.tree["preamble"]:
            self.tree["title"] = line
        else:
            self.tree["preamble"].append(line)
        return True

    @staticmethod
    def _quiet_number(text: str) -> int | None:
        try:
            return from_chinese(text)
        except ValueError:
            return None

    # --- headings ---------------------------------------------------------------
    def _check_order(self, lineno: int, kind: str, num: int, siblings: list[dict]) -> None:
        previous = [n["num"] for n in siblings if n["type"] == kind]
        expected = (previous[-1] if previous else 0) + 1
        if num == expected:
            return
        found, wanted = label(kind, num), label(kind, expected)
        if num in previous:
            self.problem(lineno, "repeated", kind=kind, found=found, expected=wanted)
        else:
            self.problem(lineno, "out_of_order", kind=kind, found=found, expected=wanted)

    def _chapter(self, lineno: int, numeral: str, heading: str) -> None:
        num = self.number(lineno, "chapter", numeral)
        body = self.tree["body"]
        if num is None:
            num = sum(1 for n in body if n["type"] == "chapter") + 1
        self._check_order(lineno, "chapter", num, body)
        if self.first_loose_article is not None and self.chapter is None:
            self.problem(self.first_loose_article, "article_outside_chapter")
        self.chapter = {"type": "chapter", "num": num, "heading": heading}
        self.chapter |= {"text": [], "children": []}
        body.append(self.chapter)
        self.section = self.article = self.paragraph = self.item = None

    def _section(self, lineno: int, numeral: str, heading: str) -> None:
        container = self.chapter["children"] if self.chapter else self.tree["body"]
        num = self.number(lineno, "section", numeral)
        if num is None:
            num = sum(1 for n in container if n["type"] == "section") + 1
        if self.chapter is None:
            self.problem(lineno, "section_outside_chapter")
        self._check_order(lineno, "section", num, container)
        self.section = {"type": "section", "num": num, "heading": heading}
        self.section |= {"text": [], "children": []}
        container.append(self.section)
        self.article = self.paragraph = self.item = None

    # --- articles, paragraphs, items -----------------------------------------------
    def _article(self, lineno: int, numeral: str, text: str) -> None:
        num = self.number(lineno, "article", numeral)
        expected = self.last_article + 1
        if num is None:
            num = expected
        elif num != expected:
            found, wanted = label("article", num), label("article", expected)
            if num in self.article_lines:
                self.problem(
                    lineno,
                    "repeated",
                    kind="article",
                    found=found,
                    expected=wanted,
                    first_line=self.article_lines[num],
                )
            elif num < expected:
                self.problem(lineno, "out_of_order", kind="article", found=found, expected=wanted)
            else:
                missing = label("article", expected)
                if num - 1 > expected:
                    missing += "—" + label("article", num - 1)
                self.problem(lineno, "skipped", kind="article", found=found, missing=missing)
        self.last_article = num
        self.article_lines.setdefault(num, lineno)
        container = self.section or self.chapter
        if container is None:
            if self.first_loose_article is None:
                self.first_loose_article = lineno
            container_list = self.tree["body"]
        else:
            container_list = container["children"]
        self.article = {"type": "article", "num": num, "paragraphs": [], "_line": lineno}
        container_list.append(self.article)
        self.paragraph = {"text": text, "items": []} if text else None
        if self.paragraph:
            self.article["paragraphs"].append(self.paragraph)
        self.item = None

    def _item(self, lineno: int, numeral: str, text: str) -> None:
        if self.paragraph is None:  # items straight after "第五条": the intro is missing
            self.paragraph = {"text": "", "items": []}
            self.article["paragraphs"].append(self.paragraph)
        items = self.paragraph["items"]
        num = self.number(lineno, "item", numeral)
        expected = (items[-1]["num"] if items else 0) + 1
        if num is None:
            num = expected
        elif num != expected:
            found, wanted = label("item", num), label("item", expected)
            self.problem(lineno, "item_number", found=found, expected=wanted)
        if not text:
            self.problem(lineno, "empty_item", found=label("item", num))
        self.item = {"num": num, "text": text, "subitems": []}
        items.append(self.item)

    def _subitem(self, lineno: int, digits: str, text: str) -> None:
        subitems = self.item["subitems"]
        num = int(digits.translate(_DIGITS))
        expected = (subitems[-1]["num"] if subitems else 0) + 1
        if num != expected:
            self.problem(
                lineno,
                "item_number",
                found=f"{num}．",
                expected=label("subitem", expected),
            )
        subitems.append({"num": num, "text": text})

    def _text(self, lineno: int, line: str) -> None:
        if self.article is not None:
            self.paragraph = {"text": line, "items": []}
            self.article["paragraphs"].append(self.paragraph)
            self.item = None
            return
        holder = self.section or self.chapter
        if holder is not None:
            holder["text"].append(line)
        else:  # text after a section outside any chapter: keep it as preamble
            self.tree["preamble"].append(line)
        self.problem(lineno, "text_outside_article", excerpt=line[:30])

    # --- the whole text ---------------------------------------------------------
    def finish(self) -> Parse:
        articles = list(iter_articles(self.tree))
        if not articles:
            self.problem(0, "no_articles")
        for article, _context in articles:
            if not article["paragraphs"]:
                self.problem(
                    article["_line"], "empty_article", found=label("article", article["num"])
                )
        for node in self.tree["body"]:
            if node["type"] == "chapter" and not any(True for _ in _articles_under(node)):
                self.problem(0, "empty_chapter", found=label("chapter", node["num"]))
        if self.tree["toc"]:
            headings = [
                (n["type"], n["num"], n["heading"]) for n, _depth in iter_headings(self.tree)
            ]
            if headings != self.toc:
                self.problem(0, "toc_mismatch")
        for article, _context in articles:
            del article["_line"]
        self.problems.sort(key=lambda p: p.line)
        return Parse(self.tree, self.problems)


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse(text: str) -> Parse:
    """Parse a regulation's text; never raises on any string."""
    parser = _Parser()
    for lineno, raw in enumerate(split_lines(text or ""), start=1):
        line = clean_line(raw)
        if line:
            parser.feed(lineno, line)
    return parser.finish()


# --- walking a tree ---------------------------------------------------------------
def _articles_under(node: dict) -> Iterator[dict]:
    for child in node.get("children", ()):
        if child["type"] == "article":
            yield child
        else:
            yield from _articles_under(child)


def iter_articles(tree: dict) -> Iterator[tuple[dict, dict]]:
    """Every article in order, with its context: {"chapter": node|None, "section": node|None}."""
    for node in tree["body"]:
        if node["type"] == "article":
            yield node, {"chapter": None, "section": None}
            continue
        chapter = node if node["type"] == "chapter" else None
        for child in node["children"]:
            if child["type"] == "article":
                yield child, {"chapter": chapter, "section": node if chapter is None else None}
            else:
                for article in child["children"]:
                    yield article, {"chapter": chapter, "section": child}


def iter_headings(tree: dict) -> Iterator[tuple[dict, int]]:
    """Chapters and sections in order, with their depth (0 for a chapter)."""
    for node in tree["body"]:
        if node["type"] == "article":
            continue
        yield node, 0 if node["type"] == "chapter" else 1
        for child in node["children"]:
            if child["type"] == "section":
                yield child, 1


def count_articles(tree: dict) -> int:
    return sum(1 for _ in iter_articles(tree))


# --- rendering ----------------------------------------------------------------------
def heading_line(node: dict) -> str:
    text = label(node["type"], node["num"])
    return f"{text}{SPACE}{node['heading']}" if node["heading"] else text


def article_lines(article: dict) -> list[str]:
    """The article's lines without its 第X条 label: one per paragraph, item, sub-item."""
    lines = []
    for paragraph in article["paragraphs"]:
        if paragraph["text"]:
            lines.append(paragraph["text"])
        for item in paragraph["items"]:
            lines.append(label("item", item["num"]) + item["text"])
            for sub in item["subitems"]:
                lines.append(label("subitem", sub["num"]) + sub["text"])
    return lines


def article_text(article: dict) -> str:
    return "\n".join(article_lines(article))


def render_article(article: dict) -> list[str]:
    head = label("article", article["num"])
    lines = article_lines(article)
    first = article["paragraphs"][0]["text"] if article["paragraphs"] else ""
    if first:
        return [f"{head}{SPACE}{first}", *lines[1:]]
    return [head, *lines]


def _render_node(node: dict, out: list[str]) -> None:
    if node["type"] == "article":
        out.extend(render_article(node))
        return
    out.append("")
    out.append(heading_line(node))
    out.extend(node["text"])
    for child in node["children"]:
        _render_node(child, out)


def render(tree: dict) -> str:
    """The canonical text of a tree (what ``parse`` reads back to the same tree)."""
    out: list[str] = []
    if tree["title"]:
        out.append(tree["title"])
    out.extend(tree["preamble"])
    if tree.get("toc"):
        out.append("")
        out.append("目录")
        for node, depth in iter_headings(tree):
            out.append(SPACE * 2 * depth + heading_line(node))
    for node in tree["body"]:
        _render_node(node, out)
    while out and not out[0]:
        out.pop(0)
    return "\n".join(out) + "\n"
