"""The 2023 work ledgers of the demo year, as the article tells them: 28 practices
promoted by the provincial congress, a rectification list of 20 items in 8 problem
areas all closed out (主题教育 检视整改), 62 rules and systems established or revised,
17 requests and reports of major matters to the municipal party committee, 26
implementation measures ("一要点四计划", "突出一条主线、深化六大行动、做实五项工作"…)
and 72 problems resolved with the leaders' participation ("70多个"). A few entries
still under way (rules being drafted, problems being worked on) are not counted.

Written through renda.ledgers.services: the rectification items one by one through
their moves to the close-out; the other ledgers, kept during the year and entered
afterwards, in one bulk ``record_entries`` call. Idempotent (nothing happens once a
2023 entry exists) and deterministic (one ``rng_for`` stream)."""

import datetime as dt

from renda.core.demo import demo_step
from renda.core.demo import names as N
from renda.core.demo.year2023 import rng_for
from renda.core.models import CommitteeMember, Organisation, Term, User
from renda.ledgers import services
from renda.ledgers.models import OWNER_KINDS, Kind, LedgerEntry

YEAR = 2023
RuleAction = LedgerEntry.RuleAction
S = LedgerEntry.Status

RULE_SUBJECTS = [
    ("常委会议事规则", "SC"),
    ("主任会议议事规则", "BGS"),
    ("常委会会议审议规则", "BGS"),
    ("立法评估工作制度", "WC-FG"),
    ("立法项目立项论证制度", "WC-FG"),
    ("法规草案审议工作制度", "SC-FZ"),
    ("立法专家咨询委员会工作规则", "WC-FG"),
    ("基层立法联系点工作规则", "WC-FG"),
    ("规范性文件备案审查工作办法", "WC-FG"),
    ("法规清理工作办法", "WC-FG"),
    ("立法技术规范", "WC-FG"),
    ("专项工作报告审议办法", "BGS"),
    ("审议意见研究处理情况跟踪办法", "BGS"),
    ("满意度测评办法", "BGS"),
    ("专题询问办法", "BGS"),
    ("执法检查工作规程", "SC-JS"),
    ("预算审查监督办法", "WC-YS"),
    ("预算联网监督工作规程", "WC-YS"),
    ("国有资产管理情况监督办法", "WC-YS"),
    ("政府债务审查监督办法", "WC-YS"),
    ("审计查出问题整改情况监督办法", "WC-YS"),
    ("计划执行情况监督办法", "SC-CJ"),
    ("讨论决定重大事项工作办法", "BGS"),
    ("民生实事项目人大代表票决制实施办法", "WC-DB"),
    ("任免国家机关工作人员办法", "WC-DB"),
    ("宪法宣誓组织办法", "WC-DB"),
    ("代表建议办理工作办法", "WC-DB"),
    ("重点建议督办办法", "WC-DB"),
    ("代表履职档案管理办法", "WC-DB"),
    ("代表联络站工作规则", "WC-DB"),
    ("代表列席常委会会议办法", "WC-DB"),
    ("代表列席会议会后座谈制度", "WC-DB"),
    ("常委会组成人员联系代表、代表联系群众制度", "WC-DB"),
    ("代表述职工作办法", "WC-DB"),
    ("代表培训工作规划", "WC-DB"),
    ("代表活动经费管理办法", "WC-DB"),
    ("网上代表之家运行管理办法", "WC-DB"),
    ("社情民意收集办理办法", "WC-DB"),
    ("常委会组成人员履职管理办法", "BGS"),
    ("专门委员会工作规则", "BGS"),
    ("工作委员会工作规则", "BGS"),
    ("请示报告制度", "BGS"),
    ("“第一议题”学习制度", "BGS"),
    ("“五学”联动机制", "BGS"),
    ("党组理论学习中心组学习制度", "BGS"),
    ("调查研究工作制度", "WC-YJ"),
    ("新闻宣传工作办法", "WC-YJ"),
    ("机关公文处理办法", "BGS"),
    ("机关会议管理办法", "BGS"),
    ("机关财务管理办法", "BGS"),
    ("机关公务用车管理办法", "BGS"),
    ("公务接待管理办法", "BGS"),
    ("政府采购内部管理办法", "BGS"),
    ("机关内部控制制度", "BGS"),
    ("督查督办工作制度", "BGS"),
    ("信访工作制度", "BGS"),
    ("保密工作制度", "BGS"),
    ("机关档案管理办法", "BGS"),
    ("机关安全生产管理制度", "BGS"),
    ("机关干部考核办法", "BGS"),
    ("机关干部教育培训办法", "BGS"),
    ("法规实施情况报告制度", "WC-FG"),
    ("经济工作监督办法", "SC-CJ"),
    ("人大代表建议办理“回头看”制度", "WC-DB"),
    ("乡镇人大工作规范化建设指导意见", "WC-DB"),
]
RULES_DONE = 62

REPORTS = [
    ("关于市人大常委会2023年工作要点的请示", "BGS"),
    ("关于2023年度立法计划的请示", "WC-FG"),
    ("关于2023年度监督工作计划的请示", "BGS"),
    ("关于2023年度代表工作计划的请示", "WC-DB"),
    ("关于召开市十二届人大常委会第二次会议有关事项的请示", "BGS"),
    ("关于《平顶山市住宅小区消防安全管理条例（草案）》审议情况的报告", "WC-FG"),
    ("关于《平顶山市传统村落保护条例（草案）》审议情况的报告", "WC-FG"),
    ("关于设立平顶山市企业家日的决定（草案）的请示", "BGS"),
    ("关于民生实事项目人大代表票决工作的请示", "WC-DB"),
    ("关于在市人大常委会机关开展主题教育的请示", "BGS"),
    ("关于对科技创新工作开展满意度测评的请示", "SC-JKW"),
    ("关于开展优化营商环境专题询问的请示", "SC-CJ"),
    ("关于有关人事任免事项的请示", "WC-DB"),
    ("关于补选市十二届人大代表有关事项的请示", "WC-DB"),
    ("关于开展《中华人民共和国就业促进法》执法检查情况的报告", "SC-SJ"),
    ("关于开展“学标杆、争先进、创一流”活动情况的报告", "BGS"),
    ("关于市人大常委会2023年工作情况的报告", "BGS"),
]

MEASURES = [
    "制定市人大常委会2023年工作要点",
    "制定2023年度立法工作计划",
    "制定2023年度监督工作计划",
    "制定2023年度代表工作计划",
    "制定2023年度机关建设工作计划",
    "突出贯彻落实市委全会精神这一主线",
    "深化“立法提质”行动",
    "深化“监督增效”行动",
    "深化“代表聚力”行动",
    "深化“服务大局”行动",
    "深化“数字人大”行动",
    "深化“机关强基”行动",
    "做实重点项目跟踪监督工作",
    "做实优化营商环境监督工作",
    "做实民生实事项目票决工作",
    "做实代表建议督办工作",
    "做实基层人大规范化建设工作",
    "实施“拼经济促发展”工作方案",
    "开展“学标杆、争先进、创一流”活动",
    "围绕“两城”建设开展专项监督",
    "开展“三个一批”项目建设专题视察",
    "助推重点产业链培育",
    "参与全国文明城市创建",
    "开展食品安全“一法一条例”执法检查",
    "建立常委会组成人员联系代表台账",
    "建立审议意见办理跟踪台账",
]
MEASURES_UNDER_WAY = 6

WORKS = ["“两城”建设", "“三个一批”项目建设", "产业链培育", "文明创建", "食品安全"]
PROJECTS = {
    "“两城”建设": ["老旧小区改造", "城市道路打通", "雨污分流改造", "城市公园建设", "背街小巷整治"],
    "“三个一批”项目建设": [
        "新材料产业园",
        "储能电池项目",
        "尼龙新材料项目",
        "物流园区",
        "装备制造项目",
    ],
    "产业链培育": [
        "尼龙产业链",
        "不锈钢产业链",
        "新能源产业链",
        "电气装备产业链",
        "食品加工产业链",
    ],
    "文明创建": ["农贸市场", "背街小巷", "公共停车场", "社区服务中心", "主干道沿线"],
    "食品安全": ["校园食堂", "小餐饮集中区", "农贸市场", "食品生产小作坊", "冷链仓储"],
}
ISSUES = {
    "“两城”建设": ["资金缺口", "征迁协调", "管网配套", "施工扰民"],
    "“三个一批”项目建设": ["用地指标", "审批手续", "水电气配套", "用工保障"],
    "产业链培育": ["融资困难", "配套企业招引", "技术人才短缺", "物流成本偏高"],
    "文明创建": ["环境卫生", "占道经营", "车辆乱停", "设施破损"],
    "食品安全": ["监管盲区", "证照不全", "冷链追溯", "从业人员培训"],
}
PROBLEMS_RESOLVED = 72
PROBLEMS_UNDER_WAY = 4

PRACTICES = [
    "“全链模式”代表工作示范点建设",
    "民生实事项目人大代表票决制",
    "代表联络站固定接待日制度",
    "“双联系”工作机制",
    "基层立法联系点提质扩容",
    "“小切口”立法实践",
    "预算联网监督",
    "审议意见办理“回头看”",
    "以满意度测评助推科技创新",
    "以专题询问推动优化营商环境",
    "以人大决定设立企业家日",
    "国有资产监督专家库建设",
    "网上代表之家建设",
    "代表列席常委会会议和会后座谈制度",
    "代表“三亮”“四进”活动",
    "“学标杆、争先进、创一流”活动",
    "“1661”工作思路",
    "备案审查全覆盖",
    "宪法宣誓制度落实",
    "传统村落保护立法",
    "住宅小区消防安全立法",
    "乡镇人大规范化建设",
    "人大代表之家星级评定",
    "代表建议领衔督办",
    "“五学”联动机制",
    "信访接待与代表联络站联动",
    "执法检查引入第三方评估",
    "民生实事项目全过程监督",
]
PROMOTED_WHERE = [
    "省人大常委会《人大建设》",
    "省人大常委会《人大工作动态》",
    "全省人大工作会议",
    "省人大常委会门户网站",
    "《人民之声》杂志",
    "全国人大代表工作座谈会",
]
PROMOTED_HOW = ["刊发经验文章", "作经验介绍", "专题报道", "转发推广", "作典型发言"]

AREAS = [
    (
        "理论学习方面",
        [
            "理论学习与人大工作结合不够紧密",
            "学习成果转化运用不够充分",
            "“第一议题”学习后续跟进不够",
        ],
    ),
    (
        "调查研究方面",
        ["调研课题与中心工作结合不够", "调研成果转化率不高", "深入基层调研次数偏少"],
    ),
    ("服务发展大局方面", ["服务重点项目建设举措不多", "助推优化营商环境办法不够多"]),
    (
        "立法工作方面",
        ["立法项目储备不足", "基层立法联系点作用发挥不充分", "法规配套规定出台不及时"],
    ),
    ("监督工作方面", ["审议意见跟踪问效不够", "专题询问刚性不足"]),
    (
        "代表工作方面",
        ["代表联络站活动不够经常", "代表建议办理质量有待提高", "闭会期间代表活动组织不够"],
    ),
    ("机关建设方面", ["机关干部能力素质与新要求不适应", "制度执行不够严格"]),
    ("作风建设方面", ["文山会海问题仍有反弹", "督查检查考核过多过频"]),
]
CLOSE_OUT_NOTES = [
    "已制定整改措施并全部落实到位，经主题教育领导小组验收，同意销号。",
    "建立长效机制，相关制度已印发执行，经检查验收，予以销号。",
    "整改任务已完成，群众反映良好，经领导小组审核，同意销号。",
]


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _owners() -> dict[str, Organisation]:
    """The committee's office and organs by code ("BGS" the office, "SC" the committee)."""
    orgs = {o.code: o for o in Organisation.objects.filter(kind__in=OWNER_KINDS)}
    office = orgs["RD-BGS"]
    return {**orgs, "BGS": office, "SC": orgs.get("RD-CW", office)}


def _leaders(term) -> list[str]:
    names = CommitteeMember.objects.filter(
        term=term, post__in=[CommitteeMember.Post.CHAIR, CommitteeMember.Post.VICE_CHAIR]
    ).order_by("post", "pk")
    found = [m.person.name for m in names.select_related("person")]
    return found or ["市人大常委会主任"]


def _rectification(rng, actor, owners) -> None:
    listed = dt.date(YEAR, 5, 16)
    for position, (area_name, problems) in enumerate(AREAS, start=1):
        area = services.create_problem_area(
            year=YEAR,
            name=area_name,
            position=position,
            description="主题教育检视整改问题清单",
            actor=actor,
        )
        for index, problem in enumerate(problems):
            entry = services.create_entry(
                kind=Kind.RECTIFICATION,
                title=problem,
                date=listed,
                owner=owners[rng.choice(["BGS", "WC-FG", "WC-DB", "WC-YJ", "WC-YS"])],
                notes="列入主题教育问题清单，明确责任领导、责任部门和整改时限。",
                problem_area=area,
                actor=actor,
            )
            services.start_entry(entry, actor=actor)
            fixed = _day(rng, dt.date(YEAR, 7, 1), dt.date(YEAR, 10, 31))
            if index % 2 == 0:  # fixed first, then checked and closed out
                services.complete_entry(entry, on=fixed, actor=actor)
            services.close_out(
                entry,
                on=fixed + dt.timedelta(days=rng.randint(3, 30)),
                note=rng.choice(CLOSE_OUT_NOTES),
                actor=actor,
            )


def _rules(rng, owners) -> list[dict]:
    rows = []
    for number, (subject, owner) in enumerate(RULE_SUBJECTS):
        action = RuleAction.REVISED if rng.random() < 0.4 else RuleAction.ESTABLISHED
        verb = "修订" if action == RuleAction.REVISED else "制定"
        date = _day(rng, dt.date(YEAR, 1, 10), dt.date(YEAR, 11, 30))
        done = number < RULES_DONE
        rows.append(
            {
                "kind": Kind.RULE,
                "title": f"{verb}《市人大常委会{subject}》",
                "date": date,
                "owner": owners[owner],
                "rule_action": action,
                "status": S.DONE if done else S.IN_PROGRESS,
                "completed_on": min(
                    date + dt.timedelta(days=rng.randint(5, 40)), dt.date(YEAR, 12, 29)
                )
                if done
                else None,
                "notes": "经主任会议研究通过，印发执行。" if done else "草案正在征求意见。",
            }
        )
    return rows


def _reports(rng, owners) -> list[dict]:
    rows = []
    for number, (title, owner) in enumerate(REPORTS):
        # spread over the year in order: the work plan first, the year's report last
        month = 1 + number * 12 // len(REPORTS)
        date = _day(rng, dt.date(YEAR, month, 1), dt.date(YEAR, month, 25))
        rows.append(
            {
                "kind": Kind.PARTY_COMMITTEE_REPORT,
                "title": title,
                "date": date,
                "owner": owners[owner],
                "status": S.DONE,
                "completed_on": date + dt.timedelta(days=rng.randint(2, 6)),
                "notes": "报中共平顶山市委，市委已批复同意。",
            }
        )
    return rows


def _measures(rng, owners) -> list[dict]:
    rows = []
    for number, title in enumerate(MEASURES):
        date = _day(rng, dt.date(YEAR, 2, 1), dt.date(YEAR, 3, 31))
        done = number < len(MEASURES) - MEASURES_UNDER_WAY
        rows.append(
            {
                "kind": Kind.IMPLEMENTATION_MEASURE,
                "title": title,
                "date": date,
                "owner": owners[rng.choice(["BGS", "WC-FG", "WC-DB", "WC-YS", "WC-YJ"])],
                "status": S.DONE if done else S.IN_PROGRESS,
                "completed_on": _day(rng, dt.date(YEAR, 6, 1), dt.date(YEAR, 12, 20))
                if done
                else None,
                "notes": "贯彻落实市委全会精神的具体举措。",
            }
        )
    return rows


def _problems(rng, owners, leaders) -> list[dict]:
    titles: list[tuple[str, str]] = []
    seen = set()
    while len(titles) < PROBLEMS_RESOLVED + PROBLEMS_UNDER_WAY:
        work = rng.choice(WORKS)
        place = rng.choice(N.DISTRICTS)[1]
        title = f"协调解决{place}{rng.choice(PROJECTS[work])}{rng.choice(ISSUES[work])}问题"
        if title not in seen:
            seen.add(title)
            titles.append((title, work))
    rows = []
    for number, (title, work) in enumerate(titles):
        date = _day(rng, dt.date(YEAR, 1, 15), dt.date(YEAR, 11, 15))
        done = number < PROBLEMS_RESOLVED
        rows.append(
            {
                "kind": Kind.PROBLEM_RESOLVED,
                "title": title,
                "date": date,
                "owner": owners["BGS"],
                "leader_name": rng.choice(leaders),
                "status": S.DONE if done else S.IN_PROGRESS,
                "completed_on": min(
                    date + dt.timedelta(days=rng.randint(10, 45)), dt.date(YEAR, 12, 28)
                )
                if done
                else None,
                "notes": f"班子成员参与{work}重点工作，现场调研、协调推动。",
            }
        )
    return rows


def _experiences(rng, owners) -> list[dict]:
    rows = []
    for practice in PRACTICES:
        date = _day(rng, dt.date(YEAR, 3, 1), dt.date(YEAR, 12, 20))
        rows.append(
            {
                "kind": Kind.EXPERIENCE_PROMOTED,
                "title": f"{practice}经验做法",
                "date": date,
                "owner": owners[rng.choice(["BGS", "WC-YJ", "WC-DB"])],
                "promoted_where": rng.choice(PROMOTED_WHERE),
                "promoted_how": rng.choice(PROMOTED_HOW),
                "status": S.DONE,
                "completed_on": date,
            }
        )
    return rows


@demo_step(70)
def load_ledgers(log) -> None:
    if LedgerEntry.objects.filter(date__year=YEAR).exists():
        return
    rng = rng_for("ledgers")
    actor = User.objects.get(username="office")
    term = Term.objects.get(number=12)
    owners = _owners()
    _rectification(rng, actor, owners)
    rows = [
        *_rules(rng, owners),
        *_reports(rng, owners),
        *_measures(rng, owners),
        *_problems(rng, owners, _leaders(term)),
        *_experiences(rng, owners),
    ]
    services.record_entries(rows, actor=actor)
    log(f"ledgers: {LedgerEntry.objects.filter(date__year=YEAR).count()} entries of {YEAR}")
