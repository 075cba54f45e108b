from django.urls import path

from renda.reports import api

app_name = "reports"
urlpatterns = [
    path("annual/<int:year>/", api.annual_figures, name="annual-figures"),
]
