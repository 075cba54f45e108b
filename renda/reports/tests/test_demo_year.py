"""The demo year: `renda seed_demo` loads 2023, the annual figures API gives the figures
of FIGURES-2023.md computed from those records, each app's own checks hold, and loading
it again changes nothing. One load serves every app: it is the suite's slowest step."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from renda.ballots.tests import demo_checks as ballots
from renda.consultations.tests import demo_checks as consultations
from renda.core.models import User
from renda.deputies.tests import demo_checks as network
from renda.filings.tests import demo_checks as filings
from renda.ledgers.tests import demo_checks as ledgers
from renda.legislation.tests import demo_checks as legislation
from renda.meetings.tests import demo_checks as meetings
from renda.opinions.tests import demo_checks as opinions
from renda.personnel.tests import demo_checks as personnel
from renda.suggestions.tests import demo_checks as suggestions
from renda.supervision.tests import demo_checks as supervision

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    # unmanaged models (full-text index tables) may exist on one database only
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.slow
def test_demo_year_gives_the_2023_figures_and_loads_once(capsys):
    call_command("seed_demo")
    assert "renda-demo-2023" in capsys.readouterr().out  # the demo accounts are announced

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    response = client.get("/api/v1/reports/annual/2023/")
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert figures["deputies_serving"] == 550
    assert figures["committee_members"] == 45
    assert 55 <= figures["handling_units"] <= 80
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "office",
        "leader",
        "member",
        "deputy",
        "unit",
        "expert",
    }
    for app_checks in (
        suggestions,
        network,
        opinions,
        ballots,
        meetings,
        personnel,
        supervision,
        ledgers,
        legislation,
        consultations,
        filings,
    ):
        app_checks.check(figures)

    counts = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == counts
    assert client.get("/api/v1/reports/annual/2023/").json()["figures"] == figures
