"""A small network for the deputies app's tests: a district with two townships, a
township of another district, and a liaison station with the world's deputy."""

import datetime as dt
from dataclasses import dataclass

import pytest

from renda.core.models import Organisation, Session


@dataclass
class Network:
    district: Organisation
    township: Organisation
    other_district: Organisation
    other_township: Organisation
    station: object
    session: Session


@pytest.fixture
def network(world, today):
    from renda.deputies import services
    from renda.deputies.models import Place

    district = Organisation.objects.create(code="QX-T", name="测试区", kind="district")
    township = Organisation.objects.create(
        code="XZ-T-01", name="测试街道", kind="township", parent=district
    )
    other_district = Organisation.objects.create(code="QX-U", name="别的县", kind="district")
    other_township = Organisation.objects.create(
        code="XZ-U-01", name="别的乡", kind="township", parent=other_district
    )
    office = world.users["office_staff"]
    station = services.save_place(
        Place(
            name="测试街道人大代表联络站",
            kind=Place.Kind.LIAISON_STATION,
            district=district,
            township=township,
            latitude=33.737,
            longitude=113.293,
            address="测试路1号",
            contact_person="站长甲",
            contact_phone="0375-5550001",
        ),
        actor=office,
    )
    services.attach_deputies(station, [world.deputy, world.other_deputy], actor=office)
    session = Session.objects.get_or_create(
        term=world.term, body="congress", number=1, defaults={"start_date": dt.date(2023, 1, 6)}
    )[0]
    return Network(district, township, other_district, other_township, station, session)
