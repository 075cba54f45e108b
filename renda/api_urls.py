"""/api/v1/: one router for the whole project; each app registers its viewsets here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from renda.ballots import api as ballots_api
from renda.consultations import api as consultations_api
from renda.core import api as core_api
from renda.deputies import api as deputies_api
from renda.filings import api as filings_api
from renda.handling import api as handling_api
from renda.ledgers import api as ledgers_api
from renda.legislation import api as legislation_api
from renda.meetings import api as meetings_api
from renda.opinions import api as opinions_api
from renda.personnel import api as personnel_api
from renda.suggestions import api as suggestions_api
from renda.supervision import api as supervision_api

router = DefaultRouter()
router.include_format_suffixes = False
router.register("deputies", core_api.DeputyViewSet, basename="deputy")
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("committee-members", core_api.CommitteeMemberViewSet, basename="committee-member")
router.register("terms", core_api.TermViewSet, basename="term")
router.register("cases", handling_api.CaseViewSet, basename="case")
router.register("inbox", handling_api.InboxViewSet, basename="inbox")
router.register("suggestions", suggestions_api.SuggestionViewSet, basename="suggestion")
APP_APIS = (
    deputies_api,
    opinions_api,
    ballots_api,
    meetings_api,
    personnel_api,
    supervision_api,
    ledgers_api,
    legislation_api,
    consultations_api,
    filings_api,
)
for _api in APP_APIS:
    for prefix, viewset, basename in _api.ROUTES:
        router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = [
    path("auth/token/", core_api.obtain_token, name="token"),
    path("reports/", include("renda.reports.urls")),
    path("export/", include("renda.reports.export_urls")),
    path("handling/statistics/", handling_api.statistics, name="handling-statistics"),
    path("commendations/", suggestions_api.commendations, name="commendations"),
    *[entry for _api in APP_APIS for entry in _api.API_PATHS],
    path("", include(router.urls)),
]
