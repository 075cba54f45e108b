"""Figures of legislation, each one aggregate query over the records of the year."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.ledgers.models import Kind, LedgerEntry
from renda.legislation.models import LegislativeProject, ResearchTopic
from renda.reports.registry import register

SECTION = "legislation"


def _enacted(year: int):
    # legislation_project_appr_idx
    return LegislativeProject.objects.filter(province_approved_on__year=year)


@register(
    "legislative_research_topics",
    section=SECTION,
    label=_("Topics raised to legislative research"),
    how=_("Legislative research topics raised in the year (their year)."),
)
def legislative_research_topics(year: int) -> int:
    return ResearchTopic.objects.filter(year=year).count()


@register(
    "regulations_enacted",
    section=SECTION,
    label=_("Local regulations enacted"),
    how=_(
        "Legislative projects adopted by the committee and approved by the provincial "
        "standing committee in the year (by the date of the provincial approval)."
    ),
)
def regulations_enacted(year: int) -> int:
    return _enacted(year).count()


@register(
    "regulations_unanimous_at_province",
    section=SECTION,
    label=_("Regulations approved unanimously by the provincial committee"),
    how=_(
        "Of the regulations approved by the province in the year, those with no vote "
        "against and no abstention in the provincial vote."
    ),
)
def regulations_unanimous_at_province(year: int) -> int:
    return _enacted(year).filter(Q(province_votes_against=0) & Q(province_votes_abstain=0)).count()


@register(
    "legislative_systems",
    section=SECTION,
    label=_("Legislative procedure rules established"),
    how=_(
        "Legislative procedure rules (evaluation, project approval, deliberation…): "
        "entries of that ledger done (adopted) in the year."
    ),
)
def legislative_systems(year: int) -> int:
    return LedgerEntry.objects.counted(Kind.LEGISLATIVE_PROCEDURE, year).count()
