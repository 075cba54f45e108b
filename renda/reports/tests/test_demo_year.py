"""The demo year: `renda seed_demo` loads 2023, the annual figures API gives the figures
of FIGURES-2023.md computed from those records, each app's own checks hold, and loading
it again changes nothing. One load serves every app: it is the suite's slowest step."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from renda.ballots.tests import demo_checks as ballots
from renda.consultations.tests import demo_checks as consultations
from renda.core.models import User
from renda.deputies.models import Place
from renda.deputies.tests import demo_checks as network
from renda.filings.tests import demo_checks as filings
from renda.ledgers.tests import demo_checks as ledgers
from renda.legislation.tests import demo_checks as legislation
from renda.meetings.tests import demo_checks as meetings
from renda.opinions.tests import demo_checks as opinions
from renda.personnel.tests import demo_checks as personnel
from renda.reports import documents, registry
from renda.suggestions.models import Suggestion
from renda.suggestions.tests import demo_checks as suggestions
from renda.supervision.tests import demo_checks as supervision

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    # unmanaged models (full-text index tables) may exist on one database only
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.slow
def test_demo_year_gives_the_2023_figures_and_loads_once(capsys):
    call_command("seed_demo")
    assert "renda-demo-2023" in capsys.readouterr().out  # the demo accounts are announced

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    response = client.get("/api/v1/reports/annual/2023/")
    assert response.status_code == 200
    figures = response.json()["figures"]
    assert figures["deputies_serving"] == 550
    assert figures["committee_members"] == 45
    assert 55 <= figures["handling_units"] <= 80
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "office",
        "leader",
        "member",
        "deputy",
        "unit",
        "expert",
    }
    for app_checks in (
        suggestions,
        network,
        opinions,
        ballots,
        meetings,
        personnel,
        supervision,
        ledgers,
        legislation,
        consultations,
        filings,
    ):
        app_checks.check(figures)

    counts = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == counts
    assert client.get("/api/v1/reports/annual/2023/").json()["figures"] == figures

    _every_figure_of_the_article(figures)
    portal = Client().get("/portal/statistics/").content.decode()
    assert 'data-key="liaison_stations"' in portal  # the demo publishes 2023
    _the_word_report_states_every_figure(figures)
    _a_new_station_moves_only_its_figure(client, figures)
    _a_completed_suggestion_moves_only_its_figures(client)


# The table of FIGURES-2023.md (the article's figures), key by key.
FIGURES_2023 = {
    "experiences_promoted": 28,
    "problem_lists_rectified": 20,
    "problem_areas": 8,
    "rules_established": 62,
    "party_committee_reports": 17,
    "appointments": 168,
    "implementation_measures": 26,
    "problems_resolved": 70,
    "legislative_research_topics": 3,
    "regulations_enacted": 2,
    "regulations_unanimous_at_province": 2,
    "legislative_systems": 5,
    "legislative_contact_points": 25,
    "legislative_bases": 1,
    "oath_takers": 79,
    "normative_documents_reviewed": 25,
    "filing_review_coverage": 1.0,
    "departments_assessed_innovation": 9,
    "research_recommendation_areas": 7,
    "research_recommendations": 18,
    "departments_assessed_business_environment": 34,
    "decisions_made": 1,
    "consulting_experts": 24,
    "livelihood_projects_completed": 10,
    "research_topics": 6,
    "law_enforcement_inspections": 2,
    "liaison_stations": 273,
    "activity_centers": 22,
    "deputy_studios": 142,
    "public_opinions_collected": 4300,
    "deputies_attending_sessions": 330,
    "deputy_training_coverage": 1.0,
    "deputy_report_coverage": 1.0,
    "key_suggestions_led": 6,
    "motions_and_suggestions": 158,
    "motions_and_suggestions_completed": 158,
    "prior_key_suggestions_reviewed": 12,
    "prior_key_suggestion_units_assessed": 10,
}
AT_LEAST = {"problems_resolved", "public_opinions_collected"}  # "70多个", "4300余条"


def _every_figure_of_the_article(figures):
    for key, value in FIGURES_2023.items():
        if key in AT_LEAST:
            assert figures[key] >= value, key
        else:
            assert figures[key] == value, key


def _the_word_report_states_every_figure(figures):
    document = Document(io.BytesIO(documents.annual_report(2023, with_charts=False)))
    cells = {
        (row.cells[0].text, row.cells[1].text)
        for table in document.tables
        for row in table.rows
        if len(row.cells) >= 2
    }
    for figure in registry.figures():
        assert (str(figure.label), registry.display(figures[figure.key])) in cells, figure.key
    text = "\n".join(p.text for p in document.paragraphs)
    assert "建成代表联络站273个" in text  # the prose carries the numbers of the records
    assert "158件议案建议办结158件" in text


def _moved(client, before) -> dict:
    after = client.get("/api/v1/reports/annual/2023/").json()["figures"]
    return {key: after[key] - before[key] for key in before if after[key] != before[key]}


def _a_new_station_moves_only_its_figure(client, before):
    office = Client()
    office.force_login(User.objects.get(username="office"))
    district = Place.objects.filter(kind=Place.Kind.LIAISON_STATION).first().district
    response = office.post(
        reverse("deputies:place-create"),
        {
            "kind": "liaison_station",
            "name": "新建代表联络站",
            "district": district.pk,
            "established_on": "2023-06-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert _moved(client, before) == {"liaison_stations": 1}


def _a_completed_suggestion_moves_only_its_figures(client):
    before = client.get("/api/v1/reports/annual/2023/").json()["figures"]
    session = (
        Suggestion.objects.filter(session__body="congress", session__start_date__year=2023)
        .first()
        .session
    )
    deputy_user = User.objects.get(username="deputy")
    office, unit_user = User.objects.get(username="office"), User.objects.get(username="unit")
    deputy, office_api, unit = APIClient(), APIClient(), APIClient()
    deputy.force_authenticate(deputy_user)
    office_api.force_authenticate(office)
    unit.force_authenticate(unit_user)
    created = deputy.post(
        reverse("api:suggestion-list"),
        {
            "session": session.pk,
            "title": "关于增设公交站点的建议",
            "text": "建议……",
            "category": "urban",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    item = created.json()["id"]
    assert deputy.post(reverse("api:suggestion-submit", args=[item])).status_code == 200
    registered = office_api.post(reverse("api:suggestion-register", args=[item]), {}, format="json")
    assert registered.status_code == 200, registered.json()
    case = registered.json()["case"]["id"]
    incomplete = client.get("/api/v1/reports/annual/2023/").json()["incomplete"]
    assert incomplete["motions_and_suggestions_completed"]["pending"] == 1
    assigned = office_api.post(
        reverse("api:case-assign", args=[case]),
        {"lead_unit": unit_user.organisation_id},
        format="json",
    )
    assert assigned.status_code == 200, assigned.json()
    reply = {"text": "已增设", "reply_class": "A", "contact_person": "王科长", "channel": "written"}
    assert (
        unit.post(reverse("api:case-reply", args=[case]), reply, format="json").status_code == 200
    )
    evaluated = deputy.post(
        reverse("api:case-evaluate", args=[case]), {"result": "satisfied"}, format="json"
    )
    assert evaluated.json()["state"] == "completed", evaluated.json()
    assert _moved(client, before) == {
        "motions_and_suggestions": 1,
        "motions_and_suggestions_completed": 1,
    }
    assert client.get("/api/v1/reports/annual/2023/").json()["incomplete"] == {}
