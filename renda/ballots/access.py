"""Who sees, manages and casts which ballots. Views and the API use only these."""

import rules
from django.db.models import QuerySet

from renda.ballots.models import Ballot, Participation
from renda.core import roles as R
from renda.core.access import is_committee_side, is_deputy, is_registrar

St = Ballot.State


def get_ballots_for_user(user) -> QuerySet[Ballot]:
    """The office: every ballot. Leaders and committee members: every ballot once
    prepared. A deputy: the congress ballots once prepared. Others: none (published
    results are public on their own page)."""
    qs = Ballot.objects.select_related("term", "session", "subject")
    roles = R.roles_of(user)
    if roles & R.REGISTRARS:
        return qs
    if roles & R.COMMITTEE_SIDE:
        return qs.exclude(state=St.DRAFT)
    if R.DEPUTY in roles:
        return qs.exclude(state=St.DRAFT).filter(electorate=Ballot.Electorate.CONGRESS_DEPUTIES)
    return qs.none()


def get_published_ballots() -> QuerySet[Ballot]:
    return Ballot.objects.filter(state=St.PUBLISHED).select_related("term", "session", "subject")


@rules.predicate
def may_vote_in_person(user) -> bool:
    """Members vote on committee ballots, deputies on congress ballots (as persons)."""
    return bool(user.person_id) and R.has_any_role(user, {R.COMMITTEE_MEMBER, R.LEADER, R.DEPUTY})


rules.add_perm("ballots.view_list", is_committee_side | is_deputy)
rules.add_perm("ballots.manage", is_registrar)
rules.add_perm("ballots.vote", may_vote_in_person)


def votes_in_person(user) -> bool:
    """A person's own account with the right to vote (superusers included only when
    they are a person: nobody votes for someone else but the clerk, from paper)."""
    return bool(getattr(user, "person_id", None)) and user.has_perm("ballots.vote")


def votable_for_user(user) -> QuerySet[Ballot]:
    """Open ballots the user may vote on now and has not voted on yet."""
    from renda.ballots.services import absence, electorate

    if not votes_in_person(user):
        return Ballot.objects.none()
    open_ballots = get_ballots_for_user(user).filter(state=St.OPEN)
    voted = Participation.objects.filter(voter_id=user.person_id).values("ballot_id")
    candidates = [b for b in open_ballots.exclude(pk__in=voted)[:50]]
    keep = [
        b.pk
        for b in candidates
        if electorate(b).filter(pk=user.person_id).exists() and not absence(b, user.person)
    ]
    return Ballot.objects.filter(pk__in=keep).select_related("term", "session", "subject")


def can_vote(user, ballot: Ballot) -> bool:
    from renda.ballots.services import absence, is_entitled

    return (
        votes_in_person(user)
        and ballot.state == St.OPEN
        and get_ballots_for_user(user).filter(pk=ballot.pk).exists()
        and is_entitled(ballot, user.person)
        and not absence(ballot, user.person)
        and not Participation.objects.filter(ballot=ballot, voter_id=user.person_id).exists()
    )


def has_voted(user, ballot: Ballot) -> bool:
    return (
        bool(user.person_id)
        and Participation.objects.filter(ballot=ballot, voter_id=user.person_id).exists()
    )


__all__ = [
    "can_vote",
    "get_ballots_for_user",
    "get_published_ballots",
    "has_voted",
    "votable_for_user",
]
