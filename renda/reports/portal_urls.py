"""The public statistics page (namespace "portal-statistics")."""

from django.urls import path

app_name = "portal-statistics"
urlpatterns: list = []
