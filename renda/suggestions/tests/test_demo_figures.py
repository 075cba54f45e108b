"""The demo year's motions and suggestions give the article's figures, through the API,
and loading the demo again changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from renda.core.models import User
from renda.handling.models import Case
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

EXPECTED = {
    "motions_and_suggestions": 158,
    "motions_and_suggestions_completed": 158,
    "key_suggestions_led": 6,
    "prior_key_suggestions_reviewed": 12,
    "prior_key_suggestion_units_assessed": 10,
}


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_demo_suggestions_give_the_2023_figures_and_load_once():
    call_command("seed_demo")

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    response = client.get("/api/v1/reports/annual/2023/")
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert {key: figures[key] for key in EXPECTED} == EXPECTED

    # played through the workflow: motions meet R10, every case went the whole way
    motions = Suggestion.objects.filter(type=Suggestion.Type.MOTION, session__start_date__year=2023)
    assert motions.count() == 8
    for motion in motions:
        assert motion.delegation_id or motion.co_signers.count() >= 9
    cases_2023 = Case.objects.filter(suggestion__session__start_date__year=2023)
    assert not cases_2023.filter(completed_at__isnull=True).exists()
    assert not cases_2023.exclude(completed_at__year=2023).exists()

    counts = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == counts
