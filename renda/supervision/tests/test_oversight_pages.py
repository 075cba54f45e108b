"""Oversight pages: lists with filters, search, export and bounded queries; detail pages
with their action forms; bad input shown on the form (400) and nothing changed; an
illegal move a message, not an error. Assertions on data, not on translated text."""

import datetime as dt

import pytest

from renda.core.models import AuditEntry
from renda.supervision import services_oversight as services
from renda.supervision.models import ChainState, PlanItem, WorkReport
from renda.supervision.tests import fixtures_oversight

pytestmark = pytest.mark.django_db
ov = fixtures_oversight.ov  # the fixture
SESSION_DAY = fixtures_oversight.SESSION_DAY


def _reports(world, ov, count):
    return [
        services.create_work_report(
            term=world.term,
            title=f"工作报告{i}",
            category="audit" if i % 2 else "plan",
            reporting_body=world.unit if i % 2 else world.other_unit,
            owner=ov.committee,
            session=ov.session,
            actor=ov.office,
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/supervision/plans/",
        "/supervision/work-reports/",
        "/supervision/inquiries/",
        "/supervision/inspections/",
        "/supervision/opinions/",
        "/supervision/decisions/",
    ],
)
def test_lists_answer_in_bounded_queries(world, ov, client_for, django_assert_max_num_queries, url):
    _reports(world, ov, 3)
    office = client_for("office_staff")
    office.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(15):
        first = office.get(url)
    assert first.status_code == 200
    _reports(world, ov, 12)
    with django_assert_max_num_queries(15):
        assert office.get(url).status_code == 200
    assert office.get(url, {"format": "xlsx"}).status_code == 200
    assert office.get(url, {"q": "报告\x00"}).status_code == 200
    assert office.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_work_report_list_filters_and_unit_sees_its_own(world, ov, client_for):
    reports = _reports(world, ov, 4)
    office = client_for("office_staff")
    page = office.get("/supervision/work-reports/", {"category": "audit"}).content.decode()
    assert "工作报告1" in page and "工作报告0" not in page
    unit = client_for("unit_handler").get("/supervision/work-reports/").content.decode()
    assert "工作报告1" in unit and "工作报告0" not in unit
    own = next(r for r in reports if r.reporting_body == world.unit)
    other = next(r for r in reports if r.reporting_body == world.other_unit)
    assert client_for("unit_handler").get(f"/supervision/work-reports/{own.pk}/").status_code == 200
    assert (
        client_for("unit_handler").get(f"/supervision/work-reports/{other.pk}/").status_code == 404
    )
    assert office.get("/supervision/work-reports/", {"year": "abc"}).status_code == 200


def test_plan_page_starts_items_and_links_their_records(world, ov, client_for, today):
    office = client_for("office_staff")
    response = office.post(
        "/supervision/plans/new/", {"term": world.term.pk, "year": 2023, "title": "监督计划"}
    )
    assert response.status_code == 302
    plan = world.term.supervision_plans.get()
    url = f"/supervision/plans/{plan.pk}/"
    bad = office.post(url + "act/item/", {"item-kind": "work_report", "item-title": ""})
    assert bad.status_code == 400 and not plan.items.exists()
    for kind, title in (("work_report", "审计工作报告"), ("research", "专题调研")):
        office.post(
            url + "act/item/",
            {
                "item-kind": kind,
                "item-title": title,
                "item-owner": ov.committee.pk,
                "item-subject": world.unit.pk,
                "item-planned_month": 6,
                "item-session": ov.session.pk,
            },
        )
    assert plan.items.count() == 2
    today.value = dt.date(2023, 3, 1)
    office.post(url + "act/adopt/", {"adopt-chair_meeting": ov.chair_meeting.pk})
    plan.refresh_from_db()
    assert plan.state == "adopted"
    item = plan.items.get(kind=PlanItem.Kind.WORK_REPORT)
    response = office.post(
        f"/supervision/plan-items/{item.pk}/start/", {f"start-{item.pk}-category": "audit"}
    )
    report = WorkReport.objects.get(plan_item=item)
    assert response["Location"] == f"/supervision/work-reports/{report.pk}/"
    assert report.category == "audit"
    page = office.get(url).content.decode()
    assert f'href="/supervision/work-reports/{report.pk}/"' in page
    # a research item shows no start button of its own (the projects part starts it)
    assert (
        f'action="/supervision/plan-items/{plan.items.get(kind="research").pk}/start/"' not in page
    )
    assert client_for("committee_member").get(url).status_code == 200


def test_work_report_page_walks_the_chain(world, ov, client_for, today):
    (report,) = _reports(world, ov, 1)
    office = client_for("office_staff")
    url = f"/supervision/work-reports/{report.pk}/"
    today.value = SESSION_DAY
    before = AuditEntry.objects.count()
    bad = office.post(url + "act/deliberate/", {"deliberate-on": str(SESSION_DAY)})
    assert bad.status_code == 400 and AuditEntry.objects.count() == before
    wrong_day = office.post(
        url + "act/deliberate/",
        {"deliberate-on": "2023-07-01", "deliberate-summary": "审议。"},
    )
    assert wrong_day.status_code == 400
    office.post(
        url + "act/deliberate/",
        {"deliberate-on": str(SESSION_DAY), "deliberate-summary": "审议认为……"},
    )
    report.refresh_from_db()
    assert report.state == ChainState.DELIBERATED
    office.post(url + "act/opinions/", {"opinions-text": "审议意见……"})
    report.refresh_from_db()
    assert report.state == ChainState.OPINIONS_SENT
    opinion = report.opinions.get()
    page = office.get(url).content.decode()
    assert f'data-case="{opinion.case_id}"' in page
    # publishing before the report back is refused with a message, no 500
    response = office.post(url + "act/publish/", {})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ChainState.OPINIONS_SENT
    member = client_for("committee_member")
    assert member.get(url).status_code == 200
    assert member.post(url + "act/publish/", {}).status_code == 403
    assert office.post(url + "act/unknown/", {}).status_code == 404


def test_inquiry_and_inspection_pages(world, ov, client_for, today):
    from renda.core.models import CommitteeMember

    office = client_for("office_staff")
    response = office.post(
        "/supervision/inquiries/new/",
        {"term": world.term.pk, "title": "优化营商环境专题询问", "departments": [world.unit.pk]},
    )
    assert response.status_code == 302
    inquiry = services.SpecialInquiry.objects.get()
    member = CommitteeMember.objects.get(term=world.term)
    office.post(
        f"/supervision/inquiries/{inquiry.pk}/act/question/",
        {
            "question-asked_by": member.pk,
            "question-department": world.unit.pk,
            "question-question": "企业开办时间还能压缩吗？",
        },
    )
    assert inquiry.questions.count() == 1
    page = office.get(f"/supervision/inquiries/{inquiry.pk}/").content.decode()
    assert "企业开办时间还能压缩吗？" in page
    response = office.post(
        "/supervision/inspections/new/",
        {"term": world.term.pk, "title": "就业促进法执法检查", "law": "就业促进法"},
    )
    assert response.status_code == 302
    inspection = services.LawEnforcementInspection.objects.get()
    today.value = dt.date(2023, 5, 10)
    office.post(
        f"/supervision/inspections/{inspection.pk}/act/visit/",
        {"visit-place": "市人力资源市场", "visit-date": "2023-05-09"},
    )
    future = office.post(
        f"/supervision/inspections/{inspection.pk}/act/visit/",
        {"visit-place": "某地", "visit-date": "2023-06-09"},
    )
    assert future.status_code == 400
    assert inspection.visits.count() == 1


def test_decision_page_votes_through_the_ballot_engine(world, ov, client_for, today):
    office = client_for("office_staff")
    response = office.post(
        "/supervision/decisions/new/",
        {
            "term": world.term.pk,
            "kind": "decision",
            "title": "关于设立企业家日的决定",
            "text": "决定……",
            "session": ov.session.pk,
        },
    )
    assert response.status_code == 302
    decision = services.Decision.objects.get()
    url = f"/supervision/decisions/{decision.pk}/"
    today.value = SESSION_DAY
    office.post(url + "act/vote/", {"vote-held_on": str(SESSION_DAY)})
    decision.refresh_from_db()
    assert decision.state == "voting" and decision.ballot.state == "open"
    # the member votes on the ballot page of the engine
    member = client_for("committee_member")
    yes = decision.ballot.options.get(code="yes")
    assert (
        member.post(
            f"/api/v1/ballots/{decision.ballot_id}/cast/",
            {"choices": [yes.pk]},
            content_type="application/json",
        ).status_code
        == 201
    )
    office.post(url + "act/conclude/", {})
    decision.refresh_from_db()
    assert decision.state == "adopted"  # 1 of 1 member: more than half of all (R32)
    office.post(url + "act/publish/", {})
    office.post(
        url + "act/follow-up/",
        {"follow-up-date": str(SESSION_DAY), "follow-up-text": "市政府部署落实。"},
    )
    page = office.get(url).content.decode()
    assert "市政府部署落实。" in page
