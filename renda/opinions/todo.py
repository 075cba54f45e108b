from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.todo import TodoItem, register
from renda.handling.models import Case
from renda.opinions.models import PublicOpinion


@register
def to_route(user) -> list[TodoItem]:
    """The office's routing queue, oldest first: R92's clock starts at assignment."""
    if not user.has_perm("opinions.route"):
        return []
    waiting = (
        PublicOpinion.objects.filter(
            case__state__in=[Case.State.REGISTERED, Case.State.RETURNED], merged_into=None
        )
        .select_related("case")
        .order_by("submitted_at")[:20]
    )
    return [
        TodoItem(
            o.case.title,
            reverse("opinions:detail", args=[o.pk]),
            None,
            _("Route the public opinion")
            if o.routing != PublicOpinion.Routing.SUGGESTED
            else _("Confirm the suggested unit"),
        )
        for o in waiting
    ]
