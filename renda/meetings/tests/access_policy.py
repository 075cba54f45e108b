"""Who may open the meetings app's URLs (see renda/core/tests/test_access_matrix.py).
Meetings are the committee side's; the office records them. Object URLs point at a
session with an agenda item, a document, an invited other deputy and a forum, a chair
meeting and a formal question."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

POLICY = {
    "meetings:schedule": COMMITTEE,
    "meetings:session-create": REGISTRARS,
    "meetings:session-detail": COMMITTEE,
    "meetings:session-document": COMMITTEE,
    "meetings:session-act": NOBODY,  # POST only
    "meetings:item-detail": COMMITTEE,
    "meetings:item-act": NOBODY,  # POST only
    "meetings:document": COMMITTEE,
    "meetings:chair-meeting-list": COMMITTEE,
    "meetings:chair-meeting-create": REGISTRARS,
    "meetings:chair-meeting-detail": COMMITTEE,
    "meetings:chair-meeting-act": NOBODY,  # POST only
    "meetings:submission-list": COMMITTEE,
    "meetings:submission-create": REGISTRARS,
    "meetings:submission-detail": COMMITTEE,
    "meetings:submission-act": NOBODY,  # POST only
    "api:committee-session-list": COMMITTEE,
    "api:committee-session-detail": COMMITTEE,
    "api:committee-session-agenda": NOBODY,  # POST only
    "api:committee-session-attendance": NOBODY,
    "api:committee-session-open": NOBODY,
    "api:committee-session-close": NOBODY,
    "api:committee-session-invite": NOBODY,
    "api:committee-session-heads": NOBODY,
    "api:committee-session-observers": NOBODY,
    "api:committee-session-forums": NOBODY,
    "api:committee-session-contributions": NOBODY,
    "api:committee-session-minutes": NOBODY,
    "api:agenda-item-list": COMMITTEE,
    "api:agenda-item-detail": COMMITTEE,
    "api:agenda-item-documents": NOBODY,
    "api:agenda-item-ballot": NOBODY,
    "api:chair-meeting-list": COMMITTEE,
    "api:chair-meeting-detail": COMMITTEE,
    "api:chair-meeting-agenda": NOBODY,
    "api:chair-meeting-held": NOBODY,
    "api:joint-submission-list": COMMITTEE,
    "api:joint-submission-detail": COMMITTEE,
    "api:joint-submission-answer": NOBODY,
    "api:joint-submission-views": NOBODY,
}

POST_POLICY = {
    name: REGISTRARS
    for name in (
        "meetings:session-create",
        "meetings:session-act",
        "meetings:item-act",
        "meetings:chair-meeting-create",
        "meetings:chair-meeting-act",
        "meetings:submission-create",
        "meetings:submission-act",
        "api:committee-session-list",
        "api:committee-session-agenda",
        "api:committee-session-attendance",
        "api:committee-session-open",
        "api:committee-session-close",
        "api:committee-session-invite",
        "api:committee-session-heads",
        "api:committee-session-observers",
        "api:committee-session-forums",
        "api:committee-session-contributions",
        "api:committee-session-minutes",
        "api:agenda-item-documents",
        "api:agenda-item-ballot",
        "api:chair-meeting-list",
        "api:chair-meeting-agenda",
        "api:chair-meeting-held",
        "api:joint-submission-list",
        "api:joint-submission-answer",
        "api:joint-submission-views",
    )
}


def _session(w):
    return {"pk": w.meetings_session.pk}


URL_ARGS = {
    "meetings:session-detail": _session,
    "meetings:session-document": lambda w: {"pk": w.meetings_session.pk, "document": "minutes"},
    "meetings:session-act": lambda w: {"pk": w.meetings_session.pk, "action": "agenda"},
    "meetings:item-detail": lambda w: {"pk": w.meetings_item.pk},
    "meetings:item-act": lambda w: {"pk": w.meetings_item.pk, "action": "document"},
    "meetings:document": lambda w: {"pk": w.meetings_document.pk},
    "meetings:chair-meeting-detail": lambda w: {"pk": w.meetings_chair.pk},
    "meetings:chair-meeting-act": lambda w: {"pk": w.meetings_chair.pk, "action": "held"},
    "meetings:submission-detail": lambda w: {"pk": w.meetings_question.pk},
    "meetings:submission-act": lambda w: {"pk": w.meetings_question.pk, "action": "answer"},
    **{
        f"api:committee-session-{name}": _session
        for name in (
            "detail",
            "agenda",
            "attendance",
            "open",
            "close",
            "invite",
            "heads",
            "observers",
            "forums",
            "contributions",
            "minutes",
        )
    },
    "api:agenda-item-detail": lambda w: {"pk": w.meetings_item.pk},
    "api:agenda-item-documents": lambda w: {"pk": w.meetings_item.pk},
    "api:agenda-item-ballot": lambda w: {"pk": w.meetings_item.pk},
    "api:chair-meeting-detail": lambda w: {"pk": w.meetings_chair.pk},
    "api:chair-meeting-agenda": lambda w: {"pk": w.meetings_chair.pk},
    "api:chair-meeting-held": lambda w: {"pk": w.meetings_chair.pk},
    "api:joint-submission-detail": lambda w: {"pk": w.meetings_question.pk},
    "api:joint-submission-answer": lambda w: {"pk": w.meetings_question.pk},
    "api:joint-submission-views": lambda w: {"pk": w.meetings_question.pk},
}


def prepare(world) -> None:
    """A held committee session with an agenda item and its document, the other deputy
    invited and attending, a forum where they spoke; a chair meeting; a formal question
    to the other unit."""
    from django.core.files.base import ContentFile

    from renda.core.models import CommitteeMember, Session
    from renda.meetings.models import (
        AgendaDocument,
        AgendaItem,
        ChairMeeting,
        ForumContribution,
        JointSubmission,
        Observer,
        PostSessionForum,
        SessionDetails,
    )

    day = dt.date(2023, 2, 24)
    session = Session.objects.create(
        term=world.term, body="standing_committee", number=1, start_date=day, end_date=day
    )
    SessionDetails.objects.create(session=session, state="closed", place="会议室")
    item = AgendaItem.objects.create(
        session=session, position=1, kind="bill_reading", title="条例草案", reading=1
    )
    document = AgendaDocument(item=item, name="草案.pdf", size=9)
    document.file.save("draft.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    Observer.objects.create(
        session=session, kind="deputy", deputy=world.other_deputy, name="他代表", attended=True
    )
    forum = PostSessionForum.objects.create(session=session, date=day)
    ForumContribution.objects.create(forum=forum, deputy=world.other_deputy, text="建议")
    chair = ChairMeeting.objects.create(term=world.term, number=1, date=day)
    # written directly (R34 is the service's check): no extra members, whose votes
    # would change other apps' prepared ballots
    members = list(CommitteeMember.objects.filter(term=world.term))
    question = JointSubmission.objects.create(
        term=world.term,
        kind="formal_question",
        title="质询案",
        text="……",
        addressee=world.other_unit,
        submitted_on=day,
    )
    question.submitters.set(members)
    world.meetings_session, world.meetings_item = session, item
    world.meetings_document, world.meetings_chair = document, chair
    world.meetings_question = question
