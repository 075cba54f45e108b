"""Every state change of a handled item. Pages, API, commands and domain apps call
these; nothing else writes workflow state (DESIGN.md, "How a state change is written")."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import audit, clock
from renda.core.models import Organisation
from renda.core.rulesettings import rule_setting
from renda.core.workdays import WorkdayCalendar, add_months
from renda.handling.models import (
    EVALUATE_CHOICES,
    Assignment,
    Case,
    Evaluation,
    Reply,
    ReplyAttachment,
    SupervisionNote,
)
from renda.handling.notify import notify
from renda.handling.policies import DAYS, WORKDAYS, policy_for
from renda.handling.workflow import S, require_state, require_transition

A = Assignment.State
ACCEPTING = {Evaluation.Result.SATISFIED, Evaluation.Result.BASICALLY_SATISFIED}


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _move(case: Case, to: str, actor, verb: str, *, note: str = "", fields=(), data=None):
    """Change state and record it: the one place a case's state is written."""
    require_transition(case, to)
    before = case.state
    case.state = to
    case.save(update_fields=["state", "updated_at", *fields])
    audit.record(actor, case, verb, from_state=before, to_state=to, after=data or {}, note=note)


# --- opening and assigning ----------------------------------------------------------
@transaction.atomic(savepoint=False)  # no caller goes on after a failed opening
def open_case(
    kind: str, *, title: str, reference: str, actor, is_difficult=False, difficulty_reason: str = ""
) -> Case:
    if is_difficult and not difficulty_reason.strip():
        raise ValidationError({"difficulty_reason": _("Say why the item is broad or difficult.")})
    case = Case.objects.create(
        kind=kind,
        title=title,
        reference=reference,
        is_difficult=is_difficult,
        difficulty_reason=difficulty_reason,
        registered_at=clock.now(),
    )
    audit.record(actor, case, "register", to_state=case.state, after={"kind": kind})
    return case


def reply_deadline(case: Case, start: dt.date) -> tuple[dt.date, str]:
    """R12 with R2: the due date and the rule that set it."""
    policy = policy_for(case.kind)
    key = policy.difficult_months_setting if case.is_difficult else policy.reply_months_setting
    key = policy.reply_setting_for(case) or key
    return _deadline(policy, key, start)


def _deadline(policy, key: str, start: dt.date) -> tuple[dt.date, str]:
    amount = rule_setting(key)
    if policy.deadline_unit == WORKDAYS:
        return WorkdayCalendar().add_workdays(start, amount), f"{key}={amount}"
    if policy.deadline_unit == DAYS:
        return start + dt.timedelta(days=amount), f"{key}={amount}"
    return add_months(start, amount), f"{key}={amount}"


def _check_units(lead, others):
    units = [lead, *others]
    if lead is None:
        raise ValidationError({"lead_unit": _("Choose a lead unit.")})
    if len({u.pk for u in units}) != len(units):
        raise ValidationError({"assisting_units": _("A unit can take only one role in an item.")})
    for unit in units:
        if not unit.is_handling_unit or not unit.is_active:
            raise ValidationError(
                {"lead_unit": _("%(unit)s does not handle items.") % {"unit": unit}}
            )


def _create_assignments(case, lead, assisting, joint, today) -> list[Assignment]:
    due, rule = reply_deadline(case, today)
    return_due = WorkdayCalendar().add_workdays(
        today, rule_setting("handling.return_window_workdays")
    )
    view_due = add_months(today, rule_setting("handling.assisting_view_months"))
    rows = [
        Assignment(
            case=case,
            unit=lead,
            role=Assignment.Role.LEAD,
            assigned_on=today,
            due_date=due,
            deadline_rule=rule,
            return_due=return_due,
        )
    ]
    view_rule = f"handling.assisting_view_months={rule_setting('handling.assisting_view_months')}"
    for role, units in ((Assignment.Role.ASSISTING, assisting), (Assignment.Role.JOINT, joint)):
        rows += [
            Assignment(
                case=case,
                unit=u,
                role=role,
                assigned_on=today,
                due_date=view_due,
                deadline_rule=view_rule,
                return_due=return_due,
            )
            for u in units
        ]
    return Assignment.objects.bulk_create(rows)


@transaction.atomic
def assign_case(
    case: Case,
    *,
    lead_unit: Organisation,
    assisting_units=(),
    joint_units=(),
    actor,
    note: str = "",
    verb: str = "assign",
) -> Case:
    case = _locked(case)
    target = S.ASSIGNED
    require_transition(case, target)
    _check_units(lead_unit, [*assisting_units, *joint_units])
    today = clock.today()
    if case.state == S.RETURNED:
        case.assignments.filter(state__in=[A.ACTIVE, A.VIEW_SENT]).update(state=A.CLOSED)
    rows = _create_assignments(case, lead_unit, assisting_units, joint_units, today)
    case.assigned_on, case.reply_due, case.lead_unit = today, rows[0].due_date, lead_unit
    _move(
        case,
        target,
        actor,
        verb,
        note=note,
        fields=["assigned_on", "reply_due", "lead_unit"],
        data={
            "lead": lead_unit.name,
            "others": [r.unit.name for r in rows[1:]],
            "due": str(rows[0].due_date),
            "rule": rows[0].deadline_rule,
        },
    )
    for row in rows:
        notify(
            f"assigned:{row.pk}",
            "assigned",
            case,
            _("New item to handle: %(title)s (due %(due)s)")
            % {"title": case.title, "due": row.due_date},
            unit=row.unit,
        )
    return case


def reassign_case(case: Case, **kwargs) -> Case:
    """R13: after a return the office assigns again; the clock restarts."""
    current = Case.objects.get(pk=case.pk)  # the caller's copy may be stale
    if current.state != S.RETURNED:
        require_state(current, S.RETURNED, action=_("Reassign"))
    return assign_case(current, verb="reassign", **kwargs)


@transaction.atomic
def return_assignment(assignment: Assignment, *, reason: str, actor) -> Assignment:
    """R13: a wrongly addressed unit hands the item back within the window."""
    assignment = Assignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)
    case = _locked(assignment.case)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the item.")})
    if assignment.state != A.ACTIVE:
        raise ValidationError(_("Only an assignment being handled can be returned."))
    if assignment.return_due and clock.today() > assignment.return_due:
        raise ValidationError(
            _("The time to return this item ended on %(date)s (R13); handle it or ask the office.")
            % {"date": assignment.return_due}
        )
    assignment.state, assignment.returned_at, assignment.return_reason = (
        A.RETURNED,
        clock.now(),
        reason,
    )
    assignment.save(update_fields=["state", "returned_at", "return_reason", "updated_at"])
    audit.record(actor, assignment, "return", from_state=A.ACTIVE, to_state=A.RETURNED, note=reason)
    if assignment.role == Assignment.Role.LEAD:
        case.lead_unit = None
        _move(case, S.RETURNED, actor, "returned", note=reason, fields=["lead_unit"])
    notify(
        f"returned:{assignment.pk}",
        "returned",
        case,
        _("%(unit)s returned “%(title)s”: %(reason)s")
        % {"unit": assignment.unit, "title": case.title, "reason": reason[:100]},
        unit=case.supervising_body or office_unit(),
    )
    return assignment


def office_unit() -> Organisation | None:
    """The committee's general office: where returns and escalations go by default."""
    return Organisation.objects.filter(kind=Organisation.Kind.OFFICE).order_by("pk").first()


@transaction.atomic
def send_view(assignment: Assignment, *, text: str, actor) -> Assignment:
    """R14: an assisting or joint unit sends its view to the lead unit."""
    assignment = Assignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)
    if assignment.role == Assignment.Role.LEAD:
        raise ValidationError(_("The lead unit writes the reply, not a view."))
    if assignment.state != A.ACTIVE:
        raise ValidationError(_("The view has already been sent or the assignment is closed."))
    if not text.strip():
        raise ValidationError({"text": _("Write the view.")})
    assignment.view_text, assignment.view_sent_at, assignment.state = text, clock.now(), A.VIEW_SENT
    assignment.save(update_fields=["view_text", "view_sent_at", "state", "updated_at"])
    audit.record(actor, assignment, "send_view", from_state=A.ACTIVE, to_state=A.VIEW_SENT)
    lead = (
        assignment.case.assignments.filter(role=Assignment.Role.LEAD)
        .exclude(state=A.RETURNED)
        .last()
    )
    if lead:
        notify(
            f"view:{assignment.pk}",
            "view_received",
            assignment.case,
            _("%(unit)s sent its view on “%(title)s”")
            % {"unit": assignment.unit, "title": assignment.case.title},
            unit=lead.unit,
        )
    return assignment


# --- replying -------------------------------------------------------------------------------
def reply_classes() -> list[str]:
    return [c.strip() for c in str(rule_setting("handling.reply_classes")).split(",") if c.strip()]


ATTACHMENT_TYPES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".jpg",
    ".jpeg",
    ".png",
    ".ofd",
    ".wps",
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_attachments(uploads) -> None:
    for upload in uploads:
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in ATTACHMENT_TYPES:
            raise ValidationError(
                {
                    "attachments": _(
                        "%(name)s: only PDF, Word, Excel, OFD and images are accepted."
                    )
                    % {"name": upload.name}
                }
            )
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {"attachments": _("%(name)s is larger than 20 MB.") % {"name": upload.name}}
            )


def _validate_reply(reply_class, text, contact_person, channel, promised_action, promised_date):
    errors = {}
    if reply_class not in reply_classes():
        errors["reply_class"] = _("Choose one of the classes %(classes)s.") % {
            "classes": "/".join(reply_classes())
        }
    if not text.strip():
        errors["text"] = _("Write the reply.")
    if not contact_person.strip():
        errors["contact_person"] = _("Name the contact person.")
    if channel not in Reply.Channel.values:
        errors["channel"] = _("Choose how the reply was given.")
    if reply_class == "B" and (not promised_action.strip() or promised_date is None):
        errors["promised_action"] = _("A B-class reply states the promised action and its date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reply_case(
    case: Case,
    *,
    unit: Organisation,
    text: str,
    reply_class: str,
    contact_person: str,
    channel: str,
    actor,
    contact_phone: str = "",
    promised_action: str = "",
    promised_date: dt.date | None = None,
    attachments=(),
) -> Reply:
    case = _locked(case)
    require_transition(case, S.REPLIED)
    lead = case.assignments.filter(role=Assignment.Role.LEAD, unit=unit, state=A.ACTIVE).first()
    if lead is None:
        raise PermissionDenied(_("Only the lead unit replies."))
    _validate_reply(reply_class, text, contact_person, channel, promised_action, promised_date)
    validate_attachments(attachments)
    today = clock.today()
    reply = Reply.objects.create(
        case=case,
        assignment=lead,
        round=case.rehandle_count + 1,
        text=text,
        reply_class=reply_class,
        contact_person=contact_person,
        contact_phone=contact_phone,
        channel=channel,
        promised_action=promised_action,
        promised_date=promised_date,
        on_time=today <= lead.due_date,
        author=actor,
        replied_at=clock.now(),
    )
    for upload in attachments:
        ReplyAttachment.objects.create(reply=reply, file=upload, name=upload.name[:200])
    lead.state = A.REPLIED
    lead.save(update_fields=["state", "updated_at"])
    if case.completed_on_time is None:
        case.completed_on_time = reply.on_time
    case.reply_class = reply_class
    case.evaluation_due = WorkdayCalendar().add_workdays(
        today, rule_setting("handling.evaluation_window_workdays")
    )
    _move(
        case,
        S.REPLIED,
        actor,
        "reply",
        fields=["reply_class", "evaluation_due", "completed_on_time"],
        data={"class": reply_class, "round": reply.round, "on_time": reply.on_time},
    )
    for user in policy_for(case.kind).primary_evaluators(case):
        notify(
            f"replied:{reply.pk}:{user.pk}",
            "replied",
            case,
            _("“%(title)s” has been answered; please evaluate by %(due)s.")
            % {"title": case.title, "due": case.evaluation_due},
            user=user,
        )
    return reply


# --- evaluating ------------------------------------------------------------------------------
@transaction.atomic
def evaluate_case(case: Case, *, result: str, actor, comment: str = "") -> Evaluation:
    """R16/R17: the submitter's evaluation decides; co-signers may add theirs."""
    case = _locked(case)
    policy = policy_for(case.kind)
    primary = actor in policy.primary_evaluators(case)
    if not primary and actor not in policy.other_evaluators(case):
        raise PermissionDenied(_("Only the submitter and co-signers evaluate this item."))
    if result not in {
        Evaluation.Result.SATISFIED,
        Evaluation.Result.BASICALLY_SATISFIED,
        Evaluation.Result.DISSATISFIED,
    }:
        raise ValidationError(
            {"result": _("Choose satisfied, basically satisfied or dissatisfied.")}
        )
    reply = case.replies.order_by("-round").first()
    if primary:
        require_state(case, S.REPLIED, action=_("Evaluate"))
    elif reply is None:
        require_state(case, S.REPLIED, action=_("Evaluate"))
    if Evaluation.objects.filter(reply=reply, evaluator=actor).exists():
        raise ValidationError(_("You have already evaluated this reply."))
    evaluation = Evaluation.objects.create(
        case=case,
        reply=reply,
        evaluator=actor,
        is_primary=primary,
        result=result,
        counts_as=result,
        comment=comment,
    )
    if primary:
        _decide(case, evaluation, actor)
    else:
        audit.record(actor, case, "evaluate_cosigner", after={"result": result}, note=comment)
    return evaluation


@transaction.atomic
def evaluate_by_code(case: Case, *, result: str, comment: str = "") -> Evaluation:
    """R90: the submitter of an item without an account (a citizen) evaluates the reply;
    the caller has checked the item's tracking code, which stands for the person."""
    case = _locked(case)
    if not policy_for(case.kind).evaluated_by_code:
        raise PermissionDenied(_("This item is evaluated by its submitter's account."))
    if result not in {c for c, _label in EVALUATE_CHOICES}:
        raise ValidationError(
            {"result": _("Choose satisfied, basically satisfied or dissatisfied.")}
        )
    require_state(case, S.REPLIED, action=_("Evaluate"))
    reply = case.replies.order_by("-round").first()
    evaluation = Evaluation.objects.create(
        case=case,
        reply=reply,
        evaluator=None,
        is_primary=True,
        result=result,
        counts_as=result,
        comment=comment,
    )
    audit.record(
        None, case, "evaluate", after={"result": result}, note=comment, actor_name="submitter"
    )
    _decide(case, evaluation, None)
    return evaluation


def _decide(case: Case, evaluation: Evaluation, actor) -> None:
    case.final_evaluation = evaluation.result
    if evaluation.counts_as in ACCEPTING:
        _complete(case, actor, evaluation)
    elif case.rehandle_count == 0:
        _rehandle(case, actor, note=evaluation.comment)
    else:
        case.escalated_at = clock.now()
        _move(
            case,
            S.UNDER_REVIEW,
            actor,
            "escalate",
            note=evaluation.comment,
            fields=["final_evaluation", "escalated_at"],
            data={"evaluation": evaluation.result},
        )
        notify(
            f"escalated:{case.pk}:{case.rehandle_count}",
            "escalated",
            case,
            _("“%(title)s”: dissatisfied after rehandling; the committee must review it.")
            % {"title": case.title},
            unit=case.supervising_body or office_unit(),
        )


def _complete(case: Case, actor, evaluation: Evaluation | None = None, note: str = "") -> None:
    case.completed_at = clock.now()
    promised = case.replies.filter(reply_class="B").exclude(promised_action="").exists()
    if promised and case.implementation == Case.Implementation.NOT_NEEDED:
        # R19: a B-class promise, in this round or an earlier one, is followed until done.
        case.implementation = Case.Implementation.PENDING
    case.assignments.filter(state__in=[A.ACTIVE, A.VIEW_SENT, A.REPLIED]).update(state=A.CLOSED)
    _move(
        case,
        S.COMPLETED,
        actor,
        "complete",
        note=note,
        fields=["final_evaluation", "completed_at", "implementation"],
        data={"evaluation": evaluation.result if evaluation else "", "class": case.reply_class},
    )


def _rehandle(case: Case, actor, note: str = "") -> None:
    """R17: handle again within the rehandle setting, same lead unit."""
    policy = policy_for(case.kind)
    due, rule = _deadline(policy, policy.rehandle_months_setting, clock.today())
    lead = (
        case.assignments.filter(role=Assignment.Role.LEAD, state=A.REPLIED).order_by("-pk").first()
    )
    lead.state, lead.due_date = A.ACTIVE, due
    lead.deadline_rule = rule
    lead.save(update_fields=["state", "due_date", "deadline_rule", "updated_at"])
    case.rehandle_count += 1
    case.reply_due = due
    _move(
        case,
        S.REHANDLING,
        actor,
        "rehandle",
        note=note,
        fields=["final_evaluation", "rehandle_count", "reply_due"],
        data={"due": str(due)},
    )
    notify(
        f"rehandle:{case.pk}:{case.rehandle_count}",
        "rehandle",
        case,
        _("“%(title)s” must be handled again by %(due)s.") % {"title": case.title, "due": due},
        unit=lead.unit,
    )


@transaction.atomic
def review_case(case: Case, *, decision: str, actor, note: str) -> Case:
    """R17: the committee's review of a twice-dissatisfied item: close it with reasons
    or order another round. Never silent: the note is required."""
    case = _locked(case)
    require_state(case, S.UNDER_REVIEW, action=_("Review"))
    if not note.strip():
        raise ValidationError({"note": _("Record the outcome of the review.")})
    if decision == "complete":
        _complete(case, actor, note=note)
    elif decision == "rehandle":
        _rehandle(case, actor, note=note)
    else:
        raise ValidationError({"decision": _("Choose to complete or to handle again.")})
    return case


@transaction.atomic
def close_by_decision(case: Case, *, reason: str, actor) -> Case:
    """The committee's own decision ends the matter whatever the unit has done (R64: the
    document revoked by vote): the case completes with that reason, its assignments
    close, no evaluation is asked for and no reminder goes out any more."""
    case = _locked(case)
    require_state(
        case, S.ASSIGNED, S.REHANDLING, S.REPLIED, S.UNDER_REVIEW, action=_("Close by decision")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the decision that ends the matter.")})
    _complete(case, actor, note=reason[:500])
    return case


@transaction.atomic
def record_no_answer(case: Case, *, actor=None) -> Evaluation:
    """R16: the evaluation window passed; recorded as no answer, counted as the setting."""
    case = _locked(case)
    require_state(case, S.REPLIED, action=_("Close the evaluation"))
    reply = case.replies.order_by("-round").first()
    evaluation = Evaluation.objects.create(
        case=case,
        reply=reply,
        evaluator=None,
        is_primary=True,
        result=Evaluation.Result.NO_ANSWER,
        counts_as=rule_setting("handling.no_answer_counts_as"),
    )
    _decide(case, evaluation, actor)
    return evaluation


# --- supervision and follow-up ------------------------------------------------------------------
@transaction.atomic
def mark_key(case: Case, *, lead_leader, supervising_body=None, actor, note: str = "") -> Case:
    """R18: a key item with its leading committee leader."""
    case = _locked(case)
    if lead_leader is None:
        raise ValidationError({"lead_leader": _("A key item needs its leading committee leader.")})
    before = audit.snapshot(case, ["is_key", "lead_leader", "supervising_body"])
    case.is_key, case.lead_leader, case.supervising_body = True, lead_leader, supervising_body
    case.save(update_fields=["is_key", "lead_leader", "supervising_body", "updated_at"])
    audit.record(
        actor,
        case,
        "mark_key",
        before=before,
        after=audit.snapshot(case, ["is_key", "lead_leader", "supervising_body"]),
        note=note,
    )
    return case


@transaction.atomic
def add_supervision_note(
    case: Case, *, type: str, date: dt.date, text: str, actor
) -> SupervisionNote:
    if type not in SupervisionNote.Type.values:
        raise ValidationError({"type": _("Choose a note or an on-site visit.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what was found or agreed.")})
    note = SupervisionNote.objects.create(case=case, type=type, date=date, text=text, author=actor)
    audit.record(actor, case, f"supervise_{type}", after={"date": str(date)}, note=text[:500])
    return note


@transaction.atomic
def record_implementation(case: Case, *, note: str, actor) -> Case:
    """R19: the promised action of a B-class reply has been carried out."""
    case = _locked(case)
    if case.implementation != Case.Implementation.PENDING:
        raise ValidationError(_("This item has no promise waiting to be implemented."))
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    case.implementation, case.implemented_at = Case.Implementation.IMPLEMENTED, clock.now()
    case.save(update_fields=["implementation", "implemented_at", "updated_at"])
    audit.record(
        actor,
        case,
        "implemented",
        from_state=Case.Implementation.PENDING,
        to_state=Case.Implementation.IMPLEMENTED,
        note=note,
    )
    return case
