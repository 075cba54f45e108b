"""Structured texts of the demo year: the two regulations of 2023 (residential fire
safety; traditional villages), each as two versions — the draft at its first reading
and the revised draft — entered through renda.legislation.services, so that their
comparison tables show amended, moved, renumbered, split, merged, added and deleted
articles. The texts are the files under ``demo_texts/`` (written for the demo, not
copied from real regulations). Idempotent: a text already present is left alone.

Step 76: the 2023 annual legislative plan and the five-year plan (2023—2027) with their
items; the two regulations as projects driven through the services — project approval,
three readings at the 2023 committee sessions reading the texts' versions, the vote of
the members present (ballot engine), submission, unanimous provincial approval,
publication with the notice number and effective date; the three research topics
(dog keeping, parking lots, e-bikes) linked to demo opinions and suggestions; the five
legislative procedure rules in their ledger. Idempotent: nothing happens once a plan
of 2023 exists."""

import contextlib
import datetime as dt

from django.utils import timezone

from renda.core import clock
from renda.core.demo import demo_step
from renda.core.models import Organisation, Session, Term, User
from renda.legislation import services
from renda.legislation import services_projects as projects
from renda.legislation.demo_texts import DEMO, demo_text
from renda.legislation.models import LegalText, LegislativePlan
from renda.meetings.services import recorded_present


@demo_step(75)
def load_legal_texts(log) -> None:
    actor = User.objects.filter(username="office").first()
    for title, stem, body, labels in DEMO:
        if LegalText.objects.filter(title=title).exists():
            continue
        organisation = Organisation.objects.filter(name__contains=body).order_by("pk").first()
        legal_text = services.create_text(
            title=title,
            kind=LegalText.Kind.REGULATION_DRAFT,
            organisation=organisation,
            actor=actor,
        )
        for number, label in enumerate(labels, start=1):
            services.add_version(legal_text, text=demo_text(stem, number), label=label, actor=actor)
        log(f"legislation: {title}, {len(labels)} versions")


# --- plans, projects, readings, research topics, procedure rules (step 76) ----------------------
YEAR = 2023
FIVE_YEAR_TITLE = "平顶山市人大常委会五年立法规划（2023—2027年）"
ANNUAL_TITLE = "平顶山市人大常委会2023年立法计划"
# (class, title, area, committee code, drafting body name fragment, target first reading,
#  target vote)
ANNUAL_ITEMS = [
    (
        "formal",
        "平顶山市居民住宅消防安全管理条例",
        "urban_rural",
        "SC-SJ",
        "消防",
        dt.date(2023, 2, 24),
        dt.date(2023, 6, 29),
    ),
    (
        "formal",
        "平顶山市传统村落保护条例",
        "heritage",
        "SC-CH",
        "住房",
        dt.date(2023, 4, 27),
        dt.date(2023, 8, 30),
    ),
    ("preparatory", "平顶山市城市绿化条例（修订）", "ecology", "SC-CH", "城市管理", None, None),
    ("research", "平顶山市城市养犬管理规定", "grassroots", "SC-SJ", "公安", None, None),
    ("research", "平顶山市停车场管理条例", "urban_rural", "SC-CH", "城市管理", None, None),
    ("research", "平顶山市电动自行车管理条例", "grassroots", "SC-SJ", "公安", None, None),
]
FIVE_YEAR_ITEMS = [
    ("formal", "平顶山市城市绿化条例（修订）", "ecology", "SC-CH", "城市管理"),
    ("formal", "平顶山市停车场管理条例", "urban_rural", "SC-CH", "城市管理"),
    ("formal", "平顶山市电动自行车管理条例", "grassroots", "SC-SJ", "公安"),
    ("preparatory", "平顶山市白龟湖水环境保护条例", "ecology", "SC-CH", "生态环境"),
    ("preparatory", "平顶山市城市养犬管理规定", "grassroots", "SC-SJ", "公安"),
    ("research", "平顶山市物业管理条例", "grassroots", "SC-CH", "住房"),
    ("research", "平顶山市红色文化资源保护利用条例", "heritage", "SC-JKW", "文化"),
]
# title → (approved on, drafting from, reading sessions, vote session, submitted on,
#          provincial approval on and its votes, notice number, published on, effective on)
REGULATIONS = {
    "平顶山市居民住宅消防安全管理条例": {
        "approved_on": dt.date(2023, 1, 16),
        "drafting": dt.date(2023, 1, 18),
        "readings": (2, 3, 4),
        "vote": 4,
        "submitted_on": dt.date(2023, 7, 6),
        "province": (dt.date(2023, 9, 27), 56, 0, 0),
        "notice": "平顶山市人民代表大会常务委员会公告（第5号）",
        "published_on": dt.date(2023, 10, 16),
        "effective_on": dt.date(2024, 1, 1),
        "evaluation": "经立项论证，居民住宅区消防安全问题突出，电动自行车楼道停放充电、"
        "消防通道堵塞等隐患多发，现行法律法规针对性不足，有必要制定本条例。",
    },
    "平顶山市传统村落保护条例": {
        "approved_on": dt.date(2023, 1, 16),
        "drafting": dt.date(2023, 2, 1),
        "readings": (3, 4, 5),
        "vote": 5,
        "submitted_on": dt.date(2023, 9, 6),
        "province": (dt.date(2023, 11, 29), 55, 0, 0),
        "notice": "平顶山市人民代表大会常务委员会公告（第6号）",
        "published_on": dt.date(2023, 12, 12),
        "effective_on": dt.date(2024, 3, 1),
        "evaluation": "经立项论证，我市传统村落数量多、分布广，部分村落存在空心化、"
        "风貌破坏等问题，有必要通过地方立法加强保护和合理利用。",
    },
}
# 及时把城市养犬、停车场管理、电动自行车管理等热点焦点问题上升为立法调研事项
TOPICS = [
    ("城市养犬管理立法调研", "SC-SJ", ("犬", "宠物"), dt.date(2023, 11, 24)),
    ("停车场管理立法调研", "SC-CH", ("停车",), None),
    ("电动自行车管理立法调研", "SC-SJ", ("电动自行车", "电动车"), None),
]
# 建立健全立法评估、立项、审议等5项制度
PROCEDURE_RULES = [
    ("制定《平顶山市人大常委会立法项目立项论证办法》", dt.date(2023, 3, 10), dt.date(2023, 3, 20)),
    ("制定《平顶山市人大常委会立法评估工作规定》", dt.date(2023, 4, 6), dt.date(2023, 4, 17)),
    ("制定《平顶山市人大常委会法规草案审议工作规则》", dt.date(2023, 5, 8), dt.date(2023, 5, 22)),
    ("制定《平顶山市基层立法联系点工作规定》", dt.date(2023, 6, 5), dt.date(2023, 7, 17)),
    (
        "制定《平顶山市人大常委会立法专家咨询委员会工作规则》",
        dt.date(2023, 8, 7),
        dt.date(2023, 9, 18),
    ),
]


@contextlib.contextmanager
def _on(day: dt.date):
    """renda's clock on a day of the demo year, at ten in the morning."""
    saved = clock.now, clock.today
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    clock.now, clock.today = (lambda: moment), (lambda: day)
    try:
        yield
    finally:
        clock.now, clock.today = saved


def _org(code: str):
    return Organisation.objects.filter(code=code).first()


def _body(fragment: str):
    return (
        Organisation.objects.filter(
            name__contains=fragment,
            kind__in=[
                Organisation.Kind.DEPARTMENT,
                Organisation.Kind.GOVERNMENT,
                Organisation.Kind.HANDLING_UNIT,
            ],
        )
        .order_by("pk")
        .first()
    )


@demo_step(76)
def load_legislative_work(log) -> None:
    term = Term.objects.filter(number=12).first()
    if term is None or LegislativePlan.objects.filter(first_year=YEAR).exists():
        return
    sessions = {
        s.number: s
        for s in Session.objects.filter(
            term=term, body=Session.Body.STANDING_COMMITTEE, start_date__year=YEAR
        )
    }
    texts = {t.title: t for t in LegalText.objects.filter(title__in=list(REGULATIONS))}
    if len(sessions) < 7 or len(texts) < len(REGULATIONS):
        log("legislation: the sessions or the texts of 2023 are not loaded; skipped")
        return
    office = User.objects.get(username="office")
    items = _plans(term, sessions, office)
    for title, spec in REGULATIONS.items():
        _regulation(term, sessions, texts[title], items[title], spec, office)
    topics = _topics(office)
    rules = _procedure_rules(office)
    log(
        f"legislation: 2 plans, {len(REGULATIONS)} regulations through readings, vote, "
        f"provincial approval and publication, {len(topics)} research topics, "
        f"{len(rules)} legislative procedure rules"
    )


def _plans(term, sessions, office) -> dict:
    annual_day = sessions[2].start_date
    with _on(annual_day - dt.timedelta(days=10)):
        annual = projects.create_plan(
            term=term,
            kind=LegislativePlan.Kind.ANNUAL,
            title=ANNUAL_TITLE,
            first_year=YEAR,
            text="坚持“小切口”立法，围绕城市建设管理、历史文化保护和基层治理安排立法项目。",
            actor=office,
        )
        items = {}
        for kind, title, area, committee, body, first, vote in ANNUAL_ITEMS:
            items[title] = projects.add_plan_item(
                annual,
                kind=kind,
                title=title,
                area=area,
                committee=_org(committee),
                drafting_body=_body(body),
                target_submission=first,
                target_adoption=vote,
                actor=office,
            )
    with _on(annual_day):
        projects.adopt_plan(annual, adopted_on=annual_day, actor=office)
    with _on(annual_day + dt.timedelta(days=5)):
        projects.publish_plan(annual, published_on=annual_day + dt.timedelta(days=5), actor=office)
    five_day = sessions[7].start_date
    with _on(five_day - dt.timedelta(days=14)):
        five = projects.create_plan(
            term=term,
            kind=LegislativePlan.Kind.FIVE_YEAR,
            title=FIVE_YEAR_TITLE,
            first_year=YEAR,
            last_year=YEAR + 4,
            text="科学编制五年立法规划，统筹安排本届常委会立法项目。",
            actor=office,
        )
        for kind, title, area, committee, body in FIVE_YEAR_ITEMS:
            projects.add_plan_item(
                five,
                kind=kind,
                title=title,
                area=area,
                committee=_org(committee),
                drafting_body=_body(body),
                actor=office,
            )
    with _on(five_day):
        projects.adopt_plan(five, adopted_on=five_day, actor=office)
    return items


def _voters(session):
    return recorded_present(session)


def _regulation(term, sessions, legal_text, item, spec, office):
    from renda.ballots import services as ballots

    with _on(spec["approved_on"]):
        project = projects.create_project(
            term=term,
            title=legal_text.title,
            year=YEAR,
            area=item.area,
            plan_item=item,
            legal_text=legal_text,
            drafting_body=legal_text.organisation or item.drafting_body,
            committee=item.committee,
            actor=office,
        )
        projects.approve_project(
            project,
            approved_on=spec["approved_on"],
            evaluation=spec["evaluation"],
            actor=office,
        )
    with _on(spec["drafting"]):
        projects.start_drafting(project, started_on=spec["drafting"], actor=office)
    versions = list(legal_text.versions.order_by("number"))
    for index, number in enumerate(spec["readings"]):
        session = sessions[number]
        with _on(session.start_date):
            projects.record_reading(
                project,
                session=session,
                date=session.start_date,
                version=versions[min(index, len(versions) - 1)],
                notes="常委会组成人员对草案进行了审议，提出了修改意见。",
                actor=office,
            )
    session = sessions[spec["vote"]]
    with _on(session.start_date):
        projects.put_to_vote(project, session=session, held_on=session.start_date, actor=office)
        project.refresh_from_db()
        projects.record_votes(project, entries=[(p, "yes") for p in _voters(session)], actor=office)
        projects.conclude_vote(project, actor=office)
        ballots.publish_ballot(project.ballot, actor=office)
    with _on(spec["submitted_on"]):
        projects.submit_to_province(project, submitted_on=spec["submitted_on"], actor=office)
    approved_on, votes_for, against, abstain = spec["province"]
    with _on(approved_on):
        projects.record_provincial_approval(
            project,
            approved_on=approved_on,
            votes_for=votes_for,
            votes_against=against,
            votes_abstain=abstain,
            actor=office,
        )
    with _on(spec["published_on"]):
        projects.publish(
            project,
            notice_number=spec["notice"],
            published_on=spec["published_on"],
            effective_on=spec["effective_on"],
            actor=office,
        )
    return project


def _topics(office) -> list:
    from django.db.models import Q

    from renda.opinions.models import PublicOpinion
    from renda.suggestions.models import Suggestion

    topics = []
    for title, committee, words, concluded in TOPICS:
        match_s = Q()
        match_o = Q()
        for word in words:
            match_s |= Q(title__contains=word)
            match_o |= Q(text__contains=word)
        suggestions = list(Suggestion.objects.filter(match_s).order_by("pk")[:3])
        opinions = list(
            PublicOpinion.objects.filter(match_o, created_at__year=YEAR).order_by("pk")[:3]
        )
        raised = dt.date(YEAR, 5, 15)
        with _on(raised):
            topic = projects.raise_topic(
                title=title,
                year=YEAR,
                description="群众反映集中、社会关注度高的热点焦点问题，上升为立法调研事项。",
                committee=_org(committee),
                opinions=opinions,
                suggestions=suggestions,
                actor=office,
            )
            projects.start_topic_research(topic, actor=office)
        if concluded is not None:
            with _on(concluded):
                projects.conclude_topic(
                    topic,
                    conclusion="建议列入五年立法规划预备项目，条件成熟时提请审议。",
                    concluded_on=concluded,
                    actor=office,
                )
        topics.append(topic)
    return topics


def _procedure_rules(office) -> list:
    from renda.ledgers import services as ledgers
    from renda.ledgers.models import Kind, LedgerEntry

    owner = _org("WC-FG")
    rows = [
        {
            "kind": Kind.LEGISLATIVE_PROCEDURE,
            "title": title,
            "date": date,
            "owner": owner,
            "status": LedgerEntry.Status.DONE,
            "completed_on": done,
            "notes": "经主任会议研究通过，印发执行。",
        }
        for title, date, done in PROCEDURE_RULES
    ]
    with _on(dt.date(YEAR, 12, 29)):
        return ledgers.record_entries(rows, actor=office)
