"""The ballot engine's rules: creating, the electorate, casting, closing (R32, R42, R43)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.ballots import services
from renda.ballots.models import Ballot, BallotOption, Participation, Vote
from renda.ballots.tests.helpers import HELD_ON, add_members, members, motion, option_ids
from renda.core.models import AuditEntry, CommitteeMember, Deputy, RuleSettingValue, Session
from renda.handling.models import Assignment, Case
from renda.handling.workflow import InvalidTransition

pytestmark = pytest.mark.django_db


def test_default_options_per_kind(world):
    ballot = motion(world)
    assert [(o.code, o.label) for o in ballot.options.all()] == [
        ("yes", "赞成"),
        ("no", "反对"),
        ("abstain", "弃权"),
    ]
    assessment = services.assess_department(
        department=world.unit,
        topic=services.TOPIC_INNOVATION,
        term=world.term,
        held_on=HELD_ON,
        session=None,
        actor=world.users["office_staff"],
    )
    assert [o.label for o in assessment.options.all()] == ["满意", "基本满意", "不满意"]
    assert assessment.method == Ballot.Method.SECRET
    assert AuditEntry.objects.filter(verb="create").count() == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"question": " "}, "question"),
        ({"kind": "referendum"}, "kind"),
        ({"pass_rule": "most_votes"}, "pass_rule"),
        ({"places": 3}, "places"),
        ({"options": ["甲", "乙"]}, "options"),
        ({"subject": "unit"}, "subject"),
        ({"electorate": "congress_deputies"}, "session"),
    ],
)
def test_bad_ballots_are_refused_with_a_clear_message(world, change, field):
    kwargs = {
        "question": "关于某事项的决定",
        "kind": "motion",
        "method": "roll_call",
        "electorate": "committee_members",
        "term": world.term,
        "held_on": HELD_ON,
        "pass_rule": "majority_of_all",
        "actor": world.users["office_staff"],
    }
    kwargs.update({k: (world.unit if v == "unit" else v) for k, v in change.items()})
    with pytest.raises(ValidationError) as err:
        services.create_ballot(**kwargs)
    assert field in err.value.message_dict
    assert not Ballot.objects.exists()


def test_selection_needs_more_candidates_than_places(world):
    def make(options, places):
        return services.create_ballot(
            question="民生实事项目票决",
            kind="selection",
            method="secret",
            electorate="committee_members",
            term=world.term,
            held_on=HELD_ON,
            pass_rule="most_votes",
            options=options,
            places=places,
            actor=world.users["office_staff"],
        )

    with pytest.raises(ValidationError):
        make(["甲", "乙"], 2)
    with pytest.raises(ValidationError):
        make(["甲", "甲", "乙"], 1)
    ballot = make(["甲", "乙", world.deputy.person], 2)
    assert [o.label for o in ballot.options.all()] == ["甲", "乙", "本代表"]


def test_assessment_must_be_secret_R42(world):
    with pytest.raises(ValidationError) as err:
        services.create_ballot(
            question="满意度测评",
            kind="assessment",
            method="roll_call",
            electorate="committee_members",
            term=world.term,
            held_on=HELD_ON,
            pass_rule="none",
            actor=world.users["office_staff"],
        )
    assert "method" in err.value.message_dict


def test_electorate_is_the_members_of_the_term_at_the_date(world):
    people = add_members(world, 3)
    left = CommitteeMember.objects.get(person=people[0])
    left.end_date = HELD_ON - dt.timedelta(days=1)
    left.save()
    joined = CommitteeMember.objects.get(person=people[1])
    joined.start_date = HELD_ON + dt.timedelta(days=1)
    joined.save()
    ballot = motion(world)
    assert set(services.electorate(ballot)) == {world.users["committee_member"].person, people[2]}
    services.open_ballot(ballot, actor=world.users["office_staff"])
    ballot.refresh_from_db()
    assert ballot.electorate_size == 2 and ballot.state == "open"
    with pytest.raises(ValidationError):
        services.cast(ballot, voter=people[0], choices=[option_ids(ballot)["yes"]], actor=None)


def test_congress_electorate_is_the_serving_deputies(world, session):
    Deputy.objects.filter(pk=world.other_deputy.pk).update(status=Deputy.Status.RESIGNED)
    ballot = services.create_ballot(
        question="民生实事项目票决",
        kind="selection",
        method="secret",
        electorate="congress_deputies",
        session=session,
        term=world.term,
        held_on=session.start_date,
        pass_rule="most_votes",
        options=["甲", "乙", "丙"],
        places=2,
        actor=world.users["office_staff"],
    )
    assert list(services.electorate(ballot)) == [world.deputy.person]


def test_R32_more_than_half_of_all_members_not_of_those_present(world):
    """45 members; 23 yes pass, 22 yes fail even if nobody votes against."""
    add_members(world, 44)
    voters = members(world)
    office = world.users["office_staff"]
    for yes_votes, expected in ((22, False), (23, True)):
        ballot = motion(world, question=f"决定{yes_votes}")
        services.open_ballot(ballot, actor=office)
        ids = option_ids(ballot)
        for voter in voters[:yes_votes]:
            services.cast(ballot, voter=voter, choices=[ids["yes"]], actor=office, by_clerk=True)
        # the rest is absent: 22 of 22 present is unanimous, but not a majority of all
        services.close_ballot(ballot, actor=office)
        ballot.refresh_from_db()
        assert ballot.electorate_size == 45
        assert ballot.passed is expected, yes_votes


def test_R32_abstentions_and_invalid_ballots_count_against(world):
    add_members(world, 4)  # 5 members: 3 yes needed
    voters = members(world)
    office = world.users["office_staff"]
    ballot = motion(world)
    services.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    choices = [[ids["yes"]], [ids["yes"]], [ids["abstain"]], [ids["abstain"]], []]
    for voter, chosen in zip(voters, choices, strict=True):
        services.cast(ballot, voter=voter, choices=chosen, actor=office, by_clerk=True)
    result = services.tally(ballot)
    assert result.invalid == 1 and result.participants == 5 and result.decision.needed == 3
    assert result.decision.passed is False


def test_one_vote_per_voter_and_none_after_closing(world):
    voter = world.users["committee_member"].person
    office = world.users["office_staff"]
    ballot = motion(world)
    ids = option_ids(ballot)
    with pytest.raises(InvalidTransition):  # not open yet
        services.cast(ballot, voter=voter, choices=[ids["yes"]], actor=office)
    services.open_ballot(ballot, actor=office)
    services.cast(ballot, voter=voter, choices=[ids["yes"]], actor=office)
    with pytest.raises(ValidationError):
        services.cast(ballot, voter=voter, choices=[ids["no"]], actor=office)
    services.close_ballot(ballot, actor=office)
    with pytest.raises(InvalidTransition):
        services.cast(ballot, voter=voter, choices=[ids["no"]], actor=office)
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert BallotOption.objects.get(pk=ids["yes"]).count == 1
    assert BallotOption.objects.get(pk=ids["no"]).count == 0
    with pytest.raises(InvalidTransition):
        services.close_ballot(ballot, actor=office)
    services.publish_ballot(ballot, actor=office)
    with pytest.raises(InvalidTransition):
        services.open_ballot(ballot, actor=office)


def test_bad_choices_change_nothing(world):
    voter = world.users["committee_member"].person
    office = world.users["office_staff"]
    ballot = motion(world)
    other = motion(world, question="另一个决定")
    services.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    for bad in ([ids["yes"], ids["yes"]], ["x"], [option_ids(other)["yes"]], None):
        if bad is None:
            continue
        with pytest.raises(ValidationError):
            services.cast(ballot, voter=voter, choices=bad, actor=office)
    assert not Participation.objects.exists()
    assert sum(BallotOption.objects.filter(ballot=ballot).values_list("count", flat=True)) == 0


def test_roll_call_keeps_each_members_vote(world):
    add_members(world, 2)
    voters = members(world)
    office = world.users["office_staff"]
    ballot = motion(world)
    services.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    services.cast(ballot, voter=voters[0], choices=[ids["yes"]], actor=office)
    services.cast(ballot, voter=voters[1], choices=[ids["no"]], actor=office)
    services.cast(ballot, voter=voters[2], choices=[ids["yes"], ids["no"]], actor=office)
    votes = {v.voter_id: v for v in Vote.objects.filter(ballot=ballot)}
    assert [o.code for o in votes[voters[0].pk].options.all()] == ["yes"]
    assert votes[voters[2].pk].is_invalid
    result = services.tally(ballot)
    assert [o.count for o in result.options] == [1, 1, 0] and result.invalid == 1
    assert result.decision.passed is False  # 1 of 3


def test_selection_most_votes_with_places(world):
    add_members(world, 4)
    voters = members(world)
    office = world.users["office_staff"]
    ballot = services.create_ballot(
        question="项目票决",
        kind="selection",
        method="secret",
        electorate="committee_members",
        term=world.term,
        held_on=HELD_ON,
        pass_rule="most_votes",
        options=["甲", "乙", "丙", "丁"],
        places=2,
        actor=office,
    )
    services.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    plan = [["甲", "乙"], ["甲", "丙"], ["甲", "乙"], ["丙"], ["甲", "乙", "丙"]]
    for voter, labels in zip(voters, plan, strict=True):
        services.cast(ballot, voter=voter, choices=[ids[x] for x in labels], actor=office)
    result = services.tally(ballot)
    assert result.invalid == 1  # three choices for two places
    chosen = [o.label for o in result.options if (o.pk in result.decision.chosen)]
    assert chosen == ["甲"]
    assert {o.label for o in result.options if o.pk in result.decision.tied} == {"乙", "丙"}
    assert result.decision.passed is False  # a tie is reported, not broken


def _assessment(world, department, grades, office):
    ballot = services.assess_department(
        department=department,
        topic=services.TOPIC_BUSINESS_ENVIRONMENT,
        term=world.term,
        held_on=HELD_ON,
        session=None,
        actor=office,
    )
    services.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    for voter, grade in zip(members(world), grades, strict=False):
        chosen = [ids[g] for g in grade.split("+")] if grade else []
        services.cast(ballot, voter=voter, choices=chosen, actor=office, by_clerk=True)
    return services.close_ballot(ballot, actor=office)


def test_R42_blank_or_several_grades_are_invalid_and_shares_of_valid(world):
    add_members(world, 5)
    office = world.users["office_staff"]
    grades = [
        "satisfied",
        "satisfied",
        "basically_satisfied",
        "dissatisfied",
        "",
        "satisfied+dissatisfied",
    ]
    ballot = _assessment(world, world.unit, grades, office)
    result = services.tally(ballot)
    assert result.invalid == 2 and result.valid == 4
    assert result.accepted_share == 0.75
    assert ballot.passed is None
    assert ballot.rectification_case is None  # 0.75 ≥ 0.6


def test_R43_below_threshold_opens_a_rectification_item_with_a_deadline(world, today):
    add_members(world, 4)
    office = world.users["office_staff"]
    grades = ["satisfied", "dissatisfied", "dissatisfied", "basically_satisfied", "dissatisfied"]
    ballot = _assessment(world, world.unit, grades, office)
    case = Case.objects.get(pk=ballot.rectification_case_id)
    assert case is not None and case.kind == "rectification" and case.state == Case.State.ASSIGNED
    assignment = Assignment.objects.get(case=case)
    assert assignment.unit == world.unit
    assert assignment.due_date == dt.date(2023, 6, 1)  # 2023-03-01 + 3 months (setting)
    assert assignment.deadline_rule == "supervision.rectification_months=3"

    # the threshold is a rule setting
    RuleSettingValue.objects.create(key="supervision.assessment_threshold", value=0.3)
    ballot = _assessment(world, world.other_unit, grades, office)
    assert ballot.rectification_case is None


def test_committee_session_must_be_of_the_committee(world, session):
    with pytest.raises(ValidationError) as err:
        motion(world, session=session)
    assert "session" in err.value.message_dict
    committee_session = Session.objects.create(
        term=world.term, body="standing_committee", number=4, start_date=HELD_ON
    )
    assert motion(world, session=committee_session).session == committee_session
