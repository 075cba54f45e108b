"""Workbench pages of research, recommendations, the expert pool, consultations and
livelihood projects. Thin: access from access_projects, changes through
services_projects; each detail page offers the actions the user may take now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.ballots.models import Ballot
from renda.core import clock
from renda.core.actions import Action, action_forms, perform
from renda.core.editing import edit_page
from renda.core.forms import add_service_errors
from renda.core.history import audit_entries_for_user
from renda.core.listing import ListColumn, RecordListView
from renda.handling.workflow import InvalidTransition
from renda.supervision import forms_projects as forms
from renda.supervision import services_projects as services
from renda.supervision.access_projects import (
    get_consultations_for_user,
    get_experts_for_user,
    get_projects_for_user,
    get_recommendations_for_user,
    get_research_for_user,
)
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    PlanItem,
    ProgressReport,
    Recommendation,
    Research,
)

RS = Research.State
PS = LivelihoodProject.State


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _action(label, perm, form, apply, available=lambda obj: True) -> Action:
    """An action of this part: who may take it, its form built from (obj, data,
    prefix=), its service given the cleaned data."""
    return Action(
        label,
        form=lambda obj, data, files, prefix: form(obj, data, prefix=prefix),
        apply=lambda obj, bound, actor: apply(obj, bound.cleaned_data, actor),
        available=available,
        perm=perm,
    )


def _forms(user, actions: dict, obj, bound=None) -> dict:
    return action_forms(user, actions, obj, bound=bound)


# --- research ------------------------------------------------------------------------------
class ResearchListView(RecordListView):
    title = gettext_lazy("Research and inspection visits")
    permission = "supervision.view_research"
    filterset_class = forms.ResearchFilter
    search_fields = ["topic", "places"]
    export_name = "research"
    actions = [
        (
            gettext_lazy("New research or inspection visit"),
            "supervision:research-create",
            "supervision.manage_research",
        )
    ]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda r: r.year),
        ListColumn(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
        ListColumn(gettext_lazy("Topic"), lambda r: r.topic, "supervision:research-detail"),
        ListColumn(gettext_lazy("Livelihood topic"), lambda r: "✓" if r.is_livelihood else ""),
        ListColumn(gettext_lazy("Recommendations"), lambda r: r.recommendation_count),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
    ]

    def get_queryset(self):
        return (
            get_research_for_user(self.request.user)
            .annotate(recommendation_count=Count("areas__recommendations"))
            .order_by("-year", "kind", "pk")
        )


def _research_values(data: dict) -> tuple[dict, list, list]:
    data = dict(data)
    members = list(data.pop("members", []) or [])
    departments = list(data.pop("departments", []) or [])
    return data, members, departments


@login_required
@require_http_methods(["GET", "POST"])
def research_create(request):
    _require(request.user, "supervision.manage_research")
    initial = {"year": clock.today().year}
    raw = request.GET.get("plan_item", "")
    if raw.isdigit() and len(raw) < 12:
        item = PlanItem.objects.filter(pk=int(raw)).select_related("plan").first()
        if item is not None:
            kind = (
                Research.Kind.INSPECTION_VISIT
                if item.kind == PlanItem.Kind.INSPECTION_VISIT
                else Research.Kind.RESEARCH
            )
            initial.update(
                plan_item=item.pk,
                topic=item.title,
                year=item.plan.year,
                kind=kind,
                owner=item.owner_id,
            )
    form = forms.ResearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, members, departments = _research_values(form.cleaned_data)
        try:
            research = services.create_research(
                actor=request.user, members=members, departments=departments, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Research recorded."))
            return redirect("supervision:research-detail", pk=research.pk)
    return edit_page(request, _("New research or inspection visit"), form)


def _research_for(user, pk) -> Research:
    return get_object_or_404(get_research_for_user(user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def research_edit(request, pk):
    _require(request.user, "supervision.manage_research")
    research = _research_for(request.user, pk)
    initial = {name: getattr(research, name) for name in services.RESEARCH_FIELDS}
    initial.update(
        plan_item=research.plan_item_id,
        owner=research.owner_id,
        leader=research.leader_id,
        members=list(research.members.values_list("pk", flat=True)),
        departments=list(research.departments.values_list("pk", flat=True)),
    )
    form = forms.ResearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, members, departments = _research_values(form.cleaned_data)
        try:
            services.update_research(
                research, actor=request.user, members=members, departments=departments, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("supervision:research-detail", pk=research.pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:research-detail", pk=research.pk)
    return edit_page(request, _("Edit research"), form)


RESEARCH_ACTIONS = {
    "start": _action(
        gettext_lazy("Start"),
        "supervision.manage_research",
        lambda r, d, **kw: forms.StartForm(d, **kw),
        lambda r, data, actor: services.start_research(
            r, actor=actor, start_date=data["start_date"]
        ),
        lambda r: r.state == RS.PLANNED,
    ),
    "area": _action(
        gettext_lazy("Add a recommendation area"),
        "supervision.manage_research",
        lambda r, d, **kw: forms.AreaForm(d, **kw),
        lambda r, data, actor: services.add_area(r, title=data["title"], actor=actor),
        lambda r: r.state != RS.CLOSED,
    ),
    "recommendation": _action(
        gettext_lazy("Add a recommendation"),
        "supervision.manage_research",
        lambda r, d, **kw: forms.RecommendationForm(d, research=r, **kw),
        lambda r, data, actor: services.add_recommendation(
            data["area"], text=data["text"], department=data["department"], actor=actor
        ),
        lambda r: r.state != RS.CLOSED and r.areas.exists(),
    ),
    "report": _action(
        gettext_lazy("Record the report"),
        "supervision.manage_research",
        lambda r, d, **kw: forms.ReportForm(d, **kw),
        lambda r, data, actor: services.report_research(
            r, findings=data["findings"], reported_on=data["reported_on"], actor=actor
        ),
        lambda r: r.state == RS.IN_PROGRESS,
    ),
    "close": _action(
        gettext_lazy("Close"),
        "supervision.manage_research",
        lambda r, d, **kw: forms.NoteForm(d, **kw),
        lambda r, data, actor: services.close_research(r, actor=actor, note=data["note"]),
        lambda r: r.state == RS.REPORTED,
    ),
}


def _research_page(request, research, *, bound=None, status=200):
    areas = research.areas.prefetch_related(
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("department").order_by("position"),
        )
    ).order_by("position")
    context = {
        "research": research,
        "members": research.members.order_by("name"),
        "departments": research.departments.order_by("code"),
        "areas": areas,
        "consultations": research.consultations.select_related("expert").order_by("-asked_on"),
        "may_manage": request.user.has_perm("supervision.manage_research"),
        "forms": _forms(request.user, RESEARCH_ACTIONS, research, bound),
        "audit_entries": audit_entries_for_user(request.user, research),
    }
    return render(request, "supervision/projects/research_detail.html", context, status=status)


@login_required
def research_detail(request, pk):
    _require(request.user, "supervision.view_research")
    return _research_page(request, _research_for(request.user, pk))


@login_required
@require_POST
def research_act(request, pk, action):
    _require(request.user, "supervision.manage_research")
    research = _research_for(request.user, pk)
    return perform(
        request,
        RESEARCH_ACTIONS,
        action,
        research,
        page=_research_page,
        detail="supervision:research-detail",
    )


# --- recommendations -----------------------------------------------------------------------
class RecommendationListView(RecordListView):
    title = gettext_lazy("Research recommendations")
    permission = "supervision.view_recommendations"
    filterset_class = forms.RecommendationFilter
    search_fields = ["text", "area__title", "area__research__topic"]
    export_name = "recommendations"
    columns = [
        ListColumn(gettext_lazy("Research"), lambda r: r.area.research.topic),
        ListColumn(gettext_lazy("Area"), lambda r: f"{r.area.position}. {r.area.title}"),
        ListColumn(
            gettext_lazy("Recommendation"),
            lambda r: f"{r.position}. {r.text[:80]}",
            "supervision:recommendation-detail",
        ),
        ListColumn(
            gettext_lazy("Responsible department"),
            lambda r: r.department.name if r.department else "",
        ),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
        ListColumn(gettext_lazy("Responded on"), lambda r: r.responded_on or ""),
    ]

    def get_queryset(self):
        return get_recommendations_for_user(self.request.user).order_by(
            "-area__research__year", "area__research", "area__position", "position"
        )


def _reco_for(user, pk) -> Recommendation:
    return get_object_or_404(get_recommendations_for_user(user), pk=pk)


RECOMMENDATION_ACTIONS = {
    "respond": _action(
        gettext_lazy("Record the response"),
        "supervision.respond_recommendation",
        lambda r, d, **kw: forms.ResponseForm(d, **kw),
        lambda r, data, actor: services.respond_to_recommendation(
            r, response=data["response"], responded_on=data["responded_on"], actor=actor
        ),
        lambda r: (
            r.state == Recommendation.State.OPEN
            and r.area.research.state in (RS.REPORTED, RS.CLOSED)
        ),
    ),
    "implement": _action(
        gettext_lazy("Mark as implemented"),
        "supervision.respond_recommendation",
        lambda r, d, **kw: forms.ImplementedForm(d, **kw),
        lambda r, data, actor: services.mark_implemented(
            r, implemented_on=data["implemented_on"], note=data["note"], actor=actor
        ),
        lambda r: r.state == Recommendation.State.RESPONDED,
    ),
}


def _reco_page(request, recommendation, *, bound=None, status=200):
    context = {
        "reco": recommendation,
        "may_see_research": request.user.has_perm("supervision.view_research"),
        "forms": _forms(request.user, RECOMMENDATION_ACTIONS, recommendation, bound),
        "audit_entries": audit_entries_for_user(request.user, recommendation),
    }
    return render(
        request, "supervision/projects/recommendation_detail.html", context, status=status
    )


@login_required
def recommendation_detail(request, pk):
    _require(request.user, "supervision.view_recommendations")
    return _reco_page(request, _reco_for(request.user, pk))


@login_required
@require_POST
def recommendation_act(request, pk, action):
    _require(request.user, "supervision.respond_recommendation")
    recommendation = _reco_for(request.user, pk)
    return perform(
        request,
        RECOMMENDATION_ACTIONS,
        action,
        recommendation,
        page=_reco_page,
        detail="supervision:recommendation-detail",
    )


# --- experts -------------------------------------------------------------------------------
class ExpertListView(RecordListView):
    title = gettext_lazy("Expert pool")
    permission = "supervision.view_experts"
    filterset_class = forms.ExpertFilter
    search_fields = ["name", "expertise", "affiliation"]
    export_name = "experts"
    actions = [
        (
            gettext_lazy("Appoint an expert"),
            "supervision:expert-create",
            "supervision.manage_experts",
        )
    ]
    columns = [
        ListColumn(gettext_lazy("Name"), lambda e: e.name, "supervision:expert-detail"),
        ListColumn(gettext_lazy("Fields of expertise"), lambda e: e.expertise),
        ListColumn(gettext_lazy("Affiliation"), lambda e: e.affiliation),
        ListColumn(gettext_lazy("Professional title"), lambda e: e.title),
        ListColumn(gettext_lazy("Pool"), lambda e: e.get_pool_display()),
        ListColumn(gettext_lazy("Batch"), lambda e: e.batch),
        ListColumn(gettext_lazy("Term"), lambda e: f"{e.term_start} – {e.term_end or ''}"),
        ListColumn(gettext_lazy("Active"), lambda e: "✓" if e.is_active else ""),
        ListColumn(gettext_lazy("Consultations"), lambda e: e.consultation_count),
    ]

    def get_queryset(self):
        return (
            get_experts_for_user(self.request.user)
            .annotate(consultation_count=Count("consultations"))
            .order_by("pool", "batch", "name", "pk")
        )


def _expert_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@login_required
@require_http_methods(["GET", "POST"])
def expert_create(request):
    _require(request.user, "supervision.manage_experts")
    form = forms.ExpertForm(request.POST or None, initial={"batch": 1})
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.appoint_expert(actor=request.user, **_expert_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Expert appointed."))
            return redirect("supervision:expert-detail", pk=expert.pk)
    return edit_page(request, _("Appoint an expert"), form)


def _expert_for(user, pk) -> Expert:
    return get_object_or_404(get_experts_for_user(user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request, pk):
    _require(request.user, "supervision.manage_experts")
    expert = _expert_for(request.user, pk)
    # an unbound copy for the form: a refused edit must not change the page's record
    form = forms.ExpertForm(request.POST or None, instance=Expert.objects.get(pk=expert.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_expert(expert, actor=request.user, **_expert_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:expert-detail", pk=expert.pk)
    return edit_page(request, _("Edit expert"), form)


EXPERT_ACTIONS = {
    "consult": _action(
        gettext_lazy("Consult this expert"),
        "supervision.manage_experts",
        lambda e, d, **kw: forms.ConsultForm(d, **kw),
        lambda e, data, actor: services.consult_expert(e, actor=actor, **data),
        lambda e: e.is_active,
    ),
    "dismiss": _action(
        gettext_lazy("Leaves the pool"),
        "supervision.manage_experts",
        lambda e, d, **kw: forms.DismissForm(d, **kw),
        lambda e, data, actor: services.dismiss_expert(
            e, on=data["on"], note=data["note"], actor=actor
        ),
        lambda e: e.is_active,
    ),
}


def _expert_page(request, expert, *, bound=None, status=200):
    context = {
        "expert": expert,
        "consultations": expert.consultations.order_by("-asked_on", "-pk"),
        "may_manage": request.user.has_perm("supervision.manage_experts"),
        "forms": _forms(request.user, EXPERT_ACTIONS, expert, bound),
        "audit_entries": audit_entries_for_user(request.user, expert),
    }
    return render(request, "supervision/projects/expert_detail.html", context, status=status)


@login_required
def expert_detail(request, pk):
    _require(request.user, "supervision.view_experts")
    return _expert_page(request, _expert_for(request.user, pk))


@login_required
@require_POST
def expert_act(request, pk, action):
    _require(request.user, "supervision.manage_experts")
    expert = _expert_for(request.user, pk)
    return perform(
        request,
        EXPERT_ACTIONS,
        action,
        expert,
        page=_expert_page,
        detail="supervision:expert-detail",
    )


# --- consultations -------------------------------------------------------------------------
class ConsultationListView(RecordListView):
    title = gettext_lazy("Expert consultations")
    permission = "supervision.view_consultations"
    filterset_class = forms.ConsultationFilter
    search_fields = ["subject", "question", "expert__name"]
    export_name = "expert-consultations"
    columns = [
        ListColumn(gettext_lazy("Asked on"), lambda c: c.asked_on),
        ListColumn(gettext_lazy("Expert"), lambda c: c.expert.name),
        ListColumn(gettext_lazy("Subject"), lambda c: c.get_subject_kind_display()),
        ListColumn(
            gettext_lazy("Subject title"), lambda c: c.subject, "supervision:consultation-detail"
        ),
        ListColumn(gettext_lazy("Opinion due"), lambda c: c.due_on or ""),
        ListColumn(gettext_lazy("State"), lambda c: c.get_state_display()),
    ]

    def get_queryset(self):
        return get_consultations_for_user(self.request.user).order_by("-asked_on", "-pk")


def _consultation_for(user, pk) -> ConsultationRequest:
    return get_object_or_404(get_consultations_for_user(user), pk=pk)


CONSULTATION_ACTIONS = {
    "answer": _action(
        gettext_lazy("Give the opinion"),
        "supervision.answer_consultation",
        lambda c, d, **kw: forms.OpinionForm(d, **kw),
        lambda c, data, actor: services.answer_consultation(
            c, opinion=data["opinion"], answered_on=data["answered_on"], actor=actor
        ),
        lambda c: c.state == ConsultationRequest.State.ASKED,
    ),
    "withdraw": _action(
        gettext_lazy("Withdraw the question"),
        "supervision.manage_experts",
        lambda c, d, **kw: forms.NoteForm(d, **kw),
        lambda c, data, actor: services.withdraw_consultation(c, note=data["note"], actor=actor),
        lambda c: c.state == ConsultationRequest.State.ASKED,
    ),
}


def _consultation_page(request, consultation, *, bound=None, status=200):
    context = {
        "consultation": consultation,
        "may_see_expert": request.user.has_perm("supervision.view_experts"),
        "forms": _forms(request.user, CONSULTATION_ACTIONS, consultation, bound),
        "audit_entries": audit_entries_for_user(request.user, consultation),
    }
    return render(request, "supervision/projects/consultation_detail.html", context, status=status)


@login_required
def consultation_detail(request, pk):
    _require(request.user, "supervision.view_consultations")
    return _consultation_page(request, _consultation_for(request.user, pk))


@login_required
@require_POST
def consultation_act(request, pk, action):
    _require(request.user, "supervision.view_consultations")
    consultation = _consultation_for(request.user, pk)
    return perform(
        request,
        CONSULTATION_ACTIONS,
        action,
        consultation,
        page=_consultation_page,
        detail="supervision:consultation-detail",
    )


# --- livelihood projects -------------------------------------------------------------------
def latest_percent_subquery():
    """The last reported percentage, for lists (one query, not one per row)."""
    return Subquery(
        ProgressReport.objects.filter(project=OuterRef("pk"))
        .order_by("-reported_on", "-pk")
        .values("percent")[:1],
        output_field=IntegerField(),
    )


def _percent(project) -> int:
    if project.state == PS.COMPLETED:
        return 100
    return project.percent or 0


class ProjectListView(RecordListView):
    title = gettext_lazy("Livelihood projects")
    permission = "supervision.view_projects"
    filterset_class = forms.ProjectFilter
    search_fields = ["title", "description", "lead_unit__name"]
    export_name = "livelihood-projects"
    actions = [
        (
            gettext_lazy("New candidate project"),
            "supervision:project-create",
            "supervision.manage_projects",
        ),
        (
            gettext_lazy("Selection vote"),
            "supervision:project-selection",
            "supervision.manage_projects",
        ),
    ]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda p: p.year),
        ListColumn(gettext_lazy("Title"), lambda p: p.title, "supervision:project-detail"),
        ListColumn(
            gettext_lazy("Votes"), lambda p: p.ballot_option.count if p.ballot_option else ""
        ),
        ListColumn(gettext_lazy("Lead unit"), lambda p: p.lead_unit.name if p.lead_unit else ""),
        ListColumn(gettext_lazy("Progress"), lambda p: f"{_percent(p)}%"),
        ListColumn(gettext_lazy("State"), lambda p: p.get_state_display()),
    ]

    def get_queryset(self):
        return (
            get_projects_for_user(self.request.user)
            .select_related("ballot_option")
            .annotate(percent=latest_percent_subquery())
            .order_by("-year", "pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    _require(request.user, "supervision.manage_projects")
    form = forms.ProjectForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.propose_project(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Candidate project recorded."))
            return redirect("supervision:project-detail", pk=project.pk)
    return edit_page(request, _("New candidate project"), form)


def _project_for(user, pk) -> LivelihoodProject:
    return get_object_or_404(get_projects_for_user(user), pk=pk)


PROJECT_ACTIONS = {
    "edit": _action(
        gettext_lazy("Edit description and notes"),
        "supervision.manage_projects",
        lambda p, d, **kw: forms.ProjectEditForm(
            d,
            initial={"description": p.description, "target": p.target, "notes": p.notes},
            **kw,
        ),
        lambda p, data, actor: services.update_project(p, actor=actor, **data),
    ),
    "start": _action(
        gettext_lazy("Hand to the lead unit"),
        "supervision.manage_projects",
        lambda p, d, **kw: forms.ProjectStartForm(d, **kw),
        lambda p, data, actor: services.start_project(
            p, lead_unit=data["lead_unit"], started_on=data["started_on"], actor=actor
        ),
        lambda p: p.state == PS.CHOSEN,
    ),
    "milestone": _action(
        gettext_lazy("Add a milestone"),
        "supervision.manage_projects",
        lambda p, d, **kw: forms.MilestoneForm(d, **kw),
        lambda p, data, actor: services.add_milestone(
            p, title=data["title"], due_on=data["due_on"], actor=actor
        ),
        lambda p: p.state in (PS.CHOSEN, PS.IN_PROGRESS),
    ),
    "milestone-done": _action(
        gettext_lazy("Milestone done"),
        "supervision.report_progress",
        lambda p, d, **kw: forms.MilestoneDoneForm(d, project=p, **kw),
        lambda p, data, actor: services.complete_milestone(
            data["milestone"], done_on=data["done_on"], actor=actor
        ),
        lambda p: p.state == PS.IN_PROGRESS and p.milestones.filter(done_on__isnull=True).exists(),
    ),
    "progress": _action(
        gettext_lazy("Report progress"),
        "supervision.report_progress",
        lambda p, d, **kw: forms.ProgressForm(d, **kw),
        lambda p, data, actor: services.report_progress(
            p,
            percent=data["percent"],
            text=data["text"],
            reported_on=data["reported_on"],
            actor=actor,
        ),
        lambda p: p.state == PS.IN_PROGRESS,
    ),
    "inspection": _action(
        gettext_lazy("Record a deputies' inspection"),
        "supervision.inspect_project",
        lambda p, d, **kw: forms.InspectionForm(d, **kw),
        lambda p, data, actor: services.record_inspection(p, actor=actor, **data),
        lambda p: p.state in (PS.IN_PROGRESS, PS.COMPLETED),
    ),
    "complete": _action(
        gettext_lazy("Record completion"),
        "supervision.manage_projects",
        lambda p, d, **kw: forms.CompleteForm(d, **kw),
        lambda p, data, actor: services.complete_project(
            p, completed_on=data["completed_on"], actor=actor
        ),
        lambda p: p.state == PS.IN_PROGRESS,
    ),
}


def _project_page(request, project, *, bound=None, status=200):
    user = request.user
    context = {
        "project": project,
        "percent": services.latest_percent(project),
        "milestones": project.milestones.order_by("position"),
        "reports": project.progress_reports.order_by("-reported_on", "-pk"),
        "inspections": project.inspections.prefetch_related("deputies__person").order_by(
            "-date", "-pk"
        ),
        "show_notes": user.has_perm("supervision.manage_projects")
        or user.has_perm("supervision.view_research"),
        "forms": _forms(user, PROJECT_ACTIONS, project, bound),
        "audit_entries": audit_entries_for_user(user, project),
    }
    return render(request, "supervision/projects/project_detail.html", context, status=status)


@login_required
def project_detail(request, pk):
    _require(request.user, "supervision.view_projects")
    return _project_page(request, _project_for(request.user, pk))


@login_required
@require_POST
def project_act(request, pk, action):
    _require(request.user, "supervision.view_projects")
    project = _project_for(request.user, pk)
    return perform(
        request,
        PROJECT_ACTIONS,
        action,
        project,
        page=_project_page,
        detail="supervision:project-detail",
    )


def _year_param(request) -> int:
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if raw.isdigit() and len(raw) == 4:
        return min(max(int(raw), 1980), 2100)
    return clock.today().year


@login_required
@require_http_methods(["GET", "POST"])
def project_selection(request):
    """The deputies' selection vote of a year: put the candidates to the vote, adopt a
    selection ballot prepared in the ballot engine, apply the engine's result."""
    _require(request.user, "supervision.manage_projects")
    year = _year_param(request)
    vote_form = forms.VoteForm(request.POST if request.POST.get("step") == "vote" else None)
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "vote":
                if vote_form.is_valid():
                    data = vote_form.cleaned_data
                    ballot = services.put_to_vote(
                        year,
                        places=data["places"],
                        term=data["session"].term,
                        session=data["session"],
                        held_on=data["held_on"],
                        actor=request.user,
                    )
                    messages.success(request, _("The candidates are on the ballot."))
                    return redirect("ballots:detail", pk=ballot.pk)
                status = 400
            elif step in ("adopt", "apply"):
                raw = request.POST.get("ballot", "")
                ballot = (
                    Ballot.objects.filter(pk=int(raw), kind=Ballot.Kind.SELECTION).first()
                    if raw.isdigit() and len(raw) < 12
                    else None
                )
                if ballot is None:
                    messages.error(request, _("Choose a selection vote."))
                    status = 400
                elif step == "adopt":
                    services.adopt_ballot(ballot, year=year, actor=request.user)
                    messages.success(request, _("The vote's options are the year's candidates."))
                    return redirect(f"{request.path}?year={year}")
                else:
                    chosen = services.apply_selection(ballot, actor=request.user)
                    messages.success(
                        request,
                        _("%(count)s projects chosen by the deputies.") % {"count": len(chosen)},
                    )
                    return redirect(f"{request.path}?year={year}")
            else:
                messages.error(request, _("Unknown step."))
                status = 400
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            status = 409
    projects = list(
        LivelihoodProject.objects.filter(year=year)
        .select_related("ballot", "ballot_option", "lead_unit")
        .order_by("-ballot_option__count", "pk")
    )
    linked = {p.ballot_id for p in projects if p.ballot_id}
    context = {
        "year": year,
        "projects": projects,
        "ballots": Ballot.objects.filter(pk__in=linked).order_by("-held_on"),
        "adoptable": Ballot.objects.filter(
            kind=Ballot.Kind.SELECTION,
            electorate=Ballot.Electorate.CONGRESS_DEPUTIES,
            held_on__year=year,
            livelihood_projects__isnull=True,
        ).order_by("-held_on"),
        "vote_form": vote_form,
        "waiting": sum(1 for p in projects if p.state == PS.CANDIDATE and not p.ballot_id),
    }
    return render(request, "supervision/projects/selection.html", context, status=status)
