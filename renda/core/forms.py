import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renda.core.models import Deputy, Organisation, Person


def style_form(form):
    """Bootstrap classes on every widget, so templates can render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.NullBooleanSelect):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
    return form


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has
    one, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class PersonForm(Styled, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "gender", "ethnicity", "birth_date", "party", "mobile", "email"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}


class DeputyForm(Styled, forms.ModelForm):
    class Meta:
        model = Deputy
        fields = [
            "code",
            "term",
            "delegation",
            "constituency",
            "sector",
            "occupation",
            "address",
            "status",
            "mandate_ended_on",
        ]
        widgets = {"mandate_ended_on": forms.DateInput(attrs={"type": "date"})}


class OrganisationForm(Styled, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "is_handling_unit",
            "contact_person",
            "contact_phone",
            "address",
            "is_active",
        ]


class NoteForm(Styled, forms.Form):
    note = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)


class RuleSettingForm(Styled, forms.Form):
    value = forms.CharField(label=_("Value"), max_length=200)
    note = forms.CharField(label=_("Reason for the change"), max_length=500)


class CalendarYearForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label=_("Public holidays"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One date or range per line, e.g. 2027-01-01 or 2027-02-05..2027-02-11"),
    )
    workdays = forms.CharField(
        label=_("Adjusted working days (weekend days worked)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    note = forms.CharField(label=_("Source (State Council notice)"), max_length=500)


class ImportForm(Styled, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        return uploaded


class DeputyFilter(django_filters.FilterSet):
    delegation = django_filters.ModelChoiceFilter(
        label=_("Delegation"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DELEGATION),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Deputy.Status.choices)
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Deputy.Sector.choices)

    class Meta:
        model = Deputy
        fields = ["delegation", "status", "sector"]


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    is_handling_unit = django_filters.BooleanFilter(label=_("Handles items"))

    class Meta:
        model = Organisation
        fields = ["kind", "is_handling_unit"]


class AuditFilter(django_filters.FilterSet):
    verb = django_filters.CharFilter(label=_("Action"), lookup_expr="icontains")
    actor_name = django_filters.CharFilter(label=_("Actor"), lookup_expr="icontains")
    created_after = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_before = django_filters.DateFilter(
        label=_("Until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
