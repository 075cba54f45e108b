"""The network through the HTTP API: places, reception days, activities, duty records."""

import pytest
from django.urls import reverse

from renda.deputies.models import DutyActivity, ReceptionDay

pytestmark = pytest.mark.django_db


def test_places_are_listed_with_filters(world, network, client_for):
    client = client_for("expert")
    url = reverse("api:place-list")
    rows = client.get(url, {"kind": "liaison_station", "district": network.district.pk}).json()
    assert [r["id"] for r in rows["results"]] == [network.station.pk]
    assert {d["name"] for d in rows["results"][0]["deputies"]} == {"本代表", "他代表"}
    assert client.get(url, {"district": network.other_district.pk}).json()["count"] == 0
    assert client.get(url, {"deputy": world.deputy.pk}).json()["count"] == 1
    assert client.get(url, {"district": "abc"}).status_code == 400
    assert client_for("no_role").get(url).status_code == 403


def test_reception_day_workflow_through_the_api(world, network, client_for, today):
    office = client_for("office_staff")
    url = reverse("api:reception-day-list")
    payload = {
        "place": network.station.pk,
        "date": "2023-03-01",
        "starts_at": "09:00",
        "deputies": [world.deputy.pk],
    }
    assert (
        client_for("deputy").post(url, payload, content_type="application/json").status_code == 403
    )
    bad = office.post(url, {**payload, "deputies": [999999]}, content_type="application/json")
    assert bad.status_code == 400 and "deputies" in bad.json()["errors"]
    created = office.post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    day = created.json()
    assert day["state"] == "scheduled" and day["deputy_names"] == ["本代表"]
    duplicate = office.post(url, payload, content_type="application/json")
    assert duplicate.status_code == 400 and "date" in duplicate.json()["errors"]
    held_url = reverse("api:reception-day-held", args=[day["id"]])
    assert (
        office.post(held_url, {"visitors": "many"}, content_type="application/json").status_code
        == 400
    )
    held = office.post(
        held_url, {"visitors": 9, "notes": "收集意见3条"}, content_type="application/json"
    )
    assert held.status_code == 200 and held.json()["visitors"] == 9
    assert DutyActivity.objects.filter(reception_day_id=day["id"], kind="reception").count() == 1
    again = office.post(held_url, {"visitors": 9}, content_type="application/json")
    assert again.status_code == 409
    cancel = office.post(
        reverse("api:reception-day-cancel", args=[day["id"]]), {}, content_type="application/json"
    )
    assert cancel.status_code == 400
    listed = (
        client_for("unit_handler").get(url, {"place": network.station.pk, "state": "held"}).json()
    )
    assert [r["id"] for r in listed["results"]] == [day["id"]]
    assert ReceptionDay.objects.get(pk=day["id"]).state == "held"


def test_a_deputy_records_own_activities_through_the_api(world, network, client_for):
    deputy = client_for("deputy")
    url = reverse("api:duty-activity-list")
    own = deputy.post(
        url,
        {"kind": "duty_report", "title": "向选民述职", "date": "2023-02-01"},
        content_type="application/json",
    )
    assert own.status_code == 201, own.json()
    assert own.json()["deputies"] == [world.deputy.pk]
    other = deputy.post(
        url,
        {
            "kind": "training",
            "title": "培训",
            "date": "2023-02-01",
            "deputies": [world.other_deputy.pk],
        },
        content_type="application/json",
    )
    assert other.status_code == 403
    assert not DutyActivity.objects.filter(title="培训").exists()
    office = client_for("office_staff")
    staff = office.post(
        url,
        {
            "kind": "training",
            "title": "培训班",
            "date": "2023-02-02",
            "deputies": [world.deputy.pk, world.other_deputy.pk],
        },
        content_type="application/json",
    )
    assert staff.status_code == 201
    no_one = office.post(
        url,
        {"kind": "training", "title": "培训班", "date": "2023-02-02"},
        content_type="application/json",
    )
    assert no_one.status_code == 400
    bad = office.post(url, {"kind": "x", "date": "yesterday"}, content_type="application/json")
    assert bad.status_code == 400
    mine = deputy.get(url).json()
    assert {r["title"] for r in mine["results"]} == {"向选民述职", "培训班"}
    other_only = client_for("leader").get(url, {"deputy": world.other_deputy.pk}).json()
    assert [r["title"] for r in other_only["results"]] == ["培训班"]
    assert (
        client_for("unit_handler").post(url, {}, content_type="application/json").status_code == 403
    )


def test_duty_record_api(world, network, client_for):
    client_for("deputy").post(
        reverse("api:duty-activity-list"),
        {"kind": "duty_report", "title": "述职", "date": "2023-02-01"},
        content_type="application/json",
    )
    record = client_for("deputy").get(reverse("api:duty-record-detail", args=[world.deputy.pk]))
    assert record.status_code == 200
    data = record.json()
    assert data["reported_in_term"] is True and data["trained_in_term"] is False
    assert data["activities_by_kind"]["duty_report"] == 1
    assert data["term_coverage"]["report_share"] == 0.5
    assert "mobile" not in str(data)
    leader = client_for("leader").get(
        reverse("api:duty-record-detail", args=[world.other_deputy.pk])
    )
    assert leader.status_code == 200 and leader.json()["deputy"]["name"] == "他代表"
    assert (
        client_for("unit_handler")
        .get(reverse("api:duty-record-detail", args=[world.deputy.pk]))
        .status_code
        == 404
    )
