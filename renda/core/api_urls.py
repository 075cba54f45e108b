from django.urls import include, path
from rest_framework.routers import DefaultRouter

from renda.core import api

router = DefaultRouter()
router.register("deputies", api.DeputyViewSet, basename="deputy")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("committee-members", api.CommitteeMemberViewSet, basename="committee-member")
router.register("terms", api.TermViewSet, basename="term")

urlpatterns = [
    path("auth/token/", api.obtain_token, name="api-token"),
    path("reports/", include("renda.reports.urls")),
    path("", include(router.urls)),
]
