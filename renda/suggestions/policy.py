"""How the handling engine treats motions and suggestions."""

from django.db.models import Q

from renda.core.models import User
from renda.handling.models import Kind
from renda.handling.policies import KindPolicy, register_policy


def _item(case):
    return getattr(case, "suggestion", None)


def _lead_deputy_users(case) -> list:
    item = _item(case)
    if item is None:
        return []
    people = [
        item.lead_deputy.person_id,
        *item.merged_items.values_list("lead_deputy__person_id", flat=True),
    ]
    return list(User.objects.filter(person_id__in=people, is_active=True))


def _co_signer_users(case) -> list:
    item = _item(case)
    if item is None:
        return []
    return list(User.objects.filter(person__mandates__co_signed_suggestions=item, is_active=True))


def _deputy_cases(person) -> Q:
    from renda.suggestions.models import Suggestion

    own = Suggestion.objects.filter(Q(lead_deputy__person=person) | Q(co_signers__person=person))
    merged = Suggestion.objects.filter(merged_items__lead_deputy__person=person)
    return Q(pk__in=own.values("case_id")) | Q(pk__in=merged.values("case_id"))


for kind in (Kind.SUGGESTION, Kind.MOTION):
    register_policy(
        KindPolicy(
            kind=kind,
            primary_evaluators=_lead_deputy_users,
            other_evaluators=_co_signer_users,
            deputy_cases=_deputy_cases,
        )
    )
