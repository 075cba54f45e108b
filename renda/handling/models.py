"""The handling engine's rows: a Case for every item units must handle, its
Assignments to units, Replies, Evaluations, supervision notes and notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organisation, Person, TimeStamped


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Deputy's suggestion")
    MOTION = "motion", _("Motion")
    PUBLIC_OPINION = "public_opinion", _("Public opinion")
    DELIBERATION_OPINION = "deliberation_opinion", _("Deliberation opinion")
    CORRECTION_NOTICE = "correction_notice", _("Correction notice")
    RECTIFICATION = "rectification", _("Rectification item")


class CaseState(models.TextChoices):
    REGISTERED = "registered", _("Registered, awaiting assignment")
    ASSIGNED = "assigned", _("Assigned, being handled")
    RETURNED = "returned", _("Returned by the unit, awaiting reassignment")
    REPLIED = "replied", _("Replied, awaiting evaluation")
    REHANDLING = "rehandling", _("Being handled again")
    UNDER_REVIEW = "under_review", _("Under review by the committee")
    COMPLETED = "completed", _("Completed")


# A unit's reply is awaited in these states: past the reply due date, the case is overdue.
# (Outside the class, because the partial index in Case.Meta needs them too.)
AWAITING_REPLY = (CaseState.ASSIGNED, CaseState.REHANDLING)


class Case(TimeStamped):
    State = CaseState
    AWAITING_REPLY = AWAITING_REPLY

    class Implementation(models.TextChoices):
        NOT_NEEDED = "not_needed", _("No promise to follow")
        PENDING = "pending", _("Promise being implemented")
        IMPLEMENTED = "implemented", _("Implemented")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REGISTERED
    )
    reference = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    is_difficult = models.BooleanField(_("broad or difficult"), default=False)
    difficulty_reason = models.TextField(_("why broad or difficult"), blank=True)
    is_key = models.BooleanField(_("key item"), default=False)
    lead_leader = models.ForeignKey(
        Person,
        verbose_name=_("leading committee leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    supervising_body = models.ForeignKey(
        Organisation,
        verbose_name=_("supervising body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
    )
    # The unit leading the handling now: the lead assignment that was not returned. Kept
    # on the case, by the services that assign and return, so that the statistics per
    # unit and the lists' unit column read the cases alone, never their assignments.
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_led",
        db_index=False,  # handling_case_stats_idx serves the statistics; units are not deleted
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    evaluation_due = models.DateField(_("evaluation due"), null=True, blank=True)
    rehandle_count = models.PositiveSmallIntegerField(_("times rehandled"), default=0)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("replied on time"), null=True, blank=True)
    reply_class = models.CharField(_("reply class"), max_length=4, blank=True)
    final_evaluation = models.CharField(_("final evaluation"), max_length=24, blank=True)
    implementation = models.CharField(
        _("implementation"),
        max_length=16,
        choices=Implementation.choices,
        default=Implementation.NOT_NEEDED,
    )
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # the office's lists: by kind and state, newest first
            models.Index(
                fields=["kind", "state", "-registered_at"], name="handling_case_kind_state_idx"
            ),
            # open cases by state and reply due date (the overdue list's count)
            models.Index(fields=["state", "reply_due"], name="handling_case_due_idx"),
            # the overdue lists' page in their order, even a deep one, without a sort
            models.Index(
                fields=["reply_due", "id"],
                condition=models.Q(state__in=AWAITING_REPLY),
                name="handling_case_overdue_idx",
            ),
            # every case list's default order, newest first
            models.Index(fields=["registered_at", "id"], name="handling_case_registered_idx"),
            # the statistics: a year's cases read from this index alone (every column
            # the measures count on), never from the wide case rows
            models.Index(
                fields=[
                    "registered_at",
                    "kind",
                    "state",
                    "completed_on_time",
                    "reply_due",
                    "final_evaluation",
                    "reply_class",
                    "implementation",
                    "lead_unit",
                ],
                name="handling_case_stats_idx",
            ),
        ]

    @classmethod
    def overdue_on(cls, day) -> models.Q:
        """The cases whose reply is awaited and was due before ``day``."""
        return models.Q(state__in=cls.AWAITING_REPLY, reply_due__lt=day)

    def is_overdue_on(self, day) -> bool:
        return self.state in AWAITING_REPLY and self.reply_due is not None and self.reply_due < day

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


class Assignment(TimeStamped):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        ASSISTING = "assisting", _("Assisting unit")
        JOINT = "joint", _("Joint unit")

    class State(models.TextChoices):
        ACTIVE = "active", _("Handling")
        VIEW_SENT = "view_sent", _("View sent to the lead unit")
        REPLIED = "replied", _("Replied")
        RETURNED = "returned", _("Returned as wrongly addressed")
        CLOSED = "closed", _("Closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
        db_index=False,  # handling_inbox_idx (unit, …) serves it
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ACTIVE)
    assigned_on = models.DateField(_("assigned on"))
    due_date = models.DateField(_("due"))
    # R2: the rule and value that set due_date, kept with it.
    deadline_rule = models.CharField(_("deadline rule"), max_length=120)
    return_due = models.DateField(_("may be returned until"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    view_text = models.TextField(_("assisting unit's view"), blank=True)
    view_sent_at = models.DateTimeField(_("view sent at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "role", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            # a unit's inbox in its order, ties by key: PostgreSQL reads a page, even a
            # deep one, from this index alone instead of sorting all the unit's rows
            models.Index(fields=["unit", "state", "due_date", "id"], name="handling_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.unit} ({self.get_role_display()})"


class Reply(TimeStamped):
    class Channel(models.TextChoices):
        WRITTEN = "written", _("Written")
        PLATFORM = "platform", _("Through the platform")
        FACE_TO_FACE = "face_to_face", _("Face to face")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("reply"))
    reply_class = models.CharField(_("class"), max_length=4)
    contact_person = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    promised_action = models.TextField(_("promised action"), blank=True)
    promised_date = models.DateField(_("promised by"), null=True, blank=True)
    on_time = models.BooleanField(_("on time"))
    # renda's clock, not the row's insertion time: the date on the reply letter.
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "round"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.case} #{self.round} {self.reply_class}"


class ReplyAttachment(TimeStamped):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="replies/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Evaluation(TimeStamped):
    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")
        NO_ANSWER = "no_answer", _("No answer in time")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_primary = models.BooleanField(_("by the submitter"), default=True)
    result = models.CharField(_("evaluation"), max_length=24, choices=Result.choices)
    # R16: a missing answer counts as the setting's value but stays visible as "no answer".
    counts_as = models.CharField(_("counts as"), max_length=24, choices=Result.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "evaluator"], name="handling_one_evaluation_per_reply_and_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_result_display()}"


# What an evaluator may choose; "no answer" is recorded by the engine, never chosen.
EVALUATE_CHOICES = [c for c in Evaluation.Result.choices if c[0] != Evaluation.Result.NO_ANSWER]


class SupervisionNote(TimeStamped):
    class Type(models.TextChoices):
        NOTE = "note", _("Supervision note")
        SITE_VISIT = "site_visit", _("On-site visit")
        # Until the ballot engine records it as a vote: the assessment's outcome as a note.
        ASSESSMENT = "assessment", _("Satisfaction assessment")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supervision_notes")
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("content"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.date}"


class Notice(TimeStamped):
    """Something a user or a unit must see or do: an assignment, a reminder (催办),
    an overdue warning, a request to evaluate. ``key`` makes sending idempotent."""

    class Type(models.TextChoices):
        ASSIGNED = "assigned", _("New assignment")
        RETURNED = "returned", _("Item returned by a unit")
        VIEW_RECEIVED = "view_received", _("Assisting unit's view received")
        REPLIED = "replied", _("Reply received: please evaluate")
        DUE_SOON = "due_soon", _("Reply due soon")
        OVERDUE = "overdue", _("Reply overdue")
        ESCALATED = "escalated", _("Escalated for review")
        REHANDLE = "rehandle", _("Handle again")

    key = models.CharField(max_length=160, unique=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    recipient_unit = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    message = models.CharField(_("message"), max_length=300)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient_user", "read_at"], name="handling_notice_user_idx"),
            models.Index(fields=["recipient_unit", "read_at"], name="handling_notice_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.message
