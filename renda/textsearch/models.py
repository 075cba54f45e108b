"""The full-text index: one row per indexed object, whatever its model.

``SearchEntry`` holds the jieba-segmented text of an object (``segment.segmented``) under a
*scope* ("opinions", "suggestions", ...), so any app can index any model without a table of
its own. It is the single source of truth; the database's own full-text index follows it:

- SQLite: an FTS5 table ``textsearch_fts`` with *external content* (``content=`` this
  table, ``content_rowid=id``), kept in sync by three triggers (migration 0001). We chose
  external content + triggers over a contentless table maintained by the service because
  (1) the tokens are stored once, (2) every write path stays in sync — ``bulk_create``,
  ``QuerySet.update()/delete()``, cascades, a ``flush`` — not only the service functions,
  and (3) SQLite 3.40 has no ``contentless_delete``: a contentless table can only forget a
  row if it is told the row's old tokens, which a queryset delete cannot do. The FTS index
  can always be rebuilt from this table (``INSERT INTO textsearch_fts(textsearch_fts)
  VALUES('rebuild')``, see ``index.rebuild``).

  Caveat for future migrations: when Django's SQLite schema editor has to *remake* this
  table (most AlterField operations), the old table and its triggers are dropped. Such a
  migration must run ``migrations.RunPython(sql.restore_sqlite_triggers)``
  afterwards (``test_sqlite_triggers_present`` checks the triggers exist).
- PostgreSQL: a stored generated column ``tsv = to_tsvector('simple', tokens)`` with a
  GIN index (migration 0001). The tokens are already segmented, so the 'simple'
  configuration (lower-case, no stemming, no stop words) is all that is needed. A GIN
  index on the *expression* alone was tried first and measured: whenever the planner
  filters rows instead of using the index (``ORDER BY … LIMIT 25``, a category filter,
  a join), it recomputes to_tsvector for each row, about 50 µs, and a 727-match query
  took 150 ms at 100,000 rows. A stored column costs the same on writes and makes any
  plan cheap. On SQLite the column is an empty placeholder.

``SearchTerm`` counts, per scope, how many entries contain each token (document
frequency). ``similar()`` uses it to pick a text's most distinctive words, so that its
candidate query stays small at a million rows. The service keeps it up to date; the row
with the empty term counts the scope's entries. It is statistics, not truth: a bulk
``QuerySet.delete()`` that bypasses the service leaves it slightly high, which only shifts
the choice of candidate words (``index.rebuild`` recounts it).
"""

from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _


class TsVectorField(models.Field):
    """``tsvector`` on PostgreSQL; a placeholder text column elsewhere."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class TokensVector(models.Func):
    """``to_tsvector('simple', tokens)`` on PostgreSQL; ``''`` on SQLite, where FTS5
    indexes the tokens instead."""

    output_field = TsVectorField()

    def __init__(self):
        super().__init__(models.F("tokens"))

    def as_sql(self, compiler, connection, **extra_context):
        return "''", []

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('simple'::regconfig, {sql})", params


class SearchEntry(models.Model):
    # not a sequence: (scope code << 40) | object_id (index.entry_id), so that on SQLite the
    # FTS5 rowid *is* the object id within a rowid range per scope, and a search never has
    # to look a match up in this table to learn its object id (``FtsRow``)
    id = models.BigIntegerField(primary_key=True)
    scope = models.CharField(_("scope"), max_length=40)
    object_id = models.BigIntegerField(_("object id"))
    # narrows similar-item candidates, e.g. an opinion's category ("" = none)
    group = models.CharField(_("group"), max_length=64, blank=True, default="")
    # the object's date (submission, registration); similar() may look only at recent rows
    date = models.DateField(_("date"), null=True, blank=True)
    tokens = models.TextField(_("tokens"), blank=True, default="")
    # PostgreSQL: the tokens as a stored tsvector, GIN-indexed (migration 0001)
    tsv = models.GeneratedField(
        expression=TokensVector(), output_field=TsVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "object_id"], name="textsearch_entry_scope_object_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["scope", "group", "date"], name="textsearch_entry_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.object_id}"


class _Match(Lookup):
    """``tokens__match=`` an FTS5 query (SQLite only)."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsTokensField(models.TextField):
    pass


FtsTokensField.register_lookup(_Match)


class FtsRow(models.Model):
    """The SQLite FTS5 table itself (migration 0001 creates it; PostgreSQL has none), so
    that ``matching_ids`` is a queryset that reads the FTS index alone."""

    rowid = models.BigIntegerField(primary_key=True, db_column="rowid")
    tokens = FtsTokensField()

    class Meta:
        managed = False
        db_table = "textsearch_fts"

    def __str__(self) -> str:
        return str(self.rowid)


class SearchTerm(models.Model):
    scope = models.CharField(_("scope"), max_length=40)
    term = models.CharField(_("term"), max_length=100)
    docs = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "term"], name="textsearch_term_scope_term_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.term}={self.docs}"
