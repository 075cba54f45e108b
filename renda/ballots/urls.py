"""Staff pages of the ballots app (namespace "ballots")."""

from django.urls import path

from renda.ballots import views

app_name = "ballots"
urlpatterns = [
    path("", views.BallotListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/enter/", views.enter, name="enter"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("results/<int:pk>/", views.public_result, name="public-result"),
]
