"""What the demo year's network must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

import pytest

from renda.core.models import Deputy
from renda.deputies.models import DutyActivity, Place, ReceptionDay

pytestmark = pytest.mark.django_db

EXPECTED = {
    "liaison_stations": 273,
    "activity_centers": 22,
    "deputy_studios": 142,
    "deputy_training_coverage": 1.0,
    "deputy_report_coverage": 1.0,
}


def check(figures: dict) -> None:
    assert {key: figures[key] for key in EXPECTED} == EXPECTED

    # spread over every district and county, with chain sites and one online home
    stations = Place.objects.filter(kind=Place.Kind.LIAISON_STATION)
    assert stations.values("district").distinct().count() == 10
    assert not stations.filter(latitude__isnull=True).exists()
    sites = Place.objects.filter(kind=Place.Kind.DEMONSTRATION_SITE)
    assert (
        sites.exclude(industrial_chain="").exists() and sites.filter(industrial_chain="").exists()
    )
    assert Place.objects.filter(kind=Place.Kind.ONLINE_HOME).count() == 1
    # every serving deputy of the 12th term is attached to a liaison station
    serving = Deputy.objects.filter(term__number=12, status=Deputy.Status.ACTIVE)
    assert not serving.exclude(places__kind=Place.Kind.LIAISON_STATION).exists()
    # reception days through the year, most held, each held one with its activity
    days_2023 = ReceptionDay.objects.filter(date__year=2023)
    held = days_2023.filter(state=ReceptionDay.State.HELD)
    assert held.count() > 0.8 * days_2023.count()
    assert DutyActivity.objects.filter(kind="reception").count() == held.count()
