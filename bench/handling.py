"""Benchmark case handling over HTTP: a unit's inbox, the overdue list, statistics,
and suggestions created by four deputies at once.

Generates the bench data first when the database does not hold the volume asked
for (bench/generate_handling.py). Counts each request's SQL queries in-process
(django.test.Client with CaptureQueriesContext), then serves the app with gunicorn
(--workers sync workers, DEBUG off) on a free local port, logs in through the API
token endpoint and times real HTTP requests. Slowness never fails the run; errors
(non-2xx answers, wrong row counts) and a query count that grows with the size or
depth of a page (an N+1) do.

    .venv/bin/python bench/handling.py [--suggestions 100000] [--repeat 200] [--seconds 20]
    .venv/bin/python bench/handling.py --database-url postgres://renda:renda@127.0.0.1:5432/renda_bench
"""

import argparse
import http.client
import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import generate
import generate_handling as data

WARMUP = 10
MIN_REPEAT = 40
API_LIST_P95_MS = 30
PAGE_P95_MS = 60
STATISTICS_MS = 300
CREATIONS_PER_S = 140
CREATED_MARK = "（压测）"  # ends the title of every suggestion the bench creates
HANDLER = "bench-unit-busy"
CO_SIGNERS = (101, 102)  # deputies who co-sign the created suggestions
PAGE_SIZE = 25  # renda.core.listing.PAGE_SIZE
# workbench pages: label, path, params, users to try in turn, kind, volume key (rows)
PAGES = [
    ("page cases", "/handling/cases/", {}, (data.OFFICE_USER,), "page", "cases"),
    ("page cases deep", "/handling/cases/", {"page": "deep"}, (data.OFFICE_USER,), "page", "cases"),
    ("page overdue", "/handling/cases/overdue/", {}, (data.OFFICE_USER,), "page", "overdue"),
    ("page inbox", "/handling/inbox/", {}, (data.OFFICE_USER, HANDLER), "page", "inbox"),
    ("page suggestions", "/suggestions/", {}, (data.OFFICE_USER,), "page", "cases"),
    (
        "page statistics 2023",
        "/handling/statistics/",
        {"year": 2023},
        (data.OFFICE_USER,),
        "statistics",
        None,
    ),
]
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    pass


@dataclass(frozen=True)
class Bench:
    label: str
    path: str
    params: dict
    user: str
    kind: str  # "api" list, "page", "statistics" (a year's: the goal), "overview" (no goal)
    rows: int | None = None  # rows expected in an API page; None: some

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def target(self) -> tuple[str, float | None]:
        return {
            "api": ("p95", API_LIST_P95_MS),
            "page": ("p95", PAGE_P95_MS),
            "statistics": ("p95", STATISTICS_MS),
            "overview": ("p95", None),
        }[self.kind]


@dataclass
class Result:
    bench: Bench
    timings_ms: list[float]
    worker_cpu_ms: float  # the gunicorn workers' CPU time per request
    database_cpu_ms: float  # PostgreSQL's CPU time per request
    other_cores: float  # CPU cores busy with other work meanwhile
    queries: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return p95(self.timings_ms)

    @property
    def met(self) -> bool | None:
        limit = self.bench.target[1]
        return None if limit is None else self.p95 <= limit


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


# --- the machine ------------------------------------------------------------------------------
def cpu_jiffies(pid: int) -> int:
    """utime + stime of one process, in clock ticks; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])


def database_jiffies() -> dict[int, int]:
    """CPU ticks of each PostgreSQL server process, by pid."""
    ticks = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                head, _, tail = f.read().rpartition(")")
        except (FileNotFoundError, ProcessLookupError):
            continue
        if head.endswith("(postgres"):
            fields = tail.split()
            ticks[int(entry)] = int(fields[11]) + int(fields[12])
    return ticks


def machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


def steadiness(repeat: int = 200) -> str:
    """The same few milliseconds of pure Python, timed again and again: on a steady
    machine its p95 is close to its median; the ratio says how much of a request's p95
    the machine itself adds (a shared VM's stolen time)."""

    def task() -> int:
        total = 0
        for i in range(150_000):
            total += i * i
        return total

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    return (
        f"a fixed CPU task: median {median:.1f} ms, p95 {p95(timings):.1f} ms "
        f"(p95/median {p95(timings) / median:.2f})"
    )


class Meter:
    """CPU used by the workers, by PostgreSQL and by everything else during one measurement."""

    def __init__(self, server):
        self.server = server
        self.postgres = server.env.get("DATABASE_URL", "").startswith("postgres")

    def database(self) -> dict[int, int]:
        """PostgreSQL's processes, when the bench runs on it (with SQLite the SQL runs
        inside the workers, and the idle cluster's CPU counts as other work)."""
        return database_jiffies() if self.postgres else {}

    def __enter__(self):
        self.wall = time.perf_counter()
        self.workers = self.server.cpu_jiffies()
        self.own = cpu_jiffies(os.getpid())
        self.database_start = self.database()
        self.busy = machine_busy()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.wall
        busy, total = machine_busy()
        cores = os.cpu_count() or 1
        all_busy = (busy - self.busy[0]) / max(1, total - self.busy[1]) * cores
        self.worker_s = (self.server.cpu_jiffies() - self.workers) / CLK_TCK
        self.own_s = (cpu_jiffies(os.getpid()) - self.own) / CLK_TCK
        end = self.database()
        used = sum(max(0, ticks - self.database_start.get(pid, 0)) for pid, ticks in end.items())
        self.database_s = used / CLK_TCK
        ours = self.worker_s + self.own_s + self.database_s
        self.other_cores = max(0.0, all_busy - ours / wall)
        return False


# --- the server -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving renda (or the bare view) on the bench database."""

    def __init__(
        self,
        workers: int,
        database_url: str | None,
        settings: str | None = None,
        ready_path: str = "/login/",
        bench_data=None,
    ):
        """``bench_data``: the generator module whose database is served (this bench's
        by default; the opinions bench passes its own)."""
        bench_data = bench_data or data
        self.workers = workers
        self.port = free_port()
        self.env = bench_data.bench_environ(database_url)
        self.env["RENDA_DEBUG"] = "0"
        name = "gunicorn"
        if settings:  # another settings module (the bare-view baseline)
            self.env["DJANGO_SETTINGS_MODULE"] = settings
            name += "-" + settings.replace(".", "-")
        self.ready_path = ready_path
        # next to the database served (each bench sets its own RENDA_VAR_DIR)
        self.log_path = Path(self.env["RENDA_VAR_DIR"]) / f"{name}.log"
        self.process = None

    def __enter__(self):
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        command = [
            gunicorn,
            "renda.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            command, cwd=generate.ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited; see {self.log_path}")
            try:
                status, _, _ = request(self.port, "GET", self.ready_path)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200 and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer in 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return False

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [int(p) for p in f.read().split()]
        except FileNotFoundError:
            return []

    def cpu_jiffies(self) -> int:
        return sum(cpu_jiffies(pid) for pid in self.worker_pids())


# --- HTTP -----------------------------------------------------------------------------------
def request(
    port, method, url, headers=None, body=None
) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, url, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


class Login:
    """Headers that authenticate one user: an API token, or a session cookie for pages."""

    def __init__(self, port: int, username: str):
        self.port, self.username = port, username
        self._token = self._cookie = None

    @property
    def token(self) -> str:
        if self._token is None:
            body = json.dumps({"username": self.username, "password": data.PASSWORD})
            status, content, _ = request(
                self.port,
                "POST",
                "/api/v1/auth/token/",
                {"Content-Type": "application/json"},
                body.encode(),
            )
            if status != 200:
                raise BenchError(f"token for {self.username}: HTTP {status} {content[:200]!r}")
            self._token = json.loads(content)["token"]
        return self._token

    @property
    def cookie(self) -> str:
        """Log in through the login form, as a browser does."""
        if self._cookie is None:
            status, content, response = request(self.port, "GET", "/login/")
            jar = cookies(response)
            found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
            if status != 200 or not found or "csrftoken" not in jar:
                raise BenchError("login page: no CSRF token")
            form = {
                "username": self.username,
                "password": data.PASSWORD,
                "csrfmiddlewaretoken": found.group(1).decode(),
            }
            status, content, response = request(
                self.port,
                "POST",
                "/login/",
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={jar['csrftoken']}",
                },
                urlencode(form).encode(),
            )
            jar.update(cookies(response))
            if status != 302 or "sessionid" not in jar:
                raise BenchError(f"login of {self.username}: HTTP {status}")
            self._cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        return self._cookie

    def headers(self, api: bool = True) -> dict:
        if api:
            return {"Authorization": f"Token {self.token}"}
        return {"Cookie": self.cookie}


def cookies(response) -> dict:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def check(bench: Bench, status: int, content: bytes) -> None:
    """An error answer, or an empty page, would make the timing meaningless."""
    if status != 200:
        raise BenchError(f"{bench.url} as {bench.user}: HTTP {status} {content[:200]!r}")
    if not bench.api:
        rows = content.count(b"<tr><td>")  # core/_list_table.html: one per record
        if bench.kind == "page" and (rows == 0 or (bench.rows is not None and rows != bench.rows)):
            raise BenchError(f"{bench.url}: {rows} rows, expected {bench.rows or 'some'}")
        return
    body = json.loads(content)
    if bench.kind in {"statistics", "overview"}:
        if not body["totals"]["total"]:
            raise BenchError(f"{bench.url}: no cases counted")
        return
    rows = len(body["results"])
    if rows == 0 or (bench.rows is not None and rows != bench.rows):
        raise BenchError(f"{bench.url}: {rows} rows, expected {bench.rows or 'some'}")


def measure_http(server: Server, logins: dict, bench: Bench, repeat: int, budget: float) -> Result:
    """``repeat`` timed requests, fewer (but at least MIN_REPEAT) when they would take
    longer than ``budget`` seconds."""
    headers = logins[bench.user].headers(bench.api)
    started = time.perf_counter()
    for _ in range(WARMUP):
        check(bench, *request(server.port, "GET", bench.url, headers)[:2])
    each = (time.perf_counter() - started) / WARMUP
    repeat = max(min(repeat, MIN_REPEAT), min(repeat, int(budget / each)))
    timings = []
    with Meter(server) as meter:
        for _ in range(repeat):
            started = time.perf_counter()
            status, content, _ = request(server.port, "GET", bench.url, headers)
            timings.append((time.perf_counter() - started) * 1000)
            check(bench, status, content)
    return Result(
        bench,
        timings,
        meter.worker_s * 1000 / repeat,
        meter.database_s * 1000 / repeat,
        meter.other_cores,
    )


# --- creating suggestions -------------------------------------------------------------------
def creation_payload(session_id: int, number: int) -> dict:
    return {
        "session": session_id,
        "title": f"关于加快推进第{number}号片区背街小巷改造的建议{CREATED_MARK}",
        "text": "近年来片区道路年久失修，雨天积水严重，群众出行不便。建议有关部门统筹资金，"
        "分批实施改造，并建立长效管护机制。",
        "category": "urban",
        "co_signers": list(CO_SIGNERS),
    }


@dataclass
class CreationResult:
    clients: int
    created: int
    seconds: float
    timings_ms: list[float]
    worker_cpu_ms: float
    database_cpu_ms: float
    other_cores: float
    client_cpu_ms: float
    queries: int | None = None

    @property
    def rate(self) -> float:
        return self.created / self.seconds


def measure_creation(
    server: Server, logins: dict, session_id: int, seconds: float
) -> CreationResult:
    users = data.DEPUTY_USERS
    barrier = threading.Barrier(len(users) + 1)
    timings: list[list[float]] = [[] for _ in users]
    errors: list[str] = []
    stop = threading.Event()

    def client(index: int, login: Login) -> None:
        headers = {"Content-Type": "application/json", **login.headers()}

        def create(n: int) -> float:
            body = json.dumps(creation_payload(session_id, n)).encode()
            started = time.perf_counter()
            status, content, _ = request(server.port, "POST", "/api/v1/suggestions/", headers, body)
            if status != 201:
                raise BenchError(f"create as {login.username}: HTTP {status} {content[:300]!r}")
            return (time.perf_counter() - started) * 1000

        try:
            for n in range(5):  # warm-up
                create(n)
            barrier.wait()
            n = 0
            while not stop.is_set():
                n += 1
                timings[index].append(create(n))
        except (BenchError, OSError) as exc:
            errors.append(str(exc))
            stop.set()
            barrier.abort()

    threads = [
        threading.Thread(target=client, args=(i, logins[user])) for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError as exc:
        raise BenchError(errors[0] if errors else "creation clients failed") from exc
    with Meter(server) as meter:
        started = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    if errors:
        raise BenchError(errors[0])
    flat = [t for per_client in timings for t in per_client]
    return CreationResult(
        len(users),
        len(flat),
        elapsed,
        flat,
        meter.worker_s * 1000 / len(flat),
        meter.database_s * 1000 / len(flat),
        meter.other_cores,
        meter.own_s * 1000 / len(flat),
    )


# --- in-process: SQL queries per request ----------------------------------------------------
class InProcess:
    """django.test.Client per user, authenticated like the HTTP clients."""

    def __init__(self):
        self.clients = {}

    def client(self, username: str, api: bool = True):
        from django.test import Client
        from rest_framework.authtoken.models import Token

        from renda.core.models import User

        key = (username, api)
        if key not in self.clients:
            user = User.objects.get(username=username)
            if api:
                token, _ = Token.objects.get_or_create(user=user)
                client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token.key}")
            else:
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def get(self, bench: Bench):
        return self.client(bench.user, bench.api).get(bench.url)

    def queries(self, bench: Bench, show_sql: str = "") -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(bench)  # warm caches (content types, rule settings) first
        with CaptureQueriesContext(connection) as context:
            response = self.get(bench)
        check(bench, response.status_code, response.content)
        print_sql(bench.label, bench.url, context.captured_queries, show_sql)
        return len(context.captured_queries)

    def create_queries(self, session_id: int, co_signers: tuple, show_sql: str = "") -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.client(data.DEPUTY_USERS[0])
        payload = creation_payload(session_id, 0) | {"co_signers": list(co_signers)}
        post = lambda: client.post(  # noqa: E731
            "/api/v1/suggestions/", json.dumps(payload), content_type="application/json"
        )
        post()
        with CaptureQueriesContext(connection) as context:
            response = post()
        if response.status_code != 201:
            raise BenchError(
                f"create in-process: HTTP {response.status_code} {response.content[:300]!r}"
            )
        label = f"create, {len(co_signers)} co-signers"
        print_sql(label, "POST /api/v1/suggestions/", context.captured_queries, show_sql)
        return len(context.captured_queries)


def print_sql(label: str, url: str, queries: list, show: str) -> None:
    """--sql: every query with its time; --sql explain: with its plan too."""
    if not show:
        return
    from django.db import connection

    print(f"\n-- {label}: {url}")
    for query in queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql']}")
        if show == "explain" and query["sql"].lstrip().upper().startswith("SELECT"):
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + query["sql"])
                for row in cursor.fetchall():
                    print("           plan:", " | ".join(str(c) for c in row))


# --- what to measure ------------------------------------------------------------------------
def deep_page(rows: int, page_size: int) -> int:
    """A page nine tenths into the list."""
    return max(1, math.ceil(rows / page_size) * 9 // 10)


def rows_on(total: int, page_size: int, page: int = 1) -> int:
    """Rows on a page of a list of ``total`` rows."""
    return max(0, min(page_size, total - (page - 1) * page_size))


def volumes() -> dict:
    from renda.core import clock
    from renda.core.models import Session, User
    from renda.handling.models import Assignment, Case

    def assignments(username, **conditions):
        unit = User.objects.get(username=username).organisation_id
        return Assignment.objects.filter(unit_id=unit, **conditions).count()

    overdue = Case.objects.filter(Case.overdue_on(clock.today())).count()
    session = Session.objects.filter(body=Session.Body.CONGRESS).order_by("-start_date").first()
    return {
        "inbox": assignments(HANDLER),
        "inbox_active": assignments(HANDLER, state=Assignment.State.ACTIVE),
        "inbox_mid": assignments("bench-unit-mid"),
        "overdue": overdue,
        "cases": Case.objects.count(),
        "session": session.pk,
    }


def listing(label: str, path: str, params: dict, user: str, total: int) -> Bench:
    """An API list request, with the rows its page must hold."""
    rows = rows_on(total, params.get("page_size", 50), params.get("page", 1))
    return Bench(label, path, params, user, "api", rows=rows)


def api_benches(v: dict) -> list[Bench]:
    inbox, active = v["inbox"], v["inbox_active"]
    overdue, office = v["overdue"], data.OFFICE_USER
    statistics_url = "/api/v1/handling/statistics/"
    return [
        listing("api inbox", "/api/v1/inbox/", {}, HANDLER, inbox),
        listing("api inbox state=active", "/api/v1/inbox/", {"state": "active"}, HANDLER, active),
        listing(
            "api inbox deep page",
            "/api/v1/inbox/",
            {"page": deep_page(inbox, 50)},
            HANDLER,
            inbox,
        ),
        listing("api cases overdue", "/api/v1/cases/", {"overdue": "true"}, office, overdue),
        listing(
            "api cases overdue deep",
            "/api/v1/cases/",
            {"overdue": "true", "page": deep_page(overdue, 50)},
            office,
            overdue,
        ),
        listing("api cases", "/api/v1/cases/", {}, office, v["cases"]),
        Bench("statistics 2023", statistics_url, {"year": 2023}, office, "statistics"),
        # the goal is a year's statistics; every year at once is shown for scale
        Bench("statistics all years", statistics_url, {}, office, "overview"),
    ]


def page_benches(inprocess: InProcess, v: dict) -> tuple[list[Bench], list[str]]:
    """The workbench's case pages, where they exist yet: GET as each candidate user."""
    benches, notes = [], []
    for label, path, params, users, kind, volume in PAGES:
        total = v[volume] if volume else None
        if params.get("page") == "deep":
            params = {**params, "page": deep_page(total, PAGE_SIZE)}
        rows = None if total is None else rows_on(total, PAGE_SIZE, params.get("page", 1))
        answers = []
        for user in users:
            bench = Bench(label, path, params, user, kind, rows=rows)
            status = inprocess.get(bench).status_code
            answers.append(f"{user} {status}")
            if status == 200:
                benches.append(bench)
                break
        else:
            notes.append(f"{label} {path}: not measured ({', '.join(answers)})")
    return benches, notes


def constant_queries(inprocess: InProcess, v: dict, pages: list[Bench], show_sql) -> list[tuple]:
    """Pairs of requests that differ only in page size, depth or data volume."""
    office = data.OFFICE_USER
    inbox, mid = v["inbox"], v["inbox_mid"]

    overdue, cases = v["overdue"], v["cases"]

    def api(path, params, user, total):
        return listing(f"{path}?{urlencode(params)}", path, params, user, total)

    statistics_url = "/api/v1/handling/statistics/"
    pairs = [
        (
            "inbox page_size 10 vs 200",
            api("/api/v1/inbox/", {"page_size": 10}, HANDLER, inbox),
            api("/api/v1/inbox/", {"page_size": 200}, HANDLER, inbox),
        ),
        (
            "inbox page 1 vs deep page",
            api("/api/v1/inbox/", {"page_size": 10}, HANDLER, inbox),
            api("/api/v1/inbox/", {"page_size": 10, "page": deep_page(inbox, 10)}, HANDLER, inbox),
        ),
        (
            f"inbox {mid:,} vs {inbox:,} assignments",
            api("/api/v1/inbox/", {"page_size": 10}, "bench-unit-mid", mid),
            api("/api/v1/inbox/", {"page_size": 10}, HANDLER, inbox),
        ),
        (
            "cases overdue page_size 10 vs 200",
            api("/api/v1/cases/", {"overdue": "true", "page_size": 10}, office, overdue),
            api("/api/v1/cases/", {"overdue": "true", "page_size": 200}, office, overdue),
        ),
        (
            "cases page_size 10 vs 200",
            api("/api/v1/cases/", {"page_size": 10}, office, cases),
            api("/api/v1/cases/", {"page_size": 200}, office, cases),
        ),
        (
            "statistics 2023 vs all years",
            Bench("statistics 2023", statistics_url, {"year": 2023}, office, "statistics"),
            Bench("statistics all", statistics_url, {}, office, "overview"),
        ),
    ]
    for page in pages:
        if page.kind != "page" or "page" in page.params:
            continue
        deeper = [b for b in pages if b.path == page.path and "page" in b.params]
        deep = deeper[0] if deeper else Bench(page.label, page.path, {"page": 3}, page.user, "page")
        pairs.append((f"{page.label}: page 1 vs {deep.params['page']}", page, deep))
    results = []
    for label, first, second in pairs:
        a, b = inprocess.queries(first, show_sql), inprocess.queries(second, show_sql)
        results.append((label, a, b, a == b))
    return results


# --- the run --------------------------------------------------------------------------------
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suggestions", type=int, default=data.DEFAULT_SUGGESTIONS)
    parser.add_argument("--deputies", type=int, default=generate.DEFAULT_DEPUTIES)
    parser.add_argument("--units", type=int, default=generate.DEFAULT_UNITS)
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per benchmark")
    parser.add_argument(
        "--seconds", type=float, default=20, help="how long the four deputies create suggestions"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60,
        help=f"seconds per benchmark: slow requests are repeated fewer times (at least {MIN_REPEAT})",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--sql",
        nargs="?",
        const="sql",
        choices=["sql", "explain"],
        help="print each counted request's SQL (with 'explain': and its query plan)",
    )
    parser.add_argument(
        "--only", help="run only the benchmarks whose label contains this text (e.g. inbox)"
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database whose name ends in _bench (default: the bench SQLite file)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 20:
        parser.error("--repeat must be at least 20")
    return args


def cleanup() -> int:
    """Delete the drafts the bench created, so that every run starts from the same data.
    (Their audit rows stay: the audit log is append-only.)"""
    from renda.suggestions.models import Suggestion

    drafts = Suggestion.objects.filter(state=Suggestion.State.DRAFT, title__endswith=CREATED_MARK)
    deleted = drafts.count()
    drafts.delete()
    return deleted


COLUMNS = ("n", "median ms", "p95 ms", "cpu ms", "db cpu", "queries", "other", "target", "")


def print_table(results: list[Result], creation: CreationResult | None) -> None:
    header = f"{'benchmark':<26}" + "".join(f"{name:>11}" for name in COLUMNS)
    print(header)
    print("-" * len(header))
    for r in results:
        what, limit = r.bench.target
        cells = (
            len(r.timings_ms),
            f"{r.median:.1f}",
            f"{r.p95:.1f}",
            f"{r.worker_cpu_ms:.1f}",
            f"{r.database_cpu_ms:.1f}",
            "-" if r.queries is None else r.queries,
            f"{r.other_cores:.2f}",
            "no goal" if limit is None else f"{what}≤{limit:g}",
            {True: "ok", False: "MISSED", None: ""}[r.met],
        )
        print(f"{r.bench.label:<26}" + "".join(f"{cell!s:>11}" for cell in cells))
    if creation:
        c = creation
        cells = (
            c.created,
            f"{statistics.median(c.timings_ms):.1f}",
            f"{p95(c.timings_ms):.1f}",
            f"{c.worker_cpu_ms:.1f}",
            f"{c.database_cpu_ms:.1f}",
            "-" if c.queries is None else c.queries,
            f"{c.other_cores:.2f}",
            f"≥{CREATIONS_PER_S}/s",
            "ok" if c.rate >= CREATIONS_PER_S else "MISSED",
        )
        print(f"{'create suggestion':<26}" + "".join(f"{cell!s:>11}" for cell in cells))
        print(
            f"\ncreation: {c.clients} clients, {c.created:,} suggestions in {c.seconds:.1f} s"
            f" = {c.rate:.1f} per second; the bench's own clients used {c.client_cpu_ms:.1f} ms"
            " of CPU per creation"
        )


def main(argv=None) -> int:
    args = parse_args(argv)
    # whitenoise warns that STATIC_ROOT does not exist until collectstatic has run
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    data.setup_django(args.database_url)
    data.prepare(args.deputies, args.units, args.suggestions)
    import django
    from django.db import connection

    print(data.summary())
    print(f"database: {data.describe_database()} ({connection.vendor})")
    print(
        f"Python {sys.version.split()[0]}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(f"machine before: {steadiness()}")
    v = volumes()
    inprocess = InProcess()
    try:
        cleanup()
        pages, notes = page_benches(inprocess, v)
        benches = [*api_benches(v), *pages]
        if args.only:
            benches = [b for b in benches if args.only in b.label]
        queries = {b.label: inprocess.queries(b, args.sql) for b in benches}
        create_queries = [
            inprocess.create_queries(v["session"], co, args.sql) for co in ((), CO_SIGNERS)
        ]
        checks = constant_queries(inprocess, v, pages, args.sql)
        cleanup()
        from django.db import connections

        connections.close_all()  # SQLite: leave the file to the server's processes

        results, creation = [], None
        with Server(args.workers, args.database_url) as server:
            users = {b.user for b in benches} | set(data.DEPUTY_USERS)
            logins = {user: Login(server.port, user) for user in users}
            for bench in benches:
                result = measure_http(server, logins, bench, args.repeat, args.budget)
                result.queries = queries[bench.label]
                results.append(result)
                print(f"  {bench.label}: p95 {result.p95:.1f} ms", flush=True)
            if not args.only or "create" in args.only:
                creation = measure_creation(server, logins, v["session"], args.seconds)
                creation.queries = create_queries[1]
        print()
        print("n sequential requests each over HTTP (creation: 4 clients at once); cpu = gunicorn")
        print("workers' CPU per request; db cpu = PostgreSQL's (SQLite runs inside the workers);")
        print(
            f"other = CPU cores busy with other work meanwhile (of the machine's {os.cpu_count()});"
        )
        print("queries counted in-process.\n")
        print_table(results, creation)
        print(
            f"queries per creation: {create_queries[0]} without co-signers, "
            f"{create_queries[1]} with {len(CO_SIGNERS)}"
        )
        for note in notes:
            print(note)
        print()
        for label, a, b, same in checks:
            print(f"{label}: {a} vs {b} queries: {'ok' if same else 'FAIL (N+1?)'}")
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        print(f"deleted {cleanup():,} drafts created by the bench")
    print(f"machine after: {steadiness()}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(same for *_, same in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
