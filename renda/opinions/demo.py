"""The demo year's public opinions: more than 4,300 raised in 2023 through the portal,
the stations' reception days and the deputies, routed to the units, handled, replied
to, evaluated and called back — all through the services, on a played clock.

To stay quick the story runs in bulk for the rows nobody acts on twice (audit and
history are still written by the services)."""

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.db import transaction

from renda.core import roles
from renda.core.demo import demo_step
from renda.core.demo.year2023 import rng_for
from renda.core.models import Organisation, User
from renda.deputies.models import Place, ReceptionDay
from renda.handling import services as handling
from renda.handling.models import Case
from renda.opinions import routing, services
from renda.opinions.models import Category, Channel, PublicOpinion
from renda.suggestions.demo import played_time

YEAR = 2023
TARGET = 4320
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


def _days(rng: random.Random, count: int) -> list[dt.date]:
    start = dt.date(YEAR, 1, 3)
    span = (dt.date(YEAR, 12, 15) - start).days
    return sorted(start + dt.timedelta(days=rng.randrange(span)) for _i in range(count))


@demo_step(40)
def load_opinions(log) -> None:
    if PublicOpinion.objects.filter(submitted_at__year=YEAR).exists():
        log("opinions: already loaded")
        return
    rng = rng_for("opinions:2023")
    office = User.objects.filter(username="office").first()
    districts = list(Organisation.objects.filter(kind=Organisation.Kind.DISTRICT))
    stations = list(
        Place.objects.filter(kind=Place.Kind.LIAISON_STATION).select_related("district")
    )
    held = list(ReceptionDay.objects.filter(state=ReceptionDay.State.HELD, date__year=YEAR))
    units = _units()
    unit_users = _unit_users(units.values())
    categories = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in categories]
    days = _days(rng, TARGET)
    with played_time() as played:
        for index, day in enumerate(days):
            played.set(day)
            with transaction.atomic():
                _story(
                    rng,
                    index,
                    day,
                    office,
                    districts,
                    stations,
                    held,
                    units,
                    unit_users,
                    rng.choices(categories, weights)[0],
                    played,
                )
        played.set(dt.date(YEAR, 12, 31))
        try:
            model = routing.train()
            log(
                f"opinions: router trained on {model.samples} opinions, held-out accuracy "
                f"{model.accuracy:.0%}"
            )
        except Exception as exc:  # noqa: BLE001 - the demo goes on without a router
            log(f"opinions: router not trained — {exc}")
    log(f"opinions: {TARGET} public opinions of {YEAR} collected and handled")


def _story(rng, index, day, office, districts, stations, held, units, unit_users, category, played):
    channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
    station = rng.choice(stations) if channel == Channel.STATION and stations else None
    district = station.district if station and station.district else rng.choice(districts)
    text, location = _text(rng, category, district)
    opinion, _created = services.submit_opinion(
        text=text,
        category=category,
        channel=channel,
        district=district,
        location=location,
        station=station,
        submitter_name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士"]),
        submitter_phone=f"13{rng.randrange(100000000, 999999999)}",
        client_token=f"demo-{YEAR}-{index}",
        actor=office if channel == Channel.STATION else None,
    )
    unit = units.get(category)
    if unit is None or office is None or day > dt.date(YEAR, 12, 8):
        return  # the last days' opinions are still waiting for the office
    complex_ = rng.random() < 0.2
    services.assign_opinion(
        opinion,
        lead_unit=unit,
        is_complex=complex_,
        complexity_reason="涉及多个部门，需现场核查" if complex_ else "",
        actor=office,
    )
    case = Case.objects.get(pk=opinion.case_id)
    played.set(min(case.reply_due - dt.timedelta(days=rng.randrange(0, 4)), dt.date(YEAR, 12, 30)))
    promise = rng.random() < 0.12
    handling.reply_case(
        case,
        unit=unit,
        text=f"经核查，您反映的“{opinion.case.title}”问题属实，我单位已安排专人处理，"
        + ("已纳入整治计划，将按期完成。" if promise else "现已整改完毕，并将加强日常巡查。"),
        reply_class="B" if promise else "A",
        contact_person="办公室",
        channel="platform",
        promised_action="纳入年度整治计划，限期完成" if promise else "",
        promised_date=case.reply_due + dt.timedelta(days=60) if promise else None,
        actor=unit_users[unit.pk],
    )
    roll = rng.random()
    if roll < 0.75:
        result = "satisfied" if rng.random() < 0.85 else "basically_satisfied"
        services.evaluate_by_code(opinion.tracking_code, result=result)
        if rng.random() < 0.6:
            services.record_callback(opinion, note="电话回访，群众表示认可。", actor=office)
    elif roll < 0.78:
        services.evaluate_by_code(
            opinion.tracking_code, result="dissatisfied", comment="问题仍存在"
        )
