"""Every change to a public opinion: intake, routing decisions, merging, escalation,
callback and evaluation by tracking code. The handling in between (assignment, reply,
rehandling) is the engine's, reached through ``renda.handling.services``."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import audit, clock, public
from renda.core.models import Organisation
from renda.core.rulesettings import rule_setting
from renda.handling import services as handling
from renda.handling.models import Case, Kind
from renda.opinions import tasks
from renda.opinions.models import Category, Channel, OpinionPhoto, PublicOpinion, RoutingCorrection

TEXT_MIN, TEXT_MAX = 10, 2000
PHOTO_TYPES = {
    # extension: the file's first bytes (checked, so a renamed executable is refused)
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 6
# Tracking codes: no 0/O or 1/I/L to misread on the phone; 32**10 codes cannot be guessed.
CODE_PREFIX = "SQ"
CODE_PATTERN = public.code_pattern(CODE_PREFIX)
RateLimited = public.RateLimited
normalise_code = public.normalise_code
PHONE_PATTERN = re.compile(r"^[0-9+\-() ]{5,20}$")
ID_PATTERN = re.compile(r"^\d{17}[\dXx]$")
OPEN_STATES = {Case.State.REGISTERED, Case.State.ASSIGNED, Case.State.RETURNED}


def _check_rate(client_key: str) -> None:
    public.check_rate(
        "opinions:rate",
        client_key,
        rule_setting("opinions.submissions_per_hour"),
        _("Too many submissions from this address; please try again later."),
    )


def new_tracking_code() -> str:
    return public.new_tracking_code(CODE_PREFIX)


def opinion_for_code(code: str) -> PublicOpinion | None:
    """R90: the tracking code alone opens its own opinion, and nothing else."""
    code = normalise_code(code)
    if not CODE_PATTERN.match(code):
        return None
    return (
        PublicOpinion.objects.select_related("case", "district").filter(tracking_code=code).first()
    )


# --- validation ---------------------------------------------------------------------
def _coordinate(value, name: str, bound: int, errors: dict):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[name] = [_("Enter a number.")]
        return None
    if not number.is_finite() or abs(number) > bound:
        errors[name] = [_("Enter a value between -%(bound)s and %(bound)s.") % {"bound": bound}]
        return None
    return number.quantize(Decimal("0.000001"))


def validate_photos(photos) -> None:
    photos = list(photos or [])
    if len(photos) > PHOTO_MAX_COUNT:
        raise ValidationError(
            {"photos": _("Attach at most %(count)d photos.") % {"count": PHOTO_MAX_COUNT}}
        )
    for photo in photos:
        extension = photo.name.rsplit(".", 1)[-1].lower() if "." in photo.name else ""
        head = photo.read(12)
        photo.seek(0)
        if extension not in PHOTO_TYPES or not head.startswith(PHOTO_TYPES[extension]):
            raise ValidationError(
                {
                    "photos": _("%(name)s is not a JPEG, PNG, GIF or WebP photo.")
                    % {"name": photo.name}
                }
            )
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(
                {"photos": _("%(name)s is larger than 5 MB.") % {"name": photo.name}}
            )


def _validate(data: dict) -> dict:
    errors: dict[str, list] = {}
    text = (data.get("text") or "").strip()
    if len(text) < TEXT_MIN:
        errors["text"] = [_("Describe the matter in at least %(n)d characters.") % {"n": TEXT_MIN}]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("Keep the text under %(n)d characters.") % {"n": TEXT_MAX}]
    if data.get("category") not in Category.values:
        errors["category"] = [_("Choose a category.")]
    if data.get("channel") not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    district = data.get("district")
    if district is not None and district.kind != Organisation.Kind.DISTRICT:
        errors["district"] = [_("Choose a district or county.")]
    data["latitude"] = _coordinate(data.get("latitude"), "latitude", 90, errors)
    data["longitude"] = _coordinate(data.get("longitude"), "longitude", 180, errors)
    phone = (data.get("submitter_phone") or "").strip()
    if phone and not PHONE_PATTERN.match(phone):
        errors["submitter_phone"] = [_("Enter a valid phone number.")]
    id_number = (data.get("submitter_id_number") or "").strip()
    if id_number and not ID_PATTERN.match(id_number):
        errors["submitter_id_number"] = [_("Enter an 18-character ID number.")]
    # the setting concerns the portal only: other channels need not read it (one query)
    if data.get("channel") == Channel.PORTAL and rule_setting("opinions.require_contact"):
        if not (data.get("submitter_name") or "").strip():
            errors["submitter_name"] = [_("Your name is required.")]
        if not phone:
            errors["submitter_phone"] = [_("Your phone number is required.")]
    token = data.get("client_token")
    if token is not None and not (1 <= len(str(token)) <= 64):
        errors["client_token"] = [_("The client token must be 1 to 64 characters.")]
    if errors:
        raise ValidationError(errors)
    data["text"] = text
    return data


# --- intake ---------------------------------------------------------------------------
def submit_opinion(
    *,
    text: str,
    category: str,
    channel: str,
    district=None,
    location: str = "",
    latitude=None,
    longitude=None,
    photos=(),
    submitter_name: str = "",
    submitter_phone: str = "",
    submitter_email: str = "",
    submitter_id_number: str = "",
    submitter_address: str = "",
    client_token: str | None = None,
    client_key: str = "",
    station=None,
    reception_day=None,
    forwarded_by=None,
    actor=None,
) -> tuple[PublicOpinion, bool]:
    """R90: store the opinion and give its tracking code at once. The same client token
    returns the first record instead of making a second (a double tap, a retry)."""
    data = _validate(
        {
            "text": text,
            "category": category,
            "channel": channel,
            "district": district,
            "latitude": latitude,
            "longitude": longitude,
            "submitter_name": submitter_name,
            "submitter_phone": submitter_phone,
            "submitter_id_number": submitter_id_number,
            "client_token": client_token or None,
        }
    )
    if station is not None and district is None:
        district = station.district
    if reception_day is not None and station is None:
        station = reception_day.place
    validate_photos(photos)
    try:
        _check_rate(client_key)
    except RateLimited:
        # a retry of a stored submission still gets its receipt
        existing = _by_token(client_token)
        if existing is None:
            raise
        return existing, False
    fields = {
        "text": data["text"],
        "category": category,
        "channel": channel,
        "district": district,
        "location": location.strip()[:200],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "station": station,
        "reception_day": reception_day,
        "forwarded_by": forwarded_by,
        "submitter_name": submitter_name.strip()[:60],
        "submitter_phone": submitter_phone.strip(),
        "submitter_email": submitter_email.strip()[:254],
        "submitter_id_number": submitter_id_number.strip().upper(),
        "submitter_address": submitter_address.strip()[:200],
        "client_token": client_token or None,
    }
    # No lookup of the client token first: nearly every intake is new, and a retry or a
    # double tap fails on the token's unique constraint, which rolls its case back too.
    try:
        return _create(fields, photos, actor), True
    except IntegrityError:
        existing = _by_token(client_token)
        if existing is None:
            raise
        return existing, False


def _by_token(token) -> PublicOpinion | None:
    if not token:
        return None
    return PublicOpinion.objects.select_related("case").filter(client_token=token).first()


@transaction.atomic
def _create(fields: dict, photos, actor) -> PublicOpinion:
    code = new_tracking_code()
    title = title_of(fields["text"])
    case = handling.open_case(Kind.PUBLIC_OPINION, title=title, reference=code, actor=actor)
    # a token race fails here and rolls back the whole of _create, the case with it
    opinion = PublicOpinion.objects.create(
        case=case,
        tracking_code=code,
        submitted_at=case.registered_at,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    if photos:
        OpinionPhoto.objects.bulk_create(
            [OpinionPhoto(opinion=opinion, file=photo, name=photo.name[:200]) for photo in photos]
        )
    audit.record(
        actor,
        opinion,
        "submit",
        after={"channel": opinion.channel, "category": opinion.category, "case": case.pk},
        actor_name="" if actor else "citizen",
    )
    tasks.queue_background_work(opinion)
    return opinion


def title_of(text: str) -> str:
    first = re.split(r"[。！？!?\n]", text, maxsplit=1)[0].strip()
    return (first[:60] + "…") if len(first) > 60 else first


def index_opinion(opinion: PublicOpinion) -> None:
    """Index the opinion's text for search and similar items (run by the intake task)."""
    from renda.opinions.search import SCOPE
    from renda.textsearch import index as textsearch

    textsearch.index(
        SCOPE,
        opinion.pk,
        opinion.text,
        group=opinion.category,
        date=timezone.localdate(opinion.submitted_at),
    )


# --- routing and assignment -------------------------------------------------------------
@transaction.atomic
def assign_opinion(
    opinion: PublicOpinion,
    *,
    lead_unit,
    assisting_units=(),
    is_complex: bool = False,
    complexity_reason: str = "",
    actor,
    note: str = "",
) -> PublicOpinion:
    """Send an opinion to its units through the engine (R92: 5 or 10 working days),
    keeping what staff made of the router's suggestion for the next training."""
    opinion = PublicOpinion.objects.select_for_update().select_related("case").get(pk=opinion.pk)
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion was merged into another; assign that one."))
    case = opinion.case
    if is_complex and not complexity_reason.strip():
        raise ValidationError({"complexity_reason": _("Say why the matter is complex.")})
    if case.state == Case.State.REGISTERED and case.is_difficult != is_complex:
        case.is_difficult, case.difficulty_reason = is_complex, complexity_reason.strip()
        case.save(update_fields=["is_difficult", "difficulty_reason", "updated_at"])
    assign = handling.reassign_case if case.state == Case.State.RETURNED else handling.assign_case
    assign(case, lead_unit=lead_unit, assisting_units=list(assisting_units), actor=actor, note=note)
    _record_routing(opinion, lead_unit, actor)
    return opinion


def _record_routing(opinion: PublicOpinion, chosen, actor) -> None:
    R = PublicOpinion.Routing
    if opinion.routing == R.PENDING:
        # the background sweep takes only pending opinions: index this one now
        index_opinion(opinion)
    confirmed = opinion.suggested_unit_id == chosen.pk
    opinion.routing = R.CONFIRMED if confirmed else R.CORRECTED
    opinion.save(update_fields=["routing", "updated_at"])
    RoutingCorrection.objects.create(
        opinion=opinion, suggested_unit=opinion.suggested_unit, chosen_unit=chosen, actor=actor
    )


# --- duplicates, escalation, callback ------------------------------------------------------
@transaction.atomic
def merge_opinion(duplicate: PublicOpinion, *, into: PublicOpinion, actor, note: str = ""):
    """Handle duplicates once: the duplicate follows the other's handling, and its
    submitter's tracking code shows that progress."""
    duplicate = (
        PublicOpinion.objects.select_for_update().select_related("case").get(pk=duplicate.pk)
    )
    into = PublicOpinion.objects.select_related("case").get(pk=into.pk)
    if duplicate.pk == into.pk or into.merged_into_id:
        raise ValidationError(_("Merge into another opinion that is not itself merged."))
    if duplicate.case.state not in OPEN_STATES - {Case.State.ASSIGNED}:
        raise ValidationError(_("Only an opinion not yet assigned can be merged."))
    if into.case.state == Case.State.COMPLETED:
        raise ValidationError(_("The opinion merged into is already completed."))
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    case = duplicate.case
    before = case.state
    case.state, case.completed_at = Case.State.COMPLETED, clock.now()
    case.save(update_fields=["state", "completed_at", "updated_at"])
    audit.record(
        actor,
        case,
        "merge",
        from_state=before,
        to_state=case.state,
        after={"into": into.tracking_code},
        note=note,
    )
    PublicOpinion.objects.filter(merged_into=duplicate).update(merged_into=into)
    return duplicate


@transaction.atomic
def escalate_to_suggestion(opinion: PublicOpinion, *, actor) -> PublicOpinion:
    """R92: a deputy takes an opinion up as the draft of their own suggestion for the
    current congress session; the link is kept both ways, and the deputy completes and
    submits the draft as any other."""
    from renda.core.models import Deputy, Session
    from renda.deputies.access import own_mandates
    from renda.suggestions import services as suggestions
    from renda.suggestions.models import Suggestion

    opinion = PublicOpinion.objects.select_for_update().select_related("case").get(pk=opinion.pk)
    if opinion.escalated_to_id:
        raise ValidationError(_("This opinion has already been taken up as a suggestion."))
    deputy = own_mandates(actor).filter(status=Deputy.Status.ACTIVE).first()
    if deputy is None:
        raise PermissionDenied(_("Only a serving deputy takes an opinion up as a suggestion."))
    session = (
        Session.objects.filter(term=deputy.term, body=Session.Body.CONGRESS)
        .order_by("-number")
        .first()
    )
    if session is None:
        raise ValidationError(_("No congress session of your term is open for suggestions."))
    draft = Suggestion(
        session=session,
        lead_deputy=deputy,
        title=opinion.case.title[:300] or opinion.tracking_code,
        text=_("From public opinion %(code)s:") % {"code": opinion.tracking_code}
        + "\n"
        + opinion.text,
        category=Suggestion.Category.OTHER,
    )
    draft = suggestions.save_draft(draft, actor=actor)
    opinion.escalated_to = draft
    opinion.save(update_fields=["escalated_to", "updated_at"])
    audit.record(actor, opinion, "escalate", after={"suggestion": draft.pk})
    return opinion


@transaction.atomic
def record_callback(opinion: PublicOpinion, *, note: str, actor) -> PublicOpinion:
    """回访: the office or the unit tells the submitter the outcome and notes the answer."""
    opinion = PublicOpinion.objects.select_for_update().select_related("case").get(pk=opinion.pk)
    if not note.strip():
        raise ValidationError({"note": _("Write what the submitter was told and said.")})
    if opinion.case.state not in {Case.State.REPLIED, Case.State.COMPLETED}:
        raise ValidationError(_("Call back once the opinion has been replied to."))
    opinion.callback_at, opinion.callback_note = clock.now(), note.strip()
    opinion.save(update_fields=["callback_at", "callback_note", "updated_at"])
    audit.record(actor, opinion, "callback", note=note.strip())
    return opinion


# --- what the tracking code shows, and evaluation with it -----------------------------------
def handled_through(opinion: PublicOpinion) -> PublicOpinion:
    """A merged opinion is handled through the one it was merged into."""
    return opinion.merged_into if opinion.merged_into_id else opinion


def public_status(opinion: PublicOpinion) -> dict:
    handled = handled_through(opinion)
    case = handled.case
    reply = case.replies.order_by("-round").first()
    closed = case.state == Case.State.COMPLETED
    return {
        "state": "closed" if closed else "open",
        "case_state": case.state,
        "status_label": case.get_state_display(),
        "unit_name": case.lead_unit.name if case.lead_unit_id else "",
        "reply_text": reply.text if reply else "",
        "replied_at": reply.replied_at if reply else None,
        "reply_due": case.reply_due,
        "updated_at": max(opinion.updated_at, case.updated_at),
        "can_evaluate": handled.pk == opinion.pk and case.state == Case.State.REPLIED,
        "merged_into": handled.tracking_code if handled.pk != opinion.pk else "",
        "evaluation": case.final_evaluation,
    }


def evaluate_by_code(code: str, *, result: str, comment: str = ""):
    opinion = opinion_for_code(code)
    if opinion is None:
        raise PermissionDenied(_("No opinion has this tracking code."))
    if opinion.merged_into_id:
        raise ValidationError(_("This opinion is handled together with another one."))
    return handling.evaluate_by_code(opinion.case, result=result, comment=comment.strip()[:1000])


@transaction.atomic
def record_unmasked_export(actor, *, reason: str, count: int, filters: str) -> None:
    """R91: personal data leave renda unmasked only with a recorded reason."""
    if len(reason.strip()) < 4:
        raise ValidationError({"reason": _("Give the reason for exporting personal data.")})
    audit.record(
        actor,
        actor,
        "export_personal_data",
        after={"rows": count, "filters": filters[:500]},
        note=reason.strip(),
    )
