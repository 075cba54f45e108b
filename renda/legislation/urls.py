"""Staff pages of legislation (namespace "legislation")."""

from django.urls import path

from renda.legislation import views

app_name = "legislation"
urlpatterns = [
    # the app's address opens the legal texts (projects and plans will come first here)
    path("", views.TextListView.as_view(), name="index"),
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
