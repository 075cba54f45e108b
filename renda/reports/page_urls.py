"""Workbench pages of the reports (namespace "reports")."""

from django.urls import path

app_name = "reports"
urlpatterns: list = []
