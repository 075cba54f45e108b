"""The network's services: validation, audit, reception-day workflow, activities."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renda.core import audit
from renda.core.models import AuditEntry, Term
from renda.core.tests.factories import DeputyFactory
from renda.deputies import services
from renda.deputies.models import DutyActivity, Place, ReceptionDay
from renda.handling.workflow import InvalidTransition

pytestmark = pytest.mark.django_db


def place(network, **kwargs):
    defaults = {
        "name": "新站",
        "kind": Place.Kind.LIAISON_STATION,
        "district": network.district,
        "township": network.township,
        "latitude": "33.7",
        "longitude": "113.2",
    }
    return Place(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"latitude": "91"}, "latitude"),
        ({"longitude": "-180.5"}, "longitude"),
        ({"longitude": None}, "longitude"),
        ({"latitude": "abc"}, "latitude"),
        ({"latitude": "NaN"}, "latitude"),
        ({"latitude": "1e40"}, "latitude"),
        ({"district": None, "township": None}, "district"),
        ({"township_code": "other"}, "township"),
        ({"district_code": "township"}, "district"),
        ({"industrial_chain": "尼龙新材料产业链"}, "industrial_chain"),
    ],
)
def test_a_place_is_validated_and_nothing_is_saved(world, network, changes, field):
    changes = dict(changes)
    if changes.pop("township_code", None):
        changes["township"] = network.other_township
    if changes.pop("district_code", None):
        changes["district"] = network.township
        changes["township"] = None
    before = (Place.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        services.save_place(place(network, **changes), actor=world.users["office_staff"])
    assert field in error.value.message_dict
    assert (Place.objects.count(), AuditEntry.objects.count()) == before


def test_a_place_gets_a_code_its_district_and_an_audit_row(world, network):
    office = world.users["office_staff"]
    created = services.save_place(
        place(network, district=None, latitude=33.73712345, longitude=113.2), actor=office
    )
    assert created.code.startswith("LS-")
    assert created.district == network.district  # filled in from the township
    assert str(created.latitude) == "33.737123"
    created.name = "改名的站"
    services.save_place(created, actor=office, note="更名")
    verbs = [e.verb for e in audit.entries_for(created)]
    assert verbs == ["edit_place", "create_place"]
    assert audit.entries_for(created).first().after == {"name": "改名的站"}
    online = services.save_place(
        Place(name="网上代表之家", kind=Place.Kind.ONLINE_HOME), actor=office
    )
    assert online.code.startswith("OH-")
    demo_site = services.save_place(
        place(network, kind=Place.Kind.DEMONSTRATION_SITE, industrial_chain="尼龙新材料产业链"),
        actor=office,
    )
    assert demo_site.industrial_chain


def test_only_the_office_manages_places(world, network):
    for role in ("deputy", "leader", "unit_handler"):
        with pytest.raises(PermissionDenied):
            services.save_place(place(network), actor=world.users[role])


def test_attach_and_detach_deputies(world, network):
    office = world.users["office_staff"]
    newcomer = DeputyFactory(term=world.term)
    services.attach_deputies(network.station, [newcomer], actor=office)
    assert set(network.station.deputies.all()) == {world.deputy, world.other_deputy, newcomer}
    with pytest.raises(ValidationError):
        services.attach_deputies(network.station, [newcomer], actor=office)
    resigned = DeputyFactory(term=world.term, status="resigned")
    with pytest.raises(ValidationError):
        services.attach_deputies(network.station, [resigned], actor=office)
    services.detach_deputy(network.station, newcomer, actor=office)
    with pytest.raises(ValidationError):
        services.detach_deputy(network.station, newcomer, actor=office)
    verbs = [e.verb for e in audit.entries_for(network.station)]
    assert verbs[:2] == ["detach_deputy", "attach_deputies"]


def test_scheduling_checks_deputies_times_and_dates(world, network, today):
    office = world.users["office_staff"]
    stranger = DeputyFactory(term=world.term)
    date = dt.date(2023, 3, 10)
    with pytest.raises(ValidationError) as error:
        services.schedule_reception_day(
            network.station, date=date, deputies=[stranger], actor=office
        )
    assert "deputies" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.schedule_reception_day(
            network.station,
            date=date,
            deputies=[world.deputy],
            starts_at=dt.time(11),
            ends_at=dt.time(9),
            actor=office,
        )
    assert "ends_at" in error.value.message_dict
    day = services.schedule_reception_day(
        network.station, date=date, deputies=[world.deputy], actor=office
    )
    with pytest.raises(ValidationError) as error:
        services.schedule_reception_day(
            network.station, date=date, deputies=[world.other_deputy], actor=office
        )
    assert "date" in error.value.message_dict
    assert day.state == ReceptionDay.State.SCHEDULED
    assert audit.entries_for(day).first().to_state == "scheduled"


def test_a_held_reception_gives_the_deputies_a_reception_activity(world, network, today):
    office = world.users["office_staff"]
    day = services.schedule_reception_day(
        network.station, date=dt.date(2023, 3, 10), deputies=[world.deputy], actor=office
    )
    with pytest.raises(ValidationError):  # not yet
        services.record_reception_held(day, visitors=3, actor=office)
    today.value = dt.date(2023, 3, 10)
    with pytest.raises(ValidationError):
        services.record_reception_held(day, visitors=-1, actor=office)
    services.record_reception_held(
        day,
        visitors=8,
        notes="反映停车难",
        deputies=[world.deputy, world.other_deputy],
        actor=office,
    )
    day.refresh_from_db()
    assert (day.state, day.visitors) == ("held", 8)
    activity = DutyActivity.objects.get(reception_day=day)
    assert activity.kind == DutyActivity.Kind.RECEPTION
    assert set(activity.deputies.all()) == {world.deputy, world.other_deputy}
    with pytest.raises(InvalidTransition):
        services.record_reception_held(day, visitors=8, actor=office)
    with pytest.raises(InvalidTransition):
        services.cancel_reception_day(day, reason="x", actor=office)


def test_cancelling_needs_a_reason(world, network):
    office = world.users["office_staff"]
    day = services.schedule_reception_day(
        network.station, date=dt.date(2023, 3, 20), deputies=[world.deputy], actor=office
    )
    with pytest.raises(ValidationError):
        services.cancel_reception_day(day, reason="  ", actor=office)
    services.cancel_reception_day(day, reason="暴雨预警", actor=office)
    day.refresh_from_db()
    assert (day.state, day.cancellation_reason) == ("cancelled", "暴雨预警")
    # the date is free again
    services.schedule_reception_day(
        network.station, date=dt.date(2023, 3, 20), deputies=[world.deputy], actor=office
    )


def test_a_deputy_records_their_own_activities_only(world, network):
    deputy = world.users["deputy"]
    own = services.record_activity(
        DutyActivity(kind="dual_contact", title="走访选民", date=dt.date(2023, 2, 1)),
        deputies=[world.deputy],
        actor=deputy,
    )
    assert own.recorded_by == deputy
    for deputies in ([world.other_deputy], [world.deputy, world.other_deputy], []):
        with pytest.raises(PermissionDenied):
            services.record_activity(
                DutyActivity(kind="research", title="调研", date=dt.date(2023, 2, 1)),
                deputies=deputies,
                actor=deputy,
            )
    with pytest.raises(PermissionDenied):
        services.record_activity(
            DutyActivity(kind="research", title="调研", date=dt.date(2023, 2, 1)),
            deputies=[world.deputy],
            actor=world.users["unit_handler"],
        )


def test_an_activity_lies_in_the_past_and_in_the_deputies_term(world, network):
    office = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.record_activity(
            DutyActivity(kind="training", title="培训", date=dt.date(2023, 5, 1)),
            deputies=[world.deputy],
            actor=office,
        )
    earlier = Term.objects.create(
        number=11, start_date=dt.date(2018, 1, 9), end_date=dt.date(2022, 12, 31)
    )
    old_mandate = DeputyFactory(term=earlier)
    with pytest.raises(ValidationError):
        services.record_activity(
            DutyActivity(kind="training", title="培训", date=dt.date(2023, 2, 1)),
            deputies=[old_mandate],
            actor=office,
        )
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.record_activity(
            DutyActivity(kind="nonsense", title="", date=dt.date(2023, 2, 1)),
            deputies=[world.deputy],
            actor=office,
        )
    assert AuditEntry.objects.count() == before
