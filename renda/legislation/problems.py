"""What the parser's problem codes say, in the reader's language. The parse stores
codes and parameters (``TextVersion.problems``), never sentences, so the same stored
parse reads in Chinese or English."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "chapter": _("chapter"),
    "section": _("section"),
    "article": _("article"),
    "item": _("item"),
}

MESSAGES = {
    "bad_number": _("The number “%(text)s” of this %(kind)s cannot be read."),
    "repeated": _("%(found)s appears twice (%(expected)s was expected here)."),
    "out_of_order": _("%(found)s is out of order: %(expected)s was expected here."),
    "skipped": _("Numbering skips %(missing)s: %(found)s follows directly."),
    "item_number": _("Item %(found)s is out of order: %(expected)s was expected here."),
    "empty_item": _("Item %(found)s has no text."),
    "empty_article": _("%(found)s has no text."),
    "empty_chapter": _("%(found)s contains no article."),
    "section_outside_chapter": _("A section heading outside any chapter."),
    "article_outside_chapter": _(
        "Articles stand before the first chapter although the text has chapters."
    ),
    "text_outside_article": _("Text outside any article: “%(excerpt)s”."),
    "no_articles": _("No article (第一条 …) was found in the text."),
    "toc_mismatch": _("The table of contents does not match the chapter and section headings."),
}


def describe(problem: dict) -> str:
    """The sentence for one stored problem ({"line", "code", "params"})."""
    template = MESSAGES.get(problem.get("code"))
    if template is None:
        return str(problem.get("code", ""))
    params = dict(problem.get("params") or {})
    if "kind" in params:
        params["kind"] = str(KINDS.get(params["kind"], params["kind"]))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def described(problems: list[dict]) -> list[dict]:
    return [{**p, "message": describe(p)} for p in problems]
