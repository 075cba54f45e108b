"""Benchmark the routing of public opinions to handling units (renda/opinions/routing.py).

The texts come from bench/opinion_texts.py (the shared generator of citizens' opinions);
this script gives each one the unit that handled it. About 200 units: the city
departments named by the generator's categories, and for 17 of them a unit in each of
the 10 districts. The handler of an opinion is the department of its object (each
object of a category belongs to one of the category's departments); for a department
with district units, the district's unit when the text names the district (85 %),
else the city's. Then 8 % label noise: the office sent it elsewhere (the same
department at another level, or any unit). Texts also name a department of their
category at random ("希望城市管理局尽快…"), as citizens do, right or wrong.

Everything goes to its own SQLite database (var/bench/routing/, or $RENDA_BENCH_DIR/
routing): units, then each opinion with its case and a closed lead assignment (1 % were
first returned by a wrong unit and reassigned; 5 % carry a staff routing decision).
Then the real ``routing.train_with_report()`` (held-out accuracy, time, model size),
loading the model as a new process would, ``suggest()`` on fresh texts
(``opinion_texts.new_submissions``: median and p95 per item, accuracy, coverage at the
threshold) and ``route_opinion()`` on new pending opinions (with its write and audit row).

    .venv/bin/python bench/routing.py                       # 100,000 opinions
    .venv/bin/python bench/routing.py --opinions 300000
    .venv/bin/python bench/routing.py --opinions 20000 --items 500   # a quick look

Slowness never fails the run; the exit status is 1 when the held-out accuracy is below
--min-accuracy.
"""

import argparse
import itertools
import os
import random
import resource
import statistics
import sys
import time
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import opinion_texts

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("RENDA_BENCH_DIR", ROOT / "var" / "bench")).resolve() / "routing"
SEED = 20230401
BATCH = 5000
UNIT_PREFIX = "RT-"
CODE_PREFIX = "RT"  # tracking codes of the labelled opinions
PROBE_PREFIX = "RP"  # tracking codes of the opinions routed by the bench
OFFICE_USER = "bench-routing-office"
NOISE = 0.08
TO_DISTRICT = 0.85
RETURNED = 0.01
DECIDED = 0.05
# Departments with a unit in every district (the others act for the whole city).
LOCAL = {
    "交通运输局",
    "公安交警支队",
    "城市管理局",
    "住房和城乡建设局",
    "生态环境局",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "人力资源和社会保障局",
    "农业农村局",
    "水利局",
    "应急管理局",
    "市场监督管理局",
    "文化广电和旅游局",
    "自然资源和规划局",
    "医疗保障局",
    "街道办事处",
}
TZ = ZoneInfo("Asia/Shanghai")


# --- units and labels ----------------------------------------------------------------------
def departments() -> list[str]:
    seen: dict[str, None] = {}
    for *_lists, depts in opinion_texts.CATEGORIES.values():
        for name in depts:
            seen.setdefault(name, None)
    return list(seen)


def make_units() -> list[tuple[str, str]]:
    """(code, name) of every unit: a city unit per department, and a district unit for
    each department in LOCAL."""
    units = []
    for index, name in enumerate(departments()):
        units.append((f"{UNIT_PREFIX}C{index:02d}", f"平顶山市{name}"))
        if name in LOCAL:
            for d_index, district in enumerate(opinion_texts.DISTRICTS):
                units.append((f"{UNIT_PREFIX}D{d_index}-{index:02d}", f"{district}{name}"))
    return units


class Labeller:
    """The unit that handled an opinion, as the office would have chosen it (with noise)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.index = {name: i for i, name in enumerate(departments())}
        self.codes = [code for code, _name in make_units()]
        # category → its objects, longest first (so that a longer name wins over a part)
        self.objects = {}
        for category, (objects, _problems, _actions, depts) in opinion_texts.CATEGORIES.items():
            owners = {obj: depts[i % len(depts)] for i, obj in enumerate(objects)}
            self.objects[category] = sorted(owners.items(), key=lambda item: -len(item[0]))

    def unit_code(self, department: str, district: str | None) -> str:
        index = self.index[department]
        if district is None or department not in LOCAL:
            return f"{UNIT_PREFIX}C{index:02d}"
        return f"{UNIT_PREFIX}D{opinion_texts.DISTRICTS.index(district)}-{index:02d}"

    def label(self, text: str, category: str, district: str) -> str:
        rng = self.rng
        owners = self.objects[category]
        department = next((dept for obj, dept in owners if obj in text), owners[-1][1])
        named = district if district in text and rng.random() < TO_DISTRICT else None
        code = self.unit_code(department, named)
        if rng.random() < NOISE:
            if rng.random() < 0.6:  # the same department, another level
                code = self.unit_code(department, rng.choice([None, *opinion_texts.DISTRICTS]))
            else:
                code = rng.choice(self.codes)
        return code


# renda's categories for the generator's (the citizen's own choice on the form)
CATEGORY = {
    "traffic": "transport",
    "housing": "urban",
    "environment": "environment",
    "education": "education",
    "health": "health",
    "social": "social",
    "rural": "agriculture",
    "safety": "safety",
    "market": "economy",
    "culture": "other",
}


# --- the database --------------------------------------------------------------------------
def setup_django() -> None:
    """Point renda at the routing bench's own database, then set Django up."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["RENDA_VAR_DIR"] = str(BENCH_DIR)
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    path = Path(settings.DATABASES["default"]["NAME"]).resolve()
    if path.parent != BENCH_DIR:
        raise RuntimeError(f"refusing to touch {path}: not the routing bench database")


def drop_database() -> None:
    from django.conf import settings
    from django.db import connection

    connection.close()
    path = Path(settings.DATABASES["default"]["NAME"]).resolve()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def labelled_count() -> int:
    from renda.opinions.models import PublicOpinion

    return PublicOpinion.objects.filter(tracking_code__startswith=CODE_PREFIX).count()


def generate(count: int, log=print) -> None:
    """Units, an office user, and ``count`` handled opinions with their cases and leads."""
    from django.db import connection, transaction

    from renda.core import roles
    from renda.core.models import Organisation
    from renda.core.tests.factories import make_user
    from renda.handling.models import Assignment, Case, Kind
    from renda.opinions.models import PublicOpinion, RoutingCorrection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")  # regenerable data: skip the fsyncs
    started = time.perf_counter()
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=code,
                name=name,
                kind=Organisation.Kind.DEPARTMENT,
                is_handling_unit=True,
            )
            for code, name in make_units()
        ]
    )
    unit_ids = dict(
        Organisation.objects.filter(code__startswith=UNIT_PREFIX).values_list("code", "pk")
    )
    office = make_user(OFFICE_USER, roles.OFFICE_STAFF)
    labeller = Labeller(SEED)
    rng = random.Random(SEED + 1)
    all_units = list(unit_ids.values())
    rows = opinion_texts.opinions(count)
    written = 0
    while batch := list(itertools.islice(rows, BATCH)):
        with transaction.atomic():
            labels = [unit_ids[labeller.label(r.text, r.category, r.district)] for r in batch]
            times = [datetime.combine(r.submitted, clock_time(10), tzinfo=TZ) for r in batch]
            cases = Case.objects.bulk_create(
                [
                    Case(
                        kind=Kind.PUBLIC_OPINION,
                        state=Case.State.COMPLETED,
                        reference=f"{CODE_PREFIX}{r.number:09d}",
                        title=r.text[:40],
                        registered_at=at,
                        completed_at=at,
                        lead_unit_id=unit,
                    )
                    for r, at, unit in zip(batch, times, labels, strict=True)
                ]
            )
            opinions = PublicOpinion.objects.bulk_create(
                [
                    PublicOpinion(
                        case=case,
                        tracking_code=case.reference,
                        channel="portal",
                        category=CATEGORY[r.category],
                        text=r.text,
                        submitted_at=at,
                        routing=PublicOpinion.Routing.CONFIRMED,
                    )
                    for r, case, at in zip(batch, cases, times, strict=True)
                ]
            )
            assignments, decisions = [], []
            for opinion, case, unit in zip(opinions, cases, labels, strict=True):
                day = opinion.submitted_at.date()
                lead = {"case": case, "role": "lead", "assigned_on": day, "due_date": day}
                if rng.random() < RETURNED:  # first sent to a wrong unit, which returned it
                    wrong = rng.choice(all_units)
                    assignments.append(
                        Assignment(**lead, unit_id=wrong, state="returned", deadline_rule="bench")
                    )
                assignments.append(
                    Assignment(**lead, unit_id=unit, state="closed", deadline_rule="bench")
                )
                if rng.random() < DECIDED:
                    decisions.append(
                        RoutingCorrection(opinion=opinion, chosen_unit_id=unit, actor=office)
                    )
            Assignment.objects.bulk_create(assignments)
            RoutingCorrection.objects.bulk_create(decisions)
        written += len(batch)
        if written % 50_000 == 0 or written == count:
            log(f"  {written:,} opinions written ({time.perf_counter() - started:.0f} s)")


# --- measuring -----------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(args) -> int:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from renda.core.models import Organisation
    from renda.handling.models import Case, Kind
    from renda.opinions import routing
    from renda.opinions.models import PublicOpinion

    if args.reset:
        drop_database()
    call_command("migrate", interactive=False, verbosity=0)
    have = labelled_count()
    if have != args.opinions:
        if have:
            print(f"the database holds {have:,} opinions, not {args.opinions:,}: regenerating")
            drop_database()
            call_command("migrate", interactive=False, verbosity=0)
        print(f"generating {args.opinions:,} labelled opinions")
        generate(args.opinions)
    units = Organisation.objects.filter(code__startswith=UNIT_PREFIX).count()
    print(f"{args.opinions:,} opinions, {units} units, SQLite {connection.vendor}")

    started = time.perf_counter()
    samples = sum(1 for _ in routing.training_samples())
    query_s = time.perf_counter() - started
    print(f"samples query: {samples:,} samples in {query_s:.1f} s (peak {peak_mb():.0f} MB)")

    result = routing.train_with_report(holdout=args.holdout)
    size = len(bytes(result.model.blob)) / 1e6
    print(
        f"training: {result.samples:,} samples, {result.units} units, held-out accuracy "
        f"{result.accuracy:.3f} ({args.holdout:.0%} held out), {result.seconds:.1f} s, "
        f"model {size:.1f} MB, peak memory {peak_mb():.0f} MB"
    )

    routing.forget_loaded_model()  # as a process that did not train
    started = time.perf_counter()
    routing.current_router()
    print(f"model load (new process): {(time.perf_counter() - started) * 1000:.0f} ms")

    unit_ids = dict(
        Organisation.objects.filter(code__startswith=UNIT_PREFIX).values_list("code", "pk")
    )
    labeller = Labeller(SEED + 2)
    fresh = [
        (r.text, CATEGORY[r.category], unit_ids[labeller.label(r.text, r.category, r.district)])
        for r in opinion_texts.new_submissions(args.items, seed=SEED)
    ]
    limit = routing.threshold()
    timings, right, confident, confident_right = [], 0, 0, 0
    for text, category, expected in fresh:
        began = time.perf_counter()
        suggestion = routing.suggest(text, category)
        timings.append((time.perf_counter() - began) * 1000)
        if suggestion:
            right += suggestion[0] == expected
            if suggestion[1] >= limit:
                confident += 1
                confident_right += suggestion[0] == expected
    n = len(fresh)
    print(
        f"suggest(), {n:,} fresh texts: median {statistics.median(timings):.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms; accuracy {right / n:.3f}; at the threshold "
        f"{limit}: {confident / n:.0%} suggested, {confident_right / max(confident, 1):.3f} "
        f"of them right, {1 - confident / n:.0%} left to the office"
    )

    probes = []
    stamp = int(time.time())
    for k, (text, category, _unit) in enumerate(fresh[: args.route]):
        code = f"{PROBE_PREFIX}{stamp % 10**8:08d}{k:05d}"
        at = datetime.now(TZ)
        case = Case.objects.create(
            kind=Kind.PUBLIC_OPINION, reference=code, title=text[:40], registered_at=at
        )
        probes.append(
            PublicOpinion.objects.create(
                case=case,
                tracking_code=code,
                channel="portal",
                category=category,
                text=text,
                submitted_at=at,
            )
        )
    timings, states = [], {}
    for opinion in probes:
        began = time.perf_counter()
        routed = routing.route_opinion(opinion)
        timings.append((time.perf_counter() - began) * 1000)
        states[routed.routing] = states.get(routed.routing, 0) + 1
    print(
        f"route_opinion(), {len(probes)} new opinions (with the write and the audit row): "
        f"median {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms; "
        f"{states}"
    )
    if result.accuracy is None or result.accuracy < args.min_accuracy:
        print(f"FAIL: held-out accuracy below {args.min_accuracy}")
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=2000, help="fresh texts for suggest()")
    parser.add_argument("--route", type=int, default=500, help="opinions for route_opinion()")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--min-accuracy", type=float, default=0.5)
    parser.add_argument("--reset", action="store_true", help="regenerate the data")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
