"""Staff pages of legislation (namespace "legislation")."""

from django.urls import path

from renda.legislation import views, views_projects

app_name = "legislation"
urlpatterns = [
    # the app's address opens the legislative projects
    path("", views_projects.ProjectListView.as_view(), name="index"),
    path("projects/", views_projects.ProjectListView.as_view(), name="project-list"),
    path("projects/new/", views_projects.project_create, name="project-create"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/<slug:action>/", views_projects.project_act, name="project-act"),
    path("plans/", views_projects.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views_projects.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views_projects.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/items/new/", views_projects.plan_item_create, name="plan-item-create"),
    path("plans/<int:pk>/<slug:action>/", views_projects.plan_act, name="plan-act"),
    path("topics/", views_projects.TopicListView.as_view(), name="topic-list"),
    path("topics/new/", views_projects.topic_create, name="topic-create"),
    path("topics/<int:pk>/", views_projects.topic_detail, name="topic-detail"),
    path("topics/<int:pk>/<slug:action>/", views_projects.topic_act, name="topic-act"),
    path("texts/", views.TextListView.as_view(), name="text-list"),
    path("texts/new/", views.text_create, name="text-create"),
    path("texts/<int:pk>/", views.text_detail, name="text-detail"),
    path("texts/<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("texts/<int:pk>/compare/", views.comparison, name="comparison"),
    path("texts/<int:pk>/compare/docx/", views.comparison_docx, name="comparison-docx"),
    path("versions/<int:pk>/", views.version_detail, name="version-detail"),
    path("versions/<int:pk>/akn.xml", views.version_akn, name="version-akn"),
    path("versions/<int:pk>/structure.json", views.version_json, name="version-json"),
]
