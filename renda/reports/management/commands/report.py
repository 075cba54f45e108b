"""``renda report annual 2023 --format docx -o review-2023.docx``: the year's review,
every number computed from the records at the moment of export."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from renda.reports import documents, exports, services
from renda.reports.annual import build

FORMATS = ("docx", "json", "xlsx")


class Command(BaseCommand):
    help = "Export the annual review (Word), or its figures (JSON, Excel), for a year."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=FORMATS, default="docx")
        parser.add_argument(
            "-o", "--output", help="file to write; JSON goes to standard output without it"
        )
        parser.add_argument(
            "--no-charts", action="store_true", help="leave the charts out of the Word document"
        )

    def handle(self, *args, kind, year, format, output, no_charts, **options):
        try:
            services.check_year(year)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        if format == "json":
            text = json.dumps(exports.as_dict(build(year)), ensure_ascii=False, indent=2)
            if not output:
                self.stdout.write(text)
                return
            content = text.encode()
        elif format == "xlsx":
            content = exports.as_xlsx(year)
        else:
            content = documents.annual_report(year, with_charts=not no_charts)
        path = Path(output or f"review-{year}.{format}")
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stderr.write(f"{path} ({len(content):,} bytes)")
