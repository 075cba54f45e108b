"""Every change to research, recommendations, experts, consultations and livelihood
projects: one atomic function each, row-locked, audited (DESIGN.md, "How a state change
is written"). Pages, the API and the demo call these; nothing else saves their state.

The selection of livelihood projects is the ballot engine's: ``put_to_vote`` creates the
deputies' selection ballot (``ballots.services.create_ballot``), ``adopt_ballot`` links
an existing one, and ``apply_selection`` reads the engine's tally — never a count of its
own."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.ballots import services as ballots
from renda.ballots.models import Ballot
from renda.core import audit, clock
from renda.core import roles as R
from renda.core.models import Deputy, Organisation, Person, Session, Term
from renda.handling.workflow import InvalidTransition
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    Milestone,
    PlanItem,
    ProgressReport,
    ProjectInspection,
    Recommendation,
    RecommendationArea,
    Research,
)

RS = Research.State
RECO = Recommendation.State
CS = ConsultationRequest.State
PS = LivelihoodProject.State

RESEARCH_TRANSITIONS = {
    RS.PLANNED: {RS.IN_PROGRESS},
    RS.IN_PROGRESS: {RS.REPORTED},
    RS.REPORTED: {RS.CLOSED},
    RS.CLOSED: set(),
}
RECOMMENDATION_TRANSITIONS = {
    RECO.OPEN: {RECO.RESPONDED},
    RECO.RESPONDED: {RECO.IMPLEMENTED},
    RECO.IMPLEMENTED: set(),
}
CONSULTATION_TRANSITIONS = {
    CS.ASKED: {CS.ANSWERED, CS.WITHDRAWN},
    CS.ANSWERED: set(),
    CS.WITHDRAWN: set(),
}
PROJECT_TRANSITIONS = {
    PS.CANDIDATE: {PS.CHOSEN, PS.NOT_CHOSEN},
    PS.CHOSEN: {PS.IN_PROGRESS},
    PS.NOT_CHOSEN: set(),
    PS.IN_PROGRESS: {PS.COMPLETED},
    PS.COMPLETED: set(),
}
MIN_YEAR, MAX_YEAR = 1980, 2100


# --- shared pieces ---------------------------------------------------------------------------
def _move(obj, to: str, transitions: dict, actor, verb: str, *, note: str = "", fields=()):
    states = type(obj).State
    if to not in transitions[obj.state]:
        raise InvalidTransition(
            _("This record is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": states(obj.state).label, "to": states(to).label}
        )
    before = obj.state
    obj.state = to
    obj.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, obj, verb, from_state=before, to_state=to, note=note)
    return obj


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _text(value, field: str, message: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if max_length is not None and len(value) > max_length:
        raise ValidationError({field: _("At most %(count)s characters.") % {"count": max_length}})
    return value


def _year(year) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Give a year between 1980 and 2100.")})
    return year


def _not_future(day: dt.date, field: str) -> dt.date:
    if day > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return day


def _is_registrar(actor) -> bool:
    return R.has_any_role(actor, R.REGISTRARS)


# --- research and inspection visits ----------------------------------------------------------
RESEARCH_FIELDS = [
    "kind",
    "year",
    "topic",
    "purpose",
    "is_livelihood",
    "plan_item",
    "owner",
    "leader",
    "places",
    "start_date",
    "end_date",
]


def _check_research(research: Research) -> None:
    if research.kind not in Research.Kind.values:
        raise ValidationError({"kind": _("Choose research or inspection visit.")})
    _year(research.year)
    research.topic = _text(research.topic, "topic", _("Give the topic."), 300)
    if research.plan_item is not None and research.plan_item.kind not in (
        PlanItem.Kind.RESEARCH,
        PlanItem.Kind.INSPECTION_VISIT,
    ):
        raise ValidationError(
            {"plan_item": _("This plan item is not a research or an inspection visit.")}
        )
    if research.start_date and research.end_date and research.end_date < research.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


@transaction.atomic
def create_research(
    *,
    kind: str,
    year: int,
    topic: str,
    actor,
    members: Iterable[Person] = (),
    departments: Iterable[Organisation] = (),
    **fields,
) -> Research:
    """A research or inspection visit, planned; from a plan item when there is one."""
    unknown = set(fields) - set(RESEARCH_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    research = Research(kind=kind, year=year, topic=topic, **fields)
    _check_research(research)
    research.save()
    research.members.set(list(members))
    research.departments.set(list(departments))
    audit.record(
        actor,
        research,
        "create",
        to_state=research.state,
        after=audit.snapshot(research, ["kind", "year", "topic", "plan_item", "is_livelihood"]),
    )
    return research


@transaction.atomic
def update_research(
    research: Research,
    *,
    actor,
    members: Iterable[Person] | None = None,
    departments: Iterable[Organisation] | None = None,
    **fields,
) -> Research:
    """Edit a research's details (the group, places, dates…) until it is closed."""
    research = _locked(Research, research)
    if research.state == RS.CLOSED:
        raise InvalidTransition(_("A closed research cannot be edited."))
    unknown = set(fields) - set(RESEARCH_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = audit.snapshot(research, RESEARCH_FIELDS)
    for name, value in fields.items():
        setattr(research, name, value)
    _check_research(research)
    research.save()
    if members is not None:
        research.members.set(list(members))
    if departments is not None:
        research.departments.set(list(departments))
    changed_before, changed_after = audit.changed_fields(
        before, audit.snapshot(research, RESEARCH_FIELDS)
    )
    audit.record(actor, research, "edit", before=changed_before, after=changed_after)
    return research


@transaction.atomic
def start_research(research: Research, *, actor, start_date: dt.date | None = None) -> Research:
    research = _locked(Research, research)
    if RS.IN_PROGRESS in RESEARCH_TRANSITIONS[research.state]:
        research.start_date = start_date or research.start_date or clock.today()
    return _move(
        research, RS.IN_PROGRESS, RESEARCH_TRANSITIONS, actor, "start", fields=["start_date"]
    )


@transaction.atomic
def report_research(
    research: Research, *, findings: str, actor, reported_on: dt.date | None = None
) -> Research:
    """The group's report: its findings; the recommendations go with it."""
    research = _locked(Research, research)
    if RS.REPORTED not in RESEARCH_TRANSITIONS[research.state]:
        return _move(research, RS.REPORTED, RESEARCH_TRANSITIONS, actor, "report")
    research.findings = _text(findings, "findings", _("Give the findings of the report."))
    research.reported_on = _not_future(reported_on or clock.today(), "reported_on")
    if research.start_date and research.reported_on < research.start_date:
        raise ValidationError({"reported_on": _("The report is dated before the start.")})
    research.end_date = research.end_date or research.reported_on
    return _move(
        research,
        RS.REPORTED,
        RESEARCH_TRANSITIONS,
        actor,
        "report",
        fields=["findings", "reported_on", "end_date"],
    )


@transaction.atomic
def close_research(research: Research, *, actor, note: str = "") -> Research:
    """Closed once every recommendation has its response."""
    research = _locked(Research, research)
    if RS.CLOSED in RESEARCH_TRANSITIONS[research.state]:
        waiting = Recommendation.objects.filter(area__research=research, state=RECO.OPEN).count()
        if waiting:
            raise ValidationError(
                _("%(count)s recommendations still await a response.") % {"count": waiting}
            )
        research.closed_on = clock.today()
    return _move(
        research, RS.CLOSED, RESEARCH_TRANSITIONS, actor, "close", note=note, fields=["closed_on"]
    )


def _open_for_recommendations(research: Research) -> None:
    if research.state == RS.CLOSED:
        raise InvalidTransition(_("A closed research takes no more recommendations."))


@transaction.atomic
def add_area(research: Research, *, title: str, actor) -> RecommendationArea:
    research = _locked(Research, research)
    _open_for_recommendations(research)
    title = _text(title, "title", _("Give the area's title."), 200)
    last = research.areas.aggregate(last=Max("position"))["last"] or 0
    area = RecommendationArea.objects.create(research=research, position=last + 1, title=title)
    audit.record(actor, research, "add_area", after={"area": area.pk, "title": title})
    return area


@transaction.atomic
def add_recommendation(
    area: RecommendationArea, *, text: str, actor, department: Organisation | None = None
) -> Recommendation:
    research = _locked(Research, area.research)
    _open_for_recommendations(research)
    text = _text(text, "text", _("Give the recommendation."), 5000)
    if department is not None and not department.is_handling_unit:
        raise ValidationError({"department": _("Choose a unit that handles items.")})
    last = area.recommendations.aggregate(last=Max("position"))["last"] or 0
    recommendation = Recommendation.objects.create(
        area=area, position=last + 1, text=text, department=department
    )
    audit.record(
        actor,
        recommendation,
        "create",
        to_state=recommendation.state,
        after={"area": area.pk, "department": department.pk if department else None},
    )
    return recommendation


def _own_department(recommendation: Recommendation, actor) -> None:
    """A unit handler answers for their own unit only; the office for any."""
    if _is_registrar(actor):
        return
    if (
        actor.organisation_id is None
        or recommendation.department_id != actor.organisation_id
        or not R.has_any_role(actor, {R.UNIT_HANDLER})
    ):
        raise PermissionDenied(_("Only the responsible department or the office may do this."))


@transaction.atomic
def respond_to_recommendation(
    recommendation: Recommendation,
    *,
    response: str,
    actor,
    responded_on: dt.date | None = None,
) -> Recommendation:
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _own_department(recommendation, actor)
    if recommendation.area.research.state not in (RS.REPORTED, RS.CLOSED):
        raise InvalidTransition(_("The research has not reported yet; nothing to respond to."))
    if RECO.RESPONDED in RECOMMENDATION_TRANSITIONS[recommendation.state]:
        recommendation.response = _text(response, "response", _("Give the response."), 5000)
        recommendation.responded_on = _not_future(responded_on or clock.today(), "responded_on")
    return _move(
        recommendation,
        RECO.RESPONDED,
        RECOMMENDATION_TRANSITIONS,
        actor,
        "respond",
        fields=["response", "responded_on"],
    )


@transaction.atomic
def mark_implemented(
    recommendation: Recommendation,
    *,
    actor,
    implemented_on: dt.date | None = None,
    note: str = "",
) -> Recommendation:
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _own_department(recommendation, actor)
    if RECO.IMPLEMENTED in RECOMMENDATION_TRANSITIONS[recommendation.state]:
        day = _not_future(implemented_on or clock.today(), "implemented_on")
        if recommendation.responded_on and day < recommendation.responded_on:
            raise ValidationError({"implemented_on": _("This is before the response.")})
        recommendation.implemented_on = day
    return _move(
        recommendation,
        RECO.IMPLEMENTED,
        RECOMMENDATION_TRANSITIONS,
        actor,
        "implement",
        note=note,
        fields=["implemented_on"],
    )


# --- the expert pool -------------------------------------------------------------------------
EXPERT_FIELDS = ["name", "expertise", "affiliation", "title", "pool", "batch", "term_start"]


def _check_expert(expert: Expert) -> None:
    expert.name = _text(expert.name, "name", _("Give the expert's name."), 50)
    expert.expertise = _text(expert.expertise, "expertise", _("Give the fields."), 200)
    expert.affiliation = _text(expert.affiliation, "affiliation", _("Give the affiliation."), 200)
    if expert.pool not in Expert.Pool.values:
        raise ValidationError({"pool": _("Choose the pool.")})
    if not isinstance(expert.batch, int) or not 1 <= expert.batch <= 100:
        raise ValidationError({"batch": _("Give the batch as a number from 1.")})
    if expert.term_start is None:
        raise ValidationError({"term_start": _("Give the start of the term.")})
    if expert.term_end and expert.term_end < expert.term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    if expert.user_id is not None:
        if not R.has_any_role(expert.user, {R.EXPERT}):
            raise ValidationError({"user": _("The account must hold the expert role.")})
        if Expert.objects.filter(user_id=expert.user_id).exclude(pk=expert.pk).exists():
            raise ValidationError({"user": _("This account belongs to another expert.")})


@transaction.atomic
def appoint_expert(*, actor, user=None, term_end: dt.date | None = None, **fields) -> Expert:
    """An expert joins a pool (聘任) for a term."""
    unknown = set(fields) - set(EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    expert = Expert(**fields, term_end=term_end, user=user)
    _check_expert(expert)
    expert.save()
    audit.record(actor, expert, "appoint", after=audit.snapshot(expert))
    return expert


@transaction.atomic
def update_expert(expert: Expert, *, actor, **fields) -> Expert:
    expert = _locked(Expert, expert)
    allowed = {*EXPERT_FIELDS, "term_end", "user"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = audit.snapshot(expert)
    for name, value in fields.items():
        setattr(expert, name, value)
    _check_expert(expert)
    expert.save()
    changed_before, changed_after = audit.changed_fields(before, audit.snapshot(expert))
    audit.record(actor, expert, "edit", before=changed_before, after=changed_after)
    return expert


@transaction.atomic
def dismiss_expert(expert: Expert, *, actor, on: dt.date | None = None, note: str = "") -> Expert:
    """The expert leaves the pool: inactive, the term ends on that day."""
    expert = _locked(Expert, expert)
    if not expert.is_active:
        raise InvalidTransition(_("This expert has already left the pool."))
    day = on or clock.today()
    if day < expert.term_start:
        raise ValidationError({"on": _("This is before the term started.")})
    expert.is_active = False
    expert.term_end = min(day, expert.term_end) if expert.term_end else day
    expert.save(update_fields=["is_active", "term_end", "updated_at"])
    audit.record(
        actor, expert, "dismiss", after={"term_end": str(expert.term_end)}, note=note[:500]
    )
    return expert


@transaction.atomic
def consult_expert(
    expert: Expert,
    *,
    subject_kind: str,
    subject: str,
    question: str,
    actor,
    asked_on: dt.date | None = None,
    due_on: dt.date | None = None,
    research: Research | None = None,
    project: LivelihoodProject | None = None,
) -> ConsultationRequest:
    """Ask an expert of the pool for an opinion on a subject."""
    expert = _locked(Expert, expert)
    if not expert.is_active:
        raise ValidationError({"expert": _("This expert is no longer in the pool.")})
    if subject_kind not in ConsultationRequest.SubjectKind.values:
        raise ValidationError({"subject_kind": _("Choose the kind of subject.")})
    if research is not None:
        subject = subject or research.topic
        subject_kind = ConsultationRequest.SubjectKind.RESEARCH
    if project is not None:
        subject = subject or project.title
        subject_kind = ConsultationRequest.SubjectKind.PROJECT
    asked_on = asked_on or clock.today()
    if asked_on < expert.term_start or (expert.term_end and asked_on > expert.term_end):
        raise ValidationError({"asked_on": _("The expert's term does not cover this date.")})
    if due_on is not None and due_on < asked_on:
        raise ValidationError({"due_on": _("The opinion is due before it is asked.")})
    consultation = ConsultationRequest.objects.create(
        expert=expert,
        subject_kind=subject_kind,
        subject=_text(subject, "subject", _("Give the subject."), 300),
        question=_text(question, "question", _("Give the question."), 5000),
        asked_on=asked_on,
        due_on=due_on,
        research=research,
        project=project,
    )
    audit.record(
        actor,
        consultation,
        "consult",
        to_state=consultation.state,
        after={"expert": expert.pk, "subject": consultation.subject},
    )
    return consultation


@transaction.atomic
def answer_consultation(
    consultation: ConsultationRequest,
    *,
    opinion: str,
    actor,
    answered_on: dt.date | None = None,
) -> ConsultationRequest:
    """The expert's opinion: given by the expert themselves, or recorded by the office."""
    consultation = (
        ConsultationRequest.objects.select_for_update()
        .select_related("expert")
        .get(pk=consultation.pk)
    )
    if not _is_registrar(actor) and consultation.expert.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the expert consulted or the office may answer."))
    if CS.ANSWERED in CONSULTATION_TRANSITIONS[consultation.state]:
        consultation.opinion = _text(opinion, "opinion", _("Give the opinion."), 20000)
        day = _not_future(answered_on or clock.today(), "answered_on")
        if day < consultation.asked_on:
            raise ValidationError({"answered_on": _("This is before the question was asked.")})
        consultation.answered_on = day
    return _move(
        consultation,
        CS.ANSWERED,
        CONSULTATION_TRANSITIONS,
        actor,
        "answer",
        fields=["opinion", "answered_on"],
    )


@transaction.atomic
def withdraw_consultation(
    consultation: ConsultationRequest, *, actor, note: str = ""
) -> ConsultationRequest:
    consultation = _locked(ConsultationRequest, consultation)
    return _move(
        consultation, CS.WITHDRAWN, CONSULTATION_TRANSITIONS, actor, "withdraw", note=note[:500]
    )


# --- livelihood projects ---------------------------------------------------------------------
@transaction.atomic
def propose_project(
    *, year: int, title: str, actor, description: str = "", target: str = "", notes: str = ""
) -> LivelihoodProject:
    """A candidate project of the year, before the deputies' vote."""
    year = _year(year)
    title = _text(title, "title", _("Give the project's title."), 200)
    if LivelihoodProject.objects.filter(year=year, title=title).exists():
        raise ValidationError({"title": _("This year already has a project of this title.")})
    project = LivelihoodProject.objects.create(
        year=year, title=title, description=description, target=target, notes=notes
    )
    audit.record(actor, project, "propose", to_state=project.state, after={"year": year})
    return project


@transaction.atomic
def update_project(project: LivelihoodProject, *, actor, **fields) -> LivelihoodProject:
    """Edit the description, target and internal notes; the title only before the vote."""
    project = _locked(LivelihoodProject, project)
    unknown = set(fields) - {"title", "description", "target", "notes"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = audit.snapshot(project, ["title", "description", "target", "notes"])
    if "title" in fields and fields["title"] != project.title:
        if project.ballot_id is not None:
            raise ValidationError(
                {"title": _("The title is on the ballot; it cannot change any more.")}
            )
        title = _text(fields["title"], "title", _("Give the project's title."), 200)
        if (
            LivelihoodProject.objects.filter(year=project.year, title=title)
            .exclude(pk=project.pk)
            .exists()
        ):
            raise ValidationError({"title": _("This year already has a project of this title.")})
        fields["title"] = title
    for name, value in fields.items():
        setattr(project, name, value or "")
    project.save()
    changed_before, changed_after = audit.changed_fields(
        before, audit.snapshot(project, ["title", "description", "target", "notes"])
    )
    audit.record(actor, project, "edit", before=changed_before, after=changed_after)
    return project


@transaction.atomic
def put_to_vote(
    year: int,
    *,
    places: int,
    term: Term,
    session: Session,
    held_on: dt.date,
    actor,
    method: str = Ballot.Method.SECRET,
) -> Ballot:
    """The deputies' selection vote (票决) on the year's candidates: a ballot of the
    engine, one option per candidate, ``places`` projects to choose."""
    year = _year(year)
    candidates = list(
        LivelihoodProject.objects.select_for_update()
        .filter(year=year, state=PS.CANDIDATE, ballot__isnull=True)
        .order_by("pk")
    )
    if not candidates:
        raise ValidationError(_("No candidate project of this year is waiting for a vote."))
    ballot = ballots.create_ballot(
        question=_("Selection of the livelihood projects of %(year)s") % {"year": year},
        kind=Ballot.Kind.SELECTION,
        method=method,
        electorate=Ballot.Electorate.CONGRESS_DEPUTIES,
        term=term,
        session=session,
        held_on=held_on,
        pass_rule=Ballot.PassRule.MOST_VOTES,
        options=[p.title for p in candidates],
        places=places,
        actor=actor,
    )
    _link(ballot, candidates, actor)
    return ballot


def _link(ballot: Ballot, projects: list[LivelihoodProject], actor) -> None:
    options = {o.label: o for o in ballot.options.all()}
    for project in projects:
        project.ballot, project.ballot_option = ballot, options[project.title]
        project.save(update_fields=["ballot", "ballot_option", "updated_at"])
        audit.record(actor, project, "put_to_vote", after={"ballot": ballot.pk})


@transaction.atomic
def adopt_ballot(ballot: Ballot, *, year: int, actor) -> list[LivelihoodProject]:
    """Link a selection ballot prepared in the ballot engine to the year's projects:
    each option is a candidate (created when the year has none of that title)."""
    year = _year(year)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.kind != Ballot.Kind.SELECTION or (
        ballot.electorate != Ballot.Electorate.CONGRESS_DEPUTIES
    ):
        raise ValidationError({"ballot": _("Choose a selection vote of the deputies.")})
    linked = []
    for option in ballot.options.order_by("position"):
        project = (
            LivelihoodProject.objects.select_for_update()
            .filter(year=year, title=option.label)
            .first()
        )
        if project is None:
            project = propose_project(year=year, title=option.label, actor=actor)
        if project.ballot_option_id == option.pk:
            linked.append(project)
            continue
        if project.ballot_id is not None or project.state != PS.CANDIDATE:
            raise ValidationError(
                {"ballot": _("“%(title)s” is already on a vote.") % {"title": project.title}}
            )
        _link(ballot, [project], actor)
        linked.append(project)
    return linked


@transaction.atomic
def apply_selection(ballot: Ballot, *, actor) -> list[LivelihoodProject]:
    """The engine's tally decides: the options elected become the year's projects,
    the others are not chosen. A tie at the last place is not broken here."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.state not in (Ballot.State.CLOSED, Ballot.State.PUBLISHED):
        raise InvalidTransition(_("The vote is not closed yet; there is no result to apply."))
    result = ballots.tally(ballot)
    if result.decision.tied:
        raise ValidationError(
            _("Candidates are tied for the last place; the vote must settle it first.")
        )
    chosen = set(result.decision.chosen)
    projects = list(
        LivelihoodProject.objects.select_for_update()
        .filter(ballot=ballot, state=PS.CANDIDATE)
        .order_by("pk")
    )
    if not projects:
        raise InvalidTransition(_("The result of this vote has already been applied."))
    for project in projects:
        to = PS.CHOSEN if project.ballot_option_id in chosen else PS.NOT_CHOSEN
        _move(project, to, PROJECT_TRANSITIONS, actor, "select", note=str(ballot))
    return [p for p in projects if p.state == PS.CHOSEN]


@transaction.atomic
def start_project(
    project: LivelihoodProject,
    *,
    lead_unit: Organisation,
    actor,
    started_on: dt.date | None = None,
    target: str | None = None,
) -> LivelihoodProject:
    """A chosen project goes to its lead unit."""
    project = _locked(LivelihoodProject, project)
    if PS.IN_PROGRESS in PROJECT_TRANSITIONS[project.state]:
        if lead_unit is None or not lead_unit.is_handling_unit:
            raise ValidationError({"lead_unit": _("Choose a unit that handles items.")})
        project.lead_unit = lead_unit
        project.started_on = started_on or clock.today()
        if target is not None:
            project.target = target
    return _move(
        project,
        PS.IN_PROGRESS,
        PROJECT_TRANSITIONS,
        actor,
        "start",
        fields=["lead_unit", "started_on", "target"],
    )


def _own_project(project: LivelihoodProject, actor) -> None:
    if _is_registrar(actor):
        return
    if (
        not R.has_any_role(actor, {R.UNIT_HANDLER})
        or actor.organisation_id is None
        or project.lead_unit_id != actor.organisation_id
    ):
        raise PermissionDenied(_("Only the lead unit or the office may do this."))


def _in_progress(project: LivelihoodProject) -> None:
    if project.state != PS.IN_PROGRESS:
        raise InvalidTransition(
            _("This project is “%(state)s”; only a project in progress takes this.")
            % {"state": PS(project.state).label}
        )


@transaction.atomic
def add_milestone(project: LivelihoodProject, *, title: str, due_on: dt.date, actor) -> Milestone:
    project = _locked(LivelihoodProject, project)
    if project.state not in (PS.CHOSEN, PS.IN_PROGRESS):
        raise InvalidTransition(_("Milestones are set for chosen projects and projects underway."))
    title = _text(title, "title", _("Give the milestone."), 200)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")})
    last = project.milestones.aggregate(last=Max("position"))["last"] or 0
    milestone = Milestone.objects.create(
        project=project, position=last + 1, title=title, due_on=due_on
    )
    audit.record(actor, project, "add_milestone", after={"milestone": title, "due_on": str(due_on)})
    return milestone


@transaction.atomic
def complete_milestone(milestone: Milestone, *, actor, done_on: dt.date | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    project = _locked(LivelihoodProject, milestone.project)
    _own_project(project, actor)
    _in_progress(project)
    if milestone.done_on is not None:
        raise InvalidTransition(_("This milestone is already done."))
    day = _not_future(done_on or clock.today(), "done_on")
    if project.started_on and day < project.started_on:
        raise ValidationError({"done_on": _("This is before the project started.")})
    milestone.done_on = day
    milestone.save(update_fields=["done_on", "updated_at"])
    audit.record(
        actor, project, "milestone_done", after={"milestone": milestone.title, "done_on": str(day)}
    )
    return milestone


@transaction.atomic
def report_progress(
    project: LivelihoodProject,
    *,
    percent: int,
    text: str,
    actor,
    reported_on: dt.date | None = None,
) -> ProgressReport:
    """The lead unit reports how far the project is; progress does not go backwards."""
    project = _locked(LivelihoodProject, project)
    _own_project(project, actor)
    _in_progress(project)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Give a percentage from 0 to 100.")})
    text = _text(text, "text", _("Say what has been done."), 5000)
    day = _not_future(reported_on or clock.today(), "reported_on")
    if project.started_on and day < project.started_on:
        raise ValidationError({"reported_on": _("This is before the project started.")})
    last = project.progress_reports.order_by("-reported_on", "-pk").first()
    if last is not None and percent < last.percent:
        raise ValidationError(
            {
                "percent": _("The last report said %(last)s%%; progress cannot go backwards.")
                % {"last": last.percent}
            }
        )
    report = ProgressReport.objects.create(
        project=project,
        reported_on=day,
        percent=percent,
        text=text,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, project, "report_progress", after={"percent": percent, "on": str(day)})
    return report


@transaction.atomic
def record_inspection(
    project: LivelihoodProject,
    *,
    date: dt.date,
    deputies: Iterable[Deputy],
    findings: str,
    actor,
) -> ProjectInspection:
    """Deputies inspect a project underway or completed. A deputy records an
    inspection they took part in; the office records any."""
    project = _locked(LivelihoodProject, project)
    if project.state not in (PS.IN_PROGRESS, PS.COMPLETED):
        raise InvalidTransition(_("Only a project underway or completed can be inspected."))
    deputies = list(deputies)
    if not deputies:
        raise ValidationError({"deputies": _("Name the deputies who inspected.")})
    if date is None:
        raise ValidationError({"date": _("Give the date of the inspection.")})
    _not_future(date, "date")
    if project.started_on and date < project.started_on:
        raise ValidationError({"date": _("This is before the project started.")})
    if not _is_registrar(actor):
        if actor.person_id is None or all(d.person_id != actor.person_id for d in deputies):
            raise PermissionDenied(_("A deputy records the inspections they took part in."))
    inspection = ProjectInspection.objects.create(
        project=project,
        date=date,
        findings=_text(findings, "findings", _("Give the findings."), 5000),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    inspection.deputies.set(deputies)
    audit.record(
        actor,
        project,
        "inspect",
        after={"date": str(date), "deputies": [d.pk for d in deputies]},
    )
    return inspection


@transaction.atomic
def complete_project(
    project: LivelihoodProject, *, actor, completed_on: dt.date | None = None
) -> LivelihoodProject:
    """完成: every milestone done."""
    project = _locked(LivelihoodProject, project)
    if PS.COMPLETED in PROJECT_TRANSITIONS[project.state]:
        open_milestones = project.milestones.filter(done_on__isnull=True).count()
        if open_milestones:
            raise ValidationError(
                _("%(count)s milestones are not done yet.") % {"count": open_milestones}
            )
        day = _not_future(completed_on or clock.today(), "completed_on")
        if project.started_on and day < project.started_on:
            raise ValidationError({"completed_on": _("This is before the project started.")})
        project.completed_on = day
    return _move(
        project, PS.COMPLETED, PROJECT_TRANSITIONS, actor, "complete", fields=["completed_on"]
    )


def latest_percent(project: LivelihoodProject) -> int:
    if project.state == PS.COMPLETED:
        return 100
    last = project.progress_reports.order_by("-reported_on", "-pk").first()
    return last.percent if last else 0
