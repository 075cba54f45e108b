"""The ledgers' services: the allowed moves per kind, the close-out (销号) that needs
its date and note, the kind's own fields, evidence files checked by content and size,
edits that keep history, and who may change anything."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renda.core import audit
from renda.handling.workflow import InvalidTransition
from renda.ledgers import services
from renda.ledgers.models import Kind, LedgerEntry
from renda.ledgers.tests.conftest import DAY, pdf
from renda.ledgers.workflow import TRANSITIONS, reachable

S = LedgerEntry.Status
pytestmark = pytest.mark.django_db


def test_transition_table_is_closed_and_close_out_is_rectification_only():
    for kind, table in TRANSITIONS.items():
        assert set(table) == set(S.values), kind
        for targets in table.values():
            assert targets <= set(S.values)
        assert table[S.CLOSED_OUT] == frozenset()
        assert table[S.CANCELLED] == frozenset()
        assert reachable(kind, S.CLOSED_OUT) == (kind == Kind.RECTIFICATION)
        assert reachable(kind, S.DONE)


def test_generic_entry_moves_open_in_progress_done_and_back(world, make_entry):
    office = world.users["office_staff"]
    entry = make_entry("implementation_measure")
    assert entry.status == S.OPEN
    entry = services.start_entry(entry, actor=office)
    assert entry.status == S.IN_PROGRESS
    with pytest.raises(InvalidTransition):
        services.start_entry(entry, actor=office)
    entry = services.complete_entry(entry, on=dt.date(2023, 6, 1), actor=office)
    assert (entry.status, entry.completed_on) == (S.DONE, dt.date(2023, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.reopen_entry(entry, actor=office)  # reopening needs the reason
    assert "note" in exc.value.message_dict
    entry = services.reopen_entry(entry, note="复查发现未完全落实", actor=office)
    assert (entry.status, entry.completed_on) == (S.IN_PROGRESS, None)
    # a measure is never closed out: that is the rectification list's move
    with pytest.raises(InvalidTransition):
        services.close_out(entry, on=dt.date(2023, 7, 1), note="x", actor=office)
    verbs = list(audit.entries_for(entry).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["create", "start", "complete", "reopen"]


def test_done_date_is_not_in_the_future_nor_before_the_entry(world, make_entry, today):
    today.value = dt.date(2023, 6, 1)
    office = world.users["office_staff"]
    entry = make_entry("rule")
    for bad in (dt.date(2023, 6, 2), DAY - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            services.complete_entry(entry, on=bad, actor=office)
        assert "on" in exc.value.message_dict
    entry.refresh_from_db()
    assert entry.status == S.OPEN and entry.completed_on is None
    assert services.complete_entry(entry, actor=office).completed_on == today.value


def test_rectification_closes_out_only_with_date_and_note(world, make_entry, today):
    today.value = dt.date(2023, 9, 1)
    office = world.users["office_staff"]
    item = make_entry("rectification", title="学习成果转化运用不够")
    # not before it is being worked on
    with pytest.raises(InvalidTransition):
        services.close_out(item, on=today.value, note="已整改", actor=office)
    item = services.start_entry(item, actor=office)
    for on, note, field in ((today.value, "  ", "note"), (None, "已整改", "on")):
        with pytest.raises(ValidationError) as exc:
            services.close_out(item, on=on, note=note, actor=office)
        assert field in exc.value.message_dict
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and item.closed_out_on is None
    item = services.close_out(
        item,
        on=dt.date(2023, 8, 20),
        note="制度已印发，经验收同意销号",
        attachments=[pdf()],
        actor=office,
    )
    assert item.status == S.CLOSED_OUT
    assert (item.closed_out_on, item.closed_out_by) == (dt.date(2023, 8, 20), office)
    assert item.completed_on == dt.date(2023, 8, 20)
    assert item.attachments.get().for_close_out
    entry = audit.entries_for(item).get(verb="close_out")
    assert (entry.from_state, entry.to_state) == (S.IN_PROGRESS, S.CLOSED_OUT)
    assert entry.note == "制度已印发，经验收同意销号"
    # closed out for good: no move, no edit
    for move in (services.start_entry, services.reopen_entry, services.cancel_entry):
        with pytest.raises(InvalidTransition):
            move(item, actor=office, note="x")
    with pytest.raises(InvalidTransition):
        services.update_entry(item, title="改标题", actor=office)


def test_cancel_needs_a_reason(world, make_entry):
    office = world.users["office_staff"]
    entry = make_entry("party_committee_report")
    with pytest.raises(ValidationError):
        services.cancel_entry(entry, actor=office)
    entry = services.cancel_entry(entry, note="会议取消，不再请示", actor=office)
    assert entry.status == S.CANCELLED


def test_each_kind_requires_its_own_fields(world, office, area):
    office_staff = world.users["office_staff"]

    def create(kind, **extra):
        extra.setdefault("owner", office)
        return services.create_entry(kind=kind, title="事项", date=DAY, actor=office_staff, **extra)

    cases = [
        ("rule", {}, "rule_action"),
        ("problem_resolved", {}, "leader_name"),
        ("experience_promoted", {}, "promoted_where"),
        ("rectification", {}, "problem_area"),
        ("rule", {"rule_action": "revised", "problem_area": area}, "problem_area"),
        ("party_committee_report", {"leader_name": "张"}, "leader_name"),
        ("rectification", {"problem_area": area, "date": dt.date(2024, 1, 5)}, "problem_area"),
    ]
    for kind, extra, field in cases:
        extra = {"date": DAY, **extra}
        day = extra.pop("date")
        with pytest.raises(ValidationError) as exc:
            services.create_entry(
                kind=kind, title="事项", date=day, owner=office, actor=office_staff, **extra
            )
        assert field in exc.value.message_dict, (kind, extra)
    with pytest.raises(ValidationError) as exc:
        services.create_entry(kind="rule", title=" ", date=None, actor=office_staff)
    assert {"title", "date", "owner"} <= set(exc.value.message_dict)
    # a unit of the government is not one of the committee's bodies
    with pytest.raises(ValidationError) as exc:
        create("party_committee_report", owner=world.unit)
    assert "owner" in exc.value.message_dict
    assert not LedgerEntry.objects.exists()
    # a person alone may own an entry
    entry = services.create_entry(
        kind="problem_resolved",
        title="协调解决项目用地问题",
        date=DAY,
        owner_name="王秘书长",
        leader_name="李主任",
        actor=office_staff,
    )
    assert entry.owner is None and entry.owner_name == "王秘书长"


def test_evidence_files_are_checked_by_content_and_size(world, make_entry, monkeypatch):
    office = world.users["office_staff"]
    entry = make_entry("rule")
    bad = [
        pdf("说明.exe", b"MZ\x90\x00"),
        pdf("伪装.pdf", b"MZ\x90\x00not a pdf"),
        pdf("空.pdf", b""),
        pdf("图片.png", b"%PDF-1.4"),
    ]
    for upload in bad:
        with pytest.raises(ValidationError) as exc:
            services.add_attachments(entry, [upload], actor=office)
        assert "attachments" in exc.value.message_dict
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError):
        services.add_attachments(entry, [pdf(content=b"%PDF-" + b"x" * 20)], actor=office)
    monkeypatch.undo()
    with pytest.raises(ValidationError):
        services.add_attachments(entry, [pdf(f"{n}.pdf") for n in range(11)], actor=office)
    assert not entry.attachments.exists()
    files = services.add_attachments(
        entry,
        [pdf(), pdf("照片.jpg", b"\xff\xd8\xff\xe0JFIF"), pdf("表.xlsx", b"PK\x03\x04xx")],
        actor=office,
    )
    assert [f.name for f in files] == ["证明材料.pdf", "照片.jpg", "表.xlsx"]
    assert audit.entries_for(entry).filter(verb="attach").count() == 1


def test_edits_keep_history_and_audit_only_what_changed(world, make_entry, working_committee):
    office = world.users["office_staff"]
    entry = make_entry("rule", title="制定《立法评估工作制度》")
    services.update_entry(
        entry,
        title="制定《立法评估工作办法》",
        owner=working_committee,
        note="名称按主任会议意见修改",
        actor=world.users["leader"],
    )
    entry.refresh_from_db()
    assert entry.title == "制定《立法评估工作办法》"
    versions = list(entry.history.order_by("history_date"))
    assert [v.title for v in versions] == ["制定《立法评估工作制度》", "制定《立法评估工作办法》"]
    assert versions[-1].history_user == world.users["leader"]
    update = audit.entries_for(entry).get(verb="update")
    assert set(update.after) == {"title", "owner_id"}
    assert update.before["title"] == "制定《立法评估工作制度》"
    # nothing changed: no row, no version
    services.update_entry(entry, title=entry.title, actor=office)
    assert audit.entries_for(entry).filter(verb="update").count() == 1
    assert entry.history.count() == 2
    # status and kind are not edited as fields
    with pytest.raises(ValidationError):
        services.update_entry(entry, status=S.DONE, actor=office)
    with pytest.raises(ValidationError):
        services.update_entry(entry, kind="rectification", actor=office)


def test_only_office_staff_and_leaders_keep_the_ledgers(world, office, make_entry):
    entry = make_entry("rule")
    for role in ("committee_member", "deputy", "unit_handler", "expert", "no_role"):
        user = world.users[role]
        with pytest.raises(PermissionDenied):
            services.create_entry(
                kind="rule",
                title="x",
                date=DAY,
                owner=office,
                rule_action="revised",
                actor=user,
            )
        with pytest.raises(PermissionDenied):
            services.start_entry(entry, actor=user)
    for role in ("office_staff", "leader", "administrator"):
        make_entry("rule", title=f"{role}的制度", actor=world.users[role])


def test_record_entries_in_bulk_checks_every_row(world, office, area):
    office_staff = world.users["office_staff"]
    rows = [
        {
            "kind": "rule",
            "title": "制定《公文处理办法》",
            "date": DAY,
            "owner": office,
            "rule_action": "established",
            "status": S.DONE,
            "completed_on": dt.date(2023, 6, 1),
        },
        {
            "kind": "problem_resolved",
            "title": "协调解决停车难问题",
            "date": DAY,
            "owner": office,
            "leader_name": "李主任",
            "status": S.IN_PROGRESS,
        },
    ]
    created = services.record_entries(rows, actor=office_staff)
    assert [e.status for e in created] == [S.DONE, S.IN_PROGRESS]
    assert all(e.history.count() == 1 for e in LedgerEntry.objects.all())
    assert audit.entries_for(created[0]).get().verb == "record"
    bad_rows = [
        [{**rows[0], "status": S.DONE, "completed_on": None}],
        [{**rows[0], "completed_on": dt.date(2023, 1, 1)}],
        [
            {
                "kind": "rectification",
                "title": "x",
                "date": DAY,
                "owner": office,
                "problem_area": area,
                "status": S.CLOSED_OUT,
            }
        ],
        [{**rows[1], "leader_name": ""}],
    ]
    for bad in bad_rows:
        with pytest.raises(ValidationError) as exc:
            services.record_entries(bad, actor=office_staff)
        assert all(key.startswith("row 1") for key in exc.value.message_dict)
    assert LedgerEntry.objects.count() == 2


def test_problem_areas_are_unique_per_year(world, area):
    office = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.create_problem_area(year=2023, name=area.name, actor=office)
    other = services.create_problem_area(year=2024, name=area.name, actor=office)
    assert (other.year, other.position) == (2024, 1)
    assert services.create_problem_area(year=2023, name="调查研究方面", actor=office).position == 2
    with pytest.raises(ValidationError):
        services.create_problem_area(year=1900, name="x", actor=office)
    services.update_problem_area(area, description="主题教育检视问题", actor=office)
    area.refresh_from_db()
    assert area.description == "主题教育检视问题" and area.history.count() == 2
