"""The reusable list page: filters, search, pagination, Excel export and htmx
partials, declared once per list."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views import View

from renda.core.forms import style_form
from renda.core.pagination import KeysFirstPaginator
from renda.core.spreadsheets import Column, xlsx_response

PAGE_SIZE = 25
MAX_SEARCH = 100


@dataclass(frozen=True)
class ListColumn:
    header: Any
    value: Callable[[Any], Any]
    link: str | None = None  # URL name taking the row's pk


class RecordListView(LoginRequiredMixin, View):
    title: Any = ""
    permission: str = "core.use_workbench"
    columns: list[ListColumn] = []
    filterset_class = None
    search_fields: list[str] = []
    export_name = "list"
    actions: list[tuple[Any, str, str]] = []  # (label, url name, permission)
    # Stop counting after this many rows (None: exact counts); see KeysFirstPaginator.
    count_limit: int | None = None
    # The limit while searching (see CappedPagination.search_count_limit); None: count_limit.
    search_count_limit: int | None = None
    # The fields the columns read (None: every field): a page's rows and an export load
    # only these, not each row's long texts and unused joined rows.
    row_fields: tuple[str, ...] | None = None
    template_name = "core/list.html"
    partial_name = "core/_list_table.html"

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get(self, request):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        queryset = self.get_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
            style_form(filterset.form)
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        filtered = queryset
        # PostgreSQL refuses NUL in text: a search for it is a search for nothing else
        query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_SEARCH]
        if query and self.search_fields:
            queryset = self.search(queryset, query)
        if request.GET.get("format") == "xlsx":
            columns = [Column(c.header, c.value) for c in self.columns]
            rows = self._narrowed(queryset).iterator(chunk_size=2000)
            return xlsx_response(self.export_name, columns, rows)
        limit = self.search_count_limit if query and self.search_count_limit else self.count_limit
        paginator = KeysFirstPaginator(
            queryset, PAGE_SIZE, count_limit=limit, rows=self._narrowed(self.get_queryset())
        )
        page = paginator.get_page(request.GET.get("page"))
        context = {
            "title": self.title,
            "filterset": filterset,
            "query": query,
            "page": page,
            "rows": [self._row(obj) for obj in page.object_list],
            "headers": [c.header for c in self.columns],
            "querystring": self._querystring(request),
            "actions": [
                (label, reverse(url))
                for label, url, perm in self.actions
                if request.user.has_perm(perm)
            ],
            "searchable": bool(self.search_fields),
            **self.get_extra_context(request, filtered),
        }
        template = self.partial_name if request.htmx else self.template_name
        response = render(request, template, context)
        # The same URL answers with a fragment or a page: caches must keep them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_extra_context(self, request, filtered: QuerySet) -> dict:
        """More for the template of a page (not of an export); ``filtered`` is the
        queryset after the filters, before search and pagination."""
        return {}

    def _narrowed(self, queryset: QuerySet) -> QuerySet:
        return queryset if self.row_fields is None else queryset.only(*self.row_fields)

    def search(self, queryset: QuerySet, query: str) -> QuerySet:
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": query})
        return queryset.filter(condition)

    def _row(self, obj):
        cells = []
        for column in self.columns:
            value = column.value(obj)
            url = reverse(column.link, args=[obj.pk]) if column.link else None
            cells.append((value, url))
        return cells

    @staticmethod
    def _querystring(request) -> str:
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        return params.urlencode()
