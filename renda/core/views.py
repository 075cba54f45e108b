"""Workbench pages over the core registers. Thin: access from renda.core.access,
changes through renda.core.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from renda.core import access, navigation, rulesettings, services, todo
from renda.core.forms import (
    AuditFilter,
    CalendarYearForm,
    DeputyFilter,
    DeputyForm,
    ImportForm,
    NoteForm,
    OrganisationFilter,
    OrganisationForm,
    PersonForm,
    RuleSettingForm,
)
from renda.core.history import describe_changes, history_context
from renda.core.listing import ListColumn, RecordListView
from renda.core.models import CalendarYear, Deputy, Organisation, Person
from renda.core.privacy import mask_phone
from renda.core.workdays import package_knows


def _require(user, permission, obj=None):
    if not user.has_perm(permission, obj):
        raise PermissionDenied


@login_required
def home(request):
    if not request.user.has_perm("core.use_workbench"):
        landing = navigation.landing_for(request.user)
        if landing:
            return redirect(landing)
    _require(request.user, "core.use_workbench")
    return render(request, "core/home.html", {"todo": todo.items_for(request.user)})


# --- deputies ---
def _deputy_phone(user):
    def value(deputy):
        phone = deputy.person.mobile
        return phone if user.has_perm("core.view_deputy_contact", deputy) else mask_phone(phone)

    return value


class DeputyListView(RecordListView):
    title = gettext_lazy("Deputies")
    permission = "core.view_deputy_list"
    filterset_class = DeputyFilter
    search_fields = ["person__name", "code", "occupation", "constituency"]
    export_name = "deputies"
    actions = [
        (gettext_lazy("New deputy"), "core:deputy-create", "core.change_deputy"),
        (gettext_lazy("Import from Excel"), "core:deputy-import", "core.import_records"),
    ]

    def get_queryset(self):
        return access.get_deputies_for_user(self.request.user).order_by("delegation__code", "code")

    def get(self, request):
        self.columns = [
            ListColumn(gettext_lazy("Deputy number"), lambda d: d.code, "core:deputy-detail"),
            ListColumn(gettext_lazy("Full name"), lambda d: d.person.name, "core:deputy-detail"),
            ListColumn(gettext_lazy("Gender"), lambda d: d.person.get_gender_display()),
            ListColumn(gettext_lazy("Delegation"), lambda d: d.delegation.name),
            ListColumn(gettext_lazy("Occupation and post"), lambda d: d.occupation),
            ListColumn(gettext_lazy("Sector"), lambda d: d.get_sector_display()),
            ListColumn(gettext_lazy("Mobile phone"), _deputy_phone(request.user)),
            ListColumn(gettext_lazy("Status"), lambda d: d.get_status_display()),
        ]
        return super().get(request)


@login_required
def deputy_detail(request, pk):
    deputy = get_object_or_404(access.get_deputies_for_user(request.user), pk=pk)
    context = {
        "deputy": deputy,
        "may_see_contact": request.user.has_perm("core.view_deputy_contact", deputy),
        "may_edit": request.user.has_perm("core.change_deputy"),
        **history_context(request.user, deputy, [deputy.person]),
    }
    return render(request, "core/deputy_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deputy_edit(request, pk=None):
    _require(request.user, "core.change_deputy")
    deputy = get_object_or_404(Deputy.objects.select_related("person"), pk=pk) if pk else Deputy()
    person = deputy.person if pk else Person()
    person_form = PersonForm(request.POST or None, instance=person, prefix="person")
    deputy_form = DeputyForm(request.POST or None, instance=deputy, prefix="deputy")
    note_form = NoteForm(request.POST or None)
    if request.method == "POST" and all(
        f.is_valid() for f in (person_form, deputy_form, note_form)
    ):
        try:
            deputy = services.save_deputy(
                deputy_form.instance,
                person_form.instance,
                actor=request.user,
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            deputy_form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:deputy-detail", pk=deputy.pk)
    return render(
        request,
        "core/edit.html",
        {
            "title": _("Edit deputy") if pk else _("New deputy"),
            "forms": [person_form, deputy_form, note_form],
        },
    )


# --- organisations ---
class OrganisationListView(RecordListView):
    title = gettext_lazy("Organisations and units")
    filterset_class = OrganisationFilter
    search_fields = ["name", "short_name", "code"]
    export_name = "organisations"
    columns = [
        ListColumn(gettext_lazy("Code"), lambda o: o.code, "core:organisation-detail"),
        ListColumn(gettext_lazy("Name"), lambda o: o.name, "core:organisation-detail"),
        ListColumn(gettext_lazy("Kind"), lambda o: o.get_kind_display()),
        ListColumn(gettext_lazy("Parent"), lambda o: o.parent.name if o.parent else ""),
        ListColumn(gettext_lazy("Contact person"), lambda o: o.contact_person),
        ListColumn(gettext_lazy("Contact phone"), lambda o: o.contact_phone),
    ]
    actions = [
        (gettext_lazy("New organisation"), "core:organisation-create", "core.change_organisation"),
        (gettext_lazy("Import from Excel"), "core:organisation-import", "core.import_records"),
    ]

    def get_queryset(self):
        return access.get_organisations_for_user(self.request.user).order_by("kind", "code")


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(access.get_organisations_for_user(request.user), pk=pk)
    children = access.get_organisations_for_user(request.user).filter(parent=organisation)
    context = {
        "organisation": organisation,
        "children": children,
        "may_edit": request.user.has_perm("core.change_organisation"),
        **history_context(request.user, organisation),
    }
    return render(request, "core/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk=None):
    _require(request.user, "core.change_organisation")
    organisation = get_object_or_404(Organisation, pk=pk) if pk else Organisation()
    form = OrganisationForm(request.POST or None, instance=organisation)
    note_form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and note_form.is_valid():
        try:
            organisation = services.save_record(
                form.instance, actor=request.user, note=note_form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:organisation-detail", pk=organisation.pk)
    title = _("Edit organisation") if pk else _("New organisation")
    return render(request, "core/edit.html", {"title": title, "forms": [form, note_form]})


# --- committee members ---
class MemberListView(RecordListView):
    title = gettext_lazy("Committee members")
    search_fields = ["person__name"]
    export_name = "committee-members"
    columns = [
        ListColumn(gettext_lazy("Full name"), lambda m: m.person.name),
        ListColumn(gettext_lazy("Post"), lambda m: m.get_post_display()),
        ListColumn(gettext_lazy("Term"), lambda m: str(m.term)),
        ListColumn(gettext_lazy("From"), lambda m: m.start_date),
        ListColumn(gettext_lazy("Until"), lambda m: m.end_date or ""),
    ]

    def get_queryset(self):
        return access.get_committee_members_for_user(self.request.user).order_by(
            "term", "post", "pk"
        )


# --- imports ---
@login_required
@require_http_methods(["GET", "POST"])
def import_records(request, kind):
    _require(request.user, "core.import_records")
    importer = {"deputies": services.import_deputies, "units": services.import_units}[kind]
    columns = services.DEPUTY_COLUMNS if kind == "deputies" else services.UNIT_COLUMNS
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer(form.cleaned_data["file"], actor=request.user)
        if result.ok:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
    context = {
        "form": form,
        "result": result,
        "kind": kind,
        "columns": [labels[0] for labels in columns.values()],
        "title": _("Import deputies") if kind == "deputies" else _("Import units"),
    }
    status = 400 if result is not None and not result.ok else 200
    return render(request, "core/import.html", context, status=status)


# --- settings ---
@login_required
def rule_settings(request):
    _require(request.user, "core.view_rule_settings")
    return render(
        request,
        "core/rule_settings.html",
        {
            "settings": rulesettings.all_settings(),
            "may_edit": request.user.has_perm("core.change_rule_settings"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_setting_edit(request, key):
    _require(request.user, "core.change_rule_settings")
    definition = rulesettings.DEFINITIONS.get(key)
    if definition is None:
        return render(request, "404.html", status=404)
    current = rulesettings.rule_setting(key)
    form = RuleSettingForm(request.POST or None, initial={"value": current})
    if request.method == "POST" and form.is_valid():
        try:
            rulesettings.change_rule_setting(
                key, form.cleaned_data["value"], actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error("value", exc)
        else:
            messages.success(request, _("Setting changed; it applies to new items from now on."))
            return redirect("core:rule-settings")
    return render(
        request,
        "core/rule_setting_edit.html",
        {"definition": definition, "current": current, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    _require(request.user, "core.view_rule_settings")
    may_edit = request.user.has_perm("core.change_calendar")
    form = CalendarYearForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.enter_calendar_year(
                        form.cleaned_data["year"],
                        holidays=form.cleaned_data["holidays"],
                        workdays=form.cleaned_data["workdays"],
                        actor=request.user,
                        note=form.cleaned_data["note"],
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Calendar year saved."))
                return redirect("core:calendar")
    years = list(CalendarYear.objects.all())
    known = [y for y in range(2004, 2031) if package_knows(y)]
    context = {
        "form": form,
        "entered_years": years,
        "package_years": f"{known[0]}–{known[-1]}" if known else "",
    }
    return render(
        request,
        "core/calendar.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


# --- audit ---
class AuditListView(RecordListView):
    title = gettext_lazy("Audit log")
    permission = "core.view_audit_log"
    filterset_class = AuditFilter
    search_fields = ["target_repr", "note", "verb"]
    export_name = "audit-log"
    columns = [
        ListColumn(gettext_lazy("Time"), lambda e: e.created_at),
        ListColumn(gettext_lazy("Actor"), lambda e: e.actor_name),
        ListColumn(gettext_lazy("Action"), lambda e: e.verb),
        ListColumn(gettext_lazy("Record"), lambda e: f"{e.target_type.name}: {e.target_repr}"),
        ListColumn(gettext_lazy("Changes"), describe_changes),
        ListColumn(gettext_lazy("Note"), lambda e: e.note),
    ]

    def get_queryset(self):
        return access.get_audit_entries_for_user(self.request.user)
