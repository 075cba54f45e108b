"""The deputies' performance overview (issue 9): one row per deputy of a term with their
duty record summarised (records.with_duty_summary), filtered, searched, sorted by any
column and exported to Excel like every list."""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.listing import ListColumn, RecordListView
from renda.core.models import Deputy, Organisation, Term
from renda.deputies import records

DATE = forms.DateInput(attrs={"type": "date"})
FIRST_YEAR, LAST_YEAR = 1954, 2200  # the first people's congresses; beyond, a typo


def _period(data: dict) -> tuple[dt.date | None, dt.date | None]:
    """[start, end] from a year and/or a date range (both: the days common to both);
    open bounds are None."""
    start, end = data.get("date_from"), data.get("date_to")
    if data.get("year") is not None:
        year = int(data["year"])
        start = max(start or dt.date.min, dt.date(year, 1, 1))
        end = min(end or dt.date.max, dt.date(year, 12, 31))
    return start, end


class PeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = _period(data)
        if start and end and start > end:
            raise forms.ValidationError(_("The period has no days: check the year and dates."))
        return data


class PerformanceFilter(django_filters.FilterSet):
    """Which deputies (term, delegation, sector, status) and which period the counts
    cover (a year and/or a date range; both given: the days common to both). The
    period filters select no rows: the view reads them through ``period``."""

    term = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Term"),
        queryset=Term.objects.order_by("-number"),
        to_field_name="number",
        empty_label=None,
    )
    delegation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Delegation"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DELEGATION).order_by("code"),
    )
    sector = django_filters.ChoiceFilter(
        label=gettext_lazy("Sector"), choices=Deputy.Sector.choices
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Deputy.Status.choices
    )
    year = django_filters.NumberFilter(
        label=gettext_lazy("Year"),
        method="period_only",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        decimal_places=0,
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("From"), method="period_only", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("Until"), method="period_only", widget=DATE
    )

    class Meta:
        model = Deputy
        form = PeriodForm
        fields = ["term", "delegation", "sector", "status", "year", "date_from", "date_to"]

    def __init__(self, data=None, *args, **kwargs):
        # No term chosen: the latest one (the list is always of one term).
        data = (data or QueryDict()).copy()
        if not data.get("term"):
            latest = Term.objects.order_by("-number").values_list("number", flat=True).first()
            if latest is not None:
                data["term"] = str(latest)
        super().__init__(data, *args, **kwargs)

    def period_only(self, queryset, name, value):
        return queryset

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """[start, end] of the counts; open bounds are None. Call after is_valid()."""
        return _period(self.form.cleaned_data)


@dataclass(frozen=True)
class SortColumn(ListColumn):
    sort: str | None = None  # the ?sort= key; None: not sortable
    first: str = "-"  # the direction of the first click: counts go highest first


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


def _count(name):
    return lambda d: getattr(d, name)


# ?sort= key → what the queryset orders by. The default order is the register's.
SORTS = {
    "code": "code",
    "name": "person__name",
    "delegation": "delegation__code",
    "activities": "activity_count",
    "receptions": "reception_count",
    "inspections": "inspection_count",
    "training": "training_count",
    "reports": "duty_report_count",
    "reception_days": "reception_day_count",
    "led": "led_count",
    "co_signed": "co_signed_count",
    "observed": "observed_count",
    "trained": "trained",
    "reported": "reported",
    "absences": "absence_count",
    "unapproved": "unapproved_absence_count",
}
DEFAULT_ORDER = ("delegation__code", "code", "pk")


def sort_key(value: str) -> str:
    """``value`` if it is one of SORTS ("-" first: descending); else "" (unknown keys
    are ignored, never an error)."""
    value = (value or "")[:40]
    return value if value.removeprefix("-") in SORTS else ""


def summary_queryset(
    start: dt.date | None, end: dt.date | None, sort: str = ""
) -> QuerySet[Deputy]:
    """Every deputy with their duty summary over [start, end], ordered by ``sort`` (a
    key of SORTS, or "") then the register's order; PerformanceFilter narrows it."""
    deputies = Deputy.objects.select_related("person", "delegation", "term")
    qs = records.with_duty_summary(deputies, start=start, end=end)
    key = sort_key(sort)
    if not key:
        return qs.order_by(*DEFAULT_ORDER)
    field = F(SORTS[key.removeprefix("-")])
    return qs.order_by(field.desc() if key.startswith("-") else field.asc(), *DEFAULT_ORDER)


def _column(header, sort, value=None, **kwargs) -> SortColumn:
    return SortColumn(header, value or _count(SORTS[sort]), sort=sort, **kwargs)


class PerformanceListView(RecordListView):
    title = gettext_lazy("Deputies' performance overview")
    permission = "deputies.view_performance"
    search_fields = ["person__name", "code"]
    export_name = "deputies-performance"
    columns = [
        _column(
            gettext_lazy("Deputy number"),
            "code",
            lambda d: d.code,
            link="deputies:duty-record",
            first="",
        ),
        _column(
            gettext_lazy("Full name"),
            "name",
            lambda d: d.person.name,
            link="deputies:duty-record",
            first="",
        ),
        _column(gettext_lazy("Delegation"), "delegation", lambda d: d.delegation.name, first=""),
        _column(gettext_lazy("Duty activities"), "activities"),
        _column(gettext_lazy("Receptions"), "receptions"),
        _column(gettext_lazy("Inspections and research"), "inspections"),
        _column(gettext_lazy("Training"), "training"),
        _column(gettext_lazy("Duty reports"), "reports"),
        _column(gettext_lazy("Reception days on duty"), "reception_days"),
        _column(gettext_lazy("Suggestions led"), "led"),
        _column(gettext_lazy("Suggestions co-signed"), "co_signed"),
        _column(gettext_lazy("Standing committee sessions attended"), "observed"),
        _column(gettext_lazy("Trained in the term"), "trained", lambda d: _yes_no(d.trained)),
        _column(gettext_lazy("Reported in the term"), "reported", lambda d: _yes_no(d.reported)),
        _column(gettext_lazy("Congress absences"), "absences"),
        _column(gettext_lazy("Absences without approved leave"), "unapproved"),
    ]

    def _filters(self) -> PerformanceFilter:
        """One filterset per request: get_queryset reads the period from it before
        RecordListView filters the rows with it."""
        if not hasattr(self, "_filterset"):
            self._filterset = PerformanceFilter(self.request.GET, queryset=Deputy.objects.none())
        return self._filterset

    def filterset_class(self, data, *, queryset, request):
        filters = self._filters()
        filters.queryset = queryset
        return filters

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        filters = self._filters()
        return filters.period() if filters.is_valid() else (None, None)

    def sort_key(self) -> str:
        return sort_key(self.request.GET.get("sort", ""))

    def get_queryset(self):
        if not self.request.user.has_perm(self.permission):
            return Deputy.objects.none()
        start, end = self.period()
        return summary_queryset(start, end, self.sort_key())

    def get_extra_context(self, request, filtered) -> dict:
        params = request.GET.copy()
        for name in ("page", "format", "sort"):
            params.pop(name, None)
        base = params.urlencode()
        current = self.sort_key()
        headers = []
        for column in self.columns:
            if column.sort is None:
                headers.append((column.header, None, ""))
                continue
            if current.removeprefix("-") == column.sort:
                direction = "descending" if current.startswith("-") else "ascending"
                key = column.sort if current.startswith("-") else f"-{column.sort}"
            else:
                direction, key = "", f"{column.first}{column.sort}"
            query = f"{base}&sort={key}" if base else f"sort={key}"
            headers.append((column.header, f"?{query}", direction))
        start, end = self.period()
        return {
            "sort_headers": headers,
            "table_id": "performance-table",
            "period_start": start,
            "period_end": end,
            "list_note": _period_note(start, end),
            "list_note_data": [
                ("period-start", start.isoformat() if start else ""),
                ("period-end", end.isoformat() if end else ""),
            ],
        }


def _period_note(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return _("Counts from %(start)s to %(end)s") % {"start": start, "end": end}
    if start:
        return _("Counts from %(start)s") % {"start": start}
    if end:
        return _("Counts until %(end)s") % {"end": end}
    return _("Counts over the whole term")
