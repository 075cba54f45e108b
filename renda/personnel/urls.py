"""Staff pages of the personnel app (namespace "personnel")."""

from django.urls import path

from renda.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.BillListView.as_view(), name="bill-list"),
    path("bills/new/", views.bill_create, name="bill-create"),
    path("bills/<int:pk>/", views.bill_detail, name="bill-detail"),
    path("bills/<int:pk>/act/<slug:action>/", views.bill_act, name="bill-act"),
    path("appointments/", views.ItemListView.as_view(), name="item-list"),
    path("appointments/<int:pk>/act/<slug:action>/", views.item_act, name="item-act"),
    path("appointments/<int:pk>/certificate/", views.item_certificate, name="item-certificate"),
    path("oaths/", views.CeremonyListView.as_view(), name="ceremony-list"),
    path("oaths/new/", views.ceremony_create, name="ceremony-create"),
    path("oaths/<int:pk>/", views.ceremony_detail, name="ceremony-detail"),
]
