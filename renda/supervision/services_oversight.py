"""Every change to the supervision plan, work reports, special inquiries, law-enforcement
inspections, deliberation opinions and decisions. Each is one transaction, with the
record's row locked and its audit row written (DESIGN.md, "How a state change is
written").

Rules: R40 (document dates before a work report's session: ``r40_deadlines``), R41
(deliberation opinions handled by the handling engine; the deadline is picked by
``policy.py``), R42/R43 (satisfaction assessments are the ballot engine's), R44
(inspections follow the work reports' chain: ``deliberate`` → ``send_opinions`` →
report back through the engine → ``publish``). Permissions are checked by the pages
and the API, as in the handling engine."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.ballots.models import Ballot
from renda.core import audit, clock
from renda.core.models import CommitteeMember, Organisation, Person, Session, Term
from renda.handling import services as handling
from renda.handling.models import Case, Kind
from renda.handling.workflow import InvalidTransition
from renda.supervision.models import (
    CHAIN_TRANSITIONS,
    ChainState,
    Decision,
    DecisionFollowUp,
    DeliberationOpinion,
    InquiryQuestion,
    InspectionVisit,
    LawEnforcementInspection,
    PlanItem,
    SpecialInquiry,
    SupervisionPlan,
    WorkReport,
)

C = ChainState
P = SupervisionPlan.State
D = Decision.State

# R40 (监督法 Art 15): national law, not a local setting. Calendar days before the
# session's first day.
R40_DRAFT_DAYS = 20
R40_FINAL_DAYS = 10
R40_MEMBERS_DAYS = 7
# a deadline this close (days) is shown as due soon
R40_SOON_DAYS = 5

PLAN_TRANSITIONS = {P.DRAFT: {P.ADOPTED}, P.ADOPTED: {P.PUBLISHED}, P.PUBLISHED: set()}
DECISION_TRANSITIONS = {
    D.DRAFT: {D.VOTING},
    D.VOTING: {D.ADOPTED, D.REJECTED},
    D.ADOPTED: {D.PUBLISHED},
    D.REJECTED: set(),
    D.PUBLISHED: set(),
}
CHAIN_MODELS = (WorkReport, SpecialInquiry, LawEnforcementInspection)


def _text(value, field: str, message, limit: int | None = None) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError({field: message})
    if limit and len(value) > limit:
        raise ValidationError({field: _("At most %(limit)s characters.") % {"limit": limit}})
    return value


def _committee_session(session: Session | None, term: Term, field: str = "session"):
    if session is None:
        return None
    if session.body != Session.Body.STANDING_COMMITTEE:
        raise ValidationError({field: _("Choose a session of the standing committee.")})
    if session.term_id != term.pk:
        raise ValidationError({field: _("The session belongs to another term.")})
    return session


def _agenda_item(item, session: Session | None):
    if item is None:
        return None
    if item.session_id is None or (session is not None and item.session_id != session.pk):
        raise ValidationError({"agenda_item": _("The agenda item is of another session.")})
    return item


def _move(record, to: str, transitions, actor, verb: str, *, fields=(), after=None, note=""):
    if to not in transitions[record.state]:
        label = type(record).State if hasattr(type(record), "State") else ChainState
        raise InvalidTransition(
            _("This record is “%(state)s”; it cannot become “%(to)s”.")
            % {"state": label(record.state).label, "to": label(to).label}
        )
    before = record.state
    record.state = to
    record.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, record, verb, from_state=before, to_state=to, after=after or {}, note=note)


def _locked(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


# --- the annual plan ----------------------------------------------------------------------
@transaction.atomic
def create_plan(*, term: Term, year: int, title: str, text: str = "", actor) -> SupervisionPlan:
    title = _text(title, "title", _("Give the plan's title."), 200)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give the plan's year.")})
    if SupervisionPlan.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a plan for %(year)s.") % {"year": year}})
    plan = SupervisionPlan.objects.create(term=term, year=year, title=title, text=text or "")
    audit.record(actor, plan, "create", to_state=plan.state, after=audit.snapshot(plan))
    return plan


@transaction.atomic
def add_plan_item(
    plan: SupervisionPlan,
    *,
    kind: str,
    title: str,
    owner: Organisation,
    planned_month: int,
    subject: Organisation | None = None,
    session: Session | None = None,
    notes: str = "",
    actor,
) -> PlanItem:
    plan = _locked(plan)
    if plan.state != P.DRAFT:
        raise InvalidTransition(_("Items are added while the plan is a draft."))
    if kind not in PlanItem.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    title = _text(title, "title", _("Give the item's title."), 300)
    if owner is None:
        raise ValidationError({"owner": _("Choose the committee in charge.")})
    if not isinstance(planned_month, int) or not 1 <= planned_month <= 12:
        raise ValidationError({"planned_month": _("Give the month (1 to 12).")})
    _committee_session(session, plan.term)
    if session is not None and session.start_date.year != plan.year:
        raise ValidationError({"session": _("The session is not in the plan's year.")})
    position = (plan.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = PlanItem.objects.create(
        plan=plan,
        position=position,
        kind=kind,
        title=title,
        owner=owner,
        subject=subject,
        planned_month=planned_month,
        session=session,
        notes=notes or "",
    )
    audit.record(actor, plan, "add_item", after={"item": item.pk, "kind": kind, "title": title})
    return item


@transaction.atomic
def adopt_plan(plan: SupervisionPlan, *, chair_meeting, actor) -> SupervisionPlan:
    plan = _locked(plan)
    if chair_meeting is None:
        raise ValidationError({"chair_meeting": _("Choose the chair meeting that adopted it.")})
    if chair_meeting.term_id != plan.term_id:
        raise ValidationError({"chair_meeting": _("The chair meeting is of another term.")})
    if chair_meeting.date > clock.today():
        raise ValidationError({"chair_meeting": _("That chair meeting has not taken place yet.")})
    if plan.state == P.DRAFT and not plan.items.exists():
        raise ValidationError(_("Add the plan's items first."))
    plan.chair_meeting, plan.adopted_on = chair_meeting, chair_meeting.date
    _move(
        plan,
        P.ADOPTED,
        PLAN_TRANSITIONS,
        actor,
        "adopt",
        fields=["chair_meeting", "adopted_on"],
        after={"chair_meeting": chair_meeting.pk, "adopted_on": str(chair_meeting.date)},
    )
    return plan


@transaction.atomic
def publish_plan(plan: SupervisionPlan, *, actor) -> SupervisionPlan:
    plan = _locked(plan)
    plan.published_at = clock.now()
    _move(plan, P.PUBLISHED, PLAN_TRANSITIONS, actor, "publish", fields=["published_at"])
    return plan


def record_of(item: PlanItem):
    """The record a plan item became (work report, inquiry, inspection), or None."""
    for name in ("work_report", "special_inquiry", "inspection"):
        try:
            return getattr(item, name)
        except (
            WorkReport.DoesNotExist,
            SpecialInquiry.DoesNotExist,
            LawEnforcementInspection.DoesNotExist,
        ):
            continue
    return None


STARTABLE = {
    PlanItem.Kind.WORK_REPORT,
    PlanItem.Kind.SPECIAL_INQUIRY,
    PlanItem.Kind.LAW_ENFORCEMENT_INSPECTION,
}


@transaction.atomic
def start_item(
    item: PlanItem,
    *,
    actor,
    category: str = WorkReport.Category.SPECIAL_TOPIC,
    law: str = "",
    regulation: str = "",
    agenda_item=None,
):
    """The plan item becomes its record, pointing back to it."""
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if item.plan.state == P.DRAFT:
        raise InvalidTransition(_("The plan must be adopted before its items start."))
    if item.kind not in STARTABLE:
        raise InvalidTransition(_("Research and inspection visits start from their own pages."))
    if record_of(item) is not None:
        raise InvalidTransition(_("This item has already started."))
    common = {
        "term": item.plan.term,
        "title": item.title,
        "owner": item.owner,
        "session": item.session,
        "plan_item": item,
        "agenda_item": agenda_item,
        "actor": actor,
    }
    if item.kind == PlanItem.Kind.WORK_REPORT:
        return create_work_report(category=category, reporting_body=item.subject, **common)
    if item.kind == PlanItem.Kind.SPECIAL_INQUIRY:
        departments = [item.subject] if item.subject_id else []
        return create_inquiry(departments=departments, **common)
    return create_inspection(
        law=law or item.title, regulation=regulation, subject=item.subject, **common
    )


# --- work reports and R40 -------------------------------------------------------------------
@transaction.atomic
def create_work_report(
    *,
    term: Term,
    title: str,
    category: str,
    reporting_body: Organisation | None,
    owner: Organisation | None = None,
    session: Session | None = None,
    plan_item: PlanItem | None = None,
    agenda_item=None,
    actor,
) -> WorkReport:
    title = _text(title, "title", _("Give the report's title."), 300)
    if category not in WorkReport.Category.values:
        raise ValidationError({"category": _("Choose the report's category.")})
    if reporting_body is None:
        raise ValidationError({"reporting_body": _("Choose the reporting body.")})
    _committee_session(session, term)
    report = WorkReport.objects.create(
        term=term,
        title=title,
        category=category,
        reporting_body=reporting_body,
        owner=owner,
        session=session,
        plan_item=plan_item,
        agenda_item=_agenda_item(agenda_item, session),
    )
    audit.record(actor, report, "create", to_state=report.state, after=audit.snapshot(report))
    return report


@dataclass(frozen=True)
class Deadline:
    """One R40 date: when it is due, when it was done, and its warning."""

    key: str
    label: str
    due: dt.date | None
    done_on: dt.date | None
    status: str  # done | late | missed | due_soon | pending | unscheduled

    @property
    def warning(self) -> bool:
        return self.status in {"late", "missed", "due_soon"}


R40_STEPS = (
    ("draft", gettext_lazy("Draft to the office"), R40_DRAFT_DAYS, "draft_received_on"),
    ("final", gettext_lazy("Final version to the office"), R40_FINAL_DAYS, "final_received_on"),
    ("members", gettext_lazy("Sent to the members"), R40_MEMBERS_DAYS, "sent_to_members_on"),
)


def r40_deadlines(report: WorkReport, today: dt.date | None = None) -> list[Deadline]:
    """R40: the draft 20 days, the final 10 days before the session; the members 7
    days before. Computed from the session's first day (calendar days)."""
    today = today or clock.today()
    session = report.session
    rows = []
    for key, label, days, field in R40_STEPS:
        done = getattr(report, field)
        due = session.start_date - dt.timedelta(days=days) if session else None
        if due is None:
            status = "done" if done else "unscheduled"
        elif done is not None:
            status = "late" if done > due else "done"
        elif today > due:
            status = "missed"
        elif (due - today).days <= R40_SOON_DAYS:
            status = "due_soon"
        else:
            status = "pending"
        rows.append(Deadline(key, str(label), due, done, status))
    return rows


def r40_warnings(report: WorkReport, today: dt.date | None = None) -> list[Deadline]:
    """The R40 dates to warn about, while the report is still to be heard."""
    if report.state != C.PLANNED:
        return [d for d in r40_deadlines(report, today) if d.status == "late"]
    return [d for d in r40_deadlines(report, today) if d.warning]


@transaction.atomic
def record_documents(
    report: WorkReport,
    *,
    draft_received_on: dt.date | None = None,
    final_received_on: dt.date | None = None,
    sent_to_members_on: dt.date | None = None,
    actor,
) -> WorkReport:
    """R40: record when the draft and the final version reached the office and when
    the members received the report. Only the dates given change."""
    report = _locked(report)
    if report.state != C.PLANNED:
        raise InvalidTransition(_("The documents are recorded before the deliberation."))
    given = {
        "draft_received_on": draft_received_on,
        "final_received_on": final_received_on,
        "sent_to_members_on": sent_to_members_on,
    }
    given = {k: v for k, v in given.items() if v is not None}
    if not given:
        raise ValidationError(_("Give at least one date."))
    today = clock.today()
    for field, day in given.items():
        if day > today:
            raise ValidationError({field: _("This date is in the future.")})
    fields = list(given)
    before = audit.snapshot(report, fields)
    for field, day in given.items():
        setattr(report, field, day)
    draft, final = report.draft_received_on, report.final_received_on
    if draft and final and final < draft:
        raise ValidationError({"final_received_on": _("The final version came before the draft.")})
    report.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor, report, "record_documents", before=before, after=audit.snapshot(report, fields)
    )
    return report


# --- the chain (R44): deliberation, opinions, report back, publication ------------------------
def _session_day(record, on: dt.date, session: Session | None):
    from renda.meetings.services import require_sitting

    session = session or record.session
    if session is None:
        raise ValidationError({"session": _("Choose the session where it is deliberated.")})
    _committee_session(session, record.term)
    try:
        require_sitting(session, on)
    except ValidationError as exc:
        raise ValidationError(
            {
                "on": _("Give a day of the session (%(first)s to %(last)s).")
                % {"first": session.start_date, "last": session.end_date or session.start_date}
            }
        ) from exc
    return session


@transaction.atomic
def deliberate(record, *, on: dt.date, summary: str, actor, session: Session | None = None):
    """The session heard and deliberated the report (or held the inquiry)."""
    record = _locked(record)
    if on is None:
        raise ValidationError({"on": _("Give the date of the deliberation.")})
    summary = _text(summary, "summary", _("Summarise the deliberation."), 50000)
    if isinstance(record, LawEnforcementInspection) and not record.findings.strip():
        raise ValidationError(_("Record the inspection report's findings first."))
    if isinstance(record, SpecialInquiry) and not record.questions.exists():
        raise ValidationError(_("Record the questions asked first."))
    session = _session_day(record, on, session)
    record.session, record.deliberated_on, record.deliberation_summary = session, on, summary
    _move(
        record,
        C.DELIBERATED,
        CHAIN_TRANSITIONS,
        actor,
        "deliberate",
        fields=["session", "deliberated_on", "deliberation_summary"],
        after={"session": session.pk, "on": str(on)},
    )
    return record


def _opinion_reference(on: dt.date) -> str:
    count = DeliberationOpinion.objects.filter(sent_on__year=on.year).count()
    return f"SY-{on.year}-{count + 1:03d}"


@transaction.atomic
def send_opinions(record, *, body: Organisation | None, text: str, actor) -> DeliberationOpinion:
    """R41: the deliberation opinions go to the body as a handling case; its reply is
    the report back, due within the setting's months (two for budget and audit)."""
    record = _locked(record)
    if record.state not in {C.DELIBERATED, C.OPINIONS_SENT}:
        raise InvalidTransition(_("Opinions are sent after the deliberation."))
    if body is None and isinstance(record, WorkReport):
        body = record.reporting_body
    if body is None and isinstance(record, LawEnforcementInspection):
        body = record.subject
    if body is None:
        raise ValidationError({"body": _("Choose the body the opinions go to.")})
    text = _text(text, "text", _("Write the opinions."), 50000)
    today = clock.today()
    title = f"关于《{record.title}》的审议意见"[:300]
    case = handling.open_case(
        Kind.DELIBERATION_OPINION, title=title, reference=_opinion_reference(today), actor=actor
    )
    opinion = DeliberationOpinion.objects.create(
        case=case,
        body=body,
        text=text,
        sent_on=today,
        budget_or_audit=isinstance(record, WorkReport)
        and record.category in WorkReport.BUDGET_AUDIT,
        **{_link_field(record): record},
    )
    # the engine checks that the body handles items and sets the R41 deadline (policy.py)
    handling.assign_case(case, lead_unit=body, actor=actor, note=_("Deliberation opinions"))
    case.refresh_from_db()
    _move(
        record,
        C.OPINIONS_SENT,
        CHAIN_TRANSITIONS,
        actor,
        "send_opinions",
        after={"opinion": opinion.pk, "case": case.pk, "body": body.name},
    )
    return opinion


def _link_field(record) -> str:
    if isinstance(record, WorkReport):
        return "work_report"
    if isinstance(record, SpecialInquiry):
        return "inquiry"
    return "inspection"


@transaction.atomic
def link_assessments(record, *, ballots, actor):
    """Satisfaction assessments (R42) held on the record or on its report back."""
    record = _locked(record)
    ballots = list(ballots)
    if not ballots:
        raise ValidationError({"ballots": _("Choose the assessments.")})
    wrong = [b for b in ballots if b.kind != Ballot.Kind.ASSESSMENT or b.term_id != record.term_id]
    if wrong:
        raise ValidationError(
            {
                "ballots": _("Not a satisfaction assessment of this term: %(names)s")
                % {"names": "、".join(b.question for b in wrong)}
            }
        )
    record.assessments.add(*ballots)
    audit.record(actor, record, "link_assessments", after={"ballots": [b.pk for b in ballots]})
    return record


@transaction.atomic
def assess(
    record,
    *,
    departments,
    held_on: dt.date,
    session: Session | None = None,
    topic: str = "",
    actor,
) -> list[Ballot]:
    """Put the departments to a satisfaction assessment of the members (the ballot
    engine's secret ballots, R42; R43 follows when the ballot closes)."""
    from renda.ballots import services as ballots

    record = _locked(record)
    if record.state == C.PLANNED:
        raise InvalidTransition(_("An assessment follows the deliberation."))
    departments = list(departments)
    if not departments:
        raise ValidationError({"departments": _("Choose the departments assessed.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the assessment.")})
    _committee_session(session, record.term)
    created = [
        ballots.assess_department(
            department=d,
            topic=topic or f"supervision:{_link_field(record)}:{record.pk}",
            term=record.term,
            held_on=held_on,
            session=session,
            actor=actor,
        )
        for d in departments
    ]
    record.assessments.add(*created)
    audit.record(actor, record, "assess", after={"ballots": [b.pk for b in created]})
    return created


def open_opinions(record) -> list[DeliberationOpinion]:
    return [
        o for o in record.opinions.select_related("case") if o.case.state != Case.State.COMPLETED
    ]


@transaction.atomic
def publish(record, *, actor):
    """Publication closes the chain: after the report back on every opinion has been
    considered (its case completed), or right after the deliberation when no opinions
    were sent."""
    record = _locked(record)
    waiting = open_opinions(record) if record.state == C.OPINIONS_SENT else []
    if waiting:
        raise InvalidTransition(
            _("The report back is still awaited or being considered: %(bodies)s.")
            % {"bodies": "、".join(o.body.name for o in waiting)}
        )
    record.published_at = clock.now()
    _move(record, C.PUBLISHED, CHAIN_TRANSITIONS, actor, "publish", fields=["published_at"])
    return record


# --- special inquiries ------------------------------------------------------------------------
@transaction.atomic
def create_inquiry(
    *,
    term: Term,
    title: str,
    owner: Organisation | None = None,
    session: Session | None = None,
    departments=(),
    plan_item: PlanItem | None = None,
    agenda_item=None,
    actor,
) -> SpecialInquiry:
    title = _text(title, "title", _("Give the inquiry's topic."), 300)
    _committee_session(session, term)
    inquiry = SpecialInquiry.objects.create(
        term=term,
        title=title,
        owner=owner,
        session=session,
        plan_item=plan_item,
        agenda_item=_agenda_item(agenda_item, session),
    )
    departments = [d for d in departments if d is not None]
    inquiry.departments.set(departments)
    audit.record(
        actor,
        inquiry,
        "create",
        to_state=inquiry.state,
        after={**audit.snapshot(inquiry), "departments": [d.pk for d in departments]},
    )
    return inquiry


@transaction.atomic
def add_departments(inquiry: SpecialInquiry, *, departments, actor) -> SpecialInquiry:
    inquiry = _locked(inquiry)
    if inquiry.state != C.PLANNED:
        raise InvalidTransition(_("Departments are added before the inquiry is held."))
    departments = list(departments)
    if not departments:
        raise ValidationError({"departments": _("Choose the departments questioned.")})
    inquiry.departments.add(*departments)
    audit.record(
        actor, inquiry, "add_departments", after={"departments": [d.pk for d in departments]}
    )
    return inquiry


@transaction.atomic
def add_question(
    inquiry: SpecialInquiry,
    *,
    asked_by: CommitteeMember,
    department: Organisation,
    question: str,
    answered_by: str = "",
    answer: str = "",
    actor,
) -> InquiryQuestion:
    inquiry = _locked(inquiry)
    if inquiry.state not in {C.PLANNED, C.DELIBERATED}:
        raise InvalidTransition(_("Questions are recorded until the opinions are sent."))
    question = _text(question, "question", _("Write the question."), 20000)
    if asked_by is None or asked_by.term_id != inquiry.term_id:
        raise ValidationError({"asked_by": _("Choose a committee member of the term.")})
    if department is None or not inquiry.departments.filter(pk=department.pk).exists():
        raise ValidationError(
            {"department": _("Choose one of the departments questioned at this inquiry.")}
        )
    if answer.strip() and not answered_by.strip():
        raise ValidationError({"answered_by": _("Say who answered.")})
    position = (inquiry.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    row = InquiryQuestion.objects.create(
        inquiry=inquiry,
        position=position,
        asked_by=asked_by,
        department=department,
        question=question,
        answered_by=(answered_by or "").strip()[:200],
        answer=(answer or "").strip(),
    )
    audit.record(
        actor,
        inquiry,
        "add_question",
        after={"question": row.pk, "asked_by": asked_by.pk, "department": department.pk},
    )
    return row


@transaction.atomic
def answer_question(
    question: InquiryQuestion, *, answered_by: str, answer: str, actor
) -> InquiryQuestion:
    question = InquiryQuestion.objects.select_for_update().get(pk=question.pk)
    inquiry = _locked(question.inquiry)
    if inquiry.state not in {C.PLANNED, C.DELIBERATED}:
        raise InvalidTransition(_("Answers are recorded until the opinions are sent."))
    answered_by = _text(answered_by, "answered_by", _("Say who answered."), 200)
    answer = _text(answer, "answer", _("Write the answer."), 50000)
    before = audit.snapshot(question, ["answered_by", "answer"])
    question.answered_by, question.answer = answered_by, answer
    question.save(update_fields=["answered_by", "answer", "updated_at"])
    audit.record(
        actor,
        inquiry,
        "answer_question",
        before=before,
        after={"question": question.pk, "answered_by": answered_by},
    )
    return question


# --- law-enforcement inspections (R44) -------------------------------------------------------
@transaction.atomic
def create_inspection(
    *,
    term: Term,
    title: str,
    law: str,
    regulation: str = "",
    owner: Organisation | None = None,
    leader: Person | None = None,
    members=(),
    subject: Organisation | None = None,
    session: Session | None = None,
    plan_item: PlanItem | None = None,
    agenda_item=None,
    actor,
) -> LawEnforcementInspection:
    title = _text(title, "title", _("Give the inspection's title."), 300)
    law = _text(law, "law", _("Name the law inspected."), 200)
    _committee_session(session, term)
    inspection = LawEnforcementInspection.objects.create(
        term=term,
        title=title,
        law=law,
        regulation=(regulation or "").strip()[:200],
        owner=owner,
        leader=leader,
        subject=subject,
        session=session,
        plan_item=plan_item,
        agenda_item=_agenda_item(agenda_item, session),
    )
    members = [m for m in members if m is not None]
    inspection.members.set(members)
    audit.record(
        actor,
        inspection,
        "create",
        to_state=inspection.state,
        after={**audit.snapshot(inspection), "members": [m.pk for m in members]},
    )
    return inspection


@transaction.atomic
def set_group(
    inspection: LawEnforcementInspection, *, leader: Person | None, members, actor
) -> LawEnforcementInspection:
    inspection = _locked(inspection)
    if inspection.state != C.PLANNED:
        raise InvalidTransition(_("The group is set before the report is deliberated."))
    if leader is None:
        raise ValidationError({"leader": _("Choose the group's leader.")})
    members = [m for m in members if m is not None and m.pk != leader.pk]
    before = {
        "leader": inspection.leader_id,
        "members": list(inspection.members.values_list("pk", flat=True)),
    }
    inspection.leader = leader
    inspection.save(update_fields=["leader", "updated_at"])
    inspection.members.set(members)
    audit.record(
        actor,
        inspection,
        "set_group",
        before=before,
        after={"leader": leader.pk, "members": [m.pk for m in members]},
    )
    return inspection


@transaction.atomic
def add_visit(
    inspection: LawEnforcementInspection, *, place: str, date: dt.date, notes: str = "", actor
) -> InspectionVisit:
    inspection = _locked(inspection)
    if inspection.state != C.PLANNED:
        raise InvalidTransition(_("Sites are visited before the report is deliberated."))
    place = _text(place, "place", _("Name the place visited."), 200)
    if date is None:
        raise ValidationError({"date": _("Give the date of the visit.")})
    if date > clock.today():
        raise ValidationError({"date": _("This date is in the future.")})
    visit = InspectionVisit.objects.create(
        inspection=inspection, place=place, date=date, notes=(notes or "").strip()
    )
    audit.record(actor, inspection, "add_visit", after={"place": place, "date": str(date)})
    return visit


@transaction.atomic
def record_report(
    inspection: LawEnforcementInspection,
    *,
    findings: str,
    questionnaires: int = 0,
    third_party: str = "",
    evaluation: str = "",
    actor,
) -> LawEnforcementInspection:
    """The inspection report: findings, questionnaires and third-party evaluation."""
    inspection = _locked(inspection)
    if inspection.state != C.PLANNED:
        raise InvalidTransition(_("The report is recorded before it is deliberated."))
    findings = _text(findings, "findings", _("Write the report's findings."), 100000)
    if not isinstance(questionnaires, int) or questionnaires < 0:
        raise ValidationError({"questionnaires": _("Give the number of questionnaires.")})
    fields = ["findings", "questionnaires", "third_party", "evaluation"]
    before = audit.snapshot(inspection, fields)
    inspection.findings, inspection.questionnaires = findings, questionnaires
    inspection.third_party = (third_party or "").strip()[:200]
    inspection.evaluation = (evaluation or "").strip()
    inspection.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor, inspection, "record_report", before=before, after=audit.snapshot(inspection, fields)
    )
    return inspection


# --- decisions ----------------------------------------------------------------------------------
@transaction.atomic
def create_decision(
    *,
    term: Term,
    title: str,
    text: str,
    kind: str = Decision.Kind.DECISION,
    session: Session | None = None,
    proposed_by: str = "",
    agenda_item=None,
    actor,
) -> Decision:
    title = _text(title, "title", _("Give the decision's title."), 300)
    text = _text(text, "text", _("Give the decision's text."), 200000)
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose a decision or a resolution.")})
    _committee_session(session, term)
    decision = Decision.objects.create(
        term=term,
        title=title,
        text=text,
        kind=kind,
        session=session,
        proposed_by=(proposed_by or "").strip()[:200],
        agenda_item=_agenda_item(agenda_item, session),
    )
    audit.record(actor, decision, "create", to_state=decision.state, after=audit.snapshot(decision))
    return decision


@transaction.atomic
def put_decision_to_vote(
    decision: Decision, *, held_on: dt.date | None = None, ballot: Ballot | None = None, actor
) -> Decision:
    """Through the ballot engine: a new roll-call ballot of all members, passed by more
    than half of ALL members (R32), opened at once; or an existing motion ballot (the
    agenda item's)."""
    from renda.ballots import services as ballots
    from renda.meetings.services import require_sitting

    decision = _locked(decision)
    if D.VOTING not in DECISION_TRANSITIONS[decision.state]:
        raise InvalidTransition(_("This decision is not waiting for a vote."))
    if ballot is None and decision.agenda_item_id and decision.agenda_item.ballot_id:
        ballot = decision.agenda_item.ballot
    if ballot is not None:
        if ballot.kind != Ballot.Kind.MOTION or ballot.term_id != decision.term_id:
            raise ValidationError({"ballot": _("Choose a yes/no ballot of the same term.")})
        if ballot.state == Ballot.State.DRAFT:
            ballot = ballots.open_ballot(ballot, actor=actor)
    else:
        if decision.session is None:
            raise ValidationError({"session": _("Put the decision on a committee session first.")})
        if held_on is None:
            raise ValidationError({"held_on": _("Give the date of the vote.")})
        require_sitting(decision.session, held_on)
        ballot = ballots.create_ballot(
            question=decision.title,
            kind=Ballot.Kind.MOTION,
            method=Ballot.Method.ROLL_CALL,
            electorate=Ballot.Electorate.COMMITTEE_MEMBERS,
            term=decision.term,
            held_on=held_on,
            pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,  # R32
            session=decision.session,
            actor=actor,
        )
        ballot = ballots.open_ballot(ballot, actor=actor)
    decision.ballot = ballot
    _move(
        decision,
        D.VOTING,
        DECISION_TRANSITIONS,
        actor,
        "put_to_vote",
        fields=["ballot"],
        after={"ballot": ballot.pk},
    )
    return decision


@transaction.atomic
def record_decision_votes(decision: Decision, *, entries, actor) -> int:
    """Votes entered by the clerk (from the voting system or paper): each (person,
    "yes" | "no" | "abstain") goes to the engine's ``cast``."""
    from renda.ballots import services as ballots

    decision = _locked(decision)
    if decision.state != D.VOTING:
        raise InvalidTransition(_("This decision is not being voted on."))
    return ballots.record_clerk_votes(decision.ballot, entries, actor=actor)


@transaction.atomic
def conclude_decision(decision: Decision, *, actor) -> Decision:
    """The engine closes the ballot and decides (R32); adopted when it passed."""
    from renda.ballots import services as ballots

    decision = _locked(decision)
    if decision.state != D.VOTING:
        raise InvalidTransition(_("This decision is not being voted on."))
    ballot = Ballot.objects.get(pk=decision.ballot_id)
    if ballot.state == Ballot.State.OPEN:
        ballots.close_ballot(ballot, actor=actor)
        ballot.refresh_from_db()
    passed = bool(ballot.passed)
    if passed:
        decision.adopted_on = ballot.held_on
    _move(
        decision,
        D.ADOPTED if passed else D.REJECTED,
        DECISION_TRANSITIONS,
        actor,
        "adopt" if passed else "reject",
        fields=["adopted_on"],
        after={"ballot": ballot.pk, "passed": passed},
    )
    return decision


@transaction.atomic
def publish_decision(decision: Decision, *, actor) -> Decision:
    decision = _locked(decision)
    decision.published_at = clock.now()
    _move(decision, D.PUBLISHED, DECISION_TRANSITIONS, actor, "publish", fields=["published_at"])
    return decision


@transaction.atomic
def add_follow_up(
    decision: Decision, *, date: dt.date, text: str, body: Organisation | None = None, actor
) -> DecisionFollowUp:
    decision = _locked(decision)
    if decision.state not in {D.ADOPTED, D.PUBLISHED}:
        raise InvalidTransition(_("Follow-up is recorded for an adopted decision."))
    text = _text(text, "text", _("Say what was done."), 20000)
    if date is None:
        raise ValidationError({"date": _("Give the date.")})
    if decision.adopted_on and date < decision.adopted_on:
        raise ValidationError({"date": _("The follow-up cannot precede the decision.")})
    if date > clock.today():
        raise ValidationError({"date": _("This date is in the future.")})
    row = DecisionFollowUp.objects.create(
        decision=decision,
        date=date,
        body=body,
        text=text,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, decision, "follow_up", after={"date": str(date)}, note=text[:500])
    return row
