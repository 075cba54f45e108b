"""Sidebar entries of consultations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.navigation import LANDINGS, NAV, NavEntry

ENTRIES: list[NavEntry] = [
    NavEntry(
        _("Legislation"),
        _("Calls for comments"),
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


def _own_contact_point(user) -> str | None:
    """A contact point's account lands on its point's page."""
    if not getattr(user, "is_authenticated", False):
        return None
    point = user.contact_points.filter(is_active=True).order_by("pk").first()
    return reverse("consultations:point-detail", args=[point.pk]) if point else None


if _own_contact_point not in LANDINGS:
    LANDINGS.append(_own_contact_point)
