"""Figures about public opinions, counted from the records."""

from django.utils.translation import gettext_lazy as _

from renda.opinions.models import PublicOpinion
from renda.reports.registry import register


@register(
    "public_opinions_collected",
    section="deputies",
    label=_("Public opinions collected"),
    how=_(
        "Public opinions submitted in the year through every channel (portal, stations, "
        "deputies, API, Open311), duplicates merged into another included: each was collected."
    ),
)
def public_opinions_collected(year: int) -> int:
    return PublicOpinion.objects.filter(submitted_at__year=year).count()
