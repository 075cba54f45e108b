"""What differs between kinds of handled items, as one small policy per kind.

Domain apps register theirs (``register_policy``); the engine asks the policy who
evaluates, which deadlines apply and how a deputy or a citizen finds their cases.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from renda.handling.models import Case, Kind

# units of a kind's deadline settings
MONTHS, WORKDAYS, DAYS = "months", "workdays", "days"


@dataclass(frozen=True)
class KindPolicy:
    kind: str
    reply_months_setting: str = "handling.reply_months"
    difficult_months_setting: str = "handling.difficult_reply_months"
    rehandle_months_setting: str = "handling.rehandle_months"
    evaluated: bool = True
    # What the settings above count: months (R12), working days (R92) or calendar days
    # (R64's thirty days for a correction notice).
    deadline_unit: str = MONTHS
    # The submitter evaluates with the item's tracking code (R90), not as a user.
    evaluated_by_code: bool = False
    # users whose evaluation decides the case (the submitter) and who may add theirs
    primary_evaluators: Callable[[Case], list] = field(default=lambda case: [])
    other_evaluators: Callable[[Case], list] = field(default=lambda case: [])
    # which cases a deputy (by person) may follow
    deputy_cases: Callable[[object], Q] | None = None
    item_url: Callable[[Case], str | None] = field(default=lambda case: None)
    # a rule setting that overrides the reply deadline for one case (R41: two months
    # for budget and audit deliberation opinions instead of three); None keeps the kind's
    reply_setting_for: Callable[[Case], str | None] = field(default=lambda case: None)


_POLICIES: dict[str, KindPolicy] = {}


def register_policy(policy: KindPolicy) -> KindPolicy:
    _POLICIES[policy.kind] = policy
    return policy


def policy_for(kind: str) -> KindPolicy:
    return _POLICIES.get(kind) or KindPolicy(kind=kind)


def deputy_case_filter(person) -> Q:
    """Cases a deputy follows, across every kind that has a notion of it."""
    condition = Q(pk__in=[])
    for policy in _POLICIES.values():
        if policy.deputy_cases is not None:
            condition |= policy.deputy_cases(person)
    return condition


KINDS = Kind
