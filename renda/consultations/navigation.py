"""Sidebar entries of consultations."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES: list[NavEntry] = [
    NavEntry(
        _("Legislation"),
        _("Consultations"),
        "consultations:list",
        "consultations.view_list",
        "chat-square-text",
    ),
    NavEntry(
        _("Legislation"),
        _("Legislative contact points and bases"),
        "consultations:point-list",
        "consultations.view_contact_points",
        "geo-alt",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
