"""Who may open the deputies app's URLs (see renda/core/tests/test_access_matrix.py).
Object URLs point at the other deputy's place, reception day, activity and record."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS, WITH_ROLE

POLICY = {
    "deputies:place-list": WITH_ROLE,
    "deputies:place-create": REGISTRARS,
    "deputies:place-detail": WITH_ROLE,
    "deputies:place-edit": REGISTRARS,
    "deputies:place-deputies": NOBODY,  # POST only
    "deputies:reception-day-create": REGISTRARS,
    "deputies:reception-day-list": WITH_ROLE,
    "deputies:reception-day-detail": WITH_ROLE,
    "deputies:reception-day-act": NOBODY,  # POST only
    "deputies:activity-list": COMMITTEE | {"deputy"},
    "deputies:activity-create": REGISTRARS | {"deputy"},
    "deputies:duty-record": COMMITTEE,
    "deputies:my-record": frozenset({"deputy"}),
    "deputies:coverage": COMMITTEE,
    "deputies:performance": COMMITTEE,
    "deputies:absence-list": COMMITTEE,
    "deputies:absence-create": REGISTRARS,
    "deputies:flagged-list": COMMITTEE,
    "portal-deputies:finder": PUBLIC,
    "portal-deputies:place": PUBLIC,
    "portal-deputies:deputy-list": PUBLIC,
    "portal-deputies:deputy": PUBLIC,
    "api:place-list": WITH_ROLE,
    "api:place-detail": WITH_ROLE,
    "api:reception-day-list": WITH_ROLE,
    "api:reception-day-detail": WITH_ROLE,
    "api:reception-day-held": NOBODY,  # POST only
    "api:reception-day-cancel": NOBODY,  # POST only
    "api:duty-activity-list": COMMITTEE | {"deputy"},
    "api:duty-activity-detail": COMMITTEE,
    "api:duty-record-detail": COMMITTEE,
    "api:deputy-performance-list": COMMITTEE,
}

POST_POLICY = {
    "deputies:place-deputies": REGISTRARS,
    "deputies:reception-day-act": REGISTRARS,
    "api:reception-day-list": REGISTRARS,
    "api:reception-day-held": REGISTRARS,
    "api:reception-day-cancel": REGISTRARS,
    "api:duty-activity-list": REGISTRARS | {"deputy"},
    "portal-deputies:finder": NOBODY,
    "portal-deputies:place": NOBODY,
    "portal-deputies:deputy-list": NOBODY,
    "portal-deputies:deputy": NOBODY,
}

URL_ARGS = {
    "deputies:place-detail": lambda w: {"pk": w.other_place.pk},
    "deputies:place-edit": lambda w: {"pk": w.other_place.pk},
    "deputies:place-deputies": lambda w: {"pk": w.other_place.pk},
    "deputies:reception-day-create": lambda w: {"pk": w.other_place.pk},
    "deputies:reception-day-detail": lambda w: {"pk": w.other_reception_day.pk},
    "deputies:reception-day-act": lambda w: {"pk": w.other_reception_day.pk, "action": "held"},
    "deputies:duty-record": lambda w: {"pk": w.other_deputy.pk},
    "portal-deputies:place": lambda w: {"pk": w.other_place.pk},
    "portal-deputies:deputy": lambda w: {"pk": w.other_deputy.pk},
    "api:place-detail": lambda w: {"pk": w.other_place.pk},
    "api:reception-day-detail": lambda w: {"pk": w.other_reception_day.pk},
    "api:reception-day-held": lambda w: {"pk": w.other_reception_day.pk},
    "api:reception-day-cancel": lambda w: {"pk": w.other_reception_day.pk},
    "api:duty-activity-detail": lambda w: {"pk": w.other_activity.pk},
    "api:duty-record-detail": lambda w: {"pk": w.other_deputy.pk},
}


def prepare(world) -> None:
    """The other deputy's place (in a district), reception day, activity and absence."""
    from renda.core.models import Organisation, Session
    from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay

    district = Organisation.objects.create(code="QX-T1", name="测试区", kind="district")
    place = Place.objects.create(
        code="LS-T-OTHER",
        name="他代表联络站",
        kind=Place.Kind.LIAISON_STATION,
        district=district,
        latitude=33.7,
        longitude=113.2,
    )
    place.deputies.add(world.other_deputy)
    day = ReceptionDay.objects.create(place=place, date=dt.date(2099, 1, 5))
    day.deputies.add(world.other_deputy)
    activity = DutyActivity.objects.create(
        kind=DutyActivity.Kind.TRAINING, title="他代表的培训", date=dt.date(2023, 3, 1)
    )
    activity.deputies.add(world.other_deputy)
    session = Session.objects.filter(term=world.term, body=Session.Body.CONGRESS).first()
    CongressAbsence.objects.create(deputy=world.other_deputy, session=session)
    world.other_place, world.other_reception_day, world.other_activity = place, day, activity
