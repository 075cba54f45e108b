"""The data of the leaders' dashboard: one aggregate query per chart, whatever the volume.

Every chart is a list of points, each with the number shown and the link to the list
page that holds the rows behind it (the list's own filters), so that a click on a bar
or a slice drills down to the records. Nothing is stored: the numbers are computed from
the records on every request, like the figures of the annual report.
"""

import datetime as dt
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.models import Organisation
from renda.handling import stats
from renda.handling.models import Evaluation, Kind

# the measures of renda.handling.stats the charts show (each one costs a CASE per row)
UNIT_MEASURES = ("total", "completed", "open", "overdue")
KIND_MEASURES = (*UNIT_MEASURES, *(f"eval_{e}" for e in stats.E))
CACHE_SECONDS = 120
TOP_UNITS = 15  # units shown in the handling chart, by number of items
TOP_OVERDUE_UNITS = 10
HOT_WEEKS = 8  # the window of the hot topics and of the opinions by district
HOT_WORDS = 8  # words drawn in the hot topics chart
BOILERPLATE_SHARE = 0.5  # a word in more of the window's opinions is left out
BOILERPLATE_MIN_OPINIONS = 20


def place_name(name: str | None, short_name: str | None = "") -> str:
    """A district as a chart labels it: its short name, or its name without the
    "people's government" that the directory of units adds."""
    if not name:
        return _("No district")
    return short_name or name.removesuffix("人民政府") or name


def link(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def year_bounds(year: int) -> tuple[str, str]:
    return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()


# --- handling -------------------------------------------------------------------------------
def handling(year: int) -> dict:
    """Progress by lead unit, overdue items by kind and unit, and the evaluations: two
    queries of the handling statistics (renda.handling.stats), nothing of our own."""
    units = stats.by_unit(year, only=UNIT_MEASURES)
    kinds = stats.by_kind(year, only=KIND_MEASURES)
    totals = {k: sum(r[k] for r in kinds) for k in KIND_MEASURES}
    totals["satisfaction_rate"] = stats.satisfaction_rate(totals)
    case_list = "handling:case-list"
    overdue_list = "handling:overdue-list"

    top = sorted(units, key=lambda r: (-r["total"], r["unit_ref"]))[:TOP_UNITS]
    overdue_units = sorted(
        (r for r in units if r["overdue"]), key=lambda r: (-r["overdue"], r["unit_ref"])
    )[:TOP_OVERDUE_UNITS]
    # names and codes of the units shown only: a second small query instead of joining
    # the directory into the scan of the year's assignments
    shown = Organisation.objects.filter(pk__in={r["unit_ref"] for r in top + overdue_units})
    named = {o["pk"]: o for o in shown.values("pk", "name", "code")}
    for row in top + overdue_units:
        row["unit_name"] = named[row["unit_ref"]]["name"]
        row["unit_code"] = named[row["unit_ref"]]["code"]
    progress = []
    for row in top:
        code = row["unit_code"]
        in_handling = max(0, row["open"] - row["overdue"])
        progress.append(
            {
                "name": row["unit_name"],
                "total": row["total"],
                "completed": row["completed"],
                "in_handling": in_handling,
                "overdue": row["overdue"],
                "links": {
                    "completed": link(case_list, unit=code, year=year, state="completed"),
                    "in_handling": link(
                        case_list, unit=code, year=year, open="true", overdue="false"
                    ),
                    "overdue": link(overdue_list, unit=code, year=year),
                },
            }
        )

    overdue = {
        "total": totals["overdue"],
        "by_kind": [
            {
                "name": str(Kind(r["kind"]).label),
                "value": r["overdue"],
                "link": link(overdue_list, kind=r["kind"], year=year),
            }
            for r in kinds
            if r["overdue"]
        ],
        "by_unit": [
            {
                "name": r["unit_name"],
                "value": r["overdue"],
                "link": link(overdue_list, unit=r["unit_code"], year=year),
            }
            for r in overdue_units
        ],
    }

    satisfaction = {
        "rate": totals["satisfaction_rate"],
        "slices": [
            {
                "key": result.value,
                "name": str(result.label),
                "value": totals[f"eval_{result.value}"],
                "link": link(case_list, evaluation=result.value, year=year),
            }
            for result in Evaluation.Result
        ],
        "by_kind": [
            {
                "name": str(Kind(r["kind"]).label),
                "rate": stats.satisfaction_rate(r),
                **{e: r[f"eval_{e}"] for e in stats.E},
            }
            for r in kinds
            if any(r[f"eval_{e}"] for e in stats.E)
        ],
    }
    return {
        "totals": {k: totals[k] for k in ("total", "completed", "open", "overdue")},
        "progress": progress,
        "unit_count": len(units),
        "overdue": overdue,
        "satisfaction": satisfaction,
    }


# --- public opinions ------------------------------------------------------------------------
def hot_window(year: int) -> dt.date:
    """The last day of the hot-topics window: today in the current year, the year's end
    for a past one, its first day for a future one (an empty window)."""
    today = clock.today()
    return min(today, dt.date(year, 12, 31)) if year <= today.year else dt.date(year, 1, 1)


def opinions(year: int, district: Organisation | None) -> dict:
    from renda.opinions import hot_topics
    from renda.opinions.models import PublicOpinion

    until = hot_window(year)
    first = hot_topics._week_start(until) - dt.timedelta(weeks=HOT_WEEKS - 1)
    weeks = [first + dt.timedelta(weeks=i) for i in range(HOT_WEEKS)]
    tz = timezone.get_current_timezone()

    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=tz)

    # One query: a count by district for each week, the weeks' counts joined by UNION
    # ALL. Each part reads the covering (district, submitted_at) index over its week
    # alone: four to six times cheaper than one scan with a conditional count per week
    # (measured in bench/dashboard.py). The window never leaves the year, so the list's
    # year filter covers it.
    low = max(start(first), start(dt.date(year, 1, 1)))
    high = min(start(until + dt.timedelta(days=1)), start(dt.date(year + 1, 1, 1)))
    bounds = [max(low, start(w)) for w in weeks] + [high]
    parts = [
        PublicOpinion.objects.filter(submitted_at__gte=bounds[i], submitted_at__lt=bounds[i + 1])
        .values("district_id")
        .annotate(week=Value(i, output_field=IntegerField()), n=Count("pk"))
        .order_by()
        for i in range(HOT_WEEKS)
    ]
    counted: dict = {}
    for r in parts[0].union(*parts[1:], all=True):  # districts × weeks, not records
        counted.setdefault(r["district_id"], [0] * HOT_WEEKS)[r["week"]] = r["n"]
    named = Organisation.objects.filter(pk__in=[pk for pk in counted if pk is not None])
    names = {o.pk: o for o in named.only("pk", "code", "name", "short_name").order_by("code")}
    by_district = [
        {
            "id": pk,
            "name": place_name(names[pk].name, names[pk].short_name) if pk else place_name(None),
            "counts": counted[pk],
            "link": link("opinions:list", district=pk, year=year),
        }
        for pk in [*names, *([None] if None in counted else [])]
    ]

    # the hot topics as renda.opinions computes them (cached there), for the city or
    # the district chosen
    topics = (
        hot_topics.hot_topics(
            weeks=HOT_WEEKS, district_id=district.pk if district else None, until=until
        )
        if until.year == year
        else {"weeks": [], "rising": []}
    )
    counts: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for week in topics["weeks"]:  # HOT_WEEKS × 15 counted words, not records
        for word, count in week["top"]:
            counts.setdefault(word, {})[str(week["week"])] = count
            totals[word] = totals.get(word, 0) + count
    # A word in most of the window's opinions ("一带", "周边" of a form letter, the
    # district's own name) says nothing about a topic; with few opinions every word is
    # in most of them, so the rule waits for enough opinions.
    in_window = sum(
        sum(d["counts"]) for d in by_district if district is None or d["id"] == district.pk
    )
    if in_window >= BOILERPLATE_MIN_OPINIONS:
        totals = {w: n for w, n in totals.items() if n <= in_window * BOILERPLATE_SHARE}
    words = sorted(totals, key=lambda w: (-totals[w], w))[:HOT_WORDS]
    week_labels = [str(w["week"]) for w in topics["weeks"]] or [str(w) for w in weeks]
    return {
        "weeks": [str(w) for w in weeks],
        "by_district": by_district,
        "total": sum(sum(d["counts"]) for d in by_district),
        "district": district.name if district else "",
        "hot": {
            "weeks": week_labels,
            "words": [
                {
                    "word": word,
                    "counts": [counts[word].get(w, 0) for w in week_labels],
                    "total": totals[word],
                    "link": link(
                        "opinions:list",
                        q=word,
                        year=year,
                        district=district.pk if district else None,
                    ),
                }
                for word in words
            ],
            "rising": [{"word": w, "count": c, "before": b} for w, c, b in topics["rising"][:5]],
        },
    }


def districts():
    return Organisation.objects.filter(kind=Organisation.Kind.DISTRICT).order_by("code")


# --- deputies' network ----------------------------------------------------------------------
def stations(year: int) -> dict:
    from renda.deputies.models import DutyActivity, Place, ReceptionDay

    date_from, date_to = year_bounds(year)
    held = (
        ReceptionDay.objects.filter(
            state=ReceptionDay.State.HELD, date__gte=date_from, date__lte=date_to
        )
        .values(
            "place__kind",
            "place__district_id",
            district_name=F("place__district__name"),
            district_short=F("place__district__short_name"),
        )
        .annotate(n=Count("pk"))
        .order_by("place__district__code", "place__kind")
    )
    names: dict = {}
    cells: dict = {}
    for r in held:  # aggregated rows: (district, kind of place) pairs
        names.setdefault(
            r["place__district_id"], place_name(r["district_name"], r["district_short"])
        )
        cells[(r["place__district_id"], r["place__kind"])] = r["n"]
    district_ids = list(names)
    kinds = [k for k in Place.Kind if any(key[1] == k for key in cells)]
    reception = {
        "districts": [names[d] for d in district_ids],
        "series": [
            {
                "name": str(kind.label),
                "data": [
                    {
                        "value": cells.get((d, kind.value), 0),
                        "link": link(
                            "deputies:reception-day-list",
                            state="held",
                            kind=kind.value,
                            district=d,
                            date_from=date_from,
                            date_to=date_to,
                        ),
                    }
                    for d in district_ids
                ],
            }
            for kind in kinds
        ],
        "total": sum(cells.values()),
    }
    activity_rows = (
        DutyActivity.objects.filter(date__gte=date_from, date__lte=date_to)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    found = {r["kind"]: r["n"] for r in activity_rows}
    activities = [
        {
            "name": str(kind.label),
            "value": found[kind.value],
            "link": link(
                "deputies:activity-list", kind=kind.value, date_from=date_from, date_to=date_to
            ),
        }
        for kind in DutyActivity.Kind
        if kind.value in found
    ]
    return {"reception": reception, "activities": activities}


# --- legislation and supervision ------------------------------------------------------------
def legislation(year: int) -> list[dict]:
    from renda.legislation.models import LegislativeProject, ProjectStage

    rows = (
        LegislativeProject.objects.filter(year=year)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by("stage")
    )
    found = {r["stage"]: r["n"] for r in rows}
    return [
        {
            "name": str(stage.label),
            "value": found.get(stage.value, 0),
            "link": link("legislation:project-list", year=year, stage=stage.value),
        }
        for stage in ProjectStage
    ]


def supervision(year: int) -> list[dict]:
    """Work reports, special inquiries and law-enforcement inspections deliberated in the
    year (still planned ones: in the current year only, as they have no date yet),
    research of the year and livelihood projects of the year, each by its state."""
    from renda.supervision.models import (
        ChainState,
        LawEnforcementInspection,
        LivelihoodProject,
        Research,
        SpecialInquiry,
        WorkReport,
    )

    current = year == clock.today().year
    groups = []
    chain = [
        (WorkReport, _("Work reports"), "supervision:work-report-list"),
        (SpecialInquiry, _("Special inquiries"), "supervision:inquiry-list"),
        (LawEnforcementInspection, _("Law-enforcement inspections"), "supervision:inspection-list"),
    ]
    for model, label, url in chain:
        condition = Q(deliberated_on__year=year)
        if current:
            condition |= Q(state=ChainState.PLANNED, deliberated_on__isnull=True)
        rows = model.objects.filter(condition).values("state").annotate(n=Count("pk"))
        found = {r["state"]: r["n"] for r in rows.order_by("state")}
        children = [
            {
                "name": str(state.label),
                "value": found[state.value],
                "link": link(
                    url,
                    state=state.value,
                    year=None if state == ChainState.PLANNED else year,
                ),
            }
            for state in ChainState
            if found.get(state.value)
        ]
        groups.append((label, link(url, year=year), children))
    for model, label, url in (
        (Research, _("Research and inspection visits"), "supervision:research-list"),
        (LivelihoodProject, _("Livelihood projects"), "supervision:project-list"),
    ):
        rows = model.objects.filter(year=year).values("state").annotate(n=Count("pk"))
        found = {r["state"]: r["n"] for r in rows.order_by("state")}
        children = [
            {
                "name": str(state.label),
                "value": found[state.value],
                "link": link(url, year=year, state=state.value),
            }
            for state in model.State
            if found.get(state.value)
        ]
        groups.append((label, link(url, year=year), children))
    return [
        {
            "name": str(label),
            "link": url,
            "value": sum(c["value"] for c in children),
            "children": children,
        }
        for label, url, children in groups
    ]


def cache_key(year: int, district: Organisation | None) -> str:
    # today is part of the key: "overdue" and the hot-topics window move with the date
    return f"reports:dashboard:{year}:{district.pk if district else ''}:{clock.today()}"


def dashboard(year: int, district: Organisation | None = None) -> dict:
    """The charts of the year, computed at most once every CACHE_SECONDS per year and
    district: at the benchmark volumes a year's handling counts scan 20,000 suggestions'
    and 300,000 opinions' cases (see bench/dashboard.py), and every leader opening the
    page would otherwise scan them again. The page says when the numbers were computed."""
    key = cache_key(year, district)
    cached = cache.get(key)
    if cached is not None:
        return cached
    data = {
        "year": year,
        "computed_at": timezone.localtime(clock.now()).strftime("%Y-%m-%d %H:%M"),
        "handling": handling(year),
        "opinions": opinions(year, district),
        "stations": stations(year),
        "legislation": legislation(year),
        "supervision": supervision(year),
    }
    cache.set(key, data, CACHE_SECONDS)
    return data
