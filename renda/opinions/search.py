"""Full-text search and similar items for opinions, through the textsearch engine."""

from django.db.models import QuerySet

from renda.opinions.models import PublicOpinion
from renda.textsearch import index as textsearch

SCOPE = "opinion"


def search_opinions(queryset: QuerySet, query: str, *, newest: int | None = None) -> QuerySet:
    """``newest``: look only at that many of the latest matches (a search that is not
    narrowed by other filters, whose count stops at a limit anyway)."""
    return queryset.filter(pk__in=textsearch.matching_ids(SCOPE, query, newest=newest))


# The parameters of a list that only page or search: anything else narrows it, or (an
# export, ``format=``) wants every match.
NOT_NARROWING = {"q", "page", "page_size"}


def newest_matches(params) -> int | None:
    """How many of the newest matches a search needs to look at: one more than the
    search's count limit when nothing else narrows the list (its first pages are the
    newest matches, and its count stops there), else all of them."""
    from renda.core.api_support import CappedPagination

    if any(value for key, value in params.items() if key not in NOT_NARROWING):
        return None
    return CappedPagination.search_count_limit + 1


def similar_opinions(opinion: PublicOpinion, limit: int = 5) -> list[tuple[PublicOpinion, float]]:
    """Likely duplicates and related opinions: same category, similar words, near in
    place when both have one."""
    scored = textsearch.similar(
        SCOPE, opinion.text, group=opinion.category, exclude_id=opinion.pk, limit=limit
    )
    rows = PublicOpinion.objects.select_related("case", "district").in_bulk(
        [pk for pk, _score in scored]
    )
    return [(rows[pk], score) for pk, score in scored if pk in rows]


def similar_to_text(text: str, category: str, limit: int = 5) -> list[tuple[PublicOpinion, float]]:
    scored = textsearch.similar(SCOPE, text, group=category, limit=limit)
    rows = PublicOpinion.objects.select_related("case").in_bulk([pk for pk, _s in scored])
    return [(rows[pk], score) for pk, score in scored if pk in rows]
