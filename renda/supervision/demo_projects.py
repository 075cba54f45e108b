"""Demo year of supervision: research, experts and livelihood projects (imported by
demo.py). From the article (seed/000_…txt):

- "专题调研教育'双减'、寄宿制学校建设、供销社改革、粮食安全、公共卫生和农村养老
  体系建设情况": 6 livelihood research topics, reported and closed;
- "专题调研创新平台建设、主体壮大、成果转化…提出7个方面18项意见建议": the science-and-
  technology innovation research with 7 areas and 18 recommendations, each answered by
  its department;
- "率先在全省组建专家库，首批聘任24名咨询专家": 24 experts of the state-assets
  supervision pool, first batch, consulted on the state-assets report;
- "推动10项民生实事顺利完成": the deputies' selection vote of the ballots demo (15
  candidates, 10 places) adopted, applied, and the 10 chosen projects carried out to
  completion with milestones, progress reports and deputies' inspections.

Everything goes through services_projects; deterministic (fixed dates, seeded random
streams) and idempotent (a second run finds the records and changes nothing)."""

import datetime as dt

from renda.ballots.models import Ballot
from renda.core.demo import demo_step
from renda.core.demo.names import person_name
from renda.core.demo.year2023 import rng_for
from renda.core.models import CommitteeMember, Deputy, Organisation, Term, User
from renda.supervision import services_projects as services
from renda.supervision.models import (
    Expert,
    LivelihoodProject,
    PlanItem,
    Research,
)

YEAR = 2023

# (topic, keyword of a plan item, departments concerned, places, findings)
LIVELIHOOD_RESEARCH = [
    (
        "教育“双减”政策落实情况专题调研",
        "双减",
        ["教育局", "市场监督管理局"],
        ["新华区实验小学", "湛河区第二中学", "卫东区校外培训机构"],
        "全市义务教育阶段学校课后服务实现全覆盖，校外培训机构压减成效明显；"
        "课后服务质量和教师负担仍需统筹。",
        dt.date(2023, 3, 14),
    ),
    (
        "寄宿制学校建设情况专题调研",
        "寄宿制",
        ["教育局", "财政局"],
        ["鲁山县寄宿制学校", "叶县农村寄宿制小学"],
        "农村寄宿制学校办学条件持续改善；生活设施和生活教师配备仍有短板。",
        dt.date(2023, 4, 11),
    ),
    (
        "供销社综合改革情况专题调研",
        "供销",
        ["供销合作社", "农业农村局"],
        ["郏县供销社", "宝丰县农资配送中心"],
        "基层供销社网点恢复重建有序推进；为农服务综合平台作用有待增强。",
        dt.date(2023, 5, 16),
    ),
    (
        "粮食安全工作情况专题调研",
        "粮食",
        ["粮食和物资储备局", "农业农村局", "发展和改革委员会"],
        ["舞钢市高标准农田", "市级粮食储备库"],
        "耕地保护和高标准农田建设扎实推进；粮食仓储设施更新需加大投入。",
        dt.date(2023, 7, 18),
    ),
    (
        "公共卫生体系建设情况专题调研",
        "公共卫生",
        ["卫生健康委员会", "医疗保障局"],
        ["市疾病预防控制中心", "汝州市人民医院"],
        "公共卫生应急能力明显提升；基层医疗卫生人才队伍仍需加强。",
        dt.date(2023, 8, 22),
    ),
    (
        "农村养老服务体系建设情况专题调研",
        "养老",
        ["民政局", "卫生健康委员会"],
        ["叶县乡镇敬老院", "鲁山县农村幸福院"],
        "县乡村三级养老服务网络初步形成；农村互助养老可持续运营机制有待完善。",
        dt.date(2023, 9, 19),
    ),
]

INNOVATION_TOPIC = "科技创新平台建设、创新主体壮大和科技成果转化情况专题调研"
# 7 areas, 18 recommendations (text, responsible department)
INNOVATION_AREAS = [
    (
        "强化创新平台建设",
        [
            ("加快建设省级以上重点实验室和工程技术研究中心", "科学技术局"),
            ("支持尼龙新材料等中试基地建设", "工业和信息化局"),
            ("推动高新区创新平台集聚发展", "高新技术产业开发区管委会"),
        ],
    ),
    (
        "壮大创新主体",
        [
            ("实施高新技术企业倍增计划", "科学技术局"),
            ("培育科技型中小企业和专精特新企业", "工业和信息化局"),
            ("引导规上工业企业建立研发机构", "发展和改革委员会"),
        ],
    ),
    (
        "促进科技成果转化",
        [
            ("建设技术转移服务机构和技术市场", "科学技术局"),
            ("深化产学研合作，推动高校院所成果本地转化", "教育局"),
        ],
    ),
    (
        "加大科技投入",
        [
            ("建立财政科技投入稳定增长机制", "财政局"),
            ("发展科技金融，推广知识产权质押融资", "地方金融监督管理局"),
            ("落实研发费用加计扣除等税收优惠", "税务局"),
        ],
    ),
    (
        "加强人才引育",
        [
            ("完善高层次人才引进和激励政策", "人力资源和社会保障局"),
            ("加强技能人才和创新团队培养", "人力资源和社会保障局"),
        ],
    ),
    (
        "优化创新生态",
        [
            ("强化知识产权保护和运用", "市场监督管理局"),
            ("保障创新项目用地需求", "自然资源和规划局"),
            ("推进科技创新领域数字化服务", "政务服务和大数据管理局"),
        ],
    ),
    (
        "完善体制机制",
        [
            ("健全科技创新考核评价机制", "发展和改革委员会"),
            ("学习借鉴外地先进经验，完善科技管理体制", "科学技术局"),
        ],
    ),
]

EXPERT_FIELDS = [
    ("国资监管", "高级经济师"),
    ("财务会计", "高级会计师"),
    ("审计", "注册会计师"),
    ("企业管理", "教授"),
    ("法律", "律师"),
    ("金融", "副教授"),
    ("资产评估", "资产评估师"),
    ("投资与产业经济", "研究员"),
    ("工程造价", "正高级工程师"),
    ("税务", "注册税务师"),
]
EXPERT_PLACES = [
    "平顶山学院",
    "河南城建学院",
    "河南省会计师事务所平顶山分所",
    "平顶山律师事务所",
    "市委党校",
    "平顶山银行",
    "资产评估有限公司",
]
EXPERTS_APPOINTED = dt.date(2023, 5, 18)
STATE_ASSETS_REPORT = "市政府关于2022年度国有资产管理情况的综合报告"

# lead unit of each chosen project, by title
LEAD_UNITS = {
    "城镇老旧小区改造": "住房和城乡建设局",
    "农村供水保障工程": "水利局",
    "普惠托育服务扩容": "卫生健康委员会",
    "城乡居民免费健康体检": "卫生健康委员会",
    "中小学校课后服务提升": "教育局",
    "公共厕所新建改造": "城市管理局",
    "社区养老服务设施建设": "民政局",
    "背街小巷道路整治": "城市管理局",
    "智慧停车场建设": "住房和城乡建设局",
    "残疾人康复救助": "残疾人联合会",
}
MILESTONES = [
    ("方案制定和资金落实", dt.date(2023, 3, 31)),
    ("项目开工建设", dt.date(2023, 6, 30)),
    ("全面完成并验收", dt.date(2023, 11, 30)),
]


def _unit(short: str) -> Organisation | None:
    return (
        Organisation.objects.filter(name__endswith=short, is_handling_unit=True)
        .order_by("code")
        .first()
    )


def _body(fragment: str) -> Organisation | None:
    return Organisation.objects.filter(name__contains=fragment).order_by("code").first()


def _plan_item(keyword: str) -> PlanItem | None:
    return (
        PlanItem.objects.filter(
            plan__year=YEAR, kind=PlanItem.Kind.RESEARCH, title__contains=keyword
        )
        .order_by("pk")
        .first()
    )


@demo_step(66)
def load_projects(log) -> None:
    if LivelihoodProject.objects.filter(year=YEAR).exists() or Expert.objects.exists():
        log("supervision (projects): already loaded")
        return
    actor = User.objects.filter(username="office").first()
    term = Term.objects.get(number=12)
    people = [
        m.person
        for m in CommitteeMember.objects.filter(term=term)
        .select_related("person")
        .order_by("post", "pk")
    ]
    research = _research(actor, people)
    experts = _experts(actor)
    projects = _projects(actor, term)
    log(
        f"supervision (projects): {research} research topics, {experts} experts, "
        f"{projects} livelihood projects completed"
    )


def _group(rng, people):
    if not people:
        return None, []
    leader = people[rng.randrange(min(len(people), 8))]
    members = rng.sample([p for p in people if p is not leader], min(4, len(people) - 1))
    return leader, members


def _research(actor, people) -> int:
    rng = rng_for("supervision:research")
    for topic, keyword, departments, places, findings, start in LIVELIHOOD_RESEARCH:
        leader, members = _group(rng, people)
        research = services.create_research(
            kind=Research.Kind.RESEARCH,
            year=YEAR,
            topic=topic,
            is_livelihood=True,
            plan_item=_plan_item(keyword),
            owner=_body("教育科学文化卫生委员会")
            if keyword in ("双减", "寄宿制", "公共卫生")
            else _body("农业与农村委员会")
            if keyword in ("供销", "粮食")
            else _body("社会建设委员会"),
            leader=leader,
            members=members,
            departments=[u for u in map(_unit, departments) if u],
            places="\n".join(places),
            actor=actor,
        )
        services.start_research(research, start_date=start, actor=actor)
        services.report_research(
            research,
            findings=findings,
            reported_on=start + dt.timedelta(days=21),
            actor=actor,
        )
        services.close_research(research, actor=actor)

    leader, members = _group(rng, people)
    units = {name: _unit(name) for _area, items in INNOVATION_AREAS for _t, name in items}
    innovation = services.create_research(
        kind=Research.Kind.RESEARCH,
        year=YEAR,
        topic=INNOVATION_TOPIC,
        purpose="为听取审议市政府关于科技创新工作情况的报告做准备，考察学习外地先进经验。",
        plan_item=_plan_item("科技创新"),
        owner=_body("教育科学文化卫生委员会"),
        leader=leader,
        members=members,
        departments=[u for u in units.values() if u],
        places="市高新技术产业开发区\n尼龙新材料产业园\n洛阳市（考察学习）\n新乡市（考察学习）",
        actor=actor,
    )
    services.start_research(innovation, start_date=dt.date(2023, 4, 17), actor=actor)
    for title, items in INNOVATION_AREAS:
        area = services.add_area(innovation, title=title, actor=actor)
        for text, name in items:
            services.add_recommendation(area, text=text, department=units[name], actor=actor)
    services.report_research(
        innovation,
        findings="全市创新平台数量稳步增长，创新主体持续壮大，成果转化渠道逐步畅通；"
        "对照先进地区，研发投入强度、高层次人才和转化机制仍有差距。调研组提出7个方面"
        "18项意见建议，供市委、市政府决策参考。",
        reported_on=dt.date(2023, 6, 9),
        actor=actor,
    )
    for index, area in enumerate(innovation.areas.order_by("position")):
        for reco in area.recommendations.order_by("position"):
            services.respond_to_recommendation(
                reco,
                response="已纳入年度工作计划，明确责任科室和时间节点，正在推进落实。",
                responded_on=dt.date(2023, 8, 15 + index),
                actor=actor,
            )
            if reco.position == 1:
                services.mark_implemented(reco, implemented_on=dt.date(2023, 12, 10), actor=actor)
    services.close_research(innovation, actor=actor)

    # an inspection visit (视察) of the livelihood projects: findings, no recommendations
    visit = services.create_research(
        kind=Research.Kind.INSPECTION_VISIT,
        year=YEAR,
        topic="全市重点民生实事项目推进情况视察",
        is_livelihood=True,
        leader=people[0] if people else None,
        members=people[1:5],
        places="新华区老旧小区改造项目\n湛河区社区养老服务中心",
        actor=actor,
    )
    services.start_research(visit, start_date=dt.date(2023, 9, 6), actor=actor)
    services.report_research(
        visit,
        findings="各项民生实事总体进展顺利，部分项目需加快施工进度。",
        reported_on=dt.date(2023, 9, 8),
        actor=actor,
    )
    return len(LIVELIHOOD_RESEARCH)


def _experts(actor) -> int:
    rng = rng_for("supervision:experts")
    demo_user = User.objects.filter(username="expert").select_related("person").first()
    experts = []
    for number in range(24):
        field, title = EXPERT_FIELDS[number % len(EXPERT_FIELDS)]
        own = number == 0 and demo_user is not None
        experts.append(
            services.appoint_expert(
                name=demo_user.person.name
                if own and demo_user.person
                else person_name(rng, rng.random() < 0.35),
                expertise=field,
                affiliation=rng.choice(EXPERT_PLACES),
                title=title,
                pool=Expert.Pool.STATE_ASSETS,
                batch=1,
                term_start=EXPERTS_APPOINTED,
                term_end=dt.date(2026, 5, 17),
                user=demo_user if own else None,
                actor=actor,
            )
        )
    # consulted on the state-assets report (heard in October) by five of them
    for index, expert in enumerate(experts[:5]):
        consultation = services.consult_expert(
            expert,
            subject_kind="work_report",
            subject=STATE_ASSETS_REPORT,
            question="请就国有资产管理情况报告中的国企经营效益和资产处置提出审议意见。",
            asked_on=dt.date(2023, 9, 20),
            due_on=dt.date(2023, 10, 10),
            actor=actor,
        )
        services.answer_consultation(
            consultation,
            opinion="建议进一步完善国有资产统计口径，加强低效无效资产处置，健全国企经营业绩考核。",
            answered_on=dt.date(2023, 10, 1 + index),
            actor=actor,
        )
    # and one question still open for the demo expert account
    innovation = Research.objects.filter(year=YEAR, topic=INNOVATION_TOPIC).first()
    services.consult_expert(
        experts[0],
        subject_kind="research",
        subject="",
        research=innovation,
        question="请评估调研报告中科技金融方面建议的可行性。",
        asked_on=dt.date(2023, 12, 5),
        due_on=dt.date(2023, 12, 29),
        actor=actor,
    )
    return len(experts)


def _projects(actor, term: Term) -> int:
    ballot = (
        Ballot.objects.filter(
            kind=Ballot.Kind.SELECTION,
            electorate=Ballot.Electorate.CONGRESS_DEPUTIES,
            held_on__year=YEAR,
            question__contains="民生实事",
        )
        .order_by("pk")
        .first()
    )
    if ballot is None:
        return 0
    services.adopt_ballot(ballot, year=YEAR, actor=actor)
    chosen = services.apply_selection(ballot, actor=actor)
    rng = rng_for("supervision:livelihood")
    deputies = list(Deputy.objects.filter(term=term, status=Deputy.Status.ACTIVE).order_by("code"))
    demo_user = User.objects.filter(username="deputy").first()
    demo_deputy = (
        Deputy.objects.filter(term=term, person_id=demo_user.person_id).first()
        if demo_user is not None and demo_user.person_id
        else None
    )
    done = 0
    for index, project in enumerate(sorted(chosen, key=lambda p: p.pk)):
        unit = _unit(LEAD_UNITS.get(project.title, "住房和城乡建设局"))
        services.update_project(
            project,
            description=f"2023年市人民代表大会票决确定的民生实事项目：{project.title}。",
            notes="牵头单位每月报送进展；资金由市县两级财政统筹。",
            actor=actor,
        )
        services.start_project(
            project,
            lead_unit=unit,
            started_on=dt.date(2023, 2, 1),
            target=f"年底前全面完成{project.title}任务。",
            actor=actor,
        )
        for title, due in MILESTONES:
            services.add_milestone(project, title=title, due_on=due, actor=actor)
        milestones = list(project.milestones.order_by("position"))
        for milestone, (percent, day) in zip(
            milestones,
            [(30, dt.date(2023, 3, 28)), (65, dt.date(2023, 6, 28)), (100, dt.date(2023, 11, 20))],
            strict=True,
        ):
            services.complete_milestone(milestone, done_on=day - dt.timedelta(days=1), actor=actor)
            services.report_progress(
                project,
                percent=percent,
                text=f"{milestone.title}已完成，项目累计完成{percent}%。",
                reported_on=day,
                actor=actor,
            )
        group = rng.sample(deputies, min(4, len(deputies)))
        if index == 0 and demo_deputy is not None and demo_deputy not in group:
            group[0] = demo_deputy
        services.record_inspection(
            project,
            date=dt.date(2023, 9, 6 + index % 3),
            deputies=group,
            findings="项目推进有力，群众反映良好；建议加强后期管护。",
            actor=actor,
        )
        services.complete_project(
            project, completed_on=dt.date(2023, 11, 25 + index % 5), actor=actor
        )
        done += 1
    return done
