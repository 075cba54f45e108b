"""Reminders (催办), overdue warnings with escalation, and closing evaluation windows.

Run by ``renda remind`` (daily, from cron or a task worker). Idempotent: every notice
has a key naming the assignment and the due date it is about, so a second run on the
same day — or on any day for the same due date — sends nothing twice.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.rulesettings import rule_setting
from renda.handling import services
from renda.handling.models import Assignment, Case
from renda.handling.notify import deliver


@dataclass
class ReminderRun:
    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0
    evaluations_closed: int = 0


def run(today: dt.date | None = None) -> ReminderRun:
    today = today or clock.today()
    result = ReminderRun()
    horizon = today + dt.timedelta(days=rule_setting("handling.reminder_days_before"))
    open_assignments = Assignment.objects.filter(state=Assignment.State.ACTIVE).select_related(
        "case", "unit", "case__supervising_body"
    )
    for a in open_assignments.filter(due_date__gte=today, due_date__lte=horizon).iterator():
        message = _("Reminder: “%(title)s” is due on %(due)s.") % {
            "title": a.case.title,
            "due": a.due_date,
        }
        result.due_soon += bool(
            deliver(f"due_soon:{a.pk}:{a.due_date}", "due_soon", a.case_id, message, unit=a.unit)
        )
    office = services.office_unit()
    for a in open_assignments.filter(due_date__lt=today).iterator():
        message = _("Overdue: “%(title)s” was due on %(due)s.") % {
            "title": a.case.title,
            "due": a.due_date,
        }
        result.overdue += bool(
            deliver(f"overdue:{a.pk}:{a.due_date}", "overdue", a.case_id, message, unit=a.unit)
        )
        supervisor = a.case.supervising_body or office
        if supervisor is not None:
            escalation = _("%(unit)s is overdue on “%(title)s” (due %(due)s).") % {
                "unit": a.unit,
                "title": a.case.title,
                "due": a.due_date,
            }
            result.escalated += bool(
                deliver(
                    f"overdue_escalated:{a.pk}:{a.due_date}",
                    "overdue",
                    a.case_id,
                    escalation,
                    unit=supervisor,
                )
            )
    for case in Case.objects.filter(state=Case.State.REPLIED, evaluation_due__lt=today).iterator():
        services.record_no_answer(case)
        result.evaluations_closed += 1
    return result
