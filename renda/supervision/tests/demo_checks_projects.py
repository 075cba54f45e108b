"""What the demo year's supervision (projects) must show; run by
``renda/reports/tests/test_demo_year.py``, which loads the demo once for every app."""

from renda.ballots import services as ballots
from renda.core.models import User
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    Recommendation,
    Research,
)

EXPECTED = {
    "research_topics": 6,
    "research_recommendation_areas": 7,
    "research_recommendations": 18,
    "consulting_experts": 24,
    "livelihood_projects_completed": 10,
}


def check(figures: dict) -> None:
    assert {key: figures[key] for key in EXPECTED} == EXPECTED

    # the 18 recommendations each went to a department and got its response
    recommendations = Recommendation.objects.filter(area__research__year=2023)
    assert not recommendations.filter(department__isnull=True).exists()
    assert not recommendations.filter(state=Recommendation.State.OPEN).exists()
    assert Research.objects.filter(year=2023, is_livelihood=True, kind="research").count() == 6

    # the pool: first batch of the state-assets pool; the demo expert sees their own
    assert Expert.objects.filter(pool=Expert.Pool.STATE_ASSETS, batch=1).count() == 24
    expert_user = User.objects.get(username="expert")
    own = ConsultationRequest.objects.filter(expert__user=expert_user)
    assert own.exists() and own.filter(state=ConsultationRequest.State.ASKED).exists()

    # the 10 projects are the winners of the deputies' vote in the ballot engine
    projects = LivelihoodProject.objects.filter(year=2023)
    completed = projects.filter(state=LivelihoodProject.State.COMPLETED)
    ballot = completed.first().ballot
    winners = set(ballots.tally(ballot).decision.chosen)
    assert set(completed.values_list("ballot_option_id", flat=True)) == winners
    assert projects.filter(state=LivelihoodProject.State.NOT_CHOSEN).count() == 5
    for project in completed.prefetch_related("milestones", "inspections"):
        assert project.lead_unit_id is not None
        assert all(m.done_on for m in project.milestones.all())
        assert project.inspections.exists()
