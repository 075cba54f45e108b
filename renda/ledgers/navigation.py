"""Sidebar entries of the work ledgers: one list per kind and the rectification list's
problem areas."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NAV, NavEntry
from renda.ledgers.models import Kind

LIST_URLS = {
    Kind.RULE: ("ledgers:rule-list", "rules/", "journal-text"),
    Kind.PARTY_COMMITTEE_REPORT: (
        "ledgers:party-committee-report-list",
        "party-committee-reports/",
        "send",
    ),
    Kind.RECTIFICATION: ("ledgers:rectification-list", "rectification/", "clipboard-check"),
    Kind.IMPLEMENTATION_MEASURE: (
        "ledgers:implementation-measure-list",
        "measures/",
        "list-task",
    ),
    Kind.PROBLEM_RESOLVED: ("ledgers:problem-resolved-list", "problems-resolved/", "tools"),
    Kind.EXPERIENCE_PROMOTED: (
        "ledgers:experience-promoted-list",
        "experiences-promoted/",
        "megaphone",
    ),
    Kind.LEGISLATIVE_PROCEDURE: (
        "ledgers:legislative-procedure-list",
        "legislative-procedures/",
        "bank",
    ),
}

ENTRIES = [
    *[
        NavEntry(_("Work ledgers"), kind.label, url, "ledgers.view", icon)
        for kind, (url, _path, icon) in LIST_URLS.items()
    ],
    NavEntry(
        _("Work ledgers"),
        _("Problem areas"),
        "ledgers:area-list",
        "ledgers.view",
        "diagram-3",
    ),
]
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
