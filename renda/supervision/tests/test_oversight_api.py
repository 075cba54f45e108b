"""The issue's check: a work report through the HTTP API (/api/v1/ only), from the plan
item to the deliberation opinions, the report back and its assessment — as the office,
the unit handler of the reporting body and a committee member."""

import datetime as dt

import pytest

from renda.supervision.tests import fixtures_oversight

pytestmark = pytest.mark.django_db
ov = fixtures_oversight.ov  # the fixture
SESSION_DAY = fixtures_oversight.SESSION_DAY


def _ok(response, code=200):
    assert response.status_code == code, (response.status_code, response.content[:500])
    return response.json()


def test_work_report_from_plan_item_to_report_back_and_assessment(world, client_for, today, ov):
    office, unit, member = (
        client_for("office_staff"),
        client_for("unit_handler"),
        client_for("committee_member"),
    )
    today.value = dt.date(2023, 2, 10)

    # the annual plan, its item, adopted by the chair meeting and published
    plan = _ok(
        office.post(
            "/api/v1/supervision-plans/",
            {"term": world.term.pk, "year": 2023, "title": "2023年监督工作计划"},
            content_type="application/json",
        ),
        201,
    )
    plan = _ok(
        office.post(
            f"/api/v1/supervision-plans/{plan['id']}/items/",
            {
                "kind": "work_report",
                "title": "2022年度市级预算执行和其他财政收支的审计工作报告",
                "owner": ov.committee.pk,
                "subject": world.unit.pk,
                "planned_month": 6,
                "session": ov.session.pk,
            },
            content_type="application/json",
        ),
        201,
    )
    item_id = plan["items"][0]["id"]
    # an item starts only once the plan is adopted
    assert office.post(f"/api/v1/supervision-plan-items/{item_id}/start/").status_code == 409
    today.value = dt.date(2023, 2, 20)  # after the chair meeting
    _ok(
        office.post(
            f"/api/v1/supervision-plans/{plan['id']}/adopt/",
            {"chair_meeting": ov.chair_meeting.pk},
            content_type="application/json",
        )
    )
    assert _ok(office.post(f"/api/v1/supervision-plans/{plan['id']}/publish/"))["state"] == (
        "published"
    )
    item = _ok(
        office.post(
            f"/api/v1/supervision-plan-items/{item_id}/start/",
            {"category": "audit"},
            content_type="application/json",
        ),
        201,
    )
    assert item["record"]["type"] == "work_report"
    report_url = f"/api/v1/work-reports/{item['record']['id']}/"
    assert office.post(f"/api/v1/supervision-plan-items/{item_id}/start/").status_code == 409

    # R40: the draft is due 20 days before the session; recorded 21 days before
    today.value = SESSION_DAY - dt.timedelta(days=21)
    report = _ok(
        office.post(
            report_url + "documents/",
            {"draft_received_on": str(today.value)},
            content_type="application/json",
        )
    )
    statuses = {d["key"]: d["status"] for d in report["r40"]}
    assert statuses == {"draft": "done", "final": "pending", "members": "pending"}
    today.value = SESSION_DAY - dt.timedelta(days=9)
    report = _ok(member.get(report_url))
    statuses = {d["key"]: d["status"] for d in report["r40"]}
    assert statuses["final"] == "missed" and statuses["members"] == "due_soon"
    assert report["plan_item"] == item_id

    # the reporting body's handler reads its report, and only its own
    assert [r["id"] for r in _ok(unit.get("/api/v1/work-reports/"))["results"]] == [report["id"]]
    _ok(unit.get(report_url))
    assert unit.post(report_url + "deliberate/", {}).status_code == 403

    # deliberation at the session; bad input is a 400 that changes nothing
    today.value = SESSION_DAY
    bad = office.post(report_url + "deliberate/", {"on": str(SESSION_DAY), "summary": ""})
    assert bad.status_code == 400 and "summary" in bad.json()["errors"]
    assert office.post(report_url + "publish/").status_code == 409
    report = _ok(
        office.post(
            report_url + "deliberate/",
            {"on": str(SESSION_DAY), "summary": "审议认为，审计工作报告客观全面。"},
            content_type="application/json",
        )
    )
    assert report["state"] == "deliberated"

    # the opinions go to the reporting body through the handling engine (R41: audit, 2 months)
    today.value = SESSION_DAY + dt.timedelta(days=5)
    report = _ok(
        office.post(
            report_url + "opinions/", {"text": "一、……二、……"}, content_type="application/json"
        ),
        201,
    )
    (opinion,) = report["opinions"]
    assert opinion["body"] == world.unit.pk and opinion["budget_or_audit"] is True
    assert opinion["reply_due"] == "2023-09-04"
    assert opinion["case_state"] == "assigned" and opinion["reported_back"] is False
    inbox = _ok(unit.get("/api/v1/inbox/"))["results"]
    assert [row["case"]["id"] for row in inbox] == [opinion["case"]]

    # the report back is the body's reply, in its inbox
    today.value = SESSION_DAY + dt.timedelta(days=50)
    _ok(
        unit.post(
            f"/api/v1/cases/{opinion['case']}/reply/",
            {
                "text": "关于审计工作报告审议意见研究处理情况的报告……",
                "reply_class": "A",
                "contact_person": "张三",
                "channel": "written",
            },
            content_type="application/json",
        )
    )
    opinion = _ok(office.get(f"/api/v1/deliberation-opinions/{opinion['id']}/"))
    assert opinion["reported_back"] is True and opinion["case_state"] == "replied"
    # not published while the committee has not considered the report back
    assert office.post(report_url + "publish/").status_code == 409

    # the report back goes to a satisfaction assessment of the members (R42)
    report = _ok(
        office.post(
            report_url + "assessments/",
            {"departments": [world.unit.pk], "held_on": str(SESSION_DAY), "session": ov.session.pk},
            content_type="application/json",
        )
    )
    (assessment,) = report["assessments"]
    assert assessment["subject"] == world.unit.pk
    ballot = _ok(office.post(f"/api/v1/ballots/{assessment['id']}/open/"))
    satisfied = next(o["id"] for o in ballot["options"] if o["code"] == "satisfied")
    _ok(
        member.post(
            f"/api/v1/ballots/{assessment['id']}/cast/",
            {"choices": [satisfied]},
            content_type="application/json",
        ),
        201,
    )
    _ok(office.post(f"/api/v1/ballots/{assessment['id']}/close/"))
    result = _ok(member.get(f"/api/v1/ballots/{assessment['id']}/result/"))
    assert result["participants"] == 1

    # the committee (its office) considers the report back; then publication
    assert unit.post(
        f"/api/v1/cases/{opinion['case']}/evaluate/", {"result": "satisfied"}
    ).status_code in {403, 404}
    _ok(
        office.post(
            f"/api/v1/cases/{opinion['case']}/evaluate/",
            {"result": "satisfied"},
            content_type="application/json",
        )
    )
    report = _ok(office.post(report_url + "publish/"))
    assert report["state"] == "published"
    assert report["opinions"][0]["case_state"] == "completed"
    # members read it all; deputies and experts nothing
    assert _ok(member.get(report_url))["state"] == "published"
    assert client_for("deputy").get(report_url).status_code == 403
    assert client_for("expert").get("/api/v1/work-reports/").status_code == 403
