"""The office's pages: a bill walked through its workflow by forms, the appointments
list (nothing shown as appointed before the vote, R70; oath pending, R71), query
counts on list pages and no 500 on bad input."""

import pytest
from django.urls import reverse

from renda.core.models import AuditEntry
from renda.personnel import services
from renda.personnel.models import AppointmentBill, AppointmentItem, OathCeremony
from renda.personnel.tests.conftest import VOTE_DAY, ready_for_vote, vote

S = AppointmentItem.State
pytestmark = pytest.mark.django_db
DAY = VOTE_DAY.isoformat()


def test_office_walks_a_bill_through_the_pages(world, members, committee_session, client_for):
    office = client_for("office_staff")
    response = office.post(
        reverse("personnel:bill-create"),
        {
            "term": world.term.pk,
            "session": committee_session.pk,
            "title": "主任会议提请的任免案",
            "nominator": "chair_meeting",
            "submitted_on": "2023-02-10",
            "grouping": "per_list",
        },
    )
    assert response.status_code == 302
    bill = AppointmentBill.objects.get()

    def act(action, data, pk=bill.pk, kind="bill"):
        url = reverse(f"personnel:{kind}-act", args=[pk, action])
        prefix = action if kind == "bill" else f"{action}-{pk}"
        return office.post(url, {f"{prefix}-{k}": v for k, v in data.items()})

    assert (
        act(
            "add-item", {"action": "appoint", "person_name": "郑页面", "post": "副主任"}
        ).status_code
        == 302
    )
    item = bill.items.get()
    assert act("deliberate", {"on": DAY}).status_code == 302
    page = office.get(reverse("personnel:bill-detail", args=[bill.pk]))
    assert b'data-state="deliberated"' in page.content
    # R70: no vote before the statement: refused with a message, nothing changed
    assert act("put-to-vote", {"held_on": DAY}).status_code == 302
    item.refresh_from_db()
    assert item.state == S.DELIBERATED and item.ballot_id is None
    assert (
        act("statement", {"on": DAY, "summary": "发言"}, pk=item.pk, kind="item").status_code == 302
    )
    assert act("put-to-vote", {"held_on": DAY}).status_code == 302
    item.refresh_from_db()
    assert item.state == S.VOTING
    services.record_votes(
        item.ballot, entries=[(p, "yes") for p in members[:40]], actor=world.users["office_staff"]
    )
    assert act("conclude", {}).status_code == 302
    assert act("certificate", {"on": DAY}, pk=item.pk, kind="item").status_code == 302
    item.refresh_from_db()
    assert item.state == S.CERTIFIED
    document = office.get(reverse("personnel:item-certificate", args=[item.pk]))
    assert document.status_code == 200 and document["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    response = office.post(
        reverse("personnel:ceremony-create"),
        {"held_on": DAY, "place": "常委会会议室", "items": [item.pk]},
    )
    assert response.status_code == 302
    ceremony = OathCeremony.objects.get()
    page = client_for("leader").get(reverse("personnel:ceremony-detail", args=[ceremony.pk]))
    assert "郑页面" in page.content.decode()


def test_bad_form_input_is_a_400_and_changes_nothing(
    world, committee_session, client_for, make_bill
):
    office = client_for("office_staff")
    bill = make_bill(("appoint", "甲", "局长"))
    before = AuditEntry.objects.count()
    for action, data in [
        ("deliberate", {"deliberate-on": "2023-99-99"}),
        ("add-item", {"add-item-action": "promote"}),
        ("put-to-vote", {}),
    ]:
        response = office.post(reverse("personnel:bill-act", args=[bill.pk, action]), data)
        assert response.status_code == 400, action
    assert office.post(reverse("personnel:bill-act", args=[bill.pk, "nope"])).status_code == 404
    response = office.post(reverse("personnel:bill-create"), {"title": "x" * 400})
    assert response.status_code == 400
    response = office.post(reverse("personnel:ceremony-create"), {"held_on": DAY, "place": "x"})
    assert response.status_code == 400
    for query in ("year=abc", "year=1e30", "state=zzz", "oath_pending=maybe", "page=-1", "q=%00"):
        assert office.get(f"{reverse('personnel:item-list')}?{query}").status_code == 200
    for query in ("year=abc", "year=1e30", "state=zzz", "appointed=maybe", "search=%00", "bill=-1"):
        assert office.get(f"/api/v1/appointments/?{query}").status_code in {200, 400}
    assert AuditEntry.objects.count() == before


def test_appointed_list_shows_only_passed_votes_and_pending_oaths(
    world, members, make_bill, client_for
):
    office = world.users["office_staff"]
    voted = make_bill(("appoint", "冯已通过", "市审计局局长"))
    ready_for_vote(voted, office)
    vote(voted, members, office, yes=40)
    pending = make_bill(("appoint", "陈待表决", "市商务局局长"))
    ready_for_vote(pending, office)
    services.put_to_vote(pending, held_on=VOTE_DAY, actor=office)
    leader = client_for("leader")
    url = reverse("personnel:item-list")
    body = leader.get(url, {"oath_pending": "true"}).content.decode()
    assert "冯已通过" in body and "陈待表决" not in body
    rows = leader.get("/api/v1/appointments/", {"appointed": "true"}).json()["results"]
    assert [r["person_name"] for r in rows] == ["冯已通过"]


def test_list_pages_use_a_bounded_number_of_queries(
    world, members, make_bill, client_for, django_assert_max_num_queries
):
    office = world.users["office_staff"]
    for n in range(6):
        bill = make_bill(("appoint", f"人{n}", "局长"), ("remove", f"免{n}", "局长"))
        ready_for_vote(bill, office)
    leader = client_for("leader")
    for name in ("personnel:bill-list", "personnel:item-list", "personnel:ceremony-list"):
        leader.get(reverse(name))  # warm caches (roles, content types)
        with django_assert_max_num_queries(12):
            assert leader.get(reverse(name)).status_code == 200
    for url in ("/api/v1/appointment-bills/", "/api/v1/appointments/", "/api/v1/oath-ceremonies/"):
        leader.get(url)
        with django_assert_max_num_queries(12):
            assert leader.get(url).status_code == 200
