"""How the handling engine treats correction notices (R64).

The issuer replies through its inbox (or the filing's page) that it amended or repealed
the document; the office evaluates the reply for the committee (the office staff as
evaluators, as for deliberation opinions), which completes the case. The reply is due
in ``filings.correction_reply_days`` calendar days."""

from django.urls import NoReverseMatch, reverse

from renda.core import roles as R
from renda.core.models import User
from renda.handling.models import Kind
from renda.handling.policies import DAYS, KindPolicy, register_policy


def _office(case) -> list:
    return list(
        User.objects.filter(is_active=True, groups__name__in=sorted(R.REGISTRARS)).distinct()
    )


def _item_url(case) -> str | None:
    from renda.filings.models import CorrectionNotice

    try:
        notice = case.correction_notice
    except CorrectionNotice.DoesNotExist:
        return None
    try:
        return reverse("filings:review-detail", args=[notice.review_id])
    except NoReverseMatch:
        return None


register_policy(
    KindPolicy(
        kind=Kind.CORRECTION_NOTICE,
        reply_months_setting="filings.correction_reply_days",
        deadline_unit=DAYS,
        evaluated=True,
        primary_evaluators=_office,
        item_url=_item_url,
    )
)
