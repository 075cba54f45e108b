"""Ballot pages: the list, a ballot with its tally, a member's vote on a tablet, the
clerk's entry of paper ballots, the office's open/close/publish, the public result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.ballots import services
from renda.ballots.access import (
    can_vote,
    get_ballots_for_user,
    get_published_ballots,
    has_voted,
    votes_in_person,
)
from renda.ballots.forms import BallotFilter, BallotForm, ClerkEntryForm, VoteForm
from renda.ballots.models import Ballot, Participation, Vote
from renda.core import audit
from renda.core.forms import add_service_errors
from renda.core.listing import ListColumn, RecordListView
from renda.handling.workflow import InvalidTransition

St = Ballot.State
SHOWS_RESULT = {St.CLOSED, St.PUBLISHED}


def _result_label(ballot: Ballot) -> str:
    if ballot.state not in SHOWS_RESULT or ballot.passed is None:
        return ""
    return str(_("Passed") if ballot.passed else _("Not passed"))


class BallotListView(RecordListView):
    title = gettext_lazy("Ballots")
    permission = "ballots.view_list"
    filterset_class = BallotFilter
    search_fields = ["question", "subject__name"]
    export_name = "ballots"
    actions = [(gettext_lazy("New ballot"), "ballots:create", "ballots.manage")]
    columns = [
        ListColumn(gettext_lazy("Date"), lambda b: b.held_on),
        ListColumn(gettext_lazy("Question"), lambda b: b.question, "ballots:detail"),
        ListColumn(gettext_lazy("Kind"), lambda b: b.get_kind_display()),
        ListColumn(gettext_lazy("Method"), lambda b: b.get_method_display()),
        ListColumn(gettext_lazy("State"), lambda b: b.get_state_display()),
        ListColumn(gettext_lazy("Result"), _result_label),
    ]

    def get_queryset(self):
        return get_ballots_for_user(self.request.user).order_by("-held_on", "-pk")


def _ballot_for(user, pk) -> Ballot:
    return get_object_or_404(get_ballots_for_user(user), pk=pk)


def _context(request, ballot: Ballot) -> dict:
    user = request.user
    shows_result = ballot.state in SHOWS_RESULT
    result = services.tally(ballot) if shows_result else None
    participants = Participation.objects.filter(ballot=ballot).select_related("voter")
    votes = None
    if shows_result and ballot.method == Ballot.Method.ROLL_CALL:
        votes = (
            Vote.objects.filter(ballot=ballot)
            .select_related("voter")
            .prefetch_related("options")
            .order_by("voter__name")
        )
    return {
        "ballot": ballot,
        "title": ballot.question,
        "result": result,
        "participant_count": participants.count(),
        # who took part; never, for a secret ballot, what anyone chose
        "participants": sorted(p.voter.name for p in participants),
        "votes": votes,
        "may_manage": user.has_perm("ballots.manage"),
        "may_vote": can_vote(user, ballot),
        "has_voted": has_voted(user, ballot),
        "audit_entries": list(audit.entries_for(ballot)[:100])
        if user.has_perm("core.view_history")
        else None,
    }


@login_required
@require_GET
def detail(request, pk):
    if not request.user.has_perm("ballots.view_list"):
        raise PermissionDenied
    ballot = _ballot_for(request.user, pk)
    return render(request, "ballots/detail.html", _context(request, ballot))


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not request.user.has_perm("ballots.manage"):
        raise PermissionDenied
    form = BallotForm(request.POST or None, initial={"places": 1})
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.create_ballot(**form.service_kwargs(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ballot prepared."))
            return redirect("ballots:detail", pk=ballot.pk)
    status = 400 if form.errors else 200
    return render(
        request, "core/edit.html", {"forms": [form], "title": _("New ballot")}, status=status
    )


ACTIONS = {
    "open": (gettext_lazy("Open voting"), services.open_ballot),
    "close": (gettext_lazy("Close voting"), services.close_ballot),
    "publish": (gettext_lazy("Publish the result"), services.publish_ballot),
}


@login_required
@require_POST
def act(request, pk, action):
    if not request.user.has_perm("ballots.manage") or action not in ACTIONS:
        raise PermissionDenied
    ballot = _ballot_for(request.user, pk)
    label, run = ACTIONS[action]
    try:
        run(ballot, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect("ballots:detail", pk=ballot.pk)


@login_required
@require_http_methods(["GET", "POST"])
def vote(request, pk):
    """A member's own vote, on a tablet at the session: one big button per option (a
    selection: tick up to the places, then cast). htmx swaps in the confirmation."""
    if not votes_in_person(request.user):
        raise PermissionDenied
    ballot = _ballot_for(request.user, pk)
    voted = has_voted(request.user, ballot)
    if not voted and not services.is_entitled(ballot, request.user.person):
        raise PermissionDenied
    form = VoteForm(request.POST or None, ballot=ballot)
    error, status = "", 200
    away = "" if voted else services.absence(ballot, request.user.person) or ""
    if request.method == "POST" and away:
        status = 400
    elif request.method == "POST" and not voted:
        # a member's own vote names an option; blank papers reach the count only
        # through the clerk's entry
        if form.is_valid() and form.cleaned_data["choice"]:
            try:
                services.cast(
                    ballot,
                    voter=request.user.person,
                    choices=form.cleaned_data["choice"],
                    actor=request.user,
                )
            except (ValidationError, InvalidTransition) as exc:
                error, status = " ".join(getattr(exc, "messages", [str(exc)])), 400
            else:
                voted = True
        else:
            error, status = _("Choose among the options on the ballot."), 400
    context = {
        "ballot": ballot,
        "title": ballot.question,
        "form": form,
        "options": list(ballot.options.all()),
        "voted": voted,
        "away": away,
        "error": error,
    }
    template = "ballots/_vote_panel.html" if request.htmx else "ballots/vote.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def enter(request, pk):
    """The clerk enters paper ballots for members: who, and what the paper says. For a
    secret ballot the paper and the name come from separate boxes; the engine keeps
    only the participation and the counters either way."""
    if not request.user.has_perm("ballots.manage"):
        raise PermissionDenied
    ballot = _ballot_for(request.user, pk)
    if ballot.state != St.OPEN:
        messages.error(request, _("This ballot is not open for voting."))
        return redirect("ballots:detail", pk=ballot.pk)
    away = services.absentees(ballot)
    voters = services.remaining_voters(ballot, away).order_by("name", "pk")
    form = ClerkEntryForm(request.POST or None, ballot=ballot, voters=voters)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cast(
                    ballot,
                    voter=form.cleaned_data["voter"],
                    choices=form.cleaned_data["choice"],
                    actor=request.user,
                    by_clerk=True,
                )
            except (ValidationError, InvalidTransition) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Entered for %(name)s.") % {"name": form.cleaned_data["voter"]}
                )
                return redirect("ballots:enter", pk=ballot.pk)
        status = 400
    context = {
        "ballot": ballot,
        "title": ballot.question,
        "form": form,
        "remaining": voters.count(),
        "away": list(away.values()),
        "participant_count": Participation.objects.filter(ballot=ballot).count(),
    }
    return render(request, "ballots/enter.html", context, status=status)


@require_GET
def public_result(request, pk):
    """A published result, open to everyone: counts and shares, never who chose what."""
    ballot = get_published_ballots().filter(pk=pk).first()
    if ballot is None:
        raise Http404
    result = services.tally(ballot)
    return render(
        request,
        "ballots/public_result.html",
        {"ballot": ballot, "result": result, "title": ballot.question},
    )
