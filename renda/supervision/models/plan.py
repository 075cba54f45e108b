"""The annual supervision plan (年度监督工作计划): adopted by the chair meeting and
published; each item becomes a work report, a special inquiry, a law-enforcement
inspection or a research, which points back to it (``plan_item``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.models import Organisation, Session, Term, TimeStamped


class SupervisionPlan(TimeStamped):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("plan", "Draft")
        ADOPTED = "adopted", _("Adopted by the chair meeting")
        PUBLISHED = "published", pgettext_lazy("plan", "Published")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="supervision_plans")
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="draft")
    chair_meeting = models.ForeignKey(
        "meetings.ChairMeeting",
        verbose_name=_("adopted at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_plans",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")

    def __str__(self) -> str:
        return self.title


class PlanItem(TimeStamped):
    class Kind(models.TextChoices):
        WORK_REPORT = "work_report", _("Work report")
        SPECIAL_INQUIRY = "special_inquiry", _("Special inquiry")
        LAW_ENFORCEMENT_INSPECTION = "law_enforcement_inspection", _("Law-enforcement inspection")
        RESEARCH = "research", _("Research")
        INSPECTION_VISIT = "inspection_visit", _("Inspection visit")

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # the special committee or office working body in charge
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("in charge"),
        on_delete=models.PROTECT,
        related_name="supervision_plan_items",
    )
    # the government body that reports or is inspected, when there is one
    subject = models.ForeignKey(
        Organisation,
        verbose_name=_("body supervised"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField(_("planned month"))
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_plan_items",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="supervision_item_position"),
            models.CheckConstraint(
                condition=models.Q(planned_month__gte=1, planned_month__lte=12),
                name="supervision_item_month",
            ),
        ]

    def __str__(self) -> str:
        return self.title
