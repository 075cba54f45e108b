"""Figures of the deputies' network, counted from the records.

Places count when they were established by the end of the year (or have no date) and
are still active; coverage is the share of the deputies serving in the year who have
a training (resp. a duty report) in their term, up to the year's end."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.deputies.models import DutyActivity, Place
from renda.deputies.records import coverage_in_year
from renda.reports.registry import register


def _places(kind: str, year: int) -> int:
    return (
        Place.objects.filter(kind=kind, is_active=True)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=dt.date(year, 12, 31)))
        .count()
    )


@register(
    "liaison_stations",
    section="deputies",
    label=_("Deputy liaison stations"),
    how=_("Active deputy liaison stations established by the end of the year."),
)
def liaison_stations(year: int) -> int:
    return _places(Place.Kind.LIAISON_STATION, year)


@register(
    "activity_centers",
    section="deputies",
    label=_("Deputy activity centres"),
    how=_("Active deputy activity centres established by the end of the year."),
)
def activity_centers(year: int) -> int:
    return _places(Place.Kind.ACTIVITY_CENTER, year)


@register(
    "deputy_studios",
    section="deputies",
    label=_("Deputy studios"),
    how=_("Active deputy studios established by the end of the year."),
)
def deputy_studios(year: int) -> int:
    return _places(Place.Kind.DEPUTY_STUDIO, year)


@register(
    "deputy_training_coverage",
    section="deputies",
    label=_("Deputies trained in the term"),
    how=_(
        "Share of the deputies serving in the year who have at least one training activity "
        "dated in their term, up to the end of the year (R80)."
    ),
)
def deputy_training_coverage(year: int) -> float:
    return coverage_in_year(DutyActivity.Kind.TRAINING, year)


@register(
    "deputy_report_coverage",
    section="deputies",
    label=_("Deputies who reported on their duty in the term"),
    how=_(
        "Share of the deputies serving in the year who have reported on their duty to their "
        "constituents (述职) at least once in their term, up to the end of the year (R81)."
    ),
)
def deputy_report_coverage(year: int) -> float:
    return coverage_in_year(DutyActivity.Kind.DUTY_REPORT, year)
