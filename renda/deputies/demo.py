"""The deputies' network of the demo year: 273 liaison stations, 22 activity centres,
142 deputy studios, demonstration sites (some on an industrial chain) and the online
home, spread over the districts and counties; every deputy of the 12th term attached
to a station; monthly reception days through 2023 (most held, with visitors, each
held one giving the deputies on duty a reception activity); a training and a duty
report for every serving deputy (full coverage, R80/R81); inspections, research and
dual-contact visits; a few approved leaves from the congress session (R82).

Written with bulk_create: the records are what the services would write, without
replaying thousands of audited transactions. Idempotent: nothing happens once the
liaison stations exist. Deterministic: every choice comes from ``rng_for`` streams.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from renda.core import clock
from renda.core.demo import demo_step
from renda.core.demo import names as N
from renda.core.demo.year2023 import rng_for
from renda.core.models import Deputy, Organisation, Session, Term
from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay

K = Place.Kind
A = DutyActivity.Kind
YEAR = 2023
COUNTS = {K.LIAISON_STATION: 273, K.ACTIVITY_CENTER: 22, K.DEPUTY_STUDIO: 142}
# Approximate centres of the districts and counties of Pingdingshan.
CENTRES = {
    "XH": (33.7370, 113.2930),
    "WD": (33.7340, 113.3350),
    "ZH": (33.7110, 113.2930),
    "SL": (33.8980, 112.8980),
    "WG": (33.3070, 113.5160),
    "RZ": (34.1670, 112.8450),
    "BF": (33.8680, 113.0550),
    "YX": (33.6260, 113.3570),
    "LS": (33.7380, 112.9080),
    "JX": (33.9710, 113.2130),
}
CHAINS = [
    ("尼龙新材料产业链", "ZH"),
    ("新型储能产业链", "WD"),
    ("特钢不锈钢产业链", "WG"),
    ("硅碳新材料产业链", "XH"),
    ("食用菌产业链", "LS"),
]
PLAIN_SITES = ["RZ", "BF", "YX", "JX"]
TRAININGS = [
    (dt.date(2023, 3, 16), "市十二届人大代表履职学习培训班（第一期）"),
    (dt.date(2023, 4, 20), "市十二届人大代表履职学习培训班（第二期）"),
    (dt.date(2023, 5, 25), "市十二届人大代表履职学习培训班（第三期）"),
    (dt.date(2023, 7, 13), "市十二届人大代表履职学习培训班（第四期）"),
    (dt.date(2023, 9, 14), "市十二届人大代表履职学习培训班（第五期）"),
]
OTHER_ACTIVITIES = [
    (A.INSPECTION, "视察{place}老旧小区改造项目"),
    (A.INSPECTION, "视察{place}农村人居环境整治"),
    (A.INSPECTION, "视察{place}重点项目建设"),
    (A.RESEARCH, "调研{place}义务教育“双减”落实情况"),
    (A.RESEARCH, "调研{place}农村养老服务"),
    (A.RESEARCH, "调研{place}营商环境"),
    (A.DUAL_CONTACT, "常委会组成人员联系代表座谈（{place}）"),
    (A.DUAL_CONTACT, "代表进社区联系群众（{place}）"),
    (A.OTHER, "“三亮”“四进”活动（{place}）"),
]
CANCEL_REASONS = ["暴雨预警，接待日顺延", "疫情防控要求，暂停现场接待", "值班代表参加全市重要会议"]


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[
        : total - sum(counts.values())
    ]:
        counts[key] += 1
    return counts


def _coordinate(rng, code: str) -> tuple[Decimal, Decimal]:
    lat, lon = CENTRES[code]
    return (
        Decimal(f"{lat + rng.uniform(-0.09, 0.09):.6f}"),
        Decimal(f"{lon + rng.uniform(-0.09, 0.09):.6f}"),
    )


@demo_step(30)
def load_network(log) -> None:
    if Place.objects.filter(kind=K.LIAISON_STATION).exists():
        log("network: already loaded")
        return
    term = Term.objects.get(number=12)
    rng = rng_for("network")
    district_names = {code: name for code, name, _n in N.DISTRICTS}
    districts = {code: Organisation.objects.get(code=f"QX-{code}") for code in district_names}
    townships = defaultdict(list)
    for township in Organisation.objects.filter(kind=Organisation.Kind.TOWNSHIP).order_by("code"):
        townships[township.code.split("-")[1]].append(township)
    deputies = list(
        Deputy.objects.filter(term=term, status=Deputy.Status.ACTIVE)
        .select_related("person", "delegation")
        .order_by("code")
    )
    by_district = defaultdict(list)
    for deputy in deputies:
        code = deputy.code.split("-")[1]
        by_district["XH" if code == "JD" else code].append(deputy)  # the garrison meets in 新华区
    weights = {code: len(by_district[code]) for code in district_names}

    places: list[Place] = []
    members: list[tuple[int, list[Deputy]]] = []  # (index in places, deputies)

    def add(kind, name, code, district_code, township=None, chain="", attached=(), **extra):
        lat, lon = _coordinate(rng, district_code) if district_code else (None, None)
        township_name = township.name if township else district_names.get(district_code, "")
        places.append(
            Place(
                code=code,
                name=name,
                kind=kind,
                district=districts.get(district_code),
                township=township,
                industrial_chain=chain,
                address=f"{township_name}{rng.choice(N.VILLAGES)}路{rng.randint(1, 200)}号"
                if district_code
                else "",
                latitude=lat,
                longitude=lon,
                opening_hours=extra.get("hours", "工作日 8:30-12:00，14:30-17:30"),
                contact_person=N.person_name(rng, rng.random() < 0.4),
                contact_phone=f"0375-{rng.randint(2000000, 8999999)}",
                established_on=dt.date(rng.randint(2017, 2022), rng.randint(1, 12), 1),
            )
        )
        members.append((len(places) - 1, list(attached)))

    # Liaison stations: proportional to the deputies of each district, over its townships;
    # every deputy is attached to one station of their district.
    stations_by_district = defaultdict(list)
    for code, count in _largest_remainder(COUNTS[K.LIAISON_STATION], weights).items():
        seen = defaultdict(int)
        for index in range(count):
            township = townships[code][index % len(townships[code])]
            seen[township.pk] += 1
            name = (
                f"{township.name}人大代表联络站"
                if seen[township.pk] == 1
                else f"{township.name}{N.VILLAGES[(seen[township.pk] - 2) % len(N.VILLAGES)]}"
                f"社区代表联络站"
            )
            stations_by_district[code].append(len(places))
            add(K.LIAISON_STATION, name, f"LS-{code}-{index + 1:03d}", code, township)
    for code, pool in by_district.items():
        stations = stations_by_district[code]
        for offset, deputy in enumerate(pool):
            members[stations[offset % len(stations)]][1].append(deputy)

    # Activity centres: one per district and more in the largest counties.
    for code, count in _largest_remainder(COUNTS[K.ACTIVITY_CENTER], weights).items():
        for index in range(count):
            if index == 0:
                name, township = f"{district_names[code]}人大代表活动中心", None
            else:
                township = townships[code][index % len(townships[code])]
                name = f"{township.name}人大代表活动中心"
            pool = by_district[code]
            add(
                K.ACTIVITY_CENTER,
                name,
                f"AC-{code}-{index + 1:02d}",
                code,
                township,
                attached=rng.sample(pool, min(4, len(pool))),
            )

    # Deputy studios: each run by one deputy (some with a colleague), named after them.
    for code, count in _largest_remainder(COUNTS[K.DEPUTY_STUDIO], weights).items():
        pool = by_district[code]
        leads = rng.sample(pool, min(count, len(pool)))
        for index, lead in enumerate(leads):
            township = townships[code][index % len(townships[code])]
            attached = [lead] + ([rng.choice(pool)] if rng.random() < 0.3 else [])
            add(
                K.DEPUTY_STUDIO,
                f"{lead.person.name}代表工作室",
                f"ST-{code}-{index + 1:03d}",
                code,
                township,
                attached=list(dict.fromkeys(attached)),
            )

    # Demonstration sites: the "whole-chain model" on industrial chains, and others.
    business = [d for d in deputies if d.sector in {"business", "professional"}]
    for index, (chain, code) in enumerate(CHAINS, start=1):
        add(
            K.DEMONSTRATION_SITE,
            f"全过程人民民主基层示范点（{chain}）",
            f"DS-{index:02d}",
            code,
            chain=chain,
            attached=rng.sample(business, 6),
        )
    for index, code in enumerate(PLAIN_SITES, start=len(CHAINS) + 1):
        township = townships[code][0]
        add(
            K.DEMONSTRATION_SITE,
            f"{township.name}全过程人民民主基层示范点",
            f"DS-{index:02d}",
            code,
            township,
            attached=rng.sample(by_district[code], 4),
        )
    add(K.ONLINE_HOME, "平顶山人大网上代表之家", "OH-01", None, hours="全天候在线")

    places = bulk_create_with_history(places, Place, batch_size=500)
    stored = {p.code: p for p in Place.objects.filter(code__in=[p.code for p in places])}
    places = [stored[p.code] for p in places]
    through = Place.deputies.through
    through.objects.bulk_create(
        [
            through(place_id=places[index].pk, deputy_id=deputy.pk)
            for index, attached in members
            for deputy in dict.fromkeys(attached)
        ],
        batch_size=1000,
    )
    attached_to = {places[index].pk: list(dict.fromkeys(a)) for index, a in members}
    stations = [p for p in places if p.kind == K.LIAISON_STATION]

    days, held = _reception_days(rng, stations, attached_to)
    trainings, reports, others = _activities(
        rng, deputies, stations, attached_to, by_district, districts, district_names
    )
    absences = _absences(rng, term, deputies)
    log(
        f"network: {len(stations)} liaison stations, "
        f"{sum(p.kind == K.ACTIVITY_CENTER for p in places)} activity centres, "
        f"{sum(p.kind == K.DEPUTY_STUDIO for p in places)} studios, "
        f"{sum(p.kind == K.DEMONSTRATION_SITE for p in places)} demonstration sites, 1 online "
        f"home; {days} reception days ({held} held); {trainings} trainings, {reports} duty "
        f"reports, {others} other activities; {absences} approved leaves"
    )


def _reception_days(rng, stations, attached_to) -> tuple[int, int]:
    """Monthly reception days at every station through 2023, and the next one ahead."""
    days, on_duty = [], []
    today = clock.today()
    ahead = max(today, dt.date(YEAR + 1, 1, 1))
    for index, station in enumerate(stations):
        pool = attached_to[station.pk]
        if not pool:
            continue
        day_of_month = 5 + index % 20
        dates = [dt.date(YEAR, month, day_of_month) for month in range(1, 13)]
        dates.append(ahead + dt.timedelta(days=1 + index % 27))
        for date in dates:
            duty = rng.sample(pool, min(len(pool), rng.choice((1, 2, 2))))
            if date > today:
                state, visitors, reason = ReceptionDay.State.SCHEDULED, None, ""
            elif rng.random() < 0.06:
                state, visitors = ReceptionDay.State.CANCELLED, None
                reason = rng.choice(CANCEL_REASONS)
            else:
                state, visitors, reason = ReceptionDay.State.HELD, rng.randint(2, 26), ""
            days.append(
                ReceptionDay(
                    place=station,
                    date=date,
                    starts_at=dt.time(9, 0),
                    ends_at=dt.time(11, 30),
                    state=state,
                    visitors=visitors,
                    notes=f"接待群众{visitors}人次，收集意见建议并登记转办。" if visitors else "",
                    cancellation_reason=reason,
                )
            )
            on_duty.append(duty)
    days = ReceptionDay.objects.bulk_create(days, batch_size=1000)
    through = ReceptionDay.deputies.through
    through.objects.bulk_create(
        [
            through(receptionday_id=day.pk, deputy_id=d.pk)
            for day, duty in zip(days, on_duty, strict=True)
            for d in duty
        ],
        batch_size=2000,
    )
    held = [(day, duty) for day, duty in zip(days, on_duty, strict=True) if day.state == "held"]
    activities = DutyActivity.objects.bulk_create(
        [
            DutyActivity(
                kind=A.RECEPTION,
                title=f"{day.place.name}接待日",
                date=day.date,
                place=day.place,
                reception_day=day,
                description=day.notes,
            )
            for day, _duty in held
        ],
        batch_size=1000,
    )
    _bulk_participants(activities, [duty for _day, duty in held])
    return len(days), len(held)


def _bulk_participants(activities, groups) -> None:
    through = DutyActivity.deputies.through
    through.objects.bulk_create(
        [
            through(dutyactivity_id=activity.pk, deputy_id=d.pk)
            for activity, group in zip(activities, groups, strict=True)
            for d in dict.fromkeys(group)
        ],
        batch_size=2000,
    )


def _activities(rng, deputies, stations, attached_to, by_district, districts, names):
    rows, groups = [], []
    # Training (R80): every serving deputy in one of the year's five classes.
    shuffled = list(deputies)
    rng.shuffle(shuffled)
    for number, (date, title) in enumerate(TRAININGS):
        rows.append(
            DutyActivity(
                kind=A.TRAINING,
                title=title,
                date=date,
                description="市人大常委会举办，学习宪法、代表法和履职实务。",
            )
        )
        groups.append(shuffled[number :: len(TRAININGS)])
    # Duty reports (R81): the deputies of each station report to their constituents there.
    reports = 0
    for station in stations:
        group = attached_to[station.pk]
        if not group:
            continue
        date = dt.date(YEAR, rng.randint(9, 12), rng.randint(1, 28))
        rows.append(
            DutyActivity(
                kind=A.DUTY_REPORT,
                title=f"代表向选民述职（{station.name}）",
                date=date,
                place=station,
                description="代表报告履职情况，选民现场评议。",
            )
        )
        groups.append(group)
        reports += 1
    # Inspections, research, dual contact and other activities through the year.
    others = 0
    for code, pool in by_district.items():
        for _ in range(24):
            kind, title = rng.choice(OTHER_ACTIVITIES)
            rows.append(
                DutyActivity(
                    kind=kind,
                    title=title.format(place=names[code]),
                    date=dt.date(YEAR, rng.randint(2, 12), rng.randint(1, 28)),
                )
            )
            groups.append(rng.sample(pool, min(len(pool), rng.randint(2, 8))))
            others += 1
    activities = DutyActivity.objects.bulk_create(rows, batch_size=1000)
    _bulk_participants(activities, groups)
    return len(TRAININGS), reports, others


def _absences(rng, term, deputies) -> int:
    """Approved leave from the 1st session of the 12th congress (R82 counts only
    absences without approval)."""
    session = Session.objects.get(term=term, body=Session.Body.CONGRESS, number=1)
    reasons = ["因病住院，经批准请假", "出国公务，经批准请假", "家中有急事，经批准请假"]
    chosen = rng.sample(deputies, len(reasons))
    CongressAbsence.objects.bulk_create(
        [
            CongressAbsence(deputy=d, session=session, approved_leave=True, reason=reason)
            for d, reason in zip(chosen, reasons, strict=True)
        ]
    )
    return len(chosen)
