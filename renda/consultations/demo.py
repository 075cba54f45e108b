"""Demo-year data of consultations (@demo_step): 25 grassroots legislative contact
points spread over the city's districts and counties, one legislative base at a
university, legislation-pool experts (only when none exist), and the public
consultation on the first draft of each of the two 2023 regulations (texts entered by
renda/legislation/demo.py, step 75): comments from the portal, the contact points, the
experts and the base, most with adoption decisions, both consultations concluded.
Names are invented. Idempotent: what is present is left alone."""

import datetime as dt

from django.utils import timezone

from renda.consultations import services
from renda.consultations.models import Adoption, Channel, Consultation, ContactPoint
from renda.core.demo import demo_step
from renda.core.demo.names import DISTRICTS, mobile, person_name
from renda.core.demo.year2023 import rng_for
from renda.core.models import Organisation, User

# (district code, place in the district, kind of place)
POINTS = [
    ("XH", "西市场街道", "社区"),
    ("XH", "光明路街道", "社区"),
    ("XH", "焦店镇", "村"),
    ("WD", "东环路街道", "社区"),
    ("WD", "蒲城街道", "社区"),
    ("WD", "东高皇街道", "社区"),
    ("ZH", "马庄街道", "社区"),
    ("ZH", "曹镇乡", "村"),
    ("ZH", "北渡街道", "社区"),
    ("SL", "高庄街道", "社区"),
    ("SL", "人民路街道", "社区"),
    ("WG", "垭口街道", "社区"),
    ("WG", "尚店镇", "村"),
    ("RZ", "钟楼街道", "社区"),
    ("RZ", "温泉镇", "村"),
    ("RZ", "蟒川镇", "村"),
    ("BF", "杨庄镇", "村"),
    ("BF", "大营镇", "村"),
    ("YX", "昆阳街道", "社区"),
    ("YX", "常村镇", "村"),
    ("LS", "琴台街道", "社区"),
    ("LS", "尧山镇", "村"),
    ("LS", "瓦屋镇", "村"),
    ("JX", "龙山街道", "社区"),
    ("JX", "堂街镇", "村"),
]
BASE = ("鹰城学院地方立法研究基地", "鹰城学院法学院", "新华区学院路8号")
STEMS = "东西南北中新兴和平安宁丰华光明盛泰康福瑞祥阳山河湖桥园"
LEGISLATION_EXPERTS = [
    ("行政法学", "鹰城学院法学院", "教授"),
    ("地方立法", "市律师协会", "律师"),
    ("消防工程", "市建筑设计研究院", "高级工程师"),
    ("城乡规划", "市城乡规划研究中心", "高级规划师"),
    ("文物保护", "市文物保护研究所", "研究员"),
    ("宪法学", "鹰城学院法学院", "副教授"),
]
EXPERTS_APPOINTED = dt.date(2022, 3, 15)
REASONS = {
    Adoption.Decision.ADOPTED: "意见合理，已在草案修改稿中采纳。",
    Adoption.Decision.PARTLY: "部分采纳，已对相关表述作出修改，其余内容在配套规定中细化。",
    Adoption.Decision.NOT_ADOPTED: "上位法已有规定，本条例不再重复；已转有关部门研究。",
}
# (title, purpose, opens, closes, concluded, comments: (article, paragraph, text)); each
# between the draft's first reading and its second (legislation demo: sessions 2-3 for
# fire safety, 3-4 for traditional villages)
CONSULTATIONS = [
    (
        "平顶山市居民住宅消防安全管理条例",
        "《平顶山市居民住宅消防安全管理条例（草案一审稿）》公开征求意见",
        "为增强立法的公开性和透明度，提高立法质量，现将条例草案全文公布，征求社会各界意见。",
        dt.date(2023, 3, 1),
        dt.date(2023, 4, 3),
        dt.date(2023, 4, 14),
        [
            (0, 0, "建议条例进一步突出电动自行车火灾防控，这是当前居民住宅火灾的主要原因。"),
            (0, 0, "建议增加老年人、残疾人等特殊群体的消防安全帮扶内容。"),
            (4, 2, "建议明确街道办事处消防工作机构的人员配备标准，避免职责落空。"),
            (7, 0, "业主义务中建议增加“定期检查家庭电气线路”的内容。"),
            (7, 0, "建议将“不得私拉乱接电线”单列一项，并明确飞线充电属于禁止行为。"),
            (8, 0, "物业每月一次防火巡查频次偏低，建议高层住宅每周至少一次。"),
            (8, 0, "建议明确物业服务企业消防演练每年至少组织一次。"),
            (9, 0, "老旧小区无物业的情况较多，建议明确由社区兜底确定消防安全管理人。"),
            (10, 1, "出租房屋消防责任建议细化到群租房，规定每间居室的最低安全条件。"),
            (13, 0, "建议规定消防设施被损坏后的报修渠道和维修时限。"),
            (14, 0, "住宅专项维修资金使用程序复杂，建议规定消防设施维修的应急使用程序。"),
            (15, 1, "建议明确禁止在住宅门厅停放电动自行车，门厅是疏散必经之地。"),
            (15, 2, "禁止电动自行车进电梯的规定很好，建议同时要求电梯安装阻车装置。"),
            (16, 0, "电动自行车集中充电设施建设要有时间表，建议规定新建小区同步配建。"),
            (16, 0, "建议集中充电设施的收费标准由价格主管部门指导，防止收费过高。"),
            (17, 0, "建议规定燃气用户安装燃气泄漏报警装置。"),
            (19, 0, "装修中破坏防火分隔的情况常见，建议增加具体禁止情形。"),
            (20, 0, "高层住宅消防安全管理人的资格和培训要求建议予以明确。"),
            (21, 0, "老旧小区改造中的消防设施改造建议与加装电梯统筹实施。"),
            (23, 0, "建议对微型消防站和志愿消防队给予经费保障。"),
            (26, 0, "罚款数额建议区分单位和个人，个人罚款不宜过高。"),
            (27, 0, "建议对物业服务企业的违法行为纳入信用记录。"),
            (31, 0, "“居民住宅”的定义建议包括商住混合楼的住宅部分。"),
        ],
    ),
    (
        "平顶山市传统村落保护条例",
        "《平顶山市传统村落保护条例（草案一审稿）》公开征求意见",
        "现将条例草案全文公布，欢迎社会各界特别是传统村落村民提出修改意见。",
        dt.date(2023, 5, 5),
        dt.date(2023, 6, 6),
        dt.date(2023, 6, 16),
        [
            (0, 0, "建议条例更多体现村民主体地位，保护不能只靠政府。"),
            (3, 0, "“活态传承”的表述很好，建议在总则中明确保护与发展并重。"),
            (4, 0, "建议明确市、县两级传统村落保护专项资金的来源和比例。"),
            (6, 0, "建议村民委员会可以聘请传统村落保护协管员。"),
            (8, 0, "认定条件建议增加“具有红色文化资源”的情形。"),
            (10, 0, "申报程序中建议增加专家论证环节。"),
            (12, 0, "建议对濒危传统村落先予警示、限期整改，再考虑撤出名录。"),
            (13, 0, "保护发展规划一年内编制完成时间偏紧，建议改为两年。"),
            (14, 0, "规划内容建议增加传统建筑活化利用的指引。"),
            (15, 0, "征求村民意见的方式建议明确为公示不少于三十日。"),
            (18, 0, "传统建筑修缮费用高，建议规定政府给予适当补助。"),
            (18, 0, "所有权人无力修缮的，建议规定可由政府代为修缮的程序。"),
            (19, 0, "新建房屋的高度、体量、色彩建议在规划中作出控制性规定。"),
            (20, 0, "禁止行为中建议增加“擅自拆除传统建筑”。"),
            (21, 0, "传统村落消防基础薄弱，建议配备小型消防设施并定期演练。"),
            (23, 0, "古树名木保护建议与林业部门的相关规定衔接。"),
            (25, 0, "发展民宿应当优先保障本村村民参与经营和受益。"),
            (26, 0, "建议明确经营活动破坏传统风貌的认定标准。"),
            (27, 0, "数字档案建议向社会开放查询。"),
            (28, 0, "宣传周的时间建议与文化和自然遗产日衔接。"),
            (30, 0, "罚则建议区分情节轻重设定罚款幅度。"),
        ],
    ),
]
# per consultation: which of its comments come through which channel (cycled)
CHANNEL_CYCLE = [
    Channel.PORTAL,
    Channel.CONTACT_POINT,
    Channel.CONTACT_POINT,
    Channel.EXPERT,
    Channel.PORTAL,
    Channel.CONTACT_POINT,
    Channel.BASE,
]
DECISION_CYCLE = [
    Adoption.Decision.ADOPTED,
    Adoption.Decision.PARTLY,
    Adoption.Decision.NOT_ADOPTED,
    Adoption.Decision.ADOPTED,
    Adoption.Decision.PARTLY,
    None,  # left without a decision
    Adoption.Decision.ADOPTED,
]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _points(actor, log) -> list[ContactPoint]:
    rng = rng_for("consultations:points")
    districts = dict((code, name) for code, name, _n in DISTRICTS)
    points = []
    for index, (code, place, kind) in enumerate(POINTS):
        district_name = districts[code]
        village = rng.choice(STEMS) + rng.choice(STEMS) + kind
        name = f"{district_name}{place}{village}基层立法联系点"
        point = ContactPoint.objects.filter(name=name).first()
        contact = person_name(rng, rng.random() < 0.5)
        tel = mobile(rng)
        if point is None:
            point = services.create_contact_point(
                actor=actor,
                kind=ContactPoint.Kind.CONTACT_POINT,
                name=name,
                area=f"{district_name}{place}",
                district=Organisation.objects.filter(code=f"QX-{code}").first(),
                address=f"{district_name}{place}{village}党群服务中心",
                contact_person=contact,
                phone=tel,
                designated_on=dt.date(2021, 6, 1) if index < 15 else dt.date(2022, 9, 1),
                is_active=True,
            )
        points.append(point)
    base = ContactPoint.objects.filter(name=BASE[0]).first()
    if base is None:
        base = services.create_contact_point(
            actor=actor,
            kind=ContactPoint.Kind.LEGISLATIVE_BASE,
            name=BASE[0],
            area=BASE[1],
            district=Organisation.objects.filter(code="QX-XH").first(),
            address=BASE[2],
            contact_person=person_name(rng, False),
            phone="0375-2658000",
            designated_on=dt.date(2021, 11, 18),
            is_active=True,
        )
    log(f"consultations: {len(points)} contact points, 1 legislative base")
    return [*points, base]


def _experts(actor) -> list:
    """Legislation-pool experts: those present, or six appointed for the demo."""
    from renda.supervision import services_projects as supervision
    from renda.supervision.models import Expert

    experts = list(
        Expert.objects.filter(pool=Expert.Pool.LEGISLATION, is_active=True).order_by("pk")
    )
    if experts:
        return experts
    rng = rng_for("consultations:experts")
    for field, affiliation, title in LEGISLATION_EXPERTS:
        experts.append(
            supervision.appoint_expert(
                name=person_name(rng, rng.random() < 0.35),
                expertise=field,
                affiliation=affiliation,
                title=title,
                pool=Expert.Pool.LEGISLATION,
                batch=1,
                term_start=EXPERTS_APPOINTED,
                term_end=dt.date(2027, 3, 14),
                actor=actor,
            )
        )
    return experts


def _consultation(spec, points, experts, actor, rng) -> Consultation | None:
    from renda.legislation.models import LegalText

    text_title, title, purpose, opens, closes, concluded, comments = spec
    if Consultation.objects.filter(title=title).exists():
        return None
    legal_text = LegalText.objects.filter(title=text_title).first()
    version = legal_text.versions.order_by("number").first() if legal_text else None
    if version is None:
        return None
    consultation = services.create_consultation(
        version=version,
        title=title,
        purpose=purpose,
        opens_on=opens,
        closes_on=closes,
        channels=[Channel.PORTAL, Channel.CONTACT_POINT, Channel.EXPERT, Channel.BASE],
        experts=experts,
        actor=actor,
    )
    services.open_consultation(consultation, actor=actor, on=opens)
    contact_points = [p for p in points if p.kind == ContactPoint.Kind.CONTACT_POINT]
    base = next(p for p in points if p.kind == ContactPoint.Kind.LEGISLATIVE_BASE)
    span = (closes - opens).days
    made = []
    for index, (article, paragraph, text) in enumerate(comments):
        channel = CHANNEL_CYCLE[index % len(CHANNEL_CYCLE)]
        day = opens + dt.timedelta(days=round(span * (index + 1) / (len(comments) + 1)))
        who: dict = {}
        if channel == Channel.PORTAL:
            who = {
                "citizen_name": person_name(rng, rng.random() < 0.5) if rng.random() < 0.6 else "",
                "citizen_contact": mobile(rng) if rng.random() < 0.5 else "",
            }
        elif channel == Channel.CONTACT_POINT:
            who = {
                "contact_point": contact_points[(index * 7) % len(contact_points)],
                "citizen_name": person_name(rng, rng.random() < 0.5),
            }
        elif channel == Channel.EXPERT:
            who = {"expert": experts[index % len(experts)]}
        else:
            who = {"contact_point": base}
        comment, _created = services.add_comment(
            consultation,
            text=text,
            provision=f"art_{article}" + (f"__para_{paragraph}" if paragraph else "")
            if article
            else "",
            channel=channel,
            received_at=_moment(day, 9 + index % 8),
            actor=actor,
            **who,
        )
        made.append(comment)
    services.close_consultation(consultation, actor=actor, on=closes)
    themes = {}
    for index, comment in enumerate(made):
        article = comment.sort_key // 1_000_000
        if article in (15, 16) and comment.consultation.version.legal_text.title.startswith(
            "平顶山市居民住宅"
        ):
            themes.setdefault("电动自行车停放充电", []).append(comment)
        decision = DECISION_CYCLE[index % len(DECISION_CYCLE)]
        if decision is None:
            continue
        services.decide_adoption(
            comment,
            decision=decision,
            reason=REASONS[decision],
            decided_at=_moment(closes + dt.timedelta(days=7), 10),
            actor=actor,
        )
    for theme, members in themes.items():
        services.group_comments(members, theme=theme, actor=actor)
    services.conclude_consultation(
        consultation,
        summary=(
            f"征求意见期间共收到意见{len(made)}条，经逐条研究，"
            "合理意见已在草案修改稿中吸收采纳，未采纳的意见已说明理由。"
        ),
        actor=actor,
        on=concluded,
    )
    return consultation


@demo_step(77)
def load_consultations(log) -> None:
    actor = User.objects.filter(username="office").first()
    points = _points(actor, log)
    experts = _experts(actor)
    rng = rng_for("consultations:comments")
    for spec in CONSULTATIONS:
        consultation = _consultation(spec, points, experts, actor, rng)
        if consultation is not None:
            log(
                f"consultations: {consultation.title}, "
                f"{consultation.comments.count()} comments, concluded"
            )
