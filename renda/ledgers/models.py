"""Work ledgers (台账): one generic register of the committee's own work, with typed
entries — rules established or revised (制度建设), reports of major matters to the
party committee (请示报告), rectification-list items closed out when fixed (整改销号),
implementation measures (落实举措), problems resolved with leaders' participation and
practices promoted by the provincial congress.

Every kind shares one row shape (``LedgerEntry``); what differs — the kind's own
fields, its allowed status moves and what its figure counts — is declared next to
the kinds below and in ``renda.ledgers.workflow``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import Organisation, TimeStamped

# The bodies of the committee that may own a ledger entry: its office and organs.
OWNER_KINDS = (
    Organisation.Kind.CONGRESS,
    Organisation.Kind.STANDING_COMMITTEE,
    Organisation.Kind.SPECIAL_COMMITTEE,
    Organisation.Kind.WORKING_COMMITTEE,
    Organisation.Kind.OFFICE,
)


class Kind(models.TextChoices):
    RULE = "rule", _("Rules and systems")
    PARTY_COMMITTEE_REPORT = "party_committee_report", _("Reports to the party committee")
    RECTIFICATION = "rectification", _("Rectification items")
    IMPLEMENTATION_MEASURE = "implementation_measure", _("Implementation measures")
    PROBLEM_RESOLVED = "problem_resolved", _("Problems resolved")
    EXPERIENCE_PROMOTED = "experience_promoted", _("Experiences promoted")
    # the committee's own rules of legislative procedure (立法评估、立项、审议…制度):
    # a ledger apart from the general rules, counted by the figure legislative_systems
    LEGISLATIVE_PROCEDURE = "legislative_procedure", _("Legislative procedure rules")


class ProblemArea(TimeStamped):
    """整改问题领域: one area of a year's rectification list (the article's "8 areas of
    prominent problems"); rectification items belong to one area of their year."""

    year = models.PositiveSmallIntegerField(_("year"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "position", "pk"]
        verbose_name = _("problem area")
        verbose_name_plural = _("problem areas")
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="ledgers_area_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class LedgerEntryQuerySet(models.QuerySet):
    def counted(self, kind: str, year: int) -> "LedgerEntryQuerySet":
        """The entries a kind's figure counts for a year (see ``COUNTED``)."""
        return self.filter(COUNTED[kind](year), kind=kind)


class LedgerEntry(TimeStamped):
    """One line of a ledger. ``date`` is the entry's own date: the date a rule was
    adopted, a report sent, a measure announced, a problem listed or taken up, a
    practice promoted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CLOSED_OUT = "closed_out", _("Closed out")
        CANCELLED = "cancelled", _("Cancelled")

    class RuleAction(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        REVISED = "revised", _("Revised")

    kind = models.CharField(_("ledger"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    # the committee's body responsible, and/or the person responsible
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        limit_choices_to={"kind__in": OWNER_KINDS},
    )
    owner_name = models.CharField(_("responsible person"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("notes"), blank=True)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    # rule: established or revised (制度建设: 建立 / 修订)
    rule_action = models.CharField(
        _("established or revised"), max_length=12, choices=RuleAction.choices, blank=True
    )
    # problem_resolved: the leader who took part
    leader_name = models.CharField(_("leader"), max_length=60, blank=True)
    # experience_promoted: where and how the provincial congress promoted it
    promoted_where = models.CharField(_("promoted where"), max_length=200, blank=True)
    promoted_how = models.CharField(_("promoted how"), max_length=200, blank=True)
    # rectification: the area of the list, and the close-out (销号)
    problem_area = models.ForeignKey(
        ProblemArea,
        verbose_name=_("problem area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    closed_out_on = models.DateField(_("closed out on"), null=True, blank=True)
    closed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed out by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    close_out_note = models.TextField(_("close-out note"), blank=True)
    history = HistoricalRecords()

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            # each kind's list, newest first, and the figures counted by date
            models.Index(fields=["kind", "-date", "-id"], name="ledgers_entry_list_idx"),
            # counts by status per kind
            models.Index(fields=["kind", "status"], name="ledgers_entry_status_idx"),
            # the figures "problem_lists_rectified" and "problem_areas"
            models.Index(fields=["kind", "closed_out_on"], name="ledgers_entry_closed_idx"),
        ]

    def __str__(self) -> str:
        return self.title


# What each kind's figure counts in a year: rules and legislative procedure rules adopted
# (done) and problems resolved (done) by the date they were done; reports, measures and promoted practices by their
# date unless cancelled; rectification items by the date they were closed out.
_NOT_CANCELLED = ~Q(status=LedgerEntry.Status.CANCELLED)
COUNTED = {
    Kind.RULE: lambda y: Q(status=LedgerEntry.Status.DONE, completed_on__year=y),
    Kind.PARTY_COMMITTEE_REPORT: lambda y: _NOT_CANCELLED & Q(date__year=y),
    Kind.RECTIFICATION: lambda y: Q(status=LedgerEntry.Status.CLOSED_OUT, closed_out_on__year=y),
    Kind.IMPLEMENTATION_MEASURE: lambda y: _NOT_CANCELLED & Q(date__year=y),
    Kind.PROBLEM_RESOLVED: lambda y: Q(status=LedgerEntry.Status.DONE, completed_on__year=y),
    Kind.EXPERIENCE_PROMOTED: lambda y: _NOT_CANCELLED & Q(date__year=y),
    Kind.LEGISLATIVE_PROCEDURE: lambda y: Q(status=LedgerEntry.Status.DONE, completed_on__year=y),
}


class LedgerAttachment(TimeStamped):
    """Evidence of an entry (a rule's text, a report, photos of a fixed problem);
    ``for_close_out`` marks the evidence given when a rectification item was closed out."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="ledgers/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    for_close_out = models.BooleanField(_("close-out evidence"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("ledger attachment")
        verbose_name_plural = _("ledger attachments")

    def __str__(self) -> str:
        return self.name
