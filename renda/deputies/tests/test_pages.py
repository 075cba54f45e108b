"""Workbench and portal pages of the network through the test client: lists with
filters, export and steady query counts; forms that refuse bad input with a message
and change nothing; the public finder; no phone numbers for citizens."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.models import AuditEntry
from renda.core.tests.factories import DeputyFactory
from renda.deputies import services
from renda.deputies.models import DutyActivity, Place, ReceptionDay

pytestmark = pytest.mark.django_db


def more_places(world, network, n, **kwargs):
    office = world.users["office_staff"]
    created = []
    for i in range(n):
        station = services.save_place(
            Place(
                name=f"站{i}",
                kind=kwargs.get("kind", Place.Kind.LIAISON_STATION),
                district=network.district,
                township=network.township,
                latitude=33.0 + i / 10,
                longitude=113.0,
                contact_phone=f"0375-77700{i:02d}",
            ),
            actor=office,
        )
        deputy = DeputyFactory(term=world.term)
        services.attach_deputies(station, [deputy], actor=office)
        day = services.schedule_reception_day(
            station, date=dt.date(2023, 4, 1), deputies=[deputy], actor=office
        )
        services.record_activity(
            DutyActivity(kind="inspection", title=f"视察{i}", date=dt.date(2023, 2, 1)),
            deputies=[deputy],
            actor=office,
        )
        created.append((station, day))
    return created


@pytest.mark.parametrize(
    "url, role",
    [
        ("deputies:place-list", "office_staff"),
        ("deputies:reception-day-list", "office_staff"),
        ("deputies:activity-list", "leader"),
        ("deputies:absence-list", "leader"),
        ("portal-deputies:finder", "anonymous"),
        ("portal-deputies:deputy-list", "anonymous"),
    ],
)
def test_list_pages_cost_the_same_queries_however_many_rows(
    world, network, client_for, django_assert_max_num_queries, url, role
):
    client = client_for(role)
    more_places(world, network, 1)  # one row of each kind: prefetches run from now on
    client.get(reverse(url))  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url))
    more_places(world, network, 6)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(url))
    assert response.status_code == 200


def test_places_list_filters_searches_exports_and_answers_htmx(world, network, client_for):
    more_places(world, network, 3)
    services.save_place(
        Place(
            name="某某代表工作室", kind=Place.Kind.DEPUTY_STUDIO, district=network.other_district
        ),
        actor=world.users["office_staff"],
    )
    client = client_for("unit_handler")
    url = reverse("deputies:place-list")
    assert client.get(url).context["page"].paginator.count == 5
    studios = client.get(url, {"kind": "deputy_studio"})
    assert [row[1][0] for row in studios.context["rows"]] == ["某某代表工作室"]
    by_district = client.get(url, {"district": network.other_district.pk})
    assert by_district.context["page"].paginator.count == 1
    assert client.get(url, {"q": "站1"}).context["page"].paginator.count == 1
    assert client.get(url, {"district": "abc", "page": "x"}).status_code == 200
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert "<table" in partial.content.decode() and "<html" not in partial.content.decode()
    export = client.get(url, {"format": "xlsx", "kind": "liaison_station"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 5  # header and four stations


def test_place_form_refuses_bad_coordinates_and_saves_good_ones(world, network, client_for):
    client = client_for("office_staff")
    url = reverse("deputies:place-create")
    data = {
        "kind": "liaison_station",
        "name": "新建联络站",
        "district": network.district.pk,
        "township": network.other_township.pk,
        "latitude": "95",
        "longitude": "113.2",
        "is_active": "on",
    }
    before = (Place.objects.count(), AuditEntry.objects.count())
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert (Place.objects.count(), AuditEntry.objects.count()) == before
    form = refused.context["forms"][0]
    assert "township" in form.errors and "latitude" in form.errors
    data.update(township=network.township.pk, latitude="33.7")
    saved = client.post(url, data)
    assert saved.status_code == 302
    place = Place.objects.get(name="新建联络站")
    assert place.code.startswith("LS-") and saved["Location"].endswith(f"/places/{place.pk}/")
    assert client_for("deputy").post(url, data).status_code == 403


def test_office_attaches_schedules_and_records_a_reception_through_pages(
    world, network, client_for, today
):
    client = client_for("office_staff")
    newcomer = DeputyFactory(term=world.term)
    attach = client.post(
        reverse("deputies:place-deputies", args=[network.station.pk]), {"deputies": [newcomer.pk]}
    )
    assert attach.status_code == 302 and newcomer in network.station.deputies.all()
    bad = client.post(
        reverse("deputies:reception-day-create", args=[network.station.pk]),
        {"date": "2023-03-01", "deputies": [newcomer.pk], "starts_at": "11:00", "ends_at": "09:00"},
    )
    assert bad.status_code == 400 and not ReceptionDay.objects.exists()
    made = client.post(
        reverse("deputies:reception-day-create", args=[network.station.pk]),
        {"date": "2023-03-01", "deputies": [newcomer.pk], "starts_at": "09:00", "ends_at": "11:30"},
    )
    day = ReceptionDay.objects.get()
    assert made.status_code == 302
    act = reverse("deputies:reception-day-act", args=[day.pk, "held"])
    assert (
        client.post(act, {"held-visitors": "-3", "held-deputies": [newcomer.pk]}).status_code == 400
    )
    done = client.post(act, {"held-visitors": "14", "held-deputies": [newcomer.pk]})
    assert done.status_code == 302
    day.refresh_from_db()
    assert (day.state, day.visitors) == ("held", 14)
    again = client.post(act, {"held-visitors": "14", "held-deputies": [newcomer.pk]})
    assert again.status_code == 302  # a clear message, not a second activity
    assert DutyActivity.objects.filter(reception_day=day).count() == 1
    page = client.get(reverse("deputies:place-detail", args=[network.station.pk]))
    assert day in list(page.context["days"])
    detach = client.post(
        reverse("deputies:place-deputies", args=[network.station.pk]), {"detach": newcomer.pk}
    )
    assert detach.status_code == 302 and newcomer not in network.station.deputies.all()
    cancel = reverse("deputies:reception-day-act", args=[day.pk, "cancel"])
    assert client.post(cancel, {"cancel-reason": ""}).status_code in {302, 400}
    assert (
        client.post(reverse("deputies:reception-day-act", args=[day.pk, "bogus"])).status_code
        == 403
    )


def test_a_deputy_records_an_activity_for_themselves_only(world, network, client_for):
    client = client_for("deputy")
    url = reverse("deputies:activity-create")
    page = client.get(url)
    assert "deputies" not in page.context["forms"][0].fields
    response = client.post(
        url,
        {
            "kind": "dual_contact",
            "title": "走访选民",
            "date": "2023-02-20",
            "deputies": [world.other_deputy.pk],
        },
    )
    assert response.status_code == 302
    activity = DutyActivity.objects.get(title="走访选民")
    assert list(activity.deputies.all()) == [world.deputy]
    future = client.post(url, {"kind": "research", "title": "调研", "date": "2030-01-01"})
    assert future.status_code == 400
    mine = client.get(reverse("deputies:activity-list"))
    assert [row[2][0] for row in mine.context["rows"]] == ["走访选民"]


def test_the_finder_orders_by_distance_and_refuses_bad_positions(world, network, client):
    more_places(world, network, 3)  # at latitudes 33.0, 33.1, 33.2
    url = reverse("portal-deputies:finder")
    near = client.get(url, {"lat": "33.19", "lng": "113.0"})
    assert near.status_code == 200
    names = [row["name"] for row in near.context["rows"]]
    assert names[:3] == ["站2", "站1", "站0"]
    assert near.context["rows"][0]["distance"] < 2
    for bad in (
        {"lat": "abc", "lng": "1"},
        {"lat": "95", "lng": "1"},
        {"lat": "1"},
        {"lat": "inf", "lng": "1"},
        {"lat": "1" * 400, "lng": "1"},
    ):
        response = client.get(url, bad)
        assert response.status_code == 400, bad
        assert response.context["errors"]
    district = client.get(url, {"district": network.other_district.pk})
    assert district.context["rows"] == []
    assert client.get(url, {"district": "x", "kind": "y", "page": "z"}).status_code == 200


def test_a_citizen_sees_no_phone_numbers(world, network, client, today):
    office = world.users["office_staff"]
    services.schedule_reception_day(
        network.station, date=dt.date(2023, 3, 8), deputies=[world.other_deputy], actor=office
    )
    pages = [
        client.get(reverse("portal-deputies:finder")),
        client.get(reverse("portal-deputies:finder"), {"lat": "33.7", "lng": "113.29"}),
        client.get(reverse("portal-deputies:place", args=[network.station.pk])),
        client.get(reverse("portal-deputies:deputy-list")),
        client.get(reverse("portal-deputies:deputy", args=[world.other_deputy.pk])),
    ]
    place_page = pages[2]
    assert world.other_deputy.person.name in place_page.content.decode()
    assert [d.date for d in place_page.context["upcoming"]] == [dt.date(2023, 3, 8)]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        for private in (
            world.other_deputy.person.mobile,
            world.deputy.person.mobile,
            world.other_deputy.address,
            network.station.contact_phone,
        ):
            assert private not in body


def test_closed_places_are_not_public(world, network, client):
    network.station.is_active = False
    services.save_place(network.station, actor=world.users["office_staff"])
    assert (
        client.get(reverse("portal-deputies:place", args=[network.station.pk])).status_code == 404
    )


def test_deputy_detail_links_to_the_duty_record(world, network, client_for):
    page = client_for("leader").get(reverse("core:deputy-detail", args=[world.deputy.pk]))
    assert reverse("deputies:duty-record", args=[world.deputy.pk]) in page.content.decode()


BIG = "9" * 30


def test_nonsense_and_oversized_ids_never_give_a_500(world, network, client_for):
    client = client_for("office_staff")
    for url, params in [
        ("deputies:place-list", {"district": BIG}),
        ("deputies:reception-day-list", {"district": BIG, "date_from": "2023-99-99"}),
        ("deputies:absence-list", {"session": BIG}),
        ("portal-deputies:deputy-list", {"term": BIG, "delegation": BIG, "page": BIG}),
        ("portal-deputies:finder", {"district": BIG, "page": BIG}),
        ("api:duty-activity-list", {"deputy": BIG, "date_from": "x"}),
        ("api:place-list", {"page": BIG}),
    ]:
        assert client.get(reverse(url), params).status_code < 500, url
    place_deputies = reverse("deputies:place-deputies", args=[network.station.pk])
    assert client.post(place_deputies, {"detach": BIG}).status_code == 302
    assert client.post(place_deputies, {"deputies": [BIG]}).status_code == 400
    assert client.post(reverse("deputies:absence-create"), {"deputy": BIG}).status_code == 400
    for url, payload in [
        ("api:reception-day-list", {"place": BIG, "date": "2023-01-01", "deputies": [BIG]}),
        (
            "api:duty-activity-list",
            {
                "kind": "training",
                "title": "t",
                "date": "2023-02-01",
                "place": BIG,
                "deputies": [BIG],
            },
        ),
    ]:
        response = client.post(reverse(url), payload, content_type="application/json")
        assert response.status_code == 400, url
