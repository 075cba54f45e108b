"""Through the HTTP API and the pages: filing → formal check → review → correction →
closure; the issuer's and the citizen's access; list query counts; bad input."""

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renda.filings import services
from renda.filings.models import Filing, ReviewRequest
from renda.handling.models import Case

pytestmark = pytest.mark.django_db


def _json(response, code=200):
    assert response.status_code == code, response.content[:500]
    return response.json()


def test_filing_to_closure_through_the_api(world, client_for, today, committee, filing_data):
    issuer, office = client_for("unit_handler"), client_for("office_staff")
    filing = _json(
        issuer.post("/api/v1/filings/", filing_data, content_type="application/json"), 201
    )
    assert filing["state"] == "submitted" and filing["is_late"] is False
    assert filing["check_rule"] == "filings.formal_check_days=10"
    pk = filing["id"]
    # the formal check returns it; the issuer files it again; accepted
    _json(office.post(f"/api/v1/filings/{pk}/return/", {"reason": "缺少起草说明"}))
    _json(issuer.post(f"/api/v1/filings/{pk}/refile/", {"note": "已补充"}))
    assert _json(office.post(f"/api/v1/filings/{pk}/accept/", {}))["state"] == "accepted"
    # review, with the assistant
    review = _json(
        office.post(
            "/api/v1/filing-reviews/",
            {"filing": pk, "type": "active", "committee": committee.pk},
            content_type="application/json",
        ),
        201,
    )
    help_ = _json(office.get(f"/api/v1/filing-reviews/{review['id']}/assistant/"))
    assert help_["summary"]["penalty"] == 1 and help_["summary"]["fee"] == 1
    fourth = next(a for a in help_["articles"] if a["article"] == 4)
    assert [f["word"] for f in fourth["flags"]] == ["罚款", "没收"]
    finished = _json(
        office.post(
            f"/api/v1/filing-reviews/{review['id']}/finish/",
            {"restricts_rights": True, "finding_text": "第四条设定罚款缺乏上位法依据"},
            content_type="application/json",
        )
    )
    assert finished["finding"] == "problem" and finished["correction"]
    # the correction reaches the issuer's inbox; it replies (amended); the office closes
    correction = finished["correction"]
    inbox = _json(issuer.get("/api/v1/inbox/"))
    assert inbox["count"] == 1
    mine = _json(issuer.get("/api/v1/filing-corrections/"))
    assert [c["id"] for c in mine["results"]] == [correction]
    _json(
        issuer.post(
            f"/api/v1/filing-corrections/{correction}/reply/",
            {"outcome": "amended", "text": "已删除第四条", "contact_person": "王某"},
            content_type="application/json",
        )
    )
    closed = _json(office.post(f"/api/v1/filing-corrections/{correction}/close/", {}))
    assert closed["state"] == "closed" and closed["outcome"] == "amended"
    assert closed["case_state"] == Case.State.COMPLETED
    # a second close is an illegal move: 409, nothing changed
    assert office.post(f"/api/v1/filing-corrections/{correction}/close/", {}).status_code == 409


def test_docx_filing_through_the_api(world, client_for, today, filing_data):
    import docx

    document = docx.Document()
    for line in filing_data["text"].splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    data = {**filing_data, "text": "", "docx_base64": base64.b64encode(buffer.getvalue()).decode()}
    filing = _json(
        client_for("unit_handler").post("/api/v1/filings/", data, content_type="application/json"),
        201,
    )
    assert Filing.objects.get(pk=filing["id"]).version.article_count == 5


@pytest.mark.parametrize(
    "change",
    [
        {"published_on": "not a date"},
        {"published_on": "2023-12-31"},  # after today
        {"adopted_on": "2023-03-01", "published_on": "2023-02-01"},
        {"text": "", "docx_base64": ""},
        {"text": "没有条文的文字"},
        {"docx_base64": "%%%"},
        {"docx_base64": base64.b64encode(b"not a docx").decode(), "text": ""},
        {"title": "\x00"},
        {"document_number": "x" * 81},
    ],
)
def test_bad_filings_are_refused_with_a_message(world, client_for, today, filing_data, change):
    response = client_for("unit_handler").post(
        "/api/v1/filings/", {**filing_data, **change}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Filing.objects.exists()


def test_the_issuer_sees_only_its_own(world, client_for, filed, today):
    from renda.filings import services

    own = filed()
    other = services.file_document(
        issuer=world.other_unit,
        title="他单位文件",
        document_number="他1",
        adopted_on=own.adopted_on,
        published_on=own.published_on,
        text="第一条　测试。",
        actor=None,
    )
    issuer = client_for("unit_handler")
    assert [f["id"] for f in _json(issuer.get("/api/v1/filings/"))["results"]] == [own.pk]
    assert issuer.get(f"/api/v1/filings/{other.pk}/").status_code == 404
    assert issuer.get(reverse("filings:detail", args=[other.pk])).status_code == 404
    page = issuer.get(reverse("filings:detail", args=[own.pk]))
    assert page.status_code == 200 and own.document_number in page.content.decode()
    listing = issuer.get(reverse("filings:list")).content.decode()
    assert own.document_number in listing and "他1" not in listing
    # reviews and requests are the committee's
    assert issuer.get("/api/v1/filing-reviews/").status_code == 403
    assert issuer.get(reverse("filings:review-list")).status_code == 403
    # the committee reads, but does not act
    member = client_for("committee_member")
    assert member.get(reverse("filings:detail", args=[other.pk])).status_code == 200
    assert member.post(f"/api/v1/filings/{other.pk}/accept/").status_code == 403


def test_filing_through_the_pages(world, client_for, today, filing_data, committee):
    issuer, office = client_for("unit_handler"), client_for("office_staff")
    response = issuer.post(reverse("filings:create"), filing_data)
    assert response.status_code == 302
    filing = Filing.objects.get()
    assert issuer.post(reverse("filings:create"), {**filing_data, "title": ""}).status_code == 400
    url = reverse("filings:act", args=[filing.pk, "return"])
    assert office.post(url, {"return-reason": ""}).status_code == 400
    assert office.post(url, {"return-reason": "缺少说明"}).status_code == 302
    assert issuer.post(reverse("filings:act", args=[filing.pk, "refile"]), {}).status_code == 302
    office.post(reverse("filings:act", args=[filing.pk, "accept"]), {"accept-note": ""})
    response = office.post(
        reverse("filings:act", args=[filing.pk, "review"]),
        {"review-type": "active", "review-committee": committee.pk},
    )
    assert response.status_code == 302
    review = filing.reviews.get()
    page = office.get(reverse("filings:review-detail", args=[review.pk])).content.decode()
    assert 'class="flag flag-penalty"' in page and "《城市道路管理条例》" in page
    # an issuer may not act as the office
    assert issuer.post(reverse("filings:act", args=[filing.pk, "accept"])).status_code == 403
    assert issuer.post(reverse("filings:act", args=[filing.pk, "nonsense"])).status_code == 403


def test_the_citizen_follows_the_request_by_code(world, client, today):
    response = client.get(reverse("filings-portal:submit"))
    token = response.context["form"].initial["client_token"]
    data = {
        "requester_kind": "citizen",
        "document_title": "某某管理办法",
        "reasons": "该办法设定的收费没有依据，请求审查。",
        "client_token": token,
    }
    first = client.post(reverse("filings-portal:submit"), data)
    second = client.post(reverse("filings-portal:submit"), data)  # a double tap
    assert first.status_code == second.status_code == 200
    assert ReviewRequest.objects.count() == 1
    code = ReviewRequest.objects.get().tracking_code
    assert code in first.content.decode() and code in second.content.decode()
    status = client.post(reverse("filings-portal:track"), {"code": code})
    assert status.status_code == 200 and "某某管理办法" in status.content.decode()
    assert client.post(reverse("filings-portal:track"), {"code": "BS2222222222"}).status_code == 400
    assert client.post(reverse("filings-portal:submit"), {"reasons": "\x00"}).status_code == 400
    api = client.post(
        "/api/v1/filing-review-requests/track/", {"code": code}, content_type="application/json"
    )
    assert _json(api)["state"] == "received" and _json(api)["outcome"] == ""
    assert client.get("/api/v1/filing-review-requests/").status_code in (401, 403)


def test_list_pages_query_counts(world, client_for, filed, today, django_assert_max_num_queries):
    from renda.filings import services

    for n in range(6):
        filing = filed(document_number=f"Q-{n}")
        services.accept_filing(filing, actor=world.users["office_staff"])
    office = client_for("office_staff")
    for name in (
        "filings:list",
        "filings:review-list",
        "filings:request-list",
        "filings:annual-lists",
    ):
        office.get(reverse(name))  # warm the session and the caches
        with django_assert_max_num_queries(15):
            assert office.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(15):
        assert office.get("/api/v1/filings/").status_code == 200


def test_the_issuer_replies_to_a_correction_on_its_page(world, client_for, filed, today, committee):
    from renda.filings import services

    office = world.users["office_staff"]
    filing = services.accept_filing(filed(), actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    services.finish_review(review, actor=office, finding_text="收费无依据", restricts_rights=True)
    issuer = client_for("unit_handler")
    page = issuer.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert "收费无依据" in page and "correction-reply" in page
    url = reverse("filings:act", args=[filing.pk, "correction-reply"])
    assert issuer.post(url, {"correction-reply-outcome": "revoked"}).status_code == 400
    response = issuer.post(
        url,
        {
            "correction-reply-outcome": "amended",
            "correction-reply-text": "已修改",
            "correction-reply-contact_person": "王某",
        },
    )
    assert response.status_code == 302
    review.correction.refresh_from_db()
    assert review.correction.outcome == "amended"
    office_client = client_for("office_staff")
    response = office_client.post(
        reverse("filings:review-act", args=[review.pk, "close-correction"]), {}
    )
    assert response.status_code == 302
    review.correction.refresh_from_db()
    assert review.correction.state == "closed"


def test_a_year_the_calendar_does_not_know_is_a_message(world, client_for, today, filing_data):
    import datetime as dt

    today.value = dt.date(2031, 3, 1)
    response = client_for("unit_handler").post(reverse("filings:create"), filing_data)
    assert response.status_code == 400
    assert not Filing.objects.exists()


def test_only_the_office_sees_who_asked_for_a_review(world, client_for):
    services.submit_request(
        requester_kind="citizen",
        document_title="平顶山市城市道路占用管理办法",
        reasons="第四条罚款没有法律依据，请审查。",
        requester_name="李四",
        requester_contact="13900000001",
        channel="portal",
    )
    url = reverse("api:filing-review-request-list")
    office = client_for("office_staff").get(url).json()["results"][0]
    assert (office["requester_name"], office["requester_contact"]) == ("李四", "13900000001")
    member = client_for("committee_member").get(url).json()["results"][0]
    assert (member["requester_name"], member["requester_contact"]) == ("", "")
    item = ReviewRequest.objects.get()
    page = client_for("committee_member").get(reverse("filings:request-detail", args=[item.pk]))
    assert "13900000001" not in page.content.decode() and "李四" not in page.content.decode()


@pytest.mark.parametrize("action", ["close-correction", "propose-revocation", "record-revocation"])
def test_correction_actions_without_a_correction_are_refused_not_500(
    action, world, client_for, today, committee, filed
):
    office = world.users["office_staff"]
    filing = services.accept_filing(filed(), actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    response = client_for("office_staff").post(
        reverse("filings:review-act", args=[review.pk, action]),
        {f"{action}-note": "x", f"{action}-held_on": "2023-04-01", f"{action}-outcome": "amended"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == "in_progress"


def test_an_annual_list_with_an_absurd_date_is_refused_with_a_message():
    with pytest.raises(ValidationError):
        services.parse_list_lines("平政〔2022〕1号 | 标题 | 99999999999999999999-1-1")


def test_the_reviews_api_list_keeps_its_query_count(world, client_for, today, committee, filed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = world.users["office_staff"]
    client = client_for("office_staff")
    url = reverse("api:filing-review-list")

    numbers = iter(range(1, 10))

    def review_one():
        filing = services.accept_filing(
            filed(document_number=f"平政〔2023〕{next(numbers)}号"), actor=office
        )
        services.start_review(filing, type="active", committee=committee, actor=office)

    review_one()
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    review_one()
    review_one()
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(url).json()["results"]) == 3
    assert len(three) == len(one)
