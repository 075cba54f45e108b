"""Rules of legislative plans and projects (RULES.md R50–R54), tested on the services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.ballots.models import Ballot
from renda.core.models import AuditEntry
from renda.core.rulesettings import change_rule_setting
from renda.handling.workflow import InvalidTransition
from renda.legislation import services_projects as services
from renda.legislation.models import LegislativeProject, ProjectStage
from renda.legislation.tests.fixtures_projects import adopt, new_project, to_readings

S = ProjectStage


# --- R50 ---------------------------------------------------------------------------------------
def test_R50_a_project_outside_the_four_areas_needs_the_authorising_law(world, leg):
    with pytest.raises(ValidationError) as error:
        new_project(world, leg, area="other_authorised")
    assert "authorising_law" in error.value.message_dict
    assert not LegislativeProject.objects.exists()
    project = new_project(
        world, leg, area="other_authorised", authorising_law="《中华人民共和国某某法》第十条"
    )
    assert project.authorising_law.startswith("《中华人民共和国")


def test_R50_an_unknown_area_is_refused_and_the_four_areas_are_accepted(world, leg):
    with pytest.raises(ValidationError) as error:
        new_project(world, leg, area="taxation")
    assert "area" in error.value.message_dict
    for area in ("urban_rural", "ecology", "heritage", "grassroots"):
        assert new_project(world, leg, area=area, title=f"条例{area}").area == area


def test_R50_applies_to_plan_items_too(world, leg):
    plan = services.create_plan(
        term=world.term, kind="annual", title="2023年立法计划", first_year=2023, actor=leg.office
    )
    with pytest.raises(ValidationError):
        services.add_plan_item(
            plan, kind="formal", title="某条例", area="other_authorised", actor=leg.office
        )
    assert not plan.items.exists()
    item = services.add_plan_item(
        plan,
        kind="research",
        title="养犬管理条例",
        area="grassroots",
        committee=leg.committee,
        actor=leg.office,
    )
    assert item.position == 1 and item.kind == "research"


# --- R52 ---------------------------------------------------------------------------------------
def test_R52_readings_are_numbered_at_committee_sessions_with_the_texts_versions(
    world, leg, fire_safety
):
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg, readings=3)
    readings = list(project.readings.order_by("number"))
    assert [r.number for r in readings] == [1, 2, 3]
    assert [r.session for r in readings] == leg.sessions
    assert readings[0].version.number == 1 and readings[1].version.number == 2
    assert project.stage == S.READING
    # each reading is on the session's agenda as a bill reading
    assert all(r.agenda_item and r.agenda_item.reading == r.number for r in readings)


def test_R52_a_reading_reads_a_version_of_the_projects_own_text(world, leg, fire_safety, office):
    from renda.legislation import services as texts

    other = texts.create_text(title="另一条例", kind="regulation_draft", actor=office)
    version = texts.add_version(other, text="第一条　测试。\n", actor=office)
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg, readings=0)
    with pytest.raises(ValidationError) as error:
        services.record_reading(
            project,
            session=leg.sessions[0],
            date=leg.sessions[0].start_date,
            version=version,
            actor=office,
        )
    assert "version" in error.value.message_dict
    assert not project.readings.exists()


def test_R52_a_vote_after_fewer_readings_needs_the_chair_meetings_reason(world, leg, fire_safety):
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg, readings=2)
    session = leg.sessions[-1]
    with pytest.raises(ValidationError) as error:
        services.put_to_vote(project, session=session, held_on=session.start_date, actor=leg.office)
    assert "reason" in error.value.message_dict
    project.refresh_from_db()
    assert project.stage == S.READING and project.ballot is None
    assert not Ballot.objects.exists()
    # a chair meeting not yet held does not do
    leg.chair_meeting.state = "scheduled"
    leg.chair_meeting.save()
    with pytest.raises(ValidationError):
        services.put_to_vote(
            project,
            session=session,
            held_on=session.start_date,
            chair_meeting=leg.chair_meeting,
            reason="内容单一、各方面意见一致",
            actor=leg.office,
        )
    leg.chair_meeting.state = "held"
    leg.chair_meeting.save()
    project = adopt(
        project, leg, chair_meeting=leg.chair_meeting, reason="内容单一、各方面意见一致"
    )
    assert project.stage == S.ADOPTED
    assert project.fewer_readings_meeting == leg.chair_meeting
    assert project.fewer_readings_reason == "内容单一、各方面意见一致"


def test_R52_the_normal_number_of_readings_is_a_setting(world, leg, fire_safety):
    change_rule_setting("legislation.normal_readings", "2", actor=world.users["administrator"])
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg, readings=2)
    assert adopt(project, leg).stage == S.ADOPTED


def test_the_vote_goes_through_the_ballot_engine_majority_of_all_members(world, leg, fire_safety):
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg)
    session = leg.sessions[-1]
    services.put_to_vote(project, session=session, held_on=session.start_date, actor=leg.office)
    project.refresh_from_db()
    ballot = project.ballot
    assert ballot.kind == Ballot.Kind.MOTION and ballot.method == Ballot.Method.ROLL_CALL
    assert ballot.pass_rule == Ballot.PassRule.MAJORITY_OF_ALL
    assert ballot.session == session and ballot.state == Ballot.State.OPEN
    # one yes of three members: not more than half of ALL members (R32)
    services.record_votes(project, entries=[(leg.members[0], "yes")], actor=leg.office)
    services.conclude_vote(project, actor=leg.office)
    project.refresh_from_db()
    assert project.stage == S.READING and project.adopted_on is None
    assert AuditEntry.objects.filter(verb="vote_failed").exists()
    # voted again after a fourth reading... here: at once, and passed
    project = adopt(project, leg)
    assert project.stage == S.ADOPTED and project.adopted_on == session.start_date


# --- R53 ---------------------------------------------------------------------------------------
def test_R53_the_provincial_decision_is_due_four_months_after_submission(
    world, leg, fire_safety, today
):
    project = adopt(to_readings(new_project(world, leg, legal_text=fire_safety), leg), leg)
    services.submit_to_province(project, submitted_on=dt.date(2023, 7, 10), actor=leg.office)
    project.refresh_from_db()
    assert project.stage == S.SUBMITTED
    assert project.decision_due_on == dt.date(2023, 11, 10)
    today.value = dt.date(2023, 9, 1)
    assert services.r53_warning(project) == ""
    today.value = dt.date(2023, 10, 20)
    assert services.r53_warning(project) == "due_soon"
    today.value = dt.date(2023, 11, 11)
    assert services.r53_warning(project) == "overdue"
    # the office's to-do shows it, with its due date
    from renda.core.todo import items_for

    items = [i for i in items_for(leg.office) if i.title == project.title]
    assert items and items[0].due == dt.date(2023, 11, 10)
    assert not [i for i in items_for(world.users["deputy"]) if i.title == project.title]


def test_R53_the_months_are_a_setting_and_approval_ends_the_warning(world, leg, fire_safety, today):
    change_rule_setting("legislation.approval_months", "3", actor=world.users["administrator"])
    project = adopt(to_readings(new_project(world, leg, legal_text=fire_safety), leg), leg)
    services.submit_to_province(project, submitted_on=dt.date(2023, 7, 10), actor=leg.office)
    project.refresh_from_db()
    assert project.decision_due_on == dt.date(2023, 10, 10)
    today.value = dt.date(2023, 12, 1)
    services.record_provincial_approval(
        project,
        approved_on=dt.date(2023, 9, 27),
        votes_for=52,
        votes_against=0,
        votes_abstain=0,
        actor=leg.office,
    )
    project.refresh_from_db()
    assert services.r53_warning(project) == "" and project.unanimous_at_province is True


def test_R53_submission_comes_after_adoption(world, leg, fire_safety):
    project = to_readings(new_project(world, leg, legal_text=fire_safety), leg)
    with pytest.raises(InvalidTransition):
        services.submit_to_province(project, submitted_on=dt.date(2023, 7, 10), actor=leg.office)
    project = adopt(project, leg)
    with pytest.raises(ValidationError):
        services.submit_to_province(project, submitted_on=dt.date(2023, 6, 1), actor=leg.office)
    project.refresh_from_db()
    assert project.stage == S.ADOPTED and project.submitted_on is None


# --- R54 ---------------------------------------------------------------------------------------
def _approved(world, leg, legal_text, against=0, abstain=0):
    project = adopt(to_readings(new_project(world, leg, legal_text=legal_text), leg), leg)
    services.submit_to_province(project, submitted_on=dt.date(2023, 7, 10), actor=leg.office)
    return services.record_provincial_approval(
        project,
        approved_on=dt.date(2023, 9, 27),
        votes_for=50,
        votes_against=against,
        votes_abstain=abstain,
        actor=leg.office,
    )


def test_R54_publication_is_refused_before_the_provincial_approval(world, leg, fire_safety):
    project = adopt(to_readings(new_project(world, leg, legal_text=fire_safety), leg), leg)
    with pytest.raises(InvalidTransition) as error:
        services.publish(
            project,
            notice_number="第1号",
            published_on=dt.date(2023, 10, 1),
            effective_on=dt.date(2024, 1, 1),
            actor=leg.office,
        )
    assert "R54" in str(error.value)
    project.refresh_from_db()
    assert project.stage == S.ADOPTED and project.notice_number == ""


def test_R54_published_with_the_notice_number_effective_on_or_after_publication(
    world, leg, fire_safety
):
    project = _approved(world, leg, fire_safety)
    with pytest.raises(ValidationError) as error:
        services.publish(
            project,
            notice_number="第1号",
            published_on=dt.date(2023, 10, 20),
            effective_on=dt.date(2023, 10, 1),
            actor=leg.office,
        )
    assert "effective_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.publish(
            project,
            notice_number="  ",
            published_on=dt.date(2023, 10, 20),
            effective_on=dt.date(2024, 1, 1),
            actor=leg.office,
        )
    assert "notice_number" in error.value.message_dict
    project.refresh_from_db()
    assert project.stage == S.APPROVED
    services.publish(
        project,
        notice_number="平顶山市人大常委会公告第5号",
        published_on=dt.date(2023, 10, 20),
        effective_on=dt.date(2024, 1, 1),
        actor=leg.office,
    )
    project.refresh_from_db()
    assert project.stage == S.PUBLISHED and project.effective_on == dt.date(2024, 1, 1)
    fire_safety.refresh_from_db()
    assert fire_safety.kind == "regulation"
    change = AuditEntry.objects.get(verb="change_kind", target_id=str(fire_safety.pk))
    assert change.before == {"kind": "regulation_draft"} and change.after == {"kind": "regulation"}
    entry = AuditEntry.objects.filter(verb="publish", target_id=str(project.pk)).get()
    assert entry.from_state == S.APPROVED and entry.to_state == S.PUBLISHED


def test_unanimity_at_the_province_is_computed_from_the_votes(world, leg, fire_safety):
    assert _approved(world, leg, fire_safety, abstain=1).unanimous_at_province is False


def test_every_illegal_move_is_refused(world, leg):
    project = new_project(world, leg)
    calls = [
        lambda: services.start_drafting(project, started_on=dt.date(2023, 2, 1), actor=leg.office),
        lambda: services.conclude_vote(project, actor=leg.office),
        lambda: services.record_evaluation(
            project, evaluated_on=dt.date(2023, 3, 1), findings="x", actor=leg.office
        ),
        lambda: services.record_reading(
            project,
            session=leg.sessions[0],
            date=leg.sessions[0].start_date,
            actor=leg.office,
        ),
    ]
    for call in calls:
        with pytest.raises(InvalidTransition):
            call()
    project.refresh_from_db()
    assert project.stage == S.RESEARCH


def test_a_project_produces_a_regulation_not_a_filed_document(world, leg):
    from renda.legislation import services as texts

    document = texts.create_text(
        title="某局规范性文件", kind="normative_document", actor=leg.office
    )
    with pytest.raises(ValidationError) as refused:
        new_project(world, leg, legal_text=document)
    assert "legal_text" in refused.value.message_dict
    assert not LegislativeProject.objects.exists()
