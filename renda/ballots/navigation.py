"""Sidebar entry of the ballot engine."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(_("Meetings"), _("Ballots"), "ballots:list", "ballots.view_list", "check2-all"),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
