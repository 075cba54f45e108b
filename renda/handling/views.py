"""Workbench pages of the handling engine: case lists, the unit inbox, the case page
with its actions, statistics."""

import django_filters
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core import audit, clock
from renda.core.access import get_organisations_for_user
from renda.core.api_filters import YearFilter
from renda.core.forms import add_service_errors, style_form
from renda.core.listing import ListColumn, RecordListView
from renda.core.spreadsheets import Column, xlsx_response
from renda.handling import access, stats
from renda.handling.actions import BY_NAME, available_actions, unit_assignment
from renda.handling.models import Assignment, Case, Evaluation, Kind
from renda.handling.policies import policy_for
from renda.handling.workflow import OPEN_STATES, InvalidTransition


class CaseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=Kind.choices)
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=Case.State.choices)
    is_key = django_filters.BooleanFilter(label=gettext_lazy("Key item"))
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue"),
        method="filter_overdue",
        widget=django_forms.NullBooleanSelect,
    )
    reply_class = django_filters.CharFilter(label=gettext_lazy("Reply class"))
    unit = django_filters.CharFilter(label=gettext_lazy("Unit"), method="filter_unit")
    # the statistics' and the dashboard's breakdowns, so that their figures link here
    year = YearFilter(
        label=gettext_lazy("Year registered"), field_name="registered_at", lookup_expr="year"
    )
    open = django_filters.BooleanFilter(
        label=gettext_lazy("Not completed"),
        method="filter_open",
        widget=django_forms.NullBooleanSelect,
    )
    evaluation = django_filters.ChoiceFilter(
        label=gettext_lazy("Evaluation"),
        field_name="final_evaluation",
        choices=Evaluation.Result.choices,
    )

    class Meta:
        model = Case
        fields = [
            "kind",
            "state",
            "is_key",
            "overdue",
            "reply_class",
            "unit",
            "year",
            "open",
            "evaluation",
        ]

    def filter_unit(self, queryset, name, value):
        # only units the viewer may see: a unit handler's list names no other unit
        match = Q(code=value) | Q(name__icontains=value)
        if value.isdigit():
            match |= Q(pk=int(value))
        units = get_organisations_for_user(self.request.user).filter(match, is_handling_unit=True)
        return queryset.filter(
            Exists(Assignment.objects.filter(case=OuterRef("pk"), unit__in=units))
        )

    def filter_open(self, queryset, name, value):
        return (
            queryset.filter(state__in=OPEN_STATES)
            if value
            else queryset.exclude(state__in=OPEN_STATES)
        )

    def filter_overdue(self, queryset, name, value):
        late = Case.overdue_on(clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


def _due(case) -> str:
    if case.reply_due is None:
        return ""
    late = case.is_overdue_on(clock.today())
    return f"{case.reply_due} ⚠ {_('overdue')}" if late else str(case.reply_due)


class CaseListView(RecordListView):
    title = gettext_lazy("Items in handling")
    permission = "handling.view_case_list"
    filterset_class = CaseFilter
    search_fields = ["title", "reference"]
    export_name = "cases"
    count_limit = 10_000  # as the API's: every item handled, public opinions too
    row_fields = (
        *("reference", "title", "kind", "state", "reply_due"),
        *("reply_class", "final_evaluation", "is_key", "lead_unit__name"),
    )
    columns = [
        ListColumn(gettext_lazy("Number"), lambda c: c.reference, "handling:case-detail"),
        ListColumn(gettext_lazy("Title"), lambda c: c.title, "handling:case-detail"),
        ListColumn(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
        ListColumn(gettext_lazy("State"), lambda c: c.get_state_display()),
        ListColumn(gettext_lazy("Lead unit"), lambda c: c.lead_unit.name if c.lead_unit else ""),
        ListColumn(gettext_lazy("Reply due"), _due),
        ListColumn(gettext_lazy("Class"), lambda c: c.reply_class),
        ListColumn(
            gettext_lazy("Evaluation"),
            lambda c: c.final_evaluation and Evaluation.Result(c.final_evaluation).label,
        ),
        ListColumn(gettext_lazy("Key"), lambda c: "★" if c.is_key else ""),
    ]

    def get_queryset(self):
        return (
            access.get_cases_for_user(self.request.user)
            # no leader or supervising body in a row; the unit joined by the rows' query
            # only, never by the keys' (an annotation's join would stay in both)
            .select_related(None)
            .select_related("lead_unit")
            .order_by("-registered_at", "-pk")
        )


class OverdueListView(CaseListView):
    title = gettext_lazy("Overdue items")
    permission = "handling.supervise_case"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(Case.overdue_on(clock.today()))
            .order_by("reply_due", "pk")
        )


def _expected(assignment) -> str:
    if assignment.state != Assignment.State.ACTIVE:
        return assignment.get_state_display()
    if assignment.role == Assignment.Role.LEAD:
        return _("Write the reply by %(due)s") % {"due": assignment.due_date}
    return _("Send your view to the lead unit by %(due)s") % {"due": assignment.due_date}


class InboxView(RecordListView):
    title = gettext_lazy("Inbox of my unit")
    permission = "handling.view_inbox"
    search_fields = ["case__title", "case__reference"]
    export_name = "inbox"
    row_fields = ("role", "state", "due_date", "case__reference", "case__title", "case__state")
    columns = [
        ListColumn(gettext_lazy("Number"), lambda a: a.case.reference),
        ListColumn(gettext_lazy("Title"), lambda a: a.case.title),
        ListColumn(gettext_lazy("Role"), lambda a: a.get_role_display()),
        ListColumn(
            gettext_lazy("Due"),
            lambda a: (
                f"{a.due_date} ⚠ {_('overdue')}"
                if a.state == Assignment.State.ACTIVE and a.due_date < clock.today()
                else a.due_date
            ),
        ),
        ListColumn(gettext_lazy("Expected of you"), _expected),
        ListColumn(gettext_lazy("Item state"), lambda a: a.case.get_state_display()),
    ]

    def get_queryset(self):
        return (
            access.get_assignments_for_unit(self.request.user)
            .select_related(None)
            .select_related("case")  # the unit is the user's own
            .order_by("state", "due_date", "pk")
        )

    def _row(self, obj):
        # link each row to its case, not to the assignment
        from django.urls import reverse

        url = reverse("handling:case-detail", args=[obj.case_id])
        return [
            (column.value(obj), url if i < 2 else None) for i, column in enumerate(self.columns)
        ]


def _case_for(user, pk) -> Case:
    qs = access.get_cases_for_user(user).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
        "replies__attachments",
        "replies__assignment__unit",
        "evaluations",
        "supervision_notes__author",
    )
    return get_object_or_404(qs, pk=pk)


def _detail(request, case, forms=None, status=200):
    actions = available_actions(request.user, case)
    forms = forms or {}
    for action in actions:
        if action.name not in forms:
            forms[action.name] = action.form(prefix=action.name, **action.form_kwargs())
    context = {
        "case": case,
        "item": getattr(case, "suggestion", None),
        "item_url": policy_for(case.kind).item_url(case),
        "actions": [(a, forms[a.name]) for a in actions],
        "my_assignment": unit_assignment(request.user, case),
        "today": clock.today(),
        "audit_entries": _entries(request.user, case),
    }
    return render(request, "handling/case_detail.html", context, status=status)


def _entries(user, case):
    if not user.has_perm("core.view_history"):
        return None
    entries = list(audit.entries_for(case)[:100])
    for entry in entries:
        moved = f"{entry.from_state} → {entry.to_state}" if entry.to_state else ""
        details = "; ".join(f"{k}: {v}" for k, v in entry.after.items())
        entry.changes = " ".join(part for part in (moved, details) if part)[:300]
    return entries


@login_required
def case_detail(request, pk):
    if not request.user.has_perm("handling.view_case_list"):
        raise PermissionDenied
    case = _case_for(request.user, pk)
    # Seeing the case is reading its notices: they leave the to-do list.
    access.get_notices_for_user(request.user).filter(case=case, read_at__isnull=True).update(
        read_at=clock.now()
    )
    return _detail(request, case)


@login_required
@require_POST
def case_act(request, pk, action):
    case = _case_for(request.user, pk)
    chosen = BY_NAME.get(action)
    if chosen is None:
        raise Http404
    assignment = unit_assignment(request.user, case)
    if not chosen.available(request.user, case, assignment):
        raise PermissionDenied
    form = chosen.form(request.POST, request.FILES, prefix=action, **chosen.form_kwargs())
    if form.is_valid():
        try:
            chosen.run(case, form.cleaned_data, request.user, assignment, request.FILES)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("handling:case-detail", pk=case.pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
            return redirect("handling:case-detail", pk=case.pk)
    return _detail(request, _case_for(request.user, pk), {action: form}, status=400)


@login_required
def case_document(request, pk, document):
    from renda.handling import documents

    case = _case_for(request.user, pk)
    if document == "assignment-sheet":
        if case.assigned_on is None:
            raise Http404
        content, name = documents.assignment_sheet(case), f"交办单-{case.reference or case.pk}.docx"
    elif document == "reply-letter":
        reply = case.replies.order_by("-round").first()
        if reply is None:
            raise Http404
        content, name = documents.reply_letter(reply), f"答复函-{case.reference or case.pk}.docx"
    else:
        raise Http404
    return documents.docx_response(content, name)


class YearForm(django_forms.Form):
    year = django_forms.IntegerField(
        label=gettext_lazy("Year"), min_value=1980, max_value=2100, required=False
    )
    kind = django_forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=[("", "---------"), *Kind.choices], required=False
    )


STATISTICS_UNITS_PER_PAGE = 50


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def statistics(request):
    if not request.user.has_perm("handling.view_statistics"):
        raise PermissionDenied
    form = style_form(YearForm(request.GET or None))
    year = kind = None
    if form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
    rows = stats.by_unit(year, kind)
    if request.GET.get("format") == "xlsx":
        return xlsx_response("handling-statistics", STAT_COLUMNS, rows)
    by_kind, breakdowns = stats.by_kind_and_breakdowns(year)
    # Two thousand units are read in the Excel export, not in one page of HTML.
    unit_page = Paginator(rows, STATISTICS_UNITS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "rows": unit_page.object_list,
        "unit_page": unit_page,
        "unit_querystring": _without_page(request.GET),
        "totals": stats.sum_rows([r for r in by_kind if not kind or r["kind"] == kind]),
        "by_kind": [{**r, "kind": Kind(r["kind"]).label} for r in by_kind],
        "breakdowns": list(breakdowns.values()),
        "querystring": request.GET.urlencode(),
    }
    return render(
        request,
        "handling/statistics.html",
        context,
        status=200 if form.is_valid() or not request.GET else 400,
    )


STAT_COLUMNS = [
    Column(gettext_lazy("Unit"), lambda r: r["unit_name"]),
    Column(gettext_lazy("Items"), lambda r: r["total"]),
    Column(gettext_lazy("Completed"), lambda r: r["completed"]),
    Column(gettext_lazy("Replied on time"), lambda r: r["on_time"]),
    Column(gettext_lazy("Overdue"), lambda r: r["overdue"]),
    Column(gettext_lazy("Satisfied"), lambda r: r["eval_satisfied"]),
    Column(gettext_lazy("Basically satisfied"), lambda r: r["eval_basically_satisfied"]),
    Column(gettext_lazy("Dissatisfied"), lambda r: r["eval_dissatisfied"]),
    Column(gettext_lazy("No answer"), lambda r: r["eval_no_answer"]),
    Column("A", lambda r: r["class_A"]),
    Column("B", lambda r: r["class_B"]),
    Column("C", lambda r: r["class_C"]),
    Column(gettext_lazy("Satisfaction rate"), lambda r: r["satisfaction_rate"]),
    Column(gettext_lazy("Implementation rate"), lambda r: r["implementation_rate"]),
]
