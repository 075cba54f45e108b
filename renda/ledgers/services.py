"""Every change to the work ledgers. Pages, API and the demo loader call these; each
is one transaction that writes its audit row (renda.core.audit) and, through
django-simple-history, a stored version of the record it edits."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renda.core import audit, clock
from renda.core.models import Organisation
from renda.handling.workflow import InvalidTransition
from renda.ledgers.models import OWNER_KINDS, Kind, LedgerAttachment, LedgerEntry, ProblemArea
from renda.ledgers.workflow import FINAL, reachable, require_transition

S = LedgerEntry.Status
MIN_YEAR, MAX_YEAR = 1980, 2100
# The fields an edit may change; status and close-out move only by their own services.
EDITABLE = (
    "title",
    "date",
    "owner",
    "owner_name",
    "notes",
    "rule_action",
    "leader_name",
    "promoted_where",
    "promoted_how",
    "problem_area",
)
# The fields that belong to one kind only.
KIND_FIELDS = {
    "rule_action": Kind.RULE,
    "leader_name": Kind.PROBLEM_RESOLVED,
    "promoted_where": Kind.EXPERIENCE_PROMOTED,
    "promoted_how": Kind.EXPERIENCE_PROMOTED,
    "problem_area": Kind.RECTIFICATION,
}

# Evidence files: accepted by name *and* by their first bytes, at most 20 MB each.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (_OLE,),
    ".docx": (_ZIP,),
    ".xls": (_OLE,),
    ".xlsx": (_ZIP,),
    ".wps": (_OLE, _ZIP),
    ".ofd": (_ZIP,),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10


def _require(actor) -> None:
    """Only the office and leaders keep the ledgers (the demo loader passes the
    office's account too)."""
    if actor is None or not actor.has_perm("ledgers.manage"):
        raise PermissionDenied(_("You may not change the work ledgers."))


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def validate_attachments(uploads) -> None:
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)s files at a time.") % {"n": MAX_ATTACHMENTS}}
        )
    for upload in uploads:
        name = getattr(upload, "name", "") or ""
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        signatures = ATTACHMENT_TYPES.get(suffix)
        if signatures is None:
            raise ValidationError(
                {
                    "attachments": _(
                        "%(name)s: only PDF, Word, Excel, WPS, OFD and images are accepted."
                    )
                    % {"name": name}
                }
            )
        if not upload.size:
            raise ValidationError({"attachments": _("%(name)s is empty.") % {"name": name}})
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {"attachments": _("%(name)s is larger than 20 MB.") % {"name": name}}
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(signature) for signature in signatures):
            raise ValidationError(
                {
                    "attachments": _("%(name)s is not the kind of file its name says.")
                    % {"name": name}
                }
            )


def _store_attachments(entry, uploads, actor, *, for_close_out=False) -> list[LedgerAttachment]:
    rows = []
    for upload in uploads:
        attachment = LedgerAttachment(
            entry=entry,
            name=upload.name[:200],
            size=upload.size,
            for_close_out=for_close_out,
            uploaded_by=_user_or_none(actor),
        )
        attachment.file.save(upload.name[-100:], upload, save=False)
        attachment.save()
        rows.append(attachment)
    return rows


def _check_date(value, field: str, errors: dict) -> None:
    if value is None:
        errors[field] = _("Give the date.")
    elif not MIN_YEAR <= value.year <= MAX_YEAR:
        errors[field] = _("Give a date between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}


def _check_entry(entry: LedgerEntry) -> None:
    """The rules every entry keeps, whichever way it was written."""
    errors: dict[str, str] = {}
    if entry.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose one of the ledgers.")})
    if not (entry.title or "").strip():
        errors["title"] = _("Give the title.")
    _check_date(entry.date, "date", errors)
    if entry.owner_id is None and not (entry.owner_name or "").strip():
        errors["owner"] = _("Name the responsible body or person.")
    if entry.owner_id is not None and entry.owner.kind not in OWNER_KINDS:
        errors["owner"] = _("The responsible body is the committee's office or one of its organs.")
    for field, kind in KIND_FIELDS.items():
        value = getattr(entry, f"{field}_id" if field == "problem_area" else field)
        if value and entry.kind != kind:
            errors[field] = _("Only the ledger “%(kind)s” has this field.") % {
                "kind": Kind(kind).label
            }
    if entry.kind == Kind.RULE and entry.rule_action not in LedgerEntry.RuleAction.values:
        errors["rule_action"] = _("Say whether the rule was established or revised.")
    if entry.kind == Kind.PROBLEM_RESOLVED and not entry.leader_name.strip():
        errors["leader_name"] = _("Name the leader who took part.")
    if entry.kind == Kind.EXPERIENCE_PROMOTED and not entry.promoted_where.strip():
        errors["promoted_where"] = _("Say where the provincial congress promoted the practice.")
    if entry.kind == Kind.RECTIFICATION:
        if entry.problem_area_id is None:
            errors["problem_area"] = _("Choose the problem area of the rectification list.")
        elif entry.date and entry.problem_area.year != entry.date.year:
            errors["problem_area"] = _("Choose a problem area of the year %(year)s.") % {
                "year": entry.date.year
            }
    if errors:
        raise ValidationError(errors)
    entry.full_clean(exclude=["owner", "problem_area", "closed_out_by"])


@transaction.atomic
def create_entry(
    *,
    kind: str,
    title: str,
    date: dt.date,
    actor,
    owner: Organisation | None = None,
    owner_name: str = "",
    notes: str = "",
    rule_action: str = "",
    leader_name: str = "",
    promoted_where: str = "",
    promoted_how: str = "",
    problem_area: ProblemArea | None = None,
    attachments: Iterable = (),
) -> LedgerEntry:
    _require(actor)
    attachments = list(attachments)
    entry = LedgerEntry(
        kind=kind,
        title=(title or "").strip(),
        date=date,
        owner=owner,
        owner_name=(owner_name or "").strip(),
        notes=notes or "",
        rule_action=rule_action or "",
        leader_name=(leader_name or "").strip(),
        promoted_where=(promoted_where or "").strip(),
        promoted_how=(promoted_how or "").strip(),
        problem_area=problem_area,
    )
    _check_entry(entry)
    validate_attachments(attachments)
    entry._history_user = _user_or_none(actor)
    entry.save()
    files = _store_attachments(entry, attachments, actor)
    audit.record(
        actor,
        entry,
        "create",
        to_state=entry.status,
        after={**audit.snapshot(entry), "attachments": [f.name for f in files]},
    )
    return entry


def _locked(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def update_entry(entry: LedgerEntry, *, actor, note: str = "", **changes) -> LedgerEntry:
    """Edit an entry's fields (not its status); a closed-out or cancelled entry is
    kept as it was."""
    _require(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    entry = _locked(entry)
    if entry.status in FINAL:
        raise InvalidTransition(
            _("“%(title)s” is “%(status)s”; it can no longer be edited.")
            % {"title": entry.title, "status": S(entry.status).label}
        )
    before = audit.snapshot(entry, list(EDITABLE))
    for name, value in changes.items():
        if isinstance(value, str) and name != "notes":
            value = value.strip()
        setattr(entry, name, value)
    _check_entry(entry)
    after = audit.snapshot(entry, list(EDITABLE))
    before, after = audit.changed_fields(before, after)
    if not after:
        return entry
    entry._history_user = _user_or_none(actor)
    entry._change_reason = note[:100] if note else None
    entry.save()
    audit.record(actor, entry, "update", before=before, after=after, note=note)
    return entry


def _check_day(on, entry, field: str) -> dt.date:
    on = on or clock.today()
    if on > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if on < entry.date:
        raise ValidationError(
            {
                field: _("The date cannot be before the entry's date (%(date)s).")
                % {"date": entry.date}
            }
        )
    return on


def _move(entry, to, actor, verb, *, fields=(), note="", data=None) -> LedgerEntry:
    """Change the status and record it: the one place an entry's status is written."""
    before = entry.status
    entry.status = to
    entry._history_user = _user_or_none(actor)
    entry.save(update_fields=["status", "updated_at", *fields])
    audit.record(actor, entry, verb, from_state=before, to_state=to, after=data or {}, note=note)
    return entry


def _refuse(entry: LedgerEntry, action: str) -> None:
    raise InvalidTransition(
        _("“%(title)s” is “%(status)s”; it cannot be %(action)s.")
        % {"title": entry.title, "status": S(entry.status).label, "action": action}
    )


@transaction.atomic
def start_entry(entry: LedgerEntry, *, actor, note: str = "") -> LedgerEntry:
    _require(actor)
    entry = _locked(entry)
    if entry.status != S.OPEN:
        _refuse(entry, _("started"))
    require_transition(entry, S.IN_PROGRESS)
    return _move(entry, S.IN_PROGRESS, actor, "start", note=note)


@transaction.atomic
def reopen_entry(entry: LedgerEntry, *, actor, note: str = "") -> LedgerEntry:
    """A done entry found not done after all goes back to "in progress"."""
    _require(actor)
    entry = _locked(entry)
    if entry.status != S.DONE:
        _refuse(entry, _("reopened"))
    require_transition(entry, S.IN_PROGRESS)
    if not note.strip():
        raise ValidationError({"note": _("Say why the entry is reopened.")})
    entry.completed_on = None
    return _move(entry, S.IN_PROGRESS, actor, "reopen", fields=["completed_on"], note=note)


@transaction.atomic
def complete_entry(
    entry: LedgerEntry, *, actor, on: dt.date | None = None, note: str = ""
) -> LedgerEntry:
    """Done: a rule adopted, a measure carried out, a problem resolved, a
    rectification item fixed (and waiting to be closed out)."""
    _require(actor)
    entry = _locked(entry)
    require_transition(entry, S.DONE)
    entry.completed_on = _check_day(on, entry, "on")
    return _move(
        entry,
        S.DONE,
        actor,
        "complete",
        fields=["completed_on"],
        note=note,
        data={"completed_on": str(entry.completed_on)},
    )


@transaction.atomic
def cancel_entry(entry: LedgerEntry, *, actor, note: str = "") -> LedgerEntry:
    _require(actor)
    entry = _locked(entry)
    require_transition(entry, S.CANCELLED)
    if not note.strip():
        raise ValidationError({"note": _("Say why the entry is cancelled.")})
    return _move(entry, S.CANCELLED, actor, "cancel", note=note)


@transaction.atomic
def close_out(
    entry: LedgerEntry, *, actor, on: dt.date | None, note: str, attachments: Iterable = ()
) -> LedgerEntry:
    """销号: a rectification item is closed out with its date, a note saying how the
    problem was fixed, and optionally the evidence."""
    _require(actor)
    attachments = list(attachments)
    entry = _locked(entry)
    require_transition(entry, S.CLOSED_OUT)
    errors = {}
    if on is None:
        errors["on"] = _("Give the close-out date.")
    if not (note or "").strip():
        errors["note"] = _("Say how the problem was fixed: an item closes out only with a note.")
    if errors:
        raise ValidationError(errors)
    on = _check_day(on, entry, "on")
    validate_attachments(attachments)
    entry.closed_out_on, entry.close_out_note = on, note.strip()
    entry.closed_out_by = _user_or_none(actor)
    if entry.completed_on is None:
        entry.completed_on = on
    files = _store_attachments(entry, attachments, actor, for_close_out=True)
    return _move(
        entry,
        S.CLOSED_OUT,
        actor,
        "close_out",
        fields=["closed_out_on", "close_out_note", "closed_out_by", "completed_on"],
        note=entry.close_out_note,
        data={"closed_out_on": str(on), "evidence": [f.name for f in files]},
    )


@transaction.atomic
def add_attachments(entry: LedgerEntry, uploads, *, actor) -> list[LedgerAttachment]:
    _require(actor)
    uploads = list(uploads)
    entry = _locked(entry)
    if not uploads:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    validate_attachments(uploads)
    files = _store_attachments(entry, uploads, actor)
    audit.record(actor, entry, "attach", after={"attachments": [f.name for f in files]})
    return files


# --- recording past work in bulk ------------------------------------------------------
@transaction.atomic
def record_entries(rows: list[dict], *, actor) -> list[LedgerEntry]:
    """Enter many entries at once, each with the status it already has (a ledger kept on
    paper, entered afterwards). Each row is checked as ``create_entry`` checks one, its
    status must be reachable from "open", and a done entry has its date done. Closing out
    a rectification item is never done in bulk: it goes through ``close_out``."""
    _require(actor)
    entries = []
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        status = row.pop("status", S.OPEN)
        completed_on = row.pop("completed_on", None)
        entry = LedgerEntry(**row, status=status, completed_on=completed_on)
        try:
            _check_entry(entry)
            if status == S.CLOSED_OUT or not reachable(entry.kind, status):
                raise ValidationError({"status": _("This status cannot be recorded directly.")})
            if (status == S.DONE) != (completed_on is not None):
                raise ValidationError({"completed_on": _("A done entry has its date done.")})
            if completed_on is not None:
                _check_day(completed_on, entry, "completed_on")
        except ValidationError as exc:
            raise ValidationError(
                {f"row {number}: {field}": messages for field, messages in exc.message_dict.items()}
            ) from exc
        entries.append(entry)
    created = bulk_create_with_history(
        entries, LedgerEntry, batch_size=500, default_user=_user_or_none(actor)
    )
    for entry in created:
        audit.record(actor, entry, "record", to_state=entry.status, after=audit.snapshot(entry))
    return created


# --- problem areas ---------------------------------------------------------------------
def _check_area(area: ProblemArea) -> None:
    errors = {}
    if not (area.name or "").strip():
        errors["name"] = _("Give the name of the area.")
    if area.year is None or not MIN_YEAR <= area.year <= MAX_YEAR:
        errors["year"] = _("Give a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
    if errors:
        raise ValidationError(errors)
    clash = ProblemArea.objects.filter(year=area.year, name=area.name).exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError({"name": _("The year's list already has this area.")})
    area.full_clean()


@transaction.atomic
def create_problem_area(
    *, year: int, name: str, actor, description: str = "", position: int | None = None
) -> ProblemArea:
    _require(actor)
    if position is None and year is not None:
        position = ProblemArea.objects.filter(year=year).count() + 1
    area = ProblemArea(
        year=year, name=(name or "").strip(), description=description or "", position=position or 1
    )
    _check_area(area)
    area._history_user = _user_or_none(actor)
    area.save()
    audit.record(actor, area, "create", after=audit.snapshot(area))
    return area


@transaction.atomic
def update_problem_area(area: ProblemArea, *, actor, **changes) -> ProblemArea:
    _require(actor)
    area = ProblemArea.objects.select_for_update().get(pk=area.pk)
    allowed = {"year", "name", "description", "position"}
    if set(changes) - allowed:
        raise ValidationError(_("Only the year, name, description and position can be changed."))
    if "year" in changes and changes["year"] != area.year and area.entries.exists():
        raise ValidationError({"year": _("The area has items; its year cannot change.")})
    before = audit.snapshot(area)
    for name, value in changes.items():
        setattr(area, name, value.strip() if isinstance(value, str) and name == "name" else value)
    _check_area(area)
    before, after = audit.changed_fields(before, audit.snapshot(area))
    if after:
        area._history_user = _user_or_none(actor)
        area.save()
        audit.record(actor, area, "update", before=before, after=after)
    return area
