"""Pages for motions and suggestions: the deputy's drafts, the office's review, and
the public list of handled items (R20)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import audit
from renda.core.listing import ListColumn, RecordListView
from renda.core.models import Deputy
from renda.handling.models import Case, Reply
from renda.handling.workflow import InvalidTransition
from renda.suggestions import services
from renda.suggestions.access import get_suggestions_for_user
from renda.suggestions.forms import DraftForm, MergeForm, NoteForm, RegisterForm, SuggestionFilter
from renda.suggestions.models import Suggestion

St = Suggestion.State


class SuggestionListView(RecordListView):
    title = gettext_lazy("Motions and suggestions")
    permission = "suggestions.view_list"
    filterset_class = SuggestionFilter
    search_fields = ["title", "lead_deputy__person__name"]
    export_name = "suggestions"
    count_limit = 10_000  # a session brings hundreds; counting stops past a term's
    actions = [
        (gettext_lazy("New suggestion or motion"), "suggestions:create", "suggestions.draft")
    ]
    row_fields = (
        *("type", "number", "title", "category", "state"),
        *("session__number", "session__term__number", "lead_deputy__person__name", "case__state"),
    )
    columns = [
        ListColumn(gettext_lazy("Number"), lambda s: s.reference or "—", "suggestions:detail"),
        ListColumn(gettext_lazy("Title"), lambda s: s.title, "suggestions:detail"),
        ListColumn(gettext_lazy("Type"), lambda s: s.get_type_display()),
        ListColumn(gettext_lazy("Lead deputy"), lambda s: s.lead_deputy.person.name),
        ListColumn(gettext_lazy("Category"), lambda s: s.get_category_display()),
        ListColumn(gettext_lazy("State"), lambda s: s.get_state_display()),
        ListColumn(
            gettext_lazy("Handling"), lambda s: s.case.get_state_display() if s.case else ""
        ),
    ]

    def get_queryset(self):
        return get_suggestions_for_user(self.request.user).order_by(*Suggestion._meta.ordering)


def _item_for(user, pk) -> Suggestion:
    return get_object_or_404(
        get_suggestions_for_user(user).prefetch_related("co_signers__person"), pk=pk
    )


REVIEW_ACTIONS = {
    "register": (
        gettext_lazy("Register"),
        RegisterForm,
        lambda i, d, u: services.register(
            i, actor=u, is_difficult=d["is_difficult"], difficulty_reason=d["difficulty_reason"]
        ),
    ),
    "return": (
        gettext_lazy("Return for revision"),
        NoteForm,
        lambda i, d, u: services.return_for_revision(i, note=d["note"], actor=u),
    ),
    "decline": (
        gettext_lazy("Decline"),
        NoteForm,
        lambda i, d, u: services.decline(i, note=d["note"], actor=u),
    ),
    "convert": (
        gettext_lazy("Convert motion into a suggestion"),
        NoteForm,
        lambda i, d, u: services.convert_motion(i, note=d["note"], actor=u),
    ),
    "merge": (
        gettext_lazy("Merge as a duplicate"),
        MergeForm,
        lambda i, d, u: services.merge(i, into=d["into"], note=d["note"], actor=u),
    ),
}


def _review_forms(item, bound=None):
    forms = {}
    if item.state != St.SUBMITTED:
        return forms
    for name, (label, form_class, _run) in REVIEW_ACTIONS.items():
        if name == "convert" and item.type != Suggestion.Type.MOTION:
            continue
        kwargs = {"item": item} if form_class is MergeForm else {}
        forms[name] = (
            label,
            bound if bound and bound.prefix == name else form_class(prefix=name, **kwargs),
        )
    return forms


def _detail(request, item, bound=None, status=200):
    user = request.user
    is_owner = user.person_id is not None and item.lead_deputy.person_id == user.person_id
    review = user.has_perm("suggestions.review")
    context = {
        "item": item,
        "is_owner": is_owner,
        "can_edit": is_owner and item.state in services.EDITABLE,
        "review_forms": _review_forms(item, bound) if review else {},
        "similar": services.similar_items(item) if review and item.state == St.SUBMITTED else [],
        "audit_entries": list(audit.entries_for(item)[:50])
        if user.has_perm("core.view_history")
        else None,
    }
    return render(request, "suggestions/detail.html", context, status=status)


@login_required
def detail(request, pk):
    if not request.user.has_perm("suggestions.view_list"):
        raise PermissionDenied
    return _detail(request, _item_for(request.user, pk))


def _own_mandate(user, session=None) -> Deputy:
    mandates = (
        Deputy.objects.filter(person_id=user.person_id)
        .select_related("term")
        .order_by("-term__number")
    )
    if session is not None:
        mandates = mandates.filter(term_id=session.term_id)
    mandate = mandates.first()
    if mandate is None:
        raise PermissionDenied
    return mandate


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk=None):
    if not request.user.has_perm("suggestions.draft"):
        raise PermissionDenied
    item = _item_for(request.user, pk) if pk else Suggestion()
    deputy = item.lead_deputy if pk else _own_mandate(request.user)
    form = DraftForm(request.POST or None, request.FILES or None, instance=item, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        try:
            # all or nothing: a refused attachment or submission keeps no half-saved draft
            with transaction.atomic():
                draft.lead_deputy = _own_mandate(request.user, draft.session)
                saved = services.save_draft(
                    draft, co_signers=form.cleaned_data["co_signers"], actor=request.user
                )
                services.add_attachments(
                    saved, request.FILES.getlist("attachments"), actor=request.user
                )
                if "submit" in request.POST:
                    services.submit(saved, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("suggestions:detail", pk=item.pk)
        else:
            messages.success(
                request, _("Submitted.") if "submit" in request.POST else _("Draft saved.")
            )
            return redirect("suggestions:detail", pk=saved.pk)
    title = _("Edit draft") if pk else _("New suggestion or motion")
    return render(
        request,
        "suggestions/edit.html",
        {"form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def submit(request, pk):
    item = _item_for(request.user, pk)
    try:
        services.submit(item, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Submitted."))
    return redirect("suggestions:detail", pk=item.pk)


@login_required
@require_POST
def review(request, pk, action):
    if not request.user.has_perm("suggestions.review") or action not in REVIEW_ACTIONS:
        raise PermissionDenied
    item = _item_for(request.user, pk)
    label, form_class, run = REVIEW_ACTIONS[action]
    kwargs = {"item": item} if form_class is MergeForm else {}
    form = form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid():
        try:
            result = run(item, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("suggestions:detail", pk=item.pk)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            if action == "register":
                return redirect("handling:case-detail", pk=result.case_id)
            return redirect("suggestions:detail", pk=result.pk)
    return _detail(request, item, bound=form, status=400)


def public_list(request):
    """R20: handled suggestions that may be published, with their replies. Open to all;
    no personal data beyond the deputy's name, which is public."""
    items = (
        Suggestion.objects.filter(may_publish=True, case__state=Case.State.COMPLETED)
        .select_related("session__term", "lead_deputy__person", "case")
        .order_by("-session__start_date", "type", "number")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        items = items.filter(title__icontains=query)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    replies = {
        r.case_id: r
        for r in Reply.objects.filter(case__in=[i.case_id for i in page.object_list])
        .select_related("assignment__unit")
        .order_by("case_id", "round")
    }
    rows = [(item, replies.get(item.case_id)) for item in page.object_list]
    return render(
        request, "suggestions/public_list.html", {"page": page, "rows": rows, "query": query}
    )


@login_required
@require_http_methods(["GET", "POST"])
def commendations_page(request):
    from renda.core.models import Organisation
    from renda.suggestions import commendations
    from renda.suggestions.models import Commendation

    if not request.user.has_perm("suggestions.view_commendations"):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 2023)
    except ValueError:
        year = 2023
    year = min(max(year, 1980), 2100)
    if request.method == "POST":
        if not request.user.has_perm("suggestions.review"):
            raise PermissionDenied
        suggestion = Suggestion.objects.filter(pk=request.POST.get("suggestion") or 0).first()
        unit = Organisation.objects.filter(pk=request.POST.get("unit") or 0).first()
        try:
            commendations.commend(
                year,
                reason=request.POST.get("reason", "")[:2000],
                actor=request.user,
                suggestion=suggestion,
                unit=unit,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Commended."))
        return redirect(f"{request.path}?year={year}")
    context = {
        "year": year,
        "units": commendations.unit_candidates(year),
        "items": commendations.suggestion_candidates(year),
        "chosen": Commendation.objects.filter(year=year).select_related("suggestion", "unit"),
        "may_commend": request.user.has_perm("suggestions.review"),
    }
    return render(request, "suggestions/commendations.html", context)
