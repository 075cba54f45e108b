"""The workflow actions offered on the case page: when each is available to whom,
its form, and the one service call it makes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.handling import forms, services
from renda.handling.models import Assignment, Case

S = Case.State


@dataclass(frozen=True)
class CaseAction:
    name: str
    label: Any
    form: type
    available: Callable[[Any, Case, Assignment | None], bool]
    run: Callable[[Case, dict, Any, Assignment | None, dict], Any]
    form_kwargs: Callable[[], dict] = dict


def unit_assignment(user, case) -> Assignment | None:
    if not user.organisation_id:
        return None
    return next(
        (
            a
            for a in sorted(case.assignments.all(), key=lambda a: -a.pk)
            if a.unit_id == user.organisation_id
        ),
        None,
    )


def _is_active(a):
    return a is not None and a.state == Assignment.State.ACTIVE


ACTIONS = [
    CaseAction(
        "assign",
        _("Assign"),
        forms.AssignForm,
        lambda u, c, a: (
            u.has_perm("handling.assign_case") and c.state in (S.REGISTERED, S.RETURNED)
        ),
        lambda c, d, u, a, f: (
            services.reassign_case if c.state == S.RETURNED else services.assign_case
        )(
            c,
            lead_unit=d["lead_unit"],
            assisting_units=list(d["assisting_units"]),
            actor=u,
            note=d["note"],
        ),
    ),
    CaseAction(
        "reply",
        _("Reply"),
        forms.ReplyForm,
        lambda u, c, a: (
            u.has_perm("handling.act_for_unit", c)
            and _is_active(a)
            and a.role == Assignment.Role.LEAD
            and c.state in Case.AWAITING_REPLY
        ),
        lambda c, d, u, a, f: services.reply_case(
            c,
            unit=u.organisation,
            actor=u,
            text=d["text"],
            reply_class=d["reply_class"],
            contact_person=d["contact_person"],
            contact_phone=d["contact_phone"],
            channel=d["channel"],
            promised_action=d["promised_action"],
            promised_date=d["promised_date"],
            attachments=f.getlist("attachments"),
        ),
        lambda: {"classes": services.reply_classes()},
    ),
    CaseAction(
        "view",
        _("Send view to the lead unit"),
        forms.ViewForm,
        lambda u, c, a: (
            u.has_perm("handling.act_for_unit", c)
            and _is_active(a)
            and a.role != Assignment.Role.LEAD
        ),
        lambda c, d, u, a, f: services.send_view(a, text=d["text"], actor=u),
    ),
    CaseAction(
        "return",
        _("Return as wrongly addressed"),
        forms.ReturnForm,
        lambda u, c, a: (
            u.has_perm("handling.act_for_unit", c)
            and _is_active(a)
            and c.state == S.ASSIGNED
            and (a.return_due is None or clock.today() <= a.return_due)
        ),
        lambda c, d, u, a, f: services.return_assignment(a, reason=d["reason"], actor=u),
    ),
    CaseAction(
        "evaluate",
        _("Evaluate the reply"),
        forms.EvaluateForm,
        lambda u, c, a: c.state == S.REPLIED and u.has_perm("handling.evaluate_case", c),
        lambda c, d, u, a, f: services.evaluate_case(
            c, result=d["result"], comment=d["comment"], actor=u
        ),
    ),
    CaseAction(
        "review",
        _("Review"),
        forms.ReviewForm,
        lambda u, c, a: c.state == S.UNDER_REVIEW and u.has_perm("handling.review_case"),
        lambda c, d, u, a, f: services.review_case(
            c, decision=d["decision"], note=d["note"], actor=u
        ),
    ),
    CaseAction(
        "implement",
        _("Record implementation"),
        forms.ImplementForm,
        lambda u, c, a: (
            c.implementation == Case.Implementation.PENDING
            and (u.has_perm("handling.assign_case") or u.has_perm("handling.act_for_unit", c))
        ),
        lambda c, d, u, a, f: services.record_implementation(c, note=d["note"], actor=u),
    ),
    CaseAction(
        "mark_key",
        _("Mark as key item"),
        forms.KeyForm,
        lambda u, c, a: not c.is_key and u.has_perm("handling.assign_case"),
        lambda c, d, u, a, f: services.mark_key(
            c,
            lead_leader=d["lead_leader"],
            supervising_body=d["supervising_body"],
            actor=u,
            note=d["note"],
        ),
    ),
    CaseAction(
        "supervise",
        _("Add supervision note"),
        forms.SupervisionForm,
        lambda u, c, a: u.has_perm("handling.supervise_case"),
        lambda c, d, u, a, f: services.add_supervision_note(
            c, type=d["type"], date=d["date"], text=d["text"], actor=u
        ),
    ),
]
BY_NAME = {a.name: a for a in ACTIONS}


def available_actions(user, case) -> list[CaseAction]:
    assignment = unit_assignment(user, case)
    return [a for a in ACTIONS if a.available(user, case, assignment)]
