"""Who may open the ballots app's URLs (see renda/core/tests/test_access_matrix.py).
Object URLs point at an open committee ballot (the world's committee member may vote
on it) and, for results, at a published one."""

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS

MEMBER = frozenset({"committee_member"})

POLICY = {
    "ballots:list": COMMITTEE | {"deputy"},
    "ballots:create": REGISTRARS,
    "ballots:detail": COMMITTEE,
    "ballots:vote": MEMBER,
    "ballots:enter": REGISTRARS,
    "ballots:act": NOBODY,  # POST only
    "ballots:public-result": PUBLIC,
    "api:ballot-list": COMMITTEE | {"deputy"},
    "api:ballot-detail": COMMITTEE,
    "api:ballot-open": NOBODY,
    "api:ballot-close": NOBODY,
    "api:ballot-publish": NOBODY,
    "api:ballot-cast": NOBODY,
    "api:ballot-enter": NOBODY,
    "api:ballot-result": COMMITTEE,
}

POST_POLICY = {
    "ballots:create": REGISTRARS,
    "ballots:vote": MEMBER,
    "ballots:enter": REGISTRARS,
    "ballots:act": REGISTRARS,
    "ballots:public-result": NOBODY,
    "api:ballot-list": REGISTRARS,
    "api:ballot-open": REGISTRARS,
    "api:ballot-close": REGISTRARS,
    "api:ballot-publish": REGISTRARS,
    "api:ballot-cast": MEMBER,
    "api:ballot-enter": REGISTRARS,
}

_open = lambda w: {"pk": w.other_ballot.pk}  # noqa: E731
URL_ARGS = {
    "ballots:detail": _open,
    "ballots:vote": _open,
    "ballots:enter": _open,
    "ballots:act": lambda w: {"pk": w.other_ballot.pk, "action": "close"},
    "ballots:public-result": lambda w: {"pk": w.published_ballot.pk},
    "api:ballot-detail": _open,
    "api:ballot-open": _open,
    "api:ballot-close": _open,
    "api:ballot-publish": _open,
    "api:ballot-cast": _open,
    "api:ballot-enter": _open,
    "api:ballot-result": lambda w: {"pk": w.published_ballot.pk},
}


def prepare(world) -> None:
    """An open roll-call motion of the committee, and a published assessment."""
    import datetime as dt

    from renda.ballots import services

    office = world.users["office_staff"]
    day = dt.date(2023, 6, 29)
    ballot = services.create_ballot(
        question="关于某项决定的表决",
        kind="motion",
        method="roll_call",
        electorate="committee_members",
        term=world.term,
        held_on=day,
        pass_rule="majority_of_all",
        actor=office,
    )
    world.other_ballot = services.open_ballot(ballot, actor=office)
    published = services.assess_department(
        department=world.unit, topic="", term=world.term, held_on=day, session=None, actor=office
    )
    services.open_ballot(published, actor=office)
    satisfied = published.options.get(code="satisfied")
    member = world.users["committee_member"].person
    services.cast(published, voter=member, choices=[satisfied.pk], actor=office, by_clerk=True)
    services.close_ballot(published, actor=office)
    world.published_ballot = services.publish_ballot(published, actor=office)
