"""Figures of the ballot engine: departments assessed, counted from the ballots."""

from django.utils.translation import gettext_lazy as _

from renda.ballots.models import Ballot
from renda.ballots.services import TOPIC_BUSINESS_ENVIRONMENT, TOPIC_INNOVATION
from renda.reports.registry import register

DONE = (Ballot.State.CLOSED, Ballot.State.PUBLISHED)


def _assessments(year: int, topic: str | None = None):
    # ballots_topic_idx: kind, topic, held_on
    qs = Ballot.objects.filter(
        kind=Ballot.Kind.ASSESSMENT, held_on__year=year, state__in=DONE, subject__isnull=False
    )
    return qs.filter(topic=topic) if topic is not None else qs


def _departments(year: int, topic: str) -> int:
    return _assessments(year, topic).values("subject").distinct().count()


@register(
    "departments_assessed_innovation",
    section="supervision",
    label=_("Departments assessed on science and technology innovation"),
    how=_(
        "Distinct departments with a closed satisfaction assessment held in the year on "
        "science-and-technology innovation."
    ),
)
def departments_assessed_innovation(year: int) -> int:
    return _departments(year, TOPIC_INNOVATION)


@register(
    "departments_assessed_business_environment",
    section="supervision",
    label=_("Departments assessed on the business environment"),
    how=_(
        "Distinct departments with a closed satisfaction assessment held in the year on the "
        "business environment."
    ),
)
def departments_assessed_business_environment(year: int) -> int:
    return _departments(year, TOPIC_BUSINESS_ENVIRONMENT)


@register(
    "assessment_rectification_items",
    section="supervision",
    label=_("Rectification items after assessments"),
    how=_(
        "Satisfaction assessments of the year whose satisfied + basically satisfied share "
        "was below the threshold, each with a rectification item (R43)."
    ),
)
def assessment_rectification_items(year: int) -> int:
    return _assessments(year).filter(rectification_case__isnull=False).count()
