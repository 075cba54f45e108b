"""The citizen's pages (no login, mobile-first): submit an opinion, follow it and
evaluate the reply with the tracking code alone (R90)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import public
from renda.core.forms import add_service_errors
from renda.core.public import client_key
from renda.handling.workflow import InvalidTransition
from renda.opinions import services
from renda.opinions.forms import EvaluateForm, SubmitForm, TrackForm
from renda.opinions.models import Channel

LOOKUPS_PER_HOUR = 60


def _lookup_allowed(request) -> bool:
    """Tracking codes cannot be guessed, and guessing is slowed down further."""
    return public.within_hourly_limit("opinions:track", client_key(request), LOOKUPS_PER_HOUR)


@require_http_methods(["GET", "POST"])
def submit(request):
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opinion, _created = services.submit_opinion(
                text=data["text"],
                category=data["category"],
                channel=Channel.PORTAL,
                district=data["district"],
                location=data["location"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photos=data["photos"],
                submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"],
                client_token=data["client_token"] or None,
                client_key=client_key(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.RateLimited as exc:
            form.add_error(None, str(exc))
            return render(request, "opinions/portal_submit.html", {"form": form}, status=429)
        else:
            # Shown on this response, not in a URL: the code is the citizen's key.
            return render(request, "opinions/portal_submitted.html", {"opinion": opinion})
    status = 400 if request.method == "POST" else 200
    return render(request, "opinions/portal_submit.html", {"form": form}, status=status)


def _status_page(request, opinion, evaluate_form=None, status=200):
    info = services.public_status(opinion)
    if info["can_evaluate"] and evaluate_form is None:
        evaluate_form = EvaluateForm(initial={"code": opinion.tracking_code})
    context = {"opinion": opinion, "info": info, "evaluate_form": evaluate_form}
    return render(request, "opinions/portal_status.html", context, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    """The code travels in a POST body, so it stays out of addresses and logs."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _lookup_allowed(request):
            form.add_error(None, _("Too many look-ups from this address; try again later."))
            return render(request, "opinions/portal_track.html", {"form": form}, status=429)
        opinion = services.opinion_for_code(form.cleaned_data["code"])
        if opinion is not None:
            return _status_page(request, opinion)
        form.add_error("code", _("No opinion has this tracking code."))
    status = 400 if request.method == "POST" else 200
    return render(request, "opinions/portal_track.html", {"form": form}, status=status)


@require_POST
def evaluate(request):
    form = EvaluateForm(request.POST)
    code = request.POST.get("code", "")
    if not _lookup_allowed(request):
        raise PermissionDenied
    opinion = services.opinion_for_code(code)
    if opinion is None:
        return render(
            request,
            "opinions/portal_track.html",
            {"form": TrackForm(initial={"code": code})},
            status=404,
        )
    if form.is_valid():
        try:
            services.evaluate_by_code(
                code, result=form.cleaned_data["result"], comment=form.cleaned_data["comment"]
            )
        except (ValidationError, InvalidTransition) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            opinion.refresh_from_db()
            return _status_page(request, opinion)
    return _status_page(request, opinion, evaluate_form=form, status=400)
