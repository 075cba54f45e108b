"""Staff pages of consultations: the list, a new consultation, one consultation (its
text with per-provision comment counts, the comments by provision, the actions the
user may take now, its history), the summary report (.docx); the contact points and
a contact point's own page for the comments gathered in its area. Thin: access from
access.py, changes through services.py."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.consultations import forms, services
from renda.consultations import provisions as P
from renda.consultations.access import (
    get_comments_for_user,
    get_consultations_for_user,
    get_contact_points_for_user,
    open_for_point,
)
from renda.consultations.documents import summary_response
from renda.consultations.models import Adoption, Channel, Comment, Consultation, ContactPoint
from renda.core import roles as R
from renda.core.actions import Action, action_forms, run_action
from renda.core.editing import edit_page
from renda.core.forms import add_service_errors
from renda.core.history import audit_entries_for_user
from renda.core.listing import ListColumn, RecordListView
from renda.handling.workflow import InvalidTransition
from renda.legislation.structure import article_lines

S = Consultation.State
VIEW, MANAGE = "consultations.view_list", "consultations.manage"
VIEW_POINTS, MANAGE_POINTS = (
    "consultations.view_contact_points",
    "consultations.manage_contact_points",
)
ADOPTED = Q(comments__adoption__decision=Adoption.Decision.ADOPTED)


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


# --- consultations ---------------------------------------------------------------------------
class ConsultationListView(RecordListView):
    title = gettext_lazy("Calls for comments")
    permission = VIEW
    filterset_class = forms.ConsultationFilter
    search_fields = ["title", "version__legal_text__title"]
    export_name = "consultations"
    actions = [(gettext_lazy("New consultation"), "consultations:create", MANAGE)]
    columns = [
        ListColumn(gettext_lazy("Title"), lambda c: c.title, "consultations:detail"),
        ListColumn(gettext_lazy("Text"), lambda c: str(c.version)),
        ListColumn(gettext_lazy("State"), lambda c: c.get_state_display()),
        ListColumn(gettext_lazy("Opens on"), lambda c: c.opens_on),
        ListColumn(gettext_lazy("Closes on"), lambda c: c.closes_on),
        ListColumn(gettext_lazy("Channels"), lambda c: "、".join(c.channel_labels())),
        ListColumn(gettext_lazy("Comments"), lambda c: c.comment_count),
        ListColumn(gettext_lazy("Adopted"), lambda c: c.adopted_count),
    ]

    def get_queryset(self):
        return (
            get_consultations_for_user(self.request.user)
            .annotate(
                comment_count=Count("comments", distinct=True),
                adopted_count=Count("comments", filter=ADOPTED, distinct=True),
            )
            .order_by("-opens_on", "-pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    _require(request.user, MANAGE)
    initial = {}
    raw = request.GET.get("version", "")
    if raw.isdigit() and len(raw) < 12:
        initial["version"] = int(raw)
    form = forms.ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Consultation recorded as a draft."))
            return redirect("consultations:detail", pk=consultation.pk)
    return edit_page(request, _("New consultation"), form)


def _consultation_for(user, pk) -> Consultation:
    return get_object_or_404(get_consultations_for_user(user), pk=pk)


def _action(label, form, apply, available=lambda c: True, perm=MANAGE) -> Action:
    return Action(
        label,
        form=lambda c, data, files, prefix: form(c, data, prefix=prefix),
        apply=lambda c, bound, actor: apply(c, bound.cleaned_data, actor),
        available=available,
        perm=perm,
    )


def _apply_group(c, data, actor):
    services.group_comments(data["comments"], theme=data["theme"], actor=actor)


def _apply_decide(c, data, actor):
    services.decide_adoption(
        data["comment"], decision=data["decision"], reason=data["reason"], actor=actor
    )


def _apply_decide_group(c, data, actor):
    services.decide_group(
        c, theme=data["theme"], decision=data["decision"], reason=data["reason"], actor=actor
    )


def _apply_comment(c, data, actor):
    services.add_comment(
        c,
        text=data["text"],
        provision=data["provision"],
        channel=Channel.BODY if data["body"] else Channel.STAFF,
        body=data["body"],
        citizen_name=data["citizen_name"],
        citizen_contact=data["citizen_contact"],
        author=actor,
        actor=actor,
    )


ACTIONS = {
    "open": _action(
        gettext_lazy("Open for comments"),
        lambda c, d, **kw: forms.EmptyForm(d, **kw),
        lambda c, data, actor: services.open_consultation(c, actor=actor),
        lambda c: c.state == S.DRAFT,
    ),
    "comment": _action(
        gettext_lazy("Enter a comment received"),
        lambda c, d, **kw: forms.StaffCommentForm(d, consultation=c, **kw),
        _apply_comment,
        lambda c: c.state == S.OPEN,
    ),
    "group": _action(
        gettext_lazy("Group comments"),
        lambda c, d, **kw: forms.GroupForm(d, consultation=c, **kw),
        _apply_group,
        lambda c: c.state in services.DECIDING_STATES and c.comment_total,
    ),
    "decide": _action(
        gettext_lazy("Decide adoption of a comment"),
        lambda c, d, **kw: forms.DecideForm(d, consultation=c, **kw),
        _apply_decide,
        lambda c: c.state in services.DECIDING_STATES and c.comment_total,
    ),
    "decide_group": _action(
        gettext_lazy("Decide adoption of a group"),
        lambda c, d, **kw: forms.DecideGroupForm(d, consultation=c, **kw),
        _apply_decide_group,
        lambda c: c.state in services.DECIDING_STATES and c.theme_total,
    ),
    "close": _action(
        gettext_lazy("Close the consultation"),
        lambda c, d, **kw: forms.NoteForm(d, **kw),
        lambda c, data, actor: services.close_consultation(c, actor=actor, note=data["note"]),
        lambda c: c.state == S.OPEN,
    ),
    "conclude": _action(
        gettext_lazy("Conclude and publish the summary"),
        lambda c, d, **kw: forms.ConcludeForm(d, **kw),
        lambda c, data, actor: services.conclude_consultation(
            c, summary=data["summary"], actor=actor
        ),
        lambda c: c.state == S.CLOSED,
    ),
}


def _comments_of(user, consultation) -> list[Comment]:
    """The comments the user may read: all for the committee side, an expert's own."""
    return list(
        get_comments_for_user(user)
        .filter(consultation=consultation)
        .order_by("sort_key", "received_at", "pk")
    )


def _page(request, consultation, *, bound=None, status=200):
    comments = _comments_of(request.user, consultation)
    consultation.comment_total = len(comments)
    consultation.theme_total = len({c.theme for c in comments if c.theme})
    by_article = defaultdict(list)
    for comment in comments:
        by_article[comment.sort_key // 1_000_000].append(comment)
    articles = [
        {
            "num": a["num"],
            "label": P.label_for(a["num"]),
            "lines": article_lines(a),
            "comments": by_article.get(a["num"], []),
        }
        for a in P.articles(consultation.version.tree)
    ]
    known = {a["num"] for a in articles}
    context = {
        "consultation": consultation,
        "articles": articles,
        "whole_text_comments": by_article.get(0, []),
        # comments on provisions the version no longer has (never expected; shown anyway)
        "stray_comments": [c for n, cs in by_article.items() if n and n not in known for c in cs],
        "channel_counts": [
            (label, n)
            for value, label in Channel.choices
            if (n := sum(1 for c in comments if c.channel == value))
        ],
        "decision_counts": _decision_counts(comments),
        "forms": action_forms(request.user, ACTIONS, consultation, bound=bound),
        "may_summary": request.user.has_perm("consultations.view_summary"),
        # a tracking code opens the citizen's comment on the portal: the office only
        "show_codes": R.has_any_role(request.user, R.REGISTRARS),
        "audit_entries": audit_entries_for_user(request.user, consultation),
    }
    return render(request, "consultations/detail.html", context, status=status)


def _decision_counts(comments) -> list[tuple[str, int]]:
    counts = Counter(c.adoption.decision if hasattr(c, "adoption") else "" for c in comments)
    rows = [(label, counts[value]) for value, label in Adoption.Decision.choices if counts[value]]
    if counts[""]:
        rows.append((_("Not yet decided"), counts[""]))
    return rows


@login_required
@require_GET
def consultation_detail(request, pk):
    _require(request.user, VIEW)
    return _page(request, _consultation_for(request.user, pk))


@login_required
@require_POST
def consultation_act(request, pk, action):
    _require(request.user, MANAGE)
    consultation = _consultation_for(request.user, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise PermissionDenied
    counts = consultation.comments.aggregate(
        n=Count("pk"), themes=Count("theme", filter=~Q(theme=""), distinct=True)
    )
    consultation.comment_total, consultation.theme_total = counts["n"], counts["themes"]
    if not chosen.available(consultation):
        messages.error(request, _("This action is not available now."))
        return redirect("consultations:detail", pk=consultation.pk)
    try:
        bound = run_action(request, chosen, consultation, prefix=action)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Not allowed."))
        bound = None
    if bound is None:
        return redirect("consultations:detail", pk=consultation.pk)
    return _page(request, consultation, bound=bound, status=400)


@login_required
@require_GET
def consultation_summary(request, pk):
    _require(request.user, "consultations.view_summary")
    consultation = _consultation_for(request.user, pk)
    return summary_response(consultation, _comments_of(request.user, consultation))


# --- contact points --------------------------------------------------------------------------
class ContactPointListView(RecordListView):
    title = gettext_lazy("Legislative contact points and bases")
    permission = VIEW_POINTS
    filterset_class = forms.ContactPointFilter
    search_fields = ["name", "area", "district__name"]
    export_name = "contact-points"
    actions = [
        (gettext_lazy("New contact point or base"), "consultations:point-create", MANAGE_POINTS)
    ]
    columns = [
        ListColumn(gettext_lazy("Name"), lambda p: p.name, "consultations:point-detail"),
        ListColumn(gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        ListColumn(
            gettext_lazy("Area"),
            lambda p: p.area or (p.district.name if p.district else ""),
        ),
        ListColumn(gettext_lazy("Contact person"), lambda p: p.contact_person),
        ListColumn(gettext_lazy("Designated on"), lambda p: p.designated_on),
        ListColumn(gettext_lazy("Active"), lambda p: "✓" if p.is_active else ""),
        ListColumn(gettext_lazy("Comments sent"), lambda p: p.comment_count),
        ListColumn(gettext_lazy("Adopted"), lambda p: p.adopted_count),
    ]

    def get_queryset(self):
        return (
            get_contact_points_for_user(self.request.user)
            .annotate(
                comment_count=Count("comments", distinct=True),
                adopted_count=Count("comments", filter=ADOPTED, distinct=True),
            )
            .order_by("kind", "name", "pk")
        )


def _point_values(data: dict) -> tuple[dict, list]:
    data = dict(data)
    users = list(data.pop("users", []) or [])
    return data, users


@login_required
@require_http_methods(["GET", "POST"])
def point_create(request):
    _require(request.user, MANAGE_POINTS)
    form = forms.ContactPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, users = _point_values(form.cleaned_data)
        try:
            point = services.create_contact_point(actor=request.user, users=users, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact point recorded."))
            return redirect("consultations:point-detail", pk=point.pk)
    return edit_page(request, _("New contact point or base"), form)


def _point_for(user, pk) -> ContactPoint:
    return get_object_or_404(get_contact_points_for_user(user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request, pk):
    _require(request.user, MANAGE_POINTS)
    point = _point_for(request.user, pk)
    form = forms.ContactPointForm(
        request.POST or None,
        instance=point,
        initial={"users": list(point.users.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        data, users = _point_values(form.cleaned_data)
        try:
            services.update_contact_point(point, actor=request.user, users=users, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:point-detail", pk=point.pk)
    return edit_page(request, _("Edit contact point"), form)


@login_required
@require_GET
def point_detail(request, pk):
    point = _point_for(request.user, pk)
    comments = list(
        get_comments_for_user(request.user)
        .filter(contact_point=point)
        .select_related("consultation", "adoption")
        .order_by("-received_at", "-pk")[:500]
    )
    stats = point.comments.aggregate(
        total=Count("pk"),
        adopted=Count("pk", filter=Q(adoption__decision=Adoption.Decision.ADOPTED)),
        partly=Count("pk", filter=Q(adoption__decision=Adoption.Decision.PARTLY)),
    )
    consultations = list(
        Consultation.objects.filter(comments__contact_point=point)
        .annotate(sent=Count("comments", filter=Q(comments__contact_point=point)))
        .select_related("version__legal_text")
        .order_by("-opens_on", "-pk")
        .distinct()
    )
    context = {
        "point": point,
        "comments": comments,
        "stats": stats,
        "consultations": consultations,
        "open_consultations": list(open_for_point(point)) if point.is_active else [],
        "may_submit": request.user.has_perm("consultations.submit_for_point", point),
        "may_edit": request.user.has_perm(MANAGE_POINTS),
        "audit_entries": audit_entries_for_user(request.user, point),
    }
    return render(request, "consultations/point_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_comment(request, pk):
    """The point's staff enter a comment gathered in its area."""
    point = _point_for(request.user, pk)
    _require_point(request.user, point)
    form = forms.PointCommentForm(request.POST or None, point=point)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment, _created = services.add_comment(
                data["consultation"],
                text=data["text"],
                provision=form.provision,
                channel=Channel.CONTACT_POINT,
                contact_point=point,
                citizen_name=data["citizen_name"],
                citizen_contact=data["citizen_contact"],
                client_token=data["client_token"] or None,
                author=request.user,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (InvalidTransition, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Comment recorded; its tracking code is %(code)s.")
                % {"code": comment.tracking_code},
            )
            return redirect("consultations:point-detail", pk=point.pk)
    return edit_page(request, _("Enter a comment gathered by %(point)s") % {"point": point}, form)


def _require_point(user, point) -> None:
    if not user.has_perm("consultations.submit_for_point", point):
        raise PermissionDenied
