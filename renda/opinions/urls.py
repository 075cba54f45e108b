"""Workbench pages for public opinions (namespace "opinions")."""

from django.urls import path

from renda.opinions import views

app_name = "opinions"
urlpatterns = [
    path("", views.OpinionListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("hot-topics/", views.hot_topics_page, name="hot-topics"),
    path("export-personal/", views.export_personal, name="export-personal"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
