"""Figures of the work ledgers, counted from the entries of the year; what each kind
counts is ``renda.ledgers.models.COUNTED``."""

from django.utils.translation import gettext_lazy as _

from renda.ledgers.models import Kind, LedgerEntry
from renda.reports.registry import register

SECTION = "ledgers"


def _count(kind: str, year: int) -> int:
    return LedgerEntry.objects.counted(kind, year).count()


@register(
    "experiences_promoted",
    section=SECTION,
    label=_("Practices promoted by the provincial congress"),
    how=_(
        "Entries of the ledger of practices promoted by the provincial congress dated in "
        "the year, cancelled entries not counted."
    ),
)
def experiences_promoted(year: int) -> int:
    return _count(Kind.EXPERIENCE_PROMOTED, year)


@register(
    "problem_lists_rectified",
    section=SECTION,
    label=_("Rectification-list items closed"),
    how=_("Rectification-list items closed out (整改销号) in the year, by their close-out date."),
)
def problem_lists_rectified(year: int) -> int:
    return _count(Kind.RECTIFICATION, year)


@register(
    "problem_areas",
    section=SECTION,
    label=_("Problem areas of the rectification"),
    how=_("Distinct problem areas of the rectification items closed out in the year."),
)
def problem_areas(year: int) -> int:
    return (
        LedgerEntry.objects.counted(Kind.RECTIFICATION, year)
        .values("problem_area")
        .distinct()
        .count()
    )


@register(
    "rules_established",
    section=SECTION,
    label=_("Rules and systems established or revised"),
    how=_(
        "Rules and systems established or revised: entries of the rules ledger done "
        "(adopted) in the year."
    ),
)
def rules_established(year: int) -> int:
    return _count(Kind.RULE, year)


@register(
    "party_committee_reports",
    section=SECTION,
    label=_("Major matters reported to the municipal party committee"),
    how=_(
        "Requests and reports of major matters to the municipal party committee dated in "
        "the year, cancelled entries not counted."
    ),
)
def party_committee_reports(year: int) -> int:
    return _count(Kind.PARTY_COMMITTEE_REPORT, year)


@register(
    "implementation_measures",
    section=SECTION,
    label=_("Implementation measures"),
    how=_(
        "Implementation measures of the ledger dated in the year, cancelled entries not counted."
    ),
)
def implementation_measures(year: int) -> int:
    return _count(Kind.IMPLEMENTATION_MEASURE, year)


@register(
    "problems_resolved",
    section=SECTION,
    label=_("Problems resolved"),
    how=_(
        "Problems resolved with the participation of the committee's leaders: entries of "
        "that ledger done (resolved) in the year."
    ),
)
def problems_resolved(year: int) -> int:
    return _count(Kind.PROBLEM_RESOLVED, year)
