"""The citizen's pages (no login, mobile-first): ask for a review of a normative
document (R65) and follow it, with the outcome, by the tracking code alone."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.core.forms import add_service_errors
from renda.core.public import client_key
from renda.filings import services
from renda.filings.forms import PortalRequestForm, TrackForm
from renda.filings.models import ReviewRequest


@require_http_methods(["GET", "POST"])
def submit(request):
    form = PortalRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item, _created = services.submit_request(
                requester_kind=data["requester_kind"],
                document_title=data["document_title"],
                document_number=data["document_number"],
                reasons=data["reasons"],
                requester_name=data["requester_name"],
                requester_contact=data["requester_contact"],
                channel=ReviewRequest.Channel.PORTAL,
                client_token=data["client_token"] or None,
                client_key=client_key(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.RateLimited as exc:
            form.add_error(None, str(exc))
            return render(request, "filings/portal_submit.html", {"form": form}, status=429)
        else:
            # shown on this response, not in a URL: the code is the requester's key
            return render(request, "filings/portal_submitted.html", {"item": item})
    status = 400 if request.method == "POST" else 200
    return render(request, "filings/portal_submit.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    """The code travels in a POST body, out of addresses and logs."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.lookup_allowed(client_key(request)):
            form.add_error(None, _("Too many look-ups from this address; try again later."))
            return render(request, "filings/portal_track.html", {"form": form}, status=429)
        item = services.request_for_code(form.cleaned_data["code"])
        if item is not None:
            return render(
                request, "filings/portal_status.html", {"info": services.public_status(item)}
            )
        form.add_error("code", _("No review request has this tracking code."))
    status = 400 if request.method == "POST" else 200
    return render(request, "filings/portal_track.html", {"form": form}, status=status)
