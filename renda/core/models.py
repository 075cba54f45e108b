"""Terms, sessions, organisations, people, deputies, committee members, users,
rule settings, holiday arrangements and the audit log."""

import rules
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Term(TimeStamped):
    """届: a five-year term of the congress."""

    number = models.PositiveSmallIntegerField(_("term number"), unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return _("Term %(number)s") % {"number": self.number}


class Session(TimeStamped):
    """次会议: a numbered sitting of the congress or of its standing committee."""

    class Body(models.TextChoices):
        CONGRESS = "congress", _("People's congress")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    body = models.CharField(_("body"), max_length=32, choices=Body.choices)
    number = models.PositiveSmallIntegerField(_("session number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["term", "body", "number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "body", "number"], name="core_session_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s %(body)s session %(number)s") % {
            "term": self.term,
            "body": self.get_body_display(),
            "number": self.number,
        }


class Organisation(TimeStamped):
    """Any body renda deals with: the committee and its organs, delegations,
    districts and townships, government departments and other handling units."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("People's congress")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")
        SPECIAL_COMMITTEE = "special_committee", _("Special committee")
        WORKING_COMMITTEE = "working_committee", _("Working committee")
        OFFICE = "office", _("General office")
        DELEGATION = "delegation", _("Delegation")
        DISTRICT = "district", _("District or county")
        TOWNSHIP = "township", _("Township or subdistrict")
        GOVERNMENT = "government", _("People's government")
        DEPARTMENT = "department", _("Government department")
        HANDLING_UNIT = "handling_unit", _("Other handling unit")

    HANDLING_KINDS = (Kind.GOVERNMENT, Kind.DEPARTMENT, Kind.HANDLING_UNIT, Kind.DISTRICT)

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_handling_unit = models.BooleanField(_("handles items"), default=False)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # unit pickers and the units list filter by kind
            models.Index(fields=["kind", "code"], name="core_org_kind_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStamped):
    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    name = models.CharField(_("full name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    party = models.CharField(_("political affiliation"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class DeputyQuerySet(models.QuerySet):
    def serving_between(self, start, end):
        """Mandates that were serving at some point from ``start`` to ``end``: in a term
        overlapping the period, and either still serving or ended within it or after. A
        mandate ended on an unknown day (older records) counts in no period."""
        return (
            self.filter(term__start_date__lte=end)
            .filter(models.Q(term__end_date__isnull=True) | models.Q(term__end_date__gte=start))
            .filter(models.Q(status=Deputy.Status.ACTIVE) | models.Q(mandate_ended_on__gte=start))
        )


class Deputy(TimeStamped):
    """代表: one person's mandate in one term."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Serving")
        RESIGNED = "resigned", _("Resigned")
        TERMINATED = "terminated", _("Mandate terminated")
        DECEASED = "deceased", _("Deceased")

    class Sector(models.TextChoices):
        PARTY_GOVERNMENT = "party_government", _("Party and government officials")
        WORKER_FARMER = "worker_farmer", _("Workers and farmers")
        PROFESSIONAL = "professional", _("Professionals and technicians")
        BUSINESS = "business", _("Enterprise managers")
        MILITARY = "military", _("Military")
        OTHER = "other", _("Other")

    code = models.CharField(_("deputy number"), max_length=32, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies")
    delegation = models.ForeignKey(
        Organisation,
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="deputies",
        limit_choices_to={"kind": Organisation.Kind.DELEGATION},
    )
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    occupation = models.CharField(_("occupation and post"), max_length=200, blank=True)
    address = models.CharField(_("contact address"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    # a past year's figures count the deputies serving then, whatever their status now
    mandate_ended_on = models.DateField(
        _("mandate ended on"),
        null=True,
        blank=True,
        help_text=_("For a deputy no longer serving: the day the mandate ended."),
    )
    history = HistoricalRecords()

    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["delegation__code", "code"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.UniqueConstraint(fields=["person", "term"], name="core_deputy_one_per_term"),
        ]
        indexes = [
            # the deputies list: filter by term and delegation, ordered by code
            models.Index(fields=["term", "delegation", "code"], name="core_deputy_list_idx"),
            # the unfiltered deputies list, ordered by delegation then code (KeysFirstPaginator)
            models.Index(fields=["delegation", "code"], name="core_deputy_deleg_code_idx"),
        ]

    def __str__(self) -> str:
        return self.person.name

    def clean(self):
        super().clean()
        ended = self.mandate_ended_on
        if self.status == self.Status.ACTIVE:
            if ended:
                raise ValidationError(
                    {"mandate_ended_on": _("A serving deputy's mandate has not ended.")}
                )
        elif not ended:
            raise ValidationError({"mandate_ended_on": _("Say on which day the mandate ended.")})
        elif self.term_id and ended < self.term.start_date:
            raise ValidationError(
                {"mandate_ended_on": _("A mandate cannot end before its term begins.")}
            )


class CommitteeMemberQuerySet(models.QuerySet):
    def serving_on(self, term, on):
        """Members of the term serving on the date: the whole membership that the quorum
        (R31) and the majority of all members (R32) count against."""
        # core_member_at_date_idx: term, start_date, end_date
        return self.filter(term=term, start_date__lte=on).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=on)
        )


class CommitteeMember(TimeStamped):
    """常委会组成人员: a voting member of the standing committee, with a post."""

    class Post(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
        MEMBER = "member", _("Member")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="committee_members")
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["term", "post", "start_date", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        indexes = [
            # "members of the term at a date" (quorum, electorates)
            models.Index(fields=["term", "start_date", "end_date"], name="core_member_at_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_post_display()})"


class User(AbstractUser):
    """A login. Roles are Django groups (see renda.core.roles); ``person`` links a
    deputy, member or leader to their record; ``organisation`` is a handler's unit."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_perm(self, perm, obj=None) -> bool:
        """renda's own permissions are decided by their rules for everyone: a superuser
        (who may use the Django admin) does not thereby act as a unit or a deputy."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class RuleSettingValue(TimeStamped):
    """An administrator's override of a rule setting; defaults live in code
    (renda.core.rulesettings.DEFINITIONS) with their legal source."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    value = models.JSONField(_("value"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")

    def __str__(self) -> str:
        return self.key


class CalendarDay(TimeStamped):
    """A day of an administrator-entered holiday arrangement, for a year that the
    chinese-calendar package does not know (R1)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("holiday"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {'workday' if self.is_workday else 'holiday'}"


class CalendarYear(TimeStamped):
    """Marks a year whose arrangement an administrator has entered in full."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable(_("Audit entries cannot be changed."))

    def delete(self):
        raise AuditImmutable(_("Audit entries cannot be deleted."))


class AuditImmutable(Exception):
    pass


class AuditEntry(models.Model):
    """One append-only row per state change. Database triggers (migration 0002)
    refuse UPDATE and DELETE as well, so raw SQL cannot rewrite history either."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("actor"), on_delete=models.PROTECT, null=True, blank=True
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    verb = models.CharField(_("action"), max_length=60)
    # core_audit_target_idx (target_type, target_id, -created_at) serves it
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(_("record"), max_length=200)
    from_state = models.CharField(_("from"), max_length=60, blank=True)
    to_state = models.CharField(_("to"), max_length=60, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            # a record's history on its detail page
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="core_audit_target_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable(_("Audit entries cannot be deleted."))
