"""Fixtures of the projects part's tests (research, experts, livelihood projects).
Test modules import them: ``from renda.supervision.tests.fixtures_projects import *``."""

import datetime as dt

import pytest

from renda.ballots import services as ballots
from renda.supervision import services_projects as services

__all__ = [
    "chosen_project",
    "expert",
    "expert_user_expert",
    "office",
    "reported_research",
    "running_project",
]


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def reported_research(world, office, today):
    """A research with two areas, three recommendations (two to the world's unit, one
    to the other unit), reported."""
    research = services.create_research(
        kind="research", year=2023, topic="科技创新专题调研", actor=office
    )
    services.start_research(research, start_date=dt.date(2023, 2, 1), actor=office)
    first = services.add_area(research, title="强化创新平台建设", actor=office)
    second = services.add_area(research, title="壮大创新主体", actor=office)
    services.add_recommendation(first, text="建设重点实验室", department=world.unit, actor=office)
    services.add_recommendation(
        first, text="支持中试基地", department=world.other_unit, actor=office
    )
    services.add_recommendation(
        second, text="培育高新技术企业", department=world.unit, actor=office
    )
    services.report_research(
        research, findings="创新平台数量稳步增长。", reported_on=dt.date(2023, 2, 20), actor=office
    )
    research.refresh_from_db()
    return research


@pytest.fixture
def expert(office):
    return services.appoint_expert(
        name="李专家",
        expertise="财务会计",
        affiliation="平顶山学院",
        title="教授",
        pool="state_assets",
        term_start=dt.date(2023, 1, 1),
        actor=office,
    )


@pytest.fixture
def expert_user_expert(world, office):
    """An expert of the pool linked to the world's expert account."""
    return services.appoint_expert(
        name="周专家",
        expertise="国资监管",
        affiliation="市委党校",
        pool="state_assets",
        term_start=dt.date(2023, 1, 1),
        user=world.users["expert"],
        actor=office,
    )


@pytest.fixture
def chosen_project(world, office, session, today):
    """Two candidates put to the deputies' vote (1 place); both deputies vote for the
    first; the result applied: the first is chosen."""
    first = services.propose_project(year=2023, title="城镇老旧小区改造", actor=office)
    services.propose_project(year=2023, title="城区路灯亮化", actor=office)
    ballot = services.put_to_vote(
        2023, places=1, term=world.term, session=session, held_on=today.value, actor=office
    )
    ballots.open_ballot(ballot, actor=office)
    first.refresh_from_db()
    for deputy in (world.deputy, world.other_deputy):
        ballots.cast(ballot, voter=deputy.person, choices=[first.ballot_option_id], actor=office)
    ballots.close_ballot(ballot, actor=office)
    services.apply_selection(ballot, actor=office)
    first.refresh_from_db()
    return first


@pytest.fixture
def running_project(world, office, chosen_project, today):
    """The chosen project, handed to the world's unit, with two milestones."""
    services.start_project(
        chosen_project, lead_unit=world.unit, started_on=dt.date(2023, 2, 1), actor=office
    )
    services.add_milestone(
        chosen_project, title="开工建设", due_on=dt.date(2023, 6, 30), actor=office
    )
    services.add_milestone(
        chosen_project, title="完工验收", due_on=dt.date(2023, 11, 30), actor=office
    )
    chosen_project.refresh_from_db()
    return chosen_project
