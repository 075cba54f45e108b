"""Sidebar entries for public opinions."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES = [
    NavEntry(
        _("Handling"), _("Public opinions"), "opinions:list", "opinions.view_list", "megaphone"
    ),
    NavEntry(
        _("Handling"),
        _("Opinion hot topics"),
        "opinions:hot-topics",
        "opinions.view_hot_topics",
        "fire",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
