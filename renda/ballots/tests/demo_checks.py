"""What the demo year's ballots must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

from django.db.models import Sum

from renda.ballots import services
from renda.ballots.models import Ballot, Participation, Vote
from renda.handling.models import Case


def check(figures: dict) -> None:
    # 对发改、科技等9个职能部门开展满意度测评; 对34个职能部门集中开展专题询问和满意度测评
    assert figures["departments_assessed_innovation"] == 9
    assert figures["departments_assessed_business_environment"] == 34
    assessments = Ballot.objects.filter(kind=Ballot.Kind.ASSESSMENT, held_on__year=2023)
    topics = [services.TOPIC_INNOVATION, services.TOPIC_BUSINESS_ENVIRONMENT]
    assessed = assessments.filter(topic__in=topics)
    assert assessed.count() == 43
    assert not assessed.exclude(state=Ballot.State.PUBLISHED).exists()
    # secret ballots: no per-vote rows; every participation counted exactly once
    assert not Vote.objects.filter(ballot__method=Ballot.Method.SECRET).exists()
    for ballot in assessed[:5]:
        counted = ballot.options.aggregate(n=Sum("count"))["n"] + ballot.invalid_count
        assert counted == Participation.objects.filter(ballot=ballot).count()
        assert counted < ballot.electorate_size  # some members were away
    # R43: the weak department has its rectification item
    assert figures["assessment_rectification_items"] >= 1
    assert Case.objects.filter(kind="rectification", assessment_ballot__in=assessed).exists()
    # the deputies' selection of livelihood projects: more candidates than places
    selection = Ballot.objects.get(kind=Ballot.Kind.SELECTION, held_on__year=2023)
    result = services.tally(selection)
    assert len(result.options) > selection.places == 10
    assert len(result.decision.chosen) == 10 and not result.decision.tied
    assert result.participants > 400 and selection.state == Ballot.State.PUBLISHED
