"""Who may open supervision's oversight URLs (see renda/core/tests/test_access_matrix.py):
the office records (REGISTRARS), the committee side reads (COMMITTEE); a unit handler
reads only the work reports of its own unit (the list, filtered); nobody else. Object
URLs point at records of the *other* unit."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

UNIT = frozenset({"unit_handler"})

POLICY: dict = {
    "supervision:index": COMMITTEE,
    "supervision:plan-list": COMMITTEE,
    "supervision:plan-create": REGISTRARS,
    "supervision:plan-detail": COMMITTEE,
    "supervision:plan-act": NOBODY,  # POST only
    "supervision:plan-item-start": NOBODY,  # POST only
    "supervision:work-report-list": COMMITTEE | UNIT,
    "supervision:work-report-create": REGISTRARS,
    "supervision:work-report-detail": COMMITTEE,
    "supervision:work-report-act": NOBODY,
    "supervision:inquiry-list": COMMITTEE,
    "supervision:inquiry-create": REGISTRARS,
    "supervision:inquiry-detail": COMMITTEE,
    "supervision:inquiry-act": NOBODY,
    "supervision:inspection-list": COMMITTEE,
    "supervision:inspection-create": REGISTRARS,
    "supervision:inspection-detail": COMMITTEE,
    "supervision:inspection-act": NOBODY,
    "supervision:opinion-list": COMMITTEE,
    "supervision:decision-list": COMMITTEE,
    "supervision:decision-create": REGISTRARS,
    "supervision:decision-detail": COMMITTEE,
    "supervision:decision-act": NOBODY,
    "api:supervision-plan-list": COMMITTEE,
    "api:supervision-plan-detail": COMMITTEE,
    "api:supervision-plan-items": NOBODY,
    "api:supervision-plan-adopt": NOBODY,
    "api:supervision-plan-publish": NOBODY,
    "api:supervision-plan-item-list": COMMITTEE,
    "api:supervision-plan-item-detail": COMMITTEE,
    "api:supervision-plan-item-start": NOBODY,
    "api:work-report-list": COMMITTEE | UNIT,
    "api:work-report-detail": COMMITTEE,
    "api:work-report-documents": NOBODY,
    "api:special-inquiry-list": COMMITTEE,
    "api:special-inquiry-detail": COMMITTEE,
    "api:special-inquiry-departments": NOBODY,
    "api:special-inquiry-questions": NOBODY,
    "api:special-inquiry-answer": NOBODY,
    "api:law-enforcement-inspection-list": COMMITTEE,
    "api:law-enforcement-inspection-detail": COMMITTEE,
    "api:law-enforcement-inspection-group": NOBODY,
    "api:law-enforcement-inspection-visits": NOBODY,
    "api:law-enforcement-inspection-report": NOBODY,
    "api:deliberation-opinion-list": COMMITTEE,
    "api:deliberation-opinion-detail": COMMITTEE,
    "api:decision-list": COMMITTEE,
    "api:decision-detail": COMMITTEE,
    "api:decision-put-to-vote": NOBODY,
    "api:decision-votes": NOBODY,
    "api:decision-conclude": NOBODY,
    "api:decision-publish": NOBODY,
    "api:decision-follow-ups": NOBODY,
}
CHAIN_ACTIONS = ("deliberate", "opinions", "assessments", "publish")
for _base in ("work-report", "special-inquiry", "law-enforcement-inspection"):
    for _name in CHAIN_ACTIONS:
        POLICY[f"api:{_base}-{_name}"] = NOBODY

POST_POLICY: dict = {
    name: REGISTRARS
    for name, allowed in POLICY.items()
    if allowed == NOBODY or name.endswith("-list") and name.startswith("api:")
}
POST_POLICY.update(
    {
        "api:work-report-list": REGISTRARS,
        "api:deliberation-opinion-list": NOBODY,
        "api:supervision-plan-item-list": NOBODY,
        "supervision:plan-create": REGISTRARS,
        "supervision:work-report-create": REGISTRARS,
        "supervision:inquiry-create": REGISTRARS,
        "supervision:inspection-create": REGISTRARS,
        "supervision:decision-create": REGISTRARS,
    }
)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


URL_ARGS: dict = {
    "supervision:plan-detail": _pk("oversight_plan"),
    "supervision:plan-act": lambda w: {"pk": w.oversight_plan.pk, "action": "publish"},
    "supervision:plan-item-start": _pk("oversight_item"),
    "supervision:work-report-detail": _pk("oversight_report"),
    "supervision:work-report-act": lambda w: {"pk": w.oversight_report.pk, "action": "publish"},
    "supervision:inquiry-detail": _pk("oversight_inquiry"),
    "supervision:inquiry-act": lambda w: {"pk": w.oversight_inquiry.pk, "action": "publish"},
    "supervision:inspection-detail": _pk("oversight_inspection"),
    "supervision:inspection-act": lambda w: {
        "pk": w.oversight_inspection.pk,
        "action": "publish",
    },
    "supervision:decision-detail": _pk("oversight_decision"),
    "supervision:decision-act": lambda w: {"pk": w.oversight_decision.pk, "action": "publish"},
    "api:supervision-plan-detail": _pk("oversight_plan"),
    "api:supervision-plan-items": _pk("oversight_plan"),
    "api:supervision-plan-adopt": _pk("oversight_plan"),
    "api:supervision-plan-publish": _pk("oversight_plan"),
    "api:supervision-plan-item-detail": _pk("oversight_item"),
    "api:supervision-plan-item-start": _pk("oversight_item"),
    "api:work-report-detail": _pk("oversight_report"),
    "api:work-report-documents": _pk("oversight_report"),
    "api:special-inquiry-detail": _pk("oversight_inquiry"),
    "api:special-inquiry-departments": _pk("oversight_inquiry"),
    "api:special-inquiry-questions": _pk("oversight_inquiry"),
    "api:special-inquiry-answer": _pk("oversight_inquiry"),
    "api:law-enforcement-inspection-detail": _pk("oversight_inspection"),
    "api:law-enforcement-inspection-group": _pk("oversight_inspection"),
    "api:law-enforcement-inspection-visits": _pk("oversight_inspection"),
    "api:law-enforcement-inspection-report": _pk("oversight_inspection"),
    "api:deliberation-opinion-detail": _pk("oversight_opinion"),
    "api:decision-detail": _pk("oversight_decision"),
    "api:decision-put-to-vote": _pk("oversight_decision"),
    "api:decision-votes": _pk("oversight_decision"),
    "api:decision-conclude": _pk("oversight_decision"),
    "api:decision-publish": _pk("oversight_decision"),
    "api:decision-follow-ups": _pk("oversight_decision"),
}
for _base, _attr in (
    ("work-report", "oversight_report"),
    ("special-inquiry", "oversight_inquiry"),
    ("law-enforcement-inspection", "oversight_inspection"),
):
    for _name in CHAIN_ACTIONS:
        URL_ARGS[f"api:{_base}-{_name}"] = _pk(_attr)


def prepare(world) -> None:
    """A plan (draft, one work-report item); a work report of the other unit that was
    deliberated, with opinions sent to it (a case in the other unit's inbox); an
    inquiry questioning the other unit; an inspection; a decision in draft."""
    from renda.core.models import Organisation, Session
    from renda.meetings.models import SessionDetails
    from renda.supervision import services_oversight as services

    office = world.users["office_staff"]
    day = dt.date(2023, 6, 29)
    session, _ = Session.objects.get_or_create(
        term=world.term,
        body=Session.Body.STANDING_COMMITTEE,
        number=4,
        defaults={"start_date": day, "end_date": day},
    )
    SessionDetails.objects.update_or_create(
        session=session, defaults={"state": SessionDetails.State.OPEN}
    )
    committee = Organisation.objects.create(
        code="SC-MX", name="矩阵财政经济委员会", kind=Organisation.Kind.SPECIAL_COMMITTEE
    )
    plan = services.create_plan(term=world.term, year=2023, title="矩阵监督计划", actor=office)
    item = services.add_plan_item(
        plan,
        kind="work_report",
        title="矩阵工作报告",
        owner=committee,
        subject=world.other_unit,
        planned_month=6,
        actor=office,
    )
    report = services.create_work_report(
        term=world.term,
        title="矩阵专项工作报告",
        category="audit",
        reporting_body=world.other_unit,
        owner=committee,
        session=session,
        actor=office,
    )
    services.deliberate(report, on=day, summary="审议认为……", actor=office)
    opinion = services.send_opinions(report, body=None, text="审议意见……", actor=office)
    inquiry = services.create_inquiry(
        term=world.term,
        title="矩阵专题询问",
        session=session,
        departments=[world.other_unit],
        actor=office,
    )
    inspection = services.create_inspection(
        term=world.term, title="矩阵执法检查", law="矩阵法", subject=world.other_unit, actor=office
    )
    decision = services.create_decision(
        term=world.term, title="矩阵决定", text="决定……", session=session, actor=office
    )
    world.oversight_plan, world.oversight_item = plan, item
    world.oversight_report, world.oversight_opinion = report, opinion
    world.oversight_inquiry, world.oversight_inspection = inquiry, inspection
    world.oversight_decision = decision
