"""Shared API pieces: pagination, one JSON error shape for every failure, and the
model serializer every API uses."""

import copy
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from renda.core.pagination import KeysFirstPaginator
from renda.core.workdays import UnknownCalendarYear
from renda.handling.workflow import InvalidTransition

logger = logging.getLogger(__name__)


class ModelSerializer(serializers.ModelSerializer):
    # DRF's ModelSerializer, with its fields built from the model once per class. DRF
    # builds them for every serializer instance, from the model's metadata: that costs
    # more than the rest of validating a new suggestion. They depend on the class alone
    # (its Meta and declared fields; no serializer of renda overrides get_fields), so each
    # instance gets a copy of the class's, as DRF itself copies declared fields.
    # (No docstring: the API schema would show it for every serializer without one.)

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)


class Pagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of day ("09:00", Beijing time): OpenAPI's ``format: time`` would
    demand a UTC offset that a reception's opening hour does not have."""


class CappedPagination(Pagination):
    """For lists that run to millions: ``count`` stops at ``count_limit`` + 1 and
    ``count_is_capped`` says so (see KeysFirstPaginator)."""

    count_limit = 10_000
    # A full-text search (``?q=``) is counted to a lower limit: counting the matches of
    # a common word is most of a search's cost (PostgreSQL reads each match's row), and
    # nobody pages through a thousand results rather than adding a word.
    search_count_limit = 1_000

    def paginate_queryset(self, queryset, request, view=None):
        # the page's rows are loaded from the view's list before search and filters
        self.rows = view.get_queryset() if view is not None else None
        searching = bool(str(request.query_params.get("q", "")).strip())
        self.limit = self.search_count_limit if searching else self.count_limit
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {"type": "boolean"}
        return schema

    def django_paginator_class(self, queryset, per_page, **kwargs):
        return KeysFirstPaginator(
            queryset, per_page, count_limit=self.limit, rows=self.rows, **kwargs
        )


class Conflict(exceptions.APIException):
    """An illegal workflow move (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc, context):
    """Errors as ``{"detail": message, "errors": {field: [messages]}}``."""
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, UnknownCalendarYear | InvalidTransition):
        exc = Conflict(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response({"detail": _("Internal error.")}, status=500)
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": _("The input is not valid."), "errors": errors}
    elif not isinstance(data, dict) or "detail" not in data:
        response.data = {"detail": str(data)}
    return response


def validated(serializer_class, data) -> dict:
    """Validate a request's body or query against a serializer; a 400 on bad input."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
