"""Forms and list filters of the oversight pages. Forms only check the shape of the
input; the rules are in services_oversight.py."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.api_filters import YearFilter
from renda.core.forms import Styled
from renda.core.models import CommitteeMember, Organisation, Person, Session, Term
from renda.meetings.models import ChairMeeting
from renda.supervision.models import ChainState, Decision, PlanItem, SupervisionPlan, WorkReport

DATE = forms.DateInput(attrs={"type": "date"})


def _sessions():
    return Session.objects.filter(body=Session.Body.STANDING_COMMITTEE).select_related("term")


def _bodies():
    """Committee organs: special and working committees, the office."""
    return Organisation.objects.filter(
        kind__in=[
            Organisation.Kind.SPECIAL_COMMITTEE,
            Organisation.Kind.WORKING_COMMITTEE,
            Organisation.Kind.OFFICE,
            Organisation.Kind.STANDING_COMMITTEE,
        ]
    )


def _units():
    return Organisation.objects.filter(is_handling_unit=True, is_active=True)


def _text(label, rows=3, required=True, max_length=50000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class EmptyForm(forms.Form):
    pass


class PlanForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = _text(_("Text"), required=False)


class PlanItemForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    owner = forms.ModelChoiceField(label=_("In charge"), queryset=Organisation.objects.none())
    subject = forms.ModelChoiceField(
        label=_("Body supervised"), queryset=Organisation.objects.none(), required=False
    )
    planned_month = forms.IntegerField(label=_("Planned month"), min_value=1, max_value=12)
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False
    )
    notes = _text(_("Notes"), rows=2, required=False, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _bodies()
        self.fields["subject"].queryset = _units()
        self.fields["session"].queryset = _sessions()


class AdoptForm(Styled, forms.Form):
    chair_meeting = forms.ModelChoiceField(
        label=_("Chair meeting"), queryset=ChairMeeting.objects.select_related("term")
    )


class StartForm(Styled, forms.Form):
    category = forms.ChoiceField(
        label=_("Category (work reports)"),
        choices=WorkReport.Category.choices,
        initial=WorkReport.Category.SPECIAL_TOPIC,
    )
    law = forms.CharField(label=_("Law inspected (inspections)"), max_length=200, required=False)
    regulation = forms.CharField(
        label=_("Local regulation inspected"), max_length=200, required=False
    )


class WorkReportForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=WorkReport.Category.choices)
    reporting_body = forms.ModelChoiceField(
        label=_("Reporting body"), queryset=Organisation.objects.none()
    )
    owner = forms.ModelChoiceField(
        label=_("In charge"), queryset=Organisation.objects.none(), required=False
    )
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_body"].queryset = _units()
        self.fields["owner"].queryset = _bodies()
        self.fields["session"].queryset = _sessions()


class DocumentsForm(Styled, forms.Form):
    draft_received_on = forms.DateField(label=_("Draft received on"), required=False, widget=DATE)
    final_received_on = forms.DateField(
        label=_("Final version received on"), required=False, widget=DATE
    )
    sent_to_members_on = forms.DateField(
        label=_("Sent to the members on"), required=False, widget=DATE
    )


class DeliberateForm(Styled, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )
    summary = _text(_("Deliberation"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions()


class OpinionsForm(Styled, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Sent to"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Empty: the reporting body (or the body supervised)."),
    )
    text = _text(_("Opinions"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _units()


class AssessForm(Styled, forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments assessed"), queryset=Organisation.objects.none()
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = _units()
        self.fields["session"].queryset = _sessions()


class InquiryForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    title = forms.CharField(label=_("Topic"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("In charge"), queryset=Organisation.objects.none(), required=False
    )
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments questioned"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _bodies()
        self.fields["session"].queryset = _sessions()
        self.fields["departments"].queryset = _units()


class QuestionForm(Styled, forms.Form):
    asked_by = forms.ModelChoiceField(label=_("Asked by"), queryset=CommitteeMember.objects.none())
    department = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Organisation.objects.none()
    )
    question = _text(_("Question"))
    answered_by = forms.CharField(label=_("Answered by"), max_length=200, required=False)
    answer = _text(_("Answer"), required=False)

    def __init__(self, *args, inquiry=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inquiry is not None:
            self.fields["asked_by"].queryset = CommitteeMember.objects.filter(
                term_id=inquiry.term_id
            ).select_related("person")
            self.fields["asked_by"].label_from_instance = lambda m: m.person.name
            self.fields["department"].queryset = inquiry.departments.all()


class InspectionForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    title = forms.CharField(label=_("Title"), max_length=300)
    law = forms.CharField(label=_("Law inspected"), max_length=200)
    regulation = forms.CharField(
        label=_("Local regulation inspected"), max_length=200, required=False
    )
    owner = forms.ModelChoiceField(
        label=_("In charge"), queryset=Organisation.objects.none(), required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Body supervised"), queryset=Organisation.objects.none(), required=False
    )
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _bodies()
        self.fields["subject"].queryset = _units()
        self.fields["session"].queryset = _sessions()


class GroupForm(Styled, forms.Form):
    leader = forms.ModelChoiceField(label=_("Group leader"), queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("Group members"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(memberships__term=term).distinct() if term else None
        people = people if people is not None else Person.objects.none()
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people


class VisitForm(Styled, forms.Form):
    place = forms.CharField(label=_("Place"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    notes = _text(_("What was seen"), rows=2, required=False, max_length=20000)


class ReportForm(Styled, forms.Form):
    findings = _text(_("Report findings"), rows=6, max_length=100000)
    questionnaires = forms.IntegerField(
        label=_("Questionnaires returned"), min_value=0, max_value=10_000_000, initial=0
    )
    third_party = forms.CharField(label=_("Third-party evaluator"), max_length=200, required=False)
    evaluation = _text(_("Evaluation findings"), rows=3, required=False)


class DecisionForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = _text(_("Text"), rows=8, max_length=200000)
    proposed_by = forms.CharField(label=_("Proposed by"), max_length=200, required=False)
    session = forms.ModelChoiceField(
        label=_("Committee session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions()


class VoteForm(Styled, forms.Form):
    held_on = forms.DateField(label=_("Date of the vote"), widget=DATE)


class FollowUpForm(Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    body = forms.ModelChoiceField(
        label=_("By"), queryset=Organisation.objects.none(), required=False
    )
    text = _text(_("What was done"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organisation.objects.all()


# --- list filters ---------------------------------------------------------------------------
class ChainFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ChainState.choices)
    year = YearFilter(label=_("Year deliberated"), field_name="deliberated_on", lookup_expr="year")


class WorkReportFilter(ChainFilter):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=WorkReport.Category.choices)

    class Meta:
        model = WorkReport
        fields = ["state", "category", "year"]


class DecisionFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Decision.State.choices)
    year = YearFilter(label=_("Year adopted"), field_name="adopted_on", lookup_expr="year")

    class Meta:
        model = Decision
        fields = ["state", "year"]


class PlanFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"), field_name="year")

    class Meta:
        model = SupervisionPlan
        fields = ["year"]
