"""Public portal pages for opinions (namespace "portal-opinions")."""

from django.urls import path

from renda.opinions import portal

app_name = "portal-opinions"
urlpatterns = [
    path("", portal.submit, name="submit"),
    path("track/", portal.track, name="track"),
    path("evaluate/", portal.evaluate, name="evaluate"),
]
