from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.todo import TodoItem, register
from renda.suggestions.models import Suggestion


@register
def to_review(user) -> list[TodoItem]:
    if not user.has_perm("suggestions.review"):
        return []
    waiting = Suggestion.objects.filter(state=Suggestion.State.SUBMITTED).order_by("submitted_at")[
        :20
    ]
    return [
        TodoItem(
            s.title, reverse("suggestions:detail", args=[s.pk]), None, _("Review the submission")
        )
        for s in waiting
    ]
