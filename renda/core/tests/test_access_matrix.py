"""The access matrix: every URL of the project, as every role.

Fails on any 500, on any page a role must not see answering 200, and on any
response that carries another unit's or another deputy's private data. A URL that
is not declared in POLICY fails the test, so new URLs are covered as they appear.
"""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from renda.core.models import AuditEntry, CommitteeMember
from renda.core.tests.access_roles import (
    ADMIN,
    COMMITTEE,
    NOBODY,
    PUBLIC,
    REGISTRARS,
    ROLES,
    WITH_ROLE,
)
from renda.core.tests.factories import (
    OTHER_DEPUTY_ADDRESS,
    OTHER_DEPUTY_MOBILE,
    OTHER_UNIT_MARK,
    OTHER_UNIT_PHONE,
)

# Who may GET each URL (200). Object URLs are requested for the *other* unit/deputy.
POLICY = {
    "login": frozenset({"anonymous"}),  # logged-in users are sent home
    "logout": frozenset(),  # POST only
    "set_language": frozenset(),  # POST only
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "portal": PUBLIC,
    "api:token": frozenset(),  # POST only
    "api:api-root": WITH_ROLE,
    "api:reports:annual-figures": COMMITTEE,
    "api:deputy-list": COMMITTEE | {"deputy"},
    "api:deputy-detail": COMMITTEE,
    "api:organisation-list": WITH_ROLE,
    "api:organisation-detail": WITH_ROLE - {"unit_handler"},
    "api:committee-member-list": WITH_ROLE,
    "api:committee-member-detail": WITH_ROLE,
    "api:term-list": WITH_ROLE,
    "api:term-detail": WITH_ROLE,
    "core:home": WITH_ROLE,
    "core:deputy-list": COMMITTEE | {"deputy"},
    "core:deputy-create": REGISTRARS,
    "core:deputy-import": REGISTRARS,
    "core:deputy-detail": COMMITTEE,
    "core:deputy-edit": REGISTRARS,
    "core:organisation-list": WITH_ROLE,
    "core:organisation-create": REGISTRARS,
    "core:organisation-import": REGISTRARS,
    "core:organisation-detail": WITH_ROLE - {"unit_handler"},
    "core:organisation-edit": REGISTRARS,
    "core:member-list": WITH_ROLE,
    "core:rule-settings": COMMITTEE,
    "core:rule-setting-edit": ADMIN,
    "core:calendar": COMMITTEE,
    "core:audit-list": ADMIN,
    # handling engine (the case belongs to the other unit and the other deputy)
    "api:case-list": COMMITTEE | {"unit_handler", "deputy"},
    "api:case-detail": COMMITTEE,
    "api:case-assign": NOBODY,
    "api:case-return": NOBODY,
    "api:case-view": NOBODY,
    "api:case-reply": NOBODY,
    "api:case-evaluate": NOBODY,
    "api:case-review": NOBODY,
    "api:case-mark-key": NOBODY,
    "api:case-supervise": NOBODY,
    "api:case-implement": NOBODY,
    "api:inbox-list": frozenset({"unit_handler"}),
    "api:inbox-detail": NOBODY,
    "api:handling-statistics": COMMITTEE,
    "api:suggestion-list": COMMITTEE | {"unit_handler", "deputy"},
    "api:suggestion-detail": COMMITTEE,
    "api:suggestion-submit": NOBODY,
    "api:suggestion-return": NOBODY,
    "api:suggestion-decline": NOBODY,
    "api:suggestion-register": NOBODY,
    "api:suggestion-convert": NOBODY,
    "api:suggestion-merge": NOBODY,
    "api:suggestion-similar": REGISTRARS,
    "handling:case-list": COMMITTEE | {"unit_handler", "deputy"},
    "handling:overdue-list": COMMITTEE,
    "handling:case-detail": COMMITTEE,
    "handling:case-act": NOBODY,
    "handling:case-document": COMMITTEE,
    "handling:inbox": frozenset({"unit_handler"}),
    "handling:statistics": COMMITTEE,
    "suggestions:list": COMMITTEE | {"unit_handler", "deputy"},
    "suggestions:create": frozenset({"deputy"}),
    "suggestions:detail": COMMITTEE,
    "suggestions:edit": NOBODY,
    "suggestions:submit": NOBODY,
    "suggestions:review": NOBODY,
    "portal-suggestions": PUBLIC,
    "suggestions:commendations": COMMITTEE,
    "api:case-assignment-sheet": COMMITTEE,
    "api:case-reply-letter": NOBODY,  # no reply yet: 404 for everyone who sees the case
    "api:commendations": COMMITTEE,
}

# Who may POST where GET is not the measure (workflow actions): their POST may be
# refused by validation or the workflow (400/409), never by a 500; everyone else's
# POST must be refused and change nothing. Other URLs: the GET policy applies.
POST_POLICY = {
    "api:case-assign": REGISTRARS,
    "api:case-review": REGISTRARS,
    "api:case-mark-key": REGISTRARS,
    "api:case-implement": REGISTRARS,
    "api:case-supervise": COMMITTEE,
    "api:suggestion-list": frozenset({"deputy"}),
    "api:suggestion-return": REGISTRARS,
    "api:suggestion-decline": REGISTRARS,
    "api:suggestion-register": REGISTRARS,
    "api:suggestion-convert": REGISTRARS,
    "api:suggestion-merge": REGISTRARS,
    "handling:case-act": REGISTRARS,
    "suggestions:create": frozenset({"deputy"}),
    "suggestions:review": REGISTRARS,
    "suggestions:commendations": REGISTRARS,
    "api:commendations": REGISTRARS,
}

URL_ARGS = {
    "api:reports:annual-figures": lambda w: {"year": 2023},
    "api:deputy-detail": lambda w: {"pk": w.other_deputy.pk},
    "api:organisation-detail": lambda w: {"pk": w.other_unit.pk},
    "api:committee-member-detail": lambda w: {"pk": CommitteeMember.objects.first().pk},
    "api:term-detail": lambda w: {"pk": w.term.pk},
    "core:deputy-detail": lambda w: {"pk": w.other_deputy.pk},
    "core:deputy-edit": lambda w: {"pk": w.other_deputy.pk},
    "core:organisation-detail": lambda w: {"pk": w.other_unit.pk},
    "core:organisation-edit": lambda w: {"pk": w.other_unit.pk},
    "core:rule-setting-edit": lambda w: {"key": "handling.reply_months"},
    **{
        name: (lambda w: {"pk": w.other_case.pk})
        for name in (
            "api:case-detail",
            "api:case-assign",
            "api:case-return",
            "api:case-view",
            "api:case-reply",
            "api:case-evaluate",
            "api:case-review",
            "api:case-mark-key",
            "api:case-supervise",
            "api:case-implement",
            "api:case-assignment-sheet",
            "api:case-reply-letter",
        )
    },
    "api:inbox-detail": lambda w: {"pk": w.other_case.assignments.first().pk},
    "handling:case-detail": lambda w: {"pk": w.other_case.pk},
    "handling:case-act": lambda w: {"pk": w.other_case.pk, "action": "assign"},
    "handling:case-document": lambda w: {"pk": w.other_case.pk, "document": "assignment-sheet"},
    "suggestions:detail": lambda w: {"pk": w.other_suggestion.pk},
    "suggestions:edit": lambda w: {"pk": w.other_suggestion.pk},
    "suggestions:submit": lambda w: {"pk": w.other_suggestion.pk},
    "suggestions:review": lambda w: {"pk": w.other_suggestion.pk, "action": "register"},
    **{
        name: (lambda w: {"pk": w.other_suggestion.pk})
        for name in (
            "api:suggestion-detail",
            "api:suggestion-submit",
            "api:suggestion-return",
            "api:suggestion-decline",
            "api:suggestion-register",
            "api:suggestion-convert",
            "api:suggestion-merge",
            "api:suggestion-similar",
        )
    },
}


def _app_policies():
    """Each renda app may declare its own URLs in tests/access_policy.py."""
    from importlib import import_module

    from django.conf import settings

    modules = []
    for app in settings.INSTALLED_APPS:
        if app.startswith("renda.") and app != "renda.core":
            try:
                modules.append(import_module(f"{app}.tests.access_policy"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.tests.access_policy":
                    raise
    return modules


APP_POLICIES = _app_policies()
for _module in APP_POLICIES:
    POLICY.update(_module.POLICY)
    POST_POLICY.update(getattr(_module, "POST_POLICY", {}))
    URL_ARGS.update(getattr(_module, "URL_ARGS", {}))

# URLs that redirect elsewhere than the login page when refused.
REDIRECT_TO = {"login": "/", "set_language": "/"}

# What each role must never receive.
SECRETS = {
    "unit_handler": (OTHER_UNIT_MARK, OTHER_UNIT_PHONE, OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "deputy": (OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "leader": (OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "committee_member": (OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "expert": (OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "no_role": (OTHER_UNIT_MARK, OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
    "anonymous": (OTHER_UNIT_MARK, OTHER_DEPUTY_MOBILE, OTHER_DEPUTY_ADDRESS),
}


def _build_matrix_world():
    """The world of the matrix, and a registered suggestion of the other deputy assigned to
    the other unit, plus every app's objects of the other side (``prepare``)."""
    from renda.core.models import Session
    from renda.core.tests.factories import build_world
    from renda.handling import services as handling
    from renda.suggestions import services
    from renda.suggestions.models import Suggestion

    world = build_world()
    session = Session.objects.create(
        term=world.term, body="congress", number=1, start_date=world.term.start_date
    )
    office = world.users["office_staff"]
    item = Suggestion.objects.create(
        session=session,
        title="他代表的建议",
        text=OTHER_DEPUTY_ADDRESS[:2],
        category="other",
        lead_deputy=world.other_deputy,
        state=Suggestion.State.SUBMITTED,
    )
    services.register(item, actor=office)
    item.refresh_from_db()
    handling.assign_case(item.case, lead_unit=world.other_unit, actor=office)
    world.other_case, world.other_suggestion = item.case, item
    for module in APP_POLICIES:
        if hasattr(module, "prepare"):
            module.prepare(world)
    return world


@pytest.fixture(scope="module")
def _matrix_world(django_db_setup, django_db_blocker):
    """Built once per module (and xdist worker) inside a transaction that is rolled back
    at the end; each test runs in a savepoint within it, so what a test changes is undone
    and the next test sees the same world. Building it for each of the hundreds of URLs
    was most of the suite's time."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_matrix_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_matrix_world, db):
    for user in _matrix_world.users.values():
        user.__dict__.pop("_renda_roles", None)  # a test may change a user's groups
    return _matrix_world


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # Django admin: superusers only, tested below
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


ALL_URL_NAMES = sorted(set(_walk(get_resolver().url_patterns)))


def test_every_url_is_in_the_policy():
    undeclared = [name for name in ALL_URL_NAMES if name not in POLICY]
    assert not undeclared, f"declare who may see these URLs in POLICY: {undeclared}"
    stale = [name for name in POLICY if name not in ALL_URL_NAMES]
    assert not stale, f"POLICY names URLs that no longer exist: {stale}"


def _text_of(response) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    content_type = response.get("Content-Type", "")
    if "wordprocessingml" in content_type:
        import docx

        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", errors="replace")


def _assert_no_secret(role, url, response):
    text = _text_of(response)
    for secret in SECRETS.get(role, ()):
        assert secret not in text, f"{role} received {secret!r} from {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_URL_NAMES)
def test_access_matrix(name, world, client_for):
    url = reverse(name, kwargs=URL_ARGS.get(name, lambda w: {})(world))
    allowed = POLICY[name]
    for role in ROLES:
        client = client_for(role)
        response = client.get(url)
        assert response.status_code < 500, f"{role} GET {url} → {response.status_code}"
        if role in allowed:
            assert response.status_code == 200, f"{role} GET {url} → {response.status_code}"
        else:
            assert response.status_code in {302, 401, 403, 404, 405}, (
                f"{role} must not see {url}, got {response.status_code}"
            )
            if response.status_code == 302:
                target = REDIRECT_TO.get(name, reverse("login"))
                assert response["Location"].startswith(target), response["Location"]
        _assert_no_secret(role, url, response)
        if (
            response.status_code == 200
            and not getattr(response, "streaming", False)
            and b"format=xlsx" in response.content
        ):
            export = client.get(url, {"format": "xlsx"})
            assert export.status_code == 200
            _assert_no_secret(role, f"{url}?format=xlsx", export)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_URL_NAMES)
def test_refused_posts_change_nothing(name, world, client_for):
    """A POST by anyone must not fail with 500; by a role that may not use the page,
    it must change nothing."""
    url = reverse(name, kwargs=URL_ARGS.get(name, lambda w: {})(world))
    for role in ROLES:
        before = AuditEntry.objects.count()
        response = client_for(role).post(
            url, {"note": "x", "value": "7", "code": "X1", "name": "n"}
        )
        assert response.status_code < 500, f"{role} POST {url} → {response.status_code}"
        allowed = POST_POLICY.get(name, POLICY[name])
        if role not in allowed and name not in {
            "login",
            "api:token",
            "set_language",
            "logout",
        }:
            assert response.status_code in {302, 401, 403, 404, 405}, (
                f"{role} POST {url} → {response.status_code}"
            )
            assert AuditEntry.objects.count() == before, f"{role} POST {url} changed data"


@pytest.mark.django_db
def test_django_admin_is_for_superusers_only(world, client_for):
    for role in ROLES:
        response = client_for(role).get("/admin/")
        expected = 200 if role == "administrator" else 302
        assert response.status_code == expected, role


@pytest.mark.django_db
def test_own_records_are_visible(world, client_for):
    """The other side of the matrix: a deputy and a unit do see their own."""
    deputy = client_for("deputy")
    assert deputy.get(reverse("core:deputy-detail", args=[world.deputy.pk])).status_code == 200
    listing = deputy.get(reverse("api:deputy-list")).json()
    assert [row["id"] for row in listing["results"]] == [world.deputy.pk]
    unit = client_for("unit_handler")
    assert unit.get(reverse("core:organisation-detail", args=[world.unit.pk])).status_code == 200
    units = unit.get(reverse("api:organisation-list")).json()
    assert [row["id"] for row in units["results"]] == [world.unit.pk]
