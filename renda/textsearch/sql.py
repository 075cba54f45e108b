# ruff: noqa: S608 - SQL built from constant table names only
"""Database-specific DDL of the full-text index, used by the migrations.

Migrations depend on these texts: never change one in place; add a new constant for a
new migration instead."""

from django.db import migrations

FTS_TABLE = "textsearch_fts"
ENTRY_TABLE = "textsearch_searchentry"

# SQLite: FTS5 over SearchEntry.tokens with external content (the tokens are stored once,
# in SearchEntry), kept in sync by triggers, whatever writes the table. unicode61 cuts the
# stored text at the spaces segment.segmented() put between words (and at punctuation
# inside a word, the same way for the index and the queries); Chinese characters are
# letters to it, so a segmented Chinese word stays one FTS token.
SQLITE_FTS = f"""
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    tokens, content='{ENTRY_TABLE}', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0'
)"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS textsearch_entry_ai AFTER INSERT ON {ENTRY_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS textsearch_entry_ad AFTER DELETE ON {ENTRY_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS textsearch_entry_au AFTER UPDATE OF id, tokens ON {ENTRY_TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
]
SQLITE_TRIGGER_NAMES = ["textsearch_entry_ai", "textsearch_entry_ad", "textsearch_entry_au"]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]

# PostgreSQL: a GIN index over the stored tsvector column SearchEntry.tsv
# (= to_tsvector('simple', tokens)); queries use ``tsv @@ to_tsquery('simple', …)``.
POSTGRES_GIN = f"CREATE INDEX textsearch_entry_tsv_idx ON {ENTRY_TABLE} USING gin (tsv)"
POSTGRES_DROP = "DROP INDEX IF EXISTS textsearch_entry_tsv_idx"


class VendorSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor and is a no-op elsewhere."""

    def __init__(self, vendor: str, sql, reverse_sql=None, **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def restore_sqlite_triggers(apps, schema_editor):
    """For a future migration after which SQLite remade textsearch_searchentry (which drops
    its triggers): put the triggers back and rebuild the FTS index from the table."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
