"""A legislative project through the HTTP API from research to publication and
evaluation; plans, items and research topics; permissions; bad input."""

import pytest
from django.urls import reverse

from renda.ballots.models import Ballot
from renda.legislation.models import LegislativePlan, LegislativeProject, ResearchTopic


def _post(client, name, data=None, **kwargs):
    return client.post(reverse(name, kwargs=kwargs), data or {}, content_type="application/json")


def test_a_project_from_research_to_publication_through_the_api(
    world, leg, fire_safety, client_for
):
    office = client_for("office_staff")
    created = _post(
        office,
        "api:legislative-project-list",
        {
            "term": world.term.pk,
            "title": "平顶山市居民住宅消防安全管理条例",
            "year": 2023,
            "area": "urban_rural",
            "legal_text": fire_safety.pk,
            "committee": leg.committee.pk,
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["stage"] == "research"

    def step(name, data=None, code=200):
        response = _post(office, f"api:legislative-project-{name}", data, pk=pk)
        assert response.status_code == code, response.content
        return response.json()

    step("approve", {"approved_on": "2023-01-20", "evaluation": "立项论证充分。"})
    step("drafting", {"started_on": "2023-01-25"})
    versions = list(fire_safety.versions.order_by("number"))
    for number, session in enumerate(leg.sessions):
        body = step(
            "readings",
            {
                "session": session.pk,
                "date": session.start_date.isoformat(),
                "version": versions[min(number, 1)].pk,
            },
            201,
        )
    assert [r["number"] for r in body["readings"]] == [1, 2, 3]
    last = leg.sessions[-1]
    body = step("vote", {"session": last.pk, "held_on": last.start_date.isoformat()})
    assert body["stage"] == "voting" and body["ballot"]
    step("votes", {"votes": [{"voter": p.pk, "choice": "yes"} for p in leg.members]})
    body = step("conclude-vote")
    assert body["stage"] == "adopted" and body["adopted_on"] == last.start_date.isoformat()
    assert Ballot.objects.get(pk=body["ballot"]).passed is True
    body = step("submit", {"submitted_on": "2023-07-10"})
    assert body["decision_due_on"] == "2023-11-10"
    body = step(
        "provincial-approval",
        {"approved_on": "2023-09-27", "votes_for": 52, "votes_against": 0, "votes_abstain": 0},
    )
    assert body["unanimous_at_province"] is True
    body = step(
        "publish",
        {
            "notice_number": "平顶山市人大常委会公告第5号",
            "published_on": "2023-10-20",
            "effective_on": "2024-01-01",
        },
    )
    assert body["stage"] == "published" and body["effective_on"] == "2024-01-01"
    body = step("evaluation", {"evaluated_on": "2023-12-15", "findings": "实施情况良好。"})
    assert body["stage"] == "evaluated"
    # an illegal move: 409 with a message, nothing changed
    again = _post(
        office,
        "api:legislative-project-approve",
        {"approved_on": "2023-01-20", "evaluation": "再次"},
        pk=pk,
    )
    assert again.status_code == 409 and again.json()["detail"]
    assert LegislativeProject.objects.get(pk=pk).stage == "evaluated"
    # committee members read it; the list filters by stage and area
    listed = client_for("committee_member").get(
        reverse("api:legislative-project-list"), {"stage": "evaluated", "area": "urban_rural"}
    )
    assert listed.status_code == 200 and listed.json()["count"] == 1


@pytest.mark.parametrize("role", ["committee_member", "leader", "unit_handler", "deputy", "expert"])
def test_only_the_office_changes(world, leg, client_for, role):
    client = client_for(role)
    response = _post(
        client,
        "api:legislative-project-list",
        {"term": world.term.pk, "title": "某条例", "year": 2023, "area": "ecology"},
    )
    assert response.status_code == 403
    assert not LegislativeProject.objects.exists()


def test_units_deputies_and_anonymous_see_nothing(world, leg, client_for):
    from renda.legislation.tests.fixtures_projects import new_project

    new_project(world, leg)
    for role in ("unit_handler", "deputy", "anonymous", "no_role"):
        response = client_for(role).get(reverse("api:legislative-project-list"))
        assert response.status_code in (401, 403), role


def test_bad_input_is_a_400_with_a_message_and_changes_nothing(world, leg, client_for):
    office = client_for("office_staff")
    cases = [
        {"term": world.term.pk, "title": "", "year": 2023, "area": "ecology"},
        {"term": world.term.pk, "title": "某条例", "year": 99999999999, "area": "ecology"},
        {"term": 2**40, "title": "某条例", "year": 2023, "area": "ecology"},
        {"term": world.term.pk, "title": "某条例", "year": 2023, "area": "other_authorised"},
        {"term": world.term.pk, "title": "某\x00条例", "year": 2023, "area": "nonsense"},
        {"term": "x", "title": ["a"], "year": "二〇二三", "area": None},
    ]
    for data in cases:
        response = _post(office, "api:legislative-project-list", data)
        assert response.status_code == 400, (data, response.content)
        assert response.json()["errors"]
    assert not LegislativeProject.objects.exists()
    r50 = _post(
        office,
        "api:legislative-project-list",
        {"term": world.term.pk, "title": "某条例", "year": 2023, "area": "other_authorised"},
    )
    assert "authorising_law" in r50.json()["errors"]


def test_bad_transition_input_is_a_400(world, leg, client_for):
    from renda.legislation.tests.fixtures_projects import new_project

    project = new_project(world, leg)
    office = client_for("office_staff")
    for data in (
        {},
        {"approved_on": "not a date", "evaluation": "x"},
        {"approved_on": "2023-01-01"},
    ):
        response = _post(office, "api:legislative-project-approve", data, pk=project.pk)
        assert response.status_code == 400
    future = _post(
        office,
        "api:legislative-project-approve",
        {"approved_on": "2099-01-01", "evaluation": "x"},
        pk=project.pk,
    )
    assert future.status_code == 400
    project.refresh_from_db()
    assert project.stage == "research"


def test_plans_items_and_topics_through_the_api(world, leg, client_for):
    office = client_for("office_staff")
    plan = _post(
        office,
        "api:legislative-plan-list",
        {"term": world.term.pk, "kind": "annual", "title": "2023年立法计划", "first_year": 2023},
    )
    assert plan.status_code == 201
    pk = plan.json()["id"]
    refused = _post(
        office,
        "api:legislative-plan-items",
        {"kind": "formal", "title": "某条例", "area": "other_authorised"},
        pk=pk,
    )
    assert refused.status_code == 400 and "authorising_law" in refused.json()["errors"]
    added = _post(
        office,
        "api:legislative-plan-items",
        {"kind": "formal", "title": "传统村落保护条例", "area": "heritage"},
        pk=pk,
    )
    assert added.status_code == 201 and len(added.json()["items"]) == 1
    assert (
        _post(office, "api:legislative-plan-adopt", {"adopted_on": "2023-02-20"}, pk=pk).json()[
            "state"
        ]
        == "adopted"
    )
    assert LegislativePlan.objects.get(pk=pk).state == "adopted"
    topic = _post(
        office, "api:legislative-research-topic-list", {"title": "城市养犬管理", "year": 2023}
    )
    assert topic.status_code == 201
    tid = topic.json()["id"]
    assert (
        _post(office, "api:legislative-research-topic-start", pk=tid).json()["state"]
        == "researching"
    )
    concluded = _post(
        office,
        "api:legislative-research-topic-conclude",
        {"conclusion": "建议列入立法计划预备项目", "concluded_on": "2023-11-30"},
        pk=tid,
    )
    assert concluded.json()["state"] == "concluded"
    assert _post(office, "api:legislative-research-topic-start", pk=tid).status_code == 409
    assert ResearchTopic.objects.get(pk=tid).state == "concluded"
