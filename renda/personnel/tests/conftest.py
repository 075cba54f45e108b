"""Fixtures for personnel: a committee of 59 members, a committee session, and a bill
factory that walks items to a given state through the services."""

import datetime as dt

import pytest

from renda.core.models import CommitteeMember, Person, Session
from renda.core.tests.factories import PersonFactory
from renda.personnel import services
from renda.personnel.models import AppointmentBill, AppointmentItem, Nominator

MEMBERS = 59
VOTE_DAY = dt.date(2023, 2, 24)


@pytest.fixture
def members(world) -> list[Person]:
    """All 59 members of the committee (the world's member among them)."""
    existing = [m.person for m in CommitteeMember.objects.filter(term=world.term)]
    extra = [PersonFactory(name=f"委员{n:02d}") for n in range(MEMBERS - len(existing))]
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                person=p, term=world.term, post="member", start_date=world.term.start_date
            )
            for p in extra
        ]
    )
    return existing + extra


@pytest.fixture
def committee_session(world) -> Session:
    """A session already opened with its quorum (the meetings app's tests check that)."""
    from renda.meetings.models import SessionDetails

    session = Session.objects.get_or_create(
        term=world.term,
        body=Session.Body.STANDING_COMMITTEE,
        number=2,
        defaults={"start_date": VOTE_DAY, "end_date": VOTE_DAY},
    )[0]
    SessionDetails.objects.get_or_create(
        session=session, defaults={"state": SessionDetails.State.OPEN}
    )
    return session


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def make_bill(world, committee_session, office):
    def make(*items, grouping=AppointmentBill.Grouping.PER_ITEM, nominator=Nominator.MAYOR):
        """items: (action, name, post) tuples."""
        return services.create_bill(
            term=world.term,
            session=committee_session,
            title="市长提请的任免案",
            nominator=nominator,
            submitted_on=dt.date(2023, 2, 10),
            grouping=grouping,
            items=[
                {"action": action, "person": PersonFactory(name=name), "post": post}
                for action, name, post in items
            ],
            actor=office,
        )

    return make


def ready_for_vote(bill, office):
    """Deliberate the bill and hear every nominee for appointment."""
    services.deliberate(bill, on=VOTE_DAY, actor=office)
    for item in bill.items.filter(
        action=AppointmentItem.Action.APPOINT, state=AppointmentItem.State.DELIBERATED
    ):
        services.record_statement(item, on=VOTE_DAY, summary="供职发言", actor=office)


def vote(bill, members, office, *, yes: int, no: int = 0, abstain: int = 0) -> None:
    """Put the bill to the vote; the first members vote as told; the rest are absent."""
    ballots = services.put_to_vote(bill, held_on=VOTE_DAY, actor=office)
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    for ballot in ballots:
        services.record_votes(
            ballot, entries=list(zip(members, choices, strict=False)), actor=office
        )
    services.conclude_vote(bill, actor=office)
