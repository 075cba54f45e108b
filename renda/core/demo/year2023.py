"""Core registers of the demo city in 2023: the 12th term, its bodies, about 550
deputies, the standing committee with posts, about 60 handling units, demo accounts."""

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from renda.core import roles
from renda.core.demo import demo_step
from renda.core.demo import names as N
from renda.core.models import (
    CommitteeMember,
    Deputy,
    Organisation,
    Person,
    Session,
    Term,
    User,
)

SEED = 2023
TERM_START = dt.date(2023, 1, 6)
K = Organisation.Kind


def rng_for(part: str) -> random.Random:
    """One independent, fixed random stream per part, so adding a part later does not
    change what the others generate."""
    return random.Random(f"{SEED}:{part}")


@demo_step(10)
def load_core(log) -> None:
    term, _ = Term.objects.get_or_create(number=12, defaults={"start_date": TERM_START})
    _ensure_sessions(term)
    _ensure_organisations()
    _ensure_deputies(term)
    _ensure_committee(term)
    accounts = _ensure_accounts(term)
    log(
        f"core: term {term.number}, {Deputy.objects.filter(term=term).count()} deputies, "
        f"{CommitteeMember.objects.filter(term=term).count()} committee members, "
        f"{Organisation.objects.filter(is_handling_unit=True).count()} handling units"
    )
    log(f"demo accounts (password: {settings.RENDA_DEMO_PASSWORD}): {', '.join(accounts)}")


def _ensure_sessions(term: Term) -> None:
    Session.objects.get_or_create(
        term=term,
        body=Session.Body.CONGRESS,
        number=1,
        defaults={"start_date": TERM_START, "end_date": dt.date(2023, 1, 9)},
    )
    # The standing committee meets at least every two months (R30).
    dates = [
        dt.date(2023, 1, 9),
        dt.date(2023, 2, 24),
        dt.date(2023, 4, 27),
        dt.date(2023, 6, 29),
        dt.date(2023, 8, 30),
        dt.date(2023, 10, 26),
        dt.date(2023, 12, 27),
    ]
    for number, day in enumerate(dates, start=1):
        Session.objects.get_or_create(
            term=term,
            body=Session.Body.STANDING_COMMITTEE,
            number=number,
            defaults={"start_date": day, "end_date": day},
        )


def _org(code, name, kind, parent=None, handling=False, **extra) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "is_handling_unit": handling,
            **extra,
        },
    )
    return org


def _ensure_organisations() -> None:
    rng = rng_for("organisations")
    congress = _org("RD", "平顶山市人民代表大会", K.CONGRESS)
    committee = _org("RD-CW", "平顶山市人大常委会", K.STANDING_COMMITTEE, congress)
    _org(
        "RD-BGS",
        "市人大常委会办公室",
        K.OFFICE,
        committee,
        contact_person="办公室值班",
        contact_phone="0375-2611001",
    )
    for code, name in N.SPECIAL_COMMITTEES:
        _org(code, f"市人大{name}", K.SPECIAL_COMMITTEE, congress)
    for code, name in N.WORKING_COMMITTEES:
        _org(code, f"市人大常委会{name}", K.WORKING_COMMITTEE, committee)
    government = _org(
        "ZF", "平顶山市人民政府", K.GOVERNMENT, handling=True, contact_phone="0375-2622000"
    )
    for index, name in enumerate(N.DEPARTMENTS, start=1):
        kind = K.HANDLING_UNIT if name in N.NON_GOVERNMENT_UNITS else K.DEPARTMENT
        _org(
            f"BM{index:03d}",
            f"平顶山市{name}" if kind == K.DEPARTMENT else f"平顶山{name}",
            kind,
            government if kind == K.DEPARTMENT else None,
            handling=True,
            contact_person=N.person_name(rng, rng.random() < 0.4),
            contact_phone=f"0375-{2600000 + index * 137}",
        )
    for code, name, _count in [*N.DISTRICTS, N.MILITARY_DELEGATION]:
        _org(f"DT-{code}", f"{name}代表团", K.DELEGATION, congress)
    for code, name, _count in N.DISTRICTS:
        district = _org(
            f"QX-{code}",
            f"{name}人民政府" if not name.endswith("市") else f"{name}人民政府",
            K.DISTRICT,
            handling=True,
        )
        for number in range(1, rng.randint(6, 12) + 1):
            stem = rng.choice(N.TOWNSHIP_STEMS) + rng.choice(N.TOWNSHIP_STEMS)
            _org(
                f"XZ-{code}-{number:02d}",
                f"{name}{stem}{rng.choice(N.TOWNSHIP_SUFFIXES)}",
                K.TOWNSHIP,
                district,
            )


def _ensure_deputies(term: Term) -> None:
    if Deputy.objects.filter(term=term).exists():
        return
    rng = rng_for("deputies")
    sectors = (
        ["party_government"] * 30
        + ["worker_farmer"] * 22
        + ["professional"] * 24
        + ["business"] * 18
        + ["other"] * 6
    )
    people, deputies = [], []
    for code, name, count in [*N.DISTRICTS, N.MILITARY_DELEGATION]:
        delegation = Organisation.objects.get(code=f"DT-{code}")
        for number in range(1, count + 1):
            female = rng.random() < 0.32
            person = Person(
                name=N.person_name(rng, female),
                gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
                ethnicity=rng.choice(N.ETHNICITIES),
                party=rng.choice(N.PARTIES),
                birth_date=dt.date(rng.randint(1962, 1992), rng.randint(1, 12), rng.randint(1, 28)),
                mobile=N.mobile(rng),
            )
            sector = "military" if code == "JD" else rng.choice(sectors)
            people.append(person)
            deputies.append(
                Deputy(
                    code=f"12-{code}-{number:03d}",
                    term=term,
                    delegation=delegation,
                    constituency=f"{name}第{rng.randint(1, 12)}选区"
                    if code != "JD"
                    else "驻平部队",
                    sector=sector,
                    occupation=N.occupation(rng, sector, name),
                    address=f"{name}{rng.choice(N.VILLAGES)}路{rng.randint(1, 300)}号",
                )
            )
    people = bulk_create_with_history(people, Person, batch_size=500)
    for deputy, person in zip(deputies, people, strict=True):
        deputy.person = person
    bulk_create_with_history(deputies, Deputy, batch_size=500)


POSTS = [
    (CommitteeMember.Post.CHAIR, 1),
    (CommitteeMember.Post.VICE_CHAIR, 7),
    (CommitteeMember.Post.SECRETARY_GENERAL, 1),
    (CommitteeMember.Post.MEMBER, 36),
]


def _ensure_committee(term: Term) -> None:
    if CommitteeMember.objects.filter(term=term).exists():
        return
    rng = rng_for("committee")
    # Committee members are elected from among the deputies.
    candidates = list(
        Deputy.objects.filter(term=term).exclude(delegation__code="DT-JD").order_by("code")
    )
    chosen = rng.sample(candidates, sum(n for _p, n in POSTS))
    members = []
    index = 0
    for post, count in POSTS:
        for _ in range(count):
            members.append(
                CommitteeMember(
                    person_id=chosen[index].person_id, term=term, post=post, start_date=TERM_START
                )
            )
            index += 1
    bulk_create_with_history(members, CommitteeMember)


def _ensure_accounts(term: Term) -> list[str]:
    members = CommitteeMember.objects.filter(term=term).select_related("person")
    chair = members.filter(post=CommitteeMember.Post.CHAIR).first()
    member = members.filter(post=CommitteeMember.Post.MEMBER).order_by("pk").first()
    committee_people = set(members.values_list("person_id", flat=True))
    deputy = (
        Deputy.objects.filter(term=term)
        .exclude(person_id__in=committee_people)
        .order_by("code")
        .first()
    )
    expert, _ = Person.objects.get_or_create(
        name="周立言", defaults={"gender": "male", "party": "九三学社社员"}
    )
    specs = [
        ("admin", "系统管理员", roles.ADMINISTRATOR, None, None),
        ("office", "办公室工作人员", roles.OFFICE_STAFF, None, "RD-BGS"),
        ("leader", chair.person.name, roles.LEADER, chair.person, "RD-CW"),
        ("member", member.person.name, roles.COMMITTEE_MEMBER, member.person, "RD-CW"),
        ("deputy", deputy.person.name, roles.DEPUTY, deputy.person, None),
        ("unit", "住建局办理员", roles.UNIT_HANDLER, None, "BM013"),
        ("expert", expert.name, roles.EXPERT, expert, None),
    ]
    for username, full_name, role, person, org_code in specs:
        _ensure_account(username, full_name, role, person, org_code)
    return [s[0] for s in specs]


def _ensure_account(username, full_name, role, person, org_code) -> None:
    if User.objects.filter(username=username).exists():
        return
    user = User(
        username=username,
        first_name=full_name,
        person=person,
        organisation=Organisation.objects.filter(code=org_code).first() if org_code else None,
    )
    if role == roles.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
    user.set_password(settings.RENDA_DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
