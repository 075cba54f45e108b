"""Figures of consultations for the annual report (renda.reports.registry)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

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
    label=_("Grassroots legislative contact points"),
    how=_("Active grassroots legislative contact points designated by the end of the year."),
)
def legislative_contact_points(year: int) -> int:
    return _active_points(ContactPoint.Kind.CONTACT_POINT, year)


@register(
    "legislative_bases",
    section="legislation",
    label=_("Legislative research bases"),
    how=_("Active legislative research bases designated by the end of the year."),
)
def legislative_bases(year: int) -> int:
    return _active_points(ContactPoint.Kind.LEGISLATIVE_BASE, year)
