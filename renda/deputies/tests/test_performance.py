"""The deputies' performance overview (issue 9): counts equal the records, the period
filters, sorting, search, the Excel export, access, bad input and the query budget."""

import datetime as dt
import io
import itertools

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.models import Deputy, Organisation, Session, Term
from renda.core.tests.factories import DeputyFactory, OrganisationFactory
from renda.deputies import records
from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay
from renda.deputies.views_performance import PerformanceListView
from renda.meetings.models import Observer
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

URL = reverse("deputies:performance")
A = DutyActivity.Kind
# column key → index in the page's rows and the export's columns
COLUMN = {c.sort: i for i, c in enumerate(PerformanceListView.columns)}
COUNTS = [
    "activities",
    "receptions",
    "inspections",
    "training",
    "reports",
    "reception_days",
    "led",
    "co_signed",
    "observed",
    "absences",
    "unapproved",
]


def sessions(world):
    congress = Session.objects.get_or_create(
        term=world.term, body="congress", number=1, defaults={"start_date": dt.date(2023, 1, 6)}
    )[0]
    congress_2024 = Session.objects.get_or_create(
        term=world.term, body="congress", number=2, defaults={"start_date": dt.date(2024, 1, 8)}
    )[0]
    committee = Session.objects.get_or_create(
        term=world.term,
        body="standing_committee",
        number=1,
        defaults={"start_date": dt.date(2023, 2, 20)},
    )[0]
    committee_2024 = Session.objects.get_or_create(
        term=world.term,
        body="standing_committee",
        number=2,
        defaults={"start_date": dt.date(2024, 2, 20)},
    )[0]
    return congress, congress_2024, committee, committee_2024


def activity(kind, date, *deputies):
    item = DutyActivity.objects.create(kind=kind, title=f"{kind} {date}", date=date)
    item.deputies.add(*deputies)
    return item


NUMBERS = itertools.count(1)


def suggestion(session, lead, *, state=Suggestion.State.REGISTERED, co_signers=()):
    item = Suggestion.objects.create(
        session=session,
        title=f"建议{next(NUMBERS)}",
        text="……",
        category="urban",
        lead_deputy=lead,
        state=state,
    )
    item.co_signers.add(*co_signers)
    return item


@pytest.fixture
def duty(world):
    """A year of records for the world's deputy (and a little for the other deputy),
    plus records of 2024 that a 2023 period leaves out."""
    me, other = world.deputy, world.other_deputy
    congress, congress_2024, committee, committee_2024 = sessions(world)
    place = Place.objects.create(code="LS-P", name="联络站P", kind=Place.Kind.LIAISON_STATION)
    for date in (dt.date(2023, 3, 1), dt.date(2023, 4, 1)):
        activity(A.RECEPTION, date, me)
    activity(A.INSPECTION, dt.date(2023, 5, 1), me, other)
    activity(A.RESEARCH, dt.date(2023, 6, 1), me)
    activity(A.TRAINING, dt.date(2023, 7, 1), me)
    activity(A.DUTY_REPORT, dt.date(2023, 8, 1), me)
    activity(A.DUAL_CONTACT, dt.date(2023, 9, 1), me)
    activity(A.RECEPTION, dt.date(2024, 3, 1), me)  # another year
    activity(A.DUTY_REPORT, dt.date(2024, 3, 2), other)
    for date, state in (
        (dt.date(2023, 3, 1), ReceptionDay.State.HELD),
        (dt.date(2023, 4, 1), ReceptionDay.State.HELD),
        (dt.date(2023, 5, 1), ReceptionDay.State.CANCELLED),
        (dt.date(2023, 6, 1), ReceptionDay.State.SCHEDULED),
        (dt.date(2024, 3, 1), ReceptionDay.State.HELD),
    ):
        ReceptionDay.objects.create(place=place, date=date, state=state).deputies.add(me)
    suggestion(congress, me, co_signers=[other])
    suggestion(congress, me)
    suggestion(congress, me, state=Suggestion.State.DRAFT)  # not registered: not counted
    suggestion(congress, other, co_signers=[me])
    suggestion(congress_2024, me, co_signers=[other])
    Observer.objects.create(session=committee, kind="deputy", deputy=me, attended=True)
    Observer.objects.create(session=committee_2024, kind="deputy", deputy=me, attended=True)
    Observer.objects.create(session=committee, kind="deputy", deputy=other, attended=False)
    CongressAbsence.objects.create(deputy=me, session=congress, approved_leave=True)
    CongressAbsence.objects.create(deputy=other, session=congress)
    CongressAbsence.objects.create(deputy=other, session=congress_2024)
    return world


def rows_by_code(response) -> dict[str, list]:
    assert response.status_code == 200
    code = COLUMN["code"]
    return {row[code][0]: [value for value, _url in row] for row in response.context["rows"]}


def counts(row) -> dict[str, int]:
    return {key: row[COLUMN[key]] for key in COUNTS}


def test_counts_over_the_whole_term_equal_the_records(duty, client_for):
    rows = rows_by_code(client_for("office_staff").get(URL))
    me, other = rows[duty.deputy.code], rows[duty.other_deputy.code]
    assert counts(me) == {
        "activities": 8,
        "receptions": 3,
        "inspections": 2,
        "training": 1,
        "reports": 1,
        "reception_days": 3,  # held only
        "led": 3,  # registered only
        "co_signed": 1,
        "observed": 2,
        "absences": 1,
        "unapproved": 0,
    }
    assert counts(other) == {
        "activities": 2,
        "receptions": 0,
        "inspections": 1,
        "training": 0,
        "reports": 1,
        "reception_days": 0,
        "led": 1,
        "co_signed": 2,
        "observed": 0,  # invited but did not attend
        "absences": 2,
        "unapproved": 2,
    }
    assert me[COLUMN["name"]] == "本代表"
    assert me[COLUMN["delegation"]] == duty.deputy.delegation.name


def test_a_year_counts_only_its_records(duty, client_for):
    rows = rows_by_code(client_for("leader").get(URL, {"year": 2023}))
    me, other = counts(rows[duty.deputy.code]), counts(rows[duty.other_deputy.code])
    assert (me["activities"], me["receptions"], me["reception_days"]) == (7, 2, 2)
    assert (me["led"], me["observed"]) == (2, 1)
    assert (other["co_signed"], other["absences"], other["reports"]) == (1, 1, 0)
    later = counts(rows_by_code(client_for("leader").get(URL, {"year": 2024}))[duty.deputy.code])
    assert (later["activities"], later["led"], later["observed"], later["absences"]) == (
        1,
        1,
        1,
        0,
    )


def test_a_date_range_and_a_year_count_the_days_both_hold(duty, client_for):
    client = client_for("office_staff")
    rows = rows_by_code(client.get(URL, {"date_from": "2023-04-01", "date_to": "2023-06-30"}))
    assert counts(rows[duty.deputy.code])["activities"] == 3  # reception, inspection, research
    rows = rows_by_code(client.get(URL, {"year": "2023", "date_from": "2023-07-01"}))
    assert counts(rows[duty.deputy.code])["activities"] == 3  # training, report, dual contact
    response = client.get(URL, {"year": "2023", "date_from": "2023-07-01"})
    assert response.context["period_start"] == dt.date(2023, 7, 1)
    assert response.context["period_end"] == dt.date(2023, 12, 31)


def test_trained_and_reported_follow_the_term_until_the_period_end(duty, client_for):
    client = client_for("office_staff")
    trained, reported = COLUMN["trained"], COLUMN["reported"]
    rows = rows_by_code(client.get(URL))
    yes, no = rows[duty.deputy.code][trained], rows[duty.other_deputy.code][trained]
    assert yes != no
    assert rows[duty.deputy.code][reported] == yes
    assert rows[duty.other_deputy.code][reported] == yes  # reported in 2024
    rows = rows_by_code(client.get(URL, {"year": 2023}))
    assert rows[duty.other_deputy.code][reported] == no
    # the annotation itself: R80/R81 as the coverage page counts them
    flags = records.with_duty_summary(Deputy.objects.all(), end=dt.date(2023, 12, 31))
    assert dict(flags.values_list("code", "reported")) == {
        duty.deputy.code: True,
        duty.other_deputy.code: False,
    }


def test_with_performance_still_counts_everything_without_a_period(duty):
    row = records.with_performance(Deputy.objects.filter(pk=duty.deputy.pk)).get()
    assert (row.activity_count, row.led_count, row.co_signed_count) == (8, 3, 1)
    row = records.with_performance(
        Deputy.objects.filter(pk=duty.deputy.pk), start=dt.date(2024, 1, 1)
    ).get()
    assert (row.activity_count, row.led_count, row.co_signed_count) == (1, 1, 0)


def codes(response) -> list[str]:
    assert response.status_code == 200
    return [row[COLUMN["code"]][0] for row in response.context["rows"]]


@pytest.mark.parametrize(
    "sort, first",
    [
        ("-activities", "deputy"),
        ("activities", "other_deputy"),
        ("-absences", "other_deputy"),
        ("-unapproved", "other_deputy"),
        ("-led", "deputy"),
        ("-co_signed", "other_deputy"),
        ("-observed", "deputy"),
        ("-reception_days", "deputy"),
        ("-trained", "deputy"),
        ("trained", "other_deputy"),
        ("name", "other_deputy"),  # 他 (U+4ED6) before 本 (U+672C)
        ("-name", "deputy"),
    ],
)
def test_sorted_by_a_column(duty, client_for, sort, first):
    order = codes(client_for("office_staff").get(URL, {"sort": sort}))
    assert order[0] == getattr(duty, first).code


def test_sort_orders_many_deputies_by_count(world, client_for):
    deputies = [DeputyFactory(term=world.term) for _ in range(5)]
    for n, deputy in enumerate(deputies):
        for day in range(n + 1):
            activity(A.INSPECTION, dt.date(2023, 5, 1 + day), deputy)
    client = client_for("leader")
    down = codes(client.get(URL, {"sort": "-inspections"}))
    assert down[:5] == [d.code for d in reversed(deputies)]
    up = codes(client.get(URL, {"sort": "inspections"}))
    assert up[-5:] == [d.code for d in deputies]


@pytest.mark.parametrize(
    "sort", ["nonsense", "-", "--activities", "person__password", "-pk", "\x00", "x" * 5000]
)
def test_unknown_sort_keys_are_ignored(duty, client_for, sort):
    client = client_for("office_staff")
    default = codes(client.get(URL))
    response = client.get(URL, {"sort": sort})
    assert codes(response) == default
    assert client.get(URL, {"sort": sort, "format": "xlsx"}).status_code == 200


def test_headers_link_to_sorting_and_names_to_the_duty_record(duty, client_for):
    response = client_for("office_staff").get(URL, {"sort": "-activities", "year": 2023})
    headers = response.context["sort_headers"]
    by_key = {c.sort: h for c, h in zip(PerformanceListView.columns, headers, strict=True)}
    _header, url, direction = by_key["activities"]
    assert direction == "descending"
    assert "sort=activities" in url and "year=2023" in url  # the next click: ascending
    assert "sort=-led" in by_key["led"][1]  # counts: highest first
    assert "sort=name" in by_key["name"][1]
    row = response.context["rows"][0]
    record = reverse("deputies:duty-record", args=[duty.deputy.pk])
    assert row[COLUMN["name"]] == ("本代表", record)
    assert f'href="{record}"' in response.content.decode()


def test_search_by_name(duty, client_for):
    response = client_for("office_staff").get(URL, {"q": "他代表"})
    assert codes(response) == [duty.other_deputy.code]


def test_filters_term_delegation_sector_status(duty, client_for):
    client = client_for("office_staff")
    term_13 = Term.objects.create(number=13, start_date=dt.date(2028, 1, 6))
    newer = DeputyFactory(term=term_13)
    assert codes(client.get(URL)) == [newer.code]  # the latest term by default
    assert set(codes(client.get(URL, {"term": 12}))) == {
        duty.deputy.code,
        duty.other_deputy.code,
    }
    delegation = OrganisationFactory(kind=Organisation.Kind.DELEGATION, is_handling_unit=False)
    elsewhere = DeputyFactory(
        term=duty.term, delegation=delegation, sector=Deputy.Sector.PROFESSIONAL
    )
    assert codes(client.get(URL, {"term": 12, "delegation": delegation.pk})) == [elsewhere.code]
    assert codes(client.get(URL, {"term": 12, "sector": "professional"})) == [elsewhere.code]
    Deputy.objects.filter(pk=duty.other_deputy.pk).update(status=Deputy.Status.RESIGNED)
    assert codes(client.get(URL, {"term": 12, "status": "resigned"})) == [duty.other_deputy.code]


def test_excel_export_has_the_same_numbers(duty, client_for):
    client = client_for("leader")
    params = {"year": 2023, "sort": "-activities"}
    page = client.get(URL, params)
    response = client.get(URL, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('deputies-performance.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(header) == len(PerformanceListView.columns)
    on_page = [[value for value, _url in row] for row in page.context["rows"]]
    assert [[str(v) for v in row] for row in rows] == [[str(v) for v in r] for r in on_page]
    me = rows[0]
    assert me[COLUMN["code"]] == duty.deputy.code
    assert me[COLUMN["activities"]] == 7 and me[COLUMN["led"]] == 2


@pytest.mark.parametrize("role", ["deputy", "unit_handler", "expert", "no_role"])
def test_refused_to_others(duty, client_for, role):
    assert client_for(role).get(URL).status_code == 403
    assert client_for(role).get(URL, {"format": "xlsx"}).status_code == 403


def test_anonymous_goes_to_login(duty, client_for):
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"term": "abc"},
        {"term": "99999999999999999999999"},
        {"term": "-1"},
        {"delegation": "x"},
        {"delegation": "99999999999999999999999"},
        {"sector": "nope"},
        {"status": "nope"},
        {"year": "abc"},
        {"year": "1e400"},
        {"year": "NaN"},
        {"year": "2023.5"},
        {"year": "99999"},
        {"year": "-2023"},
        {"date_from": "2023-13-45"},
        {"date_to": "not a date"},
        {"date_from": "2023-12-01", "date_to": "2023-01-01"},
        {"date_from": "9999-12-31", "year": "2023"},
        {"q": "\x00"},
        {"q": "x" * 5000},
        {"page": "abc"},
        {"page": "999999"},
    ],
)
def test_bad_filters_give_a_message_not_a_500(duty, client_for, params):
    client = client_for("office_staff")
    response = client.get(URL, params)
    assert response.status_code == 200
    assert client.get(URL, {**params, "format": "xlsx"}).status_code == 200
    assert client.get(URL, params, HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2023-12-01", "date_to": "2023-01-01"},
        {"year": "2023", "date_from": "2024-01-01"},
        {"year": "2023", "date_to": "2022-12-31"},
    ],
)
def test_an_empty_period_shows_no_rows_and_the_error(duty, client_for, params):
    response = client_for("office_staff").get(URL, params)
    assert response.context["rows"] == []
    assert response.context["filterset"].errors


def test_htmx_gets_the_table_only(duty, client_for):
    response = client_for("office_staff").get(URL, {"sort": "-led"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="performance-table"' in body and "<html" not in body


def test_the_sidebar_shows_the_page_to_the_committee_side(duty, client_for):
    assert URL in client_for("committee_member").get(reverse("deputies:coverage")).content.decode()
    assert URL not in client_for("deputy").get(reverse("deputies:my-record")).content.decode()


def _busy_deputies(world, n):
    congress, _c2024, committee, _sc2024 = sessions(world)
    place = Place.objects.create(code=f"LS-Q{n}", name="联络站Q", kind=Place.Kind.LIAISON_STATION)
    for i in range(n):
        deputy = DeputyFactory(term=world.term, delegation=world.deputy.delegation)
        activity(A.RECEPTION, dt.date(2023, 3, 1), deputy)
        activity(A.TRAINING, dt.date(2023, 3, 2), deputy, world.deputy)
        ReceptionDay.objects.create(
            place=place, date=dt.date(2023, 3, 1), state=ReceptionDay.State.HELD
        ).deputies.add(deputy)
        suggestion(congress, deputy, co_signers=[world.deputy])
        Observer.objects.create(session=committee, kind="deputy", deputy=deputy, attended=True)
        if i % 2:
            CongressAbsence.objects.create(deputy=deputy, session=congress)


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize(
    "params", [{}, {"sort": "-activities", "year": 2023}, {"q": "测试", "sort": "trained"}]
)
def test_a_page_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, n, params
):
    _busy_deputies(world, n)
    client = client_for("leader")
    client.get(URL)  # session and permission caches warmed like any later page
    with django_assert_max_num_queries(11):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n + 2, 25) or params.get("q")
    with django_assert_max_num_queries(11):
        assert client.get(URL, {**params, "format": "xlsx"}).status_code == 200


API = reverse("api:deputy-performance-list")


def test_the_api_gives_the_same_numbers(duty, client_for):
    client = client_for("committee_member")
    body = client.get(API, {"year": 2023, "sort": "-activities"}).json()
    assert body["count"] == 2
    me, other = body["results"]
    assert me["code"] == duty.deputy.code and me["name"] == "本代表"
    assert (me["activities"], me["receptions"], me["inspections_and_research"]) == (7, 2, 2)
    assert (me["reception_days_on_duty"], me["suggestions_led"]) == (2, 2)
    assert (me["committee_sessions_attended"], me["congress_absences"]) == (1, 1)
    assert me["trained_in_term"] is True and other["trained_in_term"] is False
    assert (other["suggestions_co_signed"], other["absences_without_approved_leave"]) == (1, 1)
    ascending = client.get(API, {"year": 2023, "sort": "activities"}).json()["results"]
    assert [r["code"] for r in ascending] == [duty.other_deputy.code, duty.deputy.code]
    found = client.get(API, {"q": "他代表", "sort": "nonsense"}).json()["results"]
    assert [r["code"] for r in found] == [duty.other_deputy.code]


@pytest.mark.parametrize(
    "params",
    [{"term": "abc"}, {"year": "1e400"}, {"date_from": "2023-12-01", "date_to": "2023-01-01"}],
)
def test_the_api_refuses_bad_filters_with_a_400(duty, client_for, params):
    response = client_for("office_staff").get(API, params)
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("role", ["deputy", "unit_handler", "anonymous"])
def test_the_api_is_refused_to_others(duty, client_for, role):
    assert client_for(role).get(API).status_code in (401, 403)


@pytest.mark.parametrize("n", [3, 30])
def test_the_api_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, n
):
    _busy_deputies(world, n)
    client = client_for("leader")
    client.get(API)
    with django_assert_max_num_queries(9):
        body = client.get(API, {"sort": "-reception_days", "year": 2023}).json()
    assert body["count"] == n + 2
