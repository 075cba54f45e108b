"""Chinese full-text search and similar items (renda.textsearch) at 1,000,000 opinions.

    .venv/bin/python bench/textsearch.py                       # SQLite, 1,000,000 rows
    .venv/bin/python bench/textsearch.py --rows 100000
    .venv/bin/python bench/textsearch.py --database-url postgres://renda:renda@127.0.0.1:5432/renda_bench

Indexes ``--rows`` generated citizens' opinions (bench/opinion_texts.py) under the scope
"bench-opinion", unless the database already holds exactly that many; then measures:

- search: ``--queries`` varied workbench queries (bench/opinion_texts.search_queries); each
  one as a list page uses it: ``COUNT(*)`` of the matches plus the newest 25 of them,
  through ``matching_ids()`` as a subquery. One warm-up pass, then one timed pass.
- similar: ``similar(scope, text, group=category, limit=5)`` for ``--submissions`` texts,
  half rewordings of indexed opinions (is the original in the top 5? first?), half
  new opinions. The time includes jieba segmenting the submission.

The SQLite database is its own file, var/bench/textsearch/renda.sqlite3 (under
$RENDA_BENCH_DIR when set), never var/renda.sqlite3; ``--database-url`` takes only a
PostgreSQL database whose name ends in _bench (created when missing). DATABASE_URL from
the shell is ignored. Texts are segmented once, in parallel, and kept in
var/bench/textsearch/segmented-<rows>.tsv.gz for the next load.
"""

import argparse
import gzip
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import warnings
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("RENDA_BENCH_DIR", ROOT / "var" / "bench")).resolve() / "textsearch"
SCOPE = "bench-opinion"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import opinion_texts  # noqa: E402

SAMPLE_SEED = 99


# --- set-up ---------------------------------------------------------------------------------
def check_database_url(url: str) -> str:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in {"postgres", "postgresql"} or not name.endswith("_bench"):
        raise SystemExit(f"refusing {url!r}: give a postgres:// database whose name ends in _bench")
    return url


def create_postgres_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(database_url: str | None) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("DATABASE_URL", "REDIS_URL", "RENDA_ENV", "RENDA_DEBUG"):
        os.environ.pop(name, None)
    os.environ["RENDA_VAR_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "renda.settings"
    if database_url:
        os.environ["DATABASE_URL"] = check_database_url(database_url)
        create_postgres_database(database_url)
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"]).resolve()
        if path.parent != BENCH_DIR:
            raise RuntimeError(f"refusing to touch {path}: not the bench database")


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def indexed_rows() -> int:
    from renda.textsearch.models import SearchTerm

    row = SearchTerm.objects.filter(scope=SCOPE, term="").first()
    return row.docs if row else 0


# --- data -----------------------------------------------------------------------------------
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


def segmented_file(rows: int) -> Path:
    """The opinions' segmented texts, made once (in parallel) and kept."""
    path = BENCH_DIR / f"segmented-{rows}.tsv.gz"
    if path.exists():
        return path
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    workers = max(1, min(2, os.cpu_count() or 1))
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done, lines in enumerate(pool.imap(_segment_chunk, _chunks(rows)), start=1):
                out.writelines(lines)
                if done % 50 == 0:
                    print(
                        f"  segmented {done * 2000:,} rows, {time.perf_counter() - started:.0f} s"
                    )
    partial.rename(path)
    print(
        f"segmented {rows:,} texts in {time.perf_counter() - started:.1f} s ({workers} processes)"
    )
    return path


def _rows_from(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            number, category, submitted, tokens = line.rstrip("\n").split("\t", 3)
            yield int(number), tokens, category, date.fromisoformat(submitted)


def load(rows: int) -> None:
    from django.db import connection

    from renda.textsearch import index as textsearch
    from renda.textsearch.models import SearchEntry, SearchTerm

    path = segmented_file(rows)
    started = time.perf_counter()
    if indexed_rows():
        SearchEntry.objects.filter(scope=SCOPE).delete()
        SearchTerm.objects.filter(scope=SCOPE).delete()
        print(f"cleared the previous bench rows in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")  # generated data: no fsync while loading
    done = 0
    for batch in _batches(_rows_from(path), 20000):
        done += textsearch.bulk_index(SCOPE, batch, presegmented=True, batch_size=20000)
        if done % 100_000 == 0:
            print(f"  indexed {done:,} rows, {time.perf_counter() - started:.0f} s")
    print(f"indexed {done:,} rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # merge the FTS5 segments into one b-tree, as after a quiet night's 'optimize'
            cursor.execute("INSERT INTO textsearch_fts(textsearch_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE textsearch_searchentry")
            cursor.execute("ANALYZE textsearch_searchterm")
    print(f"optimize + analyze in {time.perf_counter() - started:.1f} s")


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def submissions(rows: int, count: int) -> list[dict]:
    """Half rewordings of indexed opinions (originals drawn at random), half new texts."""
    cache = BENCH_DIR / f"submissions-{rows}-{count}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    rng = random.Random(SAMPLE_SEED)
    wanted = set(rng.sample(range(1, rows + 1), count // 2))
    result = []
    for row in opinion_texts.opinions(rows):
        if row.number in wanted:
            result.append(
                {
                    "text": opinion_texts.reword(row.text, row.number),
                    "category": row.category,
                    "original": row.number,
                }
            )
    for row in opinion_texts.new_submissions(count - len(result)):
        result.append({"text": row.text, "category": row.category, "original": None})
    cache.write_text(json.dumps(result, ensure_ascii=False))
    return result


# --- measurements ---------------------------------------------------------------------------
def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_search(queries: list[str]) -> dict:
    from renda.textsearch import index as textsearch
    from renda.textsearch.models import SearchEntry

    def run(query):
        matches = SearchEntry.objects.filter(
            scope=SCOPE, object_id__in=textsearch.matching_ids(SCOPE, query)
        )
        ids_query = textsearch.matching_ids(SCOPE, query)
        t = time.perf_counter()
        found = len(list(ids_query))
        ids_ms = (time.perf_counter() - t) * 1000
        t0 = time.perf_counter()
        total = matches.count()
        t1 = time.perf_counter()
        page = list(matches.order_by("-object_id").values_list("object_id", flat=True)[:25])
        t2 = time.perf_counter()
        if found != total:
            raise SystemExit(f"query {query!r}: {found} ids but {total} matches")
        return total, len(page), (t1 - t0) * 1000, (t2 - t1) * 1000, ids_ms

    for query in queries:  # warm-up
        run(query)
    counts, pages, both, hits, ids = [], [], [], [], []
    slowest = []
    for query in queries:
        total, shown, count_ms, page_ms, ids_ms = run(query)
        ids.append(ids_ms)
        if shown != min(total, 25):
            raise SystemExit(f"query {query!r}: {total} matches but {shown} on the page")
        counts.append(count_ms)
        pages.append(page_ms)
        both.append(count_ms + page_ms)
        hits.append(total)
        slowest.append((count_ms + page_ms, query, total))
    slowest.sort(reverse=True)
    return {
        "ids": ids,
        "count": counts,
        "page": pages,
        "both": both,
        "hits": hits,
        "slowest": slowest[:5],
    }


def measure_similar(items: list[dict]) -> dict:
    from renda.textsearch import index as textsearch

    cpu = []

    def run(item):
        c0, t0 = time.process_time(), time.perf_counter()
        result = textsearch.similar(SCOPE, item["text"], group=item["category"], limit=5)
        cpu.append((time.process_time() - c0) * 1000)
        return result, (time.perf_counter() - t0) * 1000

    for item in items[:20]:  # warm-up
        run(item)
    times = {"duplicate": [], "new": []}
    found = first = 0
    empty = 0
    for item in items:
        result, ms = run(item)
        kind = "duplicate" if item["original"] else "new"
        times[kind].append(ms)
        ids = [pk for pk, _score in result]
        if item["original"]:
            found += item["original"] in ids
            first += bool(ids) and ids[0] == item["original"]
        elif not ids:
            empty += 1
    duplicates = sum(1 for item in items if item["original"])
    return {
        "times": times,
        "all": times["duplicate"] + times["new"],
        "cpu": cpu[20:],
        "found": found,
        "first": first,
        "duplicates": duplicates,
        "new_without_result": empty,
    }


def line(label: str, values: list[float]) -> str:
    return f"{label:<34} {statistics.median(values):9.1f} {p95(values):9.1f} {max(values):9.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--reset", action="store_true", help="index the rows again")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database whose name ends in _bench (default: the bench SQLite file)",
    )
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    migrate()
    import django
    from django.db import connection

    if args.reset or indexed_rows() != args.rows:
        load(args.rows)
    vendor = connection.vendor
    version = (
        connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
        if vendor == "sqlite"
        else connection.cursor().connection.info.server_version
    )
    print(
        f"\n{args.rows:,} opinions indexed; {vendor} {version}; Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    queries = opinion_texts.search_queries(args.queries)
    search = measure_search(queries)
    similar = measure_similar(submissions(args.rows, args.submissions))

    print(f"{'benchmark (ms)':<34} {'median':>9} {'p95':>9} {'max':>9}")
    print("-" * 64)
    print(line("search: matching_ids() evaluated", search["ids"]))
    print(line("search: count", search["count"]))
    print(line("search: newest 25", search["page"]))
    print(line("search: count + newest 25", search["both"]))
    print(line("similar (all submissions)", similar["all"]))
    print(line("similar: rewordings", similar["times"]["duplicate"]))
    print(line("similar: new texts", similar["times"]["new"]))
    print(line("similar: CPU of this process", similar["cpu"]))
    hits = search["hits"]
    print(
        f"\nsearch: {len(queries)} queries, matches median {statistics.median(hits):,.0f}, "
        f"p95 {p95(hits):,}, max {max(hits):,}; {sum(1 for h in hits if not h)} with none"
    )
    kinds = opinion_texts.QUERY_KINDS
    for number, kind in enumerate(kinds):
        both = search["both"][number :: len(kinds)]
        found = search["hits"][number :: len(kinds)]
        print(
            f"  {kind:<16} count + newest 25 median {statistics.median(both):7.1f} ms, "
            f"p95 {p95(both):7.1f} ms; matches median {statistics.median(found):>9,.0f}"
        )
    others = [ms for k, ms in enumerate(search["both"]) if kinds[k % len(kinds)] != "common"]
    print(
        f"  without 'common': median {statistics.median(others):.1f} ms, p95 {p95(others):.1f} ms"
    )
    print(
        "slowest queries: "
        + "; ".join(f"{q!r} {ms:.0f} ms ({n:,})" for ms, q, n in search["slowest"])
    )
    print(
        f"similar: original in the top 5 for {similar['found']} of {similar['duplicates']} "
        f"rewordings, first for {similar['first']}; "
        f"{similar['new_without_result']} new texts without any similar item"
    )
    goals = p95(search["both"]) < 200 and p95(similar["all"]) < 50
    print(f"goals (search p95 < 200 ms, similar p95 < 50 ms): {'met' if goals else 'missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
