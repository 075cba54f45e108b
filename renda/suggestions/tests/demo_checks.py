"""What the demo year's motions and suggestions must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

import pytest

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


def check(figures: dict) -> None:
    assert {key: figures[key] for key in EXPECTED} == EXPECTED

    # played through the workflow: motions meet R10, every case went the whole way
    motions = Suggestion.objects.filter(type=Suggestion.Type.MOTION, session__start_date__year=2023)
    assert motions.count() == 8
    for motion in motions:
        assert motion.delegation_id or motion.co_signers.count() >= 9
    cases_2023 = Case.objects.filter(suggestion__session__start_date__year=2023)
    assert not cases_2023.filter(completed_at__isnull=True).exists()
    assert not cases_2023.exclude(completed_at__year=2023).exists()
