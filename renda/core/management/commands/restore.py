from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from renda.core import backup


class Command(BaseCommand):
    help = (
        "Load a backup made by `renda backup` into this database, which must be migrated "
        "(`renda migrate`) and empty. All or nothing: on any error nothing is changed. "
        "Stop renda's web and task processes while restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup zip file")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the file and that this database can take it; change nothing",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            summary = backup.restore(
                options["file"],
                using=options["database"],
                check_only=options["check"],
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for label, rows in summary.counts.items():
            if rows:
                self.stdout.write(f"{label}: {rows}")
        rows = sum(summary.counts.values())
        if options["check"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary.path} is intact and this database can take it: {rows} rows, "
                    f"{summary.media} media files to restore."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {summary.media} media files from {summary.path} "
                f"in {summary.seconds:.1f} s."
            )
        )
