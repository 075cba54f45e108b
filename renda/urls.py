from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from renda.core import portal
from renda.suggestions import views as suggestion_views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("renda.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("handling/", include("renda.handling.urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("network/", include("renda.deputies.urls")),
    path("opinions/", include("renda.opinions.urls")),
    path("ballots/", include("renda.ballots.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("personnel/", include("renda.personnel.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("ledgers/", include("renda.ledgers.urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("consultations/", include("renda.consultations.urls")),
    path("filings/", include("renda.filings.urls")),
    path("reports/", include("renda.reports.page_urls")),
    path("dashboard/", include("renda.reports.dashboard_urls")),
    path("portal/network/", include("renda.deputies.portal_urls")),
    path("portal/opinions/", include("renda.opinions.portal_urls")),
    path("portal/livelihood/", include("renda.supervision.portal_urls")),
    path("portal/consultations/", include("renda.consultations.portal_urls")),
    path("portal/filings/", include("renda.filings.portal_urls")),
    path("portal/statistics/", include("renda.reports.portal_urls")),
    path("open311/v2/", include("renda.opinions.open311_urls")),
    path("portal/suggestions/", suggestion_views.public_list, name="portal-suggestions"),
    path("portal/", portal.portal, name="portal"),
    path("", include("renda.core.urls")),
]

if settings.DEBUG:  # pragma: no cover - media in production are served by nginx
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
