from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from renda.reports import registry

MIN_YEAR, MAX_YEAR = 1980, 2100


@extend_schema(
    summary="Annual figures computed from the records",
    responses={
        200: inline_serializer(
            "AnnualFigures",
            {
                "year": serializers.IntegerField(),
                "figures": serializers.DictField(child=serializers.FloatField()),
            },
        ),
        404: OpenApiResponse(description="Year out of range"),
    },
)
@api_view(["GET"])
def annual_figures(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFound(_("No figures for this year."))
    return Response({"year": year, "figures": registry.compute_all(year)})
