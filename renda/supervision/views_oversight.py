"""Workbench pages of oversight: the annual plan (its items and the records they
became), work reports with the R40 dates and warnings, special inquiries, law-
enforcement inspections, deliberation opinions and their report back, decisions.
Thin: access from access_oversight.py, every change one call of services_oversight.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core.actions import Action, action_forms, perform
from renda.core.editing import create_page
from renda.core.history import audit_entries_for_user
from renda.core.listing import ListColumn, RecordListView
from renda.handling.models import Case
from renda.handling.workflow import InvalidTransition
from renda.supervision import access_oversight as access
from renda.supervision import forms_oversight as forms
from renda.supervision import services_oversight as services
from renda.supervision.models import (
    ChainState,
    Decision,
    SupervisionPlan,
)

VIEW = "supervision.view_oversight"
MANAGE = "supervision.manage_oversight"
C = ChainState


def _require(user, perm=VIEW):
    if not user.has_perm(perm):
        raise PermissionDenied


def _action(label, form, apply, available=lambda obj: True) -> Action:
    """An action of this part: its form built from (obj, data, prefix), its service
    given the cleaned data."""
    return Action(
        label,
        form=lambda obj, data, files, prefix: form(obj, data, prefix),
        apply=lambda obj, bound, actor: apply(obj, bound.cleaned_data, actor),
        available=available,
    )


def _plain(form_class):
    return lambda obj, data, prefix: form_class(data, prefix=prefix, initial=_initial())


def _initial():
    today = clock.today()
    return {"on": today, "held_on": today, "date": today}


def _forms(user, actions, obj, bound=None):
    return action_forms(user, actions, obj, perm=MANAGE, bound=bound)


def _create_page(request, form_class, create, title, detail_name):
    _require(request.user, MANAGE)
    return create_page(
        request,
        form_class(request.POST or None),
        lambda data: create(data, request.user),
        title=title,
        detail=detail_name,
    )


# --- lists ----------------------------------------------------------------------------------
class _ListView(RecordListView):
    permission = VIEW

    def search(self, queryset, query):
        return super().search(queryset, query.replace("\x00", ""))


def _session(record) -> str:
    return str(record.session) if record.session_id else "—"


class PlanListView(_ListView):
    title = gettext_lazy("Supervision plans")
    filterset_class = forms.PlanFilter
    search_fields = ["title"]
    export_name = "supervision-plans"
    actions = [(gettext_lazy("New plan"), "supervision:plan-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda p: p.year, "supervision:plan-detail"),
        ListColumn(gettext_lazy("Title"), lambda p: p.title, "supervision:plan-detail"),
        ListColumn(gettext_lazy("State"), lambda p: p.get_state_display()),
        ListColumn(gettext_lazy("Items"), lambda p: p.item_count),
        ListColumn(gettext_lazy("Adopted on"), lambda p: p.adopted_on or "—"),
    ]

    def get_queryset(self):
        return (
            access.get_plans_for_user(self.request.user)
            .annotate(item_count=Count("items"))
            .order_by("-year")
        )


def _r40_cell(report) -> str:
    warnings = services.r40_warnings(report)
    return "；".join(f"{w.label} {w.due}" for w in warnings) or "—"


class WorkReportListView(_ListView):
    title = gettext_lazy("Work reports")
    permission = "supervision.view_work_reports"
    filterset_class = forms.WorkReportFilter
    search_fields = ["title", "reporting_body__name"]
    export_name = "work-reports"
    actions = [(gettext_lazy("New work report"), "supervision:work-report-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda r: r.title, "supervision:work-report-detail"),
        ListColumn(gettext_lazy("Category"), lambda r: r.get_category_display()),
        ListColumn(gettext_lazy("Reporting body"), lambda r: r.reporting_body.name),
        ListColumn(gettext_lazy("Session"), _session),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
        ListColumn(gettext_lazy("R40 warnings"), _r40_cell),
    ]

    def get_queryset(self):
        return access.get_work_reports_for_user(self.request.user).order_by("-created_at", "-pk")


class InquiryListView(_ListView):
    title = gettext_lazy("Special inquiries")
    filterset_class = forms.ChainFilter
    search_fields = ["title"]
    export_name = "special-inquiries"
    actions = [(gettext_lazy("New special inquiry"), "supervision:inquiry-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Topic"), lambda r: r.title, "supervision:inquiry-detail"),
        ListColumn(gettext_lazy("Session"), _session),
        ListColumn(gettext_lazy("Departments questioned"), lambda r: r.department_count),
        ListColumn(gettext_lazy("Questions"), lambda r: r.question_count),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
    ]

    def get_queryset(self):
        return (
            access.get_inquiries_for_user(self.request.user)
            .annotate(
                department_count=Count("departments", distinct=True),
                question_count=Count("questions", distinct=True),
            )
            .order_by("-created_at", "-pk")
        )


class InspectionListView(_ListView):
    title = gettext_lazy("Law-enforcement inspections")
    filterset_class = forms.ChainFilter
    search_fields = ["title", "law", "regulation"]
    export_name = "law-enforcement-inspections"
    actions = [(gettext_lazy("New inspection"), "supervision:inspection-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda r: r.title, "supervision:inspection-detail"),
        ListColumn(gettext_lazy("Law inspected"), lambda r: r.law),
        ListColumn(gettext_lazy("Local regulation inspected"), lambda r: r.regulation or "—"),
        ListColumn(gettext_lazy("Sites visited"), lambda r: r.visit_count),
        ListColumn(gettext_lazy("Session"), _session),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
    ]

    def get_queryset(self):
        return (
            access.get_inspections_for_user(self.request.user)
            .annotate(visit_count=Count("visits"))
            .order_by("-created_at", "-pk")
        )


def _record_title(opinion) -> str:
    return opinion.record.title


class OpinionListView(_ListView):
    title = gettext_lazy("Deliberation opinions")
    search_fields = ["text", "body__name"]
    export_name = "deliberation-opinions"
    columns = [
        ListColumn(gettext_lazy("On"), _record_title),
        ListColumn(gettext_lazy("Sent to"), lambda o: o.body.name),
        ListColumn(gettext_lazy("Sent on"), lambda o: o.sent_on),
        ListColumn(gettext_lazy("Report back due"), lambda o: o.case.reply_due or "—"),
        ListColumn(gettext_lazy("State"), lambda o: o.case.get_state_display()),
    ]

    def get_queryset(self):
        return access.get_opinions_for_user(self.request.user).order_by("-sent_on", "-pk")

    def _row(self, obj):
        cells = super()._row(obj)
        # the case page of the engine: where the report back is read and evaluated
        cells[0] = (cells[0][0], reverse("handling:case-detail", args=[obj.case_id]))
        return cells


class DecisionListView(_ListView):
    title = gettext_lazy("Decisions and resolutions")
    filterset_class = forms.DecisionFilter
    search_fields = ["title"]
    export_name = "decisions"
    actions = [(gettext_lazy("New decision"), "supervision:decision-create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda d: d.title, "supervision:decision-detail"),
        ListColumn(gettext_lazy("Kind"), lambda d: d.get_kind_display()),
        ListColumn(gettext_lazy("Session"), _session),
        ListColumn(gettext_lazy("State"), lambda d: d.get_state_display()),
        ListColumn(gettext_lazy("Adopted on"), lambda d: d.adopted_on or "—"),
    ]

    def get_queryset(self):
        return access.get_decisions_for_user(self.request.user).order_by("-created_at", "-pk")


# --- the plan -------------------------------------------------------------------------------
PLAN_ACTIONS = {
    "item": _action(
        gettext_lazy("Add an item"),
        _plain(forms.PlanItemForm),
        lambda p, d, u: services.add_plan_item(p, actor=u, **d),
        lambda p: p.state == SupervisionPlan.State.DRAFT,
    ),
    "adopt": _action(
        gettext_lazy("Adopted by the chair meeting"),
        _plain(forms.AdoptForm),
        lambda p, d, u: services.adopt_plan(p, chair_meeting=d["chair_meeting"], actor=u),
        lambda p: p.state == SupervisionPlan.State.DRAFT,
    ),
    "publish": _action(
        gettext_lazy("Publish"),
        _plain(forms.EmptyForm),
        lambda p, d, u: services.publish_plan(p, actor=u),
        lambda p: p.state == SupervisionPlan.State.ADOPTED,
    ),
}
RECORD_URLS = {
    "work_report": "supervision:work-report-detail",
    "inquiry": "supervision:inquiry-detail",
    "inspection": "supervision:inspection-detail",
}


def _research_url(item) -> str | None:
    """The projects part's research page, when it exists (built by another part)."""
    try:
        return f"{reverse('supervision:research-create')}?plan_item={item.pk}"
    except NoReverseMatch:
        return None


def _plan_rows(user, plan):
    items = plan.items.select_related(
        "owner", "subject", "session", "work_report", "special_inquiry", "inspection"
    ).order_by("position")
    manage = user.has_perm(MANAGE) and plan.state != SupervisionPlan.State.DRAFT
    rows = []
    for item in items:
        record = services.record_of(item)
        link = None
        if record is not None:
            link = reverse(RECORD_URLS[services._link_field(record)], args=[record.pk])
        startable = manage and record is None and item.kind in services.STARTABLE
        research = None
        if record is None and item.kind not in services.STARTABLE and manage:
            research = _research_url(item)
        rows.append(
            {
                "item": item,
                "record": record,
                "link": link,
                "start_form": forms.StartForm(prefix=f"start-{item.pk}") if startable else None,
                "research_url": research,
            }
        )
    return rows


def _plan_page(request, plan, bound=None, status=200):
    context = {
        "plan": plan,
        "rows": _plan_rows(request.user, plan),
        "forms": _forms(request.user, PLAN_ACTIONS, plan, bound),
        "act_url": "supervision:plan-act",
        "audit_entries": audit_entries_for_user(request.user, plan),
    }
    return render(request, "supervision/oversight/plan_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    return _create_page(
        request,
        forms.PlanForm,
        lambda d, u: services.create_plan(actor=u, **d),
        _("New supervision plan"),
        "supervision:plan-detail",
    )


def _plan_for(user, pk):
    return get_object_or_404(access.get_plans_for_user(user), pk=pk)


@login_required
def plan_detail(request, pk):
    _require(request.user)
    return _plan_page(request, _plan_for(request.user, pk))


@login_required
@require_POST
def plan_act(request, pk, action):
    _require(request.user)
    plan = _plan_for(request.user, pk)
    return perform(
        request,
        PLAN_ACTIONS,
        action,
        plan,
        page=_plan_page,
        detail="supervision:plan-detail",
        perm=MANAGE,
    )


@login_required
@require_POST
def plan_item_start(request, pk):
    _require(request.user, MANAGE)
    item = get_object_or_404(access.get_plan_items_for_user(request.user), pk=pk)
    form = forms.StartForm(request.POST, prefix=f"start-{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Check the start form."))
        return redirect("supervision:plan-detail", pk=item.plan_id)
    try:
        record = services.start_item(item, actor=request.user, **form.cleaned_data)
    except (ValidationError, InvalidTransition) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("supervision:plan-detail", pk=item.plan_id)
    messages.success(request, _("Started."))
    return redirect(RECORD_URLS[services._link_field(record)], pk=record.pk)


# --- the chain records -------------------------------------------------------------------------
def _chain_actions(extra: dict) -> dict:
    """The chain (R44) every work report, inquiry and inspection follows."""
    return {
        **extra,
        "deliberate": _action(
            gettext_lazy("Record the deliberation at the session"),
            _plain(forms.DeliberateForm),
            lambda r, d, u: services.deliberate(r, actor=u, **d),
            lambda r: r.state == C.PLANNED,
        ),
        "opinions": _action(
            gettext_lazy("Send deliberation opinions"),
            _plain(forms.OpinionsForm),
            lambda r, d, u: services.send_opinions(r, actor=u, **d),
            lambda r: r.state in {C.DELIBERATED, C.OPINIONS_SENT},
        ),
        "assess": _action(
            gettext_lazy("Satisfaction assessment"),
            _plain(forms.AssessForm),
            lambda r, d, u: services.assess(r, actor=u, **d),
            lambda r: r.state != C.PLANNED,
        ),
        "publish": _action(
            gettext_lazy("Publish"),
            _plain(forms.EmptyForm),
            lambda r, d, u: services.publish(r, actor=u),
            lambda r: r.state in {C.DELIBERATED, C.OPINIONS_SENT},
        ),
    }


WORK_REPORT_ACTIONS = _chain_actions(
    {
        "documents": _action(
            gettext_lazy("Record the documents' dates (R40)"),
            lambda r, data, prefix: forms.DocumentsForm(
                data,
                prefix=prefix,
                initial={
                    "draft_received_on": r.draft_received_on,
                    "final_received_on": r.final_received_on,
                    "sent_to_members_on": r.sent_to_members_on,
                },
            ),
            lambda r, d, u: services.record_documents(r, actor=u, **d),
            lambda r: r.state == C.PLANNED,
        ),
    }
)
INQUIRY_ACTIONS = _chain_actions(
    {
        "question": _action(
            gettext_lazy("Record a question"),
            lambda r, data, prefix: forms.QuestionForm(data, prefix=prefix, inquiry=r),
            lambda r, d, u: services.add_question(r, actor=u, **d),
            lambda r: r.state in {C.PLANNED, C.DELIBERATED},
        ),
    }
)
INSPECTION_ACTIONS = _chain_actions(
    {
        "group": _action(
            gettext_lazy("The inspection group"),
            lambda r, data, prefix: forms.GroupForm(data, prefix=prefix, term=r.term),
            lambda r, d, u: services.set_group(
                r, leader=d["leader"], members=d["members"], actor=u
            ),
            lambda r: r.state == C.PLANNED,
        ),
        "visit": _action(
            gettext_lazy("Record a site visited"),
            _plain(forms.VisitForm),
            lambda r, d, u: services.add_visit(r, actor=u, **d),
            lambda r: r.state == C.PLANNED,
        ),
        "report": _action(
            gettext_lazy("Record the inspection report"),
            _plain(forms.ReportForm),
            lambda r, d, u: services.record_report(r, actor=u, **d),
            lambda r: r.state == C.PLANNED,
        ),
    }
)


def _opinions(user, record):
    rows = list(record.opinions.select_related("case", "body").order_by("sent_on", "pk"))
    if not user.has_perm(VIEW):
        # a reporting body sees the opinions sent to it, nothing else
        rows = [o for o in rows if o.body_id == user.organisation_id]
    return rows


def _chain_context(request, record):
    user = request.user
    return {
        "record": record,
        "opinions": _opinions(user, record),
        "assessments": list(record.assessments.select_related("subject").order_by("held_on", "pk"))
        if user.has_perm(VIEW)
        else [],
        "completed": Case.State.COMPLETED,
        "audit_entries": audit_entries_for_user(user, record),
    }


def _work_report_page(request, report, bound=None, status=200):
    context = {
        **_chain_context(request, report),
        "kind": "work_report",
        "r40": services.r40_deadlines(report),
        "forms": _forms(request.user, WORK_REPORT_ACTIONS, report, bound),
        "act_url": "supervision:work-report-act",
    }
    return render(request, "supervision/oversight/record_detail.html", context, status=status)


def _inquiry_page(request, inquiry, bound=None, status=200):
    context = {
        **_chain_context(request, inquiry),
        "kind": "inquiry",
        "departments": inquiry.departments.order_by("code"),
        "questions": inquiry.questions.select_related("asked_by__person", "department"),
        "forms": _forms(request.user, INQUIRY_ACTIONS, inquiry, bound),
        "act_url": "supervision:inquiry-act",
    }
    return render(request, "supervision/oversight/record_detail.html", context, status=status)


def _inspection_page(request, inspection, bound=None, status=200):
    context = {
        **_chain_context(request, inspection),
        "kind": "inspection",
        "members": inspection.members.order_by("name"),
        "visits": inspection.visits.all(),
        "forms": _forms(request.user, INSPECTION_ACTIONS, inspection, bound),
        "act_url": "supervision:inspection-act",
    }
    return render(request, "supervision/oversight/record_detail.html", context, status=status)


def _detail_view(getter, page, perm=VIEW):
    @login_required
    def view(request, pk):
        _require(request.user, perm)
        return page(request, get_object_or_404(getter(request.user), pk=pk))

    return view


def _act_view(getter, actions, page, detail_name):
    @login_required
    @require_POST
    def view(request, pk, action):
        _require(request.user, MANAGE)
        if action not in actions:
            raise Http404
        record = get_object_or_404(getter(request.user), pk=pk)
        return perform(request, actions, action, record, page=page, detail=detail_name, perm=MANAGE)

    return view


work_report_detail = _detail_view(
    access.get_work_reports_for_user, _work_report_page, "supervision.view_work_reports"
)
work_report_act = _act_view(
    access.get_work_reports_for_user,
    WORK_REPORT_ACTIONS,
    _work_report_page,
    "supervision:work-report-detail",
)
inquiry_detail = _detail_view(access.get_inquiries_for_user, _inquiry_page)
inquiry_act = _act_view(
    access.get_inquiries_for_user, INQUIRY_ACTIONS, _inquiry_page, "supervision:inquiry-detail"
)
inspection_detail = _detail_view(access.get_inspections_for_user, _inspection_page)
inspection_act = _act_view(
    access.get_inspections_for_user,
    INSPECTION_ACTIONS,
    _inspection_page,
    "supervision:inspection-detail",
)


@login_required
@require_http_methods(["GET", "POST"])
def work_report_create(request):
    return _create_page(
        request,
        forms.WorkReportForm,
        lambda d, u: services.create_work_report(actor=u, **d),
        _("New work report"),
        "supervision:work-report-detail",
    )


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_create(request):
    return _create_page(
        request,
        forms.InquiryForm,
        lambda d, u: services.create_inquiry(actor=u, **d),
        _("New special inquiry"),
        "supervision:inquiry-detail",
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    return _create_page(
        request,
        forms.InspectionForm,
        lambda d, u: services.create_inspection(actor=u, **d),
        _("New law-enforcement inspection"),
        "supervision:inspection-detail",
    )


# --- decisions ---------------------------------------------------------------------------------
D = Decision.State
DECISION_ACTIONS = {
    "vote": _action(
        gettext_lazy("Put to the vote"),
        _plain(forms.VoteForm),
        lambda r, d, u: services.put_decision_to_vote(r, held_on=d["held_on"], actor=u),
        lambda r: r.state == D.DRAFT,
    ),
    "conclude": _action(
        gettext_lazy("Close the vote and record the result"),
        _plain(forms.EmptyForm),
        lambda r, d, u: services.conclude_decision(r, actor=u),
        lambda r: r.state == D.VOTING,
    ),
    "publish": _action(
        gettext_lazy("Publish"),
        _plain(forms.EmptyForm),
        lambda r, d, u: services.publish_decision(r, actor=u),
        lambda r: r.state == D.ADOPTED,
    ),
    "follow-up": _action(
        gettext_lazy("Record a follow-up"),
        _plain(forms.FollowUpForm),
        lambda r, d, u: services.add_follow_up(r, actor=u, **d),
        lambda r: r.state in {D.ADOPTED, D.PUBLISHED},
    ),
}


def _decision_page(request, decision, bound=None, status=200):
    context = {
        "decision": decision,
        "follow_ups": decision.follow_ups.select_related("body"),
        "forms": _forms(request.user, DECISION_ACTIONS, decision, bound),
        "act_url": "supervision:decision-act",
        "audit_entries": audit_entries_for_user(request.user, decision),
    }
    return render(request, "supervision/oversight/decision_detail.html", context, status=status)


decision_detail = _detail_view(access.get_decisions_for_user, _decision_page)
decision_act = _act_view(
    access.get_decisions_for_user, DECISION_ACTIONS, _decision_page, "supervision:decision-detail"
)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    return _create_page(
        request,
        forms.DecisionForm,
        lambda d, u: services.create_decision(actor=u, **d),
        _("New decision"),
        "supervision:decision-detail",
    )
