"""What filings put on to-do lists: for the office, formal checks due, accepted
filings without a review, reviews due and correction replies overdue; for an issuer,
its returned filings and the corrections asked of it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.todo import TodoItem, register

LIMIT = 20


@register
def office_filing_work(user) -> list[TodoItem]:
    from renda.core import clock
    from renda.core import roles as R
    from renda.filings.access import (
        get_corrections_for_user,
        get_filings_for_user,
        get_reviews_for_user,
    )
    from renda.filings.models import CorrectionNotice, Filing, Review

    if not R.has_any_role(user, R.REGISTRARS):
        return []
    filings = get_filings_for_user(user)
    items = [
        TodoItem(f.title, reverse("filings:detail", args=[f.pk]), f.check_due, _("Formal check"))
        for f in filings.filter(state=Filing.State.SUBMITTED).order_by("check_due", "pk")[:LIMIT]
    ]
    items += [
        TodoItem(f.title, reverse("filings:detail", args=[f.pk]), None, _("Start the review"))
        for f in filings.filter(state=Filing.State.ACCEPTED, reviews__isnull=True).order_by(
            "filed_on", "pk"
        )[:LIMIT]
    ]
    items += [
        TodoItem(
            r.filing.title, reverse("filings:review-detail", args=[r.pk]), r.due_on, _("Review due")
        )
        for r in get_reviews_for_user(user)
        .filter(state=Review.State.IN_PROGRESS)
        .order_by("due_on", "pk")[:LIMIT]
    ]
    items += [
        TodoItem(
            c.review.filing.title,
            reverse("filings:review-detail", args=[c.review_id]),
            c.case.reply_due,
            _("Correction reply overdue"),
        )
        for c in get_corrections_for_user(user)
        .filter(state=CorrectionNotice.State.OPEN, case__reply_due__lt=clock.today())
        .order_by("case__reply_due", "pk")[:LIMIT]
    ]
    return items


@register
def issuer_filing_work(user) -> list[TodoItem]:
    from renda.core import roles as R
    from renda.filings.access import get_corrections_for_user, get_filings_for_user
    from renda.filings.models import CorrectionNotice, Filing

    if R.UNIT_HANDLER not in R.roles_of(user) or not user.organisation_id:
        return []
    items = [
        TodoItem(f.title, reverse("filings:detail", args=[f.pk]), None, _("Returned: file again"))
        for f in get_filings_for_user(user)
        .filter(issuer_id=user.organisation_id, state=Filing.State.RETURNED)
        .order_by("pk")[:LIMIT]
    ]
    items += [
        TodoItem(
            c.review.filing.title,
            reverse("filings:detail", args=[c.review.filing_id]),
            c.case.reply_due,
            _("Correction asked: reply"),
        )
        for c in get_corrections_for_user(user)
        .filter(review__filing__issuer_id=user.organisation_id, state=CorrectionNotice.State.OPEN)
        .exclude(outcome__in=["amended", "repealed"])
        .order_by("pk")[:LIMIT]
    ]
    return items
