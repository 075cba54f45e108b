"""The citizen's pages (no login, mobile-first): the consultations open to the public,
one consultation's text article by article with a comment form per article (and one on
the whole text), the receipt with the tracking code, and the track page where the code
alone shows the comment and the decision on it. Submissions and look-ups are
rate-limited per client, like the opinions portal; a duplicate submit token never
stores two comments."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from renda.consultations import provisions as P
from renda.consultations import services
from renda.consultations.access import get_public_consultations
from renda.consultations.forms import PortalCommentForm, TrackForm
from renda.consultations.models import Channel
from renda.core.forms import add_service_errors
from renda.core.public import client_key
from renda.handling.workflow import InvalidTransition
from renda.legislation.structure import article_lines


@require_safe
def consultation_list(request):
    consultations = list(get_public_consultations())
    return render(request, "consultations/portal_list.html", {"consultations": consultations})


def _articles(consultation) -> list[dict]:
    return [
        {
            "num": a["num"],
            "ref": P.make_ref(a["num"]),
            "label": P.label_for(a["num"]),
            "lines": article_lines(a),
            "token": uuid.uuid4().hex,  # one per form: two articles' comments never collide
        }
        for a in P.articles(consultation.version.tree)
    ]


def _detail(request, consultation, *, bound=None, status=200):
    context = {
        "consultation": consultation,
        "title_line": consultation.version.tree.get("title")
        or consultation.version.legal_text.title,
        "articles": _articles(consultation),
        "form": PortalCommentForm(),
        "whole_token": uuid.uuid4().hex,
        "bound": bound,
    }
    return render(request, "consultations/portal_detail.html", context, status=status)


@require_safe
def consultation_detail(request, pk):
    return _detail(request, get_object_or_404(get_public_consultations(), pk=pk))


@require_POST
def comment(request, pk):
    consultation = get_object_or_404(get_public_consultations(), pk=pk)
    form = PortalCommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created, _new = services.add_comment(
                consultation,
                text=data["text"],
                provision=data["provision"],
                channel=Channel.PORTAL,
                citizen_name=data["citizen_name"],
                citizen_contact=data["citizen_contact"],
                client_token=data["client_token"] or None,
                client_key=client_key(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (InvalidTransition, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        except services.RateLimited as exc:
            form.add_error(None, str(exc))
            return _detail(request, consultation, bound=form, status=429)
        else:
            # shown on this response, not in an address: the code is the citizen's key
            return render(request, "consultations/portal_received.html", {"comment": created})
    return _detail(request, consultation, bound=form, status=400)


@require_http_methods(["GET", "POST"])
def track(request):
    """The code travels in a POST body, so it stays out of addresses and logs."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.lookup_allowed(client_key(request)):
            form.add_error(None, _("Too many look-ups from this address; try again later."))
            return render(request, "consultations/portal_track.html", {"form": form}, status=429)
        found = services.comment_for_code(form.cleaned_data["code"])
        if found is not None:
            info = services.public_status(found)
            return render(request, "consultations/portal_status.html", {"info": info})
        form.add_error("code", _("No comment has this tracking code."))
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/portal_track.html", {"form": form}, status=status)
