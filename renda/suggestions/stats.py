"""Suggestion-specific breakdowns of the handling statistics."""

from django.utils.translation import gettext_lazy as _

from renda.core.models import Organisation
from renda.handling.models import Kind
from renda.handling.stats import Breakdown, register_breakdown

KINDS = frozenset({Kind.SUGGESTION, Kind.MOTION})


def delegation_names(keys: set) -> dict:
    return dict(Organisation.objects.filter(pk__in=keys).values_list("pk", "name"))


register_breakdown(
    "delegation",
    Breakdown(
        _("By delegation of the lead deputy"),
        KINDS,
        "suggestion__lead_deputy__delegation_id",
        names=delegation_names,
    ),
)
register_breakdown("category", Breakdown(_("By category"), KINDS, "suggestion__category"))
