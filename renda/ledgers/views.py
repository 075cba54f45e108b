"""Pages of the work ledgers: one list per kind (with counts by status), an entry's
page with its attachments, moves and history, create and edit forms, and the
rectification list's problem areas. Thin: access from access.py, every change
through renda.ledgers.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core.forms import add_service_errors
from renda.core.history import history_context
from renda.core.listing import ListColumn, RecordListView
from renda.handling.workflow import InvalidTransition
from renda.ledgers import services
from renda.ledgers.access import (
    get_attachments_for_user,
    get_entries_for_user,
    get_problem_areas_for_user,
)
from renda.ledgers.forms import (
    KIND_FORM_FIELDS,
    AreaFilter,
    AttachForm,
    CloseOutForm,
    DateNoteForm,
    EntryFilter,
    EntryForm,
    NoteForm,
    ProblemAreaForm,
    RectificationFilter,
    RuleFilter,
)
from renda.ledgers.models import Kind, LedgerEntry
from renda.ledgers.navigation import LIST_URLS
from renda.ledgers.workflow import FINAL, can_move

S = LedgerEntry.Status


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _owner(entry) -> str:
    parts = [entry.owner.name if entry.owner_id else "", entry.owner_name]
    return " / ".join(p for p in parts if p) or "—"


COMMON_COLUMNS = [
    ListColumn(gettext_lazy("Title"), lambda e: e.title, "ledgers:entry-detail"),
    ListColumn(gettext_lazy("Date"), lambda e: e.date),
    ListColumn(gettext_lazy("Responsible"), _owner),
    ListColumn(gettext_lazy("Status"), lambda e: e.get_status_display()),
]
KIND_COLUMNS = {
    Kind.RULE: [
        ListColumn(gettext_lazy("Established or revised"), lambda e: e.get_rule_action_display()),
        ListColumn(gettext_lazy("Done on"), lambda e: e.completed_on or "—"),
    ],
    Kind.PARTY_COMMITTEE_REPORT: [],
    Kind.RECTIFICATION: [
        ListColumn(
            gettext_lazy("Problem area"), lambda e: e.problem_area.name if e.problem_area else "—"
        ),
        ListColumn(gettext_lazy("Closed out on"), lambda e: e.closed_out_on or "—"),
    ],
    Kind.IMPLEMENTATION_MEASURE: [
        ListColumn(gettext_lazy("Done on"), lambda e: e.completed_on or "—"),
    ],
    Kind.PROBLEM_RESOLVED: [
        ListColumn(gettext_lazy("Leader"), lambda e: e.leader_name),
        ListColumn(gettext_lazy("Done on"), lambda e: e.completed_on or "—"),
    ],
    Kind.EXPERIENCE_PROMOTED: [
        ListColumn(gettext_lazy("Promoted where"), lambda e: e.promoted_where),
        ListColumn(gettext_lazy("Promoted how"), lambda e: e.promoted_how),
    ],
    Kind.LEGISLATIVE_PROCEDURE: [
        ListColumn(gettext_lazy("Done on"), lambda e: e.completed_on or "—"),
    ],
}
FILTERS = {Kind.RULE: RuleFilter, Kind.RECTIFICATION: RectificationFilter}


class EntryListView(RecordListView):
    """One kind's ledger, with the counts by status of what its filters select."""

    kind: str = ""
    permission = "ledgers.view"
    search_fields = ["title", "notes", "owner_name", "leader_name", "promoted_where"]
    template_name = "ledgers/entry_list.html"
    partial_name = "ledgers/_entry_table.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.title = Kind(self.kind).label
        self.columns = [*COMMON_COLUMNS, *KIND_COLUMNS[self.kind]]
        self.filterset_class = FILTERS.get(self.kind, EntryFilter)
        self.export_name = f"ledger-{self.kind.replace('_', '-')}"

    def get_queryset(self):
        return (
            get_entries_for_user(self.request.user).filter(kind=self.kind).order_by("-date", "-pk")
        )

    def get_extra_context(self, request, filtered) -> dict:
        rows = filtered.order_by().values("status").annotate(n=Count("id"))
        found = {row["status"]: row["n"] for row in rows}
        manages = request.user.has_perm("ledgers.manage")
        return {
            "status_counts": [(v, label, found.get(v, 0)) for v, label in S.choices if v in found],
            "create_url": reverse("ledgers:entry-create", args=[self.kind]) if manages else "",
        }


def entry_list_view(kind: str):
    return EntryListView.as_view(kind=kind)


# --- create and edit -------------------------------------------------------------------
def _kind_or_404(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


def _entry_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("attachments", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request, kind):
    _require(request.user, "ledgers.manage")
    kind = _kind_or_404(kind)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        initial={"date": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.create_entry(
                kind=kind,
                actor=request.user,
                attachments=form.cleaned_data.get("attachments") or [],
                **_entry_data(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Entry recorded."))
            return redirect("ledgers:entry-detail", pk=entry.pk)
    return render(
        request,
        "ledgers/entry_form.html",
        {"form": form, "title": _("New entry: %(kind)s") % {"kind": Kind(kind).label}},
        status=400 if form.errors else 200,
    )


def _entry_for(user, pk) -> LedgerEntry:
    return get_object_or_404(get_entries_for_user(user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    _require(request.user, "ledgers.manage")
    entry = _entry_for(request.user, pk)
    if entry.status in FINAL:
        messages.error(request, _("A closed-out or cancelled entry can no longer be edited."))
        return redirect("ledgers:entry-detail", pk=entry.pk)
    form = EntryForm(request.POST or None, instance=entry, kind=entry.kind, with_files=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(entry, actor=request.user, **_entry_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Entry saved."))
            return redirect("ledgers:entry-detail", pk=entry.pk)
    return render(
        request,
        "ledgers/entry_form.html",
        {"form": form, "title": _("Edit: %(title)s") % {"title": entry.title}, "entry": entry},
        status=400 if form.errors else 200,
    )


# --- the entry's page and its moves ----------------------------------------------------
ACTIONS = {
    "start": (gettext_lazy("Start"), NoteForm, S.IN_PROGRESS),
    "complete": (gettext_lazy("Mark as done"), DateNoteForm, S.DONE),
    "reopen": (gettext_lazy("Reopen"), NoteForm, S.IN_PROGRESS),
    "close-out": (gettext_lazy("Close out"), CloseOutForm, S.CLOSED_OUT),
    "cancel": (gettext_lazy("Cancel"), NoteForm, S.CANCELLED),
    "attach": (gettext_lazy("Add evidence files"), AttachForm, None),
}


def _available(entry) -> list[str]:
    names = []
    if entry.status == S.OPEN and can_move(entry, S.IN_PROGRESS):
        names.append("start")
    if can_move(entry, S.DONE):
        names.append("complete")
    if entry.status == S.DONE and can_move(entry, S.IN_PROGRESS):
        names.append("reopen")
    if can_move(entry, S.CLOSED_OUT):
        names.append("close-out")
    if can_move(entry, S.CANCELLED):
        names.append("cancel")
    names.append("attach")
    return names


def _run(entry, action, data, files, user):
    note = data.get("note", "") or ""
    if action == "start":
        return services.start_entry(entry, actor=user, note=note)
    if action == "complete":
        return services.complete_entry(entry, actor=user, on=data.get("on"), note=note)
    if action == "reopen":
        return services.reopen_entry(entry, actor=user, note=note)
    if action == "close-out":
        return services.close_out(
            entry, actor=user, on=data.get("on"), note=note, attachments=files
        )
    if action == "cancel":
        return services.cancel_entry(entry, actor=user, note=note)
    return services.add_attachments(entry, files, actor=user)


def _detail(request, entry, bound=None, status=200):
    forms = []
    if request.user.has_perm("ledgers.manage"):
        initial = {"on": clock.today()}
        for name in _available(entry):
            label, form_class, _to = ACTIONS[name]
            form = bound if bound is not None and bound.prefix == name else None
            forms.append((name, label, form or form_class(prefix=name, initial=initial)))
    context = {
        "entry": entry,
        "kind_fields": KIND_FORM_FIELDS[entry.kind],
        "attachments": list(entry.attachments.select_related("uploaded_by")),
        "forms": forms,
        "can_edit": request.user.has_perm("ledgers.manage") and entry.status not in FINAL,
        "list_url": reverse(LIST_URLS[entry.kind][0]),
        **history_context(request.user, entry),
    }
    return render(request, "ledgers/entry_detail.html", context, status=status)


@login_required
def entry_detail(request, pk):
    _require(request.user, "ledgers.view")
    return _detail(request, _entry_for(request.user, pk))


@login_required
@require_POST
def entry_act(request, pk, action):
    _require(request.user, "ledgers.manage")
    if action not in ACTIONS:
        raise Http404
    entry = _entry_for(request.user, pk)
    label, form_class, _to = ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        files = form.cleaned_data.get("attachments") or []
        try:
            _run(entry, action, dict(form.cleaned_data), files, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("ledgers:entry-detail", pk=entry.pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect("ledgers:entry-detail", pk=entry.pk)
    entry.refresh_from_db()
    return _detail(request, entry, bound=form, status=400)


@login_required
def attachment_download(request, pk):
    _require(request.user, "ledgers.view")
    attachment = get_object_or_404(get_attachments_for_user(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


# --- problem areas ---------------------------------------------------------------------
class AreaListView(RecordListView):
    title = gettext_lazy("Problem areas of the rectification lists")
    permission = "ledgers.view"
    filterset_class = AreaFilter
    search_fields = ["name", "description"]
    export_name = "ledger-problem-areas"
    actions = [(gettext_lazy("New problem area"), "ledgers:area-create", "ledgers.manage")]
    columns = [
        ListColumn(gettext_lazy("Year"), lambda a: a.year),
        ListColumn(gettext_lazy("No."), lambda a: a.position),
        ListColumn(gettext_lazy("Name"), lambda a: a.name, "ledgers:area-detail"),
        ListColumn(gettext_lazy("Items"), lambda a: a.item_count),
        ListColumn(gettext_lazy("Closed out"), lambda a: a.closed_count),
    ]

    def get_queryset(self):
        return (
            get_problem_areas_for_user(self.request.user)
            .annotate(
                item_count=Count("entries", distinct=True),
                closed_count=Count(
                    "entries", filter=Q(entries__status=S.CLOSED_OUT), distinct=True
                ),
            )
            .order_by("-year", "position", "pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def area_create(request):
    _require(request.user, "ledgers.manage")
    form = ProblemAreaForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_problem_area(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Problem area recorded."))
            return redirect("ledgers:area-list")
    return render(
        request,
        "core/edit.html",
        {"forms": [form], "title": _("New problem area")},
        status=400 if form.errors else 200,
    )


@login_required
def area_detail(request, pk):
    _require(request.user, "ledgers.view")
    area = get_object_or_404(get_problem_areas_for_user(request.user), pk=pk)
    items = get_entries_for_user(request.user).filter(problem_area=area).order_by("date", "pk")
    return render(
        request,
        "ledgers/area_detail.html",
        {
            "area": area,
            "items": items,
            "can_edit": request.user.has_perm("ledgers.manage"),
            **history_context(request.user, area),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request, pk):
    _require(request.user, "ledgers.manage")
    area = get_object_or_404(get_problem_areas_for_user(request.user), pk=pk)
    form = ProblemAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_problem_area(area, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Problem area saved."))
            return redirect("ledgers:area-detail", pk=area.pk)
    return render(
        request,
        "core/edit.html",
        {"forms": [form], "title": _("Edit problem area")},
        status=400 if form.errors else 200,
    )
