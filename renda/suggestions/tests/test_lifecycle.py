"""One full lifecycle through the HTTP API, as the issue describes it."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core import clock
from renda.core.models import AuditEntry, Session, Term
from renda.core.tests.factories import OrganisationFactory, make_user
from renda.handling.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = {"value": dt.date(2023, 3, 1)}
    monkeypatch.setattr(clock, "today", lambda: day["value"])
    return day


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_submit_register_assign_reply_evaluate_rehandle_complete_implement(
    world, today, django_capture_on_commit_callbacks
):
    session = Session.objects.create(
        term=world.term, body="congress", number=1, start_date=dt.date(2023, 1, 6)
    )
    assisting = OrganisationFactory(name="协办单位")
    helper = make_user("t-unit2", "unit_handler", organisation=assisting)
    deputy, office, unit = (
        world.users["deputy"],
        world.users["office_staff"],
        world.users["unit_handler"],
    )

    created = api(deputy).post(
        reverse("api:suggestion-list"),
        {
            "session": session.pk,
            "title": "关于加强老旧小区改造的建议",
            "text": "建议……",
            "category": "urban",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    item = created.json()["id"]
    assert api(deputy).post(reverse("api:suggestion-submit", args=[item])).status_code == 200
    registered = api(office).post(
        reverse("api:suggestion-register", args=[item]), {}, format="json"
    )
    assert registered.status_code == 200, registered.json()
    assert registered.json()["reference"] == "12-1-建议-0001"
    case = registered.json()["case"]["id"]

    with django_capture_on_commit_callbacks(execute=True):
        assigned = api(office).post(
            reverse("api:case-assign", args=[case]),
            {"lead_unit": world.unit.pk, "assisting_units": [assisting.pk]},
            format="json",
        )
    assert assigned.status_code == 200, assigned.json()
    lead = next(a for a in assigned.json()["assignments"] if a["role"] == "lead")
    assert lead["due_date"] == "2023-06-01"  # R12: three months
    assert lead["deadline_rule"] == "handling.reply_months=3"  # R2

    inbox = api(unit).get(reverse("api:inbox-list")).json()["results"]
    assert [row["case"]["id"] for row in inbox] == [case]
    assert (
        api(helper)
        .post(reverse("api:case-view", args=[case]), {"text": "协办意见"}, format="json")
        .status_code
        == 200
    )

    with django_capture_on_commit_callbacks(execute=True):
        reply_b = api(unit).post(
            reverse("api:case-reply", args=[case]),
            {
                "text": "已列入明年计划",
                "reply_class": "B",
                "contact_person": "王科长",
                "channel": "written",
                "promised_action": "改造10个小区",
                "promised_date": "2023-12-31",
            },
            format="json",
        )
    assert reply_b.status_code == 200, reply_b.json()
    assert reply_b.json()["state"] == "replied"

    dissatisfied = api(deputy).post(
        reverse("api:case-evaluate", args=[case]),
        {"result": "dissatisfied", "comment": "进度太慢"},
        format="json",
    )
    assert dissatisfied.json()["state"] == "rehandling"
    assert dissatisfied.json()["reply_due"] == "2023-04-01"  # R17: one month

    reply_a = api(unit).post(
        reverse("api:case-reply", args=[case]),
        {
            "text": "已完成改造",
            "reply_class": "A",
            "contact_person": "王科长",
            "channel": "face_to_face",
        },
        format="json",
    )
    assert reply_a.status_code == 200
    satisfied = api(deputy).post(
        reverse("api:case-evaluate", args=[case]), {"result": "satisfied"}, format="json"
    )
    body = satisfied.json()
    # R19: the first round's B-class promise is still followed after an A-class reply
    assert (body["state"], body["implementation"]) == ("completed", "pending")

    implemented = api(unit).post(
        reverse("api:case-implement", args=[case]), {"note": "5个小区已完工"}, format="json"
    )
    assert implemented.json()["implementation"] == "implemented"

    verbs = list(AuditEntry.objects.filter(target_id=str(case)).values_list("verb", flat=True))
    assert {"register", "assign", "reply", "rehandle", "complete", "implemented"} <= set(verbs)
    assert Notice.objects.filter(recipient_unit=world.unit, type="assigned").exists()
    assert Notice.objects.filter(recipient_user=deputy, type="replied").exists()


def test_illegal_moves_are_409_with_a_message(world, today):
    session = Session.objects.create(
        term=world.term, body="congress", number=1, start_date=dt.date(2023, 1, 6)
    )
    deputy, office = world.users["deputy"], world.users["office_staff"]
    item = (
        api(deputy)
        .post(
            reverse("api:suggestion-list"),
            {"session": session.pk, "title": "t", "text": "x", "category": "other"},
            format="json",
        )
        .json()["id"]
    )
    # the office does not see drafts at all
    assert (
        api(office)
        .post(reverse("api:suggestion-register", args=[item]), {}, format="json")
        .status_code
        == 404
    )
    api(deputy).post(reverse("api:suggestion-submit", args=[item]))
    assert api(deputy).post(reverse("api:suggestion-submit", args=[item])).status_code == 409
    case = (
        api(office)
        .post(reverse("api:suggestion-register", args=[item]), {}, format="json")
        .json()["case"]["id"]
    )
    response = api(deputy).post(
        reverse("api:case-evaluate", args=[case]), {"result": "satisfied"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.parametrize("keys", [[2**70], [-3], [0], ["x"], "12"])
def test_co_signers_out_of_any_range_are_400_and_create_nothing(world, today, keys):
    session = Session.objects.create(
        term=world.term, body="congress", number=1, start_date=dt.date(2023, 1, 6)
    )
    answer = api(world.users["deputy"]).post(
        reverse("api:suggestion-list"),
        {"session": session.pk, "title": "t", "text": "x", "category": "other", "co_signers": keys},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["co_signers"]
    assert not AuditEntry.objects.filter(verb="create").exists()


def test_a_deputy_of_another_term_cannot_file_at_the_session(world, today):
    from renda.suggestions.models import Suggestion

    later = Term.objects.create(number=world.term.number + 1, start_date=dt.date(2028, 1, 1))
    session = Session.objects.create(
        term=later, body="congress", number=1, start_date=dt.date(2028, 1, 6)
    )
    answer = api(world.users["deputy"]).post(
        reverse("api:suggestion-list"),
        {"session": session.pk, "title": "t", "text": "x", "category": "other"},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["session"] == ["您不是该次会议所属届次的代表。"]
    assert not Suggestion.objects.exists()
