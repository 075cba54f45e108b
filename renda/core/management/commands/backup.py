from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from renda.core import backup


class Command(BaseCommand):
    help = (
        "Write a full backup (every table and the uploaded files) to a zip file that "
        "`renda restore` loads into an empty database, SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="the zip file to write (a new file); default renda-backup-<time>.zip here",
        )
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded files out")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        output = options["output"] or (f"renda-backup-{timezone.localtime():%Y%m%d-%H%M%S}.zip")
        say = self.stdout.write if options["verbosity"] > 1 else None
        try:
            summary = backup.backup(
                Path(output),
                using=options["database"],
                media=not options["no_media"],
                progress=say,
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary.counts.values())
        tables = sum(1 for count in summary.counts.values() if count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {rows} rows in {tables} tables, "
                f"{summary.media} media files, {summary.size / 1e6:.1f} MB, "
                f"{summary.seconds:.1f} s."
            )
        )
