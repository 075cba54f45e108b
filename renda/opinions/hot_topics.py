"""Hot topics: which words of citizens' opinions are rising, by week and district."""

import datetime as dt
from collections import Counter

from django.core.cache import cache
from django.utils import timezone

from renda.core import clock
from renda.opinions.models import PublicOpinion
from renda.opinions.search import SCOPE
from renda.textsearch import index as textsearch
from renda.textsearch.segment import keywords, keywords_of_segmented

CACHE_SECONDS = 600
TOP = 15


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def hot_topics(*, weeks: int = 8, district_id: int | None = None, until: dt.date | None = None):
    """Per week (Monday first), the most frequent topical words, each counted once per
    opinion; and the words rising most in the last week against the weeks before."""
    until = until or clock.today()
    key = f"opinions:hot:{weeks}:{district_id}:{until}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _compute(weeks, district_id, until)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _compute(weeks: int, district_id: int | None, until: dt.date) -> dict:
    last = _week_start(until)
    first = last - dt.timedelta(weeks=weeks - 1)
    rows = PublicOpinion.objects.filter(
        submitted_at__date__gte=first, submitted_at__date__lte=until
    )
    if district_id:
        rows = rows.filter(district_id=district_id)
    per_week: dict[dt.date, Counter] = {
        first + dt.timedelta(weeks=i): Counter() for i in range(weeks)
    }
    week_of = {
        pk: _week_start(timezone.localdate(submitted))
        for pk, submitted in rows.values_list("pk", "submitted_at").iterator(chunk_size=5000)
    }
    # The words were segmented when each opinion was indexed: count them from the index
    # (jieba on tens of thousands of texts took most of a minute) and segment only the
    # few opinions that the intake task has not indexed yet.
    for pk, segmented_text in textsearch.stored_tokens(SCOPE, rows.values("pk")):
        week = week_of.pop(pk, None)
        if week in per_week:
            per_week[week].update(keywords_of_segmented(segmented_text))
    missing = list(week_of)
    for start in range(0, len(missing), 1000):
        chunk = missing[start : start + 1000]
        for pk, text in PublicOpinion.objects.filter(pk__in=chunk).values_list("pk", "text"):
            if week_of[pk] in per_week:
                per_week[week_of[pk]].update(keywords(text))
    return {
        "weeks": [
            {"week": week, "total": sum(c.values()), "top": c.most_common(TOP)}
            for week, c in per_week.items()
        ],
        "rising": _rising(per_week, last),
    }


def _rising(per_week: dict[dt.date, Counter], last: dt.date) -> list[tuple[str, int, float]]:
    current = per_week.get(last, Counter())
    earlier = [c for week, c in per_week.items() if week != last]
    rising = []
    for word, count in current.most_common(200):
        before = sum(c[word] for c in earlier) / len(earlier) if earlier else 0.0
        if count >= 3 and count > before:
            rising.append((word, count, round(before, 1)))
    rising.sort(key=lambda row: row[1] - row[2], reverse=True)
    return rising[:TOP]
