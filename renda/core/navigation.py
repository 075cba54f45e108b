"""The workbench sidebar: each line of work adds its entries here."""

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
