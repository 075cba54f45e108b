"""Public portal pages of the deputies app (namespace "portal-deputies")."""

from django.urls import path  # noqa: F401

app_name = "portal-deputies"
urlpatterns: list = []
