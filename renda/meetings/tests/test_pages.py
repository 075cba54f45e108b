"""The workbench pages of meetings: the schedule with the R30 warning, a session run
through its forms, minutes and summary as .docx, chair meetings and joint submissions.
Assertions are on data, not on translated strings."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from renda.core.models import Session
from renda.meetings import services
from renda.meetings.models import ChairMeeting, JointSubmission, Observer, SessionDetails

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    document = docx.Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_schedule_warns_when_the_next_session_is_late(world, committee, client_for, today):
    office = world.users["office_staff"]
    services.schedule_session(world.term, start_date=dt.date(2023, 1, 9), actor=office)
    services.schedule_session(world.term, start_date=dt.date(2023, 2, 24), actor=office)
    today.value = dt.date(2023, 3, 10)
    page = client_for("leader").get(reverse("meetings:schedule"))
    assert page.status_code == 200
    body = page.content.decode()
    # nothing after session 2 (24 Feb): the next is due by 30 April
    assert 'data-after="2" data-due="2023-04-30"' in body
    services.schedule_session(world.term, start_date=dt.date(2023, 4, 27), actor=office)
    body = client_for("leader").get(reverse("meetings:schedule")).content.decode()
    assert "r30-warning" not in body


def test_schedule_queries_do_not_grow(
    world, committee, client_for, today, django_assert_max_num_queries
):
    office = world.users["office_staff"]
    for month in range(1, 11):
        services.schedule_session(world.term, start_date=dt.date(2023, month + 1, 10), actor=office)
    client = client_for("leader")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:schedule"))
    assert page.content.decode().count("data-session=") == 10


def test_a_session_through_its_pages(world, committee, client_for, today):
    office = client_for("office_staff")
    r = office.post(
        reverse("meetings:session-create"),
        {"term": world.term.pk, "start_date": today.value.isoformat(), "place": "会议室"},
    )
    assert r.status_code == 302
    session = Session.objects.get(body="standing_committee")
    detail = reverse("meetings:session-detail", args=[session.pk])

    def act(action, data):
        return office.post(reverse("meetings:session-act", args=[session.pk, action]), data)

    assert (
        act(
            "agenda", {"agenda-kind": "work_report", "agenda-title": "计划执行情况报告"}
        ).status_code
        == 302
    )
    # a bill without its reading: the form shows the error, nothing saved
    r = act("agenda", {"agenda-kind": "bill_reading", "agenda-title": "条例草案"})
    assert r.status_code == 400
    assert session.agenda_items.count() == 1
    # four present: opening refused (R31)
    data = {f"attendance-m{m.pk}": "present" for m in committee.members[:4]}
    assert act("attendance", data).status_code == 302
    assert act("open", {}).status_code == 302
    assert SessionDetails.objects.get(session=session).state == "scheduled"
    page = office.get(detail).content.decode()
    assert 'data-present="4"' in page and 'data-needed="5"' in page and 'data-met="0"' in page
    data = {f"attendance-m{m.pk}": "present" for m in committee.members[:5]}
    act("attendance", data)
    act("invite", {"invite-deputies": [d.pk for d in committee.deputies[:2]]})
    act(
        "heads",
        {"heads-kind": "court", "heads-organisation": committee.court.pk, "heads-name": "李院长"},
    )
    assert act("open", {}).status_code == 302
    assert SessionDetails.objects.get(session=session).state == "open"
    act("observers", {"observers-present": [committee.deputies[0].pk]})
    assert list(
        Observer.objects.filter(session=session, kind="deputy")
        .order_by("deputy__code")
        .values_list("deputy_id", "attended")
    ) == sorted([(committee.deputies[0].pk, True), (committee.deputies[1].pk, False)])
    act("forum", {"forum-date": today.value.isoformat(), "forum-place": "三楼"})
    forum = session.forums.get()
    act(
        "contribution",
        {
            "contribution-forum": forum.pk,
            "contribution-deputy": committee.deputies[0].pk,
            "contribution-text": "希望多组织视察",
        },
    )
    act("minutes", {"minutes-minutes": "记录正文", "minutes-summary": "纪要正文"})
    assert act("close", {}).status_code == 302
    page = office.get(detail).content.decode()
    assert "希望多组织视察" in page and "李院长" in page
    # the minutes and the summary as Word documents
    minutes = office.get(reverse("meetings:session-document", args=[session.pk, "minutes"]))
    text = _text(minutes)
    assert "应到9人，实到5人" in text and "记录正文" in text and "计划执行情况报告" in text
    summary = _text(office.get(reverse("meetings:session-document", args=[session.pk, "summary"])))
    assert "纪要正文" in summary and "市人大代表1名" in summary and "李院长" in summary
    # unknown action or document: refused, never a 500
    assert act("nonsense", {}).status_code == 403
    assert (
        office.get(reverse("meetings:session-document", args=[session.pk, "x"])).status_code == 404
    )


def test_agenda_item_page_takes_documents(world, committee, scheduled, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = services.add_agenda_item(
        session=scheduled, kind="decision", title="决定草案", actor=world.users["office_staff"]
    )
    office = client_for("office_staff")
    url = reverse("meetings:item-act", args=[item.pk, "document"])
    bad = SimpleUploadedFile("x.txt", b"hello")
    assert office.post(url, {"document-file": bad}).status_code == 400
    good = SimpleUploadedFile("决定草案.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....")
    assert office.post(url, {"document-file": good}).status_code == 302
    document = item.documents.get()
    download = client_for("leader").get(reverse("meetings:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\xd0\xcf\x11\xe0")


def test_joint_submission_pages(world, committee, client_for, today):
    office = client_for("office_staff")
    data = {
        "term": world.term.pk,
        "kind": "bill",
        "title": "关于制定养犬管理条例的议案",
        "text": "……",
        "submitters": [m.pk for m in committee.members[:3]],
    }
    r = office.post(reverse("meetings:submission-create"), data)
    assert r.status_code == 400 and not JointSubmission.objects.exists()
    data["submitters"] = [m.pk for m in committee.members[:5]]
    assert office.post(reverse("meetings:submission-create"), data).status_code == 302
    page = client_for("committee_member").get(reverse("meetings:submission-list"))
    assert "关于制定养犬管理条例的议案" in page.content.decode()


def test_chair_meeting_pages(world, committee, client_for, today, django_assert_max_num_queries):
    office = client_for("office_staff")
    r = office.post(
        reverse("meetings:chair-meeting-create"),
        {
            "term": world.term.pk,
            "date": today.value.isoformat(),
            "participants": [committee.members[1].pk],
        },
    )
    assert r.status_code == 302
    meeting = ChairMeeting.objects.get()
    r = office.post(
        reverse("meetings:chair-meeting-act", args=[meeting.pk, "held"]),
        {"held-decisions": "同意"},
    )
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == "held"
    client = client_for("leader")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:chair-meeting-list")).status_code == 200
