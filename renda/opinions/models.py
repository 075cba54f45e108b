"""Public opinions (社情民意): what citizens raise, from intake to the callback.

The handling itself (assignment, reply, evaluation) is the engine's ``Case``; this row
holds what is particular to an opinion: who raised it and where, how it came in, its
tracking code, routing and the personal data that R91 protects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Deputy, Organisation, TimeStamped
from renda.deputies.models import Place, ReceptionDay
from renda.handling.models import Case


class Category(models.TextChoices):
    URBAN = "urban", _("Urban construction and management")
    TRANSPORT = "transport", _("Transport")
    ENVIRONMENT = "environment", _("Ecology and environment")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Social security and employment")
    ECONOMY = "economy", _("Economy and business environment")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    SAFETY = "safety", _("Public safety")
    LAW = "law", _("Law and justice")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    STATION = "station", _("At a liaison station")
    DEPUTY = "deputy", _("Forwarded by a deputy")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311 client")


class PublicOpinion(TimeStamped):
    class Routing(models.TextChoices):
        PENDING = "pending", _("Not routed yet")
        SUGGESTED = "suggested", _("Unit suggested by the router")
        MANUAL = "manual", _("Left to the office (low confidence)")
        CONFIRMED = "confirmed", _("Suggestion confirmed")
        CORRECTED = "corrected", _("Suggestion corrected by staff")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="public_opinion")
    # R90: given at once; the only key a citizen needs to follow the opinion.
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # A client's own token for the submission: the same token never makes two records.
    client_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    channel = models.CharField(_("submitted through"), max_length=12, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    text = models.TextField(_("content"))
    district = models.ForeignKey(
        Organisation,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_opinions",
        db_index=False,  # opinions_district_time_idx (district, submitted_at) serves it
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    station = models.ForeignKey(
        Place,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("reception day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    forwarded_by = models.ForeignKey(
        Deputy,
        verbose_name=_("forwarded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_opinions",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R91: personal data, shown only to those who handle the case.
    submitter_name = models.CharField(_("name"), max_length=60, blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    submitter_email = models.EmailField(_("email"), blank=True)
    submitter_id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    submitter_address = models.CharField(_("address"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    # Routing (the classifier's suggestion and what staff made of it)
    routing = models.CharField(
        _("routing"), max_length=12, choices=Routing.choices, default=Routing.PENDING
    )
    suggested_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("suggested unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggested_opinions",
    )
    routing_confidence = models.FloatField(_("confidence"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_opinions",
    )
    escalated_to = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("escalated into the suggestion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_opinions",
    )
    callback_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    callback_note = models.TextField(_("callback"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("public opinion")
        verbose_name_plural = _("public opinions")
        indexes = [
            # hot topics and lists: by district over time
            models.Index(fields=["district", "submitted_at"], name="opinions_district_time_idx"),
            # similar items: same category, recent first
            models.Index(fields=["category", "submitted_at"], name="opinions_category_time_idx"),
            # the office's routing queue
            models.Index(fields=["routing", "submitted_at"], name="opinions_routing_idx"),
            # default order of every list and the yearly figure
            models.Index(fields=["submitted_at", "id"], name="opinions_submitted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.case.title if self.case_id else ''}".strip()


class OpinionPhoto(TimeStamped):
    opinion = models.ForeignKey(PublicOpinion, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="opinions/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RoutingCorrection(TimeStamped):
    """A staff decision on where an opinion goes; the next training learns from it."""

    opinion = models.ForeignKey(
        PublicOpinion, on_delete=models.CASCADE, related_name="routing_corrections"
    )
    suggested_unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.opinion_id}: {self.suggested_unit_id} → {self.chosen_unit_id}"


class RouterModel(TimeStamped):
    """A trained routing classifier. Kept in the database so every process of every
    machine routes with the same model (no local files outside MEDIA)."""

    trained_at = models.DateTimeField(_("trained at"))
    samples = models.PositiveIntegerField(_("samples"))
    accuracy = models.FloatField(_("held-out accuracy"), null=True, blank=True)
    blob = models.BinaryField()

    class Meta:
        ordering = ["-trained_at", "-pk"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"router {self.trained_at:%Y-%m-%d %H:%M} ({self.samples})"
