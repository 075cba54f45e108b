"""The deputies' network: places where deputies meet the public (liaison stations,
activity centres, studios, demonstration sites, the online home), their reception
days, and the duty activities that make up each deputy's duty record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import Deputy, Organisation, Session, TimeStamped


class Place(TimeStamped):
    class Kind(models.TextChoices):
        LIAISON_STATION = "liaison_station", _("Liaison station")
        ACTIVITY_CENTER = "activity_center", _("Activity centre")
        DEPUTY_STUDIO = "deputy_studio", _("Deputy studio")
        DEMONSTRATION_SITE = "demonstration_site", _("Demonstration site")
        ONLINE_HOME = "online_home", _("Online home of deputies")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    district = models.ForeignKey(
        Organisation,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_places",
        limit_choices_to={"kind": Organisation.Kind.DISTRICT},
    )
    township = models.ForeignKey(
        Organisation,
        verbose_name=_("township or subdistrict"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="township_places",
        limit_choices_to={"kind": Organisation.Kind.TOWNSHIP},
    )
    # A demonstration site may sit on an industrial chain (产业链) rather than a township.
    industrial_chain = models.CharField(_("industrial chain"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("deputies attached"), blank=True, related_name="places"
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            # figures and the public finder: active places of a kind, by district
            models.Index(fields=["kind", "is_active", "district"], name="deputies_place_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class ReceptionDay(TimeStamped):
    """接待日: a day a station receives the public, with the deputies on duty."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="reception_days"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("deputies on duty"), blank=True, related_name="reception_days"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SCHEDULED
    )
    visitors = models.PositiveIntegerField(_("visitors received"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "place"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        indexes = [
            # a place's next reception days on the public page
            models.Index(fields=["place", "date"], name="deputies_reception_place_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.date}"


class DutyActivity(TimeStamped):
    """履职活动: one activity of one or more deputies; their duty records gather these."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Reception of the public")
        INSPECTION = "inspection", _("Inspection")
        RESEARCH = "research", _("Research")
        TRAINING = "training", _("Training")
        DUTY_REPORT = "duty_report", _("Duty report to constituents")
        SESSION_ATTENDANCE = "session_attendance", _("Attendance at a committee session")
        DUAL_CONTACT = "dual_contact", _("Dual-contact visit")
        OTHER = "other", _("Other activity")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("reception day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    deputies = models.ManyToManyField(
        Deputy, verbose_name=_("deputies"), related_name="duty_activities"
    )
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("duty activity")
        verbose_name_plural = _("duty activities")
        indexes = [
            # coverage figures and duty records: activities of a kind by date
            models.Index(fields=["kind", "date"], name="deputies_activity_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class CongressAbsence(TimeStamped):
    """A deputy's absence from a session of the congress (R82). Two absences without
    approved leave in one term end the mandate (代表法 Art 62): the platform flags the
    deputy for the committee, which decides."""

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="congress_absences",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("congress session"),
        on_delete=models.PROTECT,
        related_name="deputy_absences",
        limit_choices_to={"body": Session.Body.CONGRESS},
    )
    approved_leave = models.BooleanField(_("leave approved"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-session__start_date", "deputy__code"]
        verbose_name = _("absence from the congress")
        verbose_name_plural = _("absences from the congress")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "session"], name="deputies_absence_once_per_session"
            ),
        ]
        indexes = [
            # R82 flags: unapproved absences counted per deputy
            models.Index(fields=["approved_leave", "deputy"], name="deputies_absence_flag_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.session}"
