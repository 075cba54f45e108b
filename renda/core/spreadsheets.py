"""Excel (.xlsx) export of lists and import of registers, row by row.

An import either applies every row or none: rows are parsed and validated first,
the errors reported per row and column, and only a clean file is written, in one
transaction.
"""

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zipfile import BadZipFile

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 50_000
MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | dt.date | str):
        return value
    return str(value)


def xlsx_response(filename: str, columns: list[Column], rows: Iterable[Any]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(c.header) for c in columns])
    for row in rows:
        sheet.append([_cell(c.value(row)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not xlsx, empty, headers missing)."""


def read_rows(uploaded, aliases: dict[str, tuple[str, ...]], required: set[str]):
    """Yield (row_number, {field: value}) from the first sheet of an uploaded .xlsx.

    ``aliases`` maps a field name to the headers accepted for it (Chinese and
    English); columns not in ``aliases`` are ignored.
    """
    if getattr(uploaded, "size", 0) > MAX_IMPORT_BYTES:
        raise SpreadsheetError(_("The file is larger than 10 MB."))
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SpreadsheetError(_("The file is not an Excel (.xlsx) workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise SpreadsheetError(_("The workbook is empty."))
    positions = _map_headers(header, aliases)
    missing = [aliases[f][0] for f in required if f not in positions]
    if missing:
        raise SpreadsheetError(_("Missing columns: %(cols)s") % {"cols": "、".join(missing)})
    count = 0
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        count += 1
        if count > MAX_IMPORT_ROWS:
            raise SpreadsheetError(_("More than %(n)s rows.") % {"n": MAX_IMPORT_ROWS})
        yield (
            number,
            {name: _clean(values[i]) if i < len(values) else "" for name, i in positions.items()},
        )


def _map_headers(header, aliases) -> dict[str, int]:
    normalised = [str(h).strip().lower() if h is not None else "" for h in header]
    positions = {}
    for name, accepted in aliases.items():
        for label in accepted:
            if label.lower() in normalised:
                positions[name] = normalised.index(label.lower())
                break
    return positions


def _clean(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return value if isinstance(value, dt.date) else str(value)
