"""Figures of consultations for the annual report (renda.reports.registry)."""

import datetime as dt

from renda.consultations.models import ContactPoint
from renda.reports.registry import register


def _active_points(kind: str, year: int) -> int:
    # consult_point_figure_idx: kind, is_active, designated_on
    return ContactPoint.objects.filter(
        kind=kind, is_active=True, designated_on__lte=dt.date(year, 12, 31)
    ).count()


@register(
    "legislative_contact_points",
    section="legislation",
    label="基层立法联系点",
    how="Active grassroots legislative contact points designated by the end of the year.",
)
def legislative_contact_points(year: int) -> int:
    return _active_points(ContactPoint.Kind.CONTACT_POINT, year)


@register(
    "legislative_bases",
    section="legislation",
    label="立法基地",
    how="Active legislative research bases designated by the end of the year.",
)
def legislative_bases(year: int) -> int:
    return _active_points(ContactPoint.Kind.LEGISLATIVE_BASE, year)
