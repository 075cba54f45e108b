"""RULES.md R60–R66, one test (or more) each."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.core.models import AuditEntry
from renda.filings import services
from renda.filings.models import CorrectionNotice, Filing, Review, ReviewRequest
from renda.handling.models import Assignment, Case, Kind
from renda.handling.workflow import InvalidTransition

pytestmark = pytest.mark.django_db


def test_R60_a_filing_more_than_30_days_after_publication_is_flagged_and_counted(filed, today):
    on_time = filed(published_on="2023-01-30", document_number="A-1")  # 30 days before 03-01
    late = filed(published_on="2023-01-29", document_number="A-2")  # 31 days
    assert (on_time.is_late, on_time.days_after_publication) == (False, 30)
    assert (late.is_late, late.days_after_publication) == (True, 31)
    assert Filing.objects.filter(is_late=True).count() == 1
    assert services.lateness(dt.date(2023, 1, 1), dt.date(2023, 2, 1)) == (True, 31)


def test_R60_lateness_stays_that_of_the_first_filing(filed, world, today):
    filing = filed(published_on="2023-01-01")
    services.return_filing(filing, reason="缺少起草说明", actor=world.users["office_staff"])
    today.advance(5)
    filing = services.refile(filing, actor=world.users["unit_handler"], note="补正")
    assert filing.is_late and filing.days_after_publication == 59


def test_R61_formal_check_due_in_working_days_from_the_setting(filed, world, today):
    today.value = dt.date(2023, 9, 27)  # before the Mid-Autumn / National Day holiday
    filing = filed(published_on="2023-09-20")
    # 10 working days: 9-28, (9-29..10-6 holiday), 10-7, 10-8 (adjusted working days),
    # 10-9..10-13, 10-16, 10-17 — not 10-7 as calendar days would give
    assert filing.check_rule == "filings.formal_check_days=10"
    assert filing.check_due == dt.date(2023, 10, 17)


def test_R61_accepted_or_returned_with_reasons_then_filed_again(filed, world, today):
    office = world.users["office_staff"]
    filing = filed()
    with pytest.raises(ValidationError):
        services.return_filing(filing, reason="  ", actor=office)
    filing = services.return_filing(filing, reason="缺少制定依据", actor=office)
    assert filing.state == Filing.State.RETURNED and filing.return_reason == "缺少制定依据"
    with pytest.raises(InvalidTransition):
        services.accept_filing(filing, actor=office)
    today.advance(3)
    filing = services.refile(
        filing, actor=world.users["unit_handler"], legal_basis="《城市道路管理条例》第十条"
    )
    assert filing.state == Filing.State.SUBMITTED and filing.times_returned == 1
    assert filing.check_due > today.value
    filing = services.accept_filing(filing, actor=office)
    assert filing.state == Filing.State.ACCEPTED and filing.checked_on == today.value
    verbs = list(
        AuditEntry.objects.filter(
            target_id=str(filing.pk), verb__in=["file", "return", "refile", "accept"]
        )
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["file", "return", "refile", "accept"]


def test_R62_the_five_review_types(filed, world, today, committee):
    office = world.users["office_staff"]
    assert set(Review.Type.values) == {"active", "on_request", "transferred", "thematic", "joint"}
    filing = services.accept_filing(filed(), actor=office)
    with pytest.raises(ValidationError):  # a review on request starts from a request
        services.start_review(filing, type="on_request", committee=committee, actor=office)
    review = services.start_review(filing, type="thematic", committee=committee, actor=office)
    assert review.type == "thematic"


def test_R63_three_months_extended_once_with_a_reason(filed, world, today, committee):
    office = world.users["office_staff"]
    filing = services.accept_filing(filed(), actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    assert review.due_on == dt.date(2023, 6, 1)
    assert review.deadline_rule == "filings.review_months=3"
    with pytest.raises(ValidationError):
        services.extend_review(review, reason="", actor=office)
    review = services.extend_review(review, reason="需征求上级机关意见", actor=office)
    assert review.due_on == dt.date(2023, 9, 1) and review.extended
    with pytest.raises(ValidationError):  # a second extension
        services.extend_review(review, reason="再次延期", actor=office)
    review.refresh_from_db()
    assert review.due_on == dt.date(2023, 9, 1)


def _problem_review(filed, world, committee):
    office = world.users["office_staff"]
    filing = services.accept_filing(filed(), actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    return services.finish_review(
        review, actor=office, finding_text="第四条罚款无上位法依据", restricts_rights=True
    )


def test_R64_a_problem_opens_a_correction_case_assigned_to_the_issuer(
    filed, world, today, committee
):
    review = _problem_review(filed, world, committee)
    notice = CorrectionNotice.objects.get(review=review)
    case = notice.case
    assert case.kind == Kind.CORRECTION_NOTICE and case.state == Case.State.ASSIGNED
    lead = case.assignments.get(role=Assignment.Role.LEAD)
    assert lead.unit == world.unit
    assert lead.due_date == today.value + dt.timedelta(days=30) == case.reply_due
    assert lead.deadline_rule == "filings.correction_reply_days=30"
    # the issuer replies (amended), the office closes: the case completes
    services.reply_to_correction(
        notice,
        outcome="amended",
        text="已删除第四条罚款规定",
        contact_person="王某",
        amended_text="第一条　为了加强管理，制定本办法。\n第二条　本办法自公布之日起施行。",
        actor=world.users["unit_handler"],
    )
    notice = services.close_correction(notice, actor=world.users["office_staff"])
    case.refresh_from_db()
    assert case.state == Case.State.COMPLETED
    assert notice.state == "closed" and notice.outcome == "amended"
    review.filing.refresh_from_db()
    assert review.filing.version.number == 2


def test_R64_only_the_issuer_replies(filed, world, today, committee):
    from django.core.exceptions import PermissionDenied

    review = _problem_review(filed, world, committee)
    with pytest.raises(PermissionDenied):
        services.reply_to_correction(
            review.correction,
            outcome="repealed",
            text="x",
            contact_person="y",
            actor=world.users["office_staff"],
        )


def test_R64_the_committee_revokes_by_a_vote(filed, world, today, committee):
    from renda.ballots import services as ballots

    office = world.users["office_staff"]
    review = _problem_review(filed, world, committee)
    notice = services.propose_revocation(review.correction, held_on=today.value, actor=office)
    with pytest.raises(InvalidTransition):
        services.record_revocation(notice, actor=office)
    ballot = ballots.open_ballot(notice.ballot, actor=office)
    yes = ballot.options.get(code="yes")
    for voter in ballots.electorate(ballot):
        ballots.cast(ballot, voter=voter, choices=[yes.pk], actor=office, by_clerk=True)
    ballots.close_ballot(ballot, actor=office)
    notice = services.record_revocation(notice, actor=office)
    assert notice.state == "closed" and notice.outcome == "revoked"
    # the issuer never replied: its case closes too, off its inbox and its reminders
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == Case.State.COMPLETED
    assert not case.assignments.exclude(state="closed").exists()


def test_R65_the_requester_is_told_the_outcome(filed, world, today, committee):
    office = world.users["office_staff"]
    item, created = services.submit_request(
        requester_kind="citizen",
        document_title="平顶山市城市道路占用管理办法",
        reasons="第四条罚款没有法律依据，请审查。",
        channel="portal",
        client_token="tok-1",
    )
    again, created_again = services.submit_request(
        requester_kind="citizen",
        document_title="平顶山市城市道路占用管理办法",
        reasons="第四条罚款没有法律依据，请审查。",
        channel="portal",
        client_token="tok-1",
    )
    assert created and not created_again and again.pk == item.pk
    # the same token with another request never hands out the first one's code
    with pytest.raises(ValidationError) as refused:
        services.submit_request(
            requester_kind="citizen",
            document_title="x" * 10,
            reasons="另一个人的另一请求内容",
            channel="portal",
            client_token="tok-1",
        )
    assert "client_token" in refused.value.message_dict
    assert ReviewRequest.objects.count() == 1
    assert services.request_for_code(item.tracking_code.lower()) == item
    assert services.request_for_code("BS' OR 1=1") is None
    filing = services.accept_filing(filed(), actor=office)
    services.acknowledge_request(item, filing=filing, actor=office)
    review = services.review_on_request(item, committee=committee, actor=office)
    assert review.type == Review.Type.ON_REQUEST
    with pytest.raises(InvalidTransition):
        services.answer_request(item, outcome="尚未审查完毕", actor=office)
    services.finish_review(review, actor=office, finding_text="未发现问题")
    item = services.answer_request(item, outcome="经审查，未发现违法问题。", actor=office)
    status = services.public_status(item)
    assert status["state"] == ReviewRequest.State.ANSWERED
    assert status["outcome"] == "经审查，未发现违法问题。"


def test_R65_rate_limit(world, today):
    for n in range(services.REQUESTS_PER_HOUR):
        services.submit_request(
            requester_kind="citizen",
            document_title=f"文件{n}",
            reasons="请审查该文件的合法性。",
            channel="api",
            client_key="1.2.3.4",
        )
    with pytest.raises(services.RateLimited):
        services.submit_request(
            requester_kind="citizen",
            document_title="文件",
            reasons="请审查该文件的合法性。",
            channel="api",
            client_key="1.2.3.4",
        )


def test_R66_the_annual_report_as_docx(filed, world, today, committee, client_for):
    import io

    import docx

    office = world.users["office_staff"]
    late = filed(published_on="2023-01-01", document_number="L-1")
    services.accept_filing(late, actor=office)
    review = services.start_review(late, type="active", committee=committee, actor=office)
    services.finish_review(review, actor=office, finding_text="未发现问题")
    services.file_annual_list(
        issuer=world.unit, year=2023, entries=[("L-1", "a", None), ("L-9", "b", None)], actor=office
    )
    for url in ("/filings/report/2023/", "/api/v1/filings/report/2023/"):
        response = client_for("leader").get(url)
        assert response.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert "审查规范性文件1件" in text and "逾期报送1件" in text
        assert "L-9" in text  # never filed
    assert client_for("unit_handler").get("/filings/report/2023/").status_code == 403


def test_annual_list_coverage_shows_missing_entries(filed, world, today):
    filed(document_number="N-1")
    entries = services.parse_list_lines("N-1 | 道路管理办法 | 2023-02-01\nN-2｜未备案的文件\n")
    services.file_annual_list(issuer=world.unit, year=2023, entries=entries, actor=None)
    (row,) = services.coverage(2023)
    assert (row["listed"], row["filed"], row["coverage"]) == (2, 1, 0.5)
    assert [e.document_number for e in row["missing"]] == ["N-2"]
    with pytest.raises(ValidationError):
        services.parse_list_lines("no separator here\n")
    with pytest.raises(ValidationError):
        services.parse_list_lines("A | b | 2023-13-45")


def test_one_live_filing_per_document_number(filed, world, today):
    office = world.users["office_staff"]
    first = filed()
    with pytest.raises(ValidationError) as refused:
        filed()
    assert "document_number" in refused.value.message_dict
    # a returned filing may be replaced by a new one of the same number ...
    services.return_filing(first, reason="缺少起草说明", actor=office)
    second = filed()
    # ... but then the returned one cannot come back beside it
    with pytest.raises(ValidationError):
        services.refile(first, text=None, actor=world.users["unit_handler"])
    first.refresh_from_db()
    assert first.state == "returned" and second.state == "submitted"
