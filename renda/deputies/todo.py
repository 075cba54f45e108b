"""R82 on the to-do page: deputies absent twice without approval, still serving."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.models import Deputy
from renda.core.todo import TodoItem, register
from renda.deputies.records import flagged_deputies


@register
def absences_to_decide(user) -> list[TodoItem]:
    if not user.has_perm("deputies.view_absences"):
        return []
    flagged = flagged_deputies().filter(status=Deputy.Status.ACTIVE)[:20]
    return [
        TodoItem(
            f"{d.person.name}（{d.delegation.name}）",
            reverse("deputies:duty-record", args=[d.pk]),
            None,
            _("Absent twice without approval from the congress (R82)"),
        )
        for d in flagged
    ]
