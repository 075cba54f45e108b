"""Staff pages of the work ledgers (namespace "ledgers")."""

from django.urls import path

from renda.ledgers import views
from renda.ledgers.models import Kind
from renda.ledgers.navigation import LIST_URLS

app_name = "ledgers"
urlpatterns = [
    # the app's address opens its first ledger, the rules
    path("", views.entry_list_view(Kind.RULE), name="index"),
    *[
        path(prefix, views.entry_list_view(kind), name=url_name.split(":", 1)[1])
        for kind, (url_name, prefix, _icon) in LIST_URLS.items()
    ],
    path("new/<slug:kind>/", views.entry_create, name="entry-create"),
    path("entries/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/act/<slug:action>/", views.entry_act, name="entry-act"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("problem-areas/", views.AreaListView.as_view(), name="area-list"),
    path("problem-areas/new/", views.area_create, name="area-create"),
    path("problem-areas/<int:pk>/", views.area_detail, name="area-detail"),
    path("problem-areas/<int:pk>/edit/", views.area_edit, name="area-edit"),
]
