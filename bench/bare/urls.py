from django.urls import path

from bench.bare import views

urlpatterns = [
    path("api/v1/opinions/", views.intake, name="bare-intake"),
    path("ping/", views.ping, name="bare-ping"),
]
