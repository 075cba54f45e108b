"""Structured legal texts: a regulation draft or a normative document, and every
version of it, each kept as it was entered with its parsed structure.

A version is never changed once written: a correction of the text (or of its parse)
is a new version. Only ``renda.legislation.services`` writes these rows.

Below them, the legislative work (issue 7; RULES.md R50–R54): plans (five-year and
annual) with their items, projects with their lifecycle (``PROJECT_TRANSITIONS``),
readings at committee sessions, and research topics raised from public concerns.
Only ``renda.legislation.services_projects`` writes those rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from renda.core.models import Organisation, Session, Term, TimeStamped


class LegalText(TimeStamped):
    """A legal text under work: a draft regulation, a regulation, a normative document."""

    class Kind(models.TextChoices):
        REGULATION_DRAFT = "regulation_draft", _("Draft regulation")
        REGULATION = "regulation", _("Regulation")
        NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
        OTHER = "other", _("Other text")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # the drafting body or issuer, when known
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_texts",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        indexes = [
            # the texts list, newest first
            models.Index(fields=["-created_at", "-id"], name="legislation_text_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TextVersion(models.Model):
    """One version of a legal text (草案一审稿, 二审稿 …), kept for good."""

    class Source(models.TextChoices):
        PASTED = "pasted", _("Pasted text")
        DOCX = "docx", _("Word document (.docx)")

    legal_text = models.ForeignKey(
        LegalText, verbose_name=_("legal text"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    label = models.CharField(_("label"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.PASTED
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    source_text = models.TextField(_("text as entered"))
    # the parse (renda.legislation.structure): the tree and its problems
    tree = models.JSONField(_("structure"), default=dict)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["legal_text", "number"]
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        constraints = [
            # numbers are given in order under the text's row lock
            models.UniqueConstraint(
                fields=["legal_text", "number"], name="legislation_version_number"
            ),
        ]

    def __str__(self) -> str:
        name = self.label or f"v{self.number}"
        return f"{self.legal_text.title} · {name}"

    @property
    def display_label(self) -> str:
        return self.label or f"v{self.number}"

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)


# --- plans, projects, readings, research topics ---------------------------------------------
# (issue 7; RULES.md R50–R54). Only ``renda.legislation.services_projects`` writes these
# rows; the allowed moves of a project are ``PROJECT_TRANSITIONS`` below.


class LegislativeArea(models.TextChoices):
    """R50 (立法法 Art 81): the matters a city with districts may legislate on, or another
    matter a law authorises (which must then be cited)."""

    URBAN_RURAL = "urban_rural", _("Urban and rural construction and management")
    ECOLOGY = "ecology", _("Ecological civilisation")
    HERITAGE = "heritage", _("Historical and cultural protection")
    GRASSROOTS = "grassroots", _("Grassroots governance")
    OTHER_AUTHORISED = "other_authorised", _("Other matter, authorised by law")


class LegislativePlan(TimeStamped):
    """立法规划 (five-year) or 立法计划 (annual)."""

    class Kind(models.TextChoices):
        FIVE_YEAR = "five_year", _("Five-year legislative plan")
        ANNUAL = "annual", _("Annual legislative plan")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("legislative plan", "Draft")
        ADOPTED = "adopted", pgettext_lazy("legislative plan", "Adopted")
        PUBLISHED = "published", pgettext_lazy("legislative plan", "Published")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="legislative_plans"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # an annual plan: first_year == last_year
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "kind", "-pk"]
        verbose_name = _("legislative plan")
        verbose_name_plural = _("legislative plans")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_year"], name="legislation_plan_kind_year"
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="legislation_plan_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}—{self.last_year}"


class LegislativePlanItem(TimeStamped):
    """One item of a plan: 正式项目 / 预备项目 / 调研项目."""

    class Kind(models.TextChoices):
        FORMAL = "formal", _("Formal project")
        PREPARATORY = "preparatory", _("Preparatory project")
        RESEARCH = "research", _("Research project")

    plan = models.ForeignKey(
        LegislativePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("class"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("legislative area"), max_length=20, choices=LegislativeArea.choices)
    # R50: required when the area is "other, authorised by law"
    authorising_law = models.CharField(_("authorising law"), max_length=300, blank=True)
    drafting_body = models.ForeignKey(
        Organisation,
        verbose_name=_("drafting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("committee in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_submission = models.DateField(
        _("target date for the first reading"), null=True, blank=True
    )
    target_adoption = models.DateField(_("target date for the vote"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("legislative plan item")
        verbose_name_plural = _("legislative plan items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="legislation_item_position"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectStage(models.TextChoices):
    RESEARCH = "research", _("Research")
    PROJECT_APPROVED = "project_approved", _("Project approved")
    DRAFTING = "drafting", _("Drafting")
    READING = "reading", _("In readings")
    VOTING = "voting", _("Being voted on")
    ADOPTED = "adopted", pgettext_lazy("regulation", "Adopted")
    SUBMITTED = "submitted", _("Submitted to the province")
    APPROVED = "approved", _("Approved by the province")
    PUBLISHED = "published", pgettext_lazy("regulation", "Published")
    EVALUATED = "evaluated", _("Evaluated after enactment")


_S = ProjectStage
# stage → stages a project may move to; each move is one service function. A failed
# vote returns the project to its readings.
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.RESEARCH: frozenset({_S.PROJECT_APPROVED}),
    _S.PROJECT_APPROVED: frozenset({_S.DRAFTING}),
    _S.DRAFTING: frozenset({_S.READING}),
    _S.READING: frozenset({_S.READING, _S.VOTING}),
    _S.VOTING: frozenset({_S.ADOPTED, _S.READING}),
    _S.ADOPTED: frozenset({_S.SUBMITTED}),
    _S.SUBMITTED: frozenset({_S.APPROVED}),
    _S.APPROVED: frozenset({_S.PUBLISHED}),
    _S.PUBLISHED: frozenset({_S.EVALUATED}),
    _S.EVALUATED: frozenset(),
}


class LegislativeProject(TimeStamped):
    """立法项目: a regulation from research to publication and evaluation."""

    Stage = ProjectStage

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="legislative_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(_("legislative area"), max_length=20, choices=LegislativeArea.choices)
    authorising_law = models.CharField(_("authorising law"), max_length=300, blank=True)
    plan_item = models.ForeignKey(
        LegislativePlanItem,
        verbose_name=_("plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    legal_text = models.ForeignKey(
        LegalText,
        verbose_name=_("legal text"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    drafting_body = models.ForeignKey(
        Organisation,
        verbose_name=_("drafting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("committee in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.RESEARCH
    )
    # 立项: the project approval with its evaluation (立项论证)
    approved_on = models.DateField(_("project approved on"), null=True, blank=True)
    approval_evaluation = models.TextField(_("project evaluation"), blank=True)
    drafting_started_on = models.DateField(_("drafting started on"), null=True, blank=True)
    # the vote (ballot engine, R32) and R52's reason when fewer readings were held
    ballot = models.ForeignKey(
        "ballots.Ballot",
        verbose_name=_("ballot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fewer_readings_meeting = models.ForeignKey(
        "meetings.ChairMeeting",
        verbose_name=_("chair meeting deciding the vote after fewer readings"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fewer_readings_reason = models.TextField(_("reason for fewer readings"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # R53: submission to the provincial standing committee and its decision
    submitted_on = models.DateField(_("submitted to the province on"), null=True, blank=True)
    decision_due_on = models.DateField(_("provincial decision due on"), null=True, blank=True)
    province_approved_on = models.DateField(_("approved by the province on"), null=True, blank=True)
    province_votes_for = models.PositiveIntegerField(
        _("provincial votes for"), null=True, blank=True
    )
    province_votes_against = models.PositiveIntegerField(
        _("provincial votes against"), null=True, blank=True
    )
    province_votes_abstain = models.PositiveIntegerField(
        _("provincial abstentions"), null=True, blank=True
    )
    # R54: publication by the committee's notice (公告)
    notice_number = models.CharField(_("notice number"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    # 立法后评估
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation_findings = models.TextField(_("evaluation findings"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("legislative project")
        verbose_name_plural = _("legislative projects")
        indexes = [
            # the projects list (newest first) and its stage filter
            models.Index(fields=["-year", "-id"], name="legislation_project_list_idx"),
            # the figures regulations_enacted / regulations_unanimous_at_province
            models.Index(fields=["province_approved_on"], name="legislation_project_appr_idx"),
            # the R53 to-do: submitted projects by due date
            models.Index(fields=["stage", "decision_due_on"], name="legislation_project_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unanimous_at_province(self) -> bool | None:
        if self.province_approved_on is None or self.province_votes_against is None:
            return None
        return self.province_votes_against == 0 and (self.province_votes_abstain or 0) == 0


class Reading(TimeStamped):
    """一审 / 二审 / 三审 (R52): a reading of the project's draft at a committee session."""

    project = models.ForeignKey(
        LegislativeProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="readings",
    )
    number = models.PositiveSmallIntegerField(_("reading"))
    session = models.ForeignKey(
        Session, verbose_name=_("committee session"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        TextVersion,
        verbose_name=_("text version read"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readings",
    )
    date = models.DateField(_("date"))
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("deliberation notes"), blank=True)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [
            # numbers are given in order under the project's row lock
            models.UniqueConstraint(
                fields=["project", "number"], name="legislation_reading_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.number}"


class ResearchTopic(TimeStamped):
    """立法调研课题: a public concern raised to legislative research."""

    class State(models.TextChoices):
        RAISED = "raised", _("Raised")
        RESEARCHING = "researching", _("Being researched")
        CONCLUDED = "concluded", _("Concluded")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("committee in charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="raised")
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    opinions = models.ManyToManyField(
        "opinions.PublicOpinion",
        verbose_name=_("raised from public opinions"),
        blank=True,
        related_name="legislative_topics",
    )
    suggestions = models.ManyToManyField(
        "suggestions.Suggestion",
        verbose_name=_("raised from suggestions"),
        blank=True,
        related_name="legislative_topics",
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("legislative research topic")
        verbose_name_plural = _("legislative research topics")
        indexes = [
            # the figure legislative_research_topics and the list's year filter
            models.Index(fields=["year"], name="legislation_topic_year_idx"),
        ]

    def __str__(self) -> str:
        return self.title
