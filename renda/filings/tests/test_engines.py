"""The engines filings builds on: the handling inbox reply, textsearch's similar
provisions, the to-do entries."""

import pytest

from renda.filings import assistant, services
from renda.handling import services as handling
from renda.handling.models import Case

pytestmark = pytest.mark.django_db


def _reviewed(filed, world, committee, number, **finding):
    office = world.users["office_staff"]
    filing = services.accept_filing(filed(document_number=number), actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    return services.finish_review(review, actor=office, finding_text="意见", **finding)


def test_the_issuer_replies_from_its_inbox_and_the_office_says_what_it_was(
    filed, world, today, committee
):
    from django.core.exceptions import ValidationError

    review = _reviewed(filed, world, committee, "I-1", clearly_improper=True)
    notice = review.correction
    handling.reply_case(
        notice.case,
        unit=world.unit,
        text="已废止该文件",
        reply_class="A",
        contact_person="王某",
        channel="platform",
        actor=world.users["unit_handler"],
    )
    office = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.close_correction(notice, actor=office)
    notice = services.close_correction(notice, actor=office, outcome="repealed")
    assert (notice.outcome, notice.issuer_reply) == ("repealed", "已废止该文件")
    assert Case.objects.get(pk=notice.case_id).state == Case.State.COMPLETED


def test_similar_provisions_from_documents_reviewed_before(filed, world, today, committee):
    first = _reviewed(filed, world, committee, "S-1")
    office = world.users["office_staff"]
    second = services.accept_filing(filed(document_number="S-2"), actor=office)
    reports = assistant.assist_tree(second.version.tree)
    assistant.similar_provisions(second, reports)
    fourth = next(r for r in reports if r.num == 4)
    assert fourth.similar and fourth.similar[0]["filing"] == first.filing_id
    assert fourth.similar[0]["article"] == 4
    assert not next(r for r in reports if r.num == 1).similar  # nothing to flag, not looked up


def test_todo_entries_for_the_office_and_the_issuer(filed, world, today, committee, client_for):
    from renda.core.todo import items_for

    filing = filed()
    office = world.users["office_staff"]
    assert [i.title for i in items_for(office) if i.url.endswith(f"/filings/{filing.pk}/")]
    services.return_filing(filing, reason="补正", actor=office)
    issuer_items = [i for i in items_for(world.users["unit_handler"]) if "/filings/" in i.url]
    assert len(issuer_items) == 1
    services.refile(filing, actor=world.users["unit_handler"])
    services.accept_filing(filing, actor=office)
    review = services.start_review(filing, type="active", committee=committee, actor=office)
    services.finish_review(review, actor=office, finding_text="问题", exceeds_power=True)
    today.advance(31)
    kinds = {i.url for i in items_for(office) if "/filings/" in i.url}
    assert f"/filings/reviews/{review.pk}/" in kinds  # correction reply overdue
    assert client_for("office_staff").get("/").status_code == 200
