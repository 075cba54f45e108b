"""Rule tests of oversight: R40 (document dates before the session), R41 (report back
in 3 months, 2 for budget and audit, from the settings, on the handling engine), R44
(inspections follow the work reports' chain), and the decision's vote (R32 through
the ballot engine)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.core.models import CommitteeMember, RuleSettingValue
from renda.handling import services as handling
from renda.handling.models import Assignment, Case
from renda.handling.workflow import InvalidTransition
from renda.supervision import services_oversight as services
from renda.supervision.models import ChainState, Decision, WorkReport
from renda.supervision.tests import fixtures_oversight

pytestmark = pytest.mark.django_db
ov = fixtures_oversight.ov  # the fixture
SESSION_DAY = fixtures_oversight.SESSION_DAY


def _report(world, ov, category="special_topic", body=None):
    return services.create_work_report(
        term=world.term,
        title="关于科技创新工作情况的报告",
        category=category,
        reporting_body=body or world.unit,
        owner=ov.committee,
        session=ov.session,
        actor=ov.office,
    )


def _statuses(report, today):
    return {d.key: (d.due, d.status) for d in services.r40_deadlines(report, today)}


# --- R40 --------------------------------------------------------------------------------------
def test_R40_due_dates_are_20_10_and_7_days_before_the_session(world, ov):
    report = _report(world, ov)
    rows = _statuses(report, dt.date(2023, 5, 1))
    assert rows == {
        "draft": (dt.date(2023, 6, 9), "pending"),
        "final": (dt.date(2023, 6, 19), "pending"),
        "members": (dt.date(2023, 6, 22), "pending"),
    }


def test_R40_warns_when_a_date_is_due_soon_missed_or_late(world, ov, today):
    report = _report(world, ov)
    today.value = dt.date(2023, 6, 12)
    services.record_documents(report, draft_received_on=dt.date(2023, 6, 12), actor=ov.office)
    report.refresh_from_db()
    rows = _statuses(report, today.value)
    assert rows["draft"][1] == "late"  # arrived after 9 June
    assert rows["final"][1] == "pending"
    assert rows["members"][1] == "pending"
    rows = _statuses(report, dt.date(2023, 6, 15))
    assert rows["final"][1] == "due_soon"
    rows = _statuses(report, dt.date(2023, 6, 20))
    assert rows["final"][1] == "missed"
    warnings = {d.key for d in services.r40_warnings(report, dt.date(2023, 6, 20))}
    assert warnings == {"draft", "final", "members"}


def test_R40_warnings_show_on_the_page_the_list_and_the_to_do(world, ov, today, client_for):
    report = _report(world, ov)
    today.value = dt.date(2023, 6, 20)  # the final version (due 19 June) has not come
    office = client_for("office_staff")
    page = office.get(f"/supervision/work-reports/{report.pk}/")
    assert b'data-step="final" data-status="missed"' in page.content
    listing = office.get("/supervision/work-reports/")
    assert "2023-06-19" in listing.content.decode()
    home = office.get("/")
    assert report.title in home.content.decode()


def test_R40_dates_cannot_be_in_the_future_and_stop_after_deliberation(world, ov, today):
    report = _report(world, ov)
    today.value = dt.date(2023, 6, 1)
    with pytest.raises(ValidationError):
        services.record_documents(report, draft_received_on=dt.date(2023, 6, 2), actor=ov.office)
    with pytest.raises(ValidationError):
        services.record_documents(report, actor=ov.office)
    today.value = SESSION_DAY
    services.deliberate(report, on=SESSION_DAY, summary="审议。", actor=ov.office)
    with pytest.raises(InvalidTransition):
        services.record_documents(report, draft_received_on=SESSION_DAY, actor=ov.office)


# --- R41 --------------------------------------------------------------------------------------
def _deliberated(world, ov, today, category):
    report = _report(world, ov, category=category)
    today.value = SESSION_DAY
    services.deliberate(report, on=SESSION_DAY, summary="审议。", actor=ov.office)
    return report


def test_R41_report_back_within_three_months(world, ov, today):
    report = _deliberated(world, ov, today, "special_topic")
    today.value = dt.date(2023, 7, 10)
    opinion = services.send_opinions(report, body=None, text="审议意见。", actor=ov.office)
    lead = opinion.case.assignments.get(role=Assignment.Role.LEAD)
    assert lead.unit == world.unit
    assert lead.due_date == dt.date(2023, 10, 10)
    assert lead.deadline_rule == "supervision.report_back_months=3"


@pytest.mark.parametrize("category", sorted(WorkReport.BUDGET_AUDIT))
def test_R41_budget_and_audit_report_back_within_two_months(world, ov, today, category):
    report = _deliberated(world, ov, today, category)
    today.value = dt.date(2023, 7, 10)
    opinion = services.send_opinions(report, body=None, text="审议意见。", actor=ov.office)
    case = Case.objects.get(pk=opinion.case_id)
    assert case.reply_due == dt.date(2023, 9, 10)
    assert case.assignments.get().deadline_rule == "supervision.report_back_months_budget_audit=2"


def test_R41_months_come_from_the_settings_and_apply_to_new_opinions(world, ov, today):
    report = _deliberated(world, ov, today, "audit")
    today.value = dt.date(2023, 7, 10)
    first = services.send_opinions(report, body=None, text="审议意见一。", actor=ov.office)
    RuleSettingValue.objects.create(key="supervision.report_back_months_budget_audit", value=4)
    RuleSettingValue.objects.create(key="supervision.report_back_months", value=5)
    second = services.send_opinions(report, body=None, text="审议意见二。", actor=ov.office)
    first.case.refresh_from_db()
    second.case.refresh_from_db()
    assert first.case.reply_due == dt.date(2023, 9, 10)  # R2: set when assigned, kept
    assert second.case.reply_due == dt.date(2023, 11, 10)
    other = _report(world, ov, category="plan")
    services.deliberate(other, on=SESSION_DAY, summary="审议。", actor=ov.office)
    third = services.send_opinions(other, body=None, text="审议意见三。", actor=ov.office)
    assert third.case.assignments.get().due_date == dt.date(2023, 12, 10)


def test_R41_the_deadline_counts_on_the_engines_calendar(world, ov, today):
    """The engine's deadline: a reply on the due day is on time, the day after is late."""
    report = _deliberated(world, ov, today, "special_topic")
    today.value = dt.date(2023, 7, 10)
    opinion = services.send_opinions(report, body=None, text="审议意见。", actor=ov.office)
    today.value = dt.date(2023, 10, 11)
    reply = handling.reply_case(
        opinion.case,
        unit=world.unit,
        text="研究处理情况的报告。",
        reply_class="A",
        contact_person="张三",
        channel="written",
        actor=world.users["unit_handler"],
    )
    assert reply.on_time is False


def test_R41_opinions_need_a_handling_unit_and_text(world, ov, today):
    report = _deliberated(world, ov, today, "special_topic")
    with pytest.raises(ValidationError):
        services.send_opinions(report, body=ov.committee, text="审议意见。", actor=ov.office)
    with pytest.raises(ValidationError):
        services.send_opinions(report, body=None, text="  ", actor=ov.office)
    assert not Case.objects.exists()
    fresh = _report(world, ov)
    with pytest.raises(InvalidTransition):
        services.send_opinions(fresh, body=None, text="审议意见。", actor=ov.office)


def test_R41_publication_waits_for_the_report_back_to_be_considered(world, ov, today):
    report = _deliberated(world, ov, today, "special_topic")
    opinion = services.send_opinions(report, body=None, text="审议意见。", actor=ov.office)
    with pytest.raises(InvalidTransition):
        services.publish(report, actor=ov.office)
    handling.reply_case(
        opinion.case,
        unit=world.unit,
        text="报告。",
        reply_class="A",
        contact_person="张三",
        channel="written",
        actor=world.users["unit_handler"],
    )
    with pytest.raises(InvalidTransition):
        services.publish(report, actor=ov.office)
    handling.evaluate_case(opinion.case, result="basically_satisfied", actor=ov.office)
    assert services.publish(report, actor=ov.office).state == ChainState.PUBLISHED


# --- R44 ---------------------------------------------------------------------------------------
def test_R44_inspection_follows_the_work_report_chain(world, ov, today):
    member = CommitteeMember.objects.get(term=world.term)
    today.value = dt.date(2023, 5, 10)
    inspection = services.create_inspection(
        term=world.term,
        title="就业促进法执法检查",
        law="中华人民共和国就业促进法",
        owner=ov.committee,
        subject=world.unit,
        session=ov.session,
        actor=ov.office,
    )
    services.set_group(inspection, leader=member.person, members=[], actor=ov.office)
    services.add_visit(
        inspection, place="市人力资源市场", date=dt.date(2023, 5, 9), actor=ov.office
    )
    today.value = SESSION_DAY
    with pytest.raises(ValidationError):  # no report with findings yet
        services.deliberate(inspection, on=SESSION_DAY, summary="审议。", actor=ov.office)
    services.record_report(
        inspection, findings="检查发现……", questionnaires=1260, third_party="", actor=ov.office
    )
    services.deliberate(inspection, on=SESSION_DAY, summary="审议。", actor=ov.office)
    with pytest.raises(InvalidTransition):  # the sites were visited before
        services.add_visit(inspection, place="某地", date=SESSION_DAY, actor=ov.office)
    opinion = services.send_opinions(inspection, body=None, text="审议意见。", actor=ov.office)
    assert opinion.body == world.unit and opinion.inspection == inspection
    assert opinion.case.kind == "deliberation_opinion"
    assert opinion.case.reply_due == dt.date(2023, 9, 29)  # three months (R41)
    handling.reply_case(
        opinion.case,
        unit=world.unit,
        text="报告。",
        reply_class="A",
        contact_person="张三",
        channel="written",
        actor=world.users["unit_handler"],
    )
    handling.evaluate_case(opinion.case, result="satisfied", actor=ov.office)
    assert services.publish(inspection, actor=ov.office).published_at is not None


def test_R44_the_deliberation_is_on_a_day_of_an_opened_session(world, ov, today):
    report = _report(world, ov)
    with pytest.raises(ValidationError):
        services.deliberate(
            report, on=SESSION_DAY + dt.timedelta(days=1), summary="审议。", actor=ov.office
        )
    ov.session.meeting.state = "scheduled"
    ov.session.meeting.save()
    with pytest.raises(InvalidTransition):
        services.deliberate(report, on=SESSION_DAY, summary="审议。", actor=ov.office)


# --- decisions (R32 through the ballot engine) ----------------------------------------------------
def _members(world, count):
    from renda.core.tests.factories import PersonFactory

    return [CommitteeMember.objects.get(term=world.term)] + [
        CommitteeMember.objects.create(
            person=PersonFactory(), term=world.term, post="member", start_date=world.term.start_date
        )
        for _ in range(count - 1)
    ]


def test_R32_decision_adopted_only_with_more_than_half_of_all_members(world, ov, today):
    members = _members(world, 5)
    today.value = SESSION_DAY
    decision = services.create_decision(
        term=world.term,
        title="关于设立企业家日的决定",
        text="决定……",
        session=ov.session,
        actor=ov.office,
    )
    services.put_decision_to_vote(decision, held_on=SESSION_DAY, actor=ov.office)
    decision.refresh_from_db()
    assert decision.ballot.pass_rule == "majority_of_all"
    services.record_decision_votes(
        decision, entries=[(m.person, "yes") for m in members[:2]], actor=ov.office
    )
    assert services.conclude_decision(decision, actor=ov.office).state == Decision.State.REJECTED
    second = services.create_decision(
        term=world.term,
        title="关于某事项的决议",
        text="决议……",
        kind="resolution",
        session=ov.session,
        actor=ov.office,
    )
    services.put_decision_to_vote(second, held_on=SESSION_DAY, actor=ov.office)
    services.record_decision_votes(
        second, entries=[(m.person, "yes") for m in members[:3]], actor=ov.office
    )
    second = services.conclude_decision(second, actor=ov.office)
    assert second.state == Decision.State.ADOPTED and second.adopted_on == SESSION_DAY
    services.publish_decision(second, actor=ov.office)
    services.add_follow_up(second, date=SESSION_DAY, text="已部署落实。", actor=ov.office)
    with pytest.raises(ValidationError):
        services.add_follow_up(
            second, date=SESSION_DAY - dt.timedelta(days=1), text="早于决定。", actor=ov.office
        )
    from renda.supervision.figures_oversight import decisions_made

    assert decisions_made(2023) == 1
