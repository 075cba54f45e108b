"""Open311 GeoReport v2 at /open311/v2/ (namespace "open311"). Every resource ends in
its format, ``.xml`` or ``.json``; an unknown suffix or path is answered with the spec's
error."""

from django.urls import path, re_path

from renda.opinions import open311

app_name = "open311"
urlpatterns = [
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("services.<str:fmt>", open311.service_list, name="services"),
    path("services/<str:code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.request_list, name="requests"),
    path("requests/<str:code>.<str:fmt>", open311.request_detail, name="request"),
    path("tokens/<str:token>.<str:fmt>", open311.token, name="token"),
    # anything else here is answered with the spec's error, not an HTML page
    re_path(r"^(?P<rest>.*)$", open311.unknown, name="unknown"),
]
