"""Sidebar entries of filings."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry

ENTRIES: list[NavEntry] = [
    NavEntry(
        _("Filing and review"),
        _("Normative documents"),
        "filings:list",
        "filings.view",
        "file-earmark-check",
    ),
    NavEntry(
        _("Filing and review"),
        _("Reviews"),
        "filings:review-list",
        "filings.view_reviews",
        "search",
    ),
    NavEntry(
        _("Filing and review"),
        _("Review requests"),
        "filings:request-list",
        "filings.view_reviews",
        "envelope-open",
    ),
    NavEntry(
        _("Filing and review"),
        _("Annual lists and coverage"),
        "filings:annual-lists",
        "filings.view",
        "list-check",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
