"""The office's lists of motions and suggestions: their order and what a row shows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from renda.core.models import Session
from renda.handling.models import Case
from renda.suggestions import services
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def _registered(world, session, title):
    item = Suggestion.objects.create(
        session=session,
        title=title,
        text="很长的正文……" * 200,
        category="urban",
        lead_deputy=world.deputy,
        state=Suggestion.State.SUBMITTED,
    )
    services.register(item, actor=world.users["office_staff"])
    return item


@pytest.fixture
def two_sessions(world, session, today):
    later = Session.objects.create(
        term=world.term, body="congress", number=2, start_date=dt.date(2024, 1, 8)
    )
    return [
        _registered(world, session, "第一次会议的第一件"),
        _registered(world, session, "第一次会议的第二件"),
        _registered(world, later, "第二次会议的第一件"),
    ]


def test_the_newest_session_comes_first_then_the_numbers_in_order(world, two_sessions, client_for):
    page = client_for("office_staff").get(reverse("suggestions:list"))
    shown = [row[1][0] for row in page.context["rows"]]
    assert shown == ["第二次会议的第一件", "第一次会议的第一件", "第一次会议的第二件"]
    client = APIClient()
    client.force_authenticate(world.users["office_staff"])
    listed = client.get(reverse("api:suggestion-list")).json()["results"]
    assert [row["title"] for row in listed] == shown


def test_a_row_shows_its_number_deputy_and_handling_state_and_so_does_the_export(
    world, two_sessions, client_for
):
    office = client_for("office_staff")
    page = office.get(reverse("suggestions:list"))
    deputy = world.deputy.person.name
    first = [value for value, _url in page.context["rows"][0]]
    assert first[0] == "12-2-建议-0001" and first[3] == deputy
    assert first[6] == Case.State.REGISTERED.label
    export = office.get(reverse("suggestions:list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][:2] == ["12-2-建议-0001", "第二次会议的第一件"]
    assert rows[1][3] == deputy
