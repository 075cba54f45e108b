"""Benchmark the ballot engine: 200 committee members cast one secret ballot at once.

Sets up its own PostgreSQL database (name ending in _bench; created and migrated when
missing): a term, --members committee members, each with an account and an API token,
and one open secret motion. Serves renda with gunicorn (--workers sync workers, DEBUG
off), then every member POSTs /api/v1/ballots/{id}/cast/ at the same moment (one
thread each, released by a barrier); --duplicates of them send a second vote at the
same time. Checks that every vote is counted exactly once (participations = members,
counters = the choices sent, every duplicate refused with 400) and times closing,
publishing and reading the result through the API.

    .venv/bin/python bench/ballots.py --database-url postgres://renda:renda@127.0.0.1:5432/renda_ballots_bench
"""

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlparse

import generate_handling as data
from handling import BenchError, Server, request

DEFAULT_URL = "postgres://renda:renda@127.0.0.1:5432/renda_ballots_bench"
CODES = ("yes", "no", "abstain")
OFFICE = "bench-ballot-office"


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(data.check_database_url(url))
    name = parsed.path.lstrip("/")
    server = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(members: int) -> tuple[int, dict[str, str], dict[str, int], str]:
    """Members, tokens and one open secret ballot; returns (ballot id, tokens by
    username, option ids by code, the office's token)."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from renda.ballots import services
    from renda.ballots.models import Ballot
    from renda.core import roles
    from renda.core.models import CommitteeMember, Person, Term, User

    call_command("migrate", verbosity=0)
    term, _ = Term.objects.get_or_create(number=99, defaults={"start_date": dt.date(2023, 1, 6)})
    group = Group.objects.get_or_create(name=roles.COMMITTEE_MEMBER)[0]
    office, created = User.objects.get_or_create(username=OFFICE)
    if created:
        office.set_password(data.PASSWORD)
        office.save()
        office.groups.add(Group.objects.get_or_create(name=roles.OFFICE_STAFF)[0])
    existing = CommitteeMember.objects.filter(term=term).count()
    for i in range(existing, members):
        person = Person.objects.create(name=f"压测委员{i:03d}")
        CommitteeMember.objects.create(
            person=person, term=term, post="member", start_date=term.start_date
        )
        user = User.objects.create(username=f"bench-member-{i:03d}", person=person)
        user.groups.add(group)
    users = User.objects.filter(person__memberships__term=term).order_by("username")[:members]
    tokens = {u.username: Token.objects.get_or_create(user=u)[0].key for u in users}
    ballot = services.create_ballot(
        question=f"压测表决 {time.strftime('%H:%M:%S')}",
        kind="motion",
        method="secret",
        electorate="committee_members",
        term=term,
        held_on=dt.date(2023, 6, 29),
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        actor=office,
    )
    services.open_ballot(ballot, actor=office)
    options = {o.code: o.pk for o in ballot.options.all()}
    return ballot.pk, tokens, options, Token.objects.get_or_create(user=office)[0].key


def post(port, url, token, body=None) -> tuple[int, float, bytes]:
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    start = time.perf_counter()
    status, content, _ = request(port, "POST", url, headers, json.dumps(body or {}).encode())
    return status, (time.perf_counter() - start) * 1000, content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--duplicates", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    ensure_database(args.database_url)
    data.setup_django(args.database_url)
    ballot_id, tokens, options, office_token = prepare(args.members)
    usernames = sorted(tokens)
    choice_of = {u: CODES[i % 3] if i % 10 else "yes" for i, u in enumerate(usernames)}
    url = f"/api/v1/ballots/{ballot_id}/"

    with Server(args.workers, args.database_url) as server:
        port = server.port
        # warm every worker (imports, connections) without voting
        for _ in range(args.workers * 2):
            request(port, "GET", f"{url}result/", {"Authorization": f"Token {office_token}"})
        jobs = [(u, choice_of[u]) for u in usernames]
        duplicates = [(u, "no") for u in usernames[: args.duplicates]]
        everyone = jobs + duplicates
        barrier = threading.Barrier(len(everyone) + 1)
        results: list = [None] * len(everyone)

        def vote(index, username, code):
            barrier.wait()
            answer = post(port, f"{url}cast/", tokens[username], {"choices": [options[code]]})
            results[index] = (username, *answer, code)

        threads = [
            threading.Thread(target=vote, args=(i, u, c)) for i, (u, c) in enumerate(everyone)
        ]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start

        statuses = Counter(r[1] for r in results)
        accepted = Counter(r[0] for r in results if r[1] == 201)
        # a member's two votes race: whichever arrives first counts, the other is refused
        expected = Counter(r[4] for r in results if r[1] == 201)
        timings = [r[2] for r in results]
        problems = []
        if statuses[201] != args.members or set(accepted.values()) != {1}:
            problems.append(
                f"accepted votes {statuses[201]} (by {len(accepted)} members), want {args.members} once each"
            )
        if statuses[400] != args.duplicates or set(statuses) - {201, 400}:
            problems.append(
                f"answers {dict(statuses)}: want {args.duplicates} duplicates refused with 400"
            )

        status, close_ms, content = post(port, f"{url}close/", office_token)
        if status != 200:
            problems.append(f"close: HTTP {status} {content[:200]!r}")
        status, publish_ms, content = post(port, f"{url}publish/", office_token)
        if status != 200:
            problems.append(f"publish: HTTP {status} {content[:200]!r}")
        start = time.perf_counter()
        status, body, _ = request(
            port, "GET", f"{url}result/", {"Authorization": f"Token {office_token}"}
        )
        result_ms = (time.perf_counter() - start) * 1000
        result = json.loads(body)
        got = {o["code"]: o["count"] for o in result["options"]}
        if got != {c: expected[c] for c in CODES} or result["participants"] != args.members:
            problems.append(
                f"tally {got}, participants {result['participants']}; want {dict(expected)}"
            )
        if result["invalid"] != 0:
            problems.append(f"invalid {result['invalid']}, want 0")

    ordered = sorted(timings)
    print(
        f"{args.members} members + {args.duplicates} duplicate votes at once, {args.workers} gunicorn workers, PostgreSQL"
    )
    print(f"  all votes answered in {wall:.2f} s ({len(everyone) / wall:.0f} requests/s)")
    print(
        f"  per vote: median {statistics.median(ordered):.0f} ms, p95 {ordered[int(len(ordered) * 0.95) - 1]:.0f} ms, max {ordered[-1]:.0f} ms"
    )
    print(
        f"  answers: {dict(statuses)}; tally {got}, passed={result['passed']} (needed {result['needed']})"
    )
    print(f"  close {close_ms:.0f} ms, publish {publish_ms:.0f} ms, result {result_ms:.0f} ms")
    for problem in problems:
        print(f"ERROR: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"ERROR: {exc}")
        sys.exit(1)
