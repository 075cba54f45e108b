"""Typed query filters: an id or a year is a bounded whole number, so "0.0", "1e30"
or "abc" are a 400 with a message, never a database overflow."""

from django import forms
from django_filters import rest_framework as filters

MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1980)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
