"""The R70 workflow of one appointment or removal: states and the one table of
allowed moves, per action.

nomination → deliberation → the nominee's statement (appointments only) → vote
through the ballot engine (R32; removals by secret ballot, R33) → passed or failed →
certificate (appointments) → constitutional oath (R71)."""

from django.utils.translation import gettext as _

from renda.handling.workflow import InvalidTransition
from renda.personnel.models import AppointmentItem

S = AppointmentItem.State
A = AppointmentItem.Action

# action → state → states an item may move to from it. Nothing else is allowed.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    A.APPOINT: {
        S.NOMINATED: frozenset({S.DELIBERATED, S.WITHDRAWN}),
        S.DELIBERATED: frozenset({S.STATEMENT_MADE, S.WITHDRAWN}),
        # R70: an appointment goes to the vote only after the nominee's statement
        S.STATEMENT_MADE: frozenset({S.VOTING, S.WITHDRAWN}),
        S.VOTING: frozenset({S.PASSED, S.FAILED}),
        S.PASSED: frozenset({S.CERTIFIED}),
        S.CERTIFIED: frozenset({S.SWORN}),
        S.FAILED: frozenset(),
        S.SWORN: frozenset(),
        S.WITHDRAWN: frozenset(),
    },
    A.REMOVE: {
        S.NOMINATED: frozenset({S.DELIBERATED, S.WITHDRAWN}),
        S.DELIBERATED: frozenset({S.VOTING, S.WITHDRAWN}),
        S.STATEMENT_MADE: frozenset(),
        S.VOTING: frozenset({S.PASSED, S.FAILED}),
        S.PASSED: frozenset(),
        S.CERTIFIED: frozenset(),
        S.FAILED: frozenset(),
        S.SWORN: frozenset(),
        S.WITHDRAWN: frozenset(),
    },
}
# Items not yet put to the vote: the list may still change.
OPEN_STATES = frozenset({S.NOMINATED, S.DELIBERATED, S.STATEMENT_MADE})


def can_move(item: AppointmentItem, to: str) -> bool:
    return to in TRANSITIONS[item.action][item.state]


def require_transition(item: AppointmentItem, to: str) -> None:
    if not can_move(item, to):
        raise InvalidTransition(
            _("%(person)s (%(action)s %(post)s) is “%(state)s”; it cannot become “%(to)s”.")
            % {
                "person": item.person.name,
                "action": A(item.action).label,
                "post": item.post,
                "state": S(item.state).label,
                "to": S(to).label,
            }
        )
