"""RULES.md R80 (duty record, published performance), R81 (duty-report coverage) and
R82 (two absences without approval from the congress flag the deputy)."""

import datetime as dt

import pytest
from django.urls import reverse

from renda.core.models import Session
from renda.core.tests.factories import DeputyFactory
from renda.deputies import records, services
from renda.deputies.models import DutyActivity
from renda.reports import registry
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db
A = DutyActivity.Kind


def activity(world, kind, deputies, date=dt.date(2023, 2, 10), title="活动"):
    return services.record_activity(
        DutyActivity(kind=kind, title=title, date=date),
        deputies=deputies,
        actor=world.users["office_staff"],
    )


def test_R80_the_duty_record_gathers_activities_suggestions_receptions_and_absences(world, network):
    office = world.users["office_staff"]
    activity(world, A.TRAINING, [world.deputy], title="履职培训班")
    activity(world, A.INSPECTION, [world.deputy, world.other_deputy], title="视察项目")
    day = services.schedule_reception_day(
        network.station, date=dt.date(2023, 2, 20), deputies=[world.deputy], actor=office
    )
    services.record_reception_held(day, visitors=12, actor=office)
    led = Suggestion.objects.create(
        session=network.session,
        title="领衔的建议",
        text="…",
        category="urban",
        lead_deputy=world.deputy,
        state=Suggestion.State.SUBMITTED,
    )
    signed = Suggestion.objects.create(
        session=network.session,
        title="附议的建议",
        text="…",
        category="urban",
        lead_deputy=world.other_deputy,
        state=Suggestion.State.SUBMITTED,
    )
    signed.co_signers.add(world.deputy)
    Suggestion.objects.create(
        session=network.session,
        title="草稿不进档案",
        text="…",
        category="urban",
        lead_deputy=world.deputy,
    )
    services.record_absence(
        world.deputy, network.session, approved_leave=True, reason="病假", actor=office
    )

    record = records.duty_record(world.deputy)
    counts = {kind: n for kind, _label, n in record.by_kind}
    assert counts[A.TRAINING] == 1 and counts[A.INSPECTION] == 1 and counts[A.RECEPTION] == 1
    assert record.activity_total == 3
    assert [s.pk for s in record.led] == [led.pk]
    assert [s.pk for s in record.co_signed] == [signed.pk]
    assert record.reception_days["held"] == 1
    assert [a.reason for a in record.absences] == ["病假"]
    assert record.trained and not record.reported and not record.flagged

    page = client_get(
        world, "office_staff", reverse("deputies:duty-record", args=[world.deputy.pk])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "领衔的建议" in body and "附议的建议" in body and "草稿不进档案" not in body
    assert "视察项目" in body


def client_get(world, role, url):
    from django.test import Client

    client = Client()
    client.force_login(world.users[role])
    return client.get(url)


def test_R80_a_deputy_sees_their_own_record_only(world, network, client_for):
    deputy = client_for("deputy")
    assert deputy.get(reverse("deputies:my-record")).context["deputy"] == world.deputy
    own = deputy.get(reverse("deputies:duty-record", args=[world.deputy.pk]))
    assert own.status_code == 200
    other = deputy.get(reverse("deputies:duty-record", args=[world.other_deputy.pk]))
    assert other.status_code == 404
    assert client_for("unit_handler").get(reverse("deputies:my-record")).status_code == 403
    api = deputy.get(reverse("api:duty-record-detail", args=[world.other_deputy.pk]))
    assert api.status_code == 404


def test_R80_performance_is_published_without_contact_data(world, network, client):
    activity(world, A.RESEARCH, [world.deputy], title="调研")
    Suggestion.objects.create(
        session=network.session,
        title="已立案建议",
        text="…",
        category="urban",
        lead_deputy=world.deputy,
        state=Suggestion.State.REGISTERED,
    )
    listing = client.get(reverse("portal-deputies:deputy-list"))
    assert listing.status_code == 200
    row = next(d for d in listing.context["page"].object_list if d.pk == world.deputy.pk)
    assert (row.activity_count, row.led_count, row.co_signed_count) == (1, 1, 0)
    page = client.get(reverse("portal-deputies:deputy", args=[world.deputy.pk]))
    body = page.content.decode()
    assert world.deputy.person.name in body and "已立案建议" in body
    for private in (world.deputy.person.mobile, world.deputy.address):
        assert private not in body and private not in listing.content.decode()


def test_R80_R81_coverage_of_the_term_is_tracked(world, network, client_for):
    coverage = records.term_coverage(world.term)
    assert (coverage.total, coverage.trained, coverage.reported) == (2, 0, 0)
    activity(world, A.TRAINING, [world.deputy, world.other_deputy])
    activity(world, A.DUTY_REPORT, [world.deputy], title="向选民述职")
    coverage = records.term_coverage(world.term)
    assert (coverage.trained, coverage.reported) == (2, 1)
    assert coverage.not_reported == [world.other_deputy]
    assert coverage.report_share == 0.5

    page = client_for("leader").get(reverse("deputies:coverage"))
    assert page.status_code == 200
    assert [d.pk for d in page.context["coverage"].not_reported] == [world.other_deputy.pk]
    assert client_for("deputy").get(reverse("deputies:coverage")).status_code == 403


def test_R81_coverage_figures_count_the_year_s_serving_deputies(world, network):
    resigned = DeputyFactory(term=world.term, status="resigned")
    activity(world, A.DUTY_REPORT, [world.deputy], title="述职")
    activity(world, A.TRAINING, [world.deputy, world.other_deputy])
    figures = registry.compute_all(2023)
    assert figures["deputy_report_coverage"] == 0.5
    assert figures["deputy_training_coverage"] == 1.0
    # a resigned deputy is no longer in the population; an empty year gives 0
    assert resigned.pk
    assert registry.compute_all(1990)["deputy_report_coverage"] == 0.0


def test_R82_two_absences_without_approval_flag_the_deputy(world, network, client_for):
    office = world.users["office_staff"]
    second = Session.objects.create(
        term=world.term, body="congress", number=2, start_date=dt.date(2023, 2, 1)
    )
    services.record_absence(world.deputy, network.session, approved_leave=False, actor=office)
    services.record_absence(
        world.deputy, second, approved_leave=True, reason="经批准请假", actor=office
    )
    assert not records.flagged_deputies().exists()
    home = client_for("office_staff").get(reverse("core:home"))
    assert world.deputy.person.name not in home.content.decode()

    # the leave turns out not to have been approved: corrected, the deputy is flagged
    services.record_absence(world.deputy, second, approved_leave=False, actor=office)
    assert list(records.flagged_deputies()) == [world.deputy]
    assert records.duty_record(world.deputy).flagged
    home = client_for("office_staff").get(reverse("core:home"))
    todo = [item.url for item in home.context["todo"]]
    assert reverse("deputies:duty-record", args=[world.deputy.pk]) in todo
    flagged = client_for("leader").get(reverse("deputies:flagged-list"))
    assert [row[1][0] for row in flagged.context["rows"]] == [world.deputy.person.name]
    assert client_for("deputy").get(reverse("deputies:flagged-list")).status_code == 403

    # once the committee has ended the mandate, the to-do is gone; the list keeps it
    world.deputy.status = "terminated"
    world.deputy.save()
    home = client_for("office_staff").get(reverse("core:home"))
    assert reverse("deputies:duty-record", args=[world.deputy.pk]) not in [
        item.url for item in home.context["todo"]
    ]


def test_R82_absences_are_for_congress_sessions_of_the_deputy_s_term(world, network):
    from django.core.exceptions import PermissionDenied, ValidationError

    office = world.users["office_staff"]
    committee_session = Session.objects.create(
        term=world.term, body="standing_committee", number=1, start_date=dt.date(2023, 1, 9)
    )
    with pytest.raises(ValidationError):
        services.record_absence(world.deputy, committee_session, approved_leave=False, actor=office)
    future = Session.objects.create(
        term=world.term, body="congress", number=3, start_date=dt.date(2024, 1, 6)
    )
    with pytest.raises(ValidationError):
        services.record_absence(world.deputy, future, approved_leave=False, actor=office)
    with pytest.raises(PermissionDenied):
        services.record_absence(
            world.deputy, network.session, approved_leave=False, actor=world.users["deputy"]
        )
