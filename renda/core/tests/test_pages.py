"""The workbench pages: list pattern, htmx partials, language switch, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core.figures import deputies_serving
from renda.core.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_login_page_and_login(world, client):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    response = client.post(reverse("login"), {"username": "t-office", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_failed_logins_lock_out(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "t-office", "password": "bad"})
    response = client.post(reverse("login"), {"username": "t-office", "password": "pw-for-tests-1"})
    assert response.status_code == 429


def test_list_filters_search_and_paginates(world, client_for):
    for _ in range(30):
        DeputyFactory(term=world.term, delegation=world.deputy.delegation)
    client = client_for("office_staff")
    first = client.get(reverse("core:deputy-list"))
    assert first.context["page"].paginator.count == 32
    assert len(first.context["rows"]) == 25
    second = client.get(reverse("core:deputy-list"), {"page": 2})
    assert len(second.context["rows"]) == 7
    searched = client.get(reverse("core:deputy-list"), {"q": "他代表"})
    assert searched.context["page"].paginator.count == 1
    filtered = client.get(reverse("core:deputy-list"), {"status": "resigned"})
    assert filtered.context["page"].paginator.count == 0
    nonsense = client.get(reverse("core:deputy-list"), {"page": "abc", "status": "nonsense"})
    assert nonsense.status_code == 200


def test_htmx_requests_get_only_the_table(world, client_for):
    response = client_for("office_staff").get(reverse("core:deputy-list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<table" in body
    assert "<html" not in body


def test_list_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for("office_staff")
    url = reverse("core:deputy-list")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        DeputyFactory(term=world.term, delegation=world.deputy.delegation)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_api_query_count_does_not_grow_with_page_size(world, client_for):
    for _ in range(20):
        DeputyFactory(term=world.term, delegation=world.deputy.delegation)
    client = client_for("office_staff")
    url = reverse("api:deputy-list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"page_size": 2})
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"page_size": 20})
    assert len(small) == len(large)


def test_every_page_is_chinese_by_default_and_english_on_request(world, client_for):
    client = client_for("office_staff")
    page = client.get(reverse("core:deputy-list")).content.decode()
    assert 'lang="zh-hans"' in page
    assert "代表" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/deputies/"})
    english = client.get(reverse("core:deputy-list")).content.decode()
    assert 'lang="en"' in english
    assert "Deputies" in english


def test_static_assets_are_served_locally(world, client_for):
    page = client_for("office_staff").get(reverse("core:home")).content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "htmx" in page
    assert "http://" not in page.replace("http://testserver", "") or "cdn" not in page


def test_a_registrar_edits_a_deputy_and_bad_input_changes_nothing(world, client_for):
    client = client_for("office_staff")
    url = reverse("core:deputy-edit", args=[world.deputy.pk])
    bad = client.post(url, {"person-name": "", "deputy-code": world.deputy.code})
    assert bad.status_code == 200
    world.deputy.refresh_from_db()
    assert world.deputy.person.name == "本代表"
    good = client.post(
        url,
        {
            "person-name": "本代表（改）",
            "person-gender": "female",
            "deputy-code": world.deputy.code,
            "deputy-term": world.term.pk,
            "deputy-delegation": world.deputy.delegation_id,
            "deputy-status": "active",
            "note": "更正姓名",
        },
    )
    assert good.status_code == 302
    world.deputy.person.refresh_from_db()
    assert world.deputy.person.name == "本代表（改）"


def test_deputy_detail_shows_history_to_staff(world, client_for):
    page = client_for("office_staff").get(reverse("core:deputy-detail", args=[world.deputy.pk]))
    assert page.context["audit_entries"] is not None
    own = client_for("deputy").get(reverse("core:deputy-detail", args=[world.deputy.pk]))
    assert own.context["audit_entries"] is None
    assert world.deputy.person.mobile in own.content.decode()


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(world, client_for):
    client = client_for("office_staff")
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert client.get(reverse("core:home")).status_code == 200


def test_api_errors_follow_the_chosen_language(world, client_for):
    from rest_framework.test import APIClient

    chinese = APIClient().post(reverse("api:token"), {}, format="json").json()
    assert "该字段是必填项" in str(chinese["errors"])
    english = APIClient()
    english.cookies["django_language"] = "en"
    body = english.post(reverse("api:token"), {}, format="json").json()
    assert "This field is required." in str(body["errors"])


def _edit_status(client, deputy, status, ended_on=""):
    return client.post(
        reverse("core:deputy-edit", args=[deputy.pk]),
        {
            "person-name": deputy.person.name,
            "person-gender": deputy.person.gender or "male",
            "deputy-code": deputy.code,
            "deputy-term": deputy.term_id,
            "deputy-delegation": deputy.delegation_id,
            "deputy-status": status,
            "deputy-mandate_ended_on": ended_on,
            "note": "辞去代表职务",
        },
    )


def test_a_mandate_ends_on_a_day_and_past_years_still_count_the_deputy(world, client_for):
    client = client_for("office_staff")
    deputy = world.other_deputy
    serving = {year: deputies_serving(year) for year in (2023, 2024)}
    for status, ended_on in (
        ("resigned", ""),
        ("active", "2024-05-01"),
        ("resigned", "2022-12-31"),
    ):
        refused = _edit_status(client, deputy, status, ended_on)
        assert refused.status_code == 200, (status, ended_on)
        assert "mandate_ended_on" in refused.context["forms"][1].errors
        deputy.refresh_from_db()
        assert deputy.status == "active" and deputy.mandate_ended_on is None
    assert _edit_status(client, deputy, "resigned", "2024-05-01").status_code == 302
    deputy.refresh_from_db()
    assert (deputy.status, deputy.mandate_ended_on) == ("resigned", dt.date(2024, 5, 1))
    # served in 2023 and part of 2024: both years keep the deputy; 2025 does not
    after = {year: deputies_serving(year) for year in (2023, 2024, 2025)}
    assert after[2023] == serving[2023] and after[2024] == serving[2024]
    assert after[2025] == serving[2024] - 1
