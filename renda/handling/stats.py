"""Handling statistics as SQL aggregates: one query per table, whatever the volume."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, F, Q, QuerySet

from renda.core import clock
from renda.core.models import Organisation
from renda.handling.models import Case
from renda.handling.workflow import OPEN_STATES

E = ("satisfied", "basically_satisfied", "dissatisfied", "no_answer")
UNITS_BY_KEY = 200


def _case_measures() -> dict:
    return {
        "total": Count("pk"),
        "completed": Count("pk", filter=Q(state=Case.State.COMPLETED)),
        "on_time": Count("pk", filter=Q(completed_on_time=True)),
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        # the same rule as the overdue list the figures link to
        "overdue": Count("pk", filter=Case.overdue_on(clock.today())),
        **{f"eval_{e}": Count("pk", filter=Q(final_evaluation=e)) for e in E},
        **{f"class_{c}": Count("pk", filter=Q(reply_class=c)) for c in "ABCD"},
        "promises": Count("pk", filter=~Q(implementation=Case.Implementation.NOT_NEEDED)),
        "implemented": Count("pk", filter=Q(implementation=Case.Implementation.IMPLEMENTED)),
    }


def fetch_rows(queryset: QuerySet) -> list[dict]:
    """The rows of a ``values().annotate()`` aggregate, read from the cursor: their
    columns are counts and keys, which need none of the ORM's per-value converters (a
    sixth of the statistics' time at 2,000 units)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _year_filter(year: int | None) -> Q:
    # __year on a datetime becomes a range in the current time zone (Asia/Shanghai),
    # so the (kind, state, registered_at) index still serves it.
    return Q() if year is None else Q(registered_at__year=year)


def satisfaction_rate(row: dict) -> float:
    """Satisfied or basically satisfied, among the evaluated (a "no answer" counts)."""
    evaluated = sum(row[f"eval_{e}"] for e in E)
    if not evaluated:
        return 0.0
    return round((row["eval_satisfied"] + row["eval_basically_satisfied"]) / evaluated, 4)


def with_rates(row: dict) -> dict:
    total = row["total"] or 0
    row["completion_rate"] = round(row["completed"] / total, 4) if total else 0.0
    row["on_time_rate"] = round(row["on_time"] / total, 4) if total else 0.0
    row["satisfaction_rate"] = satisfaction_rate(row)
    row["implementation_rate"] = (
        round(row["implemented"] / row["promises"], 4) if row["promises"] else 0.0
    )
    return row


def _some_measures(only: tuple[str, ...] | None) -> dict:
    measures = _case_measures()
    return measures if only is None else {k: measures[k] for k in only}


def by_unit(
    year: int | None = None,
    kind: str | None = None,
    only: tuple[str, ...] | None = None,
) -> list[dict]:
    """Per lead unit, from the cases alone (a case keeps its current lead unit).
    ``only``: just these measures (each one costs a CASE per row; the dashboard needs
    four), keyed by ``unit_ref`` alone, without names or rates."""
    qs = Case.objects.filter(_year_filter(year), lead_unit__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    # grouped by the unit key alone, and the units named by a second query: grouping
    # by the joined name and code cost a third of the aggregate
    grouped = qs.values(unit_ref=F("lead_unit_id")).order_by()
    if only:
        # the caller names the few units it shows
        return fetch_rows(grouped.annotate(**_some_measures(only)))
    rows = [with_rates(r) for r in fetch_rows(grouped.annotate(**_case_measures()))]
    units = _unit_names({r["unit_ref"] for r in rows})
    for row in rows:
        row["unit_code"], row["unit_name"] = units[row["unit_ref"]]
    return sorted(rows, key=lambda r: r["unit_code"])


def _unit_names(keys: set[int]) -> dict[int, tuple[str, str]]:
    """key → (code, name) of these units. Beyond a few hundred, every unit is read:
    a list of 2,000 keys cost more to send and parse than the whole table."""
    units = Organisation.objects.all()
    if len(keys) <= UNITS_BY_KEY:
        units = units.filter(pk__in=keys)
    return {
        pk: (code, name) for pk, code, name in units.values_list("pk", "code", "name") if pk in keys
    }


def by_kind(year: int | None = None, only: tuple[str, ...] | None = None) -> list[dict]:
    rows = (
        Case.objects.filter(_year_filter(year))
        .values("kind")
        .annotate(**_some_measures(only))
        .order_by("kind")
    )
    rows = fetch_rows(rows)
    return rows if only else [with_rates(r) for r in rows]


def totals(cases: QuerySet) -> dict:
    return with_rates(dict(cases.aggregate(**_case_measures())))


def sum_rows(rows: list[dict]) -> dict:
    """The totals of per-kind rows, without scanning the cases again."""
    return with_rates({k: sum(row[k] or 0 for row in rows) for k in _case_measures()})


@dataclass(frozen=True)
class Breakdown:
    """The cases of some kinds grouped by their domain's own data, reached by a path
    from the case (a suggestion's category: ``suggestion__category``). ``names`` turns
    the keys found into the labels shown (a delegation's key into its name)."""

    label: str
    kinds: frozenset[str]
    path: str
    names: Callable[[set], dict] | None = None


BREAKDOWNS: dict[str, Breakdown] = {}


def register_breakdown(name: str, breakdown: Breakdown) -> None:
    BREAKDOWNS[name] = breakdown


def by_kind_and_breakdowns(year: int | None) -> tuple[list[dict], dict[str, tuple]]:
    """The measures per kind, and per registered breakdown (name → (label, rows)),
    from one grouped scan of the year's cases: a second scan for the breakdowns cost
    a fifth of the statistics."""
    paths = {"kind": "kind"} | {name: b.path for name, b in BREAKDOWNS.items()}
    # aliased, as a model may have fields of these names
    grouped = Case.objects.filter(_year_filter(year)).values(
        **{f"group_{name}": F(path) for name, path in paths.items()}
    )
    groups = fetch_rows(grouped.annotate(**_case_measures()).order_by())
    by_kind = [{"kind": row.pop("label"), **row} for row in _summed(groups, "kind")]
    breakdowns = {}
    for name, breakdown in BREAKDOWNS.items():
        rows = _summed([g for g in groups if g["group_kind"] in breakdown.kinds], name)
        if breakdown.names:
            names = breakdown.names({r["label"] for r in rows if r["label"] is not None})
            for row in rows:
                row["label"] = names.get(row["label"])
            rows.sort(key=lambda r: _label_order(r["label"]))
        breakdowns[name] = (breakdown.label, rows)
    return by_kind, breakdowns


def _summed(groups: list[dict], name: str) -> list[dict]:
    """The groups' measures summed per value of one grouped field, in its order."""
    measures = list(_case_measures())
    sums: dict = {}
    for group in groups:
        label = group[f"group_{name}"]
        target = sums.setdefault(label, {"label": label} | dict.fromkeys(measures, 0))
        for key in measures:
            target[key] += group[key] or 0
    return [with_rates(sums[label]) for label in sorted(sums, key=_label_order)]


def _label_order(label) -> tuple:
    return (label is None, "" if label is None else str(label))
