"""The workbench sidebar: each line of work adds its entries here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    section: Any
    label: Any
    url_name: str
    permission: str
    icon: str = "circle"


NAV: list[NavEntry] = [
    NavEntry(_("Workbench"), _("My to-do"), "core:home", "core.use_workbench", "check2-square"),
    NavEntry(
        _("Handling"), _("Inbox of my unit"), "handling:inbox", "handling.view_inbox", "inbox"
    ),
    NavEntry(
        _("Handling"),
        _("Motions and suggestions"),
        "suggestions:list",
        "suggestions.view_list",
        "file-earmark-text",
    ),
    NavEntry(
        _("Handling"),
        _("Items in handling"),
        "handling:case-list",
        "handling.view_case_list",
        "list-check",
    ),
    NavEntry(
        _("Handling"),
        _("Overdue items"),
        "handling:overdue-list",
        "handling.supervise_case",
        "alarm",
    ),
    NavEntry(
        _("Handling"),
        _("Handling statistics"),
        "handling:statistics",
        "handling.view_statistics",
        "bar-chart",
    ),
    NavEntry(
        _("Handling"),
        _("Commendations"),
        "suggestions:commendations",
        "suggestions.view_commendations",
        "award",
    ),
    NavEntry(_("Deputies"), _("Deputies"), "core:deputy-list", "core.view_deputy_list", "people"),
    NavEntry(
        _("Bodies"),
        _("Organisations and units"),
        "core:organisation-list",
        "core.use_workbench",
        "building",
    ),
    NavEntry(
        _("Bodies"),
        _("Committee members"),
        "core:member-list",
        "core.use_workbench",
        "person-badge",
    ),
    NavEntry(
        _("Settings"),
        _("Rule settings"),
        "core:rule-settings",
        "core.view_rule_settings",
        "sliders",
    ),
    NavEntry(
        _("Settings"),
        _("Working-day calendar"),
        "core:calendar",
        "core.view_rule_settings",
        "calendar3",
    ),
    NavEntry(
        _("Settings"), _("Audit log"), "core:audit-list", "core.view_audit_log", "journal-text"
    ),
]


def register(entry: NavEntry) -> None:
    NAV.append(entry)


# Where the home page sends a user who has no role on the workbench but acts for some
# record of an app (a contact point's staff): each app may add a function user → URL
# or None; the first URL given wins.
LANDINGS: list[Callable[[Any], str | None]] = []


def landing_for(user) -> str | None:
    for landing in LANDINGS:
        url = landing(user)
        if url:
            return url
    return None
