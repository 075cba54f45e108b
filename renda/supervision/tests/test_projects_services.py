"""Services of the projects part: the allowed transitions of research, recommendations,
consultations and livelihood projects, their refusals, the audit rows, and the
figures counted from the records."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renda.ballots import services as ballots
from renda.core.audit import entries_for
from renda.core.models import AuditEntry
from renda.handling.workflow import InvalidTransition
from renda.supervision import figures_projects as figures
from renda.supervision import services_projects as services
from renda.supervision.models import (
    ConsultationRequest,
    LivelihoodProject,
    PlanItem,
    Recommendation,
    Research,
    SupervisionPlan,
)
from renda.supervision.tests.fixtures_projects import *  # noqa: F403

pytestmark = pytest.mark.django_db
PS = LivelihoodProject.State


def _states(transitions):
    return {state for state in transitions} | {t for ts in transitions.values() for t in ts}


def test_every_state_has_its_transitions():
    assert _states(services.RESEARCH_TRANSITIONS) == set(Research.State.values)
    assert set(services.RESEARCH_TRANSITIONS) == set(Research.State.values)
    assert set(services.RECOMMENDATION_TRANSITIONS) == set(Recommendation.State.values)
    assert set(services.CONSULTATION_TRANSITIONS) == set(ConsultationRequest.State.values)
    assert set(services.PROJECT_TRANSITIONS) == set(LivelihoodProject.State.values)


# --- research ------------------------------------------------------------------------------
def test_research_goes_planned_in_progress_reported_closed(world, office, today):
    research = services.create_research(
        kind="inspection_visit",
        year=2023,
        topic="民生实事视察",
        places="新华区\n湛河区",
        members=[world.deputy.person],
        departments=[world.unit],
        actor=office,
    )
    assert research.state == "planned" and research.place_list == ["新华区", "湛河区"]
    with pytest.raises(InvalidTransition):
        services.report_research(research, findings="x", actor=office)
    services.start_research(research, actor=office)
    research.refresh_from_db()
    assert research.state == "in_progress" and research.start_date == today.value
    with pytest.raises(ValidationError):
        services.report_research(research, findings="  ", actor=office)
    services.report_research(research, findings="进展顺利。", actor=office)
    services.close_research(research, actor=office)
    research.refresh_from_db()
    assert research.state == "closed" and research.closed_on == today.value
    with pytest.raises(InvalidTransition):
        services.start_research(research, actor=office)
    with pytest.raises(InvalidTransition):
        services.add_area(research, title="太晚了", actor=office)
    verbs = list(entries_for(research).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["create", "start", "report", "close"]


def test_research_from_a_plan_item_of_the_right_kind(world, office):
    plan = SupervisionPlan.objects.create(term=world.term, year=2023, title="2023年监督计划")
    research_item = PlanItem.objects.create(
        plan=plan, position=1, kind="research", title="双减调研", owner=world.unit, planned_month=3
    )
    report_item = PlanItem.objects.create(
        plan=plan,
        position=2,
        kind="work_report",
        title="计划报告",
        owner=world.unit,
        planned_month=6,
    )
    research = services.create_research(
        kind="research", year=2023, topic="双减", plan_item=research_item, actor=office
    )
    assert research.plan_item == research_item
    with pytest.raises(ValidationError) as error:
        services.create_research(
            kind="research", year=2023, topic="x", plan_item=report_item, actor=office
        )
    assert "plan_item" in error.value.message_dict


def test_research_refuses_bad_input(office):
    for kwargs in (
        {"kind": "party", "year": 2023, "topic": "x"},
        {"kind": "research", "year": 1800, "topic": "x"},
        {"kind": "research", "year": 2023, "topic": " "},
        {
            "kind": "research",
            "year": 2023,
            "topic": "x",
            "start_date": dt.date(2023, 5, 2),
            "end_date": dt.date(2023, 5, 1),
        },
    ):
        with pytest.raises(ValidationError):
            services.create_research(actor=office, **kwargs)
    assert not Research.objects.exists()


def test_recommendations_are_numbered_within_their_area(reported_research):
    areas = list(reported_research.areas.order_by("position"))
    assert [a.position for a in areas] == [1, 2]
    assert [r.position for r in areas[0].recommendations.order_by("position")] == [1, 2]
    assert figures.research_recommendation_areas(2023) == 2
    assert figures.research_recommendations(2023) == 3
    assert figures.research_recommendations(2024) == 0


def test_a_unit_responds_only_to_its_own_recommendations(world, office, reported_research):
    own = Recommendation.objects.get(text="建设重点实验室")
    other = Recommendation.objects.get(text="支持中试基地")
    unit = world.users["unit_handler"]
    with pytest.raises(PermissionDenied):
        services.respond_to_recommendation(other, response="不是我们的", actor=unit)
    services.respond_to_recommendation(own, response="已列入计划。", actor=unit)
    own.refresh_from_db()
    assert own.state == "responded" and own.response == "已列入计划。"
    with pytest.raises(InvalidTransition):
        services.respond_to_recommendation(own, response="again", actor=unit)
    services.mark_implemented(own, actor=unit)
    own.refresh_from_db()
    assert own.state == "implemented"
    with pytest.raises(InvalidTransition):
        services.mark_implemented(own, actor=unit)
    # the office answers for a department that replied on paper
    services.respond_to_recommendation(other, response="书面答复", actor=office)


def test_no_response_before_the_report(world, office):
    research = services.create_research(kind="research", year=2023, topic="调研", actor=office)
    area = services.add_area(research, title="方面", actor=office)
    reco = services.add_recommendation(area, text="建议", department=world.unit, actor=office)
    with pytest.raises(InvalidTransition):
        services.respond_to_recommendation(reco, response="x", actor=office)


def test_closing_waits_for_every_response(office, reported_research):
    with pytest.raises(ValidationError) as error:
        services.close_research(reported_research, actor=office)
    assert "3" in error.value.messages[0]
    for reco in Recommendation.objects.all():
        services.respond_to_recommendation(reco, response="已答复", actor=office)
    services.close_research(reported_research, actor=office)
    reported_research.refresh_from_db()
    assert reported_research.state == "closed"


def test_research_topics_counts_the_years_livelihood_research(office):
    for topic, livelihood, kind, year in (
        ("双减", True, "research", 2023),
        ("粮食安全", True, "research", 2023),
        ("科技创新", False, "research", 2023),
        ("民生视察", True, "inspection_visit", 2023),
        ("养老", True, "research", 2022),
    ):
        services.create_research(
            kind=kind, year=year, topic=topic, is_livelihood=livelihood, actor=office
        )
    assert figures.research_topics(2023) == 2


# --- experts -------------------------------------------------------------------------------
def test_an_expert_answers_only_their_own_consultations(
    world, office, expert, expert_user_expert, today
):
    own = services.consult_expert(
        expert_user_expert,
        subject_kind="work_report",
        subject="国有资产管理情况报告",
        question="请提出意见。",
        actor=office,
    )
    other = services.consult_expert(
        expert, subject_kind="other", subject="其他", question="?", actor=office
    )
    expert_account = world.users["expert"]
    with pytest.raises(PermissionDenied):
        services.answer_consultation(other, opinion="越权", actor=expert_account)
    services.answer_consultation(own, opinion="建议加强资产处置。", actor=expert_account)
    own.refresh_from_db()
    assert own.state == "answered" and own.answered_on == today.value
    with pytest.raises(InvalidTransition):
        services.answer_consultation(own, opinion="again", actor=expert_account)
    services.withdraw_consultation(other, actor=office)
    with pytest.raises(InvalidTransition):
        services.answer_consultation(other, opinion="late", actor=office)


def test_a_dismissed_expert_is_not_consulted_and_leaves_the_figure(office, expert, today):
    assert figures.consulting_experts(2023) == 1
    # the figure is the state-assets pool's; an expert of another pool is not counted
    services.appoint_expert(
        name="王专家",
        expertise="立法",
        affiliation="河南城建学院",
        pool="legislation",
        term_start=dt.date(2023, 1, 1),
        actor=office,
    )
    assert figures.consulting_experts(2023) == 1
    services.dismiss_expert(expert, on=dt.date(2023, 6, 30), actor=office)
    expert.refresh_from_db()
    assert not expert.is_active and expert.term_end == dt.date(2023, 6, 30)
    with pytest.raises(ValidationError):
        services.consult_expert(
            expert, subject_kind="other", subject="x", question="?", actor=office
        )
    with pytest.raises(InvalidTransition):
        services.dismiss_expert(expert, actor=office)
    # the year counts those who served in it; the next year no longer
    assert figures.consulting_experts(2023) == 1
    assert figures.consulting_experts(2024) == 0
    assert figures.consulting_experts(2022) == 0


def test_an_expert_account_needs_the_expert_role(world, office):
    with pytest.raises(ValidationError) as error:
        services.appoint_expert(
            name="王",
            expertise="法律",
            affiliation="律所",
            pool="state_assets",
            term_start=dt.date(2023, 1, 1),
            user=world.users["deputy"],
            actor=office,
        )
    assert "user" in error.value.message_dict


# --- livelihood projects -------------------------------------------------------------------
def test_the_deputies_vote_chooses_the_projects(world, chosen_project):
    assert chosen_project.state == PS.CHOSEN
    other = LivelihoodProject.objects.exclude(pk=chosen_project.pk).get()
    assert other.state == PS.NOT_CHOSEN
    assert chosen_project.ballot_option.count == 2
    assert chosen_project.ballot.kind == "selection"
    with pytest.raises(InvalidTransition):
        services.apply_selection(chosen_project.ballot, actor=world.users["office_staff"])


def test_the_result_applies_only_once_the_vote_is_closed(world, office, session, today):
    services.propose_project(year=2023, title="甲", actor=office)
    services.propose_project(year=2023, title="乙", actor=office)
    ballot = services.put_to_vote(
        2023, places=1, term=world.term, session=session, held_on=today.value, actor=office
    )
    with pytest.raises(InvalidTransition):
        services.apply_selection(ballot, actor=office)
    with pytest.raises(ValidationError):  # nothing left to put to a vote
        services.put_to_vote(
            2023, places=1, term=world.term, session=session, held_on=today.value, actor=office
        )


def test_a_tie_at_the_last_place_is_not_broken(world, office, session, today):
    first = services.propose_project(year=2023, title="甲", actor=office)
    second = services.propose_project(year=2023, title="乙", actor=office)
    ballot = services.put_to_vote(
        2023, places=1, term=world.term, session=session, held_on=today.value, actor=office
    )
    ballots.open_ballot(ballot, actor=office)
    first.refresh_from_db()
    second.refresh_from_db()
    ballots.cast(ballot, voter=world.deputy.person, choices=[first.ballot_option_id], actor=office)
    ballots.cast(
        ballot, voter=world.other_deputy.person, choices=[second.ballot_option_id], actor=office
    )
    ballots.close_ballot(ballot, actor=office)
    with pytest.raises(ValidationError):
        services.apply_selection(ballot, actor=office)
    assert set(LivelihoodProject.objects.values_list("state", flat=True)) == {PS.CANDIDATE}


def test_adopting_a_ballot_of_the_engine(world, office, session, today):
    ballot = ballots.create_ballot(
        question="2023年民生实事项目票决",
        kind="selection",
        method="secret",
        electorate="congress_deputies",
        term=world.term,
        session=session,
        held_on=today.value,
        pass_rule="most_votes",
        options=["甲", "乙", "丙"],
        places=2,
        actor=office,
    )
    existing = services.propose_project(year=2023, title="乙", actor=office)
    linked = services.adopt_ballot(ballot, year=2023, actor=office)
    assert [p.title for p in linked] == ["甲", "乙", "丙"]
    assert existing.pk in {p.pk for p in linked}
    # adopting again changes nothing
    assert [p.pk for p in services.adopt_ballot(ballot, year=2023, actor=office)] == [
        p.pk for p in linked
    ]
    assert LivelihoodProject.objects.count() == 3


def test_a_project_runs_to_completion(world, office, running_project, today):
    unit = world.users["unit_handler"]
    project = running_project
    with pytest.raises(ValidationError):
        services.complete_project(project, actor=office)  # milestones open
    first, second = project.milestones.order_by("position")
    services.complete_milestone(first, actor=unit)
    services.report_progress(project, percent=60, text="主体完工", actor=unit)
    with pytest.raises(ValidationError) as error:
        services.report_progress(project, percent=40, text="倒退", actor=unit)
    assert "percent" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.report_progress(project, percent=101, text="x", actor=unit)
    services.complete_milestone(second, actor=unit)
    with pytest.raises(InvalidTransition):
        services.complete_milestone(second, actor=unit)
    services.report_progress(project, percent=100, text="完工", actor=unit)
    services.complete_project(project, actor=office)
    project.refresh_from_db()
    assert project.state == PS.COMPLETED and project.completed_on == today.value
    assert services.latest_percent(project) == 100
    assert figures.livelihood_projects_completed(2023) == 1
    assert figures.livelihood_projects_completed(2024) == 0
    with pytest.raises(InvalidTransition):
        services.report_progress(project, percent=100, text="x", actor=unit)


def test_only_the_lead_unit_reports_progress(world, office, running_project):
    from renda.core.tests.factories import make_user

    stranger = make_user("t-unit-2", "unit_handler", organisation=world.other_unit)
    with pytest.raises(PermissionDenied):
        services.report_progress(running_project, percent=10, text="x", actor=stranger)
    with pytest.raises(PermissionDenied):
        services.report_progress(running_project, percent=10, text="x", actor=world.users["deputy"])
    assert not running_project.progress_reports.exists()


def test_a_deputy_records_an_inspection_they_took_part_in(world, office, running_project, today):
    deputy = world.users["deputy"]
    with pytest.raises(PermissionDenied):
        services.record_inspection(
            running_project,
            date=today.value,
            deputies=[world.other_deputy],
            findings="他人视察",
            actor=deputy,
        )
    inspection = services.record_inspection(
        running_project,
        date=today.value,
        deputies=[world.deputy, world.other_deputy],
        findings="进度正常",
        actor=deputy,
    )
    assert set(inspection.deputies.all()) == {world.deputy, world.other_deputy}
    with pytest.raises(ValidationError):
        services.record_inspection(
            running_project, date=today.value, deputies=[], findings="x", actor=office
        )
    with pytest.raises(ValidationError):
        services.record_inspection(
            running_project,
            date=today.value + dt.timedelta(days=3),
            deputies=[world.deputy],
            findings="x",
            actor=office,
        )


def test_a_candidate_cannot_start_or_be_inspected(world, office, today):
    project = services.propose_project(year=2023, title="候选项目", actor=office)
    with pytest.raises(InvalidTransition):
        services.start_project(project, lead_unit=world.unit, actor=office)
    with pytest.raises(InvalidTransition):
        services.record_inspection(
            project, date=today.value, deputies=[world.deputy], findings="x", actor=office
        )
    with pytest.raises(ValidationError):
        services.propose_project(year=2023, title="候选项目", actor=office)


def test_a_refused_change_writes_no_audit_row(world, office, running_project):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.complete_project(running_project, actor=office)
    assert AuditEntry.objects.count() == before
    running_project.refresh_from_db()
    assert running_project.state == PS.IN_PROGRESS
