"""Workbench pages of the reports (namespace "reports")."""

from django.urls import path

from renda.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_current, name="annual-current"),
    path("annual/<int:year>/", views.annual_page, name="annual"),
    path("annual/<int:year>/sections/<slug:section>/", views.annual_section, name="annual-section"),
    path("annual/<int:year>/publish/", views.annual_publish, name="annual-publish"),
    path("annual/<int:year>/withdraw/", views.annual_withdraw, name="annual-withdraw"),
    path("annual/<int:year>/download/<slug:fmt>/", views.annual_download, name="annual-download"),
]
