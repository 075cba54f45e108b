"""Workbench pages of meetings: the schedule of committee sessions with the R30
warning, a session's agenda, attendance and quorum (R31), invited attendees (R35),
forums, minutes; chair meetings; joint bills and formal questions (R34). Thin: access
from access.py, changes through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core.actions import Action, action_forms, perform
from renda.core.forms import add_service_errors
from renda.core.history import audit_entries_for_user
from renda.core.listing import ListColumn, RecordListView
from renda.core.models import Term
from renda.handling.documents import docx_response
from renda.meetings import access, documents, forms, services
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    ChairMeeting,
    JointSubmission,
    MemberAttendance,
    Observer,
    PostSessionForum,
    SessionDetails,
)

St = SessionDetails.State


def _require(user, permission="meetings.view"):
    if not user.has_perm(permission):
        raise PermissionDenied


def _forms(user, actions, obj, bound=None):
    return action_forms(user, actions, obj, perm="meetings.manage", bound=bound)


# --- the schedule (R30) ------------------------------------------------------------------
@login_required
def schedule(request):
    _require(request.user)
    terms = list(Term.objects.order_by("-number"))
    chosen = request.GET.get("term", "")
    term = next((t for t in terms if str(t.number) == chosen), None) or next(iter(terms), None)
    sessions = []
    warnings = []
    if term is not None:
        sessions = list(
            access.get_sessions_for_user(request.user)
            .filter(term=term)
            .annotate(
                item_count=Count("agenda_items", distinct=True),
                deputy_count=Count(
                    "observers",
                    filter=Q(observers__kind=Observer.Kind.DEPUTY, observers__attended=True),
                    distinct=True,
                ),
            )
            .order_by("number")
        )
        for session in sessions:
            session.details = services.details_of(session)
        warnings = services.schedule_warnings(sessions, clock.today(), term)
    return render(
        request,
        "meetings/schedule.html",
        {
            "terms": terms,
            "term": term,
            "sessions": sessions,
            "warnings": warnings,
            "may_manage": request.user.has_perm("meetings.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    _require(request.user, "meetings.manage")
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.schedule_session(
                data["term"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                place=data["place"],
                presided_by=data["presided_by"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("meetings:session-detail", pk=session.pk)
    return render(
        request,
        "core/edit.html",
        {"title": _("Schedule a committee session"), "forms": [form]},
        status=400 if form.errors else 200,
    )


# --- a session ---------------------------------------------------------------------------
def _session_for(user, pk):
    return get_object_or_404(access.get_sessions_for_user(user), pk=pk)


def _open(session):
    return services.details_of(session).state != St.CLOSED


def _members_of(session):
    return list(
        services.members_at(session.term, session.start_date)
        .select_related("person")
        .order_by("post", "pk")
    )


def _apply_attendance(session, form, actor):
    services.record_attendance(session, form.entries(), actor=actor)


SESSION_ACTIONS = {
    "agenda": Action(
        gettext_lazy("Add an agenda item"),
        lambda s, d, f, **kw: forms.AgendaItemForm(d, **kw),
        lambda s, form, actor: services.add_agenda_item(
            session=s, actor=actor, **form.cleaned_data
        ),
        _open,
    ),
    "attendance": Action(
        gettext_lazy("Record the members' attendance"),
        lambda s, d, f, **kw: forms.AttendanceForm(d, session=s, members=_members_of(s), **kw),
        _apply_attendance,
        _open,
    ),
    "open": Action(
        gettext_lazy("Open the session"),
        lambda s, d, f, **kw: forms.EmptyForm(d, **kw),
        lambda s, form, actor: services.open_session(s, actor=actor),
        lambda s: services.details_of(s).state == St.SCHEDULED,
    ),
    "invite": Action(
        gettext_lazy("Invite deputies to attend"),
        lambda s, d, f, **kw: forms.InviteForm(d, session=s, **kw),
        lambda s, form, actor: services.invite_deputies(
            s, form.cleaned_data["deputies"], actor=actor
        ),
        _open,
    ),
    "heads": Action(
        gettext_lazy("Add an attending head of the government, court or procuratorate"),
        lambda s, d, f, **kw: forms.HeadForm(d, **kw),
        lambda s, form, actor: services.add_head_attendee(s, actor=actor, **form.cleaned_data),
        _open,
    ),
    "observers": Action(
        gettext_lazy("Record which invited deputies attended"),
        lambda s, d, f, **kw: forms.ObserversAttendedForm(d, session=s, **kw),
        lambda s, form, actor: services.record_observer_attendance(
            s, form.cleaned_data["present"], actor=actor
        ),
        lambda s: (
            services.details_of(s).state != St.SCHEDULED
            and Observer.objects.filter(session=s, kind="deputy", attended__isnull=True).exists()
        ),
    ),
    "forum": Action(
        gettext_lazy("Record a post-session forum"),
        lambda s, d, f, **kw: forms.ForumForm(d, **kw),
        lambda s, form, actor: services.hold_forum(s, actor=actor, **form.cleaned_data),
        lambda s: services.details_of(s).state != St.SCHEDULED,
    ),
    "contribution": Action(
        gettext_lazy("Record what a deputy said at the forum"),
        lambda s, d, f, **kw: forms.ContributionForm(d, session=s, **kw),
        lambda s, form, actor: services.add_forum_contribution(
            form.cleaned_data["forum"],
            deputy=form.cleaned_data["deputy"],
            text=form.cleaned_data["text"],
            actor=actor,
        ),
        lambda s: s.forums.exists(),
    ),
    "minutes": Action(
        gettext_lazy("Minutes and summary"),
        lambda s, d, f, **kw: forms.MinutesForm(
            d,
            initial={
                "minutes": services.details_of(s).minutes,
                "summary": services.details_of(s).summary,
            },
            **kw,
        ),
        lambda s, form, actor: services.save_minutes(s, actor=actor, **form.cleaned_data),
    ),
    "close": Action(
        gettext_lazy("Close the session"),
        lambda s, d, f, **kw: forms.EmptyForm(d, **kw),
        lambda s, form, actor: services.close_session(s, actor=actor),
        lambda s: services.details_of(s).state == St.OPEN,
    ),
}


def _session_page(request, session, *, bound=None, status=200):
    user = request.user
    details = services.details_of(session)
    attendance = {a.member_id: a for a in MemberAttendance.objects.filter(session=session)}
    members = [(m, attendance.get(m.pk)) for m in _members_of(session)]
    observers = list(
        Observer.objects.filter(session=session)
        .select_related("deputy__person", "deputy__delegation", "organisation")
        .order_by("kind", "deputy__code", "pk")
    )
    forums = PostSessionForum.objects.filter(session=session).prefetch_related(
        "contributions__deputy__person"
    )
    context = {
        "session": session,
        "details": details,
        "quorum": services.quorum(session),
        "items": AgendaItem.objects.filter(session=session)
        .select_related("organisation", "ballot")
        .annotate(document_count=Count("documents"))
        .order_by("position"),
        "members": members,
        "heads": [o for o in observers if o.kind != Observer.Kind.DEPUTY],
        "deputies": [o for o in observers if o.kind == Observer.Kind.DEPUTY],
        "forums": forums,
        "submissions": session.joint_submissions.all(),
        "forms": _forms(user, SESSION_ACTIONS, session, bound),
        "audit_entries": audit_entries_for_user(user, session),
    }
    return render(request, "meetings/session_detail.html", context, status=status)


@login_required
def session_detail(request, pk):
    _require(request.user)
    return _session_page(request, _session_for(request.user, pk))


@login_required
@require_POST
def session_act(request, pk, action):
    _require(request.user)
    return perform(
        request,
        SESSION_ACTIONS,
        action,
        _session_for(request.user, pk),
        page=_session_page,
        detail="meetings:session-detail",
        perm="meetings.manage",
    )


SESSION_DOCUMENTS = {
    "minutes": (documents.minutes, "会议记录"),
    "summary": (documents.summary, "会议纪要"),
}


@login_required
def session_document(request, pk, document):
    _require(request.user)
    session = _session_for(request.user, pk)
    if document not in SESSION_DOCUMENTS:
        raise Http404
    build, word = SESSION_DOCUMENTS[document]
    name = f"第{session.term.number}届常委会第{session.number}次会议{word}.docx"
    return docx_response(build(session), name)


# --- agenda items and documents ----------------------------------------------------------
def _item_for(user, pk):
    return get_object_or_404(access.get_agenda_items_for_user(user), pk=pk)


ITEM_ACTIONS = {
    "document": Action(
        gettext_lazy("Add a document"),
        lambda i, d, f, **kw: forms.DocumentForm(d, f, **kw),
        lambda i, form, actor: services.add_document(i, form.cleaned_data["file"], actor=actor),
    ),
    "ballot": Action(
        gettext_lazy("The item's vote"),
        lambda i, d, f, **kw: forms.BallotForm(d, item=i, **kw),
        lambda i, form, actor: services.attach_ballot(i, form.cleaned_data["ballot"], actor=actor),
        lambda i: i.session_id is not None,
    ),
}


def _item_page(request, item, *, bound=None, status=200):
    context = {
        "item": item,
        "documents": item.documents.all(),
        "forms": _forms(request.user, ITEM_ACTIONS, item, bound),
        "audit_entries": audit_entries_for_user(request.user, item),
    }
    return render(request, "meetings/item_detail.html", context, status=status)


@login_required
def item_detail(request, pk):
    _require(request.user)
    return _item_page(request, _item_for(request.user, pk))


@login_required
@require_POST
def item_act(request, pk, action):
    _require(request.user)
    return perform(
        request,
        ITEM_ACTIONS,
        action,
        _item_for(request.user, pk),
        page=_item_page,
        detail="meetings:item-detail",
        perm="meetings.manage",
    )


@login_required
def document_download(request, pk):
    _require(request.user)
    items = access.get_agenda_items_for_user(request.user)
    document = get_object_or_404(AgendaDocument.objects.filter(item__in=items), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.name)


# --- chair meetings ----------------------------------------------------------------------
class ChairMeetingListView(RecordListView):
    title = gettext_lazy("Chair meetings")
    permission = "meetings.view"
    filterset_class = forms.ChairMeetingFilter
    search_fields = ["decisions", "place", "agenda_items__title"]
    export_name = "chair-meetings"
    actions = [
        (
            gettext_lazy("Schedule a chair meeting"),
            "meetings:chair-meeting-create",
            "meetings.manage",
        )
    ]
    columns = [
        ListColumn(gettext_lazy("Term"), lambda m: m.term.number),
        ListColumn(gettext_lazy("Number"), lambda m: m.number, "meetings:chair-meeting-detail"),
        ListColumn(gettext_lazy("Date"), lambda m: m.date, "meetings:chair-meeting-detail"),
        ListColumn(gettext_lazy("Place"), lambda m: m.place),
        ListColumn(gettext_lazy("Agenda items"), lambda m: m.item_count),
        ListColumn(gettext_lazy("State"), lambda m: m.get_state_display()),
    ]

    def get_queryset(self):
        qs = (
            access.get_chair_meetings_for_user(self.request.user)
            .annotate(item_count=Count("agenda_items"))
            .order_by("-date", "-number")
        )
        return qs.distinct() if self.request.GET.get("q") else qs


@login_required
@require_http_methods(["GET", "POST"])
def chair_meeting_create(request):
    _require(request.user, "meetings.manage")
    form = forms.ChairMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_chair_meeting(
                data["term"],
                date=data["date"],
                place=data["place"],
                participants=data["participants"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Chair meeting scheduled."))
            return redirect("meetings:chair-meeting-detail", pk=meeting.pk)
    return render(
        request,
        "core/edit.html",
        {"title": _("Schedule a chair meeting"), "forms": [form]},
        status=400 if form.errors else 200,
    )


CHAIR_ACTIONS = {
    "agenda": Action(
        gettext_lazy("Add an agenda item"),
        lambda m, d, f, **kw: forms.AgendaItemForm(d, **kw),
        lambda m, form, actor: services.add_agenda_item(
            chair_meeting=m, actor=actor, **form.cleaned_data
        ),
    ),
    "held": Action(
        gettext_lazy("Record as held"),
        lambda m, d, f, **kw: forms.ChairHeldForm(d, **kw),
        lambda m, form, actor: services.record_chair_meeting_held(
            m, decisions=form.cleaned_data["decisions"], actor=actor
        ),
        lambda m: m.state == ChairMeeting.State.SCHEDULED,
    ),
}


def _chair_page(request, meeting, *, bound=None, status=200):
    context = {
        "meeting": meeting,
        "participants": meeting.participants.select_related("person"),
        "items": meeting.agenda_items.select_related("organisation").order_by("position"),
        "forms": _forms(request.user, CHAIR_ACTIONS, meeting, bound),
        "audit_entries": audit_entries_for_user(request.user, meeting),
    }
    return render(request, "meetings/chair_meeting_detail.html", context, status=status)


def _chair_for(user, pk):
    return get_object_or_404(access.get_chair_meetings_for_user(user), pk=pk)


@login_required
def chair_meeting_detail(request, pk):
    _require(request.user)
    return _chair_page(request, _chair_for(request.user, pk))


@login_required
@require_POST
def chair_meeting_act(request, pk, action):
    _require(request.user)
    return perform(
        request,
        CHAIR_ACTIONS,
        action,
        _chair_for(request.user, pk),
        page=_chair_page,
        detail="meetings:chair-meeting-detail",
        perm="meetings.manage",
    )


# --- R34: joint bills and formal questions -----------------------------------------------
class SubmissionListView(RecordListView):
    title = gettext_lazy("Joint bills and formal questions")
    permission = "meetings.view"
    filterset_class = forms.SubmissionFilter
    search_fields = ["title", "addressee__name"]
    export_name = "joint-submissions"
    actions = [
        (gettext_lazy("Record a joint submission"), "meetings:submission-create", "meetings.manage")
    ]
    columns = [
        ListColumn(gettext_lazy("Submitted on"), lambda s: s.submitted_on),
        ListColumn(gettext_lazy("Kind"), lambda s: s.get_kind_display()),
        ListColumn(gettext_lazy("Title"), lambda s: s.title, "meetings:submission-detail"),
        ListColumn(
            gettext_lazy("Body questioned"), lambda s: s.addressee.name if s.addressee else ""
        ),
        ListColumn(gettext_lazy("Submitters"), lambda s: s.submitter_count),
        ListColumn(gettext_lazy("State"), lambda s: s.get_state_display()),
    ]

    def get_queryset(self):
        return (
            access.get_submissions_for_user(self.request.user)
            .annotate(submitter_count=Count("submitters"))
            .order_by("-submitted_on", "-pk")
        )


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request):
    _require(request.user, "meetings.manage")
    form = forms.SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.submit_jointly(
                data["term"],
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                submitters=data["submitters"],
                submitted_on=data["submitted_on"],
                addressee=data["addressee"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Joint submission recorded."))
            return redirect("meetings:submission-detail", pk=item.pk)
    return render(
        request,
        "core/edit.html",
        {"title": _("Record a joint bill or formal question"), "forms": [form]},
        status=400 if form.errors else 200,
    )


SUBMISSION_ACTIONS = {
    "answer": Action(
        gettext_lazy("Record the answer"),
        lambda s, d, f, **kw: forms.AnswerForm(d, **kw),
        lambda s, form, actor: services.record_answer(s, actor=actor, **form.cleaned_data),
        lambda s: (
            s.kind == JointSubmission.Kind.FORMAL_QUESTION
            and s.state in {JointSubmission.State.SUBMITTED, JointSubmission.State.ANSWER_AGAIN}
        ),
    ),
    "views": Action(
        gettext_lazy("Record the questioners' view of the answer"),
        lambda s, d, f, **kw: forms.ViewsForm(d, submission=s, **kw),
        lambda s, form, actor: services.record_questioner_views(s, form.views(), actor=actor),
        lambda s: s.state == JointSubmission.State.ANSWERED,
    ),
}


def _submission_for(user, pk):
    return get_object_or_404(access.get_submissions_for_user(user), pk=pk)


def _submission_page(request, item, *, bound=None, status=200):
    answers = item.answers.prefetch_related("views__member__person").order_by("round")
    context = {
        "item": item,
        "submitters": item.submitters.select_related("person").order_by("post", "pk"),
        "answers": answers,
        "forms": _forms(request.user, SUBMISSION_ACTIONS, item, bound),
        "audit_entries": audit_entries_for_user(request.user, item),
    }
    return render(request, "meetings/submission_detail.html", context, status=status)


@login_required
def submission_detail(request, pk):
    _require(request.user)
    return _submission_page(request, _submission_for(request.user, pk))


@login_required
@require_POST
def submission_act(request, pk, action):
    _require(request.user)
    return perform(
        request,
        SUBMISSION_ACTIONS,
        action,
        _submission_for(request.user, pk),
        page=_submission_page,
        detail="meetings:submission-detail",
        perm="meetings.manage",
    )
