"""Pages for appointment and removal bills, the appointments list (with who is still to
take the oath), certificates and oath ceremonies. The office prepares; leaders and
members view. Every change goes through renda.personnel.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import audit, clock
from renda.core.forms import add_service_errors
from renda.core.listing import ListColumn, RecordListView
from renda.handling.workflow import InvalidTransition
from renda.personnel import services
from renda.personnel.access import get_bills_for_user, get_ceremonies_for_user, get_items_for_user
from renda.personnel.documents import certificate_response
from renda.personnel.forms import (
    BillFilter,
    BillForm,
    CeremonyForm,
    DateForm,
    EmptyForm,
    ItemFilter,
    ItemForm,
    StatementForm,
    VoteForm,
)
from renda.personnel.models import AppointmentItem
from renda.personnel.workflow import OPEN_STATES, can_move

S = AppointmentItem.State


class _ListView(RecordListView):
    def search(self, queryset, query):
        # PostgreSQL refuses NUL in text parameters (a 500); nothing stored contains one
        return super().search(queryset, query.replace("\x00", ""))


class BillListView(_ListView):
    title = gettext_lazy("Appointment and removal bills")
    permission = "personnel.view"
    filterset_class = BillFilter
    search_fields = ["title"]
    export_name = "appointment-bills"
    actions = [(gettext_lazy("New bill"), "personnel:bill-create", "personnel.manage")]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda b: b.title, "personnel:bill-detail"),
        ListColumn(gettext_lazy("Nominated by"), lambda b: b.get_nominator_display()),
        ListColumn(gettext_lazy("Submitted on"), lambda b: b.submitted_on),
        ListColumn(gettext_lazy("Session"), lambda b: str(b.session) if b.session else "—"),
    ]

    def get_queryset(self):
        return get_bills_for_user(self.request.user).order_by("-submitted_on", "-pk")


def _result(item: AppointmentItem) -> str:
    """What a list may say about an item: appointed or removed only after the vote
    passed (R70)."""
    return str(S(item.state).label)


class ItemListView(_ListView):
    title = gettext_lazy("Appointments and removals")
    permission = "personnel.view"
    filterset_class = ItemFilter
    search_fields = ["person__name", "post"]
    export_name = "appointments"
    columns = [
        ListColumn(gettext_lazy("Name"), lambda i: i.person.name),
        ListColumn(gettext_lazy("Action"), lambda i: i.get_action_display()),
        ListColumn(gettext_lazy("Post"), lambda i: i.post),
        ListColumn(gettext_lazy("Bill"), lambda i: i.bill.title),
        ListColumn(gettext_lazy("State"), _result),
        ListColumn(gettext_lazy("Decided on"), lambda i: i.decided_on or "—"),
        ListColumn(
            gettext_lazy("Oath"),
            lambda i: (
                _("sworn") if i.state == S.SWORN else (_("pending") if i.oath_pending else "—")
            ),
        ),
    ]

    def get_queryset(self):
        return get_items_for_user(self.request.user).order_by(
            "-bill__submitted_on", "bill_id", "position"
        )


class CeremonyListView(_ListView):
    title = gettext_lazy("Constitutional oath ceremonies")
    permission = "personnel.view"
    search_fields = ["place"]
    export_name = "oath-ceremonies"
    actions = [(gettext_lazy("Record a ceremony"), "personnel:ceremony-create", "personnel.manage")]
    columns = [
        ListColumn(gettext_lazy("Date"), lambda c: c.held_on, "personnel:ceremony-detail"),
        ListColumn(gettext_lazy("Place"), lambda c: c.place, "personnel:ceremony-detail"),
        ListColumn(gettext_lazy("Organiser"), lambda c: c.get_organiser_display()),
        ListColumn(gettext_lazy("People sworn"), lambda c: c.sworn_count),
    ]

    def get_queryset(self):
        from django.db.models import Count

        return (
            get_ceremonies_for_user(self.request.user)
            .annotate(sworn_count=Count("oath_takings"))
            .order_by("-held_on", "-pk")
        )


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def bill_create(request):
    _require(request.user, "personnel.manage")
    form = BillForm(request.POST or None, initial={"submitted_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            bill = services.create_bill(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bill recorded; now add the people on its list."))
            return redirect("personnel:bill-detail", pk=bill.pk)
    return render(
        request,
        "core/edit.html",
        {"forms": [form], "title": _("New appointment and removal bill")},
        status=400 if form.errors else 200,
    )


BILL_ACTIONS = {
    "add-item": (gettext_lazy("Add a person"), ItemForm),
    "deliberate": (gettext_lazy("Record the deliberation"), DateForm),
    "put-to-vote": (gettext_lazy("Put to the vote"), VoteForm),
    "conclude": (gettext_lazy("Close the vote and record the result"), EmptyForm),
}
ITEM_ACTIONS = {
    "statement": (gettext_lazy("Record the nominee's statement"), StatementForm),
    "certificate": (gettext_lazy("Issue the certificate"), DateForm),
    "withdraw": (gettext_lazy("Withdraw"), EmptyForm),
}


def _run_bill_action(bill, action, data, user):
    if action == "add-item":
        return services.add_item(bill, actor=user, **data)
    if action == "deliberate":
        return services.deliberate(bill, on=data["on"], note=data.get("note", ""), actor=user)
    if action == "put-to-vote":
        return services.put_to_vote(bill, held_on=data["held_on"], actor=user)
    return services.conclude_vote(bill, actor=user)


def _run_item_action(item, action, data, user):
    if action == "statement":
        return services.record_statement(
            item, on=data["on"], summary=data.get("summary", ""), actor=user
        )
    if action == "certificate":
        return services.issue_certificate(item, on=data["on"], actor=user)
    return services.withdraw_item(item, actor=user)


def _available_bill_actions(items) -> list[str]:
    states = {i.state for i in items}
    names = []
    if not states - OPEN_STATES - {S.WITHDRAWN}:
        names.append("add-item")
    if S.NOMINATED in states:
        names.append("deliberate")
    if states & OPEN_STATES and not (states & {S.NOMINATED}):
        names.append("put-to-vote")
    if S.VOTING in states:
        names.append("conclude")
    return names


def _item_actions(item) -> list[str]:
    names = []
    if can_move(item, S.STATEMENT_MADE):
        names.append("statement")
    if can_move(item, S.CERTIFIED):
        names.append("certificate")
    if can_move(item, S.WITHDRAWN):
        names.append("withdraw")
    return names


def _bill_detail(request, bill, bound=None, status=200):
    items = list(bill.items.select_related("person", "ballot", "organisation"))
    manage = request.user.has_perm("personnel.manage")
    initial = {"on": clock.today(), "held_on": clock.today()}
    bill_forms = []
    if manage:
        for name in _available_bill_actions(items):
            label, form_class = BILL_ACTIONS[name]
            form = bound if bound is not None and bound.prefix == name else None
            bill_forms.append((name, label, form or form_class(prefix=name, initial=initial)))
    rows = []
    for item in items:
        forms = []
        if manage:
            for name in _item_actions(item):
                label, form_class = ITEM_ACTIONS[name]
                prefix = f"{name}-{item.pk}"
                form = bound if bound is not None and bound.prefix == prefix else None
                forms.append((name, label, form or form_class(prefix=prefix, initial=initial)))
        rows.append((item, forms))
    context = {
        "bill": bill,
        "rows": rows,
        "bill_forms": bill_forms,
        "audit_entries": list(audit.entries_for(bill)[:50])
        if request.user.has_perm("core.view_history")
        else None,
    }
    return render(request, "personnel/bill_detail.html", context, status=status)


def _bill_for(user, pk):
    return get_object_or_404(get_bills_for_user(user), pk=pk)


@login_required
def bill_detail(request, pk):
    _require(request.user, "personnel.view")
    return _bill_detail(request, _bill_for(request.user, pk))


@login_required
@require_POST
def bill_act(request, pk, action):
    _require(request.user, "personnel.manage")
    if action not in BILL_ACTIONS:
        raise Http404
    bill = _bill_for(request.user, pk)
    label, form_class = BILL_ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            _run_bill_action(bill, action, dict(form.cleaned_data), request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("personnel:bill-detail", pk=bill.pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect("personnel:bill-detail", pk=bill.pk)
    return _bill_detail(request, bill, bound=form, status=400)


@login_required
@require_POST
def item_act(request, pk, action):
    _require(request.user, "personnel.manage")
    if action not in ITEM_ACTIONS:
        raise Http404
    item = get_object_or_404(get_items_for_user(request.user), pk=pk)
    label, form_class = ITEM_ACTIONS[action]
    form = form_class(request.POST, prefix=f"{action}-{item.pk}")
    if form.is_valid():
        try:
            _run_item_action(item, action, dict(form.cleaned_data), request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("personnel:bill-detail", pk=item.bill_id)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect("personnel:bill-detail", pk=item.bill_id)
    return _bill_detail(request, item.bill, bound=form, status=400)


@login_required
def item_certificate(request, pk):
    _require(request.user, "personnel.view")
    item = get_object_or_404(
        get_items_for_user(request.user).filter(state__in=[S.CERTIFIED, S.SWORN]), pk=pk
    )
    return certificate_response(item)


@login_required
@require_http_methods(["GET", "POST"])
def ceremony_create(request):
    _require(request.user, "personnel.manage")
    form = CeremonyForm(request.POST or None, initial={"held_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            ceremony = services.record_ceremony(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ceremony recorded."))
            return redirect("personnel:ceremony-detail", pk=ceremony.pk)
    return render(
        request,
        "core/edit.html",
        {"forms": [form], "title": _("Record a constitutional oath ceremony")},
        status=400 if form.errors else 200,
    )


@login_required
def ceremony_detail(request, pk):
    _require(request.user, "personnel.view")
    ceremony = get_object_or_404(get_ceremonies_for_user(request.user), pk=pk)
    takings = ceremony.oath_takings.select_related("item__person", "item__bill").order_by(
        "item__bill__submitted_on", "item__position"
    )
    return render(
        request,
        "personnel/ceremony_detail.html",
        {
            "ceremony": ceremony,
            "takings": takings,
            "audit_entries": list(audit.entries_for(ceremony)[:50])
            if request.user.has_perm("core.view_history")
            else None,
        },
    )
