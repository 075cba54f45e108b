"""Figures of supervision: research, recommendations, experts and livelihood projects,
each one query over the records (imported by figures.py)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.reports.registry import register
from renda.supervision.models import (
    Expert,
    LivelihoodProject,
    Recommendation,
    RecommendationArea,
    Research,
)


@register(
    "research_topics",
    section="supervision",
    label=_("Special research topics on livelihood"),
    how=_("Research (专题调研, not inspection visits) of the year on livelihood topics."),
)
def research_topics(year: int) -> int:
    # supervision_research_idx: year, kind, is_livelihood
    return Research.objects.filter(
        year=year, kind=Research.Kind.RESEARCH, is_livelihood=True
    ).count()


@register(
    "research_recommendation_areas",
    section="supervision",
    label=_("Areas of research recommendations"),
    how=_(
        "Areas into which the recommendations of the year's research and inspection "
        "visits are grouped."
    ),
)
def research_recommendation_areas(year: int) -> int:
    return RecommendationArea.objects.filter(research__year=year).count()


@register(
    "research_recommendations",
    section="supervision",
    label=_("Research recommendations"),
    how=_("Recommendations made by the year's research and inspection visits."),
)
def research_recommendations(year: int) -> int:
    return Recommendation.objects.filter(area__research__year=year).count()


@register(
    "consulting_experts",
    section="supervision",
    label=_("Consulting experts"),
    how=_(
        "Experts of the state-assets supervision pool whose term overlaps the year "
        "(appointed by its end, not left before its start); the other pools (legislation, "
        "budget review…) are not counted."
    ),
)
def consulting_experts(year: int) -> int:
    # supervision_expert_term_idx: term_start, term_end
    return Expert.objects.filter(
        Q(pool=Expert.Pool.STATE_ASSETS),
        Q(term_end__isnull=True) | Q(term_end__gte=dt.date(year, 1, 1)),
        term_start__lte=dt.date(year, 12, 31),
    ).count()


@register(
    "livelihood_projects_completed",
    section="supervision",
    label=_("Livelihood projects completed"),
    how=_("Livelihood projects (民生实事) chosen by the deputies and completed in the year."),
)
def livelihood_projects_completed(year: int) -> int:
    return LivelihoodProject.objects.filter(
        state=LivelihoodProject.State.COMPLETED, completed_on__year=year
    ).count()
