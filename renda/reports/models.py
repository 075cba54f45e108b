"""The year's review as the office prepares it: only its prose is stored. Every number
in it is computed from the records when it is shown or exported (see registry.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import TimeStamped


class AnnualReport(TimeStamped):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Publishing puts the year's figures on the portal's statistics page.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return str(_("Annual report %(year)s") % {"year": self.year})


class ReportSection(TimeStamped):
    """The office's prose for one section; ``{figure_key}`` stands for a figure's value."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    section = models.CharField(_("section"), max_length=32)
    prose = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            # One text per section of a year's report (the edit page looks it up so).
            models.UniqueConstraint(
                fields=["report", "section"], name="reports_one_text_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report.year} {self.section}"
