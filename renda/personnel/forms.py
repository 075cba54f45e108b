import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.api_filters import YearFilter
from renda.core.forms import Styled
from renda.core.models import Organisation, Person, Session
from renda.personnel.models import AppointmentBill, AppointmentItem, Nominator, OathCeremony


class BillForm(Styled, forms.ModelForm):
    class Meta:
        model = AppointmentBill
        fields = [
            "term",
            "session",
            "title",
            "nominator",
            "nominating_organisation",
            "submitted_on",
            "grouping",
            "note",
        ]
        widgets = {
            "submitted_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            body=Session.Body.STANDING_COMMITTEE
        ).select_related("term")
        self.fields["nominating_organisation"].queryset = Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.GOVERNMENT,
                Organisation.Kind.HANDLING_UNIT,
                Organisation.Kind.STANDING_COMMITTEE,
            ]
        )


class ItemForm(Styled, forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=AppointmentItem.Action.choices)
    person_name = forms.CharField(label=_("Full name"), max_length=60)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    post = forms.CharField(label=_("Post"), max_length=200)
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DateForm(Styled, forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class StatementForm(Styled, forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VoteForm(Styled, forms.Form):
    held_on = forms.DateField(
        label=_("Date of the vote"), widget=forms.DateInput(attrs={"type": "date"})
    )


class EmptyForm(forms.Form):
    pass


class CeremonyForm(Styled, forms.ModelForm):
    items = forms.ModelMultipleChoiceField(
        label=_("People sworn"),
        queryset=AppointmentItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OathCeremony
        fields = ["held_on", "place", "session", "presided_by", "note"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            body=Session.Body.STANDING_COMMITTEE
        ).select_related("term")
        self.fields["items"].queryset = (
            AppointmentItem.objects.filter(state=AppointmentItem.State.CERTIFIED)
            .select_related("person")
            .order_by("decided_on", "pk")
        )
        self.fields["items"].label_from_instance = lambda i: f"{i.person.name} {i.post}"
        self.fields["items"].widget.attrs["class"] = "form-check-input"


class BillFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.filter(body=Session.Body.STANDING_COMMITTEE).select_related(
            "term"
        ),
    )
    nominator = django_filters.ChoiceFilter(label=_("Nominated by"), choices=Nominator.choices)

    class Meta:
        model = AppointmentBill
        fields = ["session", "nominator"]


class ItemFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AppointmentItem.Action.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=AppointmentItem.State.choices)
    year = YearFilter(label=_("Year decided"), field_name="decided_on", lookup_expr="year")
    oath_pending = django_filters.BooleanFilter(
        label=_("Oath pending"), method="filter_oath_pending"
    )

    class Meta:
        model = AppointmentItem
        fields = ["action", "state", "year"]

    def filter_oath_pending(self, queryset, name, value):
        pending = {
            "action": AppointmentItem.Action.APPOINT,
            "state__in": [AppointmentItem.State.PASSED, AppointmentItem.State.CERTIFIED],
        }
        return queryset.filter(**pending) if value else queryset.exclude(**pending)
