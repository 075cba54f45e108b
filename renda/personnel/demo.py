"""Appointments and removals of the demo year: the lists put before the seven
standing committee sessions of 2023 by the mayor, the court president, the
procurator-general and the chair meeting — 168 person-times (88 appointments, 80
removals), each deliberated, each nominee for appointment heard (供职发言), every
list voted through the ballot engine by the members present (appointments by roll
call, removals by secret ballot, R33), certificates for everyone appointed, and a
constitutional oath ceremony organised by the chair meeting after each of the first
six sessions — 79 people sworn (R71). The nine appointed in December take the oath
at the first session of 2024: they show as pending.

Everything is written through renda.personnel.services, so every row and audit entry
is what the office's own actions would write (about 2,000 votes cast through the
engine). Idempotent: nothing happens once a 2023 bill exists. Deterministic: every
choice comes from an ``rng_for`` stream."""

import datetime as dt

from renda.core.demo import demo_step
from renda.core.demo import names as N
from renda.core.demo.year2023 import rng_for
from renda.core.models import CommitteeMember, Organisation, Person, Session, Term, User
from renda.personnel import services
from renda.personnel.models import AppointmentBill, AppointmentItem, Nominator

YEAR = 2023
# session number → nominator → (appointments, removals); 168 person-times in all.
PLAN = {
    1: {
        Nominator.MAYOR: (22, 18),
        Nominator.CHAIR_MEETING: (4, 2),
        Nominator.COURT_PRESIDENT: (4, 4),
        Nominator.PROCURATOR_GENERAL: (3, 3),
    },
    2: {
        Nominator.MAYOR: (6, 6),
        Nominator.COURT_PRESIDENT: (3, 3),
        Nominator.PROCURATOR_GENERAL: (2, 2),
    },
    3: {
        Nominator.MAYOR: (5, 5),
        Nominator.COURT_PRESIDENT: (3, 2),
        Nominator.PROCURATOR_GENERAL: (1, 1),
    },
    4: {
        Nominator.MAYOR: (5, 4),
        Nominator.CHAIR_MEETING: (2, 1),
        Nominator.COURT_PRESIDENT: (2, 2),
    },
    5: {
        Nominator.MAYOR: (5, 5),
        Nominator.COURT_PRESIDENT: (2, 2),
        Nominator.PROCURATOR_GENERAL: (2, 1),
    },
    6: {
        Nominator.MAYOR: (5, 5),
        Nominator.COURT_PRESIDENT: (2, 2),
        Nominator.PROCURATOR_GENERAL: (1, 1),
    },
    7: {
        Nominator.MAYOR: (6, 6),
        Nominator.COURT_PRESIDENT: (2, 2),
        Nominator.PROCURATOR_GENERAL: (1, 3),
    },
}
# Sessions after which the appointees took the oath in 2023 (the seventh's in 2024).
OATH_SESSIONS = (1, 2, 3, 4, 5, 6)
OATH_PLACE = "市人大常委会机关会议厅"
FALLBACK_DATES = {
    1: dt.date(2023, 1, 9),
    2: dt.date(2023, 2, 24),
    3: dt.date(2023, 4, 27),
    4: dt.date(2023, 6, 29),
    5: dt.date(2023, 8, 30),
    6: dt.date(2023, 10, 26),
    7: dt.date(2023, 12, 27),
}
TITLES = {
    Nominator.MAYOR: "市人民政府市长提请的任免案",
    Nominator.CHAIR_MEETING: "市人大常委会主任会议提请的任免案",
    Nominator.COURT_PRESIDENT: "市中级人民法院院长提请的任免案",
    Nominator.PROCURATOR_GENERAL: "市人民检察院检察长提请的任免案",
}
COURT_POSTS = [
    "市中级人民法院副院长",
    "市中级人民法院审判委员会委员",
    "市中级人民法院民事审判第一庭庭长",
    "市中级人民法院刑事审判第二庭副庭长",
    "市中级人民法院行政审判庭庭长",
    "市中级人民法院审判员",
]
PROCURATOR_POSTS = ["市人民检察院副检察长", "市人民检察院检察委员会委员", "市人民检察院检察员"]
CHAIR_POSTS = [
    "市人大常委会副秘书长",
    "市人大常委会法制工作委员会主任",
    "市人大常委会预算工作委员会副主任",
    "市人大常委会代表人事选举工作委员会主任",
    "市人大常委会研究室主任",
]
REASONS = {
    AppointmentItem.Action.APPOINT: "工作需要，经考察，提请任命。",
    AppointmentItem.Action.REMOVE: "因工作变动，提请免去其现任职务。",
}


def _session_dates(term: Term) -> dict[int, Session]:
    sessions = {}
    for number, day in FALLBACK_DATES.items():
        sessions[number], _created = Session.objects.get_or_create(
            term=term,
            body=Session.Body.STANDING_COMMITTEE,
            number=number,
            defaults={"start_date": day, "end_date": day},
        )
    return sessions


def _department_post(name: str) -> str:
    if name.endswith(("委员会", "办公室", "中心")):
        return f"市{name}主任"
    if name.endswith("局"):
        return f"市{name}局长"
    return f"市{name}负责人"


def _posts(nominator: str, rng, departments) -> tuple[str, Organisation | None]:
    if nominator == Nominator.MAYOR:
        org = rng.choice(departments)
        short = org.name.removeprefix("平顶山市")
        deputy = rng.random() < 0.35
        post = _department_post(short)
        if deputy:
            post = post.replace("局长", "副局长").replace("主任", "副主任")
        return post, org
    pool = {
        Nominator.COURT_PRESIDENT: COURT_POSTS,
        Nominator.PROCURATOR_GENERAL: PROCURATOR_POSTS,
        Nominator.CHAIR_MEETING: CHAIR_POSTS,
    }[nominator]
    return rng.choice(pool), None


def _present(session: Session, members: list[CommitteeMember], rng) -> list[Person]:
    """The members present: the meetings app's attendance when recorded, otherwise
    all but a few on leave."""
    from renda.meetings.services import recorded_present

    present = {person.pk for person in recorded_present(session)}
    if present:
        return [m.person for m in members if m.person_id in present]
    away = set(rng.sample(range(len(members)), rng.randint(2, 5)))
    return [m.person for i, m in enumerate(members) if i not in away]


@demo_step(60)
def load_personnel(log) -> None:
    term = Term.objects.get(number=12)
    if AppointmentBill.objects.filter(term=term, submitted_on__year=YEAR).exists():
        return
    rng = rng_for("personnel")
    actor = User.objects.filter(username="office").first()
    sessions = _session_dates(term)
    members = list(
        CommitteeMember.objects.filter(term=term).select_related("person").order_by("pk")
    )
    departments = list(
        Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT).order_by("code")
    )
    bodies = {
        Nominator.MAYOR: Organisation.objects.filter(code="ZF").first(),
        Nominator.CHAIR_MEETING: Organisation.objects.filter(code="RD-CW").first(),
        Nominator.COURT_PRESIDENT: Organisation.objects.filter(
            name__endswith="中级人民法院"
        ).first(),
        Nominator.PROCURATOR_GENERAL: Organisation.objects.filter(
            name__endswith="人民检察院"
        ).first(),
    }
    casts = 0
    for number, lists in PLAN.items():
        session = sessions[number]
        day = session.start_date
        present = _present(session, members, rng)
        appointed = []
        for nominator, (appoint, remove) in lists.items():
            items = []
            for action, count in (
                (AppointmentItem.Action.APPOINT, appoint),
                (AppointmentItem.Action.REMOVE, remove),
            ):
                for _ in range(count):
                    post, org = _posts(nominator, rng, departments)
                    female = rng.random() < 0.25
                    items.append(
                        {
                            "action": action,
                            "person_name": N.person_name(rng, female),
                            "gender": Person.Gender.FEMALE if female else Person.Gender.MALE,
                            "post": post,
                            "organisation": org,
                            "reasons": REASONS[action],
                        }
                    )
            bill = services.create_bill(
                term=term,
                session=session,
                title=TITLES[nominator],
                nominator=nominator,
                nominating_organisation=bodies[nominator],
                submitted_on=day - dt.timedelta(days=rng.randint(7, 12)),
                grouping=AppointmentBill.Grouping.PER_LIST,
                items=items,
                actor=actor,
            )
            services.deliberate(bill, on=day, actor=actor)
            for item in bill.items.filter(action=AppointmentItem.Action.APPOINT):
                services.record_statement(
                    item,
                    on=day,
                    summary="表示将忠于宪法、依法履职、接受监督。",
                    actor=actor,
                )
            for ballot in services.put_to_vote(bill, held_on=day, actor=actor):
                entries = []
                for person in present:
                    roll = rng.random()
                    choice = "yes" if roll < 0.96 else ("abstain" if roll < 0.99 else "no")
                    entries.append((person, choice))
                casts += services.record_votes(ballot, entries=entries, actor=actor)
            for item in services.conclude_vote(bill, actor=actor):
                if item.action == AppointmentItem.Action.APPOINT and item.state == "passed":
                    appointed.append(services.issue_certificate(item, on=day, actor=actor))
        if number in OATH_SESSIONS and appointed:
            services.record_ceremony(
                held_on=day,
                place=OATH_PLACE,
                items=appointed,
                session=session,
                presided_by="市人大常委会主任",
                note="主任会议组织，宣誓人左手抚按《中华人民共和国宪法》，右手举拳，领誓人领誓。",
                actor=actor,
            )
    voted = AppointmentItem.objects.filter(decided_on__year=YEAR).count()
    log(f"personnel: {voted} person-times voted, {casts} votes cast through the ballot engine")
