"""The ballot engine: every vote of the committee and of the congress.

A ballot has a question, an electorate, a method, options and a pass rule. Roll-call
ballots keep one ``Vote`` per voter. Secret ballots (R33, R42) keep NO per-vote row:
casting writes the voter's ``Participation`` and increments the chosen option's
counter (or the invalid counter) in the same transaction, so that nothing stored can
pair a voter with a choice. That is why ``Participation`` and ``BallotOption`` carry no
timestamps and why counters have no history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.models import Organisation, Person, Session, Term, TimeStamped


class Ballot(TimeStamped):
    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Open vote (recorded per member)")
        SECRET = "secret", _("Secret ballot")

    class Kind(models.TextChoices):
        MOTION = "motion", _("Yes / no / abstain")
        ASSESSMENT = "assessment", _("Satisfaction assessment")
        SELECTION = "selection", _("Selection among candidates or projects")

    class Electorate(models.TextChoices):
        COMMITTEE_MEMBERS = "committee_members", _("All committee members of the term")
        CONGRESS_DEPUTIES = "congress_deputies", _("Deputies of the congress session")

    class PassRule(models.TextChoices):
        MAJORITY_OF_ALL = "majority_of_all", _("More than half of all members (R32)")
        TWO_THIRDS_OF_ALL = "two_thirds_of_all", _("Two thirds of all members")
        MAJORITY_OF_VOTES = "majority_of_votes", _("More than half of the votes cast")
        MOST_VOTES = "most_votes", _("Most votes, up to the places to fill")
        NONE = "none", _("No pass rule (results as shares)")

    class State(models.TextChoices):
        DRAFT = "draft", _("Prepared")
        OPEN = "open", _("Open for voting")
        CLOSED = "closed", pgettext_lazy("ballot", "Closed")
        PUBLISHED = "published", _("Result published")

    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    electorate = models.CharField(_("electorate"), max_length=20, choices=Electorate.choices)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="ballots")
    # the congress session whose deputies vote, or the committee session it is held at
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots"
    )
    held_on = models.DateField(_("date"))
    pass_rule = models.CharField(_("pass rule"), max_length=20, choices=PassRule.choices)
    places = models.PositiveSmallIntegerField(_("places to fill"), default=1)
    # an assessment's subject: the department assessed
    subject = models.ForeignKey(
        Organisation,
        verbose_name=_("department assessed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_ballots",
    )
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="draft")
    # fixed when the ballot opens: the size of the electorate R32 counts against
    electorate_size = models.PositiveIntegerField(_("members entitled to vote"), default=0)
    invalid_count = models.PositiveIntegerField(_("invalid ballots"), default=0)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # R43: the rectification item opened when an assessment falls below the threshold
    rectification_case = models.OneToOneField(
        "handling.Case",
        verbose_name=_("rectification item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_ballot",
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("ballot")
        indexes = [
            # the figures: closed assessments by topic and year, per department
            models.Index(fields=["kind", "topic", "held_on"], name="ballots_topic_idx"),
        ]
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return self.question


class BallotOption(models.Model):
    """A choice on the ballot. ``count`` is the tally; for secret ballots it is the only
    record of what was chosen (no timestamps here, on purpose)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("option"), max_length=200)
    # the meaning of a fixed option (yes/no/abstain, the three grades); blank for a
    # candidate or project of a selection
    code = models.CharField(max_length=24, blank=True)
    # a candidate's person, when the option is one
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="ballots_option_position")
        ]

    def __str__(self) -> str:
        return self.label


class Participation(models.Model):
    """That a voter took part — and, for a secret ballot, nothing else (no time, no
    choice). One per voter and ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    entered_by_clerk = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="ballots_one_vote_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.voter_id}"


class Vote(TimeStamped):
    """A roll-call vote: who chose what (never written for a secret ballot)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes")
    options = models.ManyToManyField(BallotOption, related_name="votes", blank=True)
    is_invalid = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["ballot", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="ballots_one_roll_call_vote")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.voter_id}"
