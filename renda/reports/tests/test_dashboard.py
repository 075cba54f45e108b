"""The leaders' dashboard: the numbers in the page match the records, every chart links
to the list that holds its rows, an empty year gives zeros, and the page costs the same
few queries whatever the volume."""

import datetime as dt
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renda.core.models import Organisation
from renda.core.tests.factories import OrganisationFactory
from renda.handling.models import Assignment, Case

URL = "/dashboard/"
QUERY_BUDGET = 20
_seq = iter(range(1, 10**6))


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def make_case(
    unit, *, state="assigned", due=None, evaluation="", registered=None, kind="suggestion"
):
    number = next(_seq)
    case = Case.objects.create(
        kind=kind,
        state=state,
        title=f"案件{number:05d}",
        reference=f"T{number:05d}",
        registered_at=aware(registered or dt.date(2023, 1, 10)),
        reply_due=due or dt.date(2023, 6, 30),
        final_evaluation=evaluation,
        lead_unit=unit,
    )
    Assignment.objects.create(
        case=case,
        unit=unit,
        role=Assignment.Role.LEAD,
        state=Assignment.State.REPLIED if state == "completed" else Assignment.State.ACTIVE,
        assigned_on=dt.date(2023, 1, 11),
        due_date=case.reply_due,
        deadline_rule="test",
    )
    return case


def page_data(response) -> dict:
    found = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the data is embedded in the page"
    return json.loads(found.group(1))


def titles(response) -> set[str]:
    return set(re.findall(r"案件\d{5}", response.content.decode()))


@pytest.fixture
def office(client_for):
    return client_for("office_staff")


@pytest.fixture
def handled(world, today):
    """2023 (today is 2023-03-01): the world's unit with 3 completed (2 satisfied, 1
    dissatisfied), 2 in handling and 1 overdue; the other unit 1 completed; one case of
    2022 that the year leaves out."""
    unit, other = world.unit, world.other_unit
    cases = {
        "satisfied": [make_case(unit, state="completed", evaluation="satisfied") for _ in range(2)],
        "dissatisfied": [make_case(unit, state="completed", evaluation="dissatisfied")],
        "in_handling": [make_case(unit) for _ in range(2)],
        "overdue": [make_case(unit, due=dt.date(2023, 2, 1))],
        "other": [make_case(other, state="completed", evaluation="satisfied")],
        "last_year": [make_case(unit, registered=dt.date(2022, 5, 1), due=dt.date(2022, 8, 1))],
    }
    return cases


def test_the_page_embeds_the_year_handling_figures(office, world, handled):
    response = office.get(URL)
    assert response.status_code == 200
    data = page_data(response)
    assert data["year"] == 2023
    h = data["handling"]
    assert h["totals"] == {"total": 7, "completed": 4, "open": 3, "overdue": 1}
    first, second = h["progress"]
    assert first["name"] == world.unit.name
    assert (first["total"], first["completed"], first["in_handling"], first["overdue"]) == (
        6,
        3,
        2,
        1,
    )
    assert (second["name"], second["completed"], second["in_handling"]) == (
        world.other_unit.name,
        1,
        0,
    )
    slices = {s["key"]: s["value"] for s in h["satisfaction"]["slices"]}
    assert slices == {"satisfied": 3, "basically_satisfied": 0, "dissatisfied": 1, "no_answer": 0}
    assert h["satisfaction"]["rate"] == 0.75
    assert [(k["value"]) for k in h["overdue"]["by_kind"]] == [1]
    assert [(u["name"], u["value"]) for u in h["overdue"]["by_unit"]] == [(world.unit.name, 1)]
    # the same numbers are in the table under the chart, for readers without JavaScript
    table = response.content.decode().split('id="table-progress"')[1].split("</table>")[0]
    assert world.unit.name in table and ">3</a>" in table and ">2</a>" in table


def test_a_case_under_review_past_its_due_date_is_open_not_overdue(office, world, today):
    """Overdue is the overdue list's rule (a unit's reply awaited and late): the count
    and the list it links to agree."""
    late = make_case(world.unit, due=dt.date(2023, 2, 1))
    review = make_case(world.unit, state="under_review", due=dt.date(2023, 2, 1))
    h = page_data(office.get(URL))["handling"]
    assert h["totals"] == {"total": 2, "completed": 0, "open": 2, "overdue": 1}
    (row,) = h["progress"]
    assert (row["in_handling"], row["overdue"]) == (1, 1)
    assert titles(_open(office, row["links"]["overdue"])) == {late.title}
    assert titles(_open(office, row["links"]["in_handling"])) == {review.title}


def _open(client, href: str):
    response = client.get(unescape(href))
    assert response.status_code == 200, href
    return response


def test_handling_charts_drill_down_to_their_rows(office, world, handled):
    h = page_data(office.get(URL))["handling"]
    links = h["progress"][0]["links"]
    names = {key: {c.title for c in cases} for key, cases in handled.items()}
    assert "state=completed" in links["completed"] and "year=2023" in links["completed"]
    assert titles(_open(office, links["completed"])) == names["satisfied"] | names["dissatisfied"]
    assert titles(_open(office, links["in_handling"])) == names["in_handling"]
    assert links["overdue"].startswith("/handling/cases/overdue/")
    assert titles(_open(office, links["overdue"])) == names["overdue"]
    slices = {s["key"]: s["link"] for s in h["satisfaction"]["slices"]}
    assert titles(_open(office, slices["satisfied"])) == names["satisfied"] | names["other"]
    assert titles(_open(office, h["overdue"]["by_kind"][0]["link"])) == names["overdue"]
    assert titles(_open(office, h["overdue"]["by_unit"][0]["link"])) == names["overdue"]


@pytest.fixture
def network(world, today):
    """Opinions in two districts, reception days, activities, legislative projects and
    supervision records of 2023, and one of each in 2022."""
    from renda.deputies.models import DutyActivity, Place, ReceptionDay
    from renda.legislation.models import LegislativeProject
    from renda.opinions.models import PublicOpinion
    from renda.opinions.services import index_opinion
    from renda.supervision.models import LivelihoodProject, Research, WorkReport

    east = OrganisationFactory(kind=Organisation.Kind.DISTRICT, name="东区", code="D-EAST")
    west = OrganisationFactory(kind=Organisation.Kind.DISTRICT, name="西区", code="D-WEST")
    texts = {
        east: ["小区停车位严重不足", "小区停车收费混乱", "道路积水严重"],
        west: ["公交线路太少"],
    }
    for district, items in texts.items():
        for i, text in enumerate(items):
            number = next(_seq)
            case = Case.objects.create(
                kind="public_opinion", title=text, registered_at=aware(dt.date(2023, 2, 20))
            )
            opinion = PublicOpinion.objects.create(
                case=case,
                tracking_code=f"TC{number:08d}",
                channel="portal",
                category="urban",
                text=text,
                district=district,
                submitted_at=aware(dt.date(2023, 2, 20) + dt.timedelta(days=i)),
            )
            index_opinion(opinion)  # the list's search reads the full-text index
    station = Place.objects.create(
        code="S1", name="东区联络站", kind="liaison_station", district=east
    )
    studio = Place.objects.create(code="S2", name="西区工作室", kind="deputy_studio", district=west)
    days = {}
    for place, day, state in [
        (station, dt.date(2023, 1, 5), "held"),
        (station, dt.date(2023, 2, 5), "held"),
        (station, dt.date(2023, 2, 6), "cancelled"),
        (studio, dt.date(2023, 2, 7), "held"),
        (studio, dt.date(2022, 12, 7), "held"),
    ]:
        days[(place.code, day, state)] = ReceptionDay.objects.create(
            place=place, date=day, state=state
        ).pk
    DutyActivity.objects.create(kind="inspection", title="视察一", date=dt.date(2023, 2, 1))
    DutyActivity.objects.create(kind="inspection", title="视察二", date=dt.date(2023, 2, 2))
    DutyActivity.objects.create(kind="research", title="调研一", date=dt.date(2022, 2, 2))
    for title, year, stage in [
        ("物业管理条例", 2023, "drafting"),
        ("养犬管理条例", 2023, "drafting"),
        ("河道保护条例", 2023, "reading"),
        ("旧条例", 2022, "drafting"),
    ]:
        LegislativeProject.objects.create(
            term=world.term, title=title, year=year, area="urban_rural", stage=stage
        )
    WorkReport.objects.create(
        term=world.term,
        title="预算执行报告",
        category="budget",
        state="deliberated",
        reporting_body=world.unit,
        deliberated_on=dt.date(2023, 2, 20),
    )
    WorkReport.objects.create(
        term=world.term, title="计划报告", category="plan", reporting_body=world.unit
    )
    Research.objects.create(kind="research", year=2023, topic="养老调研", state="in_progress")
    LivelihoodProject.objects.create(year=2023, title="老旧小区改造", state="in_progress")
    LivelihoodProject.objects.create(year=2022, title="去年项目", state="completed")
    return {"east": east, "west": west, "days": days}


def test_network_legislation_and_supervision_figures(office, network):
    data = page_data(office.get(URL))
    opinions = {d["name"]: sum(d["counts"]) for d in data["opinions"]["by_district"]}
    assert opinions == {"东区": 3, "西区": 1}
    words = {w["word"]: w["total"] for w in data["opinions"]["hot"]["words"]}
    assert words["小区"] == 2 and words["停车"] == 2
    reception = data["stations"]["reception"]
    assert reception["districts"] == ["东区", "西区"] and reception["total"] == 3
    assert [[c["value"] for c in s["data"]] for s in reception["series"]] == [[2, 0], [0, 1]]
    assert [a["value"] for a in data["stations"]["activities"]] == [2]
    stages = {p["name"]: p["value"] for p in data["legislation"]}
    assert sum(stages.values()) == 3 and 2 in stages.values()
    supervision = {g["name"]: g["value"] for g in data["supervision"]}
    assert sorted(supervision.values()) == [0, 0, 1, 1, 2]


def test_network_charts_drill_down(office, network):
    data = page_data(office.get(URL))
    east = next(d for d in data["opinions"]["by_district"] if d["name"] == "东区")
    listed = _open(office, east["link"]).content.decode()
    assert "道路积水严重" in listed and "公交线路太少" not in listed
    word = next(w for w in data["opinions"]["hot"]["words"] if w["word"] == "停车")
    listed = _open(office, word["link"]).content.decode()
    assert "小区停车位严重不足" in listed and "道路积水严重" not in listed
    station_cell = data["stations"]["reception"]["series"][0]["data"][0]
    listed = _open(office, station_cell["link"]).content.decode()
    shown = {int(pk) for pk in re.findall(r'href="/network/reception-days/(\d+)/"', listed)}
    days = network["days"]
    assert shown == {
        days[("S1", dt.date(2023, 1, 5), "held")],
        days[("S1", dt.date(2023, 2, 5), "held")],
    }
    drafting = next(p for p in data["legislation"] if p["value"] == 2)
    listed = _open(office, drafting["link"]).content.decode()
    assert "物业管理条例" in listed and "养犬管理条例" in listed
    assert "河道保护条例" not in listed and "旧条例" not in listed
    reports = next(g for g in data["supervision"] if g["value"] == 2)
    states = {c["link"]: c["value"] for c in reports["children"]}
    assert len(states) == 2
    for link in states:
        assert (
            "预算执行报告" in _open(office, link).content.decode()
            or "计划报告" in _open(office, link).content.decode()
        )


def test_district_choice_narrows_the_hot_topics(office, network):
    data = page_data(office.get(URL, {"year": 2023, "district": network["west"].pk}))
    words = {w["word"] for w in data["opinions"]["hot"]["words"]}
    assert "公交" in words or "公交线路" in words
    assert "小区" not in words
    assert all(
        f"district={network['west'].pk}" in w["link"] for w in data["opinions"]["hot"]["words"]
    )


def test_a_year_without_records_gives_zeros(office, handled, network):
    response = office.get(URL, {"year": 2031})
    assert response.status_code == 200
    data = page_data(response)
    assert data["year"] == 2031
    assert data["handling"]["totals"] == {"total": 0, "completed": 0, "open": 0, "overdue": 0}
    assert data["handling"]["progress"] == []
    assert data["handling"]["satisfaction"]["rate"] == 0
    assert data["opinions"]["total"] == 0 and data["opinions"]["hot"]["words"] == []
    assert data["stations"]["reception"]["total"] == 0
    assert all(p["value"] == 0 for p in data["legislation"])
    assert all(g["value"] == 0 for g in data["supervision"])


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"year": "1800"},
        {"district": "x"},
        {"district": "999999"},
        {"year": "2023\x00"},
    ],
)
def test_bad_input_is_refused_without_error(office, world, today, params):
    response = office.get(URL, params)
    assert response.status_code == 400
    assert page_data(response)["year"] == 2023  # the current year's charts stay


def test_only_the_committee_side_sees_it(client_for, world):
    for role in ("deputy", "unit_handler", "expert", "no_role"):
        assert client_for(role).get(URL).status_code == 403
    assert client_for("anonymous").get(URL).status_code == 302
    for role in ("administrator", "office_staff", "leader", "committee_member"):
        assert client_for(role).get(URL).status_code == 200


def _queries(client) -> int:
    from django.core.cache import cache

    cache.clear()  # hot topics are cached: count the page with them computed
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_budget_does_not_grow_with_the_data(office, world, today, network):
    for _ in range(2):
        make_case(world.unit)
    small = _queries(office)
    for i in range(20):
        unit = OrganisationFactory(name=f"单位{i:02d}")
        make_case(unit, state="completed", evaluation="satisfied")
        make_case(unit, due=dt.date(2023, 2, 1))
    large = _queries(office)
    assert len(page_data(office.get(URL))["handling"]["progress"]) == 15
    assert small == large
    assert large <= QUERY_BUDGET


@pytest.mark.parametrize("query", ["year=2023.5", "year=abc", "year=99999", "evaluation=great"])
def test_the_case_list_filters_the_dashboard_links_use_refuse_bad_input(office, handled, query):
    response = office.get(f"/handling/cases/?{query}")
    assert response.status_code == 200
    assert not titles(response)  # an invalid filter lists nothing, never everything


def test_open_filter_of_the_case_list(office, handled):
    names = {key: {c.title for c in cases} for key, cases in handled.items()}
    shown = titles(office.get("/handling/cases/?open=true&year=2023"))
    assert shown == names["in_handling"] | names["overdue"]
    # like "overdue", an unknown value leaves the filter off
    assert len(titles(office.get("/handling/cases/?open=maybe&year=2023"))) == 7
