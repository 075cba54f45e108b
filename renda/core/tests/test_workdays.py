"""R1: working days follow the official calendar, and unknown years are errors."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from renda.core.models import AuditEntry
from renda.core.workdays import (
    UnknownCalendarYear,
    WorkdayCalendar,
    add_months,
    add_workdays,
    is_workday,
)

pytestmark = pytest.mark.django_db


def test_R1_national_day_holiday_and_adjusted_working_day_2023():
    assert not is_workday(dt.date(2023, 10, 2))  # 国庆节
    assert is_workday(dt.date(2023, 10, 7))  # Saturday worked (调休)
    assert is_workday(dt.date(2023, 10, 8))  # Sunday worked too


def test_R1_ten_working_days_skip_the_spring_festival():
    # Assigned Friday 20 Jan 2023; 21-27 Jan was the Spring Festival holiday, and the
    # weekend of 28-29 Jan was worked: days 1-2 are that weekend, day 10 is 8 Feb.
    assert add_workdays(dt.date(2023, 1, 20), 10) == dt.date(2023, 2, 8)


def test_R1_unknown_year_is_an_error_not_a_guess():
    with pytest.raises(UnknownCalendarYear) as error:
        add_workdays(dt.date(2099, 3, 1), 5)
    assert "2099" in str(error.value)


def test_R1_an_administrator_enters_a_year_the_package_does_not_know(world, client_for):
    response = client_for("administrator").post(
        reverse("core:calendar"),
        {
            "year": "2099",
            "holidays": "2099-01-01\n2099-10-01..2099-10-07",
            "workdays": "2099-10-10",
            "note": "国务院办公厅通知",
        },
    )
    assert response.status_code == 302
    calendar = WorkdayCalendar()
    assert not calendar.is_workday(dt.date(2099, 10, 5))
    assert calendar.is_workday(dt.date(2099, 10, 10))  # a Saturday, worked
    assert not calendar.is_workday(dt.date(2099, 3, 7))  # an ordinary Saturday
    assert AuditEntry.objects.filter(verb="enter_calendar_year").count() == 1


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ("2099-13-01", "", "2099-13-01"),
        ("2098-01-01", "", "2099"),
        ("2099-01-01", "2099-01-01", "2099-01-01"),
    ],
)
def test_R1_bad_calendar_entries_are_refused(world, client_for, holidays, workdays, message):
    response = client_for("administrator").post(
        reverse("core:calendar"),
        {"year": "2099", "holidays": holidays, "workdays": workdays, "note": "x"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(verb="enter_calendar_year").exists()


def test_only_administrators_enter_calendars(world, client_for):
    response = client_for("office_staff").post(
        reverse("core:calendar"), {"year": "2099", "holidays": "2099-01-01", "note": "x"}
    )
    assert response.status_code == 403


@given(st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2025, 12, 1)), st.integers(0, 40))
def test_add_workdays_lands_on_a_workday_and_counts_exactly(start, count):
    calendar = WorkdayCalendar()
    end = calendar.add_workdays(start, count)
    assert end >= start
    if count:
        assert calendar.is_workday(end)
    assert calendar.workdays_between(start, end) == count


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 11, 15), 3, dt.date(2024, 2, 15)),
        (dt.date(2023, 3, 1), 6, dt.date(2023, 9, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected
