"""Every change to legislative plans, plan items, projects, readings and research topics.
Each is one transaction, with the record's row locked and its audit row written
(DESIGN.md, "How a state change is written"); an illegal move raises
``InvalidTransition`` (HTTP 409), bad input ``ValidationError`` (400), nothing written.

Rules: R50 (``check_area``: the four areas a city may legislate on, or another law's
authorisation cited), R52 (``put_to_vote``: fewer readings than the setting only with a
held chair meeting's reason), R53 (``submit_to_province``: the decision is due within
the setting's months; ``r53_warning``), R54 (``publish``: after provincial approval,
with the notice number, effective on or after publication). The vote is the ballot
engine's: a roll-call motion of the committee members at a committee session, passed
by more than half of ALL members (R32). Permissions are checked by the pages and the
API."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Max, Value, When
from django.utils.translation import gettext as _

from renda.ballots.models import Ballot
from renda.core import audit, clock
from renda.core.models import Organisation, Session, Term
from renda.core.rulesettings import rule_setting
from renda.core.workdays import add_months
from renda.handling.workflow import InvalidTransition
from renda.legislation import services as texts
from renda.legislation.models import (
    PROJECT_TRANSITIONS,
    LegalText,
    LegislativeArea,
    LegislativePlan,
    LegislativePlanItem,
    LegislativeProject,
    ProjectStage,
    Reading,
    ResearchTopic,
    TextVersion,
)

S = ProjectStage
P = LegislativePlan.State
T = ResearchTopic.State
PLAN_TRANSITIONS = {P.DRAFT: {P.ADOPTED}, P.ADOPTED: {P.PUBLISHED}, P.PUBLISHED: set()}
TOPIC_TRANSITIONS = {
    T.RAISED: {T.RESEARCHING, T.CONCLUDED},
    T.RESEARCHING: {T.CONCLUDED},
    T.CONCLUDED: set(),
}
MAX_TEXT = 20000
COMMITTEE_KINDS = (
    Organisation.Kind.SPECIAL_COMMITTEE,
    Organisation.Kind.WORKING_COMMITTEE,
    Organisation.Kind.STANDING_COMMITTEE,
)


# --- shared checks -----------------------------------------------------------------------------
def _clean(value) -> str:
    return (value or "").replace("\x00", "").strip()


def _text(value, field: str, message, limit: int) -> str:
    value = _clean(value)
    if not value:
        raise ValidationError({field: [message]})
    if len(value) > limit:
        raise ValidationError({field: [_("At most %(limit)s characters.") % {"limit": limit}]})
    return value


def _optional(value, field: str, limit: int) -> str:
    value = _clean(value)
    if len(value) > limit:
        raise ValidationError({field: [_("At most %(limit)s characters.") % {"limit": limit}]})
    return value


def _date(value, field: str, message) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: [message]})
    return value


def _not_future(value: dt.date, field: str) -> None:
    if value > clock.today():
        raise ValidationError({field: [_("This date is in the future.")]})


def _year(value, field: str = "year") -> int:
    if not isinstance(value, int) or not 1980 <= value <= 2100:
        raise ValidationError({field: [_("Give a year between 1980 and 2100.")]})
    return value


def _committee(organisation, field: str = "committee"):
    if organisation is not None and organisation.kind not in COMMITTEE_KINDS:
        raise ValidationError({field: [_("Choose a committee of the congress.")]})
    return organisation


def check_area(area: str, authorising_law: str) -> tuple[str, str]:
    """R50 (立法法 Art 81): one of the four areas a city may legislate on, or "other",
    which is refused unless the law that authorises it is cited."""
    if area not in LegislativeArea.values:
        raise ValidationError(
            {
                "area": [
                    _(
                        "Choose the legislative area: a city may legislate on urban and rural "
                        "construction and management, ecological civilisation, historical and "
                        "cultural protection or grassroots governance (R50)."
                    )
                ]
            }
        )
    authorising_law = _optional(authorising_law, "authorising_law", 300)
    if area == LegislativeArea.OTHER_AUTHORISED and not authorising_law:
        raise ValidationError(
            {
                "authorising_law": [
                    _(
                        "A matter outside the four areas a city may legislate on needs the "
                        "law that authorises it: cite that law (R50)."
                    )
                ]
            }
        )
    return area, authorising_law


def _locked(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def _move(
    project: LegislativeProject, to: str, actor, verb: str, *, fields=(), after=None, note=""
):
    """The one place a project changes stage: the move must be in PROJECT_TRANSITIONS."""
    if to not in PROJECT_TRANSITIONS[project.stage]:
        raise InvalidTransition(
            _("This project is “%(stage)s”; it cannot become “%(to)s”.")
            % {"stage": S(project.stage).label, "to": S(to).label}
        )
    before = project.stage
    project.stage = to
    project.save(update_fields=["stage", "updated_at", *fields])
    audit.record(actor, project, verb, from_state=before, to_state=to, after=after or {}, note=note)
    return project


def _require_stage(project: LegislativeProject, to: str) -> None:
    if to not in PROJECT_TRANSITIONS[project.stage]:
        raise InvalidTransition(
            _("This project is “%(stage)s”; it cannot become “%(to)s”.")
            % {"stage": S(project.stage).label, "to": S(to).label}
        )


def _committee_session(session, term: Term, field: str = "session") -> Session:
    if session is None:
        raise ValidationError({field: [_("Choose the committee session.")]})
    if session.body != Session.Body.STANDING_COMMITTEE:
        raise ValidationError({field: [_("Choose a session of the standing committee.")]})
    if session.term_id != term.pk:
        raise ValidationError({field: [_("The session belongs to another term.")]})
    return session


def _on_session_day(session: Session, day: dt.date, field: str = "date") -> None:
    last = session.end_date or session.start_date
    if not session.start_date <= day <= last:
        raise ValidationError(
            {
                field: [
                    _("Give a day of the session (%(first)s to %(last)s).")
                    % {"first": session.start_date, "last": last}
                ]
            }
        )


# --- plans -------------------------------------------------------------------------------------
@transaction.atomic
def create_plan(
    *,
    term: Term,
    kind: str,
    title: str,
    first_year: int,
    last_year: int | None = None,
    text: str = "",
    actor,
) -> LegislativePlan:
    title = _text(title, "title", _("Give the plan's title."), 200)
    if kind not in LegislativePlan.Kind.values:
        raise ValidationError({"kind": [_("Choose a five-year or an annual plan.")]})
    first_year = _year(first_year, "first_year")
    if kind == LegislativePlan.Kind.ANNUAL:
        if last_year not in (None, first_year):
            raise ValidationError({"last_year": [_("An annual plan covers one year.")]})
        last_year = first_year
    else:
        last_year = first_year + 4 if last_year is None else _year(last_year, "last_year")
        if not first_year < last_year <= first_year + 4:
            raise ValidationError(
                {"last_year": [_("A five-year plan ends 1 to 4 years after its first year.")]}
            )
    if LegislativePlan.objects.filter(kind=kind, first_year=first_year).exists():
        raise ValidationError({"first_year": [_("There is already such a plan for this year.")]})
    plan = LegislativePlan.objects.create(
        term=term,
        kind=kind,
        title=title,
        first_year=first_year,
        last_year=last_year,
        text=_optional(text, "text", 100000),
    )
    audit.record(actor, plan, "create", to_state=plan.state, after=audit.snapshot(plan))
    return plan


@transaction.atomic
def add_plan_item(
    plan: LegislativePlan,
    *,
    kind: str,
    title: str,
    area: str,
    authorising_law: str = "",
    drafting_body: Organisation | None = None,
    committee: Organisation | None = None,
    target_submission: dt.date | None = None,
    target_adoption: dt.date | None = None,
    notes: str = "",
    actor,
) -> LegislativePlanItem:
    plan = _locked(plan)
    if plan.state == P.PUBLISHED:
        raise InvalidTransition(_("The plan is published; its items are fixed."))
    if kind not in LegislativePlanItem.Kind.values:
        raise ValidationError({"kind": [_("Choose formal, preparatory or research.")]})
    title = _text(title, "title", _("Give the item's title."), 200)
    area, authorising_law = check_area(area, authorising_law)
    _committee(committee)
    if target_submission and target_adoption and target_adoption < target_submission:
        raise ValidationError(
            {"target_adoption": [_("The vote cannot be planned before the first reading.")]}
        )
    for field, value in (
        ("target_submission", target_submission),
        ("target_adoption", target_adoption),
    ):
        if value is not None and not plan.first_year <= value.year <= plan.last_year + 1:
            raise ValidationError({field: [_("The date lies outside the plan's years.")]})
    position = (plan.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = LegislativePlanItem.objects.create(
        plan=plan,
        position=position,
        kind=kind,
        title=title,
        area=area,
        authorising_law=authorising_law,
        drafting_body=drafting_body,
        committee=committee,
        target_submission=target_submission,
        target_adoption=target_adoption,
        notes=_optional(notes, "notes", MAX_TEXT),
    )
    audit.record(actor, plan, "add_item", after={"item": item.pk, **audit.snapshot(item)})
    return item


@transaction.atomic
def adopt_plan(plan: LegislativePlan, *, adopted_on: dt.date, actor) -> LegislativePlan:
    plan = _locked(plan)
    _plan_move(plan, P.ADOPTED)
    adopted_on = _date(adopted_on, "adopted_on", _("Give the date of adoption."))
    _not_future(adopted_on, "adopted_on")
    if not plan.items.exists():
        raise ValidationError({"adopted_on": [_("Add the plan's items before adopting it.")]})
    plan.state, plan.adopted_on = P.ADOPTED, adopted_on
    plan.save(update_fields=["state", "adopted_on", "updated_at"])
    audit.record(
        actor,
        plan,
        "adopt",
        from_state=P.DRAFT,
        to_state=P.ADOPTED,
        after={"adopted_on": adopted_on.isoformat()},
    )
    return plan


@transaction.atomic
def publish_plan(plan: LegislativePlan, *, published_on: dt.date, actor) -> LegislativePlan:
    plan = _locked(plan)
    _plan_move(plan, P.PUBLISHED)
    published_on = _date(published_on, "published_on", _("Give the date of publication."))
    _not_future(published_on, "published_on")
    if published_on < plan.adopted_on:
        raise ValidationError({"published_on": [_("A plan is published after its adoption.")]})
    plan.state, plan.published_on = P.PUBLISHED, published_on
    plan.save(update_fields=["state", "published_on", "updated_at"])
    audit.record(
        actor,
        plan,
        "publish",
        from_state=P.ADOPTED,
        to_state=P.PUBLISHED,
        after={"published_on": published_on.isoformat()},
    )
    return plan


def _plan_move(plan: LegislativePlan, to: str) -> None:
    if to not in PLAN_TRANSITIONS[plan.state]:
        raise InvalidTransition(
            _("This plan is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": P(plan.state).label, "to": P(to).label}
        )


# --- projects ----------------------------------------------------------------------------------
def _regulation_text(legal_text: LegalText | None) -> LegalText | None:
    """A project produces a regulation: its text is a draft regulation (or the
    regulation), never a filed normative document."""
    if legal_text is not None and legal_text.kind not in (
        LegalText.Kind.REGULATION_DRAFT,
        LegalText.Kind.REGULATION,
    ):
        raise ValidationError({"legal_text": [_("Choose the text of a draft regulation.")]})
    return legal_text


@transaction.atomic
def create_project(
    *,
    term: Term,
    title: str,
    year: int,
    area: str,
    authorising_law: str = "",
    plan_item: LegislativePlanItem | None = None,
    legal_text: LegalText | None = None,
    drafting_body: Organisation | None = None,
    committee: Organisation | None = None,
    actor,
) -> LegislativeProject:
    """A project in research. R50: its area is one of the four, or the law that
    authorises it is cited."""
    title = _text(title, "title", _("Give the project's title."), 200)
    year = _year(year)
    area, authorising_law = check_area(area, authorising_law)
    _committee(committee)
    _regulation_text(legal_text)
    project = LegislativeProject.objects.create(
        term=term,
        title=title,
        year=year,
        area=area,
        authorising_law=authorising_law,
        plan_item=plan_item,
        legal_text=legal_text,
        drafting_body=drafting_body
        if drafting_body is not None
        else getattr(plan_item, "drafting_body", None),
        committee=committee if committee is not None else getattr(plan_item, "committee", None),
    )
    audit.record(actor, project, "create", to_state=project.stage, after=audit.snapshot(project))
    return project


@transaction.atomic
def approve_project(
    project: LegislativeProject, *, approved_on: dt.date, evaluation: str, actor
) -> LegislativeProject:
    """立项: the project is approved, with its evaluation (立项论证)."""
    project = _locked(project)
    _require_stage(project, S.PROJECT_APPROVED)
    approved_on = _date(approved_on, "approved_on", _("Give the date of the project approval."))
    _not_future(approved_on, "approved_on")
    evaluation = _text(
        evaluation, "evaluation", _("Give the evaluation the approval rests on."), MAX_TEXT
    )
    project.approved_on, project.approval_evaluation = approved_on, evaluation
    return _move(
        project,
        S.PROJECT_APPROVED,
        actor,
        "approve_project",
        fields=["approved_on", "approval_evaluation"],
        after={"approved_on": approved_on.isoformat()},
    )


@transaction.atomic
def start_drafting(
    project: LegislativeProject,
    *,
    started_on: dt.date,
    legal_text: LegalText | None = None,
    actor,
) -> LegislativeProject:
    project = _locked(project)
    _require_stage(project, S.DRAFTING)
    started_on = _date(started_on, "started_on", _("Give the date drafting started."))
    _not_future(started_on, "started_on")
    if project.approved_on and started_on < project.approved_on:
        raise ValidationError({"started_on": [_("Drafting starts after the project approval.")]})
    project.drafting_started_on = started_on
    fields = ["drafting_started_on"]
    if _regulation_text(legal_text) is not None:
        project.legal_text = legal_text
        fields.append("legal_text")
    return _move(
        project,
        S.DRAFTING,
        actor,
        "start_drafting",
        fields=fields,
        after={"started_on": started_on.isoformat(), "legal_text": project.legal_text_id},
    )


@transaction.atomic
def link_text(project: LegislativeProject, *, legal_text: LegalText, actor) -> LegislativeProject:
    """The structured text the project produces (before its readings begin)."""
    project = _locked(project)
    if project.readings.exists():
        raise InvalidTransition(_("The project has readings; its text is fixed."))
    _regulation_text(legal_text)
    before = project.legal_text_id
    project.legal_text = legal_text
    project.save(update_fields=["legal_text", "updated_at"])
    audit.record(
        actor,
        project,
        "link_text",
        before={"legal_text": before},
        after={"legal_text": legal_text.pk},
    )
    return project


def _agenda_item_for(project, session, number, actor):
    """R52's reading on the session's agenda (meetings' BILL_READING item): the one the
    agenda already has for this reading, or a new one when the session still takes
    items and the actor may add them; None otherwise."""
    from renda.meetings import services as meetings
    from renda.meetings.models import AgendaItem

    found = AgendaItem.objects.filter(
        session=session, kind=AgendaItem.Kind.BILL_READING, reading=number
    ).order_by("position")
    stem = project.title.removesuffix("（草案）")
    for item in found:
        if stem[-6:] in item.title or item.title.removesuffix("（草案）")[-6:] in stem:
            return item
    try:
        return meetings.add_agenda_item(
            session=session,
            kind=AgendaItem.Kind.BILL_READING,
            title=f"{project.title}（草案）"[:300],
            organisation=project.committee,
            reading=number,
            actor=actor,
        )
    except (ValidationError, InvalidTransition, PermissionDenied):
        return None


@transaction.atomic
def record_reading(
    project: LegislativeProject,
    *,
    session: Session,
    date: dt.date,
    version: TextVersion | None = None,
    notes: str = "",
    actor,
) -> Reading:
    """一审, 二审, 三审 … (R52): the next reading, at a session of the standing committee,
    reading a version of the project's own text."""
    project = _locked(project)
    _require_stage(project, S.READING)
    _committee_session(session, project.term)
    date = _date(date, "date", _("Give the date of the reading."))
    _on_session_day(session, date)
    _not_future(date, "date")
    if version is not None:
        if project.legal_text_id is None:
            raise ValidationError({"version": [_("Link the project to its text first.")]})
        if version.legal_text_id != project.legal_text_id:
            raise ValidationError({"version": [_("This version is of another text.")]})
    elif project.legal_text_id is not None:
        raise ValidationError({"version": [_("Choose the version of the text that was read.")]})
    last = project.readings.order_by("-number").first()
    if last is not None and date <= last.date:
        raise ValidationError(
            {"date": [_("A reading follows the previous one (%(date)s).") % {"date": last.date}]}
        )
    number = (last.number if last else 0) + 1
    reading = Reading.objects.create(
        project=project,
        number=number,
        session=session,
        version=version,
        date=date,
        agenda_item=_agenda_item_for(project, session, number, actor),
        notes=_optional(notes, "notes", MAX_TEXT),
    )
    _move(
        project,
        S.READING,
        actor,
        "reading",
        after={
            "reading": number,
            "session": session.pk,
            "version": version.pk if version else None,
            "date": date.isoformat(),
        },
    )
    return reading


def normal_readings() -> int:
    return int(rule_setting("legislation.normal_readings"))


@transaction.atomic
def put_to_vote(
    project: LegislativeProject,
    *,
    session: Session,
    held_on: dt.date,
    chair_meeting=None,
    reason: str = "",
    actor,
) -> LegislativeProject:
    """The vote on the draft (表决): a roll-call motion of the committee members, opened
    at once (R32: passed by more than half of ALL members). R52: after fewer readings
    than the normal number, only with a held chair meeting's reason."""
    from renda.ballots import services as ballots
    from renda.meetings.models import ChairMeeting
    from renda.meetings.services import require_sitting

    project = _locked(project)
    _require_stage(project, S.VOTING)
    held = project.readings.count()
    if held == 0:
        raise InvalidTransition(_("A draft is voted on after its readings."))
    _committee_session(session, project.term)
    held_on = _date(held_on, "held_on", _("Give the date of the vote."))
    last = project.readings.order_by("-number").first()
    if held_on < last.date:
        raise ValidationError({"held_on": [_("The vote follows the last reading.")]})
    reason = _optional(reason, "reason", MAX_TEXT)
    needed = normal_readings()
    if held < needed:
        if chair_meeting is None or not reason:
            raise ValidationError(
                {
                    "reason": [
                        _(
                            "Only %(held)s of the normal %(needed)s readings were held: record "
                            "the chair meeting that decided to vote now and its reason (R52)."
                        )
                        % {"held": held, "needed": needed}
                    ]
                }
            )
        if (
            chair_meeting.state != ChairMeeting.State.HELD
            or chair_meeting.term_id != project.term_id
        ):
            raise ValidationError(
                {"chair_meeting": [_("Choose a chair meeting of the term that was held.")]}
            )
        if chair_meeting.date > held_on:
            raise ValidationError(
                {"chair_meeting": [_("The chair meeting must precede the vote.")]}
            )
    else:
        chair_meeting, reason = None, ""
    require_sitting(session, held_on)
    ballot = ballots.create_ballot(
        question=_("Vote on %(title)s") % {"title": project.title},
        kind=Ballot.Kind.MOTION,
        method=Ballot.Method.ROLL_CALL,
        electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
        term=project.term,
        held_on=held_on,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,  # R32
        session=session,
        actor=actor,
    )
    ballot = ballots.open_ballot(ballot, actor=actor)
    agenda = last.agenda_item if last.session_id == session.pk else None
    if agenda is not None and agenda.ballot_id is None:
        from renda.meetings import services as meetings

        try:
            meetings.attach_ballot(agenda, ballot, actor=actor)
        except (ValidationError, PermissionDenied):
            pass
    project.ballot = ballot
    project.fewer_readings_meeting = chair_meeting
    project.fewer_readings_reason = reason
    return _move(
        project,
        S.VOTING,
        actor,
        "put_to_vote",
        fields=["ballot", "fewer_readings_meeting", "fewer_readings_reason"],
        after={
            "ballot": ballot.pk,
            "readings": held,
            "chair_meeting": chair_meeting.pk if chair_meeting else None,
        },
        note=reason[:500],
    )


@transaction.atomic
def record_votes(project: LegislativeProject, *, entries, actor) -> int:
    """Votes entered by the clerk: each (person, "yes" | "no" | "abstain") goes to the
    engine's ``cast``."""
    from renda.ballots import services as ballots

    project = _locked(project)
    if project.stage != S.VOTING:
        raise InvalidTransition(_("This project is not being voted on."))
    return ballots.record_clerk_votes(project.ballot, entries, actor=actor)


@transaction.atomic
def conclude_vote(project: LegislativeProject, *, actor) -> LegislativeProject:
    """The engine closes the ballot and decides (R32): adopted when it passed, back to
    the readings when it did not (the ballot stays recorded in the audit)."""
    from renda.ballots import services as ballots

    project = _locked(project)
    if project.stage != S.VOTING:
        raise InvalidTransition(_("This project is not being voted on."))
    ballot = Ballot.objects.get(pk=project.ballot_id)
    if ballot.state == Ballot.State.OPEN:
        ballots.close_ballot(ballot, actor=actor)
        ballot.refresh_from_db()
    passed = bool(ballot.passed)
    if passed:
        project.adopted_on = ballot.held_on
        return _move(
            project,
            S.ADOPTED,
            actor,
            "adopt",
            fields=["adopted_on"],
            after={"ballot": ballot.pk, "passed": True, "adopted_on": ballot.held_on.isoformat()},
        )
    return _move(
        project, S.READING, actor, "vote_failed", after={"ballot": ballot.pk, "passed": False}
    )


def decision_due(submitted_on: dt.date) -> dt.date:
    """R53 (立法法 Art 81): the provincial committee decides within the setting's months."""
    return add_months(submitted_on, int(rule_setting("legislation.approval_months")))


@transaction.atomic
def submit_to_province(
    project: LegislativeProject, *, submitted_on: dt.date, actor
) -> LegislativeProject:
    """报批 (R53): submitted to the provincial standing committee; its decision is due
    within four months (setting)."""
    project = _locked(project)
    _require_stage(project, S.SUBMITTED)
    submitted_on = _date(submitted_on, "submitted_on", _("Give the date of submission."))
    _not_future(submitted_on, "submitted_on")
    if project.adopted_on and submitted_on < project.adopted_on:
        raise ValidationError(
            {"submitted_on": [_("A regulation is submitted after its adoption.")]}
        )
    project.submitted_on, project.decision_due_on = submitted_on, decision_due(submitted_on)
    return _move(
        project,
        S.SUBMITTED,
        actor,
        "submit_to_province",
        fields=["submitted_on", "decision_due_on"],
        after={
            "submitted_on": submitted_on.isoformat(),
            "decision_due_on": project.decision_due_on.isoformat(),
        },
    )


def r53_warning(project: LegislativeProject, today: dt.date | None = None) -> str:
    """ "overdue", "due_soon" or "" for a project waiting for the provincial decision."""
    if project.stage != S.SUBMITTED or project.decision_due_on is None:
        return ""
    today = today or clock.today()
    if today > project.decision_due_on:
        return "overdue"
    soon = int(rule_setting("legislation.approval_warning_days"))
    if (project.decision_due_on - today).days <= soon:
        return "due_soon"
    return ""


def r53_annotation():
    """``r53_warning`` as an SQL expression, for lists: one settings query, not one per row."""
    today = clock.today()
    soon = today + dt.timedelta(days=int(rule_setting("legislation.approval_warning_days")))
    return Case(
        When(stage=S.SUBMITTED, decision_due_on__lt=today, then=Value("overdue")),
        When(stage=S.SUBMITTED, decision_due_on__lte=soon, then=Value("due_soon")),
        default=Value(""),
        output_field=CharField(),
    )


def _count(value, field: str) -> int:
    if (
        value is None
        or isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= 10000
    ):
        raise ValidationError({field: [_("Give a number of votes (0 or more).")]})
    return value


@transaction.atomic
def record_provincial_approval(
    project: LegislativeProject,
    *,
    approved_on: dt.date,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    actor,
) -> LegislativeProject:
    """批准: the provincial standing committee approved it, with its vote counts."""
    project = _locked(project)
    _require_stage(project, S.APPROVED)
    approved_on = _date(approved_on, "approved_on", _("Give the date of the approval."))
    _not_future(approved_on, "approved_on")
    if approved_on < project.submitted_on:
        raise ValidationError({"approved_on": [_("The approval follows the submission.")]})
    votes_for = _count(votes_for, "votes_for")
    votes_against = _count(votes_against, "votes_against")
    votes_abstain = _count(votes_abstain, "votes_abstain")
    if votes_for <= votes_against:
        raise ValidationError(
            {"votes_for": [_("An approval has more votes in favour than against.")]}
        )
    project.province_approved_on = approved_on
    project.province_votes_for = votes_for
    project.province_votes_against = votes_against
    project.province_votes_abstain = votes_abstain
    return _move(
        project,
        S.APPROVED,
        actor,
        "provincial_approval",
        fields=[
            "province_approved_on",
            "province_votes_for",
            "province_votes_against",
            "province_votes_abstain",
        ],
        after={
            "approved_on": approved_on.isoformat(),
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
            "late": approved_on > project.decision_due_on if project.decision_due_on else False,
        },
    )


@transaction.atomic
def publish(
    project: LegislativeProject,
    *,
    notice_number: str,
    published_on: dt.date,
    effective_on: dt.date,
    actor,
) -> LegislativeProject:
    """R54: after the provincial approval, published by the committee's notice (公告),
    taking effect on its own date, on or after publication."""
    project = _locked(project)
    if project.province_approved_on is None:
        raise InvalidTransition(
            _("A regulation is published only after the provincial approval (R54).")
        )
    _require_stage(project, S.PUBLISHED)
    notice_number = _text(notice_number, "notice_number", _("Give the notice (公告) number."), 60)
    published_on = _date(published_on, "published_on", _("Give the date of publication."))
    effective_on = _date(effective_on, "effective_on", _("Give the date it takes effect."))
    _not_future(published_on, "published_on")
    if published_on < project.province_approved_on:
        raise ValidationError(
            {"published_on": [_("Publication follows the provincial approval (R54).")]}
        )
    if effective_on < published_on:
        raise ValidationError(
            {"effective_on": [_("A regulation takes effect on or after its publication (R54).")]}
        )
    clash = LegislativeProject.objects.filter(notice_number=notice_number).exclude(pk=project.pk)
    if clash.exists():
        raise ValidationError({"notice_number": [_("This notice number is already used.")]})
    project.notice_number = notice_number
    project.published_on, project.effective_on = published_on, effective_on
    result = _move(
        project,
        S.PUBLISHED,
        actor,
        "publish",
        fields=["notice_number", "published_on", "effective_on"],
        after={
            "notice_number": notice_number,
            "published_on": published_on.isoformat(),
            "effective_on": effective_on.isoformat(),
        },
    )
    if project.legal_text_id:
        texts.change_kind(
            project.legal_text, LegalText.Kind.REGULATION, actor=actor, note=notice_number
        )
    return result


@transaction.atomic
def record_evaluation(
    project: LegislativeProject, *, evaluated_on: dt.date, findings: str, actor
) -> LegislativeProject:
    """立法后评估: the post-legislative evaluation and its findings."""
    project = _locked(project)
    _require_stage(project, S.EVALUATED)
    evaluated_on = _date(evaluated_on, "evaluated_on", _("Give the date of the evaluation."))
    _not_future(evaluated_on, "evaluated_on")
    if evaluated_on < project.published_on:
        raise ValidationError({"evaluated_on": [_("The evaluation follows the publication.")]})
    findings = _text(findings, "findings", _("Give the evaluation's findings."), MAX_TEXT)
    project.evaluated_on, project.evaluation_findings = evaluated_on, findings
    return _move(
        project,
        S.EVALUATED,
        actor,
        "evaluate",
        fields=["evaluated_on", "evaluation_findings"],
        after={"evaluated_on": evaluated_on.isoformat()},
    )


# --- research topics ---------------------------------------------------------------------------
@transaction.atomic
def raise_topic(
    *,
    title: str,
    year: int,
    description: str = "",
    committee: Organisation | None = None,
    opinions=(),
    suggestions=(),
    actor,
) -> ResearchTopic:
    """立法调研课题: a concern raised to legislative research, linked to the public
    opinions and suggestions it came from."""
    title = _text(title, "title", _("Give the topic's title."), 200)
    year = _year(year)
    _committee(committee)
    topic = ResearchTopic.objects.create(
        title=title,
        year=year,
        description=_optional(description, "description", MAX_TEXT),
        committee=committee,
    )
    opinions, suggestions = list(opinions), list(suggestions)
    topic.opinions.set(opinions)
    topic.suggestions.set(suggestions)
    audit.record(
        actor,
        topic,
        "raise",
        to_state=topic.state,
        after={
            **audit.snapshot(topic),
            "opinions": [o.pk for o in opinions],
            "suggestions": [s.pk for s in suggestions],
        },
    )
    return topic


@transaction.atomic
def link_sources(topic: ResearchTopic, *, opinions=(), suggestions=(), actor) -> ResearchTopic:
    topic = _locked(topic)
    opinions, suggestions = list(opinions), list(suggestions)
    if not opinions and not suggestions:
        raise ValidationError({"opinions": [_("Choose the opinions or suggestions to link.")]})
    topic.opinions.add(*opinions)
    topic.suggestions.add(*suggestions)
    audit.record(
        actor,
        topic,
        "link_sources",
        after={"opinions": [o.pk for o in opinions], "suggestions": [s.pk for s in suggestions]},
    )
    return topic


def _topic_move(topic: ResearchTopic, to: str) -> None:
    if to not in TOPIC_TRANSITIONS[topic.state]:
        raise InvalidTransition(
            _("This topic is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": T(topic.state).label, "to": T(to).label}
        )


@transaction.atomic
def start_topic_research(topic: ResearchTopic, *, actor) -> ResearchTopic:
    topic = _locked(topic)
    _topic_move(topic, T.RESEARCHING)
    topic.state = T.RESEARCHING
    topic.save(update_fields=["state", "updated_at"])
    audit.record(actor, topic, "start_research", from_state=T.RAISED, to_state=T.RESEARCHING)
    return topic


@transaction.atomic
def conclude_topic(
    topic: ResearchTopic, *, conclusion: str, concluded_on: dt.date, actor
) -> ResearchTopic:
    topic = _locked(topic)
    _topic_move(topic, T.CONCLUDED)
    conclusion = _text(conclusion, "conclusion", _("Give the research's conclusion."), MAX_TEXT)
    concluded_on = _date(concluded_on, "concluded_on", _("Give the date of the conclusion."))
    _not_future(concluded_on, "concluded_on")
    before = topic.state
    topic.state, topic.conclusion, topic.concluded_on = T.CONCLUDED, conclusion, concluded_on
    topic.save(update_fields=["state", "conclusion", "concluded_on", "updated_at"])
    audit.record(
        actor,
        topic,
        "conclude",
        from_state=before,
        to_state=T.CONCLUDED,
        after={"concluded_on": concluded_on.isoformat()},
        note=conclusion[:500],
    )
    return topic
