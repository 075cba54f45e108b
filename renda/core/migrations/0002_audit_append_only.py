"""Database triggers that refuse UPDATE and DELETE on the audit table, so that not
even raw SQL from the application can rewrite history."""

from django.db import migrations

TABLE = "core_auditentry"

SQLITE_UP = [
    f"""CREATE TRIGGER core_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    f"""CREATE TRIGGER core_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_audit_no_update;",
    "DROP TRIGGER IF EXISTS core_audit_no_delete;",
]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION core_audit_refuse_change() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'audit entries are append-only'
           USING ERRCODE = 'integrity_constraint_violation';
       END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER core_audit_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION core_audit_refuse_change();""",
    # TRUNCATE bypasses row triggers; refuse it too, unless the table is empty (nothing
    # to lose) or a maintenance session says so explicitly (the test suite's flush
    # between transactional tests: see conftest.py).
    f"""CREATE OR REPLACE FUNCTION core_audit_refuse_truncate() RETURNS trigger AS $$
       BEGIN
         IF current_setting('renda.audit_maintenance', true) = 'on'
            OR NOT EXISTS (SELECT 1 FROM {TABLE}) THEN
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'audit entries are append-only'
           USING ERRCODE = 'integrity_constraint_violation';
       END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER core_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION core_audit_refuse_truncate();""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS core_audit_no_truncate ON {TABLE};",
    f"DROP TRIGGER IF EXISTS core_audit_no_change ON {TABLE};",
    "DROP FUNCTION IF EXISTS core_audit_refuse_truncate();",
    "DROP FUNCTION IF EXISTS core_audit_refuse_change();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
