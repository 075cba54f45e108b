import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import Deputy, Organisation, Session
from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay
from renda.deputies.services import MAX_VISITORS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


MAX_ID = 2**63 - 1


class DeputyChoices(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # an id beyond the database's integers is simply not a choice (never a 500)
        for key in value:
            if not str(key).isdigit() or not 0 < int(key) <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(key)[:20]},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.delegation.name}）"


class DeputyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.delegation.name}，{obj.code}）"


def serving_deputies():
    return (
        Deputy.objects.filter(status=Deputy.Status.ACTIVE)
        .select_related("person", "delegation")
        .order_by("delegation__code", "code")
    )


class PlaceForm(Styled, forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "kind",
            "name",
            "code",
            "district",
            "township",
            "industrial_chain",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "contact_person",
            "contact_phone",
            "established_on",
            "is_active",
        ]
        widgets = {"established_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Left empty, a code is given automatically.")
        self.fields["district"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.DISTRICT
        ).order_by("code")
        self.fields["township"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.TOWNSHIP
        ).order_by("code")


class AttachForm(Styled, forms.Form):
    deputies = DeputyChoices(label=_("Deputies to attach"), queryset=Deputy.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = serving_deputies()
        if place is not None:
            qs = qs.exclude(places=place)
        self.fields["deputies"].queryset = qs


class ReceptionDayForm(Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("From"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    deputies = DeputyChoices(label=_("Deputies on duty"), queryset=Deputy.objects.none())
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = place.deputies.select_related(
            "person", "delegation"
        ).order_by("code")


class HeldForm(Styled, forms.Form):
    visitors = forms.IntegerField(label=_("Visitors received"), min_value=0, max_value=MAX_VISITORS)
    deputies = DeputyChoices(
        label=_("Deputies who received the public"), queryset=Deputy.objects.none()
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, day: ReceptionDay, **kwargs):
        kwargs.setdefault("initial", {"deputies": list(day.deputies.all())})
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(Q(places=day.place) | Q(reception_days=day))
            .select_related("person", "delegation")
            .order_by("code")
            .distinct()
        )


class CancelForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class ActivityForm(Styled, forms.ModelForm):
    deputies = DeputyChoices(label=_("Deputies"), queryset=Deputy.objects.none(), required=False)

    class Meta:
        model = DutyActivity
        fields = ["kind", "title", "date", "place", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, for_others: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Receptions are recorded with their reception day.
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] != DutyActivity.Kind.RECEPTION
        ]
        self.fields["place"].queryset = Place.objects.filter(is_active=True).order_by(
            "kind", "code"
        )
        if for_others:
            self.fields["deputies"].queryset = serving_deputies()
            self.fields["deputies"].required = True
        else:
            del self.fields["deputies"]


class AbsenceForm(Styled, forms.Form):
    deputy = DeputyChoice(label=_("Deputy"), queryset=Deputy.objects.none())
    session = forms.ModelChoiceField(label=_("Congress session"), queryset=Session.objects.none())
    approved_leave = forms.BooleanField(label=_("Leave approved"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.select_related(
            "person", "delegation"
        ).order_by("-term__number", "delegation__code", "code")
        self.fields["session"].queryset = Session.objects.filter(
            body=Session.Body.CONGRESS
        ).select_related("term")


# --- list filters ---
def _districts(request=None):
    return Organisation.objects.filter(kind=Organisation.Kind.DISTRICT).order_by("code")


class PlaceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Place.Kind.choices)
    district = django_filters.ModelChoiceFilter(label=_("District or county"), queryset=_districts)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Place
        fields = ["kind", "district", "is_active"]


class ReceptionDayFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReceptionDay.State.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of place"), field_name="place__kind", choices=Place.Kind.choices
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District or county"), field_name="place__district", queryset=_districts
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = ReceptionDay
        fields = ["state", "kind", "district", "date_from", "date_to"]


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DutyActivity.Kind.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = DutyActivity
        fields = ["kind", "date_from", "date_to"]


class AbsenceFilter(django_filters.FilterSet):
    approved_leave = django_filters.BooleanFilter(label=_("Leave approved"))
    session = django_filters.ModelChoiceFilter(
        label=_("Congress session"),
        queryset=lambda request: Session.objects.filter(body=Session.Body.CONGRESS).select_related(
            "term"
        ),
    )

    class Meta:
        model = CongressAbsence
        fields = ["approved_leave", "session"]
