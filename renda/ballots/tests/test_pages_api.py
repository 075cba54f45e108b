"""Ballots through the HTTP API and the pages."""

import pytest
from django.test import Client
from django.urls import reverse

from renda.ballots import services
from renda.ballots.models import Ballot, Participation
from renda.ballots.tests.helpers import HELD_ON, add_members, motion, option_ids
from renda.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_vote_through_the_api(world, client_for):
    people = add_members(world, 4, with_users=True)
    office = client_for("office_staff")
    created = office.post(
        "/api/v1/ballots/",
        {
            "question": "关于批准某项决定的表决",
            "kind": "motion",
            "method": "secret",
            "electorate": "committee_members",
            "term": world.term.pk,
            "held_on": str(HELD_ON),
            "pass_rule": "majority_of_all",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    ballot = created.json()
    url = f"/api/v1/ballots/{ballot['id']}/"
    ids = {o["code"]: o["id"] for o in ballot["options"]}
    # a draft is the office's: members do not see it yet
    assert (
        client_for("committee_member").post(f"{url}cast/", {"choices": [ids["yes"]]}).status_code
        == 404
    )
    assert office.post(f"{url}open/").json()["electorate_size"] == 5

    voters = [_login(User.objects.get(person=p)) for p in people]
    choices = ["yes", "yes", "no", "yes"]
    for client, code in zip(voters, choices, strict=True):
        answer = client.post(
            f"{url}cast/", {"choices": [ids[code]]}, content_type="application/json"
        )
        assert answer.status_code == 201, answer.content
        assert code not in answer.content.decode()
    again = voters[0].post(f"{url}cast/", {"choices": [ids["no"]]}, content_type="application/json")
    assert again.status_code == 400
    blank = client_for("committee_member").post(
        f"{url}cast/", {"choices": []}, content_type="application/json"
    )
    assert blank.status_code == 400
    # the clerk enters the last member's paper ballot (blank: invalid)
    member = world.users["committee_member"].person
    entered = office.post(
        f"{url}enter/", {"voter": member.pk, "choices": []}, content_type="application/json"
    )
    assert entered.status_code == 201
    assert office.get(f"{url}result/").status_code == 409  # not while voting
    assert office.post(f"{url}close/").json()["passed"] is True  # 3 of 5
    result = client_for("leader").get(f"{url}result/").json()
    assert [(o["code"], o["count"]) for o in result["options"]] == [
        ("yes", 3),
        ("no", 1),
        ("abstain", 0),
    ]
    assert result["invalid"] == 1 and result["participants"] == 5 and result["needed"] == 3
    assert office.post(f"{url}publish/").json()["state"] == "published"
    public = Client().get(reverse("ballots:public-result", args=[ballot["id"]]))
    assert public.status_code == 200
    for person in people:
        assert person.name not in public.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        {"choices": "x"},
        {"choices": [0]},
        {"choices": [10**12]},
        {"choices": [1, 1]},
        {},
        {"choices": None},
    ],
)
def test_bad_casts_are_refused_and_change_nothing(world, client_for, body):
    ballot = motion(world)
    services.open_ballot(ballot, actor=world.users["office_staff"])
    before = AuditEntry.objects.count()
    answer = client_for("committee_member").post(
        f"/api/v1/ballots/{ballot.pk}/cast/", body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert "detail" in answer.json()
    assert AuditEntry.objects.count() == before and not Participation.objects.exists()


def test_bad_ballots_through_the_api(world, client_for):
    office = client_for("office_staff")
    for body in (
        {},
        {
            "question": "x",
            "kind": "motion",
            "method": "secret",
            "electorate": "committee_members",
            "term": world.term.pk,
            "held_on": "2023-02-30",
            "pass_rule": "majority_of_all",
        },
        {
            "question": "x",
            "kind": "selection",
            "method": "secret",
            "electorate": "committee_members",
            "term": world.term.pk,
            "held_on": "2023-06-01",
            "pass_rule": "most_votes",
            "options": ["甲"],
        },
    ):
        answer = office.post("/api/v1/ballots/", body, content_type="application/json")
        assert answer.status_code == 400, answer.content
    assert not Ballot.objects.exists()
    refused = client_for("committee_member").post(
        "/api/v1/ballots/", {}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_deputies_vote_on_congress_selections(world, client_for, session):
    office = client_for("office_staff")
    created = office.post(
        "/api/v1/ballots/",
        {
            "question": "2023年民生实事项目票决",
            "kind": "selection",
            "method": "secret",
            "electorate": "congress_deputies",
            "term": world.term.pk,
            "session": session.pk,
            "held_on": str(session.start_date),
            "pass_rule": "most_votes",
            "places": 2,
            "options": ["老旧小区改造", "城乡供水", "托育服务"],
        },
        content_type="application/json",
    ).json()
    url = f"/api/v1/ballots/{created['id']}/"
    office.post(f"{url}open/")
    ids = [o["id"] for o in created["options"]]
    deputy = client_for("deputy")
    assert (
        deputy.post(
            f"{url}cast/", {"choices": ids[:2]}, content_type="application/json"
        ).status_code
        == 201
    )
    assert [b["id"] for b in deputy.get("/api/v1/ballots/").json()["results"]] == [created["id"]]
    # a committee member who is no deputy of the term is not in the electorate
    assert (
        client_for("committee_member")
        .post(f"{url}cast/", {"choices": ids[:1]}, content_type="application/json")
        .status_code
        == 400
    )
    office.post(f"{url}close/")
    result = office.get(f"{url}result/").json()
    assert [o["chosen"] for o in result["options"]] == [True, True, False]


def test_a_member_votes_on_the_vote_page_with_htmx(world, client_for):
    ballot = services.assess_department(
        department=world.unit,
        topic="",
        term=world.term,
        held_on=HELD_ON,
        session=None,
        actor=world.users["office_staff"],
    )
    services.open_ballot(ballot, actor=world.users["office_staff"])
    member = client_for("committee_member")
    home = member.get("/")
    assert reverse("ballots:vote", args=[ballot.pk]) in home.content.decode()  # to-do
    page = member.get(reverse("ballots:vote", args=[ballot.pk]))
    assert page.status_code == 200 and "满意" in page.content.decode()
    empty = member.post(reverse("ballots:vote", args=[ballot.pk]), {})
    assert empty.status_code == 400 and not Participation.objects.exists()
    ids = option_ids(ballot)
    answer = member.post(
        reverse("ballots:vote", args=[ballot.pk]),
        {"choice": ids["basically_satisfied"]},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert 'id="vote-recorded"' in answer.content.decode()
    assert "<html" not in answer.content.decode()  # a fragment
    assert ballot.options.get(code="basically_satisfied").count == 1
    detail = member.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert 'id="no-result"' in detail  # no counts while voting
    assert 'id="my-vote"' in detail


def test_clerk_entry_and_office_actions_on_pages(world, client_for):
    add_members(world, 2)
    office = client_for("office_staff")
    form = {
        "question": "关于某决定的表决",
        "kind": "motion",
        "method": "roll_call",
        "electorate": "committee_members",
        "term": world.term.pk,
        "held_on": "2023-06-29",
        "pass_rule": "majority_of_all",
        "places": 1,
    }
    bad = office.post(reverse("ballots:create"), {**form, "pass_rule": "most_votes"})
    assert bad.status_code == 400 and not Ballot.objects.exists()
    created = office.post(reverse("ballots:create"), form)
    ballot = Ballot.objects.get()
    assert created["Location"] == reverse("ballots:detail", args=[ballot.pk])
    office.post(reverse("ballots:act", args=[ballot.pk, "open"]))
    ids = option_ids(ballot)
    entry = reverse("ballots:enter", args=[ballot.pk])
    voters = list(services.electorate(ballot).order_by("pk"))
    for voter, code in zip(voters, ["yes", "yes", "no"], strict=True):
        answer = office.post(entry, {"voter": voter.pk, "choice": [ids[code]]})
        assert answer.status_code == 302
    # the same member twice: not offered, refused
    again = office.post(entry, {"voter": voters[0].pk, "choice": [ids["no"]]})
    assert again.status_code == 400
    office.post(reverse("ballots:act", args=[ballot.pk, "close"]))
    page = office.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert 'data-passed="1"' in page and 'id="member-votes"' in page
    assert voters[2].name in page
    office.post(reverse("ballots:act", args=[ballot.pk, "publish"]))
    ballot.refresh_from_db()
    assert ballot.state == "published" and ballot.passed is True


def test_list_page_and_api_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    office_user = world.users["office_staff"]
    for i in range(30):
        ballot = motion(world, question=f"决定{i}")
        services.open_ballot(ballot, actor=office_user)
    office = client_for("office_staff")
    with django_assert_max_num_queries(12):
        assert office.get(reverse("ballots:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert office.get("/api/v1/ballots/").status_code == 200
    member = client_for("committee_member")
    with django_assert_max_num_queries(40):
        assert member.get(reverse("ballots:list")).status_code == 200
    assert office.get(reverse("ballots:list"), {"format": "xlsx"}).status_code == 200


def test_secret_ballot_pages_never_show_a_members_choice(world, client_for):
    ballot = motion(world, method="secret")
    services.open_ballot(ballot, actor=world.users["office_staff"])
    member = world.users["committee_member"].person
    services.cast(ballot, voter=member, choices=[option_ids(ballot)["no"]], actor=None)
    services.close_ballot(ballot, actor=world.users["office_staff"])
    page = client_for("administrator").get(reverse("ballots:detail", args=[ballot.pk]))
    text = page.content.decode()
    assert member.name in text  # took part
    assert 'id="member-votes"' not in text
