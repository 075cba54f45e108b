"""Public portal pages of consultations (namespace "consultations-portal")."""

from django.urls import path

from renda.consultations import portal

app_name = "consultations-portal"
urlpatterns = [
    path("", portal.consultation_list, name="list"),
    path("<int:pk>/", portal.consultation_detail, name="detail"),
    path("<int:pk>/comment/", portal.comment, name="comment"),
    path("track/", portal.track, name="track"),
]
