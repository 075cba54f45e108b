"""Every change to the core registers goes through these functions: atomic,
audited, and shared by pages, API and commands."""

import datetime as dt
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from renda.core import audit
from renda.core.models import CalendarDay, CalendarYear, Deputy, Organisation, Person, Term
from renda.core.spreadsheets import ImportResult, RowError, SpreadsheetError, read_rows


# --- record edits ---
@transaction.atomic
def save_record(instance, *, actor, note: str = "", verb: str | None = None):
    """Create or update a register record, with its before/after in the audit log.
    Validation (full_clean) happens here so that every caller gets the same checks."""
    is_new = instance.pk is None
    before = {}
    if not is_new:
        stored = type(instance).objects.select_for_update().get(pk=instance.pk)
        before = audit.snapshot(stored)
    instance.full_clean()
    instance.save()
    after = audit.snapshot(instance)
    before, after = audit.changed_fields(before, after) if not is_new else ({}, after)
    audit.record(
        actor,
        instance,
        verb or ("create" if is_new else "update"),
        before=before,
        after=after,
        note=note,
    )
    return instance


@transaction.atomic
def save_deputy(deputy: Deputy, person: Person, *, actor, note: str = "") -> Deputy:
    save_record(person, actor=actor, note=note)
    deputy.person = person
    return save_record(deputy, actor=actor, note=note)


# --- working-day calendar (R1) ---------------------------------------------------------
def parse_dates(text: str, year: int) -> list[dt.date]:
    """Dates one per line or separated by commas; ``a..b`` gives a range."""
    dates: list[dt.date] = []
    for chunk in text.replace(",", "\n").replace("，", "\n").splitlines():
        chunk = chunk.strip()
        if not chunk:
            continue
        first, _sep, last = chunk.partition("..")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last else start
        except ValueError as exc:
            raise ValidationError(
                _(
                    "“%(text)s” is not a date like 2027-01-01 "
                    "or a range like 2027-02-05..2027-02-11."
                )
                % {"text": chunk}
            ) from exc
        if start > end or start.year != year or end.year != year:
            raise ValidationError(
                _("“%(text)s” must lie within %(year)s, first date before last.")
                % {"text": chunk, "year": year}
            )
        dates.extend(start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return dates


@transaction.atomic
def enter_calendar_year(year: int, *, holidays: str, workdays: str, actor, note: str = ""):
    """Record a year's official holiday arrangement, replacing an earlier entry."""
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Enter a year between 2000 and 2100."))
    holiday_dates = parse_dates(holidays, year)
    workday_dates = parse_dates(workdays, year)
    overlap = set(holiday_dates) & set(workday_dates)
    if overlap:
        raise ValidationError(
            _("A day cannot be both a holiday and a working day: %(days)s")
            % {"days": ", ".join(sorted(str(d) for d in overlap))}
        )
    calendar_year, created = CalendarYear.objects.get_or_create(year=year)
    before = {
        "holidays": [
            str(d)
            for d in CalendarDay.objects.filter(date__year=year, is_workday=False).values_list(
                "date", flat=True
            )
        ],
        "workdays": [
            str(d)
            for d in CalendarDay.objects.filter(date__year=year, is_workday=True).values_list(
                "date", flat=True
            )
        ],
    }
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=False) for d in holiday_dates]
        + [CalendarDay(date=d, is_workday=True) for d in workday_dates]
    )
    after = {
        "holidays": [str(d) for d in sorted(holiday_dates)],
        "workdays": [str(d) for d in sorted(workday_dates)],
    }
    audit.record(actor, calendar_year, "enter_calendar_year", before=before, after=after, note=note)
    return calendar_year


# --- imports ---
DEPUTY_COLUMNS = {
    "code": ("代表编号", "code"),
    "name": ("姓名", "name"),
    "gender": ("性别", "gender"),
    "ethnicity": ("民族", "ethnicity"),
    "birth_date": ("出生日期", "birth date"),
    "party": ("政治面貌", "party"),
    "delegation": ("代表团", "delegation"),
    "constituency": ("选区", "constituency"),
    "sector": ("构成", "sector"),
    "occupation": ("职业职务", "occupation"),
    "mobile": ("手机", "mobile"),
    "address": ("通讯地址", "address"),
    "term": ("届次", "term"),
}
UNIT_COLUMNS = {
    "code": ("编码", "code"),
    "name": ("名称", "name"),
    "short_name": ("简称", "short name"),
    "kind": ("类型", "kind"),
    "parent": ("上级编码", "parent code"),
    "contact_person": ("联系人", "contact person"),
    "contact_phone": ("联系电话", "contact phone"),
    "address": ("地址", "address"),
}


def _choice(choices_cls, raw: str):
    """Accept a choice by its stored value or by its label in any language."""
    if not raw:
        return ""
    for language in (None, "zh-hans", "en"):
        with translation.override(language, deactivate=False) if language else nullcontext():
            for value, label in choices_cls.choices:
                if raw in (value, str(label)):
                    return value
    raise ValidationError(
        _("“%(raw)s” is not one of: %(choices)s")
        % {"raw": raw, "choices": "、".join(str(label) for _v, label in choices_cls.choices)}
    )


def _fail_on_errors(result: ImportResult):
    if result.errors:
        # Roll back every row: an import is all or nothing.
        raise _ImportRejected(result)


class _ImportRejected(Exception):
    def __init__(self, result):
        self.result = result


def import_deputies(uploaded, *, actor) -> ImportResult:
    return _run_import(
        uploaded, DEPUTY_COLUMNS, {"code", "name", "delegation"}, _import_deputy_row, actor
    )


def import_units(uploaded, *, actor) -> ImportResult:
    return _run_import(uploaded, UNIT_COLUMNS, {"code", "name", "kind"}, _import_unit_row, actor)


def _run_import(uploaded, columns, required, import_row, actor) -> ImportResult:
    result = ImportResult()
    try:
        with transaction.atomic():
            seen: set[str] = set()
            for number, row in read_rows(uploaded, columns, required):
                _import_one(number, row, seen, import_row, actor, result, columns)
            _fail_on_errors(result)
    except SpreadsheetError as exc:
        result.errors.append(RowError(1, "", str(exc)))
    except _ImportRejected as rejected:
        result = rejected.result
        result.created = result.updated = 0
    return result


def _import_one(number, row, seen, import_row, actor, result, columns):
    code = str(row.get("code", ""))
    if code in seen:
        result.errors.append(RowError(number, columns["code"][0], _("Duplicate code in the file.")))
        return
    seen.add(code)
    try:
        with transaction.atomic():
            created = import_row(row, actor)
    except ValidationError as exc:
        for column, message in _flatten(exc, columns):
            result.errors.append(RowError(number, column, message))
        return
    if created:
        result.created += 1
    else:
        result.updated += 1


def _flatten(exc: ValidationError, columns):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            label = columns.get(name, (name,))[0] if name in columns else name
            for message in errors:
                yield label, message
    else:
        for message in exc.messages:
            yield "", message


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _import_deputy_row(row, actor) -> bool:
    term_number = row.get("term") or ""
    term = (
        Term.objects.order_by("-number").first()
        if not term_number
        else Term.objects.filter(number=_int(term_number, "term")).first()
    )
    if term is None:
        raise _field_error("term", _("No such term."))
    delegation = (
        Organisation.objects.filter(kind=Organisation.Kind.DELEGATION)
        .filter(name=row["delegation"])
        .first()
        or Organisation.objects.filter(
            kind=Organisation.Kind.DELEGATION, code=row["delegation"]
        ).first()
    )
    if delegation is None:
        raise _field_error("delegation", _("No delegation with this name or code."))
    deputy = Deputy.objects.select_related("person").filter(code=row["code"]).first()
    created = deputy is None
    person = Person() if created else deputy.person
    deputy = deputy or Deputy(code=row["code"])
    try:
        person.gender = _choice(Person.Gender, row.get("gender", ""))
    except ValidationError as exc:
        raise _field_error("gender", exc.messages[0]) from exc
    try:
        deputy.sector = _choice(Deputy.Sector, row.get("sector", ""))
    except ValidationError as exc:
        raise _field_error("sector", exc.messages[0]) from exc
    person.name = row["name"]
    person.ethnicity = row.get("ethnicity", "")
    person.party = row.get("party", "")
    person.mobile = row.get("mobile", "")
    person.birth_date = _date(row.get("birth_date"), "birth_date")
    deputy.term, deputy.delegation = term, delegation
    deputy.constituency = row.get("constituency", "")
    deputy.occupation = row.get("occupation", "")
    deputy.address = row.get("address", "")
    save_deputy(deputy, person, actor=actor, note=_("Excel import"))
    return created


def _import_unit_row(row, actor) -> bool:
    unit = Organisation.objects.filter(code=row["code"]).first()
    created = unit is None
    unit = unit or Organisation(code=row["code"])
    try:
        unit.kind = _choice(Organisation.Kind, row["kind"])
    except ValidationError as exc:
        raise _field_error("kind", exc.messages[0]) from exc
    parent_code = row.get("parent", "")
    unit.parent = None
    if parent_code:
        unit.parent = Organisation.objects.filter(code=parent_code).first()
        if unit.parent is None:
            raise _field_error("parent", _("No organisation with this code."))
    unit.name = row["name"]
    unit.short_name = row.get("short_name", "")
    unit.contact_person = row.get("contact_person", "")
    unit.contact_phone = row.get("contact_phone", "")
    unit.address = row.get("address", "")
    unit.is_handling_unit = unit.kind in Organisation.HANDLING_KINDS
    save_record(unit, actor=actor, note=_("Excel import"))
    return created


def _int(raw, field):
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise _field_error(field, _("Enter a whole number.")) from exc


def _date(raw, field):
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise _field_error(field, _("Enter a date like 1975-03-21.")) from exc
