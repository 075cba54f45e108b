"""The leaders' dashboard (namespace "dashboard")."""

from django.urls import path

from renda.reports import views_dashboard

app_name = "dashboard"
urlpatterns = [
    path("", views_dashboard.leaders, name="leaders"),
]
