"""Public portal pages of filings (namespace "filings-portal")."""

from django.urls import path

from renda.filings import portal

app_name = "filings-portal"
urlpatterns = [
    path("", portal.submit, name="submit"),
    path("track/", portal.track, name="track"),
]
