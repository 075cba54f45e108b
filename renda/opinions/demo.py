"""The demo year's public opinions: more than 4,300 raised in 2023 through the portal,
the stations' reception days and the deputies, routed to the units, handled, replied
to, evaluated and called back.

One in ten is played through the services step by step on a played clock; the others
are written in bulk (``demo_bulk``) with the same rows and audit history, so that
``make demo`` stays quick."""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import roles
from renda.core.demo import demo_step
from renda.core.demo.year2023 import rng_for
from renda.core.models import Organisation, User
from renda.deputies.models import Place, ReceptionDay
from renda.handling import services as handling
from renda.handling.models import Case
from renda.opinions import demo_bulk as bulk
from renda.opinions import routing, services
from renda.opinions.models import Category, Channel, PublicOpinion
from renda.suggestions.demo import played_time

YEAR = 2023
TARGET = 4320
SERVICE_EVERY = 10
LAST_ASSIGNED = dt.date(YEAR, 12, 8)
YEAR_END = dt.date(YEAR, 12, 29)
COMPLEX_REASON = "涉及多个部门，需现场核查"
PROMISE = "纳入年度整治计划，限期完成"
CALLBACK_NOTE = "电话回访，群众表示认可。"
C = Category

# category → (unit name suffix, places, problems, asks)
TOPICS = {
    C.URBAN: (
        "城市管理局",
        ["建设路", "中兴路", "矿工路", "凌云路", "开源路", "光明路", "湛河北路", "体育路"],
        ["路灯不亮", "垃圾清运不及时", "占道经营严重", "井盖破损", "违章搭建", "绿化带被毁"],
        ["尽快处理", "加强巡查", "建立长效机制"],
    ),
    C.TRANSPORT: (
        "交通运输局",
        ["新华路口", "火车站广场", "市一高门口", "万达广场", "高铁站", "长途汽车站"],
        ["红绿灯故障", "公交线路太少", "早晚高峰堵车", "停车位不足", "出租车拒载", "道路坑洼"],
        ["优化信号配时", "增开公交班次", "规划停车场"],
    ),
    C.ENVIRONMENT: (
        "生态环境局",
        ["白龟湖", "湛河", "焦化厂附近", "建材市场", "工业园区", "沙河岸边"],
        ["夜间噪音扰民", "河道有异味", "工厂排放黑烟", "扬尘污染", "污水直排", "油烟扰民"],
        ["依法查处", "加强监测", "公开处理结果"],
    ),
    C.EDUCATION: (
        "教育局",
        ["实验小学", "育才中学", "新城区幼儿园", "光明路小学", "湖滨中学"],
        ["学位紧张", "校车安全隐患", "课后服务收费不透明", "校门口交通混乱", "食堂卫生差"],
        ["增加学位", "规范收费", "加强监管"],
    ),
    C.HEALTH: (
        "卫生健康委员会",
        ["市第一人民医院", "社区卫生服务中心", "乡镇卫生院", "市中医医院"],
        ["挂号排队时间长", "社区医生不足", "药品短缺", "看病报销手续繁琐", "急救车到达慢"],
        ["优化流程", "充实人员", "推行线上预约"],
    ),
    C.SOCIAL: (
        "人力资源和社会保障局",
        ["人社服务大厅", "建筑工地", "物流园区", "开发区企业"],
        ["农民工工资被拖欠", "社保转移难", "灵活就业参保不便", "招聘信息不透明"],
        ["督促支付", "简化手续", "开展专项检查"],
    ),
    C.ECONOMY: (
        "市场监督管理局",
        ["农贸市场", "商业街", "批发市场", "网购平台"],
        ["缺斤短两", "价格欺诈", "食品过期销售", "营业执照办理慢", "虚假宣传"],
        ["加大执法力度", "畅通投诉渠道", "优化审批"],
    ),
    C.AGRICULTURE: (
        "农业农村局",
        ["李庄村", "张湾村", "王营村", "马寨村", "刘店村", "红旗村"],
        ["灌溉水渠淤塞", "农村道路破损", "农资价格上涨", "秸秆焚烧", "村内无路灯"],
        ["安排资金修缮", "加强指导", "纳入整治计划"],
    ),
    C.SAFETY: (
        "应急管理局",
        ["老旧小区", "城中村", "加油站旁", "商场", "电动车充电点"],
        ["消防通道被堵", "电动车楼道充电", "燃气管道老化", "安全出口上锁"],
        ["开展排查", "限期整改", "设置集中充电桩"],
    ),
    C.LAW: (
        "司法局",
        ["社区", "村委会", "街道办"],
        ["法律援助难申请", "邻里纠纷无人调解", "普法宣传不足"],
        ["完善调解机制", "扩大援助范围", "开展普法进社区"],
    ),
    C.OTHER: (
        "政务服务和大数据管理局",
        ["政务服务中心", "便民服务点", "网上办事大厅"],
        ["办事需要反复跑", "网上办事系统卡顿", "窗口人员态度差"],
        ["推行一次办好", "升级系统", "加强作风建设"],
    ),
}
WEIGHTS = {
    C.URBAN: 22,
    C.TRANSPORT: 16,
    C.ENVIRONMENT: 12,
    C.EDUCATION: 9,
    C.HEALTH: 8,
    C.SOCIAL: 9,
    C.ECONOMY: 7,
    C.AGRICULTURE: 8,
    C.SAFETY: 5,
    C.LAW: 2,
    C.OTHER: 2,
}
CHANNELS = [(Channel.STATION, 55), (Channel.PORTAL, 30), (Channel.DEPUTY, 12), (Channel.API, 3)]


def _text(rng: random.Random, category: str, district: Organisation) -> tuple[str, str]:
    _unit, places, problems, asks = TOPICS[category]
    place = rng.choice(places)
    problem = rng.choice(problems)
    opening = rng.choice(["", "我是附近居民，", "多名群众反映，", "本人多次发现，"])
    lasting = rng.choice(["近一个月来", "最近", "长期以来", "今年以来"])
    text = (
        f"{opening}{district.name}{place}一带{lasting}{problem}，"
        f"给周边群众生活带来不便。希望有关部门{rng.choice(asks)}。"
    )
    return text, f"{district.name}{place}"


def _units() -> dict[str, Organisation]:
    units = {}
    for category, (suffix, *_rest) in TOPICS.items():
        unit = Organisation.objects.filter(name__endswith=suffix, is_handling_unit=True).first()
        if unit is not None:
            units[category] = unit
    return units


def _unit_users(units) -> dict[int, User]:
    users = {}
    for unit in units:
        user = User.objects.filter(organisation=unit, is_active=True).first()
        if user is None:
            user = User.objects.create_user(
                f"unit-{unit.code.lower()}", password=None, organisation=unit
            )
            user.groups.add(Group.objects.get(name=roles.UNIT_HANDLER))
        users[unit.pk] = user
    return users


@dataclass
class Plan:
    index: int
    day: dt.date
    category: str
    channel: str
    district: Organisation
    text: str
    location: str
    name: str
    phone: str
    station: Place | None = None
    reception_day: ReceptionDay | None = None
    complex_: bool = False
    promise: bool = False
    outcome: str = "satisfied"  # satisfied / basically_satisfied / dissatisfied / none
    callback: bool = False


def _plans(rng: random.Random, districts, held: list[ReceptionDay]) -> list[Plan]:
    start = dt.date(YEAR, 1, 3)
    span = (dt.date(YEAR, 12, 15) - start).days
    categories = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in categories]
    plans = []
    for index in range(TARGET):
        category = rng.choices(categories, weights)[0]
        channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
        reception = rng.choice(held) if channel == Channel.STATION and held else None
        day = reception.date if reception else start + dt.timedelta(days=rng.randrange(span))
        station = reception.place if reception else None
        district = station.district if station and station.district else rng.choice(districts)
        text, location = _text(rng, category, district)
        roll = rng.random()
        outcome = (
            ("satisfied" if rng.random() < 0.85 else "basically_satisfied")
            if roll < 0.75
            else "dissatisfied"
            if roll < 0.78
            else "none"
        )
        plans.append(
            Plan(
                index=index,
                day=day,
                category=category,
                channel=channel,
                district=district,
                text=text,
                location=location,
                name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士"]),
                phone=f"13{rng.randrange(100000000, 999999999)}",
                station=station,
                reception_day=reception,
                complex_=rng.random() < 0.2,
                promise=rng.random() < 0.12,
                outcome=outcome,
                callback=outcome in {"satisfied", "basically_satisfied"} and rng.random() < 0.6,
            )
        )
    plans.sort(key=lambda p: (p.day, p.index))
    return plans


@demo_step(40)
def load_opinions(log) -> None:
    if PublicOpinion.objects.filter(submitted_at__year=YEAR).exists():
        log("opinions: already loaded")
        return
    rng = rng_for("opinions:2023")
    office = User.objects.filter(username="office").first()
    districts = list(Organisation.objects.filter(kind=Organisation.Kind.DISTRICT))
    held = list(
        ReceptionDay.objects.filter(state=ReceptionDay.State.HELD, date__year=YEAR)
        .select_related("place__district")
        .order_by("pk")
    )
    units = _units()
    unit_users = _unit_users(units.values())
    plans = _plans(rng, districts, held)
    # Every SERVICE_EVERY-th opinion goes through the services step by step; the others
    # are written in bulk with the same rows and history the services would write.
    through_services = [p for p in plans if p.index % SERVICE_EVERY == 0]
    in_bulk = [p for p in plans if p.index % SERVICE_EVERY != 0]
    with played_time() as played:
        for plan in through_services:
            played.set(plan.day)
            with transaction.atomic():
                _story(plan, office, units, unit_users, played)
        bulk.write(in_bulk, office=office, units=units, unit_users=unit_users, year=YEAR)
        played.set(dt.date(YEAR, 12, 31))
        try:
            model = routing.train()
            log(
                f"opinions: router trained on {model.samples} opinions, held-out accuracy "
                f"{model.accuracy:.0%}"
            )
        except ValidationError as exc:  # the demo goes on without a router
            log(f"opinions: router not trained — {' '.join(exc.messages)}")
    log(
        f"opinions: {TARGET} public opinions of {YEAR} collected ({len(through_services)} "
        "played through the services step by step)"
    )


def _story(plan: Plan, office, units, unit_users, played):
    opinion, _created = services.submit_opinion(
        text=plan.text,
        category=plan.category,
        channel=plan.channel,
        district=plan.district,
        location=plan.location,
        station=plan.station,
        reception_day=plan.reception_day,
        submitter_name=plan.name,
        submitter_phone=plan.phone,
        client_token=f"demo-{YEAR}-{plan.index}",
        actor=office if plan.channel == Channel.STATION else None,
    )
    unit = units.get(plan.category)
    if unit is None or office is None or plan.day > LAST_ASSIGNED:
        return  # the last days' opinions are still waiting for the office
    services.assign_opinion(
        opinion,
        lead_unit=unit,
        is_complex=plan.complex_,
        complexity_reason=COMPLEX_REASON if plan.complex_ else "",
        actor=office,
    )
    case = Case.objects.get(pk=opinion.case_id)
    played.set(reply_day(plan, case.reply_due))
    handling.reply_case(
        case,
        unit=unit,
        text=reply_text(plan, case.title),
        reply_class="B" if plan.promise else "A",
        contact_person="办公室",
        channel="platform",
        promised_action=PROMISE if plan.promise else "",
        promised_date=case.reply_due + dt.timedelta(days=60) if plan.promise else None,
        actor=unit_users[unit.pk],
    )
    if plan.outcome == "none":
        case.refresh_from_db()
        if case.evaluation_due < YEAR_END:
            played.set(case.evaluation_due + dt.timedelta(days=1))
            handling.record_no_answer(case)  # R16: the window passed without an answer
        return
    played.set(played.today() + dt.timedelta(days=2))
    comment = "问题仍存在" if plan.outcome == "dissatisfied" else ""
    services.evaluate_by_code(opinion.tracking_code, result=plan.outcome, comment=comment)
    if plan.callback:
        services.record_callback(opinion, note=CALLBACK_NOTE, actor=office)


def reply_day(plan: Plan, due: dt.date) -> dt.date:
    return min(due - dt.timedelta(days=plan.index % 4), dt.date(YEAR, 12, 29))


def reply_text(plan: Plan, title: str) -> str:
    done = "已纳入整治计划，将按期完成。" if plan.promise else "现已整改完毕，并将加强日常巡查。"
    return f"经核查，您反映的“{title}”问题属实，我单位已安排专人处理，{done}"
