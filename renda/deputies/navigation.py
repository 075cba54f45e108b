"""Sidebar entries of the deputies' network."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Deputies"),
        _("My duty record"),
        "deputies:my-record",
        "deputies.view_own_duty_record",
        "journal-bookmark",
    ),
    NavEntry(
        _("Deputies"),
        _("Network places"),
        "deputies:place-list",
        "deputies.view_network",
        "geo-alt",
    ),
    NavEntry(
        _("Deputies"),
        _("Reception days"),
        "deputies:reception-day-list",
        "deputies.view_network",
        "calendar-event",
    ),
    NavEntry(
        _("Deputies"),
        _("Duty activities"),
        "deputies:activity-list",
        "deputies.view_activities",
        "activity",
    ),
    NavEntry(
        _("Deputies"),
        _("Training and duty-report coverage"),
        "deputies:coverage",
        "deputies.view_coverage",
        "pie-chart",
    ),
    NavEntry(
        _("Deputies"),
        _("Deputies' performance overview"),
        "deputies:performance",
        "deputies.view_performance",
        "bar-chart-line",
    ),
    NavEntry(
        _("Deputies"),
        _("Absences from the congress"),
        "deputies:absence-list",
        "deputies.view_absences",
        "person-x",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
