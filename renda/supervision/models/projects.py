"""Supervision models: research and inspection visits with their recommendations, the
expert pool and its consultations, and the livelihood projects (民生实事) chosen by the
deputies' vote (see models/__init__.py). Every state change goes through
``services_projects``; the allowed moves are the ``TRANSITIONS`` dicts there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from renda.core.models import Deputy, Organisation, Person, TimeStamped
from renda.supervision.models.plan import PlanItem

__all__ = [
    "ConsultationRequest",
    "Expert",
    "LivelihoodProject",
    "Milestone",
    "ProgressReport",
    "ProjectInspection",
    "Recommendation",
    "RecommendationArea",
    "Research",
]


class Research(TimeStamped):
    """专题调研 or 视察: a group goes to see, reports its findings and makes
    recommendations grouped into areas."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research")
        INSPECTION_VISIT = "inspection_visit", _("Inspection visit")

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("research", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("research", "In progress")
        REPORTED = "reported", pgettext_lazy("research", "Reported")
        CLOSED = "closed", pgettext_lazy("research", "Closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    topic = models.CharField(_("topic"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    is_livelihood = models.BooleanField(_("livelihood topic"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="planned")
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="researches",
    )
    # the special committee or working body that organises it
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("group leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("group members"), blank=True, related_name="research_groups"
    )
    departments = models.ManyToManyField(
        Organisation,
        verbose_name=_("departments concerned"),
        blank=True,
        related_name="researches_concerned",
    )
    places = models.TextField(_("places visited"), blank=True, help_text=_("One per line."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    findings = models.TextField(_("findings (report)"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name = _("research or inspection visit")
        verbose_name_plural = _("research and inspection visits")
        indexes = [
            # the figures: research topics of a year by kind and livelihood flag
            models.Index(fields=["year", "kind", "is_livelihood"], name="supervision_research_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="supervision_research_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def place_list(self) -> list[str]:
        return [line.strip() for line in self.places.splitlines() if line.strip()]


class RecommendationArea(TimeStamped):
    """One of the areas (方面) the recommendations of a research are grouped into."""

    research = models.ForeignKey(
        Research, on_delete=models.CASCADE, related_name="areas", verbose_name=_("research")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["research", "position"]
        verbose_name = _("recommendation area")
        verbose_name_plural = _("recommendation areas")
        constraints = [
            models.UniqueConstraint(
                fields=["research", "position"], name="supervision_area_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Recommendation(TimeStamped):
    """One recommendation (意见建议) to a responsible department, followed to its response
    and implementation."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("recommendation", "Awaiting response")
        RESPONDED = "responded", pgettext_lazy("recommendation", "Responded")
        IMPLEMENTED = "implemented", pgettext_lazy("recommendation", "Implemented")

    area = models.ForeignKey(
        RecommendationArea,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("area"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("recommendation"))
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_recommendations",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="open")
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)

    class Meta:
        ordering = ["area", "position"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "position"], name="supervision_recommendation_position"
            ),
        ]
        indexes = [
            # a unit's recommendations to answer
            models.Index(fields=["department", "state"], name="supervision_reco_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Expert(TimeStamped):
    """A consulting expert of a pool (咨询专家库), appointed in a batch for a term."""

    class Pool(models.TextChoices):
        STATE_ASSETS = "state_assets", _("State-assets supervision")
        BUDGET = "budget", _("Budget and final accounts review")
        LEGISLATION = "legislation", _("Legislative consultation")
        GENERAL = "general", _("General supervision")

    name = models.CharField(_("name"), max_length=50)
    expertise = models.CharField(_("fields of expertise"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    pool = models.CharField(_("pool"), max_length=20, choices=Pool.choices)
    batch = models.PositiveSmallIntegerField(_("batch"), default=1)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # the expert's own account (role expert), to see and answer their consultations
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pool", "batch", "name", "pk"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        indexes = [
            # the figure: experts whose term overlaps a year
            models.Index(fields=["term_start", "term_end"], name="supervision_expert_term_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="supervision_expert_term",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LivelihoodProject(TimeStamped):
    """民生实事: a candidate of the year, chosen (or not) by the deputies' selection vote,
    then carried out by its lead unit to completion."""

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        CHOSEN = "chosen", _("Chosen by the deputies")
        NOT_CHOSEN = "not_chosen", _("Not chosen")
        IN_PROGRESS = "in_progress", pgettext_lazy("project", "In progress")
        COMPLETED = "completed", pgettext_lazy("project", "Completed")

    PUBLIC_STATES = (State.CHOSEN, State.IN_PROGRESS, State.COMPLETED)

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target = models.TextField(_("target"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="candidate")
    # the selection ballot and this project's option on it (the option holds the count)
    ballot = models.ForeignKey(
        "ballots.Ballot",
        verbose_name=_("selection vote"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="livelihood_projects",
    )
    ballot_option = models.OneToOneField(
        "ballots.BallotOption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="livelihood_project",
    )
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="livelihood_projects",
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # internal working notes: never on the portal
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="supervision_project_title"),
        ]
        indexes = [
            # the portal and the figure: a year's projects by state
            models.Index(fields=["year", "state"], name="supervision_project_year_idx"),
            # a unit's projects
            models.Index(fields=["lead_unit", "state"], name="supervision_project_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(TimeStamped):
    project = models.ForeignKey(
        LivelihoodProject, on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"], name="supervision_milestone_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(TimeStamped):
    """The lead unit's report of progress: a date, a percentage and what was done."""

    project = models.ForeignKey(
        LivelihoodProject, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reported on"))
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["project", "reported_on", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="supervision_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.percent}%"


class ProjectInspection(TimeStamped):
    """Deputies' inspection (视察) of a livelihood project."""

    project = models.ForeignKey(
        LivelihoodProject, on_delete=models.CASCADE, related_name="inspections"
    )
    date = models.DateField(_("date"))
    deputies = models.ManyToManyField(Deputy, verbose_name=_("deputies"), related_name="+")
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("deputies' inspection")
        verbose_name_plural = _("deputies' inspections")

    def __str__(self) -> str:
        return f"{self.project} {self.date}"


class ConsultationRequest(TimeStamped):
    """An expert consulted on a subject (a work report, a project, a research): the
    question, the expert's opinion, the dates."""

    class SubjectKind(models.TextChoices):
        WORK_REPORT = "work_report", _("Work report")
        PROJECT = "project", _("Livelihood project")
        RESEARCH = "research", _("Research")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        ASKED = "asked", _("Awaiting opinion")
        ANSWERED = "answered", _("Opinion given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="consultations"
    )
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    subject = models.CharField(_("subject title"), max_length=300)
    research = models.ForeignKey(
        Research, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    project = models.ForeignKey(
        LivelihoodProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    question = models.TextField(_("question"))
    asked_on = models.DateField(_("asked on"))
    due_on = models.DateField(_("opinion due"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="asked")

    class Meta:
        ordering = ["-asked_on", "-pk"]
        verbose_name = _("expert consultation")
        verbose_name_plural = _("expert consultations")
        indexes = [
            # an expert's own consultations
            models.Index(fields=["expert", "state"], name="supervision_consult_expert_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.subject}"
