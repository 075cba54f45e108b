"""The Popolo open-data export: valid under the shared validator with --check-refs,
roll-call votes per member, nothing of a secret ballot, no private field, a query count
that does not grow with the data, open to anonymous clients but throttled."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.ballots import services as ballots
from renda.ballots.models import Ballot
from renda.ballots.tests.helpers import add_members, motion, option_ids
from renda.core.models import Deputy, Organisation, Person, Session
from renda.core.tests.factories import (
    OTHER_DEPUTY_ADDRESS,
    OTHER_DEPUTY_MOBILE,
    OTHER_UNIT_MARK,
    OTHER_UNIT_PHONE,
    DeputyFactory,
    PersonFactory,
)
from renda.reports import api_popolo

pytestmark = pytest.mark.django_db

VALIDATOR = Path("/work/shared/standards/popolo/validate.py")
URL = "/api/v1/export/popolo.json"


def validate(document: dict, tmp_path: Path) -> str:
    """Runs the shared validator as its users would: ``validate.py --check-refs FILE``."""
    path = tmp_path / "popolo.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(  # noqa: S603 — our own interpreter on a fixed script
        [sys.executable, str(VALIDATOR), "--check-refs", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "WARN" not in run.stdout, run.stdout[-2000:]
    return run.stdout


def _decided(ballot, office) -> Ballot:
    ballots.close_ballot(ballot, actor=office)
    return ballots.publish_ballot(ballot, actor=office)


@pytest.fixture
def votes(world):
    """A roll-call decision of the committee (member 甲 yes, 乙 no, 丙 absent), a
    roll-call vote of the deputies at the congress (本代表 yes, 他代表 absent), a
    secret ballot of the deputies (both vote) and a roll-call ballot not yet
    published. Returns them by name."""
    office = world.users["office_staff"]
    yes_member, no_member, _away = add_members(world, 3)
    committee = motion(world, question="关于批准市级决算的决议")
    ballots.open_ballot(committee, actor=office)
    ids = option_ids(committee)
    ballots.cast(committee, voter=yes_member, choices=[ids["yes"]], actor=office, by_clerk=True)
    ballots.cast(committee, voter=no_member, choices=[ids["no"]], actor=office, by_clerk=True)
    committee = _decided(committee, office)

    session = Session.objects.create(
        term=world.term, body="congress", number=1, start_date=dt.date(2023, 1, 6)
    )

    def congress_motion(question, method):
        ballot = ballots.create_ballot(
            question=question,
            kind=Ballot.Kind.MOTION,
            method=method,
            electorate=Ballot.Electorate.CONGRESS_DEPUTIES,
            term=world.term,
            session=session,
            held_on=session.start_date,
            pass_rule=Ballot.PassRule.MAJORITY_OF_VOTES,
            actor=office,
        )
        return ballots.open_ballot(ballot, actor=office)

    roll_call = congress_motion("关于政府工作报告的决议", Ballot.Method.ROLL_CALL)
    ballots.cast(
        roll_call,
        voter=world.deputy.person,
        choices=[option_ids(roll_call)["yes"]],
        actor=office,
        by_clerk=True,
    )
    roll_call = _decided(roll_call, office)

    secret = congress_motion("秘密表决的罢免案", Ballot.Method.SECRET)
    ballots.cast(
        secret, voter=world.deputy.person, choices=[option_ids(secret)["no"]], actor=office
    )
    ballots.cast(
        secret, voter=world.other_deputy.person, choices=[option_ids(secret)["no"]], actor=office
    )
    secret = _decided(secret, office)

    unpublished = motion(world, question="尚未公布的表决")
    ballots.open_ballot(unpublished, actor=office)
    ballots.cast(
        unpublished,
        voter=yes_member,
        choices=[option_ids(unpublished)["yes"]],
        actor=office,
        by_clerk=True,
    )
    ballots.close_ballot(unpublished, actor=office)
    return {
        "committee": committee,
        "roll_call": roll_call,
        "secret": secret,
        "unpublished": unpublished,
        "yes_member": yes_member,
        "no_member": no_member,
        "away": _away,
        "session": session,
    }


def _get(client=None):
    response = (client or Client()).get(URL)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response


def test_export_is_valid_popolo_with_references(world, votes, tmp_path):
    document = _get().json()
    out = validate(document, tmp_path)
    assert "PASS" in out
    for key in ("persons", "organizations", "memberships", "posts", "events", "vote_events"):
        assert document[key], key


def test_roll_call_votes_per_member_in_popolo_vocabulary(world, votes):
    document = _get().json()
    events = {e["id"]: e for e in document["vote_events"]}
    committee = events[f"vote_event/{votes['committee'].pk}"]
    by_voter = {v["voter_id"]: v["option"] for v in committee["votes"]}
    assert by_voter[f"person/{votes['yes_member'].pk}"] == "yes"
    assert by_voter[f"person/{votes['no_member'].pk}"] == "no"
    assert by_voter[f"person/{votes['away'].pk}"] == "absent"
    counts = {c["option"]: c["value"] for c in committee["counts"]}
    # the world's member 甲 and the third added member did not vote: 4 members, 2 votes
    assert counts == {"yes": 1, "no": 1, "abstain": 0, "not voting": 0, "absent": 2}
    assert committee["result"] == "fail"  # 1 of 4 is not more than half of all (R32)
    assert committee["motion_id"] == f"motion/{votes['committee'].pk}"

    congress = events[f"vote_event/{votes['roll_call'].pk}"]
    assert congress["legislative_session_id"] == f"event/session/{votes['session'].pk}"
    assert {v["voter_id"]: v["option"] for v in congress["votes"]} == {
        f"person/{world.deputy.person_id}": "yes",
        f"person/{world.other_deputy.person_id}": "absent",
    }
    delegation = f"organization/{world.deputy.delegation_id}"
    assert {v["group_id"] for v in congress["votes"]} == {delegation}
    assert congress["result"] == "pass"


def test_R33_R42_secret_ballot_votes_never_appear(world, votes):
    response = _get()
    document = response.json()
    text = response.content.decode()
    exported = {e["id"] for e in document["vote_events"]}
    assert exported == {
        f"vote_event/{votes['committee'].pk}",
        f"vote_event/{votes['roll_call'].pk}",
    }
    secret, unpublished = votes["secret"], votes["unpublished"]
    # not as a vote event, not as a motion, not even its question or its counts
    assert f"vote_event/{secret.pk}" not in exported
    assert f"motion/{secret.pk}" not in {m["id"] for m in document["motions"]}
    assert secret.question not in text
    assert unpublished.question not in text
    # nobody's record carries a vote of the secret ballot: the other deputy voted only
    # there, so no vote of theirs other than "absent" may exist anywhere
    other = f"person/{world.other_deputy.person_id}"
    options = [
        v["option"] for e in document["vote_events"] for v in e["votes"] if v["voter_id"] == other
    ]
    assert options == ["absent"]


def test_private_fields_never_exported(world, votes):
    Person.objects.filter(pk=world.other_deputy.person_id).update(
        email="other.deputy@example.cn", birth_date=dt.date(1971, 3, 4), ethnicity="回族"
    )
    text = _get().content.decode()
    for secret in (
        OTHER_DEPUTY_MOBILE,
        OTHER_DEPUTY_ADDRESS,
        "other.deputy@example.cn",
        "1971-03-04",
        "回族",
        world.other_deputy.code,
        # handling units are not the congress's open data
        OTHER_UNIT_MARK,
        OTHER_UNIT_PHONE,
    ):
        assert secret not in text, secret
    person = next(
        p
        for p in json.loads(text)["persons"]
        if p["id"] == f"person/{world.other_deputy.person_id}"
    )
    assert set(person) <= {"id", "name", "gender"}


def test_memberships_posts_and_organisations(world, votes):
    congress = Organisation.objects.create(code="RD", name="市人民代表大会", kind="congress")
    committee = Organisation.objects.create(
        code="RD-CW", name="市人大常委会", kind="standing_committee", parent=congress
    )
    document = _get().json()
    orgs = {o["id"]: o for o in document["organizations"]}
    assert orgs[f"organization/{committee.pk}"]["parent_id"] == f"organization/{congress.pk}"
    assert f"organization/{world.unit.pk}" not in orgs  # a handling unit
    memberships = {m["id"]: m for m in document["memberships"]}
    deputy = memberships[f"membership/deputy/{world.deputy.pk}"]
    assert deputy["organization_id"] == f"organization/{congress.pk}"
    assert deputy["on_behalf_of_id"] == f"organization/{world.deputy.delegation_id}"
    assert deputy["start_date"] == "2023-01-06"
    seat = next(
        m for m in document["memberships"] if m["person_id"] == f"person/{votes['away'].pk}"
    )
    assert seat["organization_id"] == f"organization/{committee.pk}"
    assert seat["post_id"] == "post/standing-committee/member"
    assert {p["id"] for p in document["posts"]} >= {
        "post/standing-committee/chair",
        "post/standing-committee/vice-chair",
        "post/standing-committee/secretary-general",
        "post/standing-committee/member",
    }


def test_without_congress_rows_the_export_still_resolves(world, tmp_path):
    """A fresh installation has no organisation of the congress: stand-ins are named."""
    document = _get().json()
    ids = {o["id"] for o in document["organizations"]}
    assert {"organization/congress", "organization/standing-committee"} <= ids
    validate(document, tmp_path)


def test_query_count_does_not_grow_with_the_data(world, votes):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _get()
        return len(queries)

    small = count()
    office = world.users["office_staff"]
    delegation = world.deputy.delegation
    for _ in range(30):
        DeputyFactory(term=world.term, delegation=delegation)
    people = add_members(world, 20, prefix="新委员")
    ballot = motion(world, question="又一项决定")
    ballots.open_ballot(ballot, actor=office)
    ids = option_ids(ballot)
    for person in people:
        ballots.cast(ballot, voter=person, choices=[ids["abstain"]], actor=office, by_clerk=True)
    _decided(ballot, office)
    assert count() == small
    assert small <= 12


def test_open_to_anonymous_and_throttled(world, monkeypatch):
    monkeypatch.setattr(api_popolo.OpenDataThrottle, "rate", "2/hour")
    anonymous = Client()
    assert anonymous.get(URL).status_code == 200
    assert anonymous.get(URL).status_code == 200
    assert anonymous.get(URL).status_code == 429
    member = Client()
    member.force_login(world.users["committee_member"])
    for _ in range(3):
        assert member.get(URL).status_code == 200
    assert reverse("api:export:popolo") == URL


def test_a_forwarded_for_header_does_not_escape_the_throttle(world, monkeypatch):
    monkeypatch.setattr(api_popolo.OpenDataThrottle, "rate", "2/hour")
    anonymous = Client()
    codes = [anonymous.get(URL, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_resigned_deputy_still_exported(world, tmp_path):
    Deputy.objects.filter(pk=world.other_deputy.pk).update(
        status=Deputy.Status.RESIGNED, mandate_ended_on=dt.date(2024, 5, 1)
    )
    document = _get().json()
    memberships = {m["id"]: m for m in document["memberships"]}
    # the membership ends on the day the mandate ended, not at the end of the term
    assert memberships[f"membership/deputy/{world.other_deputy.pk}"]["end_date"] == "2024-05-01"
    validate(document, tmp_path)


def test_R70_appointments_shown_once_the_vote_passed(world, tmp_path):
    """R70: an appointment is shown once its vote has passed, never before."""
    from renda.personnel.models import AppointmentBill, AppointmentItem

    bill = AppointmentBill.objects.create(
        term=world.term, title="任免案", nominator="mayor", submitted_on=dt.date(2023, 3, 1)
    )
    department = Organisation.objects.create(code="TJJ", name="市统计局", kind="department")
    passed = AppointmentItem.objects.create(
        bill=bill,
        position=1,
        action="appoint",
        person=PersonFactory(name="任命甲"),
        post="局长",
        organisation=department,
        state=AppointmentItem.State.PASSED,
        decided_on=dt.date(2023, 3, 2),
    )
    AppointmentItem.objects.create(
        bill=bill,
        position=2,
        action="appoint",
        person=PersonFactory(name="提名乙"),
        post="副局长",
        state=AppointmentItem.State.NOMINATED,
    )
    response = _get()
    document = response.json()
    membership = next(
        m for m in document["memberships"] if m["id"] == f"membership/appointment/{passed.pk}"
    )
    assert membership["organization_id"] == f"organization/{department.pk}"
    assert membership["start_date"] == "2023-03-02"
    text = response.content.decode()
    assert "任命甲" in text
    assert "提名乙" not in text
    validate(document, tmp_path)
