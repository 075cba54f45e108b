"""Access to supervision records: research, recommendations, experts, consultations and
livelihood projects. Views and the API use only these helpers and permissions.

- The office (registrars) creates and moves every record; leaders and committee
  members read them all.
- Deputies read the livelihood projects and record their inspections of them.
- A unit handler sees the projects its unit leads and the recommendations addressed
  to it, and reports progress and responses for them.
- An expert sees and answers only their own consultations.
- Anonymous visitors: the public portal only."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_deputy, is_registrar
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    Recommendation,
    Research,
)

__all__ = [
    "get_consultations_for_user",
    "get_experts_for_user",
    "get_projects_for_user",
    "get_public_projects",
    "get_recommendations_for_user",
    "get_research_for_user",
]


@rules.predicate
def is_unit_handler(user) -> bool:
    return R.has_any_role(user, {R.UNIT_HANDLER})


@rules.predicate
def is_expert(user) -> bool:
    return R.has_any_role(user, {R.EXPERT})


def get_research_for_user(user) -> QuerySet[Research]:
    qs = Research.objects.select_related("plan_item", "owner", "leader")
    return qs if R.roles_of(user) & R.COMMITTEE_SIDE else qs.none()


def get_recommendations_for_user(user) -> QuerySet[Recommendation]:
    """Committee side: all. A unit handler: those addressed to their unit, once the
    research has reported (before, they are the group's drafts)."""
    qs = Recommendation.objects.select_related("area__research", "department")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    if R.UNIT_HANDLER in roles and user.organisation_id:
        return qs.filter(
            department_id=user.organisation_id,
            area__research__state__in=[Research.State.REPORTED, Research.State.CLOSED],
        )
    return qs.none()


def get_experts_for_user(user) -> QuerySet[Expert]:
    qs = Expert.objects.all()
    return qs if R.roles_of(user) & R.COMMITTEE_SIDE else qs.none()


def get_consultations_for_user(user) -> QuerySet[ConsultationRequest]:
    """Committee side: all. An expert: their own, nobody else's."""
    qs = ConsultationRequest.objects.select_related("expert", "research", "project")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    if R.EXPERT in roles and getattr(user, "pk", None):
        return qs.filter(expert__user_id=user.pk)
    return qs.none()


def get_projects_for_user(user) -> QuerySet[LivelihoodProject]:
    """Committee side and deputies: all. A unit handler: the projects their unit leads."""
    qs = LivelihoodProject.objects.select_related("lead_unit", "ballot")
    roles = R.roles_of(user)
    if roles & (R.COMMITTEE_SIDE | {R.DEPUTY}):
        return qs
    if R.UNIT_HANDLER in roles and user.organisation_id:
        return qs.filter(lead_unit_id=user.organisation_id)
    return qs.none()


def get_public_projects() -> QuerySet[LivelihoodProject]:
    """What the portal shows: chosen projects and their progress, no candidates."""
    return LivelihoodProject.objects.filter(state__in=LivelihoodProject.PUBLIC_STATES)


rules.add_perm("supervision.view_research", is_committee_side)
rules.add_perm("supervision.manage_research", is_registrar)
rules.add_perm("supervision.view_recommendations", is_committee_side | is_unit_handler)
rules.add_perm("supervision.respond_recommendation", is_registrar | is_unit_handler)
rules.add_perm("supervision.view_experts", is_committee_side)
rules.add_perm("supervision.manage_experts", is_registrar)
rules.add_perm("supervision.view_consultations", is_committee_side | is_expert)
rules.add_perm("supervision.answer_consultation", is_registrar | is_expert)
rules.add_perm("supervision.view_projects", is_committee_side | is_deputy | is_unit_handler)
rules.add_perm("supervision.manage_projects", is_registrar)
rules.add_perm("supervision.inspect_project", is_registrar | is_deputy)
rules.add_perm("supervision.report_progress", is_registrar | is_unit_handler)
