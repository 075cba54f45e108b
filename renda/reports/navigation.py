"""Sidebar entries of the reports: the leaders' dashboard and the annual report."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Reports"),
        _("Leaders' dashboard"),
        "dashboard:leaders",
        "reports.view_dashboard",
        "speedometer2",
    ),
    NavEntry(
        _("Reports"),
        _("Annual report"),
        "reports:annual-current",
        "reports.view_annual_report",
        "file-earmark-word",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
