"""Workbench pages for public opinions: the list (with Chinese full-text search), an
opinion with its routing, similar items and callback, staff intake, hot topics, and
the one export that carries personal data unmasked (R91)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import audit
from renda.core.access import get_organisations_for_user
from renda.core.forms import add_service_errors
from renda.core.listing import ListColumn, RecordListView
from renda.core.models import Deputy, Organisation
from renda.core.spreadsheets import Column, xlsx_response
from renda.deputies.access import own_mandates
from renda.handling.models import Case
from renda.handling.workflow import InvalidTransition
from renda.opinions import hot_topics, services
from renda.opinions.access import get_opinions_for_user, personal_data, sees_personal_data
from renda.opinions.forms import (
    AssignForm,
    ExportForm,
    IntakeForm,
    MergeForm,
    NoteForm,
    OpinionFilter,
)
from renda.opinions.models import Channel, OpinionPhoto, PublicOpinion
from renda.opinions.search import newest_matches, search_opinions, similar_opinions

EXPORT_LIMIT = 50_000


def _masked(field):
    return lambda o: personal_data(o, unmasked=False)[field]


COLUMNS = [
    ListColumn(gettext_lazy("Tracking code"), lambda o: o.tracking_code, "opinions:detail"),
    ListColumn(gettext_lazy("Title"), lambda o: o.case.title, "opinions:detail"),
    ListColumn(gettext_lazy("Category"), lambda o: o.get_category_display()),
    ListColumn(gettext_lazy("District"), lambda o: o.district.name if o.district else ""),
    ListColumn(gettext_lazy("Submitted through"), lambda o: o.get_channel_display()),
    ListColumn(gettext_lazy("Submitted"), lambda o: o.submitted_at.strftime("%Y-%m-%d")),
    ListColumn(gettext_lazy("Handling"), lambda o: o.case.get_state_display()),
    ListColumn(gettext_lazy("Routing"), lambda o: o.get_routing_display()),
    ListColumn(gettext_lazy("Submitter"), _masked("submitter_name")),
    ListColumn(gettext_lazy("Phone"), _masked("submitter_phone")),
]


class OpinionListView(RecordListView):
    title = gettext_lazy("Public opinions")
    permission = "opinions.view_list"
    filterset_class = OpinionFilter
    search_fields = ["text"]  # searched through the full-text index, see search()
    export_name = "public-opinions"
    columns = COLUMNS
    count_limit = 10_000  # a common word matches a fifth of a million opinions
    search_count_limit = 1_000
    actions = [
        (gettext_lazy("Enter an opinion"), "opinions:create", "opinions.enter"),
        (gettext_lazy("Hot topics"), "opinions:hot-topics", "opinions.view_hot_topics"),
    ]

    def get_queryset(self):
        return get_opinions_for_user(self.request.user).order_by("-submitted_at", "-id")

    def search(self, queryset, query):
        return search_opinions(queryset, query, newest=newest_matches(self.request.GET))


def opinion_for(user, pk) -> PublicOpinion:
    return get_object_or_404(
        get_opinions_for_user(user).select_related(
            "forwarded_by__person", "reception_day", "merged_into", "escalated_to"
        ),
        pk=pk,
    )


def _detail(request, opinion, forms=None, status=200):
    user = request.user
    forms = forms or {}
    case = opinion.case
    routable = user.has_perm("opinions.route") and not opinion.merged_into_id
    assignable = routable and case.state in {Case.State.REGISTERED, Case.State.RETURNED}
    mergeable = routable and case.state in {Case.State.REGISTERED, Case.State.RETURNED}
    if assignable and "assign" not in forms:
        forms["assign"] = AssignForm(
            prefix="assign",
            initial={"lead_unit": opinion.suggested_unit_id, "is_complex": case.is_difficult},
        )
    if mergeable and "merge" not in forms:
        forms["merge"] = MergeForm(prefix="merge")
    can_callback = user.has_perm("opinions.callback") and sees_personal_data(user, opinion)
    if can_callback and case.state in {Case.State.REPLIED, Case.State.COMPLETED}:
        forms.setdefault("callback", NoteForm(prefix="callback"))
    context = {
        "opinion": opinion,
        "case": case,
        "personal": personal_data(opinion, unmasked=sees_personal_data(user, opinion)),
        "unmasked": sees_personal_data(user, opinion),
        "photos": list(opinion.photos.all()),
        "forms": forms,
        "similar": similar_opinions(opinion) if routable else [],
        "can_escalate": user.has_perm("opinions.escalate") and not opinion.escalated_to_id,
        "replies": list(case.replies.select_related("assignment__unit").order_by("round")),
        "audit_entries": list(audit.entries_for(opinion)[:50])
        if user.has_perm("core.view_history")
        else None,
    }
    return render(request, "opinions/detail.html", context, status=status)


@login_required
def detail(request, pk):
    if not request.user.has_perm("opinions.view_list"):
        raise PermissionDenied
    return _detail(request, opinion_for(request.user, pk))


def _run_assign(opinion, data, user):
    services.assign_opinion(
        opinion,
        lead_unit=data["lead_unit"],
        assisting_units=data["assisting_units"],
        is_complex=data["is_complex"],
        complexity_reason=data["complexity_reason"],
        note=data["note"],
        actor=user,
    )


def _run_merge(opinion, data, user):
    into = services.opinion_for_code(data["into"])
    if into is None:
        raise ValidationError({"into": _("No opinion has this tracking code.")})
    services.merge_opinion(opinion, into=into, actor=user, note=data["note"])


ACTIONS = {
    "assign": ("opinions.route", AssignForm, _run_assign),
    "merge": ("opinions.route", MergeForm, _run_merge),
    "callback": (
        "opinions.callback",
        NoteForm,
        lambda o, d, u: services.record_callback(o, note=d["note"], actor=u),
    ),
}


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS or not request.user.has_perm(ACTIONS[action][0]):
        raise PermissionDenied
    opinion = opinion_for(request.user, pk)
    if action == "callback" and not sees_personal_data(request.user, opinion):
        raise PermissionDenied
    _perm, form_class, run = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            run(opinion, form.cleaned_data, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("opinions:detail", pk=opinion.pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("opinions:detail", pk=opinion.pk)
    return _detail(request, opinion_for(request.user, pk), {action: form}, status=400)


@login_required
@require_POST
def escalate(request, pk):
    if not request.user.has_perm("opinions.escalate"):
        raise PermissionDenied
    opinion = opinion_for(request.user, pk)
    try:
        opinion = services.escalate_to_suggestion(opinion, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("opinions:detail", pk=opinion.pk)
    messages.success(request, _("A draft suggestion was made from the opinion; complete it."))
    return redirect("suggestions:edit", pk=opinion.escalated_to_id)


def _own_mandate(user) -> Deputy | None:
    return own_mandates(user).filter(status=Deputy.Status.ACTIVE).first()


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Staff entering what was raised at a station, or a deputy forwarding an opinion."""
    if not request.user.has_perm("opinions.enter"):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mandate = _own_mandate(request.user)
        is_staff = request.user.has_perm("opinions.route")
        try:
            opinion, _created = services.submit_opinion(
                text=data["text"],
                category=data["category"],
                channel=Channel.STATION if is_staff or mandate is None else Channel.DEPUTY,
                district=data["district"],
                location=data["location"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photos=data["photos"],
                submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"],
                submitter_address=data["submitter_address"],
                submitter_id_number=data["submitter_id_number"],
                client_token=data["client_token"] or None,
                station=data["station"],
                forwarded_by=None if is_staff else mandate,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Registered with tracking code %(code)s.") % {"code": opinion.tracking_code},
            )
            return redirect("opinions:detail", pk=opinion.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "opinions/create.html", {"form": form}, status=status)


@login_required
def photo(request, pk):
    item = get_object_or_404(OpinionPhoto.objects.select_related("opinion"), pk=pk)
    if not request.user.has_perm("opinions.view_list"):
        raise PermissionDenied
    if not get_opinions_for_user(request.user).filter(pk=item.opinion_id).exists():
        raise Http404
    try:
        return FileResponse(item.file.open("rb"), filename=item.name)
    except FileNotFoundError as exc:
        raise Http404 from exc


@login_required
def hot_topics_page(request):
    if not request.user.has_perm("opinions.view_hot_topics"):
        raise PermissionDenied
    districts = get_organisations_for_user(request.user).filter(kind=Organisation.Kind.DISTRICT)
    district_id = request.GET.get("district")
    district_id = int(district_id) if district_id and district_id.isdigit() else None
    weeks = request.GET.get("weeks", "8")
    weeks = min(max(int(weeks), 2), 26) if weeks.isdigit() else 8
    context = {
        "districts": districts,
        "district_id": district_id,
        "weeks": weeks,
        "topics": hot_topics.hot_topics(weeks=weeks, district_id=district_id),
    }
    return render(request, "opinions/hot_topics.html", context)


@login_required
@require_POST
def export_personal(request):
    """R91: the unmasked export, with its reason recorded before a byte leaves."""
    if not request.user.has_perm("opinions.export_personal_data"):
        raise PermissionDenied
    form = ExportForm(request.POST)
    queryset = get_opinions_for_user(request.user).order_by("-submitted_at", "-id")
    filterset = OpinionFilter(request.GET, queryset=queryset, request=request)
    queryset = filterset.qs if filterset.is_valid() else queryset.none()
    queryset = queryset[:EXPORT_LIMIT]
    if not form.is_valid():
        messages.error(request, _("Give the reason for exporting personal data."))
        return redirect("opinions:list")
    try:
        services.record_unmasked_export(
            request.user,
            reason=form.cleaned_data["reason"],
            count=queryset.count(),
            filters=request.GET.urlencode(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("opinions:list")
    columns = [Column(c.header, c.value) for c in COLUMNS[:-2]] + [
        Column(_("Submitter"), lambda o: o.submitter_name),
        Column(_("Phone"), lambda o: o.submitter_phone),
        Column(_("Email"), lambda o: o.submitter_email),
        Column(_("ID number"), lambda o: o.submitter_id_number),
        Column(_("Address"), lambda o: o.submitter_address),
    ]
    return xlsx_response("public-opinions-personal", columns, queryset.iterator(chunk_size=2000))
