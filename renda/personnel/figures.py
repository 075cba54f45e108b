"""Figures of appointments, removals and the constitutional oath, counted from the records."""

from django.utils.translation import gettext_lazy as _

from renda.personnel.models import AppointmentItem, OathTaking
from renda.reports.registry import register


@register(
    "appointments",
    section="personnel",
    label=_("Appointments and removals (person-times)"),
    how=_(
        "Appointment and removal person-times (任免人次) decided in the year: items of "
        "appointment and removal bills whose vote was held in the year (passed or failed; "
        "withdrawn items and items not yet voted are not counted). One person appointed to "
        "two posts counts twice."
    ),
)
def appointments(year: int) -> int:
    return AppointmentItem.objects.filter(
        state__in=AppointmentItem.VOTED, decided_on__year=year
    ).count()


@register(
    "oath_takers",
    section="personnel",
    label=_("Constitutional oath takers"),
    how=_(
        "People who took the constitutional oath (R71) at ceremonies held in the year; a "
        "person sworn twice in the year counts once."
    ),
)
def oath_takers(year: int) -> int:
    return (
        OathTaking.objects.filter(ceremony__held_on__year=year)
        .values("item__person")
        .distinct()
        .count()
    )
