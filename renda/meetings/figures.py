"""Figures of meetings, counted from the records."""

from django.utils.translation import gettext_lazy as _

from renda.core.models import Session
from renda.meetings.models import Observer
from renda.reports.registry import register


@register(
    "deputies_attending_sessions",
    section="meetings",
    label=_("Deputies attending standing committee sessions"),
    how=_(
        "Deputies invited to attend (列席) the standing committee's sessions held in the year "
        "who attended, counted once per attendance (a deputy at three sessions counts three times)."
    ),
)
def deputies_attending_sessions(year: int) -> int:
    return Observer.objects.filter(
        kind=Observer.Kind.DEPUTY,
        attended=True,
        session__body=Session.Body.STANDING_COMMITTEE,
        session__start_date__year=year,
    ).count()
