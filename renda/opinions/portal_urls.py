"""Public portal pages of the opinions app (namespace "portal-opinions")."""

from django.urls import path  # noqa: F401

app_name = "portal-opinions"
urlpatterns: list = []
