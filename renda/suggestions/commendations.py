"""Year-end commendations (表彰): candidates computed from the handling records."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from renda.core import audit
from renda.handling import stats
from renda.handling.models import Case, Kind
from renda.suggestions.models import Commendation, Suggestion

MIN_ITEMS_FOR_UNIT = 3


def unit_candidates(year: int, limit: int = 20) -> list[dict]:
    """Lead units of the year's suggestions with every item on time, a full completion,
    and the best satisfaction and implementation rates."""
    rows = stats.by_unit(year, Kind.SUGGESTION) + stats.by_unit(year, Kind.MOTION)
    merged: dict[str, dict] = {}
    for row in rows:
        merged.setdefault(row["unit_code"], {**row, "total": 0, "completed": 0, "on_time": 0})
        for key in ("total", "completed", "on_time"):
            merged[row["unit_code"]][key] += row[key]
    eligible = [
        r
        for r in merged.values()
        if r["total"] >= MIN_ITEMS_FOR_UNIT
        and r["completed"] == r["total"]
        and r["on_time"] == r["total"]
    ]
    return sorted(
        eligible, key=lambda r: (-r["satisfaction_rate"], -r["implementation_rate"], -r["total"])
    )[:limit]


def suggestion_candidates(year: int, limit: int = 30):
    """The year's suggestions solved (class A) or implemented, with a satisfied deputy;
    the widely supported (more co-signers) and key ones first."""
    good = Q(case__reply_class="A") | Q(case__implementation=Case.Implementation.IMPLEMENTED)
    return (
        Suggestion.objects.filter(
            session__start_date__year=year,
            case__state=Case.State.COMPLETED,
            case__final_evaluation="satisfied",
        )
        .filter(good)
        .annotate(signers=Count("co_signers"))
        .select_related("lead_deputy__person", "case", "session__term")
        .order_by("-case__is_key", "-signers", "number")[:limit]
    )


@transaction.atomic
def commend(year: int, *, reason: str, actor, suggestion=None, unit=None) -> Commendation:
    if (suggestion is None) == (unit is None):
        raise ValidationError(_("Commend either a suggestion or a unit."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the commendation.")})
    kind = Commendation.Type.SUGGESTION if suggestion else Commendation.Type.UNIT
    try:
        with transaction.atomic():
            row = Commendation.objects.create(
                year=year, type=kind, suggestion=suggestion, unit=unit, reason=reason
            )
    except IntegrityError as exc:
        raise ValidationError(_("Already commended for this year.")) from exc
    audit.record(actor, row, "commend", after={"year": year, "type": kind}, note=reason)
    return row
