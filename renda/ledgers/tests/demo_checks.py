"""What the demo year's ledgers must show (run by renda/reports/tests/test_demo_year.py)."""

from renda.core.models import AuditEntry
from renda.ledgers.models import Kind, LedgerEntry, ProblemArea

S = LedgerEntry.Status


def check(figures: dict) -> None:
    assert figures["experiences_promoted"] == 28
    assert figures["problem_lists_rectified"] == 20
    assert figures["problem_areas"] == 8
    assert figures["rules_established"] == 62
    assert figures["party_committee_reports"] == 17
    assert figures["implementation_measures"] == 26
    assert figures["problems_resolved"] >= 70

    entries = LedgerEntry.objects.filter(date__year=2023)
    # the rectification list: 8 areas of 2023, 20 items, every one closed out with a note
    assert ProblemArea.objects.filter(year=2023).count() == 8
    items = entries.filter(kind=Kind.RECTIFICATION)
    assert items.count() == 20
    assert not items.exclude(status=S.CLOSED_OUT).exists()
    assert not items.filter(close_out_note="").exists()
    assert not items.filter(closed_out_on=None).exists()
    # each closed out through its moves, audited
    closes = AuditEntry.objects.filter(verb="close_out", to_state=S.CLOSED_OUT)
    assert (
        closes.filter(target_id__in=[str(pk) for pk in items.values_list("pk", flat=True)]).count()
        == 20
    )
    # rules: both established and revised; some still being drafted are not counted
    rules = entries.filter(kind=Kind.RULE)
    assert set(rules.values_list("rule_action", flat=True)) == {"established", "revised"}
    assert rules.filter(status=S.IN_PROGRESS).exists()
    # problems resolved name the leader who took part
    assert not entries.filter(kind=Kind.PROBLEM_RESOLVED, leader_name="").exists()
    # practices promoted say where
    assert not entries.filter(kind=Kind.EXPERIENCE_PROMOTED, promoted_where="").exists()
    # every entry owned by one of the committee's bodies and stored with its history
    assert not entries.filter(owner=None).exists()
    assert LedgerEntry.history.filter(date__year=2023).count() >= entries.count()
