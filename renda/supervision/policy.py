"""How the handling engine treats deliberation opinions (R41).

The body deliberated (the reporting body of a work report, the departments of an
inquiry, the government after an inspection) replies through its inbox; the reply is
its written report back, due within ``supervision.report_back_months`` — or, for
budget, final-accounts and audit reports, ``supervision.report_back_months_budget_audit``
(picked per case by ``reply_setting_for``).

Who evaluates: the committee, through its office (``evaluated=True``, the office staff
as evaluators). The report back is not a deputy's item with a submitter to ask; it is
considered by the committee (after a satisfaction assessment when one is held), and an
unsatisfactory report back must go round again (R17's rehandling) rather than stay
"replied" for ever — the engine completes a case only through an evaluation or a
review, so an unevaluated kind would never close and the record could not be
published."""

from django.urls import NoReverseMatch, reverse

from renda.core import roles as R
from renda.core.models import User
from renda.handling.models import Kind
from renda.handling.policies import KindPolicy, register_policy


def _opinion(case):
    from renda.supervision.models import DeliberationOpinion

    try:
        return case.deliberation_opinion
    except DeliberationOpinion.DoesNotExist:
        return None


def _reply_setting(case) -> str | None:
    opinion = _opinion(case)
    if opinion is None:
        return None
    if opinion.budget_or_audit:
        return "supervision.report_back_months_budget_audit"
    return "supervision.report_back_months"


def _committee_evaluators(case) -> list:
    """The office staff evaluate the report back for the committee."""
    return list(
        User.objects.filter(is_active=True, groups__name__in=sorted(R.REGISTRARS)).distinct()
    )


def _item_url(case) -> str | None:
    opinion = _opinion(case)
    if opinion is None:
        return None
    if opinion.work_report_id:
        name, pk = "supervision:work-report-detail", opinion.work_report_id
    elif opinion.inquiry_id:
        name, pk = "supervision:inquiry-detail", opinion.inquiry_id
    else:
        name, pk = "supervision:inspection-detail", opinion.inspection_id
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


register_policy(
    KindPolicy(
        kind=Kind.DELIBERATION_OPINION,
        reply_months_setting="supervision.report_back_months",
        difficult_months_setting="supervision.report_back_months",
        reply_setting_for=_reply_setting,
        evaluated=True,
        primary_evaluators=_committee_evaluators,
        item_url=_item_url,
    )
)
