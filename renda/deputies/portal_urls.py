"""Public portal pages of the deputies app (namespace "portal-deputies")."""

from django.urls import path

from renda.deputies import portal_views as views

app_name = "portal-deputies"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("places/<int:pk>/", views.place_page, name="place"),
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/<int:pk>/", views.deputy_page, name="deputy"),
]
