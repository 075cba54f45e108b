"""Sidebar entries of legislation."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Legislation"),
        _("Legislative projects"),
        "legislation:project-list",
        "legislation.view_projects",
        "bank",
    ),
    NavEntry(
        _("Legislation"),
        _("Legislative plans"),
        "legislation:plan-list",
        "legislation.view_projects",
        "calendar3",
    ),
    NavEntry(
        _("Legislation"),
        _("Legislative research topics"),
        "legislation:topic-list",
        "legislation.view_projects",
        "search",
    ),
    NavEntry(
        _("Legislation"),
        _("Legal texts and versions"),
        "legislation:text-list",
        "legislation.view_texts",
        "file-earmark-text",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
