"""Suggestion-specific breakdowns of the handling statistics."""

from django.utils.translation import gettext_lazy as _

from renda.handling.stats import measures_by, register_breakdowns
from renda.suggestions.models import Suggestion

LABELS = {
    "delegation": _("By delegation of the lead deputy"),
    "category": _("By category"),
}


def _registered(year):
    qs = Suggestion.objects.filter(case__isnull=False)
    return qs.filter(case__registered_at__year=year) if year else qs


def breakdowns(year=None) -> dict[str, tuple]:
    """By delegation of the lead deputy and by category, from one grouped query."""
    rows = measures_by(
        _registered(year),
        {"delegation": "lead_deputy__delegation__name", "category": "category"},
        "case__",
    )
    return {name: (LABELS[name], rows[name]) for name in LABELS}


register_breakdowns(breakdowns)
