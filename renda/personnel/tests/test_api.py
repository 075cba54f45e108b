"""The full flow through the HTTP API: bill → deliberation → statement → vote through
the ballot engine → certificate → oath; and what the API shows before the vote (R70)."""

import io

import docx
import pytest

from renda.core.models import AuditEntry
from renda.personnel.models import AppointmentItem, OathCeremony

S = AppointmentItem.State
DAY = "2023-02-24"
pytestmark = pytest.mark.django_db


def _ok(response, code=200):
    assert response.status_code == code, response.content.decode()[:500]
    return response.json()


def test_full_flow_bill_statement_vote_certificate_oath(
    world, members, committee_session, client_for
):
    office, leader = client_for("office_staff"), client_for("leader")
    bill = _ok(
        office.post(
            "/api/v1/appointment-bills/",
            {
                "term": world.term.pk,
                "session": committee_session.pk,
                "title": "市人民政府市长提请的任免案",
                "nominator": "mayor",
                "submitted_on": "2023-02-10",
                "grouping": "per_item",
                "new_items": [
                    {"action": "appoint", "person_name": "高新任", "post": "市教育局局长"},
                    {"action": "remove", "person_name": "林卸任", "post": "市教育局局长"},
                ],
            },
            content_type="application/json",
        ),
        201,
    )
    appoint, remove = bill["items"]
    assert [appoint["state"], remove["state"]] == ["nominated", "nominated"]

    def appointed():
        return _ok(leader.get("/api/v1/appointments/", {"appointed": "true"}))["results"]

    def vote_now():
        return office.post(
            f"/api/v1/appointment-bills/{bill['id']}/put-to-vote/",
            {"held_on": DAY},
            content_type="application/json",
        )

    # R70: no vote before deliberation and the nominee's statement
    assert vote_now().status_code == 409
    _ok(office.post(f"/api/v1/appointment-bills/{bill['id']}/deliberate/", {"on": DAY}))
    assert vote_now().status_code == 409
    statement = _ok(
        office.post(
            f"/api/v1/appointments/{appoint['id']}/statement/",
            {"on": DAY, "summary": "表态发言"},
        )
    )
    assert statement["state"] == "statement_made" and statement["is_appointed"] is False
    # no certificate before the vote
    early = office.post(f"/api/v1/appointments/{appoint['id']}/issue-certificate/", {"on": DAY})
    assert early.status_code == 409
    assert appointed() == []

    ballots = _ok(vote_now())
    methods = {b["method"] for b in ballots}
    assert methods == {"roll_call", "secret"}  # R33: the removal by secret ballot
    # while the vote is open, nothing shows as appointed
    assert appointed() == []
    shown = _ok(leader.get(f"/api/v1/appointments/{appoint['id']}/"))
    assert shown["state"] == "voting" and shown["is_appointed"] is False
    for ballot in ballots:
        entries = [{"voter": p.pk, "choice": "yes"} for p in members[:35]]
        entries += [{"voter": p.pk, "choice": "no"} for p in members[35:40]]
        result = _ok(
            office.post(
                f"/api/v1/appointment-bills/{bill['id']}/votes/",
                {"ballot": ballot["id"], "entries": entries},
                content_type="application/json",
            )
        )
        assert result["recorded"] == 40
    done = _ok(office.post(f"/api/v1/appointment-bills/{bill['id']}/conclude/"))
    assert [i["state"] for i in done["items"]] == ["passed", "passed"]
    rows = appointed()
    assert [r["person_name"] for r in rows] == ["高新任"]
    assert rows[0]["oath_pending"] is True

    certified = _ok(
        office.post(f"/api/v1/appointments/{appoint['id']}/issue-certificate/", {"on": DAY})
    )
    assert certified["certificate_number"] == "常任字〔2023〕第1号"
    document = leader.get(f"/api/v1/appointments/{appoint['id']}/certificate/")
    assert document.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "高新任" in text and "市教育局局长" in text and "常任字〔2023〕第1号" in text
    # the removal has no certificate
    assert leader.get(f"/api/v1/appointments/{remove['id']}/certificate/").status_code == 404

    ceremony = _ok(
        office.post(
            "/api/v1/oath-ceremonies/",
            {"held_on": DAY, "place": "市人大常委会第一会议室", "items": [appoint["id"]]},
            content_type="application/json",
        ),
        201,
    )
    assert ceremony["organiser"] == "chair_meeting"
    assert [s["person_name"] for s in ceremony["sworn"]] == ["高新任"]
    sworn = _ok(leader.get(f"/api/v1/appointments/{appoint['id']}/"))
    assert sworn["state"] == "sworn" and sworn["ceremony"] == ceremony["id"]
    assert sworn["oath_pending"] is False
    assert _ok(leader.get("/api/v1/appointments/", {"oath_pending": "true"}))["results"] == []
    figures = _ok(leader.get("/api/v1/reports/annual/2023/"))["figures"]
    assert figures["appointments"] == 2 and figures["oath_takers"] == 1


def test_ceremony_refuses_an_appointment_not_yet_voted(world, committee_session, client_for):
    office = client_for("office_staff")
    bill = _ok(
        office.post(
            "/api/v1/appointment-bills/",
            {
                "term": world.term.pk,
                "session": committee_session.pk,
                "title": "任免案",
                "nominator": "court_president",
                "submitted_on": "2023-02-10",
                "new_items": [{"action": "appoint", "person_name": "甲", "post": "审判员"}],
            },
            content_type="application/json",
        ),
        201,
    )
    before = AuditEntry.objects.count()
    response = office.post(
        "/api/v1/oath-ceremonies/",
        {"held_on": DAY, "place": "会议室", "items": [bill["items"][0]["id"]]},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert AuditEntry.objects.count() == before and not OathCeremony.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "x", "nominator": "nobody", "submitted_on": "2023-13-01"},
        {"new_items": [{"action": "appoint", "post": "局长"}]},
        {"new_items": "not a list"},
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(world, client_for, body):
    before = AuditEntry.objects.count()
    response = client_for("office_staff").post(
        "/api/v1/appointment-bills/",
        {"term": world.term.pk, **body},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert AuditEntry.objects.count() == before


def test_only_the_office_prepares_and_outsiders_see_nothing(world, client_for):
    body = {
        "term": world.term.pk,
        "title": "任免案",
        "nominator": "mayor",
        "submitted_on": "2023-02-10",
    }
    for role in ("leader", "committee_member", "deputy", "unit_handler"):
        response = client_for(role).post(
            "/api/v1/appointment-bills/", body, content_type="application/json"
        )
        assert response.status_code == 403, role
    assert client_for("unit_handler").get("/api/v1/appointments/").status_code == 403
    assert client_for("deputy").get("/api/v1/oath-ceremonies/").status_code == 403
