"""Shared fixtures: one user per role (set up once per test), a fast hasher, no network,
and a movable clock with a session and registered suggestions for workflow tests."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from renda.core import clock

# Fixtures through which a test reaches the database.
_DB_FIXTURES = frozenset(
    {"db", "transactional_db", "world", "live_server", "django_db_setup", "_django_db_helper"}
)


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` go first, so that the workers of pytest-xdist start them at
    once instead of one worker finishing a long test alone at the end. With
    RENDA_TESTS_DATABASE_ONLY set (CI's second database), tests that never touch the
    database are left out: they ran on the first."""
    if os.environ.get("RENDA_TESTS_DATABASE_ONLY"):
        kept = [item for item in items if _uses_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "zh-hans"
    # background tasks run at once, inside the request that enqueues them
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["immediate"]}}
    # API throttles count in the cache; each test starts with none used.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    from renda.core.tests.factories import build_world

    return build_world()


@pytest.fixture
def client_for(client, world):
    """``client_for("unit")`` → a test client logged in as that role's user."""
    from django.test import Client

    def make(role: str) -> Client:
        c = Client()
        if role != "anonymous":
            c.force_login(world.users[role])
        return c

    return make


@pytest.fixture(autouse=True)
def _audit_guard_and_flush(request):
    """The audit table refuses UPDATE/DELETE/TRUNCATE (migration core 0002). A
    transactional test ends with a flush that empties every table, so its teardown —
    which runs before the flush — lifts the guard (SQLite: drops the triggers;
    PostgreSQL: marks the session as maintenance), and every database test starts by
    putting the guard back."""
    marker = request.node.get_closest_marker("django_db")
    if not _uses_database(request.node):
        yield
        return
    request.getfixturevalue("_django_db_helper") if marker else request.getfixturevalue("db")
    from importlib import import_module

    from django.db import connection

    guard = import_module("renda.core.migrations.0002_audit_append_only")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in guard.SQLITE_UP:
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    yield
    if not (marker and marker.kwargs.get("transaction")):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET renda.audit_maintenance = 'on'")
        elif connection.vendor == "sqlite":
            for sql in guard.SQLITE_DOWN:
                cursor.execute(sql)


class Today:
    """Moves renda's clock: ``today`` and ``now`` (noon, Asia/Shanghai) follow ``value``."""

    def __init__(self, monkeypatch, start):
        self.value = start
        monkeypatch.setattr(clock, "today", lambda: self.value)
        monkeypatch.setattr(
            clock,
            "now",
            lambda: timezone.make_aware(dt.datetime.combine(self.value, dt.time(12, 0))),
        )

    def advance(self, days: int) -> dt.date:
        self.value += dt.timedelta(days=days)
        return self.value


@pytest.fixture
def today(monkeypatch):
    return Today(monkeypatch, dt.date(2023, 3, 1))


@pytest.fixture
def session(world):
    from renda.core.models import Session

    return Session.objects.get_or_create(
        term=world.term, body="congress", number=1, defaults={"start_date": dt.date(2023, 1, 6)}
    )[0]


@pytest.fixture
def registered(world, session, today):
    """A registered suggestion of the world's deputy; returns its case."""

    from renda.suggestions import services as suggestion_services
    from renda.suggestions.models import Suggestion

    def make(title="关于改善公交线路的建议", **register_kwargs):
        item = Suggestion.objects.create(
            session=session,
            title=title,
            text="……",
            category="urban",
            lead_deputy=world.deputy,
            state=Suggestion.State.SUBMITTED,
        )
        suggestion_services.register(item, actor=world.users["office_staff"], **register_kwargs)
        item.refresh_from_db()
        return item.case

    return make


CHROMIUM = "/usr/bin/chromium"
browser_test = [
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the fixtures are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()
