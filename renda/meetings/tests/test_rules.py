"""RULES.md R30, R31, R34, R35 for committee sessions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.core.models import AuditEntry, CommitteeMember, Session
from renda.deputies.models import DutyActivity
from renda.meetings import services
from renda.meetings.models import JointSubmission, Observer, SessionDetails
from renda.meetings.tests.conftest import present

pytestmark = pytest.mark.django_db


def _session(term, number, day):
    return Session.objects.create(
        term=term, body="standing_committee", number=number, start_date=day, end_date=day
    )


def test_R30_next_session_due_by_the_end_of_the_second_month():
    assert services.r30_due(dt.date(2023, 2, 24)) == dt.date(2023, 4, 30)
    assert services.r30_due(dt.date(2023, 12, 27)) == dt.date(2024, 2, 29)
    assert services.r30_due(dt.date(2023, 11, 30)) == dt.date(2024, 1, 31)


def test_R30_schedule_warns_about_a_late_or_missing_session(world):
    sessions = [
        _session(world.term, 1, dt.date(2023, 1, 9)),
        _session(world.term, 2, dt.date(2023, 2, 24)),
        _session(world.term, 3, dt.date(2023, 5, 3)),  # after 30 April: late
    ]
    warnings = services.schedule_warnings(sessions, dt.date(2023, 4, 1), world.term)
    assert [(w.after.number, w.following and w.following.number) for w in warnings] == [(2, 3)]
    # the last session is past and nothing follows it: due by the end of July
    warnings = services.schedule_warnings(sessions, dt.date(2023, 6, 1), world.term)
    assert [(w.after.number, w.following, w.due) for w in warnings][-1] == (
        3,
        None,
        dt.date(2023, 7, 31),
    )


def test_R30_the_demo_calendar_holds_every_two_months(world):
    days = [(1, 9), (2, 24), (4, 27), (6, 29), (8, 30), (10, 26), (12, 27)]
    sessions = [_session(world.term, n, dt.date(2023, m, d)) for n, (m, d) in enumerate(days, 1)]
    assert services.schedule_warnings(sessions, dt.date(2023, 12, 1), world.term) == []


def test_R31_quorum_is_more_than_half_of_all_members(world, committee, scheduled, office):
    # nine members: five must be present, four is not enough
    count = present(scheduled, committee.members, office, count=4)
    assert (count.members, count.present, count.needed, count.met) == (9, 4, 5, False)
    count = present(scheduled, committee.members, office, count=5)
    assert count.met


def test_R31_members_who_left_do_not_count(world, committee, scheduled, office, today):
    gone = committee.members[-1]
    gone.end_date = today.value - dt.timedelta(days=1)
    gone.save()
    count = services.quorum(scheduled)
    assert (count.members, count.needed) == (8, 5)
    with pytest.raises(ValidationError):
        services.record_attendance(scheduled, [(gone, "present", "")], actor=office)


def test_R31_opening_without_quorum_is_refused_with_a_clear_message(
    world, committee, scheduled, office
):
    present(scheduled, committee.members, office, count=4)
    before = AuditEntry.objects.filter(verb="open_session").count()
    with pytest.raises(services.QuorumNotMet) as refused:
        services.open_session(scheduled, actor=office)
    assert "4" in str(refused.value) and "9" in str(refused.value) and "5" in str(refused.value)
    assert SessionDetails.objects.get(session=scheduled).state == "scheduled"
    assert AuditEntry.objects.filter(verb="open_session").count() == before
    present(scheduled, committee.members, office, count=5)
    assert services.open_session(scheduled, actor=office).state == "open"


def _submit(world, committee, office, n, kind="formal_question"):
    return services.submit_jointly(
        world.term,
        kind=kind,
        title="关于城市供水安全的质询案",
        text="……",
        submitters=committee.members[:n],
        addressee=committee.government,
        actor=office,
    )


def test_R34_fewer_than_five_members_are_refused(world, committee, office):
    with pytest.raises(ValidationError) as refused:
        _submit(world, committee, office, 4)
    assert "submitters" in refused.value.message_dict
    assert "5" in refused.value.message_dict["submitters"][0]
    assert not JointSubmission.objects.exists()
    bill = _submit(world, committee, office, 5, kind="bill")
    assert bill.submitters.count() == 5


def test_R34_one_person_with_two_posts_counts_once(world, committee, office, today):
    first = committee.members[1]
    twin = CommitteeMember.objects.create(
        person=first.person, term=world.term, post="secretary_general", start_date=first.start_date
    )
    with pytest.raises(ValidationError):
        services.submit_jointly(
            world.term,
            kind="bill",
            title="t",
            text="x",
            submitters=[*committee.members[:4], twin],
            actor=office,
        )


def test_R34_more_than_half_dissatisfied_means_answer_again(world, committee, office, today):
    question = _submit(world, committee, office, 5)
    services.record_answer(
        question, answered_on=today.value, answered_by="市水利局", text="答复一", actor=office
    )
    members = list(question.submitters.all())
    views = [(m, i >= 3) for i, m in enumerate(members)]  # three of five dissatisfied
    answer = services.record_questioner_views(question, views, actor=office)
    question.refresh_from_db()
    assert (answer.dissatisfied, answer.questioners, answer.answer_again) == (3, 5, True)
    assert question.state == "answer_again"
    services.record_answer(
        question, answered_on=today.value, answered_by="市水利局", text="答复二", actor=office
    )
    views = [(m, i >= 2) for i, m in enumerate(members)]  # two of five: half is not more
    answer = services.record_questioner_views(question, views, actor=office)
    question.refresh_from_db()
    assert (answer.round, answer.answer_again, question.state) == (2, False, "settled")


def test_R34_every_questioner_gives_a_view(world, committee, office, today):
    question = _submit(world, committee, office, 6)
    services.record_answer(
        question, answered_on=today.value, answered_by="市水利局", text="答复", actor=office
    )
    members = list(question.submitters.all())
    with pytest.raises(ValidationError):
        services.record_questioner_views(question, [(m, False) for m in members[:5]], actor=office)
    outsider = committee.members[8]
    with pytest.raises(ValidationError):
        services.record_questioner_views(
            question, [(m, True) for m in [*members, outsider]], actor=office
        )
    question.refresh_from_db()
    assert question.state == "answered"


def test_R35_invited_deputies_have_no_vote_and_each_attendance_is_recorded(
    world, committee, scheduled, office
):
    from renda.meetings.models import MemberAttendance

    services.invite_deputies(scheduled, committee.deputies[:3], actor=office)
    present(scheduled, committee.members, office, count=5)
    services.open_session(scheduled, actor=office)
    services.record_observer_attendance(scheduled, committee.deputies[:2], actor=office)
    # no vote: not members, not counted in the quorum, not in the electorate
    assert services.quorum(scheduled).members == 9
    deputy_people = {d.person_id for d in committee.deputies}
    assert (
        not services.members_at(world.term, scheduled.start_date)
        .filter(person_id__in=deputy_people)
        .exists()
    )
    assert not MemberAttendance.objects.filter(member__person_id__in=deputy_people).exists()
    # per session and per deputy, each attendance one duty activity (R80)
    rows = Observer.objects.filter(session=scheduled, kind="deputy").order_by("pk")
    assert [r.attended for r in rows] == [True, True, False]
    for deputy in committee.deputies[:2]:
        activity = DutyActivity.objects.get(deputies=deputy, kind="session_attendance")
        assert activity.date == scheduled.start_date
    assert not DutyActivity.objects.filter(deputies=committee.deputies[2]).exists()
    # the year's figure counts attendances, not invitations
    from renda.meetings.figures import deputies_attending_sessions

    assert deputies_attending_sessions(scheduled.start_date.year) == 2
