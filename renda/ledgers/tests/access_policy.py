"""Who may open the ledgers' URLs (see renda/core/tests/test_access_matrix.py): the
office and leaders keep the ledgers, the committee side reads them, nobody else sees
anything. Object URLs point at a rectification item with an evidence file and its
problem area."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

EDITORS = REGISTRARS | {"leader"}
LIST_NAMES = [
    "ledgers:index",
    "ledgers:rule-list",
    "ledgers:party-committee-report-list",
    "ledgers:rectification-list",
    "ledgers:implementation-measure-list",
    "ledgers:problem-resolved-list",
    "ledgers:experience-promoted-list",
    "ledgers:legislative-procedure-list",
]
ENTRY_ACTIONS = ["start", "complete", "reopen", "cancel", "close-out", "attachments"]

POLICY = {
    **{name: COMMITTEE for name in LIST_NAMES},
    "ledgers:entry-create": EDITORS,
    "ledgers:entry-detail": COMMITTEE,
    "ledgers:entry-edit": EDITORS,
    "ledgers:entry-act": NOBODY,  # POST only
    "ledgers:attachment": COMMITTEE,
    "ledgers:area-list": COMMITTEE,
    "ledgers:area-create": EDITORS,
    "ledgers:area-detail": COMMITTEE,
    "ledgers:area-edit": EDITORS,
    "api:ledger-entry-list": COMMITTEE,
    "api:ledger-entry-detail": COMMITTEE,
    "api:ledger-entry-counts": COMMITTEE,
    **{f"api:ledger-entry-{name}": NOBODY for name in ENTRY_ACTIONS},  # POST only
    "api:ledger-problem-area-list": COMMITTEE,
    "api:ledger-problem-area-detail": COMMITTEE,
}

POST_POLICY = {
    "ledgers:entry-act": EDITORS,
    "api:ledger-entry-list": EDITORS,
    "api:ledger-problem-area-list": EDITORS,
    **{f"api:ledger-entry-{name}": EDITORS for name in ENTRY_ACTIONS},
}

_entry = lambda w: {"pk": w.ledger_entry.pk}  # noqa: E731
_area = lambda w: {"pk": w.ledger_area.pk}  # noqa: E731
URL_ARGS = {
    "ledgers:entry-create": lambda w: {"kind": "rectification"},
    "ledgers:entry-detail": _entry,
    "ledgers:entry-edit": _entry,
    "ledgers:entry-act": lambda w: {"pk": w.ledger_entry.pk, "action": "close-out"},
    "ledgers:attachment": lambda w: {"pk": w.ledger_attachment.pk},
    "ledgers:area-detail": _area,
    "ledgers:area-edit": _area,
    "api:ledger-entry-detail": _entry,
    **{f"api:ledger-entry-{name}": _entry for name in ENTRY_ACTIONS},
    "api:ledger-problem-area-detail": _area,
}


def prepare(world) -> None:
    """A problem area of 2023 and a rectification item of it, in progress, with an
    evidence file, owned by the committee's office."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.core.models import Organisation
    from renda.ledgers import services

    office_staff = world.users["office_staff"]
    office, _ = Organisation.objects.get_or_create(
        code="T-LEDGER-BGS", defaults={"name": "矩阵办公室", "kind": Organisation.Kind.OFFICE}
    )
    area = services.create_problem_area(year=2023, name="矩阵问题领域", actor=office_staff)
    entry = services.create_entry(
        kind="rectification",
        title="矩阵整改事项",
        date=dt.date(2023, 5, 1),
        owner=office,
        problem_area=area,
        attachments=[SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%matrix\n")],
        actor=office_staff,
    )
    services.start_entry(entry, actor=office_staff)
    world.ledger_entry, world.ledger_area = entry, area
    world.ledger_attachment = entry.attachments.get()
