"""Forms of plans, projects and research topics. They only parse; the services in
``services_projects`` validate (R50–R54) and their refusals become form errors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.api_filters import YearFilter
from renda.core.forms import Styled
from renda.core.models import Organisation, Person, Session, Term
from renda.legislation.models import (
    LegalText,
    LegislativeArea,
    LegislativePlan,
    LegislativePlanItem,
    LegislativeProject,
    ProjectStage,
    ResearchTopic,
    TextVersion,
)
from renda.legislation.services_projects import COMMITTEE_KINDS

DATE = forms.DateInput(attrs={"type": "date"})


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DATE)


def _text(label, required=True, rows=3, max_length=20000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("kind", "name")


def _committees():
    return Organisation.objects.filter(kind__in=COMMITTEE_KINDS, is_active=True).order_by("name")


def _year(label=None):
    label = label or _("Year")
    return forms.IntegerField(label=label, min_value=1980, max_value=2100)


class PlanForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.order_by("-number"))
    kind = forms.ChoiceField(label=_("Kind"), choices=LegislativePlan.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    first_year = _year(_("First year"))
    last_year = forms.IntegerField(
        label=_("Last year"),
        min_value=1980,
        max_value=2100,
        required=False,
        help_text=_("A five-year plan only; by default four years after the first."),
    )
    text = _text(_("Text"), required=False, rows=4, max_length=100000)


class PlanItemForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Class"), choices=LegislativePlanItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ChoiceField(label=_("Legislative area"), choices=LegislativeArea.choices)
    authorising_law = forms.CharField(
        label=_("Authorising law"),
        max_length=300,
        required=False,
        help_text=_("Required for a matter outside the four areas (R50)."),
    )
    drafting_body = forms.ModelChoiceField(
        label=_("Drafting body"), queryset=_organisations(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Committee in charge"), queryset=_committees(), required=False
    )
    target_submission = _date(_("Target date for the first reading"), required=False)
    target_adoption = _date(_("Target date for the vote"), required=False)
    notes = _text(_("Notes"), required=False, rows=2)


class AdoptPlanForm(Styled, forms.Form):
    adopted_on = _date(_("Adopted on"))


class PublishPlanForm(Styled, forms.Form):
    published_on = _date(_("Published on"))


class ProjectForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.order_by("-number"))
    title = forms.CharField(label=_("Title"), max_length=200)
    year = _year()
    area = forms.ChoiceField(label=_("Legislative area"), choices=LegislativeArea.choices)
    authorising_law = forms.CharField(
        label=_("Authorising law"),
        max_length=300,
        required=False,
        help_text=_("Required for a matter outside the four areas (R50)."),
    )
    plan_item = forms.ModelChoiceField(
        label=_("Plan item"),
        queryset=LegislativePlanItem.objects.select_related("plan").order_by("-plan__first_year"),
        required=False,
    )
    legal_text = forms.ModelChoiceField(
        label=_("Legal text"), queryset=LegalText.objects.order_by("-pk"), required=False
    )
    drafting_body = forms.ModelChoiceField(
        label=_("Drafting body"), queryset=_organisations(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Committee in charge"), queryset=_committees(), required=False
    )


class ApproveProjectForm(Styled, forms.Form):
    approved_on = _date(_("Project approved on"))
    evaluation = _text(_("Project evaluation"))


class DraftingForm(Styled, forms.Form):
    started_on = _date(_("Drafting started on"))
    legal_text = forms.ModelChoiceField(
        label=_("Legal text"), queryset=LegalText.objects.order_by("-pk"), required=False
    )


def _sessions(project):
    return Session.objects.filter(
        term_id=project.term_id, body=Session.Body.STANDING_COMMITTEE
    ).order_by("-start_date")


class ReadingForm(Styled, forms.Form):
    session = forms.ModelChoiceField(label=_("Committee session"), queryset=Session.objects.none())
    date = _date(_("Date"))
    version = forms.ModelChoiceField(
        label=_("Text version read"), queryset=TextVersion.objects.none(), required=False
    )
    notes = _text(_("Deliberation notes"), required=False, rows=2)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(project)
        self.fields["version"].queryset = TextVersion.objects.filter(
            legal_text_id=project.legal_text_id
        ).order_by("number")


class VoteForm(Styled, forms.Form):
    session = forms.ModelChoiceField(label=_("Committee session"), queryset=Session.objects.none())
    held_on = _date(_("Date of the vote"))
    chair_meeting = forms.ModelChoiceField(
        label=_("Chair meeting (vote after fewer readings)"),
        queryset=None,
        required=False,
    )
    reason = _text(_("Reason for fewer readings (R52)"), required=False, rows=2)

    def __init__(self, *args, project, **kwargs):
        from renda.meetings.models import ChairMeeting

        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(project)
        self.fields["chair_meeting"].queryset = ChairMeeting.objects.filter(
            term_id=project.term_id, state=ChairMeeting.State.HELD
        ).order_by("-date")


class CastVoteForm(Styled, forms.Form):
    voter = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    choice = forms.ChoiceField(
        label=_("Vote"),
        choices=[
            ("yes", pgettext_lazy("vote", "In favour")),
            ("no", pgettext_lazy("vote", "Against")),
            ("abstain", pgettext_lazy("vote", "Abstain")),
        ],
    )

    def __init__(self, *args, project, **kwargs):
        from renda.ballots import services as ballots

        super().__init__(*args, **kwargs)
        if project.ballot_id:
            self.fields["voter"].queryset = ballots.remaining_voters(project.ballot).order_by(
                "name"
            )


class EmptyForm(Styled, forms.Form):
    pass


class SubmitForm(Styled, forms.Form):
    submitted_on = _date(_("Submitted to the province on"))


class ProvincialApprovalForm(Styled, forms.Form):
    approved_on = _date(_("Approved by the province on"))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=10000)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=10000)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=10000)


class PublishForm(Styled, forms.Form):
    notice_number = forms.CharField(label=_("Notice number"), max_length=60)
    published_on = _date(_("Published on"))
    effective_on = _date(_("Effective on"))


class EvaluationForm(Styled, forms.Form):
    evaluated_on = _date(_("Evaluated on"))
    findings = _text(_("Findings"))


class TopicForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = _year()
    description = _text(_("Description"), required=False)
    committee = forms.ModelChoiceField(
        label=_("Committee in charge"), queryset=_committees(), required=False
    )


class ConcludeTopicForm(Styled, forms.Form):
    concluded_on = _date(_("Concluded on"))
    conclusion = _text(_("Conclusion"))


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LegislativePlan.Kind.choices)

    class Meta:
        model = LegislativePlan
        fields = ["kind"]


class ProjectFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=ProjectStage.choices)
    area = django_filters.ChoiceFilter(label=_("Legislative area"), choices=LegislativeArea.choices)
    year = YearFilter(label=_("Year"))

    class Meta:
        model = LegislativeProject
        fields = ["stage", "area", "year"]


class TopicFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=ResearchTopic.State.choices)

    class Meta:
        model = ResearchTopic
        fields = ["year", "state"]
