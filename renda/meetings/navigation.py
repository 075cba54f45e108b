"""Sidebar entries of meetings."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Meetings"), _("Committee sessions"), "meetings:schedule", "meetings.view", "calendar3"
    ),
    NavEntry(
        _("Meetings"), _("Chair meetings"), "meetings:chair-meeting-list", "meetings.view", "people"
    ),
    NavEntry(
        _("Meetings"),
        _("Joint bills and formal questions"),
        "meetings:submission-list",
        "meetings.view",
        "question-circle",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
