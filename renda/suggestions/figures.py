"""Figures about deputies' motions and suggestions, counted from the records.

"Of the year" means of the congress sessions held that year (the session's start date);
follow-up figures count supervision notes dated in the year."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import Session
from renda.handling.models import Case, SupervisionNote
from renda.reports.registry import register
from renda.suggestions.models import Suggestion


def _registered_of_sessions(year: int):
    """Items of the year's congress sessions that were registered (立案): they have a case.
    Merged, declined and converted items never get one and are not counted."""
    return Suggestion.objects.filter(
        session__body=Session.Body.CONGRESS,
        session__start_date__year=year,
        state=Suggestion.State.REGISTERED,
        case__isnull=False,
    )


@register(
    "motions_and_suggestions",
    section="suggestions",
    label=_("Deputies' motions and suggestions"),
    how=_(
        "Motions and suggestions of the congress sessions held in the year that were "
        "registered and handled (each has a case); merged, declined and converted items excluded."
    ),
)
def motions_and_suggestions(year: int) -> int:
    return _registered_of_sessions(year).count()


@register(
    "motions_and_suggestions_completed",
    section="suggestions",
    label=_("Motions and suggestions completed"),
    how=_(
        "Of the year's registered motions and suggestions, those whose case is completed (办结)."
    ),
    pending=lambda year: (
        _registered_of_sessions(year).exclude(case__state=Case.State.COMPLETED).count()
    ),
    pending_what=_("motions and suggestions in handling"),
)
def motions_and_suggestions_completed(year: int) -> int:
    return _registered_of_sessions(year).filter(case__state=Case.State.COMPLETED).count()


@register(
    "key_suggestions_led",
    section="suggestions",
    label=_("Key suggestions led by committee leaders"),
    how=_(
        "Of the year's registered motions and suggestions, the key items (R18) with a "
        "leading committee leader."
    ),
)
def key_suggestions_led(year: int) -> int:
    return (
        _registered_of_sessions(year)
        .filter(case__is_key=True, case__lead_leader__isnull=False)
        .count()
    )


def _prior_key_cases(year: int) -> Q:
    """Key cases of motions and suggestions of the previous year's congress sessions."""
    return Q(
        is_key=True,
        suggestion__session__body=Session.Body.CONGRESS,
        suggestion__session__start_date__year=year - 1,
    )


@register(
    "prior_key_suggestions_reviewed",
    section="suggestions",
    label=_("Last year's key suggestions followed up"),
    how=_(
        "Key motions and suggestions of the previous year's sessions that received a "
        "supervision note (follow-up visit, note or assessment) dated in the year."
    ),
)
def prior_key_suggestions_reviewed(year: int) -> int:
    return Case.objects.filter(
        _prior_key_cases(year), supervision_notes__date__year=year
    ).aggregate(n=Count("pk", distinct=True))["n"]


@register(
    "prior_key_suggestion_units_assessed",
    section="suggestions",
    label=_("Handling units of last year's key suggestions assessed"),
    how=_(
        "Distinct lead units of the previous year's key motions and suggestions whose case has a "
        "satisfaction-assessment supervision note dated in the year."
    ),
)
def prior_key_suggestion_units_assessed(year: int) -> int:
    return Case.objects.filter(
        _prior_key_cases(year),
        supervision_notes__type=SupervisionNote.Type.ASSESSMENT,
        supervision_notes__date__year=year,
    ).aggregate(n=Count("lead_unit", distinct=True))["n"]
