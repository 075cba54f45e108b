"""Public consultations on texts (征求意见): one engine for every call for comments.

A ``Consultation`` opens a text version (renda.legislation) for a period through
channels; a ``Comment`` attaches to a provision of that version (see provisions.py for
the reference scheme) or to the whole text; an ``Adoption`` is the office's decision on
one comment. ``ContactPoint`` holds the grassroots legislative contact points and the
legislative bases, whose linked accounts submit the comments gathered in their area.
Only ``renda.consultations.services`` writes these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organisation, TimeStamped


class Channel(models.TextChoices):
    """How a comment came in. A consultation opens some of the first five."""

    PORTAL = "portal", _("Public portal")
    CONTACT_POINT = "contact_point", _("Legislative contact points")
    EXPERT = "expert", _("Expert committee")
    BASE = "base", _("Legislative base")
    BODY = "body", _("Named bodies")
    STAFF = "staff", _("Entered by staff")


OPENABLE_CHANNELS = (
    Channel.PORTAL,
    Channel.CONTACT_POINT,
    Channel.EXPERT,
    Channel.BASE,
    Channel.BODY,
)


def channel_q(channel: str) -> models.Q:
    """Consultations open through ``channel`` (a whole item of the comma list)."""
    return models.Q(channels__regex=rf"(^|,){channel}(,|$)")


class ContactPoint(TimeStamped):
    """A grassroots legislative contact point (基层立法联系点) or a legislative base
    (立法基地); the accounts linked to it submit the comments gathered in its area."""

    class Kind(models.TextChoices):
        CONTACT_POINT = "contact_point", _("Legislative contact point")
        LEGISLATIVE_BASE = "legislative_base", _("Legislative base")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area"), max_length=200, blank=True)
    district = models.ForeignKey(
        Organisation,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legislative_contact_points",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    designated_on = models.DateField(_("designated on"))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accounts acting for it"),
        blank=True,
        related_name="contact_points",
    )

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("legislative contact point")
        verbose_name_plural = _("legislative contact points")
        indexes = [
            # the figures: active points of a kind designated by a date
            models.Index(
                fields=["kind", "is_active", "designated_on"], name="consult_point_figure_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Consultation(TimeStamped):
    """A text version open for comments for a period, through channels."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for comments")
        CLOSED = "closed", _("Closed")
        CONCLUDED = "concluded", _("Concluded (summary published)")

    version = models.ForeignKey(
        "legislation.TextVersion",
        verbose_name=_("text version"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # Channel values (OPENABLE_CHANNELS), comma-separated in a fixed order; see channel_q()
    channels = models.CharField(_("channels"), max_length=100)
    bodies = models.ManyToManyField(
        Organisation, verbose_name=_("named bodies"), blank=True, related_name="+"
    )
    experts = models.ManyToManyField(
        "supervision.Expert",
        verbose_name=_("invited experts"),
        blank=True,
        related_name="text_consultations",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            # the staff list (newest first, by state) and the portal's open ones
            models.Index(fields=["state", "-opens_on"], name="consult_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consult_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_days(self) -> int:
        """Days open, both ends counted."""
        return (self.closes_on - self.opens_on).days + 1

    @property
    def channel_list(self) -> list[str]:
        return [c for c in self.channels.split(",") if c in Channel.values]

    def has_channel(self, channel: str) -> bool:
        return channel in self.channel_list

    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channel_list]


class Comment(models.Model):
    """One comment on a provision (or on the whole text) of the consultation's version."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # renda.consultations.provisions: "" (whole text), art_5, art_5__para_2, art_5__para_2__point_3
    provision = models.CharField(_("provision"), max_length=60, blank=True)
    provision_label = models.CharField(_("provision label"), max_length=60, blank=True)
    # article order for lists and the summary (provisions.sort_key)
    sort_key = models.PositiveIntegerField(default=0)
    text = models.TextField(_("comment"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point or base"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    expert = models.ForeignKey(
        "supervision.Expert",
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="text_comments",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    citizen_name = models.CharField(_("name"), max_length=50, blank=True)
    citizen_contact = models.CharField(_("phone or e-mail"), max_length=100, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # a client's own token for the submission: the same token never makes two comments
    client_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    theme = models.CharField(_("group"), max_length=60, blank=True)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        ordering = ["consultation", "sort_key", "received_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # comments of a consultation in article order (detail page, summary)
            models.Index(
                fields=["consultation", "sort_key", "received_at"], name="consult_comment_order_idx"
            ),
            # a contact point's page: its comments, newest first
            models.Index(
                fields=["contact_point", "-received_at"], name="consult_comment_point_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.provision_label}".strip()

    @property
    def source_label(self) -> str:
        """Who sent it, without personal contact data."""
        if self.contact_point_id:
            return self.contact_point.name
        if self.expert_id:
            return self.expert.name
        if self.body_id:
            return self.body.name
        return self.citizen_name or str(Channel(self.channel).label)


class Adoption(models.Model):
    """The office's decision on one comment (采纳情况), with its reason."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="adoption"
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("adoption decision")
        verbose_name_plural = _("adoption decisions")
        indexes = [
            # counts per decision
            models.Index(fields=["decision"], name="consult_adoption_decision_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.comment} · {self.get_decision_display()}"
