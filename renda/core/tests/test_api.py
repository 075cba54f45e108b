"""The read API: token login, filters, masking, and one JSON error shape."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core.tests.factories import OTHER_DEPUTY_MOBILE

pytestmark = pytest.mark.django_db


def token_client(world, role) -> APIClient:
    response = APIClient().post(
        reverse("api:token"),
        {"username": world.users[role].username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_token_login_and_use(world):
    client = token_client(world, "office_staff")
    response = client.get(reverse("api:deputy-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_wrong_password_gives_a_json_error_without_a_token(world):
    response = APIClient().post(
        reverse("api:token"), {"username": "t-office", "password": "nope"}, format="json"
    )
    assert response.status_code in {401, 403}
    assert "detail" in response.json()
    assert "token" not in response.json()


def test_missing_fields_are_named(world):
    response = APIClient().post(reverse("api:token"), {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"username", "password"}
    assert body["detail"]


def test_repeated_failures_lock_the_account(world):
    client = APIClient()
    for _ in range(6):
        client.post(
            reverse("api:token"), {"username": "t-office", "password": "wrong"}, format="json"
        )
    response = client.post(
        reverse("api:token"), {"username": "t-office", "password": "pw-for-tests-1"}, format="json"
    )
    assert response.status_code != 200


def test_deputies_filter_by_delegation_and_search(world):
    client = token_client(world, "office_staff")
    rows = client.get(reverse("api:deputy-list"), {"search": "他代表"}).json()["results"]
    assert [r["name"] for r in rows] == ["他代表"]
    rows = client.get(
        reverse("api:deputy-list"), {"delegation": world.deputy.delegation_id}
    ).json()["results"]
    assert len(rows) == 2
    bad = client.get(reverse("api:deputy-list"), {"delegation": "not-a-number"})
    assert bad.status_code == 400


def test_contact_details_are_masked_for_non_registrars(world):
    leader = token_client(world, "leader")
    row = leader.get(reverse("api:deputy-detail", args=[world.other_deputy.pk])).json()
    assert row["mobile"] != OTHER_DEPUTY_MOBILE
    assert row["mobile"].endswith(OTHER_DEPUTY_MOBILE[-4:])
    office = token_client(world, "office_staff")
    assert (
        office.get(reverse("api:deputy-detail", args=[world.other_deputy.pk])).json()["mobile"]
        == OTHER_DEPUTY_MOBILE
    )


def test_a_deputy_sees_their_own_contact_details(world):
    row = (
        token_client(world, "deputy")
        .get(reverse("api:deputy-detail", args=[world.deputy.pk]))
        .json()
    )
    assert row["mobile"] == world.deputy.person.mobile


def test_unknown_record_is_a_json_404(world):
    response = token_client(world, "office_staff").get(reverse("api:deputy-detail", args=[999999]))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_writes_are_refused(world):
    response = token_client(world, "administrator").post(
        reverse("api:deputy-list"), {"code": "x"}, format="json"
    )
    assert response.status_code == 405


def test_openapi_schema_and_local_swagger_ui(client):
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/v1/deputies/" in schema.content
    docs = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in docs
    assert "//cdn" not in docs and "unpkg" not in docs and "jsdelivr" not in docs
