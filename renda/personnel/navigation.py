"""Sidebar entries of appointments, removals and the constitutional oath."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Personnel"),
        _("Appointment and removal bills"),
        "personnel:bill-list",
        "personnel.view",
        "person-lines-fill",
    ),
    NavEntry(
        _("Personnel"),
        _("Appointments and removals"),
        "personnel:item-list",
        "personnel.view",
        "person-check",
    ),
    NavEntry(
        _("Personnel"),
        _("Constitutional oath"),
        "personnel:ceremony-list",
        "personnel.view",
        "journal-check",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
