"""Staff pages of the deputies app (namespace "deputies")."""

from django.urls import path  # noqa: F401

app_name = "deputies"
urlpatterns: list = []
