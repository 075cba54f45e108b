"""Every state change of a ballot: create, open, cast, close, publish (DESIGN.md, "How a
state change is written"). Meetings and personnel call these; pages and the API too.

Secrecy (R33, R42). A secret vote writes the voter's ``Participation`` and adds one to
the counters, in one transaction under the ballot's row lock, and nothing else: no
``Vote`` row, no timestamp, nothing in the audit log but *that* the voter took part.
Every cast rewrites every option counter of the ballot and the ballot's invalid
counter (adding 0 where nothing was chosen), so that even the database's own row
versions (PostgreSQL's ``xmin``) are the same on every option and cannot tell which
counter the last voter moved.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case as SqlCase
from django.db.models import F, QuerySet
from django.db.models import When as SqlWhen
from django.utils.translation import gettext as _

from renda.ballots.majorities import Decision, decide
from renda.ballots.models import Ballot, BallotOption, Participation, Vote
from renda.core import audit, clock
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Session, Term
from renda.core.rulesettings import rule_setting
from renda.handling.workflow import InvalidTransition

__all__ = [
    "Decision",
    "Tally",
    "absence",
    "absentees",
    "assess_department",
    "cast",
    "close_ballot",
    "create_ballot",
    "decide",
    "electorate",
    "is_entitled",
    "register_absence_check",
    "remaining_voters",
    "open_ballot",
    "publish_ballot",
    "tally",
]

St = Ballot.State
Kind = Ballot.Kind
Rule = Ballot.PassRule

# Topics of satisfaction assessments the annual figures count.
TOPIC_INNOVATION = "science_technology_innovation"
TOPIC_BUSINESS_ENVIRONMENT = "business_environment"

# The fixed options of each kind: (code, label as printed on the ballot).
DEFAULT_OPTIONS = {
    Kind.MOTION: [("yes", "赞成"), ("no", "反对"), ("abstain", "弃权")],
    Kind.ASSESSMENT: [
        ("satisfied", "满意"),
        ("basically_satisfied", "基本满意"),
        ("dissatisfied", "不满意"),
    ],
}
ACCEPTING_GRADES = ("satisfied", "basically_satisfied")
# Which pass rules make sense for each kind.
RULES_FOR_KIND = {
    Kind.MOTION: {Rule.MAJORITY_OF_ALL, Rule.TWO_THIRDS_OF_ALL, Rule.MAJORITY_OF_VOTES},
    Kind.ASSESSMENT: {Rule.NONE},
    Kind.SELECTION: {Rule.MOST_VOTES},
}
TRANSITIONS = {
    St.DRAFT: {St.OPEN},
    St.OPEN: {St.CLOSED},
    St.CLOSED: {St.PUBLISHED},
    St.PUBLISHED: set(),
}


def _require(ballot: Ballot, to: str) -> None:
    if to not in TRANSITIONS[ballot.state]:
        raise InvalidTransition(
            _("This ballot is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": St(ballot.state).label, "to": St(to).label}
        )


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


# --- the electorate -----------------------------------------------------------------
def _mandates(ballot: Ballot) -> QuerySet:
    """The committee seats or deputies' mandates that give a vote on the ballot."""
    if ballot.electorate == Ballot.Electorate.COMMITTEE_MEMBERS:
        return CommitteeMember.objects.serving_on(ballot.term_id, ballot.held_on)
    return Deputy.objects.filter(term_id=ballot.term_id, status=Deputy.Status.ACTIVE)


def electorate(ballot: Ballot) -> QuerySet[Person]:
    """Who may vote: all committee members of the term on the ballot's date, or the
    serving deputies of the term of the congress session."""
    return Person.objects.filter(pk__in=_mandates(ballot).values("person_id"))


def is_entitled(ballot: Ballot, person: Person | None) -> bool:
    return person is not None and _mandates(ballot).filter(person_id=person.pk).exists()


# An entitled voter who is not at the meeting does not vote there. The meetings app knows
# who was recorded on leave or absent; it registers a check, so that the engine asks
# without depending on it. A check answers, for a ballot, why each absent person may not
# vote: {person id: reason}.
AbsenceCheck = Callable[[Ballot], dict[int, str]]
_absence_checks: list[AbsenceCheck] = []


def register_absence_check(check: AbsenceCheck) -> None:
    if check not in _absence_checks:
        _absence_checks.append(check)


def absentees(ballot: Ballot) -> dict[int, str]:
    """The entitled persons who are not at the ballot's meeting, with the reason."""
    found: dict[int, str] = {}
    for check in _absence_checks:
        for person_id, reason in check(ballot).items():
            found.setdefault(person_id, reason)
    return found


def remaining_voters(ballot: Ballot, away: dict[int, str] | None = None) -> QuerySet[Person]:
    """Who may still vote: the electorate, less those who voted and those away (the
    ballot's ``absentees``, when the caller has them already)."""
    voted = Participation.objects.filter(ballot=ballot).values("voter_id")
    away = absentees(ballot) if away is None else away
    return electorate(ballot).exclude(pk__in=voted).exclude(pk__in=away)


def absence(ballot: Ballot, person: Person) -> str | None:
    """Why an entitled person is not at the ballot's meeting, or None."""
    return absentees(ballot).get(person.pk)


# --- creating -----------------------------------------------------------------------
def _check_choice(value, choices, field: str) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the offered values.")})


def _option_rows(kind: str, options, places: int) -> list[BallotOption]:
    if kind != Kind.SELECTION:
        if options:
            raise ValidationError(
                {"options": _("Only a selection takes its own options; this kind has fixed ones.")}
            )
        return [
            BallotOption(position=i, code=code, label=label)
            for i, (code, label) in enumerate(DEFAULT_OPTIONS[kind], start=1)
        ]
    rows, labels = [], set()
    for position, item in enumerate(options or [], start=1):
        if isinstance(item, Person):
            row = BallotOption(position=position, label=item.name, person=item)
        else:
            label = str(item or "").strip()
            if not label or len(label) > 200:
                raise ValidationError(
                    {"options": _("Each option needs a name of at most 200 characters.")}
                )
            row = BallotOption(position=position, label=label)
        if row.label in labels:
            raise ValidationError(
                {"options": _("“%(label)s” is listed twice.") % {"label": row.label}}
            )
        labels.add(row.label)
        rows.append(row)
    if len(rows) <= places:
        raise ValidationError(
            {
                "options": _(
                    "A selection needs more candidates than places: %(places)s places, "
                    "%(count)s candidates."
                )
                % {"places": places, "count": len(rows)}
            }
        )
    return rows


@transaction.atomic
def create_ballot(
    *,
    question: str,
    kind: str,
    method: str,
    electorate: str,
    term: Term,
    held_on: dt.date,
    pass_rule: str,
    options: Sequence | None = None,
    places: int = 1,
    session: Session | None = None,
    subject: Organisation | None = None,
    topic: str = "",
    actor,
) -> Ballot:
    """A ballot in draft, with its options: the fixed ones of a motion (赞成/反对/弃权)
    or an assessment (满意/基本满意/不满意), or the candidates of a selection (labels
    or people)."""
    question = (question or "").strip()
    if not question or len(question) > 300:
        raise ValidationError({"question": _("Give the question, in at most 300 characters.")})
    _check_choice(kind, Kind, "kind")
    _check_choice(method, Ballot.Method, "method")
    _check_choice(electorate, Ballot.Electorate, "electorate")
    _check_choice(pass_rule, Rule, "pass_rule")
    if pass_rule not in RULES_FOR_KIND[kind]:
        allowed = ", ".join(str(Rule(r).label) for r in sorted(RULES_FOR_KIND[kind]))
        raise ValidationError(
            {"pass_rule": _("This kind of ballot is decided by: %(rules)s.") % {"rules": allowed}}
        )
    if kind == Kind.ASSESSMENT and method != Ballot.Method.SECRET:
        raise ValidationError({"method": _("A satisfaction assessment is a secret ballot (R42).")})
    if not isinstance(places, int) or places < 1 or places > 1000:
        raise ValidationError({"places": _("Give the number of places to fill (at least 1).")})
    if places != 1 and kind != Kind.SELECTION:
        raise ValidationError({"places": _("Only a selection fills more than one place.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the vote.")})
    if session is not None and session.term_id != term.pk:
        raise ValidationError({"session": _("The session belongs to another term.")})
    if electorate == Ballot.Electorate.CONGRESS_DEPUTIES:
        if session is None or session.body != Session.Body.CONGRESS:
            raise ValidationError(
                {"session": _("A vote of the deputies takes place at a congress session.")}
            )
    elif session is not None and session.body != Session.Body.STANDING_COMMITTEE:
        raise ValidationError(
            {"session": _("Committee members vote at a session of the standing committee.")}
        )
    if subject is not None and kind != Kind.ASSESSMENT:
        raise ValidationError({"subject": _("Only an assessment has a department assessed.")})
    topic = (topic or "").strip()
    if len(topic) > 100:
        raise ValidationError({"topic": _("The topic is at most 100 characters.")})
    rows = _option_rows(kind, options, places)
    ballot = Ballot.objects.create(
        question=question,
        kind=kind,
        method=method,
        electorate=electorate,
        term=term,
        session=session,
        held_on=held_on,
        pass_rule=pass_rule,
        places=places,
        subject=subject,
        topic=topic,
    )
    for row in rows:
        row.ballot = ballot
    BallotOption.objects.bulk_create(rows)
    audit.record(
        actor,
        ballot,
        "create",
        to_state=ballot.state,
        after={**audit.snapshot(ballot), "options": [r.label for r in rows]},
    )
    return ballot


# --- opening, casting, closing ------------------------------------------------------
@transaction.atomic
def open_ballot(ballot: Ballot, *, actor) -> Ballot:
    """Voting begins; the size of the electorate R32 counts against is fixed now."""
    ballot = _locked(ballot)
    _require(ballot, St.OPEN)
    size = electorate(ballot).count()
    if size == 0:
        raise ValidationError(_("Nobody is entitled to vote on this date; check the electorate."))
    ballot.state, ballot.electorate_size, ballot.opened_at = St.OPEN, size, clock.now()
    ballot.save(update_fields=["state", "electorate_size", "opened_at", "updated_at"])
    audit.record(
        actor,
        ballot,
        "open",
        from_state=St.DRAFT,
        to_state=St.OPEN,
        after={"electorate_size": size},
    )
    return ballot


def _parse_choices(ballot: Ballot, choices) -> list[int]:
    try:
        ids = [int(c) for c in (choices or [])]
    except (TypeError, ValueError):
        raise ValidationError({"choices": _("Give the chosen options by number.")}) from None
    if len(set(ids)) != len(ids):
        raise ValidationError({"choices": _("An option is chosen twice.")})
    known = set(ballot.options.values_list("pk", flat=True))
    if not set(ids) <= known:
        raise ValidationError({"choices": _("An option is not on this ballot.")})
    return ids


def is_invalid_choice(ballot: Ballot, ids: list[int]) -> bool:
    """R42: a blank ballot or one with more than one grade is invalid; a selection with
    more choices than places is invalid."""
    if ballot.kind == Kind.SELECTION:
        return not ids or len(ids) > ballot.places
    return len(ids) != 1


@transaction.atomic
def cast(
    ballot: Ballot, *, voter: Person, choices: Sequence[int], actor, by_clerk: bool = False
) -> Participation:
    """One vote of one voter. The ballot's row lock serialises the casts of a ballot,
    so concurrent voters never lose a count; the unique participation refuses a
    second vote even from another process."""
    ballot = _locked(ballot)
    if ballot.state != St.OPEN:
        raise InvalidTransition(_("This ballot is not open for voting."))
    if voter is None or not is_entitled(ballot, voter):
        raise ValidationError(_("This person is not entitled to vote on this ballot."))
    away = absence(ballot, voter)
    if away:
        raise ValidationError(away)
    ids = _parse_choices(ballot, choices)
    invalid = is_invalid_choice(ballot, ids)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                ballot=ballot, voter=voter, entered_by_clerk=by_clerk
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s has already voted on this ballot.") % {"name": voter.name}
        ) from None
    counted = [] if invalid else ids
    # every counter of the ballot is rewritten, chosen or not (see the module docstring)
    BallotOption.objects.filter(ballot=ballot).update(
        count=F("count") + SqlCase(SqlWhen(pk__in=counted, then=1), default=0)
    )
    Ballot.objects.filter(pk=ballot.pk).update(invalid_count=F("invalid_count") + int(invalid))
    data = {"voter": voter.pk, "entered_by_clerk": by_clerk}
    if ballot.method == Ballot.Method.ROLL_CALL:
        vote = Vote.objects.create(
            ballot=ballot,
            voter=voter,
            is_invalid=invalid,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        vote.options.set(ids)
        data["choices"] = ids
        data["invalid"] = invalid
    # a secret vote: that the voter took part, never what was chosen (R33, R42)
    audit.record(actor, ballot, "cast", after=data)
    return participation


def record_clerk_votes(ballot: Ballot, entries, *, actor) -> int:
    """Votes the clerk enters from paper or from the voting system: each (person,
    option code — "yes" | "no" | "abstain" of a motion) is one ``cast``."""
    options = {o.code: o.pk for o in ballot.options.all() if o.code}
    entries = list(entries)
    for voter, code in entries:
        if code not in options:
            raise ValidationError({"choice": [_("Choose yes, no or abstain.")]})
        cast(ballot, voter=voter, choices=[options[code]], actor=actor, by_clerk=True)
    return len(entries)


def _counts(ballot: Ballot, options: list[BallotOption]) -> dict:
    return {(o.code or o.pk): o.count for o in options}


@dataclass(frozen=True)
class Tally:
    ballot: Ballot
    options: list[BallotOption]  # with their counts, in ballot order
    participants: int
    electorate_size: int
    invalid: int
    decision: Decision

    @property
    def absent(self) -> int:
        return max(0, self.electorate_size - self.participants)

    @property
    def valid(self) -> int:
        return self.decision.valid

    @property
    def accepted_share(self) -> float | None:
        """An assessment's satisfied + basically satisfied share of the valid ballots."""
        if self.ballot.kind != Kind.ASSESSMENT:
            return None
        accepted = sum(o.count for o in self.options if o.code in ACCEPTING_GRADES)
        return round(accepted / self.valid, 4) if self.valid else 0.0

    def rows(self) -> list[tuple[BallotOption, float, bool]]:
        """(option, share, chosen) for display."""
        chosen = set(self.decision.chosen)
        return [
            (o, self.decision.shares.get(o.code or o.pk, 0.0), (o.code or o.pk) in chosen)
            for o in self.options
        ]


def tally(ballot: Ballot) -> Tally:
    options = list(ballot.options.select_related("person").order_by("position"))
    ballot.refresh_from_db(fields=["invalid_count", "electorate_size", "state", "passed"])
    electorate_size = ballot.electorate_size or electorate(ballot).count()
    decision = decide(
        _counts(ballot, options),
        pass_rule=ballot.pass_rule,
        electorate_size=electorate_size,
        invalid=ballot.invalid_count,
        places=ballot.places,
    )
    return Tally(
        ballot=ballot,
        options=options,
        participants=ballot.participations.count(),
        electorate_size=electorate_size,
        invalid=ballot.invalid_count,
        decision=decision,
    )


@transaction.atomic
def close_ballot(ballot: Ballot, *, actor) -> Ballot:
    """Voting ends; the engine computes the result. An assessment below the threshold
    opens a rectification item for the department (R43)."""
    ballot = _locked(ballot)
    _require(ballot, St.CLOSED)
    result = tally(ballot)
    ballot.state, ballot.closed_at, ballot.passed = St.CLOSED, clock.now(), result.decision.passed
    ballot.save(update_fields=["state", "closed_at", "passed", "updated_at"])
    audit.record(
        actor,
        ballot,
        "close",
        from_state=St.OPEN,
        to_state=St.CLOSED,
        after={
            "participants": result.participants,
            "invalid": result.invalid,
            "counts": {o.label: o.count for o in result.options},
            "passed": result.decision.passed,
        },
    )
    if ballot.kind == Kind.ASSESSMENT and ballot.subject_id is not None:
        _rectify_if_below_threshold(ballot, result, actor)
    return ballot


def _rectify_if_below_threshold(ballot: Ballot, result: Tally, actor) -> None:
    """R43: a department whose satisfied + basically satisfied share is below the
    threshold gets a rectification item with a deadline (a handling case)."""
    from renda.handling import services as handling
    from renda.handling.models import Kind as CaseKind

    threshold = float(rule_setting("supervision.assessment_threshold"))
    share = result.accepted_share or 0.0
    if result.valid == 0 or share >= threshold:
        return
    title = _(
        "Rectification after the satisfaction assessment of %(department)s "
        "(%(share)s satisfied or basically satisfied)"
    ) % {"department": ballot.subject.name, "share": f"{share:.0%}"}
    case = handling.open_case(
        CaseKind.RECTIFICATION, title=title[:300], reference=f"ZG-{ballot.pk}", actor=actor
    )
    handling.assign_case(
        case,
        lead_unit=ballot.subject,
        actor=actor,
        note=_("Assessment share %(share)s below the threshold %(threshold)s (R43).")
        % {"share": share, "threshold": threshold},
    )
    ballot.rectification_case = case
    ballot.save(update_fields=["rectification_case", "updated_at"])


@transaction.atomic
def publish_ballot(ballot: Ballot, *, actor) -> Ballot:
    ballot = _locked(ballot)
    _require(ballot, St.PUBLISHED)
    ballot.state, ballot.published_at = St.PUBLISHED, clock.now()
    ballot.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(actor, ballot, "publish", from_state=St.CLOSED, to_state=St.PUBLISHED)
    return ballot


# --- assessments --------------------------------------------------------------------
TOPIC_LABELS = {
    TOPIC_INNOVATION: "科技创新",
    TOPIC_BUSINESS_ENVIRONMENT: "营商环境",
}


def assess_department(
    *,
    department: Organisation,
    topic: str,
    term: Term,
    held_on: dt.date,
    session: Session | None,
    actor,
) -> Ballot:
    """A satisfaction assessment of one department by the committee members: a secret
    ballot with the three grades, results as shares (R42, R43)."""
    if department is None:
        raise ValidationError({"subject": _("Choose the department assessed.")})
    question = _("Satisfaction assessment of %(department)s") % {"department": department.name}
    return create_ballot(
        question=question,
        kind=Kind.ASSESSMENT,
        method=Ballot.Method.SECRET,
        electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
        term=term,
        held_on=held_on,
        pass_rule=Rule.NONE,
        session=session,
        subject=department,
        topic=topic,
        actor=actor,
    )
