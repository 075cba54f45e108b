"""How the handling engine treats public opinions (R92: limits in working days; the
citizen evaluates with the tracking code, R90)."""

from django.db.models import Q
from django.urls import reverse

from renda.handling.models import Kind
from renda.handling.policies import WORKDAYS, KindPolicy, register_policy


def _deputy_cases(person) -> Q:
    from renda.opinions.models import PublicOpinion

    forwarded = PublicOpinion.objects.filter(forwarded_by__person=person)
    return Q(pk__in=forwarded.values("case_id"))


def _item_url(case) -> str | None:
    opinion = getattr(case, "public_opinion", None)
    return reverse("opinions:detail", args=[opinion.pk]) if opinion else None


register_policy(
    KindPolicy(
        kind=Kind.PUBLIC_OPINION,
        reply_months_setting="opinions.simple_limit_workdays",
        difficult_months_setting="opinions.complex_limit_workdays",
        rehandle_months_setting="opinions.complex_limit_workdays",
        deadline_unit=WORKDAYS,
        evaluated_by_code=True,
        deputy_cases=_deputy_cases,
        item_url=_item_url,
    )
)
