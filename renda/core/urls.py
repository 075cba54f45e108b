from django.urls import path

from renda.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("deputies/", views.DeputyListView.as_view(), name="deputy-list"),
    path("deputies/new/", views.deputy_edit, name="deputy-create"),
    path("deputies/import/", views.import_records, {"kind": "deputies"}, name="deputy-import"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy-detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy-edit"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.organisation_edit, name="organisation-create"),
    path(
        "organisations/import/", views.import_records, {"kind": "units"}, name="organisation-import"
    ),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("settings/rules/", views.rule_settings, name="rule-settings"),
    path("settings/rules/<str:key>/", views.rule_setting_edit, name="rule-setting-edit"),
    path("settings/calendar/", views.calendar, name="calendar"),
    path("audit/", views.AuditListView.as_view(), name="audit-list"),
]
