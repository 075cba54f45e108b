import uuid

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import Organisation
from renda.deputies.models import Place
from renda.handling.models import EVALUATE_CHOICES, Case
from renda.opinions.models import Category, Channel, PublicOpinion


def _districts():
    return Organisation.objects.filter(kind=Organisation.Kind.DISTRICT, is_active=True)


def _handling_units():
    return Organisation.objects.filter(is_handling_unit=True, is_active=True).order_by("name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one input; the service checks their types and sizes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SubmitForm(Styled, forms.Form):
    """The citizen's form on the portal (and the base of the staff intake form)."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    text = forms.CharField(
        label=_("What is the matter?"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        max_length=4000,
    )
    district = forms.ModelChoiceField(
        label=_("District or county"), queryset=Organisation.objects.none(), required=False
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    photos = MultipleFileField(label=_("Photos (optional)"), required=False)
    submitter_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    submitter_phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()
        if not self.is_bound:
            # One token per form shown: pressing submit twice stores one opinion.
            self.initial["client_token"] = uuid.uuid4().hex


class IntakeForm(SubmitForm):
    """Staff at a station, or a deputy forwarding what they heard."""

    station = forms.ModelChoiceField(
        label=_("Raised at"), queryset=Place.objects.none(), required=False
    )
    submitter_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    submitter_id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Place.objects.filter(is_active=True).select_related(
            "district"
        )


class TrackForm(Styled, forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class EvaluateForm(Styled, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    result = forms.ChoiceField(
        label=_("Are you satisfied with the handling?"),
        choices=EVALUATE_CHOICES,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )


class AssignForm(Styled, forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Organisation.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("Assisting units"), queryset=Organisation.objects.none(), required=False
    )
    is_complex = forms.BooleanField(label=_("Complex (longer limit)"), required=False)
    complexity_reason = forms.CharField(label=_("Why complex"), required=False, max_length=500)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _handling_units()
        self.fields["assisting_units"].queryset = _handling_units()


class MergeForm(Styled, forms.Form):
    into = forms.CharField(label=_("Tracking code of the opinion to merge into"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class NoteForm(Styled, forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class ExportForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Reason for exporting personal data"), max_length=500)


class OpinionFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    channel = django_filters.ChoiceFilter(label=_("Submitted through"), choices=Channel.choices)
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=_districts())
    routing = django_filters.ChoiceFilter(label=_("Routing"), choices=PublicOpinion.Routing.choices)
    state = django_filters.ChoiceFilter(
        label=_("Handling"), field_name="case__state", choices=Case.State.choices
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="submitted_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )

    class Meta:
        model = PublicOpinion
        fields = ["category", "channel", "district", "routing", "state", "year"]
