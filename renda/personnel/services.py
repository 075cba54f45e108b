"""Every change to appointment and removal bills, their items and oath ceremonies.

Each function is one transaction that writes its audit rows. Votes go through the
ballot engine (``renda.ballots.services``): this module creates and opens the
ballots, hands clerk-entered votes to ``cast`` and reads the engine's result; it never
counts a vote itself."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.ballots.models import Ballot
from renda.core import audit
from renda.core.models import Person, Session
from renda.handling.workflow import InvalidTransition
from renda.personnel.models import (
    AppointmentBill,
    AppointmentItem,
    CertificateSequence,
    OathCeremony,
    OathTaking,
)
from renda.personnel.workflow import OPEN_STATES, require_transition

S = AppointmentItem.State
A = AppointmentItem.Action


def _ballots():
    # imported late: the engine is its own app and may import ours for its pages
    from renda.ballots import services

    return services


def _move(item: AppointmentItem, to: str, actor, verb: str, *, fields=(), note="", after=None):
    require_transition(item, to)
    before = item.state
    item.state = to
    item.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, item, verb, from_state=before, to_state=to, note=note, after=after or {})


def _locked_bill(bill: AppointmentBill) -> AppointmentBill:
    return (
        AppointmentBill.objects.select_for_update(of=("self",))
        .select_related("term", "session")
        .get(pk=bill.pk)
    )


def _locked_items(bill: AppointmentBill) -> list[AppointmentItem]:
    return list(
        AppointmentItem.objects.select_for_update(of=("self",))
        .filter(bill=bill)
        .select_related("person")
        .order_by("position", "pk")
    )


def _locked_item(item: AppointmentItem) -> AppointmentItem:
    return (
        AppointmentItem.objects.select_for_update(of=("self",))
        .select_related("person", "bill__term", "bill__session")
        .get(pk=item.pk)
    )


# --- the bill and its list ----------------------------------------------------------------
def _check_session(bill: AppointmentBill) -> None:
    if bill.session_id is None:
        return
    session = bill.session
    if session.body != Session.Body.STANDING_COMMITTEE or session.term_id != bill.term_id:
        raise ValidationError(
            {"session": _("Choose a standing committee session of the bill's term.")}
        )


@transaction.atomic
def create_bill(
    *,
    term,
    title: str,
    nominator: str,
    submitted_on: dt.date,
    session: Session | None = None,
    nominating_organisation=None,
    grouping: str = AppointmentBill.Grouping.PER_ITEM,
    note: str = "",
    items: Iterable[dict] = (),
    actor,
) -> AppointmentBill:
    """提请: a nominating body's list, with its items (each a dict of add_item's fields)."""
    bill = AppointmentBill(
        term=term,
        session=session,
        title=title,
        nominator=nominator,
        nominating_organisation=nominating_organisation,
        submitted_on=submitted_on,
        grouping=grouping,
        note=note,
    )
    bill.full_clean()
    _check_session(bill)
    bill.save()
    audit.record(
        actor,
        bill,
        "nominate",
        after=audit.snapshot(bill, ["title", "nominator", "session", "submitted_on"]),
    )
    for data in items:
        _add_item(bill, actor=actor, **data)
    return bill


@transaction.atomic
def update_bill(bill: AppointmentBill, *, actor, **fields) -> AppointmentBill:
    """Edit a bill's header while none of its items has gone to the vote."""
    bill = _locked_bill(bill)
    if bill.items.exclude(state__in=[*OPEN_STATES, S.WITHDRAWN]).exists():
        raise InvalidTransition(_("The bill has been voted on; it can no longer be edited."))
    before = audit.snapshot(bill)
    for name, value in fields.items():
        setattr(bill, name, value)
    bill.full_clean()
    _check_session(bill)
    bill.save()
    changed_before, changed_after = audit.changed_fields(before, audit.snapshot(bill))
    audit.record(actor, bill, "edit", before=changed_before, after=changed_after)
    return bill


def _add_item(
    bill: AppointmentBill,
    *,
    action: str,
    post: str,
    person: Person | None = None,
    person_name: str = "",
    gender: str = "",
    organisation=None,
    reasons: str = "",
    actor,
) -> AppointmentItem:
    if person is None:
        # a functionary not yet on file: their person record is created with the item
        person_name = (person_name or "").strip()
        if not person_name:
            raise ValidationError({"person": _("Choose the person or give their name.")})
        person = Person(name=person_name, gender=gender)
        person.full_clean()
        person.save()
    last = bill.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AppointmentItem(
        bill=bill,
        position=last + 1,
        action=action,
        person=person,
        post=post,
        organisation=organisation,
        reasons=reasons,
        state=S.NOMINATED,
    )
    item.full_clean(exclude=["bill"])
    item.save()
    audit.record(
        actor,
        item,
        "nominate",
        to_state=S.NOMINATED,
        after=audit.snapshot(item, ["action", "person", "post", "organisation"]),
    )
    return item


@transaction.atomic
def add_item(bill: AppointmentBill, *, actor, **data) -> AppointmentItem:
    """Add a person to the list while the list has not gone to the vote."""
    bill = _locked_bill(bill)
    if bill.items.exclude(state__in=[*OPEN_STATES, S.WITHDRAWN]).exists():
        raise InvalidTransition(_("The bill has been voted on; no one can be added."))
    return _add_item(bill, actor=actor, **data)


@transaction.atomic
def withdraw_item(item: AppointmentItem, *, actor, note: str = "") -> AppointmentItem:
    """The nominating body withdraws a name before the vote."""
    item = _locked_item(item)
    _move(item, S.WITHDRAWN, actor, "withdraw", note=note)
    return item


# --- deliberation and the nominee's statement -----------------------------------------------
@transaction.atomic
def deliberate(bill: AppointmentBill, *, on: dt.date, actor, note: str = "") -> list:
    """审议: the session deliberates the list; every nominated item is deliberated."""
    bill = _locked_bill(bill)
    if bill.session_id is None:
        raise ValidationError({"session": _("Put the bill on a committee session first.")})
    items = [i for i in _locked_items(bill) if i.state == S.NOMINATED]
    if not items:
        raise InvalidTransition(_("No item of this bill is waiting for deliberation."))
    for item in items:
        item.deliberated_on = on
        _move(item, S.DELIBERATED, actor, "deliberate", fields=["deliberated_on"], note=note)
    return items


@transaction.atomic
def record_statement(
    item: AppointmentItem, *, on: dt.date, summary: str = "", actor
) -> AppointmentItem:
    """供职发言: the nominee's statement to the committee (R70; appointments only)."""
    item = _locked_item(item)
    if item.action != A.APPOINT:
        raise InvalidTransition(_("Only a nominee for appointment makes a statement."))
    if item.deliberated_on and on < item.deliberated_on:
        raise ValidationError({"on": _("The statement cannot precede the deliberation.")})
    item.statement_on = on
    item.statement_summary = summary
    _move(
        item,
        S.STATEMENT_MADE,
        actor,
        "statement",
        fields=["statement_on", "statement_summary"],
    )
    return item


# --- the vote (through the ballot engine) ----------------------------------------------------
def _question(bill: AppointmentBill, items: list[AppointmentItem]) -> str:
    if len(items) == 1:
        item = items[0]
        verb = "任命" if item.action == A.APPOINT else "免去"
        text = f"{verb}{item.person.name}{'为' if item.action == A.APPOINT else ''}{item.post}"
        if item.action == A.REMOVE:
            text += "职务"
        return text[:300]
    verb = "任命" if items[0].action == A.APPOINT else "免职"
    return f"{bill.title}（{verb}，{len(items)}人）"[:300]


def _groups(bill: AppointmentBill, items: list[AppointmentItem]) -> list[list[AppointmentItem]]:
    """One ballot per item, or per list — but appointments and removals never share a
    ballot: removals are voted by secret ballot (R33), appointments by roll call."""
    if bill.grouping == AppointmentBill.Grouping.PER_ITEM:
        return [[item] for item in items]
    by_action: dict[str, list[AppointmentItem]] = {}
    for item in items:
        by_action.setdefault(item.action, []).append(item)
    return [group for group in by_action.values() if group]


def method_for(action: str) -> str:
    """R33: removal by secret ballot; appointments by roll call (表决器, per member)."""
    return Ballot.Method.SECRET if action == A.REMOVE else Ballot.Method.ROLL_CALL


@transaction.atomic
def put_to_vote(bill: AppointmentBill, *, held_on: dt.date, actor) -> list[Ballot]:
    """交付表决: create and open the engine's ballots for the bill's items.

    Every item still on the list must be ready: appointments after the nominee's
    statement, removals after deliberation (R70). Otherwise nothing is put to the vote."""
    bill = _locked_bill(bill)
    if bill.session_id is None:
        raise ValidationError({"session": _("Put the bill on a committee session first.")})
    from renda.meetings.services import require_sitting

    require_sitting(bill.session, held_on)  # R31: no vote at a session not opened
    items = [i for i in _locked_items(bill) if i.state in OPEN_STATES]
    if not items:
        raise InvalidTransition(_("No item of this bill is waiting for a vote."))
    not_ready = [i for i in items if not _ready_for_vote(i)]
    if not_ready:
        raise InvalidTransition(
            _(
                "Not ready for the vote: %(names)s (deliberation and, for an appointment, the "
                "nominee's statement come first)."
            )
            % {"names": "、".join(f"{i.person.name}（{S(i.state).label}）" for i in not_ready)}
        )
    engine = _ballots()
    ballots = []
    for group in _groups(bill, items):
        ballot = engine.create_ballot(
            question=_question(bill, group),
            kind=Ballot.Kind.MOTION,
            method=method_for(group[0].action),
            electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
            term=bill.term,
            held_on=held_on,
            pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,  # R32
            session=bill.session,
            actor=actor,
        )
        ballot = engine.open_ballot(ballot, actor=actor) or ballot
        for item in group:
            item.ballot = ballot
            _move(
                item, S.VOTING, actor, "put_to_vote", fields=["ballot"], after={"ballot": ballot.pk}
            )
        ballots.append(ballot)
    return ballots


def _ready_for_vote(item: AppointmentItem) -> bool:
    from renda.personnel.workflow import can_move

    return can_move(item, S.VOTING)


@transaction.atomic
def record_votes(ballot: Ballot, *, entries: list[tuple[Person, str]], actor) -> int:
    """Votes entered by the clerk from paper or from the voting system: each
    (member, "yes" | "no" | "abstain") goes to the engine's ``cast``."""
    if not AppointmentItem.objects.filter(ballot=ballot).exists():
        raise ValidationError(_("This ballot is not an appointment or removal vote."))
    return _ballots().record_clerk_votes(ballot, entries, actor=actor)


@transaction.atomic
def conclude_vote(bill: AppointmentBill, *, actor) -> list[AppointmentItem]:
    """Close and publish the bill's open ballots and record each item's result from the
    engine's tally (R32: more than half of ALL members). A passed appointment is
    appointed from now on; a failed one ends as not appointed (R70)."""
    bill = _locked_bill(bill)
    items = [i for i in _locked_items(bill) if i.state == S.VOTING]
    if not items:
        raise InvalidTransition(_("No item of this bill is being voted on."))
    engine = _ballots()
    results: dict[int, bool] = {}
    for ballot_id in dict.fromkeys(i.ballot_id for i in items):
        ballot = Ballot.objects.get(pk=ballot_id)
        if ballot.state == Ballot.State.OPEN:
            ballot = engine.close_ballot(ballot, actor=actor) or ballot
            ballot.refresh_from_db()
        if ballot.state == Ballot.State.CLOSED:
            ballot = engine.publish_ballot(ballot, actor=actor) or ballot
            ballot.refresh_from_db()
        # the engine decided when it closed the ballot (R32 in its pass rule)
        results[ballot_id] = bool(ballot.passed)
    for item in items:
        passed = results[item.ballot_id]
        item.decided_on = item.ballot.held_on
        _move(
            item,
            S.PASSED if passed else S.FAILED,
            actor,
            "vote_passed" if passed else "vote_failed",
            fields=["decided_on"],
        )
    return items


# --- certificate and oath -------------------------------------------------------------------
def _next_certificate_number(year: int) -> int:
    sequence, _created = CertificateSequence.objects.get_or_create(year=year)
    sequence = CertificateSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def certificate_reference(year: int, number: int) -> str:
    return f"常任字〔{year}〕第{number}号"


@transaction.atomic
def issue_certificate(item: AppointmentItem, *, on: dt.date, actor) -> AppointmentItem:
    """任命书: only for an appointment whose vote passed (R70)."""
    item = _locked_item(item)
    require_transition(item, S.CERTIFIED)
    if on < item.decided_on:
        raise ValidationError({"on": _("The certificate cannot precede the vote.")})
    item.certificate_number = certificate_reference(on.year, _next_certificate_number(on.year))
    item.certificate_issued_on = on
    _move(
        item,
        S.CERTIFIED,
        actor,
        "issue_certificate",
        fields=["certificate_number", "certificate_issued_on"],
        after={"certificate_number": item.certificate_number},
    )
    return item


@transaction.atomic
def record_ceremony(
    *,
    held_on: dt.date,
    place: str,
    items: Iterable[AppointmentItem],
    session: Session | None = None,
    presided_by: str = "",
    note: str = "",
    actor,
) -> OathCeremony:
    """宪法宣誓 (R71): a ceremony organised by the chair meeting and the appointments
    sworn at it. Only people whose appointment passed (and whose certificate was
    issued) can be sworn, each once."""
    locked = list(
        AppointmentItem.objects.select_for_update(of=("self",))
        .filter(pk__in=[i.pk for i in items])
        .select_related("person")
        .order_by("bill_id", "position")
    )
    if not locked:
        raise ValidationError({"items": _("Choose the people sworn.")})
    refused = [i for i in locked if i.state != S.CERTIFIED]
    if refused:
        raise InvalidTransition(
            _(
                "Only appointees whose vote passed and whose certificate was issued can be sworn: "
                "%(names)s."
            )
            % {"names": "、".join(f"{i.person.name}（{S(i.state).label}）" for i in refused)}
        )
    early = [i for i in locked if i.decided_on and held_on < i.decided_on]
    if early:
        raise ValidationError(
            {
                "held_on": _("The ceremony cannot precede the vote of %(names)s.")
                % {"names": "、".join(i.person.name for i in early)}
            }
        )
    ceremony = OathCeremony(
        held_on=held_on, place=place, session=session, presided_by=presided_by, note=note
    )
    ceremony.full_clean()
    ceremony.save()
    audit.record(
        actor,
        ceremony,
        "record_ceremony",
        after={**audit.snapshot(ceremony, ["held_on", "place"]), "items": [i.pk for i in locked]},
    )
    OathTaking.objects.bulk_create([OathTaking(ceremony=ceremony, item=i) for i in locked])
    for item in locked:
        _move(item, S.SWORN, actor, "take_oath", after={"ceremony": ceremony.pk})
    return ceremony
