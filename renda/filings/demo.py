"""The 2023 demo year of filing and review: 25 normative documents filed by the city
government, its departments and the district governments (invented titles and short
texts, several with penalties and fees), three of them late (R60); all accepted at the
formal check, one after being returned and filed again (R61); all 25 reviewed in the
year (R62, R63) — one on a citizen's request, who is told the outcome (R65); two of the
housing bureau's documents with problems, corrected through the handling engine (R64:
the issuer replied, one amended and one repealed, the office closed them); every issuer's
annual list, so that coverage is 1.0. Written through renda.filings.services on renda's
clock moved to each day. Idempotent: nothing happens once a 2023 filing exists."""

import contextlib
import datetime as dt

from django.utils import timezone

from renda.core import clock
from renda.core.demo import demo_step
from renda.core.models import Organisation, User
from renda.filings import services
from renda.filings.models import Filing
from renda.handling.documents import chinese_number

YEAR = 2023

# (issuer code, number prefix, title, purpose, higher law, [(kind, clause)], published)
# kind of clause: "licence", "fee", "penalty", "restriction", "plain"
DOCUMENTS = [
    (
        "ZF",
        "平政",
        "平顶山市城市供水管理办法",
        "加强城市供水管理，保障用水安全",
        "城市供水条例",
        ["licence", "fee", "penalty"],
        (1, 16),
    ),
    (
        "ZF",
        "平政",
        "平顶山市政府投资项目管理办法",
        "规范政府投资行为",
        "政府投资条例",
        ["licence", "plain"],
        (2, 10),
    ),
    (
        "ZF",
        "平政",
        "平顶山市城市绿化管理办法",
        "促进城市绿化事业发展",
        "城市绿化条例",
        ["restriction", "penalty"],
        (3, 6),
    ),
    (
        "BM013",
        "平建",
        "平顶山市物业服务收费管理实施细则",
        "规范物业服务收费行为",
        "物业管理条例",
        ["fee", "penalty"],
        (3, 20),
    ),
    (
        "BM013",
        "平建",
        "平顶山市建筑垃圾管理办法",
        "加强建筑垃圾管理",
        "城市市容和环境卫生管理条例",
        ["licence", "fee", "compulsory", "penalty"],
        (4, 12),
    ),
    (
        "BM013",
        "平建",
        "平顶山市既有住宅加装电梯实施意见",
        "方便群众出行",
        "中华人民共和国民法典",
        ["plain", "restriction"],
        (4, 25),
    ),
    (
        "BM014",
        "平城管",
        "平顶山市户外广告设置管理办法",
        "规范户外广告设置",
        "城市市容和环境卫生管理条例",
        ["licence", "penalty"],
        (5, 8),
    ),
    (
        "BM014",
        "平城管",
        "平顶山市城市道路临时占用管理规定",
        "加强城市道路管理",
        "城市道路管理条例",
        ["licence", "fee", "penalty"],
        (5, 22),
    ),
    (
        "BM015",
        "平交",
        "平顶山市网络预约出租汽车经营服务管理实施细则",
        "规范网约车经营服务",
        "网络预约出租汽车经营服务管理暂行办法",
        ["licence", "restriction", "penalty"],
        (6, 5),
    ),
    (
        "BM006",
        "平公",
        "平顶山市电动自行车登记管理办法",
        "加强电动自行车管理",
        "中华人民共和国道路交通安全法",
        ["licence", "restriction"],
        (6, 19),
    ),
    (
        "BM007",
        "平民",
        "平顶山市最低生活保障审核确认办法",
        "规范最低生活保障工作",
        "社会救助暂行办法",
        ["plain", "licence"],
        (7, 3),
    ),
    (
        "BM012",
        "平环",
        "平顶山市扬尘污染防治管理办法",
        "防治扬尘污染，改善空气质量",
        "中华人民共和国大气污染防治法",
        ["restriction", "compulsory", "penalty"],
        (7, 14),
    ),
    (
        "BM011",
        "平自然资",
        "平顶山市国有建设用地使用权出让管理办法",
        "规范国有土地出让",
        "中华人民共和国土地管理法",
        ["licence", "fee"],
        (7, 28),
    ),
    (
        "BM017",
        "平农",
        "平顶山市农村宅基地审批管理办法",
        "规范农村宅基地审批",
        "中华人民共和国土地管理法",
        ["licence", "restriction"],
        (8, 8),
    ),
    (
        "BM019",
        "平文旅",
        "平顶山市A级旅游景区管理办法",
        "加强旅游景区管理",
        "中华人民共和国旅游法",
        ["fee", "plain"],
        (8, 21),
    ),
    (
        "BM020",
        "平卫",
        "平顶山市医疗机构设置规划管理办法",
        "优化医疗资源配置",
        "医疗机构管理条例",
        ["licence", "plain"],
        (9, 4),
    ),
    (
        "BM022",
        "平应急",
        "平顶山市生产经营单位安全生产主体责任规定",
        "落实安全生产主体责任",
        "中华人民共和国安全生产法",
        ["restriction", "penalty"],
        (9, 15),
    ),
    (
        "BM025",
        "平市监",
        "平顶山市食品摊贩登记管理办法",
        "规范食品摊贩经营",
        "中华人民共和国食品安全法",
        ["licence", "restriction", "penalty"],
        (9, 26),
    ),
    (
        "BM028",
        "平医保",
        "平顶山市医疗保障基金使用监督管理实施办法",
        "加强医保基金监管",
        "医疗保障基金使用监督管理条例",
        ["restriction", "penalty"],
        (10, 9),
    ),
    (
        "BM029",
        "平林",
        "平顶山市古树名木保护管理办法",
        "保护古树名木",
        "中华人民共和国森林法",
        ["restriction", "penalty"],
        (10, 16),
    ),
    (
        "QX-XH",
        "新政",
        "新华区老旧小区改造实施办法",
        "推进老旧小区改造",
        "中华人民共和国城乡规划法",
        ["plain", "fee"],
        (3, 14),
    ),
    (
        "QX-WD",
        "卫政",
        "卫东区农贸市场管理办法",
        "规范农贸市场秩序",
        "中华人民共和国食品安全法",
        ["fee", "restriction"],
        (5, 16),
    ),
    (
        "QX-ZH",
        "湛政",
        "湛河区河道管理办法",
        "加强河道管理",
        "中华人民共和国河道管理条例",
        ["licence", "restriction", "penalty"],
        (6, 27),
    ),
    (
        "QX-RZ",
        "汝政",
        "汝州市城市停车设施管理办法",
        "规范停车设施建设和管理",
        "城市道路管理条例",
        ["fee", "penalty"],
        (8, 1),
    ),
    (
        "QX-BF",
        "宝政",
        "宝丰县农村生活垃圾治理办法",
        "改善农村人居环境",
        "中华人民共和国固体废物污染环境防治法",
        ["fee", "plain"],
        (9, 12),
    ),
]
LATE = {2: 41, 9: 36, 17: 45}  # document index → days after publication (R60)
RETURNED = 12  # returned once at the formal check, then filed again
PROBLEMS = {
    3: ("amended", "第五条规定的物业服务收费标准上浮及违约金条款缺乏上位法依据，增加了业主义务。"),
    4: (
        "repealed",
        "第六条设定的查封、扣押措施超越制定机关权限，与《中华人民共和国行政强制法》相抵触。",
    ),
}
ON_REQUEST = 19  # the document a citizen asked to be reviewed
REVIEW_TYPES = {5: "thematic", 10: "thematic", 14: "transferred", 21: "joint"}
COMMITTEES = ["WC-FG", "SC-FZ", "SC-CH", "SC-CJ"]

CLAUSES = {
    "licence": "从事{activity}的，应当依法向{dept}申请办理许可手续，经审批同意后方可实施。",
    "fee": "{activity}实行有偿服务，收费标准由价格主管部门会同{dept}核定并向社会公布。",
    "restriction": "禁止擅自{activity_short}；确需{activity_short}的，不得影响公共安全和他人合法权益。",
    "compulsory": "对拒不整改的，{dept}可以依法查封、扣押相关设施设备。",
    "penalty": "违反本办法规定的，由{dept}责令限期改正；逾期不改正的，处一千元以上一万元以下罚款。",
    "plain": "{dept}应当会同有关部门建立工作协调机制，加强信息共享和监督检查。",
}


@contextlib.contextmanager
def _on(day: dt.date):
    saved = clock.now, clock.today
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    clock.now, clock.today = (lambda: moment), (lambda: day)
    try:
        yield
    finally:
        clock.now, clock.today = saved


def _text(title, purpose, law, kinds, dept, published) -> str:
    activity = title.removeprefix("平顶山市").removesuffix("管理办法").removesuffix("办法")
    activity = activity.removesuffix("实施细则").removesuffix("规定").removesuffix("实施意见")
    short = f"改变{activity[:6]}用途"
    lines = [
        title,
        f"第一条　为了{purpose}，根据《{law}》等法律、法规，结合本地实际，制定本办法。",
        f"第二条　本办法适用于本行政区域内{activity}及其监督管理活动。",
        f"第三条　{dept}负责本办法的组织实施，其他有关部门按照各自职责做好相关工作。",
    ]
    number = 4
    for kind in kinds:
        clause = CLAUSES[kind].format(activity=activity, activity_short=short, dept=dept)
        lines.append(f"第{chinese_number(number)}条　{clause}")
        number += 1
    lines.append(
        f"第{chinese_number(number)}条　本办法自{published.year}年{published.month}月{published.day}日起施行。"
    )
    return "\n".join(lines)


@demo_step(80)
def load_filings(log) -> None:
    if Filing.objects.filter(filed_on__year=YEAR).exists():
        return
    office = User.objects.get(username="office")
    unit_user = User.objects.filter(username="unit").first()
    orgs = {
        o.code: o
        for o in Organisation.objects.filter(code__in={d[0] for d in DOCUMENTS} | set(COMMITTEES))
    }
    counters: dict[str, int] = {}
    filings = []
    for index, (code, prefix, title, purpose, law, kinds, (month, day)) in enumerate(DOCUMENTS):
        issuer = orgs[code]
        counters[prefix] = counters.get(prefix, 0) + 1
        published = dt.date(YEAR, month, day)
        filed_on = published + dt.timedelta(days=LATE.get(index, 8 + index % 17))
        actor = unit_user if unit_user and unit_user.organisation_id == issuer.pk else None
        dept = issuer.short_name or issuer.name
        with _on(filed_on):
            filing = services.file_document(
                issuer=issuer,
                title=title,
                document_number=f"{prefix}〔{YEAR}〕{counters[prefix] * 3 + index % 3}号",
                adopted_on=published - dt.timedelta(days=7),
                published_on=published,
                legal_basis=f"《{law}》",
                explanation=f"为{purpose}，起草了《{title.removeprefix('平顶山市')}》，经集体讨论通过后公布施行。",
                text=_text(title, purpose, law, kinds, dept, published),
                actor=actor,
            )
        checked = filed_on + dt.timedelta(days=4)
        if index == RETURNED:
            with _on(checked):
                services.return_filing(
                    filing, reason="未附制定说明和合法性审查意见，请补正后重新报送。", actor=office
                )
            checked += dt.timedelta(days=6)
            with _on(checked):
                services.refile(filing, actor=actor, note="已补充制定说明和合法性审查意见。")
            checked += dt.timedelta(days=3)
        with _on(checked):
            services.accept_filing(filing, actor=office)
        filings.append((index, filing, checked))
    _reviews(filings, orgs, office, unit_user)
    _annual_lists(orgs, office)
    log(f"filings: {len(filings)} normative documents filed and reviewed")


def _reviews(filings, orgs, office, unit_user) -> None:
    for index, filing, checked in filings:
        committee = orgs[COMMITTEES[index % len(COMMITTEES)]]
        start = checked + dt.timedelta(days=2)
        if index == ON_REQUEST:
            review = _citizen_request(filing, committee, office, start)
        else:
            with _on(start):
                review = services.start_review(
                    filing,
                    type=REVIEW_TYPES.get(index, "active"),
                    committee=committee,
                    reviewer=office,
                    actor=office,
                )
        finished = start + dt.timedelta(days=20 + index % 25)
        problem = PROBLEMS.get(index)
        with _on(finished):
            services.finish_review(
                review,
                actor=office,
                finding_text=problem[1]
                if problem
                else "经审查，未发现超越权限、与上位法相抵触或者明显不适当的问题。",
                restricts_rights=bool(problem and problem[0] == "amended"),
                exceeds_power=bool(problem and problem[0] == "repealed"),
                conflicts_with_higher_law=bool(problem and problem[0] == "repealed"),
            )
        if index == ON_REQUEST:
            item = review.requests.get()
            with _on(finished + dt.timedelta(days=3)):
                services.answer_request(
                    item,
                    outcome="经审查，该办法未发现与法律法规相抵触的问题，相关罚款规定有上位法依据。感谢您的关注。",
                    actor=office,
                )
        if problem:
            _correct(review, problem[0], finished, office, unit_user)


def _citizen_request(filing, committee, office, start):
    with _on(start - dt.timedelta(days=5)):
        item, _created = services.submit_request(
            requester_kind="citizen",
            document_title=filing.title,
            document_number=filing.document_number,
            reasons="该办法第五条设定的罚款数额较高，是否有上位法依据？请予审查。",
            requester_name="李先生",
            channel="portal",
        )
    with _on(start - dt.timedelta(days=3)):
        services.acknowledge_request(item, filing=filing, actor=office)
    with _on(start):
        return services.review_on_request(item, committee=committee, reviewer=office, actor=office)


def _correct(review, outcome, finished, office, unit_user) -> None:
    notice = review.correction
    with _on(finished + dt.timedelta(days=21)):
        services.reply_to_correction(
            notice,
            outcome=outcome,
            text="收到审查意见后，我局认真研究，已按意见修改相关条款并重新公布。"
            if outcome == "amended"
            else "收到审查意见后，我局已决定废止该文件，并向社会公告。",
            contact_person="住建局办理员",
            contact_phone="0375-2601781",
            amended_text=None,
            actor=unit_user,
        )
    with _on(finished + dt.timedelta(days=25)):
        services.close_correction(notice, actor=office, note="纠正到位。")


def _annual_lists(orgs, office) -> None:
    by_issuer: dict[int, list] = {}
    for filing in Filing.objects.filter(filed_on__year=YEAR).order_by("published_on", "pk"):
        by_issuer.setdefault(filing.issuer_id, []).append(
            (filing.document_number, filing.title, filing.published_on)
        )
    issuers = {o.pk: o for o in Organisation.objects.filter(pk__in=by_issuer)}
    with _on(dt.date(YEAR + 1, 1, 20)):
        for issuer_id, entries in by_issuer.items():
            services.file_annual_list(
                issuer=issuers[issuer_id], year=YEAR, entries=entries, actor=office
            )
