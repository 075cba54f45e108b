"""Staff pages of supervision: oversight."""

from django.urls import path

from renda.supervision import views_oversight as views

urlpatterns: list = [
    # the app's address opens the supervision plans
    path("", views.PlanListView.as_view(), name="index"),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/act/<slug:action>/", views.plan_act, name="plan-act"),
    path("plan-items/<int:pk>/start/", views.plan_item_start, name="plan-item-start"),
    path("work-reports/", views.WorkReportListView.as_view(), name="work-report-list"),
    path("work-reports/new/", views.work_report_create, name="work-report-create"),
    path("work-reports/<int:pk>/", views.work_report_detail, name="work-report-detail"),
    path(
        "work-reports/<int:pk>/act/<slug:action>/",
        views.work_report_act,
        name="work-report-act",
    ),
    path("inquiries/", views.InquiryListView.as_view(), name="inquiry-list"),
    path("inquiries/new/", views.inquiry_create, name="inquiry-create"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry-detail"),
    path("inquiries/<int:pk>/act/<slug:action>/", views.inquiry_act, name="inquiry-act"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/new/", views.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/act/<slug:action>/", views.inspection_act, name="inspection-act"),
    path("opinions/", views.OpinionListView.as_view(), name="opinion-list"),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/new/", views.decision_create, name="decision-create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/act/<slug:action>/", views.decision_act, name="decision-act"),
]
