"""The demo year's review: the office has published the 2023 figures to the portal."""

from django.contrib.auth import get_user_model

from renda.core.demo import demo_step
from renda.handling.workflow import InvalidTransition
from renda.reports import services
from renda.reports.models import AnnualReport

YEAR = 2023


@demo_step(99)  # last: the figures count every other app's records
def publish_the_year(log) -> None:
    if AnnualReport.objects.filter(year=YEAR, state=AnnualReport.State.PUBLISHED).exists():
        return
    try:
        services.publish(YEAR, actor=get_user_model().objects.get(username="office"))
    except InvalidTransition as refused:  # e.g. an input still open: the office decides
        log(f"reports: the {YEAR} figures are not published ({refused})")
        return
    log(f"reports: the {YEAR} figures are published on the portal's statistics page")
