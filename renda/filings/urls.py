"""Staff and issuer pages of filings (namespace "filings")."""

from django.urls import path

from renda.filings import views

app_name = "filings"
urlpatterns = [
    path("", views.FilingListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/act/<slug:action>/", views.review_act, name="review-act"),
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/act/<slug:action>/", views.request_act, name="request-act"),
    path("annual-lists/", views.annual_lists, name="annual-lists"),
    path("annual-lists/new/", views.annual_list_create, name="annual-list-create"),
    path("report/<int:year>/", views.report, name="report"),
]
