"""A committee of nine members (the world's member and eight more), the people's
government, the court and the procuratorate, for the meetings tests."""

import datetime as dt
from dataclasses import dataclass

import pytest

from renda.core.models import CommitteeMember, Organisation
from renda.core.tests.factories import DeputyFactory, OrganisationFactory, PersonFactory


@dataclass
class Committee:
    members: list[CommitteeMember]
    government: Organisation
    court: Organisation
    procuratorate: Organisation
    deputies: list


@pytest.fixture
def committee(world, today):
    members = list(CommitteeMember.objects.filter(term=world.term))
    for index in range(8):
        members.append(
            CommitteeMember.objects.create(
                person=PersonFactory(name=f"委员{index}"),
                term=world.term,
                post="vice_chair" if index < 2 else "member",
                start_date=world.term.start_date,
            )
        )
    government = OrganisationFactory(name="测试市人民政府", kind=Organisation.Kind.GOVERNMENT)
    court = OrganisationFactory(name="测试中级人民法院", kind=Organisation.Kind.HANDLING_UNIT)
    procuratorate = OrganisationFactory(name="测试人民检察院", kind=Organisation.Kind.HANDLING_UNIT)
    deputies = [world.deputy, world.other_deputy] + [
        DeputyFactory(term=world.term, delegation=world.deputy.delegation) for _ in range(3)
    ]
    return Committee(members, government, court, procuratorate, deputies)


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def scheduled(world, committee, office, today):
    """A committee session on the clock's day."""
    from renda.meetings import services

    return services.schedule_session(
        world.term, start_date=today.value, place="市人大常委会会议室", actor=office
    )


def present(session, members, office, *, count):
    """The first ``count`` members present, the rest absent."""
    from renda.meetings import services

    entries = [(m, "present" if i < count else "absent", "") for i, m in enumerate(members)]
    return services.record_attendance(session, entries, actor=office)


ANY_DAY = dt.date(2023, 3, 1)
