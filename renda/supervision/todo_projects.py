"""What the projects part puts on users' to-do lists: an expert's questions awaiting
their opinion, a unit's recommendations awaiting its response and the open milestones
of the livelihood projects it leads."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.todo import TodoItem, register
from renda.supervision.access_projects import (
    get_consultations_for_user,
    get_projects_for_user,
    get_recommendations_for_user,
)

LIMIT = 20


@register
def consultations_to_answer(user) -> list[TodoItem]:
    from renda.core import roles as R
    from renda.supervision.models import ConsultationRequest

    if not R.has_any_role(user, {R.EXPERT}):
        return []
    rows = (
        get_consultations_for_user(user)
        .filter(state=ConsultationRequest.State.ASKED, expert__user_id=user.pk)
        .order_by("due_on", "pk")[:LIMIT]
    )
    return [
        TodoItem(
            c.subject,
            reverse("supervision:consultation-detail", args=[c.pk]),
            c.due_on,
            _("Give your opinion"),
        )
        for c in rows
    ]


@register
def unit_supervision_work(user) -> list[TodoItem]:
    from renda.core import roles as R
    from renda.supervision.models import LivelihoodProject, Milestone, Recommendation

    if not R.has_any_role(user, {R.UNIT_HANDLER}) or not user.organisation_id:
        return []
    items = [
        TodoItem(
            r.text[:80],
            reverse("supervision:recommendation-detail", args=[r.pk]),
            None,
            _("Respond to the recommendation"),
        )
        for r in get_recommendations_for_user(user)
        .filter(state=Recommendation.State.OPEN, department_id=user.organisation_id)
        .order_by("pk")[:LIMIT]
    ]
    projects = get_projects_for_user(user).filter(
        state=LivelihoodProject.State.IN_PROGRESS, lead_unit_id=user.organisation_id
    )
    milestones = (
        Milestone.objects.filter(project__in=projects, done_on__isnull=True)
        .select_related("project")
        .order_by("due_on", "pk")[:LIMIT]
    )
    items += [
        TodoItem(
            f"{m.project.title}: {m.title}",
            reverse("supervision:project-detail", args=[m.project_id]),
            m.due_on,
            _("Livelihood project milestone"),
        )
        for m in milestones
    ]
    return items
