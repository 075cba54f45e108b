"""Deputies' motions (议案) and suggestions (建议), before and around their case."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Deputy, Organisation, Session, TimeStamped
from renda.handling.models import Case


class Suggestion(TimeStamped):
    class Type(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        MOTION = "motion", _("Motion")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        RETURNED = "returned", _("Returned for revision")
        REGISTERED = "registered", _("Registered")
        DECLINED = "declined", _("Declined")
        CONVERTED = "converted", _("Converted into a suggestion")
        MERGED = "merged", _("Merged into another")

    class Category(models.TextChoices):
        ECONOMY = "economy", _("Economy and development")
        URBAN = "urban", _("Urban and rural construction")
        AGRICULTURE = "agriculture", _("Agriculture and rural areas")
        EDUCATION = "education", _("Education, science, culture and health")
        SOCIAL = "social", _("Social affairs and livelihood")
        LAW = "law", _("Rule of law and governance")
        ENVIRONMENT = "environment", _("Ecology and environment")
        OTHER = "other", _("Other")

    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.SUGGESTION)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        db_index=False,  # suggestions_number_per_session and suggestions_list_idx serve it
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    lead_deputy = models.ForeignKey(
        Deputy, verbose_name=_("lead deputy"), on_delete=models.PROTECT, related_name="suggestions"
    )
    co_signers = models.ManyToManyField(
        Deputy, verbose_name=_("co-signers"), blank=True, related_name="co_signed_suggestions"
    )
    # R10: a delegation may submit a motion as a body.
    delegation = models.ForeignKey(
        Organisation,
        verbose_name=_("submitted by delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    may_publish = models.BooleanField(_("may be published"), default=True)
    review_note = models.TextField(_("review note"), blank=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestion"
    )
    # R11: a motion not put on the agenda lives on as a suggestion, linked both ways.
    converted_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="converted_to"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_items"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        # Newest session first, by key: sessions are entered as they are convened, and
        # ordering by the session itself joined its term and sorted every row of every
        # session (PostgreSQL: 107 ms for a page of 100,000) where this reads the index.
        ordering = ["-session_id", "type", "number", "pk"]
        verbose_name = _("motion or suggestion")
        verbose_name_plural = _("motions and suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "type", "number"], name="suggestions_number_per_session"
            ),
        ]
        indexes = [
            # a deputy's own items
            models.Index(fields=["lead_deputy", "state"], name="suggestions_deputy_idx"),
            # the lists' order (Meta.ordering)
            models.Index(fields=["-session", "type", "number", "id"], name="suggestions_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def reference(self) -> str:
        """The office's numbering: session and sequence, e.g. 12-1-建议-0158."""
        if self.number is None:
            return ""
        prefix = "议案" if self.type == self.Type.MOTION else "建议"
        return f"{self.session.term.number}-{self.session.number}-{prefix}-{self.number:04d}"


class NumberSequence(models.Model):
    """The last number given per session and type; locked while numbering so that
    numbers are unique and gap-free even with concurrent registrations."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    type = models.CharField(max_length=12)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "type"], name="suggestions_one_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.type} {self.last}"


class SuggestionAttachment(TimeStamped):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="suggestions/%Y/")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Commendation(TimeStamped):
    """表彰: an outstanding suggestion or handling unit of a year, chosen by the office
    from candidates computed from the records."""

    class Type(models.TextChoices):
        SUGGESTION = "suggestion", _("Outstanding suggestion")
        UNIT = "unit", _("Outstanding handling unit")

    year = models.PositiveSmallIntegerField(_("year"))
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-year", "type", "pk"]
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "suggestion"], name="suggestions_commend_item_once"
            ),
            models.UniqueConstraint(fields=["year", "unit"], name="suggestions_commend_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.suggestion or self.unit}"
