"""Sidebar entries of supervision: research, recommendations, experts, livelihood projects."""

from django.utils.translation import gettext_lazy as _

from renda.core.navigation import NavEntry

ENTRIES: list = [
    NavEntry(
        _("Supervision"),
        _("Research and inspection visits"),
        "supervision:research-list",
        "supervision.view_research",
        "binoculars",
    ),
    NavEntry(
        _("Supervision"),
        _("Research recommendations"),
        "supervision:recommendation-list",
        "supervision.view_recommendations",
        "list-ol",
    ),
    NavEntry(
        _("Supervision"),
        _("Expert pool"),
        "supervision:expert-list",
        "supervision.view_experts",
        "mortarboard",
    ),
    NavEntry(
        _("Supervision"),
        _("Expert consultations"),
        "supervision:consultation-list",
        "supervision.view_consultations",
        "chat-square-text",
    ),
    NavEntry(
        _("Supervision"),
        _("Livelihood projects"),
        "supervision:project-list",
        "supervision.view_projects",
        "house-heart",
    ),
]
