"""Pages of legislative plans, projects and research topics: the list (filters, search,
export, query count, R53 warnings), the detail with its actions and history, create
forms, bad input, permissions. Asserts on data, not on translated strings."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from renda.legislation import services_projects as services
from renda.legislation.models import LegislativePlan, LegislativeProject, ResearchTopic
from renda.legislation.tests.fixtures_projects import adopt, new_project, to_readings


def test_the_app_root_opens_the_projects_list(world, leg, client_for):
    new_project(world, leg, title="平顶山市某某条例")
    page = client_for("committee_member").get(reverse("legislation:index"))
    assert page.status_code == 200
    assert "平顶山市某某条例" in page.content.decode()


def test_the_list_filters_searches_and_exports(world, leg, client_for):
    new_project(world, leg, title="甲条例", area="ecology")
    new_project(world, leg, title="乙条例", area="heritage", year=2022)
    client = client_for("leader")
    url = reverse("legislation:project-list")
    page = client.get(url, {"area": "ecology"}).content.decode()
    assert "甲条例" in page and "乙条例" not in page
    page = client.get(url, {"year": 2022}).content.decode()
    assert "乙条例" in page and "甲条例" not in page
    page = client.get(url, {"q": "乙"}).content.decode()
    assert "乙条例" in page and "甲条例" not in page
    page = client.get(url, {"stage": "nonsense", "year": "99999999999"})
    assert page.status_code == 200
    export = client.get(url, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"甲条例", "乙条例"}


def test_the_list_keeps_its_query_count(world, leg, client_for, django_assert_max_num_queries):
    for n in range(12):
        new_project(world, leg, title=f"条例{n}", committee=leg.committee)
    client = client_for("office_staff")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("legislation:project-list")).status_code == 200
    for name in ("legislation:plan-list", "legislation:topic-list"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_R53_warning_on_the_list_and_the_page(world, leg, fire_safety, client_for, today):
    project = adopt(to_readings(new_project(world, leg, legal_text=fire_safety), leg), leg)
    services.submit_to_province(project, submitted_on=dt.date(2023, 7, 10), actor=leg.office)
    today.value = dt.date(2023, 11, 20)
    client = client_for("office_staff")
    page = client.get(reverse("legislation:project-list")).content.decode()
    assert f'data-warning="overdue" data-project="{project.pk}"' in page
    detail = client.get(reverse("legislation:project-detail", args=[project.pk])).content.decode()
    assert 'id="r53-warning" data-warning="overdue"' in detail
    assert "2023-11-10" in detail
    home = client.get(reverse("core:home")).content.decode()
    assert project.title in home


def test_the_detail_shows_readings_vote_and_history_and_runs_actions(
    world, leg, fire_safety, client_for
):
    project = new_project(world, leg, legal_text=fire_safety)
    office = client_for("office_staff")
    url = reverse("legislation:project-act", args=[project.pk, "approve"])
    bad = office.post(url, {"approve-approved_on": "", "approve-evaluation": ""})
    assert bad.status_code == 400
    project.refresh_from_db()
    assert project.stage == "research"
    done = office.post(
        url, {"approve-approved_on": "2023-01-20", "approve-evaluation": "立项论证充分。"}
    )
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.stage == "project_approved"
    # a move not available now: refused with a message, nothing changed
    office.post(
        reverse("legislation:project-act", args=[project.pk, "publish"]),
        {
            "publish-notice_number": "1",
            "publish-published_on": "2023-10-01",
            "publish-effective_on": "2023-10-01",
        },
    )
    project.refresh_from_db()
    assert project.stage == "project_approved"
    services.start_drafting(project, started_on=dt.date(2023, 1, 25), actor=leg.office)
    page = (
        client_for("committee_member")
        .get(reverse("legislation:project-detail", args=[project.pk]))
        .content.decode()
    )
    assert 'data-stage="drafting"' in page
    assert 'id="form-reading"' not in page  # members read, they do not act
    office_page = office.get(
        reverse("legislation:project-detail", args=[project.pk])
    ).content.decode()
    assert 'id="form-reading"' in office_page
    assert "approve_project" in office_page  # the history


def test_a_unit_handler_or_deputy_cannot_act_or_see(world, leg, client_for):
    project = new_project(world, leg)
    for role in ("unit_handler", "deputy", "expert"):
        client = client_for(role)
        assert (
            client.get(reverse("legislation:project-detail", args=[project.pk])).status_code == 403
        )
        response = client.post(
            reverse("legislation:project-act", args=[project.pk, "approve"]),
            {"approve-approved_on": "2023-01-20", "approve-evaluation": "x"},
        )
        assert response.status_code == 403
    member = client_for("committee_member").post(
        reverse("legislation:project-act", args=[project.pk, "approve"]),
        {"approve-approved_on": "2023-01-20", "approve-evaluation": "x"},
    )
    assert member.status_code == 403
    project.refresh_from_db()
    assert project.stage == "research"
    anonymous = client_for("anonymous").get(reverse("legislation:project-list"))
    assert anonymous.status_code == 302


def test_create_pages_refuse_bad_input_with_400(world, leg, client_for):
    office = client_for("office_staff")
    response = office.post(
        reverse("legislation:project-create"),
        {"term": world.term.pk, "title": "某条例", "year": 2023, "area": "other_authorised"},
    )
    assert response.status_code == 400
    assert not LegislativeProject.objects.exists()
    created = office.post(
        reverse("legislation:project-create"),
        {"term": world.term.pk, "title": "某条例", "year": 2023, "area": "grassroots"},
    )
    assert created.status_code == 302
    plan = office.post(
        reverse("legislation:plan-create"),
        {"term": world.term.pk, "kind": "five_year", "title": "五年立法规划", "first_year": 2023},
    )
    assert plan.status_code == 302
    plan = LegislativePlan.objects.get()
    assert plan.last_year == 2027
    item_url = reverse("legislation:plan-item-create", args=[plan.pk])
    bad = office.post(item_url, {"kind": "formal", "title": "某条例", "area": "other_authorised"})
    assert bad.status_code == 400 and not plan.items.exists()
    good = office.post(
        item_url,
        {
            "kind": "formal",
            "title": "某条例",
            "area": "other_authorised",
            "authorising_law": "某法",
        },
    )
    assert good.status_code == 302 and plan.items.count() == 1
    page = client_for("leader").get(reverse("legislation:plan-detail", args=[plan.pk]))
    assert 'data-area="other_authorised"' in page.content.decode()
    topic = office.post(
        reverse("legislation:topic-create"), {"title": "电动自行车管理", "year": 2023}
    )
    assert topic.status_code == 302
    topic = ResearchTopic.objects.get()
    page = client_for("committee_member").get(reverse("legislation:topic-detail", args=[topic.pk]))
    assert "电动自行车管理" in page.content.decode()


def test_the_detail_lists_the_calls_for_comments_on_the_text(world, leg, fire_safety, client_for):
    from renda.consultations import services as consultations

    project = new_project(world, leg, legal_text=fire_safety)
    consultation = consultations.create_consultation(
        version=fire_safety.versions.order_by("number").first(),
        title="条例草案公开征求意见",
        opens_on=dt.date(2023, 3, 1),
        closes_on=dt.date(2023, 4, 3),
        channels=["portal"],
        actor=leg.office,
    )
    page = (
        client_for("committee_member")
        .get(reverse("legislation:project-detail", args=[project.pk]))
        .content.decode()
    )
    assert reverse("consultations:detail", args=[consultation.pk]) in page
    assert 'data-state="draft"' in page
