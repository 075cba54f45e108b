"""Public, mobile-first pages of the network: the nearest station, each place with its
deputies and next reception days, and deputies' basic information and performance
(R80). No login; only public data — never a phone number or a home address."""

import math

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from renda.core import clock
from renda.core.models import Deputy, Organisation, Term
from renda.deputies import records
from renda.deputies.models import DutyActivity, Place, ReceptionDay
from renda.suggestions.models import Suggestion

EARTH_RADIUS_KM = 6371.0088
NEAREST = 10
MAX_QUERY = 50
PUBLIC_PLACE_FIELDS = (
    "id",
    "code",
    "name",
    "kind",
    "district__name",
    "township__name",
    "industrial_chain",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def parse_position(params) -> tuple[tuple[float, float] | None, list[str]]:
    """The visitor's position from ``lat`` and ``lng``: both or neither, finite, in range."""
    raw_lat, raw_lng = params.get("lat", "").strip(), params.get("lng", "").strip()
    if not raw_lat and not raw_lng:
        return None, []
    try:
        lat, lng = float(raw_lat[:MAX_QUERY]), float(raw_lng[:MAX_QUERY])
    except ValueError:
        return None, [_("The position is not valid: give latitude and longitude as numbers.")]
    if not (math.isfinite(lat) and math.isfinite(lng)) or not (
        -90 <= lat <= 90 and -180 <= lng <= 180
    ):
        return None, [
            _(
                "The position is not valid: latitude lies between -90 and 90, longitude "
                "between -180 and 180."
            )
        ]
    return (lat, lng), []


def _choice(params, name: str, allowed: dict) -> object | None:
    value = params.get(name, "")
    return allowed.get(value)


@require_safe
def finder(request):
    """Find the nearest place: by the browser's position when given, else by district."""
    params = request.GET
    position, errors = parse_position(params)
    districts = list(Organisation.objects.filter(kind=Organisation.Kind.DISTRICT).order_by("code"))
    district = _choice(params, "district", {str(d.pk): d for d in districts})
    kinds = [c for c in Place.Kind.choices if c[0] != Place.Kind.ONLINE_HOME]
    kind = _choice(params, "kind", {value: value for value, _label in kinds})
    places = Place.objects.filter(is_active=True).exclude(kind=Place.Kind.ONLINE_HOME)
    if district is not None:
        places = places.filter(district=district)
    if kind is not None:
        places = places.filter(kind=kind)
    rows, page = [], None
    if position is not None:
        located = places.filter(latitude__isnull=False, longitude__isnull=False).values(
            *PUBLIC_PLACE_FIELDS
        )
        for row in located:
            row["distance"] = distance_km(
                position[0], position[1], float(row["latitude"]), float(row["longitude"])
            )
            rows.append(row)
        rows = sorted(rows, key=lambda r: r["distance"])[:NEAREST]
    else:
        ordered = places.order_by("district__code", "kind", "code").values(*PUBLIC_PLACE_FIELDS)
        page = Paginator(ordered, 20).get_page(params.get("page"))
        rows = list(page.object_list)
    labels = dict(Place.Kind.choices)
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], "")
    context = {
        "rows": rows,
        "page": page,
        "position": position,
        "errors": errors,
        "districts": districts,
        "district": district,
        "kinds": kinds,
        "kind": kind,
        "online_home": Place.objects.filter(kind=Place.Kind.ONLINE_HOME, is_active=True)
        .only("id", "name")
        .first(),
        "querystring": _querystring(params),
    }
    status = 400 if errors else 200
    return render(request, "deputies/portal/finder.html", context, status=status)


def _querystring(params) -> str:
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _public_deputies():
    return Deputy.objects.select_related("person", "delegation").only(
        "id",
        "code",
        "term_id",
        "status",
        "occupation",
        "constituency",
        "sector",
        "person__name",
        "person__gender",
        "person__ethnicity",
        "person__party",
        "delegation__name",
    )


@require_safe
def place_page(request, pk):
    place = get_object_or_404(
        Place.objects.filter(is_active=True).select_related("district", "township"), pk=pk
    )
    on_duty = Prefetch(
        "deputies", queryset=Deputy.objects.select_related("person").only("id", "person__name")
    )
    upcoming = (
        place.reception_days.filter(state=ReceptionDay.State.SCHEDULED, date__gte=clock.today())
        .prefetch_related(on_duty)
        .order_by("date", "starts_at")[:10]
    )
    deputies = (
        _public_deputies()
        .filter(places=place, status=Deputy.Status.ACTIVE)
        .order_by("delegation__code", "code")
    )
    return render(
        request,
        "deputies/portal/place.html",
        {"place": place, "deputies": deputies, "upcoming": upcoming},
    )


def _current_term(params):
    terms = list(Term.objects.order_by("-number"))
    chosen = params.get("term", "")
    return terms, next((t for t in terms if str(t.number) == chosen), terms[0] if terms else None)


@require_safe
def deputy_list(request):
    """Deputies' basic information and performance (R80), for everyone."""
    params = request.GET
    terms, term = _current_term(params)
    delegations = list(
        Organisation.objects.filter(kind=Organisation.Kind.DELEGATION).order_by("code")
    )
    delegation = _choice(params, "delegation", {str(d.pk): d for d in delegations})
    deputies = _public_deputies().filter(term=term, status=Deputy.Status.ACTIVE)
    if delegation is not None:
        deputies = deputies.filter(delegation=delegation)
    query = params.get("q", "").strip()[:MAX_QUERY]
    if query:
        deputies = deputies.filter(
            Q(person__name__icontains=query) | Q(occupation__icontains=query)
        )
    deputies = records.with_performance(deputies.order_by("delegation__code", "code"))
    page = Paginator(deputies, 30).get_page(params.get("page"))
    context = {
        "page": page,
        "terms": terms,
        "term": term,
        "delegations": delegations,
        "delegation": delegation,
        "query": query,
        "querystring": _querystring(params),
    }
    return render(request, "deputies/portal/deputy_list.html", context)


@require_safe
def deputy_page(request, pk):
    deputy = get_object_or_404(
        records.with_performance(_public_deputies().filter(status=Deputy.Status.ACTIVE)), pk=pk
    )
    by_kind = dict(
        DutyActivity.objects.filter(deputies=deputy)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    suggestions = (
        Suggestion.objects.filter(
            lead_deputy=deputy, state=Suggestion.State.REGISTERED, may_publish=True
        )
        .select_related("session__term")
        .order_by("-session__start_date", "number")
    )
    context = {
        "deputy": deputy,
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in DutyActivity.Kind.choices],
        "suggestions": suggestions,
        "places": deputy.places.filter(is_active=True).order_by("kind", "code"),
    }
    return render(request, "deputies/portal/deputy.html", context)
