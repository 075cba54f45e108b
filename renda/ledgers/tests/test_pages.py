"""The ledgers' pages: one list per kind with its filters, counts by status and Excel
export (query counts bounded), the create form and its errors, an entry's page with
its moves (the close-out form), and the problem areas."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.models import AuditEntry
from renda.ledgers import services
from renda.ledgers.models import LedgerEntry
from renda.ledgers.tests.conftest import pdf

pytestmark = pytest.mark.django_db
S = LedgerEntry.Status


def test_kind_list_filters_counts_and_export(
    world, client_for, make_entry, working_committee, django_assert_max_num_queries
):
    office = world.users["office_staff"]
    for n in range(8):
        entry = make_entry("rule", title=f"制定《第{n}号制度》", date=dt.date(2023, 3, n + 1))
        if n < 3:
            services.complete_entry(entry, on=dt.date(2023, 4, 1), actor=office)
    make_entry("rule", title="修订《旧规则》", date=dt.date(2022, 5, 1), rule_action="revised")
    make_entry("rule", title="制定《法工委制度》", owner=working_committee)
    make_entry("implementation_measure", title="不在制度台账")
    member = client_for("committee_member")
    url = reverse("ledgers:rule-list")
    member.get(url)
    with django_assert_max_num_queries(14):
        page = member.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "制定《第7号制度》" in text and "不在制度台账" not in text
    assert 'data-status="done" data-count="3"' in text
    assert 'data-status="open" data-count="7"' in text
    # the counts follow the filters
    page = member.get(url, {"year": 2023, "status": "open"})
    text = page.content.decode()
    assert "修订《旧规则》" not in text and "制定《第1号制度》" not in text
    assert 'data-status="open" data-count="6"' in text and 'data-status="done"' not in text
    page = member.get(url, {"owner": working_committee.pk}).content.decode()
    assert "制定《法工委制度》" in page and "第7号" not in page
    assert "旧规则" in member.get(url, {"rule_action": "revised"}).content.decode()
    assert "第5号" in member.get(url, {"q": "第5号"}).content.decode()
    # htmx asks for the table alone, counts included
    partial = member.get(url, {"status": "done"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'data-status="done" data-count="3"' in partial
    # bad filters: a message, never a 500
    for bad in ({"year": "abc"}, {"status": "x"}, {"owner": "99999999999999999999"}):
        assert member.get(url, bad).status_code == 200
    with django_assert_max_num_queries(10):
        export = member.get(url, {"format": "xlsx", "year": 2023})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 9  # header, the 2023 rules
    assert {r[0] for r in rows[1:]} >= {"制定《第0号制度》", "制定《法工委制度》"}


def test_every_kind_has_its_list_and_the_sidebar(world, client_for, make_entry):
    names = {
        "rule": "ledgers:rule-list",
        "party_committee_report": "ledgers:party-committee-report-list",
        "rectification": "ledgers:rectification-list",
        "implementation_measure": "ledgers:implementation-measure-list",
        "problem_resolved": "ledgers:problem-resolved-list",
        "experience_promoted": "ledgers:experience-promoted-list",
        "legislative_procedure": "ledgers:legislative-procedure-list",
    }
    leader = client_for("leader")
    for kind, name in names.items():
        make_entry(kind, title=f"{kind}-标题")
        page = leader.get(reverse(name)).content.decode()
        assert f"{kind}-标题" in page
        assert reverse("ledgers:entry-create", args=[kind]) in page  # leaders may add
        assert reverse(name) in page  # in the sidebar
    member_page = client_for("committee_member").get(reverse("ledgers:rule-list")).content.decode()
    assert reverse("ledgers:entry-create", args=["rule"]) not in member_page
    assert client_for("deputy").get(reverse("ledgers:rule-list")).status_code == 403


def test_create_form_errors_are_a_400_and_create_nothing(world, client_for, office, area):
    office_client = client_for("office_staff")
    url = reverse("ledgers:entry-create", args=["rectification"])
    assert office_client.get(url).status_code == 200
    base = {"title": "调研成果转化率不高", "date": "2023-05-16", "owner": office.pk}
    for bad in (
        {"title": ""},
        {"date": "2023-13-01"},
        {"problem_area": ""},
        {"owner": "", "owner_name": ""},
        {"owner": world.unit.pk},
    ):
        data = {**base, "problem_area": area.pk, **bad}
        response = office_client.post(url, data)
        assert response.status_code == 400, bad
        assert 'class="text-danger small"' in response.content.decode()
    response = office_client.post(
        url, {**base, "problem_area": area.pk, "attachments": pdf("病毒.pdf", b"MZ")}
    )
    assert response.status_code == 400
    assert not LedgerEntry.objects.exists()
    assert office_client.get(reverse("ledgers:entry-create", args=["nonsense"])).status_code == 404
    response = office_client.post(
        url,
        {
            **base,
            "problem_area": area.pk,
            "attachments": [pdf(), pdf("照片.png", b"\x89PNG\r\n\x1a\n")],
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.problem_area, entry.attachments.count()) == ("rectification", area, 2)
    assert response["Location"] == reverse("ledgers:entry-detail", args=[entry.pk])


def test_entry_page_moves_and_close_out_form(world, client_for, make_entry, today):
    today.value = dt.date(2023, 9, 1)
    office_client = client_for("office_staff")
    item = make_entry("rectification", title="专题询问刚性不足")

    def act(action, data=None, **files):
        url = reverse("ledgers:entry-act", args=[item.pk, action])
        return office_client.post(
            url, {f"{action}-{k}": v for k, v in (data or {}).items()} | files
        )

    page = office_client.get(reverse("ledgers:entry-detail", args=[item.pk])).content.decode()
    assert 'id="act-start"' in page and 'id="act-close-out"' not in page
    assert (
        act("close-out", {"on": "2023-08-01", "note": "x"}).status_code == 302
    )  # refused: message
    item.refresh_from_db()
    assert item.status == S.OPEN
    assert act("start").status_code == 302
    page = office_client.get(reverse("ledgers:entry-detail", args=[item.pk])).content.decode()
    assert 'id="act-close-out"' in page and 'data-status="in_progress"' in page
    response = act("close-out", {"on": "2023-08-01", "note": ""})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS
    assert (
        act(
            "close-out",
            {"on": "2023-08-01", "note": "建立询问问题清单跟踪机制"},
            **{"close-out-attachments": pdf()},
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == S.CLOSED_OUT and item.attachments.get().for_close_out
    page = client_for("committee_member").get(reverse("ledgers:entry-detail", args=[item.pk]))
    text = page.content.decode()
    assert "建立询问问题清单跟踪机制" in text and "close_out" in text  # the history
    assert 'id="act-' not in text  # readers get no forms
    assert reverse("ledgers:attachment", args=[item.attachments.get().pk]) in text
    # closed out: the edit page sends back
    edit = office_client.get(reverse("ledgers:entry-edit", args=[item.pk]))
    assert edit.status_code == 302
    assert (
        office_client.post(reverse("ledgers:entry-act", args=[item.pk, "nope"])).status_code == 404
    )


def test_edit_form_keeps_history(world, client_for, make_entry):
    entry = make_entry("experience_promoted", title="代表联络站经验")
    leader = client_for("leader")
    url = reverse("ledgers:entry-edit", args=[entry.pk])
    assert leader.get(url).status_code == 200
    data = {
        "title": "代表联络站接待日经验",
        "date": "2023-05-10",
        "owner": entry.owner_id,
        "promoted_where": "省人大常委会《人大建设》",
        "promoted_how": "刊发经验文章",
    }
    assert leader.post(url, {**data, "promoted_where": ""}).status_code == 400
    assert leader.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.promoted_where == "省人大常委会《人大建设》"
    assert entry.history.count() == 2
    page = leader.get(reverse("ledgers:entry-detail", args=[entry.pk])).content.decode()
    assert "代表联络站接待日经验" in page
    assert client_for("committee_member").get(url).status_code == 403


def test_problem_area_pages(world, client_for, make_entry, area):
    office_client = client_for("office_staff")
    make_entry("rectification", title="学用结合不够")
    page = client_for("committee_member").get(reverse("ledgers:area-list")).content.decode()
    assert "理论学习方面" in page
    detail = client_for("committee_member").get(reverse("ledgers:area-detail", args=[area.pk]))
    assert "学用结合不够" in detail.content.decode()
    response = office_client.post(reverse("ledgers:area-create"), {"year": "2023", "name": ""})
    assert response.status_code == 400
    response = office_client.post(
        reverse("ledgers:area-create"), {"year": "2023", "name": "理论学习方面", "position": 2}
    )
    assert response.status_code == 400  # already on the year's list
    response = office_client.post(
        reverse("ledgers:area-create"), {"year": "2023", "name": "调查研究方面", "position": 2}
    )
    assert response.status_code == 302
    response = office_client.post(
        reverse("ledgers:area-edit", args=[area.pk]),
        {"year": "2023", "name": "理论学习方面", "position": 1, "description": "主题教育"},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.description == "主题教育"
    assert AuditEntry.objects.filter(verb="update", target_id=str(area.pk)).exists()
