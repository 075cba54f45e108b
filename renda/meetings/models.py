"""Committee sessions and chair meetings: agendas with their documents, the members'
attendance and the quorum (R31), invited non-voting attendees (列席, R35), post-session
forums, and bills or formal questions submitted jointly by members (R34).

A committee session IS a core ``Session`` with body ``standing_committee``;
``SessionDetails`` adds what only meetings need (state, place, minutes) one-to-one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.models import (
    CommitteeMember,
    Deputy,
    Organisation,
    Person,
    Session,
    Term,
    TimeStamped,
)


class SessionDetails(TimeStamped):
    """What a committee session needs beyond the core row: its state, place, who
    presides and the minutes."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("In session")
        CLOSED = "closed", pgettext_lazy("committee session", "Closed")

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="meeting", primary_key=True
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SCHEDULED
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    presided_by = models.ForeignKey(
        Person,
        verbose_name=_("presided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-session__start_date"]
        verbose_name = _("committee session details")
        verbose_name_plural = _("committee session details")

    def __str__(self) -> str:
        return str(self.session)


class ChairMeeting(TimeStamped):
    """主任会议: the chair and vice-chairs, numbered within the term."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="chair_meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SCHEDULED
    )
    participants = models.ManyToManyField(
        CommitteeMember, verbose_name=_("participants"), blank=True, related_name="chair_meetings"
    )
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["-date", "-number"]
        verbose_name = _("chair meeting")
        verbose_name_plural = _("chair meetings")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="meetings_chair_unique_number")
        ]

    def __str__(self) -> str:
        return _("Chair meeting %(number)s of term %(term)s") % {
            "number": self.number,
            "term": self.term.number,
        }


class JointSubmission(TimeStamped):
    """A bill (议案) or a formal question (质询案) submitted jointly by 5 or more
    members (R34, 监督法 Art 53). A question is answered by the body questioned; if more
    than half of the questioners are dissatisfied, the body must answer again."""

    class Kind(models.TextChoices):
        BILL = "bill", _("Bill")
        FORMAL_QUESTION = "formal_question", _("Formal question")

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("joint submission", "Submitted")
        ANSWERED = "answered", _("Answered, awaiting the questioners' view")
        ANSWER_AGAIN = "answer_again", _("To be answered again")
        SETTLED = "settled", _("Answer accepted")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="joint_submissions")
    session = models.ForeignKey(
        Session,
        verbose_name=_("committee session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_submissions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    addressee = models.ForeignKey(
        Organisation,
        verbose_name=_("body questioned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formal_questions",
    )
    submitters = models.ManyToManyField(
        CommitteeMember, verbose_name=_("submitters"), related_name="joint_submissions"
    )
    submitted_on = models.DateField(_("submitted on"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("joint submission")
        verbose_name_plural = _("joint submissions")

    def __str__(self) -> str:
        return self.title


class QuestionAnswer(TimeStamped):
    """One answer (round 1, 2, ...) to a formal question, with the questioners' view."""

    submission = models.ForeignKey(
        JointSubmission, on_delete=models.PROTECT, related_name="answers"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    answered_on = models.DateField(_("answered on"))
    answered_by = models.CharField(_("answered by"), max_length=200)
    text = models.TextField(_("answer"))
    # set when every questioner has given their view (R34)
    dissatisfied = models.PositiveSmallIntegerField(_("dissatisfied"), null=True, blank=True)
    questioners = models.PositiveSmallIntegerField(_("questioners"), null=True, blank=True)
    answer_again = models.BooleanField(_("must be answered again"), null=True, blank=True)

    class Meta:
        ordering = ["submission", "round"]
        verbose_name = _("answer to a formal question")
        verbose_name_plural = _("answers to formal questions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "round"], name="meetings_answer_unique_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} #{self.round}"


class QuestionerView(models.Model):
    """Whether one questioner is satisfied with one answer."""

    answer = models.ForeignKey(QuestionAnswer, on_delete=models.CASCADE, related_name="views")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="+")
    satisfied = models.BooleanField(_("satisfied"))

    class Meta:
        ordering = ["answer", "member"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "member"], name="meetings_one_view_each")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}:{self.member_id}"


class AgendaItem(TimeStamped):
    """One item on the agenda of a committee session or of a chair meeting."""

    class Kind(models.TextChoices):
        BILL_READING = "bill_reading", _("Reading of a bill")
        WORK_REPORT = "work_report", _("Work report")
        APPOINTMENT_LIST = "appointment_list", _("Appointments and removals")
        DECISION = "decision", _("Decision or resolution")
        ASSESSMENT = "assessment", _("Satisfaction assessment")
        INQUIRY = "inquiry", _("Special inquiry")
        FORMAL_QUESTION = "formal_question", _("Formal question")
        OTHER = "other", _("Other business")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    chair_meeting = models.ForeignKey(
        ChairMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("presenting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    reading = models.PositiveSmallIntegerField(_("reading"), null=True, blank=True)
    submission = models.ForeignKey(
        JointSubmission,
        verbose_name=_("joint submission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    # the item's vote, held through the ballot engine
    ballot = models.ForeignKey(
        "ballots.Ballot",
        verbose_name=_("ballot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["session", "chair_meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, chair_meeting__isnull=True)
                | Q(session__isnull=True, chair_meeting__isnull=False),
                name="meetings_item_of_one_meeting",
            ),
        ]
        indexes = [
            # a session's agenda in order
            models.Index(fields=["session", "position"], name="meetings_item_session_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(TimeStamped):
    """A document of an agenda item (draft, explanation, report): PDF or Word."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="meetings/%Y/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.name


class MemberAttendance(TimeStamped):
    """A committee member at a session: present, on leave or absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ON_LEAVE = "on_leave", _("On leave")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="member_attendances"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["session", "member__post", "member__pk"]
        verbose_name = _("member attendance")
        verbose_name_plural = _("member attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="meetings_member_once")
        ]
        indexes = [
            # R31: members present at a session
            models.Index(fields=["session", "status"], name="meetings_attend_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class Observer(TimeStamped):
    """An invited attendee without a vote (列席, R35): a deputy, or the head of the
    government, the court or the procuratorate."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("Deputy")
        GOVERNMENT = "government", _("Head of the government")
        COURT = "court", _("President of the court")
        PROCURATORATE = "procuratorate", _("Chief procurator")
        OTHER = "other", _("Other attendee")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="observers")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_observations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    # None until the session's attendance is recorded
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    activity = models.ForeignKey(
        "deputies.DutyActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "kind", "pk"]
        verbose_name = _("invited attendee")
        verbose_name_plural = _("invited attendees")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "deputy"],
                condition=Q(deputy__isnull=False),
                name="meetings_observer_deputy_once",
            ),
        ]
        indexes = [
            # the figure deputies_attending_sessions and a deputy's attendances
            models.Index(fields=["kind", "attended", "session"], name="meetings_observer_idx"),
        ]

    def __str__(self) -> str:
        return self.name or (self.deputy.person.name if self.deputy_id else "")


class PostSessionForum(TimeStamped):
    """会后座谈: a forum after a session with the deputies who attended it."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="forums")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("post-session forum")
        verbose_name_plural = _("post-session forums")

    def __str__(self) -> str:
        return f"{self.session} {self.date}"


class ForumContribution(TimeStamped):
    """What one deputy said at a forum."""

    forum = models.ForeignKey(
        PostSessionForum, on_delete=models.CASCADE, related_name="contributions"
    )
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what was said"))

    class Meta:
        ordering = ["forum", "pk"]
        verbose_name = _("forum contribution")
        verbose_name_plural = _("forum contributions")

    def __str__(self) -> str:
        return f"{self.forum_id}:{self.deputy_id}"
