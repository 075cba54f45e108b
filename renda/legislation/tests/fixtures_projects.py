"""Fixtures of the project tests (imported by tests/test_projects_*.py): a special
committee, three committee sessions of 2023 opened with their quorum, three members,
a held chair meeting, the office, and helpers that drive a project through its stages."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from renda.core.models import CommitteeMember, Organisation, Session
from renda.core.tests.factories import PersonFactory
from renda.legislation import services_projects as services
from renda.meetings.models import ChairMeeting, SessionDetails

SESSION_DAYS = [dt.date(2023, 2, 23), dt.date(2023, 4, 27), dt.date(2023, 6, 29)]


@dataclass
class Leg:
    office: object
    committee: Organisation
    sessions: list[Session]
    chair_meeting: ChairMeeting
    members: list = field(default_factory=list)


@pytest.fixture
def leg(world, today):
    today.value = dt.date(2023, 12, 20)
    office = world.users["office_staff"]
    committee = Organisation.objects.create(
        code="SC-FZ-T", name="法制委员会", kind=Organisation.Kind.SPECIAL_COMMITTEE
    )
    sessions = []
    for number, day in enumerate(SESSION_DAYS, start=2):
        session = Session.objects.create(
            term=world.term,
            body=Session.Body.STANDING_COMMITTEE,
            number=number,
            start_date=day,
            end_date=day,
        )
        # opened with its quorum: the meetings app's own tests walk that (R31)
        SessionDetails.objects.create(session=session, state=SessionDetails.State.OPEN)
        sessions.append(session)
    for name in ("委员乙", "委员丙"):
        CommitteeMember.objects.create(
            person=PersonFactory(name=name),
            term=world.term,
            post="member",
            start_date=world.term.start_date,
        )
    members = [
        m.person for m in CommitteeMember.objects.filter(term=world.term).select_related("person")
    ]
    chair_meeting = ChairMeeting.objects.create(
        term=world.term, number=1, date=dt.date(2023, 4, 20), state=ChairMeeting.State.HELD
    )
    return Leg(office, committee, sessions, chair_meeting, members)


def new_project(world, leg, legal_text=None, **kwargs):
    values = {
        "term": world.term,
        "title": "平顶山市居民住宅消防安全管理条例",
        "year": 2023,
        "area": "urban_rural",
        "legal_text": legal_text,
        "committee": leg.committee,
        "actor": leg.office,
    }
    values.update(kwargs)
    return services.create_project(**values)


def to_readings(project, leg, readings=3):
    """Approved, drafting, and ``readings`` readings (the text's versions in turn)."""
    office = leg.office
    services.approve_project(
        project, approved_on=dt.date(2023, 1, 20), evaluation="立项论证充分。", actor=office
    )
    services.start_drafting(project, started_on=dt.date(2023, 1, 25), actor=office)
    versions = list(project.legal_text.versions.order_by("number")) if project.legal_text else []
    for number in range(readings):
        version = versions[min(number, len(versions) - 1)] if versions else None
        services.record_reading(
            project,
            session=leg.sessions[number],
            date=leg.sessions[number].start_date,
            version=version,
            actor=office,
        )
    project.refresh_from_db()
    return project


def adopt(project, leg, **vote_kwargs):
    session = leg.sessions[-1]
    services.put_to_vote(
        project, session=session, held_on=session.start_date, actor=leg.office, **vote_kwargs
    )
    services.record_votes(project, entries=[(p, "yes") for p in leg.members], actor=leg.office)
    services.conclude_vote(project, actor=leg.office)
    project.refresh_from_db()
    return project
