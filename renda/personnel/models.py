"""Appointments and removals (任免) decided by the standing committee, their
certificates (任命书) and the constitutional oath (宪法宣誓).

An ``AppointmentBill`` (任免案) is a nominating body's list; each ``AppointmentItem``
is one person-time (人次): one person appointed to or removed from one post. The item
carries the R70 workflow (see ``renda.personnel.workflow``); the vote itself is a
ballot of the ballot engine (``renda.ballots``), never counted here. An
``OathTaking`` links one sworn appointment to the ``OathCeremony`` where the oath was
taken (R71)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.ballots.models import Ballot
from renda.core.models import Organisation, Person, Session, Term, TimeStamped


class Nominator(models.TextChoices):
    """Who may put a name before the committee (地方组织法 Art 50)."""

    CHAIR_MEETING = "chair_meeting", _("Chair meeting")
    MAYOR = "mayor", _("Mayor")
    COURT_PRESIDENT = "court_president", _("President of the intermediate people's court")
    PROCURATOR_GENERAL = "procurator_general", _("Procurator-general of the procuratorate")


class AppointmentBill(TimeStamped):
    """任免案: one nominating body's list put before a committee session."""

    class Grouping(models.TextChoices):
        PER_ITEM = "per_item", _("One ballot per person")
        PER_LIST = "per_list", _("One ballot for the list")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="appointment_bills"
    )
    # the committee session that deliberates and votes on the list
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_bills",
        limit_choices_to={"body": Session.Body.STANDING_COMMITTEE},
    )
    title = models.CharField(_("title"), max_length=300)
    nominator = models.CharField(_("nominated by"), max_length=24, choices=Nominator.choices)
    # the body behind the nominator: the government, the court, the procuratorate
    nominating_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("nominating body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"))
    grouping = models.CharField(
        _("ballots"), max_length=12, choices=Grouping.choices, default=Grouping.PER_ITEM
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("appointment and removal bill")
        verbose_name_plural = _("appointment and removal bills")
        indexes = [
            # the bills list, newest first
            models.Index(fields=["-submitted_on", "-id"], name="personnel_bill_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AppointmentItem(TimeStamped):
    """One person-time of a bill: a person appointed to, or removed from, a post."""

    class Action(models.TextChoices):
        APPOINT = "appoint", _("Appoint")
        REMOVE = "remove", _("Remove")

    class State(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        DELIBERATED = "deliberated", _("Deliberated")
        STATEMENT_MADE = "statement_made", _("Nominee's statement made")
        VOTING = "voting", _("Being voted on")
        PASSED = "passed", _("Vote passed")
        FAILED = "failed", _("Vote failed")
        CERTIFIED = "certified", _("Certificate issued")
        SWORN = "sworn", _("Oath taken")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # states in which the vote has passed: only these may be shown as appointed (R70)
    DECIDED_YES = frozenset({State.PASSED, State.CERTIFIED, State.SWORN})
    VOTED = DECIDED_YES | {State.FAILED}

    bill = models.ForeignKey(
        AppointmentBill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    post = models.CharField(_("post"), max_length=200)
    # the body in which the post is held (a department, the court...), when known
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reasons = models.TextField(_("reasons"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.NOMINATED
    )
    deliberated_on = models.DateField(_("deliberated on"), null=True, blank=True)
    statement_on = models.DateField(_("statement made on"), null=True, blank=True)
    statement_summary = models.TextField(_("statement"), blank=True)
    # the engine's ballot; several items share one when the list is voted as a whole
    ballot = models.ForeignKey(
        Ballot,
        verbose_name=_("ballot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_items",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)

    class Meta:
        ordering = ["bill", "position", "pk"]
        verbose_name = _("appointment or removal")
        verbose_name_plural = _("appointments and removals")
        constraints = [
            models.UniqueConstraint(fields=["bill", "position"], name="personnel_item_position"),
        ]
        indexes = [
            # the appointed list and the figures: items by state and decision date
            models.Index(fields=["state", "decided_on"], name="personnel_item_state_idx"),
            # the figure "appointments": items voted in a year
            models.Index(fields=["decided_on"], name="personnel_item_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.person.name} {self.post}"

    @property
    def is_decided_yes(self) -> bool:
        return self.state in self.DECIDED_YES

    @property
    def is_appointed(self) -> bool:
        """Appointed by the committee: only once the vote has passed (R70)."""
        return self.action == self.Action.APPOINT and self.is_decided_yes

    @property
    def oath_pending(self) -> bool:
        """Appointed but not yet sworn (R71)."""
        return self.is_appointed and self.state != self.State.SWORN


class CertificateSequence(models.Model):
    """The last certificate number given in a year; locked while numbering so that
    numbers stay unique and gap-free."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class OathCeremony(TimeStamped):
    """宪法宣誓仪式 (R71): organised by the chair meeting; date, place, people sworn."""

    class Organiser(models.TextChoices):
        CHAIR_MEETING = "chair_meeting", _("Chair meeting")

    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.CharField(
        _("organiser"),
        max_length=24,
        choices=Organiser.choices,
        default=Organiser.CHAIR_MEETING,
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oath_ceremonies",
    )
    presided_by = models.CharField(_("presided by"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("constitutional oath ceremony")
        verbose_name_plural = _("constitutional oath ceremonies")
        indexes = [
            # the ceremonies list and the figure "oath_takers" (by year)
            models.Index(fields=["-held_on", "-id"], name="personnel_ceremony_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.place}"


class OathTaking(models.Model):
    """One appointment sworn at a ceremony; an appointment is sworn once."""

    ceremony = models.ForeignKey(
        OathCeremony, on_delete=models.CASCADE, related_name="oath_takings"
    )
    item = models.OneToOneField(
        AppointmentItem, on_delete=models.PROTECT, related_name="oath_taking"
    )

    class Meta:
        ordering = ["ceremony", "pk"]
        verbose_name = _("oath taken")
        verbose_name_plural = _("oaths taken")

    def __str__(self) -> str:
        return f"{self.ceremony_id}:{self.item_id}"
