"""Staff pages of supervision: research, recommendations, experts, consultations and
livelihood projects."""

from django.urls import path

from renda.supervision import views_projects as views

urlpatterns = [
    path("research/", views.ResearchListView.as_view(), name="research-list"),
    path("research/new/", views.research_create, name="research-create"),
    path("research/<int:pk>/", views.research_detail, name="research-detail"),
    path("research/<int:pk>/edit/", views.research_edit, name="research-edit"),
    path("research/<int:pk>/<slug:action>/", views.research_act, name="research-act"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path(
        "recommendations/<int:pk>/<slug:action>/",
        views.recommendation_act,
        name="recommendation-act",
    ),
    path("experts/", views.ExpertListView.as_view(), name="expert-list"),
    path("experts/new/", views.expert_create, name="expert-create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert-detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/<slug:action>/", views.expert_act, name="expert-act"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation-list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path(
        "consultations/<int:pk>/<slug:action>/",
        views.consultation_act,
        name="consultation-act",
    ),
    path("livelihood/", views.ProjectListView.as_view(), name="project-list"),
    path("livelihood/new/", views.project_create, name="project-create"),
    path("livelihood/selection/", views.project_selection, name="project-selection"),
    path("livelihood/<int:pk>/", views.project_detail, name="project-detail"),
    path("livelihood/<int:pk>/<slug:action>/", views.project_act, name="project-act"),
]
