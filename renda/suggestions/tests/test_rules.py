"""RULES.md R10, R11, R20 and the suggestion workflow: numbering, duplicates, access."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from renda.core.tests.factories import DeputyFactory, make_user
from renda.handling import services as handling
from renda.handling.workflow import InvalidTransition
from renda.suggestions import services
from renda.suggestions.access import get_suggestions_for_user
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def draft(world, session, **kwargs):
    defaults = {
        "title": "关于规范电动自行车管理的建议",
        "text": "电动自行车……",
        "category": "urban",
    }
    item = Suggestion(session=session, lead_deputy=world.deputy, **{**defaults, **kwargs})
    co_signers = kwargs.pop("co_signers", None)
    return services.save_draft(item, co_signers=co_signers, actor=world.users["deputy"])


def test_R10_a_motion_needs_ten_deputies_or_a_delegation(world, session):
    motion = draft(world, session, type="motion")
    with pytest.raises(ValidationError, match="10"):
        services.submit(motion, actor=world.users["deputy"])
    signers = [DeputyFactory(term=world.term, delegation=world.deputy.delegation) for _ in range(9)]
    motion.co_signers.set(signers)
    assert services.submit(motion, actor=world.users["deputy"]).state == "submitted"
    by_delegation = draft(world, session, type="motion", title="代表团议案")
    by_delegation.delegation = world.deputy.delegation
    by_delegation.save()
    assert services.submit(by_delegation, actor=world.users["deputy"]).state == "submitted"


def test_R10_fewer_signers_may_file_it_as_a_suggestion(world, session):
    item = draft(world, session, type="suggestion")
    assert services.submit(item, actor=world.users["deputy"]).state == "submitted"


def test_R11_a_motion_not_on_the_agenda_becomes_a_linked_suggestion(world, session):
    motion = draft(world, session, type="motion")
    motion.delegation = world.deputy.delegation
    motion.save()
    services.submit(motion, actor=world.users["deputy"])
    suggestion = services.convert_motion(
        motion, actor=world.users["office_staff"], note="未列入议程"
    )
    motion.refresh_from_db()
    assert motion.state == "converted"
    assert suggestion.converted_from == motion and motion.converted_to == suggestion
    assert suggestion.type == "suggestion" and suggestion.state == "submitted"


def test_numbers_are_per_session_unique_and_gap_free(world, session):
    office = world.users["office_staff"]
    items = [draft(world, session, title=f"建议{i}") for i in range(4)]
    for item in items:
        services.submit(item, actor=world.users["deputy"])
    services.decline(items[1], note="不属于建议范围", actor=office)
    for item in (items[0], items[2], items[3]):
        services.register(item, actor=office)
    numbers = sorted(Suggestion.objects.exclude(number=None).values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert Suggestion.objects.get(number=3).reference == "12-1-建议-0003"


def test_only_submitted_items_are_reviewed(world, session):
    item = draft(world, session)
    with pytest.raises(InvalidTransition):
        services.register(item, actor=world.users["office_staff"])
    with pytest.raises(ValidationError):
        services.return_for_revision(item, note="", actor=world.users["office_staff"])


def test_returned_items_are_revised_and_resubmitted(world, session):
    item = draft(world, session)
    services.submit(item, actor=world.users["deputy"])
    services.return_for_revision(item, note="请补充具体地点", actor=world.users["office_staff"])
    item.refresh_from_db()
    item.text = "补充后的内容"
    services.save_draft(item, actor=world.users["deputy"])
    assert services.submit(item, actor=world.users["deputy"]).state == "submitted"


def test_someone_else_cannot_edit_or_submit_a_draft(world, session):
    item = draft(world, session)
    intruder = make_user("t-intruder", "deputy", person=world.other_deputy.person)
    with pytest.raises(PermissionDenied):
        services.submit(item, actor=intruder)


def test_duplicates_are_found_and_merged_with_both_deputies_as_submitters(world, session):
    first = draft(
        world, session, title="关于加快老旧小区加装电梯的建议", text="老旧小区加装电梯困难……"
    )
    services.submit(first, actor=world.users["deputy"])
    other_user = make_user("t-other-deputy", "deputy", person=world.other_deputy.person)
    second = Suggestion(
        session=session,
        lead_deputy=world.other_deputy,
        title="关于老旧小区加装电梯的建议",
        text="老旧小区加装电梯难……",
        category="urban",
    )
    services.save_draft(second, actor=other_user)
    services.submit(second, actor=other_user)
    similar = services.similar_items(second)
    assert similar and similar[0][0] == first
    services.merge(second, into=first, actor=world.users["office_staff"])
    services.register(first, actor=world.users["office_staff"])
    first.refresh_from_db()
    from renda.handling.policies import policy_for

    evaluators = policy_for(first.case.kind).primary_evaluators(first.case)
    assert set(evaluators) == {world.users["deputy"], other_user}


def test_a_deputy_never_sees_another_deputys_draft(world, session):
    draft(world, session)
    other = make_user("t-other-deputy", "deputy", person=world.other_deputy.person)
    assert not get_suggestions_for_user(other).exists()
    assert not get_suggestions_for_user(world.users["office_staff"]).exists()  # drafts are private
    assert get_suggestions_for_user(world.users["deputy"]).count() == 1


def test_a_unit_sees_only_items_assigned_to_it(world, session):
    item = draft(world, session)
    services.submit(item, actor=world.users["deputy"])
    services.register(item, actor=world.users["office_staff"])
    item.refresh_from_db()
    assert not get_suggestions_for_user(world.users["unit_handler"]).exists()
    handling.assign_case(item.case, lead_unit=world.other_unit, actor=world.users["office_staff"])
    assert not get_suggestions_for_user(world.users["unit_handler"]).exists()
    other_handler = make_user("t-other-unit", "unit_handler", organisation=world.other_unit)
    assert get_suggestions_for_user(other_handler).count() == 1


def test_R20_the_public_list_shows_only_completed_items_that_may_be_published(
    world, session, client, today
):
    office, unit = world.users["office_staff"], world.users["unit_handler"]
    for title, publish in (("可以公开的建议", True), ("不公开的建议", False)):
        item = draft(world, session, title=title, may_publish=publish)
        services.submit(item, actor=world.users["deputy"])
        services.register(item, actor=office)
        item.refresh_from_db()
        handling.assign_case(item.case, lead_unit=world.unit, actor=office)
        handling.reply_case(
            item.case,
            unit=world.unit,
            text="已办理完毕的答复",
            reply_class="A",
            contact_person="王",
            channel="written",
            actor=unit,
        )
        handling.evaluate_case(item.case, result="satisfied", actor=world.users["deputy"])
    pending = draft(world, session, title="尚未办结的建议")
    services.submit(pending, actor=world.users["deputy"])
    page = client.get(reverse("portal-suggestions")).content.decode()
    assert "可以公开的建议" in page and "已办理完毕的答复" in page
    assert "不公开的建议" not in page and "尚未办结的建议" not in page
    assert world.deputy.person.mobile not in page


def test_commendation_candidates_come_from_the_records(world, session, client_for, today):
    office, unit = world.users["office_staff"], world.users["unit_handler"]
    for i in range(3):
        item = draft(world, session, title=f"优秀建议{i}")
        services.submit(item, actor=world.users["deputy"])
        services.register(item, actor=office)
        item.refresh_from_db()
        handling.assign_case(item.case, lead_unit=world.unit, actor=office)
        handling.reply_case(
            item.case,
            unit=world.unit,
            text="已解决",
            reply_class="A",
            contact_person="王",
            channel="written",
            actor=unit,
        )
        handling.evaluate_case(item.case, result="satisfied", actor=world.users["deputy"])
    page = client_for("office_staff").get(reverse("suggestions:commendations"), {"year": 2023})
    assert [r["unit_name"] for r in page.context["units"]] == [world.unit.name]
    assert len(page.context["items"]) == 3
    response = client_for("office_staff").post(
        reverse("suggestions:commendations"),
        {"year": 2023, "unit": world.unit.pk, "reason": "按时办结，代表满意"},
    )
    assert response.status_code == 302
    again = client_for("office_staff").post(
        reverse("suggestions:commendations"),
        {"year": 2023, "unit": world.unit.pk, "reason": "重复"},
    )
    assert again.status_code == 302
    from renda.suggestions.models import Commendation

    assert Commendation.objects.count() == 1
    assert (
        client_for("leader")
        .post(
            reverse("suggestions:commendations"),
            {"year": 2023, "unit": world.unit.pk, "reason": "x"},
        )
        .status_code
        == 403
    )


def test_documents_and_commendations_through_the_api(world, registered, client_for):
    case = registered()
    office = client_for("office_staff")
    assert office.get(f"/api/v1/cases/{case.pk}/assignment-sheet/").status_code == 404
    handling.assign_case(case, lead_unit=world.unit, actor=world.users["office_staff"])
    sheet = office.get(f"/api/v1/cases/{case.pk}/assignment-sheet/")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert office.get(f"/api/v1/cases/{case.pk}/reply-letter/").status_code == 404
    candidates = office.get("/api/v1/commendations/", {"year": 2023}).json()
    assert candidates["year"] == 2023 and candidates["commended"] == []
    bad = office.post(
        "/api/v1/commendations/", {"year": 2023, "reason": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_a_draft_carries_checked_attachments(world, session, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("deputy")
    data = {
        "type": "suggestion",
        "session": session.pk,
        "title": "附件建议",
        "text": "见附件",
        "category": "other",
        "may_publish": "on",
    }
    bad = client.post(
        "/suggestions/new/", {**data, "attachments": SimpleUploadedFile("a.exe", b"MZ")}
    )
    assert bad.status_code == 400
    assert not Suggestion.objects.filter(title="附件建议").exists()
    good = client.post(
        "/suggestions/new/", {**data, "attachments": SimpleUploadedFile("调研.pdf", b"%PDF")}
    )
    assert good.status_code == 302
    assert Suggestion.objects.get(title="附件建议").attachments.get().name == "调研.pdf"
