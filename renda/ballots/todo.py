from django.urls import reverse
from django.utils.translation import gettext as _

from renda.ballots.access import votable_for_user, votes_in_person
from renda.core.todo import TodoItem, register


@register
def to_vote(user) -> list[TodoItem]:
    if not votes_in_person(user):
        return []
    return [
        TodoItem(b.question, reverse("ballots:vote", args=[b.pk]), b.held_on, _("Vote now"))
        for b in votable_for_user(user)[:20]
    ]
