"""What legislation puts on the office's to-do list: regulations submitted to the
province whose decision (R53, four months) is due soon or overdue."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.rulesettings import rule_setting
from renda.core.todo import TodoItem, register

LIMIT = 20


@register
def provincial_decisions_due(user) -> list[TodoItem]:
    from renda.legislation.access import get_projects_for_user
    from renda.legislation.models import LegislativeProject

    if not user.has_perm("legislation.manage_projects"):
        return []
    soon = clock.today() + dt.timedelta(days=int(rule_setting("legislation.approval_warning_days")))
    rows = (
        get_projects_for_user(user)
        .filter(stage=LegislativeProject.Stage.SUBMITTED, decision_due_on__lte=soon)
        .order_by("decision_due_on", "pk")[:LIMIT]
    )
    today = clock.today()
    return [
        TodoItem(
            p.title,
            reverse("legislation:project-detail", args=[p.pk]),
            p.decision_due_on,
            _("Provincial decision overdue (R53)")
            if p.decision_due_on < today
            else _("Provincial decision due soon (R53)"),
        )
        for p in rows
    ]
