"""Open311 GeoReport v2 at /open311/v2/: existing civic clients submit and follow public
opinions. Every resource answers in XML (required by the spec) and JSON, chosen by the
suffix; every failure answers with the spec's error list and an HTTP status, never a 500.

Our services are the opinion categories (no extra attributes, so ``metadata`` is false);
they are ``realtime``: a POST stores the opinion at once and returns its tracking code as
``service_request_id`` (R90). A client may send its own ``token`` (an extension: an
idempotency key, so a retried POST makes no second opinion); ``tokens/<token>`` resolves
it. GET responses carry only public fields, never the submitter's personal data (R91).
"""

import datetime as dt
import functools
import json
import re
import secrets
import xml.etree.ElementTree as ET
from decimal import Decimal

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from renda.core import clock
from renda.handling.models import Case, Reply
from renda.opinions import services
from renda.opinions.models import Category, Channel, PublicOpinion

# A single jurisdiction: clients may leave jurisdiction_id out; a different one is a 404.
JURISDICTION_ID = "pds.renda.local"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this implementation last changed (discovery's changeset).
CHANGESET = "2026-11-28T00:00:00+08:00"
CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
# Spec: the default (and our largest) answer is 90 days or 1,000 requests.
MAX_REQUESTS = 1000
MAX_SPAN = dt.timedelta(days=90)
DESCRIPTION_MAX = 4000  # spec, for description in and out
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9._~-]{1,64}$")  # travels in a URL path
# Control characters have no place in a form field; NUL is refused by PostgreSQL and all
# of these by XML 1.0. Tab, newline and carriage return stay.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# XML element of the items of each list, by the list's name (JSON: bare arrays).
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# How submit_opinion names a field → the Open311 argument it came from.
ARGUMENTS = {
    "text": "description",
    "category": "service_code",
    "latitude": "lat",
    "longitude": "long",
    "submitter_name": "first_name",
    "submitter_phone": "phone",
    "submitter_email": "email",
    "client_token": "token",
}


class Open311Error(Exception):
    """One or more errors, answered as the spec's error list with this HTTP status."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


# --- rendering -------------------------------------------------------------------------------
def _xml_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return XML_INVALID.sub("", str(value))


def _xml_fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_name = LIST_ITEMS[element.tag]
        for child in value:
            _xml_fill(ET.SubElement(element, item_name), child)
    elif value is not None:  # None: an empty element, as in the spec's examples
        element.text = _xml_text(value)


def render(fmt: str, root: str, payload, status: int = 200) -> HttpResponse:
    """``payload`` is the JSON document; ``root`` names its XML root element (a list's
    items are named by LIST_ITEMS, so ``services`` holds ``service`` elements)."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False)
    else:
        element = ET.Element(root)
        _xml_fill(element, payload)
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode")
    return HttpResponse(body.encode("utf-8"), status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, descriptions) -> HttpResponse:
    errors = [{"code": status, "description": str(text)} for text in descriptions]
    return render(fmt, "errors", errors, status=status)


def endpoint(*methods: str):
    """An Open311 resource: the suffix picks the format (an unknown one is answered in
    XML, the format every client understands), a foreign jurisdiction is a 404, and an
    ``Open311Error`` becomes the spec's error list. The view returns (root, payload)."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def wrap(view):
        @functools.wraps(view)
        def answer(request, *args, fmt: str, **kwargs):
            fmt = fmt.lower()
            if fmt not in CONTENT_TYPES:
                return render_errors(
                    "xml",
                    400,
                    [_("Unknown format “%(fmt)s”: use .xml or .json.") % {"fmt": fmt[:20]}],
                )
            if request.method not in allowed:
                response = render_errors(
                    fmt,
                    405,
                    [_("Method %(method)s is not allowed here.") % {"method": request.method}],
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                _check_jurisdiction(request)
                root, payload = view(request, *args, **kwargs)
            except Open311Error as error:
                return render_errors(fmt, error.status, error.descriptions)
            return render(fmt, root, payload)

        return answer

    return wrap


def _argument(request, name: str) -> str:
    """A query (GET) or form (POST) argument; the spec treats an empty one as absent."""
    source = request.POST if request.method == "POST" else request.GET
    value = source.get(name, "").strip()
    if CONTROL.search(value):
        raise Open311Error(400, _("%(name)s contains control characters.") % {"name": name})
    return value


def _check_jurisdiction(request) -> None:
    given = _argument(request, "jurisdiction_id")
    if given and given.lower() != JURISDICTION_ID:
        raise Open311Error(
            404,
            _("Unknown jurisdiction_id; this server serves %(id)s.") % {"id": JURISDICTION_ID},
        )


def _datetime(value: dt.datetime | None) -> str | None:
    """W3C ISO 8601 with the offset, in renda's time zone (Asia/Shanghai)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


# --- discovery and services --------------------------------------------------------------
@endpoint("GET")
def discovery(request):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "xml"}))
    document = {
        "changeset": CHANGESET,
        "contact": _(
            "Office of the Standing Committee of the Municipal People's Congress, "
            "public opinions desk"
        ),
        "key_service": _(
            "No registration: send any non-empty api_key of your choosing; it names your "
            "client. Submissions are limited per address."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rsplit("/", 1)[0],
                "changeset": CHANGESET,
                "type": "test" if settings.DEBUG else "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return "discovery", document


def _service(category: Category) -> dict:
    return {
        "service_code": category.value,
        "service_name": str(category.label),
        "description": str(category.label),
        "metadata": False,
        "type": "realtime",
        "keywords": None,
        "group": None,
    }


def _category(code: str) -> Category:
    if code not in Category.values:
        raise Open311Error(404, _("Unknown service_code “%(code)s”.") % {"code": code[:40]})
    return Category(code)


@endpoint("GET")
def service_list(request):
    return "services", [_service(category) for category in Category]


@endpoint("GET")
def service_definition(request, code: str):
    category = _category(code)
    # No extra attributes: the definition is minimal (metadata=false in the list).
    return "service_definition", {"service_code": category.value, "attributes": []}


# --- requests ------------------------------------------------------------------------------
@csrf_exempt  # machine clients without a session; they act as nobody (actor=None)
@endpoint("GET", "POST")
def request_list(request):
    if request.method == "POST":
        return "service_requests", [_submit(request)]
    return "service_requests", _search(request)


def _submit(request) -> dict:
    if not _argument(request, "api_key"):
        raise Open311Error(403, _("api_key is required (any non-empty key of your choosing)."))
    code = _argument(request, "service_code")
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = _category(code)
    values = {name: _argument(request, name) for name in _POST_ARGUMENTS}
    errors = _check_post(values)
    if errors:
        raise Open311Error(400, *errors)
    text = values["description"]
    if values["media_url"]:
        # No media store to copy it to: the link goes with the text for the handlers.
        text = f"{text}\n\n{values['media_url']}"
    token = values["token"] or secrets.token_hex(16)
    try:
        opinion, _created = services.submit_opinion(
            text=text,
            category=category.value,
            channel=Channel.OPEN311,
            location=values["address_string"] or values["address_id"],
            latitude=values["lat"] or None,
            longitude=values["long"] or None,
            submitter_name=_person_name(values["first_name"], values["last_name"]),
            submitter_phone=values["phone"],
            submitter_email=values["email"],
            client_token=token,
            client_key=get_client_ip_address(request) or "",
            actor=None,
        )
    except ValidationError as error:
        raise Open311Error(400, *_messages(error)) from None
    except services.RateLimited as error:
        raise Open311Error(429, str(error)) from None
    # realtime: the id at once, and (spec) never a token besides it.
    return {
        "service_request_id": opinion.tracking_code,
        "service_notice": _(
            "Received. Keep %(code)s to follow the handling and to evaluate the reply."
        )
        % {"code": opinion.tracking_code},
    }


_POST_ARGUMENTS = (
    "lat",
    "long",
    "address_string",
    "address_id",
    "description",
    "email",
    "first_name",
    "last_name",
    "phone",
    "media_url",
    "token",
)


def _check_post(values: dict) -> list[str]:
    errors = []
    has_lat, has_long = bool(values["lat"]), bool(values["long"])
    if has_lat != has_long:
        errors.append(_("Give lat and long together."))
    if not (has_lat and has_long) and not (values["address_string"] or values["address_id"]):
        errors.append(_("A location is required: lat and long, address_string or address_id."))
    if len(values["description"]) > DESCRIPTION_MAX:
        errors.append(_("description may have at most %(n)d characters.") % {"n": DESCRIPTION_MAX})
    if len(values["address_string"] or values["address_id"]) > 200:
        errors.append(_("address_string may have at most 200 characters."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("email is not a valid e-mail address."))
    if values["media_url"]:
        try:
            if len(values["media_url"]) > 500:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(values["media_url"])
        except ValidationError:
            errors.append(_("media_url is not a valid http(s) URL."))
    if values["token"] and not TOKEN_PATTERN.match(values["token"]):
        errors.append(_("token must be 1 to 64 letters, digits or the characters . _ ~ -"))
    return errors


def _person_name(first: str, last: str) -> str:
    # Chinese names are written family name first, without a space.
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{ARGUMENTS.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _search(request) -> list[dict]:
    opinions = PublicOpinion.objects.select_related(
        "case", "merged_into", "merged_into__case"
    ).order_by("-submitted_at", "-pk")
    ids = _argument(request, "service_request_id")
    if ids:  # spec: overrides every other argument
        codes = [services.normalise_code(code) for code in ids.split(",") if code.strip()]
        if len(codes) > MAX_REQUESTS:
            raise Open311Error(
                400,
                _("Ask for at most %(n)d service_request_id at once.") % {"n": MAX_REQUESTS},
            )
        codes = [code for code in codes if services.CODE_PATTERN.match(code)]
        return _request_items(list(opinions.filter(tracking_code__in=codes)))
    start, end = _date_range(
        _parse_when(_argument(request, "start_date"), "start_date"),
        _parse_when(_argument(request, "end_date"), "end_date"),
    )
    opinions = opinions.filter(submitted_at__gte=start, submitted_at__lte=end)
    codes = _argument(request, "service_code")
    if codes:
        wanted = [_category(code.strip()).value for code in codes.split(",") if code.strip()]
        opinions = opinions.filter(category__in=wanted)
    statuses = _argument(request, "status")
    if statuses:
        opinions = _with_status(opinions, statuses)
    return _request_items(list(opinions[:MAX_REQUESTS]))


def _parse_when(value: str, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = parse_datetime(value)
        if when is None:
            day = parse_date(value)
            when = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:  # well formed but impossible, such as month 13
        when = None
    if when is not None and not (1900 <= when.year <= 9000):
        when = None  # beyond any opinion, and the 90-day arithmetic would overflow
    if when is None:
        raise Open311Error(
            400,
            _("%(name)s is not a date and time such as 2023-03-01T00:00:00+08:00.")
            % {"name": name},
        )
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def _date_range(start, end) -> tuple[dt.datetime, dt.datetime]:
    """Spec: no dates means the last 90 days, and a range may not exceed 90 days."""
    if start is None and end is None:
        end = clock.now()
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("start_date and end_date may span at most 90 days."))
    return start, end


def _with_status(opinions, statuses: str):
    wanted = {part.strip().lower() for part in statuses.split(",") if part.strip()}
    unknown = wanted - {"open", "closed"}
    if unknown:
        raise Open311Error(
            400,
            _("Unknown status “%(status)s”: use open or closed.")
            % {"status": ", ".join(sorted(unknown))[:40]},
        )
    if wanted == {"open", "closed"}:
        return opinions
    # As public_status: a merged opinion shows the one it was merged into.
    done = Case.State.COMPLETED
    closed = Q(merged_into__isnull=True, case__state=done) | Q(merged_into__case__state=done)
    return opinions.filter(closed) if wanted == {"closed"} else opinions.exclude(closed)


@endpoint("GET")
def request_detail(request, code: str):
    opinion = services.opinion_for_code(code) if not CONTROL.search(code) else None
    if opinion is None:
        raise Open311Error(404, _("No service request has this id."))
    opinion = PublicOpinion.objects.select_related("case", "merged_into", "merged_into__case").get(
        pk=opinion.pk
    )
    return "service_requests", _request_items([opinion])


@endpoint("GET")
def token(request, token: str):
    opinion = None
    if TOKEN_PATTERN.match(token):
        opinion = PublicOpinion.objects.filter(client_token=token).only("tracking_code").first()
    if opinion is None:
        raise Open311Error(404, _("No service request has this token."))
    return "service_requests", [{"service_request_id": opinion.tracking_code, "token": token}]


@csrf_exempt
def unknown(request, rest: str = ""):
    """Any other path under /open311/v2/: the spec's 404, in JSON when asked for."""
    fmt = "json" if rest.lower().endswith(".json") else "xml"
    return render_errors(
        fmt,
        404,
        [
            _("No such resource; see %(url)s.")
            % {"url": reverse("open311:discovery", kwargs={"fmt": fmt})}
        ],
    )


# --- what a request shows ----------------------------------------------------------------
def statuses(opinions: list[PublicOpinion]) -> dict[int, dict]:
    """``services.public_status`` for many opinions in two queries (a list of 1,000 would
    otherwise cost 2,000). The opinions come with case, merged_into and its case."""
    handled = {op.pk: op.merged_into if op.merged_into_id else op for op in opinions}
    case_ids = {item.case_id for item in handled.values()}
    leads = dict(
        Case.objects.filter(pk__in=case_ids, lead_unit__isnull=False).values_list(
            "pk", "lead_unit__name"
        )
    )
    replies: dict[int, str] = {}
    reply_rows = (
        Reply.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "-round")
        .values_list("case_id", "text")
    )
    for case_id, text in reply_rows:
        replies.setdefault(case_id, text)
    result = {}
    for opinion in opinions:
        case = handled[opinion.pk].case
        result[opinion.pk] = {
            "state": "closed" if case.state == Case.State.COMPLETED else "open",
            "status_label": case.get_state_display(),
            "unit_name": leads.get(case.pk, ""),
            "reply_text": replies.get(case.pk, ""),
            "reply_due": case.reply_due,
            "updated_at": max(opinion.updated_at, case.updated_at),
            "completed_at": case.completed_at,
        }
    return result


def _request_items(opinions: list[PublicOpinion]) -> list[dict]:
    found = statuses(opinions)
    return [_request_item(opinion, found[opinion.pk]) for opinion in opinions]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _request_item(opinion: PublicOpinion, status: dict) -> dict:
    """Public fields only (R91): nothing of the submitter."""
    closed = status["state"] == "closed"
    return {
        "service_request_id": opinion.tracking_code,
        "status": status["state"],
        "status_notes": (status["reply_text"] if closed else "") or str(status["status_label"]),
        "service_name": str(Category(opinion.category).label)
        if opinion.category in Category.values
        else opinion.category,
        "service_code": opinion.category,
        "description": opinion.text[:DESCRIPTION_MAX],
        "agency_responsible": status["unit_name"] or None,
        "service_notice": None,
        "requested_datetime": _datetime(opinion.submitted_at),
        # spec: for a closed request, when it was closed
        "updated_datetime": _datetime(
            (status["completed_at"] if closed else None) or status["updated_at"]
        ),
        "expected_datetime": _datetime(_end_of_day(status["reply_due"])),
        "address": opinion.location or None,
        "address_id": None,
        "zipcode": None,
        "lat": _number(opinion.latitude),
        "long": _number(opinion.longitude),
        "media_url": None,
    }
