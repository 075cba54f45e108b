"""Staff pages of consultations (namespace "consultations")."""

from django.urls import path

from renda.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.consultation_act, name="act"),
    path("<int:pk>/summary.docx", views.consultation_summary, name="summary"),
    path("contact-points/", views.ContactPointListView.as_view(), name="point-list"),
    path("contact-points/new/", views.point_create, name="point-create"),
    path("contact-points/<int:pk>/", views.point_detail, name="point-detail"),
    path("contact-points/<int:pk>/edit/", views.point_edit, name="point-edit"),
    path("contact-points/<int:pk>/comments/new/", views.point_comment, name="point-comment"),
]
