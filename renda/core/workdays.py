"""The working-day calendar (RULES.md R1): weekends, public holidays and the
adjusted working days (调休) of the official PRC calendar.

Years the chinese-calendar package knows come from it; later years must be entered
by an administrator (CalendarYear/CalendarDay). Asking about any other year raises
UnknownCalendarYear — a deadline is never computed on a guess.
"""

import calendar as _calendar
import datetime as dt

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from renda.core.models import CalendarDay, CalendarYear


class UnknownCalendarYear(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The holiday arrangement of %(year)s is not known. An administrator must "
                "enter it under Settings → Working-day calendar."
            )
            % {"year": year}
        )


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkdayCalendar:
    """Answers working-day questions, loading each entered year once."""

    def __init__(self):
        self._entered: dict[int, dict[dt.date, bool] | None] = {}

    def _entered_year(self, year: int) -> dict[dt.date, bool] | None:
        if year not in self._entered:
            if CalendarYear.objects.filter(year=year).exists():
                days = CalendarDay.objects.filter(date__year=year)
                self._entered[year] = {d.date: d.is_workday for d in days}
            else:
                self._entered[year] = None
        return self._entered[year]

    def is_workday(self, day: dt.date) -> bool:
        entered = self._entered_year(day.year)
        if entered is not None:
            return entered.get(day, day.weekday() < 5)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError as exc:
            raise UnknownCalendarYear(day.year) from exc

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (start itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        days = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            days += self.is_workday(day)
        return days


def add_workdays(start: dt.date, count: int) -> dt.date:
    return WorkdayCalendar().add_workdays(start, count)


def is_workday(day: dt.date) -> bool:
    return WorkdayCalendar().is_workday(day)


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_day))
