"""Every change in consultations: one atomic function each, row-locked, audited
(DESIGN.md, "How a state change is written"). Pages, the API and the demo call these.

States: draft → open → closed → concluded (summary published). R51: a draft regulation
stays open at least ``legislation.comment_min_days`` days — a shorter period is refused
when the consultation is created and when it is opened, and it is not closed before
its announced closing day."""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.consultations import provisions as P
from renda.consultations.models import (
    OPENABLE_CHANNELS,
    Adoption,
    Channel,
    Comment,
    Consultation,
    ContactPoint,
)
from renda.core import audit, clock, public
from renda.core.rulesettings import rule_setting
from renda.handling.workflow import InvalidTransition

S = Consultation.State
TRANSITIONS = {
    S.DRAFT: {S.OPEN},
    S.OPEN: {S.CLOSED},
    S.CLOSED: {S.CONCLUDED},
    S.CONCLUDED: set(),
}
DECIDING_STATES = {S.OPEN, S.CLOSED}
TEXT_MIN, TEXT_MAX = 5, 2000
TITLE_MAX, SUMMARY_MAX, REASON_MAX, THEME_MAX = 200, 10_000, 1000, 60
SUBMISSIONS_PER_HOUR = 20  # portal comments per client address
LOOKUPS_PER_HOUR = 60  # tracking-code look-ups per client address
# Tracking codes: no 0/O or 1/I/L to misread on a phone; 31**10 codes cannot be guessed.
CODE_PREFIX = "YJ"
CODE_PATTERN = public.code_pattern(CODE_PREFIX)
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,20}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
POINT_FIELDS = (
    "kind",
    "name",
    "area",
    "district",
    "address",
    "contact_person",
    "phone",
    "designated_on",
    "is_active",
    "note",
)


RateLimited = public.RateLimited


# --- helpers ---------------------------------------------------------------------------
def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _text(value, field: str, *, required: bool, max_length: int, min_length: int = 0) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: _("Fill in this field.")})
    if value and len(value) < min_length:
        raise ValidationError({field: _("At least %(count)s characters.") % {"count": min_length}})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(count)s characters.") % {"count": max_length}})
    return value


def _move(consultation, to: str, actor, verb: str, *, note: str = "", fields=()):
    if to not in TRANSITIONS[consultation.state]:
        raise InvalidTransition(
            _("This consultation is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": S(consultation.state).label, "to": S(to).label}
        )
    before = consultation.state
    consultation.state = to
    consultation.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, consultation, verb, from_state=before, to_state=to, note=note)
    return consultation


def min_days() -> int:
    return rule_setting("legislation.comment_min_days")


def is_regulation_draft(consultation) -> bool:
    return consultation.version.legal_text.kind == "regulation_draft"


def check_period(consultation) -> None:
    """The period is in order, and R51: a draft regulation is open at least the
    setting's days (both ends counted)."""
    if consultation.opens_on is None or consultation.closes_on is None:
        raise ValidationError({"opens_on": _("Give the opening and closing days.")})
    if consultation.closes_on < consultation.opens_on:
        raise ValidationError({"closes_on": _("The closing day is before the opening day.")})
    days = min_days()
    if is_regulation_draft(consultation) and consultation.period_days < days:
        raise ValidationError(
            {
                "closes_on": _(
                    "A draft regulation stays open for comment at least %(days)s days "
                    "(R51); this period has %(period)s."
                )
                % {"days": days, "period": consultation.period_days}
            }
        )


def _channels(channels) -> list[str]:
    if isinstance(channels, str):
        channels = channels.split(",")
    chosen = set()
    for value in channels or ():
        if value not in OPENABLE_CHANNELS:
            raise ValidationError({"channels": _("Unknown channel: %(value)s") % {"value": value}})
        chosen.add(str(value))
    if not chosen:
        raise ValidationError({"channels": _("Choose at least one channel.")})
    return ",".join(c for c in OPENABLE_CHANNELS if c in chosen)


# --- consultations -----------------------------------------------------------------------
@transaction.atomic
def create_consultation(
    *,
    version,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    channels,
    purpose: str = "",
    bodies=(),
    experts=(),
    actor,
) -> Consultation:
    consultation = Consultation(
        version=version,
        title=_text(title, "title", required=True, max_length=TITLE_MAX),
        purpose=_text(purpose, "purpose", required=False, max_length=SUMMARY_MAX),
        opens_on=opens_on,
        closes_on=closes_on,
        channels=_channels(channels),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    check_period(consultation)
    bodies, experts = list(bodies or ()), list(experts or ())
    if consultation.has_channel(Channel.BODY) and not bodies:
        raise ValidationError({"bodies": _("Name the bodies asked for comments.")})
    if consultation.has_channel(Channel.EXPERT) and not experts:
        raise ValidationError({"experts": _("Invite at least one expert.")})
    consultation.save()
    consultation.bodies.set(bodies)
    consultation.experts.set(experts)
    audit.record(
        actor,
        consultation,
        "create",
        after={
            **audit.snapshot(consultation),
            "bodies": [b.pk for b in bodies],
            "experts": [e.pk for e in experts],
        },
        to_state=consultation.state,
    )
    return consultation


@transaction.atomic
def open_consultation(consultation, *, actor, on: dt.date | None = None) -> Consultation:
    consultation = _locked(Consultation, consultation)
    day = on or clock.today()
    if consultation.state == S.DRAFT:
        check_period(consultation)
        if day > consultation.closes_on:
            raise ValidationError(
                {"closes_on": _("The closing day has passed; change the period first.")}
            )
    consultation.opened_on = day
    return _move(consultation, S.OPEN, actor, "open", fields=["opened_on"])


@transaction.atomic
def close_consultation(
    consultation, *, actor, on: dt.date | None = None, note: str = ""
) -> Consultation:
    consultation = _locked(Consultation, consultation)
    day = on or clock.today()
    if (
        consultation.state == S.OPEN
        and is_regulation_draft(consultation)
        and day < consultation.closes_on
    ):
        raise InvalidTransition(
            _("A draft regulation stays open until its announced closing day (%(day)s, R51).")
            % {"day": consultation.closes_on.isoformat()}
        )
    consultation.closed_on = day
    note = _text(note, "note", required=False, max_length=REASON_MAX)
    return _move(consultation, S.CLOSED, actor, "close", note=note, fields=["closed_on"])


@transaction.atomic
def conclude_consultation(
    consultation, *, summary: str, actor, on: dt.date | None = None
) -> Consultation:
    consultation = _locked(Consultation, consultation)
    summary = _text(summary, "summary", required=True, max_length=SUMMARY_MAX)
    if consultation.state != S.CLOSED:
        return _move(consultation, S.CONCLUDED, actor, "conclude")  # raises
    consultation.summary = summary
    consultation.concluded_on = on or clock.today()
    return _move(consultation, S.CONCLUDED, actor, "conclude", fields=["summary", "concluded_on"])


# --- comments ------------------------------------------------------------------------------
def new_tracking_code() -> str:
    return public.new_tracking_code(CODE_PREFIX)


def comment_for_code(code: str) -> Comment | None:
    """The tracking code alone opens its own comment, and nothing else."""
    code = public.normalise_code(code)
    if not CODE_PATTERN.match(code):
        return None
    return (
        Comment.objects.select_related("consultation", "adoption")
        .filter(tracking_code=code)
        .first()
    )


def _check_rate(client_key: str) -> None:
    public.check_rate(
        "consultations:rate",
        client_key,
        SUBMISSIONS_PER_HOUR,
        _("Too many comments from this address; please try again later."),
    )


def lookup_allowed(client_key: str) -> bool:
    """Tracking codes cannot be guessed, and guessing is slowed down further."""
    return public.within_hourly_limit("consultations:track", client_key, LOOKUPS_PER_HOUR)


def _contact(value: str) -> str:
    value = _text(value, "citizen_contact", required=False, max_length=100)
    if value and not (PHONE_RE.match(value) or EMAIL_RE.match(value)):
        raise ValidationError(
            {"citizen_contact": _("Give a phone number or an e-mail address, or leave it empty.")}
        )
    return value


def _channel_open(consultation, channel: str, *, contact_point, expert, body) -> None:
    if channel == Channel.STAFF:
        return
    if not consultation.has_channel(channel):
        raise ValidationError(
            _("This consultation does not take comments through “%(channel)s”.")
            % {"channel": Channel(channel).label}
        )
    if channel in (Channel.CONTACT_POINT, Channel.BASE):
        if contact_point is None or not contact_point.is_active:
            raise ValidationError(_("Choose an active contact point or base."))
    if channel == Channel.EXPERT and (
        expert is None or not consultation.experts.filter(pk=expert.pk).exists()
    ):
        raise PermissionDenied(_("This expert is not invited to this consultation."))
    if channel == Channel.BODY and (
        body is None or not consultation.bodies.filter(pk=body.pk).exists()
    ):
        raise ValidationError({"body": _("This body is not asked for comments here.")})


def _by_token(token) -> Comment | None:
    if not token:
        return None
    return Comment.objects.filter(client_token=token).first()


def _same_submission(existing: Comment, consultation, text: str) -> Comment:
    """A token sent again answers with its comment only for the same submission; a
    token reused for another one is refused (it must not reveal another's code)."""
    if (
        existing.consultation_id != consultation.pk
        or existing.text != (text or "").replace("\x00", "").strip()
    ):
        raise ValidationError(
            {"client_token": _("This submission token was already used; reload the form.")}
        )
    return existing


def add_comment(
    consultation,
    *,
    text: str,
    channel: str,
    provision: str = "",
    author=None,
    contact_point: ContactPoint | None = None,
    expert=None,
    body=None,
    citizen_name: str = "",
    citizen_contact: str = "",
    client_token: str | None = None,
    client_key: str = "",
    received_at: dt.datetime | None = None,
    actor=None,
) -> tuple[Comment, bool]:
    """Store a comment while the consultation is open and give its tracking code.
    The same client token never makes two comments: the first one is returned."""
    existing = _by_token(client_token)
    if existing is not None:
        return _same_submission(existing, consultation, text), False
    if client_token is not None and not 1 <= len(str(client_token)) <= 64:
        raise ValidationError({"client_token": _("The client token must be 1 to 64 characters.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if contact_point is not None:
        channel = (
            Channel.BASE
            if contact_point.kind == ContactPoint.Kind.LEGISLATIVE_BASE
            else Channel.CONTACT_POINT
        )
    values = {
        "text": _text(text, "text", required=True, max_length=TEXT_MAX, min_length=TEXT_MIN),
        "citizen_name": _text(citizen_name, "citizen_name", required=False, max_length=50),
        "citizen_contact": _contact(citizen_contact),
    }
    provision = (provision or "").strip()
    try:
        with transaction.atomic():
            consultation = _locked(Consultation, consultation)
            found = P.resolve(consultation.version.tree, provision)
            if found is None:
                raise ValidationError({"provision": _("The text has no such provision.")})
            moment = received_at or clock.now()
            day = timezone.localtime(moment).date()
            if consultation.state != S.OPEN or not (
                consultation.opens_on <= day <= consultation.closes_on
            ):
                raise InvalidTransition(_("This consultation is not open for comments."))
            _channel_open(
                consultation, channel, contact_point=contact_point, expert=expert, body=body
            )
            _check_rate(client_key)
            comment = Comment.objects.create(
                consultation=consultation,
                provision=found.ref,
                provision_label=found.label,
                sort_key=found.sort_key,
                channel=channel,
                author=author if getattr(author, "is_authenticated", False) else None,
                contact_point=contact_point,
                expert=expert,
                body=body,
                tracking_code=new_tracking_code(),
                client_token=client_token or None,
                received_at=moment,
                **values,
            )
            audit.record(
                actor,
                comment,
                "comment",
                after={
                    "consultation": consultation.pk,
                    "provision": found.ref,
                    "channel": channel,
                },
                actor_name="portal" if actor is None else "",
            )
    except IntegrityError:
        # two requests with one token raced: the other one stored it first
        existing = _by_token(client_token)
        if existing is None:
            raise
        return _same_submission(existing, consultation, text), False
    return comment, True


@transaction.atomic
def group_comments(comments, *, theme: str, actor) -> int:
    """Put comments under one group label (or clear it with "")."""
    theme = _text(theme, "theme", required=False, max_length=THEME_MAX)
    count = 0
    for comment in comments:
        comment = (
            Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        )
        if comment.consultation.state not in DECIDING_STATES:
            raise InvalidTransition(
                _("Comments are grouped while the consultation is open or closed.")
            )
        if comment.theme == theme:
            continue
        before = comment.theme
        comment.theme = theme
        comment.save(update_fields=["theme"])
        audit.record(actor, comment, "group", before={"theme": before}, after={"theme": theme})
        count += 1
    return count


@transaction.atomic
def decide_adoption(
    comment, *, decision: str, reason: str, actor, decided_at: dt.datetime | None = None
) -> Adoption:
    """Adopted / partly adopted / not adopted, with the reason; a later decision
    replaces the earlier one (both audited)."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if comment.consultation.state not in DECIDING_STATES:
        raise InvalidTransition(_("Adoption is decided while the consultation is open or closed."))
    if decision not in Adoption.Decision.values:
        raise ValidationError({"decision": _("Choose adopted, partly adopted or not adopted.")})
    reason = _text(reason, "reason", required=True, max_length=REASON_MAX)
    adoption = Adoption.objects.filter(comment=comment).first()
    before = {"decision": adoption.decision, "reason": adoption.reason} if adoption else {}
    if adoption is None:
        adoption = Adoption(comment=comment)
    adoption.decision = decision
    adoption.reason = reason
    adoption.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    adoption.decided_at = decided_at or clock.now()
    adoption.save()
    audit.record(
        actor,
        comment,
        "decide_adoption",
        before=before,
        after={"decision": decision, "reason": reason},
    )
    return adoption


@transaction.atomic
def decide_group(consultation, *, theme: str, decision: str, reason: str, actor) -> int:
    """The same decision on every comment of one group."""
    theme = (theme or "").strip()
    comments = list(consultation.comments.filter(theme=theme).exclude(theme="").order_by("pk"))
    if not comments:
        raise ValidationError({"theme": _("No comment is in this group.")})
    for comment in comments:
        decide_adoption(comment, decision=decision, reason=reason, actor=actor)
    return len(comments)


def public_status(comment: Comment) -> dict:
    """What the holder of a tracking code sees: their comment and its decision."""
    adoption = getattr(comment, "adoption", None)
    consultation = comment.consultation
    return {
        "tracking_code": comment.tracking_code,
        "consultation": consultation.title,
        "consultation_state": consultation.state,
        "provision": comment.provision,
        "provision_label": comment.provision_label,
        "text": comment.text,
        "received_at": comment.received_at,
        "decision": adoption.decision if adoption else "",
        "decision_label": str(adoption.get_decision_display()) if adoption else "",
        "reason": adoption.reason if adoption else "",
        "decided_at": adoption.decided_at if adoption else None,
    }


# --- contact points --------------------------------------------------------------------------
def _check_point(point: ContactPoint) -> None:
    point.name = _text(point.name, "name", required=True, max_length=200)
    for name, limit in (("area", 200), ("address", 200), ("contact_person", 60), ("phone", 40)):
        setattr(point, name, _text(getattr(point, name), name, required=False, max_length=limit))
    if point.kind not in ContactPoint.Kind.values:
        raise ValidationError({"kind": _("Choose a contact point or a legislative base.")})
    if point.designated_on is None:
        raise ValidationError({"designated_on": _("Fill in this field.")})


@transaction.atomic
def create_contact_point(*, actor, users=(), **fields) -> ContactPoint:
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    point = ContactPoint(**fields)
    _check_point(point)
    point.save()
    users = list(users or ())
    point.users.set(users)
    audit.record(
        actor, point, "designate", after={**audit.snapshot(point), "users": [u.pk for u in users]}
    )
    return point


@transaction.atomic
def update_contact_point(point: ContactPoint, *, actor, users=None, **fields) -> ContactPoint:
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    point = _locked(ContactPoint, point)
    before = audit.snapshot(point)
    for name, value in fields.items():
        setattr(point, name, value)
    _check_point(point)
    point.save()
    changed_before, changed_after = audit.changed_fields(before, audit.snapshot(point))
    if users is not None:
        old = sorted(point.users.values_list("pk", flat=True))
        point.users.set(users)
        new = sorted(u.pk for u in users)
        if old != new:
            changed_before["users"], changed_after["users"] = old, new
    audit.record(actor, point, "edit", before=changed_before, after=changed_after)
    return point
