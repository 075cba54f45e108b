"""Staff and issuer pages of filing and review. Thin: access from access.py, every
change through renda.filings.services (via renda.core.actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core import roles as R
from renda.core.actions import Action, action_forms, perform
from renda.core.forms import add_service_errors
from renda.core.history import audit_entries_for_user, history_context
from renda.core.listing import ListColumn, RecordListView
from renda.core.workdays import UnknownCalendarYear
from renda.filings import assistant, documents, forms, services
from renda.filings.access import (
    get_annual_lists_for_user,
    get_corrections_for_user,
    get_filings_for_user,
    get_requests_for_user,
    get_reviews_for_user,
)
from renda.filings.models import CorrectionNotice, Filing, Review, ReviewRequest
from renda.handling.documents import docx_response
from renda.handling.workflow import InvalidTransition

F = Filing.State


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _yes_no(value) -> str:
    return _("Yes") if value else _("No")


# --- lists -------------------------------------------------------------------------------
class FilingListView(RecordListView):
    title = gettext_lazy("Normative documents filed")
    permission = "filings.view"
    filterset_class = forms.FilingFilter
    search_fields = ["title", "document_number", "issuer__name"]
    export_name = "filings"
    actions = [(gettext_lazy("File a document"), "filings:create", "filings.file")]
    columns = [
        ListColumn(gettext_lazy("Document number"), lambda f: f.document_number, "filings:detail"),
        ListColumn(gettext_lazy("Title"), lambda f: f.title, "filings:detail"),
        ListColumn(gettext_lazy("Issuer"), lambda f: f.issuer.name),
        ListColumn(gettext_lazy("Published on"), lambda f: f.published_on),
        ListColumn(gettext_lazy("Filed on"), lambda f: f.filed_on),
        ListColumn(gettext_lazy("Filed late"), lambda f: _yes_no(f.is_late)),
        ListColumn(gettext_lazy("State"), lambda f: f.get_state_display()),
    ]

    def get_queryset(self):
        return get_filings_for_user(self.request.user).order_by("-filed_on", "-pk")


class ReviewListView(RecordListView):
    title = gettext_lazy("Reviews of normative documents")
    permission = "filings.view_reviews"
    search_fields = ["filing__title", "filing__document_number"]
    export_name = "filing-reviews"
    columns = [
        ListColumn(gettext_lazy("Document"), lambda r: r.filing.title, "filings:review-detail"),
        ListColumn(gettext_lazy("Issuer"), lambda r: r.filing.issuer.name),
        ListColumn(gettext_lazy("Type"), lambda r: r.get_type_display()),
        ListColumn(gettext_lazy("Committee"), lambda r: r.committee.name),
        ListColumn(gettext_lazy("Due"), lambda r: r.due_on),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
        ListColumn(gettext_lazy("Finding"), lambda r: r.get_finding_display()),
    ]

    def get_queryset(self):
        return get_reviews_for_user(self.request.user).order_by("-started_on", "-pk")


class RequestListView(RecordListView):
    title = gettext_lazy("Review requests")
    permission = "filings.view_reviews"
    filterset_class = forms.RequestFilter
    search_fields = ["tracking_code", "document_title"]
    export_name = "filing-review-requests"
    columns = [
        ListColumn(
            gettext_lazy("Tracking code"), lambda r: r.tracking_code, "filings:request-detail"
        ),
        ListColumn(gettext_lazy("Document concerned"), lambda r: r.document_title),
        ListColumn(gettext_lazy("Requester"), lambda r: r.get_requester_kind_display()),
        ListColumn(gettext_lazy("Channel"), lambda r: r.get_channel_display()),
        ListColumn(gettext_lazy("State"), lambda r: r.get_state_display()),
    ]

    def get_queryset(self):
        return get_requests_for_user(self.request.user).order_by("-submitted_at", "-pk")


# --- filing -----------------------------------------------------------------------------------
def _own_issuer(user):
    if not user.has_perm("filings.file"):
        raise PermissionDenied
    return user.organisation


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    issuer = _own_issuer(request.user)
    form = forms.FilingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = services.file_document(
                issuer=issuer,
                title=data["title"],
                document_number=data["document_number"],
                adopted_on=data["adopted_on"],
                published_on=data["published_on"],
                legal_basis=data["legal_basis"],
                explanation=data["explanation"],
                text=data["text"] if data["file"] is None else None,
                docx=data["file"],
                file_name=request.FILES["file"].name if data["file"] else "",
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except UnknownCalendarYear as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Filed."))
            return redirect("filings:detail", pk=filing.pk)
    return render(
        request,
        "filings/filing_form.html",
        {"form": form, "title": _("File a normative document")},
        status=400 if form.errors else 200,
    )


def _is_issuer_of(user, filing) -> bool:
    return user.has_perm("filings.file") and user.organisation_id == filing.issuer_id


def _open_notice(filing):
    return (
        CorrectionNotice.objects.filter(review__filing=filing, state=CorrectionNotice.State.OPEN)
        .select_related("case")
        .first()
    )


def _apply_refile(filing, form, actor):
    data = form.cleaned_data
    services.refile(
        filing,
        actor=actor,
        text=data["text"] if data["file"] is None else None,
        docx=data["file"],
        legal_basis=data["legal_basis"] or None,
        note=data["note"],
    )


def _apply_start(filing, form, actor):
    services.start_review(
        filing,
        type=form.cleaned_data["type"],
        committee=form.cleaned_data["committee"],
        reviewer=actor,
        actor=actor,
    )


def _apply_reply(filing, form, actor):
    notice = _open_notice(filing)
    if notice is None:
        raise InvalidTransition(_("No correction is waiting for a reply."))
    data = form.cleaned_data
    services.reply_to_correction(
        notice,
        outcome=data["outcome"],
        text=data["text"],
        contact_person=data["contact_person"],
        contact_phone=data["contact_phone"],
        amended_text=data["amended_text"],
        actor=actor,
    )


def _awaits_reply(filing) -> bool:
    notice = _open_notice(filing)
    return notice is not None and not notice.outcome


FILING_ACTIONS = {
    "accept": Action(
        gettext_lazy("Accept (formal check passed)"),
        lambda f, d, files, **kw: forms.NoteForm(d, **kw),
        lambda f, form, actor: services.accept_filing(
            f, actor=actor, note=form.cleaned_data["note"]
        ),
        lambda f: f.state == F.SUBMITTED,
        "filings.manage",
    ),
    "return": Action(
        gettext_lazy("Return to the issuer"),
        lambda f, d, files, **kw: forms.ReasonForm(d, **kw),
        lambda f, form, actor: services.return_filing(
            f, reason=form.cleaned_data["reason"], actor=actor
        ),
        lambda f: f.state == F.SUBMITTED,
        "filings.manage",
    ),
    "review": Action(
        gettext_lazy("Start the review"),
        lambda f, d, files, **kw: forms.StartReviewForm(d, **kw),
        _apply_start,
        lambda f: (
            f.state == F.ACCEPTED and not f.reviews.filter(state=Review.State.IN_PROGRESS).exists()
        ),
        "filings.manage",
    ),
}
ISSUER_ACTIONS = {
    "refile": Action(
        gettext_lazy("File again"),
        lambda f, d, files, **kw: forms.RefileForm(d, files, **kw),
        _apply_refile,
        lambda f: f.state == F.RETURNED,
        "filings.file",
    ),
    "correction-reply": Action(
        gettext_lazy("Reply to the correction opinion"),
        lambda f, d, files, **kw: forms.CorrectionReplyForm(d, **kw),
        _apply_reply,
        _awaits_reply,
        "filings.file",
    ),
}


def _filing_actions(user, filing) -> dict:
    return {**FILING_ACTIONS, **(ISSUER_ACTIONS if _is_issuer_of(user, filing) else {})}


def _filing_for(user, pk) -> Filing:
    return get_object_or_404(
        get_filings_for_user(user).select_related("version", "legal_text"), pk=pk
    )


def _filing_page(request, filing, bound=None, status=200):
    user = request.user
    committee = user.has_perm("filings.view_reviews")
    context = {
        "filing": filing,
        "articles": assistant.assist_tree(filing.version.tree) if filing.version else [],
        "reviews": list(filing.reviews.select_related("committee", "reviewer"))
        if committee
        else [],
        "corrections": list(
            get_corrections_for_user(user).filter(review__filing=filing).order_by("pk")
        ),
        "forms": action_forms(user, _filing_actions(user, filing), filing, bound=bound),
        **history_context(user, filing),
    }
    return render(request, "filings/filing_detail.html", context, status=status)


@login_required
def detail(request, pk):
    _require(request.user, "filings.view")
    return _filing_page(request, _filing_for(request.user, pk))


@login_required
@require_POST
def act(request, pk, action):
    filing = _filing_for(request.user, pk)
    return perform(
        request,
        _filing_actions(request.user, filing),
        action,
        filing,
        page=_filing_page,
        detail="filings:detail",
    )


# --- review with the assistant ------------------------------------------------------------------
def _notice_of(review):
    try:
        return review.correction
    except CorrectionNotice.DoesNotExist:
        return None


def _apply_finish(review, form, actor):
    services.finish_review(review, actor=actor, **form.cleaned_data)


def _apply_close(review, form, actor):
    services.close_correction(
        _notice_of(review),
        actor=actor,
        note=form.cleaned_data["note"],
        outcome=form.cleaned_data["outcome"],
    )


def _apply_propose(review, form, actor):
    services.propose_revocation(
        _notice_of(review), held_on=form.cleaned_data["held_on"], actor=actor
    )


def _apply_record(review, form, actor):
    services.record_revocation(_notice_of(review), actor=actor, note=form.cleaned_data["note"])


def _notice_open(review) -> bool:
    notice = _notice_of(review)
    return notice is not None and notice.state == CorrectionNotice.State.OPEN


REVIEW_ACTIONS = {
    "extend": Action(
        gettext_lazy("Extend the deadline (once)"),
        lambda r, d, files, **kw: forms.ReasonForm(d, **kw),
        lambda r, form, actor: services.extend_review(
            r, reason=form.cleaned_data["reason"], actor=actor
        ),
        lambda r: r.state == Review.State.IN_PROGRESS and not r.extended,
    ),
    "finish": Action(
        gettext_lazy("Record the finding"),
        lambda r, d, files, **kw: forms.FinishReviewForm(d, **kw),
        _apply_finish,
        lambda r: r.state == Review.State.IN_PROGRESS,
    ),
    "close-correction": Action(
        gettext_lazy("Close the correction (issuer amended or repealed)"),
        lambda r, d, files, **kw: forms.CloseCorrectionForm(d, **kw),
        _apply_close,
        lambda r: _notice_open(r) and _notice_of(r).case.state == "replied",
    ),
    "propose-revocation": Action(
        gettext_lazy("Prepare the committee's revocation vote"),
        lambda r, d, files, **kw: forms.RevocationForm(d, **kw),
        _apply_propose,
        lambda r: _notice_open(r) and not _notice_of(r).ballot_id,
    ),
    "record-revocation": Action(
        gettext_lazy("Record the result of the revocation vote"),
        lambda r, d, files, **kw: forms.NoteForm(d, **kw),
        _apply_record,
        lambda r: _notice_open(r) and bool(_notice_of(r).ballot_id),
    ),
}


def _review_for(user, pk) -> Review:
    return get_object_or_404(get_reviews_for_user(user).select_related("filing__version"), pk=pk)


def _review_page(request, review, bound=None, status=200):
    user = request.user
    filing = review.filing
    reports = assistant.assist_tree(filing.version.tree) if filing.version else []
    assistant.similar_provisions(filing, reports)
    context = {
        "review": review,
        "filing": filing,
        "articles": reports,
        "summary": [
            (assistant.CATEGORIES[key][0], key, n) for key, n in assistant.summary(reports).items()
        ],
        "basis_cited": assistant.citations(filing.legal_basis) or [filing.legal_basis],
        "notice": _notice_of(review),
        "requests": list(review.requests.all()),
        "forms": action_forms(user, REVIEW_ACTIONS, review, perm="filings.manage", bound=bound),
        **history_context(user, review),
    }
    return render(request, "filings/review_detail.html", context, status=status)


@login_required
def review_detail(request, pk):
    _require(request.user, "filings.view_reviews")
    return _review_page(request, _review_for(request.user, pk))


@login_required
@require_POST
def review_act(request, pk, action):
    _require(request.user, "filings.view_reviews")
    review = _review_for(request.user, pk)
    return perform(
        request,
        REVIEW_ACTIONS,
        action,
        review,
        page=_review_page,
        detail="filings:review-detail",
        perm="filings.manage",
    )


# --- review requests --------------------------------------------------------------------------------
REQUEST_ACTIONS = {
    "acknowledge": Action(
        gettext_lazy("Acknowledge"),
        lambda q, d, files, **kw: forms.AcknowledgeForm(d, **kw),
        lambda q, form, actor: services.acknowledge_request(
            q, filing=form.cleaned_data["filing"], note=form.cleaned_data["note"], actor=actor
        ),
        lambda q: q.state == ReviewRequest.State.RECEIVED,
    ),
    "review": Action(
        gettext_lazy("Start a review on request"),
        lambda q, d, files, **kw: forms.RequestReviewForm(d, **kw),
        lambda q, form, actor: services.review_on_request(
            q, committee=form.cleaned_data["committee"], reviewer=actor, actor=actor
        ),
        lambda q: q.state == ReviewRequest.State.ACKNOWLEDGED and q.filing_id is not None,
    ),
    "answer": Action(
        gettext_lazy("Tell the requester the outcome"),
        lambda q, d, files, **kw: forms.AnswerForm(d, **kw),
        lambda q, form, actor: services.answer_request(
            q, outcome=form.cleaned_data["outcome"], actor=actor
        ),
        lambda q: q.state in (ReviewRequest.State.ACKNOWLEDGED, ReviewRequest.State.UNDER_REVIEW),
    ),
}


def _request_for(user, pk) -> ReviewRequest:
    return get_object_or_404(get_requests_for_user(user), pk=pk)


def _request_page(request, item, bound=None, status=200):
    context = {
        "item": item,
        "forms": action_forms(
            request.user, REQUEST_ACTIONS, item, perm="filings.manage", bound=bound
        ),
        "audit_entries": audit_entries_for_user(request.user, item),
        # personal data (R91): the office handling the request sees who asked
        "show_requester": R.has_any_role(request.user, R.REGISTRARS),
    }
    return render(request, "filings/request_detail.html", context, status=status)


@login_required
def request_detail(request, pk):
    _require(request.user, "filings.view_reviews")
    return _request_page(request, _request_for(request.user, pk))


@login_required
@require_POST
def request_act(request, pk, action):
    _require(request.user, "filings.view_reviews")
    item = _request_for(request.user, pk)
    return perform(
        request,
        REQUEST_ACTIONS,
        action,
        item,
        page=_request_page,
        detail="filings:request-detail",
        perm="filings.manage",
    )


# --- annual lists and coverage ---------------------------------------------------------------------
def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = clock.today().year - 1
    return year if 1980 <= year <= 2100 else clock.today().year - 1


@login_required
def annual_lists(request):
    _require(request.user, "filings.view")
    year = _year(request)
    issuers = get_annual_lists_for_user(request.user).filter(year=year).values("issuer_id")
    rows = services.coverage(year, issuers=issuers)
    listed = sum(r["listed"] for r in rows)
    filed = sum(r["filed"] for r in rows)
    context = {
        "year": year,
        "rows": rows,
        "listed": listed,
        "filed": filed,
        "coverage": round(filed / listed, 4) if listed else 0.0,
        "can_file": request.user.has_perm("filings.file"),
        "can_report": request.user.has_perm("filings.view_reviews"),
        "title": _("Annual lists and filing coverage"),
    }
    return render(request, "filings/annual_lists.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def annual_list_create(request):
    issuer = _own_issuer(request.user)
    form = forms.AnnualListForm(request.POST or None, initial={"year": clock.today().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            entries = services.parse_list_lines(form.cleaned_data["entries"])
            services.file_annual_list(
                issuer=issuer, year=form.cleaned_data["year"], entries=entries, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Annual list filed."))
            return redirect(f"{_url('filings:annual-lists')}?year={form.cleaned_data['year']}")
    return render(
        request,
        "filings/filing_form.html",
        {"form": form, "title": _("File the annual list of documents issued")},
        status=400 if form.errors else 200,
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


# --- the annual report (R66) -----------------------------------------------------------------------
@login_required
def report(request, year):
    _require(request.user, "filings.view_reviews")
    if not 1980 <= year <= 2100:
        raise Http404
    return docx_response(documents.annual_report(year), f"{year}年度备案审查工作报告.docx")
