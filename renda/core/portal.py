"""The portal's front page: what a citizen can do without an account, in one place."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (title, what it is for, URL name, icon)
PORTAL_PAGES = (
    (
        _("Send an opinion"),
        _("Tell the deputies what should change; follow it with its tracking code."),
        "portal-opinions:submit",
        "chat-left-text",
    ),
    (
        _("Follow an opinion"),
        _("See what became of your opinion and say whether you are satisfied."),
        "portal-opinions:track",
        "search",
    ),
    (
        _("Find a liaison station"),
        _("The nearest station, its deputies and its reception days."),
        "portal-deputies:finder",
        "geo-alt",
    ),
    (
        _("Calls for comments"),
        _("Comment on a draft regulation, article by article."),
        "consultations-portal:list",
        "file-earmark-text",
    ),
    (
        _("Handled suggestions"),
        _("Deputies' suggestions and the replies of the units that handled them."),
        "portal-suggestions",
        "card-checklist",
    ),
    (
        _("Livelihood projects"),
        _("The year's livelihood projects and how far they have come."),
        "livelihood-portal:list",
        "house-heart",
    ),
    (
        _("Ask for a document's review"),
        _("Ask the committee to review a normative document; follow your request."),
        "filings-portal:submit",
        "journal-check",
    ),
    (
        _("Statistics"),
        _("The committee's year in figures, counted from its records."),
        "portal-statistics:index",
        "bar-chart",
    ),
)


def portal(request):
    pages = [(title, text, reverse(name), icon) for title, text, name, icon in PORTAL_PAGES]
    return render(request, "core/portal.html", {"title": _("Public portal"), "pages": pages})
