"""Filing and review of normative documents (备案审查).

A ``Filing`` is one normative document filed by its issuer (R60: within 30 days of
publication, else flagged late); the office's formal check (R61) accepts it or returns
it with reasons. Every accepted filing gets a ``Review`` (R62 type, R63 deadline with one
extension, the four questions, the finding). A finding of a problem opens a
``CorrectionNotice``: a case of the handling engine assigned to the issuer (R64), closed
when the issuer amends or repeals the document, or when the committee revokes it by a
vote. Citizens and bodies ask for a review with a ``ReviewRequest`` (R65). Each issuer
files an ``AnnualList`` of the documents it issued; entries never filed are missing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from renda.core.models import Organisation, TimeStamped


class Filing(TimeStamped):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Filed, awaiting the formal check")
        RETURNED = "returned", _("Returned to the issuer")
        ACCEPTED = "accepted", _("Accepted for review")

    issuer = models.ForeignKey(
        Organisation, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="filings"
    )
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=80)
    adopted_on = models.DateField(_("adopted on"))
    published_on = models.DateField(_("published on"))
    legal_basis = models.TextField(_("legal basis cited"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    legal_text = models.ForeignKey(
        "legislation.LegalText",
        verbose_name=_("text"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filings",
    )
    version = models.ForeignKey(
        "legislation.TextVersion",
        verbose_name=_("version filed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    filed_on = models.DateField(_("filed on"))
    # R60: filed more than the allowed days after publication; kept from the first filing
    is_late = models.BooleanField(_("filed late"), default=False)
    days_after_publication = models.IntegerField(_("days after publication"), default=0)
    # R61 with R2: the due date of the formal check and the rule that set it
    check_due = models.DateField(_("formal check due"))
    check_rule = models.CharField(_("deadline rule"), max_length=120)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    return_reason = models.TextField(_("reasons for return"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [
            # the office's list and the figures: by state and filing date
            models.Index(fields=["state", "filed_on"], name="filings_state_idx"),
            # an issuer's own filings, newest first
            models.Index(fields=["issuer", "-filed_on"], name="filings_issuer_idx"),
        ]
        constraints = [
            # one live filing per document number of an issuer (a returned one may be
            # replaced); holds under concurrent filings too
            models.UniqueConstraint(
                fields=["issuer", "document_number"],
                condition=~models.Q(state="returned"),
                name="filings_one_live_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class Review(TimeStamped):
    class Type(models.TextChoices):  # R62
        ACTIVE = "active", _("Active review")
        ON_REQUEST = "on_request", _("Review on request")
        TRANSFERRED = "transferred", _("Transferred review")
        THEMATIC = "thematic", _("Thematic review")
        JOINT = "joint", _("Joint review")

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Under review")
        FINISHED = "finished", _("Finished")

    class Finding(models.TextChoices):
        NO_PROBLEM = "no_problem", _("No problem found")
        PROBLEM = "problem", _("Problem found: correction needed")

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="reviews")
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("reviewing committee"),
        on_delete=models.PROTECT,
        related_name="filing_reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS
    )
    started_on = models.DateField(_("started on"))
    # R63 with R2: the deadline and the rule that set it; moved once by an extension
    due_on = models.DateField(_("due"))
    deadline_rule = models.CharField(_("deadline rule"), max_length=120)
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # the questions examined: True = a problem on that question
    exceeds_power = models.BooleanField(_("exceeds its power"), default=False)
    conflicts_with_higher_law = models.BooleanField(_("conflicts with higher law"), default=False)
    restricts_rights = models.BooleanField(
        _("restricts rights or adds obligations without basis"), default=False
    )
    clearly_improper = models.BooleanField(_("clearly improper"), default=False)
    finding = models.CharField(_("finding"), max_length=12, choices=Finding.choices, blank=True)
    finding_text = models.TextField(_("review opinion"), blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    history = HistoricalRecords()

    QUESTIONS = (
        "exceeds_power",
        "conflicts_with_higher_law",
        "restricts_rights",
        "clearly_improper",
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            # the figures and the to-do: reviews by state and dates
            models.Index(fields=["state", "finished_on"], name="filings_review_state_idx"),
            models.Index(fields=["state", "due_on"], name="filings_review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filing.title}: {self.get_type_display()}"


class CorrectionNotice(TimeStamped):
    class State(models.TextChoices):
        OPEN = "open", _("Waiting for the issuer")
        CLOSED = "closed", pgettext_lazy("correction", "Closed")

    class Outcome(models.TextChoices):
        AMENDED = "amended", _("Amended by the issuer")
        REPEALED = "repealed", _("Repealed by the issuer")
        REVOKED = "revoked", _("Revoked by the committee")

    # what the issuer's own reply may say (revocation is the committee's vote)
    REPLY_OUTCOMES = [
        (Outcome.AMENDED.value, Outcome.AMENDED.label),
        (Outcome.REPEALED.value, Outcome.REPEALED.label),
    ]

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="correction")
    case = models.OneToOneField(
        "handling.Case", on_delete=models.PROTECT, related_name="correction_notice"
    )
    opinion = models.TextField(_("written opinion"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    issuer_reply = models.TextField(_("issuer's reply"), blank=True)
    ballot = models.OneToOneField(
        "ballots.Ballot",
        verbose_name=_("revocation vote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filing_correction",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")

    def __str__(self) -> str:
        return f"{self.review.filing.title}: {self.get_state_display()}"


class ReviewRequest(TimeStamped):
    class RequesterKind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        ORGANISATION = "organisation", _("Organisation")
        STATE_ORGAN = "state_organ", _("State organ")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        API = "api", _("API")
        OFFICE = "office", _("Office")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        UNDER_REVIEW = "under_review", _("Under review")
        ANSWERED = "answered", _("Outcome sent")

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    requester_kind = models.CharField(_("requester"), max_length=16, choices=RequesterKind.choices)
    requester_name = models.CharField(_("name"), max_length=100, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=100, blank=True)
    document_title = models.CharField(_("document concerned"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    reasons = models.TextField(_("reasons"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    client_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECEIVED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, null=True, blank=True, related_name="review_requests"
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    outcome = models.TextField(_("outcome told to the requester"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        indexes = [models.Index(fields=["state", "submitted_at"], name="filings_request_idx")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.document_title}"


class AnnualList(TimeStamped):
    """The documents an issuer issued in a year, as it reports them."""

    issuer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="filing_annual_lists"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        ordering = ["-year", "issuer__name", "pk"]
        verbose_name = _("annual list")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="filings_one_list_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}"


class AnnualListEntry(models.Model):
    annual_list = models.ForeignKey(AnnualList, on_delete=models.CASCADE, related_name="entries")
    document_number = models.CharField(_("document number"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["annual_list", "pk"]
        verbose_name = _("annual list entry")

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"
