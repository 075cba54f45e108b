"""R32, R33, R70 and R71 on appointments and removals, through the services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.ballots.models import Ballot, Vote
from renda.core.audit import entries_for
from renda.handling.workflow import InvalidTransition
from renda.personnel import services
from renda.personnel.figures import appointments, oath_takers
from renda.personnel.models import AppointmentBill, AppointmentItem, OathCeremony
from renda.personnel.tests.conftest import VOTE_DAY, ready_for_vote, vote

S = AppointmentItem.State
APPOINT = ("appoint", "张任命", "市教育局局长")
REMOVE = ("remove", "李免职", "市教育局局长")


def test_R32_more_than_half_of_all_members_not_of_those_present(members, make_bill, office):
    # 59 members, 40 present: 29 yes is a majority of those present but not of all
    short = make_bill(APPOINT)
    ready_for_vote(short, office)
    vote(short, members, office, yes=29, no=11)
    item = short.items.get()
    assert item.state == S.FAILED
    assert item.ballot.electorate_size == 59 and item.ballot.passed is False
    assert not item.is_appointed
    # 30 of 59 is more than half of all: passes, abstentions and absences counted against
    enough = make_bill(("appoint", "王任命", "市财政局局长"))
    ready_for_vote(enough, office)
    vote(enough, members, office, yes=30, abstain=10)
    item = enough.items.get()
    assert item.state == S.PASSED and item.is_appointed
    assert item.decided_on == VOTE_DAY


def test_R33_removal_is_voted_by_secret_ballot(members, make_bill, office):
    bill = make_bill(APPOINT, REMOVE, grouping=AppointmentBill.Grouping.PER_LIST)
    ready_for_vote(bill, office)
    vote(bill, members, office, yes=40)
    appoint, remove = bill.items.order_by("position")
    assert appoint.ballot.method == Ballot.Method.ROLL_CALL
    assert remove.ballot.method == Ballot.Method.SECRET
    assert appoint.ballot_id != remove.ballot_id  # never on one ballot
    # the secret ballot keeps no per-vote row, only participation and counters
    assert not Vote.objects.filter(ballot=remove.ballot).exists()
    assert remove.ballot.participations.count() == 40
    assert Vote.objects.filter(ballot=appoint.ballot).count() == 40
    assert remove.state == S.PASSED and not remove.is_appointed
    assert services.method_for("remove") == Ballot.Method.SECRET


def test_R70_no_vote_before_the_nominees_statement(members, make_bill, office):
    bill = make_bill(APPOINT, REMOVE, grouping=AppointmentBill.Grouping.PER_LIST)
    # not even deliberated
    with pytest.raises(InvalidTransition):
        services.put_to_vote(bill, held_on=VOTE_DAY, actor=office)
    services.deliberate(bill, on=VOTE_DAY, actor=office)
    # deliberated, but the nominee for appointment has not spoken: nothing is voted
    with pytest.raises(InvalidTransition, match="张任命"):
        services.put_to_vote(bill, held_on=VOTE_DAY, actor=office)
    assert not Ballot.objects.exists()
    assert set(bill.items.values_list("state", flat=True)) == {S.DELIBERATED}
    # a removal has no statement
    with pytest.raises(InvalidTransition):
        services.record_statement(bill.items.get(action="remove"), on=VOTE_DAY, actor=office)
    services.record_statement(bill.items.get(action="appoint"), on=VOTE_DAY, actor=office)
    assert len(services.put_to_vote(bill, held_on=VOTE_DAY, actor=office)) == 2


def test_R70_no_certificate_before_a_passed_vote(members, make_bill, office):
    bill = make_bill(APPOINT)
    item = bill.items.get()
    for step in (
        lambda: None,
        lambda: services.deliberate(bill, on=VOTE_DAY, actor=office),
        lambda: services.record_statement(item, on=VOTE_DAY, actor=office),
        lambda: services.put_to_vote(bill, held_on=VOTE_DAY, actor=office),
    ):
        step()
        with pytest.raises(InvalidTransition):
            services.issue_certificate(item, on=VOTE_DAY, actor=office)
        item.refresh_from_db()
        assert not item.is_appointed and item.certificate_number == ""
    # a failed vote ends the item as not appointed
    services.conclude_vote(bill, actor=office)  # nobody voted: 0 of 59
    item.refresh_from_db()
    assert item.state == S.FAILED and not item.is_appointed
    with pytest.raises(InvalidTransition):
        services.issue_certificate(item, on=VOTE_DAY, actor=office)


def test_R70_certificate_after_the_vote_then_the_oath(members, make_bill, office):
    bill = make_bill(APPOINT, ("appoint", "赵任命", "市民政局局长"))
    ready_for_vote(bill, office)
    vote(bill, members, office, yes=45)
    first, second = bill.items.order_by("position")
    with pytest.raises(ValidationError):
        services.issue_certificate(first, on=VOTE_DAY - dt.timedelta(days=1), actor=office)
    first = services.issue_certificate(first, on=VOTE_DAY, actor=office)
    second = services.issue_certificate(second, on=VOTE_DAY, actor=office)
    assert first.certificate_number == "常任字〔2023〕第1号"
    assert second.certificate_number == "常任字〔2023〕第2号"
    verbs = list(entries_for(first).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "nominate",
        "deliberate",
        "statement",
        "put_to_vote",
        "vote_passed",
        "issue_certificate",
    ]


def _certified(bill, members, office):
    ready_for_vote(bill, office)
    vote(bill, members, office, yes=40)
    items = list(bill.items.order_by("position"))
    for item in items:
        if item.action == "appoint" and item.state == S.PASSED:
            services.issue_certificate(item, on=VOTE_DAY, actor=office)
    return [AppointmentItem.objects.get(pk=i.pk) for i in items]


def test_R71_a_ceremony_swears_only_people_whose_appointment_passed(members, make_bill, office):
    passed, removed = _certified(make_bill(APPOINT, REMOVE), members, office)
    nominated = make_bill(("appoint", "孙待审", "市水利局局长")).items.get()
    # not yet voted, or a removal: refused, nothing recorded
    for refused in (nominated, removed):
        with pytest.raises(InvalidTransition):
            services.record_ceremony(
                held_on=VOTE_DAY, place="市人大常委会会议厅", items=[passed, refused], actor=office
            )
    assert not OathCeremony.objects.exists()
    assert passed.oath_pending
    ceremony = services.record_ceremony(
        held_on=VOTE_DAY, place="市人大常委会会议厅", items=[passed], actor=office
    )
    passed.refresh_from_db()
    assert passed.state == S.SWORN and not passed.oath_pending
    assert ceremony.organiser == OathCeremony.Organiser.CHAIR_MEETING
    assert [t.item for t in ceremony.oath_takings.all()] == [passed]
    # sworn once
    with pytest.raises(InvalidTransition):
        services.record_ceremony(held_on=VOTE_DAY, place="会议厅", items=[passed], actor=office)


def test_R71_a_ceremony_cannot_precede_the_vote(members, make_bill, office):
    (item,) = _certified(make_bill(APPOINT), members, office)
    with pytest.raises(ValidationError):
        services.record_ceremony(
            held_on=VOTE_DAY - dt.timedelta(days=3), place="会议厅", items=[item], actor=office
        )
    assert not OathCeremony.objects.exists()


def test_figures_count_voted_person_times_and_people_sworn(members, make_bill, office):
    items = _certified(make_bill(APPOINT, REMOVE), members, office)
    failed = make_bill(("appoint", "钱未过", "市林业局局长"))
    ready_for_vote(failed, office)
    vote(failed, members, office, yes=10)
    make_bill(("appoint", "周未表决", "市体育局局长"))  # not yet voted
    assert appointments(2023) == 3  # appointed, removed, failed
    assert appointments(2024) == 0
    assert oath_takers(2023) == 0
    services.record_ceremony(held_on=VOTE_DAY, place="会议厅", items=items[:1], actor=office)
    assert oath_takers(2023) == 1


def test_withdrawn_items_are_not_voted(members, make_bill, office):
    bill = make_bill(APPOINT, ("appoint", "吴撤回", "市统计局局长"))
    services.withdraw_item(bill.items.get(position=2), note="提请机关撤回", actor=office)
    ready_for_vote(bill, office)
    vote(bill, members, office, yes=40)
    states = dict(bill.items.values_list("position", "state"))
    assert states == {1: S.PASSED, 2: S.WITHDRAWN}
    assert appointments(2023) == 1


def test_R31_no_vote_at_a_session_not_opened_or_on_another_day(make_bill, office, members):
    from renda.meetings.models import SessionDetails

    bill = make_bill(("appoint", "甲", "局长"))
    ready_for_vote(bill, office)
    session = bill.session
    SessionDetails.objects.filter(session=session).update(state=SessionDetails.State.SCHEDULED)
    with pytest.raises(InvalidTransition):
        services.put_to_vote(bill, held_on=session.start_date, actor=office)
    SessionDetails.objects.filter(session=session).update(state=SessionDetails.State.OPEN)
    with pytest.raises(ValidationError):
        services.put_to_vote(
            bill, held_on=session.start_date + dt.timedelta(days=100), actor=office
        )
