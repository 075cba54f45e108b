"""Full backup and restore: every row of every renda table and the uploaded files, in a
logical format that any supported database can load (back up on SQLite, restore on
PostgreSQL, or the other way round).

A backup is one zip file:

- ``data/NNNN-<app_label>.<model>.jsonl``: one member per table, Django's JSON-lines
  serialization (``django.core.serializers``), foreign keys as primary keys, rows in
  primary-key order. Many-to-many tables are members of their own (the auto-created
  *through* models), so that no row is written or read more than once and a million
  rows never sit in memory: rows are streamed from a chunked cursor into the zip, and
  back from the zip into batched INSERTs.
- ``media/<name>``: every file of the default storage (MEDIA_ROOT): uploaded attachments
  and photos.
- ``manifest.json`` (written last): format, renda version, date, the source database's
  applied migrations per app, the members in load order with their row counts, and the
  SHA-256 and size of every member.

Choices, and why:

- *Which tables.* All concrete tables of installed models, including simple-history
  tables, the audit log, content types, permissions, groups, API tokens, the admin log,
  the text-search entries and the task queue. Left out: login sessions and django-axes
  (lockouts and login attempts): they are short-lived security state, and restoring
  them would log people back in or lock them out. The SQLite FTS5 table (unmanaged
  ``FtsRow``) and PostgreSQL's ``tsv`` column (a generated column) are not copied: both
  are derived from ``SearchEntry`` by the database itself (FTS5 triggers; the stored
  generated column) as the rows are inserted.
- *Content types and permissions.* ``migrate`` creates them, with ids that depend on the
  order apps were migrated in, so the target's ids may differ from the source's; and
  the audit log, the admin log and permissions point at them by id. Rather than
  translate ids, the restore replaces the rows ``migrate`` made (content types,
  permissions, groups) with the backup's, ids included: the restored database is then
  the source database, row for row.
- *Raw inserts.* Rows are inserted as ``loaddata`` does (``raw=True``): no ``save()``,
  no signals, no ``auto_now``. So the audit table's append-only guard is not involved
  (it refuses UPDATE and DELETE, never INSERT), simple-history writes no new history
  rows, the text index is not recomputed, and ``created_at``/``updated_at`` keep their
  values.
- *Integrity.* Django creates foreign keys ``DEFERRABLE INITIALLY DEFERRED`` on both
  databases, and everything is loaded in one transaction, so they are checked once, at
  commit; tables are still loaded parents first. A failure anywhere rolls back every
  row, and removes the media files written so far.
- *Consistency of the backup.* All tables are read in one snapshot (PostgreSQL:
  REPEATABLE READ; SQLite: one read transaction, which in WAL mode does not block
  writers), so a backup taken while renda runs never holds a row whose parent is
  missing.
- *Refusals.* Restore only into a migrated database whose applied migrations are those
  of the backup, and that holds no data beyond what ``migrate`` creates. There is no
  ``--force``: merging two databases' rows by id would silently mix records; to replace
  a database, make a new one (``renda migrate``) and restore into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import posixpath
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "renda-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
SERIALIZATION = "jsonl"
CHUNK = 2000  # rows per cursor fetch when reading a table
INSERT_BATCH = 1000  # rows per INSERT (fewer on SQLite with many columns)
COPY_BLOCK = 1 << 20

# Short-lived security state, not records (see the module docstring).
SKIPPED_APPS = frozenset({"sessions", "axes"})
# Tables ``migrate`` fills (post_migrate signal, core 0003 role groups): a fresh
# database has these rows, and a restore replaces them with the backup's.
MIGRATE_FILLED = (
    "auth.group_permissions",
    "auth.group",
    "auth.permission",
    "contenttypes.contenttype",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class Summary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    media: int = 0
    seconds: float = 0.0
    size: int = 0


# --- which tables ---------------------------------------------------------------


def dumped_models() -> list[type[models.Model]]:
    """Every table a backup holds, parents before children (foreign keys), then by
    label, so the order is the same on every run."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in SKIPPED_APPS
    ]
    return _parents_first(chosen)


def _parents_first(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    by_label = {model._meta.label_lower: model for model in sorted(chosen, key=_label)}
    ordered: list[type[models.Model]] = []
    state: dict[str, str] = {}

    def visit(model: type[models.Model]) -> None:
        label = _label(model)
        if state.get(label):  # done, or on the current path (a cycle: deferred FKs)
            return
        state[label] = "visiting"
        for dependency in _dependencies(model):
            if _label(dependency) in by_label:
                visit(dependency)
        state[label] = "done"
        ordered.append(model)

    for model in by_label.values():
        visit(model)
    return ordered


def _dependencies(model: type[models.Model]) -> Iterator[type[models.Model]]:
    for model_field in model._meta.local_concrete_fields:
        if model_field.remote_field is not None and model_field.related_model is not model:
            yield model_field.related_model._meta.concrete_model


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _stored_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns a row is written and read back with: generated columns are the
    database's business, many-to-many rows live in their own tables."""
    return [f for f in model._meta.local_concrete_fields if not f.generated]


def _member_name(index: int, model: type[models.Model]) -> str:
    return f"{DATA_DIR}{index:04d}-{_label(model)}.{SERIALIZATION}"


# --- database state -------------------------------------------------------------


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def tables_with_rows(using: str = DEFAULT_DB_ALIAS) -> list[tuple[str, int]]:
    """Tables (other than those ``migrate`` fills) that hold rows: a target for a
    restore must have none."""
    found = []
    for model in dumped_models():
        if _label(model) in MIGRATE_FILLED:
            continue
        rows = model._base_manager.using(using).count()
        if rows:
            found.append((_label(model), rows))
    return found


def renda_version() -> str:
    try:
        return metadata.version("renda")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown"


# --- backup -----------------------------------------------------------------------


class _HashingWriter(io.RawIOBase):
    """Passes bytes to a zip member, counting them and hashing them on the way."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.raw.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def digest(self) -> dict:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


class _read_snapshot:
    """Read every table as of one moment, without holding writers up for long."""

    def __init__(self, using: str):
        self.connection = connections[using]
        self.atomic = None
        self.manual = False

    def __enter__(self):
        connection = self.connection
        if connection.in_atomic_block:  # a caller's transaction (a test): already one view
            return self
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            # Django's atomic() would BEGIN IMMEDIATE (settings.py) and block every
            # writer for the whole backup; a DEFERRED transaction that only reads
            # takes a WAL snapshot and lets writers go on.
            with connection.cursor() as cursor:
                cursor.execute("BEGIN DEFERRED")
            self.manual = True
            return self
        self.atomic = transaction.atomic(using=connection.alias)
        self.atomic.__enter__()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return self

    def __exit__(self, *exc_info):
        if self.manual:
            with self.connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        elif self.atomic is not None:
            self.atomic.__exit__(*exc_info)
        return False


def _media_files(storage=default_storage, directory: str = "") -> Iterator[str]:
    try:
        subdirectories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for subdirectory in sorted(subdirectories):
        yield from _media_files(storage, posixpath.join(directory, subdirectory))


def _counted(rows: Iterable, counter: list[int]) -> Iterator:
    for row in rows:
        counter[0] += 1
        yield row


def backup(
    path: Path | str,
    *,
    using: str = DEFAULT_DB_ALIAS,
    media: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Write a backup of database ``using`` and the media files to ``path`` (a new
    file; written under a temporary name and renamed at the end, so a failed backup
    leaves nothing that looks like a backup)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists; choose a new file name.")
    if not path.parent.is_dir():
        raise BackupError(f"The directory {path.parent} does not exist.")
    if pending := unapplied_migrations(using):
        raise BackupError(
            f"The database is not migrated to this version of renda ({len(pending)} "
            f"migrations to apply, first {pending[0]}): back up with the version that "
            "runs it, or run `renda migrate` first."
        )
    started = time.monotonic()
    say = progress or (lambda _line: None)
    summary = Summary(path=path)
    members: dict[str, dict] = {}
    tables = []
    partial = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with _read_snapshot(using):
                migrations = applied_migrations(using)
                for index, model in enumerate(dumped_models(), start=1):
                    name = _member_name(index, model)
                    rows = _write_table(archive, name, model, using, members)
                    tables.append({"model": _label(model), "member": name, "rows": rows})
                    summary.counts[_label(model)] = rows
                    if rows:
                        say(f"{_label(model)}: {rows}")
            if media:
                for name in _media_files():
                    member = MEDIA_DIR + name
                    with default_storage.open(name, "rb") as source:
                        with _new_member(archive, member) as target:
                            writer = _HashingWriter(target)
                            while block := source.read(COPY_BLOCK):
                                writer.write(block)
                    members[member] = writer.digest()
                    summary.media += 1
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "renda_version": renda_version(),
                "created_at": timezone.now().isoformat(),
                "database": connections[using].vendor,
                "serialization": SERIALIZATION,
                "migrations": migrations,
                "skipped_apps": sorted(SKIPPED_APPS),
                "tables": tables,
                "media_files": summary.media,
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.replace(path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, DatabaseError | OSError):
            raise BackupError(f"The backup could not be written: {exc}") from exc
        raise
    summary.seconds = time.monotonic() - started
    summary.size = path.stat().st_size
    return summary


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes and times to milliseconds (as JavaScript's Date
    has them); a backup keeps the microseconds, so that restored rows sort as they did."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Django's JSON-lines serializer, one ``json.dumps`` per row (``json.dump`` to a
    stream runs the pure-Python encoder and took half the time of a backup), with
    microseconds kept."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = _Encoder

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def _new_member(archive: zipfile.ZipFile, name: str):
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return archive.open(info, "w", force_zip64=True)


def _write_table(archive, name: str, model, using: str, members: dict) -> int:
    fields = [f.name for f in _stored_fields(model) if not f.primary_key]
    queryset = model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK)
    counter = [0]
    with _new_member(archive, name) as member:
        writer = _HashingWriter(member)
        buffered = io.BufferedWriter(writer, buffer_size=COPY_BLOCK)
        text = io.TextIOWrapper(buffered, encoding="utf-8", newline="\n")
        _Serializer().serialize(_counted(queryset, counter), stream=text, fields=fields)
        text.flush()
        text.detach().detach()  # leave the zip member to its own context manager
    members[name] = writer.digest()
    return counter[0]


# --- restore ------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError("This zip file is not a renda backup: it has no manifest.") from None
    except (ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"The backup's manifest cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This zip file is not a renda backup (unknown manifest).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {manifest.get('format_version')!r}; this "
            f"version of renda reads version {FORMAT_VERSION}."
        )
    if not _well_formed(manifest):
        raise BackupError("The backup's manifest is malformed.")
    return manifest


def _well_formed(manifest: dict) -> bool:
    """The manifest has the shape ``backup()`` writes (a file made by hand or damaged
    before its checksums were computed gets a message, not a traceback)."""
    migrations, tables, members = (manifest.get(k) for k in ("migrations", "tables", "members"))
    return (
        isinstance(migrations, dict)
        and all(
            isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in migrations.values()
        )
        and isinstance(tables, list)
        and all(
            isinstance(t, dict)
            and isinstance(t.get("model"), str)
            and isinstance(t.get("member"), str)
            and type(t.get("rows")) is int
            for t in tables
        )
        and isinstance(members, dict)
        and all(
            isinstance(m, dict) and isinstance(m.get("sha256"), str) and type(m.get("size")) is int
            for m in members.values()
        )
    )


def verify(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every member is there, nothing else is, and each has its recorded checksum."""
    expected = manifest["members"]
    present = {info.filename for info in archive.infolist() if not info.is_dir()} - {MANIFEST}
    if missing := sorted(set(expected) - present):
        raise BackupError(f"The backup is incomplete: {missing[0]} is missing.")
    if extra := sorted(present - set(expected)):
        raise BackupError(f"The backup holds a file its manifest does not list: {extra[0]}.")
    for name, recorded in expected.items():
        digest = hashlib.sha256()
        size = 0
        try:
            with archive.open(name) as member:
                while block := member.read(COPY_BLOCK):
                    digest.update(block)
                    size += len(block)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BackupError(f"The backup is damaged: {name} cannot be read ({exc}).") from None
        if digest.hexdigest() != recorded.get("sha256") or size != recorded.get("size"):
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")


def _check_target(manifest: dict, using: str) -> list[tuple[type[models.Model], dict]]:
    """The database can take this backup: same migrations, every table known."""
    if pending := unapplied_migrations(using):
        raise BackupError(
            f"The database is not fully migrated ({len(pending)} migrations to apply, "
            f"first {pending[0]}); run `renda migrate` first."
        )
    ours = applied_migrations(using)
    theirs = manifest["migrations"]
    if ours != theirs:
        differing = sorted(
            app for app in set(ours) | set(theirs) if ours.get(app) != theirs.get(app)
        )
        details = "; ".join(
            f"{app}: backup {_last(theirs.get(app))}, database {_last(ours.get(app))}"
            for app in differing[:5]
        )
        raise BackupError(
            "The backup was made with other migrations than this database has "
            f"({details}). Restore it with the renda version that made it "
            f"({manifest.get('renda_version', '?')}), then upgrade."
        )
    plan = []
    for table in manifest["tables"]:
        try:
            model = apps.get_model(table["model"])
        except (LookupError, ValueError, KeyError):
            raise BackupError(
                f"The backup holds a table this renda does not know: {table.get('model')}."
            ) from None
        if table.get("member") not in manifest["members"]:
            raise BackupError(f"The backup's manifest lists no data for {table['model']}.")
        plan.append((model, table))
    known = {_label(model) for model, _table in plan}
    if missing := [_label(m) for m in dumped_models() if _label(m) not in known]:
        raise BackupError(f"The backup has no data for the table {missing[0]}.")
    return plan


def _last(names: list[str] | None) -> str:
    return f"{len(names)} applied, last {names[-1]}" if names else "none"


def _check_empty(using: str) -> None:
    if found := tables_with_rows(using):
        listed = ", ".join(f"{label} ({rows} rows)" for label, rows in found[:5])
        raise BackupError(
            f"The database already holds data: {listed}. A backup is restored only into "
            "an empty database: create a new one, run `renda migrate`, and restore there."
        )


def _media_plan(manifest: dict) -> list[tuple[str, str]]:
    """(member, storage name) of each media file; refuses unsafe names and files that
    already exist with other content (a restore never overwrites an upload)."""
    plan = []
    for member, recorded in manifest["members"].items():
        if not member.startswith(MEDIA_DIR):
            continue
        name = member[len(MEDIA_DIR) :]
        parts = name.split("/")
        if not name or name.startswith("/") or "\\" in name or ".." in parts or "" in parts:
            raise BackupError(f"The backup holds a media file with an unsafe name: {member}.")
        if default_storage.exists(name):
            if _storage_digest(name) != recorded.get("sha256"):
                raise BackupError(
                    f"The media file {name} already exists with other content; restore "
                    "into an empty media directory."
                )
            continue
        plan.append((member, name))
    return plan


def _storage_digest(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as source:
        while block := source.read(COPY_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def restore(
    path: Path | str,
    *,
    using: str = DEFAULT_DB_ALIAS,
    check_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Load a backup into an empty, migrated database, all or nothing."""
    path = Path(path)
    started = time.monotonic()
    say = progress or (lambda _line: None)
    summary = Summary(path=path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path} is not a renda backup (not a zip file: {exc}).") from None
    with archive:
        manifest = read_manifest(archive)
        verify(archive, manifest)
        plan = _check_target(manifest, using)
        _check_empty(using)
        media = _media_plan(manifest)
        if check_only:
            summary.counts = {table["model"]: table["rows"] for _model, table in plan}
            summary.media = len(media)
            summary.seconds = time.monotonic() - started
            return summary
        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                _check_empty(using)  # again, under the write lock/transaction
                _clear_migrate_filled(using)
                for model, table in plan:
                    rows = _load_table(archive, model, table["member"], using)
                    if rows != table["rows"]:
                        raise BackupError(
                            f"{table['model']}: {rows} rows read, the manifest says "
                            f"{table['rows']}."
                        )
                    summary.counts[table["model"]] = rows
                    if rows:
                        say(f"{table['model']}: {rows}")
                _reset_sequences([model for model, _table in plan], using)
                for member, name in media:
                    with archive.open(member) as source:
                        saved = default_storage.save(name, File(source, name=name))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"The media file {name} could not be written.")
                summary.media = sum(1 for name in manifest["members"] if name.startswith(MEDIA_DIR))
        except BaseException as exc:
            for name in written:
                default_storage.delete(name)
            if isinstance(exc, Exception) and not isinstance(exc, BackupError):
                # a database refusal (a foreign key, a unique row) or a row that does
                # not parse: the transaction is rolled back, say so plainly
                raise BackupError(
                    f"The backup could not be loaded, nothing was changed: {exc}"
                ) from exc
            raise
        finally:
            ContentType.objects.clear_cache()
    _analyze(using)
    summary.seconds = time.monotonic() - started
    summary.size = path.stat().st_size
    return summary


def _clear_migrate_filled(using: str) -> None:
    """Remove the rows ``migrate`` made; the backup brings its own, with its ids."""
    for label in MIGRATE_FILLED:
        apps.get_model(label)._base_manager.using(using).all().delete()


def _load_table(archive: zipfile.ZipFile, model, member: str, using: str) -> int:
    fields = _stored_fields(model)
    manager = model._base_manager.using(using)
    ops = connections[using].ops
    batch_size = max(1, min(INSERT_BATCH, ops.bulk_batch_size(fields, range(INSERT_BATCH))))
    rows = 0
    batch: list[models.Model] = []
    with archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        for item in serializers.deserialize(SERIALIZATION, text, using=using):
            instance = item.object
            if type(instance) is not model:
                raise BackupError(f"{member} holds a row of {_label(type(instance))}.")
            batch.append(instance)
            if len(batch) >= batch_size:
                manager._insert(batch, fields=fields, using=using, raw=True)
                rows += len(batch)
                batch = []
        if batch:
            manager._insert(batch, fields=fields, using=using, raw=True)
            rows += len(batch)
    return rows


def _reset_sequences(loaded: list[type[models.Model]], using: str) -> None:
    """PostgreSQL: the id sequences carry on after the restored ids (SQLite's
    AUTOINCREMENT follows the largest id by itself)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _analyze(using: str) -> None:
    """Fresh planner statistics for the restored tables (see seed_demo)."""
    connection = connections[using]
    if connection.vendor in {"postgresql", "sqlite"} and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
