"""Background work of the intake: an opinion is indexed for search and similar items
and routed to a unit after the citizen already has their tracking code, so that the
submission itself stays as quick as a bare insert (issue 4's intake goal)."""

from django.core.exceptions import ValidationError
from django_tasks import task

from renda.opinions.models import PublicOpinion


@task()
def index_and_route(opinion_id: int) -> None:
    from renda.opinions import routing, services

    opinion = PublicOpinion.objects.filter(pk=opinion_id).first()
    if opinion is None:
        return
    services.index_opinion(opinion)
    if opinion.routing == PublicOpinion.Routing.PENDING:
        try:
            routing.route_opinion(opinion)
        except ValidationError:
            pass  # staff decided where it goes meanwhile: their choice stands
