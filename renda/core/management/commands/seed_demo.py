from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import autodiscover_modules

from renda.core import demo


class Command(BaseCommand):
    help = "Load the 2023 demo year (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo year is never loaded into a production database.")
        autodiscover_modules("demo")
        # The year is loaded in one go: its background work (indexing and routing the
        # opinions submitted through the services) runs as it is loaded, so the year is
        # complete whether or not a task worker is running.
        immediate = {"default": {"BACKEND": settings.TASK_BACKENDS["immediate"]}}
        with override_settings(TASKS=immediate), transaction.atomic():
            for name, step in demo.steps():
                self.stdout.write(f"· {name}")
                step(self.stdout.write)
                _refresh_statistics()
        self.stdout.write(self.style.SUCCESS("Demo year 2023 loaded."))


def _refresh_statistics() -> None:
    """After a bulk step, PostgreSQL's planner still believes the tables empty and picks
    nested loops that run for minutes; ANALYZE counts the rows (our own transaction's
    included, so it works inside a test too)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
