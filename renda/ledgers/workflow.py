"""The statuses of a ledger entry and the one table of allowed moves, per kind.

Every kind: open → in progress → done, or cancelled while not done; a done entry may
be reopened (in progress). Rectification items are not "done" for good until they
are closed out (销号) — with the date and a close-out note, by ``close_out`` — and a
closed-out item never moves again."""

from django.utils.translation import gettext as _

from renda.handling.workflow import InvalidTransition
from renda.ledgers.models import Kind, LedgerEntry

S = LedgerEntry.Status

GENERIC: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.DONE, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.DONE, S.CANCELLED}),
    S.DONE: frozenset({S.IN_PROGRESS}),
    S.CLOSED_OUT: frozenset(),
    S.CANCELLED: frozenset(),
}
RECTIFICATION: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.DONE, S.CLOSED_OUT, S.CANCELLED}),
    # fixed, waiting for the check that closes it out; or found not fixed after all
    S.DONE: frozenset({S.CLOSED_OUT, S.IN_PROGRESS}),
    S.CLOSED_OUT: frozenset(),
    S.CANCELLED: frozenset(),
}
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    kind: (RECTIFICATION if kind == Kind.RECTIFICATION else GENERIC) for kind in Kind.values
}
# Entries whose fields may no longer be edited.
FINAL = frozenset({S.CLOSED_OUT, S.CANCELLED})


def can_move(entry: LedgerEntry, to: str) -> bool:
    return to in TRANSITIONS[entry.kind][entry.status]


def require_transition(entry: LedgerEntry, to: str) -> None:
    if not can_move(entry, to):
        raise InvalidTransition(
            _("“%(title)s” is “%(status)s”; it cannot become “%(to)s”.")
            % {
                "title": entry.title,
                "status": S(entry.status).label,
                "to": S(to).label if to in S.values else to,
            }
        )


def reachable(kind: str, status: str) -> bool:
    """Whether an entry of the kind can reach the status from "open" (for entries
    recorded after the fact)."""
    seen, todo = {S.OPEN}, [S.OPEN]
    while todo:
        for nxt in TRANSITIONS[kind][todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return status in seen
