"""Shared fixtures: one user per role (set up once per test), a fast hasher, no network."""

import pytest


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
