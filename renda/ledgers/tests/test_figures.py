"""The ledgers' figures for a small year: each counts what its kind's ledger holds for
the year, and nothing typed in."""

import datetime as dt

import pytest

from renda.ledgers import services
from renda.ledgers.models import LedgerEntry
from renda.reports.registry import compute_all, figures

pytestmark = pytest.mark.django_db
S = LedgerEntry.Status
KEYS = {
    "experiences_promoted",
    "problem_lists_rectified",
    "problem_areas",
    "rules_established",
    "party_committee_reports",
    "implementation_measures",
    "problems_resolved",
}


def test_figures_are_registered_in_the_ledgers_section():
    registered = {f.key: f for f in figures()}
    assert KEYS <= set(registered)
    assert {registered[k].section for k in KEYS} == {"ledgers"}


def test_figures_of_a_small_year(world, make_entry, office):
    office_staff = world.users["office_staff"]
    areas = [
        services.create_problem_area(year=2023, name=f"方面{n}", actor=office_staff)
        for n in range(3)
    ]
    # rectification: 3 closed out in 2023 from 2 areas; one closed out in 2024; one open
    for n, area in enumerate([areas[0], areas[0], areas[1], areas[2], areas[2]]):
        item = make_entry("rectification", title=f"问题{n}", problem_area=area)
        services.start_entry(item, actor=office_staff)
        if n < 3:
            services.close_out(item, on=dt.date(2023, 9, 1), note="已整改", actor=office_staff)
        elif n == 3:
            services.close_out(item, on=dt.date(2024, 1, 5), note="已整改", actor=office_staff)
    # rules: counted when done in the year
    for n in range(4):
        rule = make_entry("rule", title=f"制度{n}")
        if n < 3:
            services.complete_entry(
                rule, on=dt.date(2023 if n < 2 else 2024, 6, 1), actor=office_staff
            )
    # reports and measures: by their date, cancelled ones not counted
    for n in range(3):
        make_entry("party_committee_report", title=f"请示{n}")
    services.cancel_entry(make_entry("party_committee_report"), note="撤回", actor=office_staff)
    make_entry("party_committee_report", title="下一年", date=dt.date(2024, 1, 3))
    for n in range(2):
        make_entry("implementation_measure", title=f"举措{n}")
    # problems resolved: done in the year only
    for n in range(3):
        problem = make_entry("problem_resolved", title=f"矛盾{n}")
        if n < 2:
            services.complete_entry(problem, on=dt.date(2023, 7, 1), actor=office_staff)
    for n in range(5):
        make_entry("experience_promoted", title=f"经验{n}")

    got = {k: v for k, v in compute_all(2023).items() if k in KEYS}
    assert got == {
        "problem_lists_rectified": 3,
        "problem_areas": 2,
        "rules_established": 2,
        "party_committee_reports": 3,
        "implementation_measures": 2,
        "problems_resolved": 2,
        "experiences_promoted": 5,
    }
    later = compute_all(2024)
    assert (later["problem_lists_rectified"], later["problem_areas"]) == (1, 1)
    assert (later["rules_established"], later["party_committee_reports"]) == (1, 1)
    # the annual figures API gives the same numbers
    from django.test import Client

    client = Client()
    client.force_login(world.users["leader"])
    api = client.get("/api/v1/reports/annual/2023/").json()["figures"]
    assert {k: api[k] for k in KEYS} == got
