"""Access to supervision records: oversight.

The office records and moves plans, work reports, inquiries, inspections and
decisions; leaders and committee members read all of them (members deliberate and
vote). A unit handler reads only the work reports its unit is the reporting body of;
the deliberation opinions sent to it reach it as cases in its inbox (the handling
engine's own access). Deputies, experts and the public: nothing here."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar
from renda.supervision.models import (
    Decision,
    DeliberationOpinion,
    LawEnforcementInspection,
    PlanItem,
    SpecialInquiry,
    SupervisionPlan,
    WorkReport,
)

__all__ = [
    "get_decisions_for_user",
    "get_inquiries_for_user",
    "get_inspections_for_user",
    "get_opinions_for_user",
    "get_plan_items_for_user",
    "get_plans_for_user",
    "get_work_reports_for_user",
]


@rules.predicate
def is_unit_handler(user) -> bool:
    return R.UNIT_HANDLER in R.roles_of(user) and bool(user.organisation_id)


rules.add_perm("supervision.view_oversight", is_committee_side)
rules.add_perm("supervision.manage_oversight", is_registrar)
rules.add_perm("supervision.view_work_reports", is_committee_side | is_unit_handler)


def _committee(user) -> bool:
    return bool(R.roles_of(user) & R.COMMITTEE_SIDE)


def get_plans_for_user(user) -> QuerySet[SupervisionPlan]:
    qs = SupervisionPlan.objects.select_related("term", "chair_meeting")
    return qs if _committee(user) else qs.none()


def get_plan_items_for_user(user) -> QuerySet[PlanItem]:
    qs = PlanItem.objects.select_related("plan", "owner", "subject", "session")
    return qs if _committee(user) else qs.none()


def get_work_reports_for_user(user) -> QuerySet[WorkReport]:
    qs = WorkReport.objects.select_related(
        "term", "owner", "session__term", "reporting_body", "plan_item", "agenda_item"
    )
    if _committee(user):
        return qs
    if R.UNIT_HANDLER in R.roles_of(user) and user.organisation_id:
        return qs.filter(reporting_body_id=user.organisation_id)
    return qs.none()


def get_inquiries_for_user(user) -> QuerySet[SpecialInquiry]:
    qs = SpecialInquiry.objects.select_related("term", "owner", "session__term", "plan_item")
    return qs if _committee(user) else qs.none()


def get_inspections_for_user(user) -> QuerySet[LawEnforcementInspection]:
    qs = LawEnforcementInspection.objects.select_related(
        "term", "owner", "session__term", "plan_item", "leader", "subject"
    )
    return qs if _committee(user) else qs.none()


def get_opinions_for_user(user) -> QuerySet[DeliberationOpinion]:
    """The committee side: every opinion. A unit sees its own as cases in its inbox."""
    qs = DeliberationOpinion.objects.select_related(
        "case", "body", "work_report", "inquiry", "inspection"
    )
    return qs if _committee(user) else qs.none()


def get_decisions_for_user(user) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("term", "session__term", "ballot", "agenda_item")
    return qs if _committee(user) else qs.none()
