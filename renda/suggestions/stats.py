"""Suggestion-specific breakdowns of the handling statistics."""

from django.utils.translation import gettext_lazy as _

from renda.core.models import Organisation
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
    # grouped by the delegation's key (no join of the delegations), named afterwards
    rows = measures_by(
        _registered(year),
        {"delegation": "lead_deputy__delegation_id", "category": "category"},
        "case__",
    )
    names = dict(
        Organisation.objects.filter(
            pk__in=[r["label"] for r in rows["delegation"] if r["label"]]
        ).values_list("pk", "name")
    )
    for row in rows["delegation"]:
        row["label"] = names.get(row["label"])
    rows["delegation"].sort(key=lambda r: (r["label"] is None, r["label"] or ""))
    return {name: (LABELS[name], rows[name]) for name in LABELS}


register_breakdowns(breakdowns)
