"""Who sees which motions and suggestions."""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_deputy, is_registrar
from renda.handling.models import Assignment
from renda.suggestions.models import Suggestion


def get_suggestions_for_user(user) -> QuerySet[Suggestion]:
    """Committee side: all but drafts. A deputy: their own (drafts included) and those
    they co-sign once submitted. A unit: the registered items assigned to it."""
    qs = Suggestion.objects.select_related("session__term", "lead_deputy__person", "case")
    roles = R.roles_of(user)
    condition = Q(pk__in=[])
    if roles & R.COMMITTEE_SIDE:
        condition |= ~Q(state=Suggestion.State.DRAFT)
    if R.DEPUTY in roles and user.person_id:
        condition |= Q(lead_deputy__person_id=user.person_id)
        co_signed = Suggestion.co_signers.through.objects.filter(
            suggestion_id=OuterRef("pk"), deputy__person_id=user.person_id
        )
        condition |= Q(Exists(co_signed)) & ~Q(state=Suggestion.State.DRAFT)
    if R.UNIT_HANDLER in roles and user.organisation_id:
        assigned = Assignment.objects.filter(
            case_id=OuterRef("case_id"), unit_id=user.organisation_id
        )
        condition |= Q(Exists(assigned))
    return qs.filter(condition)


rules.add_perm(
    "suggestions.view_list",
    is_committee_side
    | is_deputy
    | rules.predicate(lambda user: R.has_any_role(user, {R.UNIT_HANDLER})),
)
rules.add_perm("suggestions.draft", is_deputy)
rules.add_perm("suggestions.review", is_registrar)
rules.add_perm("suggestions.view_commendations", is_committee_side)
