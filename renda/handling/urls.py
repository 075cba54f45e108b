from django.urls import path

from renda.handling import views

app_name = "handling"
urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/overdue/", views.OverdueListView.as_view(), name="overdue-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/act/<slug:action>/", views.case_act, name="case-act"),
    path("cases/<int:pk>/documents/<slug:document>/", views.case_document, name="case-document"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("statistics/", views.statistics, name="statistics"),
]
