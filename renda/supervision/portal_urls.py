"""Public pages of livelihood projects (/portal/livelihood/, namespace "livelihood-portal")."""

from django.urls import path

from renda.supervision import portal_views as views

app_name = "livelihood-portal"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_page, name="detail"),
]
