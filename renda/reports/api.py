from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from renda.core import clock
from renda.reports import registry
from renda.reports.services import MAX_YEAR, MIN_YEAR


class CommitteeSide(BasePermission):
    """The year's figures, published or not, are the committee side's (as the report)."""

    def has_permission(self, request, view):
        return request.user.has_perm("reports.view_annual_report")


@extend_schema(
    summary="Annual figures computed from the records",
    responses={
        200: inline_serializer(
            "AnnualFigures",
            {
                "year": serializers.IntegerField(),
                "year_in_progress": serializers.BooleanField(),
                "figures": serializers.DictField(child=serializers.FloatField()),
                "incomplete": serializers.DictField(
                    child=inline_serializer(
                        "IncompleteFigure",
                        {"pending": serializers.IntegerField(), "what": serializers.CharField()},
                    ),
                    help_text="Figures whose inputs are not all final (e.g. cases in handling).",
                ),
            },
        ),
        404: OpenApiResponse(description="Year out of range"),
    },
)
@api_view(["GET"])
@permission_classes([CommitteeSide])
def annual_figures(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFound(_("No figures for this year."))
    return Response(
        {
            "year": year,
            "year_in_progress": year >= clock.today().year,
            "figures": registry.compute_all(year),
            "incomplete": registry.incomplete(year),
        }
    )
