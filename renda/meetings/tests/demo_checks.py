"""What the demo year's meetings must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

from renda.core.models import AuditEntry, Session
from renda.deputies.models import DutyActivity
from renda.meetings import services
from renda.meetings.models import (
    AgendaItem,
    ChairMeeting,
    Observer,
    PostSessionForum,
    SessionDetails,
)


def check(figures: dict) -> None:
    assert figures["deputies_attending_sessions"] == 330
    sessions = Session.objects.filter(
        term__number=12, body=Session.Body.STANDING_COMMITTEE, start_date__year=2023
    ).order_by("number")
    assert sessions.count() >= 6
    # every session held with a quorum (R31), an agenda, heads attending, a forum
    assert SessionDetails.objects.filter(session__in=sessions, state="closed").count() == (
        sessions.count()
    )
    for session in sessions:
        assert services.quorum(session).met, session
        assert AgendaItem.objects.filter(session=session).count() >= 3
        assert PostSessionForum.objects.filter(session=session).get().contributions.count() >= 4
        kinds = set(Observer.objects.filter(session=session).values_list("kind", flat=True))
        assert {"deputy", "government", "court", "procuratorate"} <= kinds
    # R30: the year's calendar needs no warning between its sessions
    warnings = services.schedule_warnings(list(sessions), sessions.last().start_date)
    assert [w for w in warnings if w.following is not None] == []
    # every kind of agenda item, the two regulations in three readings each
    kinds = set(AgendaItem.objects.filter(session__in=sessions).values_list("kind", flat=True))
    assert {
        "bill_reading",
        "work_report",
        "appointment_list",
        "decision",
        "assessment",
        "inquiry",
    } <= kinds
    assert AgendaItem.objects.filter(session__in=sessions, kind="bill_reading").count() == 6
    # each attendance is a duty activity of the deputy (R35, R80)
    attended = Observer.objects.filter(session__in=sessions, kind="deputy", attended=True)
    assert DutyActivity.objects.filter(kind="session_attendance", date__year=2023).count() == (
        attended.count()
    )
    assert not attended.filter(activity__isnull=True).exists()
    assert ChairMeeting.objects.filter(date__year=2023, state="held").count() >= 6
    verbs = set(
        AuditEntry.objects.filter(target_id=str(sessions.first().pk)).values_list("verb", flat=True)
    )
    assert {"open_session", "record_attendance", "close_session"} <= verbs
