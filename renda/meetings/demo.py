"""Meetings of the demo year 2023 (term 12): the seven committee sessions the core
scheduled, each with its agenda (the two regulations' readings, the science and
innovation report with the assessment of 9 departments, the special inquiry on the
business environment with the assessment of 34, the entrepreneurs' day decision, the
plan, budget, audit, mid-term and land-use reports, two law-enforcement inspections,
appointment lists), the members' attendance with a quorum, the heads of the
government, court and procuratorate, 330 invited deputies' attendances (R35, each in
the deputy's duty record), a forum after every session with what deputies said; and
the chair meetings that prepared them.

Played through the services with renda's clock set to each day, so that every record
has its audit row and the deputies' duty activities are the ones the service writes.
Idempotent: nothing happens once the sessions of 2023 have their meeting details.
Deterministic: every choice comes from ``rng_for`` streams."""

import contextlib
import datetime as dt

from django.utils import timezone

from renda.core import clock
from renda.core.demo import demo_step
from renda.core.demo import names as N
from renda.core.demo.year2023 import rng_for
from renda.core.models import CommitteeMember, Deputy, Organisation, Session, Term, User
from renda.meetings import services
from renda.meetings.models import SessionDetails

YEAR = 2023
PLACE = "市人大常委会机关会议厅"
FORUM_PLACE = "市人大常委会机关三楼会议室"
# the article's 330 deputies invited to attend (列席) the year's sessions
ATTENDANCES = 330
NOT_COMING = 6  # invited but kept away: recorded as not attending, not counted

FIRE = "平顶山市居民住宅区消防安全管理条例（草案）"
VILLAGES = "平顶山市传统村落保护条例（草案）"
B, W, A, D, S, Q = (
    "bill_reading",
    "work_report",
    "appointment_list",
    "decision",
    "assessment",
    "inquiry",
)
# session number → agenda: (kind, title, presenter, reading)
AGENDAS = {
    1: [
        (D, "市人大常委会2023年工作要点", "市人大常委会办公室", None),
        (D, "关于市人大常委会组成人员联系代表的办法", "代表人事选举工作委员会", None),
        (A, "人事任免事项", "市人民政府、市中级人民法院、市人民检察院", None),
    ],
    2: [
        (D, "市人大常委会2023年立法计划", "法制工作委员会", None),
        (D, "市人大常委会2023年监督工作计划", "研究室", None),
        (B, FIRE, "市消防救援支队", 1),
        (A, "人事任免事项", "市人民政府", None),
    ],
    3: [
        (B, FIRE, "法制委员会", 2),
        (B, VILLAGES, "市住房和城乡建设局", 1),
        (W, "市人民政府关于全市科技创新工作情况的报告", "市科学技术局", None),
        (S, "对发改、科技等9个职能部门开展满意度测评", "市人大常委会办公室", None),
        (A, "人事任免事项", "市人民政府、市中级人民法院", None),
    ],
    4: [
        (B, FIRE, "法制委员会", 3),
        (B, VILLAGES, "法制委员会", 2),
        (W, "市人民政府关于2022年市级决算的报告", "市财政局", None),
        (W, "市人民政府关于2022年度市级预算执行和其他财政收支的审计工作报告", "市审计局", None),
        (W, "关于检查《中华人民共和国就业促进法》实施情况的报告", "社会建设委员会", None),
        (A, "人事任免事项", "市人民政府", None),
    ],
    5: [
        (B, VILLAGES, "法制委员会", 3),
        (W, "市人民政府关于上半年国民经济和社会发展计划执行情况的报告", "市发展和改革委员会", None),
        (W, "市人民政府关于“十四五”规划实施情况的中期评估报告", "市发展和改革委员会", None),
        (Q, "优化营商环境专题询问", "34个职能部门主要负责人", None),
        (S, "对34个职能部门开展满意度测评", "市人大常委会办公室", None),
        (A, "人事任免事项", "市人民政府、市人民检察院", None),
    ],
    6: [
        (D, "关于设立“平顶山企业家日”的决定（草案）", "市工商业联合会", None),
        (
            W,
            "市人民政府关于平顶山市国土空间总体规划（2021—2035年）的报告",
            "市自然资源和规划局",
            None,
        ),
        (
            W,
            "关于检查《中华人民共和国乡村振兴促进法》和《河南省乡村振兴促进条例》实施情况的报告",
            "农业与农村委员会",
            None,
        ),
        (A, "人事任免事项", "市人民政府", None),
    ],
    7: [
        (D, "市人大常委会五年立法规划（2023—2027年）", "法制工作委员会", None),
        (W, "市人民政府关于2022年度国有资产管理情况的综合报告", "市财政局", None),
        (W, "关于市人大常委会审议意见研究处理情况的报告", "市人民政府", None),
        (A, "人事任免事项", "市人民政府、市中级人民法院", None),
    ],
}
FORUM_REMARKS = [
    "建议在条例审议中多听取基层群众和物业企业的意见，增强可操作性。",
    "希望常委会继续加大对营商环境的监督力度，推动问题整改落到实处。",
    "列席会议收获很大，回去后将向选民宣传会议精神。",
    "建议对科技创新平台建设跟踪问效，定期听取进展情况。",
    "传统村落保护要兼顾村民生产生活需要，资金保障要跟上。",
    "希望多组织代表参加执法检查和专题调研，发挥代表作用。",
    "建议审计查出问题的整改情况向代表通报。",
    "就业促进要关注高校毕业生和农民工群体，建议加强职业技能培训。",
]
EXTRA_CHAIR_MEETINGS = [
    (dt.date(2023, 3, 20), "研究确定2023年重点督办建议及领办安排"),
    (dt.date(2023, 5, 22), "研究科技创新工作专题调研方案"),
    (dt.date(2023, 7, 17), "研究营商环境专题询问和满意度测评工作方案"),
    (dt.date(2023, 9, 18), "研究代表履职培训和述职工作安排"),
    (dt.date(2023, 11, 20), "研究2024年立法计划和监督工作计划（草案）"),
]


@contextlib.contextmanager
def _clock_on(day: dt.date):
    """renda's clock on the day of a meeting, at nine in the morning."""
    saved = clock.now, clock.today
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    clock.now, clock.today = (lambda: moment), (lambda: day)
    try:
        yield
    finally:
        clock.now, clock.today = saved


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


@demo_step(50)
def load_meetings(log) -> None:
    term = Term.objects.filter(number=12).first()
    if term is None:
        return
    sessions = list(
        Session.objects.filter(
            term=term, body=Session.Body.STANDING_COMMITTEE, start_date__year=YEAR
        ).order_by("number")
    )
    if not sessions or SessionDetails.objects.filter(session__in=sessions).exists():
        return
    office = User.objects.get(username="office")
    rng = rng_for("meetings")
    members = list(
        CommitteeMember.objects.filter(term=term).select_related("person").order_by("post", "pk")
    )
    chair = next(m for m in members if m.post == CommitteeMember.Post.CHAIR)
    leaders = [m for m in members if m.post != CommitteeMember.Post.MEMBER]
    vice_chairs = [m for m in members if m.post == CommitteeMember.Post.VICE_CHAIR]
    heads = _heads(rng)
    committee_people = {m.person_id for m in members}
    candidates = list(
        Deputy.objects.filter(term=term, status=Deputy.Status.ACTIVE)
        .exclude(person_id__in=committee_people)
        .select_related("person")
        .order_by("code")
    )
    invited = rng.sample(candidates, ATTENDANCES + NOT_COMING)
    sizes = _split(ATTENDANCES + NOT_COMING, len(sessions))
    kept_away = set(rng.sample(range(len(invited)), NOT_COMING))
    start = 0
    for session, size in zip(sessions, sizes, strict=True):
        guests = invited[start : start + size]
        away = {d.pk for i, d in enumerate(guests, start) if i in kept_away}
        start += size
        _chair_meeting_before(term, session, leaders, office)
        _session(session, members, chair, vice_chairs, heads, guests, away, office, rng)
    for day, subject in EXTRA_CHAIR_MEETINGS:
        with _clock_on(day):
            meeting = services.schedule_chair_meeting(
                term, date=day, place=PLACE, participants=leaders, actor=office
            )
            services.add_agenda_item(
                chair_meeting=meeting, kind="other", title=subject, actor=office
            )
            services.record_chair_meeting_held(
                meeting, decisions=f"会议{subject}，原则同意。", actor=office
            )
    log(
        f"meetings: {len(sessions)} committee sessions, "
        f"{ATTENDANCES} deputies' attendances, {len(sessions) + len(EXTRA_CHAIR_MEETINGS)} "
        "chair meetings"
    )


def _heads(rng) -> list[tuple[str, Organisation, str, str]]:
    government = Organisation.objects.get(code="ZF")
    court = Organisation.objects.filter(name__endswith="中级人民法院").order_by("pk").first()
    procuratorate = Organisation.objects.filter(name__endswith="人民检察院").order_by("pk").first()
    heads = [("government", government, "副市长", N.person_name(rng, False))]
    if court is not None:
        heads.append(("court", court, "院长", N.person_name(rng, False)))
    if procuratorate is not None:
        heads.append(("procuratorate", procuratorate, "检察长", N.person_name(rng, True)))
    return heads


def _chair_meeting_before(term, session, leaders, office) -> None:
    day = session.start_date - dt.timedelta(days=7)
    if day < term.start_date:
        day = term.start_date
    with _clock_on(day):
        meeting = services.schedule_chair_meeting(
            term, date=day, place=PLACE, participants=leaders, actor=office
        )
        services.add_agenda_item(
            chair_meeting=meeting,
            kind="decision",
            title=f"研究市十二届人大常委会第{session.number}次会议议程（草案）",
            actor=office,
        )
        services.record_chair_meeting_held(
            meeting,
            decisions=f"同意将议程（草案）提请市十二届人大常委会第{session.number}次会议审议。",
            actor=office,
        )


def _session(session, members, chair, vice_chairs, heads, guests, away, office, rng) -> None:
    day = session.start_date
    with _clock_on(day):
        SessionDetails.objects.create(session=session, place=PLACE, presided_by=chair.person)
        for kind, title, presenter, reading in AGENDAS.get(session.number, AGENDAS[7]):
            services.add_agenda_item(
                session=session,
                kind=kind,
                title=title,
                presenter=presenter,
                reading=reading,
                actor=office,
            )
        leave = set(rng.sample(range(1, len(members)), rng.randint(2, 5)))
        absent = rng.choice([i for i in range(1, len(members)) if i not in leave])
        entries = []
        for index, member in enumerate(members):
            if index in leave:
                entries.append(
                    (member, "on_leave", rng.choice(["公务出差", "因病请假", "参加省里会议"]))
                )
            elif index == absent and rng.random() < 0.4:
                entries.append((member, "absent", ""))
            else:
                entries.append((member, "present", ""))
        services.record_attendance(session, entries, actor=office)
        for kind, organisation, post, name in heads:
            services.add_head_attendee(
                session, kind=kind, organisation=organisation, name=name, post=post, actor=office
            )
        services.invite_deputies(session, guests, actor=office)
        services.open_session(session, actor=office)
        came = [d for d in guests if d.pk not in away]
        services.record_observer_attendance(session, came, actor=office)
        forum = services.hold_forum(
            session,
            date=day,
            place=FORUM_PLACE,
            chaired_by=rng.choice(vice_chairs).person.name,
            summary="会后召开列席代表座谈会，听取代表对常委会工作和会议审议事项的意见建议。",
            actor=office,
        )
        for deputy, remark in zip(rng.sample(came, 4), rng.sample(FORUM_REMARKS, 4), strict=True):
            services.add_forum_contribution(forum, deputy=deputy, text=remark, actor=office)
        present = sum(1 for _m, status, _r in entries if status == "present")
        services.save_minutes(
            session,
            minutes=f"会议由{chair.person.name}主持。应到{len(members)}人，实到{present}人。"
            "会议听取审议了各项议题，进行了表决。",
            summary="会议审议通过了各项议题。会议认为，要坚持党的领导，依法履职，"
            "推动各项决策部署落地见效。",
            actor=office,
        )
        services.close_session(session, actor=office)
