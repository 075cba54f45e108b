"""Open311 GeoReport v2 (/open311/v2/): every endpoint in JSON and XML, checked with the
official schemas and validator of /work/shared/standards/open311-georeport-v2/; the
round trip from POST to GET; tokens; errors in the spec's format for bad input; and no
personal data in any GET answer (R91)."""

import datetime as dt
import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from argparse import Namespace
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from renda.core.models import AuditEntry
from renda.core.tests.access_roles import ROLES
from renda.opinions import open311, services
from renda.opinions.models import Category, Channel, PublicOpinion
from renda.opinions.tests import access_policy_open311 as policy

STANDARDS = Path(
    os.environ.get("OPEN311_STANDARDS_DIR", "/work/shared/standards/open311-georeport-v2")
)
TEXT = "建设路与中兴路交叉口的路灯已经一周不亮了，夜间行人很不安全。"
PERSONAL = {
    "first_name": "小明",
    "last_name": "王",
    "email": "wang.xiaoming@example.org",
    "phone": "13812345678",
}


# --- fixtures and helpers ---------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _intake_without_routing_and_index(settings):
    """Nothing Open311 answers depends on the router's suggestion or the search index
    (agency_responsible is the unit the office assigned), so the intake's background
    work is only recorded here (dummy task backend): these tests stay about Open311."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="session")
def validator():
    """The official schemas' validator module, run from where the standard is kept."""
    script = STANDARDS / "validate.py"
    if not script.exists():
        pytest.skip(f"Open311 schemas and validator not found at {STANDARDS}")
    spec = importlib.util.spec_from_file_location("open311_validate", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def schemas(validator):
    return validator.SchemaSet(STANDARDS)


def url(name, fmt="json", **kwargs):
    return reverse(f"open311:{name}", kwargs={**kwargs, "fmt": fmt})


def _plain(value):
    """A JSON value as its XML text: what the two formats must agree on."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value in (None, "") else str(value)


def _from_xml(element):
    children = list(element)
    if element.tag in open311.LIST_ITEMS:
        return [_from_xml(child) for child in children]
    if children:
        return {child.tag: _from_xml(child) for child in children}
    return element.text or None


def check_json(schemas, kind, response, status=200):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert schemas.errors(kind, document) == []
    return document


def check_xml(response, root, status=200):
    """Well-formed UTF-8 XML with its declaration; returns the document as plain data."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    element = ET.fromstring(response.content)  # noqa: S314  (our own answer)
    assert element.tag == root
    return _from_xml(element)


def check_both(client, schemas, kind, root, name, status=200, **kwargs):
    """The JSON answer is valid, and the XML one says the same."""
    document = check_json(schemas, kind, client.get(url(name, "json", **kwargs)), status)
    as_xml = check_xml(client.get(url(name, "xml", **kwargs)), root, status)
    assert as_xml == _plain(document)
    return document


def post(client, fmt="json", **fields):
    form = {
        "api_key": "test-client",
        "service_code": "urban",
        "lat": "33.737",
        "long": "113.192",
        "address_string": "建设路与中兴路交叉口",
        "description": TEXT,
        **fields,
    }
    return client.post(url("requests", fmt), {k: v for k, v in form.items() if v is not None})


def submitted(client, schemas, **fields) -> str:
    document = check_json(schemas, "post-response", post(client, **fields))
    assert len(document) == 1 and "token" not in document[0]
    return document[0]["service_request_id"]


def close(code, world):
    """Assign to the world's unit, reply, and let the citizen accept: completed."""
    from renda.handling import services as handling

    opinion = PublicOpinion.objects.get(tracking_code=code)
    services.assign_opinion(opinion, lead_unit=world.unit, actor=world.users["office_staff"])
    handling.reply_case(
        opinion.case,
        unit=world.unit,
        text="路灯已修复，感谢监督。",
        reply_class="A",
        contact_person="李工",
        channel="written",
        actor=world.users["unit_handler"],
    )
    services.evaluate_by_code(code, result="satisfied")


# --- discovery and services ---------------------------------------------------------------------
@pytest.mark.django_db
def test_discovery(client, schemas):
    document = check_both(client, schemas, "discovery", "discovery", "discovery")
    (endpoint,) = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}


@pytest.mark.django_db
def test_services_are_the_categories(client, schemas):
    document = check_both(client, schemas, "services", "services", "services")
    assert [s["service_code"] for s in document] == Category.values
    assert all(s["metadata"] is False and s["type"] == "realtime" for s in document)


@pytest.mark.django_db
@pytest.mark.parametrize("code", Category.values)
def test_service_definition(client, schemas, code):
    document = check_both(
        client, schemas, "service-definition", "service_definition", "service", code=code
    )
    assert document == {"service_code": code, "attributes": []}


@pytest.mark.django_db
def test_unknown_service_definition_is_404(client, schemas):
    check_both(client, schemas, "errors", "errors", "service", status=404, code="nope")


@pytest.mark.django_db
def test_jurisdiction(client, schemas):
    ours = client.get(url("services"), {"jurisdiction_id": open311.JURISDICTION_ID})
    check_json(schemas, "services", ours)
    other = client.get(url("services"), {"jurisdiction_id": "elsewhere.example.org"})
    check_json(schemas, "errors", other, 404)


# --- submitting and following -------------------------------------------------------------------
@pytest.mark.django_db
def test_R90_post_then_get_round_trip(client, schemas, world, today):
    code = submitted(client, schemas, **PERSONAL)
    assert services.CODE_PATTERN.match(code)
    opinion = PublicOpinion.objects.get(tracking_code=code)
    assert opinion.channel == Channel.OPEN311
    assert (opinion.submitter_name, opinion.submitter_phone) == ("王小明", "13812345678")
    assert opinion.submitter_email == "wang.xiaoming@example.org"
    assert opinion.client_token  # none sent: one was made

    (item,) = check_both(client, schemas, "requests", "service_requests", "request", code=code)
    assert item["service_request_id"] == code
    assert item["status"] == "open"
    assert item["service_code"] == "urban"
    assert item["description"] == TEXT
    assert item["address"] == "建设路与中兴路交叉口"
    assert (item["lat"], item["long"]) == (33.737, 113.192)
    assert item["requested_datetime"] == "2023-03-01T12:00:00+08:00"
    assert item["agency_responsible"] is None

    listed = check_both(client, schemas, "requests", "service_requests", "requests")
    assert [i["service_request_id"] for i in listed] == [code]
    # a tracking code is read as the citizen may type it
    lower = client.get(url("request", code=code.lower()))
    assert check_json(schemas, "requests", lower)[0]["service_request_id"] == code


@pytest.mark.django_db
def test_post_in_xml(client, schemas):
    document = check_xml(post(client, "xml"), "service_requests")
    (item,) = document
    assert PublicOpinion.objects.filter(tracking_code=item["service_request_id"]).exists()


@pytest.mark.django_db
def test_R91_no_personal_data_in_get_answers(client, schemas, world):
    code = submitted(client, schemas, **PERSONAL, token="device-42.retry")
    pages = [
        client.get(url(name, fmt, **kwargs))
        for fmt in ("json", "xml")
        for name, kwargs in (
            ("requests", {}),
            ("request", {"code": code}),
            ("token", {"token": "device-42.retry"}),
        )
    ]
    pages.append(client.get(url("requests"), {"service_request_id": code}))
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        for value in [*PERSONAL.values(), "王小明"]:
            assert value not in body, (page.request["PATH_INFO"], value)


@pytest.mark.django_db
def test_R90_same_token_makes_one_record(client, schemas, world):
    first = submitted(client, schemas, token="tok-123")
    again = submitted(client, schemas, token="tok-123", description=TEXT + "（重发）")
    assert first == again
    assert PublicOpinion.objects.filter(client_token="tok-123").count() == 1
    document = check_both(
        client, schemas, "token-response", "service_requests", "token", token="tok-123"
    )
    assert document == [{"service_request_id": first, "token": "tok-123"}]
    check_both(client, schemas, "errors", "errors", "token", status=404, token="unknown-token")


@pytest.mark.django_db
def test_closed_request_shows_the_reply_and_the_unit(client, schemas, world, today):
    open_code = submitted(client, schemas)
    closed_code = submitted(client, schemas, service_code="transport")
    close(closed_code, world)
    opinion = PublicOpinion.objects.select_related("case").get(tracking_code=closed_code)

    (item,) = check_json(schemas, "requests", client.get(url("request", code=closed_code)))
    assert item["status"] == "closed"
    assert item["status_notes"] == "路灯已修复，感谢监督。"
    assert item["agency_responsible"] == world.unit.name
    assert item["service_name"] == str(Category.TRANSPORT.label)
    assert item["updated_datetime"] == open311._datetime(opinion.case.completed_at)
    assert item["expected_datetime"].startswith(opinion.case.reply_due.isoformat() + "T23:59:59")

    def codes(**query):
        page = check_json(schemas, "requests", client.get(url("requests"), query))
        return [i["service_request_id"] for i in page]

    assert codes(status="closed") == [closed_code]
    assert codes(status="open") == [open_code]
    assert set(codes(status="open,closed")) == {open_code, closed_code}
    assert codes(service_code="transport") == [closed_code]
    assert set(codes(service_code="urban,transport")) == {open_code, closed_code}
    assert codes(service_request_id=f"{open_code}, nonsense") == [open_code]
    # service_request_id overrides every other argument
    assert codes(service_request_id=open_code, status="closed") == [open_code]


@pytest.mark.django_db
def test_merged_opinion_follows_the_one_it_joined(client, schemas, world, today):
    kept = submitted(client, schemas)
    duplicate = submitted(client, schemas, token="dup-1")
    services.merge_opinion(
        PublicOpinion.objects.get(tracking_code=duplicate),
        into=PublicOpinion.objects.get(tracking_code=kept),
        actor=world.users["office_staff"],
    )
    page = check_json(schemas, "requests", client.get(url("requests"), {"status": "open"}))
    assert {i["service_request_id"] for i in page} == {kept, duplicate}
    close(kept, world)
    page = check_json(schemas, "requests", client.get(url("requests"), {"status": "closed"}))
    assert {i["service_request_id"] for i in page} == {kept, duplicate}


@pytest.mark.django_db
def test_bulk_status_agrees_with_public_status(client, schemas, world, today):
    codes = [submitted(client, schemas, token=f"t{i}") for i in range(3)]
    close(codes[0], world)
    services.assign_opinion(
        PublicOpinion.objects.get(tracking_code=codes[1]),
        lead_unit=world.other_unit,
        actor=world.users["office_staff"],
    )
    opinions = list(
        PublicOpinion.objects.select_related("case", "merged_into", "merged_into__case")
    )
    bulk = open311.statuses(opinions)
    for opinion in opinions:
        single = services.public_status(opinion)
        for key in ("state", "status_label", "unit_name", "reply_text", "reply_due", "updated_at"):
            assert bulk[opinion.pk][key] == single[key], key


@pytest.mark.django_db
def test_dates_default_to_the_last_90_days(client, schemas, world, today):
    old = submitted(client, schemas, token="old")
    today.advance(100)
    new = submitted(client, schemas, token="new")

    def codes(**query):
        page = check_json(schemas, "requests", client.get(url("requests"), query))
        return [i["service_request_id"] for i in page]

    assert codes() == [new]
    assert codes(start_date="2023-02-01T00:00:00+08:00") == [old]
    assert codes(start_date="2023-02-01", end_date="2023-03-02T00:00:00Z") == [old]
    assert codes(end_date="2023-03-02T00:00:00Z") == [old]
    assert codes(start_date="2023-06-01T00:00:00+08:00") == [new]


@pytest.mark.django_db
def test_list_queries_do_not_grow(client, schemas, world, today, django_assert_max_num_queries):
    for i in range(3):
        close(submitted(client, schemas, token=f"a{i}"), world)
    with django_assert_max_num_queries(3):  # opinions, lead units, replies
        assert len(client.get(url("requests")).json()) == 3
    for i in range(12):
        submitted(client, schemas, token=f"b{i}")
    with django_assert_max_num_queries(3):
        assert len(client.get(url("requests")).json()) == 15
    with django_assert_max_num_queries(3):
        assert client.get(url("requests", "xml")).status_code == 200


@pytest.mark.django_db
def test_rate_limit_by_address(client, schemas, monkeypatch):
    original = services.rule_setting
    monkeypatch.setattr(
        services,
        "rule_setting",
        lambda key: 2 if key == "opinions.submissions_per_hour" else original(key),
    )
    submitted(client, schemas, token="r1")
    submitted(client, schemas, token="r2")
    check_json(schemas, "errors", post(client, token="r3"), 429)
    assert PublicOpinion.objects.count() == 2
    # a retry with a token already stored is not a new submission
    submitted(client, schemas, token="r2")


# --- bad input: the spec's errors, nothing stored -------------------------------------------------
BAD_POSTS = [
    pytest.param({"api_key": None}, 403, id="no-api-key"),
    pytest.param({"api_key": ""}, 403, id="empty-api-key"),
    pytest.param({"service_code": None}, 400, id="no-service-code"),
    pytest.param({"service_code": "potholes"}, 404, id="unknown-service-code"),
    pytest.param({"lat": None, "long": None, "address_string": None}, 400, id="no-location"),
    pytest.param({"long": None, "address_string": None}, 400, id="lat-without-long"),
    pytest.param({"lat": "91"}, 400, id="lat-out-of-range"),
    pytest.param({"long": "-180.5"}, 400, id="long-out-of-range"),
    pytest.param({"lat": "north"}, 400, id="lat-not-a-number"),
    pytest.param({"lat": "NaN"}, 400, id="lat-nan"),
    pytest.param({"lat": "1e999"}, 400, id="lat-infinite"),
    pytest.param({"description": None}, 400, id="no-description"),
    pytest.param({"description": "太短"}, 400, id="description-too-short"),
    pytest.param({"description": "长" * 4001}, 400, id="description-over-4000"),
    pytest.param({"description": "长" * 2500}, 400, id="description-over-our-limit"),
    pytest.param({"description": TEXT + "\x00"}, 400, id="nul-in-description"),
    pytest.param({"address_string": "路" * 201}, 400, id="address-too-long"),
    pytest.param({"email": "not-an-email"}, 400, id="bad-email"),
    pytest.param({"phone": "call me maybe"}, 400, id="bad-phone"),
    pytest.param({"media_url": "javascript:alert(1)"}, 400, id="bad-media-url"),
    pytest.param({"token": "has space"}, 400, id="bad-token"),
    pytest.param({"token": "x" * 65}, 400, id="token-too-long"),
    pytest.param({"jurisdiction_id": "elsewhere.example.org"}, 404, id="other-jurisdiction"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "status"), BAD_POSTS)
def test_bad_post_is_refused_with_spec_errors(client, schemas, fields, status):
    for fmt in ("json", "xml"):
        response = post(client, fmt, **fields)
        if fmt == "json":
            errors = check_json(schemas, "errors", response, status)
            assert all(e["code"] == status and e["description"] for e in errors)
        else:
            errors = check_xml(response, "errors", status)
            assert errors and all(e["code"] == str(status) for e in errors)
    assert PublicOpinion.objects.count() == 0


@pytest.mark.django_db
def test_good_optional_fields_are_kept(client, schemas):
    code = submitted(
        client,
        schemas,
        lat=None,
        long=None,
        address_string=None,
        address_id="ADDR-7",
        media_url="https://photos.example.org/lamp.jpg",
        jurisdiction_id=open311.JURISDICTION_ID,
        device_id="phone-1",
        account_id="acc-9",
        first_name="Anna",
        last_name="Li",
    )
    opinion = PublicOpinion.objects.get(tracking_code=code)
    assert opinion.location == "ADDR-7"
    assert opinion.text.endswith("https://photos.example.org/lamp.jpg")
    assert opinion.submitter_name == "Anna Li"
    assert opinion.latitude is None


BAD_GETS = [
    pytest.param("requests", {}, {"start_date": "yesterday"}, 400, id="bad-start-date"),
    pytest.param("requests", {}, {"end_date": "2023-13-45T00:00:00Z"}, 400, id="impossible-date"),
    pytest.param(
        "requests",
        {},
        {"start_date": "2023-03-01T00:00:00Z", "end_date": "2023-02-01T00:00:00Z"},
        400,
        id="start-after-end",
    ),
    pytest.param(
        "requests",
        {},
        {"start_date": "2023-01-01T00:00:00Z", "end_date": "2023-06-01T00:00:00Z"},
        400,
        id="span-over-90-days",
    ),
    pytest.param("requests", {}, {"start_date": "9999-12-31T23:59:59Z"}, 400, id="year-9999"),
    pytest.param("requests", {}, {"end_date": "0001-01-01"}, 400, id="year-1"),
    pytest.param("requests", {}, {"status": "pending"}, 400, id="unknown-status"),
    pytest.param("requests", {}, {"service_code": "urban,potholes"}, 404, id="unknown-service"),
    pytest.param("requests", {}, {"service_request_id": "SQ," * 1001}, 400, id="too-many-ids"),
    pytest.param("requests", {}, {"service_code": "urban\x00"}, 400, id="nul-in-query"),
    pytest.param("requests", {}, {"jurisdiction_id": "x"}, 404, id="other-jurisdiction"),
    pytest.param("request", {"code": "SQ2222222222"}, {}, 404, id="unknown-request"),
    pytest.param("request", {"code": "nonsense"}, {}, 404, id="malformed-request-id"),
    pytest.param("request", {"code": "SQ\x00"}, {}, 404, id="nul-request-id"),
    pytest.param("token", {"token": "tok\x00"}, {}, 404, id="nul-token"),
    pytest.param("token", {"token": "x" * 100}, {}, 404, id="long-token"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "query", "status"), BAD_GETS)
def test_bad_get_is_answered_with_spec_errors(client, schemas, name, kwargs, query, status):
    response = client.get(url(name, "json", **kwargs), query)
    errors = check_json(schemas, "errors", response, status)
    assert all(e["code"] == status for e in errors)
    check_xml(client.get(url(name, "xml", **kwargs), query), "errors", status)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/services.html",
        "/open311/v2/discovery.JSONP",
        "/open311/v2/services/urban.yaml",
        "/open311/v2/requests/SQ2222222222.csv",
        "/open311/v2/tokens/abc.txt",
    ],
)
def test_unknown_format_is_a_spec_error_in_xml(client, path):
    errors = check_xml(client.get(path), "errors", 400)
    assert errors[0]["code"] == "400"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("/open311/v2/", "xml"),
        ("/open311/v2/requests", "xml"),
        ("/open311/v2/request/SQ2222222222.json", "json"),
        ("/open311/v2/services/urban/extra.xml", "xml"),
    ],
)
def test_unknown_path_is_a_spec_404(client, schemas, path, fmt):
    if fmt == "json":
        check_json(schemas, "errors", client.get(path), 404)
    else:
        check_xml(client.post(path), "errors", 404)


@pytest.mark.django_db
def test_format_suffix_is_case_insensitive(client, schemas):
    check_json(schemas, "services", client.get("/open311/v2/services.JSON"))


@pytest.mark.django_db
def test_wrong_method_is_405(client, schemas):
    response = client.post(url("services"))
    check_json(schemas, "errors", response, 405)
    assert response["Allow"] == "GET, HEAD"
    check_json(schemas, "errors", client.delete(url("requests")), 405)


@pytest.mark.django_db
def test_post_needs_no_csrf_token(world, schemas):
    from django.test import Client

    machine = Client(enforce_csrf_checks=True)
    check_json(schemas, "post-response", post(machine))
    logged_in = Client(enforce_csrf_checks=True)
    logged_in.force_login(world.users["office_staff"])
    code = check_json(schemas, "post-response", post(logged_in, token="s1"))[0]
    # a session does not make the request anybody's: it stays a citizen's submission
    assert PublicOpinion.objects.get(tracking_code=code["service_request_id"]).entered_by is None


# --- the access matrix's declaration, checked here until it is merged ---------------------------
@pytest.mark.django_db
def test_open311_access_policy(world, client_for):
    from renda.core.tests.test_access_matrix import SECRETS, _text_of

    policy.prepare(world)
    names = {
        f"open311:{p.name}"
        for p in __import__("renda.opinions.open311_urls", fromlist=["urlpatterns"]).urlpatterns
    }
    assert names == set(policy.POLICY)
    for name, allowed in policy.POLICY.items():
        target = reverse(name, kwargs=policy.URL_ARGS[name](world))
        for role in ROLES:
            client = client_for(role)
            response = client.get(target)
            expected = 200 if role in allowed else 404  # only "unknown" is refused
            assert response.status_code == expected, (role, target)
            text = _text_of(response)
            for secret in [*SECRETS.get(role, ()), "泄露测试人", "leak@example.org"]:
                assert secret not in text, (role, target, secret)
            before = AuditEntry.objects.count()
            response = client.post(target, {"note": "x", "value": "7", "code": "X1", "name": "n"})
            assert response.status_code in {403, 404, 405}, (role, target, response.status_code)
            assert AuditEntry.objects.count() == before
    listed = client_for("anonymous").get(reverse("open311:requests", kwargs={"fmt": "json"}))
    assert [i["service_request_id"] for i in listed.json()] == [world.open311_opinion.tracking_code]


# --- the official validator's own live checks -----------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_official_validator_passes(live_server, validator, schemas):
    args = Namespace(
        jurisdiction_id=open311.JURISDICTION_ID,
        discovery_url=None,
        no_discovery=False,
        max_definitions=10,
        timeout=15.0,
        api_key="validator",
        service_code="urban",
        lat=33.73,
        long=113.19,
        address_string=None,
        address_id=None,
        description=TEXT,
        email=None,
        attribute=[],
    )
    checker = validator.Open311Checker(f"{live_server.url}/open311/v2", args, schemas)
    results = checker.run()
    failed = [(r.name, r.summary, r.details) for r in results if not r.ok]
    assert not failed
    assert len(results) >= 6
    assert PublicOpinion.objects.filter(channel=Channel.OPEN311).count() == 1


def test_dates_are_w3c_with_offset():
    when = dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC)
    assert open311._datetime(when) == "2023-03-01T12:00:00+08:00"


# --- any input: an answer in the spec's format, never a 500 ----------------------------------------
_ANY_TEXT = st.text(max_size=40) | st.sampled_from(["", "urban", "open", "2023-03-01", "1e999"])
_GET_ARGUMENTS = ("service_request_id", "service_code", "start_date", "end_date", "status")
_POST_FIELDS = ("service_code", "lat", "long", "address_string", "description", "email", "token")


@pytest.mark.django_db
@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.dictionaries(st.sampled_from(_GET_ARGUMENTS), _ANY_TEXT))
def test_any_query_is_answered(query):
    from django.test import Client

    response = Client().get(url("requests"), query)
    assert response.status_code in {200, 400, 404}, response.content[:300]
    assert isinstance(response.json(), list)


@pytest.mark.django_db
@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.dictionaries(st.sampled_from(_POST_FIELDS), _ANY_TEXT))
def test_any_form_is_answered(form):
    from django.test import Client

    response = Client().post(url("requests", "xml"), {"api_key": "k", **form})
    assert response.status_code in {200, 400, 404, 429}, response.content[:300]
    ET.fromstring(response.content)  # noqa: S314  (our own answer)
