"""Forms and list filters of the projects part of supervision (research, experts,
livelihood projects). Forms only validate input; services make the changes."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core import roles as R
from renda.core.forms import Styled
from renda.core.models import Deputy, Organisation, Person, Session, User
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    PlanItem,
    Recommendation,
    Research,
)

DATE = {"type": "date"}


def _units():
    return Organisation.objects.filter(is_handling_unit=True, is_active=True).order_by("code")


def _bodies():
    return Organisation.objects.filter(
        kind__in=[
            Organisation.Kind.SPECIAL_COMMITTEE,
            Organisation.Kind.WORKING_COMMITTEE,
            Organisation.Kind.OFFICE,
            Organisation.Kind.STANDING_COMMITTEE,
        ]
    ).order_by("code")


class EmptyForm(Styled, forms.Form):
    pass


class NoteForm(Styled, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


# --- research ------------------------------------------------------------------------------
class ResearchForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Research.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=2100)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_livelihood = forms.BooleanField(label=_("Livelihood topic"), required=False)
    plan_item = forms.ModelChoiceField(
        label=_("Plan item"),
        required=False,
        queryset=PlanItem.objects.filter(
            kind__in=[PlanItem.Kind.RESEARCH, PlanItem.Kind.INSPECTION_VISIT]
        ).select_related("plan"),
    )
    owner = forms.ModelChoiceField(label=_("In charge"), required=False, queryset=_bodies())
    leader = forms.ModelChoiceField(label=_("Group leader"), required=False, queryset=None)
    members = forms.ModelMultipleChoiceField(
        label=_("Group members"), required=False, queryset=None
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments concerned"), required=False, queryset=_units()
    )
    places = forms.CharField(
        label=_("Places visited (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(DATE)
    )
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(DATE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the group: people of the standing committee (members, leaders)
        people = Person.objects.filter(memberships__isnull=False).distinct().order_by("name")
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people


class ReportForm(Styled, forms.Form):
    findings = forms.CharField(
        label=_("Findings (report text)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    reported_on = forms.DateField(
        label=_("Reported on"), required=False, widget=forms.DateInput(DATE)
    )


class StartForm(Styled, forms.Form):
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(DATE)
    )


class AreaForm(Styled, forms.Form):
    title = forms.CharField(label=_("Area"), max_length=200)


class RecommendationForm(Styled, forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=None)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=_units()
    )

    def __init__(self, *args, research=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = research.areas.all() if research else None


class ResponseForm(Styled, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 4}))
    responded_on = forms.DateField(
        label=_("Responded on"), required=False, widget=forms.DateInput(DATE)
    )


class ImplementedForm(Styled, forms.Form):
    implemented_on = forms.DateField(
        label=_("Implemented on"), required=False, widget=forms.DateInput(DATE)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ResearchFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Research.Kind.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Research.State.choices)
    is_livelihood = django_filters.BooleanFilter(label=_("Livelihood topic"))

    class Meta:
        model = Research
        fields = ["year", "kind", "state", "is_livelihood"]


class RecommendationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Recommendation.State.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="area__research__year")

    class Meta:
        model = Recommendation
        fields = ["state", "year"]


# --- experts -------------------------------------------------------------------------------
class ExpertForm(Styled, forms.ModelForm):
    user = forms.ModelChoiceField(label=_("User account"), required=False, queryset=None)

    class Meta:
        model = Expert
        fields = [
            "name",
            "expertise",
            "affiliation",
            "title",
            "pool",
            "batch",
            "term_start",
            "term_end",
            "user",
        ]
        widgets = {"term_start": forms.DateInput(DATE), "term_end": forms.DateInput(DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(groups__name=R.EXPERT).order_by(
            "username"
        )
        self.fields["batch"].min_value = 1


class ConsultForm(Styled, forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("Subject"), choices=ConsultationRequest.SubjectKind.choices
    )
    subject = forms.CharField(label=_("Subject title"), max_length=300)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}))
    asked_on = forms.DateField(label=_("Asked on"), required=False, widget=forms.DateInput(DATE))
    due_on = forms.DateField(label=_("Opinion due"), required=False, widget=forms.DateInput(DATE))


class DismissForm(Styled, forms.Form):
    on = forms.DateField(
        label=_("Leaves the pool on"), required=False, widget=forms.DateInput(DATE)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class OpinionForm(Styled, forms.Form):
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6}))
    answered_on = forms.DateField(
        label=_("Answered on"), required=False, widget=forms.DateInput(DATE)
    )


class ExpertFilter(django_filters.FilterSet):
    pool = django_filters.ChoiceFilter(label=_("Pool"), choices=Expert.Pool.choices)
    batch = django_filters.NumberFilter(label=_("Batch"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Expert
        fields = ["pool", "batch", "is_active"]


class ConsultationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ConsultationRequest.State.choices)
    subject_kind = django_filters.ChoiceFilter(
        label=_("Subject"), choices=ConsultationRequest.SubjectKind.choices
    )

    class Meta:
        model = ConsultationRequest
        fields = ["state", "subject_kind"]


# --- livelihood projects -------------------------------------------------------------------
class ProjectForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target = forms.CharField(
        label=_("Target"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProjectEditForm(Styled, forms.Form):
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target = forms.CharField(
        label=_("Target"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProjectStartForm(Styled, forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=_units())
    started_on = forms.DateField(
        label=_("Started on"), required=False, widget=forms.DateInput(DATE)
    )


class MilestoneForm(Styled, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(DATE))


class MilestoneDoneForm(Styled, forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=None)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=forms.DateInput(DATE))

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = (
            project.milestones.filter(done_on__isnull=True) if project else None
        )


class ProgressForm(Styled, forms.Form):
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(
        label=_("Reported on"), required=False, widget=forms.DateInput(DATE)
    )


class InspectionForm(Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE))
    deputies = forms.ModelMultipleChoiceField(label=_("Deputies"), queryset=None)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(status=Deputy.Status.ACTIVE)
            .select_related("person")
            .order_by("code")
        )


class CompleteForm(Styled, forms.Form):
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput(DATE)
    )


class VoteForm(Styled, forms.Form):
    """Put the year's candidates to the deputies' selection vote."""

    session = forms.ModelChoiceField(
        label=_("Congress session"),
        queryset=Session.objects.filter(body=Session.Body.CONGRESS).select_related("term"),
    )
    held_on = forms.DateField(label=_("Date of the vote"), widget=forms.DateInput(DATE))
    places = forms.IntegerField(label=_("Projects to choose"), min_value=1, max_value=100)


class ProjectFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=LivelihoodProject.State.choices)

    class Meta:
        model = LivelihoodProject
        fields = ["year", "state"]
