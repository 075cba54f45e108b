from django.urls import path

from renda.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="list"),
    path("new/", views.edit, name="create"),
    path("commendations/", views.commendations_page, name="commendations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/<slug:action>/", views.review, name="review"),
]
