"""Fixtures of the ledgers: the committee's office (an owner of entries), a problem
area of 2023, an entry factory through the services, and media in a temp folder."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.models import Organisation
from renda.ledgers import services

DAY = dt.date(2023, 5, 10)
PDF = b"%PDF-1.4\n%ledger evidence\n"


def pdf(name="证明材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(world) -> Organisation:
    return Organisation.objects.create(
        code="T-BGS", name="市人大常委会办公室", kind=Organisation.Kind.OFFICE
    )


@pytest.fixture
def working_committee(world) -> Organisation:
    return Organisation.objects.create(
        code="T-WC-FG", name="法制工作委员会", kind=Organisation.Kind.WORKING_COMMITTEE
    )


@pytest.fixture
def area(world):
    return services.create_problem_area(
        year=2023, name="理论学习方面", actor=world.users["office_staff"]
    )


KIND_EXTRAS = {
    "rule": {"rule_action": "established"},
    "party_committee_report": {},
    "implementation_measure": {},
    "problem_resolved": {"leader_name": "李主任"},
    "experience_promoted": {"promoted_where": "全省人大工作会议", "promoted_how": "作经验介绍"},
    "legislative_procedure": {},
}


@pytest.fixture
def make_entry(world, office, area):
    def make(kind="rule", title=None, date=DAY, **extra):
        data = {"problem_area": area} if kind == "rectification" else dict(KIND_EXTRAS[kind])
        data.update(extra)
        return services.create_entry(
            kind=kind,
            title=title or f"{kind}台账事项",
            date=date,
            owner=data.pop("owner", office),
            actor=data.pop("actor", world.users["office_staff"]),
            **data,
        )

    return make
