"""Bench data for case handling: suggestions, their cases and assignments, and users.

Adds to bench/generate.py's term, delegations, units and deputies: one congress
session a year of the term, --suggestions registered suggestions, each with its
case (most completed, about 16 % open, some of them overdue), a lead assignment
per assigned case (a fifth also with an assisting unit), co-signers, and the
users the handling bench logs in as. Rows are written with bulk_create, in
batches, straight into the tables: this is data set-up, not a workflow test.

Dates are relative to the day of generation (renda.core.clock.today()), so that
"overdue" means the same thing whenever the data is made; everything else comes
from a fixed seed.

    .venv/bin/python bench/generate_handling.py --suggestions 100000 [--reset]
    .venv/bin/python bench/generate_handling.py --database-url postgres://…/renda_bench
"""

import argparse
import datetime as dt
import itertools
import os
import random
import sys
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlparse
from zoneinfo import ZoneInfo

import generate

DEFAULT_SUGGESTIONS = 100_000
PASSWORD = "renda-bench-2026"  # noqa: S105 - bench accounts in a throw-away database
OFFICE_USER = "bench-office"
# handler accounts: the unit of that rank in the number of assignments (0 = busiest)
HANDLERS = {"bench-unit-busy": 0, "bench-unit-mid": 40, "bench-unit-small": 1000}
DEPUTY_USERS = [f"bench-deputy-{n}" for n in range(1, 5)]
FIRST_YEAR = 2022  # term 16 runs 2022 to 2026 (bench/generate.py)
SESSION_DAY = (1, 10)  # each year's congress session opens on 10 January
LOCAL = ZoneInfo("Asia/Shanghai")
UNIT_SKEW = 0.9  # unit of rank r gets a share proportional to 1 / r**UNIT_SKEW
ASSISTED = 0.2  # share of assigned cases with an assisting unit

# case state → share of all cases. About 16 % are open; REGISTERED cases are not
# assigned yet, so they alone have no assignment.
STATE_MIX = {
    "completed": 0.84,
    "assigned": 0.095,
    "replied": 0.03,
    "rehandling": 0.015,
    "under_review": 0.005,
    "returned": 0.005,
    "registered": 0.01,
}
OVERDUE_SHARE = {"assigned": 0.35, "rehandling": 0.5}

TOPICS = [
    "老旧小区改造",
    "城区停车难问题",
    "农村饮水安全",
    "中小学课后服务",
    "基层医疗卫生服务",
    "养老服务体系建设",
    "城乡公交一体化",
    "农村人居环境整治",
    "河道综合治理",
    "优化营商环境",
    "中小企业融资",
    "高校毕业生就业",
    "背街小巷道路修缮",
    "农产品冷链物流",
    "学前教育资源配置",
    "社区嵌入式服务设施",
    "生活垃圾分类",
    "电动自行车充电设施",
    "乡村振兴人才队伍",
    "历史文化街区保护",
    "城市内涝防治",
    "食品安全监管",
    "残疾人就业帮扶",
    "公共体育设施开放",
    "农村道路安全防护",
]
ASKS = ["加快推进", "进一步加强", "统筹解决", "切实做好", "完善", "加大力度支持"]


@dataclass
class Item:
    """One suggestion and its case, before the rows are built."""

    state: str
    registered: dt.datetime
    overdue: bool = False


# --- set-up ---------------------------------------------------------------------------------
def check_database_url(url: str) -> str:
    """Only a PostgreSQL database whose name ends in _bench: never the real one."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in {"postgres", "postgresql"} or not name.endswith("_bench"):
        raise SystemExit(f"refusing {url!r}: give a postgres:// database whose name ends in _bench")
    return durable(url)


def durable(url: str) -> str:
    """Commits that wait for the disk, as in production, whatever the role's settings say
    (CI turns synchronous_commit off for renda's throw-away test databases)."""
    parsed = urlparse(url)
    query = dict(parse_qsl(parsed.query))
    query["options"] = f"{query.get('options', '')} -c synchronous_commit=on".strip()
    return parsed._replace(query=urlencode(query, quote_via=quote)).geturl()


def bench_environ(database_url: str | None = None) -> dict:
    """The environment of the bench: bench/generate.py's, plus a PostgreSQL database
    when one is given explicitly (DATABASE_URL from the shell is ignored)."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        env.pop(name, None)
    env["RENDA_VAR_DIR"] = str(generate.BENCH_DIR)
    env["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    if database_url:
        env["DATABASE_URL"] = check_database_url(database_url)
    return env


def setup_django(database_url: str | None = None) -> None:
    generate.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(bench_environ(database_url))
    if str(generate.ROOT) not in sys.path:
        sys.path.insert(0, str(generate.ROOT))
    import django

    django.setup()


def is_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def describe_database() -> str:
    from django.db import connection

    if is_sqlite():
        return str(generate.database_path())
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        commit = cursor.fetchone()[0]
    return (
        f"{connection.vendor} {settings['NAME']} on {settings['HOST']}:{settings['PORT']}"
        f", synchronous_commit={commit}"
    )


def reset_database() -> None:
    """Empty the bench database: delete the SQLite file, or recreate the schema."""
    from django.db import connection

    if is_sqlite():
        generate.drop_database()
        return
    if not connection.settings_dict["NAME"].endswith("_bench"):
        raise RuntimeError("refusing to reset a database whose name does not end in _bench")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def reset_sequences() -> None:
    """PostgreSQL: rows were written with explicit keys; move the sequences past them."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [
        m for a in ("core", "handling", "suggestions") for m in apps.get_app_config(a).get_models()
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyse() -> None:
    """Fresh planner statistics, as a production database would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- readiness ------------------------------------------------------------------------------
def handling_counts() -> tuple[int, int, int]:
    """(registered suggestions, cases, bench users)."""
    from renda.core.models import User
    from renda.handling.models import Case
    from renda.suggestions.models import Suggestion

    accounts = User.objects.filter(username__in=[OFFICE_USER, *HANDLERS, *DEPUTY_USERS])
    users = sum(1 for user in accounts if user.has_usable_password())
    registered = Suggestion.objects.filter(state=Suggestion.State.REGISTERED).count()
    return registered, Case.objects.count(), users


def is_ready(deputies: int, units: int, suggestions: int) -> bool:
    """True when the bench database holds exactly this volume."""
    from django.db import DatabaseError

    if is_sqlite() and not generate.database_path().exists():
        return False
    try:
        generate.migrate()
    except DatabaseError as exc:  # e.g. a migration rewritten since the data was made
        print(f"bench database out of date ({exc}): regenerating it")
        return False
    expected_users = 1 + len(HANDLERS) + len(DEPUTY_USERS)
    return generate.counts() == (deputies, units) and handling_counts() == (
        suggestions,
        suggestions,
        expected_users,
    )


# --- base data: bench/generate.py, on SQLite or PostgreSQL -----------------------------------
def generate_base(deputies: int, units: int, log=print) -> None:
    if is_sqlite():
        generate.generate(deputies, units, reset=True, log=log)
        return
    started = time.perf_counter()
    reset_database()
    generate.migrate()
    term = generate.create_term()
    delegations = generate.create_delegations(generate.rng_for("delegations"))
    generate.create_units(generate.rng_for("units"), units)
    generate.create_deputies(generate.rng_for("deputies"), deputies, term, delegations, log)
    reset_sequences()
    log(
        f"generated {deputies:,} deputies and {units:,} units in {time.perf_counter() - started:.1f} s"
    )


# --- the handling data ----------------------------------------------------------------------
def local_datetime(rng: random.Random, day: dt.date) -> dt.datetime:
    minutes = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=LOCAL)


def draw_items(rng: random.Random, total: int, today: dt.date) -> list[Item]:
    """Every case's state and registration time, in registration order."""
    first = dt.date(FIRST_YEAR, *SESSION_DAY)
    states = list(STATE_MIX)
    weights = list(STATE_MIX.values())

    def between(days_ago_from: int, days_ago_to: int) -> dt.date:
        oldest = max(first, today - dt.timedelta(days=days_ago_from))
        newest = max(oldest, today - dt.timedelta(days=days_ago_to))
        return oldest + dt.timedelta(days=rng.randrange((newest - oldest).days + 1))

    items = []
    for state in rng.choices(states, weights, k=total):
        overdue = rng.random() < OVERDUE_SHARE.get(state, 0.0)
        if state == "completed":
            day = between((today - first).days, 120)
        elif state == "assigned":
            day = between(420, 100) if overdue else between(80, 2)
        elif state == "replied":
            day = between(200, 20)
        elif state == "rehandling":
            day = between(300, 60)
        elif state == "under_review":
            day = between(400, 100)
        elif state == "returned":
            day = between(30, 2)
        else:  # registered, not assigned yet
            day = between(10, 0)
        items.append(Item(state, local_datetime(rng, day), overdue))
    items.sort(key=lambda item: item.registered)
    return items


def create_sessions(term, today: dt.date) -> dict[int, object]:
    """One congress session a year of the term, up to this year: {year: session}."""
    from renda.core.models import Session

    sessions = {}
    for number, year in enumerate(range(FIRST_YEAR, today.year + 1), start=1):
        start = dt.date(year, *SESSION_DAY)
        sessions[year] = Session.objects.create(
            term=term,
            body=Session.Body.CONGRESS,
            number=number,
            start_date=start,
            end_date=start + dt.timedelta(days=4),
        )
    return sessions


def ranked_units(rng: random.Random) -> list[int]:
    """The bench's handling units in a fixed random order: rank 0 is the busiest."""
    from renda.core.models import Organisation

    units = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.DEPARTMENT,
            is_handling_unit=True,
            parent__code=generate.GOVERNMENT_CODE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng.shuffle(units)
    return units


class UnitPicker:
    """Skewed choice of units: a few departments get most items, as in life."""

    def __init__(self, rng: random.Random, units: list[int]):
        self.rng = rng
        self.units = units
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) ** UNIT_SKEW for rank in range(len(units)))
        )

    def pick(self, other_than: int | None = None) -> int:
        while True:
            unit = self.rng.choices(self.units, cum_weights=self.cumulative)[0]
            if unit != other_than:
                return unit


def title_and_text(rng: random.Random, place: str) -> tuple[str, str, str]:
    from renda.suggestions.models import Suggestion

    topic = rng.choice(TOPICS)
    ask = rng.choice(ASKS)
    title = f"关于{ask}{place}{topic}的建议"
    text = (
        f"近年来，{place}{topic}工作取得一定成效，但群众反映仍较集中，主要表现在统筹不够、"
        f"投入不足、长效机制尚未建立。建议有关部门{ask}{topic}，明确责任分工和时间节点，"
        f"加大资金保障，建立定期督查和群众评议制度，切实解决群众急难愁盼问题。"
    )
    category = rng.choice(Suggestion.Category.values)
    return title, text, category


def case_and_rows(rng, item: Item, case_id: int, picker: UnitPicker, today, now, next_pk):
    """The Case, its Assignments and a few extra Case fields for one item."""
    from renda.core.workdays import add_months
    from renda.handling.models import Assignment, Case, Kind

    A, S = Assignment.State, Case.State
    registered_on = item.registered.date()
    case = Case(
        id=case_id,
        kind=Kind.SUGGESTION,
        state=item.state,
        registered_at=item.registered,
        # an overdue item must be old enough for its due date to have passed
        is_difficult=rng.random() < 0.04
        and not (item.overdue and registered_on > today - dt.timedelta(days=190)),
    )
    if case.is_difficult:
        case.difficulty_reason = "涉及多个部门，需统筹资金和规划，短期内难以解决。"
    if rng.random() < 0.01:
        case.is_key = True
        case.lead_leader_id = rng.randrange(1, 41)  # a person: the first deputies
    if item.state == S.REGISTERED:
        return case, []

    months = 6 if case.is_difficult else 3
    rule = f"handling.{'difficult_' if case.is_difficult else ''}reply_months={months}"
    assigned_on = min(today, registered_on + dt.timedelta(days=rng.randrange(0, 6)))
    case.assigned_on = assigned_on
    case.reply_due = add_months(assigned_on, months)
    lead = Assignment(
        id=next_pk(),
        case_id=case_id,
        unit_id=picker.pick(),
        role=Assignment.Role.LEAD,
        state=A.ACTIVE,
        assigned_on=assigned_on,
        due_date=case.reply_due,
        deadline_rule=rule,
        return_due=assigned_on + dt.timedelta(days=14),
    )
    rows = [lead]
    case.lead_unit_id = lead.unit_id

    replied_on = None
    if item.state in (S.COMPLETED, S.REPLIED, S.REHANDLING, S.UNDER_REVIEW):
        late = rng.random() < 0.08
        if late:
            replied_on = case.reply_due + dt.timedelta(days=rng.randrange(1, 30))
        else:
            span = max(1, (case.reply_due - assigned_on).days)
            replied_on = assigned_on + dt.timedelta(days=rng.randrange(10, max(11, span)))
        replied_on = min(replied_on, today - dt.timedelta(days=1))
        case.completed_on_time = replied_on <= case.reply_due
        case.reply_class = rng.choices("ABC", (0.5, 0.35, 0.15))[0]
        case.evaluation_due = replied_on + dt.timedelta(days=14)
        lead.state = A.REPLIED

    if item.state == S.COMPLETED:
        case.final_evaluation = rng.choices(
            ("satisfied", "basically_satisfied", "no_answer", "dissatisfied"),
            (0.72, 0.22, 0.04, 0.02),
        )[0]
        done = replied_on + dt.timedelta(days=rng.randrange(2, 15))
        case.completed_at = min(now, local_datetime(rng, done))
        case.rehandle_count = 1 if rng.random() < 0.05 else 0
        lead.state = A.CLOSED
        if case.reply_class == "B":
            if rng.random() < 0.7:
                case.implementation = Case.Implementation.IMPLEMENTED
                case.implemented_at = case.completed_at + dt.timedelta(days=rng.randrange(30, 200))
                case.implemented_at = min(case.implemented_at, now)
            else:
                case.implementation = Case.Implementation.PENDING
    elif item.state == S.REPLIED:
        case.evaluation_due = today + dt.timedelta(days=rng.randrange(-3, 14))
    elif item.state == S.REHANDLING:
        case.rehandle_count = 1
        case.final_evaluation = "dissatisfied"
        shift = -rng.randrange(1, 60) if item.overdue else rng.randrange(1, 31)
        case.reply_due = lead.due_date = today + dt.timedelta(days=shift)
        lead.state, lead.deadline_rule = A.ACTIVE, "handling.rehandle_months=1"
    elif item.state == S.UNDER_REVIEW:
        case.rehandle_count = 1
        case.final_evaluation = "dissatisfied"
        case.escalated_at = min(now, local_datetime(rng, replied_on + dt.timedelta(days=10)))
    elif item.state == S.RETURNED:
        lead.state = A.RETURNED
        case.lead_unit_id = None
        lead.returned_at = local_datetime(rng, min(today, assigned_on + dt.timedelta(days=3)))
        lead.returned_at = min(now, lead.returned_at)
        lead.return_reason = "该事项不属于本单位职责范围，建议交由相关部门办理。"

    if rng.random() < ASSISTED:
        helper = Assignment(
            id=next_pk(),
            case_id=case_id,
            unit_id=picker.pick(other_than=lead.unit_id),
            role=Assignment.Role.ASSISTING,
            state=A.CLOSED,
            assigned_on=assigned_on,
            due_date=add_months(assigned_on, 2),
            deadline_rule="handling.assisting_view_months=2",
            return_due=assigned_on + dt.timedelta(days=14),
        )
        if item.state != S.COMPLETED:
            helper.state = A.VIEW_SENT if rng.random() < 0.7 else A.ACTIVE
        if helper.state != A.ACTIVE:
            helper.view_text = "我单位同意主办单位意见，将积极配合做好相关工作。"
            helper.view_sent_at = local_datetime(
                rng, min(today, assigned_on + dt.timedelta(days=rng.randrange(5, 40)))
            )
            helper.view_sent_at = min(now, helper.view_sent_at)
        rows.append(helper)
    return case, rows


def create_handling(rng: random.Random, total: int, term, log=print) -> dict:
    """Suggestions with their cases and assignments; returns a few facts for the log."""
    from django.db import transaction

    from renda.core import clock
    from renda.core.models import Deputy
    from renda.handling.models import Assignment, Case
    from renda.suggestions.models import NumberSequence, Suggestion

    today, now = clock.today(), clock.now()
    sessions = create_sessions(term, today)
    picker = UnitPicker(rng, ranked_units(rng))
    deputies = list(Deputy.objects.filter(term=term).values_list("pk", "delegation__short_name"))
    items = draw_items(rng, total, today)
    numbers = dict.fromkeys(sessions, 0)
    assignment_ids = itertools.count(1)
    CoSigner = Suggestion.co_signers.through

    def rows():
        for index, item in enumerate(items):
            case_id = index + 1
            year = item.registered.astimezone(LOCAL).year
            session = sessions[year]
            numbers[year] += 1
            reference = f"{term.number}-{session.number}-建议-{numbers[year]:04d}"
            deputy_id, place = rng.choice(deputies)
            title, text, category = title_and_text(rng, place)
            case, assignments = case_and_rows(
                rng, item, case_id, picker, today, now, lambda: next(assignment_ids)
            )
            case.title, case.reference = title, reference
            suggestion = Suggestion(
                id=case_id,
                type=Suggestion.Type.SUGGESTION,
                state=Suggestion.State.REGISTERED,
                session=session,
                number=numbers[year],
                title=title,
                text=text,
                category=category,
                lead_deputy_id=deputy_id,
                case_id=case_id,
                submitted_at=item.registered - dt.timedelta(hours=rng.randrange(2, 72)),
            )
            signers = set()
            if rng.random() < 0.3:
                signers = {rng.choice(deputies)[0] for _ in range(rng.randrange(1, 4))}
                signers.discard(deputy_id)
            co_signers = [CoSigner(suggestion_id=case_id, deputy_id=d) for d in sorted(signers)]
            yield case, assignments, suggestion, co_signers

    done = 0
    for batch in generate.batches(rows()):
        with transaction.atomic():
            Case.objects.bulk_create([row[0] for row in batch])
            Assignment.objects.bulk_create([a for row in batch for a in row[1]])
            Suggestion.objects.bulk_create([row[2] for row in batch])
            CoSigner.objects.bulk_create([c for row in batch for c in row[3]])
        done += len(batch)
        if done % 20_000 == 0:
            log(f"  {done:,} suggestions")
    NumberSequence.objects.bulk_create(
        NumberSequence(session=sessions[year], type=Suggestion.Type.SUGGESTION, last=last)
        for year, last in numbers.items()
        if last
    )
    return {"units": picker.units, "sessions": sessions}


def create_users(units: list[int], log=print) -> None:
    """The office user, a handler for a busy, a middling and a quiet unit, and four
    deputies (persons 1 to 4, deputies of the term), all with PASSWORD."""
    from django.contrib.auth.models import Group

    from renda.core import roles
    from renda.core.models import Deputy, User

    def account(username, role, **fields):
        user, _ = User.objects.update_or_create(username=username, defaults=fields)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
        return user

    account(OFFICE_USER, roles.OFFICE_STAFF, is_staff=False)
    for username, rank in HANDLERS.items():
        account(username, roles.UNIT_HANDLER, organisation_id=units[min(rank, len(units) - 1)])
    deputies = Deputy.objects.order_by("pk").values_list("person_id", flat=True)[
        : len(DEPUTY_USERS)
    ]
    for username, person_id in zip(DEPUTY_USERS, deputies, strict=True):
        account(username, roles.DEPUTY, person_id=person_id)
    log(
        f"users (password {PASSWORD}): {OFFICE_USER}, {', '.join(HANDLERS)}, {', '.join(DEPUTY_USERS)}"
    )


def generate_handling(suggestions: int, log=print) -> None:
    from django.db import transaction

    from renda.core.models import Term
    from renda.handling.models import Case

    if Case.objects.exists():
        raise SystemExit("handling data already present; pass --reset to regenerate it")
    started = time.perf_counter()
    if is_sqlite():
        generate.fast_writes()
    term = Term.objects.get(number=generate.TERM_NUMBER)
    facts = create_handling(generate.rng_for("handling"), suggestions, term, log)
    with transaction.atomic():
        create_users(facts["units"], log)
    reset_sequences()
    analyse()
    log(
        f"generated {suggestions:,} suggestions with cases in {time.perf_counter() - started:.1f} s"
    )


def summary() -> str:
    """What the data looks like: states, overdue cases, the handlers' units."""
    from django.db.models import Count

    from renda.core import clock
    from renda.core.models import User
    from renda.handling.models import Assignment, Case

    total = Case.objects.count()
    by_state = dict(Case.objects.values_list("state").annotate(n=Count("pk")).order_by())
    overdue = Case.objects.filter(Case.overdue_on(clock.today())).count()
    states = ", ".join(
        f"{s} {n / total:.1%}" for s, n in sorted(by_state.items(), key=lambda x: -x[1])
    )
    lines = [
        f"{total:,} cases, {Assignment.objects.count():,} assignments; {states}",
        f"overdue: {overdue:,} cases",
    ]
    for username in HANDLERS:
        user = User.objects.get(username=username)
        mine = Assignment.objects.filter(unit_id=user.organisation_id)
        lines.append(
            f"{username}: unit {user.organisation_id}, {mine.count():,} assignments, "
            f"{mine.filter(state=Assignment.State.ACTIVE).count():,} active"
        )
    return "\n".join(lines)


def prepare(deputies: int, units: int, suggestions: int, reset: bool = False, log=print) -> bool:
    """Make the bench database hold this volume; True when it had to be generated."""
    if not reset and is_ready(deputies, units, suggestions):
        return False
    log(f"generating {deputies:,} deputies, {units:,} units and {suggestions:,} suggestions …")
    generate_base(deputies, units, log)
    generate_handling(suggestions, log)
    return True


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suggestions", type=int, default=DEFAULT_SUGGESTIONS)
    parser.add_argument("--deputies", type=int, default=generate.DEFAULT_DEPUTIES)
    parser.add_argument("--units", type=int, default=generate.DEFAULT_UNITS)
    parser.add_argument("--reset", action="store_true", help="regenerate everything")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database whose name ends in _bench (default: the bench SQLite file)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    generated = prepare(args.deputies, args.units, args.suggestions, reset=args.reset)
    if not generated:
        print("bench data already present")
    print(summary())
    print(f"database: {describe_database()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
