"""Who sees which cases. A unit sees only cases assigned to it; a deputy only the
cases of their own items; the committee side sees all."""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_deputy, is_registrar
from renda.handling.models import Assignment, Case, Notice
from renda.handling.policies import deputy_case_filter, policy_for


def get_cases_for_user(user) -> QuerySet[Case]:
    qs = Case.objects.select_related("lead_leader", "supervising_body")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    condition = Q(pk__in=[])
    if R.UNIT_HANDLER in roles and user.organisation_id:
        condition |= Q(
            Exists(Assignment.objects.filter(case=OuterRef("pk"), unit_id=user.organisation_id))
        )
    if R.DEPUTY in roles and user.person_id:
        condition |= deputy_case_filter(user.person)
    return qs.filter(condition)


def get_assignments_for_unit(user) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("case", "unit")
    if R.UNIT_HANDLER in R.roles_of(user) and user.organisation_id:
        return qs.filter(unit_id=user.organisation_id)
    return qs.none()


def get_notices_for_user(user) -> QuerySet[Notice]:
    condition = Q(recipient_user_id=user.pk)
    if user.organisation_id:
        condition |= Q(recipient_unit_id=user.organisation_id)
    return Notice.objects.filter(condition).select_related("case")


@rules.predicate
def is_unit_handler(user) -> bool:
    return R.has_any_role(user, {R.UNIT_HANDLER})


@rules.predicate
def handles_case(user, case) -> bool:
    return (
        case is not None
        and bool(user.organisation_id)
        and case.assignments.filter(unit_id=user.organisation_id).exists()
    )


@rules.predicate
def evaluates_case(user, case) -> bool:
    if case is None:
        return False
    policy = policy_for(case.kind)
    return user in policy.primary_evaluators(case) or user in policy.other_evaluators(case)


rules.add_perm("handling.evaluate_case", evaluates_case)
rules.add_perm("handling.view_case_list", is_committee_side | is_unit_handler | is_deputy)
rules.add_perm("handling.view_inbox", is_unit_handler)
rules.add_perm("handling.assign_case", is_registrar)
rules.add_perm("handling.supervise_case", is_committee_side)
rules.add_perm("handling.review_case", is_registrar)
rules.add_perm("handling.view_statistics", is_committee_side)
rules.add_perm("handling.act_for_unit", is_unit_handler & handles_case)
