"""Deterministic bench data: one term, delegations, handling units and deputies.

Everything goes to a separate SQLite database (var/bench/renda.sqlite3, or
$RENDA_BENCH_DIR), never to the demo database. Rows are streamed to the database
in batches, so millions of deputies do not need millions of objects in memory.

    .venv/bin/python bench/generate.py --deputies 20000 --units 2000 --reset
"""

import argparse
import functools
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("RENDA_BENCH_DIR", ROOT / "var" / "bench")).resolve()
SEED = 20230101
BATCH = 5000
TERM_NUMBER = 16
DELEGATIONS = 40
GOVERNMENT_CODE = "BENCH-GOV"
DEFAULT_DEPUTIES = 20_000
DEFAULT_UNITS = 2_000


def setup_django() -> None:
    """Point renda at the bench database, then set Django up."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["RENDA_VAR_DIR"] = str(BENCH_DIR)
    # Never a real database, cache or production settings; no DEBUG query log.
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def database_path() -> Path:
    from django.conf import settings

    path = Path(settings.DATABASES["default"]["NAME"]).resolve()
    if path.parent != BENCH_DIR:
        raise RuntimeError(f"refusing to touch {path}: not the bench database")
    return path


def drop_database() -> None:
    from django.db import connection

    connection.close()
    path = database_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def counts() -> tuple[int, int]:
    """(deputies, handling units) of the bench data already in the database."""
    from renda.core.models import Deputy, Organisation

    units = Organisation.objects.filter(
        kind=Organisation.Kind.DEPARTMENT, is_handling_unit=True, parent__code=GOVERNMENT_CODE
    )
    return Deputy.objects.count(), units.count()


def has_data() -> bool:
    from renda.core.models import Term

    return Term.objects.filter(number=TERM_NUMBER).exists() or any(counts())


def is_ready(deputies: int, units: int) -> bool:
    """True when the bench database holds exactly this volume."""
    if not database_path().exists():
        return False
    migrate()
    return counts() == (deputies, units)


def fast_writes() -> None:
    """Generated data can be regenerated: skip the fsyncs while loading it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")


def create_term():
    from renda.core.models import Term

    return Term.objects.create(
        number=TERM_NUMBER, start_date=date(2022, 1, 1), end_date=date(2026, 12, 31)
    )


def create_delegations(rng: random.Random) -> list:
    from renda.core.demo import names
    from renda.core.models import Organisation

    stems = names.TOWNSHIP_STEMS
    rows = []
    for number in range(1, DELEGATIONS + 1):
        place = rng.choice(stems) + rng.choice(stems) + rng.choice(("区", "县", "市"))
        rows.append(
            Organisation(
                code=f"DLG-{number:03d}",
                name=f"{place}代表团",
                short_name=place,
                kind=Organisation.Kind.DELEGATION,
            )
        )
    return Organisation.objects.bulk_create(rows)


def create_government():
    from renda.core.models import Organisation

    return Organisation.objects.create(
        code=GOVERNMENT_CODE,
        name="市人民政府",
        kind=Organisation.Kind.GOVERNMENT,
        is_handling_unit=True,
    )


def unit_rows(rng: random.Random, total: int, parent):
    from renda.core.demo import names
    from renda.core.models import Organisation

    for number in range(1, total + 1):
        department = names.DEPARTMENTS[number % len(names.DEPARTMENTS)]
        yield Organisation(
            code=f"U-{number:07d}",
            name=f"第{number}分局{department}",
            short_name=department[:20],
            kind=Organisation.Kind.DEPARTMENT,
            parent=parent,
            is_handling_unit=True,
            contact_person=names.person_name(rng, rng.random() < 0.4),
            contact_phone=names.mobile(rng),
            address=f"建设路{number}号",
        )


@functools.cache
def sectors() -> tuple[str, ...]:
    """Deputy.Sector values, once: the enum rebuilds its .values list on each access."""
    from renda.core.models import Deputy

    return tuple(Deputy.Sector.values)


def person_and_deputy(rng: random.Random, number: int, term, delegation):
    """One unsaved Person and its Deputy, both with explicit primary keys."""
    from renda.core.demo import names
    from renda.core.models import Deputy, Person

    female = rng.random() < 0.3
    sector = rng.choice(sectors())
    place = delegation.short_name
    person = Person(
        id=number,
        name=names.person_name(rng, female),
        gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
        ethnicity=rng.choice(names.ETHNICITIES),
        birth_date=date(1955, 1, 1) + timedelta(days=rng.randrange(40 * 365)),
        party=rng.choice(names.PARTIES),
        mobile=names.mobile(rng),
        email=f"deputy{number}@bench.example.cn",
    )
    deputy = Deputy(
        id=number,
        code=f"{TERM_NUMBER}{delegation.code[-3:]}{number:08d}",
        person=person,
        term=term,
        delegation=delegation,
        constituency=f"{place}第{rng.randrange(1, 60)}选区",
        sector=sector,
        occupation=names.occupation(rng, sector, place),
        address=f"{place}人民路{rng.randrange(1, 999)}号",
        status=Deputy.Status.ACTIVE if rng.random() < 0.95 else Deputy.Status.RESIGNED,
    )
    return person, deputy


def batches(rows, size: int = BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def create_units(rng: random.Random, total: int) -> None:
    from django.db import transaction

    from renda.core.models import Organisation

    with transaction.atomic():
        parent = create_government()
        for batch in batches(unit_rows(rng, total, parent)):
            Organisation.objects.bulk_create(batch)


def create_deputies(rng: random.Random, total: int, term, delegations, log=print) -> None:
    from django.db import transaction

    from renda.core.models import Deputy, Person

    rows = (
        person_and_deputy(rng, number, term, rng.choice(delegations))
        for number in range(1, total + 1)
    )
    done = 0
    for batch in batches(rows):
        with transaction.atomic():
            Person.objects.bulk_create([person for person, _ in batch])
            Deputy.objects.bulk_create([deputy for _, deputy in batch])
        done += len(batch)
        if done % 100_000 == 0:
            log(f"  {done:,} deputies")


def rng_for(part: str) -> random.Random:
    """One random stream per part, so --units does not change the deputies."""
    return random.Random(f"{SEED}-{part}")


def generate(deputies: int, units: int, reset: bool = False, log=print) -> None:
    started = time.perf_counter()
    if reset:
        drop_database()
    migrate()
    if has_data():
        raise SystemExit("other bench data already present; pass --reset to regenerate it")
    fast_writes()
    term = create_term()
    delegations = create_delegations(rng_for("delegations"))
    create_units(rng_for("units"), units)
    create_deputies(rng_for("deputies"), deputies, term, delegations, log)
    elapsed = time.perf_counter() - started
    log(f"generated {deputies:,} deputies and {units:,} units in {elapsed:.1f} s")
    log(f"database: {database_path()}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deputies", type=int, default=DEFAULT_DEPUTIES)
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS)
    parser.add_argument("--reset", action="store_true", help="delete the bench database first")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django()
    if not args.reset and is_ready(args.deputies, args.units):
        print(f"bench data already present: {database_path()}")
        return 0
    generate(args.deputies, args.units, reset=args.reset)
    return 0


if __name__ == "__main__":
    sys.exit(main())
