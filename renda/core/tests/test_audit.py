"""The audit log: written with the change, append-only, viewable, searchable."""

import pytest
from django.db import (
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.urls import reverse

from renda.core import audit
from renda.core.models import AuditEntry, AuditImmutable, Organisation
from renda.core.services import save_record

pytestmark = pytest.mark.django_db


def _entry(world):
    with transaction.atomic():
        return audit.record(
            world.users["office_staff"], world.unit, "update", before={"a": 1}, after={"a": 2}
        )


def test_editing_a_unit_records_who_what_before_after_and_why(world, client_for):
    url = reverse("core:organisation-edit", args=[world.unit.pk])
    response = client_for("office_staff").post(
        url,
        {
            "code": world.unit.code,
            "name": "改名后的住建局",
            "kind": "department",
            "contact_phone": world.unit.contact_phone,
            "is_handling_unit": "on",
            "is_active": "on",
            "note": "机构改革更名",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(target_id=str(world.unit.pk), verb="update")
    assert entry.actor == world.users["office_staff"]
    assert entry.before == {"name": "本单位住建局"}
    assert entry.after == {"name": "改名后的住建局"}
    assert entry.note == "机构改革更名"
    # and the record keeps its field history (django-simple-history)
    assert world.unit.history.count() >= 2


def test_a_failed_change_leaves_no_audit_row(world):
    before = AuditEntry.objects.count()
    duplicate = Organisation(code=world.other_unit.code, name="重复", kind="department")
    with pytest.raises(Exception):  # noqa: B017 - validation error from full_clean
        save_record(duplicate, actor=world.users["office_staff"])
    assert AuditEntry.objects.count() == before


def test_audit_rows_cannot_be_changed_through_the_orm(world):
    entry = _entry(world)
    entry.note = "rewritten"
    with pytest.raises(AuditImmutable):
        entry.save()
    with pytest.raises(AuditImmutable):
        entry.delete()
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.all().delete()


def test_audit_rows_cannot_be_changed_with_raw_sql(world):
    entry = _entry(world)
    for sql in (
        "UPDATE core_auditentry SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises((IntegrityError, InternalError, OperationalError, ProgrammingError)):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.note == ""


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(world):
    with pytest.raises(RuntimeError):
        audit.record(world.users["office_staff"], world.unit, "update")


def test_administrator_searches_the_audit_log(world, client_for):
    _entry(world)
    client = client_for("administrator")
    found = client.get(reverse("core:audit-list"), {"q": world.unit.name})
    assert found.status_code == 200
    assert world.unit.name in found.content.decode()
    missing = client.get(reverse("core:audit-list"), {"q": "不存在的记录"})
    assert world.unit.name not in missing.content.decode()
    by_actor = client.get(reverse("core:audit-list"), {"actor_name": "t-office"})
    assert "t-office" in by_actor.content.decode()


def test_history_shows_on_the_record_page(world, client_for):
    _entry(world)
    page = client_for("office_staff").get(reverse("core:organisation-detail", args=[world.unit.pk]))
    assert "t-office" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE guard is PostgreSQL's")
def test_audit_table_cannot_be_truncated(world):
    _entry(world)
    with connection.cursor() as cursor:
        # an earlier transactional test's teardown may have set it on this connection;
        # this SET is undone with the test's transaction
        cursor.execute("SET renda.audit_maintenance = 'off'")
        # PostgreSQL refuses any TRUNCATE while deferred FK checks are pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE core_auditentry CASCADE")
    assert AuditEntry.objects.exists()
