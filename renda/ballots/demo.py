"""Ballots of the 2023 demo year.

- The livelihood projects (民生实事) chosen by the deputies at the first session of the
  12th congress (January 2023): 15 candidate projects, 10 places, secret ballot.
- Satisfaction assessments by the committee members (secret ballots, R42): 9
  departments on science-and-technology innovation after the report heard at the
  4th session (June), 34 departments on the business environment together with the
  special inquiry at the 6th session (October). Results published; one department
  falls below the threshold and gets a rectification item (R43).

Assessment votes go through ``services.cast`` one by one. The deputies' selection
(about 520 ballots) is written in bulk with the same secrecy semantics as a cast:
participations and counters only, one audit row per participation without the choice.
"""

import contextlib
import datetime as dt
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from renda.ballots import services
from renda.ballots.models import Ballot, BallotOption, Participation
from renda.core import clock
from renda.core.demo import demo_step
from renda.core.demo.year2023 import rng_for
from renda.core.models import (
    AuditEntry,
    CommitteeMember,
    Deputy,
    Organisation,
    Session,
    Term,
    User,
)
from renda.meetings.services import recorded_present

YEAR = 2023
INNOVATION_SESSION = 4  # 2023-06-29
BUSINESS_SESSION = 6  # 2023-10-26
SELECTION_DAY = dt.date(2023, 1, 8)
# 发改、科技等9个职能部门
INNOVATION_DEPARTMENTS = [
    "发展和改革委员会",
    "科学技术局",
    "工业和信息化局",
    "教育局",
    "财政局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "自然资源和规划局",
    "政务服务和大数据管理局",
]
WEAK_DEPARTMENT = "住房公积金管理中心"  # below the threshold: a rectification item
LIVELIHOOD_PROJECTS = [
    ("城镇老旧小区改造", 0.93),
    ("农村供水保障工程", 0.9),
    ("普惠托育服务扩容", 0.87),
    ("城乡居民免费健康体检", 0.84),
    ("中小学校课后服务提升", 0.8),
    ("公共厕所新建改造", 0.76),
    ("社区养老服务设施建设", 0.73),
    ("背街小巷道路整治", 0.69),
    ("智慧停车场建设", 0.65),
    ("残疾人康复救助", 0.62),
    ("城市公园游园建设", 0.45),
    ("农村公路提质", 0.41),
    ("菜市场标准化改造", 0.36),
    ("全民健身场地建设", 0.31),
    ("城区路灯亮化", 0.25),
]
PLACES = 10
GRADES = (("satisfied", 0.7), ("basically_satisfied", 0.23), ("dissatisfied", 0.05), ("", 0.02))
WEAK_GRADES = (
    ("satisfied", 0.2),
    ("basically_satisfied", 0.25),
    ("dissatisfied", 0.53),
    ("", 0.02),
)


@contextlib.contextmanager
def _on(day: dt.date):
    """renda's clock set to a day of the demo year (the records' dates follow it)."""
    saved = clock.now, clock.today
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    clock.now, clock.today = (lambda: moment), (lambda: day)
    try:
        yield
    finally:
        clock.now, clock.today = saved


def _pick(rng, weights) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in weights:
        total += weight
        if roll < total:
            return value
    return weights[-1][0]


@demo_step(55)
def load_ballots(log) -> None:
    term = Term.objects.get(number=12)
    if (
        Ballot.objects.filter(term=term, held_on__year=YEAR, kind=Ballot.Kind.ASSESSMENT)
        .filter(topic__in=[services.TOPIC_INNOVATION, services.TOPIC_BUSINESS_ENVIRONMENT])
        .exists()
    ):
        log("ballots: already loaded")
        return
    actor = User.objects.filter(username="office").first()
    members = list(
        CommitteeMember.objects.filter(term=term).select_related("person").order_by("pk")
    )
    departments = list(
        Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, is_handling_unit=True)
        .exclude(name__contains="执法支队")
        .order_by("code")
    )
    by_name = {d.name.removeprefix("平顶山市").removeprefix("平顶山"): d for d in departments}
    innovation = [by_name[n] for n in INNOVATION_DEPARTMENTS if n in by_name]
    weak = by_name.get(WEAK_DEPARTMENT)
    business = ([weak] if weak else []) + [d for d in departments if d is not weak][
        : 34 - bool(weak)
    ]

    selection = _livelihood_selection(term, actor, log)
    rectified = 0
    for number, topic, assessed in (
        (INNOVATION_SESSION, services.TOPIC_INNOVATION, innovation),
        (BUSINESS_SESSION, services.TOPIC_BUSINESS_ENVIRONMENT, business),
    ):
        session = Session.objects.get(
            term=term, body=Session.Body.STANDING_COMMITTEE, number=number
        )
        rng = rng_for(f"ballots:assessment:{topic}")
        away = set(rng.sample(range(len(members)), rng.randint(3, 6)))
        # those the meetings demo recorded present vote; a member on leave does not
        recorded = {person.pk for person in recorded_present(session)}
        present = [
            m.person
            for i, m in enumerate(members)
            if (m.person_id in recorded if recorded else i not in away)
        ]
        with _on(session.start_date):
            for department in assessed:
                ballot = services.assess_department(
                    department=department,
                    topic=topic,
                    term=term,
                    held_on=session.start_date,
                    session=session,
                    actor=actor,
                )
                services.open_ballot(ballot, actor=actor)
                codes = {o.code: o.pk for o in ballot.options.all()}
                weights = WEAK_GRADES if department is weak else GRADES
                for person in present:
                    grade = _pick(rng, weights)
                    chosen = [codes[grade]] if grade else []
                    services.cast(ballot, voter=person, choices=chosen, actor=actor, by_clerk=True)
                ballot = services.close_ballot(ballot, actor=actor)
                rectified += ballot.rectification_case_id is not None
                services.publish_ballot(ballot, actor=actor)
    log(
        f"ballots: {len(innovation)} departments assessed on innovation, {len(business)} on "
        f"the business environment ({rectified} rectification item), livelihood projects "
        f"chosen: {len(services.tally(selection).decision.chosen)}"
    )


def _livelihood_selection(term: Term, actor, log) -> Ballot:
    session = Session.objects.get(term=term, body=Session.Body.CONGRESS, number=1)
    rng = rng_for("ballots:livelihood")
    with _on(SELECTION_DAY):
        ballot = services.create_ballot(
            question="平顶山市2023年民生实事项目票决",
            kind=Ballot.Kind.SELECTION,
            method=Ballot.Method.SECRET,
            electorate=Ballot.Electorate.CONGRESS_DEPUTIES,
            term=term,
            session=session,
            held_on=SELECTION_DAY,
            pass_rule=Ballot.PassRule.MOST_VOTES,
            options=[name for name, _w in LIVELIHOOD_PROJECTS],
            places=PLACES,
            actor=actor,
        )
        services.open_ballot(ballot, actor=actor)
        options = list(ballot.options.order_by("position"))
        deputies = list(
            Deputy.objects.filter(term=term, status=Deputy.Status.ACTIVE)
            .order_by("code")
            .values_list("person_id", flat=True)
        )
        present = [p for p in deputies if rng.random() < 0.95]
        counts, invalid = Counter(), 0
        for _person in present:
            picks = [
                o.pk
                for o, (_n, w) in zip(options, LIVELIHOOD_PROJECTS, strict=True)
                if rng.random() < w
            ]
            if not picks or len(picks) > PLACES:
                invalid += 1  # a blank paper or too many marks
            else:
                counts.update(picks)
        _bulk_cast(ballot, present, counts, invalid, actor)
        ballot = services.close_ballot(ballot, actor=actor)
        services.publish_ballot(ballot, actor=actor)
    return ballot


def _bulk_cast(ballot: Ballot, voters: list[int], counts: Counter, invalid: int, actor) -> None:
    """What ``services.cast`` writes for each secret vote, written at once: the
    participations (no time, no choice), the counters, and per participation an audit
    row saying only that the voter took part."""
    Participation.objects.bulk_create(
        [Participation(ballot=ballot, voter_id=pk, entered_by_clerk=True) for pk in voters],
        batch_size=1000,
    )
    for option_pk, count in counts.items():
        BallotOption.objects.filter(pk=option_pk).update(count=F("count") + count)
    Ballot.objects.filter(pk=ballot.pk).update(invalid_count=F("invalid_count") + invalid)
    target_type = ContentType.objects.get_for_model(Ballot)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor,
                actor_name=actor.get_username() if actor else "system",
                verb="cast",
                target_type=target_type,
                target_id=str(ballot.pk),
                target_repr=str(ballot)[:200],
                after={"voter": pk, "entered_by_clerk": True},
            )
            for pk in voters
        ],
        batch_size=1000,
    )
