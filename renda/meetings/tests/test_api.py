"""A committee session through the HTTP API: schedule → agenda → attendance → quorum →
open → invited deputies → a vote through the ballot engine → forum → close; chair
meetings and a formal question (R34) through the API; bad input never a 500."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.models import AuditEntry
from renda.deputies.models import DutyActivity
from renda.meetings import services as meetings
from renda.meetings.models import AgendaItem, JointSubmission, SessionDetails

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _post(client, url, data=None, **kwargs):
    return client.post(url, data or {}, content_type="application/json", **kwargs)


def test_a_full_session_through_the_api(world, committee, client_for, today):
    office = client_for("office_staff")
    # schedule
    r = _post(
        office,
        f"{API}/committee-sessions/",
        {"term": world.term.pk, "start_date": today.value.isoformat(), "place": "常委会会议室"},
    )
    assert r.status_code == 201, r.content
    session = r.json()
    assert (session["number"], session["state"]) == (1, "scheduled")
    url = f"{API}/committee-sessions/{session['id']}"
    # agenda: an appointment list to vote on, a bill reading with its document
    r = _post(
        office,
        f"{url}/agenda/",
        {"kind": "appointment_list", "title": "人事任免事项", "presenter": "市人民政府"},
    )
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    r = _post(office, f"{url}/agenda/", {"kind": "bill_reading", "title": "条例草案", "reading": 1})
    assert r.status_code == 201 and r.json()["position"] == 2
    upload = SimpleUploadedFile("草案.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    r = office.post(f"{API}/agenda-items/{r.json()['id']}/documents/", {"file": upload})
    assert r.status_code == 201, r.content
    assert [d["name"] for d in r.json()["documents"]] == ["草案.pdf"]
    # invited attendees: three deputies and the head of the government
    deputies = committee.deputies[:3]
    r = _post(office, f"{url}/invite/", {"deputies": [d.pk for d in deputies]})
    assert r.status_code == 200, r.content
    r = _post(
        office,
        f"{url}/heads/",
        {"kind": "government", "organisation": committee.government.pk, "name": "王市长"},
    )
    assert r.status_code == 200, r.content
    # attendance: four of nine present → opening refused (R31), nothing changed
    members = committee.members
    entries = [
        {"member": m.pk, "status": "present" if i < 4 else "on_leave", "reason": ""}
        for i, m in enumerate(members)
    ]
    r = _post(office, f"{url}/attendance/", {"entries": entries})
    assert r.json()["quorum"] == {
        "members": 9,
        "present": 4,
        "on_leave": 5,
        "absent": 0,
        "needed": 5,
        "met": False,
    }
    r = _post(office, f"{url}/open/")
    assert r.status_code == 409
    assert "R31" in r.json()["detail"]
    assert SessionDetails.objects.get(pk=session["id"]).state == "scheduled"
    # a fifth member arrives: quorum, the session opens
    r = _post(
        office, f"{url}/attendance/", {"entries": [{"member": members[4].pk, "status": "present"}]}
    )
    assert r.json()["quorum"]["met"] is True
    r = _post(office, f"{url}/open/")
    assert r.status_code == 200 and r.json()["state"] == "open"
    # the vote, through the ballot engine, on the appointment list
    from renda.ballots import services as ballots
    from renda.core.models import Session

    actor = world.users["office_staff"]
    ballot = ballots.create_ballot(
        question="人事任免事项",
        kind="motion",
        method="roll_call",
        electorate="committee_members",
        term=world.term,
        held_on=today.value,
        pass_rule="majority_of_all",
        session=Session.objects.get(pk=session["id"]),
        actor=actor,
    )
    ballots.open_ballot(ballot, actor=actor)
    yes = ballot.options.order_by("position").first()
    for member in members[:5]:
        ballots.cast(ballot, voter=member.person, choices=[yes.pk], actor=actor, by_clerk=True)
    ballots.close_ballot(ballot, actor=actor)
    # a satisfaction assessment is no vote on a list of appointments: refused, nothing linked
    assessment = ballots.create_ballot(
        question="满意度测评",
        kind="assessment",
        method="secret",
        electorate="committee_members",
        term=world.term,
        held_on=today.value,
        pass_rule="none",
        session=Session.objects.get(pk=session["id"]),
        actor=actor,
    )
    r = _post(office, f"{API}/agenda-items/{item_id}/ballot/", {"ballot": assessment.pk})
    assert r.status_code == 400
    message = r.json()["errors"]["ballot"][0]
    assert "满意度测评" in message and "人事任免" in message
    assert AgendaItem.objects.get(pk=item_id).ballot_id is None
    # the item's page offers the yes / no / abstain ballot only
    page = office.get(f"/meetings/items/{item_id}/").content.decode()
    offered = page[
        page.index('name="ballot-ballot"') : page.index(
            "</select>", page.index('name="ballot-ballot"')
        )
    ]
    assert f'value="{ballot.pk}"' in offered and f'value="{assessment.pk}"' not in offered
    r = _post(office, f"{API}/agenda-items/{item_id}/ballot/", {"ballot": ballot.pk})
    assert r.status_code == 200, r.content
    assert (r.json()["ballot_state"], r.json()["ballot_passed"]) == ("closed", True)
    # the deputies who came; their attendance in their duty record (R35, R80)
    r = _post(office, f"{url}/observers/", {"present": [deputies[0].pk, deputies[1].pk]})
    assert r.status_code == 200, r.content
    attended = {o["deputy"]: o["attended"] for o in r.json()["observers"] if o["kind"] == "deputy"}
    assert attended == {deputies[0].pk: True, deputies[1].pk: True, deputies[2].pk: False}
    assert all(not o["has_vote"] for o in r.json()["observers"])
    assert DutyActivity.objects.filter(kind="session_attendance").count() == 2
    record = client_for("leader").get(f"{API}/duty-records/{deputies[0].pk}/").json()
    assert record["activities_by_kind"].get("session_attendance") == 1
    # the forum after the session, and what a deputy said
    r = _post(office, f"{url}/forums/", {"date": today.value.isoformat(), "place": "三楼"})
    assert r.status_code == 201, r.content
    forum_id = r.json()["forums"][0]["id"]
    r = _post(
        office,
        f"{url}/contributions/",
        {"forum": forum_id, "deputy": deputies[2].pk, "text": "没来也想说"},
    )
    assert r.status_code == 400  # did not attend
    r = _post(
        office,
        f"{url}/contributions/",
        {"forum": forum_id, "deputy": deputies[0].pk, "text": "建议加快立法进度"},
    )
    assert r.status_code == 201
    assert r.json()["forums"][0]["contributions"][0]["text"] == "建议加快立法进度"
    # minutes, close; a closed session's record no longer changes
    r = _post(office, f"{url}/minutes/", {"minutes": "会议审议了……", "summary": "会议认为……"})
    assert r.status_code == 200
    r = _post(office, f"{url}/close/")
    assert r.status_code == 200 and r.json()["state"] == "closed"
    r = _post(office, f"{url}/agenda/", {"kind": "other", "title": "迟到的议题"})
    assert r.status_code == 409
    # everyone on the committee side reads it; the audit holds every step
    detail = client_for("committee_member").get(f"{url}/").json()
    assert [i["title"] for i in detail["agenda"]] == ["人事任免事项", "条例草案"]
    verbs = set(
        AuditEntry.objects.filter(target_id=str(session["id"])).values_list("verb", flat=True)
    )
    assert {
        "schedule_session",
        "add_agenda_item",
        "record_attendance",
        "open_session",
        "invite_deputies",
        "record_observer_attendance",
        "save_minutes",
        "close_session",
    } <= verbs


def test_documents_are_pdf_or_word_only(world, committee, scheduled, client_for):
    from renda.meetings import services

    item = services.add_agenda_item(
        session=scheduled, kind="work_report", title="报告", actor=world.users["office_staff"]
    )
    office = client_for("office_staff")
    url = f"{API}/agenda-items/{item.pk}/documents/"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    r = office.post(url, {"file": fake})
    assert r.status_code == 400 and "file" in r.json()["errors"]
    exe = SimpleUploadedFile("report.exe", b"MZ\x90\x00")
    assert office.post(url, {"file": exe}).status_code == 400
    empty = SimpleUploadedFile("empty.docx", b"")
    assert office.post(url, {"file": empty}).status_code == 400
    word = SimpleUploadedFile("报告.docx", b"PK\x03\x04rest")
    assert office.post(url, {"file": word}).status_code == 201
    assert item.documents.count() == 1


def test_a_formal_question_through_the_api(world, committee, client_for, today):
    office = client_for("office_staff")
    members = committee.members
    body = {
        "term": world.term.pk,
        "kind": "formal_question",
        "title": "关于城市内涝治理的质询案",
        "text": "……",
        "addressee": committee.government.pk,
        "submitters": [m.pk for m in members[:4]],
    }
    r = _post(office, f"{API}/joint-submissions/", body)
    assert r.status_code == 400
    assert "R34" in r.json()["errors"]["submitters"][0]
    assert not JointSubmission.objects.exists()
    body["submitters"] = [m.pk for m in members[:5]]
    r = _post(office, f"{API}/joint-submissions/", body)
    assert r.status_code == 201, r.content
    url = f"{API}/joint-submissions/{r.json()['id']}"
    r = _post(
        office,
        f"{url}/answer/",
        {"answered_on": today.value.isoformat(), "answered_by": "市住建局", "text": "答复"},
    )
    assert r.status_code == 200 and r.json()["state"] == "answered"
    views = [{"member": m.pk, "satisfied": i < 2} for i, m in enumerate(members[:5])]
    r = _post(office, f"{url}/views/", {"views": views})
    assert r.status_code == 200
    assert r.json()["state"] == "answer_again"
    assert r.json()["answers"][0]["answer_again"] is True
    r = _post(office, f"{url}/views/", {"views": views})
    assert r.status_code == 409  # no new answer yet


def test_chair_meeting_through_the_api(world, committee, client_for, today):
    office = client_for("office_staff")
    r = _post(
        office,
        f"{API}/chair-meetings/",
        {
            "term": world.term.pk,
            "date": today.value.isoformat(),
            "participants": [m.pk for m in committee.members[1:3]],
        },
    )
    assert r.status_code == 201, r.content
    url = f"{API}/chair-meetings/{r.json()['id']}"
    r = _post(office, f"{url}/agenda/", {"kind": "decision", "title": "研究常委会会议议程"})
    assert r.status_code == 201
    r = _post(office, f"{url}/held/", {"decisions": "同意提请常委会第二次会议审议"})
    assert r.status_code == 200 and r.json()["state"] == "held"
    assert AgendaItem.objects.filter(chair_meeting_id=r.json()["id"]).count() == 1


@pytest.mark.parametrize(
    "path,body",
    [
        ("attendance/", {"entries": [{"member": 10**12, "status": "present"}]}),
        ("attendance/", {"entries": "x"}),
        ("attendance/", {"entries": [{"member": 1, "status": "sleeping"}]}),
        ("invite/", {"deputies": [2**70]}),
        ("invite/", {"deputies": ["x"]}),
        ("agenda/", {"kind": "bill_reading", "title": "无读次"}),
        ("agenda/", {"kind": "nonsense", "title": "x"}),
        ("heads/", {"kind": "court", "name": ""}),
        ("heads/", {"kind": "deputy", "name": "x"}),
        ("forums/", {"date": "2023-13-45"}),
        ("contributions/", {"forum": 10**15, "deputy": 1, "text": "x"}),
        ("observers/", {"present": [1, 1, "a"]}),
    ],
)
def test_bad_input_is_a_clear_400_and_changes_nothing(
    world, committee, scheduled, client_for, path, body
):
    before = AuditEntry.objects.count()
    r = _post(client_for("office_staff"), f"{API}/committee-sessions/{scheduled.pk}/{path}", body)
    assert r.status_code in {400, 409}, (r.status_code, r.content)
    assert r.json()["detail"]
    assert AuditEntry.objects.count() == before


def test_session_list_queries_do_not_grow(
    world, committee, client_for, django_assert_max_num_queries
):
    from renda.meetings import services

    office = world.users["office_staff"]
    for day in range(1, 6):
        services.schedule_session(world.term, start_date=dt.date(2023, 3, day), actor=office)
    client = client_for("leader")
    with django_assert_max_num_queries(8):
        r = client.get(f"{API}/committee-sessions/")
    assert r.json()["count"] == 5


def test_a_member_recorded_absent_does_not_vote_at_the_session(
    world, committee, scheduled, office, client_for, today
):
    """On leave or absent at the session: no vote on its ballots, on the tablet or through
    the clerk; recorded present later, the member votes."""
    from renda.ballots import services as ballots

    member = committee.members[0]  # the world's member, who has an account
    assert member.person_id == world.users["committee_member"].person_id
    entries = [(m, "on_leave" if m is member else "present", "") for m in committee.members]
    meetings.record_attendance(scheduled, entries, actor=office)
    ballot = ballots.create_ballot(
        question="关于某项决定的表决",
        kind="motion",
        method="secret",
        electorate="committee_members",
        term=world.term,
        held_on=today.value,
        pass_rule="majority_of_all",
        session=scheduled,
        actor=office,
    )
    ballots.open_ballot(ballot, actor=office)
    yes = ballot.options.get(code="yes").pk
    tablet = client_for("committee_member")
    url = f"{API}/ballots/{ballot.pk}"

    vote_url = f"/ballots/{ballot.pk}/vote/"
    assert vote_url not in tablet.get("/").content.decode()  # not in the to-do list
    assert 'id="vote-now"' not in tablet.get(f"/ballots/{ballot.pk}/").content.decode()
    page = tablet.get(vote_url)
    assert (
        'id="vote-away"' in page.content.decode() and 'id="vote-form"' not in page.content.decode()
    )
    r = _post(tablet, f"{url}/cast/", {"choices": [yes]})
    assert r.status_code == 400 and "请假" in r.content.decode()
    clerk = client_for("office_staff")
    r = _post(clerk, f"{url}/enter/", {"voter": member.person_id, "choices": [yes]})
    assert r.status_code == 400
    # the clerk's page does not offer the member, and says why
    entry = clerk.get(f"/ballots/{ballot.pk}/enter/").content.decode()
    offered = entry[entry.index('name="voter"') : entry.index("</select>")]
    assert f'value="{member.person_id}"' not in offered
    assert 'id="away"' in entry and member.person.name in entry
    assert '<span id="remaining">8</span>' in entry
    assert ballot.participations.count() == 0
    assert ballot.options.get(code="yes").count == 0

    meetings.record_attendance(scheduled, [(member, "present", "")], actor=office)
    assert vote_url in tablet.get("/").content.decode()
    assert 'id="vote-now"' in tablet.get(f"/ballots/{ballot.pk}/").content.decode()
    assert _post(tablet, f"{url}/cast/", {"choices": [yes]}).status_code == 201
    assert ballot.participations.count() == 1
