"""A committee session across meetings, the ballot engine and personnel, through the
HTTP API only: schedule → agenda (appointment list) → attendance → quorum (R31) → open
→ appointment bill with two nominees → deliberation and the nominees' statements (R70)
→ the vote through the ballot engine (members on their tablets, one paper ballot
entered by the clerk; R32) → close and publish → conclude → certificates → the oath
ceremony (R71) → the annual figures; and the agenda item linked to its ballot."""

import pytest
from django.test import Client

from renda.core import roles
from renda.core.models import AuditEntry, CommitteeMember
from renda.core.tests.factories import PersonFactory, make_user
from renda.meetings.models import SessionDetails

pytestmark = pytest.mark.django_db
API = "/api/v1"
OTHER_MEMBERS = 8  # with the world's member: a committee of nine, quorum five


@pytest.fixture
def member_clients(world) -> list[tuple[CommitteeMember, Client]]:
    """All nine committee members of the term, each logged in with their own account."""
    for index in range(OTHER_MEMBERS):
        person = PersonFactory(name=f"常委{index}")
        CommitteeMember.objects.create(
            person=person, term=world.term, post="member", start_date=world.term.start_date
        )
        make_user(f"t-cm-{index}", roles.COMMITTEE_MEMBER, person=person)
    rows = []
    for member in CommitteeMember.objects.filter(term=world.term).select_related("person"):
        client = Client()
        client.force_login(member.person.user)
        rows.append((member, client))
    assert len(rows) == OTHER_MEMBERS + 1
    return rows


def _ok(response, code=200):
    assert response.status_code == code, response.content.decode()[:800]
    return response.json()


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _schedule(office, world, today) -> dict:
    session = _ok(
        _post(
            office,
            f"{API}/committee-sessions/",
            {"term": world.term.pk, "start_date": today.value.isoformat(), "place": "常委会会议室"},
        ),
        201,
    )
    assert (session["number"], session["state"]) == (1, "scheduled")
    return session


def test_a_session_from_schedule_to_oath_through_the_api(world, member_clients, client_for, today):
    office, leader = client_for("office_staff"), client_for("leader")
    day = today.value.isoformat()

    # schedule the session; an appointment list on its agenda
    session = _schedule(office, world, today)
    url = f"{API}/committee-sessions/{session['id']}"
    item = _ok(
        _post(
            office,
            f"{url}/agenda/",
            {"kind": "appointment_list", "title": "人事任免事项", "presenter": "市人民政府"},
        ),
        201,
    )
    assert (item["session"], item["kind"], item["ballot"]) == (
        session["id"],
        "appointment_list",
        None,
    )

    # the mayor's list of two, for this session, voted as one list
    bill = _ok(
        _post(
            office,
            f"{API}/appointment-bills/",
            {
                "term": world.term.pk,
                "session": session["id"],
                "title": "市人民政府市长提请的任免案",
                "nominator": "mayor",
                "submitted_on": (today.value.replace(day=1)).isoformat(),
                "grouping": "per_list",
                "new_items": [
                    {"action": "appoint", "person_name": "高新任", "post": "市教育局局长"},
                    {"action": "appoint", "person_name": "王新任", "post": "市财政局局长"},
                ],
            },
        ),
        201,
    )
    bill_url = f"{API}/appointment-bills/{bill['id']}"
    first, second = bill["items"]
    listed = _ok(leader.get(f"{API}/appointment-bills/", {"session": session["id"]}))
    assert [b["id"] for b in listed["results"]] == [bill["id"]]

    # attendance: six of nine present, two on leave, one absent → quorum (R31)
    members = [m for m, _client in member_clients]
    statuses = ["present"] * 6 + ["on_leave"] * 2 + ["absent"]
    entries = [
        {"member": m.pk, "status": s, "reason": "公务" if s == "on_leave" else ""}
        for m, s in zip(members, statuses, strict=True)
    ]
    detail = _ok(_post(office, f"{url}/attendance/", {"entries": entries}))
    assert detail["quorum"] == {
        "members": 9,
        "present": 6,
        "on_leave": 2,
        "absent": 1,
        "needed": 5,
        "met": True,
    }
    opened = _ok(_post(office, f"{url}/open/"))
    assert opened["state"] == "open" and opened["opened_at"]

    # deliberation and each nominee's statement (R70)
    deliberated = _ok(_post(office, f"{bill_url}/deliberate/", {"on": day}))
    assert [i["state"] for i in deliberated["items"]] == ["deliberated", "deliberated"]
    for nominee in (first, second):
        heard = _ok(
            _post(
                office,
                f"{API}/appointments/{nominee['id']}/statement/",
                {"on": day, "summary": "供职发言"},
            )
        )
        assert heard["state"] == "statement_made" and heard["is_appointed"] is False

    # put to the vote: one roll-call ballot of the engine for the list, held at the session
    (summary,) = _ok(_post(office, f"{bill_url}/put-to-vote/", {"held_on": day}))
    assert summary["method"] == "roll_call" and summary["state"] == "open"
    # the engine's electorate is the same nine members the quorum counted (R31, R32)
    assert summary["electorate_size"] == detail["quorum"]["members"]
    ballot_url = f"{API}/ballots/{summary['id']}"
    ballot = _ok(leader.get(f"{ballot_url}/"))
    assert (ballot["session"], ballot["pass_rule"]) == (session["id"], "majority_of_all")
    option = {o["code"]: o["id"] for o in ballot["options"]}

    # the agenda item links the ballot
    linked = _ok(
        _post(office, f"{API}/agenda-items/{item['id']}/ballot/", {"ballot": ballot["id"]})
    )
    assert (linked["ballot"], linked["ballot_state"], linked["ballot_passed"]) == (
        ballot["id"],
        "open",
        None,
    )

    # members vote on their tablets: four yes, one no; one vote each
    choices = ["yes", "yes", "yes", "yes", "no"]
    for (_member, client), choice in zip(member_clients, choices, strict=False):
        assert _ok(client.get(f"{ballot_url}/"))["has_voted"] is False
        _ok(_post(client, f"{ballot_url}/cast/", {"choices": [option[choice]]}), 201)
        assert _ok(client.get(f"{ballot_url}/"))["has_voted"] is True
    again = _post(member_clients[0][1], f"{ballot_url}/cast/", {"choices": [option["no"]]})
    assert again.status_code == 400
    # the sixth member present votes on paper; the clerk enters it through the bill
    sixth = members[5].person
    entered = _ok(
        _post(
            office,
            f"{bill_url}/votes/",
            {"ballot": ballot["id"], "entries": [{"voter": sixth.pk, "choice": "yes"}]},
        )
    )
    assert entered == {"ballot": ballot["id"], "recorded": 1}
    # while the vote is open nobody shows as appointed and no count is shown
    assert _ok(leader.get(f"{API}/appointments/", {"appointed": "true"}))["results"] == []
    assert leader.get(f"{ballot_url}/result/").status_code == 409

    # close and publish through the engine: 5 yes of 9 members is more than half (R32)
    closed = _ok(_post(office, f"{ballot_url}/close/"))
    assert (closed["state"], closed["passed"], closed["participants"]) == ("closed", True, 6)
    late = _post(member_clients[6][1], f"{ballot_url}/cast/", {"choices": [option["yes"]]})
    assert late.status_code == 409  # no vote after closing
    assert _ok(_post(office, f"{ballot_url}/publish/"))["state"] == "published"
    result = _ok(leader.get(f"{ballot_url}/result/"))
    assert [(o["code"], o["count"]) for o in result["options"]] == [
        ("yes", 5),
        ("no", 1),
        ("abstain", 0),
    ]
    assert (result["participants"], result["needed"], result["passed"]) == (6, 5, True)

    # conclude: personnel reads the engine's decision
    concluded = _ok(_post(office, f"{bill_url}/conclude/"))
    assert [(i["state"], i["decided_on"], i["is_appointed"]) for i in concluded["items"]] == [
        ("passed", day, True),
        ("passed", day, True),
    ]
    appointed = _ok(leader.get(f"{API}/appointments/", {"session": session["id"]}))["results"]
    assert {a["person_name"] for a in appointed if a["oath_pending"]} == {"高新任", "王新任"}

    # the session closes; the agenda item shows its ballot's result
    closed_session = _ok(_post(office, f"{url}/close/"))
    assert closed_session["state"] == "closed"
    (agenda_item,) = closed_session["agenda"]
    assert (agenda_item["id"], agenda_item["ballot"]) == (item["id"], ballot["id"])
    assert (agenda_item["ballot_state"], agenda_item["ballot_passed"]) == ("published", True)
    by_ballot = _ok(leader.get(f"{API}/agenda-items/", {"session": session["id"]}))["results"]
    assert [(i["id"], i["ballot"]) for i in by_ballot] == [(item["id"], ballot["id"])]

    # certificates, numbered in order
    numbers = []
    for nominee in (first, second):
        certified = _ok(
            _post(office, f"{API}/appointments/{nominee['id']}/issue-certificate/", {"on": day})
        )
        assert certified["state"] == "certified"
        numbers.append(certified["certificate_number"])
        document = leader.get(f"{API}/appointments/{nominee['id']}/certificate/")
        assert document.status_code == 200 and document.content[:2] == b"PK"
    assert numbers == ["常任字〔2023〕第1号", "常任字〔2023〕第2号"]

    # the constitutional oath ceremony swears both (R71)
    ceremony = _ok(
        _post(
            office,
            f"{API}/oath-ceremonies/",
            {
                "held_on": day,
                "place": "市人大常委会第一会议室",
                "session": session["id"],
                "presided_by": "主任",
                "items": [first["id"], second["id"]],
            },
        ),
        201,
    )
    assert ceremony["session"] == session["id"] and ceremony["organiser"] == "chair_meeting"
    assert {s["person_name"] for s in ceremony["sworn"]} == {"高新任", "王新任"}
    for nominee in (first, second):
        sworn = _ok(leader.get(f"{API}/appointments/{nominee['id']}/"))
        assert (sworn["state"], sworn["ceremony"], sworn["oath_pending"]) == (
            "sworn",
            ceremony["id"],
            False,
        )

    # the year's figures count the two appointments and the two people sworn
    figures = _ok(office.get(f"{API}/reports/annual/{today.value.year}/"))["figures"]
    assert (figures["appointments"], figures["oath_takers"]) == (2, 2)

    # the audit holds every step, across the three apps
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {
        "schedule_session",
        "add_agenda_item",
        "record_attendance",
        "open_session",
        "nominate",
        "deliberate",
        "statement",
        "create",
        "open",
        "cast",
        "attach_ballot",
        "close",
        "publish",
        "vote_passed",
        "close_session",
        "issue_certificate",
        "record_ceremony",
        "take_oath",
    } <= verbs


def test_opening_without_a_quorum_is_refused_and_changes_nothing(
    world, member_clients, client_for, today
):
    office = client_for("office_staff")
    session = _schedule(office, world, today)
    url = f"{API}/committee-sessions/{session['id']}"
    # four of nine present: more than half of ALL members (five) are needed (R31)
    entries = [
        {"member": m.pk, "status": "present" if i < 4 else "on_leave"}
        for i, (m, _client) in enumerate(member_clients)
    ]
    detail = _ok(_post(office, f"{url}/attendance/", {"entries": entries}))
    assert (detail["quorum"]["present"], detail["quorum"]["needed"]) == (4, 5)
    assert detail["quorum"]["met"] is False
    before = _ok(office.get(f"{url}/"))
    audit_before = AuditEntry.objects.count()

    refused = _post(office, f"{url}/open/")
    assert refused.status_code == 409
    assert "R31" in refused.json()["detail"]
    assert _ok(office.get(f"{url}/")) == before
    details = SessionDetails.objects.get(pk=session["id"])
    assert (details.state, details.opened_at) == ("scheduled", None)
    assert AuditEntry.objects.count() == audit_before
