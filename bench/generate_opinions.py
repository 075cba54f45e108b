"""Bench data for public opinions: opinions with their cases, lead assignments, search
index entries, and a router trained on a sample of them.

    .venv/bin/python bench/generate_opinions.py                    # 1,000,000 opinions, SQLite
    .venv/bin/python bench/generate_opinions.py --rows 200000 --reset
    .venv/bin/python bench/generate_opinions.py \\
        --database-url postgres://renda:renda@127.0.0.1:5432/renda_opinions_bench

The texts come from bench/opinion_texts.py (1,000,000 rows span three years; dates are
shifted so that the newest opinion is from yesterday). Each opinion gets the unit that
handled it from bench/routing.py's ``Labeller`` (about 200 units: 30 city departments,
and for 17 of them a unit in each of the 10 districts; 8 % label noise), so that the
router trained here, and the routing of the intake bench, behave as in bench/routing.py.

The state follows the age: opinions of the last 3 days are registered and routed (not
assigned yet); of the last 30 days assigned, replied or completed; older ones completed
(98.5 %) or being rehandled. Every assigned case has one lead assignment. About 97 % of
all cases end up completed.

Rows are written with one ``executemany`` INSERT per table and batch of 5,000 (one
transaction each), with explicit keys (opinion id = case id = its number), and indexed with
``renda.textsearch.index.bulk_index(..., presegmented=True)``: the texts are segmented
once, in parallel, and kept in ``segmented-<rows>.tsv.gz`` (bench/textsearch.py's file
of the same rows is used when it exists: same generator, same segmentation). Then a
router is trained with the real ``routing.train_with_report()`` on a sample of
``--train-sample`` opinions (50,000; every k-th), and the rule setting
``opinions.submissions_per_hour`` is raised to its maximum (10,000), so that the intake
bench, which posts from one address, is not throttled.

The SQLite database is var/bench/opinions/renda.sqlite3 (under $RENDA_BENCH_DIR when set),
never var/renda.sqlite3. ``--database-url`` takes only a PostgreSQL database whose name
ends in _bench (created when missing); the default PostgreSQL bench database is
``renda_opinions_bench``, not ``renda_bench``, whose data belong to the handling and
text-search benches. DATABASE_URL, REDIS_URL, RENDA_ENV and RENDA_DEBUG from the shell are
ignored.
"""

import argparse
import datetime as dt
import gzip
import itertools
import multiprocessing
import os
import random
import resource
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import opinion_texts
import routing as routing_bench
from generate_handling import check_database_url

ROOT = Path(__file__).resolve().parent.parent
BENCH_ROOT = Path(os.environ.get("RENDA_BENCH_DIR", ROOT / "var" / "bench")).resolve()
BENCH_DIR = BENCH_ROOT / "opinions"
DEFAULT_ROWS = 1_000_000
POSTGRES_URL = "postgres://renda:renda@127.0.0.1:5432/renda_opinions_bench"
SEED = 20240901
BATCH = 5000
TRAIN_SAMPLE = 50_000
PASSWORD = "renda-bench-2026"  # noqa: S105 - bench accounts in a throw-away database
OFFICE_USER = "bench-office"
RATE_LIMIT = 10_000  # opinions.submissions_per_hour: its maximum
DISTRICT_PREFIX = "OD-"
TZ = ZoneInfo("Asia/Shanghai")
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # renda.opinions.services.CODE_ALPHABET
CHANNELS = (("portal", 0.55), ("station", 0.2), ("api", 0.15), ("open311", 0.1))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


# --- set-up ---------------------------------------------------------------------------------
def create_postgres_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        connection = psycopg.connect(admin, autocommit=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL does not answer ({exc}); start it: pg_ctlcluster 15 main start"
        ) from exc
    with connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def bench_environ(database_url: str | None = None) -> dict:
    """The environment of the bench (and of its gunicorn): the bench directory, and a
    PostgreSQL database only when one is given explicitly."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        env.pop(name, None)
    env["RENDA_VAR_DIR"] = str(BENCH_DIR)
    env["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    if database_url:
        env["DATABASE_URL"] = check_database_url(database_url)
    return env


def setup_django(database_url: str | None = None) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if database_url:
        create_postgres_database(check_database_url(database_url))
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(bench_environ(database_url))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # whitenoise warns that STATIC_ROOT does not exist until collectstatic has run
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    if is_sqlite():
        database_path()  # refuses anything but the bench file


def is_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def database_path() -> Path:
    from django.conf import settings

    path = Path(settings.DATABASES["default"]["NAME"]).resolve()
    if path.parent != BENCH_DIR:
        raise RuntimeError(f"refusing to touch {path}: not the bench database")
    return path


def describe_database() -> str:
    from django.db import connection

    if is_sqlite():
        return f"SQLite {database_path()}"
    settings = connection.settings_dict
    return f"PostgreSQL {settings['NAME']} on {settings['HOST']}:{settings['PORT']}"


def reset_database() -> None:
    """Empty the bench database: delete the SQLite file, or recreate the schema."""
    from django.db import connection

    if is_sqlite():
        path = database_path()
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if not connection.settings_dict["NAME"].endswith("_bench"):
        raise RuntimeError("refusing to reset a database whose name does not end in _bench")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def generated_rows() -> int:
    """Opinions written by this generator (the benches' own submissions carry a client
    token starting with "bench-")."""
    from renda.opinions.models import PublicOpinion

    return PublicOpinion.objects.filter(client_token__isnull=True).count()


def is_ready(rows: int) -> bool:
    from django.db import DatabaseError

    from renda.opinions.models import RouterModel

    if is_sqlite() and not database_path().exists():
        return False
    try:
        migrate()
        return generated_rows() == rows and RouterModel.objects.exists()
    except DatabaseError as exc:  # e.g. a migration rewritten since the data was made
        print(f"bench database out of date ({exc}): regenerating it")
        return False


# --- segmented texts ------------------------------------------------------------------------
def _segment_chunk(chunk):
    from renda.textsearch.segment import segmented

    return [
        f"{number}\t{category}\t{submitted.isoformat()}\t{segmented(text)}\n"
        for number, text, category, submitted in chunk
    ]


def _chunks(rows: int, size: int = 2000):
    chunk = []
    for row in opinion_texts.opinions(rows):
        chunk.append((row.number, row.text, row.category, row.submitted))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def segmented_file(rows: int, log=print) -> Path:
    """The texts' jieba tokens, one line per opinion (number, category, date, tokens),
    made once with two processes and kept; bench/textsearch.py's file of the same rows
    is the same and is used when present."""
    for folder in (BENCH_DIR, BENCH_ROOT / "textsearch"):
        path = folder / f"segmented-{rows}.tsv.gz"
        if path.exists():
            return path
    path = BENCH_DIR / f"segmented-{rows}.tsv.gz"
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    workers = max(1, min(2, os.cpu_count() or 1))
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done, lines in enumerate(pool.imap(_segment_chunk, _chunks(rows)), start=1):
                out.writelines(lines)
                if done % 50 == 0:
                    log(f"  segmented {done * 2000:,} texts, {time.perf_counter() - started:.0f} s")
    partial.rename(path)
    log(f"segmented {rows:,} texts in {time.perf_counter() - started:.1f} s ({workers} processes)")
    return path


def segmented_rows(rows: int, log=print):
    """(opinion text row, tokens) for every opinion, in order."""
    path = segmented_file(rows, log)
    log(f"tokens from {path}")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for row, line in zip(opinion_texts.opinions(rows), lines, strict=True):
            number, _category, _day, tokens = line.rstrip("\n").split("\t", 3)
            if int(number) != row.number:
                raise SystemExit(f"{path}: line {number} where {row.number} was expected")
            yield row, tokens


# --- the rows -------------------------------------------------------------------------------
def tracking_code(number: int) -> str:
    """A deterministic code of the intake's form ("SQ" + 10 characters of its alphabet)."""
    digits = []
    value = number * 7919 + 104729  # spread the codes a little, still one per number
    for _ in range(10):
        value, rest = divmod(value, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[rest])
    return "SQ" + "".join(reversed(digits))


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    minutes = rng.randrange(7 * 60, 23 * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)


def state_for(age: int, rng: random.Random) -> str:
    """The case's state for an opinion ``age`` days old."""
    if age <= 3:
        return "registered"
    if age <= 15:
        return rng.choices(("assigned", "replied", "completed"), (0.55, 0.3, 0.15))[0]
    if age <= 30:
        return rng.choices(("assigned", "replied", "completed"), (0.1, 0.2, 0.7))[0]
    return "completed" if rng.random() < 0.985 else "rehandling"


class Rows:
    """Builds the column values of each generated opinion's Case, PublicOpinion and lead
    Assignment (dicts of attribute names; the rest take the fields' defaults)."""

    def __init__(self, rows: int, units: dict[str, int], districts: dict[str, int], today, now):
        self.rng = random.Random(SEED)
        self.labeller = routing_bench.Labeller(SEED)
        self.units = units
        self.districts = districts
        self.today, self.now = today, now
        last = opinion_texts.START + dt.timedelta(
            days=(rows - 1) * opinion_texts.DAYS // max(rows, 1)
        )
        self.shift = (today - dt.timedelta(days=1)) - last
        self.channels = [c for c, _ in CHANNELS]
        self.channel_weights = [w for _, w in CHANNELS]

    def build(self, row, tokens: str):
        from renda.opinions.services import title_of

        rng, number = self.rng, row.number
        day = row.submitted + self.shift
        submitted = at(day, rng)
        age = (self.today - day).days
        state = state_for(age, rng)
        unit_id = self.units[self.labeller.label(row.text, row.category, row.district)]
        code = tracking_code(number)
        category = routing_bench.CATEGORY[row.category]
        stamps = {"created_at": self.now, "updated_at": self.now}
        case = {
            "id": number,
            "kind": "public_opinion",
            "state": state,
            "reference": code,
            "title": title_of(row.text),
            "registered_at": submitted,
            **stamps,
        }
        confidence = round(rng.uniform(0.35, 0.98), 3)
        opinion = {
            "id": number,
            "case_id": number,
            "tracking_code": code,
            "channel": rng.choices(self.channels, self.channel_weights)[0],
            "category": category,
            "text": row.text,
            "district_id": self.districts[row.district],
            "submitter_name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)),
            "submitter_phone": f"13{rng.randrange(10**9):09d}",
            "submitted_at": submitted,
            "routing": "suggested" if confidence >= 0.6 else "manual",
            "suggested_unit_id": unit_id,
            "routing_confidence": confidence,
            **stamps,
        }
        assignment = None
        if state != "registered":
            assigned_on = min(self.today, day + dt.timedelta(days=rng.randrange(0, 2)))
            case["assigned_on"] = assigned_on
            case["reply_due"] = assigned_on + dt.timedelta(days=7)  # 5 working days (R92)
            case["lead_unit_id"] = unit_id
            opinion["routing"] = "confirmed" if rng.random() < 0.9 else "corrected"
            assignment = {
                "id": number,
                "case_id": number,
                "unit_id": unit_id,
                "role": "lead",
                "state": "active",
                "assigned_on": assigned_on,
                "due_date": case["reply_due"],
                "deadline_rule": "opinions.simple_limit_workdays=5",
                "return_due": assigned_on + dt.timedelta(days=14),
                **stamps,
            }
        if state in ("replied", "completed", "rehandling"):
            replied_on = min(
                self.today - dt.timedelta(days=1),
                case["assigned_on"] + dt.timedelta(days=rng.randrange(1, 10)),
            )
            case["completed_on_time"] = replied_on <= case["reply_due"]
            case["reply_class"] = rng.choices("ABC", (0.6, 0.3, 0.1))[0]
            case["evaluation_due"] = replied_on + dt.timedelta(days=14)
            assignment["state"] = "replied"
        if state == "completed":
            done = min(self.today, replied_on + dt.timedelta(days=rng.randrange(1, 8)))
            case["completed_at"] = at(done, rng)
            case["final_evaluation"] = rng.choices(
                ("satisfied", "basically_satisfied", "no_answer", "dissatisfied"),
                (0.7, 0.22, 0.06, 0.02),
            )[0]
            assignment["state"] = "closed"
            if rng.random() < 0.3:
                opinion["callback_at"] = case["completed_at"]
                opinion["callback_note"] = "已电话回访，群众表示满意。"
        elif state == "rehandling":
            case["rehandle_count"] = 1
            case["final_evaluation"] = "dissatisfied"
            due = case["evaluation_due"] + dt.timedelta(days=14)
            case["reply_due"] = assignment["due_date"] = due
            assignment["state"] = "active"
        entry = (number, tokens, category, day)
        return case, opinion, assignment, entry, (row.text, category, unit_id)


class Inserter:
    """INSERT of many rows of one model with executemany: the values are adapted once
    per column kind, without model instances or Django's per-value compiling (bulk_create
    spent 0.4 ms an opinion in them, the database 0.04 ms)."""

    def __init__(self, model):
        from django.db import connection, models

        ops = connection.ops
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.defaults = {}
        self.adapters = []
        for field in self.fields:
            self.defaults[field.attname] = None if field.null else field.get_default()
            if isinstance(field, models.DateTimeField):
                self.adapters.append(ops.adapt_datetimefield_value)
            elif isinstance(field, models.DateField):
                self.adapters.append(ops.adapt_datefield_value)
            elif isinstance(field, models.DecimalField):
                self.adapters.append(ops.adapt_decimalfield_value)
            else:
                self.adapters.append(None)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names

    def insert(self, rows: list[dict]) -> None:
        from django.db import connection

        pairs = list(zip([f.attname for f in self.fields], self.adapters, strict=True))
        defaults = self.defaults
        values = [
            [
                (adapt(v) if adapt and v is not None else v)
                for name, adapt in pairs
                for v in (row.get(name, defaults[name]),)
            ]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


# --- writing --------------------------------------------------------------------------------
def create_reference_data(log=print) -> tuple[dict[str, int], dict[str, int]]:
    """The units (bench/routing.py's), the districts, the office user and the raised
    submission limit. Returns ({unit code: id}, {district name: id})."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from renda.core import roles
    from renda.core.models import Organisation, RuleSettingValue, User

    with transaction.atomic():
        Organisation.objects.bulk_create(
            [
                Organisation(
                    code=code, name=name, kind=Organisation.Kind.DEPARTMENT, is_handling_unit=True
                )
                for code, name in routing_bench.make_units()
            ]
        )
        Organisation.objects.bulk_create(
            [
                Organisation(
                    code=f"{DISTRICT_PREFIX}{index}", name=name, kind=Organisation.Kind.DISTRICT
                )
                for index, name in enumerate(opinion_texts.DISTRICTS)
            ]
        )
        office, _ = User.objects.update_or_create(username=OFFICE_USER, defaults={})
        office.set_password(PASSWORD)
        office.save()
        office.groups.set([Group.objects.get(name=roles.OFFICE_STAFF)])
        RuleSettingValue.objects.update_or_create(
            key="opinions.submissions_per_hour", defaults={"value": RATE_LIMIT}
        )
    units = dict(
        Organisation.objects.filter(code__startswith=routing_bench.UNIT_PREFIX).values_list(
            "code", "pk"
        )
    )
    districts = dict(
        Organisation.objects.filter(code__startswith=DISTRICT_PREFIX).values_list("name", "pk")
    )
    log(
        f"{len(units)} units, {len(districts)} districts, user {OFFICE_USER} (password "
        f"{PASSWORD}), opinions.submissions_per_hour = {RATE_LIMIT}"
    )
    return units, districts


@contextmanager
def fast_writes():
    """SQLite: generated data can be regenerated, so skip the fsyncs while loading it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")


def write_opinions(rows: int, units, districts, sample_every: int, log=print) -> list[tuple]:
    """Every opinion, its case, lead assignment and index entry; returns the training
    sample (text, category, unit id) of every ``sample_every``-th opinion."""
    from django.db import transaction

    from renda.core import clock
    from renda.handling.models import Assignment, Case
    from renda.opinions.models import PublicOpinion
    from renda.opinions.search import SCOPE
    from renda.textsearch import index as textsearch

    builder = Rows(rows, units, districts, clock.today(), clock.now())
    cases, opinions, assignments = (Inserter(m) for m in (Case, PublicOpinion, Assignment))
    sample = []
    started = time.perf_counter()
    done = 0
    source = segmented_rows(rows, log)
    while batch := list(itertools.islice(source, BATCH)):
        built = [builder.build(row, tokens) for row, tokens in batch]
        with transaction.atomic():
            cases.insert([b[0] for b in built])
            opinions.insert([b[1] for b in built])
            assignments.insert([b[2] for b in built if b[2] is not None])
            textsearch.bulk_index(SCOPE, [b[3] for b in built], presegmented=True, batch_size=BATCH)
        sample.extend(b[4] for b in built if b[1]["id"] % sample_every == 0)
        done += len(batch)
        if done % 50_000 == 0 or done == rows:
            elapsed = time.perf_counter() - started
            log(f"  {done:,} opinions, {elapsed:.0f} s ({done / elapsed:,.0f} a second)")
    return sample


def train_router(sample: list[tuple], log=print):
    """The real training on the sample: ``train_with_report`` reads its samples from
    ``_labelled_rows``, which is pointed at the sample instead of the whole table."""
    from renda.opinions import routing

    with mock.patch.object(routing, "_labelled_rows", lambda: iter(sample)):
        result = routing.train_with_report(holdout=0.2)
    size = len(bytes(result.model.blob)) / 1e6
    log(
        f"router: {result.samples:,} samples, {result.units} units, held-out accuracy "
        f"{result.accuracy:.3f}, {result.seconds:.0f} s, model {size:.1f} MB"
    )
    return result


def finish(log=print) -> None:
    """Sequences past the explicit keys, compact FTS5, planner statistics."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if is_sqlite():
            # merge the FTS5 segments into one b-tree, as a nightly 'optimize' would
            cursor.execute("INSERT INTO textsearch_fts(textsearch_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            models = [
                m
                for label in ("core", "handling", "opinions", "textsearch")
                for m in apps.get_app_config(label).get_models()
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    if not is_sqlite():
        connection.close()
        with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction
            cursor.execute("VACUUM ANALYZE")
    log(f"optimize + analyze in {time.perf_counter() - started:.1f} s")


def generate(rows: int, train_sample: int = TRAIN_SAMPLE, log=print) -> None:
    started = time.perf_counter()
    reset_database()
    migrate()
    with fast_writes():
        units, districts = create_reference_data(log)
        sample_every = max(1, rows // max(1, train_sample))
        sample = write_opinions(rows, units, districts, sample_every, log)
    written = time.perf_counter() - started
    log(f"wrote {rows:,} opinions in {written:.0f} s")
    finish(log)
    train_router(sample, log)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(
        f"generated {rows:,} opinions in {time.perf_counter() - started:.0f} s "
        f"(peak memory {peak:.0f} MB)"
    )


def summary() -> str:
    from django.db.models import Count

    from renda.handling.models import Assignment, Case, Kind
    from renda.opinions.models import RouterModel
    from renda.textsearch.models import SearchTerm

    cases = Case.objects.filter(kind=Kind.PUBLIC_OPINION)
    total = cases.count()
    states = dict(cases.values_list("state").annotate(n=Count("pk")).order_by())
    mix = ", ".join(
        f"{s} {n / total:.1%}" for s, n in sorted(states.items(), key=lambda kv: -kv[1])
    )
    indexed = SearchTerm.objects.filter(scope="opinion", term="").values_list("docs", flat=True)
    router = RouterModel.objects.latest()
    return (
        f"{generated_rows():,} generated opinions; cases: {mix}; "
        f"{Assignment.objects.count():,} assignments to "
        f"{Assignment.objects.values('unit').distinct().count()} units; "
        f"{(indexed.first() or 0):,} index entries; router of {router.samples:,} samples "
        f"(held-out accuracy {router.accuracy:.3f})"
    )


def prepare(rows: int, reset: bool = False, train_sample: int = TRAIN_SAMPLE, log=print) -> bool:
    """Make the bench database hold ``rows`` generated opinions; True when generated."""
    if not reset and is_ready(rows):
        return False
    log(f"generating {rows:,} opinions into {describe_database()} …")
    generate(rows, train_sample, log)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--train-sample", type=int, default=TRAIN_SAMPLE)
    parser.add_argument("--reset", action="store_true", help="regenerate everything")
    parser.add_argument(
        "--database-url",
        help=f"a PostgreSQL database whose name ends in _bench, e.g. {POSTGRES_URL} "
        "(default: the bench SQLite file)",
    )
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    if not prepare(args.rows, args.reset, args.train_sample):
        print("bench data already present")
    print(summary())
    print(f"database: {describe_database()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
