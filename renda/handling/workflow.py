"""The case workflow: states and the one table of allowed moves."""

from django.utils.translation import gettext as _

from renda.handling.models import Case

S = Case.State

# state → states a case may move to from it. Nothing else is allowed.
# ASSIGNED or REHANDLING → COMPLETED only through ``close_by_decision``: the committee's
# own decision (a document revoked by vote) ends the matter before any reply.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.ASSIGNED}),
    S.ASSIGNED: frozenset({S.RETURNED, S.REPLIED, S.COMPLETED}),
    S.RETURNED: frozenset({S.ASSIGNED}),
    S.REPLIED: frozenset({S.COMPLETED, S.REHANDLING, S.UNDER_REVIEW}),
    S.REHANDLING: frozenset({S.REPLIED, S.COMPLETED}),
    S.UNDER_REVIEW: frozenset({S.COMPLETED, S.REHANDLING}),
    S.COMPLETED: frozenset(),
}
OPEN_STATES = frozenset(TRANSITIONS) - {S.COMPLETED}


class InvalidTransition(Exception):
    """An illegal workflow move; the API answers 409 with this message."""


def require_transition(case: Case, to: str) -> None:
    if to not in TRANSITIONS[case.state]:
        raise InvalidTransition(
            _("This item is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": S(case.state).label, "to": S(to).label}
        )


def require_state(case: Case, *states: str, action: str) -> None:
    if case.state not in states:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the item is “%(state)s”.")
            % {"action": action, "state": S(case.state).label}
        )
