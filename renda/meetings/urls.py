"""Staff pages of the meetings app (namespace "meetings")."""

from django.urls import path

from renda.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path(
        "sessions/<int:pk>/documents/<slug:document>/",
        views.session_document,
        name="session-document",
    ),
    path("sessions/<int:pk>/<slug:action>/", views.session_act, name="session-act"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/<slug:action>/", views.item_act, name="item-act"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("chair-meetings/", views.ChairMeetingListView.as_view(), name="chair-meeting-list"),
    path("chair-meetings/new/", views.chair_meeting_create, name="chair-meeting-create"),
    path("chair-meetings/<int:pk>/", views.chair_meeting_detail, name="chair-meeting-detail"),
    path(
        "chair-meetings/<int:pk>/<slug:action>/",
        views.chair_meeting_act,
        name="chair-meeting-act",
    ),
    path("submissions/", views.SubmissionListView.as_view(), name="submission-list"),
    path("submissions/new/", views.submission_create, name="submission-create"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("submissions/<int:pk>/<slug:action>/", views.submission_act, name="submission-act"),
]
