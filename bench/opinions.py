"""Benchmark public opinions at 1,000,000: intake throughput, search, similar items, routing.

    .venv/bin/python bench/opinions.py                          # SQLite, 1,000,000 opinions
    .venv/bin/python bench/opinions.py --database-url postgres://renda:renda@127.0.0.1:5432/renda_opinions_bench
    .venv/bin/python bench/opinions.py --rows 200000 --only intake --clients 8 --seconds 30

Generates the data first when the database does not hold ``--rows`` generated opinions
(bench/generate_opinions.py). Then:

- intake (over HTTP): gunicorn serving ``renda.wsgi`` with ``--workers`` (2) sync
  workers, DEBUG off, on a free local port; ``--clients`` (6) threads POST
  ``/api/v1/opinions/`` anonymously for ``--seconds`` (20), each request on a new
  connection, with a fresh text (bench/opinion_texts.new_submissions), a category, a
  district, a name, a phone and a client token. The same gunicorn set-up serves
  ``bench/bare`` (``DJANGO_SETTINGS_MODULE=bench.bare.settings``: renda's settings and
  middleware, one view that stores the same Case and PublicOpinion with a tracking code,
  with no validation, index, routing or audit): the stack's own limit. The two are
  measured in ``--rounds`` (4) alternating rounds, so that a shared machine whose speed
  drifts during the run slows both alike. Goal: the API at least half the bare rate. All clients post from 127.0.0.1, so the bench database raises
  ``opinions.submissions_per_hour`` to its maximum, 10,000 (generate_opinions.py). The
  opinions the bench creates (client token "bench-…") are deleted at the end, with their
  index entries; their audit rows stay (the audit log is append-only).
- search (over HTTP, the same gunicorn): ``GET /api/v1/opinions/?q=…`` as ``bench-office``
  (office staff, token) for ``--queries`` (180) varied queries
  (bench/opinion_texts.search_queries), one at a time, after one warm-up pass. Goal:
  p95 under 200 ms.
- similar items (in-process): ``renda.opinions.search.similar_to_text(text, category)``
  for ``--submissions`` (200) texts, half rewordings of stored opinions (is the original
  among the 5?), half new. Goal: p95 under 50 ms.
- routing (in-process): ``routing.suggest(text, category)`` on ``--items`` (1,000) fresh
  texts, labelled as the generator labels (bench/routing.py's Labeller): median and p95
  per item, accuracy, and the share confident enough to be suggested.

Columns: median and p95 wall-clock latency; ``cpu``, the gunicorn workers' CPU time per
request (with SQLite this includes the SQL); ``db cpu``, PostgreSQL's; ``other``, CPU
cores (of the machine's) busy with other work meanwhile. Slowness never fails the run;
an error answer does.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass

import generate_opinions as data
import handling
import opinion_texts
import routing as routing_bench

INTAKE_RATIO = 0.5
SEARCH_P95_MS = 200
SIMILAR_P95_MS = 50
TOKEN_PREFIX = "bench-"  # noqa: S105 - client tokens of the opinions this bench creates
SAMPLE_SEED = 77
p95 = handling.p95


BenchError = handling.BenchError


def Server(workers: int, database_url: str | None, settings: str, ready_path: str):  # noqa: N802
    """gunicorn on the opinions bench database (the handling bench's harness)."""
    return handling.Server(workers, database_url, settings, ready_path, bench_data=data)


# --- intake -----------------------------------------------------------------------------------
@dataclass
class Rate:
    label: str
    clients: int
    created: int
    seconds: float
    timings_ms: list[float]
    worker_cpu_ms: float
    database_cpu_ms: float
    other_cores: float

    @property
    def rate(self) -> float:
        return self.created / self.seconds


class Payloads:
    """Fresh opinions as an API client sends them, each with its own client token."""

    def __init__(self, count: int, districts: list[int]):
        rng = random.Random(SAMPLE_SEED)
        self.rows = [
            {
                "text": row.text,
                "category": routing_bench.CATEGORY[row.category],
                "district": districts[opinion_texts.DISTRICTS.index(row.district)],
                "location": "",
                "submitter_name": rng.choice(data.SURNAMES) + rng.choice(data.GIVEN),
                "submitter_phone": f"13{rng.randrange(10**9):09d}",
            }
            for row in opinion_texts.new_submissions(count, seed=SAMPLE_SEED)
        ]
        self.run = f"{int(time.time()) % 10**8}"
        self.lock = threading.Lock()
        self.next = 0

    def take(self, label: str) -> bytes:
        with self.lock:
            n = self.next
            self.next += 1
        body = dict(self.rows[n % len(self.rows)])
        body["client_token"] = f"{TOKEN_PREFIX}{label.split(',')[0]}-{self.run}-{n}"
        return json.dumps(body, ensure_ascii=False).encode()


def measure_intake(
    server: Server, label: str, payloads: Payloads, clients: int, seconds: float
) -> Rate:
    barrier = threading.Barrier(clients + 1)
    timings: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop = threading.Event()
    headers = {"Content-Type": "application/json"}

    def post() -> float:
        body = payloads.take(label)
        started = time.perf_counter()
        status, content, _ = handling.request(
            server.port, "POST", "/api/v1/opinions/", headers, body
        )
        if status != 201:
            raise BenchError(f"{label} intake: HTTP {status} {content[:300]!r}")
        return (time.perf_counter() - started) * 1000

    def client(index: int) -> None:
        try:
            for _ in range(5):  # warm-up
                post()
            barrier.wait()
            while not stop.is_set():
                timings[index].append(post())
        except (BenchError, OSError) as exc:
            errors.append(str(exc))
            stop.set()
            barrier.abort()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError as exc:
        raise BenchError(errors[0] if errors else "intake clients failed") from exc
    with handling.Meter(server) as meter:
        started = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    if errors:
        raise BenchError(errors[0])
    flat = [t for per_client in timings for t in per_client]
    return Rate(
        label,
        clients,
        len(flat),
        elapsed,
        flat,
        meter.worker_s * 1000 / len(flat),
        meter.database_s * 1000 / len(flat),
        meter.other_cores,
    )


def measure_intake_rounds(args, payloads: Payloads) -> tuple[Rate, Rate]:
    """The bare view and the API in alternating rounds, both servers up: a machine whose
    speed drifts (a shared virtual machine) slows both alike, and the ratio holds."""
    bare_rounds, api_rounds = [], []
    seconds = args.seconds / args.rounds
    with (
        Server(args.workers, args.database_url, "bench.bare.settings", "/ping/") as bare,
        Server(args.workers, args.database_url, "renda.settings", "/login/") as api,
    ):
        for _round in range(args.rounds):
            bare_rounds.append(measure_intake(bare, "bare", payloads, args.clients, seconds))
            api_rounds.append(measure_intake(api, "api", payloads, args.clients, seconds))
    return merged(bare_rounds), merged(api_rounds)


def merged(rounds: list[Rate]) -> Rate:
    created = sum(r.created for r in rounds)
    seconds = sum(r.seconds for r in rounds)
    return Rate(
        rounds[0].label,
        rounds[0].clients,
        created,
        seconds,
        [t for r in rounds for t in r.timings_ms],
        sum(r.worker_cpu_ms * r.created for r in rounds) / created,
        sum(r.database_cpu_ms * r.created for r in rounds) / created,
        sum(r.other_cores * r.seconds for r in rounds) / seconds,
    )


def cleanup() -> int:
    """Delete the opinions the bench created (and their cases and index entries)."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from renda.handling.models import Case
    from renda.opinions.models import PublicOpinion
    from renda.opinions.search import SCOPE
    from renda.opinions.tasks import index_and_route_pending
    from renda.textsearch import index as textsearch
    from renda.textsearch.models import SearchEntry

    created = PublicOpinion.objects.filter(client_token__startswith=TOKEN_PREFIX)
    ids = list(created.values_list("pk", "case_id"))
    if not ids:
        return 0
    indexed = set(
        SearchEntry.objects.filter(scope=SCOPE, object_id__in=[pk for pk, _ in ids]).values_list(
            "object_id", flat=True
        )
    )
    for pk in indexed:
        textsearch.remove(SCOPE, pk)
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            opinion_ids = [pk for pk, _ in chunk]
            PublicOpinion.objects.filter(pk__in=opinion_ids).delete()
            Case.objects.filter(pk__in=[case for _, case in chunk]).delete()
        # the bench runs no worker: the sweeps its intakes queued would pile up
        DBTaskResult.objects.filter(
            task_path=index_and_route_pending.module_path, status="READY"
        ).delete()
    return len(ids)


def intake_in_process(payloads: Payloads, count: int, profile: bool) -> dict:
    """SQL queries of one intake, and where an intake's time goes (cProfile over
    ``count`` in-process POSTs through django.test.Client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def post():
        response = client.post(
            "/api/v1/opinions/", payloads.take("inprocess"), content_type="application/json"
        )
        if response.status_code != 201:
            raise BenchError(f"in-process intake: HTTP {response.status_code} {response.content}")

    post()
    with CaptureQueriesContext(connection) as context:
        post()
    result = {"queries": len(context.captured_queries), "sql": context.captured_queries}
    timings = []
    profiler = cProfile.Profile() if profile else None
    for _ in range(count):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        post()
        if profiler:
            profiler.disable()
        timings.append((time.perf_counter() - started) * 1000)
    result["timings"] = timings
    if profiler:
        stats = pstats.Stats(profiler)
        parts = {
            "open_case (Case + audit)": "open_case",
            "PublicOpinion insert": "create",
            "audit.record": "record",
            "_index (textsearch.index)": "_index",
            "_route (routing.route_opinion)": "_route",
            "routing.suggest": "suggest",
            "rule_setting": "rule_setting",
            "_check_rate": "_check_rate",
            "_by_token": "_by_token",
            "IntakeInput validation": "validated",
            "jieba (lcut_for_search)": "lcut_for_search",
        }
        found = {}
        for (filename, _line, name), row in stats.stats.items():
            for label, function in parts.items():
                if name == function and ("renda" in filename or "jieba" in filename):
                    if function == "create" and "opinions/services" not in filename:
                        continue
                    found[label] = found.get(label, 0) + row[3]  # cumulative seconds
        result["parts"] = {label: found[label] * 1000 / count for label in parts if label in found}
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        result["profile"] = text.getvalue()
    return result


# --- search -----------------------------------------------------------------------------------
def measure_search(server: Server, token: str, queries: list[str]) -> dict:
    from urllib.parse import urlencode

    headers = {"Authorization": f"Token {token}"}

    def get(query: str) -> tuple[float, int]:
        url = "/api/v1/opinions/?" + urlencode({"q": query})
        started = time.perf_counter()
        status, content, _ = handling.request(server.port, "GET", url, headers)
        ms = (time.perf_counter() - started) * 1000
        if status != 200:
            raise BenchError(f"search {query!r}: HTTP {status} {content[:300]!r}")
        body = json.loads(content)
        if len(body["results"]) != min(body["count"], 50):
            raise BenchError(f"search {query!r}: {body['count']} matches, a wrong page")
        return ms, body["count"]

    for query in queries:  # warm-up: the page cache, as on a server that has run a while
        get(query)
    timings, hits = [], []
    with handling.Meter(server) as meter:
        for query in queries:
            ms, count = get(query)
            timings.append(ms)
            hits.append(count)
    return {
        "timings": timings,
        "hits": hits,
        "worker_cpu_ms": meter.worker_s * 1000 / len(queries),
        "database_cpu_ms": meter.database_s * 1000 / len(queries),
        "other": meter.other_cores,
    }


def search_queries_in_process(queries: list[str]) -> tuple[int, list]:
    """SQL queries of one search request, and their SQL (for --sql)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from renda.core.models import User

    token, _ = Token.objects.get_or_create(user=User.objects.get(username=data.OFFICE_USER))
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token.key}")
    client.get("/api/v1/opinions/", {"q": queries[0]})
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/opinions/", {"q": queries[0]})
    if response.status_code != 200:
        raise BenchError(f"in-process search: HTTP {response.status_code}")
    return len(context.captured_queries), context.captured_queries


# --- similar items and routing (in-process) ----------------------------------------------------
def similar_items(rows: int, count: int) -> list[dict]:
    """Half rewordings of stored opinions, half new texts."""
    from renda.opinions.models import PublicOpinion

    rng = random.Random(SAMPLE_SEED)
    numbers = rng.sample(range(1, rows + 1), count // 2)
    stored = PublicOpinion.objects.in_bulk(numbers)
    items = [
        {
            "text": opinion_texts.reword(stored[n].text, n),
            "category": stored[n].category,
            "original": n,
        }
        for n in numbers
        if n in stored
    ]
    for row in opinion_texts.new_submissions(count - len(items), seed=SAMPLE_SEED + 1):
        items.append(
            {"text": row.text, "category": routing_bench.CATEGORY[row.category], "original": None}
        )
    return items


def measure_similar(items: list[dict]) -> dict:
    from renda.opinions.search import similar_to_text

    for item in items[:20]:  # warm-up
        similar_to_text(item["text"], item["category"])
    timings, found, first, new_empty = [], 0, 0, 0
    for item in items:
        started = time.perf_counter()
        result = similar_to_text(item["text"], item["category"])
        timings.append((time.perf_counter() - started) * 1000)
        ids = [opinion.pk for opinion, _score in result]
        if item["original"]:
            found += item["original"] in ids
            first += bool(ids) and ids[0] == item["original"]
        elif not ids:
            new_empty += 1
    return {
        "timings": timings,
        "found": found,
        "first": first,
        "rewordings": sum(1 for i in items if i["original"]),
        "new_empty": new_empty,
    }


def measure_routing(count: int) -> dict:
    from renda.core.models import Organisation
    from renda.opinions import routing

    units = dict(
        Organisation.objects.filter(code__startswith=routing_bench.UNIT_PREFIX).values_list(
            "code", "pk"
        )
    )
    labeller = routing_bench.Labeller(data.SEED + 2)
    fresh = [
        (
            r.text,
            routing_bench.CATEGORY[r.category],
            units[labeller.label(r.text, r.category, r.district)],
        )
        for r in opinion_texts.new_submissions(count, seed=data.SEED + 2)
    ]
    started = time.perf_counter()
    routing.current_router()
    load_ms = (time.perf_counter() - started) * 1000
    limit = routing.threshold()
    timings, right, confident, confident_right = [], 0, 0, 0
    for text, category, expected in fresh:
        started = time.perf_counter()
        suggestion = routing.suggest(text, category)
        timings.append((time.perf_counter() - started) * 1000)
        if suggestion:
            right += suggestion[0] == expected
            if suggestion[1] >= limit:
                confident += 1
                confident_right += suggestion[0] == expected
    model = routing.RouterModel.objects.latest()
    return {
        "timings": timings,
        "accuracy": right / len(fresh),
        "suggested": confident / len(fresh),
        "suggested_right": confident_right / max(confident, 1),
        "threshold": limit,
        "load_ms": load_ms,
        "samples": model.samples,
        "heldout": model.accuracy,
    }


# --- the run ----------------------------------------------------------------------------------
def row(label, n, timings, cpu="", db="", other="", target="", met=None) -> str:
    cells = [
        f"{n:,}",
        f"{statistics.median(timings):.1f}",
        f"{p95(timings):.1f}",
        cpu,
        db,
        other,
        target,
        "" if met is None else ("ok" if met else "MISSED"),
    ]
    return f"{label:<34}" + "".join(f"{c:>11}" for c in cells)


def print_sql(queries: list, label: str) -> None:
    print(f"\n-- {label}")
    for query in queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:400]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=data.DEFAULT_ROWS)
    parser.add_argument("--clients", type=int, default=6, help="concurrent intake clients")
    parser.add_argument("--seconds", type=float, default=20, help="of each intake measurement")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating bare/API rounds the seconds are cut in"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--queries", type=int, default=180)
    parser.add_argument("--submissions", type=int, default=200, help="for similar items")
    parser.add_argument("--items", type=int, default=1000, help="for routing")
    parser.add_argument("--inprocess", type=int, default=100, help="in-process intakes timed")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of the in-process intakes"
    )
    parser.add_argument(
        "--lean",
        action="store_true",
        help="also measure the API intake without indexing and routing (bench/bare/lean_*)",
    )
    parser.add_argument(
        "--only", help="run only some parts: intake, search, similar, routing (comma-separated)"
    )
    parser.add_argument(
        "--sql", action="store_true", help="print the SQL of an intake and a search"
    )
    parser.add_argument(
        "--database-url",
        help=f"a PostgreSQL database whose name ends in _bench, e.g. {data.POSTGRES_URL} "
        "(default: the bench SQLite file)",
    )
    args = parser.parse_args(argv)
    parts = set((args.only or "intake,search,similar,routing").split(","))
    data.setup_django(args.database_url)
    data.prepare(args.rows)
    import django
    from django.db import connection, connections

    from renda.core.models import Organisation

    vendor = connection.vendor
    version = (
        connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
        if vendor == "sqlite"
        else connection.cursor().connection.info.server_version
    )
    print(data.summary())
    print(
        f"database: {data.describe_database()} ({vendor} {version}); Python "
        f"{sys.version.split()[0]}, Django {django.get_version()}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    districts = list(
        Organisation.objects.filter(code__startswith=data.DISTRICT_PREFIX)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    payloads = Payloads(5000, districts)
    queries = opinion_texts.search_queries(args.queries)
    results = {}
    try:
        cleanup()
        if "similar" in parts:
            results["similar"] = measure_similar(similar_items(args.rows, args.submissions))
            print(f"  similar: p95 {p95(results['similar']['timings']):.1f} ms", flush=True)
        if "routing" in parts:
            results["routing"] = measure_routing(args.items)
            print(f"  routing: p95 {p95(results['routing']['timings']):.2f} ms", flush=True)
        if "intake" in parts:
            results["inprocess"] = intake_in_process(payloads, max(1, args.inprocess), True)
            print(
                f"  intake in-process: {results['inprocess']['queries']} queries, median "
                f"{statistics.median(results['inprocess']['timings']):.1f} ms",
                flush=True,
            )
            if args.sql:
                print_sql(results["inprocess"]["sql"], "one intake")
        if "search" in parts:
            results["search_queries"], sql = search_queries_in_process(queries)
            if args.sql:
                print_sql(sql, f"search {queries[0]!r}")
        cleanup()
        connections.close_all()  # SQLite: leave the file to the servers' processes

        if "intake" in parts:
            results["bare"], results["api"] = measure_intake_rounds(args, payloads)
            print(
                f"  intake: bare view {results['bare'].rate:.1f}/s, "
                f"API {results['api'].rate:.1f}/s",
                flush=True,
            )
            if args.lean:
                with Server(
                    args.workers, args.database_url, "bench.bare.lean_settings", "/login/"
                ) as lean:
                    results["lean"] = measure_intake(
                        lean, "api, no index/routing", payloads, args.clients, args.seconds
                    )
                print(f"  API without index/routing: {results['lean'].rate:.1f}/s", flush=True)
        if "search" in parts:
            with Server(args.workers, args.database_url, "renda.settings", "/login/") as server:
                if "search" in parts:
                    token = handling.Login(server.port, data.OFFICE_USER).token
                    results["search"] = measure_search(server, token, queries)
                    print(f"  search: p95 {p95(results['search']['timings']):.1f} ms", flush=True)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        print(f"deleted {cleanup():,} opinions created by the bench")
    report(args, results, queries)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def report(args, results: dict, queries: list[str]) -> None:
    print()
    columns = ("n", "median ms", "p95 ms", "cpu ms", "db cpu", "other", "target", "")
    print(f"{'benchmark':<34}" + "".join(f"{c:>11}" for c in columns))
    print("-" * (34 + 11 * len(columns)))
    bare, api = results.get("bare"), results.get("api")
    for rate in (bare, api, results.get("lean")):
        if rate is None:
            continue
        target, met = "", None
        if rate is not bare and bare:
            target, met = f"≥{INTAKE_RATIO * bare.rate:.0f}/s", api.rate >= INTAKE_RATIO * bare.rate
        print(
            row(
                f"intake {rate.label} ({rate.rate:.1f}/s)",
                rate.created,
                rate.timings_ms,
                f"{rate.worker_cpu_ms:.1f}",
                f"{rate.database_cpu_ms:.1f}",
                f"{rate.other_cores:.2f}",
                target,
                met,
            )
        )
    if "search" in results:
        s = results["search"]
        print(
            row(
                "search API ?q=",
                len(s["timings"]),
                s["timings"],
                f"{s['worker_cpu_ms']:.1f}",
                f"{s['database_cpu_ms']:.1f}",
                f"{s['other']:.2f}",
                f"p95<{SEARCH_P95_MS}",
                p95(s["timings"]) < SEARCH_P95_MS,
            )
        )
    if "similar" in results:
        s = results["similar"]
        print(
            row(
                "similar_to_text (in-process)",
                len(s["timings"]),
                s["timings"],
                target=f"p95<{SIMILAR_P95_MS}",
                met=p95(s["timings"]) < SIMILAR_P95_MS,
            )
        )
    if "routing" in results:
        r = results["routing"]
        print(row("routing.suggest (in-process)", len(r["timings"]), r["timings"]))
    if "inprocess" in results:
        r = results["inprocess"]
        print(row("intake in-process (test Client)", len(r["timings"]), r["timings"]))
    print()
    if bare and api:
        print(
            f"intake: {args.clients} clients, {args.workers} gunicorn workers, {args.seconds:g} s "
            f"in {args.rounds} alternating rounds "
            f"each: API {api.rate:.1f}/s, bare view {bare.rate:.1f}/s, ratio "
            f"{api.rate / bare.rate:.2f} (goal ≥ {INTAKE_RATIO})"
        )
    if bare and results.get("lean"):
        lean = results["lean"]
        print(
            f"API without index and routing: {lean.rate:.1f}/s, ratio {lean.rate / bare.rate:.2f}"
        )
    if "inprocess" in results:
        r = results["inprocess"]
        print(f"queries per intake: {r['queries']}")
        if r.get("parts"):
            print(
                "in-process intake, ms per intake (cumulative, parts overlap): "
                + "; ".join(f"{k} {v:.2f}" for k, v in r["parts"].items())
            )
    if "search" in results:
        s = results["search"]
        kinds = opinion_texts.QUERY_KINDS
        print(
            f"search: {len(queries)} queries, {results.get('search_queries', '?')} SQL queries "
            f"each; matches median {statistics.median(s['hits']):,.0f}, max {max(s['hits']):,}"
        )
        for number, kind in enumerate(kinds):
            times = s["timings"][number :: len(kinds)]
            hits = s["hits"][number :: len(kinds)]
            if times:
                print(
                    f"  {kind:<16} median {statistics.median(times):7.1f} ms, p95 "
                    f"{p95(times):7.1f} ms; matches median {statistics.median(hits):>9,.0f}"
                )
        others = [ms for k, ms in enumerate(s["timings"]) if kinds[k % len(kinds)] != "common"]
        print(
            f"  without 'common': median {statistics.median(others):.1f} ms, "
            f"p95 {p95(others):.1f} ms"
        )
        slowest = sorted(zip(s["timings"], queries, s["hits"], strict=True), reverse=True)[:5]
        print("  slowest: " + "; ".join(f"{q!r} {ms:.0f} ms ({n:,})" for ms, q, n in slowest))
    if "similar" in results:
        s = results["similar"]
        print(
            f"similar: original among the 5 for {s['found']} of {s['rewordings']} rewordings, "
            f"first for {s['first']}; {s['new_empty']} new texts without a similar item"
        )
    if "routing" in results:
        r = results["routing"]
        print(
            f"routing: model of {r['samples']:,} samples (held-out accuracy {r['heldout']:.3f}), "
            f"loaded in {r['load_ms']:.0f} ms; fresh texts: accuracy {r['accuracy']:.3f}; at the "
            f"threshold {r['threshold']}: {r['suggested']:.0%} suggested, "
            f"{r['suggested_right']:.3f} of them right"
        )
    if args.profile and "inprocess" in results:
        print("\nprofile of the in-process intakes (top 30, cumulative):")
        print(results["inprocess"]["profile"])


if __name__ == "__main__":
    sys.exit(main())
