"""Suggestion-specific breakdowns of the handling statistics."""

from django.utils.translation import gettext_lazy as _

from renda.handling.stats import measures_over, register_breakdown
from renda.suggestions.models import Suggestion


def _registered(year):
    qs = Suggestion.objects.filter(case__isnull=False)
    return qs.filter(case__registered_at__year=year) if year else qs


def by_delegation(year=None) -> list[dict]:
    return measures_over(_registered(year), "lead_deputy__delegation__name", "case__")


def by_category(year=None) -> list[dict]:
    return measures_over(_registered(year), "category", "case__")


register_breakdown("delegation", _("By delegation of the lead deputy"), by_delegation)
register_breakdown("category", _("By category"), by_category)
