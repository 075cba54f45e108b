"""Every change to the deputies' network: places, the deputies attached to them,
reception days, duty activities and absences from the congress (R82). Each change is
one transaction with its audit row."""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import audit, clock
from renda.core.models import Deputy, Organisation, Session
from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay
from renda.handling.workflow import InvalidTransition

K = Place.Kind
St = ReceptionDay.State

PLACE_FIELDS = [
    "code",
    "name",
    "kind",
    "district",
    "township",
    "industrial_chain",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "contact_person",
    "contact_phone",
    "established_on",
    "is_active",
]
CODE_PREFIX = {
    K.LIAISON_STATION: "LS",
    K.ACTIVITY_CENTER: "AC",
    K.DEPUTY_STUDIO: "ST",
    K.DEMONSTRATION_SITE: "DS",
    K.ONLINE_HOME: "OH",
}
# state → states a reception day may move to.
TRANSITIONS = {St.SCHEDULED: {St.HELD, St.CANCELLED}, St.HELD: set(), St.CANCELLED: set()}
MAX_VISITORS = 100_000


def _require(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _names(deputies: Iterable[Deputy]) -> str:
    return "、".join(d.person.name for d in deputies)


# --- places ------------------------------------------------------------------------------
def validate_place(place: Place) -> None:
    """Coordinates in range and given together; the district is a district; the
    township is a township of that district; an industrial chain only on a
    demonstration site; every place but the online home lies in a district."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    lat, lon = place.latitude, place.longitude
    if (lat is None) != (lon is None):
        add("longitude" if lon is None else "latitude", _("Give latitude and longitude together."))
    if lat is not None and not -90 <= lat <= 90:
        add("latitude", _("Latitude lies between -90 and 90."))
    if lon is not None and not -180 <= lon <= 180:
        add("longitude", _("Longitude lies between -180 and 180."))
    district = place.district if place.district_id else None
    township = place.township if place.township_id else None
    if district is not None and district.kind != Organisation.Kind.DISTRICT:
        add("district", _("Choose a district or county."))
    if township is not None:
        if township.kind != Organisation.Kind.TOWNSHIP:
            add("township", _("Choose a township or subdistrict."))
        elif district is not None and township.parent_id != district.pk:
            add("township", _("This township does not belong to the district chosen."))
    if place.kind != K.ONLINE_HOME and district is None and "district" not in errors:
        add("district", _("Say in which district or county the place lies."))
    if place.industrial_chain and place.kind != K.DEMONSTRATION_SITE:
        add("industrial_chain", _("Only a demonstration site sits on an industrial chain."))
    if errors:
        raise ValidationError(errors)


MICRODEGREE = Decimal("0.000001")


def _coordinate(value, field: str) -> Decimal | None:
    """A coordinate as a decimal of at most six places (about 0.1 m); GPS readings
    with more digits are rounded rather than refused."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
        return number.quantize(MICRODEGREE, rounding=ROUND_HALF_EVEN)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give the coordinate as a number.")}) from None


def _next_code(kind: str) -> str:
    prefix = CODE_PREFIX.get(kind, "PL")
    number = Place.objects.filter(kind=kind).count() + 1
    while Place.objects.filter(code=f"{prefix}-{number:04d}").exists():
        number += 1
    return f"{prefix}-{number:04d}"


@transaction.atomic
def save_place(place: Place, *, actor, note: str = "") -> Place:
    """Create or edit a place of the network."""
    _require(actor, "deputies.manage_network")
    is_new = place.pk is None
    before = {}
    if not is_new:
        stored = Place.objects.select_for_update().get(pk=place.pk)
        before = audit.snapshot(stored, PLACE_FIELDS)
    if place.township_id and not place.district_id and place.township.parent_id:
        # a township names its district: fill it in rather than ask twice
        parent = place.township.parent
        if parent.kind == Organisation.Kind.DISTRICT:
            place.district = parent
    if not place.code:
        place.code = _next_code(place.kind)
    place.latitude = _coordinate(place.latitude, "latitude")
    place.longitude = _coordinate(place.longitude, "longitude")
    validate_place(place)
    place.full_clean()
    place.save()
    after = audit.snapshot(place, PLACE_FIELDS)
    if not is_new:
        before, after = audit.changed_fields(before, after)
    audit.record(
        actor,
        place,
        "create_place" if is_new else "edit_place",
        before=before,
        after=after,
        note=note,
    )
    return place


def _check_serving(deputies: list[Deputy], on: dt.date, *, now_active: bool) -> None:
    """Deputies must hold their mandate on the day (and, for what is still to come,
    be serving now)."""
    wrong = [
        d
        for d in deputies
        if d.term.start_date > on
        or (d.term.end_date is not None and d.term.end_date < on)
        or (now_active and d.status != Deputy.Status.ACTIVE)
    ]
    if wrong:
        raise ValidationError(
            {
                "deputies": _("Not serving as a deputy on %(date)s: %(names)s.")
                % {"date": on.isoformat(), "names": _names(wrong)}
            }
        )


def _fetch(deputies) -> list[Deputy]:
    keys = [d.pk for d in deputies]
    found = Deputy.objects.select_related("person", "term").in_bulk(keys)
    return [found[k] for k in dict.fromkeys(keys) if k in found]


@transaction.atomic
def attach_deputies(place: Place, deputies, *, actor, note: str = "") -> Place:
    """Attach serving deputies to a place (编入联络站)."""
    _require(actor, "deputies.manage_network")
    place = Place.objects.select_for_update().get(pk=place.pk)
    deputies = _fetch(deputies)
    if not deputies:
        raise ValidationError({"deputies": _("Choose at least one deputy.")})
    _check_serving(deputies, clock.today(), now_active=True)
    attached = set(place.deputies.values_list("pk", flat=True))
    new = [d for d in deputies if d.pk not in attached]
    if not new:
        raise ValidationError({"deputies": _("These deputies are already attached.")})
    place.deputies.add(*new)
    audit.record(
        actor,
        place,
        "attach_deputies",
        after={"deputies": [d.pk for d in new], "names": _names(new)},
        note=note,
    )
    return place


@transaction.atomic
def detach_deputy(place: Place, deputy: Deputy, *, actor, note: str = "") -> Place:
    _require(actor, "deputies.manage_network")
    place = Place.objects.select_for_update().get(pk=place.pk)
    if not place.deputies.filter(pk=deputy.pk).exists():
        raise ValidationError({"deputies": _("This deputy is not attached to the place.")})
    place.deputies.remove(deputy)
    audit.record(
        actor,
        place,
        "detach_deputy",
        before={"deputies": [deputy.pk], "names": deputy.person.name},
        note=note,
    )
    return place


# --- reception days ----------------------------------------------------------------------
def _move(day: ReceptionDay, to: str) -> str:
    if to not in TRANSITIONS[day.state]:
        raise InvalidTransition(
            _("This reception day is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": St(day.state).label, "to": St(to).label}
        )
    before = day.state
    day.state = to
    return before


@transaction.atomic
def schedule_reception_day(
    place: Place,
    *,
    date: dt.date,
    deputies,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    notes: str = "",
    actor,
) -> ReceptionDay:
    """接待日: a day the place receives the public, with the deputies on duty, who
    must be attached to the place and serving."""
    _require(actor, "deputies.manage_network")
    place = Place.objects.select_for_update().get(pk=place.pk)  # one day per date, no race
    errors: dict[str, list[str]] = {}
    if not place.is_active:
        errors["place"] = [_("This place is closed.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("The reception ends after it starts.")]
    deputies = _fetch(deputies)
    if not deputies:
        errors["deputies"] = [_("Name at least one deputy on duty.")]
    else:
        attached = set(place.deputies.values_list("pk", flat=True))
        strangers = [d for d in deputies if d.pk not in attached]
        if strangers:
            errors["deputies"] = [
                _("Not attached to this place: %(names)s. Attach them first.")
                % {"names": _names(strangers)}
            ]
    taken = ReceptionDay.objects.filter(place=place, date=date).exclude(state=St.CANCELLED)
    if taken.exists():
        errors["date"] = [_("This place already has a reception day on that date.")]
    if errors:
        raise ValidationError(errors)
    _check_serving(deputies, date, now_active=True)
    day = ReceptionDay(
        place=place,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        notes=notes,
        recorded_by=_user_or_none(actor),
    )
    day.full_clean()
    day.save()
    day.deputies.set(deputies)
    audit.record(
        actor,
        day,
        "schedule_reception_day",
        to_state=St.SCHEDULED,
        after={"date": date.isoformat(), "deputies": [d.pk for d in deputies]},
    )
    return day


def _locked_day(day: ReceptionDay) -> ReceptionDay:
    return ReceptionDay.objects.select_for_update().select_related("place").get(pk=day.pk)


@transaction.atomic
def record_reception_held(
    day: ReceptionDay, *, visitors: int, notes: str = "", deputies=None, actor
) -> ReceptionDay:
    """The reception took place: attendance and notes; the deputies who received the
    public get a RECEPTION activity in their duty record (R80)."""
    _require(actor, "deputies.manage_network")
    day = _locked_day(day)
    before = _move(day, St.HELD)
    if day.date > clock.today():
        raise ValidationError(
            {"date": _("A reception day is recorded as held on or after its date.")}
        )
    if isinstance(visitors, bool) or not isinstance(visitors, int):
        raise ValidationError({"visitors": _("Give the number of visitors.")})
    if not 0 <= visitors <= MAX_VISITORS:
        raise ValidationError(
            {
                "visitors": _("The number of visitors lies between 0 and %(max)s.")
                % {"max": MAX_VISITORS}
            }
        )
    present = _fetch(deputies) if deputies is not None else _fetch(day.deputies.all())
    if not present:
        raise ValidationError({"deputies": _("Name the deputies who received the public.")})
    _check_serving(present, day.date, now_active=False)
    if deputies is not None:
        day.deputies.set(present)
    day.visitors = visitors
    day.notes = notes or day.notes
    day.recorded_by = _user_or_none(actor)
    day.save(update_fields=["state", "visitors", "notes", "recorded_by", "updated_at"])
    activity = DutyActivity.objects.create(
        kind=DutyActivity.Kind.RECEPTION,
        title=_("Reception day at %(place)s") % {"place": day.place.name},
        date=day.date,
        place=day.place,
        reception_day=day,
        description=notes,
        recorded_by=_user_or_none(actor),
    )
    activity.deputies.set(present)
    audit.record(
        actor,
        day,
        "record_reception_held",
        from_state=before,
        to_state=St.HELD,
        after={"visitors": visitors, "deputies": [d.pk for d in present], "activity": activity.pk},
        note=notes,
    )
    return day


@transaction.atomic
def cancel_reception_day(day: ReceptionDay, *, reason: str, actor) -> ReceptionDay:
    _require(actor, "deputies.manage_network")
    day = _locked_day(day)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    before = _move(day, St.CANCELLED)
    day.cancellation_reason = reason.strip()[:500]
    day.save(update_fields=["state", "cancellation_reason", "updated_at"])
    audit.record(
        actor,
        day,
        "cancel_reception_day",
        from_state=before,
        to_state=St.CANCELLED,
        note=day.cancellation_reason,
    )
    return day


# --- duty activities ---------------------------------------------------------------------
@transaction.atomic
def record_activity(activity: DutyActivity, *, deputies, actor) -> DutyActivity:
    """Record a duty activity (training, duty report, inspection, research, dual
    contact...). The office records anyone's; a deputy only their own."""
    _require(actor, "deputies.record_activity")
    deputies = _fetch(deputies)
    if not actor.has_perm("deputies.manage_network"):
        if not deputies or any(d.person_id != actor.person_id for d in deputies):
            raise PermissionDenied(_("A deputy records only their own activities."))
    if activity.pk is not None:
        raise ValidationError(_("A recorded activity is not recorded again."))
    errors: dict[str, list[str]] = {}
    if activity.reception_day_id:
        errors["reception_day"] = [_("Reception activities are recorded with their reception day.")]
    if not deputies:
        errors["deputies"] = [_("Name the deputies who took part.")]
    if activity.date and activity.date > clock.today():
        errors["date"] = [_("An activity is recorded once it has taken place.")]
    if errors:
        raise ValidationError(errors)
    activity.recorded_by = _user_or_none(actor)
    activity.full_clean()
    _check_serving(deputies, activity.date, now_active=False)
    activity.save()
    activity.deputies.set(deputies)
    audit.record(
        actor,
        activity,
        "record_activity",
        after={
            **audit.snapshot(activity, ["kind", "title", "date", "place"]),
            "deputies": [d.pk for d in deputies],
        },
    )
    return activity


# --- R82: absences from the congress ----------------------------------------------------
@transaction.atomic
def record_absence(
    deputy: Deputy, session: Session, *, approved_leave: bool, reason: str = "", actor
) -> CongressAbsence:
    """Record (or correct) a deputy's absence from a congress session. Two absences
    without approved leave in the term flag the deputy (R82, 代表法 Art 62)."""
    _require(actor, "deputies.record_absence")
    errors: dict[str, list[str]] = {}
    if session.body != Session.Body.CONGRESS:
        errors["session"] = [_("Absences are recorded for sessions of the congress.")]
    elif session.term_id != deputy.term_id:
        errors["session"] = [_("The session is not of the deputy's term.")]
    elif session.start_date > clock.today():
        errors["session"] = [_("The session has not begun yet.")]
    if errors:
        raise ValidationError(errors)
    reason = (reason or "").strip()[:500]
    absence = (
        CongressAbsence.objects.select_for_update().filter(deputy=deputy, session=session).first()
    )
    if absence is None:
        absence = CongressAbsence.objects.create(
            deputy=deputy,
            session=session,
            approved_leave=approved_leave,
            reason=reason,
            recorded_by=_user_or_none(actor),
        )
        audit.record(
            actor,
            absence,
            "record_absence",
            after={"approved_leave": approved_leave, "reason": reason},
        )
        return absence
    before = {"approved_leave": absence.approved_leave, "reason": absence.reason}
    absence.approved_leave, absence.reason = approved_leave, reason
    absence.save(update_fields=["approved_leave", "reason", "updated_at"])
    after = {"approved_leave": approved_leave, "reason": reason}
    before, after = audit.changed_fields(before, after)
    audit.record(actor, absence, "change_absence", before=before, after=after)
    return absence
