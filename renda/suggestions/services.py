"""Every change to a motion or suggestion before and around its case."""

import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import audit, clock
from renda.core.rulesettings import rule_setting
from renda.handling import services as handling
from renda.handling.models import Kind
from renda.handling.workflow import InvalidTransition
from renda.suggestions.models import NumberSequence, Suggestion, SuggestionAttachment

St = Suggestion.State
TRANSITIONS = {
    St.DRAFT: {St.SUBMITTED},
    St.RETURNED: {St.SUBMITTED},
    St.SUBMITTED: {St.RETURNED, St.REGISTERED, St.DECLINED, St.CONVERTED, St.MERGED},
    St.REGISTERED: set(),
    St.DECLINED: set(),
    St.CONVERTED: set(),
    St.MERGED: set(),
}
EDITABLE = {St.DRAFT, St.RETURNED}


def _move(item: Suggestion, to: str, actor, verb: str, note: str = "", fields=()) -> None:
    if to not in TRANSITIONS[item.state]:
        raise InvalidTransition(
            _("This item is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": St(item.state).label, "to": St(to).label}
        )
    before = item.state
    item.state = to
    item.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, item, verb, from_state=before, to_state=to, note=note)


def _locked(item: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().select_related("session__term").get(pk=item.pk)


def _own(item: Suggestion, actor) -> None:
    if actor.person_id is None or item.lead_deputy.person_id != actor.person_id:
        raise PermissionDenied(_("Only the lead deputy may change this item."))


def _loaded_relations(item: Suggestion) -> list[str]:
    """Foreign keys whose records were read in this request (the session, the lead
    deputy): full_clean need not ask the database again whether they exist. An empty
    one is still checked (a required field left empty is an error)."""
    return [
        f.name
        for f in item._meta.concrete_fields
        if f.is_relation and f.is_cached(item) and getattr(item, f.attname) is not None
    ]


@transaction.atomic
def save_draft(item: Suggestion, *, co_signers=None, actor) -> Suggestion:
    """Create or edit a draft (or an item returned for revision)."""
    if item.pk is not None:
        stored = _locked(item)
        _own(stored, actor)
        if stored.state not in EDITABLE:
            raise InvalidTransition(_("Only drafts and items returned for revision can be edited."))
    else:
        _own(item, actor)
        item.state = St.DRAFT
    co_signers = list(co_signers or [])
    if any(d.pk == item.lead_deputy_id for d in co_signers):
        raise ValidationError({"co_signers": _("The lead deputy cannot also co-sign.")})
    if any(d.term_id != item.lead_deputy.term_id for d in co_signers):
        raise ValidationError({"co_signers": _("Co-signers must be deputies of the same term.")})
    is_new = item.pk is None
    item.full_clean(exclude=["number", "case", *_loaded_relations(item)])
    item.save()
    if is_new:
        item.co_signers.add(*co_signers)
    else:
        item.co_signers.set(co_signers)
    audit.record(
        actor,
        item,
        "create_draft" if is_new else "edit_draft",
        after=audit.snapshot(item, ["title", "category", "type"]),
    )
    return item


@transaction.atomic
def add_attachments(item: Suggestion, uploads, *, actor) -> None:
    """Files with a draft (photos, surveys): the same types and sizes as reply attachments."""
    from renda.handling.services import validate_attachments

    item = _locked(item)
    _own(item, actor)
    if item.state not in EDITABLE:
        raise InvalidTransition(_("Only drafts and items returned for revision can be edited."))
    uploads = list(uploads)
    validate_attachments(uploads)
    for upload in uploads:
        SuggestionAttachment.objects.create(suggestion=item, file=upload, name=upload.name[:200])
    if uploads:
        audit.record(actor, item, "attach", after={"files": [u.name for u in uploads]})


def check_motion_rule(item: Suggestion) -> None:
    """R10: a motion needs a delegation or enough deputies jointly (组织法 Art 22)."""
    if item.type != Suggestion.Type.MOTION:
        return
    if item.delegation_id and rule_setting("motion.delegation_may_submit"):
        return
    needed = rule_setting("motion.min_joint_deputies")
    signers = 1 + item.co_signers.count()
    if signers < needed:
        raise ValidationError(
            _(
                "A motion needs a delegation or at least %(needed)s deputies; it has %(signers)s. "
                "File it as a suggestion instead."
            )
            % {"needed": needed, "signers": signers}
        )


@transaction.atomic
def submit(item: Suggestion, *, actor) -> Suggestion:
    item = _locked(item)
    _own(item, actor)
    check_motion_rule(item)
    item.submitted_at = clock.now()
    _move(item, St.SUBMITTED, actor, "submit", fields=["submitted_at"])
    return item


@transaction.atomic
def return_for_revision(item: Suggestion, *, note: str, actor) -> Suggestion:
    item = _locked(item)
    if not note.strip():
        raise ValidationError({"note": _("Say what must be revised.")})
    item.review_note = note
    _move(item, St.RETURNED, actor, "return_for_revision", note=note, fields=["review_note"])
    return item


@transaction.atomic
def decline(item: Suggestion, *, note: str, actor) -> Suggestion:
    item = _locked(item)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for declining.")})
    item.review_note = note
    _move(item, St.DECLINED, actor, "decline", note=note, fields=["review_note"])
    return item


def _next_number(item: Suggestion) -> int:
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        session=item.session, type=item.type
    )
    # get_or_create may have created it unlocked: lock the row before incrementing.
    sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def register(
    item: Suggestion, *, actor, is_difficult=False, difficulty_reason: str = ""
) -> Suggestion:
    """立案: number the item (gap-free per session) and open its case."""
    item = _locked(item)
    if St.REGISTERED not in TRANSITIONS[item.state]:
        _move(item, St.REGISTERED, actor, "register")  # raises the clear error
    check_motion_rule(item)
    item.number = _next_number(item)
    kind = Kind.MOTION if item.type == Suggestion.Type.MOTION else Kind.SUGGESTION
    item.case = handling.open_case(
        kind,
        title=item.title,
        reference=item.reference,
        actor=actor,
        is_difficult=is_difficult,
        difficulty_reason=difficulty_reason,
    )
    _move(item, St.REGISTERED, actor, "register", fields=["number", "case"])
    return item


@transaction.atomic
def convert_motion(motion: Suggestion, *, actor, note: str = "") -> Suggestion:
    """R11: a motion the presidium does not put on the agenda becomes a suggestion."""
    motion = _locked(motion)
    if motion.type != Suggestion.Type.MOTION:
        raise ValidationError(_("Only a motion can be converted into a suggestion."))
    suggestion = Suggestion.objects.create(
        type=Suggestion.Type.SUGGESTION,
        state=St.SUBMITTED,
        session=motion.session,
        title=motion.title,
        text=motion.text,
        category=motion.category,
        lead_deputy=motion.lead_deputy,
        may_publish=motion.may_publish,
        converted_from=motion,
        submitted_at=clock.now(),
    )
    suggestion.co_signers.set(motion.co_signers.all())
    audit.record(actor, suggestion, "create_from_motion", after={"motion": motion.pk}, note=note)
    _move(motion, St.CONVERTED, actor, "convert", note=note)
    return suggestion


@transaction.atomic
def merge(duplicate: Suggestion, *, into: Suggestion, actor, note: str = "") -> Suggestion:
    """Handle duplicates once: the duplicate's deputy becomes a submitter of the other."""
    duplicate, into = _locked(duplicate), _locked(into)
    if duplicate.pk == into.pk or into.session_id != duplicate.session_id:
        raise ValidationError(_("Merge into another item of the same session."))
    if into.state not in {St.SUBMITTED, St.REGISTERED}:
        raise ValidationError(_("The item merged into must be submitted or registered."))
    duplicate.merged_into = into
    _move(duplicate, St.MERGED, actor, "merge", note=note, fields=["merged_into"])
    return duplicate


def similar_items(
    item: Suggestion, threshold: float = 0.6, limit: int = 5
) -> list[tuple[Suggestion, float]]:
    """Likely duplicates in the same session, by similarity of title and opening text."""
    candidates = (
        Suggestion.objects.filter(session=item.session, state__in=[St.SUBMITTED, St.REGISTERED])
        .exclude(pk=item.pk)
        .select_related("lead_deputy__person")
        .only("id", "title", "text", "number", "type", "session", "lead_deputy")
    )
    mine = item.title + item.text[:200]
    scored = []
    for other in candidates:
        ratio = difflib.SequenceMatcher(None, mine, other.title + other.text[:200]).ratio()
        if ratio >= threshold:
            scored.append((other, round(ratio, 2)))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]
