"""Figures the core registers can already count."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import CommitteeMember, Deputy, Organisation
from renda.reports.registry import register


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@register(
    "deputies_serving",
    section="deputies",
    label=_("Deputies serving"),
    how=_(
        "Deputies whose mandate was serving at some point in the year: still serving, or"
        " ended in the year or later."
    ),
)
def deputies_serving(year: int) -> int:
    return Deputy.objects.serving_between(*_year_bounds(year)).count()


@register(
    "committee_members",
    section="committee",
    label=_("Standing committee members"),
    how=_("Standing committee members whose membership overlaps the year."),
)
def committee_members(year: int) -> int:
    start, end = _year_bounds(year)
    return (
        CommitteeMember.objects.filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values("person")
        .distinct()
        .count()
    )


@register(
    "handling_units",
    section="handling",
    label=_("Handling units"),
    how=_("Active organisations marked as handling units."),
)
def handling_units(year: int) -> int:
    return Organisation.objects.filter(is_handling_unit=True, is_active=True).count()
