"""Benchmark the deputies list page and the deputies API at target volume.

Generates the bench database first when it is absent (bench/generate.py), then
sends each request --repeat times through django.test.Client as an office-staff
user and prints median and p95 latency and SQL queries per request. Slowness
never fails the run; errors (non-200 answers, wrong row counts) and a query count
that grows with the page size (an N+1) do.

    .venv/bin/python bench/run.py [--deputies 20000] [--units 2000] [--repeat 50] [--sql]

The other benches are scripts of their own, beside this one: handling.py, opinions.py,
textsearch.py, routing.py, ballots.py, legislation_texts.py and dashboard.py (the
leaders' dashboard at 100,000 suggestions and a million opinions' hot-topics window).
"""

import argparse
import math
import re
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from urllib.parse import urlencode

import generate

USERNAME = "bench-office"
WARMUP = 3
SEARCH = "王"  # a common surname: the search matches a dozen pages
DETAIL_LINK = re.compile(rb'href="/deputies/\d+/"')


@dataclass(frozen=True)
class Bench:
    label: str
    path: str
    params: dict
    rows: int | None = None  # rows expected in an API page; None: not checked

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path


@dataclass
class Result:
    bench: Bench
    timings_ms: list[float]
    cpu_ms: list[float]  # this process's CPU time: less noisy on a busy machine
    queries: int
    sql_ms: float

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.timings_ms, n=20, method="inclusive")[-1]


class BenchError(Exception):
    pass


def office_client():
    from django.contrib.auth.models import Group
    from django.test import Client

    from renda.core import roles
    from renda.core.models import User

    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_staff": False})
    user.groups.set([Group.objects.get(name=roles.OFFICE_STAFF)])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def search_count(query: str) -> int:
    """Deputies the list's search finds, with the view's own search fields."""
    from django.db.models import Q

    from renda.core.models import Deputy
    from renda.core.views import DeputyListView

    condition = Q()
    for field in DeputyListView.search_fields:
        condition |= Q(**{f"{field}__icontains": query})
    return Deputy.objects.filter(condition).count()


def deep_page(rows: int, page_size: int) -> int:
    """A page nine tenths into the list."""
    pages = max(1, math.ceil(rows / page_size))
    return max(1, pages * 9 // 10)


def page_benches(deputies: int) -> list[Bench]:
    from renda.core.listing import PAGE_SIZE

    found = search_count(SEARCH)
    return [
        Bench("page /deputies/", "/deputies/", {}),
        Bench("page deep", "/deputies/", {"page": deep_page(deputies, PAGE_SIZE)}),
        Bench("page search", "/deputies/", {"q": SEARCH}),
        Bench(
            "page search deep",
            "/deputies/",
            {"q": SEARCH, "page": deep_page(found, PAGE_SIZE)},
        ),
    ]


def api_benches(deputies: int) -> list[Bench]:
    path = "/api/v1/deputies/"
    return [
        Bench("api page_size=50", path, {"page_size": 50}, rows=50),
        Bench("api page_size=200", path, {"page_size": 200}, rows=200),
        Bench(
            "api page_size=200 deep",
            path,
            {"page_size": 200, "page": deep_page(deputies, 200)},
            rows=200,
        ),
        Bench("api search", path, {"search": SEARCH, "page_size": 50}),
    ]


def fetch(client, bench: Bench) -> tuple[float, float]:
    """One request: (wall-clock ms, CPU ms)."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(bench.url)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    check(bench, response)
    return wall * 1000, cpu * 1000


def check(bench: Bench, response) -> None:
    """An error answer, or an empty page, would make the timing meaningless."""
    if response.status_code != 200:
        raise BenchError(f"{bench.url}: HTTP {response.status_code}")
    if bench.path.startswith("/api/"):
        rows = len(response.json()["results"])
        if rows == 0 or (bench.rows is not None and rows != bench.rows):
            raise BenchError(f"{bench.url}: {rows} rows, expected {bench.rows or 'some'}")
    elif not DETAIL_LINK.search(response.content):
        raise BenchError(f"{bench.url}: no deputy in the page")


def query_count(client, bench: Bench) -> tuple[int, float, list]:
    """SQL queries and SQL time (ms) of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        fetch(client, bench)
    queries = context.captured_queries
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    return len(queries), sql_ms, queries


def measure(client, bench: Bench, repeat: int, show_sql: bool) -> Result:
    for _ in range(WARMUP):
        fetch(client, bench)
    count, sql_ms, queries = query_count(client, bench)
    if show_sql:
        print_sql(bench, queries)
    timings = [fetch(client, bench) for _ in range(repeat)]
    wall = [t[0] for t in timings]
    cpu = [t[1] for t in timings]
    return Result(bench, wall, cpu, count, sql_ms)


def print_sql(bench: Bench, queries: list) -> None:
    print(f"\n-- {bench.label}: {bench.url}")
    for query in queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql']}")


COLUMNS = ("median ms", "p95 ms", "cpu ms", "queries", "sql ms")


def print_table(results: list[Result]) -> None:
    header = f"{'benchmark':<24}" + "".join(f"{name:>10}" for name in COLUMNS)
    print(header)
    print("-" * len(header))
    for r in results:
        cpu = statistics.median(r.cpu_ms)
        cells = (f"{r.median:.1f}", f"{r.p95:.1f}", f"{cpu:.1f}", r.queries, f"{r.sql_ms:.1f}")
        print(f"{r.bench.label:<24}" + "".join(f"{cell:>10}" for cell in cells))


def same_count(client, label: str, first: Bench, second: Bench) -> bool:
    """Print whether two requests that differ only in size or depth cost the same queries."""
    a = query_count(client, first)[0]
    b = query_count(client, second)[0]
    verdict = "ok" if a == b else "FAIL (N+1?)"
    print(f"{label}: {a} vs {b} queries: {verdict}")
    return a == b


def constant_queries(client, deputies: int) -> bool:
    from renda.core.listing import PAGE_SIZE

    api = "/api/v1/deputies/"
    checks = [
        same_count(
            client,
            "api page_size 10 vs 200",
            Bench("api 10", api, {"page_size": 10}, rows=10),
            Bench("api 200", api, {"page_size": 200}, rows=200),
        ),
        same_count(
            client,
            "page 1 vs deep page",
            Bench("page 1", "/deputies/", {}),
            Bench("page deep", "/deputies/", {"page": deep_page(deputies, PAGE_SIZE)}),
        ),
    ]
    return all(checks)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deputies", type=int, default=generate.DEFAULT_DEPUTIES)
    parser.add_argument("--units", type=int, default=generate.DEFAULT_UNITS)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per benchmark")
    parser.add_argument("--sql", action="store_true", help="print each benchmark's SQL")
    args = parser.parse_args(argv)
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    return args


def prepare(args) -> None:
    # whitenoise warns that STATIC_ROOT does not exist until collectstatic has run
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    generate.setup_django()
    if not generate.is_ready(args.deputies, args.units):
        print(f"generating {args.deputies:,} deputies and {args.units:,} units …")
        generate.generate(args.deputies, args.units, reset=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    prepare(args)
    client = office_client()
    benches = page_benches(args.deputies) + api_benches(args.deputies)
    print(f"{args.deputies:,} deputies, {args.units:,} units, {args.repeat} requests each")
    print(f"search: {SEARCH!r} matches {search_count(SEARCH):,} deputies\n")
    try:
        results = [measure(client, b, args.repeat, args.sql) for b in benches]
        print_table(results)
        print()
        constant = constant_queries(client, args.deputies)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
