"""Who may see and change what in filings.

The office (registrars) does the formal check, the reviews and the corrections; the
committee side reads everything; an issuer (a unit handler of the issuing body) sees
and files only its own documents and annual lists, and never the reviews; citizens
see their own review request through its tracking code only (portal)."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar
from renda.filings.models import AnnualList, CorrectionNotice, Filing, Review, ReviewRequest


@rules.predicate
def is_issuer(user) -> bool:
    return R.has_any_role(user, {R.UNIT_HANDLER}) and bool(getattr(user, "organisation_id", None))


rules.add_perm("filings.view", is_committee_side | is_issuer)
rules.add_perm("filings.view_reviews", is_committee_side)
rules.add_perm("filings.file", is_issuer)
rules.add_perm("filings.manage", is_registrar)


def _committee(user) -> bool:
    return bool(R.roles_of(user) & R.COMMITTEE_SIDE)


def _issuer_id(user):
    if R.UNIT_HANDLER in R.roles_of(user):
        return getattr(user, "organisation_id", None)
    return None


def get_filings_for_user(user) -> QuerySet[Filing]:
    qs = Filing.objects.select_related("issuer")
    if _committee(user):
        return qs
    issuer = _issuer_id(user)
    return qs.filter(issuer_id=issuer) if issuer else qs.none()


def get_reviews_for_user(user) -> QuerySet[Review]:
    qs = Review.objects.select_related("filing__issuer", "committee", "reviewer")
    return qs if _committee(user) else qs.none()


def get_corrections_for_user(user) -> QuerySet[CorrectionNotice]:
    """The committee side: all; an issuer: the corrections asked of it."""
    qs = CorrectionNotice.objects.select_related("review__filing__issuer", "case", "ballot")
    if _committee(user):
        return qs
    issuer = _issuer_id(user)
    return qs.filter(review__filing__issuer_id=issuer) if issuer else qs.none()


def get_requests_for_user(user) -> QuerySet[ReviewRequest]:
    qs = ReviewRequest.objects.select_related("filing", "review")
    return qs if _committee(user) else qs.none()


def get_annual_lists_for_user(user) -> QuerySet[AnnualList]:
    qs = AnnualList.objects.select_related("issuer")
    if _committee(user):
        return qs
    issuer = _issuer_id(user)
    return qs.filter(issuer_id=issuer) if issuer else qs.none()
