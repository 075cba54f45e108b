"""`renda backup` / `renda restore`: a backup restored into an empty database gives the
same figures, lists and uploaded files; a restore that cannot be done cleanly (a
database with data, a damaged or foreign file, other migrations) changes nothing."""

import hashlib
import json
import re
import zipfile
from importlib import import_module

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core import backup
from renda.core.models import AuditEntry, User
from renda.opinions import services as opinion_services
from renda.opinions.models import OpinionPhoto, PublicOpinion
from renda.reports.registry import compute_all

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
TEXT = "建设路与中兴路交叉口的红绿灯坏了一周，早高峰堵车严重，请尽快维修。"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def build_records(world, registered) -> dict:
    """A registered suggestion with its case, a public opinion with an uploaded photo,
    and the audit entries their services wrote."""
    case = registered()
    opinion, _created = opinion_services.submit_opinion(
        text=TEXT,
        category="transport",
        channel="portal",
        submitter_phone="13812345678",
        photos=[SimpleUploadedFile("light.png", PHOTO)],
    )
    assert AuditEntry.objects.exists()
    return {"case": case.pk, "opinion": opinion.pk}


def observe(world) -> dict:
    """What people see: the year's figures, API lists and a list page."""
    office = APIClient()
    office.force_authenticate(world.users["office_staff"])
    page = Client()
    page.force_login(world.users["office_staff"])
    lists = {}
    for name in ("api:suggestion-list", "api:opinion-list", "api:case-list"):
        response = office.get(reverse(name))
        assert response.status_code == 200, name
        lists[name] = response.json()
    searched = office.get(reverse("api:opinion-list"), {"search": "红绿灯"})
    html = page.get(reverse("suggestions:list"), headers={"HX-Request": "true"})
    return {
        "figures": compute_all(2023),
        "lists": lists,
        "search": searched.json(),
        "page": re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.text),
        # to the microsecond: restored rows sort as they did
        "audit": list(AuditEntry.objects.values_list("pk", "created_at", "after")),
        "counts": {
            backup._label(model): model._base_manager.count() for model in backup.dumped_models()
        },
    }


def empty_database() -> None:
    """`flush`, past the audit table's append-only guard (as conftest does between
    transactional tests), then the guard back."""
    guard = import_module("renda.core.migrations.0002_audit_append_only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET renda.audit_maintenance = 'on'")
        else:
            for sql in guard.SQLITE_DOWN:
                cursor.execute(sql)
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("RESET renda.audit_maintenance")
        else:
            for sql in guard.SQLITE_UP:
                cursor.execute(sql)
    assert not User.objects.exists()


def rewrite(source, target, *, replace=None, manifest=None, checksums=False) -> None:
    """Copy a backup, replacing members' content and/or editing its manifest;
    ``checksums`` recomputes them (a consistent but foreign or altered file)."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old:
        data = json.loads(old.read(backup.MANIFEST))
        members = {name: old.read(name) for name in old.namelist() if name != backup.MANIFEST}
    members.update(replace)
    if checksums:
        data["members"] = {
            name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
            for name, body in members.items()
        }
    if manifest:
        manifest(data)
    with zipfile.ZipFile(target, "w") as new:
        for name, body in members.items():
            new.writestr(name, body)
        new.writestr(backup.MANIFEST, json.dumps(data))


def member_of(path, label: str) -> str:
    with zipfile.ZipFile(path) as archive:
        tables = json.loads(archive.read(backup.MANIFEST))["tables"]
    return next(table["member"] for table in tables if table["model"] == label)


def refused(path, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_round_trip_into_an_empty_database_gives_the_same_figures_lists_and_files(
    world, registered, today, media, tmp_path, capsys
):
    ids = build_records(world, registered)
    photo = OpinionPhoto.objects.get(opinion_id=ids["opinion"])
    before = observe(world)
    assert before["lists"]["api:opinion-list"]["count"] == 1
    assert before["search"]["count"] == 1

    path = tmp_path / "renda.zip"
    call_command("backup", "-o", str(path))
    assert "Backup written" in capsys.readouterr().out
    with zipfile.ZipFile(path) as archive:
        assert f"media/{photo.file.name}" in archive.namelist()
    (media / photo.file.name).unlink()  # the media directory is lost with the database

    empty_database()

    # damaged: one row changed after the backup was made
    damaged = tmp_path / "damaged.zip"
    opinions = member_of(path, "opinions.publicopinion")
    with zipfile.ZipFile(path) as archive:
        body = archive.read(opinions).replace("红绿灯".encode(), "路灯灯".encode())
    rewrite(path, damaged, replace={opinions: body})
    refused(damaged, "does not match its checksum")
    # truncated on the way
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    refused(truncated, "not a renda backup|damaged")
    # a media name that climbs out of MEDIA_ROOT, in an otherwise consistent file
    climbing = tmp_path / "climbing.zip"
    rewrite(path, climbing, replace={"media/../../evil.txt": b"x"}, checksums=True)
    refused(climbing, "unsafe name")
    # a row the database refuses (an opinion whose case is not in the file)
    orphan = tmp_path / "orphan.zip"
    cases = member_of(path, "handling.case")
    rewrite(path, orphan, replace={cases: b""}, checksums=True, manifest=_zero_rows(cases))
    refused(orphan, "could not be loaded, nothing was changed")
    assert not User.objects.exists() and not PublicOpinion.objects.exists()
    assert not (media / photo.file.name).exists()

    call_command("restore", str(path))
    assert "Restored" in capsys.readouterr().out

    assert (media / photo.file.name).read_bytes() == PHOTO
    after = observe(world)
    assert after["figures"] == before["figures"]
    assert after["lists"] == before["lists"]
    assert after["search"] == before["search"]
    assert after["page"] == before["page"]
    assert after["counts"] == before["counts"]
    assert after["audit"] == before["audit"]
    assert any(stamp.microsecond % 1000 for _pk, stamp, _after in after["audit"])

    # the ids carry on after the restored ones (PostgreSQL's sequences were reset)
    created = AuditEntry.objects.create(
        actor=None, actor_name="system", verb="check", target_type_id=1, target_id="1"
    )
    assert created.pk > max(AuditEntry.objects.exclude(pk=created.pk).values_list("pk", flat=True))


def _zero_rows(member: str):
    def edit(data):
        for table in data["tables"]:
            if table["member"] == member:
                table["rows"] = 0

    return edit


def test_restore_refuses_a_database_that_holds_data(world, registered, today, media, tmp_path):
    build_records(world, registered)
    path = tmp_path / "renda.zip"
    backup.backup(path)
    counts = {backup._label(m): m._base_manager.count() for m in backup.dumped_models()}

    refused(path, "already holds data: .*core.user")

    assert {backup._label(m): m._base_manager.count() for m in backup.dumped_models()} == counts


def test_restore_refuses_foreign_files(world, media, tmp_path):
    users = User.objects.count()
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    refused(text, "not a renda backup")
    refused(tmp_path / "missing.zip", "no such file")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("report.docx", b"PK...")
    refused(other, "no manifest")
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr(backup.MANIFEST, "{not json")
    refused(other, "manifest cannot be read")
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps({"format": "something-else"}))
    refused(other, "not a renda backup")
    odd = {"format": backup.FORMAT, "format_version": 1, "migrations": {}, "tables": "all"}
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps({**odd, "members": []}))
    refused(other, "malformed")
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr(backup.MANIFEST, json.dumps({**odd, "format_version": 7}))
    refused(other, "format version 7")
    assert User.objects.count() == users


def test_restore_refuses_a_backup_made_with_other_migrations(world, media, tmp_path):
    path = tmp_path / "renda.zip"
    backup.backup(path)
    newer = tmp_path / "newer.zip"

    def add_migration(data):
        data["migrations"]["core"].append("9999_from_the_future")

    rewrite(path, newer, manifest=add_migration)
    refused(newer, r"other migrations .*core: backup \d+ applied, last 9999_from_the_future")


def test_backup_is_complete_and_checked(world, media, tmp_path):
    """Every table but sessions and axes is in the file with its row count; the file
    passes `restore --check`'s verification; an existing file is never overwritten."""
    path = tmp_path / "renda.zip"
    summary = backup.backup(path)
    with zipfile.ZipFile(path) as archive:
        manifest = backup.read_manifest(archive)
        backup.verify(archive, manifest)
        users = archive.read(member_of(path, "core.user")).decode().splitlines()
    labels = [table["model"] for table in manifest["tables"]]
    assert "core.auditentry" in labels and "core.historicaldeputy" in labels
    assert "core.user_groups" in labels and "textsearch.searchentry" in labels
    assert not [label for label in labels if label.startswith(("sessions.", "axes."))]
    assert "textsearch.ftsrow" not in labels
    assert summary.counts["core.user"] == len(users) == User.objects.count()
    assert labels.index("core.person") < labels.index("core.deputy")  # parents first
    assert manifest["migrations"] == backup.applied_migrations()
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", "-o", str(path))
