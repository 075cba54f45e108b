"""The public pages of livelihood projects (民生实事): no login, mobile-first. The year's
chosen projects with their progress, and one project with its milestones, progress
reports and the deputies' inspections. Nothing internal: no working notes, no contact
details, no candidates that were not chosen."""

from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from renda.core import clock
from renda.core.models import Deputy
from renda.supervision.access_projects import get_public_projects
from renda.supervision.models import LivelihoodProject
from renda.supervision.views_projects import latest_percent_subquery

PS = LivelihoodProject.State


def _percent(project) -> int:
    return 100 if project.state == PS.COMPLETED else (project.percent or 0)


@require_safe
def project_list(request):
    public = get_public_projects()
    years = sorted(set(public.values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("year", "").strip()
    if raw.isdigit() and int(raw[:4]) in years:
        year = int(raw[:4])
    else:
        year = years[0] if years else clock.today().year
    projects = list(
        public.filter(year=year)
        .select_related("lead_unit")
        .annotate(
            percent=latest_percent_subquery(), last_report=Max("progress_reports__reported_on")
        )
        .only("id", "year", "title", "description", "state", "lead_unit__name", "completed_on")
        .order_by("pk")
    )
    for project in projects:
        project.shown_percent = _percent(project)
    context = {
        "year": year,
        "years": years,
        "projects": projects,
        "completed": sum(1 for p in projects if p.state == PS.COMPLETED),
    }
    return render(request, "supervision/portal/project_list.html", context)


@require_safe
def project_page(request, pk):
    project = get_object_or_404(
        get_public_projects()
        .select_related("lead_unit")
        .annotate(percent=latest_percent_subquery()),
        pk=pk,
    )
    inspections = project.inspections.prefetch_related(
        Prefetch("deputies", queryset=Deputy.objects.select_related("person").order_by("code"))
    ).order_by("date", "pk")
    context = {
        "project": project,
        "percent": _percent(project),
        "milestones": project.milestones.order_by("position"),
        "reports": project.progress_reports.order_by("reported_on", "pk").only(
            "reported_on", "percent", "text"
        ),
        "inspections": inspections,
    }
    return render(request, "supervision/portal/project.html", context)
