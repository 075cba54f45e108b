"""Small builders for ballot tests: committee members with accounts, ballots."""

import datetime as dt

from renda.ballots import services
from renda.ballots.models import Ballot
from renda.core import roles
from renda.core.models import CommitteeMember, Person
from renda.core.tests.factories import PersonFactory, make_user

HELD_ON = dt.date(2023, 6, 29)


def add_members(world, count: int, *, with_users: bool = False, prefix: str = "委员") -> list:
    """``count`` more committee members of the world's term (the world has one)."""
    people = [PersonFactory(name=f"{prefix}{i}") for i in range(count)]
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                person=p, term=world.term, post="member", start_date=world.term.start_date
            )
            for p in people
        ]
    )
    if with_users:
        for i, person in enumerate(people):
            make_user(f"t-{prefix}-{i}", roles.COMMITTEE_MEMBER, person=person)
    return people


def members(world) -> list[Person]:
    return list(Person.objects.filter(memberships__term=world.term).order_by("pk").distinct())


def motion(world, *, method=Ballot.Method.ROLL_CALL, rule=Ballot.PassRule.MAJORITY_OF_ALL, **kw):
    return services.create_ballot(
        question=kw.pop("question", "关于任命张三为市发展和改革委员会主任的决定"),
        kind=Ballot.Kind.MOTION,
        method=method,
        electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
        term=world.term,
        held_on=kw.pop("held_on", HELD_ON),
        pass_rule=rule,
        actor=world.users["office_staff"],
        **kw,
    )


def option_ids(ballot) -> dict:
    return {o.code or o.label: o.pk for o in ballot.options.all()}
