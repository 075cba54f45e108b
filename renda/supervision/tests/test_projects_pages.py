"""The projects part's pages: lists (filters, search, export, query counts), a research
from a plan item with its recommendations, the expert's own consultations, the
selection vote page, a project's actions, and the public portal (nothing internal).
Assertions are on data, not on translated text."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.ballots import services as ballots
from renda.ballots.models import Ballot
from renda.core.models import AuditEntry
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


def test_research_from_a_plan_item_through_the_pages(world, client_for, today):
    plan = SupervisionPlan.objects.create(term=world.term, year=2023, title="2023年监督计划")
    item = PlanItem.objects.create(
        plan=plan,
        position=1,
        kind="research",
        title="教育双减专题调研",
        owner=world.unit,
        planned_month=3,
    )
    office = client_for("office_staff")
    page = office.get(reverse("supervision:research-create") + f"?plan_item={item.pk}")
    assert page.status_code == 200
    assert "教育双减专题调研" in page.content.decode()  # the topic comes from the plan
    assert office.get(reverse("supervision:research-create") + "?plan_item=x").status_code == 200
    r = office.post(
        reverse("supervision:research-create"),
        {"kind": "research", "year": 2023, "topic": "", "plan_item": item.pk},
    )
    assert r.status_code == 400 and not Research.objects.exists()
    r = office.post(
        reverse("supervision:research-create"),
        {
            "kind": "research",
            "year": 2023,
            "topic": "教育双减专题调研",
            "plan_item": item.pk,
            "is_livelihood": "on",
            "places": "新华区实验小学\n湛河区二中",
            "departments": [world.unit.pk],
        },
    )
    research = Research.objects.get()
    assert r.status_code == 302 and research.plan_item == item and research.is_livelihood
    act = lambda action, data: office.post(  # noqa: E731
        reverse("supervision:research-act", args=[research.pk, action]),
        {f"{action}-{k}": v for k, v in data.items()},
    )
    assert act("report", {"findings": "x"}).status_code == 302  # not available: a message
    research.refresh_from_db()
    assert research.state == "planned"
    assert act("start", {"start_date": "2023-02-01"}).status_code == 302
    assert act("area", {"title": "减轻作业负担"}).status_code == 302
    area = research.areas.get()
    r = act("recommendation", {"area": area.pk, "text": "", "department": world.unit.pk})
    assert r.status_code == 400 and not Recommendation.objects.exists()
    act("recommendation", {"area": area.pk, "text": "规范作业总量", "department": world.unit.pk})
    act("report", {"findings": "课后服务全覆盖。", "reported_on": "2023-02-20"})
    page = office.get(reverse("supervision:research-detail", args=[research.pk]))
    body = page.content.decode()
    assert 'data-state="reported"' in body and "规范作业总量" in body and "湛河区二中" in body

    # the unit answers from its list
    unit = client_for("unit_handler")
    listing = unit.get(reverse("supervision:recommendation-list"))
    assert "规范作业总量" in listing.content.decode()
    reco = Recommendation.objects.get()
    r = unit.post(
        reverse("supervision:recommendation-act", args=[reco.pk, "respond"]),
        {"respond-response": "已修订作业管理办法。"},
    )
    assert r.status_code == 302
    reco.refresh_from_db()
    assert reco.state == "responded"
    assert act("close", {"note": ""}).status_code == 302
    research.refresh_from_db()
    assert research.state == "closed"


def test_list_pages_filter_search_export_and_stay_cheap(
    world, office, client_for, reported_research, running_project, django_assert_max_num_queries
):
    for number in range(8):
        services.create_research(
            kind="research", year=2022 + number % 2, topic=f"调研{number}", actor=office
        )
        services.propose_project(year=2023, title=f"候选{number}", actor=office)
    services.report_progress(running_project, percent=40, text="开工", actor=office)
    leader = client_for("leader")
    for name, expected in (
        ("supervision:research-list", "调研7"),
        ("supervision:recommendation-list", "建设重点实验室"),
        ("supervision:project-list", "40%"),
    ):
        with django_assert_max_num_queries(14):
            page = leader.get(reverse(name))
        assert page.status_code == 200 and expected in page.content.decode(), name
    page = leader.get(reverse("supervision:research-list"), {"year": 2022, "q": "调研"})
    body = page.content.decode()
    assert "调研0" in body and "调研1" not in body
    partial = leader.get(
        reverse("supervision:project-list"), {"q": "候选3"}, HTTP_HX_REQUEST="true"
    )
    assert "候选3" in partial.content.decode() and "<html" not in partial.content.decode()
    export = leader.get(reverse("supervision:project-list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert running_project.title in titles and len(titles) == 10


def test_the_expert_sees_only_their_own_consultations(
    world, office, client_for, expert, expert_user_expert
):
    own = services.consult_expert(
        expert_user_expert, subject_kind="other", subject="本人咨询", question="?", actor=office
    )
    other = services.consult_expert(
        expert, subject_kind="other", subject="他人咨询", question="?", actor=office
    )
    client = client_for("expert")
    body = client.get(reverse("supervision:consultation-list")).content.decode()
    assert "本人咨询" in body and "他人咨询" not in body
    assert (
        client.get(reverse("supervision:consultation-detail", args=[other.pk])).status_code == 404
    )
    r = client.post(
        reverse("supervision:consultation-act", args=[own.pk, "answer"]),
        {"answer-opinion": "同意报告意见。"},
    )
    assert r.status_code == 302
    own.refresh_from_db()
    assert own.state == ConsultationRequest.State.ANSWERED and own.opinion == "同意报告意见。"
    r = client.post(reverse("supervision:consultation-act", args=[own.pk, "withdraw"]), {})
    assert r.status_code == 403


def test_expert_pages(world, client_for, today):
    office = client_for("office_staff")
    data = {
        "name": "刘专家",
        "expertise": "资产评估",
        "affiliation": "评估公司",
        "pool": "state_assets",
        "batch": 1,
        "term_start": "2023-01-18",
        "user": world.users["expert"].pk,
    }
    r = office.post(
        reverse("supervision:expert-create"), {**data, "user": world.users["deputy"].pk}
    )
    assert r.status_code == 400
    r = office.post(reverse("supervision:expert-create"), data)
    assert r.status_code == 302
    from renda.supervision.models import Expert

    expert = Expert.objects.get()
    assert expert.user == world.users["expert"]
    r = office.post(
        reverse("supervision:expert-act", args=[expert.pk, "consult"]),
        {"consult-subject_kind": "project", "consult-subject": "老旧小区", "consult-question": "?"},
    )
    assert r.status_code == 302 and expert.consultations.count() == 1
    r = office.post(reverse("supervision:expert-edit", args=[expert.pk]), {**data, "batch": 0})
    assert r.status_code == 400
    expert.refresh_from_db()
    assert expert.batch == 1
    page = office.get(reverse("supervision:expert-list"), {"pool": "state_assets"})
    assert "刘专家" in page.content.decode()


def test_the_selection_page_puts_to_vote_and_applies(world, office, client_for, session, today):
    for title in ("甲项目", "乙项目", "丙项目"):
        services.propose_project(year=2023, title=title, actor=office)
    client = client_for("office_staff")
    url = reverse("supervision:project-selection")
    assert client.get(url, {"year": 2023}).status_code == 200
    r = client.post(url, {"year": 2023, "step": "vote", "session": session.pk, "places": ""})
    assert r.status_code == 400 and not Ballot.objects.exists()
    r = client.post(
        url,
        {"year": 2023, "step": "vote", "session": session.pk, "held_on": "2023-03-01", "places": 2},
    )
    ballot = Ballot.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("ballots:detail", args=[ballot.pk])
    r = client.post(url, {"year": 2023, "step": "apply", "ballot": ballot.pk})
    assert r.status_code == 409  # not closed yet
    ballots.open_ballot(ballot, actor=office)
    options = {o.label: o.pk for o in ballot.options.all()}
    for deputy in (world.deputy, world.other_deputy):
        ballots.cast(
            ballot,
            voter=deputy.person,
            choices=[options["甲项目"], options["丙项目"]],
            actor=office,
        )
    ballots.close_ballot(ballot, actor=office)
    r = client.post(url, {"year": 2023, "step": "apply", "ballot": ballot.pk})
    assert r.status_code == 302
    states = dict(LivelihoodProject.objects.values_list("title", "state"))
    assert states == {"甲项目": "chosen", "乙项目": "not_chosen", "丙项目": "chosen"}
    r = client.post(url, {"year": 2023, "step": "apply", "ballot": "abc"})
    assert r.status_code == 400


def test_a_project_through_its_page(world, office, client_for, running_project, today):
    unit = client_for("unit_handler")
    url = lambda action: reverse("supervision:project-act", args=[running_project.pk, action])  # noqa: E731
    first = running_project.milestones.order_by("position").first()
    r = unit.post(url("progress"), {"progress-percent": 30, "progress-text": "开工"})
    assert r.status_code == 302
    r = unit.post(url("progress"), {"progress-percent": 10, "progress-text": "倒退"})
    assert r.status_code == 400 and running_project.progress_reports.count() == 1
    r = unit.post(url("milestone-done"), {"milestone-done-milestone": first.pk})
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.done_on == today.value
    assert unit.post(url("complete"), {}).status_code == 403
    deputy = client_for("deputy")
    r = deputy.post(
        url("inspection"),
        {
            "inspection-date": "2023-02-20",
            "inspection-deputies": [world.deputy.pk],
            "inspection-findings": "施工有序",
        },
    )
    assert r.status_code == 302 and running_project.inspections.count() == 1
    page = deputy.get(reverse("supervision:project-detail", args=[running_project.pk]))
    assert 'data-percent="30"' in page.content.decode()
    assert unit.post(url("edit"), {"edit-notes": "x"}).status_code == 403


def test_the_portal_shows_progress_and_nothing_internal(
    world, office, client_for, running_project, today
):
    services.update_project(running_project, notes="内部工作备注", actor=office)
    services.report_progress(running_project, percent=45, text="主体施工中", actor=office)
    services.record_inspection(
        running_project,
        date=today.value,
        deputies=[world.deputy, world.other_deputy],
        findings="进展顺利",
        actor=office,
    )
    candidate = services.propose_project(year=2023, title="未入选的候选", actor=office)
    anonymous = client_for("anonymous")
    listing = anonymous.get(reverse("livelihood-portal:list"), {"year": "2023"})
    body = listing.content.decode()
    assert listing.status_code == 200
    assert running_project.title in body and 'data-percent="45"' in body
    assert "未入选" not in body  # not-chosen projects stay off the portal
    page = anonymous.get(reverse("livelihood-portal:detail", args=[running_project.pk]))
    body = page.content.decode()
    assert "主体施工中" in body and "进展顺利" in body and world.other_deputy.person.name in body
    for secret in ("内部工作备注", world.unit.contact_phone, world.other_deputy.person.mobile):
        assert secret not in body
    assert (
        anonymous.get(reverse("livelihood-portal:detail", args=[candidate.pk])).status_code == 404
    )
    assert anonymous.get(reverse("livelihood-portal:list"), {"year": "abc"}).status_code == 200
    assert anonymous.post(reverse("livelihood-portal:list")).status_code == 405


def test_portal_queries_do_not_grow(
    world, office, client_for, today, django_assert_max_num_queries
):
    for number in range(6):
        project = services.propose_project(year=2023, title=f"实事{number}", actor=office)
        LivelihoodProject.objects.filter(pk=project.pk).update(
            state="in_progress", lead_unit=world.unit, started_on=dt.date(2023, 2, 1)
        )
        services.report_progress(project, percent=10 * number, text="进展", actor=office)
    with django_assert_max_num_queries(6):
        page = client_for("anonymous").get(reverse("livelihood-portal:list"))
    assert page.content.decode().count("data-project=") == 6


def test_refused_page_actions_change_nothing(world, client_for, reported_research):
    before = AuditEntry.objects.count()
    reco = Recommendation.objects.get(department=world.other_unit)
    unit = client_for("unit_handler")
    r = unit.post(
        reverse("supervision:recommendation-act", args=[reco.pk, "respond"]),
        {"respond-response": "越权"},
    )
    assert r.status_code == 404
    office = client_for("office_staff")
    r = office.post(reverse("supervision:research-act", args=[reported_research.pk, "nonsense"]))
    assert r.status_code == 403
    assert AuditEntry.objects.count() == before


def test_the_to_do_lists(world, office, client_for, reported_research, expert_user_expert, expert):
    own = services.consult_expert(
        expert_user_expert, subject_kind="other", subject="待答复的咨询", question="?", actor=office
    )
    services.consult_expert(
        expert, subject_kind="other", subject="他人的咨询", question="?", actor=office
    )
    body = client_for("expert").get(reverse("core:home")).content.decode()
    assert reverse("supervision:consultation-detail", args=[own.pk]) in body
    assert "他人的咨询" not in body
    body = client_for("unit_handler").get(reverse("core:home")).content.decode()
    assert "建设重点实验室" in body and "支持中试基地" not in body
