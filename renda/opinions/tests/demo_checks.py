"""What the demo year's public opinions must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

from django.db.models import Count

from renda.core.models import AuditEntry
from renda.handling.models import Case, Evaluation
from renda.opinions.models import Channel, PublicOpinion, RouterModel


def check(figures: dict) -> None:
    assert figures["public_opinions_collected"] >= 4300
    opinions = PublicOpinion.objects.filter(submitted_at__year=2023)
    # across categories, channels, stations, districts and units
    assert opinions.values("category").distinct().count() >= 10
    assert set(opinions.values_list("channel", flat=True).distinct()) >= {
        Channel.PORTAL,
        Channel.STATION,
        Channel.DEPUTY,
    }
    assert opinions.exclude(station=None).values("station").distinct().count() > 100
    assert opinions.filter(channel=Channel.STATION, reception_day=None).count() == 0
    assert opinions.values("district").distinct().count() == 10
    units = Case.objects.filter(public_opinion__in=opinions).values("assignments__unit")
    assert units.distinct().count() >= 10
    # most handled and evaluated, with their history
    states = dict(
        Case.objects.filter(public_opinion__in=opinions)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    assert states[Case.State.COMPLETED] > 0.8 * opinions.count()
    evaluated = Evaluation.objects.filter(case__public_opinion__in=opinions)
    assert evaluated.filter(result="satisfied").count() > evaluated.count() / 2
    assert evaluated.filter(result="no_answer").exists()
    sample = opinions.filter(case__state=Case.State.COMPLETED).first()
    verbs = set(
        AuditEntry.objects.filter(target_id=str(sample.case_id)).values_list("verb", flat=True)
    )
    assert {"register", "assign", "reply", "complete"} <= verbs
    assert opinions.exclude(callback_at=None).exists()
    assert RouterModel.objects.exists()
