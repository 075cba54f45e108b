"""The public statistics page (namespace "portal-statistics")."""

from django.urls import path

from renda.reports import views

app_name = "portal-statistics"
urlpatterns = [
    path("", views.statistics, name="index"),
    path("<int:year>/", views.statistics, name="year"),
]
