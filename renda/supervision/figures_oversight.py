"""Figures of supervision: oversight (imported by figures.py). Each one aggregate query
over the records; nothing stored."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.reports.registry import register
from renda.supervision.models import (
    Decision,
    DeliberationOpinion,
    LawEnforcementInspection,
    SpecialInquiry,
    WorkReport,
)


@register(
    "work_reports_heard",
    section="supervision",
    label=_("Work reports heard and deliberated"),
    how=_(
        "Work reports of the government and its departments deliberated at committee "
        "sessions in the year (the deliberation's date)."
    ),
)
def work_reports_heard(year: int) -> int:
    return WorkReport.objects.filter(deliberated_on__year=year).count()


@register(
    "deliberation_opinions_sent",
    section="supervision",
    label=_("Deliberation opinions sent"),
    how=_(
        "Deliberation opinions sent in the year to the bodies deliberated (each handled as a "
        "case of the handling engine, R41), on work reports, inquiries and inspections."
    ),
)
def deliberation_opinions_sent(year: int) -> int:
    return DeliberationOpinion.objects.filter(sent_on__year=year).count()


@register(
    "special_inquiries",
    section="supervision",
    label=_("Special inquiries"),
    how=_("Special inquiries held at committee sessions in the year."),
)
def special_inquiries(year: int) -> int:
    return SpecialInquiry.objects.filter(deliberated_on__year=year).count()


@register(
    "law_enforcement_inspections",
    section="supervision",
    label=_("Law-enforcement inspections"),
    how=_(
        "Law-enforcement inspections held in the year: a site visited in the year or the "
        "report deliberated in the year (an inspection spanning two years counts in both)."
    ),
)
def law_enforcement_inspections(year: int) -> int:
    return (
        LawEnforcementInspection.objects.filter(
            Q(visits__date__year=year) | Q(deliberated_on__year=year)
        )
        .values("pk")
        .distinct()
        .count()
    )


@register(
    "decisions_made",
    section="supervision",
    label=_("Resolutions and decisions made"),
    how=_(
        "Decisions and resolutions of the committee adopted in the year (their ballot "
        "passed, R32); published ones included."
    ),
)
def decisions_made(year: int) -> int:
    return Decision.objects.filter(
        state__in=[Decision.State.ADOPTED, Decision.State.PUBLISHED], adopted_on__year=year
    ).count()
