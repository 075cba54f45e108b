"""Sidebar entries of supervision: oversight."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NavEntry

VIEW = "supervision.view_oversight"
ENTRIES: list = [
    NavEntry(
        _("Supervision"), _("Supervision plans"), "supervision:plan-list", VIEW, "calendar-check"
    ),
    NavEntry(
        _("Supervision"),
        _("Work reports"),
        "supervision:work-report-list",
        "supervision.view_work_reports",
        "file-earmark-bar-graph",
    ),
    NavEntry(
        _("Supervision"),
        _("Deliberation opinions"),
        "supervision:opinion-list",
        VIEW,
        "chat-square-text",
    ),
    NavEntry(_("Supervision"), _("Special inquiries"), "supervision:inquiry-list", VIEW, "mic"),
    NavEntry(
        _("Supervision"),
        _("Law-enforcement inspections"),
        "supervision:inspection-list",
        VIEW,
        "search",
    ),
    NavEntry(
        _("Supervision"),
        _("Decisions and resolutions"),
        "supervision:decision-list",
        VIEW,
        "hammer",
    ),
]
