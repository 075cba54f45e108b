"""Shared fixtures: one user per role (set up once per test), a fast hasher, no network,
and a movable clock with a session and registered suggestions for workflow tests."""

import datetime as dt

import pytest
from django.utils import timezone

from renda.core import clock


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "zh-hans"
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
def _audit_maintenance_for_flush(request):
    """Transactional tests end with a flush (TRUNCATE on PostgreSQL), which the audit
    table's guard refuses while it holds rows; the suite's own flush says it is
    maintenance. Requesting the database fixture first makes this teardown run
    before the flush."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET renda.audit_maintenance = 'on'")


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
