"""What the handling engine puts on a user's to-do list."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core import roles as R
from renda.core.todo import TodoItem, register
from renda.handling import access
from renda.handling.models import Assignment, Case
from renda.handling.policies import policy_for

LIMIT = 20


def _case_url(case_id) -> str:
    return reverse("handling:case-detail", args=[case_id])


@register
def unit_work(user) -> list[TodoItem]:
    rows = (
        access.get_assignments_for_unit(user)
        .filter(state=Assignment.State.ACTIVE)
        .order_by("due_date")[:LIMIT]
    )
    return [
        TodoItem(
            f"{a.case.reference} {a.case.title}",
            _case_url(a.case_id),
            a.due_date,
            _("Reply") if a.role == Assignment.Role.LEAD else _("Send view"),
        )
        for a in rows
    ]


@register
def evaluations(user) -> list[TodoItem]:
    if R.DEPUTY not in R.roles_of(user):
        return []
    waiting = access.get_cases_for_user(user).filter(state=Case.State.REPLIED)[:LIMIT]
    return [
        TodoItem(
            f"{c.reference} {c.title}", _case_url(c.pk), c.evaluation_due, _("Evaluate the reply")
        )
        for c in waiting
        if user in policy_for(c.kind).primary_evaluators(c)
    ]


@register
def office_work(user) -> list[TodoItem]:
    if not user.has_perm("handling.assign_case"):
        return []
    labels = {
        Case.State.REGISTERED: _("Assign"),
        Case.State.RETURNED: _("Reassign"),
        Case.State.UNDER_REVIEW: _("Review"),
    }
    waiting = Case.objects.filter(state__in=list(labels)).order_by("registered_at")[:LIMIT]
    return [
        TodoItem(f"{c.reference} {c.title}", _case_url(c.pk), c.reply_due, labels[c.state])
        for c in waiting
    ]


@register
def notices(user) -> list[TodoItem]:
    # a notice about an item that is now completed asks nothing of anyone any more
    unread = (
        access.get_notices_for_user(user)
        .filter(read_at__isnull=True)
        .exclude(case__state=Case.State.COMPLETED)[:LIMIT]
    )
    return [TodoItem(n.message, _case_url(n.case_id), None, n.get_type_display()) for n in unread]
