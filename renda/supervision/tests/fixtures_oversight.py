"""Fixtures of the oversight tests (imported by the tests/test_oversight_*.py files):
a special committee, a committee session on 2023-06-29 opened with its quorum, and a
chair meeting held before it."""

import datetime as dt
from dataclasses import dataclass

import pytest

from renda.core.models import Organisation, Session
from renda.meetings.models import ChairMeeting, SessionDetails

SESSION_DAY = dt.date(2023, 6, 29)


@dataclass
class Oversight:
    committee: Organisation
    session: Session
    chair_meeting: ChairMeeting
    office: object


@pytest.fixture
def ov(world, today):
    office = world.users["office_staff"]
    committee = Organisation.objects.create(
        code="SC-CJ-T", name="财政经济委员会", kind=Organisation.Kind.SPECIAL_COMMITTEE
    )
    session = Session.objects.create(
        term=world.term,
        body=Session.Body.STANDING_COMMITTEE,
        number=4,
        start_date=SESSION_DAY,
        end_date=SESSION_DAY,
    )
    # opened with its quorum: the meetings app's own tests walk that (R31)
    SessionDetails.objects.create(session=session, state=SessionDetails.State.OPEN)
    chair_meeting = ChairMeeting.objects.create(
        term=world.term, number=1, date=dt.date(2023, 2, 17), state=ChairMeeting.State.HELD
    )
    return Oversight(committee, session, chair_meeting, office)
