"""Bulk writing of the demo year's opinions: the rows and the audit history that the
services would write for the same story (submit → assign → reply → evaluate →
complete or rehandle → callback), in a few queries per thousand opinions.

Only the demo uses this: every change made by people goes through ``services``. The
story of each opinion is the ``Plan`` that ``demo`` also plays through the services
for one opinion in ten, so both paths give the same kinds of records."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from renda.core.models import AuditEntry
from renda.core.rulesettings import rule_setting
from renda.core.workdays import WorkdayCalendar
from renda.handling.models import Assignment, Case, Evaluation, Kind, Reply
from renda.opinions import services
from renda.opinions.models import PublicOpinion, RoutingCorrection
from renda.opinions.search import SCOPE
from renda.textsearch import index as textsearch

S, A = Case.State, Assignment.State
BATCH = 500


@dataclass
class Written:
    """One opinion's rows before they get their keys."""

    plan: object
    case: Case
    opinion: PublicOpinion
    assignment: Assignment | None = None
    reply: Reply | None = None
    evaluation: Evaluation | None = None
    audit: list[tuple] = field(default_factory=list)  # (target, verb, from, to, after, note)


def write(plans, *, office, units, unit_users, year: int) -> None:
    calendar = WorkdayCalendar()
    limits = {
        False: ("opinions.simple_limit_workdays", rule_setting("opinions.simple_limit_workdays")),
        True: ("opinions.complex_limit_workdays", rule_setting("opinions.complex_limit_workdays")),
    }
    settings = {
        "return": rule_setting("handling.return_window_workdays"),
        "evaluate": rule_setting("handling.evaluation_window_workdays"),
        "no_answer": rule_setting("handling.no_answer_counts_as"),
    }
    for start in range(0, len(plans), BATCH):
        rows = [
            _story(p, office, units, unit_users, calendar, limits, settings, year)
            for p in plans[start : start + BATCH]
        ]
        _save(rows, office)


def _at(day: dt.date, minute: int) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=minute % 540)
    return timezone.make_aware(moment)


def _story(plan, office, units, unit_users, calendar, limits, settings, year) -> Written:
    from renda.opinions import demo

    code = services.new_tracking_code()
    submitted = _at(plan.day, plan.index)
    case = Case(
        kind=Kind.PUBLIC_OPINION,
        title=services.title_of(plan.text),
        reference=code,
        registered_at=submitted,
        is_difficult=plan.complex_,
        difficulty_reason=demo.COMPLEX_REASON if plan.complex_ else "",
    )
    opinion = PublicOpinion(
        tracking_code=code,
        client_token=f"demo-{year}-{plan.index}",
        channel=plan.channel,
        category=plan.category,
        text=plan.text,
        district=plan.district,
        location=plan.location,
        station=plan.station,
        reception_day=plan.reception_day,
        submitter_name=plan.name,
        submitter_phone=plan.phone,
        submitted_at=submitted,
        entered_by=office if plan.channel == "station" else None,
        routing=PublicOpinion.Routing.MANUAL,
    )
    written = Written(plan, case, opinion)
    written.audit += [
        ("case", "register", "", S.REGISTERED, {"kind": Kind.PUBLIC_OPINION}, ""),
        ("opinion", "submit", "", "", {"channel": plan.channel, "category": plan.category}, ""),
    ]
    unit = units.get(plan.category)
    if unit is None or office is None or plan.day > demo.LAST_ASSIGNED:
        return written
    _assign(written, unit, calendar, limits, settings)
    _reply(written, unit_users[unit.pk], calendar, settings)
    _evaluate(written, calendar, limits, settings["no_answer"])
    return written


def _assign(w: Written, unit, calendar, limits, settings) -> None:
    key, days = limits[w.plan.complex_]
    day = w.plan.day
    due = calendar.add_workdays(day, days)
    w.case.state, w.case.assigned_on, w.case.reply_due = S.ASSIGNED, day, due
    w.case.lead_unit = unit
    w.opinion.routing, w.opinion.suggested_unit = PublicOpinion.Routing.CONFIRMED, unit
    w.assignment = Assignment(
        unit=unit,
        role=Assignment.Role.LEAD,
        state=A.ACTIVE,
        assigned_on=day,
        due_date=due,
        deadline_rule=f"{key}={days}",
        return_due=calendar.add_workdays(day, settings["return"]),
    )
    data = {"lead": unit.name, "others": [], "due": str(due), "rule": f"{key}={days}"}
    w.audit.append(("case", "assign", S.REGISTERED, S.ASSIGNED, data, ""))


def _reply(w: Written, author, calendar, settings) -> None:
    from renda.opinions import demo

    day = demo.reply_day(w.plan, w.case.reply_due)
    on_time = day <= w.assignment.due_date
    promise = w.plan.promise
    w.reply = Reply(
        round=1,
        text=demo.reply_text(w.plan, w.case.title),
        reply_class="B" if promise else "A",
        contact_person="办公室",
        channel=Reply.Channel.PLATFORM,
        promised_action=demo.PROMISE if promise else "",
        promised_date=w.case.reply_due + dt.timedelta(days=60) if promise else None,
        on_time=on_time,
        replied_at=_at(day, 300 + w.plan.index),
        author=author,
    )
    w.assignment.state = A.REPLIED
    w.case.state, w.case.reply_class, w.case.completed_on_time = (
        S.REPLIED,
        w.reply.reply_class,
        on_time,
    )
    w.case.evaluation_due = calendar.add_workdays(day, settings["evaluate"])
    data = {"class": w.reply.reply_class, "round": 1, "on_time": on_time}
    w.audit.append(("case", "reply", S.ASSIGNED, S.REPLIED, data, ""))


def _evaluate(w: Written, calendar, limits, no_answer_counts_as) -> None:
    from renda.opinions import demo

    outcome = counts_as = w.plan.outcome
    day = timezone.localdate(w.reply.replied_at) + dt.timedelta(days=2)
    if outcome == "none":
        # R16: no answer within the window, recorded as such and counted as the setting
        if w.case.evaluation_due >= demo.YEAR_END:
            return
        outcome, counts_as = Evaluation.Result.NO_ANSWER, no_answer_counts_as
        day = w.case.evaluation_due + dt.timedelta(days=1)
    comment = "问题仍存在" if outcome == "dissatisfied" else ""
    w.evaluation = Evaluation(
        is_primary=True, result=outcome, counts_as=counts_as, comment=comment, evaluator=None
    )
    w.case.final_evaluation = outcome
    if outcome != Evaluation.Result.NO_ANSWER:
        w.audit.append(("case", "evaluate", "", "", {"result": outcome}, comment))
    if counts_as == "dissatisfied":
        key, days = limits[True]
        due = calendar.add_workdays(day, days)
        w.case.state, w.case.rehandle_count, w.case.reply_due = S.REHANDLING, 1, due
        w.assignment.state, w.assignment.due_date = A.ACTIVE, due
        w.assignment.deadline_rule = f"{key}={days}"
        w.audit.append(("case", "rehandle", S.REPLIED, S.REHANDLING, {"due": str(due)}, comment))
        return
    w.case.state, w.case.completed_at = S.COMPLETED, _at(day, 400)
    w.assignment.state = A.CLOSED
    if w.plan.promise:
        w.case.implementation = Case.Implementation.PENDING
    data = {"evaluation": outcome, "class": w.case.reply_class}
    w.audit.append(("case", "complete", S.REPLIED, S.COMPLETED, data, ""))
    if w.plan.callback:
        w.opinion.callback_at, w.opinion.callback_note = _at(day, 480), demo.CALLBACK_NOTE
        w.audit.append(("opinion", "callback", "", "", {}, demo.CALLBACK_NOTE))


@transaction.atomic
def _save(rows: list[Written], office) -> None:
    Case.objects.bulk_create([w.case for w in rows])
    for w in rows:
        w.opinion.case = w.case
    PublicOpinion.objects.bulk_create([w.opinion for w in rows])
    assigned = [w for w in rows if w.assignment]
    for w in assigned:
        w.assignment.case = w.case
    Assignment.objects.bulk_create([w.assignment for w in assigned])
    for w in assigned:
        w.reply.case, w.reply.assignment = w.case, w.assignment
    Reply.objects.bulk_create([w.reply for w in assigned])
    evaluated = [w for w in assigned if w.evaluation]
    for w in evaluated:
        w.evaluation.case, w.evaluation.reply = w.case, w.reply
    Evaluation.objects.bulk_create([w.evaluation for w in evaluated])
    RoutingCorrection.objects.bulk_create(
        [
            RoutingCorrection(
                opinion=w.opinion,
                suggested_unit=w.assignment.unit,
                chosen_unit=w.assignment.unit,
                actor=office,
            )
            for w in assigned
        ]
    )
    _audit(rows, office)
    textsearch.bulk_index(
        SCOPE,
        [(w.opinion.pk, w.opinion.text, w.opinion.category, w.plan.day) for w in rows],
    )


def _audit(rows: list[Written], office) -> None:
    types = {
        "case": ContentType.objects.get_for_model(Case),
        "opinion": ContentType.objects.get_for_model(PublicOpinion),
    }
    entries = []
    for w in rows:
        for target, verb, before, after_state, data, note in w.audit:
            obj = w.case if target == "case" else w.opinion
            citizen = verb in {"submit", "evaluate"} and w.plan.channel != "station"
            actor = None if citizen or verb in {"evaluate"} else office
            if verb == "reply":
                actor = w.reply.author
            entries.append(
                AuditEntry(
                    actor=actor,
                    actor_name=actor.get_username() if actor else "submitter",
                    verb=verb,
                    target_type=types[target],
                    target_id=str(obj.pk),
                    target_repr=str(obj)[:200],
                    from_state=before,
                    to_state=after_state,
                    after=data,
                    note=note,
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
