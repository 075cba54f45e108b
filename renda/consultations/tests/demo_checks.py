"""What the demo year of consultations must show (run by renda/reports/tests/test_demo_year.py)."""

from renda.consultations.models import Adoption, Channel, Comment, Consultation, ContactPoint


def check(figures: dict) -> None:
    assert figures["legislative_contact_points"] == 25
    assert figures["legislative_bases"] == 1
    points = ContactPoint.objects.filter(kind=ContactPoint.Kind.CONTACT_POINT)
    assert points.values("district").distinct().count() == 10  # every district and county
    consultations = list(Consultation.objects.select_related("version__legal_text"))
    assert len(consultations) == 2
    for consultation in consultations:
        assert consultation.state == Consultation.State.CONCLUDED
        assert consultation.period_days >= 30  # R51
        assert consultation.opens_on.year == 2023
        assert consultation.version.number == 1
        assert consultation.summary
    comments = Comment.objects.all()
    assert comments.count() >= 36
    assert set(comments.values_list("channel", flat=True)) >= {
        Channel.PORTAL,
        Channel.CONTACT_POINT,
        Channel.EXPERT,
        Channel.BASE,
    }
    decided = Adoption.objects.count()
    assert decided > comments.count() // 2
    assert set(Adoption.objects.values_list("decision", flat=True)) == set(Adoption.Decision.values)
    # comments attach to articles and paragraphs, in article order
    assert comments.filter(provision__contains="__para_").exists()
    assert comments.filter(provision="").exists()
