"""Secret ballots (R33, R42): nothing stored pairs a voter with a choice.

The proof is indistinguishability: the same voters cast the same choices but paired
differently (each voter's choice swapped with another's) and in a different order.
If the whole database — every table, raw, the audit log included — is the same in
both cases (apart from the order in which participations and their audit rows were
written, which carry no choice), then no query over the stored data can tell which
voter chose what.
"""

import json

import pytest
from django.db import connection, transaction

from renda.ballots import services
from renda.ballots.models import Ballot, BallotOption, Participation
from renda.ballots.tests.helpers import HELD_ON, add_members, members, option_ids
from renda.core.models import AuditEntry

pytestmark = pytest.mark.django_db

# rows whose order of writing is the order of voting: compared as sets, without
# their serial keys and times
UNORDERED = {
    Participation._meta.db_table: {"id"},
    AuditEntry._meta.db_table: {"id", "created_at"},
}


def _dump() -> dict[str, list]:
    """Every row of every table of the database, as stored."""
    data = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608  (table names from the schema)
            columns = [c[0] for c in cursor.description]
            dropped = UNORDERED.get(table, set())
            rows = [
                json.dumps(
                    {c: v for c, v in zip(columns, row, strict=True) if c not in dropped},
                    default=str,
                    sort_keys=True,
                )
                for row in cursor.fetchall()
            ]
            data[table] = sorted(rows)
    return data


@pytest.fixture
def setup(world):
    add_members(world, 5)
    voters = members(world)
    office = world.users["office_staff"]
    assessment = services.assess_department(
        department=world.unit,
        topic=services.TOPIC_INNOVATION,
        term=world.term,
        held_on=HELD_ON,
        session=None,
        actor=office,
    )
    selection = services.create_ballot(
        question="民生实事项目票决",
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
    removal = services.create_ballot(
        question="关于撤销某人职务的决定",
        kind="motion",
        method="secret",
        electorate="committee_members",
        term=world.term,
        held_on=HELD_ON,
        pass_rule="majority_of_all",
        actor=office,
    )
    for ballot in (assessment, selection, removal):
        services.open_ballot(ballot, actor=office)
    return voters, office, assessment, selection, removal


GRADES = [
    "satisfied",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "",
    "satisfied+dissatisfied",
]
PICKS = [["甲", "乙"], ["甲"], ["丙", "丁"], [], ["甲", "乙", "丙"], ["乙", "丁"]]
MOTION = ["yes", "yes", "no", "abstain", "yes", ""]


def _cast_all(setup, rotate: int, reverse: bool, clerk: bool):
    voters, office, assessment, selection, removal = setup
    plan = []
    for ballot, choices in ((assessment, GRADES), (selection, PICKS), (removal, MOTION)):
        ids = option_ids(ballot)
        paired = choices[rotate:] + choices[:rotate]  # another voter gets each choice
        for voter, choice in zip(voters, paired, strict=True):
            labels = choice.split("+") if isinstance(choice, str) else choice
            plan.append((ballot, voter, [ids[x] for x in labels if x]))
    for ballot, voter, chosen in reversed(plan) if reverse else plan:
        actor = office if clerk else None
        services.cast(ballot, voter=voter, choices=chosen, actor=actor, by_clerk=clerk)


def _state_after(setup, **scenario) -> dict:
    with transaction.atomic():
        _cast_all(setup, **scenario)
        dump = _dump()
        transaction.set_rollback(True)
    return dump


def test_R33_R42_no_stored_data_pairs_a_voter_with_a_choice(setup):
    first = _state_after(setup, rotate=0, reverse=False, clerk=True)
    for scenario in (
        {"rotate": 1, "reverse": True, "clerk": True},
        {"rotate": 3, "reverse": False, "clerk": True},
    ):
        other = _state_after(setup, **scenario)
        assert other.keys() == first.keys()
        differing = [t for t in first if first[t] != other[t]]
        assert differing == [], f"these tables tell the pairings apart: {differing}"
    # and the votes were counted: the dump is not trivially empty
    counts = [r for r in first[BallotOption._meta.db_table] if '"count": 0' not in r]
    assert counts


def test_R42_secret_rows_carry_no_time_and_no_choice():
    """Participations and option counters have no timestamp, and participations no
    reference to an option (the schema itself)."""
    for model in (Participation, BallotOption):
        kinds = {f.get_internal_type() for f in model._meta.concrete_fields}
        assert not kinds & {"DateTimeField", "DateField", "TimeField"}, model
    related = {f.related_model for f in Participation._meta.get_fields() if f.is_relation}
    assert BallotOption not in related


def test_R42_the_audit_log_holds_no_secret_choice(setup):
    voters, office, assessment, selection, removal = setup
    _cast_all(setup, rotate=2, reverse=False, clerk=True)
    option_values = set()
    for ballot in (assessment, selection, removal):
        for option in ballot.options.all():
            option_values |= {option.pk, option.label, option.code}
    option_values.discard("")
    for ballot in (assessment, selection, removal):
        entries = AuditEntry.objects.filter(target_id=str(ballot.pk), verb="cast")
        assert entries.count() == len(voters)
        for entry in entries:
            assert set(entry.after) == {"voter", "entered_by_clerk"}
            assert entry.before == {} and entry.note == ""
            text = json.dumps(entry.after)
            assert not any(str(v) in text for v in option_values if not isinstance(v, int))
    # the office closes: only the totals are recorded
    services.close_ballot(removal, actor=office)
    closing = AuditEntry.objects.get(target_id=str(removal.pk), verb="close")
    assert set(closing.after) == {"participants", "invalid", "counts", "passed"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions of PostgreSQL")
def test_R42_row_versions_do_not_tell_the_last_choice(setup):
    """Every cast rewrites every counter of its ballot: the options' xmin are equal."""
    _voters, _office, assessment, _selection, _removal = setup
    _cast_all(setup, rotate=0, reverse=False, clerk=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM ballots_ballotoption WHERE ballot_id = %s",
            [assessment.pk],
        )
        assert cursor.fetchone()[0] == 1
    assert Ballot.objects.get(pk=assessment.pk).invalid_count == 2
