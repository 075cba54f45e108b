"""The text search engine: index objects of any model under a *scope*, find them again by
words (full-text, AND of all words, in any order) and find similar items.

Stable interface (other apps call only these):

- ``index(scope, object_id, text, *, group="", date=None)``: add or replace one object.
- ``bulk_index(scope, rows, *, presegmented=False)``: many at once (demo, bench, rebuilds).
- ``remove(scope, object_id)``.
- ``matching_ids(scope, query)``: a queryset of object ids for
  ``Model.objects.filter(pk__in=...)`` (a subquery: nothing is loaded into Python).
- ``similar(scope, text, *, group=None, exclude_id=None, since=None, limit=5)``:
  ``[(object_id, score)]``, best first, score in 0..1 (1 = same words).
- ``term_counts(scope, object_ids, top=20)``: the commonest words of some objects.

Queries never raise on user input: quotes, operators, FTS syntax, emoji, control
characters or 5,000 characters are cut into words by jieba like any text, and each word
is passed to the database as a quoted literal. A query without a searchable word (empty,
blank, punctuation, only stop words) matches **nothing**; list views should skip the filter
for a blank query box, as ``RecordListView`` does.

Everything called here is index-backed at a million rows: FTS5 on SQLite, a GIN
expression index on PostgreSQL (see models.py), and ``similar()`` asks the index only for
the rows that share the text's rarest words (document frequencies in ``SearchTerm``), so
it scores a bounded number of candidates whatever the size of the table.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date as Date
from itertools import islice
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Max, QuerySet, Value
from django.db.models.expressions import RawSQL

from renda.textsearch.models import FtsRow, SearchEntry, SearchTerm
from renda.textsearch.segment import tokens as segment_tokens
from renda.textsearch.sql import FTS_TABLE

MAX_QUERY_TERMS = 32  # words of a search query that count (AND); the rest are ignored
MAX_TERM_LENGTH = 100  # SearchTerm.term; longer words are not counted
GROUP_LENGTH = 64
# similar(): the rarest words of the text are OR-ed while their entries add up to at most
# CANDIDATE_BUDGET (and the newest CANDIDATE_BUDGET matches scored); then the next
# AND_TERMS rarest are AND-ed, and AND-ed less one each (AND_CANDIDATES newest each)
# until a candidate scores DUPLICATE_SCORE.
CANDIDATE_BUDGET = 600
MAX_OR_TERMS = 12
AND_TERMS = 4
AND_CANDIDATES = 200
DUPLICATE_SCORE = 0.7  # similar(): a candidate this close ends the search for more
MAX_TEXT_TERMS = 200  # distinct words of a text that similar() looks at
MIN_SCORE = 0.1


class IndexRow(NamedTuple):
    object_id: int
    text: str
    group: str = ""
    date: Date | None = None


# --- entry ids ----------------------------------------------------------------------------
OBJECT_BITS = 40  # object ids from 0 to 2**40 - 1 (1.1 million million)
_scope_codes: dict[int, str] = {}


def _check_scope(scope: str) -> str:
    if not scope or len(scope) > 40:
        raise ValueError(f"bad text search scope: {scope!r}")
    return scope


def scope_code(scope: str) -> int:
    """A stable number for ``scope`` (1 .. 2**22, from its CRC-32). Two scopes with the
    same code would share ids: the second one used in a process is refused."""
    _check_scope(scope)
    code = zlib.crc32(scope.encode()) % (1 << 22) + 1
    if _scope_codes.setdefault(code, scope) != scope:
        raise ValueError(f"text search scopes {scope!r} and {_scope_codes[code]!r} collide")
    return code


def scope_range(scope: str) -> tuple[int, int]:
    """The lowest and highest entry id of ``scope``."""
    base = scope_code(scope) << OBJECT_BITS
    return base, base + (1 << OBJECT_BITS) - 1


def entry_id(scope: str, object_id: int) -> int:
    """SearchEntry.id of an object: (scope code << 40) | object id."""
    object_id = int(object_id)
    if not 0 <= object_id < 1 << OBJECT_BITS:
        raise ValueError(f"object id out of range for text search: {object_id}")
    return scope_range(scope)[0] | object_id


# --- writing ------------------------------------------------------------------------------


def _terms(tokens: str) -> set[str]:
    return {t for t in tokens.split() if len(t) <= MAX_TERM_LENGTH}


def _count_terms(scope: str, deltas: Counter) -> None:
    """Add ``deltas`` (term → change in entries; "" = the scope's entry count) to
    SearchTerm in one statement per 500 terms, in sorted order (PostgreSQL takes the row
    locks in that order, so two concurrent intakes cannot deadlock)."""
    rows = sorted((term, n) for term, n in deltas.items() if n)
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [p for term, n in chunk for p in (scope, term, n)]
            cursor.execute(
                f"INSERT INTO {table} (scope, term, docs) VALUES {values} "  # noqa: S608 - constant names
                f"ON CONFLICT (scope, term) DO UPDATE SET docs = {table}.docs + excluded.docs",
                params,
            )


def _clean_group(group: str | None) -> str:
    return (group or "")[:GROUP_LENGTH]


@transaction.atomic
def index(scope: str, object_id: int, text: str, *, group: str = "", date: Date | None = None):
    """Index ``text`` as the object ``object_id`` of ``scope``, replacing its previous
    entry. ``group`` (e.g. a category) and ``date`` narrow ``similar()``'s candidates."""
    pk = entry_id(scope, object_id)
    tokens = " ".join(segment_tokens(text))
    entry = SearchEntry.objects.select_for_update().filter(pk=pk).first()
    deltas: Counter = Counter()
    if entry is None:
        entry = SearchEntry(id=pk, scope=scope, object_id=object_id)
        deltas[""] += 1
    else:
        deltas.subtract(_terms(entry.tokens))
    entry.group, entry.date, entry.tokens = _clean_group(group), date, tokens
    entry.save()
    deltas.update(_terms(tokens))
    _count_terms(scope, deltas)
    return entry


def bulk_index(
    scope: str, rows: Iterable, *, presegmented: bool = False, batch_size: int = 5000
) -> int:
    """Index many objects: ``rows`` of ``IndexRow(object_id, text, group, date)`` (or plain
    tuples in that order). Existing entries of those objects are replaced. With
    ``presegmented=True`` each text is already ``segment.segmented()`` output (a bench
    or a rebuild that segmented in parallel). One transaction per batch. Returns the
    number of rows indexed."""
    _check_scope(scope)
    done = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, batch_size)):
        _bulk_batch(scope, [IndexRow(*row) for row in batch], presegmented)
        done += len(batch)
    return done


@transaction.atomic
def _bulk_batch(scope: str, batch: list[IndexRow], presegmented: bool) -> None:
    entries = {}
    for row in batch:
        tokens = row.text if presegmented else " ".join(segment_tokens(row.text))
        entries[row.object_id] = SearchEntry(
            id=entry_id(scope, row.object_id),
            scope=scope,
            object_id=row.object_id,
            group=_clean_group(row.group),
            date=row.date,
            tokens=tokens,
        )
    deltas: Counter = Counter()
    old = SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries.values()])
    for tokens in old.values_list("tokens", flat=True):
        deltas[""] -= 1
        deltas.subtract(_terms(tokens))
    old.delete()
    SearchEntry.objects.bulk_create(entries.values(), batch_size=1000)
    for entry in entries.values():
        deltas[""] += 1
        deltas.update(_terms(entry.tokens))
    _count_terms(scope, deltas)


@transaction.atomic
def remove(scope: str, object_id: int) -> bool:
    """Forget an object; True when it was indexed."""
    entry = SearchEntry.objects.select_for_update().filter(pk=entry_id(scope, object_id)).first()
    if entry is None:
        return False
    deltas: Counter = Counter({"": -1})
    deltas.subtract(_terms(entry.tokens))
    entry.delete()
    _count_terms(scope, deltas)
    return True


@transaction.atomic
def rebuild(scope: str | None = None) -> None:
    """Repair the derived data: rebuild the FTS5 index from SearchEntry (SQLite) and
    recount SearchTerm for ``scope`` (all scopes when None)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    scopes = (
        [scope]
        if scope
        else list(SearchEntry.objects.values_list("scope", flat=True).distinct().order_by())
    )
    for name in scopes:
        SearchTerm.objects.filter(scope=name).delete()
        deltas: Counter = Counter()
        for tokens in SearchEntry.objects.filter(scope=name).values_list("tokens", flat=True):
            deltas[""] += 1
            deltas.update(_terms(tokens))
        _count_terms(name, deltas)


# --- queries ------------------------------------------------------------------------------
def _distinct(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def query_terms(query: str) -> list[str]:
    """The words of a search query that must all match (at most MAX_QUERY_TERMS)."""
    return _distinct(segment_tokens(query or ""))[:MAX_QUERY_TERMS]


def _fts_expression(terms: list[str], operator: str) -> str:
    """An FTS5 query: each word a quoted string (so nothing in it is syntax)."""
    return f" {operator} ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _tsquery(terms: list[str], operator: str) -> str:
    """A to_tsquery() text: each word a quoted lexeme (so nothing in it is syntax)."""
    quoted = ("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)
    return f" {operator} ".join(quoted)


class _TsMatch(Func):
    """``tsv @@ to_tsquery('simple', %s)``: served by the GIN index of migration 0001."""

    output_field = BooleanField()

    def __init__(self, tsquery: str):
        super().__init__(F("tsv"), Value(tsquery))

    def as_sql(self, compiler, connection, **extra_context):
        column, query = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        query_sql, query_params = compiler.compile(query)
        return (
            f"{column_sql} @@ to_tsquery('simple'::regconfig, {query_sql})",
            [*column_params, *query_params],
        )


def _postgres_entries(scope: str, terms: list[str], operator: str = "AND") -> QuerySet:
    if connection.vendor != "postgresql":
        raise NotImplementedError(
            f"text search needs SQLite or PostgreSQL, not {connection.vendor}"
        )
    tsquery = _tsquery(terms, "&" if operator == "AND" else "|")
    return SearchEntry.objects.filter(scope=scope).filter(_TsMatch(tsquery))


def matching_ids(scope: str, query: str, *, newest: int | None = None) -> QuerySet | RawSQL:
    """Ids of the objects of ``scope`` whose text holds every word of ``query``, in any
    order, as a ``values("object_id")`` queryset (with ``newest`` on PostgreSQL, their
    list as a subquery): use it as
    ``Model.objects.filter(pk__in=matching_ids(scope, q))``. No searchable word in
    ``query`` → no ids.

    On SQLite the queryset reads the FTS5 index alone: the object id is the FTS rowid
    minus the scope's base (see ``entry_id``). ``newest``: only that many of the highest
    ids. SQLite reads them from the end of the index's lists (a common word matches a
    fifth of the rows, and SQLite would otherwise build the whole set for ``IN``);
    PostgreSQL looks at the newest entries first (see ``_postgres_newest``)."""
    terms = query_terms(query)
    if not terms:
        return SearchEntry.objects.none().values("object_id")
    if connection.vendor == "sqlite":
        low, high = scope_range(scope)
        rows = FtsRow.objects.filter(
            rowid__gte=low, rowid__lte=high, tokens__match=_fts_expression(terms, "AND")
        )
        ids = rows.annotate(object_id=F("rowid") - Value(low)).values("object_id")
        return ids.order_by("-rowid")[:newest] if newest else ids
    if newest:
        # one array parameter, not a thousand: the list and its count both read it
        return RawSQL("SELECT unnest(%s::bigint[])", (_postgres_newest(scope, terms, newest),))
    return _postgres_entries(scope, terms).values("object_id")


# Ranges of the newest entries PostgreSQL still reads as the intersection of the GIN
# index's matches and the key index (a BitmapAnd); past some 120,000 entries it reads
# every match of the words instead.
NEWEST_WINDOWS = (50_000, 100_000)


def _postgres_newest(scope: str, terms: list[str], newest: int) -> list[int]:
    """The object ids of the ``newest`` highest-keyed entries matching ``terms``.

    PostgreSQL takes the words of a text search for independent, so it expects a few
    hundred matches of 高空 & 抛物 where there are 21,691, and reads each of them to sort
    them (370 ms at 1,000,000 entries). The newest entries are looked at first, in
    NEWEST_WINDOWS: the matches of common words fill the list there (20 ms each); rarer
    ones are then read from the rest, as before, and are few."""
    first, last = scope_range(scope)
    top = SearchEntry.objects.filter(pk__range=(first, last)).aggregate(top=Max("pk"))["top"]
    if top is None:
        return []
    entries = _postgres_entries(scope, terms).order_by("-pk").values_list("object_id", flat=True)
    ids: list[int] = []
    for window in (*NEWEST_WINDOWS, None):
        low = first if window is None else max(first, top - window + 1)
        ids += entries.filter(pk__range=(low, top))[: newest - len(ids)]
        if len(ids) >= newest or low == first:
            return ids
        top = low - 1
    return ids


def _document_frequencies(scope: str, terms: list[str]) -> tuple[int, dict[str, int]]:
    rows = dict(
        SearchTerm.objects.filter(scope=scope, term__in=["", *terms]).values_list("term", "docs")
    )
    total = max(rows.pop("", 0), 1)
    return total, rows


def _candidates(
    scope: str, terms: list[str], operator: str, *, group, exclude_id, since, limit: int
) -> Iterator[tuple[int, str]]:
    """(object_id, tokens) of the newest ``limit`` entries matching the terms."""
    if connection.vendor == "sqlite":
        sql = [
            f"SELECT e.object_id, e.tokens FROM {FTS_TABLE} "  # noqa: S608 - constant names
            f"JOIN {SearchEntry._meta.db_table} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid BETWEEN %s AND %s"
        ]
        params: list = [_fts_expression(terms, operator), *scope_range(scope)]
        if group is not None:
            sql.append('AND e."group" = %s')
            params.append(_clean_group(group))
        if since is not None:
            sql.append("AND e.date >= %s")
            params.append(since)
        if exclude_id is not None:
            sql.append("AND e.object_id <> %s")
            params.append(exclude_id)
        sql.append(f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s")
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(" ".join(sql), params)
            yield from cursor.fetchall()
        return
    yield from _postgres_candidates(
        scope, terms, operator, group=group, exclude_id=exclude_id, since=since, limit=limit
    )


def _postgres_candidates(scope, terms, operator, *, group, exclude_id, since, limit):
    """The full-text match alone inside an ``OFFSET 0`` fence, the other conditions
    outside: left to itself the planner ANDs the GIN bitmap with the (scope, group, date)
    index and reads a whole category (141,000 rows at 1M) for 40 matches."""
    if connection.vendor != "postgresql":
        raise NotImplementedError(
            f"text search needs SQLite or PostgreSQL, not {connection.vendor}"
        )
    table = SearchEntry._meta.db_table
    first, last = scope_range(scope)
    fenced = (
        f'SELECT id, object_id, tokens, "group", date FROM {table} '  # noqa: S608 - constant
        "WHERE tsv @@ to_tsquery('simple'::regconfig, %s) OFFSET 0"
    )
    sql = [f"SELECT m.object_id, m.tokens FROM ({fenced}) AS m WHERE m.id BETWEEN %s AND %s"]  # noqa: S608
    params: list = [_tsquery(terms, "&" if operator == "AND" else "|"), first, last]
    if group is not None:
        sql.append('AND m."group" = %s')
        params.append(_clean_group(group))
    if since is not None:
        sql.append("AND m.date >= %s")
        params.append(since)
    if exclude_id is not None:
        sql.append("AND m.object_id <> %s")
        params.append(exclude_id)
    sql.append("ORDER BY m.id DESC LIMIT %s")
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)
        yield from cursor.fetchall()


def similar(
    scope: str,
    text: str,
    *,
    group: str | None = None,
    exclude_id: int | None = None,
    since: Date | None = None,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[tuple[int, float]]:
    """Likely duplicates and related items of ``text``: ``[(object_id, score)]``, at most
    ``limit``, best first, each scoring at least ``min_score``.

    The score is the IDF-weighted Jaccard similarity of the two sets of words: 1.0 for
    the same words, about 0.8 for a copy with a word changed, 0 for nothing shared.
    ``group`` keeps only entries of that group; ``since`` only entries dated since then;
    ``exclude_id`` leaves out the object itself.

    Candidates come from the index, never from a scan: the rarest words of the text
    (by document frequency) are OR-ed while their entries add up to CANDIDATE_BUDGET;
    then the next AND_TERMS rarest words are AND-ed, then (unless they match more than the
    candidates taken) the same less one each, until a near-duplicate (DUPLICATE_SCORE)
    is found. Each query scores a bounded number of
    candidates (the newest) in Python, so the cost does not grow with the table: at most
    one OR and five AND queries, 600 + 5 × 200 candidates."""
    terms = _distinct(segment_tokens(text or ""))[:MAX_TEXT_TERMS]
    terms = [t for t in terms if len(t) <= MAX_TERM_LENGTH]
    if not terms or limit <= 0:
        return []
    total, df = _document_frequencies(scope, terms)
    present = sorted((t for t in terms if df.get(t, 0) > 0), key=lambda t: (df[t], t))
    if not present:
        return []

    def weight(term: str) -> float:
        return math.log(1 + total / (1 + df[term]))

    query_weights = {t: weight(t) for t in present}
    # words of the text nobody else uses weigh as much as the rarest known word; words of a
    # candidate the text does not have weigh as much as a middling word of the text
    rare = max(query_weights.values())
    query_weights.update({t: rare for t in terms if t not in query_weights})
    middling = sorted(query_weights.values())[len(query_weights) // 2]
    query_total = sum(query_weights.values())
    query_words = set(query_weights)
    scored: dict[int, float] = {}

    def score(chosen: list[str], operator: str, most: int) -> int:
        found = 0
        for object_id, tokens in _candidates(
            scope, chosen, operator, group=group, exclude_id=exclude_id, since=since, limit=most
        ):
            found += 1
            if object_id in scored:
                continue
            words = set(tokens.split())
            both = words & query_words
            shared = sum(query_weights[word] for word in both)
            union = query_total + (len(words) - len(both)) * middling
            scored[object_id] = round(shared / union, 4) if union else 0.0
        return found

    # 1. the rare words, OR-ed, while their entries add up to the budget
    chosen, budget = [], 0
    for term in present[:MAX_OR_TERMS]:
        if budget + df[term] > CANDIDATE_BUDGET:
            break
        chosen.append(term)
        budget += df[term]
    if chosen:
        score(chosen, "OR", CANDIDATE_BUDGET)
    # 2. the next AND_TERMS rarest words (one per word: 公益岗位 also gives 公益, 岗位 with
    # the same frequency) AND-ed; unless that found a near-duplicate, the same words less
    # one each time, since a resubmission often adds or drops just one of them
    common, seen_df = [], set()
    for term in present[len(chosen) :]:
        # nor a word inside one already taken (停车 of 停车场; 民政, 政局 of 民政局), or
        # around it: their entries are nearly the same, and AND-ing them narrows nothing
        if df[term] not in seen_df and not any(term in t or t in term for t in common):
            common.append(term)
            seen_df.add(df[term])
        if len(common) == AND_TERMS:
            break
    if len(common) >= 2:
        saturated = score(common, "AND", AND_CANDIDATES) >= AND_CANDIDATES
        # words too common to single out a duplicate together: leaving one out would only
        # widen the match, and read thousands of entries for another sample of the newest
        if len(common) > 2 and not saturated:
            for left_out in common:
                if max(scored.values(), default=0.0) >= DUPLICATE_SCORE:
                    break
                score([t for t in common if t != left_out], "AND", AND_CANDIDATES)
    result = [(pk, value) for pk, value in scored.items() if value >= min_score]
    result.sort(key=lambda pair: (-pair[1], -pair[0]))
    return result[:limit]


def stored_tokens(scope: str, object_ids) -> Iterator[tuple[int, str]]:
    """(object id, segmented text) of the indexed objects among ``object_ids`` (a list or
    a ``values("pk")`` queryset): what was segmented at indexing, to count words again
    without jieba."""
    entries = SearchEntry.objects.filter(scope=scope, object_id__in=object_ids).order_by()
    yield from entries.values_list("object_id", "tokens").iterator(chunk_size=2000)


def term_counts(scope: str, object_ids, top: int = 20) -> list[tuple[str, int]]:
    """The ``top`` commonest words (two characters or more, not numbers) over the entries
    of ``object_ids`` (a list or a ``values("pk")`` queryset): hot topics. Each entry
    counts a word once."""
    counts: Counter = Counter()
    entries = SearchEntry.objects.filter(scope=scope, object_id__in=object_ids)
    for tokens in entries.values_list("tokens", flat=True).iterator(chunk_size=2000):
        counts.update(
            {t for t in tokens.split() if len(t) >= 2 and not t.isdigit() and t.isprintable()}
        )
    return counts.most_common(top)
