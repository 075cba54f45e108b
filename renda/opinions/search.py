"""Full-text search and similar items for opinions, through the textsearch engine."""

from django.db.models import QuerySet

from renda.opinions.models import PublicOpinion
from renda.textsearch import index as textsearch

SCOPE = "opinion"


def search_opinions(queryset: QuerySet, query: str) -> QuerySet:
    return queryset.filter(pk__in=textsearch.matching_ids(SCOPE, query))


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
