"""What the demo year's appointments, removals and oaths must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

from django.db.models import Count, Sum

from renda.ballots.models import Ballot, Vote
from renda.core.models import AuditEntry
from renda.personnel.models import AppointmentItem, OathCeremony

S = AppointmentItem.State


def check(figures: dict) -> None:
    assert figures["appointments"] == 168
    assert figures["oath_takers"] == 79
    items = AppointmentItem.objects.filter(decided_on__year=2023)
    assert items.filter(action="appoint").count() == 88
    assert items.filter(action="remove").count() == 80
    # every list at a committee session, from all four nominating bodies
    assert items.values("bill__session").distinct().count() >= 6
    assert items.values("bill__nominator").distinct().count() == 4
    # R70: every appointment heard before the vote, certified after it
    appointed = items.filter(action="appoint")
    assert not appointed.filter(statement_on=None).exists()
    assert not appointed.exclude(state__in=[S.CERTIFIED, S.SWORN]).exists()
    assert appointed.values("certificate_number").distinct().count() == 88
    # R71: sworn at ceremonies organised by the chair meeting; the December appointees pending
    assert appointed.filter(state=S.SWORN).count() == 79
    assert appointed.filter(state=S.CERTIFIED).count() == 9
    assert not OathCeremony.objects.exclude(organiser="chair_meeting").exists()
    # every vote through the ballot engine: R32 on all members, R33 removal secret
    ballots = Ballot.objects.filter(appointment_items__in=items).distinct()
    assert ballots.count() >= 14
    assert not ballots.exclude(state=Ballot.State.PUBLISHED).exists()
    assert not ballots.exclude(pass_rule="majority_of_all").exists()
    assert not ballots.filter(passed=False).exists()
    secret = ballots.filter(appointment_items__action="remove").distinct()
    assert not secret.exclude(method="secret").exists()
    assert not Vote.objects.filter(ballot__in=secret).exists()
    for ballot in ballots.annotate(n=Count("participations", distinct=True)):
        counted = ballot.options.aggregate(total=Sum("count"))["total"]
        assert counted + ballot.invalid_count == ballot.n
        assert ballot.n <= ballot.electorate_size
        if ballot.method == "roll_call":
            assert Vote.objects.filter(ballot=ballot).count() == ballot.n
    # with their history
    sample = appointed.filter(state=S.SWORN).first()
    verbs = set(
        AuditEntry.objects.filter(
            target_id=str(sample.pk), target_type__model="appointmentitem"
        ).values_list("verb", flat=True)
    )
    assert {
        "nominate",
        "deliberate",
        "statement",
        "put_to_vote",
        "vote_passed",
        "issue_certificate",
        "take_oath",
    } <= verbs
