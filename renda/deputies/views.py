"""Workbench pages of the deputies' network: places, reception days, duty activities,
duty records (R80), coverage (R80, R81) and absences from the congress (R82). Thin:
access from access.py, changes through services.py, figures from records.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.forms import add_service_errors
from renda.core.history import audit_entries_for_user
from renda.core.listing import ListColumn, RecordListView
from renda.core.models import Deputy, Term
from renda.deputies import access, records, services
from renda.deputies.forms import (
    AbsenceFilter,
    AbsenceForm,
    ActivityFilter,
    ActivityForm,
    AttachForm,
    CancelForm,
    HeldForm,
    PlaceFilter,
    PlaceForm,
    ReceptionDayFilter,
    ReceptionDayForm,
)
from renda.deputies.models import Place, ReceptionDay
from renda.handling.workflow import InvalidTransition

RECENT = 30


def _require(user, permission, obj=None):
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def _error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _deputy_names(deputies) -> str:
    return "、".join(d.person.name for d in deputies)


# --- places ------------------------------------------------------------------------------
class PlaceListView(RecordListView):
    title = gettext_lazy("Places of the deputies' network")
    permission = "deputies.view_network"
    filterset_class = PlaceFilter
    search_fields = ["name", "code", "address", "township__name", "industrial_chain"]
    export_name = "network-places"
    actions = [(gettext_lazy("New place"), "deputies:place-create", "deputies.manage_network")]
    columns = [
        ListColumn(gettext_lazy("Code"), lambda p: p.code, "deputies:place-detail"),
        ListColumn(gettext_lazy("Name"), lambda p: p.name, "deputies:place-detail"),
        ListColumn(gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        ListColumn(
            gettext_lazy("District or county"), lambda p: p.district.name if p.district else ""
        ),
        ListColumn(
            gettext_lazy("Township or subdistrict"), lambda p: p.township.name if p.township else ""
        ),
        ListColumn(gettext_lazy("Industrial chain"), lambda p: p.industrial_chain),
        ListColumn(gettext_lazy("Deputies"), lambda p: p.deputy_count),
        ListColumn(gettext_lazy("Contact person"), lambda p: p.contact_person),
        ListColumn(gettext_lazy("Active"), lambda p: _("yes") if p.is_active else _("no")),
    ]

    def get_queryset(self):
        return (
            access.get_places_for_user(self.request.user)
            .annotate(deputy_count=Count("deputies"))
            .order_by("kind", "code")
        )


def _place_for(user, pk) -> Place:
    return get_object_or_404(access.get_places_for_user(user), pk=pk)


def _place_page(request, place, *, attach_form=None, status=200):
    user = request.user
    manage = user.has_perm("deputies.manage_network")
    days = (
        place.reception_days.prefetch_related("deputies__person")
        .annotate(opinion_count=Count("opinions"))
        .order_by("-date")[:RECENT]
    )
    activities = place.activities.prefetch_related("deputies__person").order_by("-date", "-pk")[
        :RECENT
    ]
    context = {
        "place": place,
        "deputies": place.deputies.select_related("person", "delegation").order_by("code"),
        "days": days,
        "activities": activities if user.has_perm("deputies.view_activities") else None,
        "may_manage": manage,
        "attach_form": (attach_form or AttachForm(place=place)) if manage else None,
        "audit_entries": audit_entries_for_user(user, place),
    }
    return render(request, "deputies/place_detail.html", context, status=status)


@login_required
def place_detail(request, pk):
    _require(request.user, "deputies.view_network")
    return _place_page(request, _place_for(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request, pk=None):
    _require(request.user, "deputies.manage_network")
    place = _place_for(request.user, pk) if pk else Place()
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.save_place(form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("deputies:place-detail", pk=place.pk)
    title = _("Edit place") if pk else _("New place")
    return render(
        request,
        "core/edit.html",
        {"title": title, "forms": [form]},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def place_deputies(request, pk):
    """Attach deputies to a place, or detach one (``detach`` = the deputy's id)."""
    _require(request.user, "deputies.manage_network")
    place = _place_for(request.user, pk)
    detach = request.POST.get("detach")
    if detach:
        deputy = place.deputies.filter(pk=detach if detach.isdigit() else 0).first()
        if deputy is None:
            messages.error(request, _("This deputy is not attached to the place."))
        else:
            services.detach_deputy(place, deputy, actor=request.user)
            messages.success(request, _("Detached: %(name)s.") % {"name": deputy.person.name})
        return redirect("deputies:place-detail", pk=place.pk)
    form = AttachForm(request.POST, place=place)
    if form.is_valid():
        try:
            services.attach_deputies(
                place,
                form.cleaned_data["deputies"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Deputies attached."))
            return redirect("deputies:place-detail", pk=place.pk)
    return _place_page(request, place, attach_form=form, status=400)


# --- reception days ----------------------------------------------------------------------
class ReceptionDayListView(RecordListView):
    title = gettext_lazy("Reception days")
    permission = "deputies.view_network"
    filterset_class = ReceptionDayFilter
    search_fields = ["place__name", "place__code", "deputies__person__name"]
    export_name = "reception-days"
    columns = [
        ListColumn(gettext_lazy("Date"), lambda d: d.date, "deputies:reception-day-detail"),
        ListColumn(gettext_lazy("Place"), lambda d: d.place.name, "deputies:reception-day-detail"),
        ListColumn(
            gettext_lazy("District or county"),
            lambda d: d.place.district.name if d.place.district else "",
        ),
        ListColumn(gettext_lazy("Deputies on duty"), lambda d: _deputy_names(d.deputies.all())),
        ListColumn(gettext_lazy("State"), lambda d: d.get_state_display()),
        ListColumn(
            gettext_lazy("Visitors received"),
            lambda d: d.visitors if d.visitors is not None else "",
        ),
    ]

    def get_queryset(self):
        qs = (
            access.get_reception_days_for_user(self.request.user)
            .select_related("place__district")
            .prefetch_related(
                Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
            )
            .order_by("-date", "place__code", "pk")
        )
        if self.request.GET.get("q"):
            qs = qs.distinct()  # searching deputies' names joins the day once per deputy
        return qs


def _day_for(user, pk) -> ReceptionDay:
    return get_object_or_404(
        access.get_reception_days_for_user(user).select_related("place__district"), pk=pk
    )


DAY_ACTIONS = {
    "held": (gettext_lazy("Record as held"), HeldForm),
    "cancel": (gettext_lazy("Cancel the reception day"), CancelForm),
}


def _day_page(request, day, *, bound=None, status=200):
    user = request.user
    forms = {}
    if user.has_perm("deputies.manage_network") and day.state == ReceptionDay.State.SCHEDULED:
        for name, (label, form_class) in DAY_ACTIONS.items():
            if bound is not None and bound.prefix == name:
                forms[name] = (label, bound)
            else:
                kwargs = {"day": day} if form_class is HeldForm else {}
                forms[name] = (label, form_class(prefix=name, **kwargs))
    context = {
        "day": day,
        "deputies": day.deputies.select_related("person", "delegation").order_by("code"),
        "activities": day.activities.all() if user.has_perm("deputies.view_activities") else None,
        "opinion_count": day.opinions.count(),
        "forms": forms,
        "audit_entries": audit_entries_for_user(user, day),
    }
    return render(request, "deputies/reception_day_detail.html", context, status=status)


@login_required
def reception_day_detail(request, pk):
    _require(request.user, "deputies.view_network")
    return _day_page(request, _day_for(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def reception_day_create(request, pk):
    _require(request.user, "deputies.manage_network")
    place = _place_for(request.user, pk)
    form = ReceptionDayForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.schedule_reception_day(
                place,
                date=data["date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                deputies=data["deputies"],
                notes=data["notes"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reception day scheduled."))
            return redirect("deputies:reception-day-detail", pk=day.pk)
    title = _("Schedule a reception day at %(place)s") % {"place": place.name}
    return render(
        request,
        "core/edit.html",
        {"title": title, "forms": [form]},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reception_day_act(request, pk, action):
    if not request.user.has_perm("deputies.manage_network") or action not in DAY_ACTIONS:
        raise PermissionDenied
    day = _day_for(request.user, pk)
    label, form_class = DAY_ACTIONS[action]
    kwargs = {"day": day} if form_class is HeldForm else {}
    form = form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "held":
                services.record_reception_held(
                    day,
                    visitors=data["visitors"],
                    notes=data["notes"],
                    deputies=data["deputies"],
                    actor=request.user,
                )
            else:
                services.cancel_reception_day(day, reason=data["reason"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("deputies:reception-day-detail", pk=day.pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            return redirect("deputies:reception-day-detail", pk=day.pk)
    return _day_page(request, day, bound=form, status=400)


# --- duty activities ---------------------------------------------------------------------
class ActivityListView(RecordListView):
    title = gettext_lazy("Duty activities")
    permission = "deputies.view_activities"
    filterset_class = ActivityFilter
    search_fields = ["title", "place__name"]
    export_name = "duty-activities"
    actions = [
        (gettext_lazy("Record an activity"), "deputies:activity-create", "deputies.record_activity")
    ]
    columns = [
        ListColumn(gettext_lazy("Date"), lambda a: a.date),
        ListColumn(gettext_lazy("Kind"), lambda a: a.get_kind_display()),
        ListColumn(gettext_lazy("Title"), lambda a: a.title),
        ListColumn(gettext_lazy("Place"), lambda a: a.place.name if a.place else ""),
        ListColumn(gettext_lazy("Deputies"), lambda a: _deputy_names(a.deputies.all())),
    ]

    def get_queryset(self):
        return (
            access.get_activities_for_user(self.request.user)
            .prefetch_related(
                Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
            )
            .order_by("-date", "-pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    _require(request.user, "deputies.record_activity")
    for_others = request.user.has_perm("deputies.manage_network")
    own = access.own_mandates(request.user).first()
    if not for_others and own is None:
        raise PermissionDenied
    form = ActivityForm(request.POST or None, for_others=for_others)
    if request.method == "POST" and form.is_valid():
        deputies = form.cleaned_data["deputies"] if for_others else [own]
        try:
            services.record_activity(form.instance, deputies=deputies, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            if not for_others:
                return redirect("deputies:my-record")
            return redirect("deputies:activity-list")
    return render(
        request,
        "core/edit.html",
        {"title": _("Record a duty activity"), "forms": [form]},
        status=400 if form.errors else 200,
    )


# --- duty records, coverage --------------------------------------------------------------
def _record_page(request, deputy):
    record = records.duty_record(deputy)
    context = {
        "record": record,
        "deputy": deputy,
        "may_record": request.user.has_perm("deputies.record_activity"),
        "may_see_coverage": request.user.has_perm("deputies.view_coverage"),
    }
    return render(request, "deputies/duty_record.html", context)


@login_required
def duty_record(request, pk):
    deputy = get_object_or_404(access.get_record_deputies_for_user(request.user), pk=pk)
    _require(request.user, "deputies.view_duty_record", deputy)
    return _record_page(request, deputy)


@login_required
def my_record(request):
    _require(request.user, "deputies.view_own_duty_record")
    deputy = access.own_mandates(request.user).first()
    if deputy is None:
        raise Http404
    return _record_page(request, deputy)


@login_required
def coverage(request):
    _require(request.user, "deputies.view_coverage")
    terms = list(Term.objects.order_by("-number"))
    chosen = request.GET.get("term", "")
    term = next((t for t in terms if str(t.number) == chosen), None)
    if term is None:
        term = next(iter(terms), None)
    result = records.term_coverage(term) if term is not None else None
    return render(
        request, "deputies/coverage.html", {"terms": terms, "term": term, "coverage": result}
    )


# --- R82: absences -----------------------------------------------------------------------
class AbsenceListView(RecordListView):
    title = gettext_lazy("Absences from the congress")
    permission = "deputies.view_absences"
    filterset_class = AbsenceFilter
    search_fields = ["deputy__person__name", "deputy__code"]
    export_name = "congress-absences"
    actions = [
        (gettext_lazy("Record an absence"), "deputies:absence-create", "deputies.record_absence"),
        (gettext_lazy("Deputies flagged (R82)"), "deputies:flagged-list", "deputies.view_absences"),
    ]
    columns = [
        ListColumn(gettext_lazy("Deputy"), lambda a: a.deputy.person.name),
        ListColumn(gettext_lazy("Delegation"), lambda a: a.deputy.delegation.name),
        ListColumn(gettext_lazy("Congress session"), lambda a: str(a.session)),
        ListColumn(
            gettext_lazy("Leave approved"), lambda a: _("yes") if a.approved_leave else _("no")
        ),
        ListColumn(gettext_lazy("Reason"), lambda a: a.reason),
    ]

    def get_queryset(self):
        return access.get_absences_for_user(self.request.user).order_by(
            "-session__start_date", "deputy__code", "pk"
        )


class FlaggedListView(RecordListView):
    title = gettext_lazy("Deputies absent twice without approval (R82)")
    permission = "deputies.view_absences"
    search_fields = ["person__name", "code"]
    export_name = "deputies-flagged"
    columns = [
        ListColumn(gettext_lazy("Deputy number"), lambda d: d.code, "deputies:duty-record"),
        ListColumn(gettext_lazy("Full name"), lambda d: d.person.name, "deputies:duty-record"),
        ListColumn(gettext_lazy("Delegation"), lambda d: d.delegation.name),
        ListColumn(gettext_lazy("Term"), lambda d: str(d.term)),
        ListColumn(gettext_lazy("Absences without approval"), lambda d: d.unapproved),
        ListColumn(gettext_lazy("Status"), lambda d: d.get_status_display()),
    ]

    def get_queryset(self):
        if not self.request.user.has_perm("deputies.view_absences"):
            return Deputy.objects.none()
        return records.flagged_deputies()


@login_required
@require_http_methods(["GET", "POST"])
def absence_create(request):
    _require(request.user, "deputies.record_absence")
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence = services.record_absence(
                data["deputy"],
                data["session"],
                approved_leave=data["approved_leave"],
                reason=data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Absence recorded."))
            if records.flagged_deputies().filter(pk=absence.deputy_id).exists():
                messages.warning(
                    request,
                    _(
                        "%(name)s has been absent twice without approval from the congress: "
                        "the committee must decide on the mandate (R82)."
                    )
                    % {"name": absence.deputy.person.name},
                )
            return redirect("deputies:absence-list")
    return render(
        request,
        "core/edit.html",
        {"title": _("Record an absence from the congress"), "forms": [form]},
        status=400 if form.errors else 200,
    )
