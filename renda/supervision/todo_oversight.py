"""What supervision puts on the office's to-do list: R40 document dates of work
reports still to be heard that are missed or due soon."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.todo import TodoItem, register

LIMIT = 20


@register
def work_report_documents(user) -> list[TodoItem]:
    if not user.has_perm("supervision.manage_oversight"):
        return []
    from renda.supervision.models import ChainState, WorkReport
    from renda.supervision.services_oversight import r40_warnings

    today = clock.today()
    reports = (
        WorkReport.objects.filter(state=ChainState.PLANNED, session__isnull=False)
        .filter(session__start_date__gte=today)
        .select_related("session")
        .order_by("session__start_date", "pk")[:LIMIT]
    )
    items = []
    for report in reports:
        for deadline in r40_warnings(report, today):
            items.append(
                TodoItem(
                    f"{report.title}: {deadline.label}",
                    reverse("supervision:work-report-detail", args=[report.pk]),
                    deadline.due,
                    _("Missed (R40)") if deadline.status == "missed" else _("Due soon (R40)"),
                )
            )
    return items
