"""Open-data exports under /api/v1/export/ (namespace "export")."""

from django.urls import path

from renda.reports import api_popolo

app_name = "export"
urlpatterns = [
    path("popolo.json", api_popolo.popolo, name="popolo"),
]
