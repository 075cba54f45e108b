"""The review assistant: per article, what commonly needs a legal basis — penalties,
fees, licences and approvals, compulsory measures, restrictions on rights — marked,
with the legal basis the document cites next to it, so that nothing is missed; and the
similar provisions of documents reviewed before (renda.textsearch).

``flag_text`` and ``assist_tree`` are pure functions (no database)."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# category → (label, words). Longer words first inside a category, so "行政许可"
# is one mark, not "许可" inside it.
CATEGORIES: dict[str, tuple] = {
    "penalty": (_("Penalty"), ("罚款", "没收", "吊销", "暂扣", "拘留", "处分", "责令停产停业")),
    "fee": (_("Fee"), ("收取费用", "收费", "缴纳费用", "费用由")),
    "licence": (
        _("Licence or approval"),
        ("行政许可", "许可证", "许可", "审批", "核准", "备案后方可"),
    ),
    "compulsory": (_("Compulsory measure"), ("强制执行", "强制", "查封", "扣押", "冻结")),
    "restriction": (_("Restriction of rights"), ("不得", "禁止", "限制", "应当取得")),
}
_WORDS = sorted(
    ((word, category) for category, (_label, words) in CATEGORIES.items() for word in words),
    key=lambda pair: -len(pair[0]),
)
_PATTERN = re.compile("|".join(re.escape(word) for word, _c in _WORDS))
_CATEGORY_OF = dict(_WORDS)
# 《中华人民共和国行政处罚法》第十五条 — the laws and articles a document cites
_CITATION = re.compile(r"《[^》]{2,60}》(?:第[零〇一二两三四五六七八九十百千\d]+条)?")


@dataclass(frozen=True)
class Flag:
    category: str
    word: str
    start: int
    end: int

    @property
    def label(self):
        return CATEGORIES[self.category][0]


@dataclass
class ArticleReport:
    num: int
    label: str
    text: str
    flags: list[Flag]
    # (text, category or "") pieces for display: the marked words and what lies between
    segments: list[tuple[str, str]]
    citations: list[str]  # the laws the article itself cites
    similar: list[dict] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return sorted({f.category for f in self.flags})


def flag_text(text: str) -> list[Flag]:
    """Every word that commonly needs a legal basis, in order, not overlapping."""
    return [
        Flag(_CATEGORY_OF[m.group()], m.group(), m.start(), m.end())
        for m in _PATTERN.finditer(text or "")
    ]


def segments(text: str, flags: list[Flag]) -> list[tuple[str, str]]:
    out, at = [], 0
    for flag in flags:
        if flag.start > at:
            out.append((text[at : flag.start], ""))
        out.append((text[flag.start : flag.end], flag.category))
        at = flag.end
    if at < len(text):
        out.append((text[at:], ""))
    return out


def citations(text: str) -> list[str]:
    found = []
    for match in _CITATION.findall(text or ""):
        if match not in found:
            found.append(match)
    return found


def assist_tree(tree: dict) -> list[ArticleReport]:
    """One report per article of a parsed text (renda.legislation.structure's tree)."""
    from renda.legislation.structure import article_text, iter_articles, label

    reports = []
    for article, _context in iter_articles(tree or {"body": []}):
        text = article_text(article)
        flags = flag_text(text)
        reports.append(
            ArticleReport(
                num=article["num"],
                label=label("article", article["num"]),
                text=text,
                flags=flags,
                segments=segments(text, flags),
                citations=citations(text),
            )
        )
    return reports


def summary(reports: list[ArticleReport]) -> dict[str, int]:
    """Articles per category (an article with two fines counts once)."""
    counts = {category: 0 for category in CATEGORIES}
    for report in reports:
        for category in report.categories:
            counts[category] += 1
    return counts


def similar_provisions(filing, reports: list[ArticleReport], *, limit: int = 3) -> None:
    """Fill each flagged article's ``similar``: articles of other documents reviewed
    before, with their document and score."""
    from renda.filings.models import Filing
    from renda.filings.services import ARTICLE_SLOTS, TEXT_SCOPE
    from renda.legislation.structure import article_text, iter_articles
    from renda.textsearch import index as textsearch

    wanted: dict[int, list[tuple[int, int, float]]] = {}
    for report in reports:
        if not report.flags:
            continue
        hits = []
        for object_id, score in textsearch.similar(TEXT_SCOPE, report.text, limit=limit + 3):
            other, num = divmod(object_id, ARTICLE_SLOTS)
            if other != filing.pk:
                hits.append((other, num, score))
        wanted[report.num] = hits[:limit]
    ids = {other for hits in wanted.values() for other, _n, _s in hits}
    others = {
        f.pk: f for f in Filing.objects.filter(pk__in=ids).select_related("version", "issuer")
    }
    for report in reports:
        for other, num, score in wanted.get(report.num, []):
            doc = others.get(other)
            if doc is None or doc.version is None:
                continue
            text = next(
                (article_text(a) for a, _c in iter_articles(doc.version.tree) if a["num"] == num),
                "",
            )
            report.similar.append(
                {
                    "filing": doc.pk,
                    "title": doc.title,
                    "document_number": doc.document_number,
                    "article": num,
                    "text": text[:300],
                    "score": round(score, 2),
                }
            )
