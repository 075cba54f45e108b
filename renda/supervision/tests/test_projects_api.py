"""The projects part through the HTTP API: a research from creation to its
recommendations' responses; an expert consulted and answering; livelihood projects
from candidates through the deputies' vote (ballot engine) to completion. Illegal moves
answer 409, bad input 400 with a message, and nothing changes."""

import datetime as dt

import pytest

from renda.ballots import services as ballots
from renda.core.models import AuditEntry
from renda.supervision import services_projects as services
from renda.supervision.models import LivelihoodProject, Recommendation, Research
from renda.supervision.tests.fixtures_projects import *  # noqa: F403

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_a_research_through_the_api(world, client_for, today):
    office = client_for("office_staff")
    r = office.post(
        f"{API}/research/",
        {
            "kind": "research",
            "year": 2023,
            "topic": "科技创新专题调研",
            "places": ["高新区", "洛阳市"],
            "departments": [world.unit.pk, world.other_unit.pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    research = r.json()
    assert research["state"] == "planned" and research["places"] == ["高新区", "洛阳市"]
    url = f"{API}/research/{research['id']}"
    # illegal move: report before the start
    r = office.post(f"{url}/report/", {"findings": "x"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["detail"]
    assert office.post(f"{url}/start/").json()["state"] == "in_progress"
    area = office.post(f"{url}/areas/", {"title": "强化创新平台建设"}).json()["areas"][0]
    r = office.post(
        f"{url}/recommendations/",
        {"area": area["id"], "text": "建设重点实验室", "department": world.unit.pk},
    )
    assert r.status_code == 201
    # bad input: an area that does not exist, an empty text
    r = office.post(f"{url}/recommendations/", {"area": 999999, "text": "x"})
    assert r.status_code == 400 and "area" in r.json()["errors"]
    r = office.post(f"{url}/recommendations/", {"area": area["id"], "text": ""})
    assert r.status_code == 400
    r = office.post(f"{url}/report/", {"findings": "平台增长。"})
    assert r.json()["state"] == "reported"
    r = office.post(f"{url}/close/")
    assert r.status_code == 400 and "1" in r.json()["errors"]["non_field_errors"][0]

    # the unit sees the recommendation addressed to it and responds
    unit = client_for("unit_handler")
    rows = unit.get(f"{API}/research-recommendations/").json()["results"]
    assert [row["text"] for row in rows] == ["建设重点实验室"]
    reco = rows[0]["id"]
    r = unit.post(f"{API}/research-recommendations/{reco}/respond/", {"response": ""})
    assert r.status_code == 400
    r = unit.post(f"{API}/research-recommendations/{reco}/respond/", {"response": "已列入计划"})
    assert r.status_code == 200 and r.json()["state"] == "responded"
    r = unit.post(f"{API}/research-recommendations/{reco}/respond/", {"response": "again"})
    assert r.status_code == 409
    assert unit.get(f"{API}/research/").status_code == 403
    assert office.post(f"{url}/close/").json()["state"] == "closed"


def test_the_units_list_holds_only_its_own(world, office, client_for, reported_research):
    unit = client_for("unit_handler")
    rows = unit.get(f"{API}/research-recommendations/").json()["results"]
    assert {row["department"] for row in rows} == {world.unit.pk}
    other = Recommendation.objects.get(department=world.other_unit)
    assert unit.get(f"{API}/research-recommendations/{other.pk}/").status_code == 404
    r = unit.post(f"{API}/research-recommendations/{other.pk}/respond/", {"response": "x"})
    assert r.status_code == 404
    other.refresh_from_db()
    assert other.state == "open"


def test_experts_and_their_consultations(world, client_for, expert_user_expert, today):
    office = client_for("office_staff")
    r = office.post(
        f"{API}/experts/",
        {
            "name": "王专家",
            "expertise": "审计",
            "affiliation": "会计师事务所",
            "pool": "state_assets",
            "term_start": "2023-05-18",
            "term_end": "2023-05-01",
        },
    )
    assert r.status_code == 400 and "term_end" in r.json()["errors"]
    r = office.post(
        f"{API}/experts/",
        {
            "name": "王专家",
            "expertise": "审计",
            "affiliation": "会计师事务所",
            "pool": "state_assets",
            "term_start": "2023-01-18",
        },
    )
    assert r.status_code == 201
    other_expert = r.json()["id"]
    r = office.post(
        f"{API}/experts/{expert_user_expert.pk}/consult/",
        {"subject_kind": "work_report", "subject": "国有资产管理情况报告", "question": "意见？"},
    )
    assert r.status_code == 201
    own = r.json()["id"]
    r = office.post(
        f"{API}/experts/{other_expert}/consult/",
        {"subject_kind": "other", "subject": "其他事项", "question": "意见？"},
    )
    others = r.json()["id"]

    expert = client_for("expert")
    rows = expert.get(f"{API}/expert-consultations/").json()["results"]
    assert [row["id"] for row in rows] == [own]
    assert expert.get(f"{API}/expert-consultations/{others}/").status_code == 404
    assert expert.get(f"{API}/experts/").status_code == 403
    r = expert.post(f"{API}/expert-consultations/{others}/answer/", {"opinion": "越权"})
    assert r.status_code == 404
    r = expert.post(f"{API}/expert-consultations/{own}/answer/", {"opinion": "建议加强处置。"})
    assert r.status_code == 200 and r.json()["state"] == "answered"
    r = expert.post(f"{API}/expert-consultations/{own}/withdraw/")
    assert r.status_code == 403
    r = office.post(f"{API}/experts/{other_expert}/dismiss/", {"on": "2023-02-01"})
    assert r.json()["is_active"] is False
    r = office.post(f"{API}/experts/{other_expert}/dismiss/")
    assert r.status_code == 409


def test_livelihood_projects_from_the_vote_to_completion(world, client_for, session, today):
    office = client_for("office_staff")
    for title in ("城镇老旧小区改造", "城区路灯亮化", "菜市场标准化改造"):
        r = office.post(
            f"{API}/livelihood-projects/", {"year": 2023, "title": title, "notes": "内部备注"}
        )
        assert r.status_code == 201
    r = office.post(f"{API}/livelihood-projects/", {"year": 2023, "title": "城区路灯亮化"})
    assert r.status_code == 400 and "title" in r.json()["errors"]
    r = office.post(
        f"{API}/livelihood-projects/put-to-vote/",
        {"year": 2023, "session": session.pk, "held_on": "2023-03-01", "places": 3},
    )
    assert r.status_code == 400  # as many places as candidates: nothing to choose
    r = office.post(
        f"{API}/livelihood-projects/put-to-vote/",
        {"year": 2023, "session": session.pk, "held_on": "2023-03-01", "places": 2},
    )
    assert r.status_code == 201, r.content
    ballot_id = r.json()["ballot"]
    r = office.post(f"{API}/livelihood-projects/apply-selection/", {"ballot": ballot_id})
    assert r.status_code == 409  # the vote is not even open

    # the deputies vote in the ballot engine
    from renda.ballots.models import Ballot

    ballot = Ballot.objects.get(pk=ballot_id)
    user = world.users["office_staff"]
    ballots.open_ballot(ballot, actor=user)
    by_title = {p.title: p for p in LivelihoodProject.objects.all()}
    picks = [
        by_title["城镇老旧小区改造"].ballot_option_id,
        by_title["城区路灯亮化"].ballot_option_id,
    ]
    for deputy in (world.deputy, world.other_deputy):
        ballots.cast(ballot, voter=deputy.person, choices=picks, actor=user)
    ballots.close_ballot(ballot, actor=user)
    r = office.post(f"{API}/livelihood-projects/apply-selection/", {"ballot": ballot_id})
    assert r.status_code == 200
    assert sorted(p["title"] for p in r.json()) == ["城区路灯亮化", "城镇老旧小区改造"]
    assert LivelihoodProject.objects.get(title="菜市场标准化改造").state == "not_chosen"

    project = by_title["城镇老旧小区改造"].pk
    url = f"{API}/livelihood-projects/{project}"
    r = office.post(f"{url}/start/", {"lead_unit": world.unit.pk, "started_on": "2023-02-01"})
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    r = office.post(f"{url}/milestones/", {"title": "开工", "due_on": "2023-06-30"})
    milestone = r.json()["milestones"][0]["id"]
    r = office.post(f"{url}/complete/")
    assert r.status_code == 400  # a milestone is open

    unit = client_for("unit_handler")
    assert [p["id"] for p in unit.get(f"{API}/livelihood-projects/").json()["results"]] == [project]
    r = unit.post(f"{url}/progress/", {"percent": 150, "text": "x"})
    assert r.status_code == 400 and "percent" in r.json()["errors"]
    r = unit.post(f"{url}/progress/", {"percent": 50, "text": "主体完工"})
    assert r.status_code == 201 and r.json()["percent"] == 50
    r = unit.post(f"{url}/milestone-done/", {"milestone": milestone})
    assert r.json()["milestones"][0]["done_on"] == today.value.isoformat()
    assert "notes" not in r.json()  # internal notes: committee side only

    deputy = client_for("deputy")
    r = deputy.post(
        f"{url}/inspections/",
        {"date": "2023-02-20", "deputies": [world.deputy.pk], "findings": "进度正常"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["inspections"][0]["deputy_names"] == [world.deputy.person.name]
    assert "notes" not in deputy.get(f"{url}/").json()
    r = deputy.post(f"{url}/progress/", {"percent": 60, "text": "x"})
    assert r.status_code == 403

    r = office.post(f"{url}/complete/")
    assert r.status_code == 200 and r.json()["state"] == "completed"
    assert r.json()["percent"] == 100 and r.json()["notes"] == "内部备注"
    r = office.post(f"{url}/complete/")
    assert r.status_code == 409


def test_refused_input_changes_nothing(world, client_for, running_project):
    office = client_for("office_staff")
    url = f"{API}/livelihood-projects/{running_project.pk}"
    before = AuditEntry.objects.count()
    for path, body in (
        ("start/", {"lead_unit": world.unit.pk}),  # already started: 409
        ("milestones/", {"title": "", "due_on": "2023-06-30"}),
        ("milestones/", {"title": "x", "due_on": "not a date"}),
        ("progress/", {"percent": "many", "text": "x"}),
        ("inspections/", {"date": "2023-02-20", "deputies": [], "findings": "x"}),
        ("inspections/", {"date": "2023-02-20", "deputies": [2**70], "findings": "x"}),
        ("milestone-done/", {"milestone": 10**15}),
    ):
        r = office.post(url + "/" + path, body, content_type="application/json")
        assert r.status_code in (400, 409), (path, r.status_code, r.content)
        assert r.json()["detail"]
    assert AuditEntry.objects.count() == before


def test_list_queries_do_not_grow(
    world, office, client_for, running_project, reported_research, django_assert_max_num_queries
):
    for number in range(5):
        project = services.propose_project(year=2023, title=f"项目{number}", actor=office)
        services.update_project(project, notes="备注", actor=office)
    services.report_progress(running_project, percent=20, text="开工", actor=office)
    services.record_inspection(
        running_project,
        date=dt.date(2023, 2, 20),
        deputies=[world.deputy, world.other_deputy],
        findings="好",
        actor=office,
    )
    leader = client_for("leader")
    with django_assert_max_num_queries(12):
        r = leader.get(f"{API}/livelihood-projects/")
    assert r.json()["count"] == 7
    with django_assert_max_num_queries(12):
        r = leader.get(f"{API}/research/")
    assert r.json()["count"] == Research.objects.count()
