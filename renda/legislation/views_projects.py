"""Workbench pages of legislative plans, projects and research topics. Thin: access from
``access``, every change through ``services_projects``; each detail page offers the
actions the user may take now (``renda.core.actions``) and shows the record's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core.actions import Action, action_forms, perform
from renda.core.editing import create_page, edit_page
from renda.core.forms import add_service_errors
from renda.core.history import history_context
from renda.core.listing import ListColumn, RecordListView
from renda.legislation import forms_projects as forms
from renda.legislation import services_projects as services
from renda.legislation.access import (
    get_plans_for_user,
    get_projects_for_user,
    get_topics_for_user,
)
from renda.legislation.models import LegislativePlan, ProjectStage, Reading

VIEW, MANAGE = "legislation.view_projects", "legislation.manage_projects"
S = ProjectStage
P = LegislativePlan.State


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _action(label, form, apply, available=lambda obj: True, *, with_obj=False) -> Action:
    """An action on a record: its form (given the record when ``with_obj``) and the
    service it calls with the cleaned data."""

    def build(obj, data, files, prefix):
        if with_obj:
            return form(data, prefix=prefix, project=obj)
        return form(data, prefix=prefix)

    return Action(
        label,
        form=build,
        apply=lambda obj, bound, actor: apply(obj, bound.cleaned_data, actor),
        available=available,
        perm=MANAGE,
    )


# --- plans -------------------------------------------------------------------------------------
class PlanListView(RecordListView):
    title = gettext_lazy("Legislative plans")
    permission = VIEW
    filterset_class = forms.PlanFilter
    search_fields = ["title"]
    export_name = "legislative-plans"
    actions = [(gettext_lazy("New plan"), "legislation:plan-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda p: p.title, "legislation:plan-detail"),
        ListColumn(gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        ListColumn(gettext_lazy("Years"), lambda p: p.years),
        ListColumn(gettext_lazy("Items"), lambda p: p.item_count),
        ListColumn(gettext_lazy("State"), lambda p: p.get_state_display()),
        ListColumn(gettext_lazy("Adopted on"), lambda p: p.adopted_on or "—"),
    ]

    def get_queryset(self):
        return (
            get_plans_for_user(self.request.user)
            .annotate(item_count=Count("items"))
            .order_by("-first_year", "kind", "-pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    _require(request.user, MANAGE)
    form = forms.PlanForm(request.POST or None, initial={"first_year": clock.today().year})
    return create_page(
        request,
        form,
        lambda data: services.create_plan(actor=request.user, **data),
        title=_("New legislative plan"),
        success=_("Plan recorded; now add its items."),
        detail="legislation:plan-detail",
    )


def _plan_for(user, pk) -> LegislativePlan:
    return get_object_or_404(get_plans_for_user(user), pk=pk)


PLAN_ACTIONS = {
    "adopt": _action(
        gettext_lazy("Record the adoption"),
        forms.AdoptPlanForm,
        lambda p, d, actor: services.adopt_plan(p, actor=actor, **d),
        lambda p: p.state == P.DRAFT,
    ),
    "publish": _action(
        gettext_lazy("Record the publication"),
        forms.PublishPlanForm,
        lambda p, d, actor: services.publish_plan(p, actor=actor, **d),
        lambda p: p.state == P.ADOPTED,
    ),
}


def _plan_page(request, plan, *, bound=None, status=200):
    user = request.user
    items = list(
        plan.items.select_related("drafting_body", "committee")
        .annotate(project_count=Count("projects"))
        .order_by("position")
    )
    context = {
        "plan": plan,
        "items": items,
        "can_manage": user.has_perm(MANAGE) and plan.state != P.PUBLISHED,
        "forms": action_forms(user, PLAN_ACTIONS, plan, bound=bound),
        **history_context(user, plan),
    }
    return render(request, "legislation/plan_detail.html", context, status=status)


@login_required
def plan_detail(request, pk):
    _require(request.user, VIEW)
    return _plan_page(request, _plan_for(request.user, pk))


@login_required
@require_POST
def plan_act(request, pk, action):
    _require(request.user, VIEW)
    plan = _plan_for(request.user, pk)
    return perform(
        request, PLAN_ACTIONS, action, plan, page=_plan_page, detail="legislation:plan-detail"
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_create(request, pk):
    _require(request.user, MANAGE)
    plan = _plan_for(request.user, pk)
    form = forms.PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plan_item(plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("legislation:plan-detail", pk=plan.pk)
        else:
            messages.success(request, _("Item added to the plan."))
            return redirect("legislation:plan-detail", pk=plan.pk)
    return edit_page(request, _("Add a plan item: %(plan)s") % {"plan": plan.title}, form)


# --- projects ----------------------------------------------------------------------------------
def warning_label(code: str) -> str:
    return {
        "overdue": _("Provincial decision overdue (R53)"),
        "due_soon": _("Provincial decision due soon (R53)"),
    }.get(code, "")


class ProjectListView(RecordListView):
    title = gettext_lazy("Legislative projects")
    permission = VIEW
    filterset_class = forms.ProjectFilter
    search_fields = ["title", "authorising_law", "notice_number"]
    export_name = "legislative-projects"
    template_name = "legislation/project_list.html"
    actions = [
        (gettext_lazy("New project"), "legislation:project-create", MANAGE),
        (gettext_lazy("Legislative plans"), "legislation:plan-list", VIEW),
        (gettext_lazy("Research topics"), "legislation:topic-list", VIEW),
    ]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda p: p.year),
        ListColumn(gettext_lazy("Title"), lambda p: p.title, "legislation:project-detail"),
        ListColumn(gettext_lazy("Legislative area"), lambda p: p.get_area_display()),
        ListColumn(gettext_lazy("Stage"), lambda p: p.get_stage_display()),
        ListColumn(gettext_lazy("Readings"), lambda p: p.reading_count),
        ListColumn(
            gettext_lazy("Committee in charge"), lambda p: p.committee.name if p.committee else "—"
        ),
        ListColumn(gettext_lazy("Provincial decision due"), lambda p: p.decision_due_on or "—"),
        ListColumn(gettext_lazy("Warning"), lambda p: warning_label(p.r53)),
        ListColumn(gettext_lazy("Effective on"), lambda p: p.effective_on or "—"),
    ]

    def get_queryset(self):
        return (
            get_projects_for_user(self.request.user)
            .annotate(reading_count=Count("readings"), r53=services.r53_annotation())
            .order_by("-year", "-pk")
        )

    def get_extra_context(self, request, filtered) -> dict:
        due = filtered.exclude(r53="").order_by("decision_due_on", "pk")[:50]
        return {"warnings": [(p, p.r53, warning_label(p.r53)) for p in due]}


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    _require(request.user, MANAGE)
    form = forms.ProjectForm(request.POST or None, initial={"year": clock.today().year})
    return create_page(
        request,
        form,
        lambda data: services.create_project(actor=request.user, **data),
        title=_("New legislative project"),
        success=_("Project recorded."),
        detail="legislation:project-detail",
    )


def _project_for(user, pk):
    return get_object_or_404(get_projects_for_user(user), pk=pk)


PROJECT_ACTIONS = {
    "approve": _action(
        gettext_lazy("Approve the project"),
        forms.ApproveProjectForm,
        lambda p, d, actor: services.approve_project(p, actor=actor, **d),
        lambda p: p.stage == S.RESEARCH,
    ),
    "draft": _action(
        gettext_lazy("Start drafting"),
        forms.DraftingForm,
        lambda p, d, actor: services.start_drafting(p, actor=actor, **d),
        lambda p: p.stage == S.PROJECT_APPROVED,
    ),
    "reading": _action(
        gettext_lazy("Record a reading"),
        forms.ReadingForm,
        lambda p, d, actor: services.record_reading(p, actor=actor, **d),
        lambda p: p.stage in (S.DRAFTING, S.READING),
        with_obj=True,
    ),
    "vote": _action(
        gettext_lazy("Put to the vote"),
        forms.VoteForm,
        lambda p, d, actor: services.put_to_vote(p, actor=actor, **d),
        lambda p: p.stage == S.READING,
        with_obj=True,
    ),
    "cast": _action(
        gettext_lazy("Enter a member's vote"),
        forms.CastVoteForm,
        lambda p, d, actor: services.record_votes(
            p, entries=[(d["voter"], d["choice"])], actor=actor
        ),
        lambda p: p.stage == S.VOTING,
        with_obj=True,
    ),
    "conclude": _action(
        gettext_lazy("Close the vote"),
        forms.EmptyForm,
        lambda p, d, actor: services.conclude_vote(p, actor=actor),
        lambda p: p.stage == S.VOTING,
    ),
    "submit": _action(
        gettext_lazy("Submit to the province"),
        forms.SubmitForm,
        lambda p, d, actor: services.submit_to_province(p, actor=actor, **d),
        lambda p: p.stage == S.ADOPTED,
    ),
    "province": _action(
        gettext_lazy("Record the provincial approval"),
        forms.ProvincialApprovalForm,
        lambda p, d, actor: services.record_provincial_approval(p, actor=actor, **d),
        lambda p: p.stage == S.SUBMITTED,
    ),
    "publish": _action(
        gettext_lazy("Record the publication"),
        forms.PublishForm,
        lambda p, d, actor: services.publish(p, actor=actor, **d),
        lambda p: p.stage == S.APPROVED,
    ),
    "evaluate": _action(
        gettext_lazy("Record the post-legislative evaluation"),
        forms.EvaluationForm,
        lambda p, d, actor: services.record_evaluation(p, actor=actor, **d),
        lambda p: p.stage == S.PUBLISHED,
    ),
}


def _consultations_of(user, project) -> list:
    """The calls for comments on the project's text (the consultations engine)."""
    if not project.legal_text_id:
        return []
    from renda.consultations.access import get_consultations_for_user

    return list(
        get_consultations_for_user(user)
        .filter(version__legal_text_id=project.legal_text_id)
        .select_related("version")
        .annotate(comment_total=Count("comments"))
        .order_by("opens_on", "pk")
    )


def _project_page(request, project, *, bound=None, status=200):
    user = request.user
    readings = list(
        Reading.objects.filter(project=project)
        .select_related("session__term", "version", "agenda_item")
        .order_by("number")
    )
    ballot_result = None
    if project.ballot_id:
        from renda.ballots import services as ballots

        ballot_result = ballots.tally(project.ballot)
    warning = services.r53_warning(project)
    context = {
        "project": project,
        "readings": readings,
        "consultations": _consultations_of(user, project),
        "normal_readings": services.normal_readings(),
        "ballot_result": ballot_result,
        "warning": warning,
        "warning_label": warning_label(warning),
        "forms": action_forms(user, PROJECT_ACTIONS, project, bound=bound),
        **history_context(user, project),
    }
    return render(request, "legislation/project_detail.html", context, status=status)


@login_required
def project_detail(request, pk):
    _require(request.user, VIEW)
    return _project_page(request, _project_for(request.user, pk))


@login_required
@require_POST
def project_act(request, pk, action):
    _require(request.user, VIEW)
    project = _project_for(request.user, pk)
    return perform(
        request,
        PROJECT_ACTIONS,
        action,
        project,
        page=_project_page,
        detail="legislation:project-detail",
    )


# --- research topics ---------------------------------------------------------------------------
class TopicListView(RecordListView):
    title = gettext_lazy("Legislative research topics")
    permission = VIEW
    filterset_class = forms.TopicFilter
    search_fields = ["title", "description"]
    export_name = "legislative-research-topics"
    actions = [(gettext_lazy("New research topic"), "legislation:topic-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda t: t.year),
        ListColumn(gettext_lazy("Title"), lambda t: t.title, "legislation:topic-detail"),
        ListColumn(
            gettext_lazy("Committee in charge"), lambda t: t.committee.name if t.committee else "—"
        ),
        ListColumn(gettext_lazy("Opinions"), lambda t: t.opinion_count),
        ListColumn(gettext_lazy("Suggestions"), lambda t: t.suggestion_count),
        ListColumn(gettext_lazy("State"), lambda t: t.get_state_display()),
    ]

    def get_queryset(self):
        return (
            get_topics_for_user(self.request.user)
            .annotate(
                opinion_count=Count("opinions", distinct=True),
                suggestion_count=Count("suggestions", distinct=True),
            )
            .order_by("-year", "pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request):
    _require(request.user, MANAGE)
    form = forms.TopicForm(request.POST or None, initial={"year": clock.today().year})
    return create_page(
        request,
        form,
        lambda data: services.raise_topic(actor=request.user, **data),
        title=_("New legislative research topic"),
        success=_("Research topic recorded."),
        detail="legislation:topic-detail",
    )


def _topic_for(user, pk):
    return get_object_or_404(get_topics_for_user(user), pk=pk)


TOPIC_ACTIONS = {
    "start": _action(
        gettext_lazy("Start the research"),
        forms.EmptyForm,
        lambda t, d, actor: services.start_topic_research(t, actor=actor),
        lambda t: t.state == t.State.RAISED,
    ),
    "conclude": _action(
        gettext_lazy("Record the conclusion"),
        forms.ConcludeTopicForm,
        lambda t, d, actor: services.conclude_topic(t, actor=actor, **d),
        lambda t: t.state != t.State.CONCLUDED,
    ),
}


def _topic_page(request, topic, *, bound=None, status=200):
    from renda.core.history import audit_entries_for_user

    user = request.user
    context = {
        "topic": topic,
        "opinions": topic.opinions.order_by("pk")[:100],
        "suggestions": topic.suggestions.order_by("pk")[:100],
        "forms": action_forms(user, TOPIC_ACTIONS, topic, bound=bound),
        "audit_entries": audit_entries_for_user(user, topic),
    }
    return render(request, "legislation/topic_detail.html", context, status=status)


@login_required
def topic_detail(request, pk):
    _require(request.user, VIEW)
    return _topic_page(request, _topic_for(request.user, pk))


@login_required
@require_POST
def topic_act(request, pk, action):
    _require(request.user, VIEW)
    topic = _topic_for(request.user, pk)
    return perform(
        request, TOPIC_ACTIONS, action, topic, page=_topic_page, detail="legislation:topic-detail"
    )
