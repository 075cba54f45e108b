import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from renda.handling import reminders


class Command(BaseCommand):
    help = "Send due and overdue reminders and close lapsed evaluation windows (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this date (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date must look like 2023-06-30") from exc
        result = reminders.run(today)
        self.stdout.write(
            f"due soon: {result.due_soon}, overdue: {result.overdue}, escalated: {result.escalated}, "
            f"evaluations closed as no answer: {result.evaluations_closed}"
        )
