"""Figures of filing and review for the annual report (renda.reports.registry)."""

from django.utils.translation import gettext_lazy as _

from renda.filings.models import Filing, Review
from renda.reports.registry import register, share


def _reviewed_in(year: int):
    return Filing.objects.filter(
        reviews__state=Review.State.FINISHED, reviews__finished_on__year=year
    ).distinct()


@register(
    "normative_documents_reviewed",
    section="filings",
    label=_("Normative documents reviewed"),
    how=_(
        "Normative documents whose review (of any type, R62) was finished in the year; a "
        "document reviewed twice counts once."
    ),
)
def normative_documents_reviewed(year: int) -> int:
    return _reviewed_in(year).count()


@register(
    "filing_review_coverage",
    section="filings",
    label=_("Share of filed documents reviewed"),
    how=_(
        "Of the documents filed in the year and accepted at the formal check (R61), the "
        "share whose review is finished (R63), as a fraction 0..1."
    ),
    pending=lambda year: (
        Filing.objects.filter(filed_on__year=year, state=Filing.State.ACCEPTED)
        .exclude(reviews__state=Review.State.FINISHED)
        .count()
    ),
    pending_what=_("filed documents under review"),
)
def filing_review_coverage(year: int) -> float:
    filed = Filing.objects.filter(filed_on__year=year, state=Filing.State.ACCEPTED)
    reviewed = filed.filter(reviews__state=Review.State.FINISHED).distinct().count()
    return share(reviewed, filed.count())
