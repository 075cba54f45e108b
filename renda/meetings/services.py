"""Every change to committee sessions, chair meetings, agendas, attendance, invited
attendees, forums and joint submissions. Each is one transaction with its audit row.

Rules: R30 (a session at least every two months: ``schedule_warnings``), R31 (quorum
before opening: ``quorum``, ``open_session``), R34 (joint submissions of 5+ members
and the questioners' view of an answer), R35 (invited deputies have no vote; each
attendance is recorded per session and per deputy, as a duty activity, R80)."""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.core import audit, clock
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Session, Term
from renda.deputies import services as deputies_services
from renda.deputies.models import DutyActivity
from renda.handling.workflow import InvalidTransition
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    ChairMeeting,
    ForumContribution,
    JointSubmission,
    MemberAttendance,
    Observer,
    PostSessionForum,
    QuestionAnswer,
    QuestionerView,
    SessionDetails,
)

COMMITTEE = Session.Body.STANDING_COMMITTEE
St = SessionDetails.State
Sub = JointSubmission.State

# R30 (地方组织法 Art 51: 常委会会议一般每两个月至少举行一次). A national rule, not a
# local setting. "Within two months" is read in calendar months, as the committee
# plans its year: after a session in February the next is due by the end of April.
R30_MONTHS = 2
# R34 (监督法 Art 53; 地方组织法 Art 51): at city level, 5 or more members jointly.
R34_MIN_MEMBERS = 5
MAX_READING = 5
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"),
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class QuorumNotMet(InvalidTransition):
    """R31: fewer than more than half of all members are present."""


def _require(actor, permission: str = "meetings.manage") -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _names(people: Iterable) -> str:
    return "、".join(str(p) for p in people)


# --- R31: members of the term at a date, quorum ------------------------------------------
def members_at(term: Term, on: dt.date):
    """Committee members of the term serving on the date (the whole membership R31 and
    R32 count against)."""
    return CommitteeMember.objects.serving_on(term, on)


@dataclass(frozen=True)
class Quorum:
    members: int  # all members of the term on the session's date
    present: int
    on_leave: int
    absent: int

    @property
    def needed(self) -> int:
        return self.members // 2 + 1

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def quorum(session: Session) -> Quorum:
    """R31: more than half of ALL members of the term at that date must be present
    (one person counts once even with two posts in the term)."""
    serving = members_at(session.term, session.start_date)
    counts = {s: 0 for s in MemberAttendance.Status.values}
    rows = (
        MemberAttendance.objects.filter(session=session, member__in=serving)
        .order_by("member__person_id", "status")
        .values_list("status", "member__person_id")
    )
    seen: set[int] = set()
    for status, person_id in rows:
        if person_id not in seen:
            seen.add(person_id)
            counts[status] += 1
    return Quorum(
        members=serving.values("person_id").distinct().count(),
        present=counts["present"],
        on_leave=counts["on_leave"],
        absent=counts["absent"],
    )


# --- sessions, R30 -----------------------------------------------------------------------
def details_of(session: Session) -> SessionDetails:
    """The meeting details of a committee session (a session the core created without
    them starts as scheduled)."""
    try:
        return session.meeting
    except SessionDetails.DoesNotExist:
        return SessionDetails(session=session)


def require_sitting(session: Session, on: dt.date) -> None:
    """A vote of the committee is taken at a session that was opened with its quorum
    (R31), on one of the session's days; results from paper may be entered later."""
    if details_of(session).state == SessionDetails.State.SCHEDULED:
        raise InvalidTransition(
            _("%(session)s has not been opened: the quorum is checked first (R31).")
            % {"session": session}
        )
    last = session.end_date or session.start_date
    if not session.start_date <= on <= last:
        raise ValidationError(
            {
                "held_on": _("Vote on a day of the session (%(first)s to %(last)s).")
                % {"first": session.start_date, "last": last}
            }
        )


def _committee_session(session: Session) -> Session:
    if session.body != COMMITTEE:
        raise ValidationError({"session": _("Choose a session of the standing committee.")})
    return session


def _locked(session: Session) -> tuple[Session, SessionDetails]:
    session = Session.objects.select_related("term").get(pk=session.pk)
    _committee_session(session)
    details, _created = SessionDetails.objects.select_for_update().get_or_create(session=session)
    return session, details


def _term_covers(term: Term, day: dt.date) -> bool:
    return term.start_date <= day and (term.end_date is None or day <= term.end_date)


@transaction.atomic
def schedule_session(
    term: Term,
    *,
    start_date: dt.date,
    end_date: dt.date | None = None,
    place: str = "",
    presided_by=None,
    actor,
) -> Session:
    """Schedule the next committee session of the term, numbered after the last one."""
    _require(actor)
    term = Term.objects.select_for_update().get(pk=term.pk)  # numbers without a race
    errors: dict[str, list[str]] = {}
    if not _term_covers(term, start_date):
        errors["start_date"] = [_("The date lies outside the term.")]
    if end_date is not None and end_date < start_date:
        errors["end_date"] = [_("The session ends on or after its first day.")]
    last = Session.objects.filter(term=term, body=COMMITTEE).order_by("-number").first()
    if last is not None and start_date < last.start_date:
        errors.setdefault("start_date", []).append(
            _("Sessions are numbered in order: session %(number)s is on %(date)s.")
            % {"number": last.number, "date": last.start_date.isoformat()}
        )
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(
        term=term,
        body=COMMITTEE,
        number=(last.number if last else 0) + 1,
        start_date=start_date,
        end_date=end_date or start_date,
    )
    details = SessionDetails.objects.create(
        session=session, place=(place or "").strip()[:200], presided_by=presided_by
    )
    audit.record(
        actor,
        session,
        "schedule_session",
        to_state=St.SCHEDULED,
        after={
            "number": session.number,
            "start_date": start_date.isoformat(),
            "end_date": session.end_date.isoformat(),
            "place": details.place,
        },
    )
    return session


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def r30_due(last: dt.date) -> dt.date:
    """The last day the next session may be held on: the end of the second calendar
    month after the session (R30)."""
    year, month = _add_months(last, R30_MONTHS)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ScheduleWarning:
    after: Session
    due: dt.date
    following: Session | None  # the next session, late; None: none scheduled

    @property
    def text(self) -> str:
        if self.following is None:
            return _(
                "R30: no session is scheduled after session %(number)s (%(date)s); the next "
                "is due by %(due)s."
            ) % {
                "number": self.after.number,
                "date": self.after.start_date.isoformat(),
                "due": self.due.isoformat(),
            }
        return _(
            "R30: session %(next)s (%(next_date)s) comes more than two months after session "
            "%(number)s (%(date)s); it was due by %(due)s."
        ) % {
            "next": self.following.number,
            "next_date": self.following.start_date.isoformat(),
            "number": self.after.number,
            "date": self.after.start_date.isoformat(),
            "due": self.due.isoformat(),
        }


def schedule_warnings(sessions: list[Session], today: dt.date, term: Term | None = None):
    """R30 over a term's committee sessions (in order): each gap longer than two months,
    and a missing next session when the last one is past and the term goes on."""
    ordered = sorted(sessions, key=lambda s: (s.start_date, s.number))
    warnings = []
    for before, following in zip(ordered, ordered[1:], strict=False):
        due = r30_due(before.end_date or before.start_date)
        if following.start_date > due:
            warnings.append(ScheduleWarning(before, due, following))
    if ordered:
        last = ordered[-1]
        due = r30_due(last.end_date or last.start_date)
        term_goes_on = term is None or term.end_date is None or term.end_date > due
        if last.start_date <= today and term_goes_on:
            warnings.append(ScheduleWarning(last, due, None))
    return warnings


@transaction.atomic
def save_minutes(session: Session, *, minutes: str, summary: str, actor) -> SessionDetails:
    _require(actor)
    session, details = _locked(session)
    before = {"minutes": details.minutes, "summary": details.summary}
    details.minutes, details.summary = minutes.strip(), summary.strip()
    details.save(update_fields=["minutes", "summary", "updated_at"])
    after = {"minutes": details.minutes, "summary": details.summary}
    before, after = audit.changed_fields(before, after)
    audit.record(actor, session, "save_minutes", before=before, after=after)
    return details


def _not_closed(details: SessionDetails) -> None:
    if details.state == St.CLOSED:
        raise InvalidTransition(_("This session is closed; its record can no longer change."))


@transaction.atomic
def open_session(session: Session, *, actor) -> SessionDetails:
    """Open the session: on or after its first day, and only with a quorum (R31)."""
    _require(actor)
    session, details = _locked(session)
    if details.state != St.SCHEDULED:
        raise InvalidTransition(
            _("This session is “%(state)s”; only a scheduled session opens.")
            % {"state": St(details.state).label}
        )
    if session.start_date > clock.today():
        raise InvalidTransition(
            _("The session opens on %(date)s, not before.")
            % {"date": session.start_date.isoformat()}
        )
    count = quorum(session)
    if not count.met:
        raise QuorumNotMet(
            _(
                "No quorum (R31): %(present)s of the %(members)s members of the committee are "
                "present; more than half of all members, at least %(needed)s, must be present "
                "to open the session."
            )
            % {"present": count.present, "members": count.members, "needed": count.needed}
        )
    details.state, details.opened_at = St.OPEN, clock.now()
    details.save(update_fields=["state", "opened_at", "updated_at"])
    audit.record(
        actor,
        session,
        "open_session",
        from_state=St.SCHEDULED,
        to_state=St.OPEN,
        after={"members": count.members, "present": count.present, "needed": count.needed},
    )
    return details


@transaction.atomic
def close_session(session: Session, *, actor) -> SessionDetails:
    _require(actor)
    session, details = _locked(session)
    if details.state != St.OPEN:
        raise InvalidTransition(
            _("This session is “%(state)s”; only a session in progress closes.")
            % {"state": St(details.state).label}
        )
    details.state, details.closed_at = St.CLOSED, clock.now()
    details.save(update_fields=["state", "closed_at", "updated_at"])
    audit.record(actor, session, "close_session", from_state=St.OPEN, to_state=St.CLOSED)
    return details


# --- attendance of members ---------------------------------------------------------------
@transaction.atomic
def record_attendance(session: Session, entries, *, actor) -> Quorum:
    """Members present, on leave or absent: ``entries`` are (member, status, reason).
    Each member must serve in the session's term on its date."""
    _require(actor)
    session, details = _locked(session)
    _not_closed(details)
    entries = list(entries)
    if not entries:
        raise ValidationError({"entries": _("Give at least one member's attendance.")})
    serving = set(members_at(session.term, session.start_date).values_list("pk", flat=True))
    strangers = [m for m, _s, _r in entries if m.pk not in serving]
    if strangers:
        raise ValidationError(
            {
                "entries": _("Not a member of the committee on %(date)s: %(names)s.")
                % {"date": session.start_date.isoformat(), "names": _names(strangers)}
            }
        )
    wrong = [s for _m, s, _r in entries if s not in MemberAttendance.Status.values]
    if wrong:
        raise ValidationError({"entries": _("Choose present, on leave or absent.")})
    existing = {a.member_id: a for a in MemberAttendance.objects.filter(session=session)}
    changes = {}
    for member, status, reason in entries:
        reason = (reason or "").strip()[:300]
        row = existing.get(member.pk)
        if row is None:
            existing[member.pk] = MemberAttendance.objects.create(
                session=session, member=member, status=status, reason=reason
            )
        elif (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            row.save(update_fields=["status", "reason", "updated_at"])
        else:
            continue
        changes[str(member.pk)] = status
    count = quorum(session)
    audit.record(
        actor,
        session,
        "record_attendance",
        after={"members": changes, "present": count.present, "of": count.members},
    )
    return count


# --- agenda ------------------------------------------------------------------------------
@transaction.atomic
def add_agenda_item(
    *,
    session: Session | None = None,
    chair_meeting: ChairMeeting | None = None,
    kind: str,
    title: str,
    presenter: str = "",
    organisation: Organisation | None = None,
    reading: int | None = None,
    submission: JointSubmission | None = None,
    notes: str = "",
    actor,
) -> AgendaItem:
    _require(actor)
    if (session is None) == (chair_meeting is None):
        raise ValidationError(_("An item belongs to one session or one chair meeting."))
    if session is not None:
        session, details = _locked(session)
        _not_closed(details)
        term = session.term
        siblings = AgendaItem.objects.filter(session=session)
    else:
        chair_meeting = ChairMeeting.objects.select_for_update().get(pk=chair_meeting.pk)
        term = chair_meeting.term
        siblings = AgendaItem.objects.filter(chair_meeting=chair_meeting)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the item's title.")]
    if kind not in AgendaItem.Kind.values:
        errors["kind"] = [_("Choose the kind of item.")]
    if kind == AgendaItem.Kind.BILL_READING:
        if reading is None or not 1 <= reading <= MAX_READING:
            errors["reading"] = [
                _("Say which reading (1 to %(max)s) the bill is in.") % {"max": MAX_READING}
            ]
    elif reading is not None:
        errors["reading"] = [_("Only a bill has readings.")]
    if submission is not None and submission.term_id != term.pk:
        errors["submission"] = [_("The joint submission is of another term.")]
    if errors:
        raise ValidationError(errors)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        session=session,
        chair_meeting=chair_meeting,
        position=position,
        kind=kind,
        title=title[:300],
        presenter=(presenter or "").strip()[:200],
        organisation=organisation,
        reading=reading,
        submission=submission,
        notes=notes or "",
    )
    audit.record(
        actor,
        session or chair_meeting,
        "add_agenda_item",
        after={"item": item.pk, "position": position, "kind": kind, "title": item.title},
    )
    return item


def recorded_present(session: Session) -> list[Person]:
    """The persons recorded present at a committee session, in the members' order."""
    present = (
        MemberAttendance.objects.filter(session=session, status=MemberAttendance.Status.PRESENT)
        .select_related("member__person")
        .order_by("member__pk")
    )
    return list({a.member.person_id: a.member.person for a in present}.values())


def absentees_of_session(ballot) -> dict[int, str]:
    """Members recorded on leave or absent at the session a ballot is held at do not vote
    on it, on a tablet or through the clerk; the office records a late arrival as present
    first. Members with no attendance recorded are not refused. {person id: reason}."""
    if ballot.session_id is None or ballot.electorate != ballot.Electorate.COMMITTEE_MEMBERS:
        return {}
    away = (
        MemberAttendance.objects.filter(session_id=ballot.session_id)
        .exclude(status=MemberAttendance.Status.PRESENT)
        .values_list("member__person_id", "member__person__name", "status")
    )
    labels = dict(MemberAttendance.Status.choices)
    return {
        person_id: _("%(name)s is recorded as “%(status)s” at this session and does not vote.")
        % {"name": name, "status": labels.get(status, status)}
        for person_id, name, status in away
    }


def ballot_kinds_for(item_kind: str) -> set[str]:
    """The kinds of ballot an agenda item may be voted on by: a satisfaction assessment
    by an assessment (R42), a bill, a list of appointments or a decision by yes / no /
    abstain; any other item (a work report, an inquiry…) by any kind."""
    from renda.ballots.models import Ballot

    Kind, BallotKind = AgendaItem.Kind, Ballot.Kind
    if item_kind == Kind.ASSESSMENT:
        return {BallotKind.ASSESSMENT}
    if item_kind in {Kind.BILL_READING, Kind.APPOINTMENT_LIST, Kind.DECISION}:
        return {BallotKind.MOTION}
    return {BallotKind.MOTION, BallotKind.ASSESSMENT, BallotKind.SELECTION}


@transaction.atomic
def attach_ballot(item: AgendaItem, ballot, *, actor) -> AgendaItem:
    """The item's vote: a ballot of the same term, held at this session (or at none)."""
    _require(actor)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("session", "chair_meeting")
        .get(pk=item.pk)
    )
    meeting_term = item.session.term_id if item.session_id else item.chair_meeting.term_id
    if item.session_id is None:
        raise ValidationError({"ballot": _("Only items of a committee session are voted on.")})
    if ballot.term_id != meeting_term:
        raise ValidationError({"ballot": _("The ballot is of another term.")})
    if ballot.session_id is not None and ballot.session_id != item.session_id:
        raise ValidationError({"ballot": _("The ballot is held at another session.")})
    if ballot.kind not in ballot_kinds_for(item.kind):
        raise ValidationError(
            {
                "ballot": _("A “%(item)s” item is not voted on by a “%(ballot)s” ballot.")
                % {"item": item.get_kind_display(), "ballot": ballot.get_kind_display()}
            }
        )
    before = item.ballot_id
    item.ballot = ballot
    item.save(update_fields=["ballot", "updated_at"])
    audit.record(
        actor, item, "attach_ballot", before={"ballot": before}, after={"ballot": ballot.pk}
    )
    return item


def validate_document(upload) -> None:
    """PDF or Word only (by name and by the file's first bytes), at most 20 MB."""
    name = getattr(upload, "name", "") or ""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = DOCUMENT_TYPES.get(suffix)
    if signatures is None:
        raise ValidationError(
            {"file": _("%(name)s: only PDF and Word documents are accepted.") % {"name": name}}
        )
    if upload.size == 0:
        raise ValidationError({"file": _("%(name)s is empty.") % {"name": name}})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("%(name)s is larger than 20 MB.") % {"name": name}})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {"file": _("%(name)s is not the document its name says.") % {"name": name}}
        )


@transaction.atomic
def add_document(item: AgendaItem, upload, *, actor) -> AgendaDocument:
    _require(actor)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    validate_document(upload)
    document = AgendaDocument.objects.create(
        item=item,
        file=upload,
        name=upload.name[:200],
        size=upload.size,
        uploaded_by=_user_or_none(actor),
    )
    audit.record(
        actor, item, "add_document", after={"document": document.pk, "name": document.name}
    )
    return document


# --- invited attendees (R35) -------------------------------------------------------------
@transaction.atomic
def invite_deputies(session: Session, deputies, *, actor) -> list[Observer]:
    """列席: deputies of the session's term, serving, invited to attend without a vote."""
    _require(actor)
    session, details = _locked(session)
    _not_closed(details)
    deputies = list(Deputy.objects.select_related("person").filter(pk__in=[d.pk for d in deputies]))
    if not deputies:
        raise ValidationError({"deputies": _("Choose at least one deputy.")})
    wrong = [
        d for d in deputies if d.term_id != session.term_id or d.status != Deputy.Status.ACTIVE
    ]
    if wrong:
        raise ValidationError(
            {
                "deputies": _("Not serving deputies of this term: %(names)s.")
                % {"names": _names(d.person.name for d in wrong)}
            }
        )
    invited = set(
        Observer.objects.filter(session=session, deputy__in=deputies).values_list(
            "deputy_id", flat=True
        )
    )
    again = [d for d in deputies if d.pk in invited]
    if again:
        raise ValidationError(
            {
                "deputies": _("Already invited: %(names)s.")
                % {"names": _names(d.person.name for d in again)}
            }
        )
    rows = [
        Observer.objects.create(
            session=session, kind=Observer.Kind.DEPUTY, deputy=d, name=d.person.name[:60]
        )
        for d in deputies
    ]
    audit.record(actor, session, "invite_deputies", after={"deputies": [d.pk for d in deputies]})
    return rows


HEAD_KINDS = {Observer.Kind.GOVERNMENT, Observer.Kind.COURT, Observer.Kind.PROCURATORATE}


@transaction.atomic
def add_head_attendee(
    session: Session,
    *,
    kind: str,
    organisation: Organisation | None,
    name: str,
    post: str = "",
    actor,
) -> Observer:
    """The head (or a deputy head) of the government, the court or the procuratorate,
    attending without a vote."""
    _require(actor)
    session, details = _locked(session)
    _not_closed(details)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if kind not in Observer.Kind.values or kind == Observer.Kind.DEPUTY:
        errors["kind"] = [_("Choose the government, the court, the procuratorate or other.")]
    if not name:
        errors["name"] = [_("Give the attendee's name.")]
    if kind in HEAD_KINDS and organisation is None:
        errors["organisation"] = [_("Choose the organisation the attendee heads.")]
    if (
        kind == Observer.Kind.GOVERNMENT
        and organisation is not None
        and organisation.kind != Organisation.Kind.GOVERNMENT
    ):
        errors["organisation"] = [_("Choose the people's government.")]
    if kind in HEAD_KINDS and Observer.objects.filter(session=session, kind=kind).exists():
        errors["kind"] = [_("This head is already recorded for the session.")]
    if errors:
        raise ValidationError(errors)
    observer = Observer.objects.create(
        session=session,
        kind=kind,
        organisation=organisation,
        name=name[:60],
        post=(post or "").strip()[:100],
        attended=True,
    )
    audit.record(
        actor,
        session,
        "add_head_attendee",
        after={"observer": observer.pk, "kind": kind, "name": observer.name},
    )
    return observer


@transaction.atomic
def record_observer_attendance(session: Session, present, *, actor) -> list[Observer]:
    """Which invited deputies attended. Each attendance goes to the deputy's duty record
    as a duty activity (R35, R80); the others are recorded as not attending. Recorded
    once per invited deputy."""
    _require(actor)
    session, details = _locked(session)
    if details.state == St.SCHEDULED or session.start_date > clock.today():
        raise InvalidTransition(_("Attendance is recorded once the session has begun."))
    pending = list(
        Observer.objects.select_for_update(of=("self",))
        .filter(session=session, kind=Observer.Kind.DEPUTY, attended__isnull=True)
        .select_related("deputy__person", "deputy__term")
    )
    if not pending:
        raise ValidationError(
            {"deputies": _("The attendance of every invited deputy is already recorded.")}
        )
    present_ids = {d.pk for d in present}
    invited = set(
        Observer.objects.filter(session=session, kind=Observer.Kind.DEPUTY).values_list(
            "deputy_id", flat=True
        )
    )
    strangers = present_ids - invited
    if strangers:
        names = Deputy.objects.filter(pk__in=strangers).values_list("person__name", flat=True)
        raise ValidationError(
            {"deputies": _("Not invited to this session: %(names)s.") % {"names": _names(names)}}
        )
    attended = []
    for observer in pending:
        observer.attended = observer.deputy_id in present_ids
        if observer.attended:
            observer.activity = deputies_services.record_activity(
                DutyActivity(
                    kind=DutyActivity.Kind.SESSION_ATTENDANCE,
                    title=_("Attended session %(number)s of the standing committee (term %(term)s)")
                    % {"number": session.number, "term": session.term.number},
                    date=session.start_date,
                    description=details.place,
                ),
                deputies=[observer.deputy],
                actor=actor,
            )
            attended.append(observer.deputy_id)
        observer.save(update_fields=["attended", "activity", "updated_at"])
    audit.record(
        actor,
        session,
        "record_observer_attendance",
        after={
            "attended": attended,
            "not_attended": [o.deputy_id for o in pending if not o.attended],
        },
    )
    return pending


# --- post-session forums -----------------------------------------------------------------
@transaction.atomic
def hold_forum(
    session: Session,
    *,
    date: dt.date,
    place: str = "",
    chaired_by: str = "",
    summary: str = "",
    actor,
) -> PostSessionForum:
    """会后座谈 with the deputies who attended the session."""
    _require(actor)
    session, details = _locked(session)
    errors: dict[str, list[str]] = {}
    if details.state == St.SCHEDULED:
        errors["session"] = [_("A forum follows a session that has begun.")]
    if date < session.start_date:
        errors["date"] = [_("A forum is held after the session begins.")]
    if date > clock.today():
        errors["date"] = [_("A forum is recorded once it has taken place.")]
    if errors:
        raise ValidationError(errors)
    forum = PostSessionForum.objects.create(
        session=session,
        date=date,
        place=(place or "").strip()[:200],
        chaired_by=(chaired_by or "").strip()[:100],
        summary=summary or "",
    )
    audit.record(actor, forum, "hold_forum", after={"session": session.pk, "date": str(date)})
    return forum


@transaction.atomic
def add_forum_contribution(
    forum: PostSessionForum, *, deputy: Deputy, text: str, actor
) -> ForumContribution:
    """What a deputy who attended the session said at the forum."""
    _require(actor)
    forum = PostSessionForum.objects.select_for_update().get(pk=forum.pk)
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Write what the deputy said.")]
    attended = Observer.objects.filter(
        session_id=forum.session_id, deputy=deputy, attended=True
    ).exists()
    if not attended:
        errors["deputy"] = [_("Only deputies who attended the session speak at its forum.")]
    if errors:
        raise ValidationError(errors)
    contribution = ForumContribution.objects.create(forum=forum, deputy=deputy, text=text.strip())
    audit.record(
        actor,
        forum,
        "add_forum_contribution",
        after={"deputy": deputy.pk, "contribution": contribution.pk},
    )
    return contribution


# --- chair meetings ----------------------------------------------------------------------
@transaction.atomic
def schedule_chair_meeting(
    term: Term, *, date: dt.date, place: str = "", participants=(), actor
) -> ChairMeeting:
    _require(actor)
    term = Term.objects.select_for_update().get(pk=term.pk)
    if not _term_covers(term, date):
        raise ValidationError({"date": _("The date lies outside the term.")})
    participants = list(participants)
    serving = set(members_at(term, date).values_list("pk", flat=True))
    strangers = [m for m in participants if m.pk not in serving]
    if strangers:
        raise ValidationError(
            {
                "participants": _("Not a member of the committee on %(date)s: %(names)s.")
                % {"date": date.isoformat(), "names": _names(strangers)}
            }
        )
    number = (ChairMeeting.objects.filter(term=term).aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = ChairMeeting.objects.create(
        term=term, number=number, date=date, place=(place or "").strip()[:200]
    )
    meeting.participants.set(participants)
    audit.record(
        actor,
        meeting,
        "schedule_chair_meeting",
        to_state=ChairMeeting.State.SCHEDULED,
        after={
            "number": number,
            "date": date.isoformat(),
            "participants": [m.pk for m in participants],
        },
    )
    return meeting


@transaction.atomic
def record_chair_meeting_held(meeting: ChairMeeting, *, decisions: str, actor) -> ChairMeeting:
    _require(actor)
    meeting = ChairMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != ChairMeeting.State.SCHEDULED:
        raise InvalidTransition(_("This chair meeting is already recorded as held."))
    if meeting.date > clock.today():
        raise ValidationError({"date": _("A meeting is recorded as held on or after its date.")})
    if not (decisions or "").strip():
        raise ValidationError({"decisions": _("Write what the meeting decided.")})
    meeting.state, meeting.decisions = ChairMeeting.State.HELD, decisions.strip()
    meeting.save(update_fields=["state", "decisions", "updated_at"])
    audit.record(
        actor,
        meeting,
        "record_chair_meeting_held",
        from_state=ChairMeeting.State.SCHEDULED,
        to_state=ChairMeeting.State.HELD,
    )
    return meeting


# --- R34: joint submissions and answers --------------------------------------------------
@transaction.atomic
def submit_jointly(
    term: Term,
    *,
    kind: str,
    title: str,
    text: str,
    submitters,
    submitted_on: dt.date | None = None,
    addressee: Organisation | None = None,
    session: Session | None = None,
    actor,
) -> JointSubmission:
    """A bill or a formal question of 5 or more members (R34)."""
    _require(actor)
    submitted_on = submitted_on or clock.today()
    submitters = list(
        CommitteeMember.objects.select_related("person").filter(pk__in=[m.pk for m in submitters])
    )
    errors: dict[str, list[str]] = {}
    if kind not in JointSubmission.Kind.values:
        errors["kind"] = [_("Choose a bill or a formal question.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the title.")]
    if not (text or "").strip():
        errors["text"] = [_("Give the text.")]
    if submitted_on > clock.today():
        errors["submitted_on"] = [_("A submission is dated on or before today.")]
    serving = set(members_at(term, submitted_on).values_list("pk", flat=True))
    strangers = [m for m in submitters if m.pk not in serving]
    people = {m.person_id for m in submitters if m.pk in serving}
    if strangers:
        errors["submitters"] = [
            _("Not a member of the committee on %(date)s: %(names)s.")
            % {"date": submitted_on.isoformat(), "names": _names(strangers)}
        ]
    elif len(people) < R34_MIN_MEMBERS:
        errors["submitters"] = [
            _(
                "A bill or a formal question needs at least %(min)s committee members "
                "submitting it jointly (R34); %(count)s given."
            )
            % {"min": R34_MIN_MEMBERS, "count": len(people)}
        ]
    if kind == JointSubmission.Kind.FORMAL_QUESTION and addressee is None:
        errors["addressee"] = [_("Name the body questioned.")]
    if session is not None and (session.body != COMMITTEE or session.term_id != term.pk):
        errors["session"] = [_("Choose a committee session of the term.")]
    if errors:
        raise ValidationError(errors)
    item = JointSubmission.objects.create(
        term=term,
        session=session,
        kind=kind,
        title=title.strip()[:300],
        text=text.strip(),
        addressee=addressee,
        submitted_on=submitted_on,
        recorded_by=_user_or_none(actor),
    )
    item.submitters.set(submitters)
    audit.record(
        actor,
        item,
        "submit_jointly",
        to_state=Sub.SUBMITTED,
        after={"kind": kind, "submitters": [m.pk for m in submitters]},
    )
    return item


@transaction.atomic
def record_answer(
    submission: JointSubmission, *, answered_on: dt.date, answered_by: str, text: str, actor
) -> QuestionAnswer:
    """The questioned body's answer (the first, or again after dissatisfaction)."""
    _require(actor)
    submission = JointSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.kind != JointSubmission.Kind.FORMAL_QUESTION:
        raise InvalidTransition(_("Only a formal question is answered."))
    if submission.state not in {Sub.SUBMITTED, Sub.ANSWER_AGAIN}:
        raise InvalidTransition(
            _("This question is “%(state)s”; it is not waiting for an answer.")
            % {"state": Sub(submission.state).label}
        )
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Give the answer.")]
    if not (answered_by or "").strip():
        errors["answered_by"] = [_("Say who answered.")]
    if answered_on < submission.submitted_on or answered_on > clock.today():
        errors["answered_on"] = [_("The answer is dated between the submission and today.")]
    if errors:
        raise ValidationError(errors)
    round_ = submission.answers.count() + 1
    answer = QuestionAnswer.objects.create(
        submission=submission,
        round=round_,
        answered_on=answered_on,
        answered_by=answered_by.strip()[:200],
        text=text.strip(),
    )
    before = submission.state
    submission.state = Sub.ANSWERED
    submission.save(update_fields=["state", "updated_at"])
    audit.record(
        actor,
        submission,
        "record_answer",
        from_state=before,
        to_state=Sub.ANSWERED,
        after={"round": round_, "answered_by": answer.answered_by},
    )
    return answer


@transaction.atomic
def record_questioner_views(submission: JointSubmission, views, *, actor) -> QuestionAnswer:
    """Each questioner says whether they are satisfied with the latest answer
    (``views``: (member, satisfied) pairs, one for every questioner). More than half
    dissatisfied: the body must answer again (R34, 监督法 Art 53)."""
    _require(actor)
    submission = JointSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != Sub.ANSWERED:
        raise InvalidTransition(_("There is no answer waiting for the questioners' view."))
    answer = submission.answers.order_by("-round").first()
    questioners = {m.pk: m for m in submission.submitters.select_related("person")}
    views = [(m, bool(s)) for m, s in views]
    given = {m.pk: s for m, s in views}
    errors = []
    strangers = [m for m, _s in views if m.pk not in questioners]
    if strangers:
        errors.append(_("Not among the questioners: %(names)s.") % {"names": _names(strangers)})
    missing = [m for pk, m in questioners.items() if pk not in given]
    if missing:
        errors.append(
            _("Give the view of every questioner; missing: %(names)s.") % {"names": _names(missing)}
        )
    if len(given) != len(views):
        errors.append(_("One view per questioner."))
    if errors:
        raise ValidationError({"views": errors})
    QuestionerView.objects.bulk_create(
        QuestionerView(answer=answer, member_id=pk, satisfied=s) for pk, s in given.items()
    )
    dissatisfied = sum(1 for s in given.values() if not s)
    again = dissatisfied * 2 > len(questioners)
    answer.dissatisfied, answer.questioners, answer.answer_again = (
        dissatisfied,
        len(questioners),
        again,
    )
    answer.save(update_fields=["dissatisfied", "questioners", "answer_again", "updated_at"])
    submission.state = Sub.ANSWER_AGAIN if again else Sub.SETTLED
    submission.save(update_fields=["state", "updated_at"])
    audit.record(
        actor,
        submission,
        "record_questioner_views",
        from_state=Sub.ANSWERED,
        to_state=submission.state,
        after={"round": answer.round, "dissatisfied": dissatisfied, "of": len(questioners)},
    )
    return answer
