"""Staff pages of the deputies app (namespace "deputies")."""

from django.urls import path

from renda.deputies import views, views_performance

app_name = "deputies"
urlpatterns = [
    path("", views.PlaceListView.as_view(), name="place-list"),
    path("places/new/", views.place_edit, name="place-create"),
    path("places/<int:pk>/", views.place_detail, name="place-detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="place-edit"),
    path("places/<int:pk>/deputies/", views.place_deputies, name="place-deputies"),
    path(
        "places/<int:pk>/reception-days/new/",
        views.reception_day_create,
        name="reception-day-create",
    ),
    path("reception-days/", views.ReceptionDayListView.as_view(), name="reception-day-list"),
    path("reception-days/<int:pk>/", views.reception_day_detail, name="reception-day-detail"),
    path(
        "reception-days/<int:pk>/<slug:action>/",
        views.reception_day_act,
        name="reception-day-act",
    ),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("deputies/<int:pk>/record/", views.duty_record, name="duty-record"),
    path("my-record/", views.my_record, name="my-record"),
    path("coverage/", views.coverage, name="coverage"),
    path("performance/", views_performance.PerformanceListView.as_view(), name="performance"),
    path("absences/", views.AbsenceListView.as_view(), name="absence-list"),
    path("absences/new/", views.absence_create, name="absence-create"),
    path("absences/flagged/", views.FlaggedListView.as_view(), name="flagged-list"),
]
