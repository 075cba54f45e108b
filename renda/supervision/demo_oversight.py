"""Demo year of supervision: oversight (imported by demo.py).

The 2023 supervision plan (adopted by the chair meeting before the 2nd session,
published at it); from its items: the work reports heard at the 2023 sessions (the
meetings demo's agenda items of kind work_report: science and technology innovation,
final accounts, audit, the plan's execution, the 14th five-year plan's mid-term
review, spatial planning, state assets) with their R40 document dates, deliberation,
deliberation opinions sent through the handling engine (R41) and the bodies' report
back, considered by the office; the innovation report linked to the ballots demo's 9
assessments; the business-environment special inquiry questioning 34 departments,
linked to their 34 assessments; the two law-enforcement inspections (Employment
Promotion Law; Rural Revitalisation Law and Henan's regulation) with groups, sites,
questionnaires and third-party evaluation (R44); the decision establishing the
Pingdingshan Entrepreneurs' Day, voted by roll call, published and followed up.

Played through the services with renda's clock set to each day. Idempotent: nothing
happens once the 2023 plan exists. Deterministic: choices come from ``rng_for``."""

import contextlib
import datetime as dt

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from renda.ballots import services as ballot_services
from renda.ballots.models import Ballot
from renda.core import clock
from renda.core import roles as R
from renda.core.demo import demo_step
from renda.core.demo.year2023 import rng_for
from renda.core.models import CommitteeMember, Organisation, Session, Term, User
from renda.handling import services as handling
from renda.meetings import services as meetings
from renda.meetings.models import AgendaItem, ChairMeeting
from renda.supervision import services_oversight as services
from renda.supervision.models import PlanItem, SupervisionPlan

YEAR = 2023
PLAN_TITLE = "平顶山市人大常委会2023年监督工作计划"
WR, SI, LI, RS = (
    PlanItem.Kind.WORK_REPORT,
    PlanItem.Kind.SPECIAL_INQUIRY,
    PlanItem.Kind.LAW_ENFORCEMENT_INSPECTION,
    PlanItem.Kind.RESEARCH,
)
# (session, agenda title, category, reporting body, committee in charge, late final?)
WORK_REPORTS = [
    (3, "市人民政府关于全市科技创新工作情况的报告", "special_topic", "科学技术局", "SC-JKW", False),
    (4, "市人民政府关于2022年市级决算的报告", "final_accounts", "财政局", "SC-CJ", False),
    (
        4,
        "市人民政府关于2022年度市级预算执行和其他财政收支的审计工作报告",
        "audit",
        "审计局",
        "WC-YS",
        False,
    ),
    (
        5,
        "市人民政府关于上半年国民经济和社会发展计划执行情况的报告",
        "plan",
        "发展和改革委员会",
        "SC-CJ",
        False,
    ),
    (
        5,
        "市人民政府关于“十四五”规划实施情况的中期评估报告",
        "mid_term_review",
        "发展和改革委员会",
        "SC-CJ",
        True,
    ),
    (
        6,
        "市人民政府关于平顶山市国土空间总体规划（2021—2035年）的报告",
        "spatial_planning",
        "自然资源和规划局",
        "SC-CH",
        False,
    ),
    (
        7,
        "市人民政府关于2022年度国有资产管理情况的综合报告",
        "state_assets",
        "财政局",
        "WC-YS",
        False,
    ),
]
INNOVATION_REPORT = WORK_REPORTS[0][1]
INQUIRY = (5, "优化营商环境专题询问", "SC-CJ")
INSPECTIONS = [
    {
        "session": 4,
        "agenda": "关于检查《中华人民共和国就业促进法》实施情况的报告",
        "title": "《中华人民共和国就业促进法》执法检查",
        "law": "中华人民共和国就业促进法",
        "regulation": "",
        "owner": "SC-SJ",
        "visits": [
            (dt.date(2023, 4, 11), "市人力资源市场（公共就业服务中心）"),
            (dt.date(2023, 4, 12), "新华区高校毕业生就业创业孵化基地"),
            (dt.date(2023, 4, 18), "舞钢市返乡创业园"),
            (dt.date(2023, 4, 19), "平顶山技师学院职业技能培训中心"),
        ],
        "questionnaires": 1260,
        "third_party": "",
        "evaluation": "向用人单位、求职者和农民工发放调查问卷，回收有效问卷1260份。",
    },
    {
        "session": 6,
        "agenda": "关于检查《中华人民共和国乡村振兴促进法》和《河南省乡村振兴促进条例》实施情况的报告",
        "title": "乡村振兴“一法一条例”执法检查",
        "law": "中华人民共和国乡村振兴促进法",
        "regulation": "河南省乡村振兴促进条例",
        "owner": "SC-NY",
        "visits": [
            (dt.date(2023, 8, 22), "郏县冢头镇乡村振兴示范村"),
            (dt.date(2023, 8, 23), "宝丰县现代农业产业园"),
            (dt.date(2023, 8, 29), "鲁山县农村人居环境整治现场"),
            (dt.date(2023, 9, 5), "叶县高标准农田建设项目区"),
            (dt.date(2023, 9, 6), "汝州市农村集体经济合作社"),
        ],
        "questionnaires": 860,
        "third_party": "平顶山学院乡村振兴研究中心",
        "evaluation": "委托第三方对全市乡村振兴法律法规实施情况开展评估，形成评估报告。",
    },
]
RESEARCH_TOPICS = [
    (5, "创新平台建设、创新主体壮大和科技成果转化专题调研", "SC-JKW"),
    (4, "教育“双减”政策落实情况专题调研", "SC-JKW"),
    (6, "农村寄宿制学校建设情况专题调研", "SC-JKW"),
    (7, "供销合作社综合改革情况专题调研", "SC-NY"),
    (8, "粮食安全保障情况专题调研", "SC-NY"),
    (9, "公共卫生体系建设情况专题调研", "SC-JKW"),
    (10, "农村养老服务体系建设情况专题调研", "SC-SJ"),
]
DECISION_TITLE = "关于设立“平顶山企业家日”的决定"
DECISION_AGENDA = "关于设立“平顶山企业家日”的决定（草案）"
DECISION_TEXT = (
    "为弘扬优秀企业家精神，营造尊重企业家、支持企业家干事创业的浓厚氛围，推动全市经济"
    "高质量发展，平顶山市第十二届人民代表大会常务委员会第六次会议决定：\n"
    "一、设立“平顶山企业家日”，时间为每年11月1日。\n"
    "二、市、县（市、区）人民政府应当在企业家日组织开展弘扬企业家精神的相关活动，"
    "宣传优秀企业家先进事迹，听取企业家意见建议。\n"
    "三、全社会应当尊重企业家、关心企业家、支持企业家，依法保护企业家合法权益。\n"
    "本决定自公布之日起施行。"
)
FOLLOW_UPS = [
    (dt.date(2023, 10, 30), "ZF", "市人民政府办公室印发通知，部署首个“平顶山企业家日”系列活动。"),
    (
        dt.date(2023, 11, 1),
        "BM-GSL",
        "市工商业联合会举办首个“平顶山企业家日”座谈会，听取企业家意见建议。",
    ),
    (
        dt.date(2023, 12, 12),
        "RD-BGS",
        "常委会办公室跟踪了解决定贯彻落实情况，形成专报报送主任会议。",
    ),
]
INQUIRY_QUESTIONS = [
    "企业开办时间还能不能进一步压缩？下一步有哪些具体举措？",
    "涉企行政执法“多头检查、重复检查”问题如何解决？",
    "拖欠中小企业账款清理工作进展如何？",
    "政务服务“一网通办”在基层的落实还有哪些堵点？",
    "工程建设项目审批时限压缩的目标能否如期实现？",
    "如何帮助民营企业解决融资难、融资贵问题？",
    "企业用工招工难问题有哪些针对性措施？",
    "优化营商环境投诉举报的办理时效如何保障？",
    "惠企政策“免申即享”推进情况如何？",
    "水电气暖报装接入的时限和费用还有哪些改进空间？",
    "知识产权保护和运用方面有哪些新举措？",
    "招标投标领域的隐性壁垒如何破除？",
]
SUMMARY = (
    "常委会组成人员认为，报告总体客观全面，相关工作取得积极成效，同时指出了存在的问题和不足，"
    "建议进一步压实责任、细化措施，推动各项工作落地见效。"
)
OPINIONS = (
    "一、进一步提高政治站位，增强工作的系统性和协同性。\n"
    "二、聚焦薄弱环节，细化工作举措，加强督促检查。\n"
    "三、健全长效机制，强化要素保障，推动问题整改到位。\n"
    "请于规定期限内将研究处理情况书面报告市人大常委会。"
)
REPORT_BACK = (
    "收到审议意见后，我们认真研究、逐条落实：制定了整改落实方案，明确责任单位和完成时限；"
    "对照审议意见梳理问题清单，已完成整改的予以销号，需要长期推进的纳入年度重点工作持续跟进。"
)


@contextlib.contextmanager
def _on(day: dt.date):
    saved = clock.now, clock.today
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    clock.now, clock.today = (lambda: moment), (lambda: day)
    try:
        yield
    finally:
        clock.now, clock.today = saved


class _Orgs:
    def __init__(self):
        self._cache: dict[str, Organisation] = {}

    def code(self, code: str) -> Organisation:
        if code not in self._cache:
            self._cache[code] = Organisation.objects.get(code=code)
        return self._cache[code]

    def department(self, name: str) -> Organisation:
        return Organisation.objects.filter(name__endswith=name).order_by("code").first()


def _unit_user(unit: Organisation) -> User:
    """The unit's handler account (the one the suggestions demo uses, when it exists)."""
    user = (
        User.objects.filter(organisation=unit, groups__name=R.UNIT_HANDLER).order_by("pk").first()
    )
    if user is None:
        user = User.objects.create(
            username=f"unit-{unit.code}",
            first_name=f"{unit.name}办理员"[:150],
            password=make_password(settings.RENDA_DEMO_PASSWORD),
            organisation=unit,
        )
        user.groups.add(Group.objects.get_or_create(name=R.UNIT_HANDLER)[0])
    return user


def _agenda(session: Session, title: str) -> AgendaItem | None:
    return AgendaItem.objects.filter(session=session, title=title).first()


@demo_step(65)
def load_oversight(log) -> None:
    term = Term.objects.filter(number=12).first()
    if term is None or SupervisionPlan.objects.filter(year=YEAR).exists():
        return
    sessions = {
        s.number: s
        for s in Session.objects.filter(
            term=term, body=Session.Body.STANDING_COMMITTEE, start_date__year=YEAR
        )
    }
    if len(sessions) < 7 or not AgendaItem.objects.filter(session=sessions[3]).exists():
        log("supervision (oversight): the meetings of 2023 are not loaded; skipped")
        return
    office = User.objects.get(username="office")
    orgs = _Orgs()
    rng = rng_for("supervision:oversight")
    plan, items = _plan(term, sessions, orgs, office)
    reports = [_work_report(term, sessions, orgs, office, items, row, rng) for row in WORK_REPORTS]
    inquiry = _inquiry(term, sessions, orgs, office, items[INQUIRY[1]], rng)
    inspections = [
        _inspection(term, sessions, orgs, office, items[spec["title"]], spec, rng)
        for spec in INSPECTIONS
    ]
    decision = _decision(term, sessions[6], orgs, office, rng)
    log(
        f"supervision (oversight): plan of {len(items)} items, {len(reports)} work reports, "
        f"1 special inquiry of {inquiry.departments.count()} departments, "
        f"{len(inspections)} law-enforcement inspections, decision “{decision.title}”"
    )


def _plan(term, sessions, orgs, office):
    adopted_at = (
        ChairMeeting.objects.filter(term=term, date__lt=sessions[2].start_date)
        .order_by("-date")
        .first()
    )
    with _on(dt.date(YEAR, 2, 10)):
        plan = services.create_plan(
            term=term,
            year=YEAR,
            title=PLAN_TITLE,
            text="围绕市委中心工作和人民群众关心关注的问题，依法开展监督工作。",
            actor=office,
        )
        rows = []
        for number, title, _cat, body, owner, _late in WORK_REPORTS:
            session = sessions[number]
            rows.append(
                (WR, title, owner, orgs.department(body), session, session.start_date.month)
            )
        session = sessions[INQUIRY[0]]
        rows.append((SI, INQUIRY[1], INQUIRY[2], None, session, session.start_date.month))
        for spec in INSPECTIONS:
            session = sessions[spec["session"]]
            month = spec["visits"][0][0].month
            rows.append((LI, spec["title"], spec["owner"], orgs.code("ZF"), session, month))
        for month, title, owner in RESEARCH_TOPICS:
            rows.append((RS, title, owner, None, None, month))
        items = {}
        for kind, title, owner, subject, session, month in rows:
            items[title] = services.add_plan_item(
                plan,
                kind=kind,
                title=title,
                owner=orgs.code(owner),
                subject=subject,
                planned_month=month,
                session=session,
                actor=office,
            )
    with _on(adopted_at.date):
        services.adopt_plan(plan, chair_meeting=adopted_at, actor=office)
    with _on(sessions[2].start_date):
        services.publish_plan(plan, actor=office)
    return plan, items


def _report_back(record, opinion, *, sent: dt.date, rng, office) -> None:
    """The body replies through its inbox within the R41 time; the office considers the
    report back for the committee, and the record is published."""
    case = opinion.case
    case.refresh_from_db()
    months = 2 if opinion.budget_or_audit else 3
    replied = sent + dt.timedelta(days=rng.randint(25, months * 30 - 8))
    with _on(replied):
        handling.reply_case(
            case,
            unit=opinion.body,
            text=REPORT_BACK,
            reply_class="A",
            contact_person=f"{opinion.body.short_name or opinion.body.name}办公室",
            channel="written",
            actor=_unit_user(opinion.body),
        )
    considered = replied + dt.timedelta(days=rng.randint(5, 12))
    with _on(considered):
        handling.evaluate_case(
            case,
            result=rng.choice(["satisfied", "satisfied", "basically_satisfied"]),
            comment="报告审议意见研究处理情况，经主任会议研究同意。",
            actor=office,
        )
    with _on(considered + dt.timedelta(days=2)):
        services.publish(record, actor=office)


def _work_report(term, sessions, orgs, office, items, row, rng):
    number, title, category, _body, _owner, late_final = row
    session = sessions[number]
    start = session.start_date
    with _on(start - dt.timedelta(days=30)):
        report = services.start_item(
            items[title], category=category, agenda_item=_agenda(session, title), actor=office
        )
    final = start - dt.timedelta(days=8 if late_final else 11)
    with _on(start - dt.timedelta(days=7)):
        services.record_documents(
            report,
            draft_received_on=start - dt.timedelta(days=21),
            final_received_on=final,
            sent_to_members_on=start - dt.timedelta(days=7),
            actor=office,
        )
    with _on(start):
        services.deliberate(report, on=start, summary=SUMMARY, actor=office)
    if title == INNOVATION_REPORT:
        ballots = Ballot.objects.filter(
            term=term,
            kind=Ballot.Kind.ASSESSMENT,
            topic=ballot_services.TOPIC_INNOVATION,
            held_on__year=YEAR,
        ).order_by("pk")
        with _on(start):
            services.link_assessments(report, ballots=list(ballots), actor=office)
    sent = start + dt.timedelta(days=14)
    with _on(sent):
        opinion = services.send_opinions(report, body=None, text=OPINIONS, actor=office)
    _report_back(report, opinion, sent=sent, rng=rng, office=office)
    return report


def _inquiry(term, sessions, orgs, office, item, rng):
    session = sessions[INQUIRY[0]]
    day = session.start_date
    ballots = list(
        Ballot.objects.filter(
            term=term,
            kind=Ballot.Kind.ASSESSMENT,
            topic=ballot_services.TOPIC_BUSINESS_ENVIRONMENT,
            held_on__year=YEAR,
        )
        .select_related("subject")
        .order_by("pk")
    )
    departments = [b.subject for b in ballots if b.subject_id]
    members = list(
        CommitteeMember.objects.filter(term=term, post=CommitteeMember.Post.MEMBER)
        .select_related("person")
        .order_by("pk")
    )
    with _on(day - dt.timedelta(days=20)):
        inquiry = services.start_item(item, agenda_item=_agenda(session, INQUIRY[1]), actor=office)
        services.add_departments(inquiry, departments=departments, actor=office)
    with _on(day):
        asked = rng.sample(members, len(INQUIRY_QUESTIONS))
        questioned = rng.sample(departments, len(INQUIRY_QUESTIONS))
        for question, member, department in zip(INQUIRY_QUESTIONS, asked, questioned, strict=True):
            short = department.name.removeprefix("平顶山市").removeprefix("平顶山")
            services.add_question(
                inquiry,
                asked_by=member,
                department=department,
                question=question,
                answered_by=f"{short}主要负责人",
                answer="这个问题我们高度重视，已经制定了专项方案，下一步将细化措施、限时推进，"
                "并及时向常委会报告进展情况。",
                actor=office,
            )
        services.deliberate(
            inquiry,
            on=day,
            summary="常委会组成人员围绕优化营商环境，对34个职能部门主要负责人开展专题询问，"
            "应询部门负责人逐一回答。",
            actor=office,
        )
        services.link_assessments(inquiry, ballots=ballots, actor=office)
    sent = day + dt.timedelta(days=14)
    with _on(sent):
        opinion = services.send_opinions(inquiry, body=orgs.code("ZF"), text=OPINIONS, actor=office)
    _report_back(inquiry, opinion, sent=sent, rng=rng, office=office)
    return inquiry


def _inspection(term, sessions, orgs, office, item, spec, rng):
    session = sessions[spec["session"]]
    first_visit = spec["visits"][0][0]
    leaders = list(
        CommitteeMember.objects.filter(term=term, post=CommitteeMember.Post.VICE_CHAIR)
        .select_related("person")
        .order_by("pk")
    )
    members = list(
        CommitteeMember.objects.filter(term=term, post=CommitteeMember.Post.MEMBER)
        .select_related("person")
        .order_by("pk")
    )
    with _on(first_visit - dt.timedelta(days=14)):
        inspection = services.start_item(
            item,
            law=spec["law"],
            regulation=spec["regulation"],
            agenda_item=_agenda(session, spec["agenda"]),
            actor=office,
        )
        services.set_group(
            inspection,
            leader=rng.choice(leaders).person,
            members=[m.person for m in rng.sample(members, 5)],
            actor=office,
        )
    for day, place in spec["visits"]:
        with _on(day):
            services.add_visit(
                inspection,
                place=place,
                date=day,
                notes="听取情况汇报，实地察看，召开座谈会听取意见。",
                actor=office,
            )
    with _on(session.start_date - dt.timedelta(days=12)):
        services.record_report(
            inspection,
            findings="检查认为，法律法规实施总体良好，取得积极成效；同时存在配套制度不够完善、"
            "部门协同不够紧密、基层落实不够到位等问题。报告提出了进一步加强法律实施的意见建议。",
            questionnaires=spec["questionnaires"],
            third_party=spec["third_party"],
            evaluation=spec["evaluation"],
            actor=office,
        )
    with _on(session.start_date):
        services.deliberate(inspection, on=session.start_date, summary=SUMMARY, actor=office)
    sent = session.start_date + dt.timedelta(days=14)
    with _on(sent):
        opinion = services.send_opinions(inspection, body=None, text=OPINIONS, actor=office)
    _report_back(inspection, opinion, sent=sent, rng=rng, office=office)
    return inspection


def _decision(term, session, orgs, office, rng):
    day = session.start_date
    agenda = _agenda(session, DECISION_AGENDA)
    with _on(day - dt.timedelta(days=10)):
        decision = services.create_decision(
            term=term,
            title=DECISION_TITLE,
            text=DECISION_TEXT,
            session=session,
            proposed_by="市人大常委会主任会议",
            agenda_item=agenda,
            actor=office,
        )
    with _on(day):
        decision = services.put_decision_to_vote(decision, held_on=day, actor=office)
        if agenda is not None and agenda.ballot_id is None:
            meetings.attach_ballot(agenda, decision.ballot, actor=office)
        voters = meetings.recorded_present(session)
        abstaining = rng.randrange(len(voters))
        entries = [(p, "abstain" if i == abstaining else "yes") for i, p in enumerate(voters)]
        services.record_decision_votes(decision, entries=entries, actor=office)
        decision = services.conclude_decision(decision, actor=office)
        ballot_services.publish_ballot(decision.ballot, actor=office)
    with _on(day + dt.timedelta(days=1)):
        services.publish_decision(decision, actor=office)
    for when, code, text in FOLLOW_UPS:
        body = Organisation.objects.filter(code=code).first() or orgs.department("工商业联合会")
        with _on(when):
            services.add_follow_up(decision, date=when, body=body, text=text, actor=office)
    return decision
