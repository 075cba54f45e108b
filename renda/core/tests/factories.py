"""A small world for tests: two units, two deputies, one user per role, and for the
unit handler and the deputy an 'other' counterpart whose data must never leak."""

import datetime as dt
from dataclasses import dataclass, field

import factory
from django.contrib.auth.models import Group

from renda.core import roles
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Term, User

# Strings that exist only in the other unit's / other deputy's rows: if a response to
# the unit handler or the deputy contains one of them, that response leaks.
OTHER_UNIT_MARK = "他单位泄露标记"
OTHER_UNIT_PHONE = "0375-9990001"
OTHER_DEPUTY_MOBILE = "13900009999"
OTHER_DEPUTY_ADDRESS = "他代表住址泄露标记路1号"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 12
    start_date = dt.date(2023, 1, 6)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organisation.Kind.DEPARTMENT
    is_handling_unit = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人{n}")
    gender = Person.Gender.MALE
    mobile = factory.Sequence(lambda n: f"1380000{n:04d}")


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    code = factory.Sequence(lambda n: f"12-T-{n:04d}")
    person = factory.SubFactory(PersonFactory)
    term = factory.SubFactory(TermFactory)
    delegation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.DELEGATION, is_handling_unit=False
    )
    occupation = "测试职业"


def make_user(username: str, role: str | None, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-1", **extra)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@dataclass
class World:
    term: Term
    unit: Organisation
    other_unit: Organisation
    deputy: Deputy
    other_deputy: Deputy
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    term = TermFactory()
    unit = OrganisationFactory(name="本单位住建局", contact_phone="0375-1110001")
    other_unit = OrganisationFactory(name=f"{OTHER_UNIT_MARK}局", contact_phone=OTHER_UNIT_PHONE)
    delegation = OrganisationFactory(
        kind=Organisation.Kind.DELEGATION, name="新华区代表团", is_handling_unit=False
    )
    deputy = DeputyFactory(
        term=term, delegation=delegation, person__name="本代表", address="本代表住址"
    )
    other_deputy = DeputyFactory(
        term=term,
        delegation=delegation,
        person__name="他代表",
        person__mobile=OTHER_DEPUTY_MOBILE,
        address=OTHER_DEPUTY_ADDRESS,
    )
    member_person = PersonFactory(name="委员甲")
    CommitteeMember.objects.create(
        person=member_person, term=term, post="member", start_date=term.start_date
    )
    users = {
        "administrator": make_user(
            "t-admin", roles.ADMINISTRATOR, is_staff=True, is_superuser=True
        ),
        "office_staff": make_user("t-office", roles.OFFICE_STAFF),
        "leader": make_user("t-leader", roles.LEADER),
        "committee_member": make_user("t-member", roles.COMMITTEE_MEMBER, person=member_person),
        "deputy": make_user("t-deputy", roles.DEPUTY, person=deputy.person),
        "unit_handler": make_user("t-unit", roles.UNIT_HANDLER, organisation=unit),
        "expert": make_user("t-expert", roles.EXPERT),
        "no_role": make_user("t-norole", None),
    }
    return World(term, unit, other_unit, deputy, other_deputy, users)
