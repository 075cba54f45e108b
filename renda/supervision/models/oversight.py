"""Supervision models: oversight of the government (see models/__init__.py).

- ``WorkReport`` (专项工作报告): a report of the government or a department heard and
  deliberated at a committee session, with the R40 document dates (draft 20 days,
  final 10 days before the session; members 7 days before).
- ``SpecialInquiry`` (专题询问) with its ``InquiryQuestion`` rows.
- ``LawEnforcementInspection`` (执法检查) with its ``InspectionVisit`` rows (R44).
- ``DeliberationOpinion`` (审议意见): what the committee sends to the body after the
  deliberation of one of the three; handled through the handling engine (one ``Case``
  each, R41), the body's reply being its report back.
- ``Decision`` (决定/决议) of the committee, voted through the ballot engine, with
  ``DecisionFollowUp`` notes.

Work reports, inquiries and inspections follow one chain (R44): planned →
deliberated (held) → opinions sent → published; the allowed moves are
``CHAIN_TRANSITIONS``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.models import CommitteeMember, Organisation, Person, Session, Term, TimeStamped
from renda.supervision.models.plan import PlanItem

__all__ = [
    "CHAIN_TRANSITIONS",
    "ChainState",
    "Decision",
    "DecisionFollowUp",
    "DeliberationOpinion",
    "InquiryQuestion",
    "InspectionVisit",
    "LawEnforcementInspection",
    "SpecialInquiry",
    "WorkReport",
]


class ChainState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIBERATED = "deliberated", _("Deliberated at the session")
    OPINIONS_SENT = "opinions_sent", _("Deliberation opinions sent")
    PUBLISHED = "published", pgettext_lazy("supervision record", "Published")


# state → states a work report, an inquiry or an inspection may move to (R44: the same
# chain for all three). Publication follows the report back (every opinion's case
# completed), or the deliberation when no opinions were sent.
CHAIN_TRANSITIONS: dict[str, frozenset[str]] = {
    ChainState.PLANNED: frozenset({ChainState.DELIBERATED}),
    ChainState.DELIBERATED: frozenset({ChainState.OPINIONS_SENT, ChainState.PUBLISHED}),
    ChainState.OPINIONS_SENT: frozenset({ChainState.OPINIONS_SENT, ChainState.PUBLISHED}),
    ChainState.PUBLISHED: frozenset(),
}


class ChainRecord(TimeStamped):
    """What work reports, inquiries and inspections share: the term, the plan item it
    came from, the special committee in charge, the session where it is deliberated,
    the deliberation, publication and follow-up assessments."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("committee session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ChainState.choices, default=ChainState.PLANNED
    )
    deliberated_on = models.DateField(_("deliberated on"), null=True, blank=True)
    deliberation_summary = models.TextField(_("deliberation"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # satisfaction assessments (R42, R43) held on it or on its report back
    assessments = models.ManyToManyField(
        "ballots.Ballot", verbose_name=_("satisfaction assessments"), blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class WorkReport(ChainRecord):
    class Category(models.TextChoices):
        PLAN = "plan", _("Economic and social development plan")
        BUDGET = "budget", _("Budget")
        FINAL_ACCOUNTS = "final_accounts", _("Final accounts")
        AUDIT = "audit", _("Audit")
        AUDIT_RECTIFICATION = "audit_rectification", _("Rectification of audit findings")
        STATE_ASSETS = "state_assets", _("State assets")
        MID_TERM_REVIEW = "mid_term_review", _("Five-year plan mid-term review")
        SPATIAL_PLANNING = "spatial_planning", _("Spatial planning")
        SPECIAL_TOPIC = "special_topic", _("Special topic")

    # R41: opinions on these reports are reported back within the shorter setting
    BUDGET_AUDIT = frozenset(
        {
            Category.BUDGET,
            Category.FINAL_ACCOUNTS,
            Category.AUDIT,
            Category.AUDIT_RECTIFICATION,
        }
    )

    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_report",
    )
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    reporting_body = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting body"),
        on_delete=models.PROTECT,
        related_name="work_reports",
    )
    # R40 (监督法 Art 15): when the documents arrived and went out
    draft_received_on = models.DateField(_("draft received on"), null=True, blank=True)
    final_received_on = models.DateField(_("final version received on"), null=True, blank=True)
    sent_to_members_on = models.DateField(_("sent to the members on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        indexes = [
            # the figure work_reports_heard and the list's year filter
            models.Index(fields=["deliberated_on"], name="supervision_report_heard_idx"),
            # a unit handler's reports
            models.Index(fields=["reporting_body", "state"], name="supervision_report_body_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SpecialInquiry(ChainRecord):
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="special_inquiry",
    )
    departments = models.ManyToManyField(
        Organisation, verbose_name=_("departments questioned"), related_name="+", blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("special inquiry")
        verbose_name_plural = _("special inquiries")
        indexes = [
            # the figure special_inquiries
            models.Index(fields=["deliberated_on"], name="supervision_inquiry_held_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class InquiryQuestion(TimeStamped):
    inquiry = models.ForeignKey(SpecialInquiry, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    asked_by = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Organisation, verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"))
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["inquiry", "position"]
        verbose_name = _("inquiry question")
        verbose_name_plural = _("inquiry questions")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "position"], name="supervision_question_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inquiry_id}#{self.position}"


class LawEnforcementInspection(ChainRecord):
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection",
    )
    law = models.CharField(_("law inspected"), max_length=200)
    regulation = models.CharField(_("local regulation inspected"), max_length=200, blank=True)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("group leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("group members"), blank=True, related_name="+"
    )
    questionnaires = models.PositiveIntegerField(_("questionnaires returned"), default=0)
    third_party = models.CharField(_("third-party evaluator"), max_length=200, blank=True)
    evaluation = models.TextField(_("evaluation findings"), blank=True)
    findings = models.TextField(_("report findings"), blank=True)
    # the body the opinions go to (usually the people's government)
    subject = models.ForeignKey(
        Organisation,
        verbose_name=_("body supervised"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("law-enforcement inspection")
        verbose_name_plural = _("law-enforcement inspections")
        indexes = [
            # the figure law_enforcement_inspections
            models.Index(fields=["deliberated_on"], name="supervision_inspection_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class InspectionVisit(TimeStamped):
    inspection = models.ForeignKey(
        LawEnforcementInspection, on_delete=models.CASCADE, related_name="visits"
    )
    place = models.CharField(_("place"), max_length=200)
    date = models.DateField(_("date"))
    notes = models.TextField(_("what was seen"), blank=True)

    class Meta:
        ordering = ["inspection", "date", "pk"]
        verbose_name = _("site visited")
        verbose_name_plural = _("sites visited")

    def __str__(self) -> str:
        return f"{self.place} {self.date}"


class DeliberationOpinion(TimeStamped):
    """审议意见: sent to the body after the deliberation; the handling engine's case
    carries the deadline (R41), the body's reply is its report back."""

    case = models.OneToOneField(
        "handling.Case", on_delete=models.PROTECT, related_name="deliberation_opinion"
    )
    work_report = models.ForeignKey(
        WorkReport, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    inquiry = models.ForeignKey(
        SpecialInquiry, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    inspection = models.ForeignKey(
        LawEnforcementInspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        related_name="deliberation_opinions",
    )
    text = models.TextField(_("opinions"))
    sent_on = models.DateField(_("sent on"))
    # R41: two months for budget and audit reports instead of three
    budget_or_audit = models.BooleanField(_("budget or audit"), default=False)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("deliberation opinion")
        verbose_name_plural = _("deliberation opinions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    work_report__isnull=False, inquiry__isnull=True, inspection__isnull=True
                )
                | Q(work_report__isnull=True, inquiry__isnull=False, inspection__isnull=True)
                | Q(work_report__isnull=True, inquiry__isnull=True, inspection__isnull=False),
                name="supervision_opinion_of_one_record",
            )
        ]
        indexes = [
            # the figure deliberation_opinions_sent
            models.Index(fields=["sent_on"], name="supervision_opinion_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.record} → {self.body}"

    @property
    def record(self):
        return self.work_report or self.inquiry or self.inspection


class Decision(TimeStamped):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RESOLUTION = "resolution", _("Resolution")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("decision", "Draft")
        VOTING = "voting", _("Being voted on")
        ADOPTED = "adopted", pgettext_lazy("decision", "Adopted")
        REJECTED = "rejected", _("Not adopted")
        PUBLISHED = "published", pgettext_lazy("decision", "Published")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session,
        verbose_name=_("committee session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    proposed_by = models.CharField(_("proposed by"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="draft")
    ballot = models.ForeignKey(
        "ballots.Ballot",
        verbose_name=_("ballot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            # the figure decisions_made
            models.Index(fields=["state", "adopted_on"], name="supervision_decision_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class DecisionFollowUp(TimeStamped):
    """Who did what about a decision, dated."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["decision", "date", "pk"]
        verbose_name = _("decision follow-up")
        verbose_name_plural = _("decision follow-ups")

    def __str__(self) -> str:
        return f"{self.decision_id} {self.date}"
